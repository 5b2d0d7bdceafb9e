import type { Rule } from '../lint/rule';
import { modelOf, type VrrpInstance } from '../model/index';
import { DEFAULT_GROUP } from '../cluster/peers';


/** Whether two instances on one interface with one VRID and family see each other's adverts (keepalived's check). */
function conflict(a: VrrpInstance, b: VrrpInstance): 'multicast' | 'unicast' | undefined {
  const ua = a.unicastPeers.length > 0;
  const ub = b.unicastPeers.length > 0;
  if (!ua && !ub) {
    const ga = a.mcastDstIp?.key ?? DEFAULT_GROUP[a.family];
    const gb = b.mcastDstIp?.key ?? DEFAULT_GROUP[b.family];
    return ga === gb ? 'multicast' : undefined;
  }
  if (ua && ub) {
    const peers = new Set(a.unicastPeers.map((p) => p.address.key));
    return b.unicastPeers.some((p) => peers.has(p.address.key)) ? 'unicast' : undefined;
  }
  return undefined;
}

export const rule: Rule = {
  id: 'duplicate-vrid',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'none',
  docs: {
    summary: 'Two `vrrp_instance` blocks with the same `virtual_router_id` on the same interface and address family.',
    rationale:
      'VRRP tells virtual routers apart by their VRID (1–255) on a network segment. Two instances of one director that use the same VRID on the same interface, with the same address family and multicast group (or overlapping unicast peers), receive each other\'s adverts as their own: the VIP lists do not match ("ip address associated with VRID not present in MASTER advert"), adverts are dropped and both sides may become MASTER. keepalived --config-test reports it ("VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0", or "(VI_1) duplicate VRID conflict with VI_2 VRID 51" for unicast) — but only on a host where the interface exists, so a check on a workstation or in CI passes. Instances on different interfaces, of different families, with different `mcast_dst_ip`, or unicast instances with disjoint peers may share a VRID. Give each virtual router of the segment its own VRID, and the same one on both directors of a pair. The same VRID in the configs of two different clusters (other files of the workspace) is `vrid-clash`.',
    invalid:
      'vrrp_instance VI_WEB {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_DB {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.20/24\n    }\n}',
    valid:
      'vrrp_instance VI_WEB {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_DB {\n    state MASTER\n    interface eth0\n    virtual_router_id 52\n    priority 150\n    virtual_ipaddress {\n        192.0.2.20/24\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    const seen = new Map<string, VrrpInstance[]>();
    for (const inst of model.instances) {
      if (inst.duplicateOf || !inst.vrid || !inst.interface) continue;
      const key = `${inst.interface.text}\0${inst.family}\0${inst.vrid.value}`;
      const earlier = seen.get(key);
      if (!earlier) {
        seen.set(key, [inst]);
        continue;
      }
      earlier.push(inst);
      for (const other of earlier.slice(0, -1)) {
        const kind = conflict(other, inst);
        if (!kind) continue;
        const vrid = inst.vrid.value;
        const says =
          kind === 'multicast'
            ? `"${other.name} and ${inst.name} both use VRID ${vrid} with IPv${inst.family} on interface ${inst.interface.text}"`
            : `"(${other.name}) duplicate VRID conflict with ${inst.name} VRID ${vrid}"`;
        const otherAt = other.vrid!.word;
        ctx.report({
          at: inst.vrid.word,
          message: `VRID ${vrid} is already used by \`vrrp_instance ${other.name}\` on ${inst.interface.text} (IPv${inst.family}${kind === 'unicast' ? ', with a common unicast peer' : ''}): both receive each other's adverts as their own. keepalived reports ${says}, but only on a host where ${inst.interface.text} exists.`,
          related: [{ location: { file: otherAt.file, range: otherAt.range }, message: `\`${other.name}\` uses VRID ${vrid} here` }],
        });
        break;
      }
    }
  },
};
