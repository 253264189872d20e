//! One workgroup's or domain's billing state: subscriptions, funding
//! sources, storage meters, Sample balances and the open month.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::catalog::Product;
use crate::funding::{Funds, Source};
use crate::policy::DrawdownOrder;
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

/// A tenant's subscriptions: its terms in the order they started, and the
/// registrations still provisioning, with what usage checks ask kept as
/// they change (the latest end, the products held), so a check costs the
/// same with one term as with thousands.
#[derive(Debug, Clone, Default)]
pub struct Subscriptions {
    terms: Vec<Term>,
    /// The latest start and end of any term.
    last_start: Option<Minute>,
    end: Option<Minute>,
    /// The workgroup or domain of the first term whose product has one.
    tenancy: Option<crate::catalog::Tenancy>,
    /// Terms, and registrations still provisioning, per product (by catalog index).
    held: [u32; Product::ALL.len()],
    provisioning: [u32; Product::ALL.len()],
}

impl Subscriptions {
    /// Adds a term; returns its index.
    pub fn add(&mut self, term: Term) -> usize {
        self.last_start = self.last_start.max(Some(term.start));
        self.end = self.end.max(Some(term.end));
        self.tenancy = self.tenancy.or(term.product.tenancy());
        self.held[term.product.index()] += 1;
        self.terms.push(term);
        self.terms.len() - 1
    }

    /// Term `k`.
    pub fn term(&self, k: usize) -> &Term {
        &self.terms[k]
    }

    /// Whether no term has started.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// A subscription product registered on the portal is provisioning, or has become a term.
    pub fn set_provisioning(&mut self, product: Product, provisioning: bool) {
        let n = &mut self.provisioning[product.index()];
        *n = if provisioning { *n + 1 } else { n.saturating_sub(1) };
    }

    /// Whether a registration is provisioning.
    pub fn any_provisioning(&self) -> bool {
        self.provisioning.iter().any(|&n| n > 0)
    }

    /// Products of the started terms and of the registrations still provisioning.
    pub fn products(&self) -> impl Iterator<Item = Product> + '_ {
        Product::ALL.iter().copied().filter(|p| self.held[p.index()] + self.provisioning[p.index()] > 0)
    }

    /// The workgroup or domain the terms' products make the tenant.
    pub fn tenancy(&self) -> Option<crate::catalog::Tenancy> {
        self.tenancy
    }

    /// The latest end of the terms current at `t`.
    pub fn end_after(&self, t: Minute) -> Option<Minute> {
        // From the latest start on, every term has started: the latest end decides.
        if self.last_start.is_some_and(|s| s <= t) {
            return self.end.filter(|&e| t < e);
        }
        self.terms.iter().filter(|s| s.start <= t && t < s.end).map(|s| s.end).max()
    }

    /// Whether a term is current at `t`.
    pub fn current(&self, t: Minute) -> bool {
        self.end_after(t).is_some()
    }

    /// Whether some term has ended and none is current at `t`.
    pub fn expired(&self, t: Minute) -> bool {
        self.end.is_some_and(|e| e <= t)
    }
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

/// Amounts per usage type: an array indexed by the variant, so a charge adds
/// to its slot without a map lookup. A slot counts as filled once something
/// is added, as a map entry would be present.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByUsage {
    amounts: [Decimal; UsageType::COUNT],
    /// Bit `i` set: slot `i` is filled.
    filled: u32,
}

const _: () = assert!(UsageType::COUNT <= 32, "one bit of `ByUsage::filled` per usage type");

impl ByUsage {
    /// Adds `amount` to `usage`'s slot.
    pub fn add(&mut self, usage: UsageType, amount: Decimal) {
        let i = usage.index();
        self.amounts[i] += amount;
        self.filled |= 1 << i;
    }

    /// Adds every slot of `other`.
    pub fn add_all(&mut self, other: &ByUsage) {
        for (usage, amount) in other.iter() {
            self.add(usage, amount);
        }
    }

    /// The filled slots in usage-type order (a `BTreeMap`'s order).
    pub fn iter(&self) -> impl Iterator<Item = (UsageType, Decimal)> + '_ {
        let filled = self.filled;
        UsageType::ALL.iter().zip(&self.amounts).enumerate().filter(move |(i, _)| filled & (1 << i) != 0).map(|(_, (u, a))| (*u, *a))
    }
}

/// The open month's running figures, closed into a statement and invoice.
/// Only what a check needs after every charge is kept per charge; the rest
/// (run totals, drawdown per source, the day's charges) is derived when
/// read, so a charge costs as few decimal additions as possible.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthTotals {
    /// iCredits charged by usage type.
    pub usage: ByUsage,
    /// iCredits charged by project.
    pub by_project: BTreeMap<String, Decimal>,
    /// Post-paid by usage type (the invoice lines).
    pub postpaid_lines: ByUsage,
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
    /// Compute accrued this month.
    pub compute: crate::metering::ComputeAccrual,
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

/// Figures of the months already closed; with the open month they give the
/// run totals.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClosedTotals {
    /// iCredits charged by usage type.
    pub usage: ByUsage,
    /// iCredits charged.
    pub charged: Decimal,
    /// iCredits billed post-paid.
    pub postpaid: Decimal,
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
    /// Subscription terms and registrations provisioning.
    pub subscriptions: Subscriptions,
    /// Whether support restored access after expiry.
    pub access_restored: bool,
    /// Pre-funded sources.
    pub funds: Funds,
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
    /// The open month's charges before today (the daily series' "charged"
    /// is the month's charges less these).
    pub charged_before_today: Decimal,
    /// App fees waiting for the end of the day (promotional timing).
    pub deferred_app_fees: Decimal,
    /// Storage waiting for the end of the month (promotional timing).
    pub deferred_storage: Decimal,
    /// The closed months.
    pub closed: ClosedTotals,
    /// Each source's drawn total when the open month began (by source index;
    /// a source registered since has drawn nothing before).
    pub drawn_before_month: Vec<Decimal>,
    /// Run total invoiced (rounded).
    pub invoiced: Decimal,
    /// Workgroup or domain, once a subscription is registered into it.
    pub tenancy: Option<crate::catalog::Tenancy>,
    /// Users the administrator invited, and the access limits.
    pub access: crate::access::Access,
    /// Who registered orders into it on the portal.
    pub registrants: std::collections::BTreeSet<Arc<str>>,
    /// Who registered ICA into it on the portal.
    pub ica_registrants: std::collections::BTreeSet<Arc<str>>,
    /// The event that last set the storage level (named by storage errors).
    pub storage_set_by: crate::report::Origin,
}

impl TenantState {
    /// A tenant as declared, post-paid from `start` (seed 002: new customers
    /// are post-paid until they pre-fund).
    pub fn new(t: &Tenant, start: Minute, drawdown_order: DrawdownOrder) -> Self {
        let admin: Option<Arc<str>> = t.admin.as_deref().map(Arc::from);
        Self {
            id: Arc::from(t.id.as_str()),
            tier: t.tier,
            bill_to: t.bill_to.as_deref().map(Arc::from).or_else(|| admin.clone()),
            admin,
            budget: t.budget.map(|b| b.0),
            subscriptions: Subscriptions::default(),
            access_restored: false,
            funds: Funds::new(drawdown_order),
            mode: Mode::Postpaid(start),
            storage_tb: Decimal::ZERO,
            archive_tb: Decimal::ZERO,
            samples: BTreeMap::new(),
            month: MonthTotals::default(),
            charged_before_today: Decimal::ZERO,
            deferred_app_fees: Decimal::ZERO,
            deferred_storage: Decimal::ZERO,
            closed: ClosedTotals::default(),
            drawn_before_month: Vec::new(),
            invoiced: Decimal::ZERO,
            tenancy: None,
            access: crate::access::Access::default(),
            registrants: std::collections::BTreeSet::new(),
            ica_registrants: std::collections::BTreeSet::new(),
            storage_set_by: crate::report::Origin::Generator("storage"),
        }
    }

    /// Whether a subscription is current at `t`.
    pub fn subscribed(&self, t: Minute) -> bool {
        self.subscriptions.current(t)
    }

    /// Whether the tenant had a subscription that has ended and none is current.
    pub fn expired(&self, t: Minute) -> bool {
        self.subscriptions.expired(t)
    }

    /// Whether uncovered iCredit usage may be billed post-paid.
    pub fn has_postpaid(&self) -> bool {
        self.tier == Tier::Subscription
    }

    /// Whether usage needs a current subscription.
    pub fn needs_subscription(&self) -> bool {
        self.tier == Tier::Subscription
    }

    /// Adds `amount` to the month's figures for a charge.
    pub fn record_charge(&mut self, usage: UsageType, project: Option<&str>, amount: Decimal) {
        self.month.usage.add(usage, amount);
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
    }

    /// Adds `amount` of a charge left for post-paid billing.
    pub fn record_postpaid(&mut self, usage: UsageType, amount: Decimal) {
        self.month.postpaid_lines.add(usage, amount);
        self.month.postpaid += amount;
    }

    /// iCredits charged in the run so far, by usage type.
    pub fn charged_by_usage(&self) -> ByUsage {
        let mut all = self.closed.usage;
        all.add_all(&self.month.usage);
        all
    }

    /// iCredits charged in the run so far.
    pub fn charged(&self) -> Decimal {
        self.closed.charged + self.month.charged
    }

    /// iCredits billed post-paid in the run so far.
    pub fn postpaid(&self) -> Decimal {
        self.closed.postpaid + self.month.postpaid
    }

    /// iCredits drawn from pre-funded sources in the run so far.
    pub fn prefunded(&self) -> Decimal {
        self.funds.sources().iter().map(Source::drawn).sum()
    }

    /// iCredits drawn from each source this month, by source id, and the
    /// month's starting point moved to now (at month close).
    pub fn close_drawdown(&mut self) -> BTreeMap<Arc<str>, Decimal> {
        let mut by_id = BTreeMap::new();
        self.drawn_before_month.resize(self.funds.sources().len(), Decimal::ZERO);
        for (s, before) in self.funds.sources().iter().zip(self.drawn_before_month.iter_mut()) {
            let drawn = s.drawn();
            if drawn != *before {
                *by_id.entry(s.id.clone()).or_insert(Decimal::ZERO) += drawn - *before;
                *before = drawn;
            }
        }
        by_id
    }

    /// Closes the open month: its figures join the closed months' and a new
    /// month begins. Returns the closed month.
    pub fn close_month(&mut self) -> MonthTotals {
        let month = std::mem::take(&mut self.month);
        self.closed.usage.add_all(&month.usage);
        self.closed.charged += month.charged;
        self.closed.postpaid += month.postpaid;
        self.charged_before_today = Decimal::ZERO;
        month
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_usage_slots_follow_the_declaration_order() {
        for (i, u) in UsageType::ALL.iter().enumerate() {
            assert_eq!(u.index(), i, "{u:?}");
        }
        let mut m = ByUsage::default();
        m.add(UsageType::Other, Decimal::new(15, 1));
        m.add(UsageType::Compute, Decimal::ONE);
        m.add(UsageType::Other, Decimal::new(5, 1));
        let got: Vec<_> = m.iter().collect();
        assert_eq!(got, vec![(UsageType::Compute, Decimal::ONE), (UsageType::Other, Decimal::TWO)]);
    }
}
