// Latency of formatting and semantic tokens on the 1.4 MB bench config, end to end over the protocol: starts
// dist/server.js (--stdio) on a workspace holding bench/out/lvs-2000.conf, waits for the first analysis, then
// times document formatting (the generated file as it is, and a messy copy: indentation stripped, blocks on one
// line), range formatting of a screen, full semantic tokens and range tokens of a screen in the middle. The
// first request is reported apart; then median and max.
//
//   npm run build && node bench/gen.mjs 2000 && node bench/format-tokens.mjs [FILE]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const file = resolve(process.argv[2] ?? 'bench/out/lvs-2000.conf');
const ws = mkdtempSync(join(tmpdir(), 'lvs-fmt-bench-'));
const text = readFileSync(file, 'utf8');
// The messy copy: every line's indentation stripped and each real_server's `weight` joined to its opener line.
const messy = text.replace(/^[ \t]+/gm, '').replace(/(real_server [^\n{]*\{)\n(weight \d+)\n/g, '$1 $2\n');
const conf = join(ws, 'keepalived.conf');
writeFileSync(conf, text);
const uri = pathToFileURL(conf).toString();

const child = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const c = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
let analysed;
const firstAnalysis = new Promise((r) => (analysed = r));
c.onNotification('textDocument/publishDiagnostics', (p) => p.uri === uri && analysed());
c.onRequest(() => null);
c.listen();
await c.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).toString(), workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ws' }], capabilities: {} });
c.sendNotification('initialized', {});
const t0 = performance.now();
c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'keepalived', version: 1, text } });
await firstAnalysis;
console.log(`first analysis published after ${(performance.now() - t0).toFixed(0)} ms (${(text.length / 1e6).toFixed(2)} MB, ${text.split('\n').length} lines)`);

const lines = text.split('\n');
const mid = Math.floor(lines.length / 2);
const screen = { start: { line: mid, character: 0 }, end: { line: mid + 60, character: 0 } };

async function time(label, fn, n = 10) {
  const s0 = performance.now();
  let last = await fn();
  const first = performance.now() - s0;
  const ts = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    last = await fn();
    ts.push(performance.now() - s);
  }
  ts.sort((a, b) => a - b);
  console.log(`${label.padEnd(40)} first ${first.toFixed(1).padStart(7)} ms  median ${ts[ts.length >> 1].toFixed(1).padStart(7)} ms  max ${ts[ts.length - 1].toFixed(1).padStart(7)} ms  (${last})`);
}

const opts = { tabSize: 4, insertSpaces: true };
const doc = { uri };
await time('semantic tokens, full', async () => `${(await c.sendRequest('textDocument/semanticTokens/full', { textDocument: doc })).data.length / 5} tokens`);
await time('semantic tokens, range (60 lines)', async () => `${(await c.sendRequest('textDocument/semanticTokens/range', { textDocument: doc, range: screen })).data.length / 5} tokens`);
{
  // An edit in the middle, then the delta against the last full result (waits for the re-analysis, up to 1 s).
  const full = await c.sendRequest('textDocument/semanticTokens/full', { textDocument: doc });
  c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ range: { start: { line: mid, character: 0 }, end: { line: mid, character: 0 } }, text: '# edited\n' }] });
  const s = performance.now();
  const delta = await c.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: doc, previousResultId: full.resultId });
  console.log(`${'semantic tokens, delta after an edit'.padEnd(40)} ${(performance.now() - s).toFixed(1).padStart(7)} ms (incl. the wait for the re-analysis; ${delta.edits?.map((e) => e.data.length).join(',')} numbers sent)`);
  await time('semantic tokens, delta (no change)', async () => {
    const f = await c.sendRequest('textDocument/semanticTokens/full', { textDocument: doc });
    const d = await c.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: doc, previousResultId: f.resultId });
    return `${d.edits.length} edits`;
  }, 3);
}
await time('formatting (generated file)', async () => `${(await c.sendRequest('textDocument/formatting', { textDocument: doc, options: opts })).length} edits`);
// The same document made messy (formatting reads the editor's text; it does not wait for the analysis).
c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: messy }] });
await time('formatting (messy copy)', async () => `${(await c.sendRequest('textDocument/formatting', { textDocument: doc, options: opts })).length} edits`);
await time('range formatting (60 lines, messy)', async () => `${(await c.sendRequest('textDocument/rangeFormatting', { textDocument: doc, range: screen, options: opts })).length} edits`);

c.dispose();
child.kill();
rmSync(ws, { recursive: true, force: true });
