//! The simulated clock: UTC only, minute resolution. An instant is a count of
//! minutes since 1970-01-01T00:00Z so that the event queue orders integers;
//! calendar questions (month ends, days in a month) go through chrono.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

const MINUTES_PER_DAY: i64 = 24 * 60;

/// An instant on the simulated clock (UTC, whole minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minute(pub i64);

/// A calendar day (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub NaiveDate);

/// 1970-01-01 counted in days from 0001-01-01 (day 1).
const EPOCH_DAYS_FROM_CE: i64 = 719_163;

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

impl Minute {
    /// Midnight at the start of `day`.
    pub fn start_of(day: Day) -> Self {
        // Day numbers from the Common Era: cheaper than subtracting dates.
        Minute((i64::from(day.0.num_days_from_ce()) - EPOCH_DAYS_FROM_CE).saturating_mul(MINUTES_PER_DAY))
    }

    /// The calendar day this minute falls on (saturating at chrono's range,
    /// so even an absurd minute formats without panicking).
    pub fn day(self) -> Day {
        let days = self.0.div_euclid(MINUTES_PER_DAY);
        let date = Duration::try_days(days).and_then(|d| epoch().checked_add_signed(d));
        Day(date.unwrap_or(if days < 0 { NaiveDate::MIN } else { NaiveDate::MAX }))
    }

    /// This instant plus `minutes`.
    pub fn plus(self, minutes: i64) -> Self {
        Minute(self.0.saturating_add(minutes))
    }

    /// Parses `YYYY-MM-DD` (midnight) or `YYYY-MM-DDTHH:MM[:SS][Z|+00:00]`.
    /// Seconds are dropped: the clock ticks in minutes.
    pub fn parse(s: &str) -> Result<Self, String> {
        if s.len() == 10 {
            return Day::parse(s).map(Minute::start_of);
        }
        let body = s.strip_suffix('Z').or_else(|| s.strip_suffix("+00:00")).unwrap_or(s);
        if body.contains('+') || body.get(10..).is_some_and(|t| t.contains('-')) {
            return Err(format!("'{s}' has a time-zone offset; billsim works in UTC only (use 'Z')"));
        }
        let bad = || format!("'{s}' is not an ISO-8601 UTC date-time (YYYY-MM-DDTHH:MMZ)");
        let b = body.as_bytes();
        // Fixed layout: YYYY-MM-DDTHH:MM, optionally :SS (seconds are dropped).
        let layout_ok = matches!(b.len(), 16 | 19) && b[10] == b'T' && b[13] == b':' && (b.len() == 16 || b[16] == b':');
        let (hour, minute) = match (layout_ok, digits(b.get(11..13)), digits(b.get(14..16))) {
            (true, Some(h), Some(m)) if h < 24 && m < 60 => (h, m),
            _ => return Err(bad()),
        };
        if b.len() == 19 && digits(b.get(17..19)).is_none_or(|sec| sec >= 60) {
            return Err(bad());
        }
        let day = Day::parse(body.get(..10).unwrap_or_default()).map_err(|_| bad())?;
        Ok(Minute::start_of(day).plus(i64::from(hour * 60 + minute)))
    }
}

impl Day {
    /// Earliest day a scenario may name.
    pub const MIN_YEAR: i32 = 1970;
    /// Latest year a scenario may name.
    pub const MAX_YEAR: i32 = 9000;

    fn check_range(day: Day) -> Result<(), String> {
        let y = day.0.year();
        if !(Self::MIN_YEAR..=Self::MAX_YEAR).contains(&y) {
            return Err(format!("year {y} is outside {}..={}", Self::MIN_YEAR, Self::MAX_YEAR));
        }
        Ok(())
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let b = s.as_bytes();
        let ymd = (b.len() == 10 && b[4] == b'-' && b[7] == b'-')
            .then(|| Some((digits(b.get(..4))?, digits(b.get(5..7))?, digits(b.get(8..))?)))
            .flatten();
        let d = ymd
            .and_then(|(y, m, d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
            .ok_or_else(|| format!("'{s}' is not a calendar date (YYYY-MM-DD)"))?;
        let day = Day(d);
        Self::check_range(day)?;
        Ok(day)
    }

    /// The next calendar day.
    pub fn succ(self) -> Day {
        Day(self.0.succ_opt().unwrap_or(self.0))
    }

    /// Midnight after this day: the first minute this day no longer covers.
    pub fn end(self) -> Minute {
        Minute::start_of(self).plus(MINUTES_PER_DAY)
    }

    /// The last minute of this day (23:59), when daily tabulation runs.
    pub fn last_minute(self) -> Minute {
        self.end().plus(-1)
    }

    /// Whether this is the last day of its month.
    pub fn is_month_end(self) -> bool {
        // Only the 28th and later can end a month: skip the calendar step before then.
        self.0.day() >= 28 && self.succ().0.month() != self.0.month()
    }

    /// Whether this is the first day of its month.
    pub fn is_month_start(self) -> bool {
        self.0.day() == 1
    }

    /// The billing period, `"2026-03"`.
    pub fn period(self) -> String {
        format!("{:04}-{:02}", self.0.year(), self.0.month())
    }

    /// Days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Day) -> i64 {
        (other.0 - self.0).num_days()
    }

    /// This day plus `n` days, saturating at the calendar's end.
    pub fn plus_days(self, n: i64) -> Day {
        // Whole days (no duration arithmetic): within a year this is an ordinal step.
        let days = chrono::Days::new(n.unsigned_abs());
        let moved = if n >= 0 { self.0.checked_add_days(days) } else { self.0.checked_sub_days(days) };
        Day(moved.unwrap_or(self.0))
    }
}

/// Reads a run of ASCII digits (a fixed-width date or time field).
fn digits(b: Option<&[u8]>) -> Option<u32> {
    let b = b.filter(|b| !b.is_empty() && b.iter().all(u8::is_ascii_digit))?;
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

impl std::fmt::Display for Minute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let rem = self.0.rem_euclid(MINUTES_PER_DAY);
        write!(f, "{}T{:02}:{:02}Z", self.day(), rem / 60, rem % 60)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Fixed layout, written directly: chrono's strftime re-reads its format on every call.
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }
}

// Reports print thousands of times: they are written on the stack, not
// through the formatter, for the years 0–9999 `Display` gives four digits.

impl Serialize for Minute {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.digits() {
            Some(text) => s.serialize_str(std::str::from_utf8(&text).unwrap_or_default()),
            None => s.collect_str(self),
        }
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.digits() {
            Some(date) => s.serialize_str(std::str::from_utf8(&date).unwrap_or_default()),
            None => s.collect_str(self),
        }
    }
}

impl Minute {
    /// `YYYY-MM-DDTHH:MMZ` (as `Display` prints it), for the years 0–9999;
    /// written on the stack, because a report prints thousands.
    pub(crate) fn digits(self) -> Option<[u8; 17]> {
        Some(self.on(self.day().digits()?))
    }

    /// This minute's text, given its day's.
    fn on(self, date: [u8; 10]) -> [u8; 17] {
        // Below 1440: a u32's digits, cheaper than an i64's on 32-bit targets.
        let rem = self.0.rem_euclid(MINUTES_PER_DAY) as u32;
        let mut text = *b"0000-00-00T00:00Z";
        text[..10].copy_from_slice(&date);
        put_digits(&mut text[11..13], rem / 60);
        put_digits(&mut text[14..16], rem % 60);
        text
    }
}

/// `Minute::digits` for minutes that come in time order (ledger rows): each
/// calendar day is converted once.
#[derive(Debug, Default)]
pub(crate) struct MinuteDigits {
    last: Option<(i64, Option<[u8; 10]>)>,
}

impl MinuteDigits {
    pub(crate) fn get(&mut self, m: Minute) -> Option<[u8; 17]> {
        let day = m.0.div_euclid(MINUTES_PER_DAY);
        let date = match self.last {
            Some((last, date)) if last == day => date,
            _ => {
                let date = m.day().digits();
                self.last = Some((day, date));
                date
            }
        };
        Some(m.on(date?))
    }
}

impl Day {
    /// `YYYY-MM-DD`, for the years 0–9999.
    pub(crate) fn digits(self) -> Option<[u8; 10]> {
        let year = self.0.year();
        if !(0..=9999).contains(&year) {
            return None;
        }
        let mut text = *b"0000-00-00";
        put_digits(&mut text[..4], year.unsigned_abs());
        put_digits(&mut text[5..7], self.0.month());
        put_digits(&mut text[8..10], self.0.day());
        Some(text)
    }
}

/// Writes `n` (fitting `out`) as zero-padded decimal digits.
fn put_digits(out: &mut [u8], mut n: u32) {
    for d in out.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Reads a time from a string; the parser's error, refused in the visitor,
/// is placed at the string.
struct TimeVisitor<T>(fn(&str) -> Result<T, String>);

impl<T> de::Visitor<'_> for TimeVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(|m| E::custom(format!("[invalid_time] {m}")))
    }
}

impl<'de> Deserialize<'de> for Minute {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TimeVisitor(Minute::parse))
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(TimeVisitor(Day::parse))
    }
}

impl schemars::JsonSchema for Minute {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateTime".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "UTC instant, minute resolution: YYYY-MM-DD (midnight) or YYYY-MM-DDTHH:MM[Z]",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?(Z|\\+00:00)?)?$"
        })
    }
}

impl schemars::JsonSchema for Day {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "Calendar date, UTC: YYYY-MM-DD",
            "pattern": "^\\d{4}-\\d{2}-\\d{2}$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn serialises_as_displayed(minute in proptest::prelude::any::<i64>()) {
            // Any minute, the years 0–9999 written on the stack and the others by `Display`.
            for m in [Minute(minute), Minute(minute % (10_000 * 366 * MINUTES_PER_DAY))] {
                proptest::prop_assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{m}\""));
                proptest::prop_assert_eq!(serde_json::to_string(&m.day()).unwrap(), format!("\"{}\"", m.day()));
            }
        }
    }

    #[test]
    fn parses_dates_and_times() {
        let m = Minute::parse("2026-03-15T10:30Z").unwrap();
        assert_eq!(m.to_string(), "2026-03-15T10:30Z");
        assert_eq!(Minute::parse("2026-03-15").unwrap().to_string(), "2026-03-15T00:00Z");
        assert_eq!(Minute::parse("2026-03-15T10:30:59+00:00").unwrap(), m);
        assert!(Minute::parse("2026-03-15T10:30+02:00").is_err());
        assert!(Day::parse("2026-02-30").is_err());
        assert!(Day::parse("2024-02-29").is_ok());
        assert!(Day::parse("1969-12-31").is_err());
    }

    #[test]
    fn day_starts_count_minutes_from_the_epoch() {
        assert_eq!(Minute::start_of(Day(epoch())), Minute(0));
        let mut d = Day::parse("1970-01-01").unwrap();
        for k in 0..3000 {
            assert_eq!(Minute::start_of(d), Minute(k * 37 * MINUTES_PER_DAY));
            assert!(d.is_month_end() == (d.succ().0.month() != d.0.month()));
            assert_eq!(Minute::start_of(d).day(), d);
            d = d.plus_days(37);
        }
    }

    #[test]
    fn calendar_helpers() {
        let d = Day::parse("2024-02-29").unwrap();
        assert!(d.is_month_end());
        assert_eq!(d.period(), "2024-02");
        assert_eq!(d.last_minute().to_string(), "2024-02-29T23:59Z");
        assert_eq!(d.end().day().to_string(), "2024-03-01");
    }
}
