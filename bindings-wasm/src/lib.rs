//! WebAssembly front end of billsim (wasm-bindgen).
