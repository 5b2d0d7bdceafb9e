import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "unterminated-quote",
  category: "syntax",
  defaultSeverity: "error",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A `\"` string that does not end on its line.",
    rationale: "keepalived strings end at the next `\"` on the same line. Without it, keepalived reports `Unterminated quote` and the rest of the line, comment included, becomes one word.",
    invalid: "vrrp_script chk {\n    script \"/usr/bin/killall -0 haproxy\n}",
    valid: "vrrp_script chk {\n    script \"/usr/bin/killall -0 haproxy\"\n}",
  },
  check(ctx) {
    reportIssues(ctx, "unterminated-quote");
  },
};
