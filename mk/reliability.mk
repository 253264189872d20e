# Reliability: bounded fuzzing of scenario parsing and the step API (issue 10).
# cargo-fuzz needs nightly flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain
# accept them (nothing else is installed). Each target runs FUZZ_SECONDS and
# the target fails on any crash, leak, timeout or out-of-memory.
# Longer runs by hand: make fuzz FUZZ_SECONDS=600
TEST_TARGETS += test-fuzz

FUZZ_SECONDS ?= 30
FUZZ_TARGETS := scenario_json step_api
FUZZ_FLAGS = -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1

fuzz-setup:
	@command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	fuzz/seed_corpus.sh
	cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz build

test-fuzz fuzz: fuzz-setup
	cd fuzz && for t in $(FUZZ_TARGETS); do \
	  dict=""; if [ "$$t" = scenario_json ]; then dict="-dict=scenario.dict"; fi; \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run "$$t" "corpus/$$t" -- $(FUZZ_FLAGS) $$dict; \
	done

.PHONY: fuzz-setup test-fuzz fuzz
