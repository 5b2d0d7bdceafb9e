import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "include-missing",
  category: "include",
  defaultSeverity: "warning",
  fix: 'none',
  docs: {
    summary: "An `include` of a file that does not exist.",
    rationale: "keepalived logs `No config files matched` and reads on without the file, so everything it was meant to define is missing. On the director the path may exist while it does not in the repository: then this is a reminder that the analysis could not see that part of the config.",
    invalid: "include /etc/keepalived/conf.d/vip.conf",
    valid: "include conf.d/vip.conf   # a file that exists, relative to this file's folder",
    exampleFiles: { 'conf.d/vip.conf': 'global_defs {\n    router_id lb1\n}' },
  },
  check(ctx) {
    reportIssues(ctx, "include-missing");
  },
};
