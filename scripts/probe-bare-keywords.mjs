// Asks the installed keepalived which keywords it rejects when given without a value.
// For every keyword that takes arguments, it runs `keepalived --config-test` on a
// minimal config with the keyword bare in its block, and compares with the same config without it.
// Output: scripts/bare-keywords.json, read by gen-schema.mjs (`bareRejected`: keepalived reports the line;
// `bareAborts`: keepalived stops the whole check; `bareAccepted`: keepalived says nothing). Run: node scripts/probe-bare-keywords.mjs (needs keepalived).
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(tmpdir(), `lvs-schema-${process.pid}.cjs`);
await esbuild.build({ entryPoints: ['server/src/core/schema/index.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning' });
const { SCHEMA } = createRequire(import.meta.url)(out);

const wrap = {
  _top: (k) => [k],
  global_defs: (k) => ['global_defs {', k, '}'],
  vrrp_instance: (k) => ['vrrp_instance VI_1 {', 'interface eth0', 'virtual_router_id 1', 'virtual_ipaddress {', '192.0.2.1', '}', k, '}'],
  'vrrp_instance/authentication': (k) => ['vrrp_instance VI_1 {', 'interface eth0', 'virtual_router_id 1', 'authentication {', k, '}', '}'],
  'vrrp_instance/auth_hmac': null,
  vrrp_script: (k) => ['vrrp_script chk {', 'script "/bin/true"', k, '}'],
  vrrp_sync_group: (k) => ['vrrp_instance VI_1 {', 'interface eth0', 'virtual_router_id 1', '}', 'vrrp_instance VI_2 {', 'interface eth0', 'virtual_router_id 2', '}', 'vrrp_sync_group G {', 'group {', 'VI_1', 'VI_2', '}', k, '}'],
  virtual_server: (k) => ['virtual_server 192.0.2.1 80 {', 'protocol TCP', 'real_server 10.0.0.1 80 {', '}', k, '}'],
  'virtual_server/real_server': (k) => ['virtual_server 192.0.2.1 80 {', 'protocol TCP', 'real_server 10.0.0.1 80 {', k, '}', '}'],
  track_file: (k) => ['track_file tf {', 'file /tmp/x', k, '}'],
  vrrp_track_file: (k) => ['vrrp_track_file tf {', 'file /tmp/x', k, '}'],
  vrrp_track_process: (k) => ['vrrp_track_process tp {', 'process sshd', k, '}'],
  bfd_instance: (k) => ['bfd_instance b {', 'neighbor_ip 192.0.2.9', k, '}'],
  garp_group: (k) => ['garp_group {', 'interface eth0', k, '}'],
  SSL: (k) => ['SSL {', k, '}'],
};
const checker = (c) => (k) => ['virtual_server 192.0.2.1 80 {', 'protocol TCP', 'real_server 10.0.0.1 80 {', `${c} {`, ...(c === 'MISC_CHECK' ? ['misc_path /bin/true'] : []), k, '}', '}', '}'];
for (const c of ['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'SMTP_CHECK', 'DNS_CHECK', 'UDP_CHECK', 'PING_CHECK', 'FILE_CHECK', 'BFD_CHECK']) wrap[`virtual_server/real_server/${c}`] = checker(c);
for (const c of ['HTTP_GET', 'SSL_GET']) wrap[`virtual_server/real_server/${c}/url`] = (k) => ['virtual_server 192.0.2.1 80 {', 'protocol TCP', 'real_server 10.0.0.1 80 {', `${c} {`, 'url {', 'path /', k, '}', '}', '}', '}'];

const dir = mkdtempSync(join(tmpdir(), 'lvs-probe-'));
function test(lines) {
  const f = join(dir, 'k.conf');
  writeFileSync(f, lines.join('\n') + '\n');
  const r = spawnSync('keepalived', ['--config-test', '-f', f], { encoding: 'utf8', timeout: 10000 });
  return { rc: r.status, msgs: (r.stderr + r.stdout).split('\n').filter((l) => l.trim() && !/doesn't exist|Non-existent interface/i.test(l)) };
}
try {
  execFileSync('keepalived', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('keepalived is not installed');
  process.exit(2);
}
const result = { bareRejected: {}, bareAborts: {}, bareAccepted: {} };
let n = 0;
for (const [path, block] of Object.entries(SCHEMA.blocks)) {
  const w = wrap[path];
  if (!w) continue;
  for (const spec of Object.values(block.keywords)) {
    if (spec.shape !== 'args' || !spec.args.length) continue;
    const base = test(w(''));
    const withKw = test(w(spec.name));
    n++;
    const extra = withKw.msgs.filter((m) => !base.msgs.includes(m) && !/Unknown keyword|deprecated|not supported/i.test(m));
    if (withKw.rc === 2 && base.rc !== 2) (result.bareAborts[path] ??= []).push(spec.name);
    else if (extra.length) (result.bareRejected[path] ??= {})[spec.name] = extra[0].replace(/^\(.*?Line \d+\)\s*/, '').trim();
    else (result.bareAccepted[path] ??= []).push(spec.name);
  }
}
writeFileSync('scripts/bare-keywords.json', JSON.stringify(result, null, 1) + '\n');
console.log(`probed ${n} keywords: ${Object.values(result.bareRejected).reduce((a, b) => a + Object.keys(b).length, 0)} rejected bare, ${Object.values(result.bareAborts).flat().length} abort`);
