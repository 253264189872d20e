// Errors, in one place: the wasm module throws an `Error` whose message is
// core's canonical error JSON; `fromRaw` turns it into a `BillsimError`.
import { LIMIT_CODES, type ErrorCode } from '../generated/core.js';

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
 * every issue found. Limits (horizon, event count, runs) raise the subclass
 * `BillsimLimitError`.
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

/** A limit was reached: horizon, event count, Monte Carlo runs, amount range. */
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

/** Scenario JSON for core: text as given, an object serialised (its seed checked). */
export function scenarioJson(scenario: unknown): string {
  if (typeof scenario === 'string') return scenario;
  checkSeed((scenario as { seed?: unknown } | null)?.seed, 'scenario');
  return toJson(scenario, 'scenario');
}

/** Serialises a JS value for core; a value JSON cannot carry is an `invalid_json` error. */
export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (e) {
    throw billsimError({ code: 'invalid_json', path: '', message: `the ${what} cannot be written as JSON: ${(e as Error).message}` });
  }
  return text ?? 'null';
}
