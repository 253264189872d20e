// The raw wasm-bindgen module the public API calls: the node entry installs
// the nodejs build, the web entry the web build once it is initialised.
import type * as Raw from '../billsim_wasm.js';

export type Backend = typeof Raw;

let current: Backend | undefined;

/** Called once by the entry point. */
export function install(backend: Backend): void {
  current = backend;
}

/** The installed module. */
export function raw(): Backend {
  if (!current) throw new Error('billsim: the WebAssembly module is not initialised');
  return current;
}
