import type { Rule } from '../lint/rule';
import { modelOf, type VrrpInstance } from '../model/index';

export const rule: Rule = {
  id: 'sync-group-shared-vrid',
  category: 'semantic',
  defaultSeverity: 'hint',
  fix: 'none',
  docs: {
    summary: 'Two instances of one `vrrp_sync_group` with the same `virtual_router_id` on different interfaces.',
    rationale:
      'A VRID identifies a virtual router on one network segment, so two instances on different interfaces may share it (the same interface is reported by duplicate-vrid). Within a sync group, though, the members usually serve the two legs of one director (WAN and LAN of a NAT director), and a shared VRID is a copy-paste leftover: as soon as the two segments meet — VLANs of one trunk, a bridge, a lab where both NICs are on one switch — each instance receives the other\'s adverts with the wrong VIP list ("ip address associated with VRID not present in MASTER advert") and both legs flap; with `use_vmac` both get the same virtual MAC 00:00:5e:00:01:VRID. keepalived --config-test says nothing, and keepalived\'s own generated test config (doc/samples, mk_lots) shares VRIDs this way on purpose, hence only a hint. Give each member of the group its own VRID (and the same ones on the peer director).',
    invalid: 'vrrp_sync_group VG1 {\n    group {\n        VI_WAN\n        VI_LAN\n    }\n}\n\nvrrp_instance VI_WAN {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_LAN {\n    state BACKUP\n    interface eth1\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n}',
    valid: 'vrrp_sync_group VG1 {\n    group {\n        VI_WAN\n        VI_LAN\n    }\n}\n\nvrrp_instance VI_WAN {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_LAN {\n    state BACKUP\n    interface eth1\n    virtual_router_id 52\n    priority 100\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const g of model.syncGroups) {
      if (g.duplicateOf) continue;
      const seen = new Map<string, VrrpInstance>();
      const done = new Set<string>();
      for (const m of g.members) {
        const inst = model.byName.vrrp_instance.get(m.text) as VrrpInstance | undefined;
        if (!inst?.vrid || !inst.interface || done.has(inst.name)) continue;
        done.add(inst.name);
        const key = `${inst.family}/${inst.vrid.value}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, inst);
          continue;
        }
        if (first.interface!.text === inst.interface.text) continue;
        ctx.report({
          at: inst.vrid.word,
          message: `${inst.name} and ${first.name} are in \`vrrp_sync_group ${g.name}\` and both use VRID ${inst.vrid.value} (on ${inst.interface.text} and ${first.interface!.text}): legal while the two segments stay apart, but where they meet (VLANs of one trunk, a bridge, one switch) each receives the other's adverts and both flap. Give each member its own VRID, on both directors.`,
          related: [{ location: { file: first.vrid!.word.file, range: first.vrid!.word.range }, message: `VRID of ${first.name}` }],
        });
      }
    }
  },
};
