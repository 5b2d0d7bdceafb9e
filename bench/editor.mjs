// Latency of the editor features on the 1.4 MB bench config, end to end over the protocol: starts dist/server.js
// (--stdio) on a workspace holding bench/out/lvs-2000.conf, waits for the first analysis, then times completion
// (keyword list, enum values, and after an edit that the server has not re-analysed yet), hover (keyword, VIP),
// inlay hints (one screen), code lenses (whole file) at the middle of the file. Prints median and max per request.
//
//   npm run build && node bench/gen.mjs 2000 && node bench/editor.mjs [FILE]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const file = resolve(process.argv[2] ?? 'bench/out/lvs-2000.conf');
const ws = mkdtempSync(join(tmpdir(), 'lvs-editor-bench-'));
const conf = join(ws, 'keepalived.conf');
copyFileSync(file, conf);
const text = readFileSync(conf, 'utf8');
const uri = pathToFileURL(conf).toString();

const child = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const c = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
let analysed;
const firstAnalysis = new Promise((r) => (analysed = r));
let lastPublish = 0;
/** Waiters for a publication of the bench file's diagnostics that satisfies a predicate. */
const publishWaiters = [];
c.onNotification('textDocument/publishDiagnostics', (p) => {
  lastPublish = performance.now();
  if (p.uri === uri) analysed();
  if (p.uri !== uri) return;
  for (const w of [...publishWaiters]) {
    if (w.test(p.diagnostics)) {
      publishWaiters.splice(publishWaiters.indexOf(w), 1);
      w.resolve(performance.now());
    }
  }
});
const published = (test) => new Promise((resolve) => publishWaiters.push({ test, resolve }));
const quiet = async (ms) => {
  while (performance.now() - lastPublish < ms) await new Promise((r) => setTimeout(r, 50));
};
c.onRequest(() => null);
c.listen();
await c.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).toString(), workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ws' }], capabilities: {} });
c.sendNotification('initialized', {});
const t0 = performance.now();
c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'keepalived', version: 1, text } });
await firstAnalysis;
console.log(`first analysis published after ${(performance.now() - t0).toFixed(0)} ms (${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines)`);
// The workspace scan may analyse the file once more: wait until the server is quiet.
while (performance.now() - lastPublish < 2000) await new Promise((r) => setTimeout(r, 200));

const lines = text.split('\n');
const mid = Math.floor(lines.length / 2);
const find = (re, from = mid) => {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i;
  throw new Error(`no line ${re}`);
};
const lbKind = find(/^\s+lb_kind /);
const vsLine = find(/^virtual_server /);
const vipCol = lines[vsLine].indexOf(' ') + 2;

async function time(label, fn, n = 30) {
  const ts = [];
  let last;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    last = await fn(i);
    ts.push(performance.now() - s);
  }
  ts.sort((a, b) => a - b);
  const size = Array.isArray(last) ? last.length : last?.items ? last.items.length : last ? 1 : 0;
  console.log(`${label.padEnd(48)} median ${ts[n >> 1].toFixed(2)} ms  p90 ${ts[Math.floor(n * 0.9)].toFixed(2)} ms  first/max ${ts[n - 1].toFixed(2)} ms  (${size} results)`);
}

const doc = { uri };
await time('completion: keywords (line start in a virtual_server)', () => c.sendRequest('textDocument/completion', { textDocument: doc, position: { line: lbKind, character: 4 } }));
await time('completion: lb_kind values', () => c.sendRequest('textDocument/completion', { textDocument: doc, position: { line: lbKind, character: lines[lbKind].indexOf('lb_kind') + 8 } }));
await time('hover: keyword', () => c.sendRequest('textDocument/hover', { textDocument: doc, position: { line: lbKind, character: lines[lbKind].indexOf('lb_kind') + 2 } }));
await time('hover: VIP of a virtual_server', () => c.sendRequest('textDocument/hover', { textDocument: doc, position: { line: vsLine, character: vipCol } }));
await time('inlay hints: 60 lines', () => c.sendRequest('textDocument/inlayHint', { textDocument: doc, range: { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } } }));
await time('code lens: whole file', () => c.sendRequest('textDocument/codeLens', { textDocument: doc }), 10);
// Typing: an edit, then completion at once (before the full re-analysis; the quick check of the edit runs first).
let version = 1;
await time('edit + completion before re-analysis', async () => {
  const at = { line: lbKind, character: lines[lbKind].length };
  c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: at, end: at }, text: '\n    lb_algo ' }] });
  const r = await c.sendRequest('textDocument/completion', { textDocument: doc, position: { line: lbKind + 1, character: 12 } });
  // Undo so that every round edits the same text.
  c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: at, end: { line: lbKind + 1, character: 12 } }, text: '' }] });
  return r;
}, 10);
// Keystrokes that change a diagnostic: delete the last letter of `lb_kind DR` (the value becomes invalid), type it
// back (the error goes). Timed from the didChange to the publication that shows the change; then the full analysis
// that follows is awaited (the server is quiet for 2.5 s) before the next round.
{
  const line = lbKind;
  const col = lines[line].indexOf('lb_kind') + 'lb_kind DR'.length;
  const hasError = (ds) => ds.some((d) => d.range.start.line === line && d.code === 'invalid-value');
  const appear = [];
  const vanish = [];
  const settle = [];
  for (let i = 0; i < 8; i++) {
    await quiet(2500);
    let s = performance.now();
    let done = published(hasError);
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: col - 1 }, end: { line, character: col } }, text: '' }] });
    appear.push((await done) - s);
    const full = performance.now();
    await quiet(2500);
    settle.push(lastPublish - full);
    s = performance.now();
    done = published((ds) => !hasError(ds));
    c.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: { line, character: col - 1 }, end: { line, character: col - 1 } }, text: 'R' }] });
    vanish.push((await done) - s);
  }
  const stat = (label, ts) => {
    const t = [...ts].sort((a, b) => a - b);
    console.log(`${label.padEnd(48)} median ${t[t.length >> 1].toFixed(2)} ms  p90 ${t[Math.floor(t.length * 0.9)].toFixed(2)} ms  max ${t[t.length - 1].toFixed(2)} ms  (${t.length} rounds)`);
  };
  stat('keystroke → diagnostic shown (lb_kind DR → D)', appear);
  stat('keystroke → diagnostic gone (lb_kind D → DR)', vanish);
  stat('  then the full analysis republished after', settle);
}
await c.sendRequest('shutdown');
c.sendNotification('exit');
child.kill();
rmSync(ws, { recursive: true, force: true });
