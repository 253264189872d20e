//! Runs a preset or a scenario file and prints a short account of it, or
//! the canonical report JSON with `--json`.
//!
//! `cargo run -p billsim-core --example run -- default`
//! `cargo run -p billsim-core --example run -- path/to/scenario.json --json`

use std::process::ExitCode;

use billsim_core::report::Report;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let json_out = args.iter().any(|a| a == "--json");
    let arg = args.iter().find(|a| !a.starts_with("--")).cloned().unwrap_or_else(|| "default".to_string());
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
        Ok(report) if json_out => {
            println!("{}", report.to_json_pretty());
            ExitCode::SUCCESS
        }
        Ok(report) => {
            print_account(&arg, &report);
            ExitCode::SUCCESS
        }
        Err(e) => {
            for i in e.issues() {
                eprintln!("{} {}: {}", i.code, i.path, i.message);
            }
            ExitCode::from(2)
        }
    }
}

fn print_account(name: &str, r: &Report) {
    println!("billsim: {name} ({} .. {})", r.summary.start, r.summary.until);
    for t in &r.summary.tenants {
        println!("\n{}  charged {} iCredits: {} pre-funded, {} post-paid", t.tenant, t.icredits_charged.0, t.icredits_prefunded.0, t.icredits_postpaid.0);
        for s in &t.sources {
            let end = match (s.depleted_at, s.expired_at) {
                (Some(d), _) => format!("depleted {d}"),
                (None, Some(x)) => format!("expired {x}"),
                _ => format!("{} left", s.remaining.normalize()),
            };
            println!("  {:<14} {:>10} used of {:>8}  {end}", s.id, s.used.normalize(), s.quantity.normalize());
        }
        if let Some(p) = t.postpaid_since {
            println!("  post-paid since {p}");
        }
    }
    println!("\ninvoices");
    for i in &r.invoices {
        println!("  {:<28} {}  exact {:>14}  total {:>8}", i.tenant, i.period, i.exact_total.normalize(), i.total);
    }
    println!("\nnotifications");
    for n in &r.notifications {
        println!("  {}  {:<26} {}", n.at, serde_json::to_string(&n.kind).unwrap_or_default().trim_matches('"'), n.message);
    }
    if !r.rejections.is_empty() {
        println!("\nrejections");
        for x in &r.rejections {
            println!("  {}  {:<26} {}", x.at, serde_json::to_string(&x.code).unwrap_or_default().trim_matches('"'), x.message);
        }
    }
}
