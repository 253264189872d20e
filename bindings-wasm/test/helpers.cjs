// Shared by the tests: the package under test (resolved through its own
// exports map, as a user would) and its presets by name.
const billsim = require('billsim');

const presets = Object.fromEntries(billsim.examples().map((e) => [e.name, e.scenario]));

/** Runs a preset at full detail. */
function run(name, options) {
  return billsim.simulate(presets[name], options);
}

/** The error `f` throws (fails the test when it throws none). */
function thrown(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

module.exports = { billsim, presets, run, thrown };
