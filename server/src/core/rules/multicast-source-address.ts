import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { parseAddress } from '../schema/values';

export const rule: Rule = {
  id: 'multicast-source-address',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: '`mcast_src_ip` / `unicast_src_ip` set to a multicast address such as the VRRP group 224.0.0.18.',
    rationale:
      'These keywords set the source address of the instance\'s adverts: an address of this director on the instance\'s interface (by default keepalived takes the interface\'s primary address). A multicast address is never a valid source: hosts must discard packets that carry one (RFC 1122, 3.2.1.3; Linux drops them as martians), so the peers never see the adverts, each director believes it is alone and both become MASTER. The usual cause is a copied tutorial that confuses the source with VRRP\'s destination group 224.0.0.18 (ff02::12 for IPv6), which is `mcast_dst_ip` and needs no setting. keepalived --config-test says nothing. Write this director\'s own address, or remove the line.',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    mcast_src_ip 224.0.0.18\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    mcast_src_ip 192.0.2.2\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      if (inst.duplicateOf || !inst.statement.block) continue;
      for (const c of inst.statement.block.statements) {
        if (!c.spec || c.valueBlock || (c.spec.name !== 'mcast_src_ip' && c.spec.name !== 'unicast_src_ip') || !c.args[0]) continue;
        const a = parseAddress(c.args[0].text);
        if (!a || a.addr.range() !== 'multicast') continue;
        const vrrpGroup = c.args[0].text === '224.0.0.18' || a.addr.toString() === 'ff02::12';
        ctx.report({
          at: c.args[0],
          message: `${c.args[0].text} is a multicast address${vrrpGroup ? ' (VRRP\'s own destination group)' : ''}: \`${c.keyword.text}\` is the source address of ${inst.name}'s adverts and must be an address of this director on its interface; receivers discard packets whose source is a multicast address, so the peers never see these adverts and both directors become MASTER (keepalived says nothing). Write this director's own address, or remove the line to use the interface's primary address.`,
        });
      }
    }
  },
};
