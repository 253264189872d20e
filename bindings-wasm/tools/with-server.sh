#!/usr/bin/env bash
# Serves bindings-wasm/web on 127.0.0.1 at a free port, runs the given
# command with BILLSIM_URL set to it, and always stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory web >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$port/index.html" && break
  sleep 0.1
done
BILLSIM_URL="http://127.0.0.1:$port/" "$@"
