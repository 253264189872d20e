// The WASM-in-Chromium arm of `make bench` (bench/run.py serves the page and
// always stops the server): headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core from bindings-wasm/node_modules) opens a fresh
// page per case and runs window.bench (bench/web/index.html). Prints one JSON
// line per case.
//
//   node bench/wasm_chromium.cjs BASE_URL BUDGET_S MAX_SAMPLES NAME[:MAX_SAMPLES] ...
'use strict';
const { withChromium } = require('./chromium.cjs');

const [base, budgetS, maxSamples, ...cases] = process.argv.slice(2);

withChromium({}, async (context) => {
  for (const spec of cases) {
    const [name, max] = spec.split(':');
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e}`));
    await page.goto(`${base}index.html`);
    await page.waitForSelector('body[data-ready]', { timeout: 30000 });
    const result = await page.evaluate(([n, b, m]) => window.bench(n, b, m), [name, Number(budgetS), Number(max ?? maxSamples)]);
    result.browser = context.browser()?.version() ?? null;
    console.log(JSON.stringify(result));
    await page.close();
  }
});
