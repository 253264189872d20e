//! The step API: a running core `Simulation` behind a JS class.

use billsim_core::time::Minute;
use billsim_core::validate::parse_event;
use billsim_core::Simulation;
use wasm_bindgen::prelude::*;

use crate::error::{invalid_time, BindingResult};
use crate::text::{js_text, JsText};

/// A running simulation (the JS wrapper's `Simulation` holds one).
#[wasm_bindgen]
pub struct RawSimulation {
    inner: Simulation,
}

#[wasm_bindgen]
impl RawSimulation {
    /// Validates scenario JSON and sets the clock to its start.
    #[wasm_bindgen(constructor)]
    pub fn new(scenario: &str, options: &str) -> BindingResult<RawSimulation> {
        let scenario = billsim_core::parse_scenario(scenario)?;
        let options = crate::parse_options(options)?;
        Ok(Self { inner: Simulation::new(scenario, options.detail)? })
    }

    /// The index the next applied event gets (its errors' path is `/events/<index>`).
    #[wasm_bindgen(js_name = nextEventIndex)]
    pub fn next_event_index(&self) -> usize {
        self.inner.next_event_index()
    }

    /// Applies one event (JSON) and returns its index in the report.
    pub fn apply(&mut self, event: &str) -> BindingResult<usize> {
        // Parse errors point where validation errors do: at the event's index.
        let event = parse_event(event, &format!("/events/{}", self.inner.next_event_index()))?;
        Ok(self.inner.apply(event)?)
    }

    /// Runs everything due before `time` (ISO-8601 UTC).
    #[wasm_bindgen(js_name = advanceTo)]
    pub fn advance_to(&mut self, time: &str) -> BindingResult<()> {
        Ok(self.inner.advance_to(Minute::parse(time).map_err(invalid_time)?)?)
    }

    /// The simulated clock, `YYYY-MM-DDTHH:MMZ`.
    pub fn now(&self) -> String {
        self.inner.now().to_string()
    }

    /// The first minute after the horizon.
    pub fn end(&self) -> String {
        self.inner.end().to_string()
    }

    /// Current per-tenant balances, as the report summary's `tenants` JSON.
    pub fn balances(&self) -> String {
        billsim_core::report::TenantSummary::list_to_json(&self.inner.balances())
    }

    /// The report as of now (canonical JSON).
    pub fn report(&self) -> JsText {
        js_text(&self.inner.report().to_json())
    }

    /// Runs to the end and returns the canonical report JSON. The simulation
    /// stays usable (as in Python): its state is that of the end.
    pub fn finish(&mut self) -> BindingResult<JsText> {
        self.inner.run_to_end()?;
        Ok(self.report())
    }
}
