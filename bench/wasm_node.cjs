// The WASM-in-Node arm of `make bench` (bench/run.py): times the raw
// wasm-bindgen export `simulateJson(text, options)` of bindings-wasm/pkg-node
// (text in, canonical report text out) on a scenario file, with the same
// protocol as the native arm (core/benches/simulate.rs): samples of `inner`
// calls lasting at least 20 ms after a warm-up (see measure), until BUDGET_S is spent or MAX_SAMPLES taken
// (at least 3). Prints one JSON line: ns per call per sample, the report's
// sha256 (the driver checks it against the native report) and maxRSS.
//
//   node bench/wasm_node.cjs NAME FILE BUDGET_S MAX_SAMPLES
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const [name, file, budgetS, maxSamples] = process.argv.slice(2);
const wasm = require(path.join(__dirname, '..', 'bindings-wasm', 'pkg-node', 'billsim_wasm.js'));
const text = fs.readFileSync(file, 'utf8');
const options = '{"detail":"full"}';

// Warm-up: calls for at least 2.5 s, or one call when a call takes over a
// second (V8 compiles wasm with Liftoff first and tiers hot functions up to
// TurboFan as they run: the default preset settles after about 2 s of calls);
// the last warm-up call sizes the samples.
function measure(budgetMs, max, f) {
  const samples = [];
  let last = 0;
  const warm = Date.now();
  do {
    const t = process.hrtime.bigint();
    f();
    last = Number(process.hrtime.bigint() - t);
  } while (Date.now() - warm < 2500 && last < 1e9);
  const inner = Math.max(1, Math.floor(20e6 / Math.max(last, 1)));
  const start = Date.now();
  while (samples.length < max && (samples.length < 3 || Date.now() - start < budgetMs)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < inner; i++) f();
    samples.push(Number(process.hrtime.bigint() - t) / inner);
  }
  return samples;
}

const out = wasm.simulateJson(text, options);
const sha256 = crypto.createHash('sha256').update(out, 'utf8').digest('hex');
const reportBytes = Buffer.byteLength(out, 'utf8');
const textToText = measure(Number(budgetS) * 1000, Number(maxSamples), () => wasm.simulateJson(text, options));
const measures = { text_to_text: textToText.map(Math.round) };
// The part of a call that is V8 making the report a JS string: the same
// bytes through the decoder wasm-bindgen's glue uses (small reports only:
// a second copy of a large one would double the peak memory).
if (reportBytes < 8e6) {
  const bytes = new Uint8Array(Buffer.from(out, 'utf8'));
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  measures.report_to_string = measure(Number(budgetS) * 1000, Number(maxSamples), () => decoder.decode(bytes)).map(Math.round);
}
console.log(JSON.stringify({
  front: 'wasm-node', case: name, node: process.version, report_bytes: reportBytes, sha256,
  max_rss_kb: process.resourceUsage().maxRSS, measures,
}));
