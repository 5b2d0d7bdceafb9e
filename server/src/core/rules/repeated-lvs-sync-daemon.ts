import type { Rule } from '../lint/rule';
import type { Statement } from '../keepalived/ast';
import { keywordStatements, fix, removeStatementLine } from './util';

export const rule: Rule = {
  id: 'repeated-lvs-sync-daemon',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'safe',
  docs: {
    summary: 'More than one `lvs_sync_daemon_interface` / `lvs_sync_daemon`: keepalived uses only the first.',
    rationale:
      'keepalived runs one IPVS connection-sync daemon, on one interface, following the state of one VRRP instance. The first `lvs_sync_daemon` (global_defs) or deprecated `lvs_sync_daemon_interface` (in a vrrp_instance) it reads sets it up; every later one is ignored with "(VI_2) lvs_sync_daemon_interface has already been specified as eth1 - ignoring" (keepalived vrrp_parser.c, global_parser.c). A config that repeats the line in every instance of a sync group suggests that each instance has its own sync daemon, while the daemon follows only the first instance. Keep one line — preferably `lvs_sync_daemon IFNAME VI_1` in global_defs, naming the instance to follow — and remove the others (the quick fix).',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    lvs_sync_daemon_interface eth1\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_2 {\n    state BACKUP\n    interface eth1\n    lvs_sync_daemon_interface eth1\n    virtual_router_id 52\n    priority 100\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n}',
    valid: 'global_defs {\n    lvs_sync_daemon eth1 VI_1\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_2 {\n    state BACKUP\n    interface eth1\n    virtual_router_id 52\n    priority 100\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n}',
  },
  check(ctx) {
    let first: Statement | undefined;
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const name = s.spec.synonymOf ?? s.spec.name;
      if ((name !== 'lvs_sync_daemon' || s.path !== 'global_defs') && (name !== 'lvs_sync_daemon_interface' || s.path !== 'vrrp_instance')) continue;
      if (!s.args[0]) continue;
      if (!first) {
        first = s;
        continue;
      }
      const owner = s.parent?.args[0]?.text;
      const e = removeStatementLine(s, ctx.config.texts.get(s.keyword.file));
      const said =
        name === 'lvs_sync_daemon'
          ? `"lvs_sync_daemon has already been specified as ${first.args[0].text} - ignoring"`
          : `"(${owner ?? '?'}) lvs_sync_daemon_interface has already been specified as ${first.args[0].text} - ignoring"`;
      ctx.report({
        at: s.keyword,
        message: `keepalived runs one IPVS sync daemon and sets it up from the first \`${first.keyword.text}\`; it ignores this one: ${said}. Remove this line; to choose the instance the daemon follows, use \`lvs_sync_daemon IFNAME INSTANCE\` in global_defs.`,
        fixes: e ? [fix(`Remove this \`${s.keyword.text}\` line`, [e], true)] : [],
        related: [{ location: { file: first.keyword.file, range: first.keyword.range }, message: 'the one keepalived uses' }],
      });
    }
  },
};
