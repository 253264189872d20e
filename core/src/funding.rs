//! iCredit funding sources and the one drawdown-order function every charge
//! uses (seed 002: post-paid by default; pre-paid packs and Open Purchase
//! Orders draw down first; depleted or expired → post-paid automatically).

use std::cmp::Ordering;
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
    /// Promotional kinds come before purchased ones on an expiry tie.
    fn is_promotional(self) -> bool {
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

/// The drawdown order: `Less` means `a` pays first.
pub fn drawdown_cmp(order: DrawdownOrder, a: &Source, b: &Source) -> Ordering {
    drawdown_key(order, a.expires_at, a.kind, a.seq).cmp(&drawdown_key(order, b.expires_at, b.kind, b.seq))
}

/// One slice of a charge drawn from one source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Draw {
    /// Index into the tenant's sources.
    pub source: usize,
    /// iCredits drawn.
    pub amount: Decimal,
}

/// Splits `amount` across the live sources in drawdown order, updating their
/// balances. Returns the slices and the part left for post-paid.
pub fn draw(sources: &mut [Source], order: DrawdownOrder, at: Minute, amount: Decimal, out: &mut Vec<Draw>) -> Decimal {
    out.clear();
    let mut left = amount;
    while is_positive(left) {
        let next = sources
            .iter()
            .enumerate()
            .filter(|(_, s)| s.is_live(at))
            .min_by(|(_, a), (_, b)| drawdown_cmp(order, a, b))
            .map(|(i, _)| i);
        let Some(i) = next else { break };
        let s = &mut sources[i];
        // One comparison and one subtraction: either the charge fits, or the source empties.
        let take = if money::cmp(left, s.remaining).is_lt() {
            s.remaining -= left;
            std::mem::replace(&mut left, Decimal::ZERO)
        } else {
            left -= s.remaining;
            s.depleted_at = Some(at);
            std::mem::replace(&mut s.remaining, Decimal::ZERO)
        };
        out.push(Draw { source: i, amount: take });
    }
    left
}

/// Total that live sources could pay at `at`.
pub fn available(sources: &[Source], at: Minute) -> Decimal {
    sources.iter().filter(|s| s.is_live(at)).map(|s| s.remaining).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn earliest_expiry_then_promotional_then_order() {
        let mut s = vec![
            src("pre", SourceKind::Prepaid, 100, 0, None, 0),
            src("po", SourceKind::OpenPo, 50, 0, Some(1000), 1),
            src("promo", SourceKind::Promotional, 30, 0, Some(1000), 2),
        ];
        let mut out = Vec::new();
        let left = draw(&mut s, DrawdownOrder::EarliestExpiryFirst, Minute(10), Decimal::from(200), &mut out);
        let ids: Vec<_> = out.iter().map(|d| (s[d.source].id.to_string(), d.amount)).collect();
        assert_eq!(
            ids,
            vec![("promo".into(), 30.into()), ("po".into(), 50.into()), ("pre".into(), 100.into())]
        );
        assert_eq!(left, Decimal::from(20));
        assert!(s.iter().all(|s| s.depleted_at == Some(Minute(10))));
    }

    #[test]
    fn not_before_registration_nor_after_expiry() {
        let mut s = vec![src("po", SourceKind::OpenPo, 50, 100, Some(200), 0)];
        let mut out = Vec::new();
        assert_eq!(draw(&mut s, DrawdownOrder::default(), Minute(99), 5.into(), &mut out), 5.into());
        assert_eq!(draw(&mut s, DrawdownOrder::default(), Minute(200), 5.into(), &mut out), 5.into());
        assert_eq!(draw(&mut s, DrawdownOrder::default(), Minute(199), 5.into(), &mut out), 0.into());
    }
}
