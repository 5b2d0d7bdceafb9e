import type { Rule } from '../lint/rule';
import type { Statement } from '../keepalived/ast';
import { blockStatements } from './util';

/** Blocks that keepalived discards (or cannot use) without one of these keywords: block path → [keyword, consequence]. */
const REQUIRED: Record<string, [string, string][]> = {
  vrrp_instance: [['virtual_router_id', 'keepalived reports "the virtual router id must be set" and drops the instance']],
  vrrp_script: [['script', 'keepalived reports "No script set for vrrp_script" and removes it (instances tracking it ignore it)']],
  'virtual_server/real_server/MISC_CHECK': [['misc_path', 'keepalived reports "No script path has been specified for MISC_CHECKER" and skips the check']],
  'virtual_server/real_server/HTTP_GET/url': [['path', 'keepalived needs the URL path to request']],
  'virtual_server/real_server/SSL_GET/url': [['path', 'keepalived needs the URL path to request']],
  track_file: [['file', 'keepalived has no file to watch and removes the tracker']],
  vrrp_track_file: [['file', 'keepalived has no file to watch and removes the tracker']],
  vrrp_track_process: [['process', 'keepalived has no process to watch and removes the tracker']],
  'vrrp_instance/authentication': [['auth_pass', 'peers authenticate with an empty password']],
};

export const rule: Rule = {
  id: 'missing-keyword',
  category: 'schema',
  defaultSeverity: 'error',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A block without a keyword keepalived requires in it.',
    rationale:
      'Some blocks are useless without one setting: a `vrrp_instance` without `virtual_router_id` is dropped, a `vrrp_script` without `script` is removed (and every `track_script` naming it is ignored), a `MISC_CHECK` without `misc_path` never runs, a `url` without `path` cannot be requested. keepalived reports these only when it starts. Note that `@id` lines count only when active under the current config id.',
    invalid: 'vrrp_script chk_haproxy {\n    interval 2\n    weight -20\n}',
    valid: 'vrrp_script chk_haproxy {\n    script "/usr/bin/killall -0 haproxy"\n    interval 2\n    weight -20\n}',
  },
  check(ctx) {
    const list = blockStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!s.spec || s.valueBlock || s.spec.shape !== 'block' || !s.block || !s.spec.subBlock) continue;
      const req = REQUIRED[s.spec.subBlock];
      if (!req) continue;
      for (const [kw, why] of req) {
        if (has(s, kw)) continue;
        ctx.report({
          at: s.keyword,
          message: `\`${s.keyword.text}${s.args[0] ? ' ' + s.args[0].text : ''}\` has no \`${kw}\`: ${why}.${ctx.config.conditionals.some((c) => !c.active && c.file === s.keyword.file && c.line > s.keyword.range.start.line && (!s.block!.close || c.line < s.block!.close.range.start.line)) ? ` (Some \`@id\` lines in this block are inactive under the current config id${ctx.config.configId === undefined ? ' (none set)' : ` \`${ctx.config.configId}\``}.)` : ''}`,
        });
      }
    }
  },
};

function has(s: Statement, kw: string): boolean {
  return s.block!.statements.some((c) => c.keyword.text === kw && !c.valueBlock);
}
