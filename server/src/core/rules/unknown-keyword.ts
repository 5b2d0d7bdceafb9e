import { topLevelStatements, type Rule } from '../lint/rule';
import { allKeywordNames, blocksContaining, lookupBlock } from '../schema/index';
import type { RuleContext } from '../lint/rule';
import type { Statement } from '../keepalived/ast';
import { blockLabel, distance, fix, replaceWord, unknownStatements } from './util';

/** Keywords keepalived does not know anywhere (a keyword valid in another block is `misplaced-keyword`). */
export const rule: Rule = {
  id: 'unknown-keyword',
  category: 'schema',
  defaultSeverity: 'error',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A keyword keepalived does not know.',
    rationale:
      "keepalived matches keywords exactly (case-sensitive) and reports `Unknown keyword 'X'`; the line has no effect. If the unknown keyword opens a block, keepalived reads each line inside as a keyword of the enclosing block and the block's `}` closes the enclosing block early. This analysis reports the unknown block once and skips its content. The quick fix offers the nearest known keywords of the block.",
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_ip 51\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n}',
  },
  check(ctx) {
    // The instance names, looked up only for an unknown word in a vrrp_sync_group (a quick check's lookup outside
    // the edited statements costs a walk over all of them).
    let names: Set<string> | undefined;
    const instanceNames = (): Set<string> =>
      (names ??= new Set(topLevelStatements(ctx.config).filter((t) => t.keyword.text === 'vrrp_instance' && t.args[0]).map((t) => t.args[0].text)));
    for (const s of unknownStatements(ctx)) {
      if (s.path === undefined || s.spec || s.valueBlock || s.anonymous) continue;
      const name = s.keyword.text;
      if (name.charCodeAt(0) === 0xfeff) {
        const w = s.keyword;
        ctx.report({
          at: w,
          message: `The file starts with a UTF-8 byte-order mark (BOM), invisible in most editors: keepalived reads it as part of \`${name.slice(1)}\` and reports "Unknown keyword". Save the file as UTF-8 without BOM.`,
          fixes: w.expansion ? undefined : [fix('Remove the byte-order mark', [{ file: w.file, range: { start: w.range.start, end: { line: w.range.start.line, character: w.range.start.character + 1 } }, newText: '' }], true)],
        });
        continue;
      }
      if (blocksContaining(name).length) continue; // misplaced-keyword
      if (s.path === 'vrrp_sync_group' && s.parent?.block && instanceNames().has(name)) {
        syncGroupMember(ctx, s, instanceNames());
        continue;
      }
      const block = lookupBlock(s.path);
      const local = block ? Object.keys(block.keywords) : [];
      const max = name.length <= 4 ? 1 : name.length <= 8 ? 2 : 3;
      const scored = local
        .map((k) => ({ k, d: k.toLowerCase() === name.toLowerCase() ? 0.5 : distance(name, k, max) }))
        .filter((x) => x.d <= max)
        .sort((a, b) => a.d - b.d || a.k.localeCompare(b.k))
        .slice(0, 3);
      let extra = '';
      if (!scored.length && /^[A-Za-z_]/.test(name)) {
        const elsewhere = allKeywordNames().filter((k) => k.toLowerCase() === name.toLowerCase());
        if (elsewhere.length) extra = ` keepalived keywords are case-sensitive: did you mean \`${elsewhere[0]}\`?`;
      }
      const looksLikeTemplate = /[{}<>%]|^\$/.test(name) || s.keyword.quoted;
      const hint = scored.length
        ? ` Did you mean ${scored.map((x) => `\`${x.k}\``).join(', ')}?`
        : looksLikeTemplate
          ? ' It looks like an unexpanded template placeholder.'
          : '';
      ctx.report({
        at: s.keyword,
        message: `Unknown keyword \`${name}\` in ${blockLabel(s.path)}: keepalived ignores this line${s.block ? ' and misreads the block it opens' : ''}.${hint}${extra}`,
        fixes: scored.map((x, i) => fix(`Change to \`${x.k}\``, [replaceWord(s.keyword, x.k)], i === 0 && (scored.length === 1 || scored[1].d > x.d))),
      });
    }
  },
};

/**
 * `vrrp_sync_group VG { VI_1 VI_2 }` without `group { }`: keepalived reads the instance names as keywords
 * (`Unknown keyword 'VI_1'`) and the group has no members. The fix wraps the run of names in `group { }`.
 */
function syncGroupMember(ctx: RuleContext, s: Statement, instances: Set<string>): void {
  const siblings = s.parent!.block!.statements;
  const i = siblings.indexOf(s);
  const isMember = (t: Statement): boolean => !t.spec && !t.block && instances.has(t.keyword.text) && t.args.every((a) => instances.has(a.text));
  const first = i > 0 && isMember(siblings[i - 1]);
  const message = `\`${s.keyword.text}\` is a vrrp_instance, not a keyword: the instances of a sync group go inside \`group { ... }\`. keepalived reports "Unknown keyword" and the sync group has no members.`;
  if (first) {
    ctx.report({ at: s.keyword, message });
    return;
  }
  let j = i;
  while (j + 1 < siblings.length && isMember(siblings[j + 1])) j++;
  const run = siblings.slice(i, j + 1);
  const file = s.keyword.file;
  const text = ctx.config.texts.get(file) ?? '';
  const lines = text.split('\n');
  const startLine = s.keyword.range.start.line;
  const last = run[run.length - 1];
  const lastWord = last.args.length ? last.args[last.args.length - 1] : last.keyword;
  const fixes = [];
  const oneLinePerMember = run.every((t, k) => t.keyword.range.start.line === startLine + k && t.keyword.file === file && !t.keyword.expansion);
  const lineText = lines[startLine] ?? '';
  if (oneLinePerMember && lineText.slice(0, s.keyword.range.start.character).trim() === '') {
    const indent = lineText.slice(0, s.keyword.range.start.character);
    const unit = indent.includes('\t') ? '\t' : '    ';
    const edits = [{ file, range: { start: { line: startLine, character: 0 }, end: { line: startLine, character: 0 } }, newText: `${indent}group {\n` }];
    for (const t of run) {
      const l = t.keyword.range.start.line;
      if (l !== startLine) edits.push({ file, range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } }, newText: unit });
    }
    edits[0] = { ...edits[0], newText: `${indent}group {\n${unit}` };
    edits.push({ file, range: { start: lastWord.range.end, end: lastWord.range.end }, newText: `\n${indent}}` });
    fixes.push(fix('Put the instances inside `group { ... }`', edits, true));
  }
  ctx.report({ at: s.keyword, message, fixes });
}
