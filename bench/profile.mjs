// Summarise a V8 .cpuprofile (from `node --cpu-prof`): self and inclusive time per function, and self time
// per source (node internals, chevrotain, the project's modules by folder), so that "where does the time go"
// is one command:
//
//   node bench/profile.mjs PROFILE.cpuprofile [--top 25]
//   node bench/profile.mjs A.cpuprofile B.cpuprofile ... [--top 25]   (the mean of several runs)
//   node bench/profile.mjs PROFILE.heapprofile [--top 25]   (allocations: bench/out/inproc.cjs FILE --alloc OUT)
//   node bench/run.mjs --profile      (writes bench/out/prof/*.cpuprofile for the CLI and prints this summary)
//
// Bundled code is attributed with the bundle's source map when there is one next to it (dist/cli.js.map),
// so functions are reported by their TypeScript file, not by bundle line.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** Minimal source-map reader: generated (line, column) → original source, for bundle attribution. */
function loadSourceMap(file) {
  const mapFile = file + '.map';
  if (!existsSync(mapFile)) return undefined;
  const map = JSON.parse(readFileSync(mapFile, 'utf8'));
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const val = new Map([...B64].map((c, i) => [c, i]));
  const lines = [];
  let src = 0;
  let origLine = 0;
  for (const line of map.mappings.split(';')) {
    const segs = [];
    let col = 0;
    for (const s of line.split(',')) {
      if (!s) continue;
      const fields = [];
      let v = 0;
      let shift = 0;
      for (const ch of s) {
        const d = val.get(ch);
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          fields.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      col += fields[0];
      if (fields.length > 1) {
        src += fields[1];
        origLine += fields[2];
      }
      segs.push([col, src, origLine]);
    }
    lines.push(segs);
  }
  return {
    sourceAt(line, column) {
      const segs = lines[line];
      if (!segs || !segs.length) return undefined;
      let best = segs[0];
      for (const s of segs) {
        if (s[0] > column) break;
        best = s;
      }
      return { source: map.sources[best[1]], line: best[2] };
    },
  };
}

function bucketOf(source) {
  if (!source) return '(unknown)';
  if (source.includes('node_modules/')) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    return m ? `npm:${m[1]}` : 'npm';
  }
  const m = /(server\/src\/.*|client\/src\/.*|bench\/.*)$/.exec(source);
  if (m) return m[1];
  return source;
}

/** Original { source, line } of a call frame (through the bundle's source map when there is one). */
function makeLocator() {
  const maps = new Map();
  return (cf) => {
    let url = cf.url ?? '';
    if (url.startsWith('file://')) url = fileURLToPath(url);
    if (!url) return { source: cf.functionName ? '(native)' : '(vm)', line: -1 };
    if (url.startsWith('node:')) return { source: 'node:internal', line: cf.lineNumber };
    if (!maps.has(url)) maps.set(url, existsSync(url) ? loadSourceMap(url) : undefined);
    const sm = maps.get(url);
    return (sm && sm.sourceAt(cf.lineNumber, cf.columnNumber)) ?? { source: url, line: cf.lineNumber };
  };
}

/**
 * Summarise a sampled allocation profile (.heapprofile, from the inspector's HeapProfiler.startSampling
 * with objects collected by GC included): bytes allocated per function and per source.
 */
export function summarizeHeap(profileFile, top = 25) {
  const prof = JSON.parse(readFileSync(profileFile, 'utf8'));
  const locate = makeLocator();
  const self = new Map();
  const buckets = new Map();
  let total = 0;
  const visit = (n, caller) => {
    const cf = n.callFrame;
    const at = locate(cf);
    const name = cf.functionName || '(anonymous)';
    // Builtins (RegExp exec, Array push/slice, iterator next) are charged to their JS caller.
    const native = at.source === '(native)' || at.source === '(vm)';
    const k = native ? `${name} (builtin) in ${caller}` : `${name}  ${bucketOf(at.source)}:${at.line + 1}`;
    if (n.selfSize) {
      self.set(k, (self.get(k) ?? 0) + n.selfSize);
      const b = native ? `builtins called from ${caller.split('  ')[1]?.split(':')[0] ?? caller}` : bucketOf(at.source);
      buckets.set(b, (buckets.get(b) ?? 0) + n.selfSize);
      total += n.selfSize;
    }
    for (const c of n.children ?? []) visit(c, native ? caller : k);
  };
  visit(prof.head, '(root)');
  const mb = (b) => b / 1e6;
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMB: mb(total),
    bySource: sorted(buckets).map(([k, v]) => ({ source: k, MB: mb(v) })),
    self: sorted(self).slice(0, top).map(([k, v]) => ({ fn: k, MB: mb(v) })),
  };
}

export function printHeapSummary(s, out = (x) => process.stdout.write(x)) {
  const pct = (x) => `${((100 * x) / s.totalMB).toFixed(1).padStart(5)}%`;
  const f = (x) => `${x.toFixed(1).padStart(7)} MB`;
  out(`allocation profile: ${s.totalMB.toFixed(1)} MB allocated (sampled) in one analyzeConfig run\n`);
  out('\nallocated by source:\n');
  for (const r of s.bySource.slice(0, 12)) out(`${f(r.MB)} ${pct(r.MB)}  ${r.source}\n`);
  out('\nallocated by function:\n');
  for (const r of s.self) out(`${f(r.MB)} ${pct(r.MB)}  ${r.fn}\n`);
}

export function summarize(profileFile, top = 25) {
  const prof = JSON.parse(readFileSync(profileFile, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample counts → ms (timeDeltas are µs between samples).
  const selfUs = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const d = prof.timeDeltas[i + 1] ?? 0;
    selfUs.set(prof.samples[i], (selfUs.get(prof.samples[i]) ?? 0) + d);
  }
  const totalUs = prof.endTime - prof.startTime;
  const locate = makeLocator();
  const sourceOf = (cf) => locate(cf).source;
  const key = (n) => {
    const cf = n.callFrame;
    const name = cf.functionName || '(anonymous)';
    if (name === '(garbage collector)' || name === '(program)' || name === '(idle)' || name === '(root)') return name;
    const at = locate(cf);
    return `${name}  ${bucketOf(at.source)}:${at.line + 1}`;
  };
  const self = new Map();
  const incl = new Map();
  const buckets = new Map();
  for (const n of prof.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    if (!us) continue;
    const k = key(n);
    self.set(k, (self.get(k) ?? 0) + us);
    const cf = n.callFrame;
    const special = /^\((garbage collector|program|idle|root)\)$/.test(cf.functionName);
    const b = special ? cf.functionName : bucketOf(sourceOf(cf));
    buckets.set(b, (buckets.get(b) ?? 0) + us);
    // Inclusive: credit each distinct function on the stack once.
    const seen = new Set();
    for (let id = n.id; id !== undefined; id = parent.get(id)) {
      const kk = key(byId.get(id));
      if (seen.has(kk)) continue;
      seen.add(kk);
      incl.set(kk, (incl.get(kk) ?? 0) + us);
    }
  }
  const ms = (us) => us / 1000;
  const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
  return {
    totalMs: ms(totalUs),
    bySource: sorted(buckets).map(([k, v]) => ({ source: k, selfMs: ms(v) })),
    self: sorted(self).slice(0, top).map(([k, v]) => ({ fn: k, selfMs: ms(v) })),
    // Node's module loader frames and the bundle's top level wrap everything: leave them out.
    inclusive: sorted(incl)
      .filter(([k]) => k !== '(root)' && !k.includes('node:internal') && !/\.c?js:1$/.test(k))
      .slice(0, top)
      .map(([k, v]) => ({ fn: k, totalMs: ms(v) })),
  };
}

export function printSummary(s, out = (x) => process.stdout.write(x)) {
  const pct = (x) => `${((100 * x) / s.totalMs).toFixed(1).padStart(5)}%`;
  const f = (x) => `${x.toFixed(1).padStart(8)} ms`;
  out(`profile: ${s.totalMs.toFixed(0)} ms sampled\n`);
  out('\nself time by source:\n');
  for (const r of s.bySource.slice(0, 15)) out(`${f(r.selfMs)} ${pct(r.selfMs)}  ${r.source}\n`);
  out('\nself time by function:\n');
  for (const r of s.self) out(`${f(r.selfMs)} ${pct(r.selfMs)}  ${r.fn}\n`);
  out('\ninclusive time by function:\n');
  for (const r of s.inclusive) out(`${f(r.totalMs)} ${pct(r.totalMs)}  ${r.fn}\n`);
}

/**
 * The mean of several CPU profile summaries (runs of the same command: on a shared machine one profile is noisy).
 * Rows are matched by name; `top` rows of each list after averaging.
 */
export function averageSummaries(list, top = 25) {
  const mean = (rows, key, value) => {
    const m = new Map();
    for (const s of list) for (const r of s[rows]) m.set(r[key], (m.get(r[key]) ?? 0) + r[value] / list.length);
    return [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ [key]: k, [value]: v }));
  };
  return {
    totalMs: list.reduce((a, s) => a + s.totalMs, 0) / list.length,
    bySource: mean('bySource', 'source', 'selfMs'),
    self: mean('self', 'fn', 'selfMs').slice(0, top),
    inclusive: mean('inclusive', 'fn', 'totalMs').slice(0, top),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) : 25;
  const files = process.argv.slice(2).filter((a, k, all) => !a.startsWith('--') && all[k - 1] !== '--top');
  if (!files.length) {
    process.stderr.write('usage: node bench/profile.mjs PROFILE.cpuprofile... [--top N]   (several: their mean)\n');
    process.exit(2);
  }
  if (files[0].endsWith('.heapprofile')) printHeapSummary(summarizeHeap(files[0], top));
  else if (files.length === 1) printSummary(summarize(files[0], top));
  else {
    // Every function of each profile, so that the mean does not miss rows below one profile's cut.
    process.stdout.write(`mean of ${files.length} profiles\n`);
    printSummary(averageSummaries(files.map((f) => summarize(f, Infinity)), top));
  }
}
