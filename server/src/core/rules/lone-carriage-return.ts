import type { Rule } from '../lint/rule';
import { reportIssues } from './util';

/** Found by the reader (keepalived/preprocess.ts); this file owns its id, severity and docs. */
export const rule: Rule = {
  id: 'lone-carriage-return',
  category: 'syntax',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A carriage return not followed by a line feed (old Mac line ending).',
    rationale:
      'keepalived splits lines only at line feeds (CRLF files are fine: it strips the CR). A lone CR is shown as a line break by editors, but keepalived reads the text on both sides as one line, so the second statement becomes surplus words of the first. The analysis follows the editor so that positions and fixes land where you see them, and reports the first lone CR of the file.',
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    state MASTER\r    priority 100\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    state MASTER\n}',
  },
  check(ctx) {
    reportIssues(ctx, 'lone-cr');
  },
};
