// Type-checked by `tsc -p tsconfig.check.json` (make test-wasm) against the
// package's generated declarations: the README's usage, typed.
import {
  simulate, simulateJson, examples, schema, Simulation, isBillsimError, BillsimLimitError,
  type Scenario, type Report, type PrepaidEvent, type ErrorCode, type Detail,
} from 'billsim';

const topUp: PrepaidEvent = { at: '2026-03-25T09:00', type: 'prepaid', tenant: 'lab', amount: '500' };
const scenario: Scenario = {
  start: '2026-03-01',
  until: '2026-04-30',
  tenants: [{ id: 'lab', admin: 'admin@lab.example.com' }],
  events: [{ at: '2026-03-01', type: 'subscribe', tenant: 'lab', product: 'ica_enterprise', ends: '2026-12-31' }, topUp],
  usage: [{ type: 'daily', tenant: 'lab', usage_type: 'compute', amount: '50', from: '2026-03-01', to: '2026-04-30' }],
};

const detail: Detail = 'monthly';
const report: Report = simulate(scenario, { detail });
const total: string = report.invoices[0].total;
const depleted: string | null | undefined = report.summary.tenants[0].sources[0].depleted_at;
const text: string = simulateJson(JSON.stringify(examples()[0].scenario));

const sim = new Simulation(scenario);
sim.advanceTo('2026-03-16');
const remaining: string = sim.balances()[0].sources[0].remaining;
sim.apply({ at: '2026-03-20T09:00', type: 'open_po', tenant: 'lab', amount: '1000', expires: '2026-06-30' });
const final: Report = sim.finish();

try {
  simulate(scenario);
} catch (e) {
  if (isBillsimError(e)) {
    const code: ErrorCode = e.code;
    const where: string = e.path;
    console.log(code, where, e.issues.length, e instanceof BillsimLimitError);
  }
}

// @ts-expect-error: an event type the scenario format does not have
const wrong: Scenario = { ...scenario, events: [{ at: '2026-03-01', type: 'refund', tenant: 'lab' }] };

console.log(total, depleted, text.length, remaining, final.detail, schema('report'), wrong);
