// The scenario in the URL hash (`#scenario=<base64url JSON>`) and as a
// downloadable / importable JSON file.

/** Base64url of `bytes`, read in 32 KB chunks: one spread of a large array overflows the call stack. */
function toBase64Url(bytes) {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
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
