/**
 * The topology model (core/topology/build.ts) and its drawings (layout.ts, svg.ts, text.ts) on examples/ and on
 * small workspaces: nodes, edges, ARP-hiding statuses, diagnostics per node, scope, collapse, escaping of names.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseXml as strictXml } from '../helpers/xml';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import { resolveOperands } from '../../server/src/core/workspace-files';
import { buildTopology, collapseTopology, topologyInputOf } from '../../server/src/core/topology/build';
import { elkGraphOf, viewOf } from '../../server/src/core/topology/layout';
import { renderTopology } from '../../server/src/cli/graph';
import type { InstanceNode, RealServerNode, ServiceNode, Topology, TopologyNode, VipNode } from '../../server/src/core/topology/types';

const EXAMPLES = join(process.cwd(), 'examples');

function topologyOf(paths: string[], scopeFile?: string): Topology {
  const ws = analyzeWorkspace(resolveOperands(paths), new NodeHost());
  return buildTopology(topologyInputOf(ws), { scopeFile });
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lvs-topo-'));
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  return dir;
}

const node = <T extends TopologyNode>(t: Topology, id: string): T => {
  const n = t.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}: ${t.nodes.map((x) => x.id).join(', ')}`);
  return n as T;
};

/** Strict XML well-formedness (test/helpers/xml.ts); attributes as `name=value`. */
function parseXml(text: string): { elements: string[]; texts: string[]; attributes: string[] } {
  const d = strictXml(text);
  return { elements: d.elements, texts: d.texts, attributes: d.attributes.map((a) => `${a.name}=${a.value}`) };
}

describe('topology model on examples/', () => {
  const t = topologyOf([EXAMPLES]);
  const master = join(EXAMPLES, 'directors/keepalived-master.conf');
  const backup = join(EXAMPLES, 'directors/keepalived-backup.conf');

  it('has the two directors, their instances, the two VIPs, three services and three real servers', () => {
    expect(t.version).toBe(1);
    expect(t.summary).toMatchObject({ directors: 2, instances: 2, vips: 2, services: 3, realServers: 3 });
    const m = node<InstanceNode>(t, `instance:${master}/VI_WEB`);
    expect(m).toMatchObject({ state: 'MASTER', priority: 150, effectivePriority: 150, interface: 'eth0', vrid: 51, director: `director:${master}` });
    // The backup's `interface eth0 ; virtual_router_id 51` loses its VRID: it is no VRRP peer of the master.
    const b = node<InstanceNode>(t, `instance:${backup}/VI_WEB`);
    expect(b.vrid).toBeUndefined();
    expect(b.state).toBe('BACKUP');
    expect(b.health).toBe('error');
    expect(b.diagnostics.items.map((d) => d.code)).toEqual(expect.arrayContaining(['missing-keyword', 'extra-argument']));
    const vip = node<VipNode>(t, 'vip:192.0.2.10');
    expect(vip.heldBy.sort()).toEqual([`instance:${backup}/VI_WEB`, `instance:${master}/VI_WEB`].sort());
    expect(vip).toMatchObject({ prefix: 32, dev: 'eth0', excluded: false });
    const web = node<ServiceNode>(t, 'service:192.0.2.10:80/tcp');
    expect(web).toMatchObject({ addressKind: 'address', port: 80, protocol: 'tcp', scheduler: 'wlc', method: 'DR', persistence: 300, realServerCount: 2, group: 'vipgroup:192.0.2.10' });
    expect(web.directors).toHaveLength(2);
    // Included by both directors: one source, not two.
    expect(web.sources).toHaveLength(1);
    expect(t.files[web.sources[0].file]).toBe(join(EXAMPLES, 'directors/conf.d/web.conf'));
    expect(web.sources[0].range.start).toEqual({ line: 1, character: 0 });
  });

  it('edges: runs, holds, offers, forwards with port, weight, method and checks', () => {
    const ids = new Set(t.edges.map((e) => `${e.kind} ${e.from} -> ${e.to}`));
    expect(ids).toContain(`runs director:${master} -> instance:${master}/VI_WEB`);
    expect(ids).toContain(`holds instance:${master}/VI_WEB -> vip:192.0.2.11`);
    expect(ids).toContain('offers vip:192.0.2.10 -> service:192.0.2.10:443/tcp');
    expect(ids).toContain('offers vip:192.0.2.11 -> service:192.0.2.11:8080/tcp');
    const fw = t.edges.filter((e) => e.kind === 'forwards');
    expect(fw.map((e) => `${e.from} -> ${e.to}`).sort()).toEqual(
      [
        'service:192.0.2.10:443/tcp -> rs:10.0.0.11',
        'service:192.0.2.10:443/tcp -> rs:10.0.0.12',
        'service:192.0.2.10:80/tcp -> rs:10.0.0.11',
        'service:192.0.2.10:80/tcp -> rs:10.0.0.12',
        'service:192.0.2.11:8080/tcp -> rs:10.0.0.13',
      ].sort(),
    );
    const api = fw.find((e) => e.to === 'rs:10.0.0.13')!;
    expect(api).toMatchObject({ port: 8080, weight: 1, method: 'DR' });
    expect(api.kind === 'forwards' && api.checks).toEqual([expect.objectContaining({ type: 'TCP_CHECK', port: 8080 })]);
    // Every edge joins two nodes of the answer; ids are unique.
    const nodeIds = new Set(t.nodes.map((n) => n.id));
    for (const e of t.edges) expect(nodeIds.has(e.from) && nodeIds.has(e.to)).toBe(true);
    expect(new Set(t.edges.map((e) => e.id)).size).toBe(t.edges.length);
    expect(new Set(t.nodes.map((n) => n.id)).size).toBe(t.nodes.length);
  });

  it('real servers: ARP hiding method and status from their files and the ARP rules', () => {
    const web1 = node<RealServerNode>(t, 'rs:10.0.0.11');
    expect(web1.arp).toMatchObject({ method: 'sysctl', status: 'broken', rules: ['arp-sysctl-ineffective'] });
    expect(web1.files.map((i) => t.files[i])).toEqual(expect.arrayContaining([join(EXAMPLES, 'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf')]));
    expect(web1.health).toBe('error');
    expect(web1.diagnostics.items.some((d) => d.code === 'arp-sysctl-ineffective' && t.files[d.at.file].endsWith('90-lvs-dr.conf'))).toBe(true);
    expect(node<RealServerNode>(t, 'rs:10.0.0.12').arp).toMatchObject({ method: 'arptables', status: 'ok', rules: [] });
    expect(node<RealServerNode>(t, 'rs:10.0.0.13').arp).toMatchObject({ method: 'iptables', status: 'ok' });
    // The misplaced `lb_kind` inside real_server 10.0.0.13 belongs to that real server (and its edge), not the service.
    const api1 = node<RealServerNode>(t, 'rs:10.0.0.13');
    expect(api1.diagnostics.items.map((d) => d.code)).toContain('misplaced-keyword');
    expect(node<ServiceNode>(t, 'service:192.0.2.11:8080/tcp').diagnostics.items.map((d) => d.code)).not.toContain('misplaced-keyword');
  });

  it('groups summarise each VIP: services, real servers, worst health, ARP statuses', () => {
    const g = t.groups.find((x) => x.id === 'vipgroup:192.0.2.10')!;
    expect(g.vip).toBe('vip:192.0.2.10');
    expect(g.services.sort()).toEqual(['service:192.0.2.10:443/tcp', 'service:192.0.2.10:80/tcp']);
    expect(g.realServers.sort()).toEqual(['rs:10.0.0.11', 'rs:10.0.0.12']);
    expect(g.health).toBe('error');
    expect(g.arp).toEqual({ ok: 1, broken: 1, unknown: 0, 'not-needed': 0 });
    expect(t.summary.collapseSuggested).toBe(false);
  });

  it('is plain JSON (round trip unchanged) and ids are stable across builds', () => {
    expect(JSON.parse(JSON.stringify(t))).toEqual(t);
    const again = topologyOf([EXAMPLES]);
    expect(again.nodes.map((n) => n.id)).toEqual(t.nodes.map((n) => n.id));
    expect(again.edges.map((e) => e.id)).toEqual(t.edges.map((e) => e.id));
  });

  it('a collapsed answer leaves out services and real servers but keeps the group summaries', () => {
    const c = collapseTopology(t);
    expect(c.nodes.some((n) => n.kind === 'service' || n.kind === 'realserver')).toBe(false);
    expect(c.groups.every((g) => g.omitted)).toBe(true);
    expect(c.groups.find((g) => g.id === 'vipgroup:192.0.2.10')!.realServers).toHaveLength(2);
    const open = collapseTopology(t, ['vipgroup:192.0.2.11']);
    expect(open.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['service:192.0.2.11:8080/tcp', 'rs:10.0.0.13']));
    expect(open.nodes.some((n) => n.id === 'rs:10.0.0.11')).toBe(false);
  });
});

describe('topology of a small workspace', () => {
  const DIRECTOR = (state: string, prio: number): string => `global_defs {
    router_id ${state === 'MASTER' ? 'lb1' : 'lb2'}
}
vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id 60
    priority ${prio}
    virtual_ipaddress {
        198.51.100.10/32
    }
}
virtual_server 198.51.100.10 443 {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 10.1.0.1 443 {
        weight 3
    }
}
virtual_server fwmark 7 {
    lb_algo wlc
    lb_kind NAT
    protocol TCP
    real_server 10.2.0.1 80 {
    }
}
`;
  const dir = workspace({
    'lb1/keepalived.conf': DIRECTOR('MASTER', 150),
    'lb2/keepalived.conf': DIRECTOR('BACKUP', 100),
    'other/keepalived.conf': 'vrrp_instance VI_9 {\n    state MASTER\n    interface eth1\n    virtual_router_id 9\n    priority 100\n    virtual_ipaddress {\n        203.0.113.9\n    }\n}\n',
  });
  const t = topologyOf([dir]);
  const lb1 = `instance:${join(dir, 'lb1/keepalived.conf')}/VI_1`;
  const lb2 = `instance:${join(dir, 'lb2/keepalived.conf')}/VI_1`;

  it('pairs VRRP peers: cluster, master, peer edge', () => {
    const v = t.vrrp.find((c) => c.vrid === 60)!;
    expect(v.members.sort()).toEqual([lb1, lb2].sort());
    expect(v.master).toBe(lb1);
    expect(node<InstanceNode>(t, lb1).peers).toEqual([lb2]);
    expect(t.edges.some((e) => e.kind === 'peer' && e.from === lb1 && e.to === lb2)).toBe(true);
  });

  it('fwmark services hang off their directors; NAT real servers need no ARP hiding; unknown without files', () => {
    const fw = node<ServiceNode>(t, 'service:fwmark:7/tcp');
    expect(fw).toMatchObject({ addressKind: 'fwmark', fwmark: 7, method: 'NAT' });
    expect(t.edges.filter((e) => e.kind === 'defines' && e.to === fw.id)).toHaveLength(2);
    expect(node<RealServerNode>(t, 'rs:10.2.0.1').arp.status).toBe('not-needed');
    expect(node<RealServerNode>(t, 'rs:10.1.0.1').arp.status).toBe('unknown');
    const fwd = t.edges.find((e) => e.kind === 'forwards' && e.to === 'rs:10.1.0.1');
    expect(fwd && fwd.kind === 'forwards' && fwd.weight).toBe(3);
    expect(t.groups.map((g) => g.id)).toEqual(expect.arrayContaining(['vipgroup:198.51.100.10', `vipgroup:none:director:${join(dir, 'lb1/keepalived.conf')}`]));
  });

  it('a scope keeps the part connected to a file', () => {
    const s = topologyOf([dir], join(dir, 'lb2/keepalived.conf'));
    expect(s.nodes.some((n) => n.id.includes('other/keepalived.conf'))).toBe(false);
    expect(s.summary.directors).toBe(2);
    const o = topologyOf([dir], join(dir, 'other/keepalived.conf'));
    expect(o.summary).toMatchObject({ directors: 1, instances: 1, vips: 1, services: 0 });
    expect(o.vrrp).toHaveLength(1);
    expect(node<InstanceNode>(o, `instance:${join(dir, 'other/keepalived.conf')}/VI_9`).vrrp).toBe(0);
  });
});

describe('drawings', () => {
  const t = topologyOf([EXAMPLES]);

  it('ELK graph: one child per box with a size, one edge per link, layered left to right', () => {
    const v = viewOf(t, { collapse: false });
    const g = elkGraphOf(v);
    expect(g.layoutOptions).toMatchObject({ 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT' });
    expect(g.children!.map((c) => c.id)).toEqual(t.nodes.map((n) => n.id));
    for (const c of g.children!) expect(c.width! > 0 && c.height! > 0).toBe(true);
    expect(g.edges).toHaveLength(t.edges.length);
  });

  it('collapsed view: a VIP box absorbs its services and real servers', () => {
    const v = viewOf(t, { collapse: true });
    expect(v.boxes.some((b) => b.kind === 'service' || b.kind === 'realserver')).toBe(false);
    const vip = v.boxes.find((b) => b.id === 'vip:192.0.2.10')!;
    expect(vip.lines).toContain('2 services · 2 real servers');
    expect(vip.health).toBe('error');
    const one = viewOf(t, { collapse: true, expanded: ['vipgroup:192.0.2.11'] });
    expect(one.boxes.map((b) => b.id)).toEqual(expect.arrayContaining(['service:192.0.2.11:8080/tcp', 'rs:10.0.0.13']));
  });

  it('SVG: well-formed XML, labels, edges as paths, badges', async () => {
    const svg = await renderTopology(t, 'svg', { collapse: false });
    const x = parseXml(svg);
    expect(x.elements[0]).toBe('svg');
    const text = x.texts.join('\n');
    for (const label of ['lb1', 'VI_WEB', '192.0.2.10/32', '192.0.2.10:80/tcp', '10.0.0.11', 'DR · ARP sysctl broken', 'DR · ARP arptables ok']) expect(text).toContain(label);
    expect(x.elements.filter((e) => e === 'path').length).toBeGreaterThanOrEqual(t.edges.length);
    expect(svg).toMatch(/<path class="edge forwards" data-id="[^"]+" d="M[\d.]+ [\d.]+ L/);
    expect(text).toMatch(/\b2E\b/);
  }, 30_000);

  it('DOT and Mermaid: the same boxes and links in their syntax', async () => {
    const dot = await renderTopology(t, 'dot', { collapse: false });
    expect(dot).toMatch(/^digraph "topology" \{\n  rankdir=LR;/);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(dot).toContain('"vip:192.0.2.10" -> "service:192.0.2.10:80/tcp";');
    // The real_server line of 10.0.0.13 has an error (misplaced lb_kind): its edge is drawn red.
    expect(dot).toContain('"service:192.0.2.11:8080/tcp" -> "rs:10.0.0.13" [label=":8080 w1", color="#c62828"];');
    expect((dot.match(/ -> /g) ?? []).length).toBe(t.edges.length);
    const mm = await renderTopology(t, 'mermaid', { collapse: false });
    const lines = mm.trimEnd().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    for (const l of lines.slice(1)) expect(l).toMatch(/^  (n\d+(\["|\("|\(\[").*("\]|"\)|"\]\))|n\d+ (-->|-\.-)(\|[^|]*\|)? n\d+|classDef \w+ .*|class [n\d,]+ \w+)$/);
    expect(mm).toContain('VI_WEB<br/>MASTER · prio 150');
  });

  it('escapes names from the config in every format', async () => {
    const EVIL = `<script>alert(1)</script>`;
    const dir = workspace({
      'keepalived.conf': `vrrp_instance "${EVIL}\\" onerror=alert(2) x='1'" {
    state MASTER
    interface eth0
    virtual_router_id 7
    virtual_ipaddress {
        192.0.2.77
    }
}
virtual_server group "G<img src=x onerror=alert(3)>&amp;" {
    lb_kind DR
    protocol TCP
}
virtual_server_group "G<img src=x onerror=alert(3)>&amp;" {
    192.0.2.77 80
}
`,
    });
    const evil = topologyOf([dir]);
    const inst = evil.nodes.find((n) => n.kind === 'instance') as InstanceNode;
    expect(inst.name).toContain('<script>');
    const svg = await renderTopology(evil, 'svg', { collapse: false });
    const x = parseXml(svg);
    // Only SVG's own elements; the names are text.
    expect(new Set(x.elements)).toEqual(new Set(['svg', 'title', 'defs', 'marker', 'path', 'rect', 'text', 'g']));
    expect(x.attributes.some((a) => /^on/i.test(a))).toBe(false);
    expect(x.texts.join('\n')).toContain(EVIL);
    expect(x.texts.join('\n')).toContain('G<img src=x onerror=alert(3)>&amp;');
    expect(svg).not.toMatch(/<script|<img/i);
    const dot = await renderTopology(evil, 'dot', { collapse: false });
    for (const line of dot.split('\n').slice(4, -2)) expect(line).toMatch(/^  ("([^"\\]|\\.)*")( -> "([^"\\]|\\.)*")?( \[.*\])?;$/);
    const mm = await renderTopology(evil, 'mermaid', { collapse: false });
    expect(mm).not.toMatch(/<script|<img|"\\"/);
    expect(mm).toContain('#60;script#62;');
  }, 30_000);
});
