//! Property tests of the "nothing lost" invariants (DESIGN.md "Invariants",
//! issue 10) over generated scenarios, plus every embedded preset and shared
//! fixture. The checker itself is `common::check_invariants`.
//!
//! Case count: `BILLSIM_PROPTEST_CASES` (default 1024), sized so the file runs
//! in a few seconds in release.

// Tests fail by panicking: the non-test lint policy does not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use serde_json::{json, Value};

use common::{check_invariants, full, no_panic};

fn cases() -> u32 {
    std::env::var("BILLSIM_PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(1024)
}

const SUBSCRIPTIONS: &[&str] = &[
    "basespace_professional",
    "basespace_enterprise",
    "ica_professional",
    "ica_enterprise",
    "cohorts",
    "connected_insights",
    "connected_multiomics",
    "emedgene_analyze",
    "emedgene_curate",
];
const SAMPLE_TYPES: &[&str] = &["emedgene_ge", "emedgene_array", "connected_insights_ge", "long_read_cloud"];
const APPS: &[&str] = &["rnaseq_alignment", "dragen_idt_small", "dragen_idt_large"];
const USAGE_TYPES: &[&str] =
    &["compute", "storage", "archive_storage", "archive_send", "archive_retrieve", "transfer", "app_fee", "other"];
const TIERS: &[&str] = &["subscription", "subscription", "subscription", "basic", "free_trial"];

/// The frame every event is drawn in.
#[derive(Debug, Clone, Copy)]
struct Frame {
    start: NaiveDate,
    days: i64,
    tenants: usize,
}

impl Frame {
    fn minute(&self, offset: i64) -> String {
        let m = offset.rem_euclid(self.days * 1440);
        let dt = self.start.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(m);
        // Vary the spellings the parser accepts.
        match m % 3 {
            0 => dt.format("%Y-%m-%dT%H:%MZ").to_string(),
            1 => dt.format("%Y-%m-%dT%H:%M:%S+00:00").to_string(),
            _ => dt.format("%Y-%m-%dT%H:%M").to_string(),
        }
    }
    fn day_of(&self, offset: i64) -> NaiveDate {
        self.start + Duration::days(offset.rem_euclid(self.days * 1440) / 1440)
    }
    /// A day on or after the event's day, possibly past the horizon.
    fn day_after(&self, offset: i64, later: i64) -> String {
        (self.day_of(offset) + Duration::days(later)).format("%Y-%m-%d").to_string()
    }
    fn day(&self, offset_days: i64) -> String {
        (self.start + Duration::days(offset_days.rem_euclid(self.days))).format("%Y-%m-%d").to_string()
    }
    fn tenant(&self, k: usize) -> String {
        format!("t{}", k % self.tenants)
    }
}

/// An exact decimal as a string, or sometimes a JSON integer (both accepted).
fn amount() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (0i64..50_000, 0u32..4).prop_map(|(n, s)| Value::String(rust_decimal::Decimal::new(n, s).to_string())),
        1 => (0u64..2_000).prop_map(|n| json!(n)),
        1 => Just(json!("0")),
    ]
}

fn small_amount() -> impl Strategy<Value = Value> {
    (0i64..3_000, 0u32..3).prop_map(|(n, s)| Value::String(rust_decimal::Decimal::new(n, s).to_string()))
}

fn tb() -> impl Strategy<Value = Value> {
    (0i64..400, 0u32..2).prop_map(|(n, s)| Value::String(rust_decimal::Decimal::new(n, s).to_string()))
}

/// One scenario event; `id` makes source ids unique.
fn event(f: Frame) -> impl Strategy<Value = Value> {
    let at = 0i64..f.days * 1440;
    let t = 0usize..8;
    prop_oneof![
        3 => (at.clone(), t.clone(), 0usize..SUBSCRIPTIONS.len(), -40i64..200, proptest::option::weighted(0.2, small_amount()))
            .prop_map(move |(m, k, p, len, promo)| {
                let mut e = json!({"at": f.minute(m), "type": "subscribe", "tenant": f.tenant(k),
                    "product": SUBSCRIPTIONS[p], "ends": f.day_after(m, len.max(0))});
                if let Some(a) = promo { e["promotional"] = a; }
                e
            }),
        3 => (at.clone(), t.clone(), amount(), any::<bool>()).prop_map(move |(m, k, a, named)| {
            let mut e = json!({"at": f.minute(m), "type": "prepaid", "tenant": f.tenant(k), "amount": a});
            if named { e["id"] = json!(format!("pp@{m}")); }
            e
        }),
        2 => (at.clone(), t.clone(), amount(), 0i64..90).prop_map(move |(m, k, a, len)| {
            json!({"at": f.minute(m), "type": "open_po", "tenant": f.tenant(k), "amount": a,
                   "expires": f.day_after(m, len), "id": format!("po@{m}")})
        }),
        2 => (at.clone(), t.clone(), small_amount(), proptest::option::of(0i64..60)).prop_map(move |(m, k, a, len)| {
            let mut e = json!({"at": f.minute(m), "type": "promotional", "tenant": f.tenant(k), "amount": a});
            if let Some(len) = len { e["expires"] = json!(f.day_after(m, len)); }
            e
        }),
        2 => (at.clone(), t.clone(), 0usize..SAMPLE_TYPES.len(), 0i64..300).prop_map(move |(m, k, s, q)| {
            json!({"at": f.minute(m), "type": "samples", "tenant": f.tenant(k), "sample_type": SAMPLE_TYPES[s], "quantity": q.to_string()})
        }),
        3 => (at.clone(), t.clone(), 0usize..SAMPLE_TYPES.len(), 0i64..120).prop_map(move |(m, k, s, q)| {
            json!({"at": f.minute(m), "type": "sample_usage", "tenant": f.tenant(k), "sample_type": SAMPLE_TYPES[s], "quantity": q.to_string()})
        }),
        4 => (at.clone(), t.clone(), proptest::option::of(0usize..APPS.len()), proptest::option::of(small_amount()),
              1u32..6, 0u64..1_500, any::<bool>(), 0u8..3)
            .prop_map(move |(m, k, app, rate, nodes, minutes, as_hours, ended)| {
                let mut e = json!({"at": f.minute(m), "type": "compute", "tenant": f.tenant(k), "nodes": nodes,
                    "ended_by": (["completed", "user", "platform_error"][ended as usize])});
                match (app, &rate) {
                    (Some(a), _) => e["app"] = json!(APPS[a]),
                    (None, None) => e["per_node_hour"] = json!("3"),
                    _ => {}
                }
                if let Some(r) = rate { e["per_node_hour"] = r; }
                if as_hours { e["hours"] = json!(format!("{}.{}", minutes / 60, minutes % 10)); } else { e["minutes"] = json!(minutes); }
                if minutes % 4 == 0 { e["project"] = json!("proj-a"); }
                e
            }),
        2 => (at.clone(), t.clone(), proptest::option::of(0usize..APPS.len()), small_amount(), any::<bool>()).prop_map(move |(m, k, app, a, err)| {
            let mut e = json!({"at": f.minute(m), "type": "app_fee", "tenant": f.tenant(k),
                "ended_by": if err { "platform_error" } else { "completed" }});
            match app { Some(app) if m % 2 == 0 => e["app"] = json!(APPS[app]), _ => e["amount"] = a }
            e
        }),
        3 => (at.clone(), t.clone(), tb()).prop_map(move |(m, k, tb)| {
            json!({"at": f.minute(m), "type": "storage", "tenant": f.tenant(k), "tb": tb})
        }),
        1 => (at.clone(), t.clone(), tb(), any::<bool>()).prop_map(move |(m, k, tb, archive)| {
            json!({"at": f.minute(m), "type": if archive { "archive" } else { "restore" }, "tenant": f.tenant(k), "tb": tb})
        }),
        2 => (at.clone(), t.clone(), proptest::option::of(tb())).prop_map(move |(m, k, tb)| {
            let mut e = json!({"at": f.minute(m), "type": "delete", "tenant": f.tenant(k)});
            if let Some(tb) = tb { e["tb"] = tb; }
            e
        }),
        1 => (at.clone(), t.clone(), tb()).prop_map(move |(m, k, tb)| {
            json!({"at": f.minute(m), "type": "transfer", "tenant": f.tenant(k), "tb": tb})
        }),
        4 => (at.clone(), t.clone(), 0usize..USAGE_TYPES.len(), amount()).prop_map(move |(m, k, u, a)| {
            json!({"at": f.minute(m), "type": "charge", "tenant": f.tenant(k), "usage_type": USAGE_TYPES[u], "amount": a})
        }),
        1 => (at.clone(), t.clone(), proptest::option::of(small_amount())).prop_map(move |(m, k, a)| {
            let mut e = json!({"at": f.minute(m), "type": "budget", "tenant": f.tenant(k)});
            if let Some(a) = a { e["amount"] = a; }
            e
        }),
        1 => (at, t).prop_map(move |(m, k)| json!({"at": f.minute(m), "type": "support_restore", "tenant": f.tenant(k)})),
    ]
}

fn profile(f: Frame) -> impl Strategy<Value = Value> {
    prop_oneof![
        (0usize..8, 0usize..USAGE_TYPES.len(), small_amount(), 0i64..200, 0i64..200, 0u32..1440, any::<bool>()).prop_map(
            move |(k, u, a, d1, d2, mod_, wd)| {
                let (a1, a2) = (d1.rem_euclid(f.days).min(d2.rem_euclid(f.days)), d1.rem_euclid(f.days).max(d2.rem_euclid(f.days)));
                json!({"type": "daily", "tenant": f.tenant(k), "usage_type": USAGE_TYPES[u], "amount": a,
                       "from": f.day(a1), "to": f.day(a2), "minute_of_day": mod_, "weekdays_only": wd})
            }
        ),
        (0usize..8, tb(), tb(), 0i64..200, proptest::option::of(tb())).prop_map(move |(k, init, per, d, cap)| {
            let mut p = json!({"type": "storage_growth", "tenant": f.tenant(k), "initial_tb": init, "tb_per_month": per,
                               "from": f.day(0), "to": f.day(d)});
            if let Some(c) = cap { p["cap_tb"] = c; }
            p
        }),
    ]
}

fn scenario() -> impl Strategy<Value = Value> {
    (0i64..800, 1i64..130, 1usize..4)
        .prop_flat_map(|(s, days, tenants)| {
            let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + Duration::days(s);
            let f = Frame { start, days, tenants };
            (
                Just(f),
                proptest::collection::vec(
                    (
                        0usize..TIERS.len(),
                        proptest::option::weighted(0.3, small_amount()),
                        // Most tenants subscribe on day one, so usage is not all rejected.
                        proptest::option::weighted(0.8, (0usize..SUBSCRIPTIONS.len(), 0i64..200)),
                    ),
                    tenants,
                ),
                proptest::collection::vec(event(f), 0..45),
                proptest::collection::vec(profile(f), 0..3),
                (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<u64>()),
            )
        })
        .prop_map(|(f, tenants, events, usage, (order, timing, allowance, bs_prepaid, zero_inv, seed))| {
            let first_subs: Vec<Value> = tenants
                .iter()
                .enumerate()
                .filter_map(|(i, (_, _, sub))| {
                    sub.map(|(p, len)| {
                        json!({"at": f.minute(0), "type": "subscribe", "tenant": format!("t{i}"),
                               "product": SUBSCRIPTIONS[p], "ends": f.day_after(0, len)})
                    })
                })
                .collect();
            let tenants: Vec<Value> = tenants
                .into_iter()
                .enumerate()
                .map(|(i, (tier, budget, _))| {
                    let mut t = json!({"id": format!("t{i}"), "tier": TIERS[tier], "admin": format!("admin{i}@lab.example.com")});
                    if let Some(b) = budget {
                        t["budget"] = b;
                    }
                    t
                })
                .collect();
            // Source ids must be unique: keep the first of each.
            let mut ids = std::collections::HashSet::new();
            let events: Vec<Value> = first_subs
                .into_iter()
                .chain(events)
                .map(|mut e| {
                    if let Some(id) = e.get("id").and_then(Value::as_str).map(str::to_string) {
                        if !ids.insert(id) {
                            e.as_object_mut().map(|o| o.remove("id"));
                        }
                    }
                    e
                })
                .collect();
            json!({
                "start": f.start.format("%Y-%m-%d").to_string(),
                "until": (f.start + Duration::days(f.days - 1)).format("%Y-%m-%d").to_string(),
                "seed": seed,
                "policies": {
                    "drawdown_order": if order { "earliest_expiry_first" } else { "registration_order" },
                    "promotional_timing": if timing { "seed003" } else { "real_time" },
                    "allowance_after_expiry": allowance,
                    "basespace_prepaid": bs_prepaid,
                    "zero_invoices": zero_inv,
                },
                "tenants": tenants,
                "events": events,
                "usage": usage,
            })
        })
}

/// Tenants whose tier has no post-paid billing (Basic, free trial).
fn no_postpaid_tenants(sc: &Value) -> Vec<String> {
    sc["tenants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["tier"] != "subscription")
        .filter_map(|t| t["id"].as_str().map(str::to_string))
        .collect()
}

fn run(sc: &Value) -> Result<billsim_core::Report, String> {
    let text = sc.to_string();
    let parsed = no_panic(&text, || billsim_core::parse_scenario(&text)).map_err(|e| format!("parse: {e}\n{text}"))?;
    no_panic(&text, || billsim_core::simulate(parsed, &full())).map_err(|e| format!("simulate: {e}\n{text}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 2000, ..ProptestConfig::default() })]

    /// Credits conserved, balances never negative, sources only used inside
    /// their windows, invoices = ceil of their month's post-paid rows, samples
    /// never negative, blocked usage charged nothing, rejections never stop
    /// the run, and the same scenario gives the same bytes.
    #[test]
    fn nothing_lost(sc in scenario()) {
        let report = run(&sc).map_err(TestCaseError::fail)?;
        if let Err(e) = check_invariants(&report) {
            return Err(TestCaseError::fail(format!("{e}\nscenario: {sc}")));
        }
        let again = run(&sc).map_err(TestCaseError::fail)?;
        let text = report.to_json();
        prop_assert!(text == again.to_json(), "same scenario, different report JSON");
        prop_assert!(text == serde_json::to_string(&report).unwrap(), "to_json differs from the derived Serialize");
    }

    /// Accounts without post-paid billing (Basic, free trial) are never
    /// billed post-paid or invoiced.
    #[test]
    fn no_postpaid_for_basic_or_free_trial(sc in scenario()) {
        let report = run(&sc).map_err(TestCaseError::fail)?;
        let no_pp = no_postpaid_tenants(&sc);
        for r in &report.ledger {
            if r.kind == billsim_core::report::RowKind::Postpaid && no_pp.iter().any(|t| **t == *r.tenant) {
                return Err(TestCaseError::fail(format!("post-paid row for {} ({:?} {}) at {}\nscenario: {sc}", r.tenant, r.usage_type, r.amount, r.at)));
            }
        }
    }
}

#[test]
fn every_preset_reconciles() {
    assert!(!billsim_core::presets::ALL.is_empty());
    for (name, json) in billsim_core::presets::ALL {
        let report = common::run_json(json).unwrap_or_else(|e| panic!("preset {name}: {e}"));
        if let Err(e) = check_invariants(&report) {
            panic!("preset {name} does not reconcile:\n{e}");
        }
        let again = common::run_json(json).unwrap_or_else(|e| panic!("preset {name}: {e}"));
        assert_eq!(report.to_json(), again.to_json(), "preset {name} is not deterministic");
    }
}

#[test]
fn every_fixture_reconciles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let Ok(entries) = std::fs::read_dir(&dir) else { return };
    let mut n = 0;
    for entry in entries.flatten() {
        let path = entry.path();
        let name = path.file_name().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if !name.ends_with(".scenario.json") {
            continue;
        }
        let json = std::fs::read_to_string(&path).unwrap_or_default();
        // Fixtures of bad input are expected to be refused; they must not panic.
        if let Ok(report) = common::run_json(&json) {
            if let Err(e) = check_invariants(&report) {
                panic!("fixture {name} does not reconcile:\n{e}");
            }
            n += 1;
        }
    }
    eprintln!("{n} fixtures reconciled");
}

/// The checker itself catches a lost credit (guards against a checker that
/// passes everything).
#[test]
fn checker_catches_tampering() {
    let mut report = common::run_json(billsim_core::presets::DEFAULT).expect("default runs");
    assert!(check_invariants(&report).is_ok());
    let i = report
        .ledger
        .iter()
        .position(|r| r.kind == billsim_core::report::RowKind::Drawdown)
        .expect("the default has drawdowns");
    report.ledger[i].amount += rust_decimal::Decimal::new(1, 6);
    let e = check_invariants(&report).expect_err("tampered ledger must fail");
    assert!(e.contains("covered by") || e.contains("slices summing"), "{e}");
    let mut report = common::run_json(billsim_core::presets::get("seed002_postpaid").expect("preset")).expect("runs");
    assert!(check_invariants(&report).is_ok());
    report.invoices[0].total += rust_decimal::Decimal::ONE;
    assert!(check_invariants(&report).is_err());
}

/// The generator reaches every path the invariants talk about: drawdowns,
/// post-paid rows, expiries, invoices, blocked Samples, waived runs and
/// rejections (guards against a generator whose scenarios all do nothing).
#[test]
fn generator_reaches_every_path() {
    use billsim_core::report::RowKind as K;
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for _ in 0..300 {
        let sc = scenario().new_tree(&mut runner).expect("tree").current();
        let report = run(&sc).expect("generated scenarios are valid");
        for r in &report.ledger {
            *counts.entry(format!("{:?}", r.kind)).or_default() += 1;
        }
        for r in &report.rejections {
            *counts.entry(format!("rejection {:?}", r.code)).or_default() += 1;
        }
        *counts.entry("invoices".into()).or_default() += report.invoices.len();
    }
    eprintln!("{counts:#?}");
    for k in [K::Charge, K::Drawdown, K::Postpaid, K::Purchase, K::Expiry, K::Invoice, K::Waived, K::SampleUsage] {
        assert!(counts.get(&format!("{k:?}")).copied().unwrap_or(0) > 0, "no {k:?} rows generated: {counts:?}");
    }
    assert!(counts.get("rejection SamplesBlocked").copied().unwrap_or(0) > 0, "{counts:?}");
}
