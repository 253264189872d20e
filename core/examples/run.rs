//! Runs a preset or a scenario file and prints the canonical report JSON.
//!
//! `cargo run -p billsim-core --example run -- default`
//! `cargo run -p billsim-core --example run -- path/to/scenario.json`

use std::process::ExitCode;

fn main() -> ExitCode {
    let arg = std::env::args().nth(1).unwrap_or_else(|| "default".to_string());
    let json = match billsim_core::presets::get(&arg) {
        Some(j) => j.to_string(),
        None => match std::fs::read_to_string(&arg) {
            Ok(j) => j,
            Err(e) => {
                eprintln!("{arg}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    match billsim_core::parse_scenario(&json).and_then(|s| billsim_core::simulate(s, &Default::default())) {
        Ok(report) => {
            println!("{}", report.to_json_pretty());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{} {}: {}", e.code(), e.path(), e.message());
            ExitCode::from(2)
        }
    }
}
