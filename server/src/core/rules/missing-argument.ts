import type { Rule } from '../lint/rule';
import type { ArgSpec, KeywordSpec } from '../schema/types';
import { describeType } from '../schema/values';
import { keywordStatements } from './util';

export const rule: Rule = {
  id: 'missing-argument',
  category: 'schema',
  defaultSeverity: 'error',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A keyword without the argument it requires.',
    rationale:
      "When a keyword's handler reads an argument that is not there, keepalived stops the whole configuration check at that line: `Configuration line starting 'state' is missing a parameter after keyword 'state'` and exits. Nothing after it is checked, and keepalived does not start. Typical cause: a template placeholder that expanded to nothing.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    interface\n    state MASTER\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    interface eth0\n    state MASTER\n}',
  },
  check(ctx) {
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const spec = s.spec;
      if (spec.shape !== 'args' && spec.shape !== 'block' && spec.shape !== 'valueBlock') continue;
      const required = requiredArgs(spec);
      if (s.args.length >= required.length && !(spec.bareRejected && s.args.length === 0)) continue;
      if (spec.bareRejected && s.args.length === 0 && spec.shape === 'args') {
        const first = spec.args[0];
        ctx.report({
          at: s.keyword,
          message: `\`${spec.name}\` needs ${first ? `${first.name} (${describeType(first.type)})` : 'a value'}: keepalived reports "${spec.bareRejected}" and ignores the line.`,
        });
        continue;
      }
      if (s.args.length >= required.length) continue;
      const missing = required.slice(s.args.length);
      const what = missing.map((a) => `${a.name} (${describeType(a.type)})`).join(', then ');
      const last = s.args.length ? s.args[s.args.length - 1] : s.keyword;
      ctx.report({
        at: s.keyword,
        message: `\`${spec.name}\` needs ${missing.length > 1 ? 'more arguments' : 'an argument'}: ${what}. keepalived stops the configuration check at this line ("missing a parameter") and does not start.`,
        related: last !== s.keyword ? [{ location: { file: last.file, range: last.range }, message: 'the last argument given' }] : undefined,
      });
    }
  },
};

const requiredCache = new WeakMap<KeywordSpec, ArgSpec[]>();
/** The arguments keepalived cannot do without (positional args, or the head of a block). */
function requiredArgs(spec: KeywordSpec): ArgSpec[] {
  let r = requiredCache.get(spec);
  if (!r) {
    r = (spec.shape === 'args' ? spec.args : (spec.headArgs ?? [])).filter((a) => !a.optional);
    requiredCache.set(spec, r);
  }
  return r;
}
