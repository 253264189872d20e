//! Monte Carlo paths of the default preset on one thread, for profilers.
//!
//! `valgrind --tool=callgrind target/release/examples/profile_mc 200`

fn main() {
    let runs: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let scenario = billsim_core::parse_scenario(billsim_core::presets::DEFAULT).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(2)
    });
    match billsim_core::montecarlo::run(&scenario, runs, 1, 1) {
        Ok(d) => println!("{} bytes of distribution", d.to_json().len()),
        Err(e) => eprintln!("{e}"),
    }
}
