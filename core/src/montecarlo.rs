//! Monte Carlo: many seeded paths of a scenario's stochastic usage profiles,
//! summarised as quantiles of spend, invoices per month, depletion dates of
//! every funding source and the dates Sample usage was first blocked.
//!
//! Path `i` runs the scenario with the seed [`path_seed`]`(seed, i)`, and each
//! profile inside it draws from its own stream keyed by that seed and the
//! profile's index. Results are gathered by path index, so they do not depend
//! on the number of threads or on which thread ran which path. Natively the
//! paths run on every core (`std::thread::scope`); on WebAssembly they run on
//! the calling thread (use a worker).
//!
//! Quantiles use the nearest-rank method on exact decimals (the smallest value
//! with at least q × runs values at or below it), so no float touches money.
//!
//! ```
//! use billsim_core::montecarlo;
//! let sc = billsim_core::parse_scenario(r#"{"start":"2026-03-01","until":"2026-04-30","tenants":[{"id":"lab"}],
//!   "events":[{"at":"2026-03-01","type":"subscribe","tenant":"lab","product":"ica_enterprise","ends":"2026-12-31"}],
//!   "usage":[{"type":"poisson","tenant":"lab","mean":"3","amount":"7","from":"2026-03-01","to":"2026-04-30"}]}"#).unwrap();
//! let d = montecarlo::run(&sc, 200, 42, 2).unwrap();
//! assert_eq!(d, montecarlo::run(&sc, 200, 42, 1).unwrap()); // thread count does not matter
//! let p50 = &d.charged.quantiles.get("p50").unwrap().0;     // about 61 days × 3 × 7 = 1281
//! assert!(*p50 > 1100.into() && *p50 < 1450.into());
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::Mutex;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize, Serializer};

use crate::engine::Simulation;
use crate::error::{Error, ErrorCode, Result};
use crate::money::{canonical, Amount};
use crate::rejection::RejectionCode;
use crate::report::{Amt, Detail, Report};
use crate::scenario::{Event, Scenario};
use crate::time::{Day, Minute};

/// Most paths one call may run.
pub const MAX_RUNS: u32 = 100_000;

/// Most quantiles one call may ask for.
pub const MAX_QUANTILES: usize = 64;

/// Most map entries the per-path results of one call may hold: runs ×
/// [`path_entries`]. An entry (a `tenant/source` key and a date) costs about
/// 150 bytes at the peak (measured with 1,000 tenants), so a call stays under
/// 1 GB; the default preset's 100,000 paths need 1.8 million.
pub const MAX_PATH_ENTRIES: u64 = 6_000_000;

/// Paths a worker claims at a time (small: keeps cores busy to the end).
const CHUNK: u32 = 8;

/// The quantiles reported when none are asked for: p5, p50, p95.
pub fn default_quantiles() -> Vec<Amount> {
    vec![Amount(Decimal::new(5, 2)), Amount(Decimal::new(5, 1)), Amount(Decimal::new(95, 2))]
}

fn default_runs() -> u32 {
    1000
}

/// What to run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Number of paths (1..=100,000; default 1000).
    #[serde(default = "default_runs")]
    pub runs: u32,
    /// Master seed; path i uses `path_seed(seed, i)`.
    #[serde(default, deserialize_with = "crate::scenario::seed")]
    pub seed: u64,
    /// Worker threads; 0 (default) uses every core, and no more workers than
    /// cores or chunks of 8 paths are started. Results do not depend on it.
    #[serde(default)]
    pub threads: usize,
    /// Quantiles as decimals in 0..=1 (default 0.05, 0.5, 0.95).
    #[serde(default = "default_quantiles")]
    pub quantiles: Vec<Amount>,
    /// Keep the per-path table in the result.
    #[serde(default)]
    pub paths: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self { runs: default_runs(), seed: 0, threads: 0, quantiles: default_quantiles(), paths: false }
    }
}

/// Path `path`'s scenario seed: the top 53 bits of the first word of a
/// ChaCha8 stream keyed by (`seed`, `path`), so neighbouring paths are
/// unrelated and every seed is an exact JSON number in JavaScript too
/// (I-JSON, RFC 7493): a path can be re-run from any binding.
pub fn path_seed(seed: u64, path: u32) -> u64 {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..12].copy_from_slice(&path.to_le_bytes());
    key[16..32].copy_from_slice(b"billsim/mc-paths");
    ChaCha8Rng::from_seed(key).next_u64() >> (u64::BITS - MAX_SAFE_SEED_BITS)
}

/// Bits of a path seed: JavaScript numbers hold integers exactly up to 2^53.
const MAX_SAFE_SEED_BITS: u32 = 53;

/// One path's outcome (a row of the per-path table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PathResult {
    /// Path index.
    pub path: u32,
    /// The scenario seed this path ran with.
    pub seed: u64,
    /// iCredits charged, all tenants.
    pub charged: Amt,
    /// Invoice totals (rounded up), all tenants.
    pub invoiced: Amt,
    /// iCredits billed post-paid (invoiced and month to date).
    pub postpaid: Amt,
    /// iCredits paid from pre-funded sources.
    pub prefunded: Amt,
    /// Invoice totals by billing month, all tenants.
    pub invoices: BTreeMap<String, Amt>,
    /// When each funding source (`tenant/source`) ran out; null if it did not.
    pub depleted_at: BTreeMap<String, Option<Minute>>,
    /// When each tenant's Sample usage was first blocked; null if never.
    pub samples_blocked_at: BTreeMap<String, Option<Minute>>,
    /// When each tenant went post-paid for good; null if it ends pre-funded.
    pub postpaid_since: BTreeMap<String, Option<Minute>>,
    /// Rejections recorded.
    pub rejections: usize,
}

impl PathResult {
    /// Reads one path's figures from its report (detail monthly or more).
    pub fn from_report(path: u32, seed: u64, r: &Report) -> Self {
        let mut invoices: BTreeMap<String, Amt> = BTreeMap::new();
        for inv in &r.invoices {
            invoices.entry(inv.period.clone()).or_default().0 += inv.total;
        }
        let mut depleted_at = BTreeMap::new();
        let mut samples_blocked_at = BTreeMap::new();
        let mut postpaid_since = BTreeMap::new();
        let (mut postpaid, mut prefunded) = (Decimal::ZERO, Decimal::ZERO);
        for t in &r.summary.tenants {
            postpaid += t.icredits_postpaid.0;
            prefunded += t.icredits_prefunded.0;
            for s in &t.sources {
                depleted_at.insert(format!("{}/{}", t.tenant, s.id), s.depleted_at);
            }
            postpaid_since.insert(t.tenant.to_string(), t.postpaid_since);
            if !t.samples.is_empty() {
                let first = r
                    .rejections
                    .iter()
                    .filter(|j| j.code == RejectionCode::SamplesBlocked && j.tenant.as_deref() == Some(&*t.tenant))
                    .map(|j| j.at)
                    .min();
                samples_blocked_at.insert(t.tenant.to_string(), first);
            }
        }
        Self {
            path,
            seed,
            charged: r.summary.icredits_charged,
            invoiced: r.summary.invoiced,
            postpaid: Amt(postpaid),
            prefunded: Amt(prefunded),
            invoices,
            depleted_at,
            samples_blocked_at,
            postpaid_since,
            rejections: r.rejections.len(),
        }
    }
}

/// Labelled values in the order asked (`{"p5": …, "p50": …}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Labelled<T>(pub Vec<(String, T)>);

impl<T> Labelled<T> {
    /// The value with this label (`"p50"`).
    pub fn get(&self, label: &str) -> Option<&T> {
        self.0.iter().find(|(l, _)| l == label).map(|(_, v)| v)
    }
}

impl<T: Serialize> Serialize for Labelled<T> {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Labelled<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Labelled_{}", T::schema_name()).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, T> as schemars::JsonSchema>::json_schema(g)
    }
}

/// Summary of an amount over the paths.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Stats {
    /// Mean (to 12 decimal places).
    pub mean: Amt,
    /// Smallest.
    pub min: Amt,
    /// Largest.
    pub max: Amt,
    /// Nearest-rank quantiles, `p5`, `p50`, `p95`, ….
    pub quantiles: Labelled<Amt>,
}

/// Summary of a date over the paths (a source's depletion, a block).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DateStats {
    /// `tenant/source` for sources; the tenant for Samples and post-paid.
    pub key: String,
    /// Share of paths where it happened within the horizon (0..=1).
    pub share: Amt,
    /// Quantiles of the date; a path where it did not happen counts as later
    /// than every date, so a quantile beyond `share` is null.
    pub quantiles: Labelled<Option<Minute>>,
}

/// The Monte Carlo result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Distribution {
    /// Paths run.
    pub runs: u32,
    /// Master seed.
    pub seed: u64,
    /// iCredits charged (total spend).
    pub charged: Stats,
    /// Invoice totals over the horizon.
    pub invoiced: Stats,
    /// iCredits billed post-paid.
    pub postpaid: Stats,
    /// Invoice totals by billing month (a path without that month's invoice counts 0).
    pub invoices_by_month: BTreeMap<String, Stats>,
    /// Depletion date of every funding source.
    pub depletion: Vec<DateStats>,
    /// First date Sample usage was blocked, per tenant holding Samples.
    pub samples_blocked: Vec<DateStats>,
    /// When each tenant went post-paid for good.
    pub postpaid_since: Vec<DateStats>,
    /// The per-path table, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<Vec<PathResult>>,
}

/// Runs `runs` paths with `seed` on `threads` threads (0: every core) and
/// the default quantiles (p5, p50, p95).
pub fn run(scenario: &Scenario, runs: u32, seed: u64, threads: usize) -> Result<Distribution> {
    run_with(scenario, &Options { runs, seed, threads, ..Options::default() }, &mut |_, _| ControlFlow::Continue(()))
}

/// Runs with options; `progress(done, runs)` is called on the calling
/// thread as paths finish (never from a worker). `ControlFlow::Break` from
/// it stops the run (a `cancelled` error) once the paths under way finish:
/// how a front end stops on an exception in its callback or an interrupt.
pub fn run_with(scenario: &Scenario, options: &Options, progress: &mut dyn FnMut(u32, u32) -> ControlFlow<()>) -> Result<Distribution> {
    check_options(options)?;
    // Refuse a bad scenario once, with its own paths, before any worker starts;
    // the paths differ only in their seed, so none needs validating again.
    let scenario = crate::validate::validate(scenario.clone())?;
    check_entries(&scenario, options.runs)?;
    let results = run_paths(&scenario, options, progress)?;
    Ok(summarise(options, results))
}

fn check_options(o: &Options) -> Result<()> {
    if o.runs == 0 {
        return Err(Error::new(ErrorCode::InvalidValue, "/runs", "runs must be at least 1"));
    }
    if o.runs > MAX_RUNS {
        return Err(Error::new(ErrorCode::LimitExceeded, "/runs", format!("{} runs asked; the limit is {MAX_RUNS}", o.runs)));
    }
    if o.quantiles.len() > MAX_QUANTILES {
        return Err(Error::new(ErrorCode::LimitExceeded, "/quantiles", format!("at most {MAX_QUANTILES} quantiles")));
    }
    for (i, q) in o.quantiles.iter().enumerate() {
        if q.0.is_sign_negative() || q.0 > Decimal::ONE {
            return Err(Error::new(ErrorCode::InvalidValue, format!("/quantiles/{i}"), format!("a quantile is between 0 and 1, not {q}")));
        }
        // Equal values share a label: the result would have a key twice.
        if let Some(j) = o.quantiles[..i].iter().position(|p| p.0 == q.0) {
            let msg = format!("quantile {q} repeats /quantiles/{j} ({})", label(q.0));
            return Err(Error::new(ErrorCode::InvalidValue, format!("/quantiles/{i}"), msg));
        }
    }
    Ok(())
}

/// The map entries one path's result may keep: an invoice total per month
/// of the horizon, a post-paid date and a Samples date per tenant, and a
/// depletion date per funding source. Sources are counted from the events
/// that can open one (a purchase, a contract, a grant, a subscription's
/// promotional credits, a registration) plus a free trial per tenant.
pub fn path_entries(s: &Scenario) -> u64 {
    use chrono::Datelike;
    let month = |d: Day| i64::from(d.0.year()) * 12 + i64::from(d.0.month0());
    let months = u64::try_from(month(s.until) - month(s.start) + 1).unwrap_or(0);
    let funding = s.events.iter().filter(|e| matches!(e, Event::Subscribe(_) | Event::Prepaid(_) | Event::OpenPo(_) | Event::Promotional(_) | Event::Register(_)));
    months + 3 * s.tenants.len() as u64 + funding.count() as u64
}

/// Refuses, before any path runs, a call whose per-path results would not fit in [`MAX_PATH_ENTRIES`].
fn check_entries(s: &Scenario, runs: u32) -> Result<()> {
    let per_path = path_entries(s).max(1);
    if u64::from(runs).saturating_mul(per_path) <= MAX_PATH_ENTRIES {
        return Ok(());
    }
    let most = MAX_PATH_ENTRIES / per_path;
    let msg = format!(
        "{runs} runs × {per_path} result entries a path (months, 3 per tenant, funding events) exceed {MAX_PATH_ENTRIES}: ask for at most {most} runs, or split the tenants"
    );
    Err(Error::new(ErrorCode::LimitExceeded, "/runs", msg))
}

/// Runs path `i`: the scenario with its path seed; the report keeps its
/// summary and invoices (no statements, daily series or ledger).
pub fn run_path(scenario: &Scenario, seed: u64, i: u32) -> Result<PathResult> {
    valid_path(&crate::validate::validate(scenario.clone())?, seed, i)
}

/// Runs path `i` of a scenario `validate` has accepted.
fn valid_path(scenario: &Scenario, seed: u64, i: u32) -> Result<PathResult> {
    let s = path_seed(seed, i);
    let mut sc = scenario.clone();
    sc.seed = s;
    let report = Simulation::from_valid(sc, Detail::Summary).with_invoices().finish()?;
    Ok(PathResult::from_report(i, s, &report))
}

fn worker_count(threads: usize, runs: u32) -> usize {
    if cfg!(target_arch = "wasm32") {
        return 1;
    }
    // A worker beyond the cores only adds its private copy of the scenario.
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let n = if threads == 0 { cores } else { threads.min(cores) };
    n.clamp(1, runs.div_ceil(CHUNK) as usize)
}

type Slot = Option<Result<PathResult>>;

fn run_paths(scenario: &Scenario, o: &Options, progress: &mut dyn FnMut(u32, u32) -> ControlFlow<()>) -> Result<Vec<PathResult>> {
    let runs = o.runs;
    let next = AtomicU32::new(0);
    let done = AtomicU32::new(0);
    let stop = AtomicBool::new(false);
    let mut cancelled = false;
    let slots: Mutex<Vec<Slot>> = Mutex::new(vec![None; runs as usize]);
    // Claims chunks of paths until none are left; returns after one chunk when `once`.
    let work = |scenario: &Scenario, once: bool| loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let start = next.fetch_add(CHUNK, Ordering::Relaxed);
        if start >= runs {
            return;
        }
        let end = start.saturating_add(CHUNK).min(runs);
        let chunk: Vec<Result<PathResult>> = (start..end).map(|i| valid_path(scenario, o.seed, i)).collect();
        if chunk.iter().any(Result::is_err) {
            stop.store(true, Ordering::Relaxed);
        }
        if let Ok(mut s) = slots.lock() {
            for (i, r) in (start..end).zip(chunk) {
                s[i as usize] = Some(r);
            }
        }
        done.fetch_add(end - start, Ordering::Relaxed);
        if once {
            return;
        }
    };
    let workers = worker_count(o.threads, runs);
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for _ in 1..workers {
            // A thread that cannot start leaves its share to the others.
            if let Ok(h) = std::thread::Builder::new().spawn_scoped(scope, || work(&private_copy(scenario), false)) {
                handles.push(h);
            }
        }
        // The calling thread works too, reporting progress between chunks.
        // Alone (always in WASM), it shares no reference counts to copy away.
        let own = (workers > 1).then(|| private_copy(scenario));
        let own = own.as_ref().unwrap_or(scenario);
        loop {
            if progress(done.load(Ordering::Relaxed), runs).is_break() {
                cancelled = true;
                stop.store(true, Ordering::Relaxed);
            }
            if stop.load(Ordering::Relaxed) || next.load(Ordering::Relaxed) >= runs {
                break;
            }
            work(own, true);
        }
        for h in handles {
            if h.join().is_err() {
                stop.store(true, Ordering::Relaxed);
            }
        }
    });
    let finished = done.load(Ordering::Relaxed);
    let slots = slots.into_inner().map_err(|_| internal("a Monte Carlo worker failed"))?;
    let mut out = Vec::with_capacity(runs as usize);
    for slot in slots {
        match slot {
            Some(Ok(p)) => out.push(p),
            // The lowest-numbered failing path names the error, whatever the threads did.
            Some(Err(e)) => return Err(e),
            None if cancelled => {
                return Err(Error::new(ErrorCode::Cancelled, "", format!("stopped by the progress callback after {finished} of {runs} paths")));
            }
            // Chunks are claimed in order and always finished, so a gap before
            // any failure means a worker died.
            None => return Err(internal("a Monte Carlo worker stopped early")),
        }
    }
    // Every path has run: a stop this last report asks for comes too late to matter.
    let _ = progress(runs, runs);
    Ok(out)
}

/// A worker's own copy of the scenario, its shared strings (a profile's
/// tenant, a project) allocated afresh: each generated event clones one, and a
/// reference count two threads update in turn moves between their cores on
/// every update (2% of a 2-thread run here). Read back from its JSON, which
/// gives an equal scenario; should it not, a plain clone does.
fn private_copy(scenario: &Scenario) -> Scenario {
    let copy = serde_json::to_string(scenario).ok().and_then(|text| crate::validate::parse(&text).ok());
    copy.filter(|c| c == scenario).unwrap_or_else(|| scenario.clone())
}

fn internal(msg: &str) -> Error {
    Error::new(ErrorCode::LimitExceeded, "/runs", msg)
}

/// `p5`, `p50`, `p99.9` for 0.05, 0.5, 0.999.
pub fn label(q: Decimal) -> String {
    format!("p{}", canonical(q * Decimal::ONE_HUNDRED))
}

/// Index of the nearest-rank q-quantile among `n` sorted values.
fn rank(q: Decimal, n: usize) -> usize {
    use rust_decimal::prelude::ToPrimitive;
    let r = (q * Decimal::from(n)).round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
    r.to_usize().unwrap_or(n).clamp(1, n.max(1)) - 1
}

fn stats(qs: &[Amount], mut v: Vec<Decimal>) -> Stats {
    v.sort_unstable();
    let n = v.len().max(1);
    let sum = v.iter().fold(Decimal::ZERO, |s, x| s.saturating_add(*x));
    let mean = (sum / Decimal::from(n)).round_dp_with_strategy(12, RoundingStrategy::MidpointNearestEven).normalize();
    let at = |i: usize| v.get(i).copied().unwrap_or_default();
    Stats {
        mean: Amt(mean),
        min: Amt(at(0)),
        max: Amt(at(v.len().saturating_sub(1))),
        quantiles: Labelled(qs.iter().map(|q| (label(q.0), Amt(at(rank(q.0, v.len()))))).collect()),
    }
}

fn date_stats(qs: &[Amount], key: String, mut v: Vec<Option<Minute>>) -> DateStats {
    // Not happening sorts after every date.
    v.sort_unstable_by_key(|m| (m.is_none(), *m));
    let n = v.len().max(1);
    let happened = v.iter().filter(|m| m.is_some()).count();
    let share = (Decimal::from(happened) / Decimal::from(n)).round_dp(12).normalize();
    DateStats {
        key,
        share: Amt(share),
        quantiles: Labelled(qs.iter().map(|q| (label(q.0), v.get(rank(q.0, v.len())).copied().flatten())).collect()),
    }
}

fn summarise(o: &Options, paths: Vec<PathResult>) -> Distribution {
    let qs = &o.quantiles;
    let col = |f: &dyn Fn(&PathResult) -> Decimal| paths.iter().map(f).collect::<Vec<_>>();
    let invoiced: BTreeSet<String> = crate::ordered(paths.iter().flat_map(|p| p.invoices.keys().cloned()));
    let invoices_by_month = crate::ordered(months_spanned(&invoiced).into_iter().map(|m| {
        let v = col(&|p| p.invoices.get(&m).map(|a| a.0).unwrap_or_default());
        (m, stats(qs, v))
    }));
    let dates = |get: &dyn Fn(&PathResult) -> &BTreeMap<String, Option<Minute>>| -> Vec<DateStats> {
        let keys: BTreeSet<String> = crate::ordered(paths.iter().flat_map(|p| get(p).keys().cloned()));
        keys.into_iter()
            .map(|k| {
                let v = paths.iter().map(|p| get(p).get(&k).copied().flatten()).collect();
                date_stats(qs, k, v)
            })
            .collect()
    };
    Distribution {
        runs: o.runs,
        seed: o.seed,
        charged: stats(qs, col(&|p| p.charged.0)),
        invoiced: stats(qs, col(&|p| p.invoiced.0)),
        postpaid: stats(qs, col(&|p| p.postpaid.0)),
        invoices_by_month,
        depletion: dates(&|p| &p.depleted_at),
        samples_blocked: dates(&|p| &p.samples_blocked_at),
        postpaid_since: dates(&|p| &p.postpaid_since),
        paths: o.paths.then_some(paths),
    }
}

/// Every billing month from the first to the last of `invoiced`: a month
/// in between that no path invoiced is a row of zeros, not a gap in a chart.
fn months_spanned(invoiced: &BTreeSet<String>) -> Vec<String> {
    let first_day = |period: &String| Day::parse(&format!("{period}-01")).ok();
    let (Some(mut day), Some(last)) = (invoiced.first().and_then(first_day), invoiced.last().and_then(first_day)) else {
        return invoiced.iter().cloned().collect();
    };
    let mut months = Vec::new();
    while day <= last {
        months.push(day.period());
        let Some(next) = day.0.checked_add_months(chrono::Months::new(1)) else { break };
        day = Day(next);
    }
    months
}

impl Distribution {
    /// Canonical JSON (decimals as strings).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Scenario JSON and options JSON (`{"runs":…,"seed":…,"quantiles":[…]}`,
/// every field optional) in, canonical Distribution JSON out: what the
/// front ends call.
pub fn run_json(scenario_json: &str, options_json: &str) -> Result<String> {
    let scenario = crate::validate::parse(scenario_json)?;
    let options: Options = crate::validate::parse_options(options_json)?;
    Ok(run_with(&scenario, &options, &mut |_, _| ControlFlow::Continue(()))?.to_json())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::{private_copy, worker_count};

    #[test]
    fn workers_never_outnumber_the_cores_or_the_chunks() {
        let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
        assert_eq!(worker_count(256, 100_000), cores);
        assert_eq!(worker_count(0, 100_000), cores);
        assert_eq!(worker_count(1, 100_000), 1);
        assert_eq!(worker_count(256, 8), 1, "one chunk of paths");
        assert_eq!(worker_count(256, 9), cores.min(2), "two chunks");
    }

    #[test]
    fn a_private_copy_is_equal_and_shares_no_profile_strings() {
        for (name, text) in crate::presets::ALL {
            let scenario = crate::validate::validate(crate::parse_scenario(text).unwrap()).unwrap();
            let copy = private_copy(&scenario);
            assert_eq!(copy, scenario, "{name}");
            for (a, b) in copy.usage.iter().zip(&scenario.usage) {
                assert_ne!(a.tenant().as_ptr(), b.tenant().as_ptr(), "{name}");
            }
        }
    }
}
