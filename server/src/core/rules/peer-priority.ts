import type { Rule } from '../lint/rule';
import type { RelatedInfo } from '../types';
import { anchor, describe, topologyOf, type Member } from '../cluster/peers';
import { fix, replaceWord } from './util';

const prioText = (m: Member): string => (m.instance.priority ? `priority ${m.priority}` : `priority ${m.priority} (keepalived's default for ${m.instance.state?.text === 'MASTER' ? '`state MASTER`' : 'a BACKUP'} without \`priority\`)`);

export const rule: Rule = {
  id: 'peer-priority',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'Peers of one VRRP pair (director configs with the same VRID and shared VIPs) have the same priority, or one starts as MASTER while a peer relies on `nopreempt`.',
    rationale:
      'keepalived.conf(5) on `priority`: all systems of a virtual router should have different priorities; to keep a recovered node from taking the VIPs back, use `nopreempt` rather than equal priorities. With equal priorities the election is decided by the higher primary IP address, not by the `state` the author wrote, so the node meant as master may never be it, and a node whose adverts tie with its peer\'s gives up its role to it. A classic copy-paste mistake: the BACKUP config made from the MASTER\'s with `state` changed and `priority` forgotten.\n\n' +
      '`nopreempt` "allows the lower priority machine to maintain the master role, even when a higher priority machine comes back online. NOTE: For this to work, the initial state of this entry must be BACKUP" (keepalived.conf(5)) — on every node: a peer that starts as `state MASTER` takes the VIPs whenever its keepalived starts, whatever the others say. keepalived itself clears `nopreempt` on a MASTER instance (`nopreempt-ignored`), but cannot see the other files.\n\n' +
      'Peers are found across every root config of the workspace: instances with the same VRID and family whose VIP sets share an address, or whose unicast settings point at each other (a file with `@id` lines counts as one node per id, compared under each id; saved copies such as `*.bak` or `*_old.conf` are left out). Equal priorities are reported on every node that has them; the MASTER start against `nopreempt` on the node that starts as MASTER, with a quick fix to `state BACKUP`.',
    invalid:
      '# lb1.conf\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\n# lb2.conf (copied from lb1.conf, priority forgotten)\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid:
      '# lb1.conf\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\n# lb2.conf\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  checkWorkspace(ctx) {
    const t = topologyOf(ctx.configs);
    for (const c of t.clusters) {
      if (new Set(c.members.map((m) => m.node)).size < 2) continue;
      const seen = new Set<string>();
      // Equal priorities: every member that shares its priority with a member of another node.
      for (const m of c.members) {
        const same = c.members.filter((o) => o.node !== m.node && o.priority === m.priority);
        if (!same.length) continue;
        const at = anchor(m, m.instance.priority?.word, m.instance.state);
        const key = `${at.file}\0${at.range.start.line}\0${at.range.start.character}`;
        if (seen.has(key)) continue; // a line shared by several `@id` variants
        seen.add(key);
        const related: RelatedInfo[] = same.map((o) => {
          const w = anchor(o, o.instance.priority?.word, o.instance.state);
          return { location: { file: w.file, range: w.range }, message: `${describe(o)}: ${prioText(o)}${o.instance.state ? `, state ${o.instance.state.text}` : ''}` };
        });
        const o = same[0];
        const states = m.master !== o.master ? ` although one is MASTER and the other BACKUP` : '';
        ctx.report({
          at,
          message:
            `${describe(m)} (VRID ${c.vrid}) has ${prioText(m)}, the same as its peer ${describe(o)}${same.length > 1 ? ` and ${same.length - 1} more` : ''}${states}. ` +
            `With equal priorities the node with the higher IP address wins the election, not the one you meant; keepalived.conf(5): all systems should have different priorities (use \`nopreempt\` to keep a recovered node from taking over). Give each node its own priority.`,
          related,
        });
      }
      // nopreempt on some node, MASTER start on another.
      const holders = c.members.filter((m) => m.instance.nopreempt && !m.master);
      if (!holders.length) continue;
      for (const m of c.members) {
        const state = m.instance.state;
        if (!state || state.text !== 'MASTER' || m.instance.nopreempt) continue;
        const key = `${state.file}\0${state.range.start.line}\0${state.range.start.character}\0nopreempt`;
        if (seen.has(key)) continue;
        seen.add(key);
        const h = holders.find((x) => x.node !== m.node);
        if (!h) continue;
        const np = h.instance.nopreempt!.keyword;
        ctx.report({
          at: state,
          message:
            `${describe(m)} (VRID ${c.vrid}) starts as MASTER, but its peer ${describe(h)} uses \`nopreempt\`: whenever keepalived starts here it takes the VIPs back, so the preemption \`nopreempt\` should prevent still happens. keepalived.conf(5): for nopreempt to work the initial state must be BACKUP — on every node. Use \`state BACKUP\` (and \`nopreempt\`) here too.`,
          related: [{ location: { file: np.file, range: np.range }, message: `${describe(h)} uses nopreempt` }],
          fixes: [fix('Change to state BACKUP', [replaceWord(state, 'BACKUP')])],
        });
      }
    }
  },
};
