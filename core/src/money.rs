//! Exact decimal amounts. Money (iCredits, Samples) and the quantities that
//! price it (TB, hours) cross every boundary as decimal strings; integers are
//! accepted on input, and a fractional JSON number is refused because a float
//! is not money.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Largest magnitude a scenario may give for one amount. It keeps every sum
/// the engine forms far inside `Decimal`'s 28 digits.
pub const MAX_INPUT: Decimal = Decimal::from_parts(0x_a4c6_8000, 0x_38d7e, 0, false, 0); // 10^15

/// Decimal places an input amount may carry.
pub const MAX_INPUT_SCALE: u32 = 12;

/// Decimal places every computed charge is kept to (policy `charge_scale`
/// default): far below a thousandth of an iCredit, so invoices never notice,
/// and sums of ledger rows stay exact.
pub const CHARGE_SCALE: u32 = 12;

/// An exact decimal amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Decimal);

impl Amount {
    /// Zero.
    pub const ZERO: Amount = Amount(Decimal::ZERO);

    /// Parses a decimal string as a scenario amount (within range, finite).
    pub fn parse(s: &str) -> Result<Self, (&'static str, String)> {
        if s.is_empty() {
            return Err(("invalid_amount", "an amount cannot be empty".into()));
        }
        let Some((negative, mantissa, scale)) = read_decimal_text(s) else {
            return Err(("invalid_amount", format!("'{s}' is not a decimal number (digits, an optional '-', '.' and exponent, e.g. \"12.50\")")));
        };
        // `check` refuses more than 12 places or more than 10^15; beyond `Decimal`'s
        // 28 places and 96 bits the figure cannot even be formed.
        let d = match (u32::try_from(scale), i128::try_from(mantissa)) {
            (Ok(scale), Ok(m)) if scale <= 28 => Decimal::try_from_i128_with_scale(if negative { -m } else { m }, scale).ok(),
            _ => None,
        };
        match d {
            Some(d) => Self::check(d),
            None if scale > 28 => Err(("invalid_amount", format!("'{s}' has more than {MAX_INPUT_SCALE} decimal places"))),
            None => Err(("invalid_amount", format!("'{s}' is beyond the limit of 10^15"))),
        }
    }

    fn check(d: Decimal) -> Result<Self, (&'static str, String)> {
        if d.abs() > MAX_INPUT {
            return Err(("invalid_amount", format!("{d} is beyond the limit of 10^15")));
        }
        if d.normalize().scale() > MAX_INPUT_SCALE {
            return Err(("invalid_amount", format!("{d} has more than {MAX_INPUT_SCALE} decimal places")));
        }
        Ok(Amount(d.normalize()))
    }
}

/// Reads text of the syntax `-?\d+(\.\d+)?([eE][+-]?\d+)?` ([`DECIMAL_PATTERN`])
/// as sign, mantissa and scale with no trailing zeros (the value is
/// ±mantissa × 10^-scale); `None` for any other text. rust_decimal's parser
/// also reads `1_000`, `+5`, `.5` and padded text, and compiles to 16 KB of
/// the `.wasm` for its rounding modes; the amounts of a scenario need none.
/// A mantissa beyond 2^128 is given as `u128::MAX`, out of every range.
fn read_decimal_text(s: &str) -> Option<(bool, u128, i64)> {
    let b = s.as_bytes();
    let negative = b.first() == Some(&b'-');
    let mut i = usize::from(negative);
    let digits_from = |from: usize| b.get(from..).map_or(&[][..], |rest| {
        let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        &rest[..n]
    });
    let whole = digits_from(i);
    i += whole.len();
    let mut fraction: &[u8] = &[];
    if b.get(i) == Some(&b'.') {
        fraction = digits_from(i + 1);
        if fraction.is_empty() {
            return None;
        }
        i += 1 + fraction.len();
    }
    let mut exponent: i64 = 0;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let minus = b.get(i) == Some(&b'-');
        i += usize::from(matches!(b.get(i), Some(b'+' | b'-')));
        let digits = digits_from(i);
        if digits.is_empty() {
            return None;
        }
        i += digits.len();
        // Any exponent past ±10^6 is out of range however many digits precede it.
        exponent = digits.iter().fold(0i64, |e, d| (e * 10 + i64::from(d - b'0')).min(1_000_000));
        if minus {
            exponent = -exponent;
        }
    }
    if whole.is_empty() || i != b.len() {
        return None;
    }
    let fraction = &fraction[..fraction.iter().rposition(|&d| d != b'0').map_or(0, |p| p + 1)];
    let mut mantissa = 0u128;
    for d in whole.iter().chain(fraction) {
        mantissa = mantissa.saturating_mul(10).saturating_add(u128::from(d - b'0'));
    }
    let mut scale = fraction.len() as i64 - exponent;
    if mantissa == 0 {
        return Some((negative, 0, 0));
    }
    while scale < 0 && mantissa != u128::MAX {
        mantissa = mantissa.saturating_mul(10);
        scale += 1;
    }
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Some((negative, mantissa, scale))
}

/// The syntax of a decimal string, as the JSON Schema states it.
pub const DECIMAL_PATTERN: &str = r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$";

/// `d > 0` without a full decimal comparison (a sign bit and a zero test):
/// the per-charge path asks it several times.
pub fn is_positive(d: Decimal) -> bool {
    d.is_sign_positive() && !d.is_zero()
}

/// Orders two decimals. `Decimal`'s own comparison aligns scales through
/// 96-bit words; the amounts the engine compares per charge (a balance and a
/// charge, a month's total and a budget) have mantissas under 2^64, so one
/// widening multiplication aligns them. Anything larger takes `Decimal`'s way.
#[inline]
pub fn cmp(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    let (x, y) = (a.mantissa(), b.mantissa());
    let (sa, sb) = (a.scale(), b.scale());
    if sa == sb {
        return x.cmp(&y);
    }
    let fits = |m: i128| m.unsigned_abs() <= u128::from(u64::MAX);
    match POW10.get(sa.abs_diff(sb) as usize) {
        // A 64-bit mantissa times a power below 2^64 cannot overflow an i128.
        Some(&p) if fits(x) && fits(y) => {
            let p = i128::from(p);
            if sa < sb {
                (x * p).cmp(&y)
            } else {
                x.cmp(&(y * p))
            }
        }
        _ => a.cmp(&b),
    }
}

/// `x × y / d` rounded half to even at the ledger scale, in 64-bit integer
/// arithmetic, when that is sure to be the figure `Decimal` gives (its
/// product, its quotient to 28 significant digits, then the rounding):
/// non-negative amounts whose product, at the ledger scale, is an integer
/// under 2^64 (so under about 1.8 × 10^7 iCredits), and `d` ≤ 1000. `Decimal` then
/// keeps at least four digits past the ledger scale, closer than any
/// remainder of a division by `d` comes to a tie. `None` otherwise.
pub fn mul_div_exact(x: Decimal, y: Decimal, d: u32) -> Option<Decimal> {
    let (mx, my) = (u64::try_from(x.mantissa()).ok()?, u64::try_from(y.mantissa()).ok()?);
    let shift = CHARGE_SCALE.checked_sub(x.scale() + y.scale())?;
    let numerator = mx.checked_mul(my)?.checked_mul(POW10[shift as usize])?;
    if !(1..=1000).contains(&d) {
        return None;
    }
    let d = u64::from(d);
    let (q, r) = (numerator / d, numerator % d);
    let (mantissa, scale) = match (2 * r).cmp(&d) {
        std::cmp::Ordering::Greater => (q + 1, CHARGE_SCALE),
        std::cmp::Ordering::Equal => (q + (q & 1), CHARGE_SCALE),
        // An exact quotient takes no more places than it needs (`Decimal` may keep
        // a few more: the value is the same), so the sums it goes into keep small
        // mantissas and `Decimal`'s fast paths.
        std::cmp::Ordering::Less if r == 0 => trim_zeros(q, CHARGE_SCALE),
        std::cmp::Ordering::Less => (q, CHARGE_SCALE),
    };
    Some(Decimal::from_i128_with_scale(i128::from(mantissa), scale))
}

/// Drops the trailing zeros of `m` at `scale` (at most 12), in halving steps.
fn trim_zeros(mut m: u64, mut scale: u32) -> (u64, u32) {
    if m == 0 {
        return (0, 0);
    }
    for (places, power) in [(8, 100_000_000), (4, 10_000), (2, 100), (1, 10)] {
        if scale >= places && m % power == 0 {
            m /= power;
            scale -= places;
        }
    }
    (m, scale)
}

/// 10^0 ..= 10^19, the powers of ten below 2^64.
const POW10: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut i = 1;
    while i < 20 {
        p[i] = p[i - 1] * 10;
        i += 1;
    }
    p
};

/// Rounds a computed charge to the ledger scale (half to even).
#[inline]
pub fn to_charge_scale(d: Decimal) -> Decimal {
    // Most amounts already are: skip the call.
    if d.scale() <= CHARGE_SCALE {
        return d;
    }
    d.round_dp_with_strategy(CHARGE_SCALE, RoundingStrategy::MidpointNearestEven)
}

/// Rounds up to the whole iCredit, as invoices do (seed 003: "rounded up to
/// the nearest whole iCredit").
pub fn ceil_whole(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity)
}

/// Canonical text of a decimal: no trailing zeros, no exponent.
pub fn canonical(d: Decimal) -> String {
    Text::new(d).as_str().to_string()
}

/// Writes the canonical text of a decimal, as `normalize()` then `Display`
/// print it, to `out` in a few pieces, without `Decimal`'s division to
/// normalise or the formatter: a report prints thousands of amounts.
pub fn write_canonical(d: Decimal, mut out: impl FnMut(&str)) {
    let magnitude = d.mantissa().unsigned_abs();
    if magnitude == 0 {
        return out("0");
    }
    // The mantissa's digits (at most 29: 2^96), four at a time through a table.
    let mut itoa = itoa::Buffer::new();
    let digits = match u64::try_from(magnitude) {
        Ok(m) => itoa.format(m),
        Err(_) => itoa.format(magnitude),
    };
    // Trailing zeros of the fraction are not printed (the last digit is not zero
    // once they are gone: the mantissa is not).
    let mut scale = d.scale() as usize;
    let fraction_zeros = digits.bytes().rev().take(scale).take_while(|&b| b == b'0').count();
    scale -= fraction_zeros;
    let digits = &digits[..digits.len() - fraction_zeros];
    if d.is_sign_negative() {
        out("-");
    }
    match digits.len().checked_sub(scale) {
        Some(0) | None => {
            out("0.");
            out(&"0000000000000000000000000000"[..scale - digits.len()]);
            out(digits);
        }
        Some(whole) => {
            out(&digits[..whole]);
            if scale > 0 {
                out(".");
                out(&digits[whole..]);
            }
        }
    }
}

/// The canonical text of a decimal (`write_canonical`) on the stack.
pub struct Text {
    buf: [u8; 40],
    len: usize,
}

impl Text {
    /// Writes `d`.
    pub fn new(d: Decimal) -> Self {
        let mut text = Text { buf: [0; 40], len: 0 };
        write_canonical(d, |piece| text.push(piece.as_bytes()));
        text
    }

    fn push(&mut self, bytes: &[u8]) {
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        // Only ASCII digits, '-', '.' and '0' were written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.0.normalize(), f)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ser(&self.0, s)
    }
}

/// Serialises a `Decimal` field canonically (`#[serde(serialize_with = "money::ser")]`).
pub fn ser<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(Text::new(*d).as_str())
}

/// Serialises an optional `Decimal` canonically.
pub fn ser_opt<S: Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => ser(d, s),
        None => s.serialize_none(),
    }
}

struct AmountVisitor;

impl de::Visitor<'_> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a decimal string such as \"12.50\" or an integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Amount, E> {
        Amount::parse(v).map_err(|(code, m)| E::custom(format!("[{code}] {m}")))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Amount, E> {
        Amount::check(Decimal::from(v)).map_err(|(code, m)| E::custom(format!("[{code}] {m}")))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Amount, E> {
        Amount::check(Decimal::from(v)).map_err(|(code, m)| E::custom(format!("[{code}] {m}")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Amount, E> {
        // serde_json reads an integer beyond 64 bits as a float: it is out of range, not fractional.
        if v.is_finite() && v.fract() == 0.0 && v.abs() >= 1.8e19 {
            return Err(E::custom(format!("[invalid_amount] {} is beyond the limit of 10^15", exp_text(v))));
        }
        Err(E::custom(format!(
            "[float_money] {v} is a fractional JSON number; give money and quantities as decimal strings, e.g. \"{v}\""
        )))
    }
}

/// `format!("{v:e}")` for a float of 10^16 or more, from the shortest digits
/// serde_json writes (`1.8e+19`): core's own exponent formatting would add
/// about 2 KB to the `.wasm` for this one message.
fn exp_text(v: f64) -> String {
    serde_json::to_string(&v).unwrap_or_default().replacen("e+", "e", 1)
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AmountVisitor)
    }
}

impl schemars::JsonSchema for Amount {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Exact decimal as a string (\"12.50\", \"1e3\"); integers accepted; fractional JSON numbers refused",
            "anyOf": [
                { "type": "string", "pattern": DECIMAL_PATTERN },
                { "type": "integer" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn cmp_agrees_with_decimal(a in (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28),
                                   b in (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28),
                                   small in any::<bool>()) {
            // Half the cases use small mantissas, as the engine's amounts are.
            let d = |(lo, mid, hi, neg, scale): (u32, u32, u32, bool, u32)| {
                if small { Decimal::from_parts(lo, 0, 0, neg, scale) } else { Decimal::from_parts(lo, mid, hi, neg, scale) }
            };
            let (a, b) = (d(a), d(b));
            prop_assert_eq!(cmp(a, b), a.cmp(&b));
            prop_assert_eq!(cmp(a, a.normalize()), std::cmp::Ordering::Equal);
        }
    }

    proptest! {
        #[test]
        fn mul_div_exact_agrees_with_decimal(x in 0u64..=u64::MAX, xs in 0u32..=8, y in 0u64..=10_000_000, ys in 0u32..=4,
                                             d in 1u32..=1000, small in any::<bool>()) {
            // Half the cases are storage-sized: TB-days times a rate per TB-month.
            let x = Decimal::from_i128_with_scale(i128::from(if small { x % 100_000_000 } else { x }), xs);
            let y = Decimal::from_i128_with_scale(i128::from(y), ys);
            let by_decimal = x.checked_mul(y).and_then(|p| p.checked_div(Decimal::from(d))).map(to_charge_scale);
            if let Some(fast) = mul_div_exact(x, y, d) {
                prop_assert_eq!(Some(fast), by_decimal);
            }
        }
    }

    #[test]
    fn mul_div_exact_rounds_half_to_even() {
        // 0.5e-12 and 1.5e-12 are ties: to even.
        let tiny = Decimal::new(1, 12);
        assert_eq!(mul_div_exact(tiny, Decimal::ONE, 2), Some(Decimal::ZERO));
        assert_eq!(mul_div_exact(tiny, Decimal::from(3), 2), Some(Decimal::new(2, 12)));
        let exact = mul_div_exact(Decimal::ONE, Decimal::new(225, 1), 30);
        assert_eq!(exact.map(|d| (d, d.scale())), Some((Decimal::new(75, 2), 2)));
        assert_eq!(mul_div_exact(Decimal::from(2), Decimal::ONE, 3), Some(Decimal::new(666_666_666_667, 12)));
        // Beyond what it can answer exactly like `Decimal`: no answer.
        assert_eq!(mul_div_exact(Decimal::new(1, 7), Decimal::new(1, 6), 30), None);
        assert_eq!(mul_div_exact(-Decimal::ONE, Decimal::ONE, 30), None);
        assert_eq!(mul_div_exact(Decimal::from(10u64.pow(8)), Decimal::ONE, 1), None);
    }

    proptest! {
        #[test]
        fn text_is_decimals_canonical_display(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(), neg in any::<bool>(),
                                              scale in 0u32..=28, width in 0usize..3) {
            // Mantissas of 32, 64 and 96 bits.
            let d = Decimal::from_parts(lo, if width > 0 { mid } else { 0 }, if width > 1 { hi } else { 0 }, neg, scale);
            let text = Text::new(d);
            prop_assert_eq!(text.as_str(), d.normalize().to_string());
        }
    }

    #[test]
    fn text_edges() {
        for (d, text) in [
            (Decimal::ZERO, "0"),
            (-Decimal::new(0, 5), "0"),
            (Decimal::new(5, 3), "0.005"),
            (Decimal::new(-1200, 2), "-12"),
            (Decimal::new(1, 28), "0.0000000000000000000000000001"),
            (Decimal::MIN, "-79228162514264337593543950335"),
            (Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, true, 28), "-7.9228162514264337593543950335"),
        ] {
            assert_eq!(Text::new(d).as_str(), text);
            assert_eq!(Text::new(d).as_str(), d.normalize().to_string());
        }
    }

    #[test]
    fn parses_and_refuses() {
        assert_eq!(Amount::parse("12.50").unwrap().to_string(), "12.5");
        assert_eq!(Amount::parse("1e3").unwrap().to_string(), "1000");
        assert_eq!(Amount::parse("-2.5E-1").unwrap().to_string(), "-0.25");
        for bad in ["1_000", "1._5", "1_", " 5", "5\n", "\u{a0}5", "+5", ".5", "5.", "1e", "1e+", "-", "0x10", "5 5", "--5"] {
            assert!(Amount::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(Amount::parse("NaN").is_err());
        assert!(Amount::parse("Infinity").is_err());
        assert!(Amount::parse("").is_err());
        assert!(Amount::parse("1e28").is_err());
        assert!(Amount::parse("0.0000000000001").is_err());
        assert_eq!(MAX_INPUT, Decimal::from(1_000_000_000_000_000_i64));
        let f: Result<Amount, _> = serde_json::from_str("1.5");
        assert!(f.unwrap_err().to_string().contains("[float_money]"));
        let i: Amount = serde_json::from_str("7").unwrap();
        assert_eq!(i.0, Decimal::from(7));
    }

    #[test]
    fn reads_edges_of_range_and_places() {
        for (text, canonical) in [
            ("-0", "0"),
            ("0e99999999999", "0"),
            ("000012.500", "12.5"),
            ("1000000000000000", "1000000000000000"),
            ("0.000000000001", "0.000000000001"),
            ("1.0000000000000000000000000000000000000000", "1"),
            ("12.5e-11", "0.000000000125"),
            ("-1E15", "-1000000000000000"),
        ] {
            assert_eq!(Amount::parse(text).map(|a| a.to_string()), Ok(canonical.to_string()), "{text}");
        }
        let refused = |text: &str| Amount::parse(text).unwrap_err().1;
        assert_eq!(refused("1000000000000001"), "1000000000000001 is beyond the limit of 10^15");
        assert_eq!(refused("1e16"), "10000000000000000 is beyond the limit of 10^15");
        assert_eq!(refused("1e999999999999"), "'1e999999999999' is beyond the limit of 10^15");
        assert_eq!(refused("123456789012345678901234567890123456789012345.5"), "'123456789012345678901234567890123456789012345.5' is beyond the limit of 10^15");
        assert_eq!(refused("0.0000000000001"), "0.0000000000001 has more than 12 decimal places");
        assert_eq!(refused("1e-40"), "'1e-40' has more than 12 decimal places");
        assert_eq!(refused("1.23456789012345678901234567890123"), "'1.23456789012345678901234567890123' has more than 12 decimal places");
    }

    proptest! {
        #[test]
        fn reads_as_rust_decimal_does(whole in "-?[0-9]{1,16}", fraction in proptest::option::of("[0-9]{1,14}"), exp in proptest::option::of(-20i32..20)) {
            let mut text = whole;
            if let Some(f) = fraction {
                text = format!("{text}.{f}");
            }
            if let Some(e) = exp {
                text = format!("{text}e{e}");
            }
            let expected = Decimal::from_scientific(&text).or_else(|_| Decimal::from_str_exact(&text)).ok().map(|d| Amount::check(d).map(|a| a.to_string()));
            let got = Amount::parse(&text).map(|a| a.to_string());
            match expected {
                Some(Ok(e)) => prop_assert_eq!(got, Ok(e)),
                // Refused either way (the message may differ where rust_decimal cannot form the figure).
                _ => prop_assert!(got.is_err(), "{} read as {:?}", text, got),
            }
        }
    }

    proptest! {
        #[test]
        fn exp_text_is_lower_exp(bits in 0x4390_0000_0000_0000_u64..0x7ff0_0000_0000_0000, neg in any::<bool>()) {
            // Every finite float from 2^58 up, as visit_f64 writes the integers beyond u64.
            let v = if neg { -f64::from_bits(bits) } else { f64::from_bits(bits) };
            prop_assert_eq!(exp_text(v), format!("{v:e}"));
        }
    }

    #[test]
    fn exp_text_edges() {
        for v in [1e16, 1.8e19, 2e19, u64::MAX as f64, 1e22, 1e300, f64::MAX, -f64::MAX] {
            assert_eq!(exp_text(v), format!("{v:e}"));
        }
        let e: Result<Amount, _> = serde_json::from_str("20000000000000000000");
        assert!(e.unwrap_err().to_string().starts_with("[invalid_amount] 2e19 is beyond"));
    }

    #[test]
    fn rounding() {
        assert_eq!(ceil_whole(Decimal::new(1521, 2)), Decimal::from(16));
        assert_eq!(ceil_whole(Decimal::from(16)), Decimal::from(16));
        assert_eq!(canonical(Decimal::new(7500, 4)), "0.75");
    }
}
