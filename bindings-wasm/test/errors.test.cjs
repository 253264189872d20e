// Errors: a BillsimError (an Error, never a string) with core's code, path
// and every issue; limits raise BillsimLimitError.
const test = require('node:test');
const assert = require('node:assert/strict');
const { billsim, thrown } = require('./helpers.cjs');

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
