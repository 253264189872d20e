# WebAssembly / npm package `billsim` and the what-if calculator (bindings-wasm/).
# make wasm          build both targets, wasm-opt, TypeScript, npm pack, calculator assets
# make test-wasm     node --test over the API + tsc --noEmit over the TypeScript example
# make test-browser  the calculator in headless Chromium (Playwright)
# make serve         build and serve the calculator on http://127.0.0.1:$(SERVE_PORT)/
TEST_TARGETS += test-wasm test-browser

WASM_DIR := bindings-wasm
WASM_BIN := node_modules/.bin
WASM_OUT := target/wasm32-unknown-unknown/release/billsim_wasm.wasm
SERVE_PORT ?= 8765

wasm:
	scripts/setup.sh wasm
	cargo build --release --target wasm32-unknown-unknown -p billsim-wasm --lib
	rm -rf $(WASM_DIR)/pkg-node $(WASM_DIR)/pkg-web $(WASM_DIR)/pkg-pack
	wasm-bindgen --target nodejs --out-dir $(WASM_DIR)/pkg-node $(WASM_OUT)
	wasm-bindgen --target web --out-dir $(WASM_DIR)/pkg-web $(WASM_OUT)
	# Both targets emit the same module: optimise once (npm binaryen, never Debian's),
	# without the toolchain's metadata sections. --flatten --rereloop rebuild the control
	# flow before -Oz (smaller, and no slower in Node); --converge repeats the passes while
	# they still shrink the module; --low-memory-unused lets them fold constant offsets into
	# loads and stores, which holds because rustc puts the 1 MB stack first in memory,
	# growing down towards address 0, and no call chain comes within a KB of overflowing it.
	# --reorder-functions-by-name puts the copies of a generic function side by side, where
	# gzip's 32 KB window finds what they share.
	cmp $(WASM_DIR)/pkg-node/billsim_wasm_bg.wasm $(WASM_DIR)/pkg-web/billsim_wasm_bg.wasm
	$(WASM_DIR)/$(WASM_BIN)/wasm-opt --flatten --rereloop -Oz --converge --low-memory-unused \
	  --reorder-functions-by-name --strip-producers --strip-target-features \
	  $(WASM_DIR)/pkg-web/billsim_wasm_bg.wasm -o $(WASM_DIR)/pkg-web/billsim_wasm_bg.wasm
	cp $(WASM_DIR)/pkg-web/billsim_wasm_bg.wasm $(WASM_DIR)/pkg-node/
	cargo run -q -p billsim-wasm --example codegen | node $(WASM_DIR)/tools/codegen.mjs
	cd $(WASM_DIR) && $(WASM_BIN)/tsc -p tsconfig.node.json && $(WASM_BIN)/tsc -p tsconfig.web.json
	echo '{"type":"commonjs"}' > $(WASM_DIR)/pkg-node/package.json
	echo '{"type":"module"}' > $(WASM_DIR)/pkg-web/package.json
	mkdir -p $(WASM_DIR)/pkg-pack
	cd $(WASM_DIR) && npm pack --silent --pack-destination pkg-pack
	rm -rf $(WASM_DIR)/web/pkg $(WASM_DIR)/web/vendor
	cp -r $(WASM_DIR)/pkg-web $(WASM_DIR)/web/pkg
	mkdir -p $(WASM_DIR)/web/vendor
	cp $(WASM_DIR)/node_modules/uplot/dist/uPlot.esm.js $(WASM_DIR)/node_modules/uplot/dist/uPlot.min.css $(WASM_DIR)/web/vendor/
	node $(WASM_DIR)/tools/size.mjs

test-wasm: wasm
	cd $(WASM_DIR) && node --test test/ && $(WASM_BIN)/tsc -p tsconfig.check.json

test-browser: wasm
	scripts/setup.sh browser
	cd $(WASM_DIR) && tools/with-server.sh node --test e2e/

serve: wasm
	@echo "calculator: http://127.0.0.1:$(SERVE_PORT)/"
	python3 -m http.server $(SERVE_PORT) --bind 127.0.0.1 --directory $(WASM_DIR)/web

.PHONY: wasm test-wasm test-browser serve
