//! `simulate` on the default preset at each report detail level, parsing
//! alone, and a 10-year scenario of 100,000 events.
//!
//! `cargo bench -p billsim-core --bench simulate`
//!
//! With `--json` the binary is the native arm of `make bench` (bench/run.py)
//! instead of a criterion run, and prints JSON lines:
//!
//! - `simulate --json write DIR` writes the scenario texts every front end
//!   times (`default.json`, `decade.json`, `million.json`);
//! - `simulate --json run NAME FILE BUDGET_S MAX_SAMPLES` times parse, the
//!   engine (Scenario → Report, full and monthly detail) and text → text
//!   (`simulate_json`, what the WASM and Python front ends call) on that
//!   file, and writes the canonical report next to it (`NAME.report.json`)
//!   so the driver can check every front end returns the same bytes;
//! - `simulate --json once NAME FILE text|engine` runs the file once, text →
//!   text or text → Report, in a fresh process, for a clean peak-memory figure.

#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use billsim_core::{parse_scenario, presets, simulate, simulate_json, Detail, Options};
use criterion::{criterion_group, Criterion};

/// Events that set the decade up: a subscription, 3 TB of storage, a
/// pre-paid pack and ten yearly Open POs.
const SETUP_EVENTS: usize = 13;

/// Ten years of one domain with `total` events in all: compute charges
/// spread over the decade on top of the setup events, so daily storage, a
/// pre-paid pack, yearly Open POs and post-paid all take part.
fn decade(total: usize) -> String {
    let mut events = vec![
        r#"{"at":"2026-01-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2035-12-31"}"#.to_string(),
        r#"{"at":"2026-01-01","type":"storage","tenant":"lab","tb":"3"}"#.to_string(),
        r#"{"at":"2026-01-01T01:00","type":"prepaid","tenant":"lab","amount":"50000"}"#.to_string(),
    ];
    for y in 2026..2036 {
        events.push(format!(r#"{{"at":"{y}-01-02","type":"open_po","tenant":"lab","amount":"20000","expires":"{y}-12-31"}}"#));
    }
    assert_eq!(events.len(), SETUP_EVENTS);
    for i in 0..(total - SETUP_EVENTS) as u32 {
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
    let big = decade(100_000);
    let big_sc = parse_scenario(&big).unwrap_or_else(|e| panic!("{e}"));
    g.sample_size(10);
    g.bench_function("decade_100k_events_full", |b| b.iter(|| simulate(big_sc.clone(), &Options::default())));
    g.bench_function("decade_100k_events_summary", |b| b.iter(|| simulate(big_sc.clone(), &Options { detail: Detail::Summary })));
    g.finish();
}

criterion_group!(benches, bench);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|a| a == "--json") {
        json_mode(&args[at + 1..]);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}

// ---- the `make bench` arm --------------------------------------------------------

fn json_mode(args: &[String]) {
    match args.first().map(String::as_str) {
        Some("write") => {
            let dir = std::path::Path::new(&args[1]);
            std::fs::create_dir_all(dir).unwrap();
            std::fs::write(dir.join("default.json"), presets::DEFAULT).unwrap();
            std::fs::write(dir.join("decade.json"), decade(100_000)).unwrap();
            std::fs::write(dir.join("million.json"), decade(1_000_000)).unwrap();
            println!(r#"{{"wrote":"{}"}}"#, dir.display());
        }
        Some("run") => {
            let (name, file) = (&args[1], &args[2]);
            let budget = Duration::from_secs_f64(args[3].parse().unwrap());
            let max_samples: usize = args[4].parse().unwrap();
            run_case(name, file, budget, max_samples);
        }
        Some("once") => {
            let (name, file, mode) = (&args[1], &args[2], args[3].as_str());
            let t = Instant::now();
            let text = std::fs::read_to_string(file).unwrap();
            let rows = match mode {
                "text" => simulate_json(&text, "").unwrap().len(),
                "engine" => simulate(parse_scenario(&text).unwrap(), &Options::default()).unwrap().ledger.len(),
                _ => panic!("mode is text or engine"),
            };
            println!(r#"{{"front":"native","case":"{name}","once":"{mode}","size":{rows},"seconds":{:.3}}}"#, t.elapsed().as_secs_f64());
        }
        _ => panic!("usage: simulate --json write DIR | run NAME FILE BUDGET_S MAX_SAMPLES | once NAME FILE text|engine"),
    }
}

/// Times `f` in samples of `inner` calls each, after a warm-up of at least
/// 0.5 s of calls (one call if a call takes over a second); `inner` is chosen
/// so a sample lasts at least 20 ms. Samples are taken until `budget` is
/// spent or `max_samples` taken (at least 3). `setup` makes each call's input
/// outside the timed region. Returns nanoseconds per call, one per sample.
fn measure<I, O>(budget: Duration, max_samples: usize, mut setup: impl FnMut() -> I, mut f: impl FnMut(I) -> O) -> Vec<f64> {
    let warm = Instant::now();
    let mut last;
    loop {
        let input = setup();
        let t = Instant::now();
        black_box(f(input));
        last = t.elapsed();
        if warm.elapsed() >= Duration::from_millis(500) || last >= Duration::from_secs(1) {
            break;
        }
    }
    let inner = (Duration::from_millis(20).as_nanos() / last.as_nanos().max(1)).max(1) as usize;
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < max_samples && (samples.len() < 3 || start.elapsed() < budget) {
        let inputs: Vec<I> = (0..inner).map(|_| setup()).collect();
        let t = Instant::now();
        for input in inputs {
            black_box(f(input));
        }
        samples.push(t.elapsed().as_nanos() as f64 / inner as f64);
    }
    samples
}

fn list(xs: &[f64]) -> String {
    xs.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(",")
}

fn run_case(name: &str, file: &str, budget: Duration, max_samples: usize) {
    let text = std::fs::read_to_string(file).unwrap();
    let sc = parse_scenario(&text).unwrap_or_else(|e| panic!("{e}"));
    let events = sc.events.len();
    let full = Options { detail: Detail::Full };
    const FULL: &str = r#"{"detail":"full"}"#;
    let monthly = Options { detail: Detail::Monthly };
    let report = simulate(sc.clone(), &full).unwrap_or_else(|e| panic!("{e}"));
    let rows = report.ledger.len();
    let canonical = report.to_json();
    drop(report);
    assert_eq!(canonical, simulate_json(&text, FULL).unwrap(), "simulate_json and simulate disagree");
    let out = std::path::Path::new(file).with_file_name(format!("{name}.report.json"));
    std::fs::write(&out, &canonical).unwrap();
    let report_bytes = canonical.len();
    drop(canonical);

    let parse = measure(budget, max_samples, || (), |()| parse_scenario(&text).unwrap());
    let engine_full = measure(budget, max_samples, || sc.clone(), |s| simulate(s, &full).unwrap());
    let engine_monthly = measure(budget, max_samples, || sc.clone(), |s| simulate(s, &monthly).unwrap());
    let text_to_text = measure(budget, max_samples, || (), |()| simulate_json(&text, FULL).unwrap());
    println!(
        r#"{{"front":"native","case":"{name}","events":{events},"rows":{rows},"report_bytes":{report_bytes},"report_file":"{}","measures":{{"parse":[{}],"engine_full":[{}],"engine_monthly":[{}],"text_to_text":[{}]}}}}"#,
        out.display(),
        list(&parse),
        list(&engine_full),
        list(&engine_monthly),
        list(&text_to_text)
    );
}
