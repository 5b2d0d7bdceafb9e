import type { Rule } from '../lint/rule';
import type { Fix } from '../types';
import { modelOf, type DefinitionKind, type Reference } from '../model/index';
import { distance, fix, replaceWord } from './util';

/** What keepalived prints for a missing reference (its own wording, with the owner and the name filled in). */
function keepalivedSays(r: Reference): string {
  const owner = r.owner?.name ?? '';
  switch (r.keyword) {
    case 'track_script':
      return `keepalived reports "(${owner}) track script ${r.word.text} not found, ignoring..." and the priority no longer follows that check`;
    case 'track_file':
      return r.owner
        ? `keepalived reports "(${owner}) track file ${r.word.text} not found, ignoring..." (keepalived 2.2.7 even crashes in --config-test when other track_files exist)`
        : 'keepalived cannot find the track_file and the checker never changes state';
    case 'track_process':
      return `keepalived reports "(${owner}) track process ${r.word.text} not found, ignoring..."`;
    case 'track_bfd':
      return `keepalived reports "(${owner}) track bfd ${r.word.text} not found, ignoring..."`;
    case 'group':
      return `keepalived reports "Virtual router ${r.word.text} specified in sync group ${owner} doesn't exist - ignoring": the group does not fail over together with it`;
    case 'virtual_server':
      return `keepalived --config-test does not notice, but at start-up keepalived logs "Virtual server group ${r.word.text} specified but not configured" and ignores this virtual server: the service is never set up in IPVS`;
    default:
      return 'keepalived cannot find it and ignores the setting';
  }
}

const LABEL: Record<DefinitionKind, string> = {
  vrrp_instance: 'vrrp_instance',
  vrrp_sync_group: 'vrrp_sync_group',
  vrrp_script: 'vrrp_script',
  track_file: 'track_file',
  vrrp_track_process: 'vrrp_track_process',
  bfd_instance: 'bfd_instance',
  virtual_server_group: 'virtual_server_group',
};

export const rule: Rule = {
  id: 'undefined-reference',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'suggestion',
  docs: {
    summary: 'A `track_script`, `track_file`, `track_process`, `track_bfd`, sync group member or `virtual_server group` that names nothing defined.',
    rationale:
      'keepalived looks names up when it validates the configuration. A tracked script, file, process or BFD session that does not exist is dropped with "(VI_1) track script chk_nginx not found, ignoring...": the instance keeps its priority whatever happens to the service it was meant to follow, so it never fails over for it. A sync group member that is no `vrrp_instance` is dropped ("Virtual router VI_3 specified in sync group VG_1 doesn\'t exist - ignoring"), so that instance no longer fails over with the group. A `virtual_server group NAME` whose `virtual_server_group NAME` is missing passes `keepalived --config-test` but is ignored at start-up: the service is never created. The usual cause is a typo in one of the two names (`chk_ngnix`), or a definition written with a misspelled block keyword (`vvrp_script`), which keepalived skips as unknown. When a defined name is close, the quick fix renames the reference. Names are case-sensitive.',
    invalid:
      'vrrp_script chk_nginx {\n    script "/usr/bin/pgrep nginx"\n    interval 2\n    weight -20\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n    track_script {\n        chk_ngnix\n    }\n}',
    valid:
      'vrrp_script chk_nginx {\n    script "/usr/bin/pgrep nginx"\n    interval 2\n    weight -20\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n    track_script {\n        chk_nginx\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    // A definition may live in a file keepalived reads but we could not (an absolute include on another host).
    const unread = ctx.config.includes.some((d) => d.targets.length === 0) || ctx.config.issues.some((i) => i.kind === 'include-missing' || i.kind === 'include-unreadable' || i.kind === 'include-not-file');
    for (const r of model.references) {
      const names = model.byName[r.target];
      if (names.has(r.word.text)) continue;
      const what = LABEL[r.target];
      const fixes: Fix[] = [];
      const close = closest(r.word.text, [...names.keys()]);
      if (close) fixes.push(fix(`Change to \`${close}\``, [replaceWord(r.word, close)], true));
      const skipped = ctx.config.statements.find((s) => !s.spec && !s.valueBlock && s.args[0]?.text === r.word.text && s.block && s.keyword.text !== what);
      const hints = [
        close ? ` Did you mean \`${close}\`?` : '',
        skipped ? ` (\`${skipped.keyword.text} ${r.word.text}\` is not a \`${what}\`: keepalived does not know \`${skipped.keyword.text}\` and skips that block.)` : '',
        unread ? ' Some included files could not be read; the definition may be in one of them.' : '',
      ].join('');
      ctx.report({
        at: r.word,
        message: `No \`${what} ${r.word.text}\` is defined: ${keepalivedSays(r)}.${hints}`,
        fixes,
        // keepalived --config-test says nothing of an undefined virtual_server group (it only ignores the
        // virtual server at start-up): a warning there, as for definitions possibly in unread includes.
        ...(unread || r.target === 'virtual_server_group' ? { severity: 'warning' as const } : {}),
      });
    }
  },
};

/** The one defined name closest to `name` (edit distance ≤ 2, and less than a third of the name); undefined when none or a tie. */
function closest(name: string, candidates: string[]): string | undefined {
  const max = Math.min(2, Math.max(1, Math.floor(name.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  let tie = false;
  for (const c of candidates) {
    const d = c.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, c, max);
    if (d < bestD) {
      best = c;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  return tie ? undefined : best;
}
