//! Target 2: a structured sequence of step-API calls (`apply`, `advance_to`,
//! `balances`, `report`) on a `Simulation`. Times stay within the calendar
//! range the JSON front ends can produce (years 1970..=9000) but roam
//! before, inside and after the horizon.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};

const PRODUCTS: &[&str] = &[
    "basespace_professional", "basespace_enterprise", "ica_professional", "ica_enterprise", "cohorts",
    "connected_insights", "connected_multiomics", "emedgene_analyze", "emedgene_curate", "icredits_prepaid",
];
const SAMPLES: &[&str] = &["emedgene_ge", "connected_insights_ge", "long_read_cloud", "nope"];
const APPS: &[&str] = &["rnaseq_alignment", "dragen_idt_small", "dragen_idt_large", "nope"];
const USAGE: &[&str] = &["compute", "storage", "archive_storage", "archive_send", "archive_retrieve", "transfer", "app_fee", "other"];
const TIERS: &[&str] = &["subscription", "basic", "free_trial"];

#[derive(Debug, Arbitrary)]
struct Input {
    horizon_days: u8,
    tiers: [u8; 3],
    tenants: u8,
    order: bool,
    timing: bool,
    allowance: bool,
    steps: Vec<Step>,
}

#[derive(Debug, Arbitrary)]
enum Step {
    Apply { minute: u32, tenant: u8, event: Ev },
    Advance { minute: u32 },
    Balances,
    Report,
}

/// An amount: small decimals mostly, extremes sometimes.
#[derive(Debug, Arbitrary)]
enum Amt {
    Small(u16, u8),
    Big(u64),
    Max,
    Zero,
}

impl Amt {
    fn json(&self) -> Value {
        match self {
            Amt::Small(n, s) => json!(format!("{}", rust_decimal_like(*n, *s % 13))),
            Amt::Big(n) => json!(n % 1_000_000_000_000_001),
            Amt::Max => json!("1000000000000000"),
            Amt::Zero => json!("0"),
        }
    }
}

fn rust_decimal_like(n: u16, scale: u8) -> String {
    let s = format!("{:0>width$}", n, width = scale as usize + 1);
    if scale == 0 {
        s
    } else {
        let (a, b) = s.split_at(s.len() - scale as usize);
        format!("{a}.{b}")
    }
}

#[derive(Debug, Arbitrary)]
enum Ev {
    Subscribe { product: u8, days: i16, promo: Option<Amt> },
    Prepaid { amount: Amt, id: Option<u8> },
    OpenPo { amount: Amt, days: u16, id: Option<u8> },
    Promotional { amount: Amt, days: Option<u16> },
    Samples { kind: u8, q: Amt },
    SampleUsage { kind: u8, q: Amt },
    Compute { app: Option<u8>, rate: Option<Amt>, nodes: u32, minutes: Option<u32>, hours: Option<Amt>, ended: u8 },
    AppFee { app: Option<u8>, amount: Option<Amt>, ended: u8 },
    Storage { tb: Amt },
    Archive { tb: Amt },
    Restore { tb: Amt },
    Delete { tb: Option<Amt> },
    Transfer { tb: Amt },
    Charge { usage: u8, amount: Amt },
    Budget { amount: Option<Amt> },
    SupportRestore,
}

const START: &str = "2026-01-01";
const START_DAY: i64 = 20_454; // days from 1970-01-01 to 2026-01-01

fn at(minute: u32) -> String {
    // From 2 days before the start to ~2 years after it (past the horizon's end).
    let m = i64::from(minute % (2 * 366 * 1440)) - 2 * 1440;
    minute_str(START_DAY * 1440 + m)
}

fn day_after(minute: u32, days: i64) -> String {
    let m = i64::from(minute % (2 * 366 * 1440)) - 2 * 1440;
    let d = (START_DAY * 1440 + m).div_euclid(1440) + days;
    minute_str(d.max(0) * 1440)[..10].to_string()
}

fn minute_str(m: i64) -> String {
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let days = m.div_euclid(1440);
    let rem = m.rem_euclid(1440);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if mo <= 2 { y + 1 } else { y };
    format!("{y:04}-{mo:02}-{d:02}T{:02}:{:02}Z", rem / 60, rem % 60)
}

fn event(minute: u32, tenant: String, ev: &Ev) -> Value {
    let a = at(minute);
    let pick = |xs: &[&'static str], i: u8| xs[i as usize % xs.len()];
    let mut e = match ev {
        Ev::Subscribe { product, days, promo } => {
            let mut e = json!({"type": "subscribe", "product": pick(PRODUCTS, *product), "ends": day_after(minute, i64::from(*days))});
            if let Some(p) = promo { e["promotional"] = p.json(); }
            e
        }
        Ev::Prepaid { amount, id } => {
            let mut e = json!({"type": "prepaid", "amount": amount.json()});
            if let Some(i) = id { e["id"] = json!(format!("prepaid-{}", i % 8)); }
            e
        }
        Ev::OpenPo { amount, days, id } => {
            let mut e = json!({"type": "open_po", "amount": amount.json(), "expires": day_after(minute, i64::from(*days % 800))});
            if let Some(i) = id { e["id"] = json!(format!("po-{i}")); }
            e
        }
        Ev::Promotional { amount, days } => {
            let mut e = json!({"type": "promotional", "amount": amount.json()});
            if let Some(d) = days { e["expires"] = json!(day_after(minute, i64::from(*d % 800))); }
            e
        }
        Ev::Samples { kind, q } => json!({"type": "samples", "sample_type": pick(SAMPLES, *kind), "quantity": q.json()}),
        Ev::SampleUsage { kind, q } => json!({"type": "sample_usage", "sample_type": pick(SAMPLES, *kind), "quantity": q.json()}),
        Ev::Compute { app, rate, nodes, minutes, hours, ended } => {
            let mut e = json!({"type": "compute", "nodes": nodes % 100_001, "ended_by": pick(&["completed", "user", "platform_error"], *ended)});
            if let Some(a) = app { e["app"] = json!(pick(APPS, *a)); }
            if let Some(r) = rate { e["per_node_hour"] = r.json(); }
            if let Some(m) = minutes { e["minutes"] = json!(m); }
            if let Some(h) = hours { e["hours"] = h.json(); }
            e
        }
        Ev::AppFee { app, amount, ended } => {
            let mut e = json!({"type": "app_fee", "ended_by": pick(&["completed", "user", "platform_error"], *ended)});
            if let Some(a) = app { e["app"] = json!(pick(APPS, *a)); }
            if let Some(x) = amount { e["amount"] = x.json(); }
            e
        }
        Ev::Storage { tb } => json!({"type": "storage", "tb": tb.json()}),
        Ev::Archive { tb } => json!({"type": "archive", "tb": tb.json()}),
        Ev::Restore { tb } => json!({"type": "restore", "tb": tb.json()}),
        Ev::Delete { tb } => {
            let mut e = json!({"type": "delete"});
            if let Some(t) = tb { e["tb"] = t.json(); }
            e
        }
        Ev::Transfer { tb } => json!({"type": "transfer", "tb": tb.json()}),
        Ev::Charge { usage, amount } => json!({"type": "charge", "usage_type": pick(USAGE, *usage), "amount": amount.json()}),
        Ev::Budget { amount } => {
            let mut e = json!({"type": "budget"});
            if let Some(x) = amount { e["amount"] = x.json(); }
            e
        }
        Ev::SupportRestore => json!({"type": "support_restore"}),
    };
    e["at"] = json!(a);
    e["tenant"] = json!(tenant);
    e
}

fuzz_target!(|input: Input| {
    // Up to ~2 years: long enough for expiries, term ends and many month
    // closes, short enough for hundreds of runs a second.
    let days = i64::from(input.horizon_days) * 3 + 1;
    let until = minute_str((START_DAY + days - 1) * 1440)[..10].to_string();
    let n = usize::from(input.tenants % 3) + 1;
    let tenants: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("t{i}"), "tier": TIERS[usize::from(input.tiers[i]) % TIERS.len()], "admin": format!("a{i}@x.example.com")}))
        .collect();
    let scenario = json!({
        "start": START, "until": until, "tenants": tenants,
        "policies": {
            "drawdown_order": if input.order { "earliest_expiry_first" } else { "registration_order" },
            "promotional_timing": if input.timing { "seed003" } else { "real_time" },
            "allowance_after_expiry": input.allowance,
        },
    });
    let Ok(sc) = billsim_core::parse_scenario(&scenario.to_string()) else { panic!("base scenario must parse") };
    let Ok(mut sim) = billsim_core::Simulation::new(sc, billsim_core::Detail::Full) else { panic!("base scenario must validate") };
    let mut reports = 0;
    for step in input.steps.iter().take(200) {
        match step {
            Step::Apply { minute, tenant, event: ev } => {
                // Mostly declared tenants, sometimes an unknown one.
                let t = if *tenant == 255 { "ghost".to_string() } else { format!("t{}", usize::from(*tenant) % n) };
                let v = event(*minute, t, ev);
                // Through the step API's JSON reader, and as a typed event.
                let text = v.to_string();
                let _ = billsim_core::validate::parse_event(&text, "/events/0");
                if let Ok(e) = serde_json::from_str::<billsim_core::Event>(&text) {
                    if sim.apply(e).is_err() {
                        // An overflow error ends the run; everything else is a refusal.
                    }
                }
            }
            Step::Advance { minute } => {
                let m = billsim_core::time::Minute::parse(&at(*minute)).expect("in range");
                let _ = sim.advance_to(m);
            }
            Step::Balances => {
                let _ = sim.balances();
            }
            Step::Report if reports < 3 => {
                reports += 1;
                let _ = sim.report().to_json();
            }
            Step::Report => {}
        }
    }
    let _ = sim.finish().map(|r| r.to_json());
});
