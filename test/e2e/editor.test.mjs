// The extension in a real VS Code workbench (code-server), driven like a user: open files from the Explorer, read
// squiggles and the Problems panel, hover, apply a quick fix with Ctrl+., save. Started by test/e2e/run.sh, which
// sets E2E_URL (the code-server), E2E_WS (the workspace: a copy of examples/), E2E_BENCH (a second workspace: the
// 2,000-service config of bench/gen.mjs, opened last), E2E_PW (playwright-core), E2E_SHOTS (screenshots, and
// timings.json: the topology preview's time from command to picture, printed and recorded, never a failure).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(path.join(process.env.E2E_PW, 'noop.js'));
const { chromium } = require('playwright-core');
const URL_ = process.env.E2E_URL;
const WS = process.env.E2E_WS;
const SHOTS = process.env.E2E_SHOTS;
const BENCH = process.env.E2E_BENCH;

/** Timings of the topology preview (a benchmark on a shared machine: recorded, not asserted). */
const timings = { loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100), examples: {}, bench: {} };
const timed = (where, what, ms) => {
  timings[where][what] = ms;
  log(`timing ${where}.${what}: ${ms} ms`);
};
/**
 * The webview's account of its last picture (body[data-timing], epoch ms of the panel's creation, the request, the
 * page's start, its script, the answer's arrival, layout and drawing) as milliseconds after `t0` (the command).
 */
const timeline = async (frame, t0) => {
  const raw = JSON.parse((await frame.locator('body').getAttribute('data-timing')) ?? '{}');
  const at = {};
  for (const k of ['createdAt', 'constructedAt', 'askedAt', 'answeredAt', 'pageAt', 'scriptAt', 'readyAt', 'postedAt', 'receivedAt', 'renderAt', 'laidOutAt', 'drawnAt']) {
    if (typeof raw[k] === 'number' && raw[k] > 0) at[k.replace(/At$/, '')] = raw[k] - t0;
  }
  return at;
};

const T0 = Date.now();
const log = (...a) => console.log(`[e2e ${((Date.now() - T0) / 1000).toFixed(1)}s]`, ...a);
let failed = 0;
let passed = 0;
const check = (ok, what) => {
  if (ok) passed++;
  else failed++;
  log(ok ? 'PASS' : 'FAIL', what);
};

/** LVS_E2E_ONLY=REGEX runs only the steps whose name matches (when working on some steps; they may need earlier ones). */
const ONLY = process.env.LVS_E2E_ONLY ? new RegExp(process.env.LVS_E2E_ONLY) : undefined;

/** Run one step: a failure (timeout, assertion) is recorded with a screenshot, and the next step runs. */
async function step(page, name, fn) {
  if (ONLY && !ONLY.test(name)) return;
  try {
    await fn();
    check(true, name);
  } catch (e) {
    check(false, `${name}: ${String(e.message).split('\n')[0]}`);
    await page.screenshot({ path: path.join(SHOTS, `failure-${name.replace(/\W+/g, '-').slice(0, 60)}.png`) }).catch(() => {});
  }
}

/** Open a file by its path below the workspace, expanding folders in the Explorer. */
async function openFile(page, rel) {
  const parts = rel.split('/');
  for (let i = 0; i < parts.length; i++) {
    const row = page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${parts[i]}"]`).first();
    await row.waitFor({ timeout: 60_000 });
    if (i < parts.length - 1) {
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
    } else await row.dblclick();
  }
  await page.locator('.tabs-container .tab.active', { hasText: parts[parts.length - 1] }).first().waitFor({ timeout: 30_000 });
}

/** Put the cursor on the first occurrence of `word` on line `line` (1-based) with Ctrl+G. */
async function gotoWord(page, line, column) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').first().waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
}

/** Ctrl+. until the quick fix menu offers `title` (the diagnostics of a just-opened file may still be on their way). */
async function quickFix(page, title, tries = 4) {
  for (let i = 0; i < tries; i++) {
    await page.keyboard.press('Control+.');
    const fix = page.locator('.action-widget').getByText(title).first();
    try {
      await fix.waitFor({ timeout: 7_000 });
      return fix;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`the quick fix menu never offered "${title}"`);
}

const editor = (page) => page.locator('.editor-instance .monaco-editor').first();

/**
 * Editor features steps: undo the step's own edits until `done(lines)` holds for the rendered lines, so that the
 * document is back to its text and no undo entry of this step is left for a later step's Ctrl+Z to replay.
 */
async function undoUntil(page, done) {
  await page.keyboard.press('Escape');
  const lines = () => editor(page).locator('.view-line').allTextContents();
  for (let i = 0; i < 20 && !done((await lines()).map((l) => l.replace(/\u00a0/g, ' '))); i++) {
    await page.keyboard.press('Control+Z');
    await page.waitForTimeout(150);
  }
  if (!done((await lines()).map((l) => l.replace(/\u00a0/g, ' ')))) throw new Error('could not undo the edits of this step');
}
const markers = (page) => page.locator('.markers-panel');

async function problems(page) {
  if (!(await markers(page).isVisible().catch(() => false))) await page.keyboard.press('Control+Shift+M');
  await markers(page).waitFor({ timeout: 10_000 });
  return markers(page);
}

/**
 * The 2,000-service config (bench/gen.mjs, 1.4 MB) opened in a second workspace: the preview opens collapsed (the
 * server leaves the groups' services and real servers out), a bucket and a VIP open (its group fetched), the filter
 * finds a real server inside a collapsed group, the cursor in a real_server block highlights the box around it.
 */
async function benchSteps() {
  const preview = () => page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
  const node = (sel) => preview().locator(`g.node${sel}`);
  const conf = path.join(BENCH, 'keepalived.conf');
  const lines = fs.readFileSync(conf, 'utf8').split('\n');
  const openPreview = async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
    await page.keyboard.type('LVS: Open Topology Preview');
    // The best match is selected (the row may also say "recently used").
    await page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: 'LVS: Open Topology Preview' }).first().waitFor({ timeout: 10_000 });
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    await node('[data-id^="bucket:"]').first().waitFor({ timeout: 120_000 });
    return [Date.now() - t0, await timeline(preview(), t0)];
  };
  const closePreview = async () => {
    const tab = page.locator('.tabs-container .tab', { hasText: 'Topology: keepalived.conf' }).first();
    await tab.locator('.tab-actions .action-label').first().click({ force: true });
    await tab.waitFor({ state: 'detached', timeout: 10_000 });
  };
  await step(page, 'topology (2,000 services): the second workspace opens and the server analyses keepalived.conf', async () => {
    await page.goto(`${URL_}/?folder=${encodeURIComponent(BENCH)}`, { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    const t0 = Date.now();
    await openFile(page, 'keepalived.conf');
    await page.locator('.statusbar-item', { hasText: 'Keepalived' }).first().waitFor({ timeout: 60_000 });
    // The analysis is done when its findings (one per service: no real-server file) reach the Problems panel.
    const m = await problems(page);
    await m.getByText(/No file of the workspace describes the real servers/).first().waitFor({ timeout: 120_000 });
    timed('bench', 'openToDiagnosticsMs', Date.now() - t0);
    await page.keyboard.press('Control+J');
  });
  await step(page, 'topology (2,000 services): "LVS: Open Topology Preview" draws it collapsed: buckets of VIPs, no real server', async () => {
    await editor(page).locator('.view-lines').click();
    const [ms, parts] = await openPreview();
    timed('bench', 'commandToPictureMs', ms);
    timings.bench.firstPicture = parts;
    const status = await preview().locator('#status').textContent();
    if (!/2000 VIPs · 2000 services · 8000 real servers/.test(status ?? '')) throw new Error(`status: ${status}`);
    const buckets = await node('[data-id^="bucket:"]').count();
    if (buckets < 2) throw new Error(`${buckets} buckets`);
    if (await node('[data-id^="rs:"]').count()) throw new Error('real servers drawn while collapsed');
    await page.screenshot({ path: path.join(SHOTS, 'topology-bench-collapsed.png') });
  });
  await step(page, 'topology (2,000 services): reopened, the collapsed picture is drawn again', async () => {
    await closePreview();
    await page.locator('.tabs-container .tab', { hasText: 'keepalived.conf' }).first().click();
    const [ms, parts] = await openPreview();
    timed('bench', 'reopenToPictureMs', ms);
    timings.bench.reopenPicture = parts;
  });
  await step(page, 'topology (2,000 services): a bucket opens, then a VIP, whose group the server sends: its 4 real servers', async () => {
    const bucket = node('[data-id^="bucket:"]').first();
    await bucket.locator('g.toggle').click();
    const vip = node('[data-id="vip:10.0.0.30"]');
    await vip.waitFor({ timeout: 30_000 });
    // The bucket's VIPs may be drawn outside the view: fit it first.
    await preview().locator('#fit').click();
    const t0 = Date.now();
    await vip.locator('g.toggle').click();
    await node('[data-id="rs:10.100.0.117"]').waitFor({ timeout: 60_000 });
    timed('bench', 'expandVipMs', Date.now() - t0);
    timings.bench.expandVip = await timeline(preview(), t0);
    const rs = await node('[data-id^="rs:"]').count();
    if (rs !== 4) throw new Error(`${rs} real servers drawn`);
    await node('[data-id="service:10.0.0.30:80/tcp"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-bench-expanded.png') });
  });
  await step(page, 'topology (2,000 services): the filter finds a real server inside a collapsed group', async () => {
    const t0 = Date.now();
    await preview().locator('#filter').fill('10.100.30.7');
    await node('.match[data-id="rs:10.100.30.7"]').waitFor({ timeout: 60_000 });
    timed('bench', 'filterMs', Date.now() - t0);
    timings.bench.filter = await timeline(preview(), t0);
    await preview().locator('#status', { hasText: /filter: 11 matches/ }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-bench-filter.png') });
    await preview().locator('#filter').fill('');
    await node('[data-id^="bucket:"]').first().waitFor({ timeout: 60_000 });
  });
  await step(page, 'topology (2,000 services): the cursor in a real_server block of a collapsed group highlights the box around it', async () => {
    const line = lines.findIndex((l) => l.includes('real_server 10.100.20.5 80')) + 1;
    if (line <= 0) throw new Error('no real_server 10.100.20.5 in the generated config');
    await page.locator('.tabs-container .tab', { hasText: /^keepalived\.conf/ }).first().click();
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, line, 9);
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col`) }).first().waitFor({ timeout: 20_000 });
    // 10.100.20.5 serves VIP 10.0.5.2 (service 1271), in a bucket of VI_LVS_B that is still collapsed.
    await node('.selected[data-id^="bucket:"]').waitFor({ timeout: 30_000 });
  });
  await step(page, 'topology (2,000 services): the LVS Topology tree lists the VIPs and fetches a group when its row opens', async () => {
    const header = page.locator('.pane-header', { hasText: 'LVS Topology' }).first();
    await header.waitFor({ timeout: 20_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const vip = page.locator('.monaco-list-row[aria-label^="vip 10.0.0.1/32"]').first();
    await vip.waitFor({ timeout: 60_000 });
    await vip.locator('.monaco-tl-twistie').click();
    // The tree's answer left the group out: its service comes with the answer asked for this row.
    const service = page.locator('.monaco-list-row[aria-label^="service 10.0.0.1:80/tcp"]').first();
    await service.waitFor({ timeout: 30_000 });
    await service.locator('.monaco-tl-twistie').click();
    await page.locator('.monaco-list-row[aria-label^="real server 10.100.0.1,"]').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-bench-tree.png') });
  });
  await step(page, 'diagnostics while typing (2,000 services): a keystroke that breaks `lb_kind DR` is squiggled at once, and the squiggle goes with the fix', async () => {
    // The file has no error (only one information per service): an error squiggle can only be the keystroke's.
    const line = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+lb_kind DR$/.test(l)) + 1;
    await page.locator('.tabs-container .tab', { hasText: /^keepalived\.conf/ }).first().click();
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, line, lines[line - 1].length + 1);
    await page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col ${lines[line - 1].length + 1}`) }).first().waitFor({ timeout: 20_000 });
    const error = editor(page).locator('.squiggly-error');
    if (await error.count()) throw new Error('an error squiggle before the keystroke');
    let t0 = Date.now();
    await page.keyboard.press('Backspace');
    await error.first().waitFor({ state: 'attached', timeout: 60_000 });
    timed('bench', 'keystrokeToSquiggleMs', Date.now() - t0);
    await page.screenshot({ path: path.join(SHOTS, 'typing-bench-error.png') });
    t0 = Date.now();
    await page.keyboard.type('R');
    await error.first().waitFor({ state: 'detached', timeout: 60_000 });
    timed('bench', 'fixToNoSquiggleMs', Date.now() - t0);
  });
}

const profile = fs.mkdtempSync(path.join(WS, '..', 'chrome-'));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1500, height: 950 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
try {
  await page.goto(`${URL_}/?folder=${encodeURIComponent(WS)}`, { waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  log('workbench loaded');

  // 1. keepalived.conf: diagnostics from the language server, a quick fix applied and saved.
  await step(page, 'keepalived-backup.conf opens as keepalived with error squiggles', async () => {
    await openFile(page, 'directors/keepalived-backup.conf');
    await page.locator('.statusbar-item', { hasText: 'Keepalived' }).first().waitFor({ timeout: 30_000 });
    await editor(page).locator('.squiggly-error').first().waitFor({ state: 'attached', timeout: 60_000 });
  });
  await step(page, 'Problems panel lists the invalid state value', async () => {
    const m = await problems(page);
    await m.getByText("'backup' must be written 'BACKUP'").first().waitFor({ timeout: 30_000 });
  });
  await step(page, 'Ctrl+. on `backup` offers and applies "Change to `BACKUP`"', async () => {
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, 22, 12);
    const fix = await quickFix(page, 'Change to `BACKUP`');
    await page.screenshot({ path: path.join(SHOTS, 'quickfix.png') });
    await fix.click();
    await editor(page).locator('.view-lines', { hasText: 'state BACKUP' }).first().waitFor({ timeout: 20_000 });
    const m = await problems(page);
    await m.getByText("'backup' must be written 'BACKUP'").first().waitFor({ state: 'detached', timeout: 20_000 });
  });
  await step(page, 'the fixed file is saved to disk', async () => {
    await page.keyboard.press('Control+S');
    const file = path.join(WS, 'directors/keepalived-backup.conf');
    const deadline = Date.now() + 15_000;
    while (!fs.readFileSync(file, 'utf8').includes('state BACKUP') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    if (!fs.readFileSync(file, 'utf8').includes('state BACKUP')) throw new Error('not saved');
  });

  // 2. A real server's sysctl file: its own language, the cluster's findings, and the matching explained on hover.
  await step(page, 'the real server sysctl file opens as sysctl and shows the DR finding', async () => {
    await openFile(page, 'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf');
    await page.locator('.statusbar-item', { hasText: 'sysctl' }).first().waitFor({ timeout: 30_000 });
    await editor(page).locator('.squiggly-error, .squiggly-warning').first().waitFor({ state: 'attached', timeout: 60_000 });
    const m = await problems(page);
    await m.getByText(/arp_ignore/).first().waitFor({ timeout: 30_000 });
  });
  await step(page, 'hover on the first line says which real server the file describes', async () => {
    await editor(page).locator('.view-line').first().hover({ position: { x: 30, y: 5 } });
    await page.locator('.monaco-hover', { hasText: 'describes real server' }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'hover-realserver.png') });
  });
  // --- Editor features (completion, hover, inlay hints, code lens: core/editor/, lsp/editor-features.ts) ---
  await step(page, 'editor features: web.conf shows a code lens summarising each virtual server', async () => {
    await openFile(page, 'directors/conf.d/web.conf');
    await editor(page).locator('.codelens-decoration', { hasText: /DR · wlc · TCP · \d+ real servers/ }).first().waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SHOTS, 'codelens.png') });
  });
  await step(page, 'editor features: hover on lb_algo explains the keyword from keepalived.conf(5)', async () => {
    await editor(page).locator('.view-line span span', { hasText: /^lb_algo$/ }).first().hover();
    await page.locator('.monaco-hover', { hasText: 'LVS scheduler' }).first().waitFor({ timeout: 20_000 });
    await page.mouse.move(5, 5);
  });
  await step(page, 'editor features: hover on a VIP tells where the cluster uses it', async () => {
    await editor(page).locator('.view-line span span', { hasText: /^192\.0\.2\.10$/ }).first().hover();
    await page.locator('.monaco-hover', { hasText: 'VIP of' }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'hover-vip.png') });
    await page.mouse.move(5, 5);
  });
  await step(page, 'editor features: completion offers lb_kind values on a line being typed', async () => {
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, 7, 17);
    // On a loaded machine the Go to Line box may still be open: wait until the cursor is there.
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
    await page.locator('.statusbar-item', { hasText: 'Ln 7, Col 17' }).first().waitFor({ timeout: 10_000 });
    try {
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('lb_kind ');
      await page.keyboard.press('Control+Space');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'TUN' }).first();
      await row.waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, 'completion.png') });
      await row.click();
      await editor(page).locator('.view-lines', { hasText: 'lb_kind TUN' }).first().waitFor({ timeout: 10_000 });
    } finally {
      // Leave the file as it is on disk, whatever happened above.
      await undoUntil(page, (ls) => ls.includes('    protocol TCP') && !ls.some((l) => /^\s*lb_kind( TUN)?\s*$|TCPlb/.test(l)));
    }
  });
  await step(page, 'editor features: sysctl completion offers the LVS keys in a real server file', async () => {
    // Opened by an earlier step: its tab.
    const sysctlLines = fs.readFileSync(path.join(WS, 'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf'), 'utf8').split('\n').length;
    await page.locator('.tabs-container .tab', { hasText: '90-lvs-dr.conf' }).first().click();
    await page.locator('.statusbar-item', { hasText: 'sysctl' }).first().waitFor({ timeout: 10_000 });
    await editor(page).locator('.view-lines').click();
    try {
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('net.ipv4.conf.all.arp_ann');
      const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'net.ipv4.conf.all.arp_announce' }).first();
      await row.waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(SHOTS, 'completion-sysctl.png') });
      await row.click();
      await editor(page).locator('.view-lines', { hasText: 'net.ipv4.conf.all.arp_announce = ' }).first().waitFor({ timeout: 10_000 });
    } finally {
      await undoUntil(page, (ls) => ls.length === sysctlLines && !ls.some((l) => l.includes('net.ipv4.conf.all.arp_ann')));
    }
  });
  await step(page, 'editor features: an inlay hint shows the 8 characters keepalived keeps of auth_pass', async () => {
    await openFile(page, 'directors/keepalived-backup.conf');
    // Bring the auth_pass line into view (only rendered lines are in the page).
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, 28, 1);
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
    await editor(page).locator('.view-lines', { hasText: '→ lvs-clus' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'inlay.png') });
  });
  // --- Navigation (outline, go to definition, rename: core/editor/{symbols,navigation}.ts, lsp/navigation.ts) ---
  /** The status bar's cursor position (`Ln 16, Col 13`). */
  const cursorAt = async (line) => page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col`) }).first().waitFor({ timeout: 20_000 });
  /** "Go to Symbol in Editor" (`@` in the quick input): the labels it lists. */
  const symbolPicker = async () => {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Backspace');
    await page.keyboard.type('@');
    return page.locator('.quick-input-widget .monaco-list-row');
  };
  await step(page, 'navigation: the outline lists the vrrp_instance and the vrrp_script', async () => {
    await page.keyboard.press('Escape');
    await openFile(page, 'directors/keepalived-master.conf');
    await editor(page).locator('.view-lines').click();
    const rows = await symbolPicker();
    try {
      await rows.filter({ hasText: 'VI_WEB' }).first().waitFor({ timeout: 30_000 });
      await rows.filter({ hasText: 'chk_ipvs' }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(SHOTS, 'outline-instances.png') });
    } finally {
      await page.keyboard.press('Escape');
    }
  });
  await step(page, 'navigation: the outline of conf.d/web.conf shows virtual servers (`VIP:port PROTO METHOD`) and their real servers', async () => {
    await openFile(page, 'directors/conf.d/web.conf');
    await editor(page).locator('.view-lines').click();
    const rows = await symbolPicker();
    try {
      // (an earlier step may have left a half-typed line in this file: the protocol part is not checked)
      await rows.filter({ hasText: /192\.0\.2\.10:443 TCP dr/ }).first().waitFor({ timeout: 30_000 });
      await rows.filter({ hasText: '10.0.0.12:80 weight 1' }).first().waitFor({ timeout: 10_000 });
      await page.screenshot({ path: path.join(SHOTS, 'outline-virtual-servers.png') });
    } finally {
      await page.keyboard.press('Escape');
    }
  });
  await step(page, 'navigation: F12 on a track_script entry jumps to its vrrp_script', async () => {
    await page.keyboard.press('Escape');
    await page.locator('.tabs-container .tab', { hasText: 'keepalived-master.conf' }).first().click();
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, 38, 11);
    await cursorAt(38);
    await page.keyboard.press('F12');
    await cursorAt(16);
  });
  await step(page, 'navigation: F2 renames a vrrp_script and its track_script entry', async () => {
    await gotoWord(page, 16, 15);
    await page.keyboard.press('F2');
    const input = page.locator('.rename-box input').first();
    await input.waitFor({ timeout: 20_000 });
    await input.fill('chk_lvs');
    await page.keyboard.press('Enter');
    await editor(page).locator('.view-lines', { hasText: 'vrrp_script chk_lvs' }).first().waitFor({ timeout: 20_000 });
    const lines = await editor(page).locator('.view-line').allInnerTexts();
    if (lines.some((l) => l.includes('chk_ipvs'))) throw new Error('chk_ipvs left behind');
    await page.screenshot({ path: path.join(SHOTS, 'rename.png') });
    // Leave the file as it was.
    for (let i = 0; i < 4 && (await editor(page).locator('.view-lines', { hasText: 'chk_lvs' }).count()); i++) await page.keyboard.press('Control+Z');
    await editor(page).locator('.view-lines', { hasText: 'vrrp_script chk_ipvs' }).first().waitFor({ timeout: 10_000 });
  });
  // --- Formatting and semantic tokens (core/editor/{format,semantic-tokens}.ts, lsp/format-tokens.ts) ---
  const FORMAT_FILE = 'format-keepalived.conf';
  const FORMAT_MESSY = 'global_defs { router_id lb-format }\nvrrp_script chk_fmt{\nscript "/bin/true"   \n    interval 2\n}\n\n\n\nvirtual_server_group VSG_FMT {\n    192.0.2.77 80\n}\n';
  const FORMAT_DONE = 'global_defs {\n    router_id lb-format\n}\nvrrp_script chk_fmt {\n    script "/bin/true"\n    interval 2\n}\n\nvirtual_server_group VSG_FMT {\n    192.0.2.77 80\n}\n';
  await step(page, 'formatting: Format Document (Shift+Alt+F) formats a messy keepalived file (split one-line block, indentation, blank lines)', async () => {
    await page.keyboard.press('Escape');
    fs.writeFileSync(path.join(WS, FORMAT_FILE), FORMAT_MESSY);
    // From the Explorer: Quick Open's file index may not have the new file yet on a loaded machine.
    await openFile(page, FORMAT_FILE);
    await page.locator('.statusbar-item', { hasText: 'Keepalived' }).first().waitFor({ timeout: 30_000 });
    await editor(page).locator('.view-lines').click();
    // Shift+Alt+F in VS Code; in the browser Alt opens the menu bar, so the same command from the palette.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
    await page.keyboard.type('Format Document');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Format Document/ }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    await editor(page).locator('.view-lines', { hasText: 'vrrp_script chk_fmt {' }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'format.png') });
    await page.keyboard.press('Control+S');
    let disk = '';
    for (let i = 0; i < 50 && (disk = fs.readFileSync(path.join(WS, FORMAT_FILE), 'utf8')) !== FORMAT_DONE; i++) await page.waitForTimeout(200);
    if (disk !== FORMAT_DONE) throw new Error(`saved text differs: ${JSON.stringify(disk)}`);
  });
  await step(page, 'semantic tokens: Inspect Editor Tokens shows a vrrp_script name as a declared variable', async () => {
    await gotoWord(page, 4, 15);
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
    await page.keyboard.type('Inspect Editor Tokens and Scopes');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Inspect Editor Tokens' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');
    const widget = page.locator('.token-inspect-widget').first();
    try {
      await widget.filter({ hasText: 'semantic token type' }).waitFor({ timeout: 30_000 });
      const info = await widget.innerText();
      if (!/semantic token type\s*variable/.test(info) || !/declaration/.test(info)) throw new Error(`inspector says: ${info.replace(/\s+/g, ' ').slice(0, 300)}`);
      await page.screenshot({ path: path.join(SHOTS, 'semantic-tokens.png') });
    } finally {
      await page.keyboard.press('Escape');
    }
  });
  // --- Grammars and snippets (scripts/gen-grammar.mjs → syntaxes/, snippets/*.code-snippets) ---
  /** Open a file just written at the top of the workspace, from the Explorer (its file watcher lists it). */
  const quickOpen = async (name, language) => {
    await page.keyboard.press('Escape');
    await openFile(page, name);
    await page.locator('.statusbar-item', { hasText: language }).first().waitFor({ timeout: 30_000 });
  };
  await step(page, 'grammar: the keepalived grammar scopes a block keyword, a deprecated keyword and an enum value (Inspect Editor Tokens, .mtk spans)', async () => {
    fs.writeFileSync(path.join(WS, 'grammar-keepalived.conf'), 'global_defs {\n    lvs_flush_onstop VS\n}\nvrrp_instance VI_G {\n    state BACKUP\n}\n');
    await quickOpen('grammar-keepalived.conf', 'Keepalived');
    const inspect = async (line, column, scope) => {
      await gotoWord(page, line, column);
      await page.keyboard.press('F1');
      await page.locator('.quick-input-widget input').first().waitFor({ timeout: 10_000 });
      await page.keyboard.type('Inspect Editor Tokens and Scopes');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Inspect Editor Tokens' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      const widget = page.locator('.token-inspect-widget').first();
      try {
        await widget.filter({ hasText: 'textmate scopes' }).waitFor({ timeout: 30_000 });
        const info = await widget.innerText();
        if (!info.includes(scope)) throw new Error(`no ${scope} at ${line}:${column}: ${info.replace(/\s+/g, ' ').slice(0, 300)}`);
      } finally {
        await page.keyboard.press('Escape');
      }
    };
    await inspect(1, 3, 'storage.type.block.keepalived');
    await inspect(2, 8, 'invalid.deprecated.keyword.keepalived');
    await inspect(5, 12, 'constant.language.enum.keepalived');
    // The theme colours the keyword: its span has a colour class of its own, not the plain text's.
    const lines = editor(page).locator('.view-lines');
    const keywordClass = await lines.locator('span[class^="mtk"]', { hasText: /^vrrp_instance$/ }).first().getAttribute('class');
    const plainClass = await lines.locator('span[class^="mtk"]', { hasText: /^\s*VI_G\s*\{?$/ }).first().getAttribute('class');
    if (!keywordClass || keywordClass === plainClass) throw new Error(`vrrp_instance is not coloured apart: ${keywordClass} vs ${plainClass}`);
    await page.screenshot({ path: path.join(SHOTS, 'grammar.png') });
  });
  await step(page, 'snippets: the prefix vrrp-backup expands to the BACKUP instance of the VRRP pair', async () => {
    fs.writeFileSync(path.join(WS, 'snippet-keepalived.conf'), '');
    await quickOpen('snippet-keepalived.conf', 'Keepalived');
    await editor(page).locator('.view-lines').click();
    await page.keyboard.type('vrrp-backup');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'vrrp-backup' }).first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await editor(page).locator('.view-lines', { hasText: 'state BACKUP' }).first().waitFor({ timeout: 10_000 });
    await editor(page).locator('.view-lines', { hasText: 'virtual_router_id 51' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.screenshot({ path: path.join(SHOTS, 'snippet.png') });
  });
  await step(page, 'snippets: the prefix lvs-dr-arp in a sysctl file expands to the arp_ignore / arp_announce settings', async () => {
    fs.writeFileSync(path.join(WS, 'snippet-sysctl.conf'), '');
    await quickOpen('snippet-sysctl.conf', 'sysctl');
    await editor(page).locator('.view-lines').click();
    await page.keyboard.type('lvs-dr-arp');
    await page.keyboard.press('Control+Space');
    const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'lvs-dr-arp' }).first();
    await item.waitFor({ timeout: 30_000 });
    await item.click();
    await editor(page).locator('.view-lines', { hasText: 'net.ipv4.conf.all.arp_announce = 2' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
  });
  // --- Topology preview and tree (client/src/topology/, client/src/preview/): the webview sits in nested iframes ---
  const preview = () => page.frameLocator('iframe.webview').first().frameLocator('#active-frame');
  const previewNode = (id) => preview().locator(`g.node[data-id="${id}"]`);
  const atLine = async (line) => page.locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col`) }).first().waitFor({ timeout: 20_000 });
  await step(page, 'topology: the editor title button of web.conf opens the preview with its directors, VIPs and real servers', async () => {
    await openFile(page, 'directors/conf.d/web.conf');
    const t0 = Date.now();
    await page.locator('.editor-actions .action-label[aria-label*="Open Topology Preview"]').first().click();
    await previewNode('rs:10.0.0.11').waitFor({ timeout: 60_000 });
    timed('examples', 'commandToPictureMs', Date.now() - t0);
    timings.examples.firstPicture = await timeline(preview(), t0);
    for (const id of ['vip:192.0.2.10', 'service:192.0.2.10:443/tcp', 'rs:10.0.0.12', 'rs:10.0.0.13']) await previewNode(id).waitFor({ timeout: 10_000 });
    await preview().locator('g.node[data-id^="director:"]').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-preview.png') });
  });
  await step(page, 'topology: a click on a real server node reveals its real_server line in the editor', async () => {
    await previewNode('rs:10.0.0.13').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'api.conf' }).first().waitFor({ timeout: 20_000 });
    await atLine(8);
  });
  await step(page, 'topology: the node under the cursor is highlighted', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'web.conf' }).first().click();
    await editor(page).locator('.view-lines').click();
    await gotoWord(page, 10, 9);
    await atLine(10);
    await preview().locator('g.node.selected[data-id="rs:10.0.0.11"]').waitFor({ timeout: 20_000 });
  });
  await step(page, 'topology: an edit of a weight in web.conf changes the picture', async () => {
    await previewNode('rs:10.0.0.11').filter({ hasText: 'weight 1/2' }).waitFor({ timeout: 10_000 });
    // One edit (the selected `1` replaced), so that one undo leaves the file as it was (and not dirty).
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.keyboard.type('7');
    await previewNode('rs:10.0.0.11').filter({ hasText: 'weight 7/2' }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-preview-edited.png') });
    await page.keyboard.press('Control+Z');
    await page.locator('.tabs-container .tab.dirty', { hasText: 'web.conf' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    await previewNode('rs:10.0.0.11').filter({ hasText: 'weight 1/2' }).waitFor({ timeout: 30_000 });
  });
  await step(page, 'topology: the LVS Topology tree in the Explorer lists the VIPs with their services and opens their source', async () => {
    const header = page.locator('.pane-header', { hasText: 'LVS Topology' }).first();
    await header.waitFor({ timeout: 20_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const vip = page.locator('.monaco-list-row[aria-label^="vip 192.0.2.10"]').first();
    await vip.waitFor({ timeout: 30_000 });
    // A click on the label opens the VIP's line; the twistie expands the row.
    await vip.click();
    await page.locator('.tabs-container .tab.active', { hasText: /keepalived-(master|backup)\.conf/ }).first().waitFor({ timeout: 20_000 });
    if ((await vip.getAttribute('aria-expanded')) !== 'true') await vip.locator('.monaco-tl-twistie').click();
    await page.locator('.monaco-list-row[aria-label^="service 192.0.2.10:80/tcp"]').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-tree.png') });
  });
  await step(page, 'topology: reopened with the server warm, the preview is drawn quickly', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Topology: web.conf' }).first().locator('.tab-actions .action-label').first().click({ force: true });
    await page.locator('.tabs-container .tab', { hasText: 'Topology: web.conf' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.tabs-container .tab', { hasText: 'web.conf' }).first().click();
    const t0 = Date.now();
    await page.locator('.editor-actions .action-label[aria-label*="Open Topology Preview"]').first().click();
    await previewNode('rs:10.0.0.11').waitFor({ timeout: 30_000 });
    const ms = Date.now() - t0;
    timed('examples', 'reopenToPictureMs', ms);
    timings.examples.reopenPicture = await timeline(preview(), t0);
    if (ms > 30_000) throw new Error(`took ${ms} ms`);
  });
  await step(page, 'topology: the Explorer folder menu opens the preview of a folder', async () => {
    await page.locator('.tabs-container .tab', { hasText: 'Topology: web.conf' }).first().locator('.tab-actions .action-label').first().click({ force: true });
    await page.locator('.tabs-container .tab', { hasText: 'Topology: web.conf' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.explorer-folders-view .monaco-list-row[aria-label^="realservers"]').first().click({ button: 'right' });
    const item = page.locator('.context-view .action-label', { hasText: 'Open Topology Preview of Folder' }).first();
    await item.click();
    const tab = page.locator('.tabs-container .tab', { hasText: 'Topology: realservers' }).first();
    // A click while the menu is still settling can be lost: the focused item takes Enter as well.
    if (!(await tab.waitFor({ timeout: 5_000 }).then(() => true, () => false)) && (await item.isVisible())) await page.keyboard.press('Enter');
    await tab.waitFor({ timeout: 20_000 });
    for (const id of ['rs:10.0.0.11', 'rs:10.0.0.12', 'rs:10.0.0.13']) await previewNode(id).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SHOTS, 'topology-preview-folder.png') });
  });
  await page.screenshot({ path: path.join(SHOTS, 'final.png') });

  // --- The topology preview of a large cluster (2,000 services, 8,000 real servers), in a second workspace ---
  if (BENCH) await benchSteps();
} catch (e) {
  failed++;
  log('FAIL', String(e.message).split('\n')[0]);
  await page.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => {});
} finally {
  try {
    fs.writeFileSync(path.join(SHOTS, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    log(`timings: ${JSON.stringify(timings)}`);
  } catch {}
  await ctx.close();
  fs.rmSync(profile, { recursive: true, force: true });
  console.log(`e2e: ${passed} passed, ${failed} failed (${((Date.now() - T0) / 1000).toFixed(1)} s)`);
  process.exitCode = failed || !passed ? 1 : 0;
}
