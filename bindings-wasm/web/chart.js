// Charts (uPlot, bundled locally): balances by funding source, post-paid
// month to date and storage from the report's daily series; the
// Monte Carlo fan of monthly invoices. Numbers become floats here for
// drawing only; every figure shown as text stays the core's string.
import uPlot from './vendor/uPlot.esm.js';

const PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#bcbd22'];
const secondsOf = (day) => Date.parse(`${day}T00:00:00Z`) / 1000;
const HEIGHT = 280;
const charts = new Map();
const widthOf = (root) => Math.max(280, root.clientWidth || 600);
// A chart follows its box's width (window resized, phone turned).
const resized = new ResizeObserver((entries) => {
  for (const { target } of entries) {
    const chart = charts.get(target.id);
    if (chart && chart.width !== widthOf(target)) chart.setSize({ width: widthOf(target), height: HEIGHT });
  }
});

function draw(id, opts, data) {
  charts.get(id)?.destroy();
  const root = document.getElementById(id);
  charts.set(id, new uPlot({ width: widthOf(root), height: HEIGHT, ...opts }, data, root));
  resized.observe(root);
}

/** Removes the chart drawn in `#id`. */
export function clearChart(id) {
  charts.get(id)?.destroy();
  charts.delete(id);
}

/** Each source's balance at the end of each day (core's daily series; zero once it has ended). */
function sourceBalances(points) {
  const ids = [...new Set(points.flatMap((p) => Object.keys(p.sources)))];
  return ids.map((id) => {
    let seen = false;
    const values = points.map((p) => {
      if (id in p.sources) {
        seen = true;
        return Number(p.sources[id]);
      }
      return seen ? 0 : null;
    });
    return { id, values };
  });
}

export function renderBalances(report, tenant) {
  const points = report.daily.filter((p) => p.tenant === tenant);
  const days = points.map((p) => p.date);
  const sources = sourceBalances(points);
  draw('chart', {
    scales: { x: { time: true }, tb: {} },
    axes: [{}, { label: 'iCredits', size: 70 }, { side: 1, scale: 'tb', label: 'TB', grid: { show: false } }],
    series: [
      {},
      ...sources.map((s, i) => ({ label: s.id, stroke: PALETTE[i % PALETTE.length], width: 2 })),
      { label: 'post-paid month to date', stroke: '#d62728', width: 2, dash: [6, 3] },
      { label: 'storage TB', scale: 'tb', stroke: '#ff7f0e', width: 1.5 },
    ],
  }, [days.map(secondsOf), ...sources.map((s) => s.values), points.map((p) => Number(p.postpaid_mtd)), points.map((p) => Number(p.storage_tb))]);
}

export function renderFan(result) {
  const months = Object.keys(result.invoices_by_month).sort();
  const labels = Object.keys(result.invoiced.quantiles);
  const [lo, mid, hi] = [labels[0], labels[Math.floor(labels.length / 2)], labels[labels.length - 1]];
  const col = (q) => months.map((m) => Number(result.invoices_by_month[m].quantiles[q] ?? NaN));
  draw('mc-chart', {
    scales: { x: { time: true } },
    axes: [{}, { label: 'invoice, iCredits', size: 70 }],
    series: [
      {},
      { label: lo, stroke: '#7f9cc0', dash: [4, 3] },
      { label: mid, stroke: '#1f3a5f', width: 2 },
      { label: hi, stroke: '#7f9cc0', dash: [4, 3] },
    ],
    bands: [{ series: [3, 1], fill: 'rgba(31, 58, 95, 0.15)' }],
  }, [months.map((m) => secondsOf(`${m}-01`)), col(lo), col(mid), col(hi)]);
  return { months, labels };
}
