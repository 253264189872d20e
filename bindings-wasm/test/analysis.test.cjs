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
  // The exception stops the run: 100,000 paths would take many seconds.
  const calls = [];
  const halt = () => billsim.monteCarlo(scenario, { runs: 100000, onProgress: (done) => { calls.push(done); if (done > 0) throw stop; } });
  assert.equal(thrown(halt), stop);
  assert.ok(calls.length >= 2 && calls.at(-1) < 1000, String(calls));
});

test('Monte Carlo: a path re-runs from the seed JSON gives it; seeds JS cannot hold exactly are refused', () => {
  const scenario = presets.default;
  const mc = billsim.monteCarlo(scenario, { runs: 6, seed: 11, paths: true });
  for (const p of mc.paths) {
    assert.ok(Number.isSafeInteger(p.seed), String(p.seed));
    const again = billsim.simulate({ ...scenario, seed: p.seed }, { detail: 'monthly' });
    assert.equal(again.summary.invoiced, p.invoiced, `path ${p.path}`);
  }
  for (const [f, what] of [
    [() => billsim.monteCarlo(scenario, { runs: 4, seed: 2 ** 60 + 2 ** 10 }), 'Monte Carlo'],
    [() => billsim.simulate({ ...scenario, seed: 11751941996772101043 }), 'scenario'],
  ]) {
    const e = thrown(f);
    assert.deepEqual([e.code, e.path], ['invalid_value', '/seed']);
    assert.match(e.message, new RegExp(`^the ${what} seed`));
  }
});

test('the scenario may be given as JSON text to every function', () => {
  const text = JSON.stringify(prepaid);
  assert.deepEqual(billsim.simulate(text), billsim.simulate(prepaid));
  assert.deepEqual(billsim.compare(text, prepaid).totals.invoiced, { a: '550', b: '550', delta: '0' });
  assert.deepEqual(billsim.forecast(text, '2026-03-10'), billsim.forecast(prepaid, '2026-03-10'));
  assert.deepEqual(billsim.monteCarlo(text, { runs: 2 }), billsim.monteCarlo(prepaid, { runs: 2 }));
  assert.throws(() => billsim.schema('bogus'), RangeError);
});

test('Monte Carlo quantiles may be numbers, written as String(n) (the Python test has the same figures)', () => {
  const scenario = structuredClone(prepaid);
  scenario.usage = [{ type: 'poisson', tenant: 'coreseqinc.Illumina.com', mean: '1', amount: '50', from: '2026-03-01', to: '2026-03-31' }];
  const numbers = billsim.monteCarlo(scenario, { runs: 64, seed: 7, quantiles: [0.25, 0.5, 0.9] });
  assert.deepEqual(numbers, billsim.monteCarlo(scenario, { runs: 64, seed: 7, quantiles: ['0.25', '0.5', '0.9'] }));
  assert.deepEqual(numbers.charged.quantiles, { p25: '1400', p50: '1550', p90: '1950' });
  assert.deepEqual(numbers.invoiced.quantiles, { p25: '400', p50: '550', p90: '950' });
});
