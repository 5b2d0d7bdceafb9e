import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: 'nesting-limit',
  category: 'syntax',
  defaultSeverity: 'error',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'Blocks nested deeper than any keepalived config can be.',
    rationale:
      "keepalived's deepest block is five levels (`virtual_server` → `real_server` → `HTTP_GET` → `url`). Blocks nested more than 64 levels deep come from a run of `{` without their `}` or from generated text gone wrong; the analysis reads the braces beyond that depth as plain words so that it stays fast, and reports the first one.",
    invalid: 'global_defs { { { { ... (65 levels)',
    valid: 'global_defs {\n    router_id lb1\n}',
    exampleNote: 'the offending config nests 65 blocks; the page abbreviates it (the rule fixture has the full text).',
  },
  check(ctx) {
    reportIssues(ctx, 'nesting-limit');
  },
};
