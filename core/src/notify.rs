//! The outbox: notifications seed 002 lists (budget, low balance, invoice)
//! and those a user expects from the rules (depletion, expiry, samples, …).

use std::sync::Arc;

use serde::Serialize;

use crate::time::Minute;

/// Kinds of notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// Month-to-date iCredit usage reached the monthly budget (seed 002).
    BudgetThreshold,
    /// A pre-paid or Open PO balance is low (seed 002).
    LowBalance,
    /// End of billing period: invoice sent to the Bill-To contact (seed 002).
    Invoice,
    /// A pre-funded source reached zero.
    SourceDepleted,
    /// No pre-funded iCredits remain: billing switched to post-paid (seed 002).
    SwitchedToPostpaid,
    /// A new purchase switched billing back to pre-funded (seed 002).
    SwitchedToPrefunded,
    /// An Open PO expired with credits left (seed 002).
    OpenPoExpired,
    /// Promotional or free-trial credits expired (seed 003).
    PromotionalExpired,
    /// A Sample balance reached zero.
    SamplesDepleted,
    /// Sample-metered usage refused at zero balance (seed 002).
    UsageBlocked,
    /// A subscription ends soon.
    SubscriptionExpiring,
    /// A subscription ended; stored data keeps accruing (seed 002).
    SubscriptionExpired,
    /// Registration confirmed (seed 001).
    RegistrationConfirmation,
    /// Provisioning done: welcome (seed 000).
    Welcome,
    /// Invitation to become administrator (seed 000 "Assign another person").
    AdminInvitation,
    /// An administrator invited a user (seed 000 administration features).
    UserInvitation,
}

impl NotificationKind {
    /// Every kind.
    pub const ALL: &'static [NotificationKind] = &[
        Self::BudgetThreshold,
        Self::LowBalance,
        Self::Invoice,
        Self::SourceDepleted,
        Self::SwitchedToPostpaid,
        Self::SwitchedToPrefunded,
        Self::OpenPoExpired,
        Self::PromotionalExpired,
        Self::SamplesDepleted,
        Self::UsageBlocked,
        Self::SubscriptionExpiring,
        Self::SubscriptionExpired,
        Self::RegistrationConfirmation,
        Self::Welcome,
        Self::AdminInvitation,
        Self::UserInvitation,
    ];
}

/// Who a notification is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    /// The workgroup's or domain's administrator.
    Administrator,
    /// The Bill-To contact (seed 002: invoices go to Finance or Accounts Payable).
    BillTo,
    /// The person who registered the order.
    Registrant,
    /// A person invited to administer an order.
    Invitee,
    /// A user invited to the workgroup or domain.
    User,
}

impl NotificationKind {
    /// The role each kind is addressed to.
    pub fn recipient(self) -> Recipient {
        match self {
            Self::Invoice => Recipient::BillTo,
            Self::RegistrationConfirmation | Self::Welcome => Recipient::Registrant,
            Self::AdminInvitation => Recipient::Invitee,
            Self::UserInvitation => Recipient::User,
            _ => Recipient::Administrator,
        }
    }
}

/// One notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Notification {
    /// When it is sent.
    pub at: Minute,
    /// Workgroup or domain (or order tenant).
    pub tenant: Arc<str>,
    /// Kind.
    pub kind: NotificationKind,
    /// Recipient e-mail; `null` when the tenant names nobody.
    pub to: Option<Arc<str>>,
    /// The recipient's role.
    pub role: Recipient,
    /// What it says.
    pub message: String,
}
