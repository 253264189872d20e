// Errors: a BillsimError (an Error, never a string) with core's code, path
// and every issue; limits raise BillsimLimitError.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { billsim, presets, thrown } = require('./helpers.cjs');

const base = { start: '2026-03-01', until: '2026-03-31', tenants: [{ id: 'lab' }] };
const withEvents = (...events) => ({ ...base, events });

test('a fractional JSON number as money is float_money at its path', () => {
  const e = thrown(() => billsim.simulate(withEvents(
    { at: '2026-03-01', type: 'subscribe', tenant: 'lab', product: 'ica_enterprise', ends: '2026-12-31' },
    { at: '2026-03-02', type: 'prepaid', tenant: 'lab', amount: 12.5 },
  )));
  assert.ok(e instanceof billsim.BillsimError);
  assert.ok(e instanceof Error);
  assert.ok(billsim.isBillsimError(e));
  assert.equal(e.name, 'BillsimError');
  assert.equal(e.code, 'float_money');
  assert.equal(e.path, '/events/1/amount');
  assert.match(e.message, /"12\.5"/);
  assert.deepEqual(e.issues, [{ code: 'float_money', path: '/events/1/amount', message: e.message }]);
  assert.deepEqual(JSON.parse(JSON.stringify(e)).code, 'float_money');
});

test('validation reports every issue at once', () => {
  const e = thrown(() => billsim.simulate(withEvents(
    { at: '2026-03-01', type: 'prepaid', tenant: 'x', amount: '1' },
    { at: '2026-03-01', type: 'prepaid', tenant: 'y', amount: '1' },
  )));
  assert.equal(e.code, 'unknown_tenant');
  assert.deepEqual(e.issues.map((i) => i.path), ['/events/0/tenant', '/events/1/tenant']);
});

test('malformed JSON, unknown fields, bad options', () => {
  assert.equal(thrown(() => billsim.simulateJson('{')).code, 'invalid_json');
  const unknown = thrown(() => billsim.simulate({ ...base, tenants: [{ id: 'lab', colour: 'red' }] }));
  assert.equal(unknown.code, 'unknown_field');
  // Core currently repeats the field name ("/tenants/0/colour/colour"); reported upstream.
  assert.match(unknown.path, /^\/tenants\/0\/colour/);
  assert.equal(thrown(() => billsim.simulate(base, { detail: 'weekly' })).code, 'invalid_value');
  assert.equal(thrown(() => billsim.simulate(undefined)).code, 'invalid_value');
  assert.equal(thrown(() => billsim.simulate({ ...base, seed: 1n })).code, 'invalid_json');
});

test('limits raise BillsimLimitError', () => {
  const e = thrown(() => billsim.simulate({ ...base, until: '2086-03-31' }));
  assert.ok(e instanceof billsim.BillsimLimitError);
  assert.ok(e instanceof billsim.BillsimError);
  assert.equal(e.code, 'horizon_too_long');
  assert.equal(e.path, '/until');
});

test('the generated TypeScript code list matches the loaded module', () => {
  assert.deepEqual(billsim.errorCodes(), [...billsim.ERROR_CODES]);
  for (const code of billsim.ERROR_CODES) assert.match(code, /^[a-z]+(_[a-z]+)*$/);
});

test('isBillsimError rejects look-alikes', () => {
  assert.equal(billsim.isBillsimError(new Error('x')), false);
  assert.equal(billsim.isBillsimError({ code: 'float_money' }), false);
  assert.equal(billsim.isBillsimError('float_money'), false);
});

// The same inputs, codes, paths and messages are checked by the Python tests
// (bindings-python/tests/test_errors.py): both front ends must agree.
const sub = { at: '2026-03-01', type: 'subscribe', tenant: 'lab', product: 'ica_enterprise', ends: '2026-12-31' };
const TIME = 'a time is ISO-8601 text: YYYY-MM-DD or YYYY-MM-DDTHH:MM[Z]';
const DAY = 'a day is ISO-8601 text: YYYY-MM-DD';

test('a non-string where text is expected is invalid_value, never a crash inside the wasm module', () => {
  const sc = withEvents(sub);
  assert.equal(billsim.simulateJson(sc), billsim.simulateJson(JSON.stringify(sc)));
  const day = thrown(() => billsim.forecast(sc, 20260316));
  assert.deepEqual([day.code, day.path, day.message], ['invalid_value', '/as_of', DAY]);
  for (const at of [new Date(), 1773619200000, undefined]) {
    const e = thrown(() => new billsim.Simulation(sc).advanceTo(at));
    assert.ok(e instanceof billsim.BillsimError, String(e));
    assert.deepEqual([e.code, e.path, e.message], ['invalid_value', '', TIME]);
  }
  for (const scenario of [42, null, [sc]]) {
    const e = thrown(() => billsim.simulateJson(scenario));
    assert.deepEqual([e.code, e.path, e.message], ['invalid_value', '', 'a scenario is a JSON object']);
  }
  // The module is intact afterwards.
  assert.equal(billsim.simulate(sc).summary.tenants[0].tenant, 'lab');
});

test('null and undefined options are the defaults everywhere', () => {
  const sc = presets.seed002_prepaid;
  const full = billsim.simulateJson(sc);
  for (const none of [null, undefined]) {
    assert.equal(billsim.simulateJson(sc, none), full);
    assert.equal(JSON.stringify(billsim.simulate(sc, none)), full);
    assert.equal(JSON.stringify(new billsim.Simulation(sc, none).finish()), full);
    assert.deepEqual(billsim.compare(sc, sc, none).totals.invoiced, { a: '550', b: '550', delta: '0' });
    assert.equal(billsim.forecast(sc, '2026-03-10', none).tenants[0].daily_average, '50');
    assert.equal(billsim.monteCarlo(sc, none).runs, 1000);
  }
});

test('NaN and infinities in objects are invalid_value at their path, never a silent null', () => {
  const cases = [
    [() => billsim.simulate({ ...base, tenants: [{ id: 'lab', budget: NaN }] }), '/tenants/0/budget', 'NaN'],
    [() => billsim.simulate(withEvents(sub, { at: '2026-03-02', type: 'prepaid', tenant: 'lab', amount: Infinity })), '/events/1/amount', 'Infinity'],
    [() => billsim.simulate({ ...base, rates: { apps: { 'a/b~c': { per_node_hour: -Infinity } } } }), '/rates/apps/a~1b~0c/per_node_hour', '-Infinity'],
    [() => billsim.monteCarlo(withEvents(sub), { runs: NaN }), '/runs', 'NaN'],
    [() => billsim.monteCarlo(withEvents(sub), { quantiles: [0.5, NaN] }), '/quantiles/1', 'NaN'],
    [() => billsim.simulate(NaN), '', 'NaN'],
  ];
  for (const [f, path, number] of cases) {
    const e = thrown(f);
    assert.deepEqual([e.code, e.path, e.message], ['invalid_value', path, `${number} is not a JSON number`]);
  }
  const sim = new billsim.Simulation(withEvents(sub));
  const e = thrown(() => sim.apply({ at: '2026-03-02', type: 'prepaid', tenant: 'lab', amount: NaN }));
  assert.deepEqual([e.code, e.path, e.message], ['invalid_value', '/events/1/amount', 'NaN is not a JSON number']);
  // A null given as null is core's to judge: a budget of null is no budget.
  assert.equal(billsim.simulate({ ...base, tenants: [{ id: 'lab', budget: null }] }).summary.tenants[0].tenant, 'lab');
});

test('a bad scenario is reported before bad options, at every entry point', () => {
  const bad = { ...base, tenants: [{ id: 'lab', budget: 1.5 }] };
  const good = withEvents(sub);
  for (const f of [
    () => billsim.simulate(bad, { detail: 'bogus' }),
    () => billsim.simulateJson(JSON.stringify(bad), { detail: 'bogus' }),
    () => new billsim.Simulation(bad, { detail: 'bogus' }),
    () => new billsim.Simulation(bad, { detail: NaN }),
    () => billsim.forecast(bad, 20260316),
    () => billsim.forecast(bad, '2026-03-10', { window_days: 'x' }),
    () => billsim.monteCarlo(bad, { runs: 0 }),
    () => billsim.monteCarlo(bad, { seed: 2 ** 60 }),
    () => billsim.monteCarlo(bad, { runs: Infinity }),
  ]) {
    const e = thrown(f);
    assert.deepEqual([e.code, e.path], ['float_money', '/tenants/0/budget'], String(f));
  }
  assert.deepEqual([thrown(() => billsim.simulate(good, { detail: 'bogus' })).path], ['/detail']);
  // compare names the scenario at fault.
  const e = thrown(() => billsim.compare(good, bad, { detail: 'bogus' }));
  assert.deepEqual([e.code, e.path], ['float_money', '/b/tenants/0/budget']);
  assert.ok(e.message.startsWith('scenario b: '), e.message);
});

test('compare validates both scenarios before running either', () => {
  // a is valid but its run overflows; b is invalid: b's error, without running a.
  const overflows = withEvents(sub, { at: '2026-03-02', type: 'compute', tenant: 'lab', app: 'rnaseq_alignment', nodes: 100000, hours: '1000000000000000' });
  assert.equal(thrown(() => billsim.simulate(overflows)).code, 'overflow');
  const invalid = withEvents({ at: '2026-03-01', type: 'prepaid', tenant: 'nobody', amount: '1' });
  const e = thrown(() => billsim.compare(overflows, invalid));
  assert.deepEqual([e.code, e.path], ['unknown_tenant', '/b/events/0/tenant']);
  // a invalid when validated, b not even readable: b's reading error comes first.
  const unreadable = { ...base, tenants: [{ id: 'lab', budget: 1.5 }] };
  assert.equal(thrown(() => billsim.compare(invalid, unreadable)).code, 'float_money');
});

test("BillsimLimitError's documentation names exactly the codes that raise it", () => {
  const dts = fs.readFileSync(path.join(__dirname, '..', 'pkg-node', 'lib', 'errors.d.ts'), 'utf8');
  const doc = dts.slice(0, dts.indexOf('export declare class BillsimLimitError'));
  const comment = doc.slice(doc.lastIndexOf('/**'));
  const named = [...comment.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).filter((c) => billsim.ERROR_CODES.includes(c));
  const limits = billsim.ERROR_CODES.filter((c) => thrownClass(c) === billsim.BillsimLimitError);
  assert.deepEqual(named.sort(), limits.sort());
  assert.doesNotMatch(comment, /amount range/);
});

function thrownClass(code) {
  return billsim.billsimError({ code, path: '', message: '' }).constructor;
}
