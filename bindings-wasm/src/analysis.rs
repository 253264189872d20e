//! Monte Carlo, compare and forecast: core's analyses behind JSON strings.

use std::ops::ControlFlow;

use billsim_core::{compare, forecast, montecarlo};
use wasm_bindgen::prelude::*;

use crate::error::BindingResult;
use crate::text::{js_text, JsText};

#[wasm_bindgen]
extern "C" {
    /// A JS progress callback `(done, runs) => void`.
    #[wasm_bindgen(typescript_type = "(done: number, runs: number) => void")]
    pub type ProgressFn;

    #[wasm_bindgen(method, catch, js_name = call)]
    fn call(this: &ProgressFn, this_arg: &JsValue, done: u32, runs: u32) -> Result<(), JsValue>;
}

/// Runs Monte Carlo paths (options JSON: `{"runs","seed","quantiles","paths"}`)
/// and returns the canonical Distribution JSON. `progress(done, runs)` is
/// called between chunks of paths; an exception it throws stops the run
/// after the paths under way and is rethrown.
#[wasm_bindgen(js_name = monteCarloJson)]
pub fn monte_carlo_json(scenario: &str, options: &str, progress: Option<ProgressFn>) -> Result<String, JsValue> {
    let Some(progress) = progress else {
        return Ok(montecarlo::run_json(scenario, options).map_err(crate::BindingError)?);
    };
    let scenario = billsim_core::parse_scenario(scenario).map_err(crate::BindingError)?;
    let options: montecarlo::Options = billsim_core::validate::parse_options(options).map_err(crate::BindingError)?;
    let mut thrown = None;
    let report = |done, runs| match progress.call(&JsValue::NULL, done, runs) {
        Ok(()) => ControlFlow::Continue(()),
        Err(e) => {
            thrown = Some(e);
            ControlFlow::Break(())
        }
    };
    let result = montecarlo::run_with(&scenario, &options, &mut { report });
    match thrown {
        Some(e) => Err(e),
        None => Ok(result.map_err(crate::BindingError)?.to_json()),
    }
}

/// Runs two scenarios with the same options and returns the canonical
/// Comparison JSON (`b − a`); see `compare::compare_json`.
#[wasm_bindgen(js_name = compareJson)]
pub fn compare_json(a: &str, b: &str, options: &str) -> BindingResult<JsText> {
    Ok(js_text(&compare::compare_json(a, b, options)?))
}

/// Projects balances and invoices from `as_of` (`YYYY-MM-DD`) and returns
/// the canonical Forecast JSON.
#[wasm_bindgen(js_name = forecastJson)]
pub fn forecast_json(scenario: &str, as_of: &str, options: &str) -> BindingResult<String> {
    Ok(forecast::forecast_json(scenario, as_of, options)?)
}
