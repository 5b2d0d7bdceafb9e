import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "nul-byte",
  category: "syntax",
  defaultSeverity: "warning",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A line with a NUL byte (binary content).",
    rationale: "keepalived reads lines as C strings, so a NUL ends the line: `state BAC\\0KUP` is read as `state BAC`. A NUL in a config usually means a binary file or a broken editor save.",
    invalid: "global_defs {\\0\n}",
    valid: "global_defs {\n}",
    exampleNote: 'a NUL byte cannot be shown on a page: the example writes it as `\\0` (the rule fixture has the real byte).',
  },
  check(ctx) {
    reportIssues(ctx, "nul-byte");
  },
};
