//! Forecast from usage so far (seed 002: "Based on your average usage, you'll
//! likely need to buy additional pre-paid iCredits before the billing period
//! ends"; Usage Explorer: "forecast future needs").
//!
//! The forecast reads a report taken at a day boundary (the step API:
//! `Simulation::advance_to(midnight)` then `report()`, detail daily or full),
//! averages each tenant's daily iCredit charges over a trailing window, and
//! projects that average day by day: drawn from the live pre-funded sources
//! in the drawdown order, expiring Open POs and promotional credits on their
//! dates, and billing the rest post-paid. From that it gives each source's
//! depletion date (or what is left when it expires), the month-end post-paid
//! estimate and the next invoices, and "buy-by" advice.
//!
//! Policy `window`: the average is over the last `window_days` (default 30)
//! complete days before `as_of`, but never before the tenant's first charge —
//! a lab that started on 1 March is averaged from 1 March, not diluted by the
//! empty days before. Future scenario events (purchases not yet made) are not
//! part of a forecast from usage.
//!
//! ```
//! use billsim_core::{forecast, presets, parse_scenario, time::Day};
//! let sc = parse_scenario(presets::get("seed002_prepaid").unwrap()).unwrap();
//! let f = forecast::forecast_at(sc, Day::parse("2026-03-16").unwrap(), &Default::default()).unwrap();
//! let src = &f.tenants[0].sources[0];
//! assert_eq!(src.depleted_on.unwrap().to_string(), "2026-03-20");
//! ```

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::engine::Simulation;
use crate::error::{Error, ErrorCode, Result};
use crate::funding::SourceKind;
use crate::money::{ceil_whole, to_charge_scale};
use crate::policy::DrawdownOrder;
use crate::report::{Amt, DailyPoint, Detail, Report, TenantSummary};
use crate::scenario::Scenario;
use crate::time::{Day, Minute};

/// Longest projection, days (the horizon limit of a scenario).
pub const MAX_FORECAST_DAYS: i64 = crate::validate::MAX_HORIZON_YEARS * 366;

fn thirty() -> u32 {
    30
}

/// How to forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// First projected day; default the day after the report's last daily point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Day>,
    /// Trailing days averaged (default 30), never before the first charge.
    #[serde(default = "thirty")]
    pub window_days: u32,
    /// Last projected day; default the report's `until`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<Day>,
    /// Drawdown order among sources (the scenario's policy; `forecast_at` fills it in).
    #[serde(default)]
    pub drawdown_order: DrawdownOrder,
}

impl Default for Options {
    fn default() -> Self {
        Self { as_of: None, window_days: 30, horizon: None, drawdown_order: DrawdownOrder::default() }
    }
}

/// How a pre-funded source ends in the projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Used up on `depleted_on` (an Open PO: exhausted before its expiry).
    Depleted,
    /// Reaches its expiry with `left_at_expiry` credits unused.
    Expires,
    /// Still has credits at the horizon.
    Lasts,
    /// Already used up or expired at `as_of`.
    Ended,
}

/// One source's projection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SourceForecast {
    /// Source id.
    pub id: Arc<str>,
    /// Kind.
    pub kind: SourceKind,
    /// iCredits left at `as_of`.
    pub remaining: Amt,
    /// Contract or grant expiry.
    pub expires_at: Option<Minute>,
    /// Projected outcome.
    pub outcome: Outcome,
    /// Day the balance is projected to reach zero.
    pub depleted_on: Option<Day>,
    /// iCredits projected to be left when it expires.
    pub left_at_expiry: Option<Amt>,
    /// iCredits left at the horizon.
    pub remaining_at_horizon: Amt,
}

/// A projected monthly invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProjectedInvoice {
    /// Billing month.
    pub period: String,
    /// Issue instant (first minute of the next month).
    pub issued_at: Minute,
    /// Post-paid already accrued in the month at `as_of`.
    pub accrued: Amt,
    /// Accrued plus projected post-paid.
    pub exact_total: Amt,
    /// Rounded up to the whole iCredit, as the invoice will be.
    pub total: Amt,
    /// Whether the month runs past the horizon (the projection stops there).
    pub partial: bool,
}

/// One tenant's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TenantForecast {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// First day averaged.
    pub window_from: Option<Day>,
    /// Days averaged.
    pub window_days: u32,
    /// iCredits charged in the window.
    pub window_charged: Amt,
    /// Average iCredits per day (the projected daily usage).
    pub daily_average: Amt,
    /// Live pre-funded iCredits at `as_of`.
    pub prefunded_remaining: Amt,
    /// Projected sources, in drawdown order.
    pub sources: Vec<SourceForecast>,
    /// First day projected usage is billed post-paid (none: pre-funding lasts).
    pub postpaid_from: Option<Day>,
    /// Post-paid iCredits of the open month so far.
    pub month_to_date_postpaid: Amt,
    /// Projected post-paid iCredits of the open month at its end.
    pub month_end_postpaid: Amt,
    /// Projected post-paid iCredits from `as_of` to the horizon.
    pub projected_postpaid: Amt,
    /// Projected invoices from the open month on.
    pub invoices: Vec<ProjectedInvoice>,
    /// Latest day to buy or contract more pre-funded iCredits to avoid
    /// post-paid billing (`as_of` when it is already due).
    pub buy_by: Option<Day>,
    /// Whole iCredits that would cover the projected post-paid usage to the horizon.
    pub credits_to_cover_horizon: Amt,
}

/// The forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Forecast {
    /// First projected day.
    pub as_of: Day,
    /// Last projected day.
    pub horizon: Day,
    /// Per tenant.
    pub tenants: Vec<TenantForecast>,
}

impl Forecast {
    /// Canonical JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Runs `scenario` to midnight at the start of `as_of` (step API) and
/// forecasts from there with the scenario's drawdown policy. An `as_of` in
/// `options` must be this one (it would otherwise be ignored).
pub fn forecast_at(scenario: Scenario, as_of: Day, options: &Options) -> Result<Forecast> {
    if let Some(other) = options.as_of.filter(|&d| d != as_of) {
        return Err(Error::new(ErrorCode::InvalidValue, "/as_of", format!("the options' as_of {other} differs from the as_of given, {as_of}")));
    }
    not_before_start(as_of, scenario.start)?;
    let order = scenario.policies.drawdown_order;
    let mut sim = Simulation::new(scenario, Detail::Daily)?;
    sim.advance_to(Minute::start_of(as_of))?;
    let report = sim.report();
    // The horizon stays unset when not given, so an error can tell which field is at fault.
    let o = Options { as_of: Some(as_of), drawdown_order: order, ..options.clone() };
    forecast(&report, &o)
}

/// Forecasts from a report taken at midnight (detail daily or full).
pub fn forecast(report: &Report, options: &Options) -> Result<Forecast> {
    if report.detail < Detail::Daily {
        return Err(Error::new(ErrorCode::InvalidValue, "/detail", "a forecast needs a report with detail 'daily' or 'full' (the daily series)"));
    }
    if options.window_days == 0 || i64::from(options.window_days) > MAX_FORECAST_DAYS {
        return Err(Error::new(ErrorCode::InvalidValue, "/window_days", format!("window_days must be 1..={MAX_FORECAST_DAYS}")));
    }
    let as_of = options
        .as_of
        .or_else(|| report.daily.iter().map(|p| p.date).max().map(Day::succ))
        .unwrap_or(report.summary.start);
    let until = report.summary.until;
    not_before_start(as_of, report.summary.start)?;
    let horizon = match options.horizon {
        Some(h) if h < as_of => return Err(Error::new(ErrorCode::EndBeforeStart, "/horizon", format!("the horizon {h} is before as_of {as_of}"))),
        Some(h) => h,
        None if until < as_of => {
            return Err(Error::new(ErrorCode::EndBeforeStart, "/as_of", format!("as_of {as_of} is after the scenario's until {until}, the default horizon: give a later horizon")));
        }
        None => until,
    };
    if as_of.days_until(horizon) > MAX_FORECAST_DAYS {
        return Err(Error::new(ErrorCode::HorizonTooLong, "/horizon", format!("a forecast covers at most {MAX_FORECAST_DAYS} days")));
    }
    // The daily series, split by tenant in one pass (it holds a point per tenant and day).
    let index: HashMap<&str, usize> = report.summary.tenants.iter().enumerate().map(|(i, t)| (&*t.tenant, i)).collect();
    let mut points: Vec<Vec<&DailyPoint>> = vec![Vec::new(); report.summary.tenants.len()];
    for p in report.daily.iter().filter(|p| p.date < as_of) {
        if let Some(&i) = index.get(&*p.tenant) {
            points[i].push(p);
        }
    }
    let tenants = report.summary.tenants.iter().zip(&points).map(|(t, points)| tenant(t, points, as_of, horizon, options)).collect();
    Ok(Forecast { as_of, horizon, tenants })
}

fn not_before_start(as_of: Day, start: Day) -> Result<()> {
    if as_of < start {
        return Err(Error::new(ErrorCode::InvalidValue, "/as_of", format!("as_of {as_of} is before the scenario's start {start}: there is no usage to forecast from")));
    }
    Ok(())
}

struct Live {
    index: usize,
    remaining: Decimal,
    depleted_on: Option<Day>,
    left_at_expiry: Option<Decimal>,
    ended: bool,
}

/// `points`: the tenant's daily points before `as_of`.
fn tenant(t: &TenantSummary, points: &[&DailyPoint], as_of: Day, horizon: Day, o: &Options) -> TenantForecast {
    // The average.
    let first_use = points.iter().filter(|p| !p.charged.0.is_zero()).map(|p| p.date).min();
    let window_from = first_use.map(|f| f.max(as_of.plus_days(-i64::from(o.window_days))));
    let (window_days, window_charged) = match window_from {
        Some(from) => {
            let days = from.days_until(as_of).max(0) as u32;
            let sum: Decimal = points.iter().filter(|p| p.date >= from).map(|p| p.charged.0).sum();
            (days, sum)
        }
        None => (0, Decimal::ZERO),
    };
    let rate = if window_days == 0 { Decimal::ZERO } else { to_charge_scale(window_charged / Decimal::from(window_days)) };

    // The sources, in drawdown order.
    let start = Minute::start_of(as_of);
    // Summaries list sources in registration order, so the index is the sequence (the key's last part).
    let order: BTreeSet<_> =
        crate::ordered((0..t.sources.len()).map(|i| crate::funding::drawdown_key(o.drawdown_order, t.sources[i].expires_at, t.sources[i].kind, i)));
    let mut live: Vec<Live> = order
        .iter()
        .map(|&(_, _, i)| {
            let s = &t.sources[i];
            let ended = s.remaining.is_zero() || s.expired_at.is_some() || s.expires_at.is_some_and(|e| e <= start);
            Live { index: i, remaining: if ended { Decimal::ZERO } else { s.remaining }, depleted_on: None, left_at_expiry: None, ended }
        })
        .collect();
    let prefunded_remaining: Decimal = live.iter().map(|l| l.remaining).sum();

    // Day by day: a source is usable on a day it is live for the whole day.
    let mut postpaid_from = None;
    let mut by_month: Vec<(String, Day, Decimal, bool)> = Vec::new();
    let mut projected_postpaid = Decimal::ZERO;
    let mut day = as_of;
    while day <= horizon {
        for l in &mut live {
            let s = &t.sources[l.index];
            if !l.ended && l.remaining > Decimal::ZERO && s.expires_at.is_some_and(|e| e < day.end()) {
                l.left_at_expiry = Some(l.remaining);
                l.remaining = Decimal::ZERO;
                l.ended = true;
            }
        }
        let mut left = rate;
        for l in &mut live {
            if left.is_zero() {
                break;
            }
            if l.ended || l.remaining.is_zero() {
                continue;
            }
            let take = left.min(l.remaining);
            l.remaining -= take;
            left -= take;
            if l.remaining.is_zero() {
                l.depleted_on = Some(day);
                l.ended = true;
            }
        }
        if by_month.last().is_none_or(|(p, _, _, _)| *p != day.period()) {
            let last = month_last_day(day);
            by_month.push((day.period(), last, Decimal::ZERO, last > horizon));
        }
        if left > Decimal::ZERO {
            postpaid_from.get_or_insert(day);
            projected_postpaid += left;
            if let Some(m) = by_month.last_mut() {
                m.2 += left;
            }
        }
        day = day.succ();
    }
    // Credits still there when the contract ends on the horizon's last day.
    for l in &mut live {
        if !l.ended && l.remaining > Decimal::ZERO && t.sources[l.index].expires_at.is_some_and(|e| e <= horizon.end()) {
            l.left_at_expiry = Some(l.remaining);
            l.remaining = Decimal::ZERO;
            l.ended = true;
        }
    }

    let mtd = t.month_to_date_postpaid.0;
    let current = as_of.period();
    let invoices: Vec<ProjectedInvoice> = by_month
        .iter()
        .filter_map(|(period, last, projected, partial)| {
            let accrued = if *period == current { mtd } else { Decimal::ZERO };
            let exact = accrued + projected;
            (exact > Decimal::ZERO).then(|| ProjectedInvoice {
                period: period.clone(),
                issued_at: last.end(),
                accrued: Amt(accrued),
                exact_total: Amt(exact.normalize()),
                total: Amt(ceil_whole(exact)),
                partial: *partial,
            })
        })
        .collect();
    let month_end_postpaid = mtd + by_month.first().filter(|m| m.0 == current).map_or(Decimal::ZERO, |m| m.2);
    let sources = live
        .iter()
        .map(|l| {
            let s = &t.sources[l.index];
            let already = l.ended && l.depleted_on.is_none() && l.left_at_expiry.is_none();
            let outcome = if already {
                Outcome::Ended
            } else if l.depleted_on.is_some() {
                Outcome::Depleted
            } else if l.left_at_expiry.is_some() {
                Outcome::Expires
            } else {
                Outcome::Lasts
            };
            SourceForecast {
                id: s.id.clone(),
                kind: s.kind,
                remaining: Amt(if already { Decimal::ZERO } else { s.remaining }),
                expires_at: s.expires_at,
                outcome,
                depleted_on: l.depleted_on,
                left_at_expiry: l.left_at_expiry.map(|d| Amt(d.normalize())),
                remaining_at_horizon: Amt(l.remaining.normalize()),
            }
        })
        .collect();
    TenantForecast {
        tenant: t.tenant.clone(),
        window_from,
        window_days,
        window_charged: Amt(window_charged),
        daily_average: Amt(rate.normalize()),
        prefunded_remaining: Amt(prefunded_remaining),
        sources,
        postpaid_from,
        month_to_date_postpaid: Amt(mtd),
        month_end_postpaid: Amt(month_end_postpaid.normalize()),
        projected_postpaid: Amt(projected_postpaid.normalize()),
        invoices,
        buy_by: postpaid_from.map(|d| d.plus_days(-1).max(as_of)),
        credits_to_cover_horizon: Amt(ceil_whole(projected_postpaid)),
    }
}

fn month_last_day(day: Day) -> Day {
    let mut d = day;
    for _ in 0..31 {
        if d.is_month_end() {
            break;
        }
        d = d.succ();
    }
    d
}

/// Scenario JSON, the first projected day and options JSON (every field
/// optional; empty for the defaults) in, canonical Forecast JSON out.
pub fn forecast_json(scenario_json: &str, as_of: &str, options_json: &str) -> Result<String> {
    let scenario = crate::validate::parse(scenario_json)?;
    let as_of = Day::parse(as_of).map_err(|m| Error::new(ErrorCode::InvalidTime, "/as_of", m))?;
    let options: Options = crate::validate::parse_options(options_json)?;
    Ok(forecast_at(scenario, as_of, &options)?.to_json())
}
