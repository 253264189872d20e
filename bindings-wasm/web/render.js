// Report sections for one tenant: summary, invoices, notifications,
// rejections. Figures are shown exactly as core wrote them (strings).
import { el, fill, table } from './dom.js';

const dash = (v) => v ?? '—';
const card = (label, value, id) => el('div', {}, el('dt', {}, label), el('dd', { 'data-figure': id }, dash(value)));

export function renderSummary(report, tenant) {
  const t = report.summary.tenants.find((x) => x.tenant === tenant);
  if (!t) return fill('summary', el('p', {}, `No tenant ${tenant} in the report.`));
  const cards = el('dl', { class: 'cards' },
    card('iCredits charged', t.icredits_charged, 'charged'),
    card('paid from pre-funding', t.icredits_prefunded, 'prefunded'),
    card('billed post-paid', t.icredits_postpaid, 'postpaid'),
    card('invoiced (rounded up)', t.invoiced, 'invoiced'),
    card('post-paid since', t.postpaid_since, 'postpaid-since'),
    card('storage at the end, TB', t.storage_tb, 'storage'));
  const sources = t.sources.length
    ? table(['source', 'kind', 'quantity', 'used', 'remaining', 'depleted at', 'expired at'],
      t.sources.map((s) => [s.id, s.kind, s.quantity, s.used, s.remaining, dash(s.depleted_at), dash(s.expired_at)]), [2, 3, 4])
    : el('p', { class: 'muted' }, 'No pre-funded iCredits: everything is billed post-paid.');
  const samples = t.samples.length
    ? el('div', {}, el('h3', {}, 'Samples'), table(['sample type', 'bought', 'used', 'left', 'blocked', 'depleted at'],
      t.samples.map((s) => [s.sample_type, s.purchased, s.used, s.remaining, s.blocked, dash(s.depleted_at)]), [1, 2, 3, 4]))
    : '';
  fill('summary', cards, el('h3', {}, 'Funding sources'), sources, samples);
}

export function renderInvoices(report, tenant) {
  const invoices = report.invoices.filter((i) => i.tenant === tenant);
  if (!invoices.length) return fill('invoices', el('p', { class: 'muted' }, 'No invoices: nothing was billed post-paid.'));
  const usage = [...new Set(invoices.flatMap((i) => i.lines.map((l) => l.usage_type)))];
  const line = (inv, u) => inv.lines.find((l) => l.usage_type === u)?.amount ?? '';
  fill('invoices', table(['period', 'issued', ...usage, 'exact total', 'total'],
    invoices.map((i) => [i.period, i.issued_at.slice(0, 10), ...usage.map((u) => line(i, u)), i.exact_total, i.total]),
    [...usage.map((_, k) => k + 2), usage.length + 2, usage.length + 3]));
}

export function renderNotifications(report, tenant) {
  const items = report.notifications.filter((n) => n.tenant === tenant);
  fill('notifications', ...(items.length ? items.map((n) =>
    el('li', {}, el('time', { datetime: n.at }, n.at), ' ', el('span', { class: 'kind' }, n.kind.replaceAll('_', ' ')),
      n.to ? el('span', { class: 'muted' }, ` → ${n.to}`) : '', el('div', {}, n.message)))
    : [el('li', {}, 'No notifications.')]));
}

/** What a rejected event was, in words: `event 3 (delete)` or `usage profile 1`. */
function origin(event, scenario) {
  if (typeof event === 'number') return `event ${event} (${scenario.events?.[event]?.type ?? 'applied'})`;
  const profile = /^usage\/(\d+)$/.exec(event);
  return profile ? `usage profile ${profile[1]} (${scenario.usage?.[+profile[1]]?.type ?? ''})` : event;
}

export function renderRejections(report, tenant, scenario) {
  const items = report.rejections.filter((r) => !r.tenant || r.tenant === tenant);
  fill('rejections', ...(items.length ? items.map((r) =>
    el('li', {}, el('time', { datetime: r.at }, r.at), ' ', el('span', { class: 'kind' }, r.code.replaceAll('_', ' ')),
      el('span', { class: 'muted' }, ` — ${origin(r.event, scenario)} did not take effect: `), r.message))
    : [el('li', {}, 'None: every event took effect.')]));
}
