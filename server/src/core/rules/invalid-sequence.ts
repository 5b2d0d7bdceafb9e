import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "invalid-sequence",
  category: "syntax",
  defaultSeverity: "error",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A malformed `~SEQ(...)` or `~LST(...)` generator line.",
    rationale: "`~SEQ(var, start, step, end) text` repeats `text` with `$var` set to each number; `~LST(var, a, b, ...) text` with each value. keepalived reports `Invalid ~SEQ specification` for other shapes and ignores the line.",
    invalid: "virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_kind DR\n    ~SEQ(i, 1, x) real_server 10.0.0.$i 80 { }\n}",
    valid: "virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_kind DR\n    ~SEQ(i, 1, 4) real_server 10.0.0.$i 80 { }\n}",
  },
  check(ctx) {
    reportIssues(ctx, "invalid-seq");
  },
};
