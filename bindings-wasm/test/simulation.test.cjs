// The step API. A top-up applied mid-run gives the same report, byte for
// byte, as the whole scenario with that event appended (checked natively:
// March invoice 200, top-up 350 used and 150 left).
const test = require('node:test');
const assert = require('node:assert/strict');
const { billsim, presets, thrown } = require('./helpers.cjs');

const prepaid = presets.seed002_prepaid;
const topUp = { at: '2026-03-25T09:00', type: 'prepaid', tenant: 'coreseqinc.Illumina.com', amount: '500', id: 'top-up' };

test('balances as the clock advances', () => {
  const sim = new billsim.Simulation(prepaid);
  assert.equal(sim.now, '2026-02-01T00:00Z');
  assert.equal(sim.end, '2026-05-01T00:00Z');
  sim.advanceTo('2026-03-16T13:00Z');
  assert.equal(sim.now, '2026-03-16T13:00Z');
  assert.equal(sim.balances()[0].sources[0].remaining, '200');
  assert.equal(sim.report().invoices.length, 0);
});

test('apply mid-run equals the whole run with the event appended', () => {
  const sim = new billsim.Simulation(prepaid);
  sim.advanceTo('2026-03-16T13:00Z');
  assert.equal(sim.apply(topUp), 2);
  const stepped = sim.finish();
  const whole = billsim.simulateJson(JSON.stringify({ ...prepaid, events: [...prepaid.events, topUp] }));
  assert.equal(JSON.stringify(stepped), whole);
  assert.deepEqual(stepped.invoices.map((i) => i.total), ['200']);
  const src = stepped.summary.tenants[0].sources[1];
  assert.deepEqual([src.id, src.used, src.remaining], ['top-up', '350', '150']);
});

test('step errors carry the path the event would have', () => {
  const sim = new billsim.Simulation(JSON.stringify(prepaid));
  sim.advanceTo('2026-03-16T13:00Z');
  const past = thrown(() => sim.apply({ ...topUp, at: '2026-03-01' }));
  assert.deepEqual([past.code, past.path], ['out_of_horizon', '/events/2/at']);
  const float = thrown(() => sim.apply({ ...topUp, amount: 5.5 }));
  assert.deepEqual([float.code, float.path], ['float_money', '/events/2/amount']);
  assert.equal(thrown(() => sim.advanceTo('soon')).code, 'invalid_time');
  assert.equal(sim.apply(topUp), 2);
});

test('finish leaves the simulation readable at the end, as in Python; free ends it', () => {
  const sim = new billsim.Simulation(prepaid, { detail: 'summary' });
  const report = sim.finish();
  assert.equal(report.detail, 'summary');
  assert.deepEqual(report.invoices, []);
  assert.equal(report.summary.invoiced, '550');
  assert.equal(sim.now, sim.end);
  assert.equal(sim.balances()[0].sources[0].remaining, '0');
  assert.deepEqual(sim.report(), report);
  assert.deepEqual(sim.finish(), report);
  sim.free();
  const e = thrown(() => sim.balances());
  assert.ok(e instanceof Error);
  assert.equal(billsim.isBillsimError(e), false);
});
