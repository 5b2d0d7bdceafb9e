import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'no-vip',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A `vrrp_instance` without any address in `virtual_ipaddress`.',
    rationale:
      'A VRRP instance exists to move its virtual addresses. Without a `virtual_ipaddress` entry (addresses in `virtual_ipaddress_excluded` do not count) keepalived 2.2.7 reports "(VI_1) No VIP specified; at least one is sensible" and runs an instance that only elects a MASTER and runs notify scripts; an LVS director behind it has no address for its virtual servers. With VRRP version 3, IPv6 or strict mode a VIP is mandatory: keepalived reports "(VI_1) No VIP specified; at least one is required" and drops the instance altogether (keepalived vrrp.c, `vrrp_complete_instance`), so this case is an error. Add the VIPs the instance must carry. Instances used only to drive notify scripts (cloud setups that move an elastic address with `notify_master`) say so with `no_virtual_ipaddress` (keepalived 2.2.8 and later), which the rule honours, or disable the rule for that line.',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const inst of model.instances) {
      if (inst.duplicateOf || inst.vips.length || !inst.statement.block) continue;
      // keepalived 2.2.8+: `no_virtual_ipaddress` says the instance has no VIP on purpose.
      if (inst.statement.block.statements.some((c) => c.spec && !c.valueBlock && c.spec.name === 'no_virtual_ipaddress')) continue;
      const own = inst.statement.block.statements.filter((c) => c.spec && !c.valueBlock && c.spec.name === 'strict_mode').pop();
      const strict = own ? !!inst.strict : !!model.globals.vrrpStrict;
      const version = inst.version?.value ?? (inst.family === 6 ? 3 : model.globals.vrrpVersion?.value ?? 2);
      const required = strict || version === 3 || inst.family === 6;
      const excluded = inst.excludedVips.length ? ' (`virtual_ipaddress_excluded` entries do not count)' : '';
      const at = inst.nameWord ?? inst.statement.keyword;
      if (required) {
        const why = strict ? 'strict mode' : inst.family === 6 ? 'IPv6' : 'VRRP version 3';
        ctx.report({
          at,
          severity: 'error',
          message: `\`vrrp_instance ${inst.name}\` has no \`virtual_ipaddress\`${excluded}, which ${why} requires: keepalived reports "(${inst.name}) No VIP specified; at least one is required" and drops the instance. Add the VIPs it must carry.`,
        });
      } else {
        ctx.report({
          at,
          message: `\`vrrp_instance ${inst.name}\` has no \`virtual_ipaddress\`${excluded}: keepalived reports "(${inst.name}) No VIP specified; at least one is sensible"; the instance elects a MASTER but moves no address. Add the VIPs it must carry.`,
        });
      }
    }
  },
};
