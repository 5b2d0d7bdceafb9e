import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'nopreempt-ignored',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: '`nopreempt` with `state MASTER` or `priority 255`: keepalived clears it.',
    rationale:
      '`nopreempt` keeps a recovered higher-priority director from taking the VIPs back from the current MASTER. It only works when the instance starts as BACKUP and is not the address owner: keepalived reports "(VI_1) Warning - nopreempt will not work with initial state MASTER - clearing" for `state MASTER` and "(VI_1) nopreempt is incompatible with priority 255. resetting nopreempt" for `priority 255`, and the instance preempts after all: a director that comes back after a failure grabs the VIPs again, the second failover the setting was meant to avoid. Use `state BACKUP` on every director of the pair with `nopreempt`, and a priority below 255. No quick fix: whether to keep `nopreempt` or the MASTER start is the author\'s choice.',
    invalid: 'vrrp_instance VI_1 {\n    state MASTER\n    nopreempt\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    nopreempt\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      if (!inst.nopreempt) continue;
      const owner = inst.priority?.value === 255;
      const master = inst.state?.text === 'MASTER';
      if (!owner && !master) continue;
      const says = owner
        ? `"(${inst.name}) nopreempt is incompatible with priority 255. resetting nopreempt"`
        : `"(${inst.name}) Warning - nopreempt will not work with initial state MASTER - clearing"`;
      const cause = owner ? '`priority 255` (the address owner always preempts)' : '`state MASTER`';
      const other = owner ? inst.priority!.word : inst.state!;
      ctx.report({
        at: inst.nopreempt.keyword,
        message: `\`nopreempt\` has no effect with ${cause}: keepalived reports ${says} and ${inst.name} preempts. Use \`state BACKUP\` and a priority below 255 on every director of the pair, or remove \`nopreempt\`.`,
        related: [{ location: { file: other.file, range: other.range }, message: owner ? 'priority 255' : 'state MASTER' }],
      });
    }
  },
};
