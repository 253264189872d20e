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
        // rust_decimal also reads `1_000`, `+5`, `.5` and padded text: only the schema's syntax passes.
        let d = is_decimal_text(s)
            .then(|| Decimal::from_str_exact(s).or_else(|_| Decimal::from_scientific(s)).ok())
            .flatten()
            .ok_or_else(|| ("invalid_amount", format!("'{s}' is not a decimal number (digits, an optional '-', '.' and exponent, e.g. \"12.50\")")))?;
        Self::check(d)
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

/// Whether `s` is `-?\d+(\.\d+)?([eE][+-]?\d+)?`, [`DECIMAL_PATTERN`].
fn is_decimal_text(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |from: usize| b.get(from..).map_or(0, |rest| rest.iter().take_while(|c| c.is_ascii_digit()).count());
    let mut i = usize::from(b.first() == Some(&b'-'));
    let n = digits(i);
    if n == 0 {
        return false;
    }
    i += n;
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
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
