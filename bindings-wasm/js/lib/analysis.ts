// Monte Carlo, compare and forecast: core computes, these move JSON across.
import { DAY_TEXT, afterScenarios, call, checkSeed, optionsJson, scenarioJson, textArg } from './errors.js';
import { raw } from './backend.js';
import type { SimulateOptions } from './api.js';
import type { Comparison, Forecast, MonteCarloResult, Scenario } from '../generated/types.js';

/** Options of a Monte Carlo run. */
export interface MonteCarloOptions {
  /** Paths to run, 1..=100,000 (default 1000). */
  runs?: number;
  /** Master seed, at most 2^53 − 1 (exact in JS): path i uses its own generator seeded from (seed, i). */
  seed?: number;
  /** Quantiles in 0..=1 as decimal strings, or numbers (written as `String(n)`, as Python writes `str(q)`); default `["0.05", "0.5", "0.95"]`. */
  quantiles?: (string | number)[];
  /** Keep the per-path table in the result. */
  paths?: boolean;
  /** Called as paths finish (between chunks), on the calling thread. */
  onProgress?: (done: number, runs: number) => void;
}

/**
 * Runs many seeded paths of the scenario's stochastic usage profiles and
 * returns quantiles of spend, invoices and depletion dates. In a browser,
 * call it from a Web Worker: it runs synchronously.
 *
 * @example
 * const mc = monteCarlo(scenario, { runs: 500, seed: 1, onProgress: (d, n) => bar.value = d / n });
 * mc.invoiced.quantiles.p95;
 */
export function monteCarlo(scenario: Scenario | string, options?: MonteCarloOptions | null): MonteCarloResult {
  const { onProgress, ...rest } = options ?? {};
  const sc = scenarioJson(scenario);
  const opts = afterScenarios([sc], () => {
    checkSeed(rest.seed, 'Monte Carlo');
    // A NaN or infinity stays a number, for toJson to refuse at its path.
    const quantiles = Array.isArray(rest.quantiles)
      ? rest.quantiles.map((q) => (typeof q === 'number' && Number.isFinite(q) ? String(q) : q))
      : rest.quantiles;
    return optionsJson({ ...rest, quantiles });
  });
  return JSON.parse(call(() => raw().monteCarloJson(sc, opts, onProgress))) as MonteCarloResult;
}

/**
 * Runs two scenarios with the same options and returns them side by side
 * with the differences (`b − a`): totals, invoices per month, depletion dates.
 *
 * @example
 * compare(base, { ...base, events: [...base.events, topUp] }).totals.postpaid.delta;
 */
export function compare(a: Scenario | string, b: Scenario | string, options?: SimulateOptions | null): Comparison {
  const [ta, tb] = [scenarioJson(a), scenarioJson(b)];
  const opts = afterScenarios([ta, tb], () => optionsJson(options));
  return JSON.parse(call(() => raw().compareJson(ta, tb, opts))) as Comparison;
}

/** Options of a forecast. */
export interface ForecastOptions {
  /** Trailing days averaged (default 30). */
  window_days?: number;
  /** Last projected day (default the scenario's `until`). */
  horizon?: string;
}

/**
 * Projects depletion, Open PO outcomes and invoices from `asOf`
 * (`YYYY-MM-DD`) by the average usage so far.
 */
export function forecast(scenario: Scenario | string, asOf: string, options?: ForecastOptions | null): Forecast {
  const sc = scenarioJson(scenario);
  const [day, opts] = afterScenarios([sc], () => [textArg(asOf, '/as_of', DAY_TEXT), optionsJson(options)]);
  return JSON.parse(call(() => raw().forecastJson(sc, day, opts))) as Forecast;
}
