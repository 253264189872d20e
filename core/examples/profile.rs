//! Runs the default preset many times, for profilers (callgrind, perf).
//!
//! `cargo build --release -p billsim-core --example profile && valgrind --tool=callgrind target/release/examples/profile 50 summary`

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let options = args.next().map(|d| format!(r#"{{"detail":"{d}"}}"#)).unwrap_or_default();
    let run = || -> billsim_core::Result<usize> {
        let scenario = billsim_core::parse_scenario(billsim_core::presets::DEFAULT)?;
        let options: billsim_core::Options = billsim_core::validate::parse_options(&options)?;
        let mut rows = 0;
        for _ in 0..n {
            rows += billsim_core::simulate(scenario.clone(), &options)?.ledger.len();
        }
        Ok(rows)
    };
    match run() {
        Ok(rows) => println!("{n} runs, {} ledger rows each", rows / n.max(1)),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2)
        }
    }
}
