"""The Python arm of `make bench` (bench/run.py), run with the .venv python
that `make python-wheel` installed billsim into.

    .venv/bin/python bench/py_front.py NAME FILE BUDGET_S MAX_SAMPLES [--monthly] [--convert]

Times ``billsim._billsim.simulate_json(text, '{"detail": "full"}')`` (the extension call:
text in, canonical report text out, the GIL released while core runs) with
the protocol of the native arm (core/benches/simulate.rs): a warm-up of at
least 0.5 s, then samples of ``inner`` calls lasting at least 20 ms until
BUDGET_S is spent or MAX_SAMPLES taken (at least 3). ``--monthly`` also
times the call at detail level ``monthly`` (invoices and statements, no
ledger: what the plain-Python baseline computes). With ``--convert`` it
also times what a notebook does: ``billsim.simulate(text)`` and reading its
``invoices`` DataFrame and typed ``summary`` (the conversion on top).
It also times Python making a str of the report's bytes (``report_to_str``):
the conversion that the target ("≤ 1.2× native plus conversion") allows.
Prints one JSON line: ns per call per sample and the report's sha256.
"""

from __future__ import annotations

import hashlib
import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

import billsim
from billsim import _billsim


def measure(budget_s: float, max_samples: int, f: Callable[[], object]) -> list[int]:
    warm = time.perf_counter()
    while True:
        t = time.perf_counter_ns()
        f()
        last = time.perf_counter_ns() - t
        if time.perf_counter() - warm >= 0.5 or last >= 1_000_000_000:
            break
    inner = max(1, 20_000_000 // max(last, 1))
    samples: list[int] = []
    start = time.perf_counter()
    while len(samples) < max_samples and (len(samples) < 3 or time.perf_counter() - start < budget_s):
        t = time.perf_counter_ns()
        for _ in range(inner):
            f()
        samples.append(round((time.perf_counter_ns() - t) / inner))
    return samples


def convert(text: str) -> None:
    report = billsim.simulate(text)
    _ = (report.invoices, report.summary)


def main() -> None:
    name, file, budget, max_samples = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    text = Path(file).read_text(encoding="utf-8")
    out = _billsim.simulate_json(text, '{"detail": "full"}')
    result = {
        "front": "python",
        "case": name,
        "python": sys.version.split()[0],
        "billsim": _billsim.__version__,
        "report_bytes": len(out.encode()),
        "sha256": hashlib.sha256(out.encode()).hexdigest(),
        "measures": {"text_to_text": measure(budget, max_samples, lambda: _billsim.simulate_json(text, '{"detail": "full"}'))},
    }
    if "--monthly" in sys.argv:
        monthly = measure(budget, max_samples, lambda: _billsim.simulate_json(text, '{"detail": "monthly"}'))
        result["measures"]["text_to_text_monthly"] = monthly
    if "--convert" in sys.argv:
        result["measures"]["report_convert"] = measure(budget, max_samples, lambda: convert(text))
    result["max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # The conversion the target allows on top: Python making the report a
    # str, timed as the same bytes through the same UTF-8 decoder the
    # extension's return goes through (after the peak above was taken).
    data = out.encode()
    del out
    result["measures"]["report_to_str"] = measure(budget, max_samples, lambda: data.decode("utf-8"))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
