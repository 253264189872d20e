"""Benchmarks of the Python front end (not tests: they print figures, assert nothing).

    .venv/bin/python bindings-python/bench/bench.py

1. ``simulate`` of the default preset from Python (canonical JSON, then the
   summary and every DataFrame) against the same call timed natively in Rust.
2. Building the ledger DataFrame (Decimal and UTC columns) for 100,000 rows.
"""

from __future__ import annotations

import json
import timeit

import billsim
from billsim import _billsim, _wire

NUMBER, REPEAT = 20, 5


def best(stmt, number: int = NUMBER) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=REPEAT)) / number


def main() -> None:
    text = billsim.example_text("default")
    native = _billsim._bench_native(text, NUMBER, REPEAT)
    call = best(lambda: _billsim.simulate_json(text))

    def full() -> None:
        r = billsim.simulate(text)
        _ = (r.summary, r.ledger, r.daily, r.invoices, r.statements, r.notifications, r.rejections)

    converted = best(full)
    print(f"default preset: native Rust {native * 1e3:.2f} ms")
    timings = (("simulate_json (JSON text)", call), ("simulate + summary + DataFrames", converted))
    for label, seconds in timings:
        print(f"  Python {label:32} {seconds * 1e3:.2f} ms  ({seconds / native:.2f}x native)")

    rows = json.loads(billsim.simulate_json(text))["ledger"]
    ledger = (rows * (100_000 // len(rows) + 1))[:100_000]
    seconds = best(lambda: _wire.frame(ledger, "LedgerRow"), number=1)
    print(f"ledger DataFrame, {len(ledger):,} rows: {seconds:.3f} s")


if __name__ == "__main__":
    main()
