//! Target 1: arbitrary bytes → parse_scenario → simulate. Nothing may panic,
//! hang or run out of memory; a report that runs must reconcile.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(scenario) = billsim_core::parse_scenario(text) else { return };
    // Keep each input cheap: the limits allow 50-year horizons with 10,000
    // tenants, which are valid but take seconds; the fuzzer wants breadth.
    let days = scenario.start.days_until(scenario.until);
    if days > 3 * 366 || scenario.tenants.len() * (days.max(0) as usize + 1) > 20_000 {
        // Still validate: limits and validation must not panic either.
        let _ = billsim_core::validate::validate(scenario);
        return;
    }
    let opts = billsim_core::Options { detail: billsim_core::Detail::Full };
    if let Ok(report) = billsim_core::simulate(scenario, &opts) {
        let json = report.to_json();
        assert!(json.starts_with('{'), "report JSON");
    }
});
