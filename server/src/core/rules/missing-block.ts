import type { Rule } from '../lint/rule';
import { keywordStatements } from './util';

export const rule: Rule = {
  id: 'missing-block',
  category: 'syntax',
  defaultSeverity: 'error',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A block keyword without its `{ ... }`.',
    rationale:
      "Block keywords (`vrrp_instance`, `virtual_server`, `real_server`, `authentication`, `virtual_ipaddress`, ...) must be followed by `{`, on the same line or the next. Without it keepalived reports `Missing '{' at beginning of configuration block` and reads the following lines as the block's content until a `}` — which is usually the enclosing block's. A value block (`virtual_ipaddress`, `track_script`, ...) without `{` is read the same way without a message (a warning here): every following line becomes an entry.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    virtual_ipaddress 192.0.2.10/24\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      if (!s.spec || s.valueBlock || s.block) continue;
      if (s.spec.shape !== 'block' && s.spec.shape !== 'valueBlock') continue;
      if (s.spec.shape === 'valueBlock' && s.args.length) {
        ctx.report({
          at: s.keyword,
          message: `\`${s.spec.name}\` takes its entries in a \`{ ... }\` block, not on its own line: keepalived reports "Block ${s.spec.name} has extra parameters" and reads the following lines as entries. Write \`${s.spec.name} {\`, one entry per line, and \`}\`.`,
        });
        continue;
      }
      if (s.spec.shape === 'valueBlock') {
        ctx.report({
          at: s.keyword,
          severity: 'warning',
          message: `\`${s.spec.name}\` takes a \`{ ... }\` block but no \`{\` follows: keepalived reads every following line as an entry, up to the next \`}\` (which then no longer closes the enclosing block). Write \`${s.spec.name} {\` with one entry per line and a closing \`}\`.`,
        });
        continue;
      }
      ctx.report({
        at: s.keyword,
        message: `\`${s.spec.name}\` opens a block but no \`{\` follows. keepalived reports "Missing '{' at beginning of configuration block" and reads the next lines as its content.`,
      });
    }
  },
};
