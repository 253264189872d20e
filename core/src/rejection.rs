//! Domain rules a valid scenario can break. Each is recorded in the report
//! with a stable code and the run goes on.

use serde::Serialize;

/// Stable rejection codes.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RejectionCode {
    /// Usage without an active subscription (seed 002: "Software usage requires a subscription").
    NoActiveSubscription,
    /// A consumable registered before any subscription in its workgroup/domain (seed 000).
    ConsumableBeforeSubscription,
    /// Change to stored data after expiry without support restoring access (seed 002).
    AccessRequiresSupport,
    /// Sample-metered usage beyond the Sample balance (seed 002: blocked).
    SamplesBlocked,
    /// Usage a tier without post-paid billing cannot cover (Basic, free trial).
    InsufficientCredits,
    /// Basic accounts cannot go above the 1 TB allowance (seed 003).
    StorageCapExceeded,
    /// Paid apps are not available to Basic accounts (notes/domain.md §4.1).
    NotAvailableOnTier,
    /// Pre-paid iCredits for BaseSpace when the `basespace_prepaid` policy is off (seed 003).
    PrepaidNotAllowed,
    /// More data moved or deleted than is stored.
    NotEnoughStorage,
    /// An order number the portal has not seen.
    UnknownOrder,
    /// The portal needs a public user account (seed 000 step 2).
    NoPublicAccount,
    /// The e-mail is not associated with the order, so it sees no order (seed 001).
    OrderNotVisible,
    /// Only an administrator registers and administers (seed 000 step 3).
    NotAdministrator,
    /// The order is already registered.
    AlreadyRegistered,
    /// A subscription needs an instance region (seed 000 setting 1).
    RegionRequired,
    /// The product needs the other tenancy (workgroup vs domain, seed 000/001).
    WrongTenancy,
    /// Cohorts and Connected Insights need ICA in the same domain with the same administrator (seed 000).
    RequiresIcaSameAdmin,
    /// The e-mail is outside the workgroup's or domain's allowed e-mails and domains.
    AccessRestricted,
}

impl RejectionCode {
    /// Every code.
    pub const ALL: &'static [RejectionCode] = &[
        Self::NoActiveSubscription,
        Self::ConsumableBeforeSubscription,
        Self::AccessRequiresSupport,
        Self::SamplesBlocked,
        Self::InsufficientCredits,
        Self::StorageCapExceeded,
        Self::NotAvailableOnTier,
        Self::PrepaidNotAllowed,
        Self::NotEnoughStorage,
        Self::UnknownOrder,
        Self::NoPublicAccount,
        Self::OrderNotVisible,
        Self::NotAdministrator,
        Self::AlreadyRegistered,
        Self::RegionRequired,
        Self::WrongTenancy,
        Self::RequiresIcaSameAdmin,
        Self::AccessRestricted,
    ];
}
