import type { Rule } from '../lint/rule';
import type { Fix, RelatedInfo, TextEdit } from '../types';
import { describe, topologyOf, type Cluster, type Member, type Topology } from '../cluster/peers';
import { fix, replaceWord } from './util';

const vipText = (m: Member): string => (m.vips.length ? `VIPs ${m.vips.join(', ')}` : 'no VIP');

/**
 * "Change the VRID of this cluster": the lowest VRID above the current one (wrapping to 1) that no instance of the
 * workspace uses on the cluster's interfaces, written on every node of the cluster. Offered only when every
 * VRID word is literal text of a file the analysis read and no instance outside the cluster shares one of them
 * (a line common to several `@id` variants).
 */
function renumber(t: Topology, c: Cluster): Fix | undefined {
  const ifaces = new Set(c.members.map((m) => m.interface));
  const taken = new Set<number>();
  for (const [k, set] of t.used) if (ifaces.has(k.split('\0')[0])) for (const v of set) taken.add(v);
  let next: number | undefined;
  for (let i = 1; i < 255; i++) {
    const v = ((c.vrid - 1 + i) % 255) + 1;
    if (!taken.has(v)) {
      next = v;
      break;
    }
  }
  if (next === undefined) return undefined;
  const words = new Map<string, TextEdit>();
  for (const m of c.members) {
    const w = m.instance.vrid!.word;
    if (w.expansion || !m.node.config.texts.has(w.file)) return undefined;
    words.set(`${w.file}\0${w.range.start.line}\0${w.range.start.character}`, replaceWord(w, String(next)));
  }
  for (const other of t.clusters) {
    if (other === c) continue;
    for (const m of other.members) {
      const w = m.instance.vrid!.word;
      if (words.has(`${w.file}\0${w.range.start.line}\0${w.range.start.character}`)) return undefined;
    }
  }
  const nodes = new Set(c.members.map((m) => m.node)).size;
  return fix(`Change VRID ${c.vrid} to ${next}, free in this workspace${nodes > 1 ? ` (on all ${nodes} nodes of this cluster)` : ''}`, [...words.values()]);
}

export const rule: Rule = {
  id: 'vrid-clash',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'Two VRRP clusters of the workspace (different VIPs, different director configs) use the same `virtual_router_id` on an interface of the same name.',
    rationale:
      'VRRP tells virtual routers apart by their VRID (1–255) on a network segment. Two clusters — say the web pair and the database pair, each with its own VIPs — that use the same VRID, address family and multicast group (or unicast peers that reach each other) on one segment receive each other\'s adverts as their own. keepalived compares the VIPs in each advert with its own list and drops the foreign ones ("ip address associated with VRID 51 not present in MASTER advert", "bogus VRRP packet received", keepalived issue #2444): the backups stop hearing their master and take over, and VIPs flap or are held twice. `keepalived --config-test` reads one file and cannot see it; `duplicate-vrid` covers two instances of one config.\n\n' +
      'The rule looks at every root config of the workspace (a file with `@id` lines counts as one node per id; saved copies such as `keepalived.conf.bak` or `*_old.conf` are left out): instances of different configs with the same VRID and family are **peers** of one cluster when their VIP sets share an address or one lists the other\'s `unicast_src_ip` as a peer; clusters that still share a VRID on an interface of the same name and reach each other are reported on every instance of both. Whether the two really share a segment is beyond the configs: the interface name stands for it. If they are on separate networks, disable the rule for the workspace (`.lvs-config.json`).\n\n' +
      'Fix: give one cluster another VRID on all its nodes; the quick fix picks the next VRID that no instance of the workspace uses on that interface and changes it in every file of the cluster.',
    invalid:
      '# web-lb1.conf\nvrrp_instance VI_WEB {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\n# db-lb1.conf (another cluster on the same LAN)\nvrrp_instance VI_DB {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.20/24\n    }\n}',
    valid:
      '# web-lb1.conf\nvrrp_instance VI_WEB {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\n# db-lb1.conf\nvrrp_instance VI_DB {\n    state MASTER\n    interface eth0\n    virtual_router_id 52\n    priority 150\n    virtual_ipaddress {\n        192.0.2.20/24\n    }\n}',
  },
  checkWorkspace(ctx) {
    const t = topologyOf(ctx.configs);
    if (!t.clashes.length) return;
    // Every member of a clashing cluster: the clusters it clashes with.
    const against = new Map<Cluster, { other: Cluster; iface: string }[]>();
    for (const k of t.clashes) {
      (against.get(k.a) ?? against.set(k.a, []).get(k.a)!).push({ other: k.b, iface: k.interface });
      (against.get(k.b) ?? against.set(k.b, []).get(k.b)!).push({ other: k.a, iface: k.interface });
    }
    for (const [c, list] of against) {
      const fixIt = renumber(t, c);
      const reported = new Set<string>();
      for (const m of c.members) {
        const w = m.instance.vrid!.word;
        const at = `${w.file}\0${w.range.start.line}\0${w.range.start.character}`;
        if (reported.has(at)) continue; // one line shared by several `@id` variants
        reported.add(at);
        const first = list[0].other.members[0];
        const related: RelatedInfo[] = [];
        for (const { other } of list)
          for (const o of other.members) related.push({ location: { file: o.instance.vrid!.word.file, range: o.instance.vrid!.word.range }, message: `${describe(o)} uses VRID ${c.vrid} too (${vipText(o)})` });
        const more = list.length > 1 || list[0].other.members.length > 1 ? ` (and ${related.length - 1} more, see the related locations)` : '';
        ctx.report({
          at: w,
          message:
            `VRID ${c.vrid} on ${list[0].iface} (IPv${c.family}) is also used by another cluster: ${describe(first)}, with ${vipText(first)}${more}, where this one has ${vipText(m)}. ` +
            `If these directors share a network segment, each cluster takes the other's adverts for its own and drops them ("ip address associated with VRID ${c.vrid} not present in MASTER advert"): backups take over while their master is alive and the VIPs flap. ` +
            `Give one of the clusters another VRID on all its nodes.`,
          related,
          fixes: fixIt ? [fixIt] : undefined,
        });
      }
    }
  },
};
