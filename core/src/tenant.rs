//! One workgroup's or domain's billing state: subscriptions, funding
//! sources, storage meters, Sample balances and the open month.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::catalog::Product;
use crate::funding::Source;
use crate::scenario::{Tenant, Tier, UsageType};
use crate::time::Minute;

/// A subscription term: usable from `start` until `end` (exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Product.
    pub product: Product,
    /// First usable minute.
    pub start: Minute,
    /// First minute no longer covered.
    pub end: Minute,
}

/// One Sample type's balance.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SampleBalance {
    /// Bought.
    pub purchased: Decimal,
    /// Used.
    pub used: Decimal,
    /// Left.
    pub remaining: Decimal,
    /// Last time it reached zero.
    pub depleted_at: Option<Minute>,
    /// Usage refused for lack of Samples.
    pub blocked: Decimal,
}

/// The open month's running figures, closed into a statement and invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthTotals {
    /// iCredits charged by usage type.
    pub usage: BTreeMap<UsageType, Decimal>,
    /// iCredits charged by project.
    pub by_project: BTreeMap<String, Decimal>,
    /// Drawn per source id.
    pub drawdown: BTreeMap<Arc<str>, Decimal>,
    /// Post-paid by usage type (the invoice lines).
    pub postpaid_lines: BTreeMap<UsageType, Decimal>,
    /// Post-paid sum.
    pub postpaid: Decimal,
    /// iCredits charged in all (the budget compares this).
    pub charged: Decimal,
    /// Samples used per type.
    pub samples_used: BTreeMap<Arc<str>, Decimal>,
    /// Waived (platform error) iCredits.
    pub waived: Decimal,
    /// Whether the budget alert went out this month.
    pub budget_alerted: bool,
    /// Standard storage accrued this month.
    pub standard_storage: crate::metering::StorageAccrual,
    /// Archive storage accrued this month.
    pub archive_storage: crate::metering::StorageAccrual,
}

impl MonthTotals {
    /// Whether anything happened this month.
    pub fn is_empty(&self) -> bool {
        self.charged.is_zero() && self.samples_used.is_empty() && self.waived.is_zero()
    }
}

/// Billing mode (seed 002: post-paid by default, pre-funded while credits last).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Drawing on pre-funded sources.
    Prefunded,
    /// Post-paid since the given minute.
    Postpaid(Minute),
}

/// The state of one tenant.
#[derive(Debug, Clone)]
pub struct TenantState {
    /// Id.
    pub id: Arc<str>,
    /// Tier.
    pub tier: Tier,
    /// Administrator e-mail.
    pub admin: Option<Arc<str>>,
    /// Bill-To contact.
    pub bill_to: Option<Arc<str>>,
    /// Monthly budget threshold.
    pub budget: Option<Decimal>,
    /// Subscription terms.
    pub terms: Vec<Term>,
    /// Whether support restored access after expiry.
    pub access_restored: bool,
    /// Pre-funded sources, in registration order.
    pub sources: Vec<Source>,
    /// Billing mode.
    pub mode: Mode,
    /// Standard storage, TB.
    pub storage_tb: Decimal,
    /// Archive storage, TB.
    pub archive_tb: Decimal,
    /// Samples by type.
    pub samples: BTreeMap<Arc<str>, SampleBalance>,
    /// The open month.
    pub month: MonthTotals,
    /// iCredits charged today (daily series).
    pub day_charged: Decimal,
    /// App fees waiting for the end of the day (promotional timing).
    pub deferred_app_fees: Decimal,
    /// Storage waiting for the end of the month (promotional timing).
    pub deferred_storage: Decimal,
    /// Run totals by usage type.
    pub totals: BTreeMap<UsageType, Decimal>,
    /// Run total charged.
    pub charged: Decimal,
    /// Run total drawn from pre-funded sources.
    pub prefunded: Decimal,
    /// Run total post-paid.
    pub postpaid: Decimal,
    /// Run total invoiced (rounded).
    pub invoiced: Decimal,
    /// Workgroup or domain, once a subscription is registered into it.
    pub tenancy: Option<crate::catalog::Tenancy>,
    /// Users the administrator invited.
    pub users: std::collections::BTreeSet<Arc<str>>,
    /// Allowed e-mails and e-mail domains; empty allows everyone.
    pub allow: Vec<String>,
    /// The event that last set the storage level (named by storage errors).
    pub storage_set_by: crate::report::Origin,
}

impl TenantState {
    /// A tenant as declared, post-paid from `start` (seed 002: new customers
    /// are post-paid until they pre-fund).
    pub fn new(t: &Tenant, start: Minute) -> Self {
        let admin: Option<Arc<str>> = t.admin.as_deref().map(Arc::from);
        Self {
            id: Arc::from(t.id.as_str()),
            tier: t.tier,
            bill_to: t.bill_to.as_deref().map(Arc::from).or_else(|| admin.clone()),
            admin,
            budget: t.budget.map(|b| b.0),
            terms: Vec::new(),
            access_restored: false,
            sources: Vec::new(),
            mode: Mode::Postpaid(start),
            storage_tb: Decimal::ZERO,
            archive_tb: Decimal::ZERO,
            samples: BTreeMap::new(),
            month: MonthTotals::default(),
            day_charged: Decimal::ZERO,
            deferred_app_fees: Decimal::ZERO,
            deferred_storage: Decimal::ZERO,
            totals: BTreeMap::new(),
            charged: Decimal::ZERO,
            prefunded: Decimal::ZERO,
            postpaid: Decimal::ZERO,
            invoiced: Decimal::ZERO,
            tenancy: None,
            users: std::collections::BTreeSet::new(),
            allow: Vec::new(),
            storage_set_by: crate::report::Origin::Generator("storage"),
        }
    }

    /// Whether `email` passes the access limits (seed 000: "Limit user access
    /// to specified email addresses … to specified domains").
    pub fn allows(&self, email: &str) -> bool {
        let email = crate::registration::email_key(email);
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        self.allow.is_empty() || self.allow.iter().any(|a| *a == email || *a == domain)
    }

    /// Whether a subscription is current at `t`.
    pub fn subscribed(&self, t: Minute) -> bool {
        self.terms.iter().any(|s| s.start <= t && t < s.end)
    }

    /// Whether the tenant had a subscription that has ended and none is current.
    pub fn expired(&self, t: Minute) -> bool {
        !self.terms.is_empty() && !self.subscribed(t) && self.terms.iter().all(|s| s.end <= t)
    }

    /// Whether uncovered iCredit usage may be billed post-paid.
    pub fn has_postpaid(&self) -> bool {
        self.tier == Tier::Subscription
    }

    /// Whether usage needs a current subscription.
    pub fn needs_subscription(&self) -> bool {
        self.tier == Tier::Subscription
    }

    /// Whether a live promotional source would receive deferred deductions.
    pub fn holds_promotional(&self, t: Minute) -> bool {
        self.sources.iter().any(|s| s.is_live(t) && matches!(s.kind, crate::funding::SourceKind::Promotional | crate::funding::SourceKind::FreeTrial))
    }

    /// Pre-funded iCredits live at `t`.
    pub fn prefunded_available(&self, t: Minute) -> Decimal {
        crate::funding::available(&self.sources, t)
    }

    /// Adds `amount` to the run and month figures for a charge.
    pub fn record_charge(&mut self, usage: UsageType, project: Option<&str>, amount: Decimal) {
        *self.totals.entry(usage).or_default() += amount;
        *self.month.usage.entry(usage).or_default() += amount;
        if let Some(p) = project {
            // Look up before inserting: most charges go to a project already seen this month.
            match self.month.by_project.get_mut(p) {
                Some(total) => *total += amount,
                None => {
                    self.month.by_project.insert(p.to_string(), amount);
                }
            }
        }
        self.month.charged += amount;
        self.charged += amount;
        self.day_charged += amount;
    }
}
