// The scenario in the URL hash (`#scenario=<base64url JSON>`) and as a
// downloadable / importable JSON file.

const toBase64Url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const fromBase64Url = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

export function hashOf(scenario) {
  return `#scenario=${toBase64Url(new TextEncoder().encode(JSON.stringify(scenario)))}`;
}

/** The scenario in the hash, `null` when there is none; throws when it is unreadable. */
export function scenarioFromHash(hash) {
  const m = /^#scenario=([A-Za-z0-9_-]*)$/.exec(hash);
  if (!hash || hash === '#') return null;
  if (!m) throw new Error('the link does not hold a scenario');
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(m[1])));
}

export function download(scenario, name) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(scenario, null, 2)], { type: 'application/json' }));
  const a = Object.assign(document.createElement('a'), { href: url, download: `${name || 'scenario'}.json` });
  a.click();
  URL.revokeObjectURL(url);
}
