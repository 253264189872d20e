//! Runs the default preset many times, for profilers (callgrind, perf).
//!
//! `cargo build --release -p billsim-core --example profile && valgrind --tool=callgrind target/release/examples/profile 50`

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let scenario = billsim_core::parse_scenario(billsim_core::presets::DEFAULT).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    let mut rows = 0;
    for _ in 0..n {
        if let Ok(r) = billsim_core::simulate(scenario.clone(), &Default::default()) {
            rows += r.ledger.len();
        }
    }
    println!("{n} runs, {} ledger rows each", rows / n.max(1));
}
