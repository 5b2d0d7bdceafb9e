// Latency of navigation on the 1.4 MB bench config, end to end over the protocol: starts dist/server.js (--stdio)
// on a workspace holding bench/out/lvs-2000.conf, waits for the first analysis, then times document symbols
// (whole file), folding ranges, go to definition, references and rename (of a VIP in the middle of the file and of
// a vrrp_instance name), selection ranges and workspace symbols. The first request after the analysis builds the
// indexes (reported apart as "first"); then median and max per request.
//
//   npm run build && node bench/gen.mjs 2000 && node bench/navigation.mjs [FILE]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const file = resolve(process.argv[2] ?? 'bench/out/lvs-2000.conf');
const ws = mkdtempSync(join(tmpdir(), 'lvs-nav-bench-'));
const conf = join(ws, 'keepalived.conf');
copyFileSync(file, conf);
const text = readFileSync(conf, 'utf8');
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
const find = (re, from = 0) => {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i;
  throw new Error(`no line ${re}`);
};
const vsLine = find(/^virtual_server /, mid);
const vip = { line: vsLine, character: lines[vsLine].indexOf(' ') + 2 };
const instLine = find(/^vrrp_instance /);
const inst = { line: instLine, character: lines[instLine].indexOf(' ') + 2 };
const doc = { uri };

async function time(label, fn, n = 20) {
  const s0 = performance.now();
  let last = await fn(0);
  const first = performance.now() - s0;
  const ts = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    last = await fn(i);
    ts.push(performance.now() - s);
  }
  ts.sort((a, b) => a - b);
  const size = Array.isArray(last) ? last.length : last?.changes ? Object.values(last.changes).reduce((k, e) => k + e.length, 0) : last ? 1 : 0;
  console.log(`${label.padEnd(40)} first ${first.toFixed(1).padStart(6)} ms  median ${ts[n >> 1].toFixed(2).padStart(6)} ms  max ${ts[n - 1].toFixed(2).padStart(6)} ms  (${size} results)`);
}

await time('document symbols: whole file', () => c.sendRequest('textDocument/documentSymbol', { textDocument: doc }), 10);
await time('folding ranges: whole file', () => c.sendRequest('textDocument/foldingRange', { textDocument: doc }), 10);
await time('definition: VIP of a virtual_server', () => c.sendRequest('textDocument/definition', { textDocument: doc, position: vip }));
await time('references: VIP of a virtual_server', () => c.sendRequest('textDocument/references', { textDocument: doc, position: vip, context: { includeDeclaration: true } }));
await time('references: vrrp_instance name', () => c.sendRequest('textDocument/references', { textDocument: doc, position: inst, context: { includeDeclaration: true } }));
await time('prepareRename: VIP', () => c.sendRequest('textDocument/prepareRename', { textDocument: doc, position: vip }));
await time('rename: VIP', () => c.sendRequest('textDocument/rename', { textDocument: doc, position: vip, newName: '10.9.9.9' }));
await time('rename: vrrp_instance name', () => c.sendRequest('textDocument/rename', { textDocument: doc, position: inst, newName: 'VI_RENAMED' }));
await time('selection ranges: 1 position', () => c.sendRequest('textDocument/selectionRange', { textDocument: doc, positions: [vip] }));
await time('workspace symbols: "10.0.1"', () => c.sendRequest('workspace/symbol', { query: '10.0.1' }), 10);
await c.sendRequest('shutdown');
const exited = new Promise((r) => child.on('exit', r));
await c.sendNotification('exit');
await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
c.dispose();
child.kill();
rmSync(ws, { recursive: true, force: true });
