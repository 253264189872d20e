//! `simulate` on the default preset at each report detail level, parsing
//! alone, and a 10-year scenario of 100,000 events.
//!
//! `cargo bench -p billsim-core --bench simulate`

#![allow(clippy::panic)]

use billsim_core::{parse_scenario, presets, simulate, Detail, Options};
use criterion::{criterion_group, criterion_main, Criterion};

/// Ten years of one domain: 100,000 compute charges spread over the decade,
/// daily storage, a pre-paid pack and yearly Open POs.
fn decade() -> String {
    let mut events = vec![
        r#"{"at":"2026-01-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2035-12-31"}"#.to_string(),
        r#"{"at":"2026-01-01","type":"storage","tenant":"lab","tb":"3"}"#.to_string(),
        r#"{"at":"2026-01-01T01:00","type":"prepaid","tenant":"lab","amount":"50000"}"#.to_string(),
    ];
    for y in 2026..2036 {
        events.push(format!(r#"{{"at":"{y}-01-02","type":"open_po","tenant":"lab","amount":"20000","expires":"{y}-12-31"}}"#));
    }
    for i in 0..100_000u32 {
        let day = i % 3650;
        let (y, d) = (2026 + day / 365, day % 365);
        let (m, dd) = (d / 31 + 1, d % 28 + 1);
        events.push(format!(
            r#"{{"at":"{y}-{m:02}-{dd:02}T{:02}:{:02}","type":"charge","tenant":"lab","usage_type":"compute","amount":"{}.{:02}"}}"#,
            i % 24,
            i % 60,
            i % 9,
            i % 100
        ));
    }
    format!(r#"{{"start":"2026-01-01","until":"2035-12-31","tenants":[{{"id":"lab"}}],"events":[{}]}}"#, events.join(","))
}

fn bench(c: &mut Criterion) {
    let sc = parse_scenario(presets::DEFAULT).unwrap_or_else(|e| panic!("{e}"));
    let mut g = c.benchmark_group("simulate");
    for detail in [Detail::Summary, Detail::Monthly, Detail::Full] {
        g.bench_function(format!("default_{detail:?}").to_lowercase(), |b| {
            b.iter(|| simulate(sc.clone(), &Options { detail }))
        });
    }
    g.bench_function("default_parse", |b| b.iter(|| parse_scenario(presets::DEFAULT)));
    let big = decade();
    let big_sc = parse_scenario(&big).unwrap_or_else(|e| panic!("{e}"));
    g.sample_size(10);
    g.bench_function("decade_100k_events_full", |b| b.iter(|| simulate(big_sc.clone(), &Options::default())));
    g.bench_function("decade_100k_events_summary", |b| b.iter(|| simulate(big_sc.clone(), &Options { detail: Detail::Summary })));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
