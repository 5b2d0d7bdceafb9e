import type { Rule } from '../lint/rule';
import type { Statement } from '../keepalived/ast';
import { blocksContaining, lookupKeyword } from '../schema/index';
import { blockLabel, fix, replaceWord, unknownStatements } from './util';

/** Keywords with a different name in this block: (block, keyword) → the keyword to use here. */
const LOCAL_NAMES: Record<string, Record<string, string>> = {
  'virtual_server/real_server': { lb_kind: 'lvs_method' },
};

export const rule: Rule = {
  id: 'misplaced-keyword',
  category: 'schema',
  defaultSeverity: 'error',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: 'A keyword that keepalived accepts, but in another block.',
    rationale:
      "keepalived looks keywords up only in the block being read, so a keyword valid elsewhere is an `Unknown keyword` here and has no effect. Typical cases: `lb_kind` inside `real_server` (there it is `lvs_method`), top-level keywords such as `net_namespace` put inside `global_defs`, `virtual_ipaddress` outside its `vrrp_instance` after a `}` too many. The message says where the keyword belongs.",
    invalid: 'virtual_server 192.0.2.10 80 {\n    real_server 10.0.0.11 80 {\n        lb_kind DR\n    }\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    real_server 10.0.0.11 80 {\n        lvs_method DR\n    }\n}',
  },
  check(ctx) {
    for (const s of unknownStatements(ctx)) {
      if (s.path === undefined || s.spec || s.valueBlock || s.anonymous) continue;
      const homes = blocksContaining(s.keyword.text);
      if (!homes.length) continue;
      const name = s.keyword.text;
      const local = LOCAL_NAMES[s.path]?.[name];
      const where = [...new Set(homes.map((h) => h.block))].map(blockLabel);
      const whereText = where.length > 3 ? `${where.slice(0, 3).join(', ')} and ${where.length - 3} more` : where.join(', ');
      // An old name kept only where it was deprecated: `nb_get_retry` (HTTP_GET/SSL_GET) in TCP_CHECK is `retry`.
      const renamed = homes.map((h) => h.deprecated?.replacement).find((r) => r && lookupKeyword(s.path!, r));
      if (renamed) {
        ctx.report({
          at: s.keyword,
          message: `\`${name}\` is not valid in ${blockLabel(s.path)}: it is the deprecated name of \`${renamed}\`, still accepted only in ${whereText}. keepalived reports "Unknown keyword" and ignores it here. Use \`${renamed}\`.`,
          fixes: [fix(`Change to \`${renamed}\``, [replaceWord(s.keyword, renamed)], true)],
        });
        continue;
      }
      if (local && lookupKeyword(s.path, local)) {
        ctx.report({
          at: s.keyword,
          message: `\`${name}\` is not valid in ${blockLabel(s.path)}: keepalived reports "Unknown keyword" and ignores it. Here the keyword is \`${local}\`.`,
          fixes: [fix(`Change to \`${local}\``, [replaceWord(s.keyword, local)], true)],
        });
        continue;
      }
      ctx.report({
        at: s.keyword,
        message: `\`${name}\` is not valid in ${blockLabel(s.path)}; it belongs in ${whereText}. keepalived reports "Unknown keyword" and ignores it${enclosingHint(s)}.`,
      });
    }
  },
};

function enclosingHint(s: Statement): string {
  if (s.spec || !s.parent) return '';
  const homes = blocksContaining(s.keyword.text);
  if (homes.some((h) => h.block === '_top') && s.path !== '_top') return ' (is a `}` missing above, so that this block is still open?)';
  return '';
}
