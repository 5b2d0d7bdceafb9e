/**
 * server/src/core/cluster/peers.ts on its own: nodes (saved copies, `@id` variants), clusters of peers (shared VIP,
 * unicast link, instances without VIPs) and clashes (interface name, multicast group, unicast reach; one per pair of
 * clusters).
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/src/core/keepalived/index';
import type { Host } from '../../server/src/core/host';
import { isSavedCopy, topologyOf, type Topology } from '../../server/src/core/cluster/peers';

const host: Host = { readFile: () => ({ ok: false, reason: 'missing' }), glob: () => ({ matches: [], truncated: false }) };

interface Inst {
  name?: string;
  vrid?: number;
  iface?: string;
  vips?: string[];
  prio?: number;
  extra?: string[];
}

const inst = (i: Inst): string =>
  [
    `vrrp_instance ${i.name ?? 'VI_1'} {`,
    `    interface ${i.iface ?? 'eth0'}`,
    `    virtual_router_id ${i.vrid ?? 51}`,
    ...(i.prio ? [`    priority ${i.prio}`] : []),
    ...(i.extra ?? []).map((l) => `    ${l}`),
    ...(i.vips?.length ? ['    virtual_ipaddress {', ...i.vips.map((v) => `        ${v}`), '    }'] : []),
    '}',
    '',
  ].join('\n');

function topology(files: Record<string, string>): Topology {
  const configs = Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([f, text]) => parseConfig(`/ws/${f}`, text, host));
  return topologyOf(configs);
}

/** Clusters as `label:instance` lists, and clashes as pairs of first members. */
const clusters = (t: Topology): string[][] => t.clusters.map((c) => c.members.map((m) => `${m.node.label}:${m.instance.name}`));
const clashes = (t: Topology): string[] => t.clashes.map((k) => `${k.a.members[0].node.label} x ${k.b.members[0].node.label} on ${k.interface}`);

describe('cluster/peers', () => {
  it('peers share a VIP; another VIP set on the same VRID and interface is a clash, reported once per pair of clusters', () => {
    const t = topology({
      'a1.conf': inst({ vips: ['192.0.2.10/24'] }),
      'b1.conf': inst({ vips: ['192.0.2.20/24'] }),
      'a2.conf': inst({ vips: ['192.0.2.10/24', '192.0.2.11/24'] }),
    });
    expect(clusters(t)).toEqual([['a1.conf:VI_1', 'a2.conf:VI_1'], ['b1.conf:VI_1']]);
    expect(clashes(t)).toEqual(['a1.conf x b1.conf on eth0']);
  });

  it('no clash on another interface name, another multicast group, or unicast that does not reach', () => {
    const t = topology({
      'a.conf': inst({ vips: ['192.0.2.10/24'] }),
      'b.conf': inst({ iface: 'eth1', vips: ['192.0.2.20/24'] }),
      'c.conf': inst({ vips: ['192.0.2.30/24'], extra: ['mcast_dst_ip 224.0.0.19'] }),
      'd.conf': inst({ vips: ['192.0.2.40/24'], extra: ['unicast_src_ip 192.0.2.1', 'unicast_peer {', '    192.0.2.2', '}'] }),
      'e.conf': inst({ vips: ['192.0.2.50/24'], extra: ['unicast_src_ip 192.0.2.3', 'unicast_peer {', '    192.0.2.4', '}'] }),
    });
    expect(t.clusters).toHaveLength(5);
    expect(clashes(t)).toEqual([]);
  });

  it('unicast: a node sending to the other\'s unicast_src_ip is its peer even with other VIPs; a common peer address is a clash', () => {
    const uc = (src: string, peers: string[], vip: string) => inst({ vips: [vip], extra: [`unicast_src_ip ${src}`, 'unicast_peer {', ...peers.map((p) => `    ${p}`), '}'] });
    // a and b point at each other; c also sends to 192.0.2.7, a third host a sends to: it hears a's adverts.
    const t = topology({
      'a.conf': uc('192.0.2.1', ['192.0.2.2', '192.0.2.7'], '192.0.2.10/24'),
      'b.conf': uc('192.0.2.2', ['192.0.2.1'], '192.0.2.11/24'),
      'c.conf': uc('192.0.2.5', ['192.0.2.7'], '192.0.2.30/24'),
    });
    expect(clusters(t)).toEqual([['a.conf:VI_1', 'b.conf:VI_1'], ['c.conf:VI_1']]);
    expect(clashes(t)).toEqual(['a.conf x c.conf on eth0']);
  });

  it('instances without VIPs join the only cluster of their VRID, each other when none has VIPs, and clash with nothing', () => {
    expect(clusters(topology({ 'a.conf': inst({ vips: ['192.0.2.10/24'] }), 'b.conf': inst({}) }))).toEqual([['a.conf:VI_1', 'b.conf:VI_1']]);
    expect(clusters(topology({ 'a.conf': inst({}), 'b.conf': inst({}) }))).toEqual([['a.conf:VI_1', 'b.conf:VI_1']]);
    const t = topology({ 'a.conf': inst({ vips: ['192.0.2.10/24'] }), 'b.conf': inst({ vips: ['192.0.2.20/24'] }), 'c.conf': inst({}) });
    expect(clusters(t)).toHaveLength(3);
    expect(clashes(t)).toEqual(['a.conf x b.conf on eth0']);
  });

  it('a file with @id lines is one node per id; saved copies are no node', () => {
    const t = topology({
      'lb.conf': inst({ vips: ['192.0.2.10/24'], extra: ['@lb1 priority 150', '@lb2 priority 100'] }),
      'lb.conf.bak': inst({ vips: ['192.0.2.99/24'] }),
    });
    expect(t.nodes.map((n) => n.label)).toEqual(['lb.conf (-i lb1)', 'lb.conf (-i lb2)']);
    expect(t.clusters[0].members.map((m) => m.priority)).toEqual([150, 100]);
    expect(clashes(t)).toEqual([]);
  });

  it('effective values: priority from state, version from vrrp_version, default advert_int', () => {
    const t = topology({
      'a.conf': 'global_defs {\n    vrrp_version 3\n}\n' + inst({ vips: ['192.0.2.10/24'], extra: ['state MASTER'] }),
      'b.conf': inst({ vips: ['192.0.2.10/24'], extra: ['state BACKUP', 'advert_int 2'] }),
    });
    expect(t.clusters[0].members.map((m) => [m.priority, m.master, m.version, m.advertInt])).toEqual([
      [255, true, 3, 1],
      [100, false, 2, 2],
    ]);
  });

  it.each([
    ['keepalived.conf.bak', true],
    ['keepalived_old.conf', true],
    ['keepalived.conf~', true],
    ['keepalived.conf.rpmsave', true],
    ['keepalived.conf.dpkg-old', true],
    ['keepalived_backup.conf', false],
    ['keepalived.conf.lvs2', false],
    ['backup/keepalived.conf', false],
  ])('isSavedCopy(%s) = %s', (f, saved) => {
    expect(isSavedCopy(`/ws/${f}`)).toBe(saved);
  });
});
