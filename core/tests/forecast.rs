//! Forecasts of the seed examples, with dates worked out by hand, and a
//! forecast checked against the full simulation.

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
