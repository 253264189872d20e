//! Monte Carlo throughput: 10,000 paths of a year of daily stochastic usage
//! (the issue's target: under a second on a 2-core machine, natively).
//!
//! `cargo bench -p billsim-core --bench montecarlo`

#![allow(clippy::panic)]

use billsim_core::{montecarlo, parse_scenario, Scenario};
use criterion::{criterion_group, criterion_main, Criterion};

/// One ICA domain for 12 months: a pre-paid pack, an Open PO, a WGS cohort,
/// Poisson exome runs, lognormal daily compute, bursts and storage growth.
fn year() -> Scenario {
    parse_scenario(
        r#"{"start":"2026-03-01","until":"2027-02-28","seed":7,
        "tenants":[{"id":"lab"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2027-02-28"},
                  {"at":"2026-03-01T09:00","type":"prepaid","tenant":"lab","amount":"10000","id":"pack"},
                  {"at":"2026-06-15T09:00","type":"open_po","tenant":"lab","amount":"5000","expires":"2026-09-30","id":"po"}],
        "usage":[
          {"type":"cohort","tenant":"lab","assay":"wgs_30x","samples_per_week":"20","every":"day","weekdays_only":true,"from":"2026-03-02","to":"2027-02-26"},
          {"type":"poisson","tenant":"lab","mean":"5","assay":"exome","weekdays_only":true,"from":"2026-03-02","to":"2027-02-26"},
          {"type":"random_amount","tenant":"lab","mean":"18","sd":"9","from":"2026-03-01","to":"2027-02-28"},
          {"type":"bursts","tenant":"lab","probability":"0.03","days":3,"amount":"120","sd":"40","from":"2026-03-01","to":"2027-02-28"},
          {"type":"storage_growth","tenant":"lab","initial_tb":"1.7","tb_per_month":"0.3","from":"2026-03-01","to":"2027-02-01"}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn bench(c: &mut Criterion) {
    let sc = year();
    let mut g = c.benchmark_group("monte_carlo");
    g.sample_size(10);
    g.bench_function("10k_paths_12_months_all_cores", |b| b.iter(|| montecarlo::run(&sc, 10_000, 1, 0)));
    g.bench_function("1k_paths_12_months_one_thread", |b| b.iter(|| montecarlo::run(&sc, 1_000, 1, 1)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
