#!/usr/bin/env bash
# Installs every tool the build and tests need, idempotently: each step is
# skipped when what it installs is already there. Usage: scripts/setup.sh [rust|wasm|python|browser|all]
set -euo pipefail
cd "$(dirname "$0")/.."

want="${1:-all}"
has() { command -v "$1" >/dev/null 2>&1; }

setup_rust() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
  fi
}

setup_wasm() {
  setup_rust
  # The CLI must equal the wasm-bindgen crate version in Cargo.lock; no --locked (see README).
  local wb
  wb=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/version = "\(.*\)"/\1/p' | head -1)
  wb="${wb:-0.2.130}"
  if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb"; then
    cargo install wasm-bindgen-cli --version "$wb"
  fi
  if [ ! -x bindings-wasm/node_modules/.bin/wasm-opt ]; then
    (cd bindings-wasm && npm ci --no-audit --no-fund)
  fi
}

setup_python() {
  if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
  fi
  if ! .venv/bin/python -c "import maturin, pytest, pandas, matplotlib, nbclient, ipykernel, nbmake, mypy, dask, distributed, hypothesis" 2>/dev/null; then
    .venv/bin/pip install --quiet -r bindings-python/requirements-dev.txt
  fi
}

setup_browser() {
  if ! has chromium; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
}

case "$want" in
  rust) setup_rust ;;
  wasm) setup_wasm ;;
  python) setup_python ;;
  browser) setup_browser ;;
  all) setup_rust; setup_wasm; setup_python; setup_browser ;;
  *) echo "usage: $0 [rust|wasm|python|browser|all]" >&2; exit 2 ;;
esac
