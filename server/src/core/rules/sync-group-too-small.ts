import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'sync-group-too-small',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: 'A `vrrp_sync_group` with fewer than two existing instances in its `group { }`.',
    rationale:
      'A sync group makes several VRRP instances change state together (both legs of a NAT director, for example). With one member it synchronises nothing: keepalived reports "Sync group VG1 has only 1 virtual router(s) - this probably isn\'t what you want". With none (an empty or missing `group { }` block, instance names written directly in the sync group block, or only names of instances that do not exist or already belong to an earlier sync group — keepalived puts an instance in the first group that lists it, "Virtual router VI_1 cannot exist in more than one sync group; ignoring VG2") keepalived removes the group ("Sync group VG1 has no virtual router(s). removing"; keepalived after 2.2.7: "has no members - removing"), together with its `notify` scripts and tracking (keepalived vrrp_data.c/vrrp.c). List every instance that must fail over together inside `group { }`, or remove the sync group (a single instance has its own `notify_*` and `track_*`).',
    invalid: 'vrrp_sync_group VG1 {\n    group {\n        VI_1\n    }\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_sync_group VG1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvrrp_instance VI_2 {\n    state BACKUP\n    interface eth1\n    virtual_router_id 52\n    priority 100\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    // keepalived puts an instance in the first sync group that lists it ("Virtual router VI_1 cannot exist in more
    // than one sync group; ignoring VG2"): later groups lose it.
    const claimedBy = new Map<string, string>();
    for (const g of model.syncGroups) {
      if (g.duplicateOf) continue;
      const members = new Set<string>();
      let missing = 0;
      const taken: string[] = [];
      for (const m of g.members) {
        if (!model.byName.vrrp_instance.has(m.text)) missing++;
        else if (claimedBy.has(m.text) && claimedBy.get(m.text) !== g.name) taken.push(`${m.text} belongs to ${claimedBy.get(m.text)}`);
        else {
          members.add(m.text);
          claimedBy.set(m.text, g.name);
        }
      }
      if (members.size >= 2) continue;
      // Members defined in an include that could not be read: the count is unknown (include-* rules report it).
      if (missing && ctx.config.issues.some((i) => i.kind.startsWith('include-'))) continue;
      const notes = [
        ...(missing ? [`${missing === 1 ? 'a listed instance does' : `${missing} listed instances do`} not exist`] : []),
        ...taken.map((t) => `${t}, listed earlier`),
      ];
      const unknown = notes.length ? ` (${notes.join('; ')})` : '';
      const at = g.nameWord ?? g.statement.keyword;
      if (members.size === 1) {
        ctx.report({
          at,
          message: `\`vrrp_sync_group ${g.name}\` has only one instance (${[...members][0]})${unknown}: keepalived reports "Sync group ${g.name} has only 1 virtual router(s) - this probably isn't what you want"; a group of one synchronises nothing. Add the instances that must fail over together to its \`group { }\`, or remove the sync group.`,
        });
      } else {
        const why = !g.groupStatement ? 'has no `group { }` block' : g.members.length ? `has no instance of its own${unknown}` : 'has an empty `group { }`';
        ctx.report({
          at,
          message: `\`vrrp_sync_group ${g.name}\` ${why}: keepalived removes the sync group ("Sync group ${g.name} has no virtual router(s). removing"), with its notify scripts and tracking. List the instances inside \`group { }\` (an instance can be in one sync group only), or remove the sync group.`,
        });
      }
    }
  },
};
