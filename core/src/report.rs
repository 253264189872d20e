//! The report: ledger, daily series, invoices, statements, notifications,
//! rejections and summary. Its canonical JSON (field order as declared here,
//! decimals as normalised strings) is what every front end compares.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use smallvec::SmallVec;

use crate::funding::SourceKind;
use crate::money::{ser, ser_opt};
use crate::notify::Notification;
use crate::scenario::UsageType;
use crate::time::{Day, Minute};

mod json;

/// How much of the report to build. A Monte Carlo path asks for `Summary`
/// and allocates no ledger nobody reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// Summary, rejections and notifications.
    Summary,
    /// Plus invoices and monthly statements.
    Monthly,
    /// Plus the daily series.
    Daily,
    /// Plus every ledger row.
    #[default]
    Full,
}

crate::named::by_name!(Detail {
    Summary = "summary",
    Monthly = "monthly",
    Daily = "daily",
    Full = "full",
});

/// What produced a ledger row: a scenario event's index or a generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Index of the scenario event (in the given order): a JSON number.
    Event(usize),
    /// Usage profile N: `"usage/N"`.
    Profile(usize),
    /// A generator: `daily_storage`, `month_close`, `expiry`, `promotional_timing`, …
    Generator(&'static str),
}

impl Origin {
    /// JSON pointer of the scenario entry that produced it (empty for generators).
    pub fn path(self) -> String {
        match self {
            Origin::Event(i) => format!("/events/{i}"),
            Origin::Profile(k) => format!("/usage/{k}"),
            Origin::Generator(_) => String::new(),
        }
    }
}

impl schemars::JsonSchema for Origin {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Origin".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Scenario event index, \"usage/N\" for profile N, or a generator name",
            "anyOf": [{ "type": "integer", "minimum": 0 }, { "type": "string" }]
        })
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Origin::Event(i) => s.serialize_u64(*i as u64),
            Origin::Profile(i) => s.collect_str(&format_args!("usage/{i}")),
            Origin::Generator(g) => s.serialize_str(g),
        }
    }
}

/// Kinds of ledger row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// Usage priced in iCredits (the whole charge, before funding).
    Charge,
    /// Part of a charge paid from a pre-funded source.
    Drawdown,
    /// Part of a charge billed post-paid.
    Postpaid,
    /// Credits or Samples added (purchase, contract, grant).
    Purchase,
    /// Credits left on a source when it expired.
    Expiry,
    /// A monthly invoice (the rounded-up total).
    Invoice,
    /// A charge not made: a run terminated by a platform error (seed 003).
    Waived,
    /// Samples consumed.
    SampleUsage,
}

impl RowKind {
    /// The name the report gives it (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            RowKind::Charge => "charge",
            RowKind::Drawdown => "drawdown",
            RowKind::Postpaid => "postpaid",
            RowKind::Purchase => "purchase",
            RowKind::Expiry => "expiry",
            RowKind::Invoice => "invoice",
            RowKind::Waived => "waived",
            RowKind::SampleUsage => "sample_usage",
        }
    }
}

/// Currency of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Currency {
    /// iCredits.
    Icredits,
    /// Samples (the row's `usage_type` names the sample type).
    Samples,
}

impl Currency {
    /// The name the report gives it (as serialised).
    pub fn as_str(self) -> &'static str {
        match self {
            Currency::Icredits => "icredits",
            Currency::Samples => "samples",
        }
    }
}

/// One append-only ledger row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LedgerRow {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Kind.
    pub kind: RowKind,
    /// Usage type (iCredits) or sample type (Samples).
    pub usage_type: Option<Arc<str>>,
    /// Funding source id (`postpaid` for post-paid rows).
    pub source: Option<Arc<str>>,
    /// Amount, full precision.
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub amount: Decimal,
    /// Currency.
    pub currency: Currency,
    /// The source's balance after this row (post-paid: month to date).
    #[serde(serialize_with = "ser_opt")]
    #[schemars(with = "Option<crate::money::Amount>")]
    pub balance_after: Option<Decimal>,
    /// What produced it.
    pub event: Origin,
}

/// One line of an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct InvoiceLine {
    /// Usage type.
    pub usage_type: UsageType,
    /// Exact post-paid iCredits.
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub amount: Decimal,
}

/// A monthly post-paid invoice (seed 002: monthly arrears; seed 003: rounded up).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Invoice {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Billing month, `"2026-03"`.
    pub period: String,
    /// Issued at the first minute of the next month.
    pub issued_at: Minute,
    /// Bill-To contact.
    pub to: Option<Arc<str>>,
    /// Lines by usage type.
    pub lines: Vec<InvoiceLine>,
    /// Exact sum of the lines.
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub exact_total: Decimal,
    /// Rounded up to the whole iCredit.
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub total: Decimal,
}

/// A monthly statement (Usage Explorer): what was used and who paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Statement {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Month.
    pub period: String,
    /// iCredits charged by usage type.
    pub usage: BTreeMap<UsageType, Amt>,
    /// iCredits charged by project (`""` for none).
    pub by_project: BTreeMap<String, Amt>,
    /// iCredits drawn per pre-funded source.
    pub drawdown: BTreeMap<Arc<str>, Amt>,
    /// iCredits billed post-paid.
    pub postpaid: Amt,
    /// Samples used per type.
    pub samples_used: BTreeMap<Arc<str>, Amt>,
    /// Runs waived (platform errors), iCredits not charged.
    pub waived: Amt,
}

/// A decimal that serialises canonically.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amt(pub Decimal);

impl schemars::JsonSchema for Amt {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <crate::money::Amount as schemars::JsonSchema>::json_schema(g)
    }
}

impl Serialize for Amt {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser(&self.0, s)
    }
}

/// Amounts by name, in name order: a JSON object. A short sorted vector
/// rather than a map, because a daily point holds one or two and a map would
/// allocate a B-tree node (about 370 bytes) for each of a year's points; the
/// first two are held inline, so most points allocate nothing for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ByName(SmallVec<[(Arc<str>, Amt); 2]>);

impl ByName {
    /// Names and amounts, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Amt)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), *v))
    }

    /// How many names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(Arc<str>, Amt)> for ByName {
    /// Orders by name; names are unique (source ids, sample types). They
    /// mostly come in order already; otherwise a map orders them, which
    /// compiles no sort of its own into the `.wasm`.
    fn from_iter<I: IntoIterator<Item = (Arc<str>, Amt)>>(items: I) -> Self {
        let v: SmallVec<[_; 2]> = items.into_iter().collect();
        if v.is_sorted_by(|a, b| a.0 < b.0) {
            return ByName(v);
        }
        let map: BTreeMap<_, _> = crate::ordered(v);
        ByName(map.into_iter().collect())
    }
}

impl Serialize for ByName {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// One tenant's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DailyPoint {
    /// Day.
    pub date: Day,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Standard storage at the day's end, TB.
    pub storage_tb: Amt,
    /// Archive storage at the day's end, TB.
    pub archive_tb: Amt,
    /// iCredits charged during the day.
    pub charged: Amt,
    /// Pre-funded iCredits left (live sources) at the day's end.
    pub prefunded: Amt,
    /// Each live source's balance at the day's end.
    #[schemars(with = "BTreeMap<String, Amt>")]
    pub sources: ByName,
    /// Post-paid iCredits month to date.
    pub postpaid_mtd: Amt,
    /// Samples left, per type.
    #[schemars(with = "BTreeMap<String, Amt>")]
    pub samples: ByName,
}

/// A recorded rejection: a domain rule the scenario broke. The run goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Rejection {
    /// When.
    pub at: Minute,
    /// Scenario event index or profile.
    pub event: Origin,
    /// Workgroup or domain, when one is named.
    pub tenant: Option<Arc<str>>,
    /// Stable code.
    pub code: crate::rejection::RejectionCode,
    /// Why, in words.
    pub message: String,
}

/// A funding source at the end of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SourceSummary {
    /// Id.
    pub id: Arc<str>,
    /// Kind.
    pub kind: SourceKind,
    /// Quantity.
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub quantity: Decimal,
    /// Drawn so far.
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub used: Decimal,
    /// Left (zero once expired).
    #[serde(serialize_with = "ser")]
    #[schemars(with = "crate::money::Amount")]
    pub remaining: Decimal,
    /// Registered.
    pub valid_from: Minute,
    /// Contract or grant expiry.
    pub expires_at: Option<Minute>,
    /// When it reached zero.
    pub depleted_at: Option<Minute>,
    /// When it expired with credits left.
    pub expired_at: Option<Minute>,
}

/// Samples of one type at the end of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SampleSummary {
    /// Sample type.
    pub sample_type: Arc<str>,
    /// Bought.
    pub purchased: Amt,
    /// Used.
    pub used: Amt,
    /// Left.
    pub remaining: Amt,
    /// Last time the balance reached zero.
    pub depleted_at: Option<Minute>,
    /// Usage refused for lack of Samples.
    pub blocked: Amt,
}

/// One tenant at the end of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct TenantSummary {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Administrator e-mail.
    pub admin: Option<Arc<str>>,
    /// Users the administrator invited.
    pub users: Vec<Arc<str>>,
    /// Pre-funded sources.
    pub sources: Vec<SourceSummary>,
    /// When billing last switched to post-paid, if it is post-paid at the end.
    pub postpaid_since: Option<Minute>,
    /// Post-paid iCredits of the open (uninvoiced) month.
    pub month_to_date_postpaid: Amt,
    /// Sum of invoice totals.
    pub invoiced: Amt,
    /// iCredits charged by usage type over the run.
    pub icredits_by_usage: BTreeMap<UsageType, Amt>,
    /// iCredits charged in all.
    pub icredits_charged: Amt,
    /// iCredits paid from pre-funded sources.
    pub icredits_prefunded: Amt,
    /// iCredits billed post-paid (invoiced months and month to date).
    pub icredits_postpaid: Amt,
    /// Samples per type.
    pub samples: Vec<SampleSummary>,
    /// Standard storage at the end, TB.
    pub storage_tb: Amt,
    /// Archive storage at the end, TB.
    pub archive_tb: Amt,
}

/// The summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// First day.
    pub start: Day,
    /// Last day.
    pub until: Day,
    /// Per tenant.
    pub tenants: Vec<TenantSummary>,
    /// iCredits charged across tenants.
    pub icredits_charged: Amt,
    /// Invoice totals across tenants.
    pub invoiced: Amt,
    /// Rejections recorded.
    pub rejections: usize,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Detail level built.
    pub detail: Detail,
    /// The summary.
    pub summary: Summary,
    /// Invoices (detail ≥ monthly).
    pub invoices: Vec<Invoice>,
    /// Monthly statements (detail ≥ monthly).
    pub statements: Vec<Statement>,
    /// Daily series (detail ≥ daily).
    pub daily: Vec<DailyPoint>,
    /// Ledger (detail = full).
    pub ledger: Vec<LedgerRow>,
    /// Orders and their registration timelines (seeds 000, 001).
    pub registrations: Vec<crate::registration::OrderRecord>,
    /// Notifications (the outbox).
    pub notifications: Vec<Notification>,
    /// Rejections.
    pub rejections: Vec<Rejection>,
}

impl TenantSummary {
    /// Canonical JSON of a list of tenant summaries, as in the report's
    /// `summary.tenants`: what the step API's balances are in every front end.
    pub fn list_to_json(tenants: &[TenantSummary]) -> String {
        json::tenants(tenants).unwrap_or_default()
    }
}

impl Report {
    /// The top-level keys of the report's JSON, in their canonical order.
    pub const SECTIONS: [&'static str; 9] =
        ["detail", "summary", "invoices", "statements", "daily", "ledger", "registrations", "notifications", "rejections"];

    /// Canonical JSON, byte-identical on every target.
    pub fn to_json(&self) -> String {
        json::report(self).unwrap_or_default()
    }

    /// The canonical JSON of one section (a key of `SECTIONS`): exactly the
    /// bytes `to_json` holds under that key, for front ends that convert a
    /// report a section at a time. `None` for any other key.
    pub fn section_json(&self, key: &str) -> Option<String> {
        json::section(self, key).map(Result::unwrap_or_default)
    }

    /// Canonical JSON, indented for people and fixtures.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names_are_the_serialised_ones() {
        use RowKind as K;
        for kind in [K::Charge, K::Drawdown, K::Postpaid, K::Purchase, K::Expiry, K::Invoice, K::Waived, K::SampleUsage] {
            assert_eq!(serde_json::to_value(kind).ok(), Some(kind.as_str().into()));
        }
        for currency in [Currency::Icredits, Currency::Samples] {
            assert_eq!(serde_json::to_value(currency).ok(), Some(currency.as_str().into()));
        }
    }
}
