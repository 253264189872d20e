//! The registration portal's transitions (seeds 000 and 001), on the same
//! clock as billing: a registered subscription becomes usable when
//! provisioning completes; a registered consumable funds its workgroup or
//! domain from the moment of registration.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{reject, Outcome, Simulation, Timer};
use crate::catalog::Product;
use crate::funding::SourceKind;
use crate::notify::NotificationKind as N;
use crate::policy::Provisioning;
use crate::registration::{email_key, tenancy_name, Action, AdminAction, Order, OrderEmail, OrderRecord, Register, Status, VerifyRole};
use crate::rejection::RejectionCode as R;
use crate::report::Origin;
use crate::scenario::Samples;
use crate::time::Minute;

impl Simulation {
    pub(super) fn order(&mut self, e: &Order, at: Minute) -> Result<(), Outcome> {
        if self.portal.orders.contains_key(&e.order) {
            return Err(reject(R::AlreadyRegistered, format!("order {} already exists", e.order)));
        }
        let record = OrderRecord {
            order: Arc::from(e.order.as_str()),
            product: e.product,
            status: Status::Pending,
            ordered_at: at,
            emails: crate::ordered(e.emails.iter().map(|m| Arc::from(email_key(m).as_str()))),
            tenant: None,
            region: None,
            registered_by: None,
            registered_at: None,
            usable_at: None,
        };
        self.portal.order_index.insert(e.order.clone(), self.portal.order_seq.len());
        self.portal.order_seq.push(e.order.clone());
        // The e-mails live in the record (as keys); the order keeps what registering reads.
        let order = Order { emails: Vec::new(), sample_type: e.sample_type.clone(), order: e.order.clone(), ..*e };
        self.portal.orders.insert(e.order.clone(), (order, record));
        Ok(())
    }

    /// Every portal action needs a public account and an order the person sees.
    fn check_portal(&self, by: &str, order: &str) -> Result<(), Outcome> {
        if !self.portal.orders.contains_key(order) {
            return Err(reject(R::UnknownOrder, format!("no order {order} has arrived")));
        }
        if !self.portal.has_account(by) {
            return Err(reject(R::NoPublicAccount, format!("{by} has no public user account; the portal requires one (seed 000 step 2)")));
        }
        if !self.portal.sees(order, by) {
            return Err(reject(
                R::OrderNotVisible,
                format!("order {order} is not associated with {by}, who sees no orders; someone who sees it must Add this e-mail (seed 001)"),
            ));
        }
        Ok(())
    }

    pub(super) fn add_email(&mut self, e: &OrderEmail) -> Result<(), Outcome> {
        self.check_portal(&e.by, &e.order)?;
        if let Some((_, r)) = self.portal.orders.get_mut(&e.order) {
            r.emails.insert(Arc::from(email_key(&e.email).as_str()));
        }
        Ok(())
    }

    pub(super) fn verify_role(&mut self, e: &VerifyRole) -> Result<(), Outcome> {
        self.check_portal(&e.by, &e.order)?;
        self.portal.roles.insert((e.order.clone(), email_key(&e.by)), e.role);
        Ok(())
    }

    pub(super) fn assign_admin(&mut self, e: &OrderEmail, at: Minute) -> Result<(), Outcome> {
        self.check_portal(&e.by, &e.order)?;
        let invitee = email_key(&e.email);
        if let Some((_, r)) = self.portal.orders.get_mut(&e.order) {
            r.emails.insert(Arc::from(invitee.as_str()));
        }
        self.portal.invited.insert(e.order.clone(), invitee.clone());
        let tenant: Arc<str> = Arc::from(format!("order:{}", e.order));
        let message = format!("{} invites you to register order {} as software administrator", e.by, e.order);
        self.push_notification(at, tenant, N::AdminInvitation, Some(Arc::from(invitee.as_str())), message);
        Ok(())
    }

    pub(super) fn register(&mut self, t: usize, i: Origin, e: &Register, at: Minute) -> Result<(), Outcome> {
        self.check_portal(&e.by, &e.order)?;
        if !self.portal.may_register(&e.order, &e.by) {
            return Err(reject(
                R::NotAdministrator,
                format!("{} has not verified as administrator of order {}; a purchaser assigns another person (seed 000 step 3)", e.by, e.order),
            ));
        }
        let Some((order, record)) = self.portal.orders.get(&e.order) else {
            return Err(reject(R::UnknownOrder, format!("no order {}", e.order)));
        };
        if record.status != Status::Pending {
            return Err(reject(R::AlreadyRegistered, format!("order {} is already registered", e.order)));
        }
        // Copied once, when it registers: a refused attempt copies nothing.
        let order = order.clone();
        let by: Arc<str> = Arc::from(email_key(&e.by).as_str());
        if order.product.is_subscription() {
            self.check_subscription_config(t, &order, e, &by)?;
            self.check_tenant_access(t, &by)?;
            let tenant = &mut self.tenants[t];
            tenant.tenancy = order.product.tenancy();
            // Seed 000: registering into a new workgroup or domain makes the registrant its admin.
            if tenant.admin.is_none() {
                tenant.admin = Some(by.clone());
                tenant.bill_to = tenant.bill_to.clone().or(Some(by.clone()));
            }
        } else {
            self.check_tenant_access(t, &by)?;
            self.fund_from_order(t, i, &order, at)?;
        }
        let k = self.portal.order_index.get(&e.order).copied().unwrap_or_default();
        let delay = self.provisioning_minutes(k);
        if order.product.is_subscription() {
            self.tenants[t].subscriptions.set_provisioning(order.product, true);
        }
        if let Some((_, r)) = self.portal.orders.get_mut(&e.order) {
            r.status = Status::Provisioning;
            r.tenant = Some(self.tenants[t].id.clone());
            r.region = e.region.as_deref().map(Arc::from);
            r.registered_by = Some(by.clone());
            self.tenants[t].registrants.insert(by.clone());
            if order.product.is_ica() {
                self.tenants[t].ica_registrants.insert(by.clone());
            }
            r.registered_at = Some(at);
        }
        let tid = self.tenants[t].id.clone();
        let msg = format!("order {} ({}) registered to {}; provisioning takes 15-30 minutes", e.order, order.product.name(), tid);
        self.push_notification(at, tid, N::RegistrationConfirmation, Some(by), msg);
        self.schedule(at.plus(i64::from(delay)), Timer::Provisioned { order: k });
        Ok(())
    }

    /// Seed 000: "If your login has access to existing workgroups, these are
    /// listed on the page for you to choose from"; anyone else creates a new
    /// one. A workgroup or domain exists once it has a subscription; then it
    /// takes orders only from its administrator, its users and those who
    /// registered orders into it.
    fn check_tenant_access(&self, t: usize, by: &str) -> Result<(), Outcome> {
        let tenant = &self.tenants[t];
        let exists = !tenant.subscriptions.is_empty() || !tenant.registrants.is_empty();
        let member = tenant.admin.as_deref().is_none_or(|a| email_key(a) == by) || tenant.access.is_user(by) || tenant.registrants.contains(by);
        if exists && !member {
            return Err(reject(
                R::NotAdministrator,
                format!("{by} has no access to '{}': only its administrator and users register orders into it (seed 000)", tenant.id),
            ));
        }
        Ok(())
    }

    fn check_subscription_config(&self, t: usize, order: &Order, e: &Register, by: &str) -> Result<(), Outcome> {
        if e.region.is_none() {
            return Err(reject(R::RegionRequired, format!("{} needs an instance region", order.product.name())));
        }
        let tenant = &self.tenants[t];
        let need = order.product.tenancy();
        // A workgroup or domain is one or the other, whether a registration or
        // a `subscribe` event made it so (seed 001: "ICA subscriptions use enterprise domains").
        let have = tenant.tenancy.or_else(|| tenant.subscriptions.tenancy());
        if let Some(have) = have.filter(|&have| need != Some(have)) {
            let need = need.map_or("", tenancy_name);
            return Err(reject(R::WrongTenancy, format!("{} registers into {need}; '{}' is {}", order.product.name(), tenant.id, tenancy_name(have))));
        }
        if order.product.needs_ica() {
            // Whoever registered ICA here (registered is enough: seed 000 speaks of
            // registering them together); the tenant's admin for an ICA the scenario subscribed directly.
            let same_admin = if tenant.ica_registrants.is_empty() {
                self.has_ica(t) && tenant.admin.as_deref().is_some_and(|a| email_key(a) == by)
            } else {
                tenant.ica_registrants.contains(by)
            };
            if !same_admin {
                return Err(reject(
                    R::RequiresIcaSameAdmin,
                    format!("{} needs Illumina Connected Analytics in domain '{}' registered with the same administrator e-mail (seed 000)", order.product.name(), tenant.id),
                ));
            }
        }
        Ok(())
    }

    fn fund_from_order(&mut self, t: usize, i: Origin, order: &Order, at: Minute) -> Result<(), Outcome> {
        let qty = order.quantity.map(|q| q.0).unwrap_or_default();
        match order.product {
            Product::IcreditsPrepaid => self.fund(t, i, SourceKind::Prepaid, qty, None, Some(&order.order), at),
            Product::IcreditsOpenPo => {
                let expires = order.expires.map(crate::time::Day::end);
                self.fund(t, i, SourceKind::OpenPo, qty, expires, Some(&order.order), at)
            }
            Product::Samples => {
                let tenant = &self.tenants[t];
                let purchase = Samples {
                    at,
                    tenant: tenant.id.clone(),
                    sample_type: order.sample_type.clone().unwrap_or_default(),
                    quantity: crate::money::Amount(qty),
                };
                self.buy_samples(t, i, &purchase, at)
            }
            // Consumption billing: post-paid is the default; it still needs a subscription.
            _ => self.check_consumable_access(t, at, |id| format!("consumption billing for '{id}' needs an active subscription first (seed 000)")),
        }
    }

    /// Seed 000: "Within 15-30 minutes, you will also receive a welcome notification".
    fn provisioning_minutes(&self, k: usize) -> u32 {
        match self.policies.provisioning {
            Provisioning::Fixed(m) => m,
            Provisioning::Seeded => {
                let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
                rng.set_stream(k as u64);
                rng.random_range(15..=30)
            }
        }
    }

    pub(super) fn provisioned(&mut self, k: usize, at: Minute) {
        let Some(number) = self.portal.order_seq.get(k).cloned() else { return };
        let Some((order, record)) = self.portal.orders.get(&number).cloned() else { return };
        let Some(t) = record.tenant.as_ref().and_then(|id| self.index.get(id).copied()) else { return };
        if order.product.is_subscription() {
            self.tenants[t].subscriptions.set_provisioning(order.product, false);
            if let Some(ends) = order.term_ends {
                self.activate_term(t, order.product, ends, None, at);
            }
        }
        if let Some((_, r)) = self.portal.orders.get_mut(&number) {
            r.status = Status::Active;
            r.usable_at = Some(at);
        }
        let tid = self.tenants[t].id.clone();
        let msg = format!("welcome: {} is ready in {}", order.product.name(), tid);
        self.push_notification(at, tid, N::Welcome, record.registered_by.clone(), msg);
    }

    pub(super) fn admin_action(&mut self, t: usize, e: &AdminAction, at: Minute) -> Result<(), Outcome> {
        let tenant = &self.tenants[t];
        let is_admin = tenant.admin.as_deref().is_some_and(|a| email_key(a) == email_key(&e.by));
        if !is_admin {
            return Err(reject(R::NotAdministrator, format!("only the administrator of '{}' can do this; {} is not (seed 000)", tenant.id, e.by)));
        }
        match &e.action {
            Action::InviteUser(email) => {
                if !tenant.access.allows(email) {
                    return Err(reject(R::AccessRestricted, format!("{email} is outside the e-mails and domains '{}' allows", tenant.id)));
                }
                let email: Arc<str> = Arc::from(email_key(email).as_str());
                self.tenants[t].access.invite(email.clone());
                let tid = self.tenants[t].id.clone();
                let msg = format!("{} invites you to {}", e.by, tid);
                self.push_notification(at, tid, N::UserInvitation, Some(email), msg);
            }
            Action::RemoveUser(email) => {
                self.tenants[t].access.remove(&email_key(email));
            }
            Action::RestrictAccess(list) => {
                self.tenants[t].access.restrict(list.iter().map(|s| email_key(s)).collect());
            }
            Action::ViewUsage => {}
        }
        Ok(())
    }
}
