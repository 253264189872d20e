//! The report's canonical JSON, compact. Ledger rows and daily points are
//! nearly all of a report's bytes, and serde_json spends about 4,000
//! instructions on a ledger row: it escapes every key and value byte by byte
//! and writes each fragment separately. Here their keys are literal text and
//! their values are checked for escapes once. The rest of the report goes
//! through serde.
//!
//! The derived `Serialize` impls stay the reference (pretty JSON, the
//! schema): tests check that `Report::to_json` equals
//! `serde_json::to_string` on every preset and on generated scenarios.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{ByName, DailyPoint, LedgerRow, Origin, Report, Summary, TenantSummary};
use crate::money::write_canonical;
use crate::time::MinuteDigits;

/// Canonical JSON text of `report`: its sections in order, as `section` writes them.
pub(super) fn report(report: &Report) -> serde_json::Result<String> {
    // Sized up front: ledger rows run to about 200 bytes, daily points to about 240.
    let capacity = 4096 + 224 * report.ledger.len() + 256 * report.daily.len();
    let mut w = Writer::with_capacity(capacity);
    w.raw("{");
    for (i, key) in Report::SECTIONS.iter().enumerate() {
        if i > 0 {
            w.raw(",");
        }
        w.text(key);
        w.raw(":");
        w.section(report, key)?;
    }
    w.raw("}");
    Ok(w.out)
}

/// Canonical JSON text of the report's section `key`: the bytes the whole
/// report holds under that key. `None` for a key the report does not have.
pub(super) fn section(report: &Report, key: &str) -> Option<serde_json::Result<String>> {
    let mut w = Writer::with_capacity(256);
    match w.section(report, key) {
        Ok(true) => Some(Ok(w.out)),
        Ok(false) => None,
        Err(e) => Some(Err(e)),
    }
}

/// The tenants' summaries, through serde. Not inlined: one copy of their
/// writer serves the report and the step API's balances.
#[inline(never)]
pub(super) fn tenants(tenants: &[TenantSummary]) -> serde_json::Result<String> {
    serde_json::to_string(tenants)
}

/// Appends JSON to a string (never bytes: no UTF-8 check at the end).
struct Writer {
    out: String,
    minutes: MinuteDigits,
}

impl Writer {
    fn with_capacity(capacity: usize) -> Self {
        Writer { out: String::with_capacity(capacity), minutes: MinuteDigits::default() }
    }

    /// Writes the section `key` of `r`; false (nothing written) for a key
    /// that is not one of `Report::SECTIONS`.
    fn section(&mut self, r: &Report, key: &str) -> serde_json::Result<bool> {
        match key {
            "detail" => self.serde(&r.detail)?,
            "summary" => self.summary(&r.summary)?,
            "invoices" => self.serde(&r.invoices)?,
            "statements" => self.serde(&r.statements)?,
            "daily" => self.array(&r.daily, Writer::daily_point)?,
            "ledger" => self.array(&r.ledger, Writer::ledger_row)?,
            "registrations" => self.serde(&r.registrations)?,
            "notifications" => self.serde(&r.notifications)?,
            "rejections" => self.serde(&r.rejections)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    // `raw` and `text` are always inlined, so literal keys are copied at a
    // known length: 3% off a default-preset call in Node, native unchanged.
    #[inline(always)]
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Anything without a writer of its own, through serde_json.
    fn serde<T: Serialize + ?Sized>(&mut self, value: &T) -> serde_json::Result<()> {
        self.out.push_str(&serde_json::to_string(value)?);
        Ok(())
    }

    /// A string, escaped as serde_json escapes it: only `"`, `\` and control
    /// characters, which ids and labels seldom hold.
    fn str(&mut self, s: &str) -> serde_json::Result<()> {
        if !needs_escape(s) {
            self.text(s);
            Ok(())
        } else {
            self.serde(s)
        }
    }

    /// A string known to need no escapes (digits, dates, variant names).
    #[inline(always)]
    fn text(&mut self, s: &str) {
        self.out.push('"');
        self.out.push_str(s);
        self.out.push('"');
    }

    fn opt_str(&mut self, s: Option<&str>) -> serde_json::Result<()> {
        match s {
            Some(s) => self.str(s),
            None => {
                self.raw("null");
                Ok(())
            }
        }
    }

    fn amount(&mut self, d: Decimal) {
        self.out.push('"');
        write_canonical(d, |piece| self.out.push_str(piece));
        self.out.push('"');
    }

    fn opt_amount(&mut self, d: Option<Decimal>) {
        match d {
            Some(d) => self.amount(d),
            None => self.raw("null"),
        }
    }

    fn array<T>(&mut self, items: &[T], item: fn(&mut Self, &T) -> serde_json::Result<()>) -> serde_json::Result<()> {
        self.raw("[");
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            item(self, x)?;
        }
        self.raw("]");
        Ok(())
    }

    fn amounts(&mut self, map: &ByName) -> serde_json::Result<()> {
        self.raw("{");
        for (i, (k, v)) in map.iter().enumerate() {
            if i > 0 {
                self.raw(",");
            }
            self.str(k)?;
            self.raw(":");
            self.amount(v.0);
        }
        self.raw("}");
        Ok(())
    }

    fn origin(&mut self, origin: Origin) -> serde_json::Result<()> {
        match origin {
            Origin::Event(i) => self.raw(itoa::Buffer::new().format(i)),
            Origin::Profile(k) => {
                self.raw("\"usage/");
                self.raw(itoa::Buffer::new().format(k));
                self.raw("\"");
            }
            Origin::Generator(g) => return self.str(g),
        }
        Ok(())
    }

    fn summary(&mut self, s: &Summary) -> serde_json::Result<()> {
        self.raw("{\"start\":");
        self.serde(&s.start)?;
        self.raw(",\"until\":");
        self.serde(&s.until)?;
        self.raw(",\"tenants\":");
        self.out.push_str(&tenants(&s.tenants)?);
        self.raw(",\"icredits_charged\":");
        self.amount(s.icredits_charged.0);
        self.raw(",\"invoiced\":");
        self.amount(s.invoiced.0);
        self.raw(",\"rejections\":");
        self.raw(itoa::Buffer::new().format(s.rejections));
        self.raw("}");
        Ok(())
    }

    fn ledger_row(&mut self, r: &LedgerRow) -> serde_json::Result<()> {
        self.raw("{\"at\":");
        match self.minutes.get(r.at) {
            Some(text) => self.text(std::str::from_utf8(&text).unwrap_or_default()),
            None => self.serde(&r.at)?,
        }
        self.raw(",\"tenant\":");
        self.str(&r.tenant)?;
        self.raw(",\"kind\":");
        self.text(r.kind.as_str());
        self.raw(",\"usage_type\":");
        self.opt_str(r.usage_type.as_deref())?;
        self.raw(",\"source\":");
        self.opt_str(r.source.as_deref())?;
        self.raw(",\"amount\":");
        self.amount(r.amount);
        self.raw(",\"currency\":");
        self.text(r.currency.as_str());
        self.raw(",\"balance_after\":");
        self.opt_amount(r.balance_after);
        self.raw(",\"event\":");
        self.origin(r.event)?;
        self.raw("}");
        Ok(())
    }

    fn daily_point(&mut self, p: &DailyPoint) -> serde_json::Result<()> {
        self.raw("{\"date\":");
        match p.date.digits() {
            Some(text) => self.text(std::str::from_utf8(&text).unwrap_or_default()),
            None => self.serde(&p.date)?,
        }
        self.raw(",\"tenant\":");
        self.str(&p.tenant)?;
        self.raw(",\"storage_tb\":");
        self.amount(p.storage_tb.0);
        self.raw(",\"archive_tb\":");
        self.amount(p.archive_tb.0);
        self.raw(",\"charged\":");
        self.amount(p.charged.0);
        self.raw(",\"prefunded\":");
        self.amount(p.prefunded.0);
        self.raw(",\"sources\":");
        self.amounts(&p.sources)?;
        self.raw(",\"postpaid_mtd\":");
        self.amount(p.postpaid_mtd.0);
        self.raw(",\"samples\":");
        self.amounts(&p.samples)?;
        self.raw("}");
        Ok(())
    }
}

/// Whether JSON escapes anything in `s`: a `"`, a `\` or a control character.
/// Eight bytes at a time: a word holds a byte below `n` (n ≤ 128) exactly
/// when `(x - n × 0x0101…01) & !x & 0x8080…80` is not zero.
fn needs_escape(s: &str) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & (ONES << 7) != 0;
    let special = |x: u64| below(x, 0x20) || below(x ^ (ONES * u64::from(b'"')), 1) || below(x ^ (ONES * u64::from(b'\\')), 1);
    let b = s.as_bytes();
    if b.len() < 8 {
        return b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\');
    }
    let word = |w: &[u8]| <[u8; 8]>::try_from(w).map_or(0, u64::from_le_bytes);
    // The last word may overlap the one before it.
    b.chunks_exact(8).any(|w| special(word(w))) || special(word(&b[b.len() - 8..]))
}

#[cfg(test)]
mod tests {
    use super::needs_escape;

    #[test]
    fn needs_escape_is_exact() {
        let plain = |s: &str| s.bytes().any(|c| c < 0x20 || c == b'"' || c == b'\\');
        for len in 0..20 {
            for at in 0..len.max(1) {
                for byte in 0..=u8::MAX {
                    let mut text = vec![b'a'; len];
                    if len > 0 {
                        text[at] = byte;
                    }
                    let s = String::from_utf8_lossy(&text);
                    assert_eq!(needs_escape(&s), plain(&s), "{s:?}");
                }
            }
        }
        for s in ["genomics.Illumina.com", "ü 😀 ∑", "prepaid-6k\"", "\\x", "tab\there", "\u{7f}"] {
            assert_eq!(needs_escape(s), plain(s), "{s:?}");
        }
    }
}

