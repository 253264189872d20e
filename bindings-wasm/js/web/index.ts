// Browser / bundler entry (ES module): fetches and instantiates the wasm
// module next to this file before the API is used (top-level await).
import init, * as wasm from '../billsim_wasm.js';
import { install } from '../lib/backend.js';

await init();
install(wasm);

export * from '../lib/api.js';
