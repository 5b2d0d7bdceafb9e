import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts, keepalived/index.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: "unclosed-brace",
  category: "syntax",
  defaultSeverity: "error",
  fix: 'none',
  scope: 'block',
  docs: {
    summary: "A `{` that is never closed.",
    rationale: "keepalived reads to the end of the file inside the open block and reports `There are N missing '}'s or extra '{'s`. Every statement after the missing `}` is read in the wrong block. The diagnostic points at the `{` that is never closed.",
    invalid: "vrrp_instance VI_1 {\n    state MASTER\n    virtual_router_id 51\n\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n}",
    valid: "vrrp_instance VI_1 {\n    state MASTER\n    virtual_router_id 51\n}\n\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n}",
  },
  check(ctx) {
    reportIssues(ctx, "unclosed-brace");
  },
};
