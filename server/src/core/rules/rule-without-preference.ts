import type { Rule } from '../lint/rule';
import { checkValueLine } from '../schema/value-lines';
import { fix, replaceWord, valueLineStatements } from './util';

/** The words of an ip rule line that set its priority (keepalived vrrp_iprule.c; `prio` and `pref` are rejected). */
const PRIORITY_WORDS = new Set(['preference', 'priority', 'order']);

export const rule: Rule = {
  id: 'rule-without-preference',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: 'An ip rule in `static_rules` / `virtual_rules` without `preference` (keepalived picks a priority itself), or with `prio`/`pref` (keepalived drops the rule).',
    rationale:
      'The kernel evaluates policy-routing rules in order of their priority. A rule line without `preference` (or its synonyms `priority`, `order`) gets a priority keepalived makes up: it counts down from 16384 for IPv4 and IPv6 separately, in the order it reads the rules, and reports "Rule has no preference specified - setting to 16384. This is probably not what you want." (keepalived vrrp_iprule.c). The resulting order depends on the order of the lines and on every other rule in the config, and may differ from the rules your other tooling installs (`ip rule add` without `pref` numbers downwards from 32765). Give every rule an explicit `preference`. `ip rule`\'s abbreviations `prio` and `pref` are not keepalived\'s: it reports "Unknown rule option prio" and drops the whole rule, so they are errors here (the fix writes `preference`).',
    invalid: 'static_rules {\n    from 192.168.100.0/24 table 100\n}',
    valid: 'static_rules {\n    from 192.168.100.0/24 table 100 preference 1000\n}',
  },
  check(ctx) {
    for (const s of valueLineStatements(ctx)) {
      if (s.valueBlock?.valueLine !== 'rule' || s.block) continue;
      const words = [s.keyword, ...s.args];
      const abbrev = words.find((w) => w.text === 'prio' || w.text === 'pref');
      if (abbrev) {
        ctx.report({
          at: abbrev,
          severity: 'error',
          message: `keepalived does not know \`${abbrev.text}\` (an abbreviation of \`ip rule\`): it reports "Unknown rule option ${abbrev.text}" and drops the whole rule. Write \`preference\`.`,
          fixes: abbrev.expansion ? [] : [fix('Write `preference`', [replaceWord(abbrev, 'preference')], true)],
        });
        continue;
      }
      if (words.some((w) => PRIORITY_WORDS.has(w.text))) continue;
      // keepalived drops a line it cannot read before it looks at the preference (invalid-value reports those).
      if (checkValueLine('rule', words).some((p) => (p.severity ?? 'error') === 'error')) continue;
      ctx.report({
        at: { file: s.keyword.file, range: { start: s.keyword.range.start, end: words[words.length - 1].range.end } },
        message: `This rule has no \`preference\`: keepalived reports "Rule has no preference specified - setting to N. This is probably not what you want." and gives it a priority counted down from 16384 in reading order, so its place among the other rules depends on the order of the lines. Add \`preference N\` with the priority you want.`,
      });
    }
  },
};
