//! Usage history into scenario events, so a forecast starts from what a lab
//! actually spent.
//!
//! Two layouts:
//! - the BaseSpace usage CSV (`Workgroup-[Name]-Usage-[YYYY-MM].csv`,
//!   notes/domain.md §6.2): an "Applications iCredit Consumption" section
//!   (Date (UTC), App Name, iCredits Consumption, App Fee (iCredits), Compute
//!   Time Rate, Compute Time Used, Compute Time Consumption, User, App Session
//!   ID) and a "Daily Storage Overage iCredit Consumption" section (Overage
//!   Amount, iCredits Consumption; one row per day of the month when it has no
//!   date column);
//! - a generic CSV with a header naming `date`, `usage_type` and `amount`
//!   (optionally `tenant` and `project`).
//!
//! Each app row becomes a `compute` charge (Compute Time Consumption) and an
//! `app_fee` charge (App Fee), plus an `other` charge for any rest of its
//! iCredits Consumption; the app's name is the charge's project. Storage rows
//! become `storage` charges at 23:59, when daily tabulation runs. Amounts are
//! kept exactly as written: imported history is not re-priced.
//!
//! ```
//! let csv = "date,usage_type,amount\n2026-03-02,compute,12.5\n2026-03-02,storage,0.75\n";
//! let got = billsim_core::import::generic_csv(csv, "lab").unwrap();
//! assert_eq!(got.events.len(), 2);
//! assert_eq!(got.total.0.to_string(), "13.25");
//! ```

use std::sync::Arc;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, ErrorCode, Issue, Result};
use crate::money::Amount;
use crate::report::Amt;
use crate::scenario::{Charge, Event, UsageType};
use crate::time::{Day, Minute};

/// Largest CSV accepted, bytes.
pub const MAX_CSV_BYTES: usize = 64 * 1024 * 1024;

/// Most rows (the scenario's event limit).
pub const MAX_ROWS: usize = crate::validate::MAX_EVENTS;

/// Most issues reported for one file.
const MAX_ISSUES: usize = 100;

/// Events read from a usage history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imported {
    /// Charge events, in time order.
    pub events: Vec<Event>,
    /// Data rows read.
    pub rows: usize,
    /// Sum of the charges.
    pub total: Amt,
    /// First day with a charge.
    pub from: Option<Day>,
    /// Last day with a charge.
    pub to: Option<Day>,
}

impl Imported {
    fn new(mut events: Vec<Event>, rows: usize) -> Self {
        events.sort_by_key(Event::at);
        let total = events.iter().map(|e| if let Event::Charge(c) = e { c.amount.0 } else { Decimal::ZERO }).sum();
        let from = events.first().map(|e| e.at().day());
        let to = events.last().map(|e| e.at().day());
        Self { events, rows, total: Amt(total), from, to }
    }

    /// Appends the events to a scenario's timeline.
    pub fn append_to(&self, scenario: &mut crate::scenario::Scenario) {
        scenario.events.extend(self.events.iter().cloned());
    }
}

/// Splits CSV text into records (RFC 4180: quoted fields, doubled quotes,
/// line breaks inside quotes, CRLF or LF). Returns (line number, fields).
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>> {
    if text.len() > MAX_CSV_BYTES {
        return Err(Error::new(ErrorCode::LimitExceeded, "", format!("the CSV is larger than {MAX_CSV_BYTES} bytes")));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n' | '\r') => {
                fields.push(std::mem::take(&mut field));
                out.push((start_line, std::mem::take(&mut fields)));
                line += 1;
                start_line = line;
                if out.len() > MAX_ROWS + 16 {
                    return Err(Error::new(ErrorCode::LimitExceeded, "", format!("more than {MAX_ROWS} rows")));
                }
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(Error::new(ErrorCode::InvalidValue, format!("/lines/{start_line}"), "a quoted field is not closed"));
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        out.push((start_line, fields));
    }
    // Blank lines separate sections; they carry no data.
    out.retain(|(_, f)| f.iter().any(|x| !x.trim().is_empty()));
    Ok(out)
}

/// Lower-case, units in parentheses dropped, spaces collapsed.
fn norm(h: &str) -> String {
    let base = h.split('(').next().unwrap_or(h);
    base.trim().to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

fn col(header: &[String], names: &[&str]) -> Option<usize> {
    header.iter().position(|h| names.contains(&norm(h).as_str()))
}

/// A decimal as written: thousands separators, a currency or `iCr` suffix
/// and surrounding spaces allowed; empty is zero.
fn number(s: &str) -> std::result::Result<Decimal, String> {
    let t: String = s.trim().trim_end_matches("iCredits").trim_end_matches("iCr").trim().trim_start_matches('$').chars().filter(|c| *c != ',').collect();
    if t.is_empty() {
        return Ok(Decimal::ZERO);
    }
    Amount::parse(&t).map(|a| a.0).map_err(|(_, m)| m)
}

/// A UTC instant: `2026-03-02`, `2026-03-02 14:33[:07]`, `2026-03-02T14:33[:07][Z]`,
/// or `3/2/2026[ 2:33[:07][ PM]]` (month/day/year, as US exports write it).
fn instant(s: &str) -> std::result::Result<Minute, String> {
    let t = s.trim().trim_end_matches(" UTC").trim();
    if let Some((date, time)) = t.split_once(' ').filter(|(d, _)| d.contains('-')) {
        return Minute::parse(&format!("{date}T{}", time.trim()));
    }
    if t.contains('-') {
        return Minute::parse(t);
    }
    let mut parts = t.splitn(2, ' ');
    let date = parts.next().unwrap_or_default();
    let rest = parts.next().unwrap_or_default().trim();
    let mdy: Vec<&str> = date.split('/').collect();
    let [m, d, y] = mdy.as_slice() else {
        return Err(format!("'{s}' is not a date (YYYY-MM-DD[ HH:MM] or M/D/YYYY[ H:MM AM])"));
    };
    let num = |x: &str| x.trim().parse::<u32>().map_err(|_| format!("'{s}' is not a date"));
    let day = Day::parse(&format!("{:04}-{:02}-{:02}", num(y)?, num(m)?, num(d)?))?;
    if rest.is_empty() {
        return Ok(Minute::start_of(day));
    }
    let (clock, ampm) = match rest.rsplit_once(' ') {
        Some((c, p)) if p.eq_ignore_ascii_case("am") || p.eq_ignore_ascii_case("pm") => (c, Some(p.to_ascii_lowercase())),
        _ => (rest, None),
    };
    let hm: Vec<&str> = clock.split(':').collect();
    let (mut h, min) = match hm.as_slice() {
        [h, m] | [h, m, _] => (num(h)?, num(m)?),
        _ => return Err(format!("'{s}' has no H:MM time")),
    };
    match ampm.as_deref() {
        Some("pm") if h < 12 => h += 12,
        Some("am") if h == 12 => h = 0,
        _ => {}
    }
    if h > 23 || min > 59 {
        return Err(format!("'{s}' is not a time of day"));
    }
    Ok(Minute::start_of(day).plus(i64::from(h * 60 + min)))
}

fn usage_type(s: &str) -> Option<UsageType> {
    let k = norm(s).replace([' ', '-'], "_");
    UsageType::ALL.iter().copied().find(|u| u.as_str() == k).or(match k.as_str() {
        "app" | "apps" | "app_fees" | "third_party" => Some(UsageType::AppFee),
        "storage_overage" | "standard_storage" => Some(UsageType::Storage),
        "egress" | "data_transfer" => Some(UsageType::Transfer),
        _ => None,
    })
}

struct Issues(Vec<Issue>);

impl Issues {
    fn push(&mut self, line: usize, column: &str, message: String) {
        if self.0.len() < MAX_ISSUES {
            self.0.push(Issue::new(ErrorCode::InvalidValue, format!("/lines/{line}/{column}"), message));
        }
    }

    fn finish(self) -> Result<()> {
        Error::from_issues(self.0).map_or(Ok(()), Err)
    }
}

fn charge(at: Minute, tenant: &str, usage_type: UsageType, amount: Decimal, project: Option<&str>) -> Event {
    Event::Charge(Charge {
        at,
        tenant: Arc::from(tenant),
        usage_type,
        amount: Amount(amount.normalize()),
        project: project.map(str::trim).filter(|p| !p.is_empty()).map(|p| Arc::from(p.chars().take(crate::validate::MAX_STRING).collect::<String>())),
    })
}

/// Reads a generic CSV: a header with `date` (or `at`), `usage_type` and
/// `amount`, optionally `tenant` (else `tenant` is used) and `project`.
pub fn generic_csv(text: &str, tenant: &str) -> Result<Imported> {
    let recs = records(text)?;
    let Some(((_, header), rows)) = recs.split_first() else {
        return Err(Error::new(ErrorCode::MissingField, "/lines/1", "the CSV is empty"));
    };
    let need = |names: &[&str], what: &str| col(header, names).ok_or_else(|| Error::new(ErrorCode::MissingField, format!("/lines/1/{what}"), format!("the header has no '{what}' column")));
    let (c_date, c_type, c_amount) = (need(&["date", "at", "date utc", "time"], "date")?, need(&["usage_type", "usage type", "type"], "usage_type")?, need(&["amount", "icredits", "icredits consumption"], "amount")?);
    let (c_tenant, c_project) = (col(header, &["tenant", "workgroup", "domain"]), col(header, &["project"]));
    let mut issues = Issues(Vec::new());
    let mut events = Vec::with_capacity(rows.len());
    for (line, f) in rows {
        let get = |c: usize| f.get(c).map_or("", String::as_str);
        let at = instant(get(c_date)).map_err(|m| issues.push(*line, "date", m)).ok();
        let ut = usage_type(get(c_type));
        if ut.is_none() {
            let known: Vec<&str> = UsageType::ALL.iter().map(|u| u.as_str()).collect();
            issues.push(*line, "usage_type", format!("'{}' is not a usage type; known: {}", get(c_type), known.join(", ")));
        }
        let amount = number(get(c_amount)).map_err(|m| issues.push(*line, "amount", m)).ok();
        if amount.is_some_and(|a| a.is_sign_negative() && !a.is_zero()) {
            issues.push(*line, "amount", format!("{} is negative", get(c_amount)));
        }
        let t = c_tenant.map(get).filter(|t| !t.trim().is_empty()).unwrap_or(tenant);
        if let (Some(at), Some(ut), Some(a)) = (at, ut, amount) {
            if !a.is_zero() {
                events.push(charge(at, t.trim(), ut, a, c_project.map(get)));
            }
        }
    }
    issues.finish()?;
    Ok(Imported::new(events, rows.len()))
}

/// Reads the BaseSpace usage CSV (both sections). `period` (`YYYY-MM`)
/// dates storage rows that have no date column: row k is day k of the month.
pub fn basespace_csv(text: &str, tenant: &str, period: Option<&str>) -> Result<Imported> {
    let recs = records(text)?;
    let month_start = match period {
        Some(p) => Some(Day::parse(&format!("{p}-01")).map_err(|m| Error::new(ErrorCode::InvalidTime, "/period", m))?),
        None => None,
    };
    #[derive(PartialEq)]
    enum Section {
        None,
        Apps,
        Storage,
    }
    let mut section = Section::None;
    let mut header: Option<Vec<String>> = None;
    let mut issues = Issues(Vec::new());
    let mut events = Vec::new();
    let mut rows = 0;
    let mut storage_row = 0i64;
    for (line, f) in &recs {
        let first = norm(f.first().map_or("", String::as_str));
        let nonempty = f.iter().filter(|x| !x.trim().is_empty()).count();
        if nonempty == 1 && first.contains("application") {
            (section, header) = (Section::Apps, None);
            continue;
        }
        if nonempty == 1 && first.contains("storage") {
            (section, header) = (Section::Storage, None);
            storage_row = 0;
            continue;
        }
        // A header line: it names the columns we read.
        if col(f, &["app name"]).is_some() && col(f, &["icredits consumption"]).is_some() {
            (section, header) = (Section::Apps, Some(f.clone()));
            continue;
        }
        if col(f, &["overage amount"]).is_some() {
            (section, header) = (Section::Storage, Some(f.clone()));
            storage_row = 0;
            continue;
        }
        let Some(h) = header.as_ref() else {
            continue; // title lines before the first header
        };
        let get = |names: &[&str]| col(h, names).and_then(|c| f.get(c)).map_or("", String::as_str);
        let amount = |names: &[&str], column: &str, issues: &mut Issues| -> Decimal {
            match number(get(names)) {
                Ok(a) if a.is_sign_negative() && !a.is_zero() => {
                    issues.push(*line, column, format!("{a} is negative"));
                    Decimal::ZERO
                }
                Ok(a) => a,
                Err(m) => {
                    issues.push(*line, column, m);
                    Decimal::ZERO
                }
            }
        };
        rows += 1;
        match section {
            Section::Apps | Section::None => {
                let total = amount(&["icredits consumption"], "icredits_consumption", &mut issues);
                let fee = amount(&["app fee"], "app_fee", &mut issues);
                let compute = amount(&["compute time consumption"], "compute_time_consumption", &mut issues);
                let Ok(at) = instant(get(&["date", "date utc"])).map_err(|m| issues.push(*line, "date", m)) else { continue };
                let app = get(&["app name"]);
                let rest = (total - fee - compute).max(Decimal::ZERO);
                for (u, a) in [(UsageType::Compute, compute), (UsageType::AppFee, fee), (UsageType::Other, rest)] {
                    if !a.is_zero() {
                        events.push(charge(at, tenant, u, a, Some(app)));
                    }
                }
            }
            Section::Storage => {
                let a = amount(&["icredits consumption"], "icredits_consumption", &mut issues);
                let date = get(&["date", "date utc"]);
                let day = if date.trim().is_empty() {
                    match month_start {
                        Some(m) => Some(m.plus_days(storage_row)),
                        None => {
                            issues.push(*line, "date", "storage rows have no date: give the report's period (YYYY-MM)".into());
                            None
                        }
                    }
                } else {
                    instant(date).map(Minute::day).map_err(|m| issues.push(*line, "date", m)).ok()
                };
                storage_row += 1;
                if let (Some(day), false) = (day, a.is_zero()) {
                    events.push(charge(day.last_minute(), tenant, UsageType::Storage, a, None));
                }
            }
        }
    }
    issues.finish()?;
    Ok(Imported::new(events, rows))
}
