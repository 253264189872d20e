"""`make bench`: every figure of issue 9 measured in one run, printed as one
table and written to bench/RESULTS.md. Run by mk/bench.mk with the .venv
python after `make wasm` and `make python-wheel`; it builds the native bench
binaries itself (core/benches: simulate, montecarlo, floor; release profile).

Each front end runs every case in its own child process (peak memory is that
process's ru_maxrss, read with os.wait4), on the same scenario files
(target/bench-data/, written by the native binary and bench/baseline.py):

- native:   core/benches/simulate.rs --json (parse, engine, text → text)
- Node:     bench/wasm_node.cjs (bindings-wasm/pkg-node, raw simulateJson)
- Chromium: bench/wasm_chromium.cjs + bench/web/index.html (pkg-web, the
            package's web entry: report strings made in pieces), served
            here on 127.0.0.1 at a free port; the server is always stopped
- Python:   bench/py_front.py (billsim._billsim.simulate_json from the wheel)

Every front end's report must be byte-identical to the native one (sha256);
the plain-Python baseline asserts it gives billsim's invoices. Benchmarks
assert no times: a missed target is reported, not failed.

    .venv/bin/python bench/run.py [--quick]
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "target" / "bench-data"
PY = sys.executable
QUICK = "--quick" in sys.argv

# (case, budget seconds per measure, max samples): big cases take few samples.
CASES = [("default", 2.0, 300), ("baseline", 1.0, 100), ("decade", 1.0, 5), ("million", 1.0, 2 if QUICK else 3)]
MC_RUNS, MC_SAMPLES = (2_000, 2) if QUICK else (10_000, 3)
CALC_SAMPLES = 50 if QUICK else 200
GIB = 1 << 30
# glibc returns a large freed block to the OS and faults it back in on the next
# call (the report JSON of a small case is ~0.5 MB); raising the mmap and trim
# thresholds keeps it. The native text → text rows are also measured so, and
# front ends are compared with the faster native figure.
TUNED_MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(32 << 20), "MALLOC_TRIM_THRESHOLD_": str(64 << 20)}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


CPU_SECONDS: dict[str, float] = {}


def child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[dict | list[dict], int]:
    """Runs cmd, returns its JSON line(s) and its peak RSS in KiB (os.wait4);
    its CPU time (user + system) is kept in CPU_SECONDS under its command line."""
    line = " ".join(str(c) for c in cmd)
    log((" ".join(f"{k}={v}" for k, v in env.items()) + " " if env else "") + line)
    p = subprocess.Popen(
        [str(c) for c in cmd], cwd=ROOT, stdout=subprocess.PIPE, text=True, env={**os.environ, **env} if env else None
    )
    assert p.stdout is not None
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    CPU_SECONDS[line] = usage.ru_utime + usage.ru_stime
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited with {p.returncode}")
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return (lines[0] if len(lines) == 1 else lines), usage.ru_maxrss


def build_native() -> dict[str, str]:
    log("cargo build --release -p billsim-core --bench simulate --bench montecarlo --bench floor")
    out = subprocess.run(
        [
            "cargo",
            "build",
            "--release",
            "-p",
            "billsim-core",
            "--bench",
            "simulate",
            "--bench",
            "montecarlo",
            "--bench",
            "floor",
            "--message-format=json-render-diagnostics",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    ).stdout
    exes = {}
    for line in out.splitlines():
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and m.get("executable"):
            exes[m["target"]["name"]] = m["executable"]
    return exes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(directory: Path) -> Iterator[str]:
    """`directory` over HTTP on 127.0.0.1 (it has an index.html) until the block ends."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", directory],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(url + "index.html", timeout=1).close()
                break
            time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextlib.contextmanager
def served_page() -> Iterator[str]:
    """bench/web/index.html beside pkg/ (pkg-web) and data/, on 127.0.0.1."""
    with tempfile.TemporaryDirectory(prefix="billsim-bench-web-") as tmp:
        (Path(tmp) / "pkg").symlink_to(ROOT / "bindings-wasm" / "pkg-web")
        (Path(tmp) / "data").symlink_to(DATA)
        (Path(tmp) / "index.html").symlink_to(ROOT / "bench" / "web" / "index.html")
        with served(Path(tmp)) as url:
            yield url


# ---- statistics and formatting ------------------------------------------------------


def pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


class Stat:
    """Median and p10–p90 of per-call nanoseconds."""

    def __init__(self, ns: list[float]) -> None:
        self.ns = ns
        self.median = statistics.median(ns)
        self.p10, self.p90 = pct(ns, 0.1), pct(ns, 0.9)
        self.n = len(ns)

    def __add__(self, other: Stat) -> Stat:  # sum of medians (parse + engine), spread summed too
        s = Stat([self.median + other.median])
        s.p10, s.p90, s.n = self.p10 + other.p10, self.p90 + other.p90, min(self.n, other.n)
        return s


def t(ns: float) -> str:
    if ns >= 1e9:
        return f"{ns / 1e9:.2f} s"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.1f} ns"


def spread(s: Stat) -> str:
    return f"{t(s.p10)}–{t(s.p90)} (n={s.n})"


def mem(kib: float | None) -> str:
    if kib is None:
        return ""
    return f"{kib / 1024:.0f} MiB" if kib < 1024 * 1024 else f"{kib / 1024 / 1024:.2f} GiB"


def status(ok: bool) -> str:
    return "met" if ok else "**MISSED**"


# ---- the run ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "?")
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )

    def version(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    return {
        "cpu": model,
        "nproc": str(os.cpu_count()),
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": f"{platform.system()} {platform.release()}",
        "rustc": version(["rustc", "--version"]),
        "node": version(["node", "--version"]),
        "python": platform.python_version(),
        "chromium": version(["/usr/bin/chromium", "--version"]),
        "commit": version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"])
        + (
            " + uncommitted changes in core/src"
            if subprocess.run(
                ["git", "-C", str(ROOT), "status", "--porcelain", "core/src"],
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
            else ""
        ),
    }


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    started = time.time()
    info = machine()
    load_start = loadavg()
    exes = build_native()
    DATA.mkdir(parents=True, exist_ok=True)
    child([exes["simulate"], "--json", "write", DATA])
    subprocess.run([PY, ROOT / "bench" / "baseline.py", "--write", DATA / "baseline.json"], check=True)

    floor, _ = child([exes["floor"], "--bench"])
    native, node, python, chromium, once, tuned, python_tuned = {}, {}, {}, {}, {}, {}, {}
    for name, budget, max_samples in CASES:
        file = DATA / f"{name}.json"
        native[name], rss = child([exes["simulate"], "--json", "run", name, file, budget, max_samples])
        native[name]["max_rss_kb"] = rss
        native[name]["sha256"] = sha256_file(Path(native[name]["report_file"]))
        if name in ("default", "baseline"):
            tuned[name], _ = child(
                [exes["simulate"], "--json", "run", name, file, budget, max_samples], env=TUNED_MALLOC
            )
            # Python under the same allocator setting: its calls allocate through the same glibc.
            python_tuned[name], _ = child(
                [PY, ROOT / "bench" / "py_front.py", name, file, budget, max_samples], env=TUNED_MALLOC
            )
        for mode in ("engine", "text"):
            once[(name, mode)] = child([exes["simulate"], "--json", "once", name, file, mode])
        extra = {"default": ["--convert"], "baseline": ["--monthly"]}.get(name, [])
        for front, results, cmd in (
            ("Python", python, [PY, ROOT / "bench" / "py_front.py", name, file, budget, max_samples, *extra]),
            ("Node", node, ["node", ROOT / "bench" / "wasm_node.cjs", name, file, budget, max_samples]),
        ):
            try:
                results[name], rss = child(cmd)
                results[name]["max_rss_kb"] = rss
            except RuntimeError as e:
                log(f"{front} {name} failed: {e}")
    with served_page() as url:
        for name, budget, max_samples in CASES:
            try:
                chromium[name], _ = child(
                    ["node", ROOT / "bench" / "wasm_chromium.cjs", url, budget, max_samples, name]
                )
            except RuntimeError as e:
                log(f"Chromium {name} failed: {e}")
    calculator = None
    with served(ROOT / "bindings-wasm" / "web") as url:
        try:
            calculator, _ = child(["node", ROOT / "bench" / "calculator_chromium.cjs", url, CALC_SAMPLES])
        except RuntimeError as e:
            log(f"calculator recompute failed: {e}")
    plain, _ = child([PY, ROOT / "bench" / "baseline.py", 2.0, 50])
    mc = {}
    for threads in (1, 2):
        cmd = [exes["montecarlo"], "--json", MC_RUNS, threads, MC_SAMPLES]
        wall = time.perf_counter()
        mc[threads], rss = child(cmd)
        mc[threads]["max_rss_kb"] = rss
        mc[threads]["cores_used"] = CPU_SECONDS[" ".join(str(c) for c in cmd)] / (time.perf_counter() - wall)
    load_end = loadavg()

    # Every front end must return the native report, byte for byte.
    for front, results in (("Node", node), ("Python", python), ("Chromium", chromium)):
        for name, r in results.items():
            if r["sha256"] != native[name]["sha256"]:
                raise SystemExit(
                    f"{front} {name}: report differs from native ({r['sha256']} != {native[name]['sha256']})"
                )

    rows: list[list[str]] = []
    targets: list[tuple[str, bool]] = []

    def row(
        what: str,
        s: Stat | None = None,
        per_row: str = "",
        memory: str = "",
        target: str = "",
        ratio: str = "",
        ok: bool | None = None,
    ) -> None:
        rows.append(
            [
                what,
                t(s.median) if s else "",
                spread(s) if s and s.n > 1 else "",
                per_row,
                memory,
                target,
                ratio,
                "" if ok is None else status(ok),
            ]
        )
        if ok is not None:
            targets.append((f"{what}: {target}", ok))

    def front_end(what: str, native: Stat, rows_n: int, result: dict, memory: str, limit: float) -> None:
        """One front end's text → text time against native, with its ratio target."""
        st = Stat(result["measures"]["text_to_text"])
        r = st.median / native.median
        row(what, st, f"{st.median / rows_n:.0f} ns", memory, f"≤ {limit:g}× native", f"{r:.2f}×", r <= limit)

    def python_front_end(what: str, native: Stat, rows_n: int, result: dict, memory: str) -> None:
        """Python's text → text time against native: ≤ 1.2× native plus the
        conversion, Python making a str of the report (timed on its own)."""
        st = Stat(result["measures"]["text_to_text"])
        conversion = Stat(result["measures"]["report_to_str"])
        r, net = st.median / native.median, (st.median - conversion.median) / native.median
        ratio = f"{r:.2f}× ({net:.2f}× + str)"
        row(what, st, f"{st.median / rows_n:.0f} ns", memory, "≤ 1.2× native + conversion", ratio, net <= 1.2)

    floor_ns = floor["median"]
    row(
        f"Decimal floor: one mul + one add (rust_decimal, black_box, {floor['iters']:,} iterations)",
        Stat([x for x in floor["ns_per_iter"]]),
        per_row=f"{floor_ns:.1f} ns",
    )
    labels = {
        "default": "default preset (12 months)",
        "baseline": "baseline scenario (12 months, 795 events)",
        "decade": "10 years, 100,000 events",
        "million": "10 years, 1,000,000 events",
    }
    for name, _, _ in CASES:
        n = native[name]
        rows_n = n["rows"]
        m = {k: Stat(v) for k, v in n["measures"].items()}
        label = f"{labels[name]} ({rows_n:,} ledger rows, {n['report_bytes'] / 1e6:.1f} MB report)"
        rows.append([f"*{label}*", "", "", "", "", "", "", ""])
        per = m["engine_full"].median / rows_n
        _, eng_rss = once[(name, "engine")]
        _, txt_rss = once[(name, "text")]
        if name == "default":
            row(
                "native engine: Scenario → Report (full)",
                m["engine_full"],
                f"{per:.0f} ns",
                mem(eng_rss),
                "≤ 100 µs",
                f"{m['engine_full'].median / 100e3:.2f}×",
                m["engine_full"].median <= 100e3,
            )
        else:
            row("native engine: Scenario → Report (full)", m["engine_full"], f"{per:.0f} ns", mem(eng_rss))
        ok_floor = per / floor_ns <= 20 if name == "default" else None
        row(
            "  engine ns per ledger row ÷ Decimal floor",
            None,
            f"{per / floor_ns:.1f}× floor",
            "",
            "≤ 20×" if ok_floor is not None else "",
            f"{per / floor_ns / 20:.2f}× target" if ok_floor is not None else "",
            ok_floor,
        )
        row("native engine: Scenario → Report (monthly: invoices, no ledger)", m["engine_monthly"])
        row("native parse: JSON → Scenario", m["parse"])
        if name == "million":
            both = m["parse"] + m["engine_full"]
            row(
                "native JSON → Report (parse + engine)",
                both,
                f"{both.median / rows_n:.0f} ns",
                mem(eng_rss),
                "≤ 2 s, ≤ 1 GiB",
                f"{both.median / 2e9:.2f}× time, {eng_rss / (GIB / 1024):.2f}× memory",
                both.median <= 2e9 and eng_rss <= GIB / 1024,
            )
        nat = nat_plain = m["text_to_text"]
        row(
            "native text → text (simulate_json: parse, engine, report JSON)",
            nat,
            f"{nat.median / rows_n:.0f} ns",
            mem(txt_rss),
        )
        tn = None
        if name in tuned:
            tn = Stat(tuned[name]["measures"]["text_to_text"])
            row(
                "native text → text, glibc malloc mmap/trim thresholds raised (32/64 MiB)",
                tn,
                f"{tn.median / rows_n:.0f} ns",
            )
            nat = min(nat, tn, key=lambda x: x.median)
        if name in node:
            front_end("WASM in Node (pkg-node simulateJson)", nat, rows_n, node[name], mem(node[name]["max_rss_kb"]) + " RSS", 2)
            if "report_to_string" in node[name]["measures"]:
                row("  of which V8 making the report a JS string (TextDecoder on the same bytes)", Stat(node[name]["measures"]["report_to_string"]))
        if name in chromium:
            c = chromium[name]
            front_end("WASM in headless Chromium (pkg-web web entry simulateJson)", nat, rows_n, c, f"{c['wasm_memory_bytes'] / 2**20:.0f} MiB wasm memory", 2)
            if "report_to_string" in c["measures"]:
                row("  of which the browser making the report a JS string (TextDecoder on the same bytes, in 64 KB pieces)", Stat(c["measures"]["report_to_string"]))
        else:
            row("WASM in headless Chromium: failed (see the log)")
        if name == "default":
            if calculator is None:
                row("calculator recompute in Chromium: failed (see the log)")
            else:
                rc = Stat([ms * 1e6 for ms in calculator["ms"]])
                row(
                    "calculator recompute in Chromium (a what-if input: simulate at daily detail, summary, tables, chart, layout)",
                    rc,
                    target="≤ 16 ms",
                    ratio=f"{rc.median / 16e6:.2f}× target",
                    ok=rc.median <= 16e6,
                )
        if name not in node:
            row("WASM in Node: failed (see the log)")
        if name in python:
            p = python[name]
            # Like for like: each allocator setting against native's under the same setting.
            python_front_end("Python _billsim.simulate_json (text → text)", nat_plain, rows_n, p, mem(p["max_rss_kb"]) + " RSS")
            row("  of which Python making the report a str (bytes.decode on the same bytes)", Stat(p["measures"]["report_to_str"]))
            if name in python_tuned and tn is not None:
                python_front_end("Python, glibc malloc thresholds raised (as native above)", tn, rows_n, python_tuned[name], "")
            if "report_convert" in p["measures"]:
                c = Stat(p["measures"]["report_convert"])
                row(
                    "  + conversion: billsim.simulate(text) → Report, .invoices, .summary",
                    c,
                    "",
                    "",
                    "",
                    f"{c.median / nat.median:.2f}× native",
                )
        if name == "baseline":
            pl = Stat(plain["measures"]["plain_python"])
            pm = Stat(python[name]["measures"]["text_to_text_monthly"])
            row(f"plain Python baseline (bench/baseline.py, decimal; same {plain['invoices']} invoices: checked)", pl)
            row(
                "  billsim from Python, monthly detail (same invoices)",
                pm,
                "",
                "",
                "≥ 100× faster",
                f"{pl.median / pm.median:.1f}× faster",
                pl.median / pm.median >= 100,
            )
            row(
                "  billsim from Python, full report",
                Stat(python[name]["measures"]["text_to_text"]),
                "",
                "",
                "",
                f"{pl.median / Stat(python[name]['measures']['text_to_text']).median:.1f}× faster",
            )
            row(
                "  billsim native engine, monthly detail",
                m["engine_monthly"],
                "",
                "",
                "",
                f"{pl.median / m['engine_monthly'].median:.1f}× faster",
            )
    rows.append(
        [
            f"*Monte Carlo: default preset, {MC_RUNS:,} paths × 12 months of daily stochastic usage*",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    )
    m1, m2 = Stat([x * 1e9 for x in mc[1]["seconds"]]), Stat([x * 1e9 for x in mc[2]["seconds"]])
    row(
        f"native, 1 thread ({mc[1]['cores_used']:.2f} cores busy on average)",
        m1,
        f"{m1.median / MC_RUNS / 1e3:.0f} µs/path",
        mem(mc[1]["max_rss_kb"]),
    )
    eff = m1.median / m2.median / 2
    row(
        f"native, 2 threads ({mc[2]['cores_used']:.2f} cores busy; scaling efficiency {eff:.0%})",
        m2,
        f"{m2.median / MC_RUNS / 1e3:.0f} µs/path",
        mem(mc[2]["max_rss_kb"]),
        "≤ 1 s on 2 cores",
        f"{m2.median / 1e9 * 10_000 / MC_RUNS:.2f}×",
        m2.median * 10_000 / MC_RUNS <= 1e9,
    )
    if mc[2]["cores_used"] < 1.6:
        rows.append(
            [
                (
                    "  (other work held a core during the 2-thread run: its scaling is not measurable in this run; "
                    f"1 thread ÷ 2 = {t(m1.median / 2)} is the best 2 cores could do)"
                ),
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )

    header = ["measure", "median", "spread p10–p90", "per ledger row", "peak memory", "target", "ratio", "status"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] * len(header)) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    met = sum(ok for _, ok in targets)
    missed = [name for name, ok in targets if not ok]
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    chromium_version = next((c.get("browser") for c in chromium.values()), None) or info["chromium"]
    text = "\n".join(
        [
            f"## `make bench` — {when}{' (--quick)' if QUICK else ''}",
            "",
            (
                f"Machine: {info['cpu']}, nproc {info['nproc']}, {info['memory']} RAM, {info['os']}; "
                f"load average {load_start} at start, {load_end} at end (other work was running on this shared machine)."
            ),
            (
                f"Toolchain: {info['rustc']} (release, LTO, codegen-units 1); Node {info['node']}; "
                f"Chromium {chromium_version} (headless); Python {info['python']}. Source: {info['commit']}."
            ),
            "",
            *lines,
            "",
            f"Targets: {met} of {len(targets)} met." + (" Missed: " + "; ".join(missed) + "." if missed else ""),
            "",
            (
                "How to read it: every figure comes from this one run. Times are per call; `median` and the p10–p90 "
                "spread are over n samples, each sample lasting at least 20 ms (many calls for small cases) after a warm-up "
                "(0.5 s native/Python; 2.5 s or one call for WASM, so V8 has tiered the module up). The engine rows time "
                "`simulate(Scenario) → Report` (scenario cloned outside the timed region); the front-end rows time text in → "
                "canonical report text out, so they compare with native *text → text*. Every front end's report was checked "
                "byte-identical to native (sha256). Per ledger row = median ÷ ledger rows. Peak memory: native and Python/Node "
                "rows are the peak RSS (ru_maxrss) of a fresh process running that case once (native) or all its samples "
                "(Node, Python), input text included; Chromium shows the WASM linear memory, which never shrinks, so it is the "
                "peak of the module's heap. The Decimal floor is one `Decimal * Decimal` plus one `Decimal + Decimal` per "
                "iteration. The baseline scenario is bench/baseline.py (pre-paid, Open PO, daily storage on a 30-day month "
                "above 1 TB, weekday compute runs); it asserts its invoices equal billsim's before it is timed. Monte Carlo "
                "runs `montecarlo::run(&default, runs, seed, threads)`; efficiency = t(1) ÷ (2 × t(2)); cores busy = the "
                "process's CPU time ÷ its wall time (below 2 with 2 threads means other work held a core). WASM is "
                "compared with the faster of the two native text → text figures (its heap lives in linear memory and is "
                "never returned, as with the raised thresholds); Python, which allocates through the same glibc, with native "
                "under the same allocator setting, row for row: whether a 0.5 MB report is mmapped and page-faulted afresh "
                "on every call depends on what the process last freed, not on billsim. Python's target is 1.2× native "
                "plus the conversion: its ratio column gives the whole call ÷ native, then (in brackets) the call less "
                "Python making the str ÷ native, which the status judges."
            ),
            f"Wall time of the measuring run: {time.time() - started:.0f} s.",
        ]
    )
    print(text)
    if not QUICK:
        (ROOT / "bench" / "RESULTS.md").write_text("# billsim benchmarks\n\n" + text + "\n", encoding="utf-8")
        log("wrote bench/RESULTS.md")
    raw = {
        "machine": info,
        "load": [load_start, load_end],
        "floor": floor,
        "native": native,
        "node": node,
        "python": python,
        "chromium": chromium,
        "plain": plain,
        "montecarlo": mc,
        "once": {f"{k[0]}/{k[1]}": v for k, v in once.items()},
    }
    (DATA / "results.json").write_text(json.dumps(raw, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    if shutil.which("node") is None:
        raise SystemExit("node is not on PATH")
    main()
