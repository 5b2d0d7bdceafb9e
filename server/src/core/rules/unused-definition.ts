import type { Rule } from '../lint/rule';
import { modelOf, type DefinitionKind } from '../model/index';

/** Definitions that do nothing unless something refers to them, and what refers to them. */
const USED_BY: Partial<Record<DefinitionKind, string>> = {
  vrrp_script: 'no `track_script` names it, so it changes no priority',
  track_file: 'no `track_file` of a vrrp_instance, sync group or FILE_CHECK names it, so it changes nothing',
  vrrp_track_process: 'no `track_process` names it, so it changes no priority',
  virtual_server_group: 'no `virtual_server group` uses it, so its addresses are never set up in IPVS',
};

export const rule: Rule = {
  id: 'unused-definition',
  category: 'semantic',
  defaultSeverity: 'hint',
  fix: 'none',
  docs: {
    summary: 'A `vrrp_script`, `track_file`, `vrrp_track_process` or `virtual_server_group` that nothing refers to.',
    rationale:
      'These blocks only matter through the name others use: a `vrrp_script` changes an instance\'s priority only when the instance (or its sync group) lists it under `track_script`; a `virtual_server_group` is set up only by a `virtual_server group NAME`. keepalived --config-test does not mention an unused definition, so a health check that was meant to trigger fail-over can sit unused for years — often because the reference was misspelled (see `undefined-reference`) or lost in an edit. Remove the definition or track it. The finding is a hint, shown faded in the editor.',
    invalid:
      'vrrp_script chk_haproxy {\n    script "/usr/bin/killall -0 haproxy"\n    interval 2\n    weight -20\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid:
      'vrrp_script chk_haproxy {\n    script "/usr/bin/killall -0 haproxy"\n    interval 2\n    weight -20\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n    track_script {\n        chk_haproxy\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    const used = new Map<DefinitionKind, Set<string>>();
    for (const r of model.references) {
      let set = used.get(r.target);
      if (!set) used.set(r.target, (set = new Set()));
      set.add(r.word.text);
    }
    for (const [kind, why] of Object.entries(USED_BY) as [DefinitionKind, string][]) {
      for (const d of model.definitions[kind]) {
        if (!d.nameWord || d.duplicateOf || used.get(kind)?.has(d.name)) continue;
        ctx.report({ at: d.nameWord, message: `\`${d.statement.keyword.text} ${d.name}\` is never used: ${why}.`, tags: ['unnecessary'] });
      }
    }
  },
};
