// Monte Carlo, compare and forecast through the package. Figures checked
// against core (compare's doc example; forecast of the pre-funded seed).
const test = require('node:test');
const assert = require('node:assert/strict');
const { billsim, presets, thrown } = require('./helpers.cjs');

const prepaid = presets.seed002_prepaid;

test('compare: pre-paying 2000 instead of 1000 removes the 550 post-paid', () => {
  const more = structuredClone(prepaid);
  more.events[1].amount = '2000';
  const c = billsim.compare(prepaid, more);
  assert.deepEqual(c.totals.postpaid, { a: '550', b: '0', delta: '-550' });
  assert.deepEqual(c.totals.invoiced, { a: '550', b: '0', delta: '-550' });
  assert.deepEqual(c.totals.charged, { a: '1550', b: '1550', delta: '0' });
});

test('forecast: on 10 March, 550 left at 50 a day runs out on 20 March', () => {
  const f = billsim.forecast(prepaid, '2026-03-10');
  const [t] = f.tenants;
  assert.deepEqual([t.daily_average, t.prefunded_remaining], ['50', '550']);
  assert.deepEqual([t.sources[0].outcome, t.sources[0].depleted_on], ['depleted', '2026-03-20']);
  assert.equal(thrown(() => billsim.forecast(prepaid, 'March')).code, 'invalid_time');
});

test('Monte Carlo: seeded, reports progress, refuses bad options', () => {
  const scenario = presets.default;
  const seen = [];
  const a = billsim.monteCarlo(scenario, { runs: 24, seed: 3, onProgress: (done, runs) => seen.push([done, runs]) });
  const b = billsim.monteCarlo(scenario, { runs: 24, seed: 3 });
  assert.deepEqual(a, b);
  assert.equal(a.runs, 24);
  assert.deepEqual(seen.at(-1), [24, 24]);
  assert.ok(seen.every(([d], i) => i === 0 || d >= seen[i - 1][0]));
  assert.ok(Number(a.invoiced.quantiles.p5) <= Number(a.invoiced.quantiles.p95));
  assert.deepEqual(Object.keys(a.charged.quantiles), ['p5', 'p50', 'p95']);
  const none = thrown(() => billsim.monteCarlo(scenario, { runs: 0 }));
  assert.deepEqual([none.code, none.path], ['invalid_value', '/runs']);
  assert.ok(thrown(() => billsim.monteCarlo(scenario, { runs: 1e6 })) instanceof billsim.BillsimLimitError);
  const stop = new RangeError('stop');
  assert.equal(thrown(() => billsim.monteCarlo(scenario, { runs: 16, onProgress: () => { throw stop } })), stop);
});
