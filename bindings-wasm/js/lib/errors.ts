// Errors, in one place: the wasm module throws an `Error` whose message is
// core's canonical error JSON; `call` turns it into a `BillsimError`. The
// checks of JS values core cannot see (non-strings, NaN) are here too.
import { LIMIT_CODES, type ErrorCode } from '../generated/core.js';
import { raw } from './backend.js';

export type { ErrorCode };

/** One problem with the input. */
export interface Issue {
  /** Stable machine-readable code, e.g. `"float_money"`. */
  readonly code: ErrorCode;
  /** JSON pointer into the scenario (`/events/3/amount`); `""` for the whole document. */
  readonly path: string;
  /** What is wrong, for a person. */
  readonly message: string;
}

interface Wire extends Issue {
  readonly issues?: readonly Issue[];
}

const BRAND = Symbol.for('billsim.BillsimError');

/**
 * Every error billsim reports: `code` and `path` of the first issue, and
 * every issue found. Limits raise the subclass `BillsimLimitError`.
 *
 * @example
 * try { simulate(scenario) } catch (e) { if (isBillsimError(e)) console.log(e.code, e.path) }
 */
export class BillsimError extends Error {
  readonly code: ErrorCode;
  readonly path: string;
  readonly issues: readonly Issue[];

  constructor(wire: Wire) {
    super(wire.message);
    this.name = 'BillsimError';
    this.code = wire.code;
    this.path = wire.path;
    this.issues = Object.freeze([...(wire.issues ?? [{ code: wire.code, path: wire.path, message: wire.message }])]);
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** The error as plain data (what core's `Error::to_json` gives). */
  toJSON(): Wire {
    return { code: this.code, path: this.path, message: this.message, issues: this.issues };
  }
}

/**
 * A limit was reached: `horizon_too_long` (over 50 years), `too_many_events`
 * (events, or events profiles generate), `overflow` (a charge beyond 10^20
 * iCredits) or `limit_exceeded` (tenants, tenant-days, Monte Carlo runs or
 * input size). An amount out of range is not a limit: a plain `BillsimError`.
 */
export class BillsimLimitError extends BillsimError {
  constructor(wire: Wire) {
    super(wire);
    this.name = 'BillsimLimitError';
  }
}

/** Whether `e` is a `BillsimError` (also one from another copy of the package). */
export function isBillsimError(e: unknown): e is BillsimError {
  return e instanceof BillsimError || (typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true);
}

/** Builds the error from its wire form (e.g. one posted by a worker). */
export function billsimError(wire: Wire): BillsimError {
  return LIMIT_CODES.includes(wire.code) ? new BillsimLimitError(wire) : new BillsimError(wire);
}

function parseWire(message: string): Wire | undefined {
  if (!message.startsWith('{"code":')) return undefined;
  try {
    return JSON.parse(message) as Wire;
  } catch {
    return undefined;
  }
}

/** Runs a raw call, turning the errors it throws into `BillsimError`s. */
export function call<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    const wire = e instanceof Error ? parseWire(e.message) : undefined;
    throw wire ? billsimError(wire) : e;
  }
}

/**
 * A seed JS holds exactly. An integer above 2^53 − 1 was already rounded
 * when it became a JS number, so it would run some other seed: refused.
 */
export function checkSeed(seed: unknown, what: string): void {
  if (typeof seed === 'number' && Number.isInteger(seed) && !Number.isSafeInteger(seed)) {
    throw billsimError({
      code: 'invalid_value',
      path: '/seed',
      message: `the ${what} seed ${seed} is beyond 2^53 − 1, where JavaScript numbers are no longer exact; give a smaller seed`,
    });
  }
}

/** Scenario JSON for core: text as given, anything else serialised (an object's seed checked). */
export function scenarioJson(scenario: unknown): string {
  if (typeof scenario === 'string') return scenario;
  checkSeed((scenario as { seed?: unknown } | null)?.seed, 'scenario');
  return toJson(scenario, 'scenario');
}

/**
 * Serialises a JS value for core. A value JSON cannot carry is an
 * `invalid_json` error; NaN and ±Infinity, which `JSON.stringify` would
 * silently write as `null`, are `invalid_value` at their path under `base`.
 */
export function toJson(value: unknown, what: string, base = ''): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw billsimError({ code: 'invalid_json', path: '', message: `the ${what} cannot be written as JSON: ${(e as Error).message}` });
  }
  // Only a document with a null in it can hide one: the others are not walked.
  const bad = text?.includes('null') ? nonFinite(value, '', base) : undefined;
  if (bad) throw billsimError({ code: 'invalid_value', path: bad[0], message: `${bad[1]} is not a JSON number` });
  return text ?? 'null';
}

/** The path and text of the first NaN or infinity in `value`, in `JSON.stringify`'s order. */
function nonFinite(value: unknown, key: string, path: string): [string, string] | undefined {
  let v = value;
  if (typeof (v as { toJSON?: unknown } | null)?.toJSON === 'function') v = (v as { toJSON(k: string): unknown }).toJSON(key);
  if (v instanceof Number) v = v.valueOf();
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : [path, String(v)];
  if (typeof v !== 'object' || v === null) return undefined;
  const keys = Array.isArray(v) ? v.map((_, i) => String(i)) : Object.keys(v);
  for (const k of keys) {
    const found = nonFinite((v as Record<string, unknown>)[k], k, `${path}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    if (found) return found;
  }
  return undefined;
}

/** Options JSON for core: `null` and `undefined` mean the defaults. */
export function optionsJson(options: unknown): string {
  return toJson(options ?? {}, 'options');
}

/**
 * Text for a raw call that takes a string (wasm-bindgen would read anything
 * else out of bounds): anything else is `invalid_value` at `path`.
 */
export function textArg(value: unknown, path: string, message: string): string {
  if (typeof value !== 'string') throw billsimError({ code: 'invalid_value', path, message });
  return value;
}

/** Messages for a time or day that is not text (the Python package raises the same). */
export const TIME_TEXT = 'a time is ISO-8601 text: YYYY-MM-DD or YYYY-MM-DDTHH:MM[Z]';
export const DAY_TEXT = 'a day is ISO-8601 text: YYYY-MM-DD';

/**
 * Core reads each scenario before the other arguments. `f` checks those
 * arguments here, before core sees any; when one is bad, core reads the
 * scenarios first, so that a bad scenario is still the error reported.
 */
export function afterScenarios<T>(scenarios: string[], f: () => T): T {
  try {
    return f();
  } catch (e) {
    for (const s of scenarios) call(() => raw().parseScenario(s));
    throw e;
  }
}
