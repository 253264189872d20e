//! The scenario format: serde types from which the JSON Schema is generated.
//! A scenario is plain data (JSON, a JS object, a Python dict): a horizon,
//! a seed, rate and policy overrides, tenants and a timeline of events.

use std::sync::Arc;
use serde::{Deserialize, Serialize};

use crate::catalog::{Product, RateCard};
use crate::money::Amount;
use crate::policy::Policies;
use crate::registration::{AdminAction, ChangeAdmin, OrderEmail, CreateAccount, Order, Register, VerifyRole};
use crate::time::{Day, Minute};

/// Reads a seed; a refusal names the range (serde's says "expected u64").
pub(crate) fn seed<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    struct Seed;
    impl serde::de::Visitor<'_> for Seed {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a whole number from 0 to {}", u64::MAX)
        }
        fn visit_u64<E>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
            u64::try_from(v).map_err(|_| E::invalid_value(serde::de::Unexpected::Signed(v), &self))
        }
    }
    d.deserialize_u64(Seed)
}

/// A whole scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Optional title shown by front ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Optional explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// First simulated day (from 00:00 UTC).
    pub start: Day,
    /// Last simulated day (through 23:59 UTC).
    pub until: Day,
    /// Seed for every random draw (seeded provisioning, usage profiles).
    #[serde(default, deserialize_with = "seed")]
    pub seed: u64,
    /// Rate card overrides; unnamed rates keep the embedded defaults.
    #[serde(default, deserialize_with = "crate::object::object")]
    pub rates: RateCard,
    /// Policy overrides (see README "Policies").
    #[serde(default, deserialize_with = "crate::object::object")]
    pub policies: Policies,
    /// Workgroups and domains.
    #[serde(default, deserialize_with = "crate::object::objects")]
    pub tenants: Vec<Tenant>,
    /// The timeline; sorted stably by `at` before it runs.
    #[serde(default)]
    pub events: Vec<Event>,
    /// Usage profiles, expanded into events (their ledger rows say `usage/N`).
    #[serde(default)]
    pub usage: Vec<crate::profiles::Profile>,
}

/// What kind of account a tenant is (seed 003 and notes/domain.md §4.1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// A Professional or Enterprise subscription account: usage needs an
    /// active subscription; uncovered iCredit usage is billed post-paid.
    #[default]
    Subscription,
    /// BaseSpace Basic: 1 TB hard storage cap, no paid usage, no post-paid.
    Basic,
    /// Free trial: free-trial iCredits that expire after 30 days; no post-paid.
    FreeTrial,
}

crate::named::by_name!(Tier {
    Subscription = "subscription",
    Basic = "basic",
    FreeTrial = "free_trial",
});

/// A professional workgroup or an enterprise domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    /// Workgroup or domain name, e.g. `coreseqinc.Illumina.com`.
    pub id: String,
    /// Account tier.
    #[serde(default)]
    pub tier: Tier,
    /// Administrator e-mail (receives balance and subscription notices).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin: Option<String>,
    /// Bill-To contact (receives invoices; seed 002). Defaults to the administrator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<String>,
    /// Monthly iCredit budget threshold for the Usage Explorer alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Amount>,
}

/// How an app run ended (seed 003: a run terminated by a platform error is
/// not charged; one terminated by the user is).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    /// Ran to completion.
    #[default]
    Completed,
    /// Stopped by the user: charged.
    User,
    /// Terminated by a platform error: not charged.
    PlatformError,
}

crate::named::by_name!(EndedBy {
    Completed = "completed",
    User = "user",
    PlatformError = "platform_error",
});

/// What an iCredit charge is for (Usage Explorer's usage types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UsageType {
    /// Compute at iCredits per node hour, per minute.
    Compute,
    /// Standard storage above the allowance, tabulated daily.
    Storage,
    /// Archive storage, tabulated daily.
    ArchiveStorage,
    /// Moving data into archive.
    ArchiveSend,
    /// Restoring data from archive.
    ArchiveRetrieve,
    /// Data transfer.
    Transfer,
    /// Third-party app fees.
    AppFee,
    /// Anything else metered in iCredits.
    Other,
}

crate::named::by_name!(UsageType {
    Compute = "compute",
    Storage = "storage",
    ArchiveStorage = "archive_storage",
    ArchiveSend = "archive_send",
    ArchiveRetrieve = "archive_retrieve",
    Transfer = "transfer",
    AppFee = "app_fee",
    Other = "other",
});

impl UsageType {
    /// How many usage types there are.
    pub const COUNT: usize = Self::ALL.len();

    /// The variant's position in [`UsageType::ALL`] (its declaration order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Every usage type.
    pub const ALL: &'static [UsageType] = &[
        Self::Compute,
        Self::Storage,
        Self::ArchiveStorage,
        Self::ArchiveSend,
        Self::ArchiveRetrieve,
        Self::Transfer,
        Self::AppFee,
        Self::Other,
    ];

    /// The snake_case spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compute => "compute",
            Self::Storage => "storage",
            Self::ArchiveStorage => "archive_storage",
            Self::ArchiveSend => "archive_send",
            Self::ArchiveRetrieve => "archive_retrieve",
            Self::Transfer => "transfer",
            Self::AppFee => "app_fee",
            Self::Other => "other",
        }
    }
}

/// One entry of the timeline. Every event has `at` and `type`.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// A subscription becomes active (already registered and provisioned).
    Subscribe(Subscribe),
    /// Pre-paid iCredits purchased and registered.
    Prepaid(Prepaid),
    /// An Open Purchase Order contracted and registered.
    OpenPo(OpenPo),
    /// A promotional iCredit grant.
    Promotional(Promotional),
    /// Pre-paid Samples purchased.
    Samples(Samples),
    /// An app run's compute.
    Compute(Compute),
    /// A third-party app fee.
    AppFee(AppFee),
    /// Standard storage level set to `tb`.
    Storage(Storage),
    /// Standard storage moved to archive.
    Archive(Storage),
    /// Archived storage restored to standard storage.
    Restore(Storage),
    /// Stored data deleted (all of it when `tb` is absent).
    Delete(Delete),
    /// Data transferred out.
    Transfer(Storage),
    /// Sample-metered usage.
    SampleUsage(Samples),
    /// Any other iCredit charge.
    Charge(Charge),
    /// The monthly budget threshold changes.
    Budget(Budget),
    /// Support restores access to an expired subscription (seed 002).
    SupportRestore(TenantAt),
    /// An order arrives with the e-mails associated with it (seeds 000, 001).
    Order(Order),
    /// A public user account is created (seed 000 step 2).
    CreateAccount(CreateAccount),
    /// Someone who sees an order adds an e-mail ("Add", seed 001).
    AddEmail(OrderEmail),
    /// Role verification (seed 000 step 3a).
    VerifyRole(VerifyRole),
    /// "Assign another person" as administrator (seed 000 step 3b).
    AssignAdmin(OrderEmail),
    /// The register button: configuration and activation (seed 000 step 4).
    Register(Register),
    /// An administrator action on a workgroup or domain.
    Admin(AdminAction),
    /// Support changes the administrator (seed 000).
    ChangeAdmin(ChangeAdmin),
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::deserialize(d)
    }
}

impl crate::tagged::Tagged for Event {
    const EXPECTING: &'static str = "internally tagged enum Event";
    const NAME: &'static str = "event";
    const NOT_A_STRING: Option<&'static str> = Some("an event's type must be a string");

    fn variant<'de, D: serde::Deserializer<'de>>(ty: &str, d: D) -> Option<Result<Self, D::Error>> {
        Some(match ty {
            "subscribe" => Subscribe::deserialize(d).map(Event::Subscribe),
            "prepaid" => Prepaid::deserialize(d).map(Event::Prepaid),
            "open_po" => OpenPo::deserialize(d).map(Event::OpenPo),
            "promotional" => Promotional::deserialize(d).map(Event::Promotional),
            "samples" => Samples::deserialize(d).map(Event::Samples),
            "compute" => Compute::deserialize(d).map(Event::Compute),
            "app_fee" => AppFee::deserialize(d).map(Event::AppFee),
            "storage" => Storage::deserialize(d).map(Event::Storage),
            "archive" => Storage::deserialize(d).map(Event::Archive),
            "restore" => Storage::deserialize(d).map(Event::Restore),
            "delete" => Delete::deserialize(d).map(Event::Delete),
            "transfer" => Storage::deserialize(d).map(Event::Transfer),
            "sample_usage" => Samples::deserialize(d).map(Event::SampleUsage),
            "charge" => Charge::deserialize(d).map(Event::Charge),
            "budget" => Budget::deserialize(d).map(Event::Budget),
            "support_restore" => TenantAt::deserialize(d).map(Event::SupportRestore),
            "order" => Order::deserialize(d).map(Event::Order),
            "create_account" => CreateAccount::deserialize(d).map(Event::CreateAccount),
            "add_email" => OrderEmail::deserialize(d).map(Event::AddEmail),
            "verify_role" => VerifyRole::deserialize(d).map(Event::VerifyRole),
            "assign_admin" => OrderEmail::deserialize(d).map(Event::AssignAdmin),
            "register" => Register::deserialize(d).map(Event::Register),
            "admin" => AdminAction::deserialize(d).map(Event::Admin),
            "change_admin" => ChangeAdmin::deserialize(d).map(Event::ChangeAdmin),
            _ => return None,
        })
    }
}

/// `at` plus a tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantAt {
    /// When.
    pub at: Minute,
    /// Which workgroup or domain.
    pub tenant: Arc<str>,
}

/// A subscription becomes active.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscribe {
    /// When it becomes usable.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// A subscription product.
    pub product: Product,
    /// Last day of the term (through 23:59 UTC).
    pub ends: Day,
    /// Promotional iCredits granted; defaults to the rate card's for products
    /// that grant them (BaseSpace Professional/Enterprise), else none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promotional: Option<Amount>,
}

/// Pre-paid iCredits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Prepaid {
    /// Registration instant: funding covers usage from here on.
    pub at: Minute,
    /// Workgroup or domain funded.
    pub tenant: Arc<str>,
    /// iCredits bought.
    pub amount: Amount,
    /// Source id in the ledger; defaults to `prepaid-N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// An Open Purchase Order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenPo {
    /// Registration instant.
    pub at: Minute,
    /// Workgroup or domain funded.
    pub tenant: Arc<str>,
    /// Contracted iCredits.
    pub amount: Amount,
    /// Last day of the contract (through 23:59 UTC).
    pub expires: Day,
    /// Source id; defaults to `open_po-N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A promotional grant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Promotional {
    /// Grant instant.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// iCredits granted.
    pub amount: Amount,
    /// Last valid day; none means it lasts while any subscription is current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Day>,
    /// Source id; defaults to `promotional-N`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// Samples bought (the balance updates at once, seed 002 example B) or used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Samples {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// One of the rate card's `sample_types`.
    pub sample_type: String,
    /// How many Samples.
    pub quantity: Amount,
}

/// Compute for one app run: iCredits per node hour × nodes × minutes / 60.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    /// When the run is tabulated (real time for subscription accounts).
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// App id in the rate card; gives the node-hour rate and any fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// iCredits per node hour, overriding the app's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_node_hour: Option<Amount>,
    /// Nodes used.
    #[serde(default = "one")]
    pub nodes: u32,
    /// Run time in whole minutes (seed 003 bills per minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u64>,
    /// Run time in hours; converted to whole minutes, rounding up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Amount>,
    /// How the run ended.
    #[serde(default)]
    pub ended_by: EndedBy,
    /// Project, for custom usage reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

fn one() -> u32 {
    1
}

/// A third-party app fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppFee {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// App id; its fee applies when `amount` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
    /// iCredits, overriding the app's fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// How the run ended.
    #[serde(default)]
    pub ended_by: EndedBy,
}

/// A storage level, or terabytes archived, restored or transferred.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Storage {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Terabytes.
    pub tb: Amount,
}

/// Data deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Delete {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Terabytes of standard storage deleted; all stored data when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tb: Option<Amount>,
}

/// Any other iCredit charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charge {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// What it is for.
    pub usage_type: UsageType,
    /// iCredits.
    pub amount: Amount,
    /// Project, for custom usage reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

/// A budget change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Budget {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Monthly iCredit threshold; absent turns the alert off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

impl Event {
    /// The id a funding event gives its source, if it gives one.
    pub fn source_id(&self) -> Option<&str> {
        match self {
            Event::Prepaid(x) => x.id.as_deref(),
            Event::OpenPo(x) => x.id.as_deref(),
            Event::Promotional(x) => x.id.as_deref(),
            _ => None,
        }
    }

    /// When the event happens.
    pub fn at(&self) -> Minute {
        match self {
            Event::Subscribe(e) => e.at,
            Event::Prepaid(e) => e.at,
            Event::OpenPo(e) => e.at,
            Event::Promotional(e) => e.at,
            Event::Samples(e) | Event::SampleUsage(e) => e.at,
            Event::Compute(e) => e.at,
            Event::AppFee(e) => e.at,
            Event::Storage(e) | Event::Archive(e) | Event::Restore(e) | Event::Transfer(e) => e.at,
            Event::Delete(e) => e.at,
            Event::Charge(e) => e.at,
            Event::Budget(e) => e.at,
            Event::SupportRestore(e) => e.at,
            Event::Order(e) => e.at,
            Event::CreateAccount(e) => e.at,
            Event::AddEmail(e) => e.at,
            Event::VerifyRole(e) => e.at,
            Event::AssignAdmin(e) => e.at,
            Event::Register(e) => e.at,
            Event::Admin(e) => e.at,
            Event::ChangeAdmin(e) => e.at,
        }
    }

    /// The tenant the event names; portal events about orders and accounts name none.
    pub fn tenant(&self) -> Option<&str> {
        Some(match self {
            Event::Subscribe(e) => &e.tenant,
            Event::Prepaid(e) => &e.tenant,
            Event::OpenPo(e) => &e.tenant,
            Event::Promotional(e) => &e.tenant,
            Event::Samples(e) | Event::SampleUsage(e) => &e.tenant,
            Event::Compute(e) => &e.tenant,
            Event::AppFee(e) => &e.tenant,
            Event::Storage(e) | Event::Archive(e) | Event::Restore(e) | Event::Transfer(e) => &e.tenant,
            Event::Delete(e) => &e.tenant,
            Event::Charge(e) => &e.tenant,
            Event::Budget(e) => &e.tenant,
            Event::SupportRestore(e) => &e.tenant,
            Event::Register(e) => &e.tenant,
            Event::Admin(e) => &e.tenant,
            Event::ChangeAdmin(e) => &e.tenant,
            Event::Order(_) | Event::CreateAccount(_) | Event::AddEmail(_) | Event::VerifyRole(_) | Event::AssignAdmin(_) => {
                return None
            }
        })
    }
}
