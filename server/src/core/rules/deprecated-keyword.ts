import type { Rule } from '../lint/rule';
import { lookupKeyword } from '../schema/index';
import { checkValueLine } from '../schema/value-lines';
import { fix, keywordStatements, replaceWord, valueLineStatements } from './util';

export const rule: Rule = {
  id: 'deprecated-keyword',
  category: 'schema',
  defaultSeverity: 'warning',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: 'A keyword keepalived still accepts but has replaced.',
    rationale:
      'Deprecated keywords still work, but keepalived prints a warning for each at every start and may drop them in a later release. Where the replacement is a plain rename in the same block (`nb_get_retry` → `retry`, `lvs_flush_onstop` → `lvs_flush_on_stop`, `gw` → `via` in routes) the quick fix renames it; where the setting moved (e.g. `lvs_sync_daemon_interface` → `global_defs { lvs_sync_daemon ... }`) the message says where.',
    invalid: 'virtual_server 192.0.2.10 80 {\n    real_server 10.0.0.11 80 {\n        HTTP_GET {\n            nb_get_retry 3\n        }\n    }\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    real_server 10.0.0.11 80 {\n        HTTP_GET {\n            retry 3\n        }\n    }\n}',
  },
  check(ctx) {
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const dep = s.spec.deprecated;
      if (!dep) continue;
      const rep = dep.replacement;
      const rename = rep && s.path && lookupKeyword(s.path, rep) && /^[\w-]+$/.test(rep);
      ctx.report({
        at: s.keyword,
        message: `\`${s.spec.name}\` is deprecated: ${dep.advice.replace(/^Deprecated:\s*/i, '')}`,
        fixes: rename ? [fix(`Change to \`${rep}\``, [replaceWord(s.keyword, rep!)], true)] : undefined,
        tags: ['deprecated'],
      });
    }
    for (const s of valueLineStatements(ctx)) {
      if (s.valueBlock?.valueLine !== 'route') continue;
      for (const p of checkValueLine('route', [s.keyword, ...s.args])) {
        if (!p.deprecated) continue;
        ctx.report({
          at: p.word,
          message: `${p.problem}; keepalived warns at every start. Use \`${p.deprecated}\`.`,
          fixes: [fix(`Change to \`${p.deprecated}\``, [replaceWord(p.word, p.deprecated)], true)],
          tags: ['deprecated'],
        });
      }
    }
  },
};
