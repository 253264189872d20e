// Runs Monte Carlo off the main thread and posts progress as paths finish.
// The wasm module loads with a top-level await, so the worker says `ready`
// before the page sends work (a message sent earlier would be lost).
import { monteCarlo, isBillsimError } from './pkg/web/index.js';

self.onmessage = ({ data: { scenario, runs, seed } }) => {
  try {
    const result = monteCarlo(scenario, { runs, seed, onProgress: (done, total) => self.postMessage({ progress: [done, total] }) });
    self.postMessage({ result });
  } catch (e) {
    self.postMessage({ error: isBillsimError(e) ? e.toJSON() : { code: 'internal', path: '', message: String(e) } });
  }
};

self.postMessage({ ready: true });
