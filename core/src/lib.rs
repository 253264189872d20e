//! billsim-core: the reference simulator of a cloud genomics vendor's
//! software registration and usage billing (iCredits and Samples).
//!
//! Everything that decides a number lives here; the WebAssembly and Python
//! front ends only convert types and errors. The seeds cited throughout are
//! the vendor documents in `shared/seeds/`.
//!
//! ```
//! let report = billsim_core::simulate_json(billsim_core::presets::DEFAULT, "").unwrap();
//! assert!(report.contains("\"invoices\""));
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod access;
pub mod catalog;
pub mod compare;
pub mod engine;
pub mod error;
pub mod forecast;
pub mod funding;
pub mod import;
pub mod metering;
pub mod money;
pub mod montecarlo;
mod named;
mod object;
pub mod notify;
mod pointer;
pub mod policy;
pub mod presets;
pub mod profiles;
pub mod registration;
pub mod rejection;
pub mod report;
pub mod scenario;
mod tagged;
pub mod tenant;
pub mod time;
pub mod validate;

pub use compare::compare;
pub use engine::Simulation;
pub use montecarlo::Distribution;
pub use error::{Error, ErrorCode, Issue, Result};
pub use report::{Detail, Report};
pub use scenario::{Event, Scenario};

/// Options for a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Options {
    /// How much of the report to build.
    pub detail: Detail,
}

/// Reads a scenario from JSON (errors carry a code and a JSON pointer).
pub fn parse_scenario(json: &str) -> Result<Scenario> {
    validate::parse(json)
}

/// Runs a whole scenario.
pub fn simulate(scenario: Scenario, options: &Options) -> Result<Report> {
    Simulation::new(scenario, options.detail)?.finish()
}

/// Runs scenario JSON with options JSON (`{"detail": …}`, empty for the
/// defaults) and returns its report. The scenario is read first, then the
/// options, as in every entry point that takes text.
pub fn simulate_text(json: &str, options_json: &str) -> Result<Report> {
    let scenario = parse_scenario(json)?;
    simulate(scenario, &validate::parse_options(options_json)?)
}

/// Runs scenario JSON with options JSON and returns the canonical report
/// JSON: the one string every front end produces byte for byte.
pub fn simulate_json(json: &str, options_json: &str) -> Result<String> {
    Ok(simulate_text(json, options_json)?.to_json())
}

/// The JSON Schema of the scenario format.
pub fn scenario_schema() -> String {
    let schema = schemars::schema_for!(Scenario);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Monte Carlo on every core: path i runs with the seed
/// `montecarlo::path_seed(seed, i)`, so results do not depend on threads.
pub fn monte_carlo(scenario: &Scenario, runs: u32, seed: u64) -> Result<Distribution> {
    montecarlo::run(scenario, runs, seed, 0)
}

/// Collects into a `BTreeMap` or `BTreeSet` by insertion: `collect()` sorts
/// its input first, which compiles a sort for every element type.
pub(crate) fn ordered<C: Default + Extend<T>, T>(items: impl IntoIterator<Item = T>) -> C {
    let mut c = C::default();
    c.extend(items);
    c
}

/// The JSON Schema of the report.
pub fn report_schema() -> String {
    let schema = schemars::schema_for!(Report);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}
