/**
 * The files of a rule's documentation example (docs.invalid / docs.valid): shared by the docs test and the
 * keepalived verdicts script (scripts/verdicts.ts).
 */
import type { Rule } from '../../server/src/core/lint/rule';

/** `# FILE` or `# FILE (remark)` / `# FILE: remark` / `# FILE, remark`: FILE has a dot or a slash. */
export const HEADER = /^# ((?:[\w.:-]*[./][\w.:/-]*))(?:[\s,:(].*)?$/;

/**
 * The files of one example: an example whose first line is a `# FILE` header holds several files, each starting
 * at its header (a section that is empty and says "as above" repeats the invalid example's section); otherwise
 * the whole text is `docs.exampleFile` (default keepalived.conf).
 */
export function exampleParts(rule: Rule, which: 'invalid' | 'valid'): Map<string, string> {
  const text = rule.docs[which];
  const lines = text.split('\n');
  const parts = new Map<string, string>();
  if (!HEADER.test(lines[0])) {
    parts.set(rule.docs.exampleFile ?? 'keepalived.conf', text);
    return parts;
  }
  let name = '';
  let body: string[] = [];
  let header = '';
  const flush = (): void => {
    if (!name) return;
    const t = body.join('\n').trim();
    if (!t && /as above/.test(header) && which === 'valid') parts.set(name, exampleParts(rule, 'invalid').get(name) ?? '');
    else parts.set(name, body.join('\n').replace(/\n+$/, ''));
  };
  for (const l of lines) {
    const m = HEADER.exec(l);
    if (m) {
      flush();
      name = m[1].replace(/^\/+/, '');
      header = l;
      body = [];
    } else body.push(l);
  }
  flush();
  return parts;
}
