import type { Rule } from '../lint/rule';
import { blockStatements, fix } from './util';

export const rule: Rule = {
  id: 'empty-block',
  category: 'schema',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A value block with nothing in it.',
    rationale:
      'An empty `notification_email { }`, `virtual_ipaddress { }`, `track_script { }` or `unicast_peer { }` does nothing; keepalived warns about some (`Warning - empty notification_email block`, `No VIP specified`) and silently ignores the others. Usually the content was lost in an edit, or a template variable expanded to nothing.',
    invalid: 'global_defs {\n    notification_email {\n    }\n}',
    valid: 'global_defs {\n    notification_email {\n        ops@example.com\n    }\n}',
  },
  check(ctx) {
    const list = blockStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!s.spec || s.valueBlock || s.spec.shape !== 'valueBlock' || !s.block?.close) continue;
      if (s.block.statements.length) continue;
      const b = s.block;
      ctx.report({
        at: s.keyword,
        message: `\`${s.spec.name}\` is empty: it has no effect${s.spec.name === 'virtual_ipaddress' ? ' and this instance brings up no address' : ''}. Add its entries or remove the block.`,
        fixes:
          s.keyword.range.start.line === b.close!.range.end.line
            ? [fix(`Remove the empty \`${s.spec.name}\``, [{ file: s.keyword.file, range: { start: s.keyword.range.start, end: b.close!.range.end }, newText: '' }])]
            : undefined,
      });
    }
  },
};
