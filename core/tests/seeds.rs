//! Every worked example in the seeds, as a preset with its figures asserted.
//! Figures are worked out by hand in the comments.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billsim_core::report::{Report, RowKind, TenantSummary};
use billsim_core::time::Minute;
use billsim_core::{parse_scenario, presets, simulate, Detail, Options, Simulation};

fn run(name: &str) -> Report {
    let json = presets::get(name).unwrap();
    simulate(parse_scenario(json).unwrap(), &Options { detail: Detail::Full }).unwrap()
}

fn tenant<'a>(r: &'a Report, id: &str) -> &'a TenantSummary {
    r.summary.tenants.iter().find(|t| &*t.tenant == id).unwrap()
}

fn invoices(r: &Report, id: &str) -> Vec<(String, String, String)> {
    r.invoices
        .iter()
        .filter(|i| &*i.tenant == id)
        .map(|i| (i.period.clone(), i.exact_total.normalize().to_string(), i.total.normalize().to_string()))
        .collect()
}

fn kinds(r: &Report, id: &str) -> Vec<String> {
    r.notifications.iter().filter(|n| &*n.tenant == id).map(|n| serde_json::to_string(&n.kind).unwrap()).collect()
}

fn codes(r: &Report) -> Vec<String> {
    r.rejections.iter().map(|x| serde_json::to_string(&x.code).unwrap().trim_matches('"').to_string()).collect()
}

fn t(s: &str) -> String {
    s.to_string()
}

/// 002 "See an Example for Pre-funded billing": 1,000 pre-paid before March 1,
/// 800 used by mid-month leaves 200; at zero, usage switches to post-paid.
#[test]
fn seed002_prefunded_example() {
    let sc = parse_scenario(presets::get("seed002_prepaid").unwrap()).unwrap();
    let mut sim = Simulation::new(sc, Detail::Full).unwrap();
    // 50 a day from March 1: after March 16, 16 × 50 = 800 used, 200 left.
    sim.advance_to(Minute::parse("2026-03-17T00:00").unwrap()).unwrap();
    let src = &sim.balances()[0].sources[0];
    assert_eq!((src.used.to_string(), src.remaining.to_string()), (t("800"), t("200")));
    let r = sim.finish().unwrap();
    let s = &tenant(&r, "coreseqinc.Illumina.com").sources[0];
    // 1000 / 50 = 20 days: the 20th charge (March 20, noon) empties it.
    assert_eq!(s.depleted_at.unwrap().to_string(), "2026-03-20T12:00Z");
    // March 21..31 = 11 days × 50 = 550 post-paid, invoiced in arrears on April 1.
    assert_eq!(invoices(&r, "coreseqinc.Illumina.com"), vec![(t("2026-03"), t("550"), t("550"))]);
    assert_eq!(r.invoices[0].issued_at.to_string(), "2026-04-01T00:00Z");
    assert_eq!(tenant(&r, "coreseqinc.Illumina.com").postpaid_since.unwrap().to_string(), "2026-03-20T12:00Z");
    // 200 of 1000 is the 20% low-balance default, reached on March 16.
    let low = r.notifications.iter().find(|n| serde_json::to_string(&n.kind).unwrap() == "\"low_balance\"").unwrap();
    assert_eq!(low.at.to_string(), "2026-03-16T12:00Z");
    assert!(kinds(&r, "coreseqinc.Illumina.com").contains(&t("\"switched_to_postpaid\"")));
}

/// 002 "See an Example for Post-paid billing".
#[test]
fn seed002_postpaid_example() {
    let r = run("seed002_postpaid");
    // No pre-funding: all March usage (31 × 40) on the invoice issued in April.
    assert_eq!(invoices(&r, "no-prefunding.Illumina.com"), vec![(t("2026-03"), t("1240"), t("1240"))]);
    // 500 pre-funded: 12.5 days of 40; the rest, 1240 - 500 = 740, post-paid.
    assert_eq!(invoices(&r, "prefunded-500.Illumina.com"), vec![(t("2026-03"), t("740"), t("740"))]);
    let s = &tenant(&r, "prefunded-500.Illumina.com").sources[0];
    assert_eq!(s.depleted_at.unwrap().to_string(), "2026-03-13T12:00Z");
    // "on your April invoice": both are issued on April 1.
    assert!(r.invoices.iter().all(|i| i.issued_at.to_string() == "2026-04-01T00:00Z"));
}

/// 002 "See an example for Open PO billing": exhausted May 15, or expired June 30.
#[test]
fn seed002_open_po_example() {
    let r = run("seed002_open_po");
    // March 27..May 15 is 50 days × 200 = 10,000.
    let fast = &tenant(&r, "fast.Illumina.com").sources[0];
    assert_eq!(fast.depleted_at.unwrap().to_string(), "2026-05-15T12:00Z");
    // May 16..31 = 16 days × 200 post-paid.
    assert_eq!(invoices(&r, "fast.Illumina.com"), vec![(t("2026-05"), t("3200"), t("3200"))]);
    // April 1..June 30 is 91 days × 100 = 9,100 used; 900 expire at the contract's end.
    let slow = &tenant(&r, "slow.Illumina.com").sources[0];
    assert_eq!((slow.used.to_string(), slow.remaining.to_string()), (t("9100"), t("0")));
    assert_eq!(slow.expired_at.unwrap().to_string(), "2026-07-01T00:00Z");
    let expired = r.ledger.iter().find(|l| l.tenant.as_ref() == "slow.Illumina.com" && serde_json::to_string(&l.kind).unwrap() == "\"expiry\"").unwrap();
    assert_eq!(expired.amount.to_string(), "900");
    assert_eq!(invoices(&r, "slow.Illumina.com"), vec![(t("2026-07"), t("3100"), t("3100"))]);
    assert!(kinds(&r, "slow.Illumina.com").contains(&t("\"open_po_expired\"")));
}

/// 002: "If June 30 arrives and the contract expires with unused iCredits,
/// you'll need to renew or contract a new PO to stay on pre-funded billing."
/// A PO registered in the minute the old one expires keeps billing pre-funded:
/// no switch either way. Without it, billing switches at the expiry minute.
#[test]
fn seed002_an_open_po_renewed_as_it_expires_stays_prefunded() {
    let scenario = |renew: bool| {
        let renewal = r#",{"at":"2026-07-01T00:00","type":"open_po","tenant":"lab","amount":"10000","expires":"2026-12-31","id":"po-2"}"#;
        format!(
            r#"{{"start":"2026-03-01","until":"2026-07-31","tenants":[{{"id":"lab"}}],"events":[
              {{"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2027-12-31"}},
              {{"at":"2026-03-01T09:00","type":"open_po","tenant":"lab","amount":"10000","expires":"2026-06-30","id":"po-1"}},
              {{"at":"2026-07-01T00:00","type":"charge","tenant":"lab","usage_type":"compute","amount":"30"}}{}]}}"#,
            if renew { renewal } else { "" }
        )
    };
    // The switches in July (the first PO ends the post-paid start in March).
    let switches = |r: &Report| -> Vec<(String, String)> {
        r.notifications
            .iter()
            .map(|n| (serde_json::to_string(&n.kind).unwrap(), n.at.to_string()))
            .filter(|(k, at)| k.starts_with("\"switched_to") && at.starts_with("2026-07"))
            .collect()
    };

    // The renewal comes after the charge in the same minute: the charge was
    // post-paid, so billing did switch, and switches back.
    let late = simulate(parse_scenario(&scenario(true)).unwrap(), &Options { detail: Detail::Full }).unwrap();
    assert_eq!(
        switches(&late),
        vec![(t("\"switched_to_postpaid\""), t("2026-07-01T00:00Z")), (t("\"switched_to_prefunded\""), t("2026-07-01T00:00Z"))]
    );
    assert_eq!(invoices(&late, "lab"), vec![(t("2026-07"), t("30"), t("30"))]);

    // The renewal before any usage in that minute: nothing switches, the charge draws on po-2.
    let mut sc = parse_scenario(&scenario(true)).unwrap();
    sc.events.swap(2, 3);
    let r = simulate(sc, &Options { detail: Detail::Full }).unwrap();
    assert_eq!(switches(&r), vec![]);
    let lab = tenant(&r, "lab");
    assert_eq!((lab.sources[0].expired_at.unwrap().to_string(), lab.sources[1].remaining.to_string()), (t("2026-07-01T00:00Z"), t("9970")));
    assert_eq!(lab.postpaid_since, None);
    assert_eq!(invoices(&r, "lab"), vec![]);

    // The same through the step API: the expiry runs on advance_to, the switch waits for the minute to close.
    let mut sc = parse_scenario(&scenario(false)).unwrap();
    let charge = sc.events.pop().unwrap();
    let expiry = Minute::parse("2026-07-01T00:00").unwrap();
    let mut sim = Simulation::new(sc.clone(), Detail::Full).unwrap();
    sim.advance_to(expiry).unwrap();
    assert_eq!(sim.balances()[0].sources[0].expired_at, Some(expiry));
    assert_eq!(sim.balances()[0].postpaid_since, None);
    let renewal = parse_scenario(&scenario(true)).unwrap().events.pop().unwrap();
    sim.apply(renewal).unwrap();
    sim.apply(charge.clone()).unwrap();
    assert_eq!(switches(&sim.finish().unwrap()), vec![]);

    // No renewal: the account is post-paid from the expiry minute, once it has closed.
    let mut sim = Simulation::new(sc, Detail::Full).unwrap();
    sim.advance_to(expiry).unwrap();
    sim.advance_to(expiry.plus(1)).unwrap();
    assert_eq!(sim.balances()[0].postpaid_since, Some(expiry));
    let r = sim.finish().unwrap();
    assert_eq!(switches(&r), vec![(t("\"switched_to_postpaid\""), t("2026-07-01T00:00Z"))]);
}

/// 002 Example A and B: Samples at zero block usage; iCredits keep accruing;
/// a purchase updates the balance at once and shows as a pre-paid transaction.
#[test]
fn seed002_samples_examples() {
    let r = run("seed002_samples");
    let s = &tenant(&r, "oncology.Illumina.com").samples[0];
    // 200 - 120 - 80 = 0; 24 blocked; +100 bought; -24 = 76.
    assert_eq!((s.remaining.0.to_string(), s.blocked.0.to_string(), s.used.0.to_string()), (t("76"), t("24"), t("224")));
    assert_eq!(codes(&r), vec![t("samples_blocked")]);
    // 12.5 a day × 31 = 387.5, rounded up to 388.
    assert_eq!(invoices(&r, "oncology.Illumina.com"), vec![(t("2026-03"), t("387.5"), t("388"))]);
    // Example A: 120 + 80 used, zero on March 14.
    assert_eq!(s.depleted_at.unwrap().to_string(), "2026-03-14T10:00Z");
    // Example B: the balance is 100 the moment the purchase is made, before usage resumes.
    let purchases: Vec<_> = r.ledger.iter().filter(|l| serde_json::to_string(&l.kind).unwrap() == "\"purchase\"").collect();
    assert_eq!(purchases.len(), 2);
    assert_eq!((purchases[1].at.to_string(), purchases[1].balance_after.unwrap().to_string()), (t("2026-03-18T09:00Z"), t("100")));
    let blocked_rows = r.ledger.iter().filter(|l| l.at.to_string() == "2026-03-16T10:00Z").count();
    assert_eq!(blocked_rows, 0, "blocked usage writes no ledger row");
}

/// 002 "Storage left after iCredits expiry": 2 TB after March 31 keep billing.
#[test]
fn seed002_storage_after_expiry() {
    let r = run("seed002_storage_after_expiry");
    // March: (2 - 1 TB allowance) × 22.5 / 30 × 31 = 23.25 → 24.
    // April: 2 × 0.75 × 30 = 45; May: 1.5 × 31 = 46.5 → 47; June 1..14: 21.
    let totals: Vec<String> = invoices(&r, "archive-lab.Illumina.com").into_iter().map(|i| i.2).collect();
    assert_eq!(totals, vec![t("24"), t("45"), t("47"), t("21")]);
    assert_eq!(codes(&r), vec![t("access_requires_support")]);
    assert_eq!(r.rejections[0].at.to_string(), "2026-05-10T09:00Z");
}

/// 003: promotional credits, per-minute compute, platform errors, storage
/// allowance, deduction timing, rounding, free-trial expiry, Basic cap.
#[test]
fn seed003_basespace() {
    let r = run("seed003_basespace");
    let pro = tenant(&r, "pro-workgroup");
    // 3 × 2 nodes × 8 h = 48 (notes/domain.md §3.1 bulletin example).
    let first_compute = r.ledger.iter().find(|l| l.tenant.as_ref() == "pro-workgroup" && serde_json::to_string(&l.kind).unwrap() == "\"charge\"").unwrap();
    assert_eq!(first_compute.amount.to_string(), "48");
    // Platform error: 3 × 95 / 60 = 4.75 waived, not charged. User stop: 3 × 40 / 60 = 2 charged.
    let waived = r.ledger.iter().find(|l| serde_json::to_string(&l.kind).unwrap() == "\"waived\"").unwrap();
    assert_eq!(waived.amount.to_string(), "4.75");
    // Promotional 250 pays 48 + 2 + 35.5 (app fee, end of day) = 85.5, then 164.5 of the 200 on March 20.
    assert_eq!(pro.sources[0].depleted_at.unwrap().to_string(), "2026-03-20T09:00Z");
    // March post-paid: 35.5 (rest of the 200) + storage 0.5 TB × 0.75 × 31 = 11.625 → 47.125 → 48.
    // April: 0.375 × 30 = 11.25 + 3.65 × 250 / 60 = 15.208333333333 → 26.458333333333 → 27.
    assert_eq!(
        invoices(&r, "pro-workgroup"),
        vec![(t("2026-03"), t("47.125"), t("48")), (t("2026-04"), t("26.458333333333"), t("27"))]
    );
    // Storage came off at the month's end while promotional credits lasted (seed 003 timing).
    let deferred = r.ledger.iter().filter(|l| matches!(l.event, billsim_core::report::Origin::Generator("promotional_timing")) && l.usage_type.as_deref() == Some("storage")).count();
    assert!(deferred >= 1);
    // Free trial: 250 granted, 48 used, 202 expire after 30 days.
    let trial = &tenant(&r, "trial-user").sources[0];
    assert_eq!((trial.used.to_string(), trial.expired_at.unwrap().to_string()), (t("48"), t("2026-03-31T00:00Z")));
    assert!(kinds(&r, "trial-user").contains(&t("\"promotional_expired\"")));
    // 002: billing switches back to pre-funded on a purchase; a grant is not one, so no notice.
    assert!(r.notifications.iter().all(|n| serde_json::to_string(&n.kind).unwrap() != "\"switched_to_prefunded\""));
    // Basic: 1.2 TB refused, 0.8 TB kept.
    assert_eq!(codes(&r), vec![t("storage_cap_exceeded")]);
    assert_eq!(tenant(&r, "basic-user").storage_tb.0.to_string(), "0.8");
}

/// 000/001: the portal's rules, each a rejection, and provisioning.
#[test]
fn seed000_registration() {
    let r = run("seed000_registration");
    assert_eq!(
        codes(&r),
        [
            "no_public_account",
            "not_administrator",
            "order_not_visible",
            "consumable_before_subscription",
            "region_required",
            "no_active_subscription",
            "requires_ica_same_admin",
            "wrong_tenancy",
            "access_restricted",
            "not_administrator"
        ]
        .map(t)
    );
    let ica = r.registrations.iter().find(|o| &*o.order == "ON-1001").unwrap();
    // Registered 09:21, usable after the 30-minute default provisioning.
    assert_eq!((ica.registered_at.unwrap().to_string(), ica.usable_at.unwrap().to_string()), (t("2026-03-01T09:21Z"), t("2026-03-01T09:51Z")));
    let domain = tenant(&r, "coreseqinc.Illumina.com");
    assert_eq!(domain.admin.as_deref(), Some("it-admin@coreseqinc.com"));
    assert_eq!(domain.users.iter().map(|u| u.to_string()).collect::<Vec<_>>(), vec![t("analyst@coreseqinc.com")]);
    // 10 + 30 days × 120 = 3610 drawn from the 5,000 pre-paid order.
    assert_eq!((domain.sources[0].id.to_string(), domain.sources[0].remaining.to_string()), (t("ON-1002"), t("1390")));
    let welcome = r.notifications.iter().filter(|n| serde_json::to_string(&n.kind).unwrap() == "\"welcome\"").count();
    assert_eq!(welcome, 4);
}

/// 000: Cohorts and Connected Insights "can only be enabled if registered with
/// the same domain and administrator email with Illumina Connected Analytics":
/// the e-mail that registered ICA there, whoever the tenant's admin is; a
/// `subscribe` event is held to the ICA rule too.
#[test]
fn seed000_cohorts_need_ica_and_the_email_that_registered_it() {
    let order = |id: &str, product: &str, email: &str| {
        format!(r#"{{"at":"2026-03-01T08:00","type":"order","order":"{id}","product":"{product}","emails":["{email}"],"term_ends":"2027-02-28"}}"#)
    };
    let at = |time: &str, rest: &str| format!(r#"{{"at":"2026-03-01T{time}",{rest}}}"#);
    let events = [
        order("ICA", "ica_enterprise", "adm@x.com"),
        order("COH", "cohorts", "adm@x.com"),
        order("COH2", "cohorts", "boss@x.com"),
        at("09:00", r#""type":"create_account","email":"adm@x.com""#),
        at("09:00", r#""type":"create_account","email":"boss@x.com""#),
        at("09:01", r#""type":"verify_role","by":"adm@x.com","order":"ICA","role":"both""#),
        at("09:01", r#""type":"verify_role","by":"adm@x.com","order":"COH","role":"both""#),
        at("09:01", r#""type":"verify_role","by":"boss@x.com","order":"COH2","role":"both""#),
        at("09:02", r#""type":"register","by":"adm@x.com","order":"ICA","tenant":"dom.Illumina.com","region":"use1""#),
        // Two minutes later ICA is still provisioning: registered is enough.
        at("09:04", r#""type":"register","by":"adm@x.com","order":"COH","tenant":"dom.Illumina.com","region":"use1""#),
        at("11:04", r#""type":"register","by":"boss@x.com","order":"COH2","tenant":"dom.Illumina.com","region":"use1""#),
        at("12:00", r#""type":"subscribe","tenant":"lab","product":"connected_insights","ends":"2026-12-31""#),
        // ICA registered on the portal (provisioning until 09:32) counts for a subscribe event too.
        at("09:03", r#""type":"subscribe","tenant":"dom.Illumina.com","product":"connected_insights","ends":"2026-12-31""#),
    ];
    let json = format!(
        r#"{{"start":"2026-03-01","until":"2026-03-31","tenants":[{{"id":"dom.Illumina.com","admin":"boss@x.com"}},{{"id":"lab"}}],"events":[{}]}}"#,
        events.join(",")
    );
    let r = simulate(parse_scenario(&json).unwrap(), &Options::default()).unwrap();
    let rejected: Vec<(String, String)> = r.rejections.iter().map(|x| (x.at.to_string(), serde_json::to_string(&x.code).unwrap())).collect();
    assert_eq!(
        rejected,
        [("2026-03-01T11:04Z", "\"requires_ica_same_admin\""), ("2026-03-01T12:00Z", "\"requires_ica_same_admin\"")].map(|(a, c)| (t(a), t(c)))
    );
    let cohorts = r.registrations.iter().find(|o| &*o.order == "COH").unwrap();
    assert_eq!(cohorts.registered_by.as_deref(), Some("adm@x.com"));
}

/// 000: "Once a subscription has been registered, then you can select
/// software consumables": registered is enough, provisioning need not be over.
#[test]
fn seed000_consumables_follow_a_registered_subscription() {
    let at = |time: &str, rest: &str| format!(r#"{{"at":"2026-03-01T{time}",{rest}}}"#);
    let events = [
        at("08:00", r#""type":"order","order":"ICA","product":"ica_enterprise","emails":["adm@x.com"],"term_ends":"2027-02-28""#),
        at("08:00", r#""type":"order","order":"PRE","product":"icredits_prepaid","emails":["adm@x.com"],"quantity":"1000""#),
        at("08:00", r#""type":"order","order":"PRE2","product":"icredits_prepaid","emails":["adm@x.com"],"quantity":"500""#),
        at("09:00", r#""type":"create_account","email":"adm@x.com""#),
        at("09:01", r#""type":"verify_role","by":"adm@x.com","order":"ICA","role":"both""#),
        at("09:01", r#""type":"verify_role","by":"adm@x.com","order":"PRE","role":"both""#),
        at("09:01", r#""type":"verify_role","by":"adm@x.com","order":"PRE2","role":"both""#),
        // Before any subscription: refused.
        at("09:01", r#""type":"register","by":"adm@x.com","order":"PRE2","tenant":"dom.Illumina.com""#),
        at("09:02", r#""type":"register","by":"adm@x.com","order":"ICA","tenant":"dom.Illumina.com","region":"use1""#),
        // ICA is provisioning until 09:32: accepted.
        at("09:05", r#""type":"register","by":"adm@x.com","order":"PRE","tenant":"dom.Illumina.com""#),
    ];
    // With BaseSpace pre-paid refused: the provisioning subscription is ICA, so PRE still goes through.
    let json = format!(
        r#"{{"start":"2026-03-01","until":"2026-03-31","policies":{{"basespace_prepaid":false}},"tenants":[{{"id":"dom.Illumina.com"}}],"events":[{}]}}"#,
        events.join(",")
    );
    let r = simulate(parse_scenario(&json).unwrap(), &Options::default()).unwrap();
    assert_eq!(codes(&r), vec![t("consumable_before_subscription")]);
    assert_eq!(r.rejections[0].at.to_string(), "2026-03-01T09:01Z");
    let source = &tenant(&r, "dom.Illumina.com").sources[0];
    assert_eq!((source.id.to_string(), source.quantity.to_string(), source.valid_from.to_string()), (t("PRE"), t("1000"), t("2026-03-01T09:05Z")));
}

/// 003: BaseSpace "iCredits cannot be purchased in advance" (policy
/// `basespace_prepaid: false`): Professional workgroups and Enterprise
/// domains alike; an ICA domain still pre-pays.
#[test]
fn seed003_no_prepaid_basespace_under_the_policy() {
    let json = r#"{"start":"2026-03-01","until":"2026-03-31","policies":{"basespace_prepaid":false},
        "tenants":[{"id":"bs-domain"},{"id":"bs-workgroup"},{"id":"ica-domain"}],
        "events":[
          {"at":"2026-03-01","type":"subscribe","tenant":"bs-domain","product":"basespace_enterprise","ends":"2026-12-31"},
          {"at":"2026-03-01","type":"subscribe","tenant":"bs-workgroup","product":"basespace_professional","ends":"2026-12-31"},
          {"at":"2026-03-01","type":"subscribe","tenant":"ica-domain","product":"ica_enterprise","ends":"2026-12-31"},
          {"at":"2026-03-02","type":"prepaid","tenant":"bs-domain","amount":"100"},
          {"at":"2026-03-02","type":"prepaid","tenant":"bs-workgroup","amount":"100"},
          {"at":"2026-03-02","type":"prepaid","tenant":"ica-domain","amount":"100","id":"pack"}]}"#;
    let r = simulate(parse_scenario(json).unwrap(), &Options::default()).unwrap();
    assert_eq!(codes(&r), vec![t("prepaid_not_allowed"), t("prepaid_not_allowed")]);
    assert_eq!(r.rejections.iter().map(|x| x.tenant.as_deref().unwrap_or_default().to_string()).collect::<Vec<_>>(), vec![t("bs-domain"), t("bs-workgroup")]);
    assert_eq!(tenant(&r, "ica-domain").sources.iter().map(|s| s.id.to_string()).collect::<Vec<_>>(), vec![t("pack")]);
}

/// 000: "Limit user access to specified email addresses / domains": a
/// restriction also removes users already invited from outside it.
#[test]
fn seed000_restricting_access_removes_users_outside_it() {
    let admin = |time: &str, action: &str| format!(r#"{{"at":"2026-03-02T{time}","type":"admin","by":"boss@x.com","tenant":"dom","action":{action}}}"#);
    let events = [
        admin("09:00", r#"{"invite_user":"friend@gmail.com"}"#),
        admin("09:01", r#"{"invite_user":"analyst@x.com"}"#),
        admin("09:02", r#"{"restrict_access":["x.com"]}"#),
        admin("09:03", r#"{"invite_user":"other@gmail.com"}"#),
        // Wider limits remove no one; narrower ones remove who falls outside.
        admin("09:04", r#"{"invite_user":"lead@x.com"}"#),
        admin("09:05", r#"{"restrict_access":["x.com","gmail.com"]}"#),
        admin("09:06", r#"{"invite_user":"friend@gmail.com"}"#),
        admin("09:07", r#"{"restrict_access":["analyst@x.com","gmail.com"]}"#),
    ];
    let json = format!(
        r#"{{"start":"2026-03-01","until":"2026-03-31","tenants":[{{"id":"dom","admin":"boss@x.com"}}],"events":[{}]}}"#,
        events.join(",")
    );
    let r = simulate(parse_scenario(&json).unwrap(), &Options::default()).unwrap();
    assert_eq!(tenant(&r, "dom").users.iter().map(|u| u.to_string()).collect::<Vec<_>>(), vec![t("analyst@x.com"), t("friend@gmail.com")]);
    assert_eq!(codes(&r), vec![t("access_restricted")]);
}

/// notes/domain.md §4.1: promotional iCredits last as long as the
/// subscription; a renewal carries them to its end. The carried grant, then
/// the term, then the renewal's own grant expire at that end, in the order
/// they came to it.
#[test]
fn a_renewal_carries_promotional_credits_to_its_end() {
    let json = r#"{"start":"2026-03-01","until":"2026-04-30","tenants":[{"id":"lab"}],"events":[
        {"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-03-31","promotional":"250"},
        {"at":"2026-03-15","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-04-30","promotional":"100"},
        {"at":"2026-04-10T10:00","type":"charge","tenant":"lab","usage_type":"compute","amount":"50"}]}"#;
    let r = simulate(parse_scenario(json).unwrap(), &Options { detail: Detail::Full }).unwrap();
    // 250 granted with the first term, carried from 1 April to 1 May; 100 with the renewal. The
    // charge draws the older grant.
    let sources: Vec<(String, String, String)> =
        tenant(&r, "lab").sources.iter().map(|s| (s.id.to_string(), s.expires_at.unwrap().to_string(), s.used.to_string())).collect();
    assert_eq!(sources, vec![(t("promotional-1"), t("2026-05-01T00:00Z"), t("50")), (t("promotional-2"), t("2026-05-01T00:00Z"), t("0"))]);
    let at_end: Vec<String> = r.notifications.iter().filter(|n| n.at.to_string() == "2026-05-01T00:00Z").map(|n| n.message.clone()).collect();
    assert_eq!(
        at_end,
        vec![
            t("promotional-1 expired with 200 iCredits unused"),
            t("Illumina Connected Analytics Enterprise has expired; stored data keeps accruing charges until deleted (seed 002)"),
            t("promotional-2 expired with 100 iCredits unused"),
            // Decided as the minute closes, when the run ends.
            t("no pre-funded iCredits left: further usage is billed post-paid (seed 002)"),
        ]
    );
}

/// 003: compute is "billed at a per-minute rate in iCredits per node hour"
/// and "the sum is rounded up to the nearest whole iCredit when the invoice
/// is calculated". Three 10-minute runs at 4 per node hour cost 2/3 each:
/// the sum is exactly 2, which a 2-iCredit pack pays in full (002: "Usage
/// reduces your balance until it reaches zero"), leaving nothing to invoice;
/// without the pack the March invoice is 2, not 3.
#[test]
fn seed003_per_minute_compute_sums_before_rounding() {
    let scenario = |prepaid: &str| {
        format!(
            r#"{{"start":"2026-03-01","until":"2026-03-31","tenants":[{{"id":"d"}}],
            "events":[{{"at":"2026-03-01","type":"subscribe","tenant":"d","product":"ica_enterprise","ends":"2027-03-31"}}{prepaid},
              {{"at":"2026-03-02T10:00","type":"compute","tenant":"d","per_node_hour":"4","nodes":1,"minutes":10}},
              {{"at":"2026-03-03T10:00","type":"compute","tenant":"d","per_node_hour":"4","nodes":1,"minutes":10}},
              {{"at":"2026-03-04T10:00","type":"compute","tenant":"d","per_node_hour":"4","nodes":1,"minutes":10}}]}}"#
        )
    };
    let run = |json: String| simulate(parse_scenario(&json).unwrap(), &Options { detail: Detail::Full }).unwrap();
    let postpaid = run(scenario(""));
    assert_eq!(invoices(&postpaid, "d"), vec![(t("2026-03"), t("2"), t("2"))]);
    let rows: Vec<String> = postpaid.ledger.iter().filter(|r| r.kind == RowKind::Charge).map(|r| r.amount.to_string()).collect();
    assert_eq!(rows, vec![t("0.666666666667"), t("0.666666666666"), t("0.666666666667")]);
    let prepaid = run(scenario(r#",{"at":"2026-03-01T09:00","type":"prepaid","tenant":"d","amount":"2","id":"pack"}"#));
    assert_eq!(invoices(&prepaid, "d"), vec![]);
    assert_eq!(tenant(&prepaid, "d").sources[0].remaining.to_string(), "0");
}

/// 002: "Notifications are sent when your configured monthly budget threshold
/// is reached … You can set up or adjust your monthly budget notification at
/// any time". Budget 100 at 30 a day alerts on 4 March (120); raised to 500
/// on 10 March it alerts again on 17 March (510); lowered to 300 on 20 March
/// (600 spent) it alerts at once. April starts afresh: 300 reached on 10 April.
#[test]
fn seed002_an_adjusted_budget_alerts_again() {
    let json = r#"{"start":"2026-03-01","until":"2026-04-30","tenants":[{"id":"d","budget":"100"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"d","product":"ica_enterprise","ends":"2027-03-31"},
          {"at":"2026-03-10","type":"budget","tenant":"d","amount":"500"},
          {"at":"2026-03-12","type":"budget","tenant":"d","amount":"500"},
          {"at":"2026-03-20T13:00","type":"budget","tenant":"d","amount":"300"}],
        "usage":[{"type":"daily","tenant":"d","usage_type":"compute","amount":"30","from":"2026-03-01","to":"2026-04-30"}]}"#;
    let r = simulate(parse_scenario(json).unwrap(), &Options::default()).unwrap();
    let alerts: Vec<(String, String)> = r
        .notifications
        .iter()
        .filter(|n| serde_json::to_string(&n.kind).unwrap() == "\"budget_threshold\"")
        .map(|n| (n.at.to_string(), n.message.clone()))
        .collect();
    let at: Vec<&str> = alerts.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(at, ["2026-03-04T12:00Z", "2026-03-17T12:00Z", "2026-03-20T13:00Z", "2026-04-10T12:00Z"], "{alerts:?}");
    assert_eq!(alerts[2].1, "600 iCredits used this month, budget 300");
}

/// 001: "ICA subscriptions use enterprise domains"; BaseSpace Professional
/// uses a professional workgroup. A workgroup that a `subscribe` event made
/// one refuses ICA, as a domain refuses BaseSpace Professional.
#[test]
fn seed001_a_workgroup_refuses_ica() {
    let json = r#"{"start":"2026-03-01","until":"2026-03-31","tenants":[{"id":"seq-lab","admin":"pi@lab.org"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"seq-lab","product":"basespace_professional","ends":"2027-02-28"},
          {"at":"2026-03-01T08:00","type":"order","order":"ICA1","product":"ica_enterprise","emails":["pi@lab.org"],"term_ends":"2027-02-28"},
          {"at":"2026-03-01T09:00","type":"create_account","email":"pi@lab.org"},
          {"at":"2026-03-01T09:01","type":"verify_role","by":"pi@lab.org","order":"ICA1","role":"both"},
          {"at":"2026-03-01T09:02","type":"register","by":"pi@lab.org","order":"ICA1","tenant":"seq-lab","region":"use1"}]}"#;
    let r = simulate(parse_scenario(json).unwrap(), &Options::default()).unwrap();
    assert_eq!(codes(&r), vec![t("wrong_tenancy")]);
    assert_eq!(
        r.rejections[0].message,
        "Illumina Connected Analytics Enterprise registers into an enterprise domain; 'seq-lab' is a professional workgroup"
    );
    assert_eq!(r.registrations[0].status, billsim_core::registration::Status::Pending);
}

/// 003: "If an app terminates due to a BaseSpace Sequence Hub error, fees
/// associated with the terminated run are not charged" is BaseSpace's rule;
/// on an ICA domain the same run is charged (002: "All software usage is
/// eligible for charging"): 2 nodes × 8 h at 3 per node hour = 48.
#[test]
fn seed003_the_platform_error_waiver_is_basespace_only() {
    let json = r#"{"start":"2026-03-01","until":"2026-03-31","tenants":[{"id":"ica"},{"id":"bs"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"ica","product":"ica_enterprise","ends":"2027-02-28"},
          {"at":"2026-03-01","type":"subscribe","tenant":"bs","product":"basespace_professional","ends":"2027-02-28"},
          {"at":"2026-03-02","type":"compute","tenant":"ica","per_node_hour":"3","nodes":2,"hours":"8","ended_by":"platform_error"},
          {"at":"2026-03-02","type":"compute","tenant":"bs","per_node_hour":"3","nodes":2,"hours":"8","ended_by":"platform_error"}]}"#;
    let r = simulate(parse_scenario(json).unwrap(), &Options::default()).unwrap();
    let waived = |id: &str| r.statements.iter().find(|s| &*s.tenant == id).unwrap().waived.0.normalize().to_string();
    assert_eq!((tenant(&r, "ica").icredits_charged.0.normalize().to_string(), waived("ica")), (t("48"), t("0")));
    assert_eq!((tenant(&r, "bs").icredits_charged.0.normalize().to_string(), waived("bs")), (t("0"), t("48")));
    assert_eq!(invoices(&r, "ica"), vec![(t("2026-03"), t("48"), t("48"))]);
}

/// 000: "If your login has access to existing workgroups, these are listed on
/// the page for you to choose from. If you do not have existing workgroups,
/// then select the create new menu item": a stranger cannot register orders
/// into a domain that exists (it has ICA); an invited user can.
#[test]
fn seed000_only_members_register_into_an_existing_domain() {
    let json = r#"{"start":"2026-03-01","until":"2026-03-31","tenants":[{"id":"dom.Illumina.com","admin":"boss@x.com"}],
        "events":[{"at":"2026-03-01","type":"subscribe","tenant":"dom.Illumina.com","product":"ica_enterprise","ends":"2027-02-28"},
          {"at":"2026-03-01T08:00","type":"order","order":"PRE","product":"icredits_prepaid","emails":["stranger@y.org","analyst@x.com"],"quantity":"1000"},
          {"at":"2026-03-01T08:00","type":"order","order":"MX","product":"connected_multiomics","emails":["stranger@y.org"],"term_ends":"2027-02-28"},
          {"at":"2026-03-01T09:00","type":"create_account","email":"stranger@y.org"},
          {"at":"2026-03-01T09:00","type":"create_account","email":"analyst@x.com"},
          {"at":"2026-03-01T09:01","type":"verify_role","by":"stranger@y.org","order":"PRE","role":"both"},
          {"at":"2026-03-01T09:01","type":"verify_role","by":"stranger@y.org","order":"MX","role":"both"},
          {"at":"2026-03-01T09:01","type":"verify_role","by":"analyst@x.com","order":"PRE","role":"both"},
          {"at":"2026-03-01T09:02","type":"register","by":"stranger@y.org","order":"PRE","tenant":"dom.Illumina.com"},
          {"at":"2026-03-01T09:03","type":"register","by":"stranger@y.org","order":"MX","tenant":"dom.Illumina.com","region":"use1"},
          {"at":"2026-03-01T09:04","type":"admin","by":"boss@x.com","tenant":"dom.Illumina.com","action":{"invite_user":"analyst@x.com"}},
          {"at":"2026-03-01T09:05","type":"register","by":"analyst@x.com","order":"PRE","tenant":"dom.Illumina.com"}]}"#;
    let r = simulate(parse_scenario(json).unwrap(), &Options::default()).unwrap();
    assert_eq!(codes(&r), vec![t("not_administrator"), t("not_administrator")]);
    assert_eq!(r.rejections[0].message, "stranger@y.org has no access to 'dom.Illumina.com': only its administrator and users register orders into it (seed 000)");
    assert_eq!(tenant(&r, "dom.Illumina.com").sources[0].quantity.normalize().to_string(), "1000");
}

/// Every preset runs to a report without rejections it does not expect.
#[test]
fn every_preset_runs_deterministically() {
    for (name, json) in presets::ALL {
        let a = billsim_core::simulate_json(json, "").unwrap();
        let b = billsim_core::simulate_json(json, "").unwrap();
        assert_eq!(a, b, "{name}");
    }
}
