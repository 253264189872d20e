//! WebAssembly front end of billsim. These raw exports take and return
//! strings (scenario JSON in, canonical report JSON out) and turn core errors
//! into JS errors; every number is decided in `billsim-core`. The npm wrapper
//! in `js/` builds the public API (`simulate`, `Simulation`, `BillsimError`…)
//! on top of them.
//! Report texts cross as JS strings made by [`text::js_text`].

mod analysis;
mod error;
mod simulation;
mod text;

use billsim_core::{ErrorCode, Options};
use wasm_bindgen::prelude::*;

pub use analysis::{compare_json, forecast_json, monte_carlo_json};
pub use error::{BindingError, BindingResult};
pub use simulation::RawSimulation;
pub use text::{set_text_piece_bytes, JsText};

/// Reads run options (`{"detail": "summary" | "monthly" | "daily" | "full"}`).
fn parse_options(json: &str) -> BindingResult<Options> {
    Ok(billsim_core::validate::parse_options(json)?)
}

/// Runs scenario JSON with options JSON and returns the canonical report
/// JSON, byte for byte what native `billsim_core::simulate_json` returns.
#[wasm_bindgen(js_name = simulateJson)]
pub fn simulate_json(scenario: &str, options: &str) -> BindingResult<JsText> {
    Ok(text::js_text(&billsim_core::simulate_json(scenario, options)?))
}

/// Reads scenario JSON without validating or running it: the JS wrapper
/// calls it before raising an error of its own about an argument that comes
/// after the scenario, so a bad scenario is reported first.
#[wasm_bindgen(js_name = parseScenario)]
pub fn parse_scenario(scenario: &str) -> BindingResult<()> {
    billsim_core::parse_scenario(scenario)?;
    Ok(())
}

/// The embedded presets as JSON: `[["name", "scenario JSON"], …]`, default first.
#[wasm_bindgen]
pub fn presets() -> String {
    serde_json::to_string(billsim_core::presets::ALL).unwrap_or_default()
}

/// Every stable error code, in core's order.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    ErrorCode::ALL.iter().map(|c| c.as_str().to_string()).collect()
}

/// The error codes that report a limit (JS raises `BillsimLimitError`).
#[wasm_bindgen(js_name = limitCodes)]
pub fn limit_codes() -> Vec<String> {
    ErrorCode::ALL.iter().filter(|c| c.is_limit()).map(|c| c.as_str().to_string()).collect()
}
