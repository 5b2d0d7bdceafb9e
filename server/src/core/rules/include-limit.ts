import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "include-limit",
  category: "include",
  defaultSeverity: "warning",
  fix: 'none',
  docs: {
    summary: "Includes too many or too deep to analyse.",
    rationale: "More than 1000 included files, or includes nested more than 32 deep, are beyond any real configuration; the analysis stops there to stay responsive and says which files it left out.",
    invalid: "include /var/lib/generated/**/*",
    valid: "include conf.d/*.conf",
    exampleNote: 'the invalid example needs a tree of more files than the include limit; the valid one, a conf.d folder.',
  },
  check(ctx) {
    reportIssues(ctx, "include-limit");
  },
};
