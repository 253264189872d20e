// Node entry (CommonJS): the nodejs build of the wasm module loads synchronously.
import * as wasm from '../billsim_wasm.js';
import { install } from '../lib/backend.js';

install(wasm);

export * from '../lib/api.js';
