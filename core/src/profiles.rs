//! Usage profiles: generators in the scenario that expand into timeline
//! events, so months of routine usage need not be written out by hand.
//!
//! Deterministic profiles: `daily`, `storage_growth`, `recurring` (constant or
//! linearly growing iCredits or node hours per day, week or month), `cohort`
//! (samples per week × iCredits per sample from the planning estimates of
//! notes/domain.md §3.1) and `sample_runs` (periodic Samples usage).
//! Stochastic profiles: `poisson` (counts), `random_amount` (normal or
//! lognormal amounts) and `bursts`.
//!
//! Every profile draws from its own stream: a ChaCha8 generator keyed by the
//! scenario seed and the profile's index, so adding a profile does not change
//! another's draws. Float math (logarithms, square roots, cosines) goes
//! through `libm`, a pure-Rust implementation, and every drawn amount is
//! rounded to [`DRAW_SCALE`] decimal places before it becomes a `Decimal`, so
//! native and WebAssembly runs agree byte for byte.
//!
//! ```
//! use billsim_core::profiles::Profile;
//! let p: Profile = serde_json::from_str(r#"{"type":"cohort","tenant":"lab","assay":"wgs_30x",
//!     "samples_per_week":"10","from":"2026-03-02","to":"2026-03-29"}"#).unwrap();
//! let mut events = Vec::new();
//! p.generate(7, 0, &mut events);
//! assert_eq!(events.len(), 4); // four weeks, 10 × 7 = 70 iCredits each
//! ```

use std::sync::Arc;
use chrono::Datelike;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode as C, Issue};
use crate::money::{to_charge_scale, Amount};
use crate::scenario::{Charge, Compute, EndedBy, Event, Samples, Storage, UsageType};
use crate::time::{Day, Minute};

/// Most events all profiles together may generate.
pub const MAX_GENERATED: u64 = 2_000_000;

/// Decimal places a drawn (float) amount keeps when it becomes a `Decimal`:
/// a millionth of an iCredit, far below what an invoice can see.
pub const DRAW_SCALE: u32 = 6;

/// Largest Poisson mean per period (a bound on the sampler's work and on
/// the counts it returns).
pub const MAX_POISSON_MEAN: i64 = 10_000_000;

/// Longest burst, days.
pub const MAX_BURST_DAYS: u32 = 366;

/// Largest `interval` between sample runs, in periods.
pub const MAX_INTERVAL: u32 = 1000;

/// A usage generator. Its events carry `usage/N` as their origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Profile {
    /// The same iCredit charge every day (or every weekday) from `from` to `to`.
    Daily(Daily),
    /// Standard storage grows by `tb_per_month` on the first day of each month.
    StorageGrowth(StorageGrowth),
    /// Constant or linearly growing iCredits (or node hours) per day, week or month.
    Recurring(Recurring),
    /// A cohort: samples per week × iCredits per sample of an assay.
    Cohort(Cohort),
    /// Periodic runs that consume pre-paid Samples.
    SampleRuns(SampleRuns),
    /// A Poisson-distributed count per period (runs, samples), each costing a unit.
    Poisson(Poisson),
    /// A normal or lognormal iCredit amount per period.
    RandomAmount(RandomAmount),
    /// Bursts of extra usage that start at random and last some days.
    Bursts(Bursts),
}

impl<'de> Deserialize<'de> for Profile {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::deserialize(d)
    }
}

impl crate::tagged::Tagged for Profile {
    const EXPECTING: &'static str = "internally tagged enum Profile";
    const NAME: &'static str = "usage profile";
    const NOT_A_STRING: Option<&'static str> = None;

    fn variant<'de, D: serde::Deserializer<'de>>(ty: &str, d: D) -> Option<Result<Self, D::Error>> {
        Some(match ty {
            "daily" => Daily::deserialize(d).map(Profile::Daily),
            "storage_growth" => StorageGrowth::deserialize(d).map(Profile::StorageGrowth),
            "recurring" => Recurring::deserialize(d).map(Profile::Recurring),
            "cohort" => Cohort::deserialize(d).map(Profile::Cohort),
            "sample_runs" => SampleRuns::deserialize(d).map(Profile::SampleRuns),
            "poisson" => Poisson::deserialize(d).map(Profile::Poisson),
            "random_amount" => RandomAmount::deserialize(d).map(Profile::RandomAmount),
            "bursts" => Bursts::deserialize(d).map(Profile::Bursts),
            _ => return None,
        })
    }
}

/// How often a periodic profile lands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Every {
    /// Every day (every weekday with `weekdays_only`).
    #[default]
    Day,
    /// Every 7 days from `from` (the same weekday).
    Week,
    /// Every month on `from`'s day of the month (the month's last day when it is shorter).
    Month,
}

crate::named::by_name!(Every {
    Day = "day",
    Week = "week",
    Month = "month",
});

fn every_week() -> Every {
    Every::Week
}

/// Sequencing applications with published planning estimates
/// (notes/domain.md §3.1, [MIRROR] iCredits product page, "How Many iCredits do I Need?").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Assay {
    /// Whole-genome sequencing, 30x human: 7 iCredits per sample.
    #[serde(rename = "wgs_30x")]
    Wgs30x,
    /// Exome sequencing (10 Gb): 2 iCredits per sample.
    #[serde(rename = "exome")]
    Exome,
    /// Whole-transcriptome (quantification and fusion detection): 2 iCredits per sample.
    #[serde(rename = "wts")]
    Wts,
    /// Targeted sequencing, up to 500 genes: 1 iCredit per sample.
    #[serde(rename = "panel")]
    Panel,
    /// 16S rRNA: 1 iCredit per sample.
    #[serde(rename = "rrna_16s")]
    Rrna16s,
}

crate::named::by_name!(Assay {
    Wgs30x = "wgs_30x",
    Exome = "exome",
    Wts = "wts",
    Panel = "panel",
    Rrna16s = "rrna_16s",
});

impl Assay {
    /// The planning estimate in iCredits per sample.
    pub fn icredits_per_sample(self) -> Decimal {
        match self {
            Assay::Wgs30x => Decimal::from(7),
            Assay::Exome | Assay::Wts => Decimal::from(2),
            Assay::Panel | Assay::Rrna16s => Decimal::ONE,
        }
    }
}

/// A constant daily charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Daily {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Usage type charged.
    pub usage_type: UsageType,
    /// iCredits per day.
    pub amount: Amount,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Minute of the day the charge lands, 0..1440 (default 720: noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Skip Saturdays and Sundays.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

fn noon() -> u32 {
    720
}

fn compute() -> UsageType {
    UsageType::Compute
}

/// Monthly storage growth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageGrowth {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Stored TB on `from`.
    #[serde(default)]
    pub initial_tb: Amount,
    /// TB added on the first of each later month.
    pub tb_per_month: Amount,
    /// First day.
    pub from: Day,
    /// Last day growth happens (inclusive): the stop date.
    pub to: Day,
    /// Stop growing at this many TB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_tb: Option<Amount>,
}

/// Constant or linearly growing usage per period. Give `amount` (iCredits)
/// or `node_hours` with `per_node_hour` (priced per minute like any compute
/// run, seed 003). Period k (from 0) uses `amount + k × growth`, never below
/// zero; a period that starts on or before `to` is charged in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recurring {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Usage type of an `amount` (default compute; node hours are always compute).
    #[serde(default = "compute")]
    pub usage_type: UsageType,
    /// Period.
    #[serde(default)]
    pub every: Every,
    /// iCredits per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Node hours per period (a compute run on one node).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_hours: Option<Amount>,
    /// iCredits per node hour, with `node_hours`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_node_hour: Option<Amount>,
    /// Added to the amount (or node hours) each period; may be negative.
    #[serde(default)]
    pub growth: Amount,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Daily periods skip weekends; weekly and monthly ones move to Monday.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Minute of the day, 0..1440 (default noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Twelve factors, January to December, multiplying each period's amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<Amount>>,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

/// A cohort of samples: `samples_per_week` × iCredits per sample (the
/// assay's planning estimate, or `icredits_per_sample`). Weekly periods
/// (the default) charge the week's samples on `from`'s weekday; daily ones
/// charge a seventh (a fifth with `weekdays_only`) each day; monthly ones
/// the month's days / 7 weeks' worth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cohort {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// The application, for the per-sample estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assay: Option<Assay>,
    /// iCredits per sample, overriding the assay's estimate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icredits_per_sample: Option<Amount>,
    /// Samples per week.
    pub samples_per_week: Amount,
    /// Period (default week).
    #[serde(default = "every_week")]
    pub every: Every,
    /// Usage type charged (default compute).
    #[serde(default = "compute")]
    pub usage_type: UsageType,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Only weekdays carry samples.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Minute of the day, 0..1440 (default noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Twelve monthly factors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<Amount>>,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

/// Periodic runs that consume Samples (seed 002: blocked at zero).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SampleRuns {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// One of the rate card's `sample_types`.
    pub sample_type: String,
    /// Samples per run.
    pub quantity: Amount,
    /// Period (default week).
    #[serde(default = "every_week")]
    pub every: Every,
    /// A run every `interval` periods (default 1).
    #[serde(default = "one")]
    pub interval: u32,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Runs on weekdays only.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Minute of the day, 0..1440 (default noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
}

fn one() -> u32 {
    1
}

/// A Poisson count per period with mean `mean` (times the season's factor);
/// each counted unit costs `amount` iCredits, or the `assay`'s per-sample
/// estimate, or consumes one `sample_type` Sample. One event per period
/// carries the whole count; periods with a count of zero make none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Poisson {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Expected count per period.
    pub mean: Amount,
    /// iCredits per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    /// Per-sample planning estimate per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assay: Option<Assay>,
    /// Each unit consumes one Sample of this type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample_type: Option<String>,
    /// Usage type of iCredit units (default compute).
    #[serde(default = "compute")]
    pub usage_type: UsageType,
    /// Period.
    #[serde(default)]
    pub every: Every,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Weekdays only.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Minute of the day, 0..1440 (default noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Twelve monthly factors multiplying the mean.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<Amount>>,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

/// Shape of a random amount.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distribution {
    /// Normal with the given mean and standard deviation; a negative draw charges nothing.
    Normal,
    /// Lognormal whose mean and standard deviation are the given ones
    /// (σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2): never negative, skewed right.
    #[default]
    Lognormal,
}

crate::named::by_name!(Distribution {
    Normal = "normal",
    Lognormal = "lognormal",
});

/// A random iCredit amount per period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RandomAmount {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Distribution (default lognormal).
    #[serde(default)]
    pub distribution: Distribution,
    /// Mean iCredits per period.
    pub mean: Amount,
    /// Standard deviation, iCredits (more than zero).
    pub sd: Amount,
    /// Usage type (default compute).
    #[serde(default = "compute")]
    pub usage_type: UsageType,
    /// Period.
    #[serde(default)]
    pub every: Every,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Weekdays only.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Minute of the day, 0..1440 (default noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Twelve monthly factors multiplying each draw.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<Amount>>,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

/// Bursts: each day a burst starts with `probability`; it charges `amount`
/// iCredits a day (a lognormal draw per burst when `sd` is given) for `days`
/// days, ending at `to` at the latest. Overlapping bursts add up; each day
/// makes at most one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Bursts {
    /// Workgroup or domain.
    pub tenant: Arc<str>,
    /// Chance a burst starts on a given day, 0..=1.
    pub probability: Amount,
    /// Days a burst lasts (1..=366).
    pub days: u32,
    /// iCredits per burst day (the mean when `sd` is given).
    pub amount: Amount,
    /// Standard deviation of a burst's daily amount (lognormal); none: fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sd: Option<Amount>,
    /// Usage type (default compute).
    #[serde(default = "compute")]
    pub usage_type: UsageType,
    /// First day a burst may start.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Bursts start and charge on weekdays only (weekend days still count toward `days`).
    #[serde(default)]
    pub weekdays_only: bool,
    /// Minute of the day, 0..1440 (default noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Twelve monthly factors multiplying each day's amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seasonality: Option<Vec<Amount>>,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<Arc<str>>,
}

/// One landing of a periodic schedule.
#[derive(Debug, Clone, Copy)]
struct Slot {
    /// Day the event lands.
    day: Day,
    /// Period number from 0 (calendar periods since `from`).
    index: u64,
    /// Days the period covers that carry usage (weekdays with `weekdays_only`).
    active_days: u32,
}

fn is_weekend(day: Day) -> bool {
    day.0.weekday().number_from_monday() > 5
}

/// The Monday after a weekend day; the day itself otherwise.
fn to_weekday(day: Day) -> Day {
    match day.0.weekday().number_from_monday() {
        6 => day.plus_days(2),
        7 => day.plus_days(1),
        _ => day,
    }
}

fn add_months(day: Day, k: u64) -> Option<Day> {
    let k = u32::try_from(k).ok()?;
    day.0.checked_add_months(chrono::Months::new(k)).map(Day)
}

/// Days in `[a, b)` that carry usage.
fn active_days(a: Day, b: Day, weekdays_only: bool) -> u32 {
    let n = a.days_until(b).max(0);
    if !weekdays_only {
        return n as u32;
    }
    let mut count = 0;
    let mut d = a;
    for _ in 0..n {
        if !is_weekend(d) {
            count += 1;
        }
        d = d.succ();
    }
    count
}

/// Calls `f` for each landing of the schedule, in time order.
fn slots(from: Day, to: Day, every: Every, interval: u32, weekdays_only: bool, mut f: impl FnMut(Slot)) {
    let step = u64::from(interval.max(1));
    let days = from.days_until(to);
    if days < 0 {
        return;
    }
    match every {
        Every::Day => {
            for k in 0..=(days as u64 / step) {
                let day = from.plus_days((k * step) as i64);
                if !(weekdays_only && is_weekend(day)) {
                    f(Slot { day, index: k, active_days: 1 });
                }
            }
        }
        Every::Week => {
            let mut k = 0u64;
            loop {
                let start = from.plus_days((k * 7 * step) as i64);
                if start > to || (k > 0 && start == from) {
                    break;
                }
                let day = if weekdays_only { to_weekday(start) } else { start };
                if day <= to {
                    let active = if weekdays_only { 5 } else { 7 };
                    f(Slot { day, index: k, active_days: active });
                }
                k += 1;
            }
        }
        Every::Month => {
            let mut k = 0u64;
            while let Some(start) = add_months(from, k * step) {
                if start > to {
                    break;
                }
                let next = add_months(from, (k + 1) * step).unwrap_or(start.plus_days(31));
                let day = if weekdays_only { to_weekday(start) } else { start };
                if day <= to {
                    f(Slot { day, index: k, active_days: active_days(start, next, weekdays_only) });
                }
                k += 1;
            }
        }
    }
}

/// Upper bound on a schedule's landings (checked before any work).
fn slot_bound(from: Day, to: Day, every: Every, interval: u32) -> u64 {
    let days = from.days_until(to);
    if days < 0 {
        return 0;
    }
    let step = u64::from(interval.max(1));
    let days = days as u64;
    match every {
        Every::Day => days / step + 1,
        Every::Week => days / (7 * step) + 1,
        Every::Month => days / (28 * step) + 1,
    }
}

/// A profile's own random stream: ChaCha8 keyed by (scenario seed, profile index).
pub fn stream(seed: u64, index: usize) -> ChaCha8Rng {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(index as u64).to_le_bytes());
    key[16..32].copy_from_slice(b"billsim/profiles");
    ChaCha8Rng::from_seed(key)
}

/// The nearest `f64` to a decimal, ties to even: what parsing its text gives
/// on every target, without the float parser's code and tables in the .wasm.
/// mantissa / 10^scale is divided out bit by bit until the quotient has 55
/// bits; the remainder becomes a sticky low bit, so the one rounding, the
/// integer-to-float cast, rounds as the exact quotient would.
fn to_f64(d: Decimal) -> f64 {
    let divisor = 10u128.pow(d.scale()); // at most 10^28 < 2^94
    let m = d.mantissa().unsigned_abs(); // below 2^96
    if m == 0 {
        return 0.0;
    }
    let (mut q, mut r, mut shift) = (m / divisor, m % divisor, 0);
    while q < 1 << 54 {
        r <<= 1;
        let bit = r >= divisor;
        if bit {
            r -= divisor;
        }
        q = q << 1 | u128::from(bit);
        shift += 1;
    }
    // 2^-shift, exact: shift is at most 54 + 94.
    let x = (q | u128::from(r != 0)) as f64 * f64::from_bits((1023 - shift) << 52);
    if d.is_sign_negative() { -x } else { x }
}

/// A non-negative float rounded to [`DRAW_SCALE`] places, as a `Decimal`.
/// Non-finite or negative values give zero; huge ones saturate (about 9.2 × 10^12).
fn from_f64(x: f64) -> Decimal {
    if !x.is_finite() || x <= 0.0 {
        return Decimal::ZERO;
    }
    let scaled = libm::round(x * 1e6);
    let units = if scaled >= 9.2e18 { i64::MAX } else { scaled as i64 };
    Decimal::new(units, DRAW_SCALE).normalize()
}

/// Uniform in (0, 1].
fn uniform_open0(rng: &mut ChaCha8Rng) -> f64 {
    1.0 - rng.random::<f64>()
}

/// A standard normal draw (Box–Muller, cosine branch; two uniforms per draw).
fn std_normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1 = uniform_open0(rng);
    let u2: f64 = rng.random();
    libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
}

/// Lognormal parameters (μ, σ) whose mean and standard deviation are `mean` and `sd`.
fn lognormal_params(mean: f64, sd: f64) -> (f64, f64) {
    let sigma2 = libm::log1p((sd / mean) * (sd / mean));
    (libm::log(mean) - sigma2 / 2.0, libm::sqrt(sigma2))
}

/// Most rejections the Poisson sampler tries before it returns the rounded mean.
const MAX_REJECTIONS: u32 = 10_000;

/// A Poisson draw: multiplication method below 10, Hörmann's PTRS
/// (transformed rejection with squeeze) from 10 up, as numpy does.
pub fn poisson(rng: &mut ChaCha8Rng, lambda: f64) -> u64 {
    PoissonDraw::new(lambda).sample(rng)
}

/// A Poisson distribution with its constants worked out once: a profile
/// draws from the same twelve (one per month's seasonal factor) every day.
#[derive(Debug, Clone, Copy)]
enum PoissonDraw {
    /// λ ≤ 0 or not finite: always 0.
    Zero,
    /// Multiplication method: multiply uniforms until the product is at most e^-λ.
    Small { limit: f64 },
    /// PTRS.
    Large { lambda: f64, loglam: f64, a: f64, b: f64, invalpha: f64, vr: f64 },
}

impl PoissonDraw {
    fn new(lambda: f64) -> Self {
        if !lambda.is_finite() || lambda <= 0.0 {
            return Self::Zero;
        }
        if lambda < 10.0 {
            return Self::Small { limit: libm::exp(-lambda) };
        }
        let slam = libm::sqrt(lambda);
        let b = 0.931 + 2.53 * slam;
        Self::Large {
            lambda,
            loglam: libm::log(lambda),
            a: -0.059 + 0.02483 * b,
            b,
            invalpha: 1.1239 + 1.1328 / (b - 3.4),
            vr: 0.9277 - 3.6224 / (b - 2.0),
        }
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> u64 {
        match *self {
            Self::Zero => 0,
            Self::Small { limit } => {
                let mut prod = 1.0;
                let mut k = 0u64;
                // The expected number of steps is λ + 1 < 11; the bound only guards.
                for _ in 0..10_000 {
                    prod *= rng.random::<f64>();
                    if prod <= limit {
                        return k;
                    }
                    k += 1;
                }
                k
            }
            Self::Large { lambda, loglam, a, b, invalpha, vr } => {
                for _ in 0..MAX_REJECTIONS {
                    let u = rng.random::<f64>() - 0.5;
                    let v: f64 = rng.random();
                    let us = 0.5 - libm::fabs(u);
                    let k = libm::floor((2.0 * a / us + b) * u + lambda + 0.43);
                    if us >= 0.07 && v <= vr {
                        return k.max(0.0) as u64;
                    }
                    if k < 0.0 || (us < 0.013 && v > us) {
                        continue;
                    }
                    let lhs = libm::log(v) + libm::log(invalpha) - libm::log(a / (us * us) + b);
                    let rhs = -lambda + k * loglam - libm::lgamma(k + 1.0);
                    if lhs <= rhs {
                        return k as u64;
                    }
                }
                libm::round(lambda) as u64
            }
        }
    }
}

fn season(factors: Option<&Vec<Amount>>, day: Day) -> Decimal {
    factors.and_then(|f| f.get(day.0.month0() as usize)).map_or(Decimal::ONE, |a| a.0)
}

/// The twelve seasonal factors as floats, converted once per profile rather than once per day.
fn seasons_f64(factors: Option<&Vec<Amount>>) -> [f64; 12] {
    std::array::from_fn(|m| factors.and_then(|f| f.get(m)).map_or(1.0, |a| to_f64(a.0)))
}

/// `a × b`, saturating: an out-of-range product becomes `Decimal::MAX`,
/// which the engine refuses as an overflow error naming the profile.
fn mul(a: Decimal, b: Decimal) -> Decimal {
    a.checked_mul(b).unwrap_or(Decimal::MAX)
}

fn tidy(d: Decimal) -> Decimal {
    to_charge_scale(d).normalize()
}

fn at(day: Day, minute_of_day: u32) -> Minute {
    Minute::start_of(day).plus(i64::from(minute_of_day.min(1439)))
}

fn charge(day: Day, minute: u32, tenant: &Arc<str>, usage_type: UsageType, amount: Decimal, project: Option<&Arc<str>>) -> Event {
    Event::Charge(Charge {
        at: at(day, minute),
        tenant: tenant.clone(),
        usage_type,
        amount: Amount(tidy(amount)),
        project: project.cloned(),
    })
}

/// Checks shared by the periodic profiles.
struct Checker<'a> {
    path: &'a str,
    issues: &'a mut Vec<Issue>,
}

impl Checker<'_> {
    fn non_negative(&mut self, field: &str, a: Amount) {
        if a.0.is_sign_negative() && !a.0.is_zero() {
            self.issues.push(Issue::new(C::NegativeAmount, format!("{}/{field}", self.path), format!("{a} is negative")));
        }
    }

    fn positive(&mut self, field: &str, a: Amount) {
        if a.0 <= Decimal::ZERO {
            self.issues.push(Issue::new(C::InvalidValue, format!("{}/{field}", self.path), format!("{field} must be more than zero, not {a}")));
        }
    }

    fn minute(&mut self, m: u32) {
        if m >= 1440 {
            self.issues.push(Issue::new(C::InvalidValue, format!("{}/minute_of_day", self.path), "minute_of_day is 0..1440"));
        }
    }

    fn seasonality(&mut self, s: Option<&Vec<Amount>>) {
        let Some(s) = s else { return };
        if s.len() != 12 {
            self.issues.push(Issue::new(
                C::InvalidValue,
                format!("{}/seasonality", self.path),
                format!("seasonality has one factor per month, January to December: 12, not {}", s.len()),
            ));
        }
        for (i, f) in s.iter().enumerate() {
            self.non_negative(&format!("seasonality/{i}"), *f);
        }
    }

    fn name(&mut self, field: &str, s: Option<&str>) {
        if let Some(s) = s {
            crate::validate::check_name(s, &format!("{}/{field}", self.path), self.issues);
        }
    }

    fn one_of(&mut self, given: &[(&str, bool)]) {
        let n = given.iter().filter(|(_, g)| *g).count();
        let names: Vec<&str> = given.iter().map(|(f, _)| *f).collect();
        if n == 0 {
            self.issues.push(Issue::new(C::MissingField, format!("{}/{}", self.path, names[0]), format!("give one of {}", names.join(", "))));
        } else if n > 1 {
            let field = given.iter().filter(|(_, g)| *g).nth(1).map_or(names[0], |(f, _)| *f);
            self.issues.push(Issue::new(C::InvalidValue, format!("{}/{field}", self.path), format!("give only one of {}", names.join(", "))));
        }
    }
}

impl Profile {
    /// An upper bound on the events the profile generates, from its span
    /// alone (validation sums these before any expansion, so a profile that
    /// would make 10^9 events is refused without work).
    pub fn event_count(&self) -> u64 {
        match self {
            Profile::Daily(d) => d.from.days_until(d.to).max(-1).saturating_add(1) as u64,
            Profile::StorageGrowth(g) => (g.from.days_until(g.to).max(0) / 28 + 2) as u64,
            Profile::Recurring(r) => slot_bound(r.from, r.to, r.every, 1),
            Profile::Cohort(c) => slot_bound(c.from, c.to, c.every, 1),
            Profile::SampleRuns(s) => slot_bound(s.from, s.to, s.every, s.interval),
            Profile::Poisson(p) => slot_bound(p.from, p.to, p.every, 1),
            Profile::RandomAmount(r) => slot_bound(r.from, r.to, r.every, 1),
            Profile::Bursts(b) => slot_bound(b.from, b.to, Every::Day, 1),
        }
    }

    /// Whether the profile draws random numbers (its events depend on the seed).
    pub fn is_stochastic(&self) -> bool {
        matches!(self, Profile::Poisson(_) | Profile::RandomAmount(_) | Profile::Bursts(_))
    }

    /// The sample type the profile consumes, if any (validation checks it
    /// against the rate card's `sample_types`).
    pub fn sample_type(&self) -> Option<&str> {
        match self {
            Profile::SampleRuns(s) => Some(&s.sample_type),
            Profile::Poisson(p) => p.sample_type.as_deref(),
            _ => None,
        }
    }

    /// Checks the profile at `path`: amounts not negative, distribution
    /// parameters in range, dates in order, names printable.
    pub fn check(&self, path: &str, issues: &mut Vec<Issue>) {
        let (from, to) = self.span();
        let mut c = Checker { path, issues };
        match self {
            Profile::Daily(d) => {
                c.minute(d.minute_of_day);
                c.non_negative("amount", d.amount);
                c.name("project", d.project.as_deref());
            }
            Profile::StorageGrowth(g) => {
                c.non_negative("initial_tb", g.initial_tb);
                c.non_negative("tb_per_month", g.tb_per_month);
                if let Some(cap) = g.cap_tb {
                    c.non_negative("cap_tb", cap);
                }
            }
            Profile::Recurring(r) => {
                c.minute(r.minute_of_day);
                c.seasonality(r.seasonality.as_ref());
                c.name("project", r.project.as_deref());
                c.one_of(&[("amount", r.amount.is_some()), ("node_hours", r.node_hours.is_some())]);
                if let Some(a) = r.amount {
                    c.non_negative("amount", a);
                }
                if let Some(h) = r.node_hours {
                    c.non_negative("node_hours", h);
                    match r.per_node_hour {
                        Some(rate) => c.non_negative("per_node_hour", rate),
                        None => c.issues.push(Issue::new(C::MissingField, format!("{path}/per_node_hour"), "node_hours needs per_node_hour (iCredits per node hour)")),
                    }
                } else if r.per_node_hour.is_some() {
                    c.issues.push(Issue::new(C::InvalidValue, format!("{path}/per_node_hour"), "per_node_hour goes with node_hours, not amount"));
                }
            }
            Profile::Cohort(k) => {
                c.minute(k.minute_of_day);
                c.seasonality(k.seasonality.as_ref());
                c.name("project", k.project.as_deref());
                c.non_negative("samples_per_week", k.samples_per_week);
                c.one_of(&[("assay", k.assay.is_some()), ("icredits_per_sample", k.icredits_per_sample.is_some())]);
                if let Some(a) = k.icredits_per_sample {
                    c.non_negative("icredits_per_sample", a);
                }
            }
            Profile::SampleRuns(s) => {
                c.minute(s.minute_of_day);
                c.non_negative("quantity", s.quantity);
                c.name("sample_type", Some(&s.sample_type));
                if !(1..=MAX_INTERVAL).contains(&s.interval) {
                    c.issues.push(Issue::new(C::InvalidValue, format!("{path}/interval"), format!("interval must be 1..={MAX_INTERVAL}")));
                }
            }
            Profile::Poisson(p) => {
                c.minute(p.minute_of_day);
                c.seasonality(p.seasonality.as_ref());
                c.name("project", p.project.as_deref());
                c.name("sample_type", p.sample_type.as_deref());
                c.non_negative("mean", p.mean);
                let peak = p.seasonality.iter().flatten().map(|f| f.0).max().unwrap_or(Decimal::ONE).max(Decimal::ONE);
                if p.mean.0.checked_mul(peak).is_none_or(|m| m > Decimal::from(MAX_POISSON_MEAN)) {
                    c.issues.push(Issue::new(C::LimitExceeded, format!("{path}/mean"), format!("a Poisson mean (times its largest seasonal factor) is at most {MAX_POISSON_MEAN} per period")));
                }
                c.one_of(&[("amount", p.amount.is_some()), ("assay", p.assay.is_some()), ("sample_type", p.sample_type.is_some())]);
                if let Some(a) = p.amount {
                    c.non_negative("amount", a);
                }
            }
            Profile::RandomAmount(r) => {
                c.minute(r.minute_of_day);
                c.seasonality(r.seasonality.as_ref());
                c.name("project", r.project.as_deref());
                match r.distribution {
                    Distribution::Normal => c.non_negative("mean", r.mean),
                    Distribution::Lognormal => c.positive("mean", r.mean),
                }
                c.positive("sd", r.sd);
            }
            Profile::Bursts(b) => {
                c.minute(b.minute_of_day);
                c.seasonality(b.seasonality.as_ref());
                c.name("project", b.project.as_deref());
                c.non_negative("amount", b.amount);
                if b.probability.0.is_sign_negative() || b.probability.0 > Decimal::ONE {
                    c.issues.push(Issue::new(C::InvalidValue, format!("{path}/probability"), "probability is between 0 and 1"));
                }
                if !(1..=MAX_BURST_DAYS).contains(&b.days) {
                    c.issues.push(Issue::new(C::InvalidValue, format!("{path}/days"), format!("a burst lasts 1..={MAX_BURST_DAYS} days")));
                }
                if let Some(sd) = b.sd {
                    c.positive("sd", sd);
                    if b.amount.0.is_zero() {
                        c.issues.push(Issue::new(C::InvalidValue, format!("{path}/amount"), "a lognormal burst amount needs a mean above zero"));
                    }
                }
            }
        }
        if to < from {
            issues.push(Issue::new(C::EndBeforeStart, format!("{path}/to"), format!("{to} is before {from}")));
        }
    }

    /// First and last day the profile covers.
    pub fn span(&self) -> (Day, Day) {
        match self {
            Profile::Daily(d) => (d.from, d.to),
            Profile::StorageGrowth(g) => (g.from, g.to),
            Profile::Recurring(r) => (r.from, r.to),
            Profile::Cohort(c) => (c.from, c.to),
            Profile::SampleRuns(s) => (s.from, s.to),
            Profile::Poisson(p) => (p.from, p.to),
            Profile::RandomAmount(r) => (r.from, r.to),
            Profile::Bursts(b) => (b.from, b.to),
        }
    }

    /// The profile's tenant.
    pub fn tenant(&self) -> &str {
        match self {
            Profile::Daily(d) => &d.tenant,
            Profile::StorageGrowth(g) => &g.tenant,
            Profile::Recurring(r) => &r.tenant,
            Profile::Cohort(c) => &c.tenant,
            Profile::SampleRuns(s) => &s.tenant,
            Profile::Poisson(p) => &p.tenant,
            Profile::RandomAmount(r) => &r.tenant,
            Profile::Bursts(b) => &b.tenant,
        }
    }

    /// Expands into timeline events, in time order. Stochastic profiles draw
    /// from their own stream keyed by (`seed`, `index`): `index` is the
    /// profile's position under `usage`.
    pub fn generate(&self, seed: u64, index: usize, out: &mut Vec<Event>) {
        match self {
            Profile::Daily(d) => {
                slots(d.from, d.to, Every::Day, 1, d.weekdays_only, |s| {
                    out.push(charge(s.day, d.minute_of_day, &d.tenant, d.usage_type, d.amount.0, d.project.as_ref()));
                });
            }
            Profile::StorageGrowth(g) => expand_storage(g, out),
            Profile::Recurring(r) => expand_recurring(r, out),
            Profile::Cohort(c) => {
                let per_sample = c.icredits_per_sample.map(|a| a.0).or(c.assay.map(Assay::icredits_per_sample)).unwrap_or_default();
                let per_week_days = Decimal::from(if c.weekdays_only { 5 } else { 7 });
                let per_slot = |active_days: u32| {
                    let samples = mul(c.samples_per_week.0, Decimal::from(active_days)).checked_div(per_week_days).unwrap_or(Decimal::MAX);
                    mul(samples, per_sample)
                };
                // Every slot of a daily cohort has one active day: price it once.
                let mut last: Option<(u32, Decimal)> = None;
                slots(c.from, c.to, c.every, 1, c.weekdays_only, |s| {
                    let slot = match last {
                        Some((days, amount)) if days == s.active_days => amount,
                        _ => last.insert((s.active_days, per_slot(s.active_days))).1,
                    };
                    let amount = mul(slot, season(c.seasonality.as_ref(), s.day));
                    if !amount.is_zero() {
                        out.push(charge(s.day, c.minute_of_day, &c.tenant, c.usage_type, amount, c.project.as_ref()));
                    }
                });
            }
            Profile::SampleRuns(r) => {
                slots(r.from, r.to, r.every, r.interval, r.weekdays_only, |s| {
                    out.push(Event::SampleUsage(Samples {
                        at: at(s.day, r.minute_of_day),
                        tenant: r.tenant.clone(),
                        sample_type: r.sample_type.clone(),
                        quantity: r.quantity,
                    }));
                });
            }
            Profile::Poisson(p) => {
                let mut rng = stream(seed, index);
                let mean = to_f64(p.mean.0);
                let unit = p.amount.map(|a| a.0).or(p.assay.map(Assay::icredits_per_sample));
                let seasons = seasons_f64(p.seasonality.as_ref());
                let by_month: [PoissonDraw; 12] = std::array::from_fn(|m| PoissonDraw::new(mean * seasons[m]));
                slots(p.from, p.to, p.every, 1, p.weekdays_only, |s| {
                    let count = by_month[s.day.0.month0() as usize].sample(&mut rng);
                    if count == 0 {
                        return;
                    }
                    let count = Decimal::from(count);
                    match (&p.sample_type, unit) {
                        (Some(t), _) => out.push(Event::SampleUsage(Samples {
                            at: at(s.day, p.minute_of_day),
                            tenant: p.tenant.clone(),
                            sample_type: t.clone(),
                            quantity: Amount(count),
                        })),
                        (None, Some(u)) => {
                            let amount = mul(count, u);
                            if !amount.is_zero() {
                                out.push(charge(s.day, p.minute_of_day, &p.tenant, p.usage_type, amount, p.project.as_ref()));
                            }
                        }
                        (None, None) => {}
                    }
                });
            }
            Profile::RandomAmount(r) => {
                let mut rng = stream(seed, index);
                let (mean, sd) = (to_f64(r.mean.0), to_f64(r.sd.0));
                let (mu, sigma) = lognormal_params(mean, sd);
                slots(r.from, r.to, r.every, 1, r.weekdays_only, |s| {
                    let z = std_normal(&mut rng);
                    let x = match r.distribution {
                        Distribution::Normal => mean + sd * z,
                        Distribution::Lognormal => libm::exp(mu + sigma * z),
                    };
                    let amount = mul(from_f64(x), season(r.seasonality.as_ref(), s.day));
                    if !amount.is_zero() {
                        out.push(charge(s.day, r.minute_of_day, &r.tenant, r.usage_type, amount, r.project.as_ref()));
                    }
                });
            }
            Profile::Bursts(b) => expand_bursts(b, &mut stream(seed, index), out),
        }
    }
}

fn expand_storage(g: &StorageGrowth, out: &mut Vec<Event>) {
    let mut tb = g.initial_tb.0;
    let mut day = g.from;
    let cap = g.cap_tb.map(|c| c.0);
    // Bounded: one level per month of the span (event_count).
    for _ in 0..=(g.from.days_until(g.to).max(0) / 28 + 1) {
        let level = cap.map_or(tb, |c| tb.min(c));
        out.push(Event::Storage(Storage { at: Minute::start_of(day), tenant: g.tenant.clone(), tb: Amount(level) }));
        let next = first_of_next_month(day);
        if next > g.to || cap.is_some_and(|c| level >= c) {
            break;
        }
        tb = tb.checked_add(g.tb_per_month.0).unwrap_or(Decimal::MAX);
        day = next;
    }
}

fn expand_recurring(r: &Recurring, out: &mut Vec<Event>) {
    let base = r.amount.or(r.node_hours).map_or(Decimal::ZERO, |a| a.0);
    slots(r.from, r.to, r.every, 1, r.weekdays_only, |s| {
        let grown = Decimal::from(s.index).checked_mul(r.growth.0).and_then(|g| base.checked_add(g)).unwrap_or(Decimal::MAX);
        let value = mul(grown.max(Decimal::ZERO), season(r.seasonality.as_ref(), s.day));
        if value.is_zero() {
            return;
        }
        match (r.node_hours, r.per_node_hour) {
            (Some(_), Some(rate)) => out.push(Event::Compute(Compute {
                at: at(s.day, r.minute_of_day),
                tenant: r.tenant.clone(),
                app: None,
                per_node_hour: Some(rate),
                nodes: 1,
                minutes: None,
                hours: Some(Amount(tidy(value))),
                ended_by: EndedBy::Completed,
                project: r.project.clone(),
            })),
            _ => out.push(charge(s.day, r.minute_of_day, &r.tenant, r.usage_type, value, r.project.as_ref())),
        }
    });
}

fn expand_bursts(b: &Bursts, rng: &mut ChaCha8Rng, out: &mut Vec<Event>) {
    let p = to_f64(b.probability.0);
    let lognormal = b.sd.map(|sd| lognormal_params(to_f64(b.amount.0), to_f64(sd.0)));
    // Active bursts: (last day, daily amount). At most `days` overlap.
    let mut active: Vec<(Day, Decimal)> = Vec::new();
    let mut day = b.from;
    while day <= b.to {
        active.retain(|(last, _)| *last >= day);
        let open = !(b.weekdays_only && is_weekend(day));
        // One uniform per eligible day, whatever happens: the stream stays aligned.
        if open && rng.random::<f64>() < p {
            let amount = match lognormal {
                Some((mu, sigma)) => from_f64(libm::exp(mu + sigma * std_normal(rng))),
                None => b.amount.0,
            };
            active.push((day.plus_days(i64::from(b.days) - 1), amount));
        }
        if open && !active.is_empty() {
            let total = active.iter().fold(Decimal::ZERO, |s, (_, a)| s.checked_add(*a).unwrap_or(Decimal::MAX));
            let amount = mul(total, season(b.seasonality.as_ref(), day));
            if !amount.is_zero() {
                out.push(charge(day, b.minute_of_day, &b.tenant, b.usage_type, amount, b.project.as_ref()));
            }
        }
        day = day.succ();
    }
}

fn first_of_next_month(day: Day) -> Day {
    let mut d = day.succ();
    for _ in 0..31 {
        if d.is_month_start() {
            break;
        }
        d = d.succ();
    }
    d
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::to_f64;

    /// What `to_f64` replaced: the normalised text, parsed.
    fn parsed(d: Decimal) -> f64 {
        d.normalize().to_string().parse().unwrap()
    }

    proptest! {
        #[test]
        fn to_f64_is_the_parsed_text(lo in any::<u64>(), hi in 0..=u32::MAX, scale in 0..=28_u32, neg in any::<bool>()) {
            let d = Decimal::from_parts(lo as u32, (lo >> 32) as u32, hi, neg, scale);
            prop_assert_eq!(to_f64(d).to_bits(), parsed(d).to_bits());
        }

        #[test]
        fn to_f64_of_short_decimals(m in 0..10_000_000_i64, scale in 0..=10_u32) {
            let d = Decimal::new(m, scale);
            prop_assert_eq!(to_f64(d).to_bits(), parsed(d).to_bits());
        }
    }

    #[test]
    fn to_f64_edges() {
        // Ties between two floats (2^53 + 1, 2^54 + 2), the extremes, zero of either sign.
        for d in [
            Decimal::from(9_007_199_254_740_993_u64),
            Decimal::from(18_014_398_509_481_986_u64),
            Decimal::new(90_071_992_547_409_930, 1),
            Decimal::MAX,
            Decimal::MIN,
            Decimal::from_parts(1, 0, 0, false, 28),
            Decimal::from_parts(u32::MAX, u32::MAX, u32::MAX, false, 28),
            Decimal::from_parts(0, 0, 0, true, 3),
            Decimal::ZERO,
        ] {
            assert_eq!(to_f64(d).to_bits(), parsed(d).to_bits(), "{d}");
        }
    }
}
