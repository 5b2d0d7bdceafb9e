// lvs-lint performance benchmark (`npm run bench`).
//
//   node bench/run.mjs [--rounds N] [--quick] [--profile]
//
// 1. Generates two deterministic LVS-DR configs into bench/out/ (bench/gen.mjs): 2,000 and 20,000
//    virtual_servers × 4 real_servers.
// 2. In-process: bundles bench/inproc.ts (analyzeConfig + NodeHost, and the pipeline split into reader,
//    Chevrotain parse, resolve, rules) with esbuild and runs it in a fresh Node per file: median and min of
//    N runs after warm-up, plus what the first (cold) run of a process costs.
// 3. Whole process: `node dist/cli.js FILE`, `keepalived --config-test -f FILE` (when installed) and
//    `node -e 0` (the floor), interleaved round by round, ≥ 10 rounds each.
// 4. Prints a table with the goals next to the figures and writes bench/out/results.json.
//
// --quick: 3 rounds and fewer in-process runs (a smoke test, not for figures).
// --profile: also writes CPU profiles (node --cpu-prof) of the CLI and of the warm in-process runs on the
//            small file, and an allocation profile of one warm analysis, to bench/out/prof/, and prints
//            where the time and the bytes go (bench/profile.mjs).
//
// Timing is done in Node (no hyperfine needed). The machine is shared: read min next to median.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeConfig } from './gen.mjs';
import { printHeapSummary, printSummary, summarize, summarizeHeap } from './profile.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);
const OUT = join(HERE, 'out');
const CLI = join(ROOT, 'dist', 'cli.js');
/** The CLI bundle that dist/cli.js (server/src/cli-cache.ts) runs with a V8 code cache. */
const CLI_MAIN = join(ROOT, 'dist', 'cli-main.js');
const INPROC = join(OUT, 'inproc.cjs');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const QUICK = flag('--quick');
const PROFILE = flag('--profile');
const ROUNDS = opt('--rounds', QUICK ? 3 : 10);

const GOALS = {
  cliVsKeepalived: 2, // whole-process lvs-lint ≤ 2 × keepalived --config-test, on the small file
  inProcessMs: 100, // warm in-process analysis (parse + all rules) of the small file, median
  linear: 1.25, // (ms/MB on the large file) / (ms/MB on the small one): ≤ this counts as linear
};

const SIZES = [
  { name: 'small', vs: 2000, inproc: QUICK ? { warmup: 2, iterations: 3 } : { warmup: 5, iterations: 15 }, rules: true },
  { name: 'large', vs: 20000, inproc: QUICK ? { warmup: 0, iterations: 1 } : { warmup: 1, iterations: 3 }, rules: false },
];

const log = (s = '') => process.stdout.write(s + '\n');
const t0 = performance.now();

// ---------------------------------------------------------------------------------------------- build
const esbuild = await import('esbuild');
/** The in-process bench's bundle: esbuild.mjs's options, with names kept for the profiles (minifySyntax only). */
const COMMON = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  minifySyntax: true,
  logLevel: 'warning',
  legalComments: 'none',
};

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    newest = Math.max(newest, statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs);
  }
  return newest;
}

// `npm run bench` builds first; run directly (or with the build broken elsewhere), rebuild the CLI bundle
// when it is missing or older than its sources.
const srcMtime = newestMtime(join(ROOT, 'server', 'src'));
if (![CLI, CLI_MAIN].every((f) => existsSync(f) && statSync(f).mtimeMs >= srcMtime)) {
  log('dist/cli.js or dist/cli-main.js is missing or older than server/src: building them (esbuild.mjs)');
  // esbuild.mjs's own build: the timed CLI is the shipped one (elkjs after the code, see ELK_TRAILER there).
  await (await import('../esbuild.mjs')).build({ only: ['dist/cli-main.js', 'dist/cli.js'] });
}
mkdirSync(OUT, { recursive: true });
await esbuild.build({ ...COMMON, entryPoints: [join(HERE, 'inproc.ts')], outfile: INPROC });

// ------------------------------------------------------------------------------------------- generate
for (const s of SIZES) {
  const r = writeConfig(s.vs, join(OUT, `lvs-${s.vs}.conf`));
  Object.assign(s, r, { sha256: createHash('sha256').update(readFileSync(r.file)).digest('hex').slice(0, 16) });
  s.mb = s.bytes / 1e6;
}

// ------------------------------------------------------------------------------------------ commands
const keepalived = ['/usr/sbin/keepalived', '/usr/local/sbin/keepalived', '/sbin/keepalived'].find((p) => existsSync(p)) ?? whichSync('keepalived');
function whichSync(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}
const node = process.execPath;
const commands = (file) => ({
  floor: [node, ['-e', '0']],
  // Node + evaluating the CLI bundle (its `require.main === module` guard keeps main() from running).
  load: [node, ['-e', `require(${JSON.stringify(CLI)})`]],
  cli: [node, [CLI, file]],
  ...(keepalived ? { keepalived: [keepalived, ['--config-test', '-f', file]] } : {}),
});

/**
 * Run once, untimed, keeping the output: the figures are only worth something if the runs are sane. For lvs-lint
 * this first run also writes its V8 code cache (server/src/cli-cache.ts), as a user's first run does; the timed
 * runs use it.
 */
function check(name, [cmd, args]) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
  return { name, status: r.status, error: r.error?.message, lines: out.length, head: out.slice(0, 3) };
}

function timeOnce([cmd, args]) {
  const s = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - s) / 1e6;
  return { ms, status: r.status };
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  const r = (x) => Math.round(x * 10) / 10;
  return { median: r(median), min: r(s[0]), max: r(s[s.length - 1]), n: s.length, runs: xs.map(r) };
}

// ----------------------------------------------------------------------------------------- in-process
const load0 = loadavg()[0];
log(`lvs-lint bench: node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model?.trim()}), load average ${load0.toFixed(2)}` + (load0 > 0.8 ? '  (machine busy: figures are noisy, read min)' : ''));
log(`keepalived: ${keepalived ? spawnSync(keepalived, ['--version'], { encoding: 'utf8' }).stderr.split('\n')[0].trim() + ` (${keepalived})` : 'not installed: keepalived rows skipped'}`);
for (const s of SIZES) log(`config ${relative(ROOT, s.file)}: ${s.vs} virtual_servers × 4 real_servers, ${s.mb.toFixed(2)} MB, ${s.lines} lines, sha256 ${s.sha256}`);
log();

for (const s of SIZES) {
  log(`in-process ${s.name}: ${s.inproc.warmup} warm-up + ${s.inproc.iterations} runs…`);
  const args = ['--expose-gc', INPROC, s.file, '--iterations', String(s.inproc.iterations), '--warmup', String(s.inproc.warmup)];
  if (s.rules) args.push('--rules');
  const r = spawnSync(node, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`in-process bench failed on ${s.file}:\n${r.stderr}`);
  s.inprocResult = JSON.parse(r.stdout.trim().split('\n').pop());
}

// -------------------------------------------------------------------------------------- whole process
for (const s of SIZES) {
  const cmds = commands(s.file);
  s.checks = Object.entries(cmds).map(([k, c]) => check(k, c));
  const names = Object.keys(cmds);
  log(`whole process ${s.name}: ${ROUNDS} interleaved rounds of ${names.join(', ')}…`);
  const times = Object.fromEntries(names.map((k) => [k, []]));
  const statuses = Object.fromEntries(names.map((k) => [k, new Set()]));
  for (let round = 0; round < ROUNDS; round++) {
    // A B C, C B A, ...: no command always runs right after the same other one.
    const order = round % 2 ? [...names].reverse() : names;
    for (const k of order) {
      const r = timeOnce(cmds[k]);
      times[k].push(r.ms);
      statuses[k].add(r.status);
    }
  }
  s.process = Object.fromEntries(names.map((k) => [k, { ...stats(times[k]), exitCodes: [...statuses[k]] }]));
}

// -------------------------------------------------------------------------------------------- profile
let profiles;
if (PROFILE) {
  const dir = join(OUT, 'prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const small = SIZES[0];
  spawnSync(node, ['--cpu-prof', '--cpu-prof-dir', join(dir, 'cli'), CLI, small.file], { stdio: 'ignore' });
  spawnSync(node, ['--cpu-prof', '--cpu-prof-dir', join(dir, 'inproc'), INPROC, small.file, '--iterations', '10', '--warmup', '3'], { stdio: 'ignore' });
  profiles = {};
  for (const k of ['cli', 'inproc']) {
    const f = readdirSync(join(dir, k)).find((x) => x.endsWith('.cpuprofile'));
    if (f) profiles[k] = join(dir, k, f);
  }
  const alloc = join(dir, 'inproc-alloc.heapprofile');
  spawnSync(node, [INPROC, small.file, '--iterations', '1', '--warmup', '3', '--alloc', alloc], { stdio: 'ignore' });
  if (existsSync(alloc)) profiles.alloc = alloc;
}

// ------------------------------------------------------------------------------------------- report
const [small, large] = SIZES;
const ip = (s) => s.inprocResult;
const perMB = (s) => ip(s).total.median / s.mb;
const perMBmin = (s) => ip(s).total.min / s.mb;
const growth = perMB(large) / perMB(small);
const growthMin = perMBmin(large) / perMBmin(small);
const kaSmall = small.process.keepalived;
const ratio = kaSmall ? small.process.cli.median / kaSmall.median : undefined;
const ratioMin = kaSmall ? small.process.cli.min / kaSmall.min : undefined;
const verdict = (ok) => (ok === undefined ? 'n/a' : ok ? 'MET' : 'MISSED');
const goals = {
  cliVsKeepalived: { goal: `≤ ${GOALS.cliVsKeepalived}× keepalived (small file)`, median: ratio, min: ratioMin, status: verdict(ratio === undefined ? undefined : ratio <= GOALS.cliVsKeepalived) },
  inProcess: { goal: `≤ ${GOALS.inProcessMs} ms (small file)`, median: ip(small).total.median, min: ip(small).total.min, status: verdict(ip(small).total.median <= GOALS.inProcessMs) },
  linearGrowth: { goal: `ms/MB large ÷ small ≤ ${GOALS.linear}`, median: growth, min: growthMin, status: verdict(growth <= GOALS.linear) },
};

const f1 = (x) => (x === undefined ? '—' : x.toFixed(1));
const pad = (s, n) => String(s).padEnd(n);
const padl = (s, n) => String(s).padStart(n);
const row = (cells, widths) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]) : padl(c, widths[i]))).join('  ');

log();
log(`Whole process (ms, ${ROUNDS} interleaved rounds; median / min)`);
const W1 = [34, 17, 17];
log(row(['', `${small.mb.toFixed(2)} MB`, `${large.mb.toFixed(2)} MB`], W1));
const procRow = (label, k) => log(row([label, ...SIZES.map((s) => (s.process[k] ? `${f1(s.process[k].median)} / ${f1(s.process[k].min)}` : 'skipped'))], W1));
procRow('node -e 0 (floor)', 'floor');
procRow('node + load dist/cli.js, no run', 'load');
procRow('lvs-lint (node dist/cli.js FILE)', 'cli');
if (keepalived) procRow('keepalived --config-test', 'keepalived');
else log(row(['keepalived --config-test', 'not installed', 'not installed'], W1));
if (keepalived) log(row(['ratio lvs-lint / keepalived', ...SIZES.map((s) => `${f1(s.process.cli.median / s.process.keepalived.median)}× / ${f1(s.process.cli.min / s.process.keepalived.min)}×`)], W1));
log(row(['lvs-lint above the floor', ...SIZES.map((s) => `${f1(s.process.cli.median - s.process.floor.median)} / ${f1(s.process.cli.min - s.process.floor.min)}`)], W1));

log();
log('In-process analysis (ms; warm: median / min of N runs after warm-up, gc() between runs; cold: first run in a process)');
const W2 = [34, 17, 9, 17, 9];
log(row(['', `${small.mb.toFixed(2)} MB warm`, 'cold', `${large.mb.toFixed(2)} MB warm`, 'cold'], W2));
const STAGES = ['reader', 'parse', 'resolve', 'rules'];
const stageRow = (label, key) =>
  log(row([label, ...SIZES.flatMap((s) => [`${f1(ip(s).stages[key].median)} / ${f1(ip(s).stages[key].min)}`, f1(ip(s).cold[key])])], W2));
log(row(['analyzeConfig (parse + all rules)', ...SIZES.flatMap((s) => [`${f1(ip(s).total.median)} / ${f1(ip(s).total.min)}`, f1(ip(s).cold.total)])], W2));
stageRow('  reader/scanner (Preprocessor)', 'reader');
stageRow('  Chevrotain parse (parseTokens)', 'parse');
stageRow('  resolve (resolveTree)', 'resolve');
stageRow('  rules (runRules + sort)', 'rules');
log(row(['  (stage medians sum ÷ total)', ...SIZES.flatMap((s) => [f1(ip(s).stagesSumVsTotal), ''])], W2));
log(row(['cold only: read file + parser ctor', ...SIZES.flatMap((s) => ['', `${f1(ip(s).cold.readFile)}+${f1(ip(s).cold.parserConstruction)}`])], W2));
log(row(['GC inside analyzeConfig', ...SIZES.flatMap((s) => [f1(ip(s).gc.total), f1(ip(s).gc.cold.total)])], W2));
log(row(['  GC in reader / parse / resolve / rules', ...SIZES.flatMap((s) => [STAGES.map((k) => ip(s).gc[k].toFixed(0)).join('/'), STAGES.map((k) => ip(s).gc.cold[k].toFixed(0)).join('/')])], W2));
log(row(['ms per MB (warm median)', ...SIZES.flatMap((s) => [f1(perMB(s)), ''])], W2));
log(row(['heap after (MB) / tokens', ...SIZES.flatMap((s) => [`${ip(s).heapUsedMB} / ${ip(s).counts.tokens}`, ''])], W2));
log(row(['statements / diagnostics', ...SIZES.flatMap((s) => [`${ip(s).counts.statements} / ${ip(s).counts.diagnostics}`, ''])], W2));
const slow = ip(small).rules?.filter((r) => r.median >= 0.5) ?? [];
if (slow.length) log(`slowest rules alone (small file, median ms): ${slow.slice(0, 6).map((r) => `${r.id} ${f1(r.median)}`).join(', ')}`);

log();
log('Goals');
log(`  whole-process lvs-lint ≤ ${GOALS.cliVsKeepalived}× keepalived (small file): ${ratio === undefined ? 'n/a (keepalived not installed)' : `${f1(ratio)}× median, ${f1(ratioMin)}× min`}  ${goals.cliVsKeepalived.status}`);
log(`  in-process analysis ≤ ${GOALS.inProcessMs} ms (small file):          ${f1(ip(small).total.median)} ms median, ${f1(ip(small).total.min)} ms min  ${goals.inProcess.status}`);
log(`  linear growth (ms/MB large ÷ small ≤ ${GOALS.linear}):         ${growth.toFixed(2)} median, ${growthMin.toFixed(2)} min  ${goals.linearGrowth.status}`);

for (const s of SIZES) {
  for (const c of s.checks) {
    const bad = c.error || ![0, 1].includes(c.status) || (c.name === 'keepalived' && c.status !== 0);
    if (bad) log(`  warning: ${c.name} on ${relative(ROOT, s.file)} exited ${c.status ?? c.error}: ${c.head.join(' | ')}`);
  }
}

if (profiles) {
  const indent = (x) => process.stdout.write(x.replace(/^(?=.)/gm, '  '));
  for (const [k, f] of Object.entries(profiles)) {
    log();
    if (k === 'alloc') {
      log(`Allocations of one warm analyzeConfig on the small file: ${relative(ROOT, f)}`);
      printHeapSummary(summarizeHeap(f, 15), indent);
      continue;
    }
    log(`CPU profile, ${k === 'cli' ? 'node dist/cli.js' : 'in-process warm runs'} on the small file: ${relative(ROOT, f)}`);
    printSummary(summarize(f, 15), indent);
  }
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model?.trim(),
  loadAverageAtStart: load0,
  keepalived: keepalived ?? null,
  rounds: ROUNDS,
  quick: QUICK,
  goals,
  linearGrowth: { msPerMB: { small: perMB(small), large: perMB(large) }, ratio: growth, ratioOfMins: growthMin },
  files: SIZES.map((s) => ({
    name: s.name,
    virtualServers: s.vs,
    realServersEach: 4,
    file: relative(ROOT, s.file),
    bytes: s.bytes,
    lines: s.lines,
    sha256: s.sha256,
    checks: s.checks,
    process: s.process,
    inProcess: s.inprocResult,
  })),
  profiles: profiles ? Object.fromEntries(Object.entries(profiles).map(([k, f]) => [k, relative(ROOT, f)])) : undefined,
  benchSeconds: Math.round((performance.now() - t0) / 100) / 10,
};
writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2) + '\n');
log();
log(`wrote ${relative(ROOT, join(OUT, 'results.json'))} (bench took ${results.benchSeconds} s)`);
