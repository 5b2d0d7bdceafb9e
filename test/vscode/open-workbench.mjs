// Opens code-server's workbench in headless chromium (so that the extension host starts and the runner extension
// runs the suite), waits for the results file, prints it and exits 1 on any failure. Started by run-in-code-server.sh.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(path.join(process.env.E2E_PW, 'noop.js'));
const { chromium } = require('playwright-core');
const RESULTS = process.env.E2E_RESULTS;
const TIMEOUT = 300_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let code = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${process.env.E2E_URL}/?folder=${encodeURIComponent(process.env.E2E_WS)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').first().waitFor({ timeout: 120_000 });
  const end = Date.now() + TIMEOUT;
  while (!fs.existsSync(RESULTS)) {
    if (Date.now() > end) throw new Error(`no results in ${RESULTS} after ${TIMEOUT / 1000}s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const r = JSON.parse(fs.readFileSync(RESULTS, 'utf8'));
  for (const f of r.failures) console.log(`[vscode-host] FAIL ${f.title}\n${f.error}`);
  console.log(`[vscode-host] extension-host suite in code-server: ${r.passed} passed, ${r.failed} failed`);
  code = r.failed === 0 && r.passed > 0 ? 0 : 1;
} catch (e) {
  console.log(`[vscode-host] ${e.message}`);
} finally {
  await browser.close();
}
process.exit(code);
