//! Monte Carlo throughput: 10,000 paths of a year of daily stochastic usage
//! (the issue's target: under a second on a 2-core machine, natively).
//!
//! `cargo bench -p billsim-core --bench montecarlo`
//!
//! `montecarlo --json RUNS THREADS SAMPLES` is the native Monte Carlo arm of
//! `make bench` (bench/run.py): `montecarlo::run` on the default preset (a
//! year of daily stochastic usage), RUNS paths on THREADS threads, timed
//! SAMPLES times after a warm-up; prints one JSON line of seconds per run.

#![allow(clippy::panic)]

use billsim_core::{montecarlo, parse_scenario, presets, Scenario};
use criterion::{criterion_group, Criterion};

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

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--json") {
        let num = |i: usize| -> u64 { args.get(at + i).and_then(|a| a.parse().ok()).unwrap_or_else(|| panic!("usage: montecarlo --json RUNS THREADS SAMPLES")) };
        let (runs, threads, samples) = (num(1) as u32, num(2) as usize, num(3) as usize);
        let sc = parse_scenario(presets::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
        std::hint::black_box(montecarlo::run(&sc, (runs / 20).max(1), 1, threads).unwrap_or_else(|e| panic!("{e}")));
        let seconds: Vec<String> = (0..samples)
            .map(|_| {
                let t = std::time::Instant::now();
                let d = montecarlo::run(&sc, runs, 1, threads).unwrap_or_else(|e| panic!("{e}"));
                let s = t.elapsed().as_secs_f64();
                assert_eq!(d.runs, runs);
                format!("{s:.4}")
            })
            .collect();
        println!(r#"{{"bench":"montecarlo","scenario":"default","runs":{runs},"threads":{threads},"seconds":[{}]}}"#, seconds.join(","));
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
