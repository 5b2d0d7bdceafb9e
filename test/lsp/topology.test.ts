/**
 * The topology request and notification (lsp/topology.ts) over stdio, on a copy of examples/ (a director pair, three
 * real servers with their files): `lvsConfig/topology` answers the graph with URIs, scoped or collapsed on demand;
 * editing a real server's sysctl file sends `lvsConfig/topologyChanged` and its ARP hiding turns from broken to ok.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fileUri, LspClient, makeWorkspace, REPO_ROOT, removeWorkspace } from '../helpers/lsp-client';
import type { InstanceNode, RealServerNode, ServiceNode, Topology, TopologyChangedParams } from '../../server/src/core/topology/types';

let clients: LspClient[] = [];
let dirs: string[] = [];

afterEach(async () => {
  const cs = clients;
  clients = [];
  await Promise.all(cs.map((c) => c.dispose()));
  for (const d of dirs) removeWorkspace(d);
  dirs = [];
});

/** The files of examples/, relative path → content. */
function examples(): Record<string, string> {
  const root = path.join(REPO_ROOT, 'examples');
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!e.name.endsWith('.md')) out[path.relative(root, p)] = fs.readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return out;
}

const rs = (t: Topology, address: string): RealServerNode => t.nodes.find((n) => n.id === `rs:${address}`) as RealServerNode;

describe('lvsConfig/topology', () => {
  it('answers the graph of examples/, and after an edit of a real-server file notifies and shows the new ARP status', async () => {
    const ws = makeWorkspace(examples());
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws] });
    clients.push(c);
    const changed: TopologyChangedParams[] = [];
    c.connection.onNotification('lvsConfig/topologyChanged', (p: TopologyChangedParams) => changed.push(p));
    const sysctlPath = path.join(ws, 'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf');
    const sysctl = fileUri(sysctlPath);
    await c.waitForDiagnostics(sysctl, (ds) => ds.some((d) => d.code === 'arp-sysctl-ineffective'), 20_000);

    const t = (await c.connection.sendRequest('lvsConfig/topology', {})) as Topology;
    expect(t.version).toBe(1);
    expect(t.summary).toMatchObject({ directors: 2, instances: 2, vips: 2, services: 3, realServers: 3 });
    expect(t.files.every((f) => f.startsWith('file://'))).toBe(true);
    expect(t.files).toContain(sysctl);
    const master = path.join(ws, 'directors/keepalived-master.conf');
    const inst = t.nodes.find((n) => n.id === `instance:${master}/VI_WEB`) as InstanceNode;
    expect(inst).toMatchObject({ kind: 'instance', state: 'MASTER', priority: 150, vrid: 51, interface: 'eth0' });
    expect(t.files[inst.sources[0].file]).toBe(fileUri(master));
    const web = t.nodes.find((n) => n.id === 'service:192.0.2.10:80/tcp') as ServiceNode;
    expect(web).toMatchObject({ method: 'DR', scheduler: 'wlc', protocol: 'tcp', realServerCount: 2 });
    const fw = t.edges.filter((e) => e.kind === 'forwards').map((e) => `${e.from} -> ${e.to}`);
    expect(fw).toHaveLength(5);
    expect(fw).toContain('service:192.0.2.11:8080/tcp -> rs:10.0.0.13');
    expect(t.edges.filter((e) => e.kind === 'holds')).toHaveLength(4);
    expect(rs(t, '10.0.0.11').arp).toMatchObject({ method: 'sysctl', status: 'broken', rules: ['arp-sysctl-ineffective'] });
    expect(rs(t, '10.0.0.12').arp).toMatchObject({ method: 'arptables', status: 'ok' });
    expect(rs(t, '10.0.0.13').arp).toMatchObject({ method: 'iptables', status: 'ok' });
    expect(rs(t, '10.0.0.11').health).toBe('error');
    expect(rs(t, '10.0.0.11').diagnostics.items.find((d) => d.code === 'arp-sysctl-ineffective')).toMatchObject({ severity: 'error', at: { file: t.files.indexOf(sysctl) } });

    // Scoped to the real server's file: the same cluster (it reaches both directors through its services).
    const scoped = (await c.connection.sendRequest('lvsConfig/topology', { uri: sysctl })) as Topology;
    expect(scoped.summary.directors).toBe(2);
    // Collapsed: groups only, their summaries kept.
    const collapsed = (await c.connection.sendRequest('lvsConfig/topology', { collapsed: true })) as Topology;
    expect(collapsed.nodes.some((n) => n.kind === 'realserver')).toBe(false);
    expect(collapsed.groups.find((g) => g.id === 'vipgroup:192.0.2.10')).toMatchObject({ omitted: true, health: 'error', arp: { broken: 1, ok: 1 } });
    // 'auto': three services are few, the answer is whole.
    const auto = (await c.connection.sendRequest('lvsConfig/topology', { collapsed: 'auto' })) as Topology;
    expect(auto.nodes.filter((n) => n.kind === 'realserver')).toHaveLength(3);
    expect(auto.groups.some((g) => g.omitted)).toBe(false);

    // Fix web1 in the editor: ARP settings for all.
    const fixed = '# web1\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n';
    await c.open(sysctl, fs.readFileSync(sysctlPath, 'utf8'), 'sysctl');
    await c.change(sysctl, 2, [{ text: fixed }]);
    await c.waitForDiagnostics(sysctl, (ds) => !ds.some((d) => String(d.code).startsWith('arp-')), 20_000);
    const deadline = Date.now() + 10_000;
    while (!changed.some((p) => p.uris.includes(sysctl)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(changed.some((p) => p.uris.includes(sysctl))).toBe(true);
    const after = (await c.connection.sendRequest('lvsConfig/topology', {})) as Topology;
    expect(rs(after, '10.0.0.11').arp).toMatchObject({ method: 'sysctl', status: 'ok', rules: [] });
    // Ids are stable across the update.
    expect(after.nodes.map((n) => n.id).sort()).toEqual(t.nodes.map((n) => n.id).sort());
  }, 60_000);
});
