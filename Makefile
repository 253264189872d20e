# billsim: `make demo` and `make test` install what they need (scripts/setup.sh).
# Each area adds its targets in mk/*.mk and appends to TEST_TARGETS.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
TEST_TARGETS := test-rust

help:
	@echo "make demo   run the default scenario"
	@echo "make test   every test: Rust, Node, Python, notebooks, browser"
	@echo "make bench  benchmarks"

test-rust:
	scripts/setup.sh rust
	cargo test --workspace --release -q

include $(sort $(wildcard mk/*.mk))

demo:
	cargo run --release -q -p billsim-core --example run -- default

test: $(TEST_TARGETS)

.PHONY: help demo test test-rust
