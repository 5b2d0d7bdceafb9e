// The topology preview's request on the 1.4 MB bench config, over the protocol: starts dist/server.js (--stdio) on a
// workspace holding bench/out/lvs-2000.conf, waits for the analysis, then asks `lvsConfig/topology` as the preview
// did before (the whole topology of the file's cluster) and, on a fresh server, as it does now (collapsed 'auto';
// 'auto' with one group expanded or a filter, as after an edit; the groupsOnly parts asked when a group opens or a
// filter is typed; as the tree asks). Prints the size of each answer and its
// time from request to parsed answer: the first request builds the topology of the analysis (cached per scope), the
// median and max of the following ones are answered from that cache.
//
//   npm run build && node bench/gen.mjs 2000 && node bench/preview.mjs [FILE] [--json OUT]
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const file = resolve(args[0] ?? 'bench/out/lvs-2000.conf');
const ws = mkdtempSync(join(tmpdir(), 'lvs-preview-bench-'));
const conf = join(ws, 'keepalived.conf');
copyFileSync(file, conf);
const text = readFileSync(conf, 'utf8');
const uri = pathToFileURL(conf).toString();

/** A fresh server on the workspace, the file opened and analysed. */
async function start() {
  const child = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const c = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  let analysed;
  const firstAnalysis = new Promise((r) => (analysed = r));
  let lastPublish = 0;
  c.onNotification('textDocument/publishDiagnostics', (p) => {
    lastPublish = performance.now();
    if (p.uri === uri) analysed();
  });
  c.onNotification(() => undefined);
  c.onRequest(() => null);
  c.listen();
  await c.sendRequest('initialize', { processId: process.pid, rootUri: pathToFileURL(ws).toString(), workspaceFolders: [{ uri: pathToFileURL(ws).toString(), name: 'ws' }], capabilities: {} });
  c.sendNotification('initialized', {});
  const t0 = performance.now();
  c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'keepalived', version: 1, text } });
  await firstAnalysis;
  console.log(`server started: first analysis published after ${(performance.now() - t0).toFixed(0)} ms (${(text.length / 1e6).toFixed(2)} MB)`);
  // The workspace scan may analyse the file once more: wait until the server is quiet.
  while (performance.now() - lastPublish < 2000) await new Promise((r) => setTimeout(r, 200));
  return {
    c,
    async stop() {
      await c.sendRequest('shutdown');
      c.sendNotification('exit');
      child.kill();
    },
  };
}

const results = {};
async function time(c, label, params, n = 7) {
  const ts = [];
  let size = 0;
  let last;
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    last = await c.sendRequest('lvsConfig/topology', params);
    ts.push(performance.now() - s);
    if (i === 0) size = JSON.stringify(last).length;
  }
  const first = ts[0];
  ts.sort((a, b) => a - b);
  const r = { bytes: size, nodes: last.nodes.length, edges: last.edges.length, firstMs: Math.round(first), medianMs: Math.round(ts[n >> 1]), maxMs: Math.round(ts[n - 1]) };
  results[label] = r;
  const shown = size < 1e5 ? `${(size / 1e3).toFixed(1)} kB` : `${(size / 1e6).toFixed(2)} MB`;
  console.log(`${label.padEnd(44)} ${shown.padStart(9)}  ${String(r.nodes).padStart(6)} nodes  first ${String(r.firstMs).padStart(5)} ms  median ${String(r.medianMs).padStart(5)} ms  max ${String(r.maxMs).padStart(5)} ms`);
  return last;
}

console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
// Before: the preview asked for the whole topology of the file's cluster. Fresh server: "first" builds it.
let s = await start();
await time(s.c, 'full (what the preview asked before)', { uri }, 5);
await s.stop();
// Now: collapsed ('auto'), then as the user opens a group, filters, and as the tree asks. Fresh server again.
s = await start();
const collapsed = await time(s.c, "collapsed: 'auto' (the preview now)", { uri, collapsed: 'auto' });
const group = collapsed.groups[Math.floor(collapsed.groups.length / 2)]?.id;
await time(s.c, "collapsed: 'auto', one group expanded", { uri, collapsed: 'auto', expand: group ? [group] : [] });
await time(s.c, "collapsed: 'auto', filter 10.100.30.7", { uri, collapsed: 'auto', filter: '10.100.30.7' });
// What the preview asks when a group opens, or a filter is typed, on a collapsed answer: the part it lacks.
await time(s.c, 'groupsOnly: one group (a VIP opened)', { uri, collapsed: 'auto', expand: group ? [group] : [], groupsOnly: true });
await time(s.c, 'groupsOnly: filter 10.100.30.7', { uri, collapsed: 'auto', filter: '10.100.30.7', groupsOnly: true });
await time(s.c, "collapsed: 'auto', no scope (the tree)", { collapsed: 'auto' });
await s.stop();
rmSync(ws, { recursive: true, force: true });
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ file, loadavg: loadavg(), results }, null, 2) + '\n');
