import type { Rule } from '../lint/rule';
import { allKeywordNames, blocksContaining, lookupBlock } from '../schema/index';
import { blockLabel, distance, fix, replaceWord } from './util';

/** Keywords keepalived does not know anywhere (a keyword valid in another block is `misplaced-keyword`). */
export const rule: Rule = {
  id: 'unknown-keyword',
  category: 'schema',
  defaultSeverity: 'error',
  fix: 'suggestion',
  docs: {
    summary: 'A keyword keepalived does not know.',
    rationale:
      "keepalived matches keywords exactly (case-sensitive) and reports `Unknown keyword 'X'`; the line has no effect. If the unknown keyword opens a block, keepalived reads each line inside as a keyword of the enclosing block and the block's `}` closes the enclosing block early. This analysis reports the unknown block once and skips its content. The quick fix offers the nearest known keywords of the block.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_ip 51\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n}',
  },
  check(ctx) {
    for (const s of ctx.config.all) {
      if (s.path === undefined || s.spec || s.valueBlock || s.anonymous) continue;
      const name = s.keyword.text;
      if (blocksContaining(name).length) continue; // misplaced-keyword
      const block = lookupBlock(s.path);
      const local = block ? Object.keys(block.keywords) : [];
      const max = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
      const scored = local
        .map((k) => ({ k, d: k.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, k, max) }))
        .filter((x) => x.d <= max)
        .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
        .slice(0, 3);
      let extra = '';
      if (!scored.length && /^[A-Za-z_]/.test(name)) {
        const elsewhere = allKeywordNames().filter((k) => k.toLowerCase() === name.toLowerCase());
        if (elsewhere.length) extra = ` keepalived keywords are case-sensitive: did you mean \`${elsewhere[0]}\`?`;
      }
      const looksLikeTemplate = /[{}<>%]|^\$/.test(name) || s.keyword.quoted;
      const hint = scored.length
        ? ` Did you mean ${scored.map((x) => `\`${x.k}\``).join(', ')}?`
        : looksLikeTemplate
          ? ' It looks like an unexpanded template placeholder.'
          : '';
      ctx.report({
        at: s.keyword,
        message: `Unknown keyword \`${name}\` in ${blockLabel(s.path)}: keepalived ignores this line${s.block ? ' and misreads the block it opens' : ''}.${hint}${extra}`,
        fixes: scored.map((x, i) => fix(`Change to \`${x.k}\``, [replaceWord(s.keyword, x.k)], i === 0 && (scored.length === 1 || scored[1].d > x.d))),
      });
    }
  },
};
