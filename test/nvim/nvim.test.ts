/**
 * Neovim as a second LSP client of dist/server.js (`npm run build`): test/nvim/setup.sh installs Debian's neovim
 * (0.7+), then test/nvim/lsp.lua runs headless — vim.lsp.start_client, diagnostics, the "Change to `BACKUP`" quick
 * fix applied with vim.lsp.util.apply_workspace_edit — and writes its named checks as JSON.
 * Where nvim is missing and cannot be installed (no apt-get, or neither root nor passwordless sudo) the suite is
 * skipped; where it could be installed, a failed setup fails the suite.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = path.join(REPO, 'test/nvim');

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const canInstall = has('apt-get') && (process.getuid?.() === 0 || (has('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0));
const skipReason = has('nvim') || canInstall ? '' : 'nvim is not installed and cannot be (needs apt-get as root or with passwordless sudo)';
if (skipReason) console.warn(`test/nvim skipped: ${skipReason}`);

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The checks lsp.lua reports, in order; each must be present and passed. */
const EXPECTED = [
  'file has `state backup`',
  'start_client',
  'buf_attach_client',
  'server initialized',
  'server advertises code actions',
  'diagnostic invalid-value on `state backup`',
  'diagnostic is an error',
  "diagnostic message says it must be written 'BACKUP'",
  'diagnostic range is the word `backup`',
  'codeAction request answered',
  'quick fix "Change to `BACKUP`" offered',
  'quick fix kind is quickfix',
  'quick fix carries an edit',
  'buffer line is `state BACKUP` after the edit',
  'diagnostic gone after the change, the others kept',
  'server still running',
  'script ran without a Lua error',
];

describe.skipIf(!!skipReason)('Neovim 0.7+ as an LSP client (headless)', () => {
  let dir = '';
  let run: { status: number | null; signal: string | null; stdout: string; stderr: string } | undefined;
  let result: { nvim: string; checks: Check[] } | undefined;

  beforeAll(() => {
    const setup = spawnSync('bash', [path.join(HERE, 'setup.sh')], { encoding: 'utf8', timeout: 600_000 });
    if (setup.status !== 0) {
      throw new Error(`test/nvim/setup.sh failed (exit ${setup.status}${setup.signal ? `, ${setup.signal}` : ''}):\n${setup.stdout}${setup.stderr}`);
    }
    const server = path.join(REPO, 'dist/server.js');
    if (!fs.existsSync(server)) throw new Error('dist/server.js is missing: run `npm run build` first');

    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-nvim-'));
    const file = path.join(dir, 'keepalived-backup.conf');
    fs.copyFileSync(path.join(REPO, 'examples/directors/keepalived-backup.conf'), file);
    const out = path.join(dir, 'results.json');
    const r = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(HERE, 'lsp.lua')}`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 55_000,
      env: { ...process.env, LVS_NVIM_SERVER: server, LVS_NVIM_FILE: file, LVS_NVIM_OUT: out, LVS_NVIM_NODE: process.execPath },
    });
    run = { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
    if (fs.existsSync(out)) result = JSON.parse(fs.readFileSync(out, 'utf8'));
  }, 660_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('nvim ran the script, wrote its results and exited 0', () => {
    const how = `exit ${run?.status}${run?.signal ? `, signal ${run.signal}` : ''}\n${run?.stdout}${run?.stderr}`;
    expect(result, `no results file (${how})`).toBeDefined();
    expect(result!.nvim, 'Neovim version').toMatch(/^(0\.([7-9]|\d\d+)|[1-9]\d*\.\d+)\.\d+$/);
    const failed = result!.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
    expect(failed, 'failed checks').toEqual([]);
    expect(run?.status, how).toBe(0);
  });

  it.each(EXPECTED)('%s', (name) => {
    const c = result?.checks.find((x) => x.name === name);
    expect(c, `check "${name}" was not reached (results: ${result ? result.checks.map((x) => x.name).join(', ') : 'none'})`).toBeDefined();
    expect(c!.ok, `check "${name}" failed: ${c!.detail}`).toBe(true);
  });
});
