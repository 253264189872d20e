//! The cost floor: one `Decimal` multiply plus one `Decimal` add — the
//! irreducible arithmetic of a ledger row (price × quantity, then a running
//! balance) — on this machine, every value through `black_box` so nothing is
//! folded away. The loop is the one in shared/notes/toolchain.md.
//!
//! `cargo bench -p billsim-core --bench floor` prints one JSON line:
//! `{"bench":"floor","iters":…,"ns_per_iter":[…],"best":…,"median":…}`.
//! Optional argument: iterations per sample (default 10,000,000).

#![allow(clippy::unwrap_used)]

use std::hint::black_box;
use std::time::Instant;

use rust_decimal::Decimal;

/// One iteration: `price * qty` (a mul) accumulated into `acc` (an add).
fn mul_add_loop(n: u64) -> Decimal {
    let qty = black_box(Decimal::new(105, 2));
    let mut acc = Decimal::ZERO;
    for i in 0..n {
        let price = black_box(Decimal::new((i % 1000) as i64 + 1, 2));
        let line = black_box(price * qty);
        acc = black_box(acc + line);
    }
    acc
}

fn main() {
    // `cargo bench` passes `--bench`; the only argument we read is a number.
    let iters: u64 = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000_000);
    black_box(mul_add_loop(iters / 10)); // warm-up
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let t = Instant::now();
            black_box(mul_add_loop(iters));
            t.elapsed().as_nanos() as f64 / iters as f64
        })
        .collect();
    let raw = samples.clone();
    samples.sort_by(f64::total_cmp);
    let best = samples[0];
    let median = samples[samples.len() / 2];
    let raw: Vec<String> = raw.iter().map(|x| format!("{x:.3}")).collect();
    println!(
        r#"{{"bench":"floor","iters":{iters},"ns_per_iter":[{}],"best":{best:.3},"median":{median:.3}}}"#,
        raw.join(",")
    );
}
