//! Monte Carlo: thread-count independence, exact quantiles of known paths,
//! statistical sanity and limits.

// Tests may unwrap and panic: a failure is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::ops::ControlFlow;

use billsim_core::montecarlo::{self, Options};
use billsim_core::{parse_scenario, Scenario};
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// March–April 2026, one ICA domain with 1,000 pre-paid iCredits and
/// Poisson(mean) runs a day at 7 iCredits each.
fn poisson_scenario(mean: &str) -> Scenario {
    parse_scenario(&format!(
        r#"{{"start":"2026-03-01","until":"2026-04-30","seed":1,
        "tenants":[{{"id":"lab"}}],
        "events":[{{"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-12-31"}},
                  {{"at":"2026-03-01","type":"prepaid","tenant":"lab","amount":"1000","id":"pack"}}],
        "usage":[{{"type":"poisson","tenant":"lab","mean":"{mean}","amount":"7","from":"2026-03-01","to":"2026-04-30"}}]}}"#
    ))
    .unwrap()
}

#[test]
fn same_seed_same_result_whatever_the_threads() {
    let sc = poisson_scenario("3");
    let opts = |threads| Options { runs: 300, seed: 99, threads, paths: true, ..Options::default() };
    let one = montecarlo::run_with(&sc, &opts(1), &mut |_, _| ControlFlow::Continue(())).unwrap();
    let two = montecarlo::run_with(&sc, &opts(2), &mut |_, _| ControlFlow::Continue(())).unwrap();
    let many = montecarlo::run_with(&sc, &opts(7), &mut |_, _| ControlFlow::Continue(())).unwrap();
    assert_eq!(one, two);
    assert_eq!(one, many);
    assert_eq!(one.to_json(), two.to_json());
    // A different master seed gives different paths.
    let other = montecarlo::run(&sc, 300, 100, 2).unwrap();
    assert_ne!(one.charged, other.charged);
}

#[test]
fn path_i_is_the_scenario_run_with_its_path_seed() {
    // A path equals a plain simulation of the scenario whose seed is path_seed(seed, i).
    let sc = poisson_scenario("3");
    let d = montecarlo::run_with(&sc, &Options { runs: 5, seed: 4, paths: true, ..Options::default() }, &mut |_, _| ControlFlow::Continue(())).unwrap();
    let paths = d.paths.unwrap();
    for p in &paths {
        assert_eq!(p.seed, montecarlo::path_seed(4, p.path));
        let again = montecarlo::run_path(&sc, 4, p.path).unwrap();
        assert_eq!(&again, p);
    }
}

#[test]
fn path_seeds_are_exact_javascript_numbers_and_distinct() {
    // 53 bits: a seed read back by JSON.parse re-runs the same path.
    let seeds: std::collections::BTreeSet<u64> = (0..10_000).map(|i| montecarlo::path_seed(u64::MAX, i)).collect();
    assert_eq!(seeds.len(), 10_000);
    assert!(seeds.iter().all(|&s| s < 1 << 53));
    // The top bit is used: the seeds spread over the whole range.
    assert!(seeds.iter().any(|&s| s >= 1 << 52));
}

#[test]
fn deterministic_scenario_has_degenerate_quantiles() {
    // No stochastic profile: every path is the seed002_prepaid run, whose
    // March invoice is 31 × 50 − 1,000 = 550 and whose pack runs out on 20 March.
    let sc = parse_scenario(billsim_core::presets::get("seed002_prepaid").unwrap()).unwrap();
    let dist = montecarlo::run(&sc, 20, 1, 2).unwrap();
    for q in ["p5", "p50", "p95"] {
        assert_eq!(dist.charged.quantiles.get(q).unwrap().0, d("1550"));
        assert_eq!(dist.postpaid.quantiles.get(q).unwrap().0, d("550"));
        assert_eq!(dist.invoices_by_month["2026-03"].quantiles.get(q).unwrap().0, d("550"));
    }
    assert_eq!(dist.charged.mean.0, d("1550"));
    let dep = &dist.depletion[0];
    assert_eq!(dep.key, "coreseqinc.Illumina.com/prepaid-march");
    assert_eq!(dep.share.0, Decimal::ONE);
    assert_eq!(dep.quantiles.get("p50").unwrap().unwrap().to_string(), "2026-03-20T12:00Z");
}

#[test]
fn poisson_spend_matches_the_analytic_mean() {
    // 61 days × Poisson(3) × 7 iCredits: mean 1,281, sd √(61 × 3) × 7 ≈ 94.7.
    // Over 2,000 paths the mean is within 5 standard errors (5 × 94.7/√2000 ≈ 10.6),
    // and the median within 3 %.
    let sc = poisson_scenario("3");
    let dist = montecarlo::run_with(&sc, &Options { runs: 2000, seed: 5, paths: true, ..Options::default() }, &mut |_, _| ControlFlow::Continue(())).unwrap();
    let mean = dist.charged.mean.0;
    assert!((mean - d("1281")).abs() < d("10.6"), "{mean}");
    let p50 = dist.charged.quantiles.get("p50").unwrap().0;
    assert!((p50 - d("1281")).abs() < d("38"), "{p50}");
    let (p5, p95) = (dist.charged.quantiles.get("p5").unwrap().0, dist.charged.quantiles.get("p95").unwrap().0);
    // ±1.645 sd ≈ ±156: generous bounds.
    assert!(p5 > d("1080") && p5 < d("1180"), "{p5}");
    assert!(p95 > d("1380") && p95 < d("1480"), "{p95}");
    // Conservation on every path: spend = pre-funded + post-paid, and the
    // pack pays for everything up to its 1,000.
    for p in dist.paths.as_ref().unwrap() {
        assert_eq!(p.charged.0, p.prefunded.0 + p.postpaid.0, "path {}", p.path);
        assert_eq!(p.prefunded.0, p.charged.0.min(d("1000")), "path {}", p.path);
    }
    // The pack (1,000 at ~21 a day) runs out in mid-April on nearly every
    // path: spending under 1,000 in 61 days is 2.97 sd below the mean (0.15%).
    let dep = &dist.depletion[0];
    assert!(dep.share.0 >= d("0.99"), "{}", dep.share.0);
    let p50 = dep.quantiles.get("p50").unwrap().unwrap().day().to_string();
    assert!(p50.as_str() >= "2026-04-12" && p50.as_str() <= "2026-04-20", "{p50}");
}

#[test]
fn exact_quantiles_are_nearest_rank() {
    // 4 paths of a scenario with a Poisson profile: the p50 is the 2nd smallest
    // of the 4 path totals (nearest rank: ceil(0.5 × 4) = 2), p5 the smallest,
    // p95 the largest, p100 the largest.
    let sc = poisson_scenario("2");
    let opts = Options { runs: 4, seed: 3, paths: true, quantiles: vec![billsim_core::money::Amount(d("0.05")), billsim_core::money::Amount(d("0.5")), billsim_core::money::Amount(d("0.95")), billsim_core::money::Amount(d("1"))], ..Options::default() };
    let dist = montecarlo::run_with(&sc, &opts, &mut |_, _| ControlFlow::Continue(())).unwrap();
    let mut totals: Vec<Decimal> = dist.paths.as_ref().unwrap().iter().map(|p| p.charged.0).collect();
    totals.sort();
    assert_eq!(dist.charged.quantiles.get("p5").unwrap().0, totals[0]);
    assert_eq!(dist.charged.quantiles.get("p50").unwrap().0, totals[1]);
    assert_eq!(dist.charged.quantiles.get("p95").unwrap().0, totals[3]);
    assert_eq!(dist.charged.quantiles.get("p100").unwrap().0, totals[3]);
    assert_eq!(dist.charged.mean.0, (totals.iter().sum::<Decimal>() / Decimal::from(4)).round_dp(12).normalize());
    let json = dist.to_json();
    assert!(json.contains(r#""quantiles":{"p5":"#), "{json}");
}

#[test]
fn progress_reaches_the_total_on_the_calling_thread() {
    let sc = poisson_scenario("1");
    let caller = std::thread::current().id();
    let mut seen = Vec::new();
    montecarlo::run_with(&sc, &Options { runs: 50, seed: 1, threads: 2, ..Options::default() }, &mut |done, total| {
        assert_eq!(std::thread::current().id(), caller);
        seen.push((done, total));
        ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(seen.last(), Some(&(50, 50)));
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
}

#[test]
fn a_break_from_progress_stops_the_run() {
    // 100,000 paths would take seconds; the run stops after the first report past 100.
    let sc = poisson_scenario("1");
    let mut last = 0;
    let err = montecarlo::run_with(&sc, &Options { runs: 100_000, seed: 1, threads: 2, ..Options::default() }, &mut |done, _| {
        last = done;
        if done >= 100 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
    })
    .unwrap_err();
    assert_eq!(err.code().as_str(), "cancelled");
    assert!((100..1000).contains(&last), "{last}");
    // The message counts the paths finished, the chunks under way included: far from all of them.
    let finished: u32 = err.to_string().split("after ").nth(1).and_then(|r| r.split(' ').next()).unwrap().parse().unwrap();
    assert!((last..10_000).contains(&finished), "{err}");
}

#[test]
fn limits_and_bad_options() {
    let sc = poisson_scenario("1");
    let err = montecarlo::run(&sc, 100_001, 1, 1).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("limit_exceeded", "/runs"));
    let err = montecarlo::run(&sc, 0, 1, 1).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_value");
    let err = montecarlo::run_with(&sc, &Options { quantiles: vec![billsim_core::money::Amount(d("1.5"))], ..Options::default() }, &mut |_, _| ControlFlow::Continue(())).unwrap_err();
    assert_eq!(err.path(), "/quantiles/0");
}

#[test]
fn sample_blocks_are_dated() {
    // 30 Samples; Poisson(1) samples a day consume them: blocked in early April at the latest.
    let sc = parse_scenario(
        r#"{"start":"2026-03-01","until":"2026-04-30",
        "tenants":[{"id":"onc"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"onc","product":"ica_enterprise","ends":"2026-12-31"},
                  {"at":"2026-03-01","type":"subscribe","tenant":"onc","product":"connected_insights","ends":"2026-12-31"},
                  {"at":"2026-03-01T08:00","type":"samples","tenant":"onc","sample_type":"connected_insights_ge","quantity":"30"}],
        "usage":[{"type":"poisson","tenant":"onc","mean":"1","sample_type":"connected_insights_ge","from":"2026-03-01","to":"2026-04-30"}]}"#,
    )
    .unwrap();
    let dist = montecarlo::run(&sc, 200, 8, 2).unwrap();
    let b = &dist.samples_blocked[0];
    assert_eq!(b.key, "onc");
    assert!(b.share.0 > d("0.95"));
    let p50 = b.quantiles.get("p50").unwrap().unwrap().day().to_string();
    assert!(p50.as_str() >= "2026-03-25" && p50.as_str() <= "2026-04-10", "{p50}");
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8))]
        #[test]
        fn thread_count_never_matters(seed in any::<u64>(), runs in 1u32..40, threads in 2usize..5) {
            let sc = poisson_scenario("2");
            let a = montecarlo::run(&sc, runs, seed, 1).unwrap();
            let b = montecarlo::run(&sc, runs, seed, threads).unwrap();
            prop_assert_eq!(a, b);
        }
    }
}

#[test]
fn a_month_no_path_invoiced_is_a_row_of_zeros() {
    // Post-paid compute in December and February only: January's invoice
    // total is 0 on every path, and the table still has its row.
    let sc = parse_scenario(
        r#"{"start":"2026-12-01","until":"2027-02-28","tenants":[{"id":"lab"}],
        "events":[{"at":"2026-12-01","type":"subscribe","tenant":"lab","product":"ica_professional","ends":"2027-12-31"}],
        "usage":[{"type":"daily","tenant":"lab","usage_type":"compute","amount":"10","from":"2026-12-01","to":"2026-12-31"},
                 {"type":"daily","tenant":"lab","usage_type":"compute","amount":"10","from":"2027-02-01","to":"2027-02-28"}]}"#,
    )
    .unwrap();
    let dist = montecarlo::run(&sc, 3, 1, 1).unwrap();
    let months: Vec<&str> = dist.invoices_by_month.keys().map(String::as_str).collect();
    assert_eq!(months, ["2026-12", "2027-01", "2027-02"]);
    let median = |m: &str| dist.invoices_by_month[m].quantiles.get("p50").unwrap().0;
    assert_eq!(median("2026-12"), d("310"));
    assert_eq!(median("2027-01"), Decimal::ZERO);
    assert_eq!(dist.invoices_by_month["2027-01"].max.0, Decimal::ZERO);
    assert_eq!(median("2027-02"), d("280"));
}

/// `tenants` domains on one day, each subscribed with one pre-paid pack.
fn many_tenants(tenants: usize) -> Scenario {
    let ids: Vec<String> = (0..tenants).map(|i| format!(r#"{{"id":"t{i}"}}"#)).collect();
    let events: Vec<String> = (0..tenants)
        .map(|i| {
            format!(
                r#"{{"at":"2026-03-01","type":"subscribe","tenant":"t{i}","product":"ica_enterprise","ends":"2026-12-31"}},
                   {{"at":"2026-03-01","type":"prepaid","tenant":"t{i}","amount":"100"}}"#
            )
        })
        .collect();
    parse_scenario(&format!(r#"{{"start":"2026-03-01","until":"2026-03-01","tenants":[{}],"events":[{}]}}"#, ids.join(","), events.join(","))).unwrap()
}

#[test]
fn the_paths_results_must_fit_in_memory() {
    // 100 tenants: 1 month + 3 × 100 tenants + 200 funding events = 501 entries a path;
    // 100,000 runs would keep 50 million, over the 6 million budget: refused before any path runs.
    let sc = many_tenants(100);
    assert_eq!(montecarlo::path_entries(&sc), 501);
    let mut called = false;
    let err = montecarlo::run_with(&sc, &Options { runs: 100_000, ..Options::default() }, &mut |_, _| {
        called = true;
        ControlFlow::Break(())
    })
    .unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("limit_exceeded", "/runs"));
    assert!(err.code().is_limit());
    assert!(err.message().contains("at most 11976 runs"), "{err}");
    assert!(!called, "no path ran");
    // Within the budget it runs: every path charges nothing, so each pack is left whole.
    let dist = montecarlo::run(&sc, 16, 1, 2).unwrap();
    assert_eq!(dist.depletion.len(), 100);
    assert_eq!(dist.charged.max.0, Decimal::ZERO);
    // The default preset (12 months, 1 tenant, 3 funding events) runs the most paths allowed.
    let default = parse_scenario(billsim_core::presets::DEFAULT).unwrap();
    assert_eq!(montecarlo::path_entries(&default), 18);
    assert!(u64::from(montecarlo::MAX_RUNS) * 18 <= montecarlo::MAX_PATH_ENTRIES);
}

#[test]
fn a_quantile_asked_twice_is_refused() {
    // 0.5 and 0.50 would both be "p50": a JSON object with a key twice.
    let sc = poisson_scenario("1");
    let qs = ["0.05", "0.5", "0.50"].map(|q| billsim_core::money::Amount(d(q))).to_vec();
    let err = montecarlo::run_with(&sc, &Options { runs: 4, quantiles: qs, ..Options::default() }, &mut |_, _| ControlFlow::Continue(())).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("invalid_value", "/quantiles/2"));
    assert!(err.message().contains("/quantiles/1 (p50)"), "{err}");
    let err = montecarlo::run_json(billsim_core::presets::DEFAULT, r#"{"runs":2,"quantiles":["0.5","0.50"]}"#).unwrap_err();
    assert_eq!(err.path(), "/quantiles/1");
}
