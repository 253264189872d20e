//! Regenerates or checks the shared fixtures: `tests/fixtures/NAME.scenario.json`
//! → `NAME.expected.json` (the canonical report JSON).
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
        .filter_map(|e| e.file_name().to_str()?.strip_suffix(".scenario.json").map(String::from))
        .collect();
    names.sort();
    let mut changed = 0;
    for name in &names {
        let scenario = std::fs::read_to_string(dir.join(format!("{name}.scenario.json"))).unwrap_or_default();
        let fresh = match billsim_core::simulate_json(&scenario, &Default::default()) {
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
