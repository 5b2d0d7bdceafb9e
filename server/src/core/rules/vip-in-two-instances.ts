import type { Rule } from '../lint/rule';
import { modelOf, type Vip } from '../model/index';

export const rule: Rule = {
  id: 'vip-in-two-instances',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: 'One virtual IP address in the `virtual_ipaddress` (or `virtual_ipaddress_excluded`) of two `vrrp_instance` blocks.',
    rationale:
      'Each instance adds its VIPs when it becomes MASTER and deletes them when it leaves MASTER state. When two instances carry the same address, the one that goes BACKUP or FAULT deletes the address although the other is still MASTER: the VIP disappears from the director, and with it every virtual service on it. Two instances can also be MASTER on different directors at once and both answer ARP for it. keepalived 2.2.7 --config-test says nothing about it. An address belongs to exactly one virtual router; if two instances must move together, put them in a `vrrp_sync_group` instead of sharing addresses.',
    invalid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_2 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 52\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n        192.0.2.11/24\n    }\n}',
    valid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_2 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 52\n    priority 100\n    virtual_ipaddress {\n        192.0.2.11/24\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    const owner = new Map<string, Vip>();
    for (const inst of model.instances) {
      if (inst.duplicateOf) continue;
      const mine = new Set<string>();
      for (const vip of [...inst.vips, ...inst.excludedVips]) {
        const key = vip.address.key;
        if (mine.has(key)) continue; // twice in one instance: another problem
        mine.add(key);
        const first = owner.get(key);
        if (!first) {
          owner.set(key, vip);
          continue;
        }
        const at = first.address.word;
        ctx.report({
          at: vip.address.word,
          message: `${vip.address.key} is also a VIP of \`vrrp_instance ${first.instance.name}\`${at.file === vip.address.word.file ? '' : ' (in another file)'}: when either instance leaves MASTER state it deletes the address the other one still needs. keepalived --config-test does not report it.`,
          related: [{ location: { file: at.file, range: at.range }, message: `${vip.address.key} in \`${first.instance.name}\`` }],
        });
      }
    }
  },
};
