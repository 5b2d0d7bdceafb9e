import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "expansion-limit",
  category: "syntax",
  defaultSeverity: "error",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A `$NAME` substitution or `~SEQ` replay that does not end.",
    rationale: "A definition that refers to itself grows the line until keepalived gives up (`would exceed maximum line length`): with `$A` keepalived then reads the line with `$A` left unexpanded (a warning here), with `${A}` it loops (an error). A huge `~SEQ` produces more lines than any real config. The analysis stops expanding and says so.",
    invalid: "$A=$A more\nglobal_defs {\n    router_id $A\n}",
    valid: "$A=lvs1\nglobal_defs {\n    router_id $A\n}",
  },
  check(ctx) {
    reportIssues(ctx, "expansion-limit");
  },
};
