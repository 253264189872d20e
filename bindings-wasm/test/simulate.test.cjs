// simulate / simulateJson / examples / schema over the seeds' worked
// examples. Figures checked against `cargo run -p billsim-core --example run -- <preset> --json`.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { billsim, presets, run } = require('./helpers.cjs');

const totals = (report, tenant) =>
  report.invoices.filter((i) => !tenant || i.tenant === tenant).map((i) => [i.period, i.total]);
const tenant = (report, id) => report.summary.tenants.find((t) => t.tenant === id);

test('examples() lists every preset, the default first', () => {
  const names = billsim.examples().map((e) => e.name);
  assert.equal(names[0], 'default');
  for (const name of ['seed002_prepaid', 'seed002_postpaid', 'seed002_open_po', 'seed002_samples',
    'seed002_storage_after_expiry', 'seed003_basespace']) {
    assert.ok(names.includes(name), name);
  }
  for (const { scenario } of billsim.examples()) assert.match(scenario.start, /^\d{4}-\d{2}-\d{2}$/);
});

test('seed 002 pre-funded: 1000 pre-paid run out on 20 March, 550 invoiced for March', () => {
  const r = run('seed002_prepaid');
  assert.deepEqual(totals(r), [['2026-03', '550']]);
  const t = tenant(r, 'coreseqinc.Illumina.com');
  const [src] = t.sources;
  assert.equal(src.id, 'prepaid-march');
  assert.equal(src.depleted_at, '2026-03-20T12:00Z');
  assert.equal(src.remaining, '0');
  assert.equal(t.postpaid_since, '2026-03-20T12:00Z');
  assert.equal(t.icredits_prefunded, '1000');
  assert.equal(t.icredits_postpaid, '550');
  const low = r.notifications.find((n) => n.kind === 'low_balance');
  assert.equal(low.at, '2026-03-16T12:00Z');
  assert.deepEqual(r.invoices[0].lines, [{ usage_type: 'compute', amount: '550' }]);
});

test('seed 002 post-paid: 1240 without pre-funding, 740 after 500 pre-paid run out on 13 March', () => {
  const r = run('seed002_postpaid');
  assert.deepEqual(totals(r, 'no-prefunding.Illumina.com'), [['2026-03', '1240']]);
  assert.deepEqual(totals(r, 'prefunded-500.Illumina.com'), [['2026-03', '740']]);
  assert.equal(tenant(r, 'prefunded-500.Illumina.com').postpaid_since, '2026-03-13T12:00Z');
});

test('seed 002 Open PO: one exhausted on 15 May, the other expires on 30 June with credits left', () => {
  const r = run('seed002_open_po');
  const fast = tenant(r, 'fast.Illumina.com');
  assert.equal(fast.sources[0].depleted_at, '2026-05-15T12:00Z');
  assert.equal(fast.postpaid_since, '2026-05-15T12:00Z');
  const slow = tenant(r, 'slow.Illumina.com');
  assert.equal(slow.sources[0].expired_at, '2026-07-01T00:00Z');
  assert.equal(slow.sources[0].depleted_at, null);
  assert.deepEqual(totals(r, 'fast.Illumina.com'), [['2026-05', '3200']]);
  assert.deepEqual(totals(r, 'slow.Illumina.com'), [['2026-07', '3100']]);
  assert.ok(r.notifications.some((n) => n.kind === 'open_po_expired' && n.tenant === 'slow.Illumina.com'));
});

test('seed 002 Samples: usage at zero is blocked, a new purchase resumes it; the invoice rounds 387.5 up', () => {
  const r = run('seed002_samples');
  const [s] = tenant(r, 'oncology.Illumina.com').samples;
  assert.deepEqual([s.purchased, s.used, s.remaining, s.blocked], ['300', '224', '76', '24']);
  assert.equal(s.depleted_at, '2026-03-14T10:00Z');
  assert.deepEqual(r.rejections.map((x) => [x.at, x.code]), [['2026-03-16T10:00Z', 'samples_blocked']]);
  assert.deepEqual([r.invoices[0].exact_total, r.invoices[0].total], ['387.5', '388']);
});

test('seed 002 storage after expiry: invoices 24, 45, 47, 21; a delete without support is refused', () => {
  const r = run('seed002_storage_after_expiry');
  assert.deepEqual(totals(r), [['2026-03', '24'], ['2026-04', '45'], ['2026-05', '47'], ['2026-06', '21']]);
  assert.equal(r.invoices[0].exact_total, '23.25');
  assert.deepEqual(r.rejections.map((x) => [x.at, x.code]), [['2026-05-10T09:00Z', 'access_requires_support']]);
  assert.equal(r.summary.invoiced, '137');
});

test('seed 003 BaseSpace: invoices 48 and 27 (rounded up), Basic account capped at 1 TB', () => {
  const r = run('seed003_basespace');
  assert.deepEqual(totals(r, 'pro-workgroup'), [['2026-03', '48'], ['2026-04', '27']]);
  assert.equal(r.invoices[0].exact_total, '47.125');
  assert.equal(tenant(r, 'trial-user').sources[0].expired_at, '2026-03-31T00:00Z');
  assert.equal(tenant(r, 'basic-user').storage_tb, '0.8');
  assert.ok(r.rejections.some((x) => x.code === 'storage_cap_exceeded' && x.at === '2026-03-15T12:00Z'));
});

test('simulate is JSON.parse(simulateJson(JSON.stringify(scenario))) for every preset', () => {
  for (const [name, scenario] of Object.entries(presets)) {
    const text = billsim.simulateJson(JSON.stringify(scenario));
    assert.deepEqual(billsim.simulate(scenario), JSON.parse(text), name);
    assert.equal(JSON.stringify(JSON.parse(text)), text, `${name}: canonical compact JSON`);
  }
});

test('a report made in pieces (as the web entry has it) is the same text, multi-byte characters included', () => {
  // The node entry makes whole strings; the raw module is the one it installed.
  const raw = require('../pkg-node/billsim_wasm.js');
  const scenario = presets.seed002_prepaid;
  const text = JSON.stringify(scenario).replaceAll(JSON.stringify(scenario.tenants[0].id), '"Génomique 🧬 Zürich"');
  const whole = billsim.simulateJson(text);
  assert.ok(whole.includes('Génomique 🧬 Zürich'));
  try {
    // 1 and 5 bytes split two- and four-byte characters unless pieces end on character boundaries.
    for (const bytes of [1, 5, 7, 4096]) {
      raw.setTextPieceBytes(bytes);
      assert.equal(billsim.simulateJson(text), whole, `${bytes}-byte pieces`);
      assert.deepEqual(new billsim.Simulation(JSON.parse(text)).finish(), JSON.parse(whole), `${bytes}-byte pieces, step API`);
    }
  } finally {
    raw.setTextPieceBytes(0);
  }
});

test('detail levels build less of the report; the summary is the same at every level', () => {
  const full = run('seed002_storage_after_expiry');
  const levels = Object.fromEntries(['summary', 'monthly', 'daily'].map((d) => [d, run('seed002_storage_after_expiry', { detail: d })]));
  assert.equal(full.detail, 'full');
  assert.ok(full.ledger.length > 0);
  assert.deepEqual([levels.summary.invoices.length, levels.summary.daily.length], [0, 0]);
  assert.deepEqual([levels.monthly.invoices.length, levels.monthly.daily.length], [4, 0]);
  assert.deepEqual([levels.daily.daily.length, levels.daily.ledger.length], [122, 0]);
  for (const r of Object.values(levels)) assert.deepEqual(r.summary, full.summary);
});

test('money crosses as decimal strings', () => {
  const r = run('seed003_basespace');
  for (const row of r.ledger) assert.equal(typeof row.amount, 'string');
  assert.equal(r.summary.icredits_charged, '371.583333333333');
});

test("schema() is core's schema file exactly: no titles added for the TypeScript types", () => {
  const file = (name) => JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'core', 'schema', name), 'utf8'));
  assert.deepEqual(billsim.schema('scenario'), file('scenario.schema.json'));
  assert.deepEqual(billsim.schema('report'), file('report.schema.json'));
  assert.ok(billsim.schema().$defs.Event.oneOf.every((branch) => !('title' in branch)));
});

test('schema() returns the JSON Schemas generated from the Rust types', () => {
  const s = billsim.schema('scenario');
  assert.deepEqual(s.required.sort(), ['start', 'until']);
  assert.ok(s.$defs.Event.oneOf.length >= 15);
  const r = billsim.schema('report');
  for (const key of ['summary', 'invoices', 'ledger', 'daily', 'notifications', 'rejections']) assert.ok(key in r.properties, key);
});
