//! The registration portal (seeds 000 and 001): orders and the e-mails that
//! see them, public accounts, role verification, "Assign another person",
//! configuration (region, workgroup or domain), the same-domain rules, and
//! register → confirmation → provisioning → welcome → usable.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::catalog::{Product, Tenancy};
use crate::money::Amount;
use crate::time::{Day, Minute};

/// The four roles of role verification (seed 000, step 3a).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Bought the software; assigns an administrator.
    Purchaser,
    /// Leads the workgroup or domain; registers and configures.
    Administrator,
    /// Purchaser and administrator.
    Both,
    /// Neither; assigns an administrator.
    Neither,
}

crate::named::by_name!(Role {
    Purchaser = "purchaser",
    Administrator = "administrator",
    Both = "both",
    Neither = "neither",
});

impl Role {
    /// Whether the role may register and configure orders.
    pub fn administers(self) -> bool {
        matches!(self, Role::Administrator | Role::Both)
    }
}

/// An order arrives (seed 000 step 1: order confirmation or registration reminder e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Order date.
    pub at: Minute,
    /// Order number.
    pub order: String,
    /// Product ordered.
    pub product: Product,
    /// E-mails associated with the order: only these see it in the portal (seed 001).
    pub emails: Vec<String>,
    /// Subscriptions: last day of the term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_ends: Option<Day>,
    /// Consumables: iCredits or Samples ordered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Amount>,
    /// Open PO: last day of the contract.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Day>,
    /// Samples: the sample type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_type: Option<String>,
}

/// A person creates a public user account (seed 000 step 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAccount {
    /// When.
    pub at: Minute,
    /// E-mail of the account.
    pub email: String,
}

/// Someone who sees an order adds another e-mail to it ("Add", seed 001), or
/// assigns another person as administrator (seed 000 step 3b).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderEmail {
    /// When.
    pub at: Minute,
    /// Who acts.
    pub by: String,
    /// Order number.
    pub order: String,
    /// E-mail added or invited.
    pub email: String,
}

/// Role verification (seed 000 step 3a).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRole {
    /// When.
    pub at: Minute,
    /// Who verifies.
    pub by: String,
    /// Order number.
    pub order: String,
    /// Role chosen.
    pub role: Role,
}

/// The register button (seed 000 step 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// When.
    pub at: Minute,
    /// Who registers.
    pub by: String,
    /// Order number.
    pub order: String,
    /// Workgroup or domain selected or created.
    pub tenant: Arc<str>,
    /// Instance region (subscriptions only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// An administrator action on a workgroup or domain (seed 000 "Software Administration Features").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdminAction {
    /// When.
    pub at: Minute,
    /// Who acts.
    pub by: String,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// What is done.
    pub action: Action,
}

/// What an administrator does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// Invite a user.
    InviteUser(String),
    /// Remove a user.
    RemoveUser(String),
    /// Allow only these e-mails and e-mail domains (`lucyhealthcorp.com`).
    RestrictAccess(Vec<String>),
    /// View the usage reports.
    ViewUsage,
}

/// Support changes a workgroup's or domain's administrator (seed 000 tip 4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeAdmin {
    /// When.
    pub at: Minute,
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// New administrator.
    pub email: String,
}

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Waiting for registration.
    Pending,
    /// Registered; provisioning (15–30 minutes).
    Provisioning,
    /// Usable.
    Active,
}

/// One order's registration timeline (report `registrations`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct OrderRecord {
    /// Order number.
    pub order: Arc<str>,
    /// Product.
    pub product: Product,
    /// Status at the report's time.
    pub status: Status,
    /// Ordered.
    pub ordered_at: Minute,
    /// E-mails that see it.
    pub emails: BTreeSet<Arc<str>>,
    /// Workgroup or domain configured.
    pub tenant: Option<Arc<str>>,
    /// Region configured.
    pub region: Option<Arc<str>>,
    /// Who registered it.
    pub registered_by: Option<Arc<str>>,
    /// When it was registered.
    pub registered_at: Option<Minute>,
    /// When it became usable.
    pub usable_at: Option<Minute>,
}

/// The portal's state.
#[derive(Debug, Clone, Default)]
pub struct Portal {
    /// Public accounts by e-mail (lower case).
    pub accounts: BTreeSet<String>,
    /// Orders by number.
    pub orders: BTreeMap<String, (Order, OrderRecord)>,
    /// Verified roles per (order, e-mail).
    pub roles: BTreeMap<(String, String), Role>,
    /// Invited administrators per order.
    pub invited: BTreeMap<String, String>,
    /// Order numbers in arrival order (timers refer to them by index).
    pub order_seq: Vec<String>,
    /// Each order number's index in `order_seq`.
    pub order_index: BTreeMap<String, usize>,
}

/// Normalised e-mail (case-insensitive). Not inlined: the portal checks
/// call it at a dozen places, none of them hot.
#[inline(never)]
pub fn email_key(e: &str) -> String {
    e.trim().to_ascii_lowercase()
}

impl Portal {
    /// Whether `email` has a public account.
    pub fn has_account(&self, email: &str) -> bool {
        self.accounts.contains(&email_key(email))
    }

    /// Whether `email` sees `order` (seed 001: only associated e-mails do).
    pub fn sees(&self, order: &str, email: &str) -> bool {
        self.orders.get(order).is_some_and(|(_, r)| r.emails.contains(email_key(email).as_str()))
    }

    /// Whether `email` may register `order`: a verified administrator role, or
    /// the person assigned as administrator.
    pub fn may_register(&self, order: &str, email: &str) -> bool {
        let key = email_key(email);
        self.roles.get(&(order.to_string(), key.clone())).is_some_and(|r| r.administers())
            || self.invited.get(order).is_some_and(|e| *e == key)
    }
}

/// The tenancy a product needs, and what a tenant has become.
pub fn tenancy_name(t: Tenancy) -> &'static str {
    match t {
        Tenancy::Workgroup => "a professional workgroup",
        Tenancy::Domain => "an enterprise domain",
    }
}
