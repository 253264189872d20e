// Shared golden fixtures (tests/fixtures/*.scenario.json at the repository
// root): the canonical report must equal the expected file byte for byte.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { billsim } = require('./helpers.cjs');

const dir = path.join(__dirname, '..', '..', 'tests', 'fixtures');
const scenarios = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.scenario.json')).sort() : [];

test('shared fixtures', { skip: scenarios.length === 0 && 'no fixtures in tests/fixtures yet' }, async (t) => {
  for (const file of scenarios) {
    await t.test(file, () => {
      const expected = fs.readFileSync(path.join(dir, file.replace(/\.scenario\.json$/, '.expected.json')), 'utf8').trim();
      const actual = billsim.simulateJson(fs.readFileSync(path.join(dir, file), 'utf8'));
      assert.equal(actual, expected);
    });
  }
});

// Monte Carlo fixtures (NAME.mc.json: {scenario, options}): the same seed gives
// the same distribution in WASM as natively on any number of threads.
const mcFixtures = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.mc.json')).sort() : [];

test('shared Monte Carlo fixtures', { skip: mcFixtures.length === 0 && 'no Monte Carlo fixtures' }, async (t) => {
  for (const file of mcFixtures) {
    await t.test(file, () => {
      const { scenario, options } = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      const expected = fs.readFileSync(path.join(dir, file.replace(/\.mc\.json$/, '.mc.expected.json')), 'utf8').trim();
      assert.equal(JSON.stringify(billsim.monteCarlo(scenario, options)), expected);
    });
  }
});
