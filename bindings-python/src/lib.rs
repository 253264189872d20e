//! Python front end of billsim: the extension module `billsim._billsim`.
//!
//! Everything crosses as JSON text: scenario JSON in, canonical report JSON
//! out (the same bytes as `billsim_core::simulate_json`), whole or a section
//! at a time. The pure Python
//! package `billsim` turns that text into `Decimal`, `datetime` and pandas
//! DataFrames. Long runs release the GIL. Core errors become
//! `billsim.BillsimError` subclasses (see `error.rs`).
//!
//! Binding a new core entry point is one `#[pyfunction]` of the same shape
//! as `compare_json` (`analysis.rs`), its export line below, and its line in
//! `python/billsim/_billsim.pyi`.

#![forbid(unsafe_code)]

mod analysis;
mod error;
mod report;
mod simulation;

use billsim_core::{ErrorCode, Scenario};
use pyo3::prelude::*;

use error::IntoPy;


/// Parses scenario JSON with the GIL released (a large scenario takes a while).
fn scenario(py: Python<'_>, json: &str) -> PyResult<Scenario> {
    py.detach(|| billsim_core::parse_scenario(json)).py_err()
}

#[pymodule]
mod _billsim {
    use super::*;

    #[pymodule_export]
    use crate::simulation::PySimulation;

    #[pymodule_export]
    use crate::report::PyReport;

    #[pymodule_export]
    use crate::analysis::{
        compare_json, comparison_schema, distribution_schema, field_order, forecast_json, forecast_schema,
        monte_carlo_json,
    };

    /// Runs scenario JSON with options JSON (`{"detail": …}`, which core
    /// reads and refuses as it does the npm package's); returns the canonical
    /// report JSON. Releases the GIL.
    #[pyfunction]
    #[pyo3(signature = (scenario_json, options_json = "{}"))]
    fn simulate_json(py: Python<'_>, scenario_json: &str, options_json: &str) -> PyResult<String> {
        py.detach(|| billsim_core::simulate_json(scenario_json, options_json)).py_err()
    }

    /// Runs scenario JSON with options JSON; returns the report, whose
    /// sections convert to JSON one at a time. Releases the GIL.
    #[pyfunction]
    #[pyo3(signature = (scenario_json, options_json = "{}"))]
    fn simulate(py: Python<'_>, scenario_json: &str, options_json: &str) -> PyResult<PyReport> {
        let report = py.detach(|| billsim_core::simulate_text(scenario_json, options_json)).py_err()?;
        Ok(PyReport::from(report))
    }

    /// Reads scenario JSON without validating or running it: the package
    /// calls it before raising an error of its own about an argument that
    /// comes after the scenario, so a bad scenario is reported first.
    #[pyfunction]
    fn parse_scenario(py: Python<'_>, scenario_json: &str) -> PyResult<()> {
        scenario(py, scenario_json).map(drop)
    }

    /// Parses and validates scenario JSON without running it. Releases the GIL.
    #[pyfunction]
    fn validate(py: Python<'_>, scenario_json: &str) -> PyResult<()> {
        let sc = scenario(py, scenario_json)?;
        py.detach(|| billsim_core::validate::validate(sc)).py_err().map(drop)
    }

    /// An instant in core's canonical form, `YYYY-MM-DDTHH:MMZ`.
    #[pyfunction]
    fn canonical_time(at: &str) -> PyResult<String> {
        crate::simulation::minute(at).map(|m| m.to_string())
    }

    /// Every error code, in core's order.
    #[pyfunction]
    fn error_codes() -> Vec<&'static str> {
        ErrorCode::ALL.iter().map(|c| c.as_str()).collect()
    }

    /// The error codes that report a limit (raised as `billsim.LimitError`).
    #[pyfunction]
    fn limit_codes() -> Vec<&'static str> {
        ErrorCode::ALL.iter().filter(|c| c.is_limit()).map(|c| c.as_str()).collect()
    }

    /// Every rejection code, as the report spells it.
    #[pyfunction]
    fn rejection_codes() -> Vec<String> {
        spellings(billsim_core::rejection::RejectionCode::ALL)
    }

    /// Every notification kind, as the report spells it.
    #[pyfunction]
    fn notification_kinds() -> Vec<String> {
        spellings(billsim_core::notify::NotificationKind::ALL)
    }

    /// The embedded presets: (name, scenario JSON).
    #[pyfunction]
    fn presets() -> Vec<(&'static str, &'static str)> {
        billsim_core::presets::ALL.to_vec()
    }

    /// The JSON Schema of the scenario format.
    #[pyfunction]
    fn scenario_schema() -> String {
        billsim_core::scenario_schema()
    }

    /// The JSON Schema of the report.
    #[pyfunction]
    fn report_schema() -> String {
        billsim_core::report_schema()
    }

    /// Benchmark only (bench/bench.py): seconds per native `simulate_json`
    /// call, best of `repeat` rounds of `number` calls, timed inside Rust.
    #[pyfunction]
    fn _bench_native(py: Python<'_>, scenario_json: &str, number: u32, repeat: u32) -> f64 {
        py.detach(|| {
            (0..repeat.max(1))
                .map(|_| {
                    let start = std::time::Instant::now();
                    for _ in 0..number.max(1) {
                        let _ = std::hint::black_box(billsim_core::simulate_json(scenario_json, ""));
                    }
                    start.elapsed().as_secs_f64() / f64::from(number.max(1))
                })
                .fold(f64::INFINITY, f64::min)
        })
    }

    /// The package version (the workspace version).
    #[pymodule_export]
    #[allow(non_upper_case_globals)] // Python's dunder name
    const __version__: &str = env!("CARGO_PKG_VERSION");
}

/// The serde spelling of each value of a unit enum (snake_case strings).
fn spellings<T: serde::Serialize>(all: &[T]) -> Vec<String> {
    all.iter()
        .filter_map(|v| match serde_json::to_value(v) {
            Ok(serde_json::Value::String(s)) => Some(s),
            _ => None,
        })
        .collect()
}
