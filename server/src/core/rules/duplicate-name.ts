import type { Rule } from '../lint/rule';
import { modelOf, type DefinitionKind } from '../model/index';

/** What keepalived does with the second definition of a name. */
const CONSEQUENCE: Partial<Record<DefinitionKind, (name: string) => string>> = {
  vrrp_instance: (n) => `keepalived reports "vrrp instance ${n} already defined" and ignores this whole block`,
  vrrp_sync_group: (n) => `keepalived reports "vrrp sync group ${n} already defined" and ignores this whole block`,
  vrrp_script: () => 'keepalived --config-test says nothing and keeps both, but `track_script` entries resolve the name to only one of them: the other never changes a priority',
  track_file: () => 'keepalived --config-test says nothing and keeps both, but `track_file` entries resolve the name to only one of them',
  vrrp_track_process: () => 'keepalived --config-test says nothing and keeps both, but `track_process` entries resolve the name to only one of them',
};

export const rule: Rule = {
  id: 'duplicate-name',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'none',
  docs: {
    summary: 'Two `vrrp_instance`, `vrrp_sync_group`, `vrrp_script`, `track_file` or `vrrp_track_process` blocks with the same name.',
    rationale:
      'Names identify these blocks. keepalived rejects a second `vrrp_instance` or `vrrp_sync_group` of the same name ("vrrp instance VI_1 already defined") and skips its whole block — typically after a MASTER and a BACKUP config were pasted into one file, or an include pulls in a file twice. A second `vrrp_script`, `track_file` or `vrrp_track_process` of the same name is accepted silently, but references find only one of them, so the other one is dead and its settings (interval, weight, script) are not the ones in effect. Rename one of them, or remove the copy. The diagnostic points at the second definition and links to the first.',
    invalid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth1\n    virtual_router_id 52\n    priority 150\n    virtual_ipaddress {\n        198.51.100.10/24\n    }\n}',
    valid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_2 {\n    state MASTER\n    interface eth1\n    virtual_router_id 52\n    priority 150\n    virtual_ipaddress {\n        198.51.100.10/24\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const [kind, consequence] of Object.entries(CONSEQUENCE) as [DefinitionKind, (n: string) => string][]) {
      for (const d of model.definitions[kind]) {
        const first = d.duplicateOf;
        if (!first || !d.nameWord) continue;
        const at = first.nameWord ?? first.statement.keyword;
        const same = at.file === d.nameWord.file;
        ctx.report({
          at: d.nameWord,
          message: `\`${d.statement.keyword.text} ${d.name}\` is already defined${same ? '' : ' in another file'}: ${consequence(d.name)}.`,
          related: [{ location: { file: at.file, range: at.range }, message: `first \`${first.statement.keyword.text} ${d.name}\`` }],
          // keepalived rejects only duplicate instances and sync groups; the others it accepts silently (a warning:
          // an error on a config keepalived --config-test accepts would break the contract).
          ...(kind === 'vrrp_instance' || kind === 'vrrp_sync_group' ? {} : { severity: 'warning' as const }),
        });
      }
    }
  },
};
