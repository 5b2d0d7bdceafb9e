import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "include-not-file",
  category: "include",
  defaultSeverity: "warning",
  fix: 'none',
  docs: {
    summary: "An `include` of a directory, an executable or an unreadable file.",
    rationale: "keepalived only includes regular, non-executable, readable files; it skips the others (`is not a regular non-executable file - skipping`).",
    invalid: "include conf.d",
    valid: "include conf.d/*.conf",
    exampleFiles: { 'conf.d/web.conf': 'global_defs {\n    router_id lb1\n}' },
  },
  check(ctx) {
    reportIssues(ctx, ["include-not-file", "include-unreadable"]);
  },
};
