//! Reading and checking a scenario: every problem is reported at once with a
//! stable code, a JSON pointer and a message. Limits are errors, never
//! out-of-memory.

use std::collections::HashSet;
use std::fmt::Display;

use serde::de::{self, DeserializeOwned, IgnoredAny, MapAccess, SeqAccess, Unexpected, Visitor};
use serde::Deserializer;

use crate::catalog::{Product, RateCard, REGIONS};
use crate::registration::{Action, Order};
use crate::error::{Error, ErrorCode as C, Issue, Result};
use crate::money::Amount;
use crate::object::Object;
use crate::pointer::{escape, offset, pointer_at, At};
use crate::policy::{LowBalance, Provisioning};
use crate::scenario::{Event, Scenario};
use crate::time::Minute;

/// Longest horizon, in years.
pub const MAX_HORIZON_YEARS: i64 = 50;
/// Most scenario events.
pub const MAX_EVENTS: usize = 1_000_000;
/// Most tenants.
pub const MAX_TENANTS: usize = 10_000;
/// Most tenant-days (each gets a daily tabulation).
pub const MAX_TENANT_DAYS: i64 = 20_000_000;
/// Longest name, id or label.
pub const MAX_STRING: usize = 256;
/// Most nodes on one run.
pub const MAX_NODES: u32 = 100_000;
/// Largest input document, bytes.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;
/// Most sample types in a rate card: every Samples event is checked against them.
pub const MAX_SAMPLE_TYPES: usize = 1_000;

/// Parses scenario JSON, mapping serde's first error to a coded issue with
/// its JSON pointer.
pub fn parse(json: &str) -> Result<Scenario> {
    if json.len() > MAX_INPUT_BYTES {
        return Err(Error::new(C::LimitExceeded, "", format!("the scenario is larger than {MAX_INPUT_BYTES} bytes")));
    }
    if !json.trim_start().starts_with('{') && serde_json::from_str::<IgnoredAny>(json).is_ok() {
        return Err(Error::new(C::InvalidValue, "", "a scenario is a JSON object"));
    }
    read::<Object<Scenario>>(json, "").map(|o| o.0)
}

/// Parses one event (step API), with paths relative to `base`, as an event
/// of a scenario is read.
pub fn parse_event(json: &str, base: &str) -> Result<Event> {
    read(json, base)
}

/// Reads an options object (`{"detail": …}`, Monte Carlo or forecast options);
/// an empty string means the defaults. Errors carry the field's path.
pub fn parse_options<T: DeserializeOwned + Default>(json: &str) -> Result<T> {
    if json.trim().is_empty() {
        return Ok(T::default());
    }
    read::<Object<T>>(json, "").map(|o| o.0)
}

/// Every typed read goes through this one deserializer, so each type's
/// `Deserialize` is compiled once. Errors carry `base` + the pointer of what
/// they are about.
fn read<T: DeserializeOwned>(json: &str, base: &str) -> Result<T> {
    let mut de = serde_json::Deserializer::from_str(json);
    // `end` refuses anything but whitespace after the value (`{…}garbage`, `{…}{…}`).
    T::deserialize(&mut de).and_then(|t| de.end().map(|()| t)).map_err(|e| read_error(json, base, &e))
}

/// A coded error for what serde_json refused in `json`; one copy for every
/// type `read` is compiled for.
#[cold]
fn read_error(json: &str, base: &str, e: &serde_json::Error) -> Error {
    match locate(json, e) {
        None => Error::new(C::InvalidJson, base, format!("not valid JSON: {e}")),
        Some((path, msg)) => {
            let err = serde_issue(&format!("{base}{path}"), &msg);
            // Raw JSON an entry kept was found invalid: the document is.
            if err.code() == C::InvalidJson { Error::new(C::InvalidJson, base, err.message()) } else { err }
        }
    }
}

/// Leads the message of an error found inside a scenario entry once the
/// entry's own text was read (see [`crate::tagged`]): the pointer from the
/// entry, this, then the message.
pub(crate) const INNER_PATH: char = '\u{0}';

/// The pointer in `json` of what a serde_json error is about, and its
/// message; `None` for a syntax error, but where it is serde_json refusing
/// an enum's value (see [`enum_value_message`]).
pub(crate) fn locate(json: &str, e: &serde_json::Error) -> Option<(String, String)> {
    let (line, column) = (e.line(), e.column());
    if e.is_syntax() || e.is_eof() {
        let (msg, at) = enum_value_message(json, e)?;
        return Some((pointer_at(json, line, column, at), msg));
    }
    // serde_json reads a position back from the end of a message.
    let text = e.to_string();
    let text = text.strip_suffix(&format!(" at line {line} column {column}")).unwrap_or(&text);
    let (inner, msg) = match text.split_once(INNER_PATH) {
        Some((inner, msg)) => (Some(inner), msg),
        None => (None, text),
    };
    let around = inner.is_some() || ["missing field", "unknown field", "duplicate field", "invalid length"].iter().any(|m| msg.starts_with(m));
    let path = pointer_at(json, line, column, if around { At::Container } else { At::Value });
    Some((path + inner.unwrap_or_default(), msg.to_string()))
}

/// serde_json refuses an enum's value of another JSON type with a syntax
/// error (`expected value`) though the JSON is well-formed: the message
/// names the value as serde does elsewhere, and where it is. `None` for a
/// real syntax error.
fn enum_value_message(json: &str, e: &serde_json::Error) -> Option<(String, At)> {
    if !e.to_string().starts_with("expected value") {
        return None;
    }
    // The value's first byte, or the comma after an object's first entry.
    let (before, value) = json.split_at_checked(offset(json, e.line(), e.column()).checked_sub(1)?)?;
    match serde_json::Deserializer::from_str(value).deserialize_any(Refused) {
        Ok(message) => Some((message, At::Value)),
        Err(_) if before.trim_end().ends_with('{') || value.get(1..)?.starts_with(',') => {
            let error: serde_json::Error = de::Error::invalid_value(Unexpected::Map, &"map with a single key");
            Some((error.to_string(), At::Container))
        }
        Err(_) => None,
    }
}

/// Reads a JSON value, without building it, into serde's message refusing it
/// where an enum's string or map was expected.
struct Refused;

impl Refused {
    fn message(unexpected: Unexpected) -> String {
        <serde_json::Error as de::Error>::invalid_type(unexpected, &"string or map").to_string()
    }
}

impl<'de> Visitor<'de> for Refused {
    type Value = String;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> std::result::Result<String, E> {
        Ok(Self::message(Unexpected::Unit))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<String, E> {
        Ok(Self::message(Unexpected::Bool(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<String, E> {
        Ok(Self::message(Unexpected::Unsigned(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<String, E> {
        Ok(Self::message(Unexpected::Signed(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<String, E> {
        Ok(Self::message(Unexpected::Float(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<String, E> {
        Ok(Self::message(Unexpected::Str(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<String, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Self::message(Unexpected::Seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<String, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Self::message(Unexpected::Map))
    }
}

/// Turns a serde message into an issue: `[code] message` from billsim's own
/// types, or serde's wording for unknown/missing fields and bad variants.
fn serde_issue(path: &str, msg: &str) -> Error {
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = msg.strip_prefix('[') {
        if let Some((code, text)) = rest.split_once("] ") {
            if let Some(code) = C::parse(code) {
                return Error::new(code, path, text);
            }
        }
    }
    let field = escape(msg.split('`').nth(1).unwrap_or_default());
    let at_field = if path.ends_with(&format!("/{field}")) { path.to_string() } else { format!("{path}/{field}") };
    if msg.starts_with("unknown field") {
        Error::new(C::UnknownField, at_field, msg)
    } else if msg.starts_with("missing field") {
        Error::new(C::MissingField, at_field, msg)
    } else if msg.starts_with("unknown variant") && path.ends_with("/product") {
        Error::new(C::UnknownProduct, path, msg)
    } else {
        Error::new(C::InvalidValue, path, msg)
    }
}

/// Checks a parsed scenario; returns it with default apps merged into its rate card.
pub fn validate(mut s: Scenario) -> Result<Scenario> {
    let mut issues = Vec::new();
    if s.until < s.start {
        issues.push(Issue::new(C::EndBeforeStart, "/until", format!("until {} is before start {}", s.until, s.start)));
    }
    let days = s.start.days_until(s.until) + 1;
    if days > MAX_HORIZON_YEARS * 366 {
        issues.push(Issue::new(C::HorizonTooLong, "/until", format!("the horizon is {days} days; the limit is {MAX_HORIZON_YEARS} years")));
    }
    if s.events.len() > MAX_EVENTS {
        issues.push(Issue::new(C::TooManyEvents, "/events", format!("{} events; the limit is {MAX_EVENTS}", s.events.len())));
    }
    if s.tenants.len() > MAX_TENANTS {
        issues.push(Issue::new(C::LimitExceeded, "/tenants", format!("{} tenants; the limit is {MAX_TENANTS}", s.tenants.len())));
    } else if (s.tenants.len() as i64).saturating_mul(days.max(0)) > MAX_TENANT_DAYS {
        issues.push(Issue::new(C::LimitExceeded, "/tenants", format!("tenants × days exceeds {MAX_TENANT_DAYS}")));
    }
    let mut generated: u64 = 0;
    for (k, p) in s.usage.iter().enumerate() {
        generated = generated.saturating_add(p.event_count());
        if generated > crate::profiles::MAX_GENERATED {
            let limit = crate::profiles::MAX_GENERATED;
            let msg = format!("the usage profiles through /usage/{k} would generate {generated} or more events; the limit is {limit}");
            issues.push(Issue::new(C::TooManyEvents, format!("/usage/{k}"), msg));
            break;
        }
    }
    if let Some(e) = Error::from_issues(issues) {
        return Err(e); // the rest would be slow or meaningless
    }
    let mut issues = Vec::new();
    check_rates(&s.rates, &mut issues);
    check_policies(&s, &mut issues);
    let mut ids = HashSet::new();
    for (i, t) in s.tenants.iter().enumerate() {
        let p = format!("/tenants/{i}");
        check_name(&t.id, &format!("{p}/id"), &mut issues);
        if !ids.insert(t.id.as_str()) {
            issues.push(Issue::new(C::DuplicateId, format!("{p}/id"), format!("tenant '{}' is declared twice", t.id)));
        }
        for (field, v) in [("admin", &t.admin), ("bill_to", &t.bill_to)] {
            if let Some(e) = v {
                check_email(e, &format!("{p}/{field}"), &mut issues);
            }
        }
        if let Some(b) = t.budget {
            check_non_negative(b, &format!("{p}/budget"), &mut issues);
        }
    }
    let (start, end) = (Minute::start_of(s.start), s.until.end());
    let mut source_ids = HashSet::new();
    let mut order_ids = HashSet::new();
    for (i, e) in s.events.iter().enumerate() {
        let p = Pointer("/events", i);
        if e.at() < start || e.at() >= end {
            issues.push(Issue::new(C::OutOfHorizon, format!("{p}/at"), format!("{} is outside {}..{}", e.at(), start, end)));
        }
        check_event(e, &p, &s.rates, &|t| ids.contains(t), &mut issues);
        if let Event::Order(o) = e {
            if !order_ids.insert(o.order.as_str()) {
                issues.push(Issue::new(C::DuplicateId, format!("{p}/order"), format!("order number '{}' is used twice", o.order)));
            }
        }
        if let Some(id) = e.source_id() {
            if !source_ids.insert(id) {
                issues.push(Issue::new(C::DuplicateId, format!("{p}/id"), format!("funding source id '{id}' is used twice")));
            }
        }
    }
    for (k, profile) in s.usage.iter().enumerate() {
        let p = format!("/usage/{k}");
        profile.check(&p, &mut issues);
        if let Some(t) = profile.sample_type() {
            check_sample_type(t, &s.rates, &p, &mut issues);
        }
        if !ids.contains(profile.tenant()) {
            issues.push(Issue::new(C::UnknownTenant, format!("{p}/tenant"), format!("tenant '{}' is not declared under /tenants", profile.tenant())));
        }
        let (from, to) = profile.span();
        if from < s.start || to > s.until {
            issues.push(Issue::new(C::OutOfHorizon, format!("{p}/from"), format!("{from}..{to} is outside {}..{}", s.start, s.until)));
        }
    }
    if let Some(e) = Error::from_issues(issues) {
        return Err(e);
    }
    for (k, v) in RateCard::default().apps {
        s.rates.apps.entry(k).or_insert(v);
    }
    Ok(s)
}

/// Checks one event on its own (the step API's `apply`).
pub fn validate_event(e: &Event, path: &str, rates: &RateCard, tenant_known: &dyn Fn(&str) -> bool) -> Result<()> {
    let mut issues = Vec::new();
    check_event(e, &path, rates, tenant_known, &mut issues);
    Error::from_issues(issues).map_or(Ok(()), Err)
}

fn check_event(e: &Event, p: &dyn Display, rates: &RateCard, tenant_known: &dyn Fn(&str) -> bool, issues: &mut Vec<Issue>) {
    if let Some(t) = e.tenant().filter(|t| !tenant_known(t)) {
        issues.push(Issue::new(C::UnknownTenant, format!("{p}/tenant"), format!("tenant '{t}' is not declared under /tenants")));
    }
    // A funding source's id labels every ledger row the source pays.
    if let Some(id) = e.source_id() {
        check_name(id, &format!("{p}/id"), issues);
    }
    let day = e.at().day();
    // The path is only formatted for an amount that is refused.
    let amount = |a: Amount, field: &str, issues: &mut Vec<Issue>| {
        if a.0.is_sign_negative() && !a.0.is_zero() {
            check_non_negative(a, &format!("{p}/{field}"), issues);
        }
    };
    match e {
        Event::Subscribe(x) => {
            if x.product.is_consumable() {
                issues.push(Issue::new(C::UnknownProduct, format!("{p}/product"), format!("'{}' is a consumable, not a subscription", x.product.name())));
            }
            if let Some(a) = x.promotional {
                amount(a, "promotional", issues);
            }
            if x.ends < day {
                issues.push(Issue::new(C::EndBeforeStart, format!("{p}/ends"), format!("the term ends {} before it starts", x.ends)));
            }
        }
        Event::Prepaid(x) => amount(x.amount, "amount", issues),
        Event::OpenPo(x) => {
            amount(x.amount, "amount", issues);
            if x.expires < day {
                issues.push(Issue::new(C::EndBeforeStart, format!("{p}/expires"), format!("the PO expires {} before it is registered", x.expires)));
            }
        }
        Event::Promotional(x) => amount(x.amount, "amount", issues),
        Event::Samples(x) => {
            amount(x.quantity, "quantity", issues);
            check_sample_type(&x.sample_type, rates, p, issues);
        }
        Event::SampleUsage(x) => {
            amount(x.quantity, "quantity", issues);
            check_sample_type(&x.sample_type, rates, p, issues);
        }
        Event::Compute(x) => {
            if let Some(r) = x.per_node_hour {
                amount(r, "per_node_hour", issues);
            }
            if let Some(h) = x.hours {
                amount(h, "hours", issues);
            }
            if x.nodes == 0 || x.nodes > MAX_NODES {
                issues.push(Issue::new(C::InvalidValue, format!("{p}/nodes"), format!("nodes must be 1..={MAX_NODES}")));
            }
            if x.minutes.is_some_and(|m| m > 60 * 24 * 366 * MAX_HORIZON_YEARS as u64) {
                issues.push(Issue::new(C::LimitExceeded, format!("{p}/minutes"), "a run cannot be longer than the horizon limit"));
            }
            if x.minutes.is_none() && x.hours.is_none() {
                issues.push(Issue::new(C::MissingField, format!("{p}/minutes"), "give the run time as minutes or hours"));
            }
            check_app(x.app.as_deref(), x.per_node_hour.is_none(), rates, p, issues);
            if let Some(pr) = &x.project {
                check_name(pr, &format!("{p}/project"), issues);
            }
        }
        Event::AppFee(x) => {
            if let Some(a) = x.amount {
                amount(a, "amount", issues);
            } else if x.app.is_none() {
                issues.push(Issue::new(C::MissingField, format!("{p}/amount"), "give an amount or an app with a fee"));
            }
            check_app(x.app.as_deref(), x.amount.is_none(), rates, p, issues);
        }
        Event::Storage(x) | Event::Archive(x) | Event::Restore(x) => amount(x.tb, "tb", issues),
        Event::Delete(x) => {
            if let Some(tb) = x.tb {
                amount(tb, "tb", issues);
            }
        }
        Event::Transfer(x) => amount(x.tb, "tb", issues),
        Event::Charge(x) => {
            amount(x.amount, "amount", issues);
            if let Some(pr) = &x.project {
                check_name(pr, &format!("{p}/project"), issues);
            }
        }
        Event::Budget(x) => {
            if let Some(a) = x.amount {
                amount(a, "amount", issues);
            }
        }
        Event::SupportRestore(_) => {}
        Event::Order(x) => check_order(x, p, rates, issues),
        Event::CreateAccount(x) => check_email(&x.email, &format!("{p}/email"), issues),
        Event::AddEmail(x) => {
            check_email(&x.by, &format!("{p}/by"), issues);
            check_email(&x.email, &format!("{p}/email"), issues);
        }
        Event::VerifyRole(x) => check_email(&x.by, &format!("{p}/by"), issues),
        Event::AssignAdmin(x) => {
            check_email(&x.by, &format!("{p}/by"), issues);
            check_email(&x.email, &format!("{p}/email"), issues);
        }
        Event::Register(x) => {
            check_email(&x.by, &format!("{p}/by"), issues);
            if let Some(r) = &x.region {
                check_region(r, &format!("{p}/region"), issues);
            }
        }
        Event::Admin(x) => {
            check_email(&x.by, &format!("{p}/by"), issues);
            match &x.action {
                Action::InviteUser(m) | Action::RemoveUser(m) => check_email(m, &format!("{p}/action"), issues),
                Action::RestrictAccess(list) => {
                    for (k, entry) in list.iter().enumerate() {
                        let ok = is_email(entry) || (entry.contains('.') && !entry.contains('@') && !entry.contains(char::is_whitespace));
                        if !ok {
                            issues.push(Issue::new(C::InvalidEmail, format!("{p}/action/restrict_access/{k}"), format!("'{entry}' is neither an e-mail nor an e-mail domain")));
                        }
                    }
                }
                Action::ViewUsage => {}
            }
        }
        Event::ChangeAdmin(x) => check_email(&x.email, &format!("{p}/email"), issues),
    }
}

fn check_order(x: &Order, p: &dyn Display, rates: &RateCard, issues: &mut Vec<Issue>) {
    check_name(&x.order, &format!("{p}/order"), issues);
    for (k, m) in x.emails.iter().enumerate() {
        check_email(m, &format!("{p}/emails/{k}"), issues);
    }
    let missing = |field: &str, why: &str, issues: &mut Vec<Issue>| {
        issues.push(Issue::new(C::MissingField, format!("{p}/{field}"), format!("{} orders need {why}", x.product.name())));
    };
    match x.product {
        product if product.is_subscription() && x.term_ends.is_none() => missing("term_ends", "the term's last day", issues),
        Product::IcreditsPrepaid | Product::IcreditsOpenPo | Product::Samples if x.quantity.is_none() => missing("quantity", "a quantity", issues),
        Product::IcreditsOpenPo if x.expires.is_none() => missing("expires", "an expiry date", issues),
        Product::Samples => match &x.sample_type {
            None => missing("sample_type", "a sample type", issues),
            Some(t) => check_sample_type(t, rates, p, issues),
        },
        _ => {}
    }
    if let Some(q) = x.quantity {
        check_non_negative(q, &format!("{p}/quantity"), issues);
    }
}

fn check_app(app: Option<&str>, needs_rate: bool, rates: &RateCard, p: &dyn Display, issues: &mut Vec<Issue>) {
    if let Some(a) = app {
        if needs_rate && !rates.apps.contains_key(a) && !RateCard::default().apps.contains_key(a) {
            issues.push(Issue::new(C::UnknownApp, format!("{p}/app"), format!("app '{a}' is not in the rate card; add it under rates.apps or give a rate")));
        }
    } else if needs_rate {
        issues.push(Issue::new(C::MissingField, format!("{p}/app"), "give an app from the rate card or an explicit rate"));
    }
}

fn check_sample_type(t: &str, rates: &RateCard, p: &dyn Display, issues: &mut Vec<Issue>) {
    if !rates.has_sample_type(t) {
        issues.push(Issue::new(
            C::UnknownSampleType,
            format!("{p}/sample_type"),
            format!("'{t}' is not a sample type; known: {}", rates.sample_types.join(", ")),
        ));
    }
}

fn check_non_negative(a: Amount, path: &str, issues: &mut Vec<Issue>) {
    if a.0.is_sign_negative() && !a.0.is_zero() {
        issues.push(Issue::new(C::NegativeAmount, path, format!("{a} is negative")));
    }
}

pub(crate) fn check_name(s: &str, path: &str, issues: &mut Vec<Issue>) {
    if s.trim().is_empty() || s.chars().count() > MAX_STRING || s.chars().any(char::is_control) {
        issues.push(Issue::new(C::InvalidString, path, format!("a name must be 1..={MAX_STRING} printable characters")));
    }
}

/// A plain check: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else { return false };
    s.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

fn check_email(s: &str, path: &str, issues: &mut Vec<Issue>) {
    if !is_email(s) {
        issues.push(Issue::new(C::InvalidEmail, path, format!("'{s}' is not an e-mail address")));
    }
}

/// Checks a region against the catalog.
pub fn check_region(r: &str, path: &str, issues: &mut Vec<Issue>) {
    if !REGIONS.contains(&r) {
        issues.push(Issue::new(C::UnknownRegion, path, format!("'{r}' is not an instance region; known: {}", REGIONS.join(", "))));
    }
}

fn check_rates(r: &RateCard, issues: &mut Vec<Issue>) {
    for (field, a) in [
        ("storage_per_tb_month", r.storage_per_tb_month),
        ("archive_per_tb_month", r.archive_per_tb_month),
        ("archive_send_per_tb", r.archive_send_per_tb),
        ("archive_retrieve_per_tb", r.archive_retrieve_per_tb),
        ("transfer_per_tb", r.transfer_per_tb),
        ("storage_allowance_tb", r.storage_allowance_tb),
        ("promotional_icredits", r.promotional_icredits),
        ("free_trial_icredits", r.free_trial_icredits),
    ] {
        check_non_negative(a, &format!("/rates/{field}"), issues);
    }
    if !(1..=31).contains(&r.storage_month_days) {
        issues.push(Issue::new(C::InvalidValue, "/rates/storage_month_days", "storage_month_days must be 1..=31"));
    }
    if r.free_trial_days > 3660 {
        issues.push(Issue::new(C::InvalidValue, "/rates/free_trial_days", "free_trial_days must be at most 3660"));
    }
    for (k, app) in &r.apps {
        check_name(k, &format!("/rates/apps/{k}"), issues);
        check_non_negative(app.per_node_hour, &format!("/rates/apps/{k}/per_node_hour"), issues);
        check_non_negative(app.fee, &format!("/rates/apps/{k}/fee"), issues);
    }
    if r.sample_types.len() > MAX_SAMPLE_TYPES {
        let n = r.sample_types.len();
        issues.push(Issue::new(C::LimitExceeded, "/rates/sample_types", format!("{n} sample types; the limit is {MAX_SAMPLE_TYPES}")));
    }
    for (i, t) in r.sample_types.iter().enumerate().take(MAX_SAMPLE_TYPES) {
        check_name(t, &format!("/rates/sample_types/{i}"), issues);
    }
}

fn check_policies(s: &Scenario, issues: &mut Vec<Issue>) {
    match s.policies.low_balance {
        LowBalance::Share(x) if x.0.is_sign_negative() || x.0 > rust_decimal::Decimal::ONE => {
            issues.push(Issue::new(C::InvalidValue, "/policies/low_balance/share", "a share is between 0 and 1"));
        }
        LowBalance::Amount(a) => check_non_negative(a, "/policies/low_balance/amount", issues),
        LowBalance::Share(_) => {}
    }
    if let Provisioning::Fixed(m) = s.policies.provisioning {
        if m > 24 * 60 {
            issues.push(Issue::new(C::InvalidValue, "/policies/provisioning/fixed", "provisioning takes at most a day"));
        }
    }
}

/// `/events/3` without allocating until an issue needs it.
#[derive(Clone, Copy)]
struct Pointer(&'static str, usize);

impl Display for Pointer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.0, self.1)
    }
}
