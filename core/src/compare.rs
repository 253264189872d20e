//! What-if: two reports side by side (per tenant totals, invoices per month,
//! depletion dates) with the differences, and sweeps of one scenario value.
//!
//! ```
//! use billsim_core::{compare, parse_scenario, presets, simulate};
//! let base = parse_scenario(presets::get("seed002_prepaid").unwrap()).unwrap();
//! // What if we had pre-paid 2,000 instead of 1,000?
//! let variant = compare::with_override(&base, "/events/1/amount", &serde_json::json!("2000")).unwrap();
//! let c = compare::compare(&simulate(base, &Default::default()).unwrap(), &simulate(variant, &Default::default()).unwrap());
//! assert_eq!(c.totals.postpaid.delta.0, (-550).into()); // March's 550 post-paid disappears
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::Simulation;
use crate::error::{Error, ErrorCode, Issue, Result};
use crate::report::{Amt, Report, TenantSummary};
use crate::scenario::Scenario;
use crate::time::Minute;

/// Most values one sweep may try.
pub const MAX_SWEEP: usize = 1000;

/// A figure in both runs and `b − a`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Delta {
    /// Base.
    pub a: Amt,
    /// Variant.
    pub b: Amt,
    /// Variant minus base.
    pub delta: Amt,
}

impl Delta {
    fn new(a: Decimal, b: Decimal) -> Self {
        Self { a: Amt(a), b: Amt(b), delta: Amt(b - a) }
    }
}

/// A date in both runs and the days between (`b − a`, when both exist).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DateDelta {
    /// `tenant/source`, or the tenant.
    pub key: String,
    /// Base.
    pub a: Option<Minute>,
    /// Variant.
    pub b: Option<Minute>,
    /// Days from `a` to `b` (whole days, by calendar date).
    pub days: Option<i64>,
}

/// Run totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Totals {
    /// iCredits charged.
    pub charged: Delta,
    /// iCredits paid from pre-funded sources.
    pub prefunded: Delta,
    /// iCredits billed post-paid.
    pub postpaid: Delta,
    /// Invoice totals.
    pub invoiced: Delta,
}

/// One tenant in both runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TenantComparison {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Totals.
    pub totals: Totals,
    /// iCredits charged per usage type.
    pub by_usage: BTreeMap<String, Delta>,
    /// Storage at the end, TB.
    pub storage_tb: Delta,
    /// Samples blocked (usage refused), all types.
    pub samples_blocked: Delta,
}

/// One month's invoices in both runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MonthComparison {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Billing month.
    pub period: String,
    /// Invoice total (rounded up); zero when a run has no invoice that month.
    pub total: Delta,
}

/// Two reports side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Comparison {
    /// All tenants.
    pub totals: Totals,
    /// Per tenant (the union of both runs' tenants).
    pub tenants: Vec<TenantComparison>,
    /// Invoices per tenant and month.
    pub invoices: Vec<MonthComparison>,
    /// Depletion dates of every funding source (`tenant/source`).
    pub depletion: Vec<DateDelta>,
    /// When each tenant went post-paid for good.
    pub postpaid_since: Vec<DateDelta>,
}

impl Comparison {
    /// Canonical JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn totals_of(ts: &[&TenantSummary], invoiced: Decimal) -> [Decimal; 4] {
    let sum = |f: &dyn Fn(&TenantSummary) -> Decimal| ts.iter().map(|t| f(t)).sum::<Decimal>();
    [sum(&|t| t.icredits_charged.0), sum(&|t| t.icredits_prefunded.0), sum(&|t| t.icredits_postpaid.0), invoiced]
}

fn totals(a: [Decimal; 4], b: [Decimal; 4]) -> Totals {
    Totals { charged: Delta::new(a[0], b[0]), prefunded: Delta::new(a[1], b[1]), postpaid: Delta::new(a[2], b[2]), invoiced: Delta::new(a[3], b[3]) }
}

fn dates(a: &BTreeMap<String, Option<Minute>>, b: &BTreeMap<String, Option<Minute>>) -> Vec<DateDelta> {
    let keys: BTreeSet<&String> = crate::ordered(a.keys().chain(b.keys()));
    keys.into_iter()
        .map(|k| {
            let (x, y) = (a.get(k).copied().flatten(), b.get(k).copied().flatten());
            let days = x.zip(y).map(|(x, y)| x.day().days_until(y.day()));
            DateDelta { key: k.clone(), a: x, b: y, days }
        })
        .collect()
}

/// Compares two reports (invoices need detail monthly or more).
pub fn compare(a: &Report, b: &Report) -> Comparison {
    let ids: BTreeSet<Arc<str>> = crate::ordered(a.summary.tenants.iter().chain(&b.summary.tenants).map(|t| t.tenant.clone()));
    let find = |r: &'_ Report, id: &Arc<str>| r.summary.tenants.iter().find(|t| t.tenant == *id).cloned();
    let mut tenants = Vec::new();
    for id in &ids {
        let (ta, tb) = (find(a, id), find(b, id));
        let ta_ref: Vec<&TenantSummary> = ta.iter().collect();
        let tb_ref: Vec<&TenantSummary> = tb.iter().collect();
        let inv = |t: &Option<TenantSummary>| t.as_ref().map_or(Decimal::ZERO, |t| t.invoiced.0);
        let usage: BTreeSet<String> = crate::ordered(ta.iter().chain(tb.iter()).flat_map(|t| t.icredits_by_usage.keys().map(|u| u.as_str().to_string())));
        let by = |t: &Option<TenantSummary>, u: &str| {
            t.as_ref().and_then(|t| t.icredits_by_usage.iter().find(|(k, _)| k.as_str() == u).map(|(_, v)| v.0)).unwrap_or_default()
        };
        let blocked = |t: &Option<TenantSummary>| t.as_ref().map_or(Decimal::ZERO, |t| t.samples.iter().map(|s| s.blocked.0).sum());
        let storage = |t: &Option<TenantSummary>| t.as_ref().map_or(Decimal::ZERO, |t| t.storage_tb.0);
        tenants.push(TenantComparison {
            tenant: id.clone(),
            totals: totals(totals_of(&ta_ref, inv(&ta)), totals_of(&tb_ref, inv(&tb))),
            by_usage: crate::ordered(usage.iter().map(|u| (u.clone(), Delta::new(by(&ta, u), by(&tb, u))))),
            storage_tb: Delta::new(storage(&ta), storage(&tb)),
            samples_blocked: Delta::new(blocked(&ta), blocked(&tb)),
        });
    }
    let all_a: Vec<&TenantSummary> = a.summary.tenants.iter().collect();
    let all_b: Vec<&TenantSummary> = b.summary.tenants.iter().collect();
    let month_totals = |r: &Report| {
        let mut m: BTreeMap<(Arc<str>, String), Decimal> = BTreeMap::new();
        for i in &r.invoices {
            *m.entry((i.tenant.clone(), i.period.clone())).or_default() += i.total;
        }
        m
    };
    let (ma, mb) = (month_totals(a), month_totals(b));
    let months: BTreeSet<&(Arc<str>, String)> = crate::ordered(ma.keys().chain(mb.keys()));
    let invoices = months
        .into_iter()
        .map(|k| MonthComparison {
            tenant: k.0.clone(),
            period: k.1.clone(),
            total: Delta::new(ma.get(k).copied().unwrap_or_default(), mb.get(k).copied().unwrap_or_default()),
        })
        .collect();
    let depleted = |r: &Report| -> BTreeMap<String, Option<Minute>> {
        crate::ordered(r.summary.tenants.iter().flat_map(|t| t.sources.iter().map(move |s| (format!("{}/{}", t.tenant, s.id), s.depleted_at))))
    };
    let since = |r: &Report| -> BTreeMap<String, Option<Minute>> { crate::ordered(r.summary.tenants.iter().map(|t| (t.tenant.to_string(), t.postpaid_since))) };
    Comparison {
        totals: totals(totals_of(&all_a, a.summary.invoiced.0), totals_of(&all_b, b.summary.invoiced.0)),
        tenants,
        invoices,
        depletion: dates(&depleted(a), &depleted(b)),
        postpaid_since: dates(&since(a), &since(b)),
    }
}

/// Runs scenario JSON `a` and `b` with the same options JSON (`{"detail": …}`,
/// empty for the defaults) and returns the canonical Comparison JSON
/// (`b − a`): what the front ends call. An error in a scenario names it: its
/// paths start `/a` or `/b` and its messages `scenario a: ` or `scenario b: `.
pub fn compare_json(a: &str, b: &str, options_json: &str) -> Result<String> {
    // Both are read, then the options, then both validated, before either
    // runs: a mistake in b is reported without waiting for a's run.
    let (a, b) = (side("a", crate::parse_scenario(a))?, side("b", crate::parse_scenario(b))?);
    let detail = crate::validate::parse_options::<crate::Options>(options_json)?.detail;
    let (a, b) = (side("a", Simulation::new(a, detail))?, side("b", Simulation::new(b, detail))?);
    let (ra, rb) = (side("a", a.finish())?, side("b", b.finish())?);
    Ok(compare(&ra, &rb).to_json())
}

/// `r` with every issue of its error moved under `/name`, its message saying which scenario.
fn side<T>(name: &str, r: Result<T>) -> Result<T> {
    r.map_err(|e| {
        let issues = e.issues().iter().map(|i| Issue::new(i.code, format!("/{name}{}", i.path), format!("scenario {name}: {}", i.message))).collect();
        Error::from_issues(issues).unwrap_or(e)
    })
}

/// A copy of `scenario` with the value at JSON pointer `pointer` replaced
/// (e.g. `/events/1/amount` → `"5000"`). The result is parsed and checked
/// like any scenario; a pointer that names nothing is an `invalid_value`.
pub fn with_override(scenario: &Scenario, pointer: &str, value: &serde_json::Value) -> Result<Scenario> {
    let mut v = serde_json::to_value(scenario).map_err(|e| Error::new(ErrorCode::InvalidValue, "", e.to_string()))?;
    match v.pointer_mut(pointer) {
        Some(slot) => *slot = value.clone(),
        None => return Err(Error::new(ErrorCode::InvalidValue, pointer, format!("'{pointer}' names nothing in the scenario"))),
    }
    crate::validate::parse(&v.to_string())
}

/// One value of a sweep and its run's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SweepRow {
    /// The value tried.
    #[schemars(with = "serde_json::Value")]
    pub value: serde_json::Value,
    /// Totals against the first value's run.
    pub totals: Totals,
    /// Invoice totals per month, all tenants.
    pub invoices: BTreeMap<String, Amt>,
    /// First post-paid instant per tenant.
    pub postpaid_since: BTreeMap<String, Option<Minute>>,
}

/// Runs `scenario` once per value at `pointer` (detail monthly); each row's
/// deltas are against the first value's run.
pub fn sweep(scenario: &Scenario, pointer: &str, values: &[serde_json::Value]) -> Result<Vec<SweepRow>> {
    if values.is_empty() || values.len() > MAX_SWEEP {
        return Err(Error::new(ErrorCode::LimitExceeded, "/values", format!("a sweep tries 1..={MAX_SWEEP} values")));
    }
    let mut reports = Vec::with_capacity(values.len());
    for v in values {
        let sc = with_override(scenario, pointer, v)?;
        reports.push(Simulation::new(sc, crate::report::Detail::Monthly)?.finish()?);
    }
    let mut rows = Vec::with_capacity(values.len());
    if let Some(base) = reports.first() {
        for (v, r) in values.iter().zip(&reports) {
            let c = compare(base, r);
            let mut invoices: BTreeMap<String, Amt> = BTreeMap::new();
            for i in &r.invoices {
                invoices.entry(i.period.clone()).or_default().0 += i.total;
            }
            rows.push(SweepRow {
                value: v.clone(),
                totals: c.totals,
                invoices,
                postpaid_since: crate::ordered(r.summary.tenants.iter().map(|t| (t.tenant.to_string(), t.postpaid_since))),
            });
        }
    }
    Ok(rows)
}
