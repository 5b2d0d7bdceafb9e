import type { Rule } from '../lint/rule';
import { blockStatements, fix } from './util';

export const rule: Rule = {
  id: 'unexpected-block',
  category: 'syntax',
  defaultSeverity: 'error',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A `{` where the keyword before it takes no block.',
    rationale:
      "keepalived reports `Unexpected '{' - ignoring` and then reads each line inside as a keyword of the enclosing block; the `}` then closes the enclosing block early, so everything after it lands in the wrong place. Usually a keyword was misspelt into a scalar one, or the block belongs to another keyword.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    interface eth0 {\n        eth1\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    interface eth0\n    track_interface {\n        eth1\n    }\n}',
  },
  check(ctx) {
    const list = blockStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!s.block) continue;
      if (s.anonymous) {
        if (s.path !== undefined || !s.parent || s.parent.path !== undefined) {
          const empty = s.block.statements.length === 0 && s.block.close;
          ctx.report({
            at: s.block.open,
            message: "A `{` with no keyword before it: keepalived reports \"Unexpected '{'\" and reads the lines inside as part of the enclosing block. Is a keyword missing, or is this brace doubled?",
            fixes: empty && s.block.close ? [fix('Remove the empty `{ }`', [{ file: s.block.open.file, range: { start: s.block.open.range.start, end: s.block.close.range.end }, newText: '' }])] : undefined,
          });
        }
        continue;
      }
      if (!s.spec || s.valueBlock) {
        if (s.valueBlock && s.path !== undefined) {
          ctx.report({ at: s.block.open, message: `Lines of \`${s.valueBlock.name}\` cannot open a block; keepalived reads this \`{\` as part of the value and the \`}\` as the end of \`${s.valueBlock.name}\`.` });
        }
        continue;
      }
      if (s.spec.shape === 'block' || s.spec.shape === 'valueBlock') continue;
      ctx.report({
        at: s.block.open,
        message: `\`${s.spec.name}\` does not take a block: keepalived reports "Unexpected '{'" and reads the lines inside as keywords of the enclosing block, whose \`}\` then comes too early.`,
      });
    }
  },
};
