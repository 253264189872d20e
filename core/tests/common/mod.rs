//! Shared test helpers: the "nothing lost" invariant checker every property
//! test, preset and fixture run goes through, and a panic-catching runner
//! for hostile input.
//!
//! `check_invariants` needs a `Detail::Full` report (it reads the ledger).

#![allow(dead_code)] // each test binary uses its own subset

use std::collections::{BTreeMap, HashMap, HashSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use billsim_core::report::{Currency, LedgerRow, Origin, RowKind};
use billsim_core::rejection::RejectionCode;
use billsim_core::time::Minute;
use billsim_core::{Detail, Error, Options, Report};
use rust_decimal::{Decimal, RoundingStrategy};

/// Options asking for the whole report (ledger included).
pub fn full() -> Options {
    Options { detail: Detail::Full }
}

fn origin(o: &Origin) -> String {
    match o {
        Origin::Event(i) => format!("event {i}"),
        Origin::Profile(k) => format!("usage/{k}"),
        Origin::Generator(g) => (*g).to_string(),
        #[allow(unreachable_patterns)]
        _ => format!("{o:?}"),
    }
}

fn row_str(r: &LedgerRow) -> String {
    format!(
        "{} {} {:?} {:?} src={:?} amount={} bal={:?} ({})",
        r.at,
        r.tenant,
        r.kind,
        r.usage_type.as_deref(),
        r.source.as_deref(),
        r.amount,
        r.balance_after,
        origin(&r.event)
    )
}

fn period(m: Minute) -> String {
    m.day().period()
}

/// Checks every "nothing lost" invariant of DESIGN.md and issue 10 on a full
/// report. Returns the first few violations, one per line.
pub fn check_invariants(report: &Report) -> Result<(), String> {
    let mut errs: Vec<String> = Vec::new();
    let mut err = |s: String| {
        if errs.len() < 20 {
            errs.push(s);
        }
    };
    if report.detail != Detail::Full {
        return Err("check_invariants needs a Detail::Full report".into());
    }
    let ledger = &report.ledger;

    // 0. Amounts: never negative, every balance_after at or above zero.
    for r in ledger {
        if r.amount < Decimal::ZERO {
            err(format!("negative amount: {}", row_str(r)));
        }
        if r.balance_after.is_some_and(|b| b < Decimal::ZERO) {
            err(format!("balance below zero: {}", row_str(r)));
        }
    }

    // 1. Charges = drawdowns + post-paid, per (at, tenant, event, usage_type).
    type Key = (i64, String, String, Option<String>);
    let key = |r: &LedgerRow| -> Key {
        (r.at.0, r.tenant.to_string(), origin(&r.event), r.usage_type.as_deref().map(str::to_string))
    };
    let mut charged: BTreeMap<Key, Decimal> = BTreeMap::new();
    let mut paid: BTreeMap<Key, Decimal> = BTreeMap::new();
    for r in ledger.iter().filter(|r| r.currency == Currency::Icredits) {
        match r.kind {
            RowKind::Charge => *charged.entry(key(r)).or_default() += r.amount,
            RowKind::Drawdown | RowKind::Postpaid => *paid.entry(key(r)).or_default() += r.amount,
            _ => {}
        }
    }
    for (k, c) in &charged {
        let p = paid.get(k).copied().unwrap_or_default();
        if *c != p {
            err(format!("charge {c} at {k:?} is covered by drawdowns + post-paid of {p}"));
        }
    }
    for (k, p) in &paid {
        if !charged.contains_key(k) {
            err(format!("drawdown/post-paid {p} at {k:?} without a charge"));
        }
    }
    // The same, in ledger order: a charge row is followed at once by its slices.
    let mut i = 0;
    while i < ledger.len() {
        if ledger[i].kind == RowKind::Charge {
            let c = &ledger[i];
            let mut sum = Decimal::ZERO;
            let mut j = i + 1;
            while j < ledger.len() && matches!(ledger[j].kind, RowKind::Drawdown | RowKind::Postpaid) {
                if key(&ledger[j]) != key(c) {
                    err(format!("slice {} follows charge {}", row_str(&ledger[j]), row_str(c)));
                }
                sum += ledger[j].amount;
                j += 1;
            }
            if sum != c.amount {
                err(format!("charge {} is followed by slices summing to {sum}", row_str(c)));
            }
            i = j;
        } else {
            if matches!(ledger[i].kind, RowKind::Drawdown | RowKind::Postpaid) {
                err(format!("slice without a charge before it: {}", row_str(&ledger[i])));
            }
            i += 1;
        }
    }

    // 2. Per source: purchase = drawdowns + expiry + remaining; balances run
    //    down exactly; no use outside the validity window.
    for t in &report.summary.tenants {
        let mut seen = HashSet::new();
        for s in &t.sources {
            if !seen.insert(s.id.to_string()) {
                err(format!("tenant {}: two funding sources share the id '{}'", t.tenant, s.id));
            }
        }
    }
    for t in &report.summary.tenants {
        for s in &t.sources {
            let rows: Vec<&LedgerRow> = ledger
                .iter()
                .filter(|r| {
                    r.currency == Currency::Icredits && *r.tenant == *t.tenant && r.source.as_deref() == Some(&*s.id)
                })
                .collect();
            let mut purchase = Decimal::ZERO;
            let mut drawn = Decimal::ZERO;
            let mut expired = Decimal::ZERO;
            let mut balance = Decimal::ZERO;
            for r in &rows {
                match r.kind {
                    RowKind::Purchase => {
                        purchase += r.amount;
                        balance += r.amount;
                    }
                    RowKind::Drawdown => {
                        drawn += r.amount;
                        balance -= r.amount;
                        if r.at < s.valid_from {
                            err(format!("{} drawn before it was registered at {}: {}", s.id, s.valid_from, row_str(r)));
                        }
                        if let Some(e) = s.expires_at {
                            if r.at >= e {
                                err(format!("{} drawn at/after its expiry {e}: {}", s.id, row_str(r)));
                            }
                        }
                        if let Some(e) = s.expired_at {
                            if r.at >= e {
                                err(format!("{} drawn at/after it expired {e}: {}", s.id, row_str(r)));
                            }
                        }
                    }
                    RowKind::Expiry => {
                        expired += r.amount;
                        balance -= r.amount;
                    }
                    _ => {}
                }
                if let Some(b) = r.balance_after {
                    if b != balance {
                        err(format!("{}: balance_after {b}, running balance {balance}: {}", s.id, row_str(r)));
                    }
                }
            }
            if purchase != s.quantity {
                err(format!("{} {}: purchase rows {purchase} != quantity {}", t.tenant, s.id, s.quantity));
            }
            if purchase != drawn + expired + s.remaining {
                err(format!(
                    "{} {}: purchase {purchase} != drawdowns {drawn} + expiry {expired} + remaining {}",
                    t.tenant, s.id, s.remaining
                ));
            }
            if s.used != drawn {
                err(format!("{} {}: summary used {} != drawdowns {drawn}", t.tenant, s.id, s.used));
            }
            if s.remaining < Decimal::ZERO {
                err(format!("{} {}: remaining {} below zero", t.tenant, s.id, s.remaining));
            }
            if s.expired_at.is_some() && !s.remaining.is_zero() {
                err(format!("{} {}: expired but {} remaining", t.tenant, s.id, s.remaining));
            }
        }
    }

    // 3. Invoices: exact_total = the tenant-month's post-paid rows = the sum
    //    of its lines; total = ceil(exact_total); the rest is month to date.
    let mut postpaid_by_month: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    let mut postpaid_by_tenant: HashMap<String, Decimal> = HashMap::new();
    for r in ledger.iter().filter(|r| r.kind == RowKind::Postpaid) {
        *postpaid_by_month.entry((r.tenant.to_string(), period(r.at))).or_default() += r.amount;
        *postpaid_by_tenant.entry(r.tenant.to_string()).or_default() += r.amount;
    }
    let mut invoiced: HashMap<String, Decimal> = HashMap::new();
    let mut invoiced_months = HashSet::new();
    for inv in &report.invoices {
        let k = (inv.tenant.to_string(), inv.period.clone());
        if !invoiced_months.insert(k.clone()) {
            err(format!("two invoices for {k:?}"));
        }
        let rows = postpaid_by_month.get(&k).copied().unwrap_or_default();
        if inv.exact_total != rows {
            err(format!("invoice {k:?}: exact_total {} != post-paid rows {rows}", inv.exact_total));
        }
        let lines: Decimal = inv.lines.iter().map(|l| l.amount).sum();
        if lines != inv.exact_total {
            err(format!("invoice {k:?}: lines sum {lines} != exact_total {}", inv.exact_total));
        }
        let ceil = inv.exact_total.round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
        if inv.total != ceil {
            err(format!("invoice {k:?}: total {} != ceil(exact_total) {ceil}", inv.total));
        }
        *invoiced.entry(k.0.clone()).or_default() += inv.exact_total;
        // The ledger's invoice row carries the rounded total.
        let row = ledger.iter().find(|r| {
            r.kind == RowKind::Invoice && *r.tenant == *inv.tenant && r.at == inv.issued_at
        });
        match row {
            Some(r) if r.amount == inv.total => {}
            Some(r) => err(format!("invoice {k:?}: ledger row says {} but total is {}", r.amount, inv.total)),
            None => err(format!("invoice {k:?}: no invoice row in the ledger")),
        }
    }
    for ((tenant, month), amount) in &postpaid_by_month {
        // A month with post-paid usage that closed inside the horizon has an invoice.
        let until = report.summary.until;
        let closes = until.period() != *month || until.is_month_end();
        if closes && *amount > Decimal::ZERO && !invoiced_months.contains(&(tenant.clone(), month.clone())) {
            err(format!("{tenant} {month}: {amount} post-paid iCredits and no invoice"));
        }
    }

    // 4. Summary totals agree with the ledger.
    for t in &report.summary.tenants {
        let tid = t.tenant.to_string();
        let sum = |kind: RowKind| -> Decimal {
            ledger
                .iter()
                .filter(|r| r.kind == kind && r.currency == Currency::Icredits && *r.tenant == *t.tenant)
                .map(|r| r.amount)
                .sum()
        };
        let charges = sum(RowKind::Charge);
        let draws = sum(RowKind::Drawdown);
        let post = postpaid_by_tenant.get(&tid).copied().unwrap_or_default();
        if t.icredits_charged.0 != charges {
            err(format!("{tid}: summary charged {} != charge rows {charges}", t.icredits_charged.0));
        }
        if t.icredits_prefunded.0 != draws {
            err(format!("{tid}: summary prefunded {} != drawdown rows {draws}", t.icredits_prefunded.0));
        }
        if t.icredits_postpaid.0 != post {
            err(format!("{tid}: summary postpaid {} != post-paid rows {post}", t.icredits_postpaid.0));
        }
        if charges != draws + post {
            err(format!("{tid}: charges {charges} != drawdowns {draws} + post-paid {post}"));
        }
        let inv = invoiced.get(&tid).copied().unwrap_or_default();
        if inv + t.month_to_date_postpaid.0 != post {
            err(format!(
                "{tid}: invoiced exact {inv} + month to date {} != post-paid rows {post}",
                t.month_to_date_postpaid.0
            ));
        }
        let by_usage: Decimal = t.icredits_by_usage.values().map(|a| a.0).sum();
        if by_usage != charges {
            err(format!("{tid}: charged by usage type {by_usage} != charge rows {charges}"));
        }
        // 5. Samples: never negative; purchased = used + remaining.
        for s in &t.samples {
            if s.remaining.0 < Decimal::ZERO || s.used.0 < Decimal::ZERO || s.blocked.0 < Decimal::ZERO {
                err(format!("{tid} {}: negative samples {:?}", s.sample_type, s));
            }
            if s.purchased.0 != s.used.0 + s.remaining.0 {
                err(format!("{tid} {}: purchased {} != used {} + remaining {}", s.sample_type, s.purchased.0, s.used.0, s.remaining.0));
            }
            let used_rows: Decimal = ledger
                .iter()
                .filter(|r| {
                    r.kind == RowKind::SampleUsage && *r.tenant == *t.tenant && r.usage_type.as_deref() == Some(&*s.sample_type)
                })
                .map(|r| r.amount)
                .sum();
            if used_rows != s.used.0 {
                err(format!("{tid} {}: sample usage rows {used_rows} != used {}", s.sample_type, s.used.0));
            }
        }
    }
    // Sample balances run down exactly in ledger order.
    let mut samples: HashMap<(String, String), Decimal> = HashMap::new();
    for r in ledger.iter().filter(|r| r.currency == Currency::Samples) {
        let k = (r.tenant.to_string(), r.usage_type.as_deref().unwrap_or_default().to_string());
        let b = samples.entry(k).or_default();
        match r.kind {
            RowKind::Purchase => *b += r.amount,
            RowKind::SampleUsage => *b -= r.amount,
            _ => err(format!("unexpected Samples row {}", row_str(r))),
        }
        if r.balance_after != Some(*b) {
            err(format!("samples balance_after {:?} != running {b}: {}", r.balance_after, row_str(r)));
        }
    }
    let total_charged: Decimal = report.summary.tenants.iter().map(|t| t.icredits_charged.0).sum();
    if report.summary.icredits_charged.0 != total_charged {
        err("summary icredits_charged != sum over tenants".into());
    }

    // 6. A rejected event leaves no ledger row (blocked usage is charged nothing).
    let rejected: HashSet<String> = report
        .rejections
        .iter()
        .filter(|r| matches!(r.event, Origin::Event(_)))
        .map(|r| origin(&r.event))
        .collect();
    for r in ledger {
        if matches!(r.event, Origin::Event(_)) && rejected.contains(&origin(&r.event)) {
            err(format!("rejected event has a ledger row: {}", row_str(r)));
        }
    }
    for rj in &report.rejections {
        if rj.code == RejectionCode::SamplesBlocked {
            if let Some(r) = ledger.iter().find(|r| r.event == rj.event && r.at == rj.at) {
                err(format!("blocked sample usage has a ledger row: {}", row_str(r)));
            }
        }
    }
    if report.summary.rejections != report.rejections.len() {
        err("summary.rejections != rejections.len()".into());
    }

    // 7. The run reached the horizon: one daily point per tenant per day.
    let days = report.summary.start.days_until(report.summary.until) + 1;
    let expected = days as usize * report.summary.tenants.len();
    if report.daily.len() != expected {
        err(format!("daily series has {} points, expected {expected}", report.daily.len()));
    }
    for d in &report.daily {
        if d.prefunded.0 < Decimal::ZERO || d.postpaid_mtd.0 < Decimal::ZERO || d.samples.iter().any(|(_, a)| a.0 < Decimal::ZERO) {
            err(format!("negative daily balance: {d:?}"));
        }
    }

    if errs.is_empty() {
        Ok(())
    } else {
        Err(errs.join("\n"))
    }
}

/// Runs `f`, turning a panic into a test failure that names the input.
pub fn no_panic<T>(what: &str, f: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(v) => v,
        Err(p) => {
            let msg = p
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            panic!("billsim panicked on hostile input ({what}): {msg}")
        }
    }
}

/// Parses and simulates scenario JSON (full detail) without letting a panic escape.
pub fn run_json(json: &str) -> Result<Report, Error> {
    let what: String = json.chars().take(300).collect();
    no_panic(&what, || billsim_core::parse_scenario(json).and_then(|s| billsim_core::simulate(s, &full())))
}
