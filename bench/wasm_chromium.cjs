// The WASM-in-Chromium arm of `make bench` (bench/run.py serves the page and
// always stops the server): headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core from bindings-wasm/node_modules) opens a fresh
// page per case and runs window.bench (bench/web/index.html). Prints one JSON
// line per case.
//
//   node bench/wasm_chromium.cjs BASE_URL BUDGET_S MAX_SAMPLES NAME[:MAX_SAMPLES] ...
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'bindings-wasm', 'node_modules', 'playwright-core'));

const [base, budgetS, maxSamples, ...cases] = process.argv.slice(2);

(async () => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billsim-bench-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--enable-precise-memory-info'],
  });
  try {
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
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
})().catch((e) => { console.error(e); process.exit(1); });
