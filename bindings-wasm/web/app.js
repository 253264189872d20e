// The calculator: presets, what-if controls that edit the scenario JSON and
// recompute at once, and the report's sections. Every figure comes from
// billsim (WebAssembly); a change that core refuses shows its message next
// to the control its path names and keeps the last good result on screen.
import * as billsim from './pkg/web/index.js';
import { CONTROLS, forgetRemoved } from './whatif.js';
import { el, table } from './dom.js';
import { renderInvoices, renderNotifications, renderRejections, renderSummary } from './render.js';
import { clearChart, renderBalances, renderFan } from './chart.js';
import { download, hashOf, scenarioFromHash } from './share.js';

const $ = (id) => document.getElementById(id);
const presets = billsim.examples();
// `editing`: the control whose input event is being handled (its text is the user's, not redrawn).
const state = { scenario: null, tenant: null, report: null, written: new Map(), editing: null };

function clearErrors() {
  for (const node of document.querySelectorAll('.field-error')) node.textContent = '';
  for (const node of document.querySelectorAll('[aria-invalid]')) node.removeAttribute('aria-invalid');
}

const within = (a, b) => a === b || a.startsWith(`${b}/`);

/**
 * Shows a core error next to the control that wrote its path (or the part
 * of the scenario holding it), most recently edited first; else at `fallback`.
 */
function showError(e, fallback) {
  const recent = [...state.written].reverse();
  const [id] = recent.find(([, w]) => within(e.path, w)) ?? recent.find(([, w]) => e.path && within(w, e.path)) ?? [];
  const control = CONTROLS.find((c) => c.id === id);
  const where = control ? `err-${control.id}` : fallback;
  $(where).textContent = `${e.message}${e.path ? ` (at ${e.path})` : ''} [${e.code}]`;
  if (control) $(control.id).setAttribute('aria-invalid', 'true');
}

/**
 * Runs `candidate`; on success it becomes the state and everything redraws.
 * Either way, only this run's error is on screen.
 */
function recompute(candidate, errorAt) {
  clearErrors();
  let report;
  let hash;
  try {
    // The page reads the daily series, invoices and summary: no ledger needed.
    report = billsim.simulate(candidate, { detail: 'daily' });
    hash = hashOf(candidate);
  } catch (e) {
    if (!billsim.isBillsimError(e)) throw e;
    showError(e, errorAt);
    return false;
  }
  state.scenario = candidate;
  state.report = report;
  const ids = (candidate.tenants ?? []).map((t) => t.id);
  if (!ids.includes(state.tenant)) state.tenant = ids[0] ?? null;
  history.replaceState(null, '', hash);
  stopMonteCarlo('The scenario changed: run Monte Carlo again.');
  render();
  return true;
}

/**
 * Loads a whole scenario (preset, file, link): its errors are the load's,
 * and once it runs nothing edited or removed before carries over.
 */
function load(candidate, errorAt) {
  const written = state.written;
  state.written = new Map();
  if (recompute(candidate, errorAt)) {
    forgetRemoved();
    return true;
  }
  state.written = written;
  return false;
}

function render() {
  const { scenario, report, tenant } = state;
  $('scenario-name').textContent = scenario.name ?? 'Custom scenario';
  $('tenant').replaceChildren(...(scenario.tenants ?? []).map((t) => el('option', { value: t.id }, t.id)));
  $('tenant').value = tenant ?? '';
  refreshControls();
  renderSummary(report, tenant);
  renderBalances(report, tenant);
  renderInvoices(report, tenant);
  renderNotifications(report, tenant);
  renderRejections(report, tenant, scenario);
  document.body.dataset.ready = '1';
}

/** Every control shows the scenario's value, but the one being typed in. */
function refreshControls() {
  const { scenario, tenant } = state;
  for (const c of CONTROLS) {
    const input = $(c.id);
    if (c.id !== state.editing) input.value = c.get(scenario, tenant);
    input.disabled = !c.available(scenario, tenant);
    $(`hint-${c.id}`).textContent = input.disabled ? c.needs : '';
  }
}

function buildControls() {
  const box = $('whatif');
  const rows = new Map();
  for (const c of CONTROLS) {
    const input = el('input', {
      id: c.id,
      type: c.kind === 'date' ? 'date' : 'text',
      inputmode: c.kind === 'decimal' ? 'decimal' : undefined,
      placeholder: c.placeholder,
      'aria-describedby': `err-${c.id} hint-${c.id}`,
      autocomplete: 'off',
    });
    const field = el('div', {}, el('label', { for: c.id }, c.label), input,
      el('p', { class: 'hint', id: `hint-${c.id}` }), el('p', { class: 'field-error', id: `err-${c.id}`, role: 'alert' }));
    if (!c.pair) box.append(field);
    else if (rows.has(c.pair)) rows.get(c.pair).append(field);
    else box.append(rows.set(c.pair, el('div', { class: 'pair' }, field)).get(c.pair));
    input.addEventListener('input', () => {
      const candidate = structuredClone(state.scenario);
      state.written.delete(c.id);
      state.written.set(c.id, c.set(candidate, state.tenant, input.value.trim()));
      state.editing = c.id;
      // A refused edit elsewhere is dropped: its control shows the scenario's value again.
      if (!recompute(candidate, `err-${c.id}`)) refreshControls();
      state.editing = null;
    });
  }
}

function loadPreset(name) {
  const preset = presets.find((p) => p.name === name) ?? presets[0];
  $('preset').value = preset.name;
  state.tenant = null;
  load(structuredClone(preset.scenario), 'err-scenario');
}

// The Monte Carlo worker running, if any: a new run or a scenario change ends it.
let mcWorker = null;

/** Ends a running Monte Carlo and clears a shown one, saying why (if it showed anything). */
function stopMonteCarlo(why) {
  mcWorker?.terminate();
  mcWorker = null;
  if (!document.body.dataset.mc) return;
  $('mc-progress').value = 0;
  clearChart('mc-chart');
  $('mc-table').replaceChildren();
  $('err-mc').textContent = why;
  delete document.body.dataset.mc;
}

function runMonteCarlo() {
  stopMonteCarlo('');
  $('err-mc').textContent = '';
  // The scenario as it is now, whatever is edited while the worker starts.
  const scenario = state.scenario;
  const runs = Number($('mc-runs').value);
  const bar = $('mc-progress');
  document.body.dataset.mc = 'running';
  const worker = new Worker(new URL('./mc-worker.js', import.meta.url), { type: 'module' });
  mcWorker = worker;
  const finish = (outcome) => {
    worker.terminate();
    if (mcWorker === worker) mcWorker = null;
    document.body.dataset.mc = outcome;
  };
  worker.onerror = (e) => {
    if (mcWorker !== worker) return;
    $('err-mc').textContent = `The Monte Carlo worker failed: ${e.message}`;
    finish('error');
  };
  worker.onmessage = ({ data }) => {
    if (mcWorker !== worker) return; // a run since replaced (its worker is terminated)
    if (data.ready) {
      worker.postMessage({ scenario, runs, seed: scenario.seed ?? 0 });
      return;
    }
    if (data.progress) {
      bar.max = data.progress[1];
      bar.value = data.progress[0];
      return;
    }
    if (data.error) {
      $('err-mc').textContent = `${data.error.message} [${data.error.code}]`;
      finish('error');
      return;
    }
    bar.value = bar.max;
    const { months, labels } = renderFan(data.result);
    const q = (m, l) => data.result.invoices_by_month[m].quantiles[l] ?? '—';
    $('mc-table').replaceChildren(table(['month', ...labels, 'mean'],
      months.map((m) => [m, ...labels.map((l) => q(m, l)), data.result.invoices_by_month[m].mean]), labels.map((_, i) => i + 1).concat(labels.length + 1)));
    finish('done');
  };
}

function init() {
  $('preset').replaceChildren(...presets.map((p) => el('option', { value: p.name }, p.scenario.name ?? p.name)));
  buildControls();
  $('preset').addEventListener('change', () => loadPreset($('preset').value));
  $('tenant').addEventListener('change', () => {
    state.tenant = $('tenant').value;
    clearErrors();
    render();
  });
  $('export').addEventListener('click', () => download(state.scenario, $('preset').value));
  $('copy-link').addEventListener('click', () => navigator.clipboard?.writeText(location.href));
  $('import').addEventListener('change', async () => {
    const file = $('import').files[0];
    $('import').value = '';
    if (!file) return;
    let scenario;
    try {
      scenario = JSON.parse(await file.text());
    } catch (e) {
      $('err-import').textContent = `${file.name} is not JSON: ${e.message}`;
      return;
    }
    load(scenario, 'err-import');
  });
  $('mc-run').addEventListener('click', runMonteCarlo);

  const linked = location.hash;
  loadPreset('default');
  loadFromHash(linked);
  window.addEventListener('hashchange', () => {
    if (location.hash !== hashOf(state.scenario)) loadFromHash(location.hash);
  });
}

/** Loads the scenario a shared link carries; a bad one leaves the current state and says why. */
function loadFromHash(hash) {
  let shared;
  try {
    shared = scenarioFromHash(hash);
  } catch (e) {
    history.replaceState(null, '', hashOf(state.scenario));
    $('err-import').textContent = `The scenario in the link cannot be read: ${e.message}`;
    return;
  }
  if (shared && !load(shared, 'err-import')) {
    history.replaceState(null, '', hashOf(state.scenario));
    $('err-import').textContent = `The scenario in the link was refused: ${$('err-import').textContent}`;
  }
}

init();
