import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { fix, removeStatementLine } from './util';

export const rule: Rule = {
  id: 'track-own-interface',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: 'A `track_interface` entry naming the instance\'s own `interface`: keepalived ignores it.',
    rationale:
      'An instance always watches its own interface: when it goes down the instance enters FAULT. Listing that interface in `track_interface` adds nothing, and keepalived drops the entry with "(VI_1) Ignoring track_interface eth0 since own interface" (keepalived vrrp.c) — including its `weight`, so a weight meant to lower the priority is never applied. Remove the entry (the quick fix); track other interfaces (the second leg of a NAT director, an uplink) there.',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    track_interface {\n        eth0\n        eth1\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    track_interface {\n        eth1\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      if (inst.duplicateOf || !inst.interface) continue;
      for (const t of inst.trackInterfaces) {
        if (t.word.text !== inst.interface.text) continue;
        const e = removeStatementLine(t.statement, ctx.config.texts.get(t.statement.keyword.file));
        ctx.report({
          at: t.word,
          message: `\`${t.word.text}\` is ${inst.name}'s own interface: keepalived reports "(${inst.name}) Ignoring track_interface ${t.word.text} since own interface" and drops the entry${t.weight ? ' with its weight' : ''}; the instance watches its own interface anyway (it enters FAULT when the interface goes down, unless \`dont_track_primary\`, which this entry does not undo). Remove the entry.`,
          fixes: e ? [fix(`Remove \`${t.word.text}\` from \`track_interface\``, [e], true)] : [],
          related: [{ location: { file: inst.interface.file, range: inst.interface.range }, message: '`interface`' }],
        });
      }
    }
  },
};
