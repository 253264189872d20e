// The `npm pack` tarball (built by `make wasm` into pkg-pack/) installs into
// a scratch project and works there through require() and import.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const packDir = path.join(__dirname, '..', 'pkg-pack');
const tarball = fs.existsSync(packDir) && fs.readdirSync(packDir).find((f) => /^billsim-.*\.tgz$/.test(f));

test('the packed tarball installs and runs in a scratch project', { skip: !tarball && 'run `make wasm` first' }, (t) => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'billsim-scratch-'));
  t.after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  fs.writeFileSync(path.join(scratch, 'package.json'), '{"name":"scratch","private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', path.join(packDir, tarball)], { cwd: scratch, stdio: 'pipe' });

  const installed = path.join(scratch, 'node_modules', 'billsim');
  assert.ok(fs.existsSync(path.join(installed, 'pkg-node', 'billsim_wasm_bg.wasm')));
  assert.ok(fs.existsSync(path.join(installed, 'pkg-web', 'billsim_wasm_bg.wasm')));
  assert.ok(fs.existsSync(path.join(installed, 'pkg-web', 'web', 'index.d.ts')));

  const node = (args) => execFileSync(process.execPath, args, { cwd: scratch, encoding: 'utf8' }).trim();
  const cjs = `const b = require('billsim');
    const p = b.examples().find((e) => e.name === 'seed002_prepaid').scenario;
    const r = b.simulate(p);
    let code; try { b.simulateJson('{') } catch (e) { code = e instanceof b.BillsimError && e.code }
    console.log(JSON.stringify([r.invoices[0].total, r.summary.tenants[0].sources[0].depleted_at, code]));`;
  assert.deepEqual(JSON.parse(node(['-e', cjs])), ['550', '2026-03-20T12:00Z', 'invalid_json']);

  const esm = `import { simulate, examples } from 'billsim';
    const r = simulate(examples().find((e) => e.name === 'seed002_storage_after_expiry').scenario);
    console.log(r.invoices.map((i) => i.total).join(','));`;
  assert.equal(node(['--input-type=module', '-e', esm]), '24,45,47,21');
});
