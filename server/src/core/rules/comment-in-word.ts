import type { Rule } from '../lint/rule';

/** Found by the reader's decomment step (keepalived/preprocess.ts); fixed by escaping the character. */
export const rule: Rule = {
  id: 'comment-in-word',
  category: 'syntax',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A `#` or `!` inside a word, which keepalived reads as the start of a comment.',
    rationale:
      "keepalived ends a line at the first `#` or `!` outside double quotes, wherever it is: `auth_pass s3cr3t!x` sets the password `s3cr3t`, `path /index.html#top` requests `/index.html`. Both directors may agree on the truncated value and work, until someone types the password into a third one. Escape the character (`\\!`, `\\#`) or quote the word when it is part of the value; put a blank before it when it is a comment.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    authentication {\n        auth_type PASS\n        auth_pass s3cr3t!x\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    authentication {\n        auth_type PASS\n        auth_pass s3cr3t\\!x\n    }\n}',
  },
  check(ctx) {
    for (const i of ctx.config.issues) {
      if (i.kind !== 'comment-in-word') continue;
      const at = i.range.start;
      const ch = i.message[1];
      ctx.report({
        at: { file: i.file, range: i.range },
        message: i.message,
        fixes: [
          { title: `Escape \`${ch}\` as part of the value`, edits: [{ file: i.file, range: { start: at, end: at }, newText: '\\' }] },
          { title: 'Make it a comment (insert a blank before it)', edits: [{ file: i.file, range: { start: at, end: at }, newText: ' ' }] },
        ],
      });
    }
  },
};
