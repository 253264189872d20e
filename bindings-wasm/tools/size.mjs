// Prints the size of the optimised .wasm, raw and gzipped (level 9).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const path = new URL('../pkg-web/billsim_wasm_bg.wasm', import.meta.url);
const bytes = readFileSync(path);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`billsim_wasm_bg.wasm: ${kb(bytes.length)} raw, ${kb(gzipSync(bytes, { level: 9 }).length)} gzip`);
