/**
 * `lvs-lint graph` as users run it (dist/cli.js, built by `npm test`): each format on examples/, exit codes, and
 * that the bundle carries elkjs (the SVG is laid out without node_modules).
 */
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../helpers/xml';
import type { Topology } from '../../server/src/core/topology/types';

const CLI = join(process.cwd(), 'dist/cli.js');
const EXAMPLES = join(process.cwd(), 'examples');

function run(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, LVS_LINT_NO_CODE_CACHE: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('lvs-lint graph', { timeout: 60_000 }, () => {
  it('json: the lvsConfig/topology shape', () => {
    const r = run(['graph', '--format', 'json', EXAMPLES]);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out) as Topology;
    expect(t.summary).toMatchObject({ directors: 2, instances: 2, vips: 2, services: 3, realServers: 3 });
    expect(t.files.every((f) => f.startsWith('/'))).toBe(true);
    const c = JSON.parse(run(['graph', '--format=json', '--collapse', EXAMPLES]).out) as Topology;
    expect(c.nodes.some((n) => n.kind === 'service')).toBe(false);
    expect(c.groups.every((g) => g.omitted)).toBe(true);
  });

  it('svg (the default): well-formed, laid out by the bundled elkjs, run from a folder without node_modules', () => {
    const dist = mkdtempSync(join(tmpdir(), 'lvs-graph-dist-'));
    cpSync(join(process.cwd(), 'dist'), dist, { recursive: true });
    const r = spawnSync(process.execPath, [join(dist, 'cli.js'), 'graph', EXAMPLES], { cwd: dist, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_PATH: '', LVS_LINT_NO_CODE_CACHE: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = parseXml(r.stdout);
    const texts = doc.texts;
    const paths = doc.elements.filter((e) => e === 'path').length;
    expect(texts).toEqual(expect.arrayContaining(['lb1', 'lb2', '192.0.2.10:80/tcp', '10.0.0.13', 'DR · ARP sysctl broken']));
    expect(paths).toBeGreaterThan(10);
  });

  it('--scope keeps the part connected to a file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvs-graph-scope-'));
    cpSync(EXAMPLES, join(dir, 'cluster'), { recursive: true });
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other/keepalived.conf'), 'vrrp_instance VI_9 {\n    state MASTER\n    interface eth1\n    virtual_router_id 9\n    priority 100\n    virtual_ipaddress {\n        203.0.113.9\n    }\n}\n');
    const whole = JSON.parse(run(['graph', '--format', 'json', dir]).out) as Topology;
    expect(whole.summary.directors).toBe(3);
    const r = run(['graph', '--format', 'json', '--scope', join(dir, 'cluster/realservers/10.0.0.13/etc/sysconfig/iptables'), dir]);
    expect(r.code).toBe(0);
    const t = JSON.parse(r.out) as Topology;
    // The two directors of examples/ and their services; the unrelated director in other/ is left out.
    expect(t.summary).toMatchObject({ directors: 2, vips: 2, realServers: 3, services: 3 });
    expect(t.nodes.some((n) => n.id.includes('/other/'))).toBe(false);
  });

  it('dot and mermaid', () => {
    const dot = run(['graph', '--format', 'dot', '--expand', EXAMPLES]);
    expect(dot.code).toBe(0);
    expect(dot.out).toMatch(/^digraph "topology" \{/);
    expect(dot.out).toContain('"vip:192.0.2.11" -> "service:192.0.2.11:8080/tcp";');
    const mm = run(['graph', '--format', 'mermaid', EXAMPLES]);
    expect(mm.code).toBe(0);
    expect(mm.out.split('\n')[0]).toBe('flowchart LR');
    expect(mm.out).toMatch(/n\d+\["10\.0\.0\.11<br\/>DR · ARP sysctl broken/);
  });

  it('exit codes: 0 drawn (even with errors in the configs), 2 for usage errors and unreadable paths', () => {
    expect(run(['graph', '--help']).code).toBe(0);
    expect(run(['graph', '--help']).out).toMatch(/^Usage: lvs-lint graph/);
    const bad = run(['graph', '--format', 'png', EXAMPLES]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown graph format 'png'/);
    expect(run(['graph']).code).toBe(2);
    expect(run(['graph', '--bogus', EXAMPLES]).code).toBe(2);
    const missing = run(['graph', join(EXAMPLES, 'no-such-file.conf')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^lvs-lint: /);
    // The lint itself is unchanged: errors in examples/ exit 1.
    expect(run([EXAMPLES]).code).toBe(1);
  });
});
