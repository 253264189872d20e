//! Forecasts of the seed examples, with dates worked out by hand, and a
//! forecast checked against the full simulation.

// Tests may unwrap and panic: a failure is the test failing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billsim_core::forecast::{self, Options, Outcome};
use billsim_core::time::Day;
use billsim_core::{parse_scenario, presets, simulate, Detail, Simulation};
use rust_decimal::Decimal;

fn day(s: &str) -> Day {
    Day::parse(s).unwrap()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn preset(name: &str) -> billsim_core::Scenario {
    parse_scenario(presets::get(name).unwrap()).unwrap()
}

#[test]
fn seed002_prepaid_runs_out_on_march_20() {
    // 1,000 pre-paid; 50 a day from 1 March. At midnight starting 16 March,
    // 15 days × 50 = 750 are used, 250 remain: 16, 17, 18, 19, 20 March use
    // them up, so the balance reaches zero on 20 March; post-paid from 21 March,
    // 11 days × 50 = 550 on the March invoice; buy by 20 March.
    let f = forecast::forecast_at(preset("seed002_prepaid"), day("2026-03-16"), &Options::default()).unwrap();
    let t = &f.tenants[0];
    assert_eq!(t.window_from, Some(day("2026-03-01")), "the window starts at the first charge");
    assert_eq!(t.window_days, 15);
    assert_eq!(t.window_charged.0, d("750"));
    assert_eq!(t.daily_average.0, d("50"));
    assert_eq!(t.prefunded_remaining.0, d("250"));
    let s = &t.sources[0];
    assert_eq!(&*s.id, "prepaid-march");
    assert_eq!(s.outcome, Outcome::Depleted);
    assert_eq!(s.depleted_on, Some(day("2026-03-20")));
    assert_eq!(t.postpaid_from, Some(day("2026-03-21")));
    assert_eq!(t.buy_by, Some(day("2026-03-20")));
    assert_eq!(t.month_to_date_postpaid.0, Decimal::ZERO);
    assert_eq!(t.month_end_postpaid.0, d("550"));
    // Horizon 30 April: April is 30 × 50 = 1,500 post-paid; to cover the horizon 550 + 1,500.
    assert_eq!(t.invoices.iter().map(|i| (i.period.as_str(), i.total.0)).collect::<Vec<_>>(), vec![("2026-03", d("550")), ("2026-04", d("1500"))]);
    assert_eq!(t.credits_to_cover_horizon.0, d("2050"));
}

#[test]
fn forecast_agrees_with_the_full_simulation() {
    // The preset's usage is constant, so the forecast must match the run:
    // the same depletion day and the same March invoice.
    let full = simulate(preset("seed002_prepaid"), &Default::default()).unwrap();
    let f = forecast::forecast_at(preset("seed002_prepaid"), day("2026-03-16"), &Options::default()).unwrap();
    let src = &full.summary.tenants[0].sources[0];
    assert_eq!(src.depleted_at.map(|m| m.day()), f.tenants[0].sources[0].depleted_on);
    let march = full.invoices.iter().find(|i| i.period == "2026-03").unwrap();
    assert_eq!(march.total, f.tenants[0].invoices[0].total.0);
    // Usage ends on 31 March in the preset, so April differs: the forecast
    // extrapolates the average, the scenario stops.
    assert!(full.invoices.iter().all(|i| i.period != "2026-04"));
}

#[test]
fn seed002_open_po_outcomes() {
    // fast: 10,000 from 27 March at 200 a day. As of 10 April, 14 days × 200 =
    // 2,800 used, 7,200 left = 36 more days: 10 April + 35 = 15 May, exhausted
    // before its 30 June expiry (the seed's "use all 10,000 iCredits by May 15").
    // slow: 100 a day from 1 April; as of 1 May, 3,000 used, 7,000 left; May
    // and June are 61 days = 6,100, so it expires on 30 June with 900 left.
    let sc = preset("seed002_open_po");
    let f = forecast::forecast_at(sc.clone(), day("2026-04-10"), &Options::default()).unwrap();
    let fast = f.tenants.iter().find(|t| &*t.tenant == "fast.Illumina.com").unwrap();
    assert_eq!(fast.daily_average.0, d("200"));
    assert_eq!(fast.sources[0].outcome, Outcome::Depleted);
    assert_eq!(fast.sources[0].depleted_on, Some(day("2026-05-15")));
    assert_eq!(fast.buy_by, Some(day("2026-05-15")));
    let f = forecast::forecast_at(sc, day("2026-05-01"), &Options::default()).unwrap();
    let slow = f.tenants.iter().find(|t| &*t.tenant == "slow.Illumina.com").unwrap();
    assert_eq!(slow.daily_average.0, d("100"));
    assert_eq!(slow.sources[0].outcome, Outcome::Expires);
    assert_eq!(slow.sources[0].left_at_expiry.unwrap().0, d("900"));
    assert_eq!(slow.postpaid_from, Some(day("2026-07-01")));
    assert_eq!(slow.buy_by, Some(day("2026-06-30")));
    // July: 31 × 100 = 3,100 post-paid.
    assert_eq!(slow.credits_to_cover_horizon.0, d("3100"));
    let full = simulate(preset("seed002_open_po"), &Default::default()).unwrap();
    let s = full.summary.tenants.iter().find(|t| &*t.tenant == "slow.Illumina.com").unwrap();
    assert_eq!(s.sources[0].remaining, Decimal::ZERO);
    let july = full.invoices.iter().find(|i| &*i.tenant == "slow.Illumina.com" && i.period == "2026-07").unwrap();
    assert_eq!(july.total, d("3100"));
}

#[test]
fn window_is_trailing_and_mid_month_accrual_counts() {
    // seed002_postpaid, no pre-funding: 40 a day; as of 11 March, 400 accrued
    // post-paid; 21 more days × 40 = 840; March invoice 1,240 = 31 × 40.
    let f = forecast::forecast_at(preset("seed002_postpaid"), day("2026-03-11"), &Options::default()).unwrap();
    let t = f.tenants.iter().find(|t| t.tenant.starts_with("no-prefunding")).unwrap();
    assert_eq!(t.month_to_date_postpaid.0, d("400"));
    assert_eq!(t.month_end_postpaid.0, d("1240"));
    assert_eq!(t.postpaid_from, Some(day("2026-03-11")));
    assert_eq!(t.buy_by, Some(day("2026-03-11")), "already post-paid: buy now");
    // A 5-day window.
    let f = forecast::forecast_at(preset("seed002_postpaid"), day("2026-03-11"), &Options { window_days: 5, ..Options::default() }).unwrap();
    assert_eq!(f.tenants[0].window_from, Some(day("2026-03-06")));
    assert_eq!(f.tenants[0].window_days, 5);
}

#[test]
fn refuses_a_summary_report() {
    let mut sim = Simulation::new(preset("seed002_prepaid"), Detail::Summary).unwrap();
    sim.advance_to(billsim_core::time::Minute::start_of(day("2026-03-16"))).unwrap();
    let err = forecast::forecast(&sim.report(), &Options::default()).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_value");
}

// ---- from real usage: import, then forecast ---------------------------------

/// A month of a BaseSpace workgroup's usage, in the usage CSV's layout
/// (notes/domain.md §6.2), written by hand.
const BASESPACE_CSV: &str = "Workgroup,coreseq-wg\r
Billing Period,2026-03\r
Applications iCredit Consumption\r
Date (UTC),App Name,iCredits Consumption,App Fee (iCredits),Compute Time Rate (iCredits per node hour),Compute Time Used (hours),Compute Time Consumption (iCredits),User,App Session ID\r
2026-03-02 09:15:00,RNA-Seq Alignment,48,0,3,16,48,pi@lab.example.com,123456\r
2026-03-05 14:02:00,\"DRAGEN Enrichment, v4\",15.5,4,12,0.958333,11.5,tech@lab.example.com,123460\r
3/9/2026 2:30 PM,Third Party QC,10,10,0,0,0,tech@lab.example.com,123470\r
\r
Daily Storage Overage iCredit Consumption\r
Overage Amount,iCredits Consumption\r
0.5 TB,0.375\r
0.5 TB,0.375\r
0.6 TB,0.45\r
";

#[test]
fn basespace_csv_imports_every_line() {
    // Apps 48 + 15.5 + 10 = 73.5; storage 0.375 + 0.375 + 0.45 = 1.2 (0.5 TB × 22.5 / 30 = 0.375).
    let got = billsim_core::import::basespace_csv(BASESPACE_CSV, "lab", Some("2026-03")).unwrap();
    assert_eq!(got.rows, 6);
    assert_eq!(got.total.0, d("74.7"));
    assert_eq!(got.events.len(), 7, "compute 48; compute 11.5 + fee 4; fee 10; three storage days");
    let rows: Vec<String> = got
        .events
        .iter()
        .map(|e| match e {
            billsim_core::Event::Charge(c) => format!("{} {} {} {}", c.at, c.usage_type.as_str(), c.amount, c.project.clone().unwrap_or_default()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            "2026-03-01T23:59Z storage 0.375 ",
            "2026-03-02T09:15Z compute 48 RNA-Seq Alignment",
            "2026-03-02T23:59Z storage 0.375 ",
            "2026-03-03T23:59Z storage 0.45 ",
            "2026-03-05T14:02Z compute 11.5 DRAGEN Enrichment, v4",
            "2026-03-05T14:02Z app_fee 4 DRAGEN Enrichment, v4",
            "2026-03-09T14:30Z app_fee 10 Third Party QC",
        ]
    );
    // Storage rows without dates need the period.
    let err = billsim_core::import::basespace_csv(BASESPACE_CSV, "lab", None).unwrap_err();
    assert_eq!(err.path(), "/lines/11/date");
}

#[test]
fn forecast_from_imported_history() {
    // 100 pre-paid on 1 March; the imported 74.7 leaves 25.3. Average over
    // 1–9 March: 74.7 / 9 = 8.3 a day. 10, 11, 12 March use 24.9 (0.4 left);
    // 13 March empties it → post-paid from 13 March, buy by 12 March.
    // March post-paid: 19 days (13–31) × 8.3 − 0.4 = 157.3 → invoice 158.
    let mut sc = parse_scenario(
        r#"{"start":"2026-03-01","until":"2026-03-31","tenants":[{"id":"lab"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-12-31"},
                  {"at":"2026-03-01","type":"prepaid","tenant":"lab","amount":"100","id":"pack"}]}"#,
    )
    .unwrap();
    billsim_core::import::basespace_csv(BASESPACE_CSV, "lab", Some("2026-03")).unwrap().append_to(&mut sc);
    let f = forecast::forecast_at(sc, day("2026-03-10"), &Options::default()).unwrap();
    let t = &f.tenants[0];
    assert_eq!((t.window_from, t.window_days), (Some(day("2026-03-01")), 9));
    assert_eq!(t.daily_average.0, d("8.3"));
    assert_eq!(t.prefunded_remaining.0, d("25.3"));
    assert_eq!(t.sources[0].depleted_on, Some(day("2026-03-13")));
    assert_eq!(t.buy_by, Some(day("2026-03-12")));
    assert_eq!(t.month_end_postpaid.0, d("157.3"));
    assert_eq!(t.invoices[0].total.0, d("158"));
    assert_eq!(t.credits_to_cover_horizon.0, d("158"));
}

#[test]
fn generic_csv_and_its_errors() {
    let csv = "date,usage_type,amount,project\n2026-03-02,compute,\"1,250.50\",wgs\n2026-03-03T10:00Z,App Fee,4,\n2026-03-04,storage,0,\n";
    let got = billsim_core::import::generic_csv(csv, "lab").unwrap();
    assert_eq!(got.rows, 3);
    assert_eq!(got.events.len(), 2, "a zero amount makes no event");
    assert_eq!(got.total.0, d("1254.5"));
    let bad = "date,usage_type,amount\n2026-02-30,compute,1\n2026-03-01,coffee,1\n2026-03-01,compute,-2\n2026-03-01,compute,abc\n";
    let err = billsim_core::import::generic_csv(bad, "lab").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, vec!["/lines/2/date", "/lines/3/usage_type", "/lines/4/amount", "/lines/5/amount"]);
    let err = billsim_core::import::generic_csv("when,what\n", "lab").unwrap_err();
    assert_eq!(err.code().as_str(), "missing_field");
}

// ---- what-if -----------------------------------------------------------------

#[test]
fn compare_prepaying_more() {
    // seed002_prepaid: 1,550 used in March. Pre-paying 1,000 leaves 550
    // post-paid; pre-paying 2,000 leaves none (450 unused).
    use billsim_core::compare;
    let base = preset("seed002_prepaid");
    let variant = compare::with_override(&base, "/events/1/amount", &serde_json::json!("2000")).unwrap();
    let a = simulate(base.clone(), &Default::default()).unwrap();
    let b = simulate(variant, &Default::default()).unwrap();
    let c = compare::compare(&a, &b);
    assert_eq!((c.totals.charged.a.0, c.totals.charged.b.0, c.totals.charged.delta.0), (d("1550"), d("1550"), d("0")));
    assert_eq!((c.totals.postpaid.a.0, c.totals.postpaid.b.0, c.totals.postpaid.delta.0), (d("550"), d("0"), d("-550")));
    assert_eq!(c.totals.invoiced.delta.0, d("-550"));
    let march = c.invoices.iter().find(|m| m.period == "2026-03").unwrap();
    assert_eq!((march.total.a.0, march.total.b.0), (d("550"), d("0")));
    let dep = &c.depletion[0];
    assert_eq!(dep.a.map(|m| m.to_string()), Some("2026-03-20T12:00Z".to_string()));
    assert_eq!((dep.b, dep.days), (None, None));
    // Sweep 500 / 1,000 / 2,000: post-paid 1,050 / 550 / 0.
    let rows = compare::sweep(&base, "/events/1/amount", &[serde_json::json!("500"), serde_json::json!("1000"), serde_json::json!("2000")]).unwrap();
    let post: Vec<Decimal> = rows.iter().map(|r| r.totals.postpaid.b.0).collect();
    assert_eq!(post, vec![d("1050"), d("550"), d("0")]);
    assert_eq!(rows[2].totals.postpaid.delta.0, d("-1050"));
    assert_eq!(rows[0].invoices["2026-03"].0, d("1050"));
    // A pointer to nothing.
    let err = compare::with_override(&base, "/events/9/amount", &serde_json::json!("1")).unwrap_err();
    assert_eq!(err.code().as_str(), "invalid_value");
}

#[test]
fn compare_json_names_the_scenario_at_fault() {
    use billsim_core::compare;
    let valid = presets::get("seed002_prepaid").unwrap();
    let bad = r#"{"start":"2030-01-01"}"#;
    let err = compare::compare_json(valid, bad, "").unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("missing_field", "/b/until"));
    assert!(err.message().starts_with("scenario b: "), "{err}");
    let err = compare::compare_json(bad, valid, "").unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("missing_field", "/a/until"));
    assert!(err.message().starts_with("scenario a: "), "{err}");
    // Every issue is moved, not only the first.
    let err = compare::compare_json(valid, r#"{"start":"2030-01-01","until":"2030-01-31","tenants":[{"id":"x"},{"id":"x"}],"events":[{"at":"2030-01-02","type":"prepaid","tenant":"y","amount":"1"}]}"#, "").unwrap_err();
    assert!(err.issues().len() > 1 && err.issues().iter().all(|i| i.path.starts_with("/b/")), "{:?}", err.issues());
    // Both valid: the comparison of their reports.
    let json = compare::compare_json(valid, valid, "").unwrap();
    let c: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(c["totals"]["postpaid"], serde_json::json!({"a": "550", "b": "550", "delta": "0"}));
    // Options are read after both scenarios, and their errors keep their own paths.
    let err = compare::compare_json(valid, valid, r#"{"detail":"bogus"}"#).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("invalid_value", "/detail"));
    let err = compare::compare_json(valid, bad, r#"{"detail":"bogus"}"#).unwrap_err();
    assert_eq!(err.path(), "/b/until");
}

#[test]
fn as_of_outside_the_scenario_is_named() {
    // seed002_prepaid runs 1 February – 30 April.
    let sc = preset("seed002_prepaid");
    // After until, with no horizon: as_of is at fault, not the horizon nobody gave.
    let err = forecast::forecast_at(sc.clone(), day("2026-05-02"), &Options::default()).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("end_before_start", "/as_of"));
    assert!(err.message().contains("after the scenario's until 2026-04-30"), "{err}");
    // A horizon given before as_of is the horizon's fault; one after until is fine.
    let err = forecast::forecast_at(sc.clone(), day("2026-05-02"), &Options { horizon: Some(day("2026-05-01")), ..Options::default() }).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("end_before_start", "/horizon"));
    let f = forecast::forecast_at(sc.clone(), day("2026-05-02"), &Options { horizon: Some(day("2026-05-31")), ..Options::default() }).unwrap();
    assert_eq!(f.horizon, day("2026-05-31"));
    // Before start there is nothing to forecast from.
    let err = forecast::forecast_at(sc.clone(), day("2026-01-31"), &Options::default()).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("invalid_value", "/as_of"));
    assert!(err.message().contains("before the scenario's start 2026-02-01"), "{err}");
    assert!(forecast::forecast_at(sc, day("2026-02-01"), &Options::default()).is_ok());
    // An as_of in the options is not silently overridden by the call's.
    let text = presets::get("seed002_prepaid").unwrap();
    let err = forecast::forecast_json(text, "2026-03-16", r#"{"as_of":"2026-03-20"}"#).unwrap_err();
    assert_eq!((err.code().as_str(), err.path()), ("invalid_value", "/as_of"));
    let same = forecast::forecast_json(text, "2026-03-16", r#"{"as_of":"2026-03-16"}"#).unwrap();
    assert_eq!(same, forecast::forecast_json(text, "2026-03-16", "").unwrap());
}

/// `ids` domains, tenant k charged 10 × (k + 1) iCredits a day from 1 March
/// and holding a 1,000 iCredit pack.
fn tenants_scenario(ids: &[usize]) -> billsim_core::Scenario {
    let tenants: Vec<String> = ids.iter().map(|k| format!(r#"{{"id":"t{k}"}}"#)).collect();
    let events: Vec<String> = ids
        .iter()
        .map(|k| {
            format!(
                r#"{{"at":"2026-03-01","type":"subscribe","tenant":"t{k}","product":"ica_enterprise","ends":"2026-12-31"}},
                   {{"at":"2026-03-01","type":"prepaid","tenant":"t{k}","amount":"1000","id":"pack{k}"}}"#
            )
        })
        .collect();
    let usage: Vec<String> = ids
        .iter()
        .map(|k| format!(r#"{{"type":"daily","tenant":"t{k}","usage_type":"compute","amount":"{}","from":"2026-03-01","to":"2026-04-30"}}"#, 10 * (k + 1)))
        .collect();
    parse_scenario(&format!(
        r#"{{"start":"2026-03-01","until":"2026-04-30","tenants":[{}],"events":[{}],"usage":[{}]}}"#,
        tenants.join(","),
        events.join(","),
        usage.join(",")
    ))
    .unwrap()
}

#[test]
fn each_tenant_of_many_forecasts_as_it_would_alone() {
    // The daily series interleaves tenants day by day; each tenant's forecast
    // must read its own points only, exactly as a scenario of that tenant alone.
    let ids: Vec<usize> = (0..60).collect();
    let f = forecast::forecast_at(tenants_scenario(&ids), day("2026-03-11"), &Options::default()).unwrap();
    assert_eq!(f.tenants.len(), 60);
    for (k, t) in ids.iter().zip(&f.tenants) {
        let alone = forecast::forecast_at(tenants_scenario(&[*k]), day("2026-03-11"), &Options::default()).unwrap();
        assert_eq!(alone.tenants, std::slice::from_ref(t), "t{k}");
    }
    // t9: 100 a day over 10 days; 1,000 − 1,000 = 0 left, post-paid from as_of.
    let t9 = &f.tenants[9];
    assert_eq!((&*t9.tenant, t9.window_days, t9.daily_average.0), ("t9", 10, d("100")));
    assert_eq!(t9.postpaid_from, Some(day("2026-03-11")));
    // t4: 50 a day, 500 used, 500 left: 10 more days, depleted on 20 March.
    assert_eq!(f.tenants[4].sources[0].depleted_on, Some(day("2026-03-20")));
}
