// Headless Chromium for the bench's browser arms: Debian's /usr/bin/chromium
// driven by playwright-core from bindings-wasm/node_modules, in a throwaway
// profile that is removed afterwards. `run(context)` gets the browser
// context; a failure prints and exits 1.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require(path.join(__dirname, '..', 'bindings-wasm', 'node_modules', 'playwright-core'));

function withChromium(options, run) {
  (async () => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billsim-bench-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      ...options,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--enable-precise-memory-info'],
    });
    try {
      await run(context);
    } finally {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  })().catch((e) => { console.error(e); process.exit(1); });
}

module.exports = { withChromium };
