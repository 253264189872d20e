// Browser / bundler entry (ES module): fetches and instantiates the wasm
// module next to this file before the API is used (top-level await).
import init, * as wasm from '../billsim_wasm.js';
import { install } from '../lib/backend.js';

await init();
// Browsers make a large JS string several times faster from pieces
// (src/text.rs); 64 KB pieces measured fastest in Chromium.
wasm.setTextPieceBytes(64 * 1024);
install(wasm);

export * from '../lib/api.js';
