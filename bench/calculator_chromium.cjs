// The calculator arm of `make bench` (bench/run.py serves bindings-wasm/web
// and always stops the server): headless Chromium opens the calculator on the
// default preset and times one recompute as a user causes it, a what-if
// control's `input` event: the scenario edited, `simulate` in WebAssembly,
// the summary, tables and uPlot chart redrawn (uPlot draws in a microtask,
// which the timing waits for) and the page laid out. The pre-paid amount
// alternates between two values so every sample is a real change. Prints one
// JSON line: milliseconds per recompute per sample.
//
//   node bench/calculator_chromium.cjs BASE_URL SAMPLES
'use strict';
const { withChromium } = require('./chromium.cjs');

const [base, samples] = process.argv.slice(2);

withChromium({ viewport: { width: 1280, height: 900 } }, async (context) => {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(`${base}index.html`);
  await page.waitForSelector('body[data-ready]', { timeout: 30000 });
  const result = await page.evaluate(async (n) => {
    const input = document.getElementById('prepaid_amount');
    const error = document.getElementById('err-prepaid_amount');
    const once = async (value) => {
      input.value = value;
      const t = performance.now();
      input.dispatchEvent(new Event('input'));
      await Promise.resolve();
      document.body.getBoundingClientRect();
      const ms = performance.now() - t;
      if (error.textContent) throw new Error(`the calculator refused ${value}: ${error.textContent}`);
      return ms;
    };
    // Warm-up: V8 tiers the module and the page's code up.
    for (let i = 0; i < 40; i++) await once(i % 2 ? '6000' : '7000');
    const ms = [];
    for (let i = 0; i < n; i++) ms.push(await once(i % 2 ? '6000' : '7000'));
    return { ms, invoice_rows: document.querySelectorAll('#invoices tr').length };
  }, Number(samples));
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  console.log(JSON.stringify({ front: 'calculator-chromium', browser: context.browser()?.version() ?? null, ...result }));
});
