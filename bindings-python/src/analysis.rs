//! Monte Carlo, forecast and compare: options and results cross as JSON text.

use std::ops::ControlFlow;

use billsim_core::{compare, forecast, montecarlo, time::Day, ErrorCode};
use pyo3::prelude::*;
use schemars::{generate::SchemaSettings, JsonSchema};
use serde_json::Value;

use crate::error::{invalid, IntoPy};
use crate::scenario;

/// Reads an options object with core's serde (unknown fields refused).
fn options<T: serde::de::DeserializeOwned + Default>(json: &str) -> PyResult<T> {
    billsim_core::validate::parse_options(json).py_err()
}

/// Runs Monte Carlo paths of scenario JSON with options JSON (`runs`, `seed`,
/// `threads`, `quantiles`, `paths`); returns the distribution JSON. Releases
/// the GIL; `progress(done, runs)` is called on this thread as paths finish.
/// An exception from it, or a signal (Ctrl-C in a notebook), stops the run
/// after the paths under way and is raised.
#[pyfunction]
#[pyo3(signature = (scenario_json, options_json, progress = None))]
pub fn monte_carlo_json(
    py: Python<'_>,
    scenario_json: &str,
    options_json: &str,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let sc = scenario(py, scenario_json)?;
    let opts: montecarlo::Options = options(options_json)?;
    let mut callback_error: Option<PyErr> = None;
    let result = py.detach(|| {
        montecarlo::run_with(&sc, &opts, &mut |done, runs| {
            callback_error = Python::attach(|py| {
                py.check_signals().err().or_else(|| progress.as_ref().and_then(|f| f.call1(py, (done, runs)).err()))
            });
            if callback_error.is_some() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
    });
    if let Some(e) = callback_error {
        return Err(e);
    }
    result.map(|d| d.to_json()).py_err()
}

/// Forecast from usage so far: runs scenario JSON to midnight of `as_of`
/// (`YYYY-MM-DD`) and projects with options JSON (`window_days`, `horizon`).
#[pyfunction]
pub fn forecast_json(py: Python<'_>, scenario_json: &str, as_of: &str, options_json: &str) -> PyResult<String> {
    let sc = scenario(py, scenario_json)?;
    let day = Day::parse(as_of).map_err(|m| invalid(ErrorCode::InvalidTime, "/as_of", m))?;
    let opts: forecast::Options = options(options_json)?;
    py.detach(|| forecast::forecast_at(sc, day, &opts)).map(|f| f.to_json()).py_err()
}

/// Runs two scenarios with the same options JSON and returns the comparison
/// JSON (`b − a`); see `compare::compare_json`. Releases the GIL.
#[pyfunction]
#[pyo3(signature = (a_json, b_json, options_json = "{}"))]
pub fn compare_json(py: Python<'_>, a_json: &str, b_json: &str, options_json: &str) -> PyResult<String> {
    py.detach(|| compare::compare_json(a_json, b_json, options_json)).py_err()
}

/// The JSON Schema of a comparison.
#[pyfunction]
pub fn comparison_schema() -> String {
    serde_json::to_string(&schemars::schema_for!(compare::Comparison)).unwrap_or_default()
}

/// The JSON Schema of a Monte Carlo distribution.
#[pyfunction]
pub fn distribution_schema() -> String {
    serde_json::to_string(&schemars::schema_for!(montecarlo::Distribution)).unwrap_or_default()
}

/// The JSON Schema of a forecast.
#[pyfunction]
pub fn forecast_schema() -> String {
    serde_json::to_string(&schemars::schema_for!(forecast::Forecast)).unwrap_or_default()
}

/// Each object type of a result schema (`report`, `distribution`, `forecast`,
/// `comparison`) with its fields in the order the result writes them:
/// `{"LedgerRow": ["at", "tenant", …], …}`. Core's schemas list properties
/// alphabetically; the schema of what serializing writes (`for_serialize`)
/// requires every field written always, in declared order. Fields written
/// only when set follow them.
#[pyfunction]
pub fn field_order(schema: &str) -> PyResult<String> {
    let root = match schema {
        "report" => written::<billsim_core::report::Report>(),
        "distribution" => written::<montecarlo::Distribution>(),
        "forecast" => written::<forecast::Forecast>(),
        "comparison" => written::<compare::Comparison>(),
        _ => return Err(pyo3::exceptions::PyValueError::new_err(format!("no result schema {schema:?}"))),
    };
    let mut order = serde_json::Map::new();
    for (name, def) in root.get("$defs").and_then(Value::as_object).into_iter().flatten() {
        let Some(properties) = def.get("properties").and_then(Value::as_object) else { continue };
        let mut fields: Vec<&str> =
            def.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let rest: Vec<&str> = properties.keys().map(String::as_str).filter(|k| !fields.contains(k)).collect();
        fields.extend(rest);
        order.insert(name.clone(), fields.into());
    }
    Ok(Value::Object(order).to_string())
}

/// The JSON Schema of what serializing `T` writes.
fn written<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12().for_serialize().into_generator().into_root_schema_for::<T>().to_value()
}
