import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "include-no-match",
  category: "include",
  defaultSeverity: "information",
  fix: 'none',
  docs: {
    summary: "An `include` glob that matches no file.",
    rationale: "A glob like `conf.d/*.conf` that matches nothing is silently skipped by `include` (an error with `includew`/`includea`). Check the path: relative paths are relative to the folder of the including file, not the working directory.",
    invalid: "include conf.d/*.cfg",
    valid: "include conf.d/*.conf",
    exampleFiles: { 'conf.d/web.conf': 'global_defs {\n    router_id lb1\n}' },
  },
  check(ctx) {
    reportIssues(ctx, "include-empty-glob");
  },
};
