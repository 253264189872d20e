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
    ];
}
