# Benchmarks (issue 9): `make bench` builds the release artefacts (the npm
# package's WASM, the Python wheel, the native bench binaries) and prints one
# table measured in one run: simulate natively, WASM in Node and in headless
# Chromium, from Python; the Decimal floor; the plain-Python baseline; Monte
# Carlo on 1 and 2 threads; ratios against the issue's targets. The table is
# also written to bench/RESULTS.md. Never part of `make test`: benchmarks
# assert no times. BENCH_ARGS=--quick for a shorter run (no RESULTS.md).
BENCH_ARGS ?=

bench: wasm python-wheel
	scripts/setup.sh browser
	$(PY) bench/run.py $(BENCH_ARGS)

.PHONY: bench
