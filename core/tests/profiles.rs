//! Usage profiles: hand-checked expansions, seeded streams, statistics and limits.

// Tests may unwrap and panic: a failure is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billsim_core::profiles::{self, Profile};
use billsim_core::scenario::Event;
use billsim_core::{parse_scenario, simulate, Options};
use rust_decimal::Decimal;

fn profile(json: &str) -> Profile {
    serde_json::from_str(json).unwrap()
}

fn gen(p: &Profile, seed: u64, index: usize) -> Vec<Event> {
    let mut out = Vec::new();
    p.generate(seed, index, &mut out);
    assert!(out.len() as u64 <= p.event_count(), "event_count must bound the expansion");
    out
}

fn charges(events: &[Event]) -> Vec<(String, Decimal)> {
    events
        .iter()
        .map(|e| match e {
            Event::Charge(c) => (c.at.to_string(), c.amount.0),
            Event::SampleUsage(s) => (s.at.to_string(), s.quantity.0),
            Event::Compute(c) => (c.at.to_string(), c.hours.map(|h| h.0).unwrap_or_default()),
            other => panic!("unexpected {other:?}"),
        })
        .collect()
}

fn total(events: &[Event]) -> Decimal {
    charges(events).iter().map(|(_, a)| *a).sum()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// A one-tenant scenario around `usage` (an ICA subscription, post-paid).
fn scenario(usage: &str, seed: u64) -> String {
    format!(
        r#"{{"start":"2026-01-01","until":"2026-12-31","seed":{seed},
        "tenants":[{{"id":"lab"}}],
        "events":[{{"at":"2026-01-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-12-31"}},
                  {{"at":"2026-01-01","type":"samples","tenant":"lab","sample_type":"connected_insights_ge","quantity":"20"}}],
        "usage":[{usage}]}}"#
    )
}

#[test]
fn cohort_weekly_wgs() {
    // 10 WGS 30x samples a week × 7 iCredits (notes §3.1) = 70 a week;
    // Mondays 2, 9, 16, 23 March 2026 (30 March is after `to`).
    let p = profile(r#"{"type":"cohort","tenant":"lab","assay":"wgs_30x","samples_per_week":"10","from":"2026-03-02","to":"2026-03-29"}"#);
    let ev = gen(&p, 0, 0);
    assert_eq!(
        charges(&ev),
        vec![
            ("2026-03-02T12:00Z".into(), d("70")),
            ("2026-03-09T12:00Z".into(), d("70")),
            ("2026-03-16T12:00Z".into(), d("70")),
            ("2026-03-23T12:00Z".into(), d("70")),
        ]
    );
}

#[test]
fn cohort_daily_weekdays_exome() {
    // 10 exome samples a week spread over weekdays: 2 a day × 2 iCredits = 4;
    // March 2026 has 22 weekdays → 88 iCredits.
    let p = profile(r#"{"type":"cohort","tenant":"lab","assay":"exome","samples_per_week":"10","every":"day","weekdays_only":true,"from":"2026-03-01","to":"2026-03-31"}"#);
    let ev = gen(&p, 0, 0);
    assert_eq!(ev.len(), 22);
    assert!(charges(&ev).iter().all(|(_, a)| *a == d("4")));
    assert_eq!(total(&ev), d("88"));
    // Planning estimates.
    for (assay, per) in [("wgs_30x", 7), ("exome", 2), ("wts", 2), ("panel", 1), ("rrna_16s", 1)] {
        let p = profile(&format!(r#"{{"type":"cohort","tenant":"lab","assay":"{assay}","samples_per_week":"1","from":"2026-03-02","to":"2026-03-02"}}"#));
        assert_eq!(total(&gen(&p, 0, 0)), Decimal::from(per), "{assay}");
    }
}

#[test]
fn cohort_monthly_uses_days_in_month() {
    // 7 panel samples a week on a monthly period: February 2026 has 28 days
    // = 4 weeks → 28 samples × 1 iCredit; March has 31 days → 31.
    let p = profile(r#"{"type":"cohort","tenant":"lab","assay":"panel","samples_per_week":"7","every":"month","from":"2026-02-01","to":"2026-03-31"}"#);
    assert_eq!(charges(&gen(&p, 0, 0)), vec![("2026-02-01T12:00Z".into(), d("28")), ("2026-03-01T12:00Z".into(), d("31"))]);
}

#[test]
fn recurring_linear_growth_weekly() {
    // 100 iCredits a week growing by 10 a week: 100 + 110 + 120 + 130 + 140 = 600.
    let p = profile(r#"{"type":"recurring","tenant":"lab","every":"week","amount":"100","growth":"10","from":"2026-03-02","to":"2026-03-30"}"#);
    let ev = gen(&p, 0, 0);
    assert_eq!(charges(&ev).iter().map(|(_, a)| *a).collect::<Vec<_>>(), vec![d("100"), d("110"), d("120"), d("130"), d("140")]);
    assert_eq!(total(&ev), d("600"));
    // Declining usage never goes below zero: 30, 10, (−10 → nothing).
    let p = profile(r#"{"type":"recurring","tenant":"lab","amount":"30","growth":"-20","from":"2026-03-02","to":"2026-03-04"}"#);
    assert_eq!(total(&gen(&p, 0, 0)), d("40"));
}

#[test]
fn recurring_monthly_clamps_and_moves_to_monday() {
    // From 31 January: 31 Jan (Sat → Mon 2 Feb), 28 Feb (Sat → Mon 2 Mar), 31 Mar (Tue), 30 Apr (Thu).
    let p = profile(r#"{"type":"recurring","tenant":"lab","every":"month","amount":"5","weekdays_only":true,"minute_of_day":540,"from":"2026-01-31","to":"2026-04-30"}"#);
    let days: Vec<String> = charges(&gen(&p, 0, 0)).into_iter().map(|(t, _)| t).collect();
    assert_eq!(days, vec!["2026-02-02T09:00Z", "2026-03-02T09:00Z", "2026-03-31T09:00Z", "2026-04-30T09:00Z"]);
}

#[test]
fn recurring_node_hours_are_priced_as_compute() {
    // 2 node hours a day at 3 iCredits per node hour = 6 a day; March: 31 × 6 = 186.
    let usage = r#"{"type":"recurring","tenant":"lab","node_hours":"2","per_node_hour":"3","from":"2026-03-01","to":"2026-03-31"}"#;
    let report = simulate(parse_scenario(&scenario(usage, 0)).unwrap(), &Options::default()).unwrap();
    let march = report.invoices.iter().find(|i| i.period == "2026-03").unwrap();
    assert_eq!(march.total, d("186"));
}

#[test]
fn seasonality_scales_by_month() {
    // 10 a day; March factor 1.5, April 0: March = 31 × 15 = 465, April nothing, May 31 × 10.
    let mut f = ["\"1\""; 12];
    f[2] = "\"1.5\"";
    f[3] = "\"0\"";
    let usage = format!(
        r#"{{"type":"recurring","tenant":"lab","amount":"10","seasonality":[{}],"from":"2026-03-01","to":"2026-05-31"}}"#,
        f.join(",")
    );
    let p = profile(&usage);
    let ev = gen(&p, 0, 0);
    assert_eq!(ev.len(), 62);
    assert_eq!(total(&ev), d("775"));
}

#[test]
fn sample_runs_every_other_week() {
    // 24 Samples every second Monday of March 2026: 2, 16 and 30 March.
    let p = profile(r#"{"type":"sample_runs","tenant":"lab","sample_type":"connected_insights_ge","quantity":"24","interval":2,"from":"2026-03-02","to":"2026-03-31"}"#);
    let ev = gen(&p, 0, 0);
    assert_eq!(
        charges(&ev),
        vec![("2026-03-02T12:00Z".into(), d("24")), ("2026-03-16T12:00Z".into(), d("24")), ("2026-03-30T12:00Z".into(), d("24"))]
    );
    assert_eq!(p.sample_type(), Some("connected_insights_ge"));
    // In a run, 20 Samples bought: the first run (24) is blocked.
    let report = simulate(parse_scenario(&scenario(&serde_json::to_string(&p).unwrap(), 0)).unwrap(), &Options::default()).unwrap();
    assert_eq!(report.rejections.len(), 3);
    assert_eq!(report.summary.tenants[0].samples[0].blocked.0, d("72"));
}

#[test]
fn bursts_overlap_and_add() {
    // Probability 1: a burst of 3 days starts every day, so days carry 1, 2, 3, 3 bursts of 10.
    let p = profile(r#"{"type":"bursts","tenant":"lab","probability":"1","days":3,"amount":"10","from":"2026-03-01","to":"2026-03-04"}"#);
    assert_eq!(charges(&gen(&p, 1, 0)).iter().map(|(_, a)| *a).collect::<Vec<_>>(), vec![d("10"), d("20"), d("30"), d("30")]);
    // Probability 0: nothing.
    let p = profile(r#"{"type":"bursts","tenant":"lab","probability":"0","days":3,"amount":"10","from":"2026-03-01","to":"2026-12-04"}"#);
    assert!(gen(&p, 1, 0).is_empty());
}

#[test]
fn daily_keeps_its_behaviour() {
    let p = profile(r#"{"type":"daily","tenant":"lab","usage_type":"compute","amount":"56","weekdays_only":true,"from":"2026-03-01","to":"2026-03-31"}"#);
    let ev = gen(&p, 0, 0);
    assert_eq!(ev.len(), 22);
    assert_eq!(total(&ev), d("1232"));
}

#[test]
fn streams_are_per_seed_and_profile() {
    let p = profile(r#"{"type":"poisson","tenant":"lab","mean":"3","amount":"7","from":"2026-01-01","to":"2026-12-31"}"#);
    assert_eq!(gen(&p, 7, 0), gen(&p, 7, 0));
    assert_ne!(gen(&p, 7, 0), gen(&p, 8, 0));
    assert_ne!(gen(&p, 7, 0), gen(&p, 7, 1));
    assert!(p.is_stochastic());
}

#[test]
fn adding_a_profile_does_not_change_another_profiles_draws() {
    let a = r#"{"type":"poisson","tenant":"lab","mean":"2","amount":"5","from":"2026-01-01","to":"2026-06-30","project":"a"}"#;
    let b = r#"{"type":"random_amount","tenant":"lab","mean":"20","sd":"8","from":"2026-01-01","to":"2026-06-30","project":"b"}"#;
    let c = r#"{"type":"bursts","tenant":"lab","probability":"0.1","days":2,"amount":"50","sd":"10","from":"2026-01-01","to":"2026-06-30","project":"c"}"#;
    let one = simulate(parse_scenario(&scenario(&format!("{a},{c}"), 11)).unwrap(), &Options::default()).unwrap();
    let three = simulate(parse_scenario(&scenario(&format!("{a},{c},{b}"), 11)).unwrap(), &Options::default()).unwrap();
    let by_project = |r: &billsim_core::Report, p: &str| -> Vec<Decimal> {
        r.statements.iter().map(|s| s.by_project.get(p).map(|a| a.0).unwrap_or_default()).collect()
    };
    assert_eq!(by_project(&one, "a"), by_project(&three, "a"));
    assert_eq!(by_project(&one, "c"), by_project(&three, "c"));
    assert!(by_project(&three, "b").iter().any(|x| !x.is_zero()));
}

#[test]
fn poisson_mean_and_variance() {
    // Many periods of one profile: the sample mean of Poisson(λ) is within
    // 5 standard errors of λ, and so is the variance (λ for a Poisson).
    for (lambda, seed) in [("0.5", 1u64), ("3", 2), ("12", 3), ("250", 4)] {
        let lam: f64 = lambda.parse().unwrap();
        let mut rng = profiles::stream(seed, 0);
        let n = 40_000;
        let xs: Vec<f64> = (0..n).map(|_| profiles::poisson(&mut rng, lam) as f64).collect();
        let mean = xs.iter().sum::<f64>() / n as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64;
        let se = (lam / n as f64).sqrt();
        assert!((mean - lam).abs() < 5.0 * se, "λ={lam}: mean {mean}");
        assert!((var / lam - 1.0).abs() < 0.05, "λ={lam}: variance {var}");
    }
}

#[test]
fn lognormal_and_normal_amounts() {
    // 20 years of daily lognormal draws with mean 40 and sd 15: the average
    // draw is within 1.5 % of 40; normal draws below zero charge nothing.
    let p = profile(r#"{"type":"random_amount","tenant":"lab","mean":"40","sd":"15","from":"2026-01-01","to":"2045-12-31"}"#);
    let ev = gen(&p, 3, 0);
    let n = ev.len();
    assert!(n > 7000);
    let mean = total(&ev) / Decimal::from(n);
    assert!((mean - d("40")).abs() < d("0.6"), "{mean}");
    assert!(charges(&ev).iter().all(|(_, a)| *a > Decimal::ZERO && a.scale() <= profiles::DRAW_SCALE));
    let p = profile(r#"{"type":"random_amount","distribution":"normal","tenant":"lab","mean":"1","sd":"10","from":"2026-01-01","to":"2026-12-31"}"#);
    let ev = gen(&p, 3, 0);
    assert!(ev.len() < 365 && ev.len() > 100, "about half the draws are negative");
}

#[test]
fn pinned_draws_guard_portability() {
    // Regression values (recorded, not derived): the same numbers must come
    // out on every target (wasm and Python compare against these too).
    let p = profile(r#"{"type":"poisson","tenant":"lab","mean":"3","amount":"7","from":"2026-01-01","to":"2026-01-10"}"#);
    let counts: Vec<Decimal> = charges(&gen(&p, 42, 0)).iter().map(|(_, a)| *a / d("7")).collect();
    let p2 = profile(r#"{"type":"random_amount","tenant":"lab","mean":"40","sd":"15","from":"2026-01-01","to":"2026-01-03"}"#);
    let amounts: Vec<Decimal> = charges(&gen(&p2, 42, 1)).iter().map(|(_, a)| *a).collect();
    insta_like(&format!("{counts:?} {amounts:?}"));
}

/// Recorded from the first run on x86-64; see `pinned_draws_guard_portability`.
const PINNED: &str = "[7, 6, 4, 4, 2, 2, 4, 3, 1, 1] [24.134112, 30.007198, 34.198731]";

fn insta_like(got: &str) {
    assert_eq!(got, PINNED);
}

#[test]
fn checks_refuse_bad_parameters() {
    let bad = [
        (r#"{"type":"cohort","tenant":"lab","assay":"exome","samples_per_week":"-1","from":"2026-03-01","to":"2026-03-31"}"#, "negative_amount", "/usage/0/samples_per_week"),
        (r#"{"type":"cohort","tenant":"lab","samples_per_week":"1","from":"2026-03-01","to":"2026-03-31"}"#, "missing_field", "/usage/0/assay"),
        (r#"{"type":"random_amount","tenant":"lab","mean":"10","sd":"0","from":"2026-03-01","to":"2026-03-31"}"#, "invalid_value", "/usage/0/sd"),
        (r#"{"type":"random_amount","tenant":"lab","mean":"-10","sd":"1","from":"2026-03-01","to":"2026-03-31"}"#, "invalid_value", "/usage/0/mean"),
        (r#"{"type":"poisson","tenant":"lab","mean":"-2","amount":"1","from":"2026-03-01","to":"2026-03-31"}"#, "negative_amount", "/usage/0/mean"),
        (r#"{"type":"poisson","tenant":"lab","mean":"100000000","amount":"1","from":"2026-03-01","to":"2026-03-31"}"#, "limit_exceeded", "/usage/0/mean"),
        (r#"{"type":"poisson","tenant":"lab","mean":"2","amount":"1","assay":"wts","from":"2026-03-01","to":"2026-03-31"}"#, "invalid_value", "/usage/0/assay"),
        (r#"{"type":"bursts","tenant":"lab","probability":"1.5","days":2,"amount":"1","from":"2026-03-01","to":"2026-03-31"}"#, "invalid_value", "/usage/0/probability"),
        (r#"{"type":"recurring","tenant":"lab","amount":"1","seasonality":["1"],"from":"2026-03-01","to":"2026-03-31"}"#, "invalid_value", "/usage/0/seasonality"),
        (r#"{"type":"recurring","tenant":"lab","node_hours":"1","from":"2026-03-01","to":"2026-03-31"}"#, "missing_field", "/usage/0/per_node_hour"),
        (r#"{"type":"recurring","tenant":"lab","amount":"-1","from":"2026-03-01","to":"2026-03-31"}"#, "negative_amount", "/usage/0/amount"),
        (r#"{"type":"daily","tenant":"lab","usage_type":"compute","amount":"-1","from":"2026-03-01","to":"2026-03-31"}"#, "negative_amount", "/usage/0/amount"),
        (r#"{"type":"recurring","tenant":"lab","amount":"1","from":"2026-03-31","to":"2026-03-01"}"#, "end_before_start", "/usage/0/to"),
    ];
    for (usage, code, path) in bad {
        let err = simulate(parse_scenario(&scenario(usage, 0)).unwrap(), &Options::default()).unwrap_err();
        let hit = err.issues().iter().any(|i| i.code.as_str() == code && i.path == path);
        assert!(hit, "{usage}: {:?}", err.issues());
    }
    // Unknown fields are refused.
    let err = parse_scenario(&scenario(r#"{"type":"poisson","tenant":"lab","mean":"2","amount":"1","lambda":"2","from":"2026-03-01","to":"2026-03-31"}"#, 0)).unwrap_err();
    assert_eq!(err.code().as_str(), "unknown_field");
}

#[test]
fn too_many_generated_events_are_refused_before_any_work() {
    // 120 daily profiles over 50 years ≈ 2.2 million events > MAX_GENERATED.
    let one = r#"{"type":"daily","tenant":"lab","usage_type":"compute","amount":"1","from":"2000-01-01","to":"2049-12-31"}"#;
    let usage = vec![one; 120].join(",");
    let json = format!(
        r#"{{"start":"2000-01-01","until":"2049-12-31","tenants":[{{"id":"lab"}}],"usage":[{usage}]}}"#
    );
    let t = std::time::Instant::now();
    let err = simulate(parse_scenario(&json).unwrap(), &Options::default()).unwrap_err();
    assert_eq!(err.code().as_str(), "too_many_events");
    // Not a timing assertion on speed, only that no expansion happened: the
    // bound is computed from spans (a generous ceiling for a slow machine).
    assert!(t.elapsed().as_secs() < 5);
}

mod prop {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn event_count_bounds_every_profile(start in 0i64..3000, len in 0i64..800, every in 0usize..3, wk in any::<bool>(), seed in any::<u64>(), interval in 1u32..5) {
            let from = billsim_core::time::Day::parse("2020-01-01").unwrap().plus_days(start);
            let to = from.plus_days(len);
            let every = ["day", "week", "month"][every];
            let kinds = [
                format!(r#"{{"type":"recurring","tenant":"t","amount":"3","every":"{every}","weekdays_only":{wk},"from":"{from}","to":"{to}"}}"#),
                format!(r#"{{"type":"cohort","tenant":"t","assay":"wgs_30x","samples_per_week":"3","every":"{every}","weekdays_only":{wk},"from":"{from}","to":"{to}"}}"#),
                format!(r#"{{"type":"sample_runs","tenant":"t","sample_type":"x","quantity":"3","interval":{interval},"every":"{every}","weekdays_only":{wk},"from":"{from}","to":"{to}"}}"#),
                format!(r#"{{"type":"poisson","tenant":"t","mean":"4","amount":"1","every":"{every}","weekdays_only":{wk},"from":"{from}","to":"{to}"}}"#),
                format!(r#"{{"type":"random_amount","tenant":"t","mean":"4","sd":"2","every":"{every}","weekdays_only":{wk},"from":"{from}","to":"{to}"}}"#),
                format!(r#"{{"type":"bursts","tenant":"t","probability":"0.5","days":4,"amount":"1","weekdays_only":{wk},"from":"{from}","to":"{to}"}}"#),
                format!(r#"{{"type":"storage_growth","tenant":"t","tb_per_month":"1","from":"{from}","to":"{to}"}}"#),
            ];
            for k in kinds {
                let p: Profile = serde_json::from_str(&k).unwrap();
                let mut out = Vec::new();
                p.generate(seed, 0, &mut out);
                prop_assert!(out.len() as u64 <= p.event_count(), "{} > {} for {}", out.len(), p.event_count(), k);
                let times: Vec<_> = out.iter().map(Event::at).collect();
                prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "time order");
                prop_assert!(times.iter().all(|t| t.day() >= from && t.day() <= to), "inside the span");
            }
        }
    }
}
