import type { Rule } from '../lint/rule';

export const rule: Rule = {
  id: 'missing-block',
  category: 'syntax',
  defaultSeverity: 'error',
  fix: 'none',
  docs: {
    summary: 'A block keyword without its `{ ... }`.',
    rationale:
      "Block keywords (`vrrp_instance`, `virtual_server`, `real_server`, `authentication`, `virtual_ipaddress`, ...) must be followed by `{`, on the same line or the next. Without it keepalived reports `Missing '{' at beginning of configuration block` and reads the following lines as the block's content until a `}` — which is usually the enclosing block's.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_ipaddress 192.0.2.10/24\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const s of ctx.config.all) {
      if (!s.spec || s.valueBlock || s.block) continue;
      if (s.spec.shape !== 'block' && s.spec.shape !== 'valueBlock') continue;
      ctx.report({
        at: s.keyword,
        message: `\`${s.spec.name}\` opens a block but no \`{\` follows. keepalived reports "Missing '{'" and reads the next lines as its content${s.spec.shape === 'valueBlock' ? `; write \`${s.spec.name} { ... }\` with one entry per line` : ''}.`,
      });
    }
  },
};
