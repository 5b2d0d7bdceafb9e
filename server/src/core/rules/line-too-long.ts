import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "line-too-long",
  category: "syntax",
  defaultSeverity: "warning",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A line longer than keepalived's 1024-byte line buffer.",
    rationale: "keepalived reads lines with a 1024-byte buffer. keepalived 2.2.x splits a longer line and reads the rest as a new statement (usually an unknown keyword); newer versions drop the whole line. Either way the line does not do what it says.",
    invalid: "global_defs {\n    notification_email {\n        ops@example.com dba@example.com ... (more than 1023 bytes on one line)\n    }\n}",
    valid: "global_defs {\n    notification_email {\n        ops@example.com\n        dba@example.com\n    }\n}",
    exampleNote: 'the offending line is longer than 1023 bytes; the page abbreviates it, so the example as shown does not trigger the rule (the rule fixture has the full line).',
  },
  check(ctx) {
    reportIssues(ctx, "line-too-long");
  },
};
