//! Hostile input (issue 10): every value below is refused with an exact
//! error `code` and JSON-pointer `path`, or accepted and run, and none of
//! them panics (each run goes through `common::no_panic`).

// Tests fail by panicking: the non-test lint policy does not apply here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use billsim_core::report::{Origin, RowKind};
use billsim_core::{Error, Report};
use serde_json::{json, Value};

use common::{check_invariants, no_panic, run_json};

/// A small valid scenario: subscribe (event 0), prepaid 100 (event 1), a
/// charge of 15.21 (event 2).
fn base() -> Value {
    json!({
        "start": "2026-03-01",
        "until": "2026-03-31",
        "tenants": [{ "id": "lab", "admin": "admin@lab.example.com" }],
        "events": [
            { "at": "2026-03-01", "type": "subscribe", "tenant": "lab", "product": "ica_enterprise", "ends": "2026-12-31" },
            { "at": "2026-03-01T09:00", "type": "prepaid", "tenant": "lab", "amount": "100", "id": "pp" },
            { "at": "2026-03-02T10:00Z", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "15.21" }
        ]
    })
}

/// `base()` with the value at JSON pointer `ptr` replaced (the parent must exist).
fn with(ptr: &str, v: Value) -> Value {
    let mut s = base();
    set(&mut s, ptr, v);
    s
}

fn set(s: &mut Value, ptr: &str, v: Value) {
    let (parent, key) = ptr.rsplit_once('/').expect("a pointer");
    if s.pointer(parent).is_none() {
        set(s, parent, json!({}));
    }
    let p = s.pointer_mut(parent).unwrap_or_else(|| panic!("no parent {parent}"));
    match p {
        Value::Object(o) => {
            o.insert(key.to_string(), v);
        }
        Value::Array(a) => {
            let i: usize = key.parse().expect("index");
            if i == a.len() {
                a.push(v);
            } else {
                a[i] = v;
            }
        }
        _ => panic!("parent {parent} is not a container"),
    }
}

fn run(s: &Value) -> Result<Report, Error> {
    run_json(&s.to_string())
}

#[track_caller]
fn refused_text(json: &str, code: &str, path: &str) -> Error {
    match run_json(json) {
        Ok(_) => panic!("accepted, expected {code} at '{path}': {}", json.chars().take(400).collect::<String>()),
        Err(e) => {
            assert_eq!((e.code().as_str(), e.path()), (code, path), "wrong error: {}", e.to_json());
            assert!(!e.message().is_empty());
            e
        }
    }
}

#[track_caller]
fn refused(s: &Value, code: &str, path: &str) -> Error {
    refused_text(&s.to_string(), code, path)
}

#[track_caller]
fn accepted_text(json: &str) -> Report {
    run_json(json).unwrap_or_else(|e| panic!("refused: {}", e.to_json()))
}

#[track_caller]
fn accepted(s: &Value) -> Report {
    let r = run(s).unwrap_or_else(|e| panic!("refused: {}\n{s}", e.to_json()));
    if let Err(e) = check_invariants(&r) {
        panic!("does not reconcile:\n{e}\n{s}");
    }
    r
}

// ---- amounts ------------------------------------------------------------------

#[test]
fn amount_zero_is_accepted() {
    let r = accepted(&with("/events/1/amount", json!("0")));
    let src = &r.summary.tenants[0].sources[0];
    assert!(src.quantity.is_zero() && src.remaining.is_zero());
    // The whole charge is post-paid: a zero source pays nothing.
    assert_eq!(r.summary.tenants[0].icredits_postpaid.0.normalize().to_string(), "15.21");
    let r = accepted(&with("/events/2/amount", json!(0)));
    assert!(r.ledger.iter().all(|row| row.kind != RowKind::Charge), "a zero charge writes no charge row");
}

#[test]
fn amount_negative() {
    refused(&with("/events/1/amount", json!("-5")), "negative_amount", "/events/1/amount");
    refused(&with("/events/1/amount", json!(-5)), "negative_amount", "/events/1/amount");
    refused(&with("/events/2/amount", json!("-0.01")), "negative_amount", "/events/2/amount");
    // Minus zero is zero.
    accepted(&with("/events/1/amount", json!("-0")));
}

#[test]
fn amount_too_large() {
    refused(&with("/events/1/amount", json!("1e28")), "invalid_amount", "/events/1/amount");
    refused(&with("/events/1/amount", json!("10000000000000000000000000000")), "invalid_amount", "/events/1/amount");
    refused(&with("/events/1/amount", json!("1000000000000000.5")), "invalid_amount", "/events/1/amount");
    refused(&with("/events/1/amount", json!(u64::MAX)), "invalid_amount", "/events/1/amount");
    refused(&with("/events/1/amount", json!("1e400")), "invalid_amount", "/events/1/amount");
    // The limit itself (10^15) is accepted.
    accepted(&with("/events/1/amount", json!("1000000000000000")));
    accepted(&with("/events/1/amount", json!("1e3")));
}

#[test]
fn amount_too_many_decimals() {
    // 29 decimal places: beyond Decimal itself.
    refused(&with("/events/1/amount", json!("0.00000000000000000000000000001")), "invalid_amount", "/events/1/amount");
    // 13 places: beyond the input scale (12).
    refused(&with("/events/1/amount", json!("1.0000000000001")), "invalid_amount", "/events/1/amount");
    refused(&with("/events/1/amount", json!("1e-13")), "invalid_amount", "/events/1/amount");
    // 12 places, and trailing zeros past 12, are fine.
    accepted(&with("/events/1/amount", json!("1.000000000001")));
    accepted(&with("/events/1/amount", json!("1.50000000000000000000")));
}

#[test]
fn amount_not_a_number() {
    for bad in ["NaN", "nan", "Infinity", "-Infinity", "inf", "", "   ", "12,50", "0x10", "1.2.3", "12 iCredits", "١٢"] {
        refused(&with("/events/1/amount", json!(bad)), "invalid_amount", "/events/1/amount");
    }
}

#[test]
fn amount_fractional_json_number_is_float_money() {
    refused(&with("/events/1/amount", json!(12.5)), "float_money", "/events/1/amount");
    refused(&with("/events/1/amount", json!(12.0)), "float_money", "/events/1/amount");
    refused(&with("/tenants/0/budget", json!(0.1)), "float_money", "/tenants/0/budget");
    refused(&with("/rates/storage_per_tb_month", json!(22.5)), "float_money", "/rates/storage_per_tb_month");
}

#[test]
fn amount_huge_json_integer_is_not_called_fractional() {
    let text = base().to_string().replace("\"amount\":\"100\"", "\"amount\":100000000000000000000000000000");
    refused_text(&text, "invalid_amount", "/events/1/amount");
}

#[test]
fn amount_wrong_type() {
    refused(&with("/events/1/amount", json!(true)), "invalid_value", "/events/1/amount");
    refused(&with("/events/1/amount", json!(null)), "invalid_value", "/events/1/amount");
    refused(&with("/events/1/amount", json!(["1"])), "invalid_value", "/events/1/amount");
    refused(&with("/events/1/amount", json!({"value": "1"})), "invalid_value", "/events/1/amount");
}

// ---- dates ----------------------------------------------------------------------

#[test]
fn dates_before_1970() {
    refused(&with("/start", json!("1969-12-31")), "invalid_time", "/start");
    refused(&with("/events/1/at", json!("1969-12-31T23:59Z")), "invalid_time", "/events/1/at");
    refused(&with("/start", json!("0000-01-01")), "invalid_time", "/start");
    refused(&with("/start", json!("-0001-01-01")), "invalid_time", "/start");
}

#[test]
fn year_9999() {
    refused(&with("/until", json!("9999-12-31")), "invalid_time", "/until");
    refused(&with("/events/1/at", json!("9999-12-31T00:00Z")), "invalid_time", "/events/1/at");
    // A far-off expiry date is a date like any other, and refused the same way.
    refused(&with("/events/0/ends", json!("9999-12-31")), "invalid_time", "/events/0/ends");
    refused(&with("/events/0/ends", json!("+10000-01-01")), "invalid_time", "/events/0/ends");
}

#[test]
fn leap_days() {
    let mut s = base();
    set(&mut s, "/start", json!("2024-02-01"));
    set(&mut s, "/until", json!("2024-03-31"));
    set(&mut s, "/events/0/at", json!("2024-02-01"));
    set(&mut s, "/events/1/at", json!("2024-02-29T23:59Z"));
    set(&mut s, "/events/2/at", json!("2024-02-29T23:59Z"));
    let r = accepted(&s);
    assert!(r.ledger.iter().any(|row| row.kind == RowKind::Drawdown && row.at.to_string() == "2024-02-29T23:59Z"));
    refused(&with("/events/2/at", json!("2026-02-30T10:00Z")), "invalid_time", "/events/2/at");
    refused(&with("/until", json!("2026-02-29")), "invalid_time", "/until");
    refused(&with("/until", json!("2026-04-31")), "invalid_time", "/until");
    refused(&with("/until", json!("2026-13-01")), "invalid_time", "/until");
    refused(&with("/events/2/at", json!("2026-03-02T24:00Z")), "invalid_time", "/events/2/at");
    refused(&with("/events/2/at", json!("2026-03-02T10:61Z")), "invalid_time", "/events/2/at");
}

#[test]
fn malformed_times() {
    for bad in ["", "2026", "2026-03", "2026/03/02", "03/02/2026", "2026-03-02 10:00", "2026-03-02T10", "yesterday", "2026-03-02T10:00:00.5Z", "2026-3-2"] {
        refused(&with("/events/2/at", json!(bad)), "invalid_time", "/events/2/at");
    }
    refused(&with("/events/2/at", json!(1_772_445_600)), "invalid_value", "/events/2/at");
    refused(&with("/until", json!("2026-03-31T10:00Z")), "invalid_time", "/until");
}

#[test]
fn ends_before_starts() {
    refused(&with("/until", json!("2026-02-28")), "end_before_start", "/until");
    refused(&with("/events/0/ends", json!("2026-02-28")), "end_before_start", "/events/0/ends");
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-10", "type": "open_po", "tenant": "lab", "amount": "5", "expires": "2026-03-09"}));
    refused(&s, "end_before_start", "/events/3/expires");
    let mut s = base();
    set(&mut s, "/usage", json!([{"type": "daily", "tenant": "lab", "usage_type": "compute", "amount": "1", "from": "2026-03-10", "to": "2026-03-09"}]));
    refused(&s, "end_before_start", "/usage/0/to");
    // A one-day horizon is fine.
    let mut s = base();
    set(&mut s, "/until", json!("2026-03-01"));
    set(&mut s, "/events", json!([]));
    accepted(&s);
}

#[test]
fn events_outside_the_horizon() {
    refused(&with("/events/2/at", json!("2026-04-01T00:00Z")), "out_of_horizon", "/events/2/at");
    refused(&with("/events/2/at", json!("2026-02-28T23:59Z")), "out_of_horizon", "/events/2/at");
    refused(&with("/events/2/at", json!("2030-01-01")), "out_of_horizon", "/events/2/at");
    // The last minute is inside.
    accepted(&with("/events/2/at", json!("2026-03-31T23:59Z")));
    let mut s = base();
    set(&mut s, "/usage", json!([{"type": "daily", "tenant": "lab", "usage_type": "compute", "amount": "1", "from": "2026-03-10", "to": "2026-04-09"}]));
    refused(&s, "out_of_horizon", "/usage/0/from");
}

#[test]
fn horizon_of_60_years() {
    refused(&with("/until", json!("2086-03-01")), "horizon_too_long", "/until");
    // 50 years is the limit, and runs (one tenant, nothing happening).
    let mut s = base();
    set(&mut s, "/until", json!("2076-02-28"));
    let r = no_panic("50 years", || run(&s)).expect("50 years runs");
    assert_eq!(r.summary.until.to_string(), "2076-02-28");
}

#[test]
fn non_utc_offsets() {
    for bad in ["2026-03-02T10:00+02:00", "2026-03-02T10:00-05:00", "2026-03-02T10:00:00+01:00", "2026-03-02T10:00+0000", "2026-03-02T10:00 UTC", "2026-03-02T10:00z"] {
        refused(&with("/events/2/at", json!(bad)), "invalid_time", "/events/2/at");
    }
    for ok in ["2026-03-02T10:00Z", "2026-03-02T10:00+00:00", "2026-03-02T10:00:59Z", "2026-03-02T10:00"] {
        let r = accepted(&with("/events/2/at", json!(ok)));
        assert!(r.ledger.iter().any(|row| row.kind == RowKind::Charge && row.at.to_string() == "2026-03-02T10:00Z"), "{ok}");
    }
}

// ---- identifiers ------------------------------------------------------------------

#[test]
fn duplicate_tenant_ids() {
    let mut s = base();
    set(&mut s, "/tenants/1", json!({"id": "lab"}));
    refused(&s, "duplicate_id", "/tenants/1/id");
}

#[test]
fn duplicate_source_ids() {
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "open_po", "tenant": "lab", "amount": "5", "expires": "2026-03-20", "id": "pp"}));
    refused(&s, "duplicate_id", "/events/3/id");
    // Across tenants too: a source id names one source in the ledger.
    let mut s = base();
    set(&mut s, "/tenants/1", json!({"id": "other"}));
    set(&mut s, "/events/3", json!({"at": "2026-03-01", "type": "subscribe", "tenant": "other", "product": "ica_enterprise", "ends": "2026-12-31"}));
    set(&mut s, "/events/4", json!({"at": "2026-03-05", "type": "promotional", "tenant": "other", "amount": "5", "id": "pp"}));
    refused(&s, "duplicate_id", "/events/4/id");
}

#[test]
fn given_id_colliding_with_a_default_id() {
    // The unnamed pack becomes `prepaid-2` (source_seq counts from 1 over the run),
    // the same id as the named one: its drawdowns can no longer be told apart.
    let mut s = base();
    set(&mut s, "/events/1/id", json!("prepaid-3"));
    set(&mut s, "/events/3", json!({"at": "2026-03-01T10:00", "type": "prepaid", "tenant": "lab", "amount": "7"}));
    set(&mut s, "/events/4", json!({"at": "2026-03-01T11:00", "type": "prepaid", "tenant": "lab", "amount": "8"}));
    match run(&s) {
        Err(e) => assert_eq!((e.code().as_str(), e.path()), ("duplicate_id", "/events/1/id")),
        Ok(r) => {
            let ids: Vec<_> = r.summary.tenants[0].sources.iter().map(|s| s.id.to_string()).collect();
            let unique: std::collections::HashSet<_> = ids.iter().collect();
            assert_eq!(unique.len(), ids.len(), "source ids {ids:?}");
        }
    }
    // A given id that comes after the default it equals: the default steps aside.
    let mut s = base();
    set(&mut s, "/events/1", json!({"at": "2026-03-01T09:00", "type": "prepaid", "tenant": "lab", "amount": "100"}));
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "prepaid", "tenant": "lab", "amount": "7", "id": "prepaid-1"}));
    let r = accepted(&s);
    let ids: Vec<_> = r.summary.tenants[0].sources.iter().map(|s| s.id.to_string()).collect();
    assert_eq!(ids, ["prepaid-1'", "prepaid-1"]);
}

#[test]
fn empty_and_long_names() {
    refused(&with("/tenants/0/id", json!("")), "invalid_string", "/tenants/0/id");
    refused(&with("/tenants/0/id", json!("   ")), "invalid_string", "/tenants/0/id");
    refused(&with("/tenants/0/id", json!("a\u{0}b")), "invalid_string", "/tenants/0/id");
    refused(&with("/tenants/0/id", json!("x".repeat(257))), "invalid_string", "/tenants/0/id");
    let mut s = base();
    set(&mut s, "/events/2/project", json!("p".repeat(100_000)));
    refused(&s, "invalid_string", "/events/2/project");
    // A funding source's id is a name too: it labels every ledger row the source pays.
    for bad in [json!(""), json!(" "), json!("a\u{0}b"), json!("a\nb"), json!("x".repeat(257))] {
        refused(&with("/events/1/id", bad), "invalid_string", "/events/1/id");
    }
}

/// Messages quote the input: each is cut at 1 KB, and an error lists at most
/// 100 issues, the last counting the rest.
#[test]
fn errors_stay_small_however_large_the_input() {
    let mut s = base();
    set(&mut s, "/tenants/0/id", json!("é".repeat(5_000)));
    let e = refused(&s, "invalid_string", "/tenants/0/id");
    assert!(e.message().len() <= 1024 + '…'.len_utf8());
    let unknown = "u".repeat(100_000);
    let e = refused(&with("/events/0/product", json!(unknown)), "unknown_product", "/events/0/product");
    assert!(e.message().ends_with('…') && e.message().len() <= 1027, "{}", e.message().len());
    let mut s = base();
    let events: Vec<Value> = (0..250).map(|_| json!({"at": "2026-03-02", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "-1"})).collect();
    s["events"] = Value::Array(events);
    let e = refused(&s, "negative_amount", "/events/0/amount");
    assert_eq!(e.issues().len(), 100);
    assert_eq!(e.issues()[98].path, "/events/98/amount");
    assert_eq!((e.issues()[99].code.as_str(), e.issues()[99].message.as_str()), ("limit_exceeded", "151 more issues not listed"));
}

/// Quotes, backslashes and non-ASCII in ids reach the report JSON escaped
/// exactly as serde_json escapes them.
#[test]
fn ids_that_need_escaping() {
    let tenant = "l\"a\\b ü 😀";
    let mut s = base();
    set(&mut s, "/tenants/0/id", json!(tenant));
    for i in 0..3 {
        set(&mut s, &format!("/events/{i}/tenant"), json!(tenant));
    }
    set(&mut s, "/events/1/id", json!("p\"p\\/"));
    let r = accepted(&s);
    let text = r.to_json();
    assert_eq!(text, serde_json::to_string(&r).unwrap());
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["ledger"][0]["tenant"], json!(tenant));
    assert_eq!(back["daily"][0]["sources"]["p\"p\\/"], json!("100"));
}

// ---- unknown names --------------------------------------------------------------

#[test]
fn unknown_product() {
    refused(&with("/events/0/product", json!("icredits_prepaid")), "unknown_product", "/events/0/product");
}

#[test]
fn unknown_product_name() {
    refused(&with("/events/0/product", json!("basespace_ultimate")), "unknown_product", "/events/0/product");
}

#[test]
fn unknown_sample_type() {
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "samples", "tenant": "lab", "sample_type": "moon_rocks", "quantity": "5"}));
    refused(&s, "unknown_sample_type", "/events/3/sample_type");
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "sample_usage", "tenant": "lab", "sample_type": "", "quantity": "5"}));
    refused(&s, "unknown_sample_type", "/events/3/sample_type");
}

#[test]
fn unknown_app() {
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "compute", "tenant": "lab", "app": "bitcoin_miner", "minutes": 5}));
    refused(&s, "unknown_app", "/events/3/app");
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "app_fee", "tenant": "lab", "app": "bitcoin_miner"}));
    refused(&s, "unknown_app", "/events/3/app");
    // With an explicit rate the app name is only a label.
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "compute", "tenant": "lab", "app": "bitcoin_miner", "per_node_hour": "3", "minutes": 5}));
    accepted(&s);
}

#[test]
fn unknown_tenant() {
    refused(&with("/events/2/tenant", json!("nobody")), "unknown_tenant", "/events/2/tenant");
    refused(&with("/events/2/tenant", json!("LAB")), "unknown_tenant", "/events/2/tenant");
    let mut s = base();
    set(&mut s, "/usage", json!([{"type": "daily", "tenant": "ghost", "usage_type": "compute", "amount": "1", "from": "2026-03-10", "to": "2026-03-12"}]));
    refused(&s, "unknown_tenant", "/usage/0/tenant");
}

#[test]
fn unknown_fields() {
    refused(&with("/bogus", json!(1)), "unknown_field", "/bogus");
    refused(&with("/tenants/0/bogus", json!(1)), "unknown_field", "/tenants/0/bogus");
    refused(&with("/events/2/bogus", json!(1)), "unknown_field", "/events/2/bogus");
    refused(&with("/events/2/Amount", json!("1")), "unknown_field", "/events/2/Amount");
    refused(&with("/policies", json!({"drawdown_order": "earliest_expiry_first", "bogus": true})), "unknown_field", "/policies/bogus");
    refused(&with("/rates", json!({"bogus": "1"})), "unknown_field", "/rates/bogus");
}

#[test]
fn unknown_fields_code() {
    // The code is right even while the path is not (see `unknown_fields`).
    for (ptr, v) in [("/bogus", json!(1)), ("/tenants/0/bogus", json!(1)), ("/events/2/bogus", json!(1)), ("/rates/bogus", json!("1"))] {
        let e = run(&with(ptr, v)).expect_err("refused");
        assert_eq!(e.code().as_str(), "unknown_field", "{}", e.to_json());
        assert!(e.path().starts_with(ptr), "{}", e.to_json());
    }
}

/// serde's derive also reads a struct from an array of its fields in order;
/// the format's structs are objects.
#[test]
fn scenario_as_an_array_is_refused() {
    refused_text(r#"[null,null,"2026-03-01","2026-03-31"]"#, "invalid_value", "");
    let mut s = base();
    set(&mut s, "/tenants/0", json!(["lab"]));
    refused(&s, "invalid_value", "/tenants/0");
    // Every field in order, as serde's derive would take it: still an array, not a tenant.
    set(&mut s, "/tenants/0", json!(["lab", "subscription", null, null, null]));
    assert_eq!(refused(&s, "invalid_value", "/tenants/0").message(), "invalid type: sequence, expected a JSON object");
    let mut s = base();
    set(&mut s, "/rates/apps", json!({"rnaseq_alignment": ["3", "0"]}));
    refused(&s, "invalid_value", "/rates/apps/rnaseq_alignment");
    for (ptr, v) in [("/rates", json!([])), ("/policies", json!([])), ("/tenants", json!([[]]))] {
        refused(&with(ptr, v), "invalid_value", if ptr == "/tenants" { "/tenants/0" } else { ptr });
    }
    // Options too.
    let e = billsim_core::validate::parse_options::<billsim_core::Options>(r#"["full"]"#).unwrap_err();
    assert_eq!((e.code().as_str(), e.path(), e.message()), ("invalid_value", "", "invalid type: sequence, expected a JSON object"));
}

#[test]
fn entries_are_objects() {
    // serde's sequence form of an internally tagged entry: the tag, then the fields.
    let mut s = base();
    set(&mut s, "/events/2", json!(["charge", "2026-03-02T10:00Z", "lab", "compute", "15.21"]));
    refused(&s, "invalid_value", "/events/2");
    set(&mut s, "/events/2", json!({ "at": "2026-03-02T10:00Z", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "15.21" }));
    set(&mut s, "/usage", json!([["daily", "lab", "compute", "1", "2026-03-01", "2026-03-31"]]));
    refused(&s, "invalid_value", "/usage/0");
}

#[test]
fn unknown_event_type() {
    refused(&with("/events/2/type", json!("refund")), "invalid_value", "/events/2/type");
    refused(&with("/events/2/type", json!("")), "invalid_value", "/events/2/type");
    refused(&with("/events/2/type", json!(7)), "invalid_value", "/events/2/type");
    refused(&with("/events/2/type", json!("Charge")), "invalid_value", "/events/2/type");
    let mut s = base();
    s["events"][2].as_object_mut().map(|o| o.remove("type"));
    refused(&s, "missing_field", "/events/2/type");
}

#[test]
fn missing_fields() {
    let mut s = base();
    s.as_object_mut().map(|o| o.remove("until"));
    refused(&s, "missing_field", "/until");
    let mut s = base();
    s["events"][2].as_object_mut().map(|o| o.remove("amount"));
    refused(&s, "missing_field", "/events/2/amount");
    let mut s = base();
    s["events"][2].as_object_mut().map(|o| o.remove("at"));
    refused(&s, "missing_field", "/events/2/at");
}

#[test]
fn wrong_types() {
    refused(&with("/start", json!(5)), "invalid_value", "/start");
    refused(&with("/seed", json!(-1)), "invalid_value", "/seed");
    refused(&with("/seed", json!("7")), "invalid_value", "/seed");
    // Beyond u64, JSON's number is read as a float; the message names the range.
    let e = refused_text(&base().to_string().replacen('{', r#"{"seed":18446744073709551616,"#, 1), "invalid_value", "/seed");
    assert_eq!(e.message(), "invalid type: floating point `1.8446744073709552e+19`, expected a whole number from 0 to 18446744073709551615");
    let e = billsim_core::validate::parse_options::<billsim_core::montecarlo::Options>(r#"{"seed":-1}"#).unwrap_err();
    assert_eq!((e.path(), e.message()), ("/seed", "invalid value: integer `-1`, expected a whole number from 0 to 18446744073709551615"));
    refused(&with("/tenants", json!({})), "invalid_value", "/tenants");
    refused(&with("/events", json!("none")), "invalid_value", "/events");
    refused(&with("/events/2", json!("charge")), "invalid_value", "/events/2");
    refused(&with("/events/2", json!(null)), "invalid_value", "/events/2");
    refused(&with("/tenants/0/tier", json!("platinum")), "invalid_value", "/tenants/0/tier");
    refused(&with("/events/2/usage_type", json!("bitcoin")), "invalid_value", "/events/2/usage_type");
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "compute", "tenant": "lab", "per_node_hour": "3", "minutes": "5"}));
    refused(&s, "invalid_value", "/events/3/minutes");
    set(&mut s, "/events/3/minutes", json!(-5));
    refused(&s, "invalid_value", "/events/3/minutes");
    set(&mut s, "/events/3/minutes", json!(5));
    set(&mut s, "/events/3/nodes", json!(0));
    refused(&s, "invalid_value", "/events/3/nodes");
    set(&mut s, "/events/3/nodes", json!(u64::MAX));
    refused(&s, "invalid_value", "/events/3/nodes");
    refused_text("[]", "invalid_value", "");
    refused_text("null", "invalid_value", "");
    refused_text("\"scenario\"", "invalid_value", "");
}

#[test]
fn not_json() {
    for bad in ["", "{", "{\"start\":", "\u{feff}{}", "{'start': '2026-03-01'}", "{\"start\":\"2026-03-01\",}", "NaN"] {
        refused_text(bad, "invalid_json", "");
    }
    // Invalid UTF-8 cannot reach a &str; lone surrogate escapes are invalid JSON strings.
    refused_text(r#"{"start":"\ud800"}"#, "invalid_json", "");
    // Only whitespace may follow the scenario.
    let scenario = base().to_string();
    for tail in ["garbage", "{\"start\":\"bad\"}", "]", ","] {
        let e = refused_text(&format!("{scenario}{tail}"), "invalid_json", "");
        assert!(e.message().contains("trailing characters"), "{}", e.message());
    }
    accepted_text(&format!(" {scenario}\n\t "));
    let options = billsim_core::validate::parse_options::<billsim_core::Options>(r#"{"detail":"full"} x"#).unwrap_err();
    assert_eq!(options.code().as_str(), "invalid_json");
}

#[test]
fn an_enum_of_another_json_type_is_a_value_error() {
    // A value error at the enum's path, though serde_json refuses a derived enum's other types with a
    // syntax error (the admin action below); enums read by name name their variants.
    for v in [json!(5), json!(-1.5), json!(null), json!(true), json!([]), json!({}), json!({"basespace_enterprise": null, "z": 2})] {
        refused(&with("/tenants/0/tier", v.clone()), "invalid_value", "/tenants/0/tier");
        // Before the event's type (read from its raw JSON) and after it (read as it comes).
        refused(&with("/events/0/product", v.clone()), "invalid_value", "/events/0/product");
        let text = format!(r#"{{"start":"2026-03-01","until":"2026-03-31","tenants":[{{"id":"lab"}}],"events":[{{"type":"charge","at":"2026-03-02","tenant":"lab","usage_type":{v},"amount":"1"}}]}}"#);
        refused_text(&text, "invalid_value", "/events/0/usage_type");
    }
    let e = refused(&with("/events/0/product", json!(5)), "invalid_value", "/events/0/product");
    assert_eq!(
        e.message(),
        "invalid type: integer `5`, expected one of `basespace_professional`, `basespace_enterprise`, `ica_professional`, `ica_enterprise`, \
         `cohorts`, `connected_insights`, `connected_multiomics`, `emedgene_analyze`, `emedgene_curate`, `icredits_prepaid`, \
         `icredits_open_po`, `samples`, `consumption_billing`"
    );
    // An admin action is a name or an object naming it.
    let mut s = base();
    set(&mut s, "/events/2", json!({"at": "2026-03-02", "type": "admin", "by": "a@lab.org", "tenant": "lab", "action": 5}));
    assert_eq!(refused(&s, "invalid_value", "/events/2/action").message(), "invalid type: integer `5`, expected string or map");
}

#[test]
fn deeply_nested_junk() {
    for depth in [200, 10_000, 1_000_000] {
        // Where a string is expected, the first bracket is already wrong.
        let junk = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!("{{\"start\":\"2026-03-01\",\"until\":\"2026-03-31\",\"name\":{junk}}}");
        refused_text(&text, "invalid_value", "/name");
        // Inside an event (buffered by the internally tagged enum), serde_json's
        // recursion limit (128) stops it: no stack overflow.
        let obj = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let text = format!("{{\"start\":\"2026-03-01\",\"until\":\"2026-03-31\",\"events\":[{{\"x\":{obj},\"type\":\"charge\"}}]}}");
        refused_text(&text, "invalid_json", "");
        let text = format!("{{\"start\":\"2026-03-01\",\"until\":\"2026-03-31\",\"events\":[{{\"x\":{junk},\"type\":\"charge\"}}]}}");
        refused_text(&text, "invalid_json", "");
        // As the whole document.
        assert!(run_json(&junk).is_err());
    }
    // Nesting inside serde's limit still fails cleanly, at the field.
    let junk = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let mut s = base();
    set(&mut s, "/events/2/project", serde_json::from_str(&junk).expect("json"));
    refused(&s, "invalid_value", "/events/2/project");
}

#[test]
fn huge_arrays_within_limits() {
    // 10,000 tenants (the limit) for a day.
    let tenants: Vec<Value> = (0..10_000).map(|i| json!({"id": format!("t{i}")})).collect();
    let s = json!({"start": "2026-03-01", "until": "2026-03-01", "tenants": tenants});
    let r = accepted(&s);
    assert_eq!(r.summary.tenants.len(), 10_000);
    // One more is refused.
    let tenants: Vec<Value> = (0..10_001).map(|i| json!({"id": format!("t{i}")})).collect();
    refused(&json!({"start": "2026-03-01", "until": "2026-03-01", "tenants": tenants}), "limit_exceeded", "/tenants");
    // Tenant-days beyond the limit.
    let tenants: Vec<Value> = (0..10_000).map(|i| json!({"id": format!("t{i}")})).collect();
    refused(&json!({"start": "2026-03-01", "until": "2032-03-01", "tenants": tenants}), "limit_exceeded", "/tenants");
    // 1,000 sample types (the limit) are a rate card; one more is refused.
    let types = |n: usize| Value::from((0..n).map(|i| format!("type_{i}")).collect::<Vec<_>>());
    let r = accepted(&with("/rates/sample_types", types(1_000)));
    assert_eq!(r.rejections.len(), 0);
    let e = refused(&with("/rates/sample_types", types(1_001)), "limit_exceeded", "/rates/sample_types");
    assert_eq!(e.message(), "1001 sample types; the limit is 1000");
    // 200,000 events in a month.
    let mut s = base();
    let mut events = s["events"].as_array().cloned().unwrap_or_default();
    for i in 0..200_000u32 {
        events.push(json!({"at": format!("2026-03-{:02}T{:02}:{:02}Z", 2 + i % 28, (i / 60) % 24, i % 60), "type": "charge", "tenant": "lab", "usage_type": "other", "amount": "0.001"}));
    }
    s["events"] = Value::Array(events);
    let r = accepted(&s);
    assert_eq!(r.summary.tenants[0].icredits_charged.0.normalize().to_string(), "215.21");
}

#[test]
fn too_many_events() {
    // Built as a struct, cheaply: 1,000,001 copies of an event with an empty tenant.
    let mut sc = billsim_core::parse_scenario(&base().to_string()).expect("base parses");
    let ev = billsim_core::parse_scenario(
        &json!({"start": "2026-03-01", "until": "2026-03-31", "events": [{"at": "2026-03-02", "type": "support_restore", "tenant": ""}]}).to_string(),
    )
    .expect("parses")
    .events
    .remove(0);
    sc.events = vec![ev; 1_000_001];
    let t = std::time::Instant::now();
    let e = no_panic("1,000,001 events", || billsim_core::simulate(sc, &common::full())).expect_err("refused");
    assert_eq!((e.code().as_str(), e.path()), ("too_many_events", "/events"), "{}", e.to_json());
    assert!(t.elapsed().as_secs() < 5, "refused up front, not after {:?}", t.elapsed());
}

#[test]
fn generated_events_beyond_the_limit_are_refused_up_front() {
    // Daily profiles over 50 years: 18,262 events each; 110 of them → over 2M.
    let mut s = base();
    set(&mut s, "/until", json!("2076-02-28"));
    let p = json!({"type": "daily", "tenant": "lab", "usage_type": "compute", "amount": "1", "from": "2026-03-01", "to": "2076-02-28"});
    set(&mut s, "/usage", Value::Array(vec![p; 110]));
    let t = std::time::Instant::now();
    // The path names the profile that crosses the limit.
    refused(&s, "too_many_events", "/usage/109");
    assert!(t.elapsed().as_secs() < 5);
}

// ---- e-mails and markup ------------------------------------------------------------

#[test]
fn emails_that_are_not_emails() {
    for bad in ["", "admin", "admin@", "@lab.com", "a@b", "a@@b.com", "a@b@c.com", "a b@c.com", "<a>@c.com", "a@.com", "a@com.", "a@c.com\n", "\"><script>@x.com"] {
        refused(&with("/tenants/0/admin", json!(bad)), "invalid_email", "/tenants/0/admin");
        refused(&with("/tenants/0/bill_to", json!(bad)), "invalid_email", "/tenants/0/bill_to");
    }
    refused(&with("/tenants/0/admin", json!(format!("{}@x.com", "a".repeat(300)))), "invalid_email", "/tenants/0/admin");
    accepted(&with("/tenants/0/admin", json!("first.last+billing@sub.lab.example.com")));
}

#[test]
fn tenant_name_with_markup_is_echoed_verbatim() {
    let evil = "<img src=x onerror=alert(1)>&amp;\"'</script>";
    let mut s = base();
    set(&mut s, "/tenants/0/id", json!(evil));
    for i in 0..3 {
        set(&mut s, &format!("/events/{i}/tenant"), json!(evil));
    }
    set(&mut s, "/name", json!("<b>bold</b>"));
    let r = accepted(&s);
    assert_eq!(&*r.summary.tenants[0].tenant, evil);
    let out = r.to_json();
    // JSON escapes only the quote; markup is data, for the front end to escape.
    let echoed = serde_json::to_string(evil).expect("string");
    assert!(out.contains(&echoed), "{out}");
    assert!(out.contains("<img src=x onerror=alert(1)>"));
    let back: Value = serde_json::from_str(&out).expect("report JSON parses");
    assert_eq!(back["summary"]["tenants"][0]["tenant"], json!(evil));
}

// ---- ordering ------------------------------------------------------------------------

#[test]
fn events_out_of_order_are_sorted_stably() {
    let mut s = base();
    // Given order: charge 10:00 (2), charge 09:00 (3), charge 10:00 (4).
    set(&mut s, "/events/3", json!({"at": "2026-03-02T09:00Z", "type": "charge", "tenant": "lab", "usage_type": "other", "amount": "1"}));
    set(&mut s, "/events/4", json!({"at": "2026-03-02T10:00Z", "type": "charge", "tenant": "lab", "usage_type": "transfer", "amount": "2"}));
    // The subscription given last still comes first: it is earliest.
    let events = s["events"].as_array_mut().expect("events");
    let sub = events.remove(0);
    events.push(sub);
    let r = accepted(&s);
    let order: Vec<usize> = r
        .ledger
        .iter()
        .filter(|row| row.kind == RowKind::Charge)
        .filter_map(|row| match row.event {
            Origin::Event(i) => Some(i),
            _ => None,
        })
        .collect();
    // Indices are positions in the given list: subscribe is now 4, prepaid 0, charges 1, 2, 3.
    assert_eq!(order, vec![2, 1, 3]);
    assert!(r.rejections.is_empty(), "{:?}", r.rejections);
}

#[test]
fn same_minute_events_keep_their_given_order() {
    // Prepaid then charge at the same minute: the pack pays.
    let mut s = base();
    set(&mut s, "/events/2/at", json!("2026-03-01T09:00Z"));
    let r = accepted(&s);
    assert!(r.summary.tenants[0].icredits_postpaid.0.is_zero());
    // Charge then prepaid at the same minute: the charge came first, post-paid.
    let events = s["events"].as_array_mut().expect("events");
    events.swap(1, 2);
    let r = accepted(&s);
    assert_eq!(r.summary.tenants[0].icredits_postpaid.0.normalize().to_string(), "15.21");
}

// ---- rejections, limits and overflow --------------------------------------------------

#[test]
fn rejections_never_stop_the_run() {
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-03", "type": "sample_usage", "tenant": "lab", "sample_type": "emedgene_ge", "quantity": "5"}));
    set(&mut s, "/events/4", json!({"at": "2026-03-04", "type": "delete", "tenant": "lab", "tb": "5"}));
    set(&mut s, "/events/5", json!({"at": "2026-03-05", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "200"}));
    let r = accepted(&s);
    let codes: Vec<String> = r.rejections.iter().map(|x| serde_json::to_string(&x.code).unwrap_or_default()).collect();
    assert_eq!(codes, vec!["\"samples_blocked\"", "\"not_enough_storage\""]);
    assert_eq!(r.summary.tenants[0].icredits_charged.0.normalize().to_string(), "215.21");
    assert_eq!(r.invoices.len(), 1);
}

#[test]
fn policies_and_rates_out_of_range() {
    refused(&with("/rates/storage_month_days", json!(0)), "invalid_value", "/rates/storage_month_days");
    refused(&with("/rates/storage_per_tb_month", json!("-1")), "negative_amount", "/rates/storage_per_tb_month");
    refused(&with("/rates/apps", json!({"x": {"per_node_hour": "-3"}})), "negative_amount", "/rates/apps/x/per_node_hour");
    refused(&with("/policies/low_balance", json!({"share": "2"})), "invalid_value", "/policies/low_balance/share");
    refused(&with("/policies/low_balance", json!({"amount": "-2"})), "negative_amount", "/policies/low_balance/amount");
    refused(&with("/policies/drawdown_order", json!("random")), "invalid_value", "/policies/drawdown_order");
}

/// A policy chosen by its one key names a second key rather than
/// complaining about the first one's value.
#[test]
fn policy_with_two_keys_or_none() {
    for (ptr, value, message) in [
        ("/policies/low_balance", json!({"share": "0.1", "amount": "5"}), "give one key, `share` or `amount`, not both `amount` and `share`"),
        ("/policies/provisioning", json!({"fixed": 20, "seeded": null}), "give one key, `fixed` or `seeded`, not both `fixed` and `seeded`"),
        ("/policies/low_balance", json!({}), "give one key, `share` or `amount`"),
        ("/policies/low_balance", json!({"level": "5"}), "unknown variant `level`, expected `share` or `amount`"),
        ("/policies/low_balance", json!("share"), "invalid value: string \"share\", expected an object with one key, `share` or `amount`"),
    ] {
        let e = refused(&with(ptr, value), "invalid_value", ptr);
        assert_eq!(e.message(), message);
    }
    let seeded = accepted(&with("/policies/provisioning", json!("seeded")));
    let keyed = accepted(&with("/policies/provisioning", json!({"seeded": null})));
    assert_eq!(seeded, keyed);
    accepted(&with("/policies/low_balance", json!({"amount": "5"})));
}

#[test]
fn compute_beyond_range_is_an_overflow_error() {
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "compute", "tenant": "lab", "per_node_hour": "1000000000000000", "nodes": 100000, "hours": "1000000000000000"}));
    refused(&s, "overflow", "/events/3");
    let mut s = base();
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "compute", "tenant": "lab", "per_node_hour": "1000000000000000", "nodes": 100000, "minutes": 26000000}));
    refused(&s, "overflow", "/events/3");
}

#[test]
fn storage_beyond_range_is_not_silently_free() {
    let mut s = base();
    set(&mut s, "/rates", json!({"storage_per_tb_month": "1000000000000"}));
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "storage", "tenant": "lab", "tb": "1000000000000000"}));
    match run(&s) {
        Err(e) => assert_eq!((e.code().as_str(), e.path()), ("overflow", "/events/3")),
        Ok(r) => {
            let storage = r.summary.tenants[0].icredits_by_usage.iter().find(|(u, _)| format!("{u:?}") == "Storage").map(|(_, a)| a.0);
            panic!("1e15 TB at 1e12 iCredits/TB-month was accepted and charged {storage:?}");
        }
    }
}

#[test]
fn large_but_valid_values_reconcile() {
    // Max amounts everywhere, 50-year contract: no overflow, books balance.
    let mut s = base();
    set(&mut s, "/events/1/amount", json!("1000000000000000"));
    set(&mut s, "/events/2/amount", json!("999999999999999.999999999999"));
    set(&mut s, "/events/3", json!({"at": "2026-03-05", "type": "storage", "tenant": "lab", "tb": "1000000000000000"}));
    set(&mut s, "/events/4", json!({"at": "2026-03-06", "type": "transfer", "tenant": "lab", "tb": "1000000"}));
    set(&mut s, "/events/5", json!({"at": "2026-03-07", "type": "open_po", "tenant": "lab", "amount": "0.000000000001", "expires": "2026-03-07"}));
    accepted(&s);
}

// ---- step API -----------------------------------------------------------------------------

fn step_sim() -> billsim_core::Simulation {
    let mut s = base();
    set(&mut s, "/events", json!([]));
    let sc = billsim_core::parse_scenario(&s.to_string()).expect("parses");
    billsim_core::Simulation::new(sc, billsim_core::Detail::Full).expect("valid")
}

fn event(v: Value) -> billsim_core::Event {
    serde_json::from_str(&v.to_string()).expect("event")
}

/// A step event is read as a scenario's event is: a key given twice is
/// refused at the event, the same in both.
#[test]
fn step_event_with_a_key_twice_is_refused_as_in_a_scenario() {
    let text = r#"{"at":"2026-03-02","type":"charge","tenant":"lab","usage_type":"compute","amount":"1","amount":"2"}"#;
    let e = billsim_core::validate::parse_event(text, "/events/3").unwrap_err();
    assert_eq!((e.code().as_str(), e.path(), e.message()), ("invalid_value", "/events/3", "duplicate field `amount`"));
    let scenario = base().to_string().replacen(r#""events":["#, &format!(r#""events":[{text},"#), 1);
    let e = refused_text(&scenario, "invalid_value", "/events/0");
    assert_eq!(e.message(), "duplicate field `amount`");
}

#[test]
fn step_api_refuses_the_past_and_beyond_the_horizon() {
    let mut sim = step_sim();
    let sub = event(json!({"at": "2026-03-01", "type": "subscribe", "tenant": "lab", "product": "ica_enterprise", "ends": "2026-12-31"}));
    assert_eq!(no_panic("apply", || sim.apply(sub)).expect("applied"), 0);
    let later = event(json!({"at": "2026-03-10T10:00Z", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "5"}));
    assert_eq!(sim.apply(later).expect("applied"), 1);
    let past = event(json!({"at": "2026-03-10T09:59Z", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "5"}));
    let e = no_panic("apply past", || sim.apply(past)).expect_err("in the past");
    assert_eq!((e.code().as_str(), e.path()), ("out_of_horizon", "/events/2/at"));
    let beyond = event(json!({"at": "2026-04-01T00:00Z", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "5"}));
    let e = sim.apply(beyond).expect_err("beyond");
    assert_eq!((e.code().as_str(), e.path()), ("out_of_horizon", "/events/2/at"));
    let ghost = event(json!({"at": "2026-03-11", "type": "charge", "tenant": "ghost", "usage_type": "compute", "amount": "5"}));
    let e = sim.apply(ghost).expect_err("ghost");
    assert_eq!((e.code().as_str(), e.path()), ("unknown_tenant", "/events/2/tenant"));
    // Refused events do not count; the simulation goes on.
    let ok = event(json!({"at": "2026-03-12", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "5"}));
    assert_eq!(sim.apply(ok).expect("applied"), 2);
    // The clock never goes back: advancing to the past is refused, and changes nothing.
    let e = sim.advance_to(billsim_core::time::Minute(0)).expect_err("in the past");
    assert_eq!((e.code().as_str(), e.path()), ("out_of_horizon", ""));
    assert_eq!(e.message(), "cannot advance to 1970-01-01T00:00Z: the clock is already at 2026-03-12T00:00Z");
    let r = sim.finish().expect("finishes");
    check_invariants(&r).expect("reconciles");
    assert_eq!(r.summary.tenants[0].icredits_charged.0.normalize().to_string(), "10");
}

#[test]
fn step_api_with_an_absurd_minute_does_not_panic() {
    for m in [i64::MAX, i64::MIN, i64::MAX / 1440, -1] {
        let mut sim = step_sim();
        let mut ev = event(json!({"at": "2026-03-12", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "5"}));
        if let billsim_core::Event::Charge(c) = &mut ev {
            c.at = billsim_core::time::Minute(m);
        }
        let e = no_panic(&format!("apply at Minute({m})"), || sim.apply(ev)).expect_err("refused");
        assert_eq!(e.code().as_str(), "out_of_horizon");
    }
}

#[test]
fn free_trial_is_never_postpaid() {
    let s = json!({
        "start": "2026-03-01", "until": "2026-05-31",
        "tenants": [{ "id": "trial", "tier": "free_trial", "admin": "a@b.example.com" }],
        "events": [
            { "at": "2026-03-01T10:00", "type": "storage", "tenant": "trial", "tb": "1" },
            { "at": "2026-03-01T11:00", "type": "archive", "tenant": "trial", "tb": "1" }
        ]
    });
    let r = accepted(&s);
    let postpaid: Vec<_> = r.ledger.iter().filter(|row| row.kind == RowKind::Postpaid).map(|row| (row.at.to_string(), row.amount)).collect();
    assert!(postpaid.is_empty() && r.invoices.is_empty(), "free trial billed post-paid: {} rows, {} invoices, first {:?}", postpaid.len(), r.invoices.len(), postpaid.first());
}

/// An account without post-paid billing refuses what its credits cannot
/// cover; with tens of thousands of live sources and as many refusals, each
/// refusal reads the running total instead of summing the sources (that made
/// this quadratic: 17 s for 30,000 of each).
#[test]
fn many_live_sources_and_as_many_refused_charges() {
    const N: usize = 20_000;
    let mut events: Vec<Value> = (0..N).map(|k| json!({"at": "2026-03-01T09:00", "type": "prepaid", "tenant": "trial", "amount": "1", "id": format!("pack-{k}")})).collect();
    events.extend((0..N).map(|_| json!({"at": "2026-03-02T10:00", "type": "charge", "tenant": "trial", "usage_type": "compute", "amount": "1000000"})));
    events.push(json!({"at": "2026-03-03T10:00", "type": "charge", "tenant": "trial", "usage_type": "compute", "amount": "20250"}));
    events.push(json!({"at": "2026-03-04T10:00", "type": "charge", "tenant": "trial", "usage_type": "compute", "amount": "0.01"}));
    let s = json!({
        "start": "2026-03-01", "until": "2026-03-31",
        "tenants": [{ "id": "trial", "tier": "free_trial", "admin": "a@b.example.com" }],
        "events": events
    });
    let scenario = billsim_core::parse_scenario(&s.to_string()).unwrap();
    let r = billsim_core::simulate(scenario, &billsim_core::Options { detail: billsim_core::Detail::Summary }).unwrap();
    // The 250 free-trial iCredits and the N packs: 20,250, all of it taken by the charge on 3 March.
    let refused: Vec<(String, &str)> = r.rejections.iter().map(|x| (x.at.to_string(), x.message.as_str())).collect();
    assert_eq!(refused.len(), N + 1);
    assert!(refused[..N].iter().all(|(at, m)| at == "2026-03-02T10:00Z" && *m == "1000000 iCredits needed, 20250 available, and this account has no post-paid billing"));
    assert_eq!(refused[N], ("2026-03-04T10:00Z".to_string(), "0.01 iCredits needed, 0 available, and this account has no post-paid billing"));
    let t = &r.summary.tenants[0];
    assert_eq!((t.icredits_charged.0.normalize().to_string(), t.icredits_postpaid.0.normalize().to_string()), ("20250".to_string(), "0".to_string()));
}

/// Tens of thousands of subscription terms, all ended, and as many charges:
/// each usage check reads the terms' latest end instead of every term (that
/// made this quadratic: 6 s for 50,000 of each).
#[test]
fn many_ended_terms_and_as_many_charges() {
    const N: usize = 20_000;
    let mut events: Vec<Value> = (0..N).map(|_| json!({"at": "2026-03-01", "type": "subscribe", "tenant": "lab", "product": "ica_enterprise", "ends": "2026-03-01"})).collect();
    events.extend((0..N).map(|_| json!({"at": "2026-03-02T10:00", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "1"})));
    events.push(json!({"at": "2026-03-03", "type": "subscribe", "tenant": "lab", "product": "ica_enterprise", "ends": "2026-03-31"}));
    events.push(json!({"at": "2026-03-04T10:00", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "2.5"}));
    let s = json!({ "start": "2026-03-01", "until": "2026-03-31", "tenants": [{ "id": "lab" }], "events": events });
    let scenario = billsim_core::parse_scenario(&s.to_string()).unwrap();
    let r = billsim_core::simulate(scenario, &billsim_core::Options { detail: billsim_core::Detail::Summary }).unwrap();
    assert_eq!(r.rejections.len(), N);
    assert!(r.rejections.iter().all(|x| serde_json::to_value(x.code).unwrap() == "no_active_subscription" && x.message.contains("its subscription has expired")));
    let t = &r.summary.tenants[0];
    assert_eq!(t.icredits_charged.0.normalize().to_string(), "2.5");
    // One expiry notice per term: the ended ones at the end of 1 March, the renewal at the horizon's end.
    let expired = r.notifications.iter().filter(|n| serde_json::to_value(n.kind).unwrap() == "subscription_expired").map(|n| n.at.to_string()).collect::<Vec<_>>();
    assert_eq!((expired.len(), expired[0].as_str(), expired[N].as_str()), (N + 1, "2026-03-02T00:00Z", "2026-04-01T00:00Z"));
}

/// Thousands of ICA registrations, then as many Cohorts registrations that
/// each need ICA registered with the same e-mail: the tenant keeps who
/// registered ICA instead of each check reading every order (quadratic).
#[test]
fn many_ica_registrations_then_as_many_needing_ica() {
    const N: usize = 5_000;
    let mut events = vec![json!({"at": "2026-03-01T08:00", "type": "create_account", "email": "lead@lab.org"}), json!({"at": "2026-03-01T08:00", "type": "create_account", "email": "other@lab.org"})];
    for (product, prefix, at) in [("ica_professional", "I", "2026-03-01T09:00"), ("cohorts", "C", "2026-03-01T09:01")] {
        for k in 0..N {
            let order = format!("{prefix}-{k}");
            events.push(json!({"at": "2026-03-01T08:00", "type": "order", "order": order, "product": product, "emails": ["lead@lab.org", "other@lab.org"], "term_ends": "2026-12-31"}));
            events.push(json!({"at": at, "type": "verify_role", "by": "lead@lab.org", "order": order, "role": "administrator"}));
            events.push(json!({"at": at, "type": "register", "by": "lead@lab.org", "order": order, "tenant": "dom.Illumina.com", "region": "euc1"}));
        }
    }
    events.push(json!({"at": "2026-03-01T08:00", "type": "order", "order": "C-other", "product": "cohorts", "emails": ["other@lab.org"], "term_ends": "2026-12-31"}));
    events.push(json!({"at": "2026-03-01T10:00", "type": "verify_role", "by": "other@lab.org", "order": "C-other", "role": "administrator"}));
    events.push(json!({"at": "2026-03-01T10:00", "type": "register", "by": "other@lab.org", "order": "C-other", "tenant": "dom.Illumina.com", "region": "euc1"}));
    let s = json!({ "start": "2026-03-01", "until": "2026-03-31", "tenants": [{ "id": "dom.Illumina.com" }], "events": events });
    let r = billsim_core::simulate(billsim_core::parse_scenario(&s.to_string()).unwrap(), &billsim_core::Options { detail: billsim_core::Detail::Summary }).unwrap();
    let active = r.registrations.iter().filter(|o| o.usable_at.is_some()).count();
    let codes: Vec<Value> = r.rejections.iter().map(|x| serde_json::to_value(x.code).unwrap()).collect();
    assert_eq!((active, codes), (2 * N, vec![json!("requires_ica_same_admin")]));
}

/// Tens of thousands of users in one domain under access limits that
/// alternate, each list leaving out what the one before allowed: new limits
/// visit the domains held, not every user (a check of every user made this
/// quadratic: 16 s for 20,000 of each). The users listed by e-mail stay; a
/// domain left out loses its other users.
#[test]
fn many_users_under_limits_that_alternate() {
    const N: usize = 20_000;
    let admin = |at: &str, action: Value| json!({"at": at, "type": "admin", "by": "boss@x.com", "tenant": "dom", "action": action});
    let mut events: Vec<Value> = (0..N).map(|k| admin("2026-03-01T09:00", json!({"invite_user": format!("user{k}@lab.org")}))).collect();
    events.push(admin("2026-03-01T09:00", json!({"invite_user": "ann@uni.edu"})));
    events.extend((0..N).map(|k| admin("2026-03-01T10:00", json!({"restrict_access": ["lab.org", if k % 2 == 0 { "uni.edu" } else { "ann@uni.edu" }]}))));
    events.push(admin("2026-03-01T11:00", json!({"restrict_access": ["uni.edu", "user7@lab.org"]})));
    let s = json!({ "start": "2026-03-01", "until": "2026-03-31", "tenants": [{ "id": "dom", "admin": "boss@x.com" }], "events": events });
    let r = billsim_core::simulate(billsim_core::parse_scenario(&s.to_string()).unwrap(), &billsim_core::Options { detail: billsim_core::Detail::Summary }).unwrap();
    assert_eq!(r.summary.tenants[0].users.iter().map(|u| u.to_string()).collect::<Vec<_>>(), ["ann@uni.edu", "user7@lab.org"]);
    assert!(r.rejections.is_empty());
}

/// Tens of thousands of sources, each used up by its own charge: every
/// charge takes the first live source of the drawdown order (a search of all
/// of them made this quadratic: 2 s for 20,000), and the figures are those of
/// one source after another.
#[test]
fn many_sources_each_used_up_by_a_charge() {
    const N: usize = 20_000;
    let mut s = base();
    let events = s["events"].as_array_mut().unwrap();
    events.truncate(1);
    events.extend((0..N).map(|k| json!({"at": "2026-03-01T09:00", "type": "prepaid", "tenant": "lab", "amount": "1", "id": format!("pack-{k}")})));
    events.extend((0..N).map(|_| json!({"at": "2026-03-02T10:00", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "1"})));
    events.push(json!({"at": "2026-03-03T10:00", "type": "charge", "tenant": "lab", "usage_type": "compute", "amount": "2.5"}));
    let scenario = billsim_core::parse_scenario(&s.to_string()).unwrap();
    let r = billsim_core::simulate(scenario, &billsim_core::Options { detail: billsim_core::Detail::Daily }).unwrap();
    let t = &r.summary.tenants[0];
    let text = |d: rust_decimal::Decimal| d.normalize().to_string();
    assert_eq!((t.sources.len(), text(t.icredits_charged.0), text(t.icredits_postpaid.0)), (N, "20002.5".into(), "2.5".into()));
    assert!(t.sources.iter().all(|s| s.remaining.is_zero() && s.depleted_at.map(|m| m.to_string()).as_deref() == Some("2026-03-02T10:00Z")));
    let kinds = |kind: &str| r.notifications.iter().filter(|n| serde_json::to_value(n.kind).unwrap() == kind).count();
    assert_eq!((kinds("source_depleted"), kinds("switched_to_postpaid")), (N, 1));
    // Daily points list the live sources: all of them on 1 March, none after.
    assert_eq!((r.daily[0].sources.len(), r.daily[1].sources.len()), (N, 0));
}

/// A report that would outgrow what a front end can hold is refused with
/// `limit_exceeded` as it grows, not built until memory runs out: 10,000
/// live sources listed on every daily point pass 2.5 M entries on the
/// 250th day.
/// The same scenario at monthly detail, without the daily series, runs.
#[test]
fn a_report_too_large_to_hold_is_a_limit() {
    let mut s = base();
    s["until"] = json!("2027-02-28");
    let events = s["events"].as_array_mut().unwrap();
    events.truncate(1);
    events.extend((0..10_000).map(|k| json!({"at": "2026-03-01T09:00", "type": "prepaid", "tenant": "lab", "amount": "1", "id": format!("pack-{k}")})));
    let text = s.to_string();
    let scenario = billsim_core::parse_scenario(&text).unwrap();
    let e = billsim_core::simulate(scenario.clone(), &billsim_core::Options { detail: billsim_core::Detail::Daily }).unwrap_err();
    assert_eq!((e.code().as_str(), e.path()), ("limit_exceeded", ""));
    assert!(e.message().starts_with("by 2026-11-05 the report holds more than 2500000 ledger rows and daily entries"), "{}", e.message());
    let monthly = billsim_core::simulate(scenario, &billsim_core::Options { detail: billsim_core::Detail::Monthly }).unwrap();
    assert_eq!(monthly.summary.tenants[0].sources.len(), 10_000);
}
