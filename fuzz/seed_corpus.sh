#!/usr/bin/env bash
# Builds the seed corpora (gitignored) from the presets and shared fixtures.
# Idempotent: files are named by content hash.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/scenario_json corpus/step_api
for f in ../core/scenarios/*.json ../tests/fixtures/*.scenario.json; do
  [ -f "$f" ] || continue
  h=$(sha1sum "$f" | cut -c1-16)
  cp "$f" "corpus/scenario_json/seed-$h"
  # A minified copy: the fuzzer mutates short inputs faster.
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])),separators=(",",":")))' "$f" \
    > "corpus/scenario_json/min-$h" 2>/dev/null || rm -f "corpus/scenario_json/min-$h"
done
# step_api takes arbitrary bytes; a few deterministic seeds of varied length.
for n in 64 256 1024 4096; do
  head -c "$n" /dev/zero | tr '\0' '\7' > "corpus/step_api/seed-$n"
  python3 -c 'import random,sys; r=random.Random(int(sys.argv[1])); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(int(sys.argv[1]))))' "$n" \
    > "corpus/step_api/rand-$n"
done
echo "seed corpus: $(ls corpus/scenario_json | wc -l) scenario_json, $(ls corpus/step_api | wc -l) step_api"
