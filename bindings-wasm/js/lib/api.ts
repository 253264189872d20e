// The public API. Every number comes from billsim-core: these functions
// only move JSON text across the wasm boundary (so the report string is
// byte-identical to native) and parse it.
import { TIME_TEXT, afterScenarios, call, optionsJson, scenarioJson, textArg, toJson } from './errors.js';
import { raw } from './backend.js';
import { ERROR_CODES, REPORT_SCHEMA, SCENARIO_SCHEMA, type ErrorCode } from '../generated/core.js';
import type { Event, Report, Scenario, TenantSummary } from '../generated/types.js';

export type * from '../generated/types.js';
export { BillsimError, BillsimLimitError, isBillsimError, billsimError, type Issue, type ErrorCode } from './errors.js';
export { ERROR_CODES };
export { monteCarlo, compare, forecast, type MonteCarloOptions, type ForecastOptions } from './analysis.js';

/** How much of the report to build: `summary` < `monthly` < `daily` < `full` (default). */
export type Detail = Report['detail'];

/** Options of a run. */
export interface SimulateOptions {
  /** How much of the report to build (default `full`). */
  detail?: Detail;
}

/**
 * Runs a scenario (JSON text or an object) and returns the canonical report
 * JSON, byte for byte what the Rust core (and the Python package) return.
 *
 * @example
 * const json = simulateJson(fs.readFileSync('scenario.json', 'utf8'), { detail: 'monthly' });
 */
export function simulateJson(scenario: Scenario | string, options?: SimulateOptions | null): string {
  const sc = scenarioJson(scenario);
  const opts = afterScenarios([sc], () => optionsJson(options));
  return call(() => raw().simulateJson(sc, opts));
}

/**
 * Runs a whole scenario (an object or JSON text). Amounts are decimal
 * strings (integers accepted), times ISO-8601 UTC strings; the report
 * carries the same.
 *
 * @example
 * const report = simulate(examples()[1].scenario);
 * report.invoices[0].total; // "550"
 */
export function simulate(scenario: Scenario | string, options?: SimulateOptions | null): Report {
  return JSON.parse(simulateJson(scenario, options)) as Report;
}

/** A preset: a seed's worked example or the default scenario. */
export interface Example {
  /** Preset name, e.g. `"seed002_prepaid"`. */
  name: string;
  /** The scenario. */
  scenario: Scenario;
}

/** Every embedded preset, the default first. */
export function examples(): Example[] {
  const pairs = JSON.parse(raw().presets()) as [string, string][];
  return pairs.map(([name, json]) => ({ name, scenario: JSON.parse(json) as Scenario }));
}

/** The JSON Schema of the scenario format or of the report (generated from the Rust types). */
export function schema(kind: 'scenario' | 'report' = 'scenario'): object {
  if (kind !== 'scenario' && kind !== 'report') throw new RangeError(`billsim: schema() is 'scenario' or 'report', not ${String(kind)}`);
  return JSON.parse(kind === 'report' ? REPORT_SCHEMA : SCENARIO_SCHEMA) as object;
}

/** Every error code the loaded WebAssembly module can raise, in core's order. */
export function errorCodes(): ErrorCode[] {
  return raw().errorCodes() as ErrorCode[];
}

type RawSimulation = InstanceType<ReturnType<typeof raw>['RawSimulation']>;

/**
 * A running simulation (step API): apply events and advance the clock,
 * reading balances as it goes.
 *
 * @example
 * const sim = new Simulation(scenario);
 * sim.advanceTo('2026-03-16T13:00Z');
 * sim.balances()[0].sources[0].remaining; // "200"
 * const report = sim.finish(); // the simulation stays readable: sim.balances() as of the end
 */
export class Simulation {
  #inner: RawSimulation | undefined;

  /** Validates the scenario (object or JSON text) and sets the clock to its start. */
  constructor(scenario: Scenario | string, options?: SimulateOptions | null) {
    const sc = scenarioJson(scenario);
    const opts = afterScenarios([sc], () => optionsJson(options));
    this.#inner = call(() => new (raw().RawSimulation)(sc, opts));
  }

  #live(): RawSimulation {
    if (!this.#inner) throw new Error('billsim: this Simulation has been freed');
    return this.#inner;
  }

  /** Applies one event (object or JSON text) now or later (never in the past); returns its index in the report. */
  apply(event: Event | string): number {
    const inner = this.#live();
    const json = typeof event === 'string' ? event : toJson(event, 'event', `/events/${inner.nextEventIndex()}`);
    return call(() => inner.apply(json));
  }

  /**
   * Runs everything due before `time` (ISO-8601 UTC, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MMZ`) and the
   * expiries due at `time`; a switch to post-paid they cause waits until the clock passes `time`, as an
   * event applied at `time` may renew the funding.
   */
  advanceTo(time: string): void {
    const at = textArg(time, '', TIME_TEXT);
    call(() => this.#live().advanceTo(at));
  }

  /** The simulated clock, `YYYY-MM-DDTHH:MMZ`. */
  get now(): string {
    return this.#live().now();
  }

  /** The first minute after the horizon. */
  get end(): string {
    return this.#live().end();
  }

  /** Balances per tenant as of now. */
  balances(): TenantSummary[] {
    return JSON.parse(this.#live().balances()) as TenantSummary[];
  }

  /** The report as of now. */
  report(): Report {
    return JSON.parse(this.#live().report()) as Report;
  }

  /**
   * Runs to the end and returns the report. The simulation stays usable, as
   * in Python: `report()`, `balances()` and `now` read the end, and
   * `finish()` again returns the same report.
   */
  finish(): Report {
    const inner = this.#live();
    return JSON.parse(call(() => inner.finish())) as Report;
  }

  /** Releases the WebAssembly memory (garbage collection also does); the simulation cannot be used afterwards. */
  free(): void {
    this.#inner?.free();
    this.#inner = undefined;
  }
}
