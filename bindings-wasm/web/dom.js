// Tiny DOM helpers. Text from a scenario or report always goes in as text
// (textContent), never as HTML.

/** `el('td', { class: 'num' }, '550')` */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : String(c ?? ''));
  return node;
}

/** Replaces the children of `#id`. */
export function fill(id, ...children) {
  document.getElementById(id).replaceChildren(...children);
}

/** A table from header cells and rows of cells; `num` marks right-aligned columns. */
export function table(headers, rows, num = []) {
  const cls = (i) => (num.includes(i) ? 'num' : undefined);
  return el('table', {},
    el('thead', {}, el('tr', {}, ...headers.map((h, i) => el('th', { scope: 'col', class: cls(i) }, h)))),
    el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((c, i) => el('td', { class: cls(i) }, c))))));
}
