//! Prints what the npm package generates its TypeScript from, as one JSON
//! object: the JSON Schemas of core's scenario, report and analysis results
//! (Monte Carlo distribution, comparison, forecast) and its error codes.
//! Run natively at build time (`make wasm`), so the `.wasm` carries no
//! schema generator (schemars is about a tenth of the module).
//!
//! `cargo run -q -p billsim-wasm --example codegen > pkg-gen/core.json`

fn main() {
    let codes = |limit_only: bool| -> Vec<&'static str> {
        billsim_core::ErrorCode::ALL.iter().filter(|c| !limit_only || c.is_limit()).map(|c| c.as_str()).collect()
    };
    let out = serde_json::json!({
        "scenarioSchema": serde_json::from_str::<serde_json::Value>(&billsim_core::scenario_schema()).unwrap_or_default(),
        "reportSchema": serde_json::from_str::<serde_json::Value>(&billsim_core::report_schema()).unwrap_or_default(),
        "distributionSchema": schemars::schema_for!(billsim_core::montecarlo::Distribution),
        "comparisonSchema": schemars::schema_for!(billsim_core::compare::Comparison),
        "forecastSchema": schemars::schema_for!(billsim_core::forecast::Forecast),
        "errorCodes": codes(false),
        "limitCodes": codes(true),
    });
    println!("{out}");
}
