//! The state machine: a simulated clock that merges the scenario's timeline
//! with generated events (daily tabulation at 23:59, month close, expiries,
//! subscription notices), writing every state change to the ledger, the
//! outbox or the rejections.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::catalog::RateCard;
use crate::error::{Error, ErrorCode, Result};
use crate::funding::{Draw, Source, SourceKind};
use crate::metering;
use crate::money::{is_positive, Amount};
use crate::notify::{Notification, NotificationKind as N};
use crate::policy::{LowBalance, Policies, PromotionalTiming};
use crate::rejection::RejectionCode as R;
use crate::report::{
    Amt, ByName, Currency, DailyPoint, Detail, Invoice, InvoiceLine, LedgerRow, Origin, Rejection, Report, RowKind,
    SampleSummary, SourceSummary, Statement, Summary, TenantSummary,
};
use crate::scenario::{self as sc, EndedBy, Event, Scenario, Tier, UsageType};
use crate::tenant::{Mode, TenantState, Term};
use crate::registration::{OrderRecord, Portal};
use crate::time::{Day, Minute};

mod portal;

/// Generated events, in the order they run when they share a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// A source reaches its expiry instant.
    Expiry { tenant: usize, source: usize },
    /// The promotional credits a renewal carried reach the new term end (one
    /// timer for all of them): the first `upto` grants expiring then.
    CarriedExpiry { tenant: usize, upto: usize },
    /// A subscription term ends.
    TermEnd { tenant: usize, term: usize },
    /// The reminder before a term ends.
    TermNotice { tenant: usize, term: usize },
    /// Provisioning of a registered order completes.
    Provisioned { order: usize },
}

/// What runs first when several things share a minute: timers (an Open PO
/// expiring at 00:00 no longer pays for usage at 00:00), then scenario events,
/// then the daily tick at 23:59 (it tabulates the day's final state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Timer,
    Event,
    Tick,
}

/// A running simulation (the step API). `simulate` is `new` + `apply` each
/// event + `finish`.
///
/// ```
/// use billsim_core::{Simulation, Scenario};
/// let sc: Scenario = serde_json::from_str(r#"{"start":"2026-03-01","until":"2026-03-31",
///   "tenants":[{"id":"lab"}],
///   "events":[{"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-12-31"},
///             {"at":"2026-03-02T10:00","type":"charge","tenant":"lab","usage_type":"compute","amount":"15.21"}]}"#).unwrap();
/// let report = Simulation::new(sc, Default::default()).unwrap().finish().unwrap();
/// assert_eq!(report.invoices[0].total.to_string(), "16");
/// ```
#[derive(Debug, Clone)]
pub struct Simulation {
    rates: RateCard,
    policies: Policies,
    start: Day,
    until: Day,
    detail: Detail,
    /// Invoices are kept from monthly detail up, or for Monte Carlo paths,
    /// which read them without the statements.
    keep_invoices: bool,
    tenants: Vec<TenantState>,
    index: HashMap<Arc<str>, usize>,
    /// The tenant the last event named: consecutive events mostly name the
    /// same one, so it is compared before the id is hashed.
    last_tenant: usize,
    /// Scenario and profile events with their origins, as given and
    /// generated; each is taken out as it runs, so its memory goes then.
    pending: Vec<Option<(Origin, Event)>>,
    /// `pending` in time order: each event's minute and index (sorting keys,
    /// not whole events).
    order: Vec<(Minute, u32)>,
    next_pending: usize,
    now: Minute,
    next_tick: Day,
    /// When `next_tick` runs (its 23:59).
    next_tick_at: Minute,
    timers: BinaryHeap<Reverse<(Minute, u64, Timer)>>,
    timer_seq: u64,
    /// Tenants whose pre-funding ran out in the current minute (a source
    /// expired or was used up), with that minute: whether they switch to
    /// post-paid is decided when the minute closes, so a source registered
    /// in the same minute keeps them pre-funded.
    switch_checks: Vec<(usize, Minute)>,
    applied: usize,
    source_seq: usize,
    ledger: Ledger,
    daily: Vec<DailyPoint>,
    invoices: Vec<Invoice>,
    statements: Vec<Statement>,
    notifications: Vec<Notification>,
    rejections: Vec<Rejection>,
    draws: Vec<Draw>,
    portal: Portal,
    seed: u64,
    labels: Labels,
    /// Daily points and the source and Sample balances they list.
    daily_entries: usize,
    /// Every funding source id so far, in all tenants: a default id avoids them.
    source_ids: HashSet<Arc<str>>,
}

/// Most ledger rows and daily entries (a point, each balance it lists) a
/// report may hold: about 450 MB of report JSON, under the longest string a
/// JavaScript engine makes. The 1,000,000-event benchmark holds 2.0 M.
pub const MAX_REPORT_ENTRIES: usize = 2_500_000;

/// Ledger labels allocated once per run, not once per row.
#[derive(Debug, Clone)]
struct Labels {
    usage: [Arc<str>; UsageType::COUNT],
    postpaid: Arc<str>,
}

impl Labels {
    fn new() -> Self {
        Self { usage: std::array::from_fn(|i| Arc::from(UsageType::ALL[i].as_str())), postpaid: Arc::from("postpaid") }
    }

    fn usage(&self, u: UsageType) -> &Arc<str> {
        &self.usage[u.index()]
    }
}

/// The ledger: rows are kept only at full detail, and their shared labels
/// are cloned only then.
#[derive(Debug, Clone)]
struct Ledger {
    keep: bool,
    rows: Vec<LedgerRow>,
}

impl Ledger {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        at: Minute,
        tenant: &Arc<str>,
        kind: RowKind,
        usage_type: Option<&Arc<str>>,
        source: Option<&Arc<str>>,
        amount: Decimal,
        currency: Currency,
        balance_after: Option<Decimal>,
        event: Origin,
    ) {
        if self.keep {
            let (tenant, usage_type, source) = (tenant.clone(), usage_type.cloned(), source.cloned());
            self.rows.push(LedgerRow { at, tenant, kind, usage_type, source, amount, currency, balance_after, event });
        }
    }
}

/// The most report entries reserved ahead (a few MB); longer runs grow as they go.
const RESERVE_MAX: usize = 1 << 15;

/// What a rejected event produced: the code and the message.
type Rejected = (R, String);

impl Simulation {
    /// Validates the scenario and sets the clock to its start.
    pub fn new(scenario: Scenario, detail: Detail) -> Result<Self> {
        Ok(Self::from_valid(crate::validate::validate(scenario)?, detail))
    }

    /// Sets the clock of a scenario `validate` has accepted (Monte Carlo
    /// validates once, then runs many paths that differ only in their seed).
    pub(crate) fn from_valid(mut scenario: Scenario, detail: Detail) -> Self {
        let start = Minute::start_of(scenario.start);
        let tenants: Vec<TenantState> = scenario.tenants.iter().map(|t| TenantState::new(t, start, scenario.policies.drawdown_order)).collect();
        let index = tenants.iter().enumerate().map(|(i, t)| (t.id.clone(), i)).collect();
        let mut pending: Vec<Option<(Origin, Event)>> =
            std::mem::take(&mut scenario.events).into_iter().enumerate().map(|(i, e)| Some((Origin::Event(i), e))).collect();
        let given = pending.len();
        let mut generated = Vec::new();
        for (k, profile) in scenario.usage.iter().enumerate() {
            generated.clear();
            profile.generate(scenario.seed, k, &mut generated);
            pending.extend(generated.drain(..).map(|e| Some((Origin::Profile(k), e))));
        }
        // Same-minute events keep their given order, profiles after: the
        // index breaks ties. The queue is a few time-ordered runs (one per
        // profile), which a stable sort merges in about linear time.
        let mut keyed: Vec<(Minute, u32)> = pending.iter().enumerate().filter_map(|(k, p)| p.as_ref().map(|(_, e)| (e.at(), k as u32))).collect();
        keyed.sort();
        // Sized up front, the report's two long vectors are written once
        // instead of copied at each doubling.
        let tenant_days = tenants.len() * (scenario.start.days_until(scenario.until) + 1).max(0) as usize;
        let daily = if detail >= Detail::Daily { tenant_days } else { 0 };
        // A charge writes its own row and usually one draw-down row; each
        // event and each tenant-day's storage charge is about one charge.
        let rows = if detail == Detail::Full { 2 * (pending.len() + tenant_days) } else { 0 };
        // Given ids are taken from the start, so no default id takes one that comes later.
        let source_ids = pending.iter().flatten().filter_map(|(_, e)| e.source_id()).map(Arc::from).collect();
        let mut sim = Self {
            rates: scenario.rates,
            policies: scenario.policies,
            start: scenario.start,
            until: scenario.until,
            detail,
            keep_invoices: detail >= Detail::Monthly,
            tenants,
            index,
            last_tenant: 0,
            applied: given,
            pending,
            order: keyed,
            next_pending: 0,
            now: start,
            next_tick: scenario.start,
            next_tick_at: scenario.start.last_minute(),
            timers: BinaryHeap::new(),
            timer_seq: 0,
            switch_checks: Vec::new(),
            source_seq: 0,
            ledger: Ledger { keep: detail == Detail::Full, rows: Vec::with_capacity(rows.min(RESERVE_MAX)) },
            daily: Vec::with_capacity(daily.min(RESERVE_MAX)),
            invoices: Vec::new(),
            statements: Vec::new(),
            notifications: Vec::new(),
            rejections: Vec::new(),
            draws: Vec::new(),
            portal: Portal::default(),
            seed: scenario.seed,
            labels: Labels::new(),
            daily_entries: 0,
            source_ids,
        };
        sim.grant_free_trials(start);
        sim
    }

    /// Keeps invoices below monthly detail (Monte Carlo paths).
    pub(crate) fn with_invoices(mut self) -> Self {
        self.keep_invoices = true;
        self
    }

    /// The first minute after the horizon.
    pub fn end(&self) -> Minute {
        self.until.end()
    }

    /// The simulated clock.
    pub fn now(&self) -> Minute {
        self.now
    }

    /// The index the next applied event gets (its path is `/events/N`).
    pub fn next_event_index(&self) -> usize {
        self.applied
    }

    /// Applies one event now or later (never in the past), after running
    /// everything due before it. Returns the event's index in the report.
    pub fn apply(&mut self, event: Event) -> Result<usize> {
        let at = event.at();
        let path = format!("/events/{}", self.applied);
        if at < self.now || at >= self.end() {
            return Err(Error::new(
                ErrorCode::OutOfHorizon,
                format!("{path}/at"),
                format!("event at {at} is outside the simulated time from {} to {}", self.now, self.end()),
            ));
        }
        crate::validate::validate_event(&event, &path, &self.rates, &|t| self.index.contains_key(t))?;
        self.run_until((at, Rank::Tick))?;
        let i = self.applied;
        self.applied += 1;
        self.handle(Origin::Event(i), &event)?;
        Ok(i)
    }

    /// Runs everything due before `t`, and the timers (expiries, term ends)
    /// due at `t` itself, so balances read now reflect them. A switch to
    /// post-paid they would cause waits for minute `t` to close (an event
    /// applied at `t` may register new funding). The clock never goes back:
    /// a `t` before now is `out_of_horizon`, as an event there is.
    pub fn advance_to(&mut self, t: Minute) -> Result<()> {
        if t < self.now {
            return Err(Error::new(ErrorCode::OutOfHorizon, "", format!("cannot advance to {t}: the clock is already at {}", self.now)));
        }
        self.run_until((t.min(self.end()), Rank::Event))
    }

    /// Runs everything left in the horizon; the simulation stays readable
    /// (`report`, `balances`) as of its end.
    pub fn run_to_end(&mut self) -> Result<()> {
        self.advance_to(self.end())?;
        // No event comes at the end: its minute closes.
        self.close_minute();
        Ok(())
    }

    /// Runs to the end of the horizon and builds the report.
    pub fn finish(mut self) -> Result<Report> {
        self.run_to_end()?;
        let summary = self.summary();
        Ok(Report {
            detail: self.detail,
            summary,
            invoices: self.invoices,
            statements: self.statements,
            daily: self.daily,
            ledger: self.ledger.rows,
            registrations: self.portal.orders.into_values().map(|(_, r)| r).collect(),
            notifications: self.notifications,
            rejections: self.rejections,
        })
    }

    /// Runs scenario events, timers and daily ticks in (minute, rank) order
    /// while they come before `limit`.
    fn run_until(&mut self, limit: (Minute, Rank)) -> Result<()> {
        loop {
            // The earliest of the next event, timer and tick, if it comes before `limit`.
            let mut next = limit;
            if let Some(&(at, _)) = self.order.get(self.next_pending) {
                next = next.min((at, Rank::Event));
            }
            if let Some(Reverse((at, _, _))) = self.timers.peek() {
                next = next.min((*at, Rank::Timer));
            }
            if self.next_tick <= self.until {
                next = next.min((self.next_tick_at, Rank::Tick));
            }
            // The clock leaves this minute, or its daily tick tabulates it.
            if !self.switch_checks.is_empty() && (next.0 > self.now || (next != limit && next.1 == Rank::Tick)) {
                self.close_minute();
            }
            if next == limit {
                self.now = self.now.max(limit.0);
                return Ok(());
            }
            self.now = self.now.max(next.0);
            match next.1 {
                Rank::Timer => self.pop_timer(),
                Rank::Event => {
                    let k = self.order[self.next_pending].1 as usize;
                    self.next_pending += 1;
                    // Borrow the event out of the queue instead of moving it;
                    // dropped once run, its memory goes at once.
                    let mut pending = std::mem::take(&mut self.pending);
                    let handled = pending[k].as_ref().map_or(Ok(()), |(i, event)| self.handle(*i, event));
                    pending[k] = None;
                    self.pending = pending;
                    handled?;
                }
                Rank::Tick => self.tick()?,
            }
        }
    }

    /// Decides the switches to post-paid that wait for the minute's end.
    fn close_minute(&mut self) {
        let mut checks = std::mem::take(&mut self.switch_checks);
        for &(t, at) in &checks {
            if self.tenants[t].mode == Mode::Prefunded && !self.tenants[t].funds.any_live(at) {
                self.switch_to_postpaid(t, at);
            }
        }
        checks.clear();
        self.switch_checks = checks;
    }

    fn pop_timer(&mut self) {
        if let Some(Reverse((at, _, timer))) = self.timers.pop() {
            match timer {
                Timer::Expiry { tenant, source } => self.expire(tenant, source, at),
                Timer::CarriedExpiry { tenant, upto } => {
                    // Those that were there before the carry expired on their own timers first.
                    for k in self.tenants[tenant].funds.expiring(at, upto) {
                        self.expire(tenant, k, at);
                    }
                }
                Timer::TermEnd { tenant, term } => self.term_end(tenant, term, at),
                Timer::TermNotice { tenant, term } => self.term_notice(tenant, term, at),
                Timer::Provisioned { order } => self.provisioned(order, at),
            }
        }
    }

    fn schedule(&mut self, at: Minute, timer: Timer) {
        // Timers past the horizon's end never run; don't keep them.
        if at <= self.end() {
            self.timer_seq += 1;
            self.timers.push(Reverse((at, self.timer_seq, timer)));
        }
    }

    // ---- events ------------------------------------------------------------

    fn handle(&mut self, i: Origin, event: &Event) -> Result<()> {
        let at = event.at();
        self.now = self.now.max(at);
        let t = event.tenant().and_then(|name| self.tenant_index(name));
        let outcome = match (event, t) {
            (Event::Order(e), _) => self.order(e, at),
            (Event::CreateAccount(e), _) => {
                self.portal.accounts.insert(crate::registration::email_key(&e.email));
                Ok(())
            }
            (Event::AddEmail(e), _) => self.add_email(e),
            (Event::VerifyRole(e), _) => self.verify_role(e),
            (Event::AssignAdmin(e), _) => self.assign_admin(e, at),
            (Event::Register(e), Some(t)) => self.register(t, i, e, at),
            (Event::Admin(e), Some(t)) => self.admin_action(t, e, at),
            (Event::ChangeAdmin(e), Some(t)) => {
                self.tenants[t].admin = Some(Arc::from(e.email.as_str()));
                Ok(())
            }
            (_, None) => return Ok(()), // validation guarantees a declared tenant
            (Event::Subscribe(e), Some(t)) => self.subscribe(t, e, at),
            (Event::Prepaid(e), Some(t)) => self.fund(t, i, SourceKind::Prepaid, e.amount.0, None, e.id.as_deref(), at),
            (Event::OpenPo(e), Some(t)) => self.fund(t, i, SourceKind::OpenPo, e.amount.0, Some(e.expires.end()), e.id.as_deref(), at),
            (Event::Promotional(e), Some(t)) => {
                let expires = e.expires.map(Day::end).or_else(|| self.tenants[t].subscriptions.end_after(at));
                self.fund(t, i, SourceKind::Promotional, e.amount.0, expires, e.id.as_deref(), at)
            }
            (Event::Samples(e), Some(t)) => self.buy_samples(t, i, e, at),
            (Event::Compute(e), Some(t)) => self.compute(t, i, e, at),
            (Event::AppFee(e), Some(t)) => self.app_fee(t, i, e, at),
            (Event::Storage(e), Some(t)) => {
                self.tenants[t].storage_set_by = i;
                self.set_storage(t, e.tb.0, at)
            }
            (Event::Archive(e), Some(t)) => self.move_archive(t, i, e.tb.0, true, at),
            (Event::Restore(e), Some(t)) => self.move_archive(t, i, e.tb.0, false, at),
            (Event::Delete(e), Some(t)) => self.delete(t, e, at),
            (Event::Transfer(e), Some(t)) => self.usage_charge(t, i, UsageType::Transfer, metering::per_tb(e.tb.0, self.rates.transfer_per_tb.0), None, at),
            (Event::SampleUsage(e), Some(t)) => self.use_samples(t, i, e, at),
            (Event::Charge(e), Some(t)) => self.usage_charge(t, i, e.usage_type, metering::fixed(e.amount.0), e.project.as_deref(), at),
            (Event::Budget(e), Some(t)) => {
                self.set_budget(t, e.amount.map(|a| a.0), at);
                Ok(())
            }
            (Event::SupportRestore(_), Some(t)) => {
                self.tenants[t].access_restored = true;
                Ok(())
            }
        };
        match outcome {
            Ok(()) => Ok(()),
            Err(Outcome::Rejected((code, message))) => {
                let tenant = t.map(|t| self.tenants[t].id.clone());
                self.rejections.push(Rejection { at, event: i, tenant, code, message });
                Ok(())
            }
            Err(Outcome::Overflow) => Err(Error::new(ErrorCode::Overflow, i.path(), "this event's charge is beyond 10^20 iCredits")),
        }
    }

    fn tenant_index(&mut self, name: &str) -> Option<usize> {
        let last = self.last_tenant;
        if self.tenants.get(last).is_some_and(|t| &*t.id == name) {
            return Some(last);
        }
        let t = self.index.get(name).copied()?;
        self.last_tenant = t;
        Some(t)
    }

    /// A subscription registered and provisioned outside the portal. The
    /// portal's ICA rule still holds (seed 000: Connected Insights "can only
    /// be enabled if registered with the same domain and administrator email
    /// with Illumina Connected Analytics").
    fn subscribe(&mut self, t: usize, e: &sc::Subscribe, at: Minute) -> Result<(), Outcome> {
        if e.product.needs_ica() && !self.has_ica(t) {
            let message = format!("{} needs Illumina Connected Analytics in domain '{}' first (seed 000)", e.product.name(), self.tenants[t].id);
            return Err(reject(R::RequiresIcaSameAdmin, message));
        }
        self.activate_term(t, e.product, e.ends, e.promotional.map(|a| a.0), at);
        Ok(())
    }

    /// A subscription term starts (directly, or when provisioning completes).
    fn activate_term(&mut self, t: usize, product: crate::catalog::Product, ends: Day, promotional: Option<Decimal>, at: Minute) {
        let end = ends.end();
        let term = Term { product, start: at, end };
        let first = self.tenants[t].subscriptions.is_empty();
        self.extend_promotional(t, at, end);
        let k = self.tenants[t].subscriptions.add(term);
        self.tenants[t].access_restored = false;
        self.schedule(end, Timer::TermEnd { tenant: t, term: k });
        let notice = end.plus(-i64::from(self.policies.expiry_notice_days) * 24 * 60);
        if notice > at {
            self.schedule(notice, Timer::TermNotice { tenant: t, term: k });
        }
        // Seed 003: new Professional/Enterprise subscription accounts are granted
        // promotional iCredits; renewals are not (notes/domain.md §4.1).
        let grant = promotional.or_else(|| (first && product.grants_promotional()).then_some(self.rates.promotional_icredits.0));
        if let Some(amount) = grant.filter(|a| !a.is_zero()) {
            self.add_source(t, Origin::Generator("promotional_grant"), SourceKind::Promotional, amount, Some(end), None, at);
        }
    }

    /// Promotional iCredits are valid as long as the subscription is current
    /// (notes/domain.md §4.1): a renewal that starts before the term ends
    /// carries them to the new end.
    fn extend_promotional(&mut self, t: usize, at: Minute, new_end: Minute) {
        let Some(current_end) = self.tenants[t].subscriptions.end_after(at).filter(|&end| end < new_end) else { return };
        if let Some(upto) = self.tenants[t].funds.carry_promotional(current_end, new_end) {
            self.schedule(new_end, Timer::CarriedExpiry { tenant: t, upto });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn fund(
        &mut self,
        t: usize,
        i: Origin,
        kind: SourceKind,
        amount: Decimal,
        expires: Option<Minute>,
        id: Option<&str>,
        at: Minute,
    ) -> Result<(), Outcome> {
        self.check_consumable_access(t, at, |id| {
            format!("iCredits for '{id}' need an active subscription in that workgroup or domain first (seed 000: register subscriptions before consumables)")
        })?;
        if kind == SourceKind::Prepaid && !self.policies.basespace_prepaid && self.is_basespace(t) {
            return Err(reject(R::PrepaidNotAllowed, "BaseSpace iCredits cannot be purchased in advance (seed 003; policy basespace_prepaid is off)".into()));
        }
        self.add_source(t, i, kind, amount, expires, id, at);
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn add_source(
        &mut self,
        t: usize,
        origin: Origin,
        kind: SourceKind,
        amount: Decimal,
        expires_at: Option<Minute>,
        id: Option<&str>,
        at: Minute,
    ) {
        self.source_seq += 1;
        let label = match kind {
            SourceKind::Prepaid => "prepaid",
            SourceKind::OpenPo => "open_po",
            SourceKind::Promotional => "promotional",
            SourceKind::FreeTrial => "free_trial",
        };
        let low_at = self.low_level(kind, amount);
        let id: Arc<str> = match id {
            Some(id) => Arc::from(id),
            // A default id never repeats one the scenario gave.
            None => {
                let mut candidate = format!("{label}-{}", self.source_seq);
                while self.source_ids.contains(candidate.as_str()) {
                    candidate.push('\'');
                }
                Arc::from(candidate)
            }
        };
        self.source_ids.insert(id.clone());
        let tenant = &mut self.tenants[t];
        let k = tenant.funds.add(Source {
            id: id.clone(),
            kind,
            quantity: amount,
            remaining: amount,
            valid_from: at,
            expires_at,
            seq: self.source_seq,
            depleted_at: None,
            expired_at: None,
            expired: Decimal::ZERO,
            low_at,
            low_notified: false,
        });
        self.ledger.push(at, &tenant.id, RowKind::Purchase, None, Some(&id), amount, Currency::Icredits, Some(amount), origin);
        if let Some(e) = expires_at {
            self.schedule(e, Timer::Expiry { tenant: t, source: k });
        }
        if matches!(self.tenants[t].mode, Mode::Postpaid(_)) && amount > Decimal::ZERO && expires_at.is_none_or(|e| at < e) {
            self.tenants[t].mode = Mode::Prefunded;
            // Seed 002 switches back when you "purchase Pre-Paid or contract Open Purchase
            // Order iCredits"; a grant (promotional, free trial) switches without a notice.
            if self.tenants[t].has_postpaid() && matches!(kind, SourceKind::Prepaid | SourceKind::OpenPo) {
                self.notify(t, at, N::SwitchedToPrefunded, false, format!("billing is pre-funded again: {} iCredits registered", Amount(amount)));
            }
        }
    }

    fn grant_free_trials(&mut self, start: Minute) {
        for t in 0..self.tenants.len() {
            if self.tenants[t].tier == Tier::FreeTrial {
                let days = i64::from(self.rates.free_trial_days);
                let expires = start.plus(days * 24 * 60);
                let amount = self.rates.free_trial_icredits.0;
                self.add_source(t, Origin::Generator("free_trial"), SourceKind::FreeTrial, amount, Some(expires), None, start);
            }
        }
    }

    /// Seed 000: "Once a subscription has been registered, then you can select
    /// software consumables": a consumable funds only a workgroup or domain
    /// whose subscription is active or registered and provisioning.
    fn check_consumable_access(&self, t: usize, at: Minute, why: impl FnOnce(&str) -> String) -> Result<(), Outcome> {
        let tenant = &self.tenants[t];
        if tenant.needs_subscription() && !tenant.subscribed(at) && !tenant.subscriptions.any_provisioning() {
            return Err(reject(R::ConsumableBeforeSubscription, why(&tenant.id)));
        }
        Ok(())
    }

    /// Whether the tenant has ICA, started or still provisioning.
    fn has_ica(&self, t: usize) -> bool {
        self.tenants[t].subscriptions.products().any(|p| p.is_ica())
    }

    /// BaseSpace accounts: the Basic and free-trial tiers, and tenants whose
    /// subscriptions (at least one) are all BaseSpace.
    fn is_basespace(&self, t: usize) -> bool {
        let mut products = self.tenants[t].subscriptions.products().peekable();
        !self.tenants[t].needs_subscription() || (products.peek().is_some() && products.all(|p| p.is_basespace()))
    }

    /// Seed 003: "If an app terminates due to a BaseSpace Sequence Hub error,
    /// fees associated with the terminated run are not charged": a tenant
    /// with BaseSpace (a BaseSpace tier or subscription) is not charged for a
    /// run a platform error ended; seed 002 charges all other usage.
    fn waives(&self, t: usize, ended_by: EndedBy) -> bool {
        ended_by == EndedBy::PlatformError
            && (!self.tenants[t].needs_subscription() || self.tenants[t].subscriptions.products().any(|p| p.is_basespace()))
    }

    /// Seed 002: after expiry, removing data needs support to restore access.
    fn check_delete_access(&self, t: usize, at: Minute) -> Result<(), Outcome> {
        let tenant = &self.tenants[t];
        if tenant.expired(at) && !tenant.access_restored {
            return Err(reject(R::AccessRequiresSupport, format!("'{}' has expired; contact support to regain access and delete data (seed 002)", tenant.id)));
        }
        Ok(())
    }

    /// Basic accounts have free apps only (notes/domain.md §4.1).
    fn check_paid_on_basic(&self, t: usize, amount: Decimal, why: &str) -> Result<(), Outcome> {
        if self.tenants[t].tier == Tier::Basic && is_positive(amount) {
            return Err(reject(R::NotAvailableOnTier, why.to_string()));
        }
        Ok(())
    }

    /// Usage requires a current subscription (seed 002) unless the tier has none.
    fn check_usage_access(&self, t: usize, at: Minute) -> Result<(), Outcome> {
        let tenant = &self.tenants[t];
        if tenant.needs_subscription() && !tenant.subscribed(at) {
            let why = if tenant.expired(at) { "its subscription has expired" } else { "it has no active subscription" };
            return Err(reject(R::NoActiveSubscription, format!("'{}' cannot use software: {why}", tenant.id)));
        }
        Ok(())
    }

    fn compute(&mut self, t: usize, i: Origin, e: &sc::Compute, at: Minute) -> Result<(), Outcome> {
        self.check_usage_access(t, at)?;
        let app = e.app.as_ref().and_then(|a| self.rates.apps.get(a));
        let rate = e.per_node_hour.map(|r| r.0).or(app.map(|a| a.per_node_hour.0)).unwrap_or_default();
        let fee = app.map(|a| a.fee.0).unwrap_or_default();
        let minutes = match (e.minutes, e.hours) {
            (Some(m), _) => m,
            (None, Some(h)) => metering::hours_to_minutes(h.0).ok_or(Outcome::Overflow)?,
            (None, None) => 0,
        };
        let fee = metering::fixed(fee).ok_or(Outcome::Overflow)?;
        // The charge is what the month's accrual grows by (see `ComputeAccrual`).
        let (accrual, amount) = self.tenants[t].month.compute.run(rate, e.nodes, minutes).ok_or(Outcome::Overflow)?;
        self.check_paid_on_basic(t, amount + fee, "Basic accounts cannot run paid apps")?;
        if self.waives(t, e.ended_by) {
            // Seed 003: "fees associated with the terminated run are not charged": the run's own price.
            let price = metering::compute(rate, e.nodes, minutes).ok_or(Outcome::Overflow)?;
            return self.waive(t, i, UsageType::Compute, price + fee, at);
        }
        self.ensure_covered(t, amount + fee)?;
        self.tenants[t].month.compute = accrual;
        self.charge(t, i, UsageType::Compute, amount, e.project.as_deref(), at);
        if fee > Decimal::ZERO {
            self.charge_app_fee(t, i, fee, at);
        }
        Ok(())
    }

    fn app_fee(&mut self, t: usize, i: Origin, e: &sc::AppFee, at: Minute) -> Result<(), Outcome> {
        self.check_usage_access(t, at)?;
        let app_fee = e.app.as_ref().and_then(|a| self.rates.apps.get(a)).map(|a| a.fee.0);
        let amount = metering::fixed(e.amount.map(|a| a.0).or(app_fee).unwrap_or_default()).ok_or(Outcome::Overflow)?;
        self.check_paid_on_basic(t, amount, "Basic accounts cannot buy third-party apps")?;
        if self.waives(t, e.ended_by) {
            return self.waive(t, i, UsageType::AppFee, amount, at);
        }
        self.ensure_covered(t, amount)?;
        self.charge_app_fee(t, i, amount, at);
        Ok(())
    }

    /// Seed 003: app fees come off promotional iCredits at the end of the day.
    fn charge_app_fee(&mut self, t: usize, origin: Origin, amount: Decimal, at: Minute) {
        if self.policies.promotional_timing == PromotionalTiming::Seed003 && self.tenants[t].funds.holds_promotional() {
            self.tenants[t].deferred_app_fees += amount;
        } else {
            self.charge(t, origin, UsageType::AppFee, amount, None, at);
        }
    }

    fn waive(&mut self, t: usize, i: Origin, usage: UsageType, amount: Decimal, at: Minute) -> Result<(), Outcome> {
        let tenant = &mut self.tenants[t];
        tenant.month.waived += amount;
        self.ledger.push(at, &tenant.id, RowKind::Waived, Some(self.labels.usage(usage)), None, amount, Currency::Icredits, None, i);
        Ok(())
    }

    fn usage_charge(&mut self, t: usize, i: Origin, usage: UsageType, amount: Option<Decimal>, project: Option<&str>, at: Minute) -> Result<(), Outcome> {
        self.check_usage_access(t, at)?;
        let amount = amount.ok_or(Outcome::Overflow)?;
        self.check_paid_on_basic(t, amount, "Basic accounts have no paid usage")?;
        self.ensure_covered(t, amount)?;
        self.charge(t, i, usage, amount, project, at);
        Ok(())
    }

    /// Tiers without post-paid billing refuse what their credits cannot cover.
    fn ensure_covered(&mut self, t: usize, amount: Decimal) -> Result<(), Outcome> {
        let tenant = &mut self.tenants[t];
        if tenant.has_postpaid() {
            return Ok(());
        }
        // The minute's expiries have run: every unexpired credit can pay now.
        let available = tenant.funds.unexpired() - (tenant.deferred_app_fees + tenant.deferred_storage);
        if crate::money::cmp(available, amount).is_lt() {
            return Err(reject(
                R::InsufficientCredits,
                format!("{} iCredits needed, {} available, and this account has no post-paid billing", Amount(amount), Amount(available)),
            ));
        }
        Ok(())
    }

    fn storage_cap(&self, t: usize) -> Option<Decimal> {
        matches!(self.tenants[t].tier, Tier::Basic | Tier::FreeTrial).then_some(self.rates.storage_allowance_tb.0)
    }

    fn set_storage(&mut self, t: usize, tb: Decimal, at: Minute) -> Result<(), Outcome> {
        if tb < self.tenants[t].storage_tb {
            self.check_delete_access(t, at)?;
        }
        if tb > self.tenants[t].storage_tb {
            self.check_usage_access(t, at)?;
        }
        if let Some(cap) = self.storage_cap(t) {
            if tb + self.tenants[t].archive_tb > cap {
                return Err(reject(R::StorageCapExceeded, format!("this account cannot store more than {cap} TB (seed 003)")));
            }
        }
        self.tenants[t].storage_tb = tb;
        Ok(())
    }

    fn delete(&mut self, t: usize, e: &sc::Delete, at: Minute) -> Result<(), Outcome> {
        self.check_delete_access(t, at)?;
        let tenant = &self.tenants[t];
        match e.tb {
            None => {
                let tenant = &mut self.tenants[t];
                tenant.storage_tb = Decimal::ZERO;
                tenant.archive_tb = Decimal::ZERO;
            }
            Some(tb) if tb.0 <= tenant.storage_tb => self.tenants[t].storage_tb -= tb.0,
            Some(tb) => {
                return Err(reject(R::NotEnoughStorage, format!("cannot delete {tb} TB: only {} TB stored", tenant.storage_tb)));
            }
        }
        Ok(())
    }

    fn move_archive(&mut self, t: usize, i: Origin, tb: Decimal, to_archive: bool, at: Minute) -> Result<(), Outcome> {
        self.check_usage_access(t, at)?;
        if !self.tenants[t].has_postpaid() {
            // Archive storage has no allowance, so it would accrue past the credits.
            return Err(reject(R::NotAvailableOnTier, "archive storage needs a Professional or Enterprise subscription".into()));
        }
        let tenant = &self.tenants[t];
        let (from, rate, usage) = if to_archive {
            (tenant.storage_tb, self.rates.archive_send_per_tb.0, UsageType::ArchiveSend)
        } else {
            (tenant.archive_tb, self.rates.archive_retrieve_per_tb.0, UsageType::ArchiveRetrieve)
        };
        if tb > from {
            return Err(reject(R::NotEnoughStorage, format!("cannot move {tb} TB: only {from} TB there")));
        }
        let amount = metering::per_tb(tb, rate).ok_or(Outcome::Overflow)?;
        self.ensure_covered(t, amount)?;
        let tenant = &mut self.tenants[t];
        if to_archive {
            tenant.storage_tb -= tb;
            tenant.archive_tb += tb;
        } else {
            tenant.archive_tb -= tb;
            tenant.storage_tb += tb;
        }
        self.charge(t, i, usage, amount, None, at);
        Ok(())
    }

    fn buy_samples(&mut self, t: usize, i: Origin, e: &sc::Samples, at: Minute) -> Result<(), Outcome> {
        self.check_consumable_access(t, at, |id| format!("Samples for '{id}' need an active subscription first (seed 000)"))?;
        let kind: Arc<str> = Arc::from(e.sample_type.as_str());
        let bal = self.tenants[t].samples.entry(kind.clone()).or_default();
        bal.purchased += e.quantity.0;
        bal.remaining += e.quantity.0;
        let after = bal.remaining;
        // Seed 002 example B: the purchase shows as a pre-paid transaction.
        self.ledger.push(at, &self.tenants[t].id, RowKind::Purchase, Some(&kind), Some(&kind), e.quantity.0, Currency::Samples, Some(after), i);
        Ok(())
    }

    fn use_samples(&mut self, t: usize, i: Origin, e: &sc::Samples, at: Minute) -> Result<(), Outcome> {
        self.check_usage_access(t, at)?;
        let kind: Arc<str> = Arc::from(e.sample_type.as_str());
        let bal = self.tenants[t].samples.entry(kind.clone()).or_default();
        if bal.remaining < e.quantity.0 {
            // Seed 002: at zero, Sample-metered usage is blocked until more are bought.
            bal.blocked += e.quantity.0;
            let have = bal.remaining;
            self.notify(t, at, N::UsageBlocked, false, format!("{} {} Samples needed, {} left: usage blocked until more are bought", e.quantity, e.sample_type, Amount(have)));
            return Err(reject(R::SamplesBlocked, format!("{} {} Samples needed but only {} left; buy more Samples to continue (seed 002)", e.quantity, e.sample_type, Amount(have))));
        }
        bal.remaining -= e.quantity.0;
        bal.used += e.quantity.0;
        let after = bal.remaining;
        if after.is_zero() && !e.quantity.0.is_zero() {
            bal.depleted_at = Some(at);
        }
        *self.tenants[t].month.samples_used.entry(kind.clone()).or_default() += e.quantity.0;
        self.ledger.push(at, &self.tenants[t].id, RowKind::SampleUsage, Some(&kind), Some(&kind), e.quantity.0, Currency::Samples, Some(after), i);
        if after.is_zero() && !e.quantity.0.is_zero() {
            self.notify(t, at, N::SamplesDepleted, false, format!("{} Samples are used up", e.sample_type));
        }
        Ok(())
    }

    // ---- charging ------------------------------------------------------------

    /// Charges `amount` iCredits: draws on live sources in the policy's order and
    /// bills the rest post-paid. Every iCredit charged is drawn or post-paid.
    fn charge(&mut self, t: usize, origin: Origin, usage: UsageType, amount: Decimal, project: Option<&str>, at: Minute) {
        if amount.is_zero() {
            return;
        }
        let tenant = &mut self.tenants[t];
        self.ledger.push(at, &tenant.id, RowKind::Charge, Some(self.labels.usage(usage)), None, amount, Currency::Icredits, None, origin);
        // Projects only appear in monthly statements: not tracked below that detail.
        tenant.record_charge(usage, project.filter(|_| self.detail >= Detail::Monthly), amount);
        let left = tenant.funds.draw(at, amount, &mut self.draws);
        let mut emptied = false;
        for k in 0..self.draws.len() {
            let d = self.draws[k];
            let tenant = &mut self.tenants[t];
            let s = &tenant.funds.sources()[d.source];
            self.ledger.push(at, &tenant.id, RowKind::Drawdown, Some(self.labels.usage(usage)), Some(&s.id), d.amount, Currency::Icredits, Some(s.remaining), origin);
            if s.remaining.is_zero() {
                emptied = true;
                let message = format!("{} is used up", s.id);
                self.notify(t, at, N::SourceDepleted, false, message);
            } else if tenant.funds.take_low_alert(d.source) {
                let s = &tenant.funds.sources()[d.source];
                let message = format!("{} is low: {} of {} iCredits left", s.id, Amount(s.remaining), Amount(s.quantity));
                self.notify(t, at, N::LowBalance, false, message);
            }
        }
        // Pre-funding can only run out when this charge emptied a source.
        if emptied {
            self.check_switch_to_postpaid(t, at);
        }
        if is_positive(left) {
            let tenant = &mut self.tenants[t];
            tenant.record_postpaid(usage, left);
            let mtd = Some(tenant.month.postpaid);
            self.ledger.push(at, &tenant.id, RowKind::Postpaid, Some(self.labels.usage(usage)), Some(&self.labels.postpaid), left, Currency::Icredits, mtd, origin);
            if tenant.mode == Mode::Prefunded {
                self.switch_to_postpaid(t, at);
            }
        }
        self.check_budget(t, at);
    }

    /// The level at or below which a new source raises the low-balance alert
    /// (seed 002 alerts on pre-paid and Open PO balances).
    fn low_level(&self, kind: SourceKind, quantity: Decimal) -> Option<Decimal> {
        kind.alerts_low_balance().then(|| match self.policies.low_balance {
            LowBalance::Share(s) => quantity * s.0,
            LowBalance::Amount(a) => a.0,
        })
    }

    /// Pre-funding may have run out: decided when the minute closes (seed
    /// 002: renewing the Open PO that expires keeps billing pre-funded).
    fn check_switch_to_postpaid(&mut self, t: usize, at: Minute) {
        self.switch_checks.push((t, at));
    }

    fn switch_to_postpaid(&mut self, t: usize, at: Minute) {
        self.tenants[t].mode = Mode::Postpaid(at);
        if self.tenants[t].has_postpaid() {
            self.notify(t, at, N::SwitchedToPostpaid, false, "no pre-funded iCredits left: further usage is billed post-paid (seed 002)".into());
        }
    }

    /// Seed 002: the budget notification can be set up "or adjusted at any
    /// time". A new amount re-arms this month's alert and is checked at once,
    /// so a budget raised after its alert alerts again when the new one is reached.
    fn set_budget(&mut self, t: usize, budget: Option<Decimal>, at: Minute) {
        let tenant = &mut self.tenants[t];
        if tenant.budget != budget {
            tenant.budget = budget;
            tenant.month.budget_alerted = false;
            self.check_budget(t, at);
        }
    }

    fn check_budget(&mut self, t: usize, at: Minute) {
        let tenant = &self.tenants[t];
        if let Some(budget) = tenant.budget {
            if !tenant.month.budget_alerted && crate::money::cmp(tenant.month.charged, budget).is_ge() {
                let used = tenant.month.charged;
                self.tenants[t].month.budget_alerted = true;
                self.notify(t, at, N::BudgetThreshold, false, format!("{} iCredits used this month, budget {}", Amount(used), Amount(budget)));
            }
        }
    }

    // ---- generated events ----------------------------------------------------

    fn expire(&mut self, t: usize, k: usize, at: Minute) {
        let s = &self.tenants[t].funds.sources()[k];
        // A renewal moved this source's expiry; its new timer will run then.
        if s.expires_at != Some(at) {
            return;
        }
        let kind = s.kind;
        if kind.is_promotional() {
            // Deferred deductions belong to the credits that were live for them.
            self.flush_deferred(t, at.plus(-1), true);
        }
        let Some(left) = self.tenants[t].funds.expire(k, at) else { return };
        let tenant = &self.tenants[t];
        let id = tenant.funds.sources()[k].id.clone();
        self.ledger.push(at, &tenant.id, RowKind::Expiry, None, Some(&id), left, Currency::Icredits, Some(Decimal::ZERO), Origin::Generator("expiry"));
        let kind_n = if kind == SourceKind::OpenPo { N::OpenPoExpired } else { N::PromotionalExpired };
        self.notify(t, at, kind_n, false, format!("{id} expired with {} iCredits unused", Amount(left)));
        self.check_switch_to_postpaid(t, at);
    }

    fn term_end(&mut self, t: usize, k: usize, at: Minute) {
        let term = self.tenants[t].subscriptions.term(k);
        if term.end == at && !self.tenants[t].subscribed(at) {
            let name = term.product.name();
            self.notify(t, at, N::SubscriptionExpired, false, format!("{name} has expired; stored data keeps accruing charges until deleted (seed 002)"));
        }
    }

    fn term_notice(&mut self, t: usize, k: usize, at: Minute) {
        let term = self.tenants[t].subscriptions.term(k);
        // A term current at this one's end renews it.
        if !self.tenants[t].subscriptions.current(term.end) {
            let msg = format!("{} ends on {}; delete data you do not need to avoid charges", term.product.name(), term.end.plus(-1).day());
            self.notify(t, at, N::SubscriptionExpiring, false, msg);
        }
    }

    /// Daily tabulation at 23:59 (seed 003: storage "tabulated daily … based on
    /// a 30-day month"); at a month's end, the month closes.
    fn tick(&mut self) -> Result<()> {
        let day = self.next_tick;
        let at = day.last_minute();
        for t in 0..self.tenants.len() {
            self.tabulate_storage(t, at)?;
            self.flush_deferred(t, at, day.is_month_end());
            if self.detail >= Detail::Daily {
                self.push_daily(t, day, at);
            }
            let tenant = &mut self.tenants[t];
            tenant.charged_before_today = tenant.month.charged;
        }
        if day.is_month_end() {
            self.close_month(day);
        }
        // Checked once a day: what one day's events add is bounded by the event limit.
        if self.ledger.rows.len() + self.daily_entries > MAX_REPORT_ENTRIES {
            let message = format!(
                "by {day} the report holds more than {MAX_REPORT_ENTRIES} ledger rows and daily entries; ask for detail 'monthly' or 'summary', or shorten the horizon"
            );
            return Err(Error::new(ErrorCode::LimitExceeded, "", message));
        }
        self.next_tick = day.succ();
        self.next_tick_at = self.next_tick.last_minute();
        Ok(())
    }

    fn tabulate_storage(&mut self, t: usize, at: Minute) -> Result<()> {
        let tenant = &self.tenants[t];
        if tenant.storage_tb.is_zero() && tenant.archive_tb.is_zero() {
            return Ok(());
        }
        // Accounts without post-paid billing keep their allowance: their storage is capped at it.
        let keeps_allowance = !tenant.has_postpaid() || tenant.subscribed(at) || !tenant.expired(at);
        let allowance = if keeps_allowance || self.policies.allowance_after_expiry {
            self.rates.storage_allowance_tb.0
        } else {
            Decimal::ZERO
        };
        let billable = (tenant.storage_tb - allowance).max(Decimal::ZERO);
        let archive_tb = tenant.archive_tb;
        let days = self.rates.storage_month_days;
        let (standard_rate, archive_rate) = (self.rates.storage_per_tb_month.0, self.rates.archive_per_tb_month.0);
        let month = &mut self.tenants[t].month;
        let standard = month.standard_storage.day(billable, standard_rate, days);
        let archive = standard.and(month.archive_storage.day(archive_tb, archive_rate, days));
        let tenant = &self.tenants[t];
        let (Some(standard), Some(archive)) = (standard, archive) else {
            let message = format!("a day's storage charge for '{}' is beyond 10^20 iCredits", tenant.id);
            return Err(Error::new(ErrorCode::Overflow, tenant.storage_set_by.path(), message));
        };
        let defer = self.policies.promotional_timing == PromotionalTiming::Seed003 && tenant.funds.holds_promotional();
        if defer {
            self.tenants[t].deferred_storage += standard + archive;
            return Ok(());
        }
        self.charge(t, Origin::Generator("daily_storage"), UsageType::Storage, standard, None, at);
        self.charge(t, Origin::Generator("daily_storage"), UsageType::ArchiveStorage, archive, None, at);
        Ok(())
    }

    /// Seed 003: promotional iCredits pay app fees at the end of each day and
    /// storage at the end of the month.
    fn flush_deferred(&mut self, t: usize, at: Minute, with_storage: bool) {
        let fees = std::mem::take(&mut self.tenants[t].deferred_app_fees);
        self.charge(t, Origin::Generator("promotional_timing"), UsageType::AppFee, fees, None, at);
        if with_storage {
            let storage = std::mem::take(&mut self.tenants[t].deferred_storage);
            self.charge(t, Origin::Generator("promotional_timing"), UsageType::Storage, storage, None, at);
        }
    }

    fn push_daily(&mut self, t: usize, day: Day, at: Minute) {
        let tenant = &self.tenants[t];
        let sources: ByName = tenant.funds.live_sources(at).map(|s| (s.id.clone(), Amt(s.remaining))).collect();
        let point = DailyPoint {
            date: day,
            tenant: tenant.id.clone(),
            storage_tb: Amt(tenant.storage_tb),
            archive_tb: Amt(tenant.archive_tb),
            charged: Amt(tenant.month.charged - tenant.charged_before_today),
            prefunded: Amt(sources.iter().map(|(_, a)| a.0).sum()),
            sources,
            postpaid_mtd: Amt(tenant.month.postpaid),
            samples: tenant.samples.iter().map(|(k, v)| (k.clone(), Amt(v.remaining))).collect(),
        };
        self.daily_entries += 1 + point.sources.len() + point.samples.len();
        self.daily.push(point);
    }

    /// Seed 002: monthly invoice in arrears; seed 003: "rounded up to the
    /// nearest whole iCredit when the invoice is calculated".
    fn close_month(&mut self, day: Day) {
        let issued_at = day.end();
        let period = day.period();
        for t in 0..self.tenants.len() {
            let drawdown = self.tenants[t].close_drawdown();
            let month = self.tenants[t].close_month();
            let tenant = &self.tenants[t];
            let wants_invoice = month.postpaid > Decimal::ZERO
                || (self.policies.zero_invoices && tenant.has_postpaid() && !tenant.subscriptions.is_empty());
            if wants_invoice {
                let exact_total = month.postpaid;
                let total = crate::money::ceil_whole(exact_total);
                let lines = month.postpaid_lines.iter().map(|(usage_type, amount)| InvoiceLine { usage_type, amount }).collect();
                let to = tenant.bill_to.clone();
                let tid = tenant.id.clone();
                self.tenants[t].invoiced += total;
                self.ledger.push(issued_at, &tid, RowKind::Invoice, None, Some(&self.labels.postpaid), total, Currency::Icredits, None, Origin::Generator("month_close"));
                if self.keep_invoices {
                    self.invoices.push(Invoice { tenant: tid, period: period.clone(), issued_at, to, lines, exact_total, total });
                }
                self.notify(t, issued_at, N::Invoice, true, format!("invoice for {period}: {} iCredits", Amount(total)));
            }
            if self.detail >= Detail::Monthly && !month.is_empty() {
                let tenant = &self.tenants[t];
                self.statements.push(Statement {
                    tenant: tenant.id.clone(),
                    period: period.clone(),
                    usage: crate::ordered(month.usage.iter().map(|(u, a)| (u, Amt(a)))),
                    by_project: amts(month.by_project),
                    drawdown: amts(drawdown),
                    postpaid: Amt(month.postpaid),
                    samples_used: amts(month.samples_used),
                    waived: Amt(month.waived),
                });
            }
        }
    }

    // ---- output ----------------------------------------------------------------

    fn notify(&mut self, t: usize, at: Minute, kind: N, billing: bool, message: String) {
        let tenant = &self.tenants[t];
        let to = if billing { tenant.bill_to.clone() } else { tenant.admin.clone() };
        self.push_notification(at, tenant.id.clone(), kind, to, message);
    }

    fn push_notification(&mut self, at: Minute, tenant: Arc<str>, kind: N, to: Option<Arc<str>>, message: String) {
        self.notifications.push(Notification { at, tenant, kind, to, role: kind.recipient(), message });
    }

    /// Current balances per tenant (step API).
    pub fn balances(&self) -> Vec<TenantSummary> {
        self.tenants.iter().map(|t| self.tenant_summary(t)).collect()
    }

    fn tenant_summary(&self, t: &TenantState) -> TenantSummary {
        TenantSummary {
            tenant: t.id.clone(),
            admin: t.admin.clone(),
            users: t.access.users(),
            sources: t
                .funds
                .sources()
                .iter()
                .map(|s| SourceSummary {
                    id: s.id.clone(),
                    kind: s.kind,
                    quantity: s.quantity,
                    used: s.drawn(),
                    remaining: s.remaining,
                    valid_from: s.valid_from,
                    expires_at: s.expires_at,
                    depleted_at: s.depleted_at,
                    expired_at: s.expired_at,
                })
                .collect(),
            postpaid_since: match t.mode {
                Mode::Postpaid(m) if t.has_postpaid() => Some(m),
                _ => None,
            },
            month_to_date_postpaid: Amt(t.month.postpaid),
            invoiced: Amt(t.invoiced),
            icredits_by_usage: crate::ordered(t.charged_by_usage().iter().map(|(u, a)| (u, Amt(a)))),
            icredits_charged: Amt(t.charged()),
            icredits_prefunded: Amt(t.prefunded()),
            icredits_postpaid: Amt(t.postpaid()),
            samples: t
                .samples
                .iter()
                .map(|(k, b)| SampleSummary {
                    sample_type: k.clone(),
                    purchased: Amt(b.purchased),
                    used: Amt(b.used),
                    remaining: Amt(b.remaining),
                    depleted_at: b.depleted_at,
                    blocked: Amt(b.blocked),
                })
                .collect(),
            storage_tb: Amt(t.storage_tb),
            archive_tb: Amt(t.archive_tb),
        }
    }

    /// The report as of now (step API); `finish` runs to the end first.
    pub fn report(&self) -> Report {
        Report {
            detail: self.detail,
            summary: self.summary(),
            invoices: self.invoices.clone(),
            statements: self.statements.clone(),
            daily: self.daily.clone(),
            ledger: self.ledger.rows.clone(),
            registrations: self.portal.orders.values().map(|(_, r)| r.clone()).collect::<Vec<OrderRecord>>(),
            notifications: self.notifications.clone(),
            rejections: self.rejections.clone(),
        }
    }
}

impl Simulation {
    fn summary(&self) -> Summary {
        let tenants: Vec<TenantSummary> = self.balances();
        Summary {
            start: self.start,
            until: self.until,
            icredits_charged: Amt(tenants.iter().map(|t| t.icredits_charged.0).sum()),
            invoiced: Amt(tenants.iter().map(|t| t.invoiced.0).sum()),
            rejections: self.rejections.len(),
            tenants,
        }
    }
}

fn amts<K: Ord>(m: BTreeMap<K, Decimal>) -> BTreeMap<K, Amt> {
    crate::ordered(m.into_iter().map(|(k, v)| (k, Amt(v))))
}

/// Why an event did not take effect.
#[derive(Debug)]
enum Outcome {
    /// A domain rule: recorded, the run goes on.
    Rejected(Rejected),
    /// A charge beyond range: the run stops with an error.
    Overflow,
}

fn reject(code: R, message: String) -> Outcome {
    Outcome::Rejected((code, message))
}
