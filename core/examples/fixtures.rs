//! Regenerates or checks the shared fixtures: `tests/fixtures/NAME.scenario.json`
//! → `NAME.expected.json` (the canonical report JSON), and Monte Carlo
//! fixtures `NAME.mc.json` (`{"scenario", "options"}`) → `NAME.mc.expected.json`.
//!
//! `cargo run -p billsim-core --example fixtures`            lists the fixtures whose expectation changed
//! `cargo run -p billsim-core --example fixtures -- --write` writes them (review the git diff)

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let write = std::env::args().any(|a| a == "--write");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_str()?.to_string();
            file.strip_suffix(".scenario.json").or_else(|| file.strip_suffix(".mc.json")).map(|_| file.clone())
        })
        .collect();
    names.sort();
    let mut changed = 0;
    for file in &names {
        let input = std::fs::read_to_string(dir.join(file)).unwrap_or_default();
        let (name, result) = match file.strip_suffix(".mc.json") {
            Some(name) => (format!("{name}.mc"), monte_carlo(&input)),
            None => (file.trim_end_matches(".scenario.json").to_string(), billsim_core::simulate_json(&input, "")),
        };
        let fresh = match result {
            Ok(json) => json,
            Err(e) => format!("{{\"error\":{}}}", e.to_json()),
        };
        let path = dir.join(format!("{name}.expected.json"));
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        if old.trim_end() != fresh {
            changed += 1;
            println!("{} {name}", if old.is_empty() { "new" } else { "changed" });
            if write {
                if let Err(e) = std::fs::write(&path, format!("{fresh}\n")) {
                    eprintln!("{}: {e}", path.display());
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    println!("{} fixtures, {changed} {}", names.len(), if write { "written" } else { "differ" });
    if changed > 0 && !write { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// A Monte Carlo fixture: `{"scenario": {...}, "options": {...}}`.
fn monte_carlo(input: &str) -> billsim_core::Result<String> {
    let v: serde_json::Value = serde_json::from_str(input).unwrap_or_default();
    billsim_core::montecarlo::run_json(&v["scenario"].to_string(), &v["options"].to_string())
}
