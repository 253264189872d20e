// The calculator in headless Chromium (playwright-core + Debian chromium).
// Run by `make test-browser`, which serves web/ and sets BILLSIM_URL.
// Figures checked against `cargo run -p billsim-core --example run -- <file> --json`.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const billsim = require('billsim');

const BASE = process.env.BILLSIM_URL;
const OUT = path.join(__dirname, '..', 'test-output');
const FIXTURES = path.join(__dirname, '..', '..', 'tests', 'fixtures');

let context;
let page;
let profile;
const problems = [];

test.before(async () => {
  assert.ok(BASE, 'BILLSIM_URL is not set: run through tools/with-server.sh (make test-browser)');
  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'billsim-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
});

test.after(async () => {
  await context?.close();
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
});

const text = (selector) => page.textContent(selector);
const figure = (id) => text(`[data-figure="${id}"]`);
const ready = () => page.waitForSelector('body[data-ready="1"]', { state: 'attached' });

test('Open PO preset: figures, a what-if change, errors next to the control', async () => {
  await page.goto(`${BASE}index.html`);
  await ready();
  assert.equal(await page.locator('#preset option').count(), billsim.examples().length);

  await page.selectOption('#preset', 'seed002_open_po');
  assert.equal(await page.inputValue('#tenant'), 'fast.Illumina.com');
  assert.equal(await page.inputValue('#compute_daily'), '200');
  assert.equal(await page.inputValue('#open_po_amount'), '10000');
  assert.match(await text('#summary'), /po-fast\s*open_po\s*10000\s*10000\s*0\s*2026-05-15T12:00Z/);
  assert.equal(await figure('postpaid-since'), '2026-05-15T12:00Z');
  assert.match(await text('#invoices tbody'), /^2026-05\s*2026-06-01\s*3200\s*3200\s*3200$/);

  // Half the compute: the PO lasts to its expiry, 3400 expire unused, no invoice.
  await page.fill('#compute_daily', '100');
  assert.match(await text('#summary'), /po-fast\s*open_po\s*10000\s*6600\s*0\s*—\s*2026-07-01T00:00Z/);
  assert.equal(await figure('postpaid-since'), '2026-07-01T00:00Z');
  assert.match(await text('#invoices'), /No invoices/);
  assert.match(await text('#notifications'), /open po expired/);

  // A comma is not a decimal point: core's message shows by the control; the last good result stays.
  await page.fill('#compute_daily', '12,5');
  // Core points at the profile (`/usage/0`), not yet at its field; either shows here.
  assert.match(await text('#err-compute_daily'), /12,5.*\/usage\/0.*invalid_amount/);
  assert.equal(await page.getAttribute('#compute_daily', 'aria-invalid'), 'true');
  assert.equal(await figure('postpaid-since'), '2026-07-01T00:00Z');
  await page.fill('#compute_daily', '100');
  assert.equal(await text('#err-compute_daily'), '');

  fs.mkdirSync(OUT, { recursive: true });
  await page.screenshot({ path: path.join(OUT, 'calculator.png'), fullPage: true });
});

test('the scenario lives in the URL; a hostile link keeps the page working', async () => {
  const shared = page.url();
  assert.match(shared, /#scenario=/);
  const opened = await context.newPage();
  await opened.goto(shared);
  await opened.waitForSelector('body[data-ready="1"]', { state: 'attached' });
  assert.equal(await opened.inputValue('#compute_daily'), '100');
  assert.equal(await opened.textContent('[data-figure="postpaid-since"]'), '2026-07-01T00:00Z');
  await opened.close();

  // Garbage, then a scenario core refuses whose name is HTML: the last good state stays.
  await page.evaluate(() => { location.hash = '#scenario=<img src=x onerror=alert(1)>'; });
  await page.waitForFunction(() => document.getElementById('err-import').textContent !== '');
  assert.match(await text('#err-import'), /cannot be read/);
  const hostile = { start: '2026-03-01', until: '2026-03-31', name: '<b>bold</b>', tenants: [{ id: 'lab', budget: 1.5 }] };
  const hash = Buffer.from(JSON.stringify(hostile)).toString('base64url');
  await page.evaluate((h) => { location.hash = `#scenario=${h}`; }, hash);
  await page.waitForFunction(() => /refused/.test(document.getElementById('err-import').textContent));
  assert.match(await text('#err-import'), /float_money/);
  assert.equal(await figure('postpaid-since'), '2026-07-01T00:00Z');
  // A scenario that runs shows its name as text, never as HTML.
  await page.evaluate((h) => { location.hash = `#scenario=${h}`; },
    Buffer.from(JSON.stringify({ ...hostile, tenants: [{ id: 'lab' }] })).toString('base64url'));
  await page.waitForFunction(() => document.getElementById('scenario-name').textContent === '<b>bold</b>');
  assert.equal(await page.locator('header b').count(), 0);
});

test('Monte Carlo runs in a worker with a progress bar and matches the package', async () => {
  await page.goto(`${BASE}index.html`);
  await ready();
  await page.fill('#mc-runs', '50');
  await page.click('#mc-run');
  await page.waitForSelector('body[data-mc="done"]', { state: 'attached', timeout: 120000 });
  assert.equal(await page.getAttribute('#mc-progress', 'value'), '50');
  const scenario = billsim.examples()[0].scenario;
  const expected = billsim.monteCarlo(scenario, { runs: 50, seed: scenario.seed ?? 0 });
  const [month] = Object.keys(expected.invoices_by_month).sort().slice(-1);
  const q = expected.invoices_by_month[month].quantiles;
  const row = await page.locator('#mc-table tbody tr', { hasText: month }).textContent();
  assert.equal(row, `${month}${q.p5}${q.p50}${q.p95}${expected.invoices_by_month[month].mean}`);
});

test('editing: a cleared field retyped restores its event; controls without their event say so', async () => {
  await page.goto(`${BASE}index.html`);
  await ready();
  // Compute as samples × iCredits per sample: the default preset's WGS cohort, priced at 10 a sample.
  assert.equal(await page.inputValue('#cohort_samples'), '20');
  assert.equal(await page.inputValue('#cohort_per_sample'), '');
  const priced = structuredClone(billsim.examples()[0].scenario);
  const cohort = priced.usage.find((p) => p.type === 'cohort');
  delete cohort.assay; // a price replaces the assay's estimate
  cohort.icredits_per_sample = '10';
  await page.fill('#cohort_per_sample', '10');
  assert.equal(await figure('charged'), billsim.simulate(priced, { detail: 'summary' }).summary.tenants[0].icredits_charged);
  await page.fill('#cohort_per_sample', '');
  assert.equal(await figure('charged'), billsim.simulate(billsim.examples()[0].scenario, { detail: 'summary' }).summary.tenants[0].icredits_charged);
  // The default preset's Open PO: cleared, then a new amount brings it back with its id and expiry.
  await page.fill('#open_po_amount', '');
  assert.equal(await page.isDisabled('#open_po_expires'), true);
  assert.match(await text('#hint-open_po_expires'), /Open PO amount first/);
  assert.doesNotMatch(await text('#summary'), /po-summer/);
  // A refused first try does not lose what was removed.
  await page.fill('#open_po_amount', '4,000');
  assert.match(await text('#err-open_po_amount'), /invalid_amount/);
  await page.fill('#open_po_amount', '4000');
  assert.equal(await page.inputValue('#open_po_expires'), '2026-09-30');
  assert.match(await text('#summary'), /po-summer\s*open_po\s*4000/);
  // Storage now cleared and retyped keeps the growth per month.
  await page.fill('#storage_now', '');
  await page.fill('#storage_now', '2');
  assert.equal(await page.inputValue('#storage_growth'), '0.3');
  // A refused edit is dropped once another control is changed: its message and text go.
  await page.fill('#budget', '12,5');
  assert.match(await text('#err-budget'), /invalid_amount/);
  await page.fill('#open_po_amount', '4500');
  assert.equal(await text('#err-budget'), '');
  assert.equal(await page.inputValue('#budget'), '1500');
  // A preset without pre-paid iCredits: its date waits for an amount.
  await page.selectOption('#preset', 'seed002_postpaid');
  assert.equal(await page.isDisabled('#prepaid_date'), true);
  assert.match(await text('#hint-prepaid_date'), /pre-paid amount first/);
});

test('a large imported scenario loads, lives in the URL and stays editable', async () => {
  const scenario = structuredClone(billsim.examples()[0].scenario);
  for (let i = 0; i < 2500; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    scenario.events.push({ at: `2026-04-${day}T10:00`, type: 'charge', tenant: scenario.tenants[0].id, usage_type: 'compute', amount: '1.25' });
  }
  scenario.name = 'Large import';
  const buffer = Buffer.from(JSON.stringify(scenario));
  assert.ok(buffer.length > 200000);
  await page.setInputFiles('#import', { name: 'large.json', mimeType: 'application/json', buffer });
  await page.waitForFunction(() => document.getElementById('scenario-name').textContent === 'Large import');
  assert.equal(await text('#err-import'), '');
  assert.ok((await page.evaluate(() => location.hash.length)) > 200000);
  const expected = billsim.simulate(scenario, { detail: 'monthly' }).summary.icredits_charged;
  assert.match(await text('#summary'), new RegExp(expected));
  await page.fill('#budget', '900');
  assert.equal(await text('#err-budget'), '');
});

test('Monte Carlo: a new run replaces a running one; a scenario change clears the result', async () => {
  await page.goto(`${BASE}index.html`);
  await ready();
  await page.fill('#mc-runs', '5000');
  await page.click('#mc-run');
  await page.fill('#mc-runs', '5');
  await page.click('#mc-run');
  await page.waitForSelector('body[data-mc="done"]', { state: 'attached', timeout: 120000 });
  // The 5000-path worker was stopped: nothing overwrites the 5-path result.
  await page.waitForTimeout(1500);
  assert.equal(await page.getAttribute('#mc-progress', 'max'), '5');
  const scenario = billsim.examples()[0].scenario;
  const expected = billsim.monteCarlo(scenario, { runs: 5, seed: scenario.seed ?? 0 });
  const [month] = Object.keys(expected.invoices_by_month).sort().slice(-1);
  assert.match(await page.locator('#mc-table tbody tr', { hasText: month }).textContent(), new RegExp(`${expected.invoices_by_month[month].mean}$`));
  await page.fill('#budget', '900');
  assert.equal(await page.locator('#mc-table tbody tr').count(), 0);
  assert.match(await text('#err-mc'), /scenario changed/);
  await page.click('#mc-run');
  await page.waitForSelector('body[data-mc="done"]', { state: 'attached', timeout: 120000 });
  assert.equal(await text('#err-mc'), '');
});

test('a phone-width screen scrolls only vertically', async () => {
  const phone = await context.newPage();
  await phone.setViewportSize({ width: 360, height: 800 });
  await phone.goto(`${BASE}index.html`);
  await phone.waitForSelector('body[data-ready="1"]', { state: 'attached' });
  assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 360);
  await phone.screenshot({ path: path.join(OUT, 'calculator-phone.png'), fullPage: true });
  await phone.close();
});

test('shared fixtures give the same bytes in Chromium', async (t) => {
  const files = fs.existsSync(FIXTURES) ? fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.scenario.json')).sort() : [];
  if (files.length === 0) return t.skip('no fixtures in tests/fixtures yet');
  const pairs = files.map((f) => [f,
    fs.readFileSync(path.join(FIXTURES, f), 'utf8'),
    fs.readFileSync(path.join(FIXTURES, f.replace(/\.scenario\.json$/, '.expected.json')), 'utf8').trim()]);
  const mismatched = await page.evaluate(async (cases) => {
    const b = await import('./pkg/web/index.js');
    return cases.filter(([, scenario, expected]) => b.simulateJson(scenario) !== expected).map(([name]) => name);
  }, pairs);
  assert.deepEqual(mismatched, []);
});

test('no console errors', () => {
  assert.deepEqual(problems, []);
});
