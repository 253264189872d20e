//! The step API: `billsim._billsim.Simulation` wraps core's `Simulation`.
//! Events and times cross as JSON text, reports as `PyReport`; `billsim.Simulation`
//! (Python) converts dicts, datetimes and Decimals.

use billsim_core::time::Minute;
use billsim_core::{validate, ErrorCode, Options, Simulation};
use pyo3::prelude::*;

use crate::error::{invalid, IntoPy};
use crate::report::PyReport;
use crate::scenario;

/// Reads an instant with core's parser (errors are `invalid_time`).
/// A running simulation on a simulated clock.
#[pyclass(name = "Simulation", module = "billsim._billsim")]
pub struct PySimulation {
    inner: Simulation,
}

pub fn minute(at: &str) -> PyResult<Minute> {
    Minute::parse(at).map_err(|m| invalid(ErrorCode::InvalidTime, "", m))
}

#[pymethods]
impl PySimulation {
    /// Validates scenario JSON and sets the clock to its start, with options
    /// JSON. Releases the GIL.
    #[new]
    #[pyo3(signature = (scenario_json, options_json = "{}"))]
    fn new(py: Python<'_>, scenario_json: &str, options_json: &str) -> PyResult<Self> {
        let sc = scenario(py, scenario_json)?;
        let options: Options = validate::parse_options(options_json).py_err()?;
        let inner = py.detach(|| Simulation::new(sc, options.detail)).py_err()?;
        Ok(Self { inner })
    }

    /// The index the next applied event gets (its errors' path is `/events/<index>`).
    fn next_event_index(&self) -> usize {
        self.inner.next_event_index()
    }

    /// Applies one event (JSON object); returns its index in the report.
    fn apply(&mut self, event_json: &str) -> PyResult<usize> {
        // Parse errors point where validation errors do: at the event's index.
        let path = format!("/events/{}", self.inner.next_event_index());
        let event = validate::parse_event(event_json, &path).py_err()?;
        self.inner.apply(event).py_err()
    }

    /// Runs everything due before `at` (ISO-8601 UTC). Releases the GIL.
    fn advance_to(&mut self, py: Python<'_>, at: &str) -> PyResult<()> {
        let t = minute(at)?;
        let inner = &mut self.inner;
        py.detach(|| inner.advance_to(t)).py_err()
    }

    /// The simulated clock, `YYYY-MM-DDTHH:MMZ`.
    fn now(&self) -> String {
        self.inner.now().to_string()
    }

    /// The first minute after the horizon.
    fn end(&self) -> String {
        self.inner.end().to_string()
    }

    /// Current per-tenant balances as a JSON array of tenant summaries.
    fn balances(&self) -> String {
        billsim_core::report::TenantSummary::list_to_json(&self.inner.balances())
    }

    /// The report as of now.
    fn report(&self) -> PyReport {
        PyReport::from(self.inner.report())
    }

    /// Runs to the end of the horizon; returns the report.
    fn finish(&mut self, py: Python<'_>) -> PyResult<PyReport> {
        let inner = &mut self.inner;
        py.detach(|| {
            inner.run_to_end()?;
            Ok(PyReport::from(inner.report()))
        })
        .py_err()
    }
}
