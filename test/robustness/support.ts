/**
 * Shared helpers of the robustness suite (test/robustness/*.test.ts): a seeded PRNG, an in-memory Host,
 * the diagnostic invariants every analysis must satisfy whatever the input, a shrinker for fuzz failures,
 * and child-process runners for cases that could hang or exhaust memory (a hang inside the vitest worker
 * could never be interrupted: NodeHost reads synchronously).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildSync } from 'esbuild';
import { analyzeConfig, type ConfigAnalysis } from '../../server/src/core/analysis';
import type { Host, ReadResult } from '../../server/src/core/host';
import { RULES_BY_ID } from '../../server/src/core/rules/index';
import type { Diagnostic, Range } from '../../server/src/core/types';

export const REPO = resolve(__dirname, '../..');
export const FIXTURES = join(__dirname, 'fixtures');

/** mulberry32: small, fast, good enough for fuzzing; the same seed gives the same inputs everywhere. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

export function randomBytes(seed: number, n: number): Buffer {
  const r = prng(seed);
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = r.int(256);
  return b;
}

/** An in-memory file system: absolute paths → text. `*` and `?` globs; directories are the paths' parents. */
export class MemoryHost implements Host {
  readonly files = new Map<string, string>();
  readonly executables = new Set<string>();
  reads = 0;

  constructor(files: Record<string, string> = {}) {
    for (const [f, t] of Object.entries(files)) this.files.set(f, t);
  }

  private isDir(p: string): boolean {
    const d = p.endsWith('/') ? p : p + '/';
    for (const f of this.files.keys()) if (f.startsWith(d)) return true;
    return false;
  }

  readFile(file: string): ReadResult {
    this.reads++;
    const t = this.files.get(file);
    if (t !== undefined) return { ok: true, text: t };
    return { ok: false, reason: this.isDir(file) ? 'directory' : 'missing' };
  }

  glob(pattern: string, cwd: string, limit: number): { matches: string[]; truncated: boolean } {
    const abs = pattern.startsWith('/') ? pattern : `${cwd.replace(/\/$/, '')}/${pattern}`;
    let re = '^';
    for (const c of abs) re += c === '*' ? '[^/]*' : c === '?' ? '[^/]' : c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
    const rx = new RegExp(re + '$', 'u');
    const found = new Set<string>();
    for (const f of this.files.keys()) if (rx.test(f)) found.add(f);
    if (this.isDir(abs) && !this.files.has(abs)) found.add(abs.endsWith('/') ? abs : abs + '/');
    const matches = [...found].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { matches: matches.slice(0, limit), truncated: matches.length > limit };
  }

  isExecutable(file: string): boolean {
    return this.executables.has(file);
  }
}

/** Lines as an LSP client (VS Code) splits them: `\r\n`, `\r` and `\n` all end a line. */
export function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Lines as keepalived (and the engine) split them: only `\n` ends a line (a `\r` before it is dropped). */
export function lfLines(text: string): string[] {
  return text.split(/\r?\n/);
}

export type LineModel = (text: string) => string[];

function rangeProblem(r: Range | undefined, lines: string[] | undefined, overhang = 0): string | undefined {
  if (!r || !r.start || !r.end) return 'no range';
  if (!lines) return undefined;
  for (const [name, p] of [
    ['start', r.start],
    ['end', r.end],
  ] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${name} is not integral (${JSON.stringify(p)})`;
    if (p.line < 0 || p.line >= lines.length) return `${name}.line ${p.line} outside 0..${lines.length - 1}`;
    if (p.character < 0 || p.character > lines[p.line].length + overhang) return `${name}.character ${p.character} outside line ${p.line} (length ${lines[p.line].length})`;
  }
  if (r.start.line > r.end.line || (r.start.line === r.end.line && r.start.character > r.end.character)) return 'start after end';
  return undefined;
}

/**
 * The invariants of every diagnostic, whatever the input: a known rule code, a message, a range inside the text
 * of its file as the editor sees it (start ≤ end), and fix edits / related locations inside their files too
 * (an edit outside the text would corrupt the user's file when applied). Returns problems, empty when fine.
 */
export function diagnosticProblems(diags: readonly Diagnostic[], texts: ReadonlyMap<string, string>, split: LineModel = lspLines): string[] {
  const out: string[] = [];
  const linesOf = new Map<string, string[]>();
  const lines = (f: string): string[] | undefined => {
    if (!texts.has(f)) return undefined;
    let l = linesOf.get(f);
    if (!l) linesOf.set(f, (l = split(texts.get(f)!)));
    return l;
  };
  for (const d of diags) {
    const at = `${d.code} at ${JSON.stringify(d.range)}`;
    if (!RULES_BY_ID.has(d.code)) out.push(`unknown rule code ${JSON.stringify(d.code)}`);
    // With the real rules, internal-error means a rule threw on this input: a bug to report, not a finding.
    if (d.code === 'internal-error') out.push(`a rule threw: ${d.message}`);
    if (typeof d.message !== 'string' || !d.message.trim()) out.push(`${at}: empty message`);
    if (!['error', 'warning', 'information', 'hint'].includes(d.severity)) out.push(`${at}: bad severity ${d.severity}`);
    if (!texts.has(d.file)) out.push(`${at}: file ${d.file} was never read`);
    // lone-carriage-return marks the CR itself as (line, len)-(line, len+1): one past the line end, which LSP clients
    // clamp. Its own test (bad-input.test.ts) asks for a range inside the text; here it must not mask other findings.
    const p = rangeProblem(d.range, lines(d.file), d.code === 'lone-carriage-return' ? 1 : 0);
    if (p) out.push(`${at}: ${p}`);
    for (const f of d.fixes ?? []) {
      for (const e of f.edits) {
        const q = texts.has(e.file) ? rangeProblem(e.range, lines(e.file)) : `fix edits unknown file ${e.file}`;
        if (q) out.push(`${at}: fix "${f.title}" edit: ${q}`);
      }
    }
    for (const r of d.related ?? []) {
      const q = rangeProblem(r.location.range, lines(r.location.file));
      if (q) out.push(`${at}: related location: ${q}`);
    }
  }
  return out;
}

export interface Outcome {
  ms: number;
  analysis?: ConfigAnalysis;
  error?: Error;
  problems: string[];
}

/**
 * analyzeConfig, timed, never letting an exception escape: the exception is the finding. Ranges are checked against
 * the editor's lines (LSP) unless `split` says otherwise.
 */
export function analyze(root: string, text: string, host: Host, split: LineModel = lspLines): Outcome {
  const t0 = performance.now();
  try {
    const analysis = analyzeConfig(root, text, host);
    const ms = performance.now() - t0;
    return { ms, analysis, problems: diagnosticProblems(analysis.diagnostics, analysis.config.texts, split) };
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return { ms: performance.now() - t0, error, problems: [`threw ${error.name}: ${error.message}`] };
  }
}

export function codes(a: ConfigAnalysis | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of a?.diagnostics ?? []) out[d.code] = (out[d.code] ?? 0) + 1;
  return out;
}

/**
 * Delta debugging, greedily: drop chunks of lines, then chunks of characters, while `fails` stays true.
 * Bounded by `budget` predicate calls and `deadlineMs` so that a slow failure cannot stall the suite.
 */
export function shrink(input: string, fails: (s: string) => boolean, budget = 1500, deadlineMs = 5000): string {
  let cur = input;
  let calls = 0;
  const deadline = performance.now() + deadlineMs;
  const tryCut = (units: string[], join: string): boolean => {
    for (let size = Math.max(1, units.length >> 1); size >= 1; size >>= 1) {
      for (let i = 0; i + size <= units.length; ) {
        if (++calls > budget || performance.now() > deadline) return false;
        const cand = [...units.slice(0, i), ...units.slice(i + size)];
        const s = cand.join(join);
        if (s !== cur && fails(s)) {
          cur = s;
          units.splice(i, size);
        } else i += size;
      }
    }
    return true;
  };
  tryCut(cur.split('\n'), '\n');
  if (calls <= budget) tryCut([...cur], '');
  return cur;
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: the CLI and a one-file analysis, bundled from the current sources (never from a stale dist/,
// and without racing other builds that write dist/).

let bundleDir: string | undefined;

export function bundles(): { cli: string; analyze: string } {
  if (!bundleDir) {
    const dir = mkdtempSync(join(tmpdir(), 'lvs-robust-bin-'));
    const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent', absWorkingDir: REPO } as const;
    buildSync({ ...common, entryPoints: [join(REPO, 'server/src/cli.ts')], outfile: join(dir, 'cli.js') });
    buildSync({ ...common, entryPoints: [join(__dirname, 'child-analyze.ts')], outfile: join(dir, 'analyze.js') });
    bundleDir = dir;
  }
  return { cli: join(bundleDir, 'cli.js'), analyze: join(bundleDir, 'analyze.js') };
}

/** Remove the bundles (call from afterAll: vitest workers do not run exit hooks reliably). */
export function removeBundles(): void {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  bundleDir = undefined;
}

export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

/**
 * Run `node script args` with a hard timeout (SIGKILL) and, when `memoryKb` is given, a virtual-memory cap
 * (ulimit -v) so that a runaway read cannot take the machine down with it.
 */
export function runNode(script: string, args: string[], opts: { timeoutMs: number; memoryKb?: number; cwd?: string; shellPipe?: string }): ChildResult {
  const t0 = performance.now();
  let r: SpawnSyncReturns<string>;
  const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  if (opts.memoryKb || opts.shellPipe) {
    const node = `${q(process.execPath)} ${[script, ...args].map(q).join(' ')}`;
    const cmd = `${opts.memoryKb ? `ulimit -v ${opts.memoryKb}; ` : ''}${opts.shellPipe ? `${node} | ${opts.shellPipe}` : `exec ${node}`}`;
    r = spawnSync('/bin/sh', ['-c', cmd], { encoding: 'utf8', timeout: opts.timeoutMs, killSignal: 'SIGKILL', cwd: opts.cwd, maxBuffer: 256 * 1024 * 1024 });
  } else {
    r = spawnSync(process.execPath, [script, ...args], { encoding: 'utf8', timeout: opts.timeoutMs, killSignal: 'SIGKILL', cwd: opts.cwd, maxBuffer: 256 * 1024 * 1024 });
  }
  const ms = performance.now() - t0;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms, timedOut };
}

/** Sample configs used as mutation seeds (copied from the keepalived corpus; see fixtures/SOURCE.md). */
export function fixtureFiles(): string[] {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES)
    .filter((f) => f !== 'SOURCE.md' && statSync(join(FIXTURES, f)).isFile())
    .sort()
    .map((f) => join(FIXTURES, f));
}

/** A realistic keepalived.conf of at least `bytes` bytes: global_defs, then virtual_server blocks with real servers. */
export function bigConfig(bytes: number): string {
  const parts: string[] = ['! Configuration File for keepalived\n\nglobal_defs {\n    router_id LVS_BIG\n}\n\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const a = (i >> 8) & 255;
    const b = i & 255;
    const s =
      `virtual_server 10.${(i >> 16) & 255}.${a}.${b} 80 {\n    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n\n` +
      `    real_server 192.168.${a}.${b} 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n`;
    parts.push(s);
    size += s.length;
  }
  return parts.join('');
}
