import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "unmatched-brace",
  category: "syntax",
  defaultSeverity: "error",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A `}` with no open block.",
    rationale: "keepalived reports `Extra '}' found` and ignores it. Usually a block above was closed twice, or a `{` is missing.",
    invalid: "global_defs {\n    router_id LVS_1\n}\n}",
    valid: "global_defs {\n    router_id LVS_1\n}",
  },
  check(ctx) {
    reportIssues(ctx, "unmatched-brace");
  },
};
