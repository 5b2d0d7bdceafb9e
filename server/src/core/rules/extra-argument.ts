import type { Rule } from '../lint/rule';
import type { Word } from '../keepalived/ast';
import { fix, keywordStatements } from './util';

export const rule: Rule = {
  id: 'extra-argument',
  category: 'schema',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'Words after a keyword that keepalived silently ignores.',
    rationale:
      "Most keepalived keywords read a fixed number of words and drop the rest without a message. `;` is not a statement separator: `interface eth0 ; virtual_router_id 51` sets the interface and ignores the VRID. `virtual_router_id 51 52` is 51. The fix puts `;`-separated statements on their own lines, or removes the ignored words.",
    invalid: 'vrrp_instance VI_1 {\n    interface eth0 ; virtual_router_id 51\n}',
    valid: 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n}',
  },
  check(ctx) {
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const spec = s.spec;
      let max: number;
      if (spec.shape === 'flag') max = 0;
      else if (spec.shape === 'optionalBool') max = 1;
      else if (spec.shape === 'args') {
        if (spec.rest === 'free') continue;
        max = spec.args.length;
      } else if (spec.shape === 'block' || spec.shape === 'valueBlock') {
        if (spec.rest === 'free') continue;
        max = spec.headArgs?.length ?? 0;
      } else continue;
      if (s.args.length <= max) continue;
      reportExtra(s, max);
    }

    // The report is built in a function of its own: its closures would otherwise make V8 allocate a scope for
    // every statement of the loop (40k on the bench file), not only for the few it reports.
    function reportExtra(s: (typeof list)[number], max: number): void {
      const spec = s.spec;
      const extra = s.args.slice(max);
      const first = extra[0];
      const lastW = extra[extra.length - 1];
      const at = { file: first.file, range: { start: first.range.start, end: lastW.range.end } };
      const prev: Word = max > 0 ? s.args[max - 1] : s.keyword;
      const semi = extra.findIndex((w) => w.text === ';' && !w.quoted);
      const text = ctx.config.texts.get(s.keyword.file) ?? '';
      const lineText = text.split('\n', s.keyword.range.start.line + 1)[s.keyword.range.start.line] ?? '';
      const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
      const sameLine = lastW.range.end.line === s.keyword.range.start.line && !extra.some((w) => w.expansion);
      const fixes = [];
      if (semi >= 0 && sameLine && extra.every((w) => w.range.start.line === s.keyword.range.start.line)) {
        // `a ; b ; c` → each statement on its own line, same indentation.
        const edits = extra
          .filter((w) => w.text === ';' && !w.quoted)
          .map((w) => ({ file: w.file, range: { start: prevEnd([s.keyword, ...s.args], w), end: nextStart(extra, w) }, newText: '\n' + indent }));
        fixes.push(fix('Put each `;`-separated statement on its own line', edits, true));
      }
      if (sameLine) {
        fixes.push(fix(`Remove the ignored word${extra.length > 1 ? 's' : ''}`, [{ file: first.file, range: { start: prev.range.end, end: lastW.range.end }, newText: '' }], semi < 0));
      }
      const names = extra.map((w) => w.text).join(' ');
      ctx.report({
        at,
        message:
          semi >= 0
            ? `\`;\` does not separate statements in keepalived.conf: \`${spec.name}\` takes ${plural(max)} and keepalived silently ignores \`${names}\`. Put each statement on its own line.`
            : `\`${spec.name}\` takes ${plural(max)}; keepalived silently ignores \`${names}\`.`,
        fixes,
        tags: ['unnecessary'],
      });
    }
  },
};

function plural(n: number): string {
  return n === 0 ? 'no argument' : n === 1 ? 'one argument' : `${n} arguments`;
}
function prevEnd(args: Word[], w: Word): { line: number; character: number } {
  let best = { line: w.range.start.line, character: 0 };
  for (const a of args) if (a.range.end.line === w.range.start.line && a.range.end.character <= w.range.start.character && a.range.end.character >= best.character) best = a.range.end;
  return best;
}
function nextStart(words: Word[], w: Word): { line: number; character: number } {
  const i = words.indexOf(w);
  return i + 1 < words.length ? words[i + 1].range.start : w.range.end;
}
