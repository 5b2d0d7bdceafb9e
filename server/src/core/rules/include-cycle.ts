import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "include-cycle",
  category: "include",
  defaultSeverity: "error",
  fix: 'none',
  docs: {
    summary: "Files that include each other.",
    rationale: "keepalived has no cycle detection: `a.conf` including `b.conf` including `a.conf` is read again and again. The analysis stops at the first repetition.",
    invalid: "include b.conf",
    valid: "global_defs {\n    router_id lb1\n}",
    exampleFiles: { 'b.conf': 'include keepalived.conf' },
  },
  check(ctx) {
    reportIssues(ctx, "include-cycle");
  },
};
