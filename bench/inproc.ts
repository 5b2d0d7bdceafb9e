/**
 * In-process benchmark of the analysis core, bundled by bench/run.mjs with esbuild (as the CLI is) and run
 * in a fresh Node process per file:
 *
 *   node --expose-gc bench/out/inproc.cjs FILE [--iterations N] [--warmup W] [--rules] [--alloc OUT.heapprofile]
 *
 * Prints one JSON object on stdout:
 *   load        ms from process start to this entry running (Node bootstrap + bundle evaluation)
 *   cold        the first run in the process, per stage (parser construction separately): what the CLI pays
 *   total       analyzeConfig(root, text, NodeHost) timed N times after W warm-up runs (median, min, runs)
 *   stages      the same pipeline split: reader/scanner (Preprocessor), Chevrotain parse (parseTokens),
 *               resolve (resolveTree), rules (runRules + sortDiagnostics), N times after warm-up
 *   gc          ms of garbage collection inside the timed windows (median over runs; from perf_hooks 'gc'
 *               entries), for the total and per stage, warm and cold
 *   rules       with --rules: each rule alone over the same parsed config (median ms), slowest first
 *   counts      tokens, statements, diagnostics (sanity: the bench measures a real analysis)
 *
 * With --alloc, one more warm analyzeConfig runs under the sampling heap profiler (objects freed by GC
 * included, so it counts every allocation, not just what survives) and the profile is written to OUT
 * (open it in Chrome DevTools, or summarise it with bench/profile.mjs).
 *
 * The stage pipeline mirrors server/src/core/keepalived/index.ts parseConfig; `stagesSumVsTotal` in the
 * output shows whether the two still agree.
 */
const loadedAt = performance.now();

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Session } from 'node:inspector';
import { PerformanceObserver } from 'node:perf_hooks';
import { analyzeConfig, type AnalysisOptions } from '../server/src/core/analysis';
import { NodeHost } from '../server/src/core/host';
import { parseConfig, type ParsedConfig } from '../server/src/core/keepalived/index';
import { parseTokens } from '../server/src/core/keepalived/parser';
import { runRules, sortDiagnostics } from '../server/src/core/lint/runner';
import { RULES } from '../server/src/core/rules/index';

declare const gc: (() => void) | undefined;

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const file = path.resolve(process.argv[2] ?? '');
const iterations = Math.max(1, arg('--iterations', 10));
const warmup = arg('--warmup', 3);
const options: AnalysisOptions = {};
const host = new NodeHost();
const now = (): number => performance.now();

// Garbage collections, attributed afterwards to the timed windows they fall in.
const gcs: { start: number; duration: number }[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push({ start: e.startTime, duration: e.duration });
});
observer.observe({ entryTypes: ['gc'] });
const gcIn = (from: number, to: number): number => {
  let ms = 0;
  for (const g of gcs) if (g.start >= from && g.start < to) ms += g.duration;
  return ms;
};

/**
 * Before a timed run: drop what the previous run left alive and collect. The parser singleton keeps its
 * last input (the token array, hence every word) until the next parse; parsing no tokens releases it.
 */
const collect = (): void => {
  parseTokens([]);
  if (typeof gc === 'function') gc();
};

const STAGES = ['reader', 'parse', 'resolve', 'rules'] as const;
type Stage = (typeof STAGES)[number];

/** parseConfig + analyzeConfig, one stage at a time; `marks` are the stage boundaries (performance.now()). */
function staged(root: string, text: string): { marks: number[]; config: ParsedConfig; diagnostics: number; tokens: number } {
  const marks = [now()];
  const config = parseConfig(root, text, host, { configId: options.configId, onStage: () => marks.push(now()) });
  const diagnostics = sortDiagnostics(runRules(RULES, config, options));
  const t4 = now();
  marks.push(t4);
  return { marks, config, diagnostics: diagnostics.length, tokens: config.tokenCount };
}

const round = (x: number): number => Math.round(x * 100) / 100;

function stats(xs: number[]): { median: number; min: number; max: number; runs: number[] } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median: round(median), min: round(s[0]), max: round(s[s.length - 1]), runs: xs.map(round) };
}
const median = (xs: number[]): number => stats(xs).median;

async function main(): Promise<void> {
  // --- cold: what one CLI process pays, in order ---
  const c0 = now();
  const read = host.readFile(file);
  if (!read.ok) throw new Error(`cannot read ${file}: ${read.reason}`);
  const text = read.text;
  const c1 = now();
  parseTokens([]); // builds the Chevrotain parser (performSelfAnalysis) once per process
  const c2 = now();
  let cold: ReturnType<typeof staged> | undefined = staged(file, text);
  const coldMarks = cold.marks;
  const coldTokens = cold.tokens;
  // Nothing from an earlier run stays alive while the next one is timed: a retained tree of the 15 MB
  // config is ~1 GB of old space, which would make every later major GC slower than the run it measures.
  cold = undefined;
  collect();

  // --- warm: analyzeConfig as a whole ---
  for (let i = 0; i < warmup; i++) analyzeConfig(file, text, host, options);
  const totals: [number, number][] = [];
  let diagnostics = 0;
  for (let i = 0; i < iterations; i++) {
    collect();
    const t0 = now();
    const a = analyzeConfig(file, text, host, options);
    totals.push([t0, now()]);
    diagnostics = a.diagnostics.length;
  }

  // --- warm: per stage ---
  const marks: number[][] = [];
  let last: ReturnType<typeof staged> | undefined;
  for (let i = 0; i < iterations; i++) {
    last = undefined;
    collect();
    last = staged(file, text);
    marks.push(last.marks);
  }
  const config = last!.config;
  const counts = { tokens: last!.tokens, statements: config.all.length, diagnostics };

  // --- warm: each rule alone, on the last parsed config ---
  const ruleRuns = Math.max(3, Math.min(iterations, 5));
  const rules: { id: string; median: number }[] = [];
  for (const rule of process.argv.includes('--rules') ? RULES : []) {
    runRules([rule], config, options);
    const xs: number[] = [];
    for (let i = 0; i < ruleRuns; i++) {
      const t0 = now();
      runRules([rule], config, options);
      xs.push(now() - t0);
    }
    rules.push({ id: rule.id, median: median(xs) });
  }
  rules.sort((a, b) => b.median - a.median);
  const heapUsedMB = Math.round(process.memoryUsage().heapUsed / 1e6);

  const allocAt = process.argv.indexOf('--alloc');
  if (allocAt > 0) await allocationProfile(text, process.argv[allocAt + 1]);

  // GC entries are delivered asynchronously: let them arrive.
  await new Promise((r) => setTimeout(r, 50));
  observer.disconnect();

  const total = stats(totals.map(([a, b]) => b - a));
  const stageStats = Object.fromEntries(STAGES.map((k, i) => [k, stats(marks.map((m) => m[i + 1] - m[i]))])) as Record<Stage, ReturnType<typeof stats>>;
  const stageSum = STAGES.reduce((s, k) => s + stageStats[k].median, 0);
  const coldStage = (i: number): number => coldMarks[i + 1] - coldMarks[i];
  const out = {
    file,
    bytes: fs.statSync(file).size,
    node: process.version,
    gcBetweenRuns: typeof gc === 'function',
    iterations,
    warmup,
    load: round(loadedAt),
    cold: {
      readFile: round(c1 - c0),
      parserConstruction: round(c2 - c1),
      ...Object.fromEntries(STAGES.map((k, i) => [k, round(coldStage(i))])),
      total: round(c2 - c0 + (coldMarks[4] - coldMarks[0])),
    } as Record<Stage | 'readFile' | 'parserConstruction' | 'total', number>,
    total,
    stages: stageStats,
    stagesSumVsTotal: round(stageSum / total.median),
    gc: {
      total: median(totals.map(([a, b]) => gcIn(a, b))),
      ...Object.fromEntries(STAGES.map((k, i) => [k, median(marks.map((m) => gcIn(m[i], m[i + 1])))])),
      cold: {
        total: round(gcIn(c0, coldMarks[4])),
        ...Object.fromEntries(STAGES.map((k, i) => [k, round(gcIn(coldMarks[i], coldMarks[i + 1]))])),
      },
    },
    rules: rules.length ? rules : undefined,
    counts: { ...counts, coldTokens },
    heapUsedMB,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

/** One analyzeConfig run under the sampling heap profiler, every allocation counted; written to `out`. */
async function allocationProfile(text: string, out: string): Promise<void> {
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object): Promise<any> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (e, r) => (e ? reject(e) : resolve(r))));
  await post('HeapProfiler.enable');
  await post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  analyzeConfig(file, text, host, options);
  const { profile } = await post('HeapProfiler.stopSampling');
  session.disconnect();
  fs.writeFileSync(out, JSON.stringify(profile));
}

void main();
