//! iCredit funding sources and the one drawdown-order function every charge
//! uses (seed 002: post-paid by default; pre-paid packs and Open Purchase
//! Orders draw down first; depleted or expired → post-paid automatically).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::money::{self, is_positive};
use crate::policy::DrawdownOrder;
use crate::time::Minute;

/// Kind of pre-funded iCredit source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Pre-paid pack: drawn down to zero, never expires.
    Prepaid,
    /// Open Purchase Order: quantity plus expiry, ends at whichever comes first.
    OpenPo,
    /// Promotional grant (new Professional/Enterprise subscriptions).
    Promotional,
    /// Free-trial credits (expire after 30 days).
    FreeTrial,
}

impl SourceKind {
    /// Promotional and free-trial credits: they come before purchased ones on
    /// an expiry tie, and receive seed 003's deferred deductions.
    pub fn is_promotional(self) -> bool {
        matches!(self, Self::Promotional | Self::FreeTrial)
    }

    /// Whether the low-balance alert covers this kind (seed 002: pre-paid and Open PO).
    pub fn alerts_low_balance(self) -> bool {
        matches!(self, Self::Prepaid | Self::OpenPo)
    }
}

/// A pre-funded iCredit source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Ledger id, e.g. `prepaid-1`.
    pub id: Arc<str>,
    /// Kind.
    pub kind: SourceKind,
    /// Quantity bought, contracted or granted.
    pub quantity: Decimal,
    /// What is left.
    pub remaining: Decimal,
    /// Registration instant: covers only usage from here on (seed 002).
    pub valid_from: Minute,
    /// First instant it no longer covers; `None` never expires on its own.
    pub expires_at: Option<Minute>,
    /// Registration order within the run.
    pub seq: usize,
    /// When it reached zero.
    pub depleted_at: Option<Minute>,
    /// When it expired with credits left.
    pub expired_at: Option<Minute>,
    /// Credits lost at expiry.
    pub expired: Decimal,
    /// Remaining at or below this raises the low-balance alert (`None`: no alert).
    pub low_at: Option<Decimal>,
    /// Whether the low-balance alert has gone out.
    pub low_notified: bool,
}

impl Source {
    /// Whether the source can pay for usage at `t`.
    pub fn is_live(&self, t: Minute) -> bool {
        is_positive(self.remaining)
            && self.valid_from <= t
            && self.expires_at.is_none_or(|e| t < e)
            && self.expired_at.is_none()
    }
}

impl Source {
    /// iCredits drawn from it so far (what it lost at expiry was not drawn).
    pub fn drawn(&self) -> Decimal {
        self.quantity - self.remaining - self.expired
    }

    /// Whether `remaining` crosses its low-balance level for the first time.
    pub fn turns_low(&self) -> bool {
        !self.low_notified && self.low_at.is_some_and(|low| money::cmp(self.remaining, low).is_le())
    }
}

/// A source's place in the drawdown order: sorting by it gives the policy's
/// order. `seq` is the registration order.
pub fn drawdown_key(order: DrawdownOrder, expires_at: Option<Minute>, kind: SourceKind, seq: usize) -> (i64, bool, usize) {
    match order {
        DrawdownOrder::RegistrationOrder => (0, false, seq),
        // Earliest expiry first (none last), promotional before purchased, then registration.
        DrawdownOrder::EarliestExpiryFirst => (expires_at.map_or(i64::MAX, |m| m.0), !kind.is_promotional(), seq),
    }
}

/// One slice of a charge drawn from one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    /// Index into the tenant's sources.
    pub source: usize,
    /// iCredits drawn.
    pub amount: Decimal,
}

/// A source's entry in the drawdown order: its key, then its index.
type Entry = ((i64, bool, usize), usize);

/// A tenant's pre-funded sources in registration order, and the order in
/// which those that can still pay are drawn. A charge takes the first live
/// ones from that order instead of searching every source the tenant ever
/// had: with tens of thousands of sources, a charge costs what it costs with
/// three.
#[derive(Debug, Clone)]
pub struct Funds {
    sources: Vec<Source>,
    /// An entry per source that may still pay, least key on top. An entry goes
    /// stale when its source expires or its expiry moves; stale entries leave
    /// when they reach the top, or all at once when they are half the heap.
    payers: BinaryHeap<Reverse<Entry>>,
    /// Stale entries in `payers`.
    stale: usize,
    /// Entries a draw passed over (not payable at its instant), put back after it.
    held: Vec<Entry>,
    /// Promotional grants by expiry, each list in registration order: a
    /// renewal carries the list at the current term's end to the new end.
    promotional: BTreeMap<Minute, Vec<usize>>,
    /// How many promotional and free-trial sources have credits left and
    /// have not expired.
    promotional_left: usize,
    /// Credits left in the sources not expired, once asked for (accounts
    /// without post-paid billing ask at each charge; others never pay for
    /// keeping it).
    unexpired: Option<Decimal>,
    order: DrawdownOrder,
}

impl Funds {
    /// No sources yet; they will be drawn in `order`.
    pub fn new(order: DrawdownOrder) -> Self {
        Self { sources: Vec::new(), payers: BinaryHeap::new(), stale: 0, held: Vec::new(), promotional: BTreeMap::new(), promotional_left: 0, unexpired: None, order }
    }

    /// Every source, in registration order (the index is a source's handle).
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    fn entry(&self, k: usize) -> Entry {
        let s = &self.sources[k];
        (drawdown_key(self.order, s.expires_at, s.kind, s.seq), k)
    }

    /// Whether `entry` is its source's current one and the source can still pay.
    fn current(&self, entry: Entry) -> bool {
        let s = &self.sources[entry.1];
        is_positive(s.remaining) && s.expired_at.is_none() && entry == self.entry(entry.1)
    }

    fn went_stale(&mut self) {
        self.stale += 1;
        if 2 * self.stale > self.payers.len() {
            let payers = std::mem::take(&mut self.payers);
            self.payers = payers.into_iter().filter(|&Reverse(e)| self.current(e)).collect();
            self.stale = 0;
        }
    }

    /// Registers a source; returns its index.
    pub fn add(&mut self, source: Source) -> usize {
        let k = self.sources.len();
        let pays = is_positive(source.remaining);
        if let (SourceKind::Promotional, Some(e)) = (source.kind, source.expires_at) {
            self.promotional.entry(e).or_default().push(k);
        }
        if source.expired_at.is_none() {
            if let Some(total) = &mut self.unexpired {
                *total += source.remaining;
            }
            self.promotional_left += usize::from(pays && source.kind.is_promotional());
        }
        self.sources.push(source);
        if pays {
            self.payers.push(Reverse(self.entry(k)));
        }
        k
    }

    /// Moves source `k`'s expiry to a later instant. An expiry never moves
    /// back, so a stale entry never becomes current again.
    fn extend_expiry(&mut self, k: usize, expires_at: Minute) {
        let before = self.entry(k);
        let pays = self.current(before);
        self.sources[k].expires_at = Some(expires_at);
        let after = self.entry(k);
        if pays && after != before {
            self.payers.push(Reverse(after));
            self.went_stale();
        }
    }

    /// Expires source `k` at `at`; returns the credits it lost, `None` when it
    /// had none left or had already expired.
    pub fn expire(&mut self, k: usize, at: Minute) -> Option<Decimal> {
        let s = &mut self.sources[k];
        if s.expired_at.is_some() || s.remaining.is_zero() {
            return None;
        }
        let left = std::mem::replace(&mut s.remaining, Decimal::ZERO);
        s.expired = left;
        s.expired_at = Some(at);
        self.promotional_left -= usize::from(s.kind.is_promotional());
        if let Some(total) = &mut self.unexpired {
            *total -= left;
        }
        self.went_stale();
        Some(left)
    }

    /// Whether source `k` has just crossed its low-balance level; the alert is
    /// then counted as sent.
    pub fn take_low_alert(&mut self, k: usize) -> bool {
        let s = &mut self.sources[k];
        let turns = s.turns_low();
        s.low_notified |= turns;
        turns
    }

    /// The sources that can pay for usage at `at`, in no particular order.
    fn live(&self, at: Minute) -> impl Iterator<Item = &Source> {
        self.payers.iter().filter(|&&Reverse(e)| self.current(e)).map(|&Reverse((_, k))| &self.sources[k]).filter(move |s| s.is_live(at))
    }

    /// The sources that can pay at `at`, in no particular order (a daily
    /// point orders them by name).
    pub fn live_sources(&self, at: Minute) -> impl Iterator<Item = &Source> {
        // Few spent sources: reading every source costs less than the heap's stale entries.
        let few_spent = self.sources.len() <= 2 * self.payers.len() + 8;
        let every = self.sources.iter().filter(move |s| s.is_live(at)).take(if few_spent { usize::MAX } else { 0 });
        every.chain(self.live(at).take(if few_spent { 0 } else { usize::MAX }))
    }

    /// Moves the promotional grants expiring at `from` to `to` (a renewal
    /// carries them; notes/domain.md §4.1). Returns how many grants then
    /// expire at `to` (`None` when none moved): [`Funds::expiring`] reads
    /// them, in registration order; grants indexed later come after.
    pub fn carry_promotional(&mut self, from: Minute, to: Minute) -> Option<usize> {
        let carried = self.promotional.remove(&from)?;
        for &k in &carried {
            self.extend_expiry(k, to);
        }
        // Each list is in registration order (grants are indexed as they
        // come, and carried lists are merged in): so is their merge.
        let at_to = self.promotional.entry(to).or_default();
        let mut earlier = std::mem::take(at_to).into_iter().peekable();
        for k in carried {
            while let Some(e) = earlier.next_if(|&e| e < k) {
                at_to.push(e);
            }
            at_to.push(k);
        }
        at_to.extend(earlier);
        Some(at_to.len())
    }

    /// The first `upto` promotional grants that came to expire at `at`.
    pub fn expiring(&self, at: Minute, upto: usize) -> Vec<usize> {
        self.promotional.get(&at).map_or(Vec::new(), |ks| ks[..upto.min(ks.len())].to_vec())
    }

    /// Credits left in the sources not expired, summed once and then kept
    /// as they change: what live sources can pay at an instant whose due
    /// expiries have run (the engine runs a minute's expiries before its
    /// events, and a source is valid from its registration).
    pub fn unexpired(&mut self) -> Decimal {
        let sources = &self.sources;
        *self.unexpired.get_or_insert_with(|| sources.iter().filter(|s| s.expired_at.is_none()).map(|s| s.remaining).sum())
    }

    /// Whether any source can pay at `at`: the top entry, once stale ones are dropped.
    pub fn any_live(&mut self, at: Minute) -> bool {
        while let Some(&Reverse(top)) = self.payers.peek() {
            if self.current(top) {
                break;
            }
            self.payers.pop();
            self.stale -= 1;
        }
        self.live(at).next().is_some()
    }

    /// Whether a promotional or free-trial source with credits left would
    /// receive deferred deductions: whether one is live at an instant whose
    /// due expiries have run.
    pub fn holds_promotional(&self) -> bool {
        self.promotional_left > 0
    }

    /// Splits `amount` across the live sources in drawdown order, updating
    /// their balances. Returns the slices and the part left for post-paid.
    pub fn draw(&mut self, at: Minute, amount: Decimal, out: &mut Vec<Draw>) -> Decimal {
        out.clear();
        let mut left = amount;
        while is_positive(left) {
            let Some(&Reverse(entry @ (_, i))) = self.payers.peek() else { break };
            if !self.current(entry) {
                self.payers.pop();
                self.stale -= 1;
                continue;
            }
            let s = &mut self.sources[i];
            // Registered after `at`, or past its expiry with the expiry yet to run.
            if !s.is_live(at) {
                self.held.push(entry);
                self.payers.pop();
                continue;
            }
            // One comparison and one subtraction: either the charge fits, or the source empties.
            let take = if money::cmp(left, s.remaining).is_lt() {
                s.remaining -= left;
                std::mem::replace(&mut left, Decimal::ZERO)
            } else {
                left -= s.remaining;
                s.depleted_at = Some(at);
                self.promotional_left -= usize::from(s.kind.is_promotional());
                self.payers.pop();
                std::mem::replace(&mut s.remaining, Decimal::ZERO)
            };
            if let Some(total) = &mut self.unexpired {
                *total -= take;
            }
            out.push(Draw { source: i, amount: take });
        }
        if !self.held.is_empty() {
            self.payers.extend(self.held.drain(..).map(Reverse));
        }
        left
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn src(id: &str, kind: SourceKind, qty: i64, from: i64, exp: Option<i64>, seq: usize) -> Source {
        Source {
            id: id.into(),
            kind,
            quantity: qty.into(),
            remaining: qty.into(),
            valid_from: Minute(from),
            expires_at: exp.map(Minute),
            seq,
            depleted_at: None,
            expired_at: None,
            expired: Decimal::ZERO,
            low_at: None,
            low_notified: false,
        }
    }

    fn funds(order: DrawdownOrder, sources: Vec<Source>) -> Funds {
        let mut f = Funds::new(order);
        for s in sources {
            f.add(s);
        }
        f
    }

    #[test]
    fn earliest_expiry_then_promotional_then_order() {
        let mut f = funds(
            DrawdownOrder::EarliestExpiryFirst,
            vec![
                src("pre", SourceKind::Prepaid, 100, 0, None, 0),
                src("po", SourceKind::OpenPo, 50, 0, Some(1000), 1),
                src("promo", SourceKind::Promotional, 30, 0, Some(1000), 2),
            ],
        );
        let mut out = Vec::new();
        let left = f.draw(Minute(10), Decimal::from(200), &mut out);
        let ids: Vec<_> = out.iter().map(|d| (f.sources()[d.source].id.to_string(), d.amount)).collect();
        assert_eq!(
            ids,
            vec![("promo".into(), 30.into()), ("po".into(), 50.into()), ("pre".into(), 100.into())]
        );
        assert_eq!(left, Decimal::from(20));
        assert!(f.sources().iter().all(|s| s.depleted_at == Some(Minute(10))));
        assert!(!f.any_live(Minute(10)));
    }

    #[test]
    fn not_before_registration_nor_after_expiry() {
        let mut f = funds(DrawdownOrder::default(), vec![src("po", SourceKind::OpenPo, 50, 100, Some(200), 0)]);
        let mut out = Vec::new();
        assert_eq!(f.draw(Minute(99), 5.into(), &mut out), 5.into());
        assert_eq!(f.draw(Minute(200), 5.into(), &mut out), 5.into());
        assert_eq!(f.draw(Minute(199), 5.into(), &mut out), 0.into());
        assert_eq!(f.unexpired(), 45.into());
    }

    #[test]
    fn lists_the_live_among_many_spent() {
        let mut f = funds(DrawdownOrder::EarliestExpiryFirst, (0..40).map(|k| src(&format!("s{k}"), SourceKind::OpenPo, 1, 0, Some(1000 - k as i64), k)).collect());
        let mut out = Vec::new();
        assert_eq!(f.draw(Minute(5), 37.into(), &mut out), 0.into());
        // The latest-expiring three are left.
        let mut live: Vec<&str> = f.live_sources(Minute(5)).map(|s| &*s.id).collect();
        live.sort_unstable();
        assert_eq!(live, ["s0", "s1", "s2"]);
        assert_eq!(f.unexpired(), 3.into());
    }

    #[test]
    fn a_moved_expiry_moves_the_source_in_the_order() {
        let mut f = funds(
            DrawdownOrder::EarliestExpiryFirst,
            vec![src("promo", SourceKind::Promotional, 10, 0, Some(100), 0), src("po", SourceKind::OpenPo, 10, 0, Some(200), 1)],
        );
        f.extend_expiry(0, Minute(300));
        let mut out = Vec::new();
        assert_eq!(f.draw(Minute(150), 15.into(), &mut out), 0.into());
        assert_eq!(out, vec![Draw { source: 1, amount: 10.into() }, Draw { source: 0, amount: 5.into() }]);
        assert_eq!(f.expire(0, Minute(300)), Some(5.into()));
        assert_eq!(f.expire(0, Minute(300)), None);
        assert_eq!(f.expire(1, Minute(300)), None);
        assert!(!f.any_live(Minute(150)));
        assert!(!f.holds_promotional());
    }

    /// What `Funds` replaces: each slice searches every source for the first live one.
    fn draw_by_search(sources: &mut [Source], order: DrawdownOrder, at: Minute, amount: Decimal) -> (Vec<Draw>, Decimal) {
        let mut out = Vec::new();
        let mut left = amount;
        while is_positive(left) {
            let key = |s: &Source| drawdown_key(order, s.expires_at, s.kind, s.seq);
            let Some(i) = (0..sources.len()).filter(|&i| sources[i].is_live(at)).min_by_key(|&i| key(&sources[i])) else { break };
            let s = &mut sources[i];
            let take = left.min(s.remaining);
            s.remaining -= take;
            left -= take;
            if s.remaining.is_zero() {
                s.depleted_at = Some(at);
            }
            out.push(Draw { source: i, amount: take });
        }
        (out, left)
    }

    #[derive(Debug, Clone)]
    enum Op {
        Draw(i64),
        Expire(usize),
        ExtendExpiry(usize, i64),
    }

    proptest! {
        #[test]
        fn draws_as_a_search_of_every_source_does(
            earliest_expiry in any::<bool>(),
            given in proptest::collection::vec((0..4usize, 1..40i64, 0..50i64, proptest::option::of(10..120i64)), 0..12),
            ops in proptest::collection::vec(
                prop_oneof![
                    (1..60i64).prop_map(Op::Draw),
                    (0..12usize).prop_map(Op::Expire),
                    ((0..12usize), (1..60i64)).prop_map(|(k, e)| Op::ExtendExpiry(k, e)),
                ],
                0..30,
            ),
        ) {
            let order = if earliest_expiry { DrawdownOrder::EarliestExpiryFirst } else { DrawdownOrder::RegistrationOrder };
            let kinds = [SourceKind::Prepaid, SourceKind::OpenPo, SourceKind::Promotional, SourceKind::FreeTrial];
            let sources: Vec<Source> = given.iter().enumerate().map(|(k, &(kind, qty, from, exp))| src(&format!("s{k}"), kinds[kind], qty, from, exp, k)).collect();
            let mut f = funds(order, sources.clone());
            let mut reference = sources;
            let mut out = Vec::new();
            for (step, op) in ops.into_iter().enumerate() {
                let at = Minute(step as i64 * 5);
                match op {
                    Op::Draw(amount) => {
                        let left = f.draw(at, amount.into(), &mut out);
                        prop_assert_eq!((out.clone(), left), draw_by_search(&mut reference, order, at, amount.into()));
                    }
                    Op::Expire(k) if k < reference.len() => {
                        let s = &mut reference[k];
                        let lost = (s.expired_at.is_none() && !s.remaining.is_zero()).then(|| std::mem::replace(&mut s.remaining, Decimal::ZERO));
                        if lost.is_some() {
                            s.expired_at = Some(at);
                        }
                        prop_assert_eq!(f.expire(k, at), lost);
                    }
                    Op::ExtendExpiry(k, by) if k < reference.len() => {
                        if let Some(e) = reference[k].expires_at {
                            reference[k].expires_at = Some(e.plus(by));
                            f.extend_expiry(k, e.plus(by));
                        }
                    }
                    _ => {}
                }
                prop_assert_eq!(f.unexpired(), reference.iter().filter(|s| s.expired_at.is_none()).map(|s| s.remaining).sum::<Decimal>());
                let mut live: Vec<&str> = f.live_sources(at).map(|s| &*s.id).collect();
                live.sort_unstable();
                let mut expected: Vec<&str> = reference.iter().filter(|s| s.is_live(at)).map(|s| &*s.id).collect();
                expected.sort_unstable();
                prop_assert_eq!(live, expected);
                prop_assert_eq!(f.holds_promotional(), reference.iter().any(|s| is_positive(s.remaining) && s.expired_at.is_none() && s.kind.is_promotional()));
            }
            for (a, b) in f.sources().iter().zip(&reference) {
                prop_assert_eq!((a.remaining, a.depleted_at, a.expired_at), (b.remaining, b.depleted_at, b.expired_at));
            }
        }
    }
}
