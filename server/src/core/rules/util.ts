/** Small helpers shared by rules: edits that touch only what they must. */
import type { Fix, Range, TextEdit } from '../types';
import type { LexicalIssue, Statement, Word } from '../keepalived/ast';
import type { RuleContext } from '../lint/rule';

export function replaceWord(word: Word, newText: string): TextEdit {
  return { file: word.file, range: word.range, newText };
}

export function fix(title: string, edits: TextEdit[], isPreferred = false): Fix {
  return isPreferred ? { title, edits, isPreferred } : { title, edits };
}

/** The range from the end of `a` to the end of `b` (removes `b` and the blanks before it, on one line). */
export function spanAfter(a: Word, b: Word): Range {
  return { start: a.range.end, end: b.range.end };
}

/** Report every lexical issue of one kind (issues are found by the reader; the rule owns id, severity and docs). */
export function reportIssues(ctx: RuleContext, kind: LexicalIssue['kind'] | LexicalIssue['kind'][]): void {
  const kinds = Array.isArray(kind) ? kind : [kind];
  for (const i of ctx.config.issues) {
    if (!kinds.includes(i.kind)) continue;
    ctx.report({ at: { file: i.file, range: i.range }, message: i.message, severity: i.severity, related: i.related?.map((location) => ({ location, message: 'here' })) });
  }
}

/** The block path as users read it: `virtual_server/real_server` → `real_server (in virtual_server)`. */
export function blockLabel(path: string | undefined): string {
  if (!path || path === '_top') return 'the top level';
  const parts = path.split('/');
  const last = parts[parts.length - 1];
  return parts.length > 1 ? `\`${last}\` (in ${parts.slice(0, -1).map((p) => `\`${p}\``).join(' → ')})` : `\`${last}\``;
}

/** Edit distance with adjacent transpositions (optimal string alignment), bounded: returns max+1 when further. */
export function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length];
}

type KeywordStatement = Statement & { spec: NonNullable<Statement['spec']> };

/**
 * The statements of a parse sorted once into the kinds the rules scan, each in document order: most rules look at
 * one kind, and a generated config has 50k statements (a scan per rule would be most of the rules' time). Rules walk
 * the long lists by index: lvs-lint runs each rule once, mostly before V8 optimizes its loop, and an unoptimized
 * for-of allocates an iterator result per statement (2% of a lint run on the 1.4 MB bench file).
 */
interface StatementIndex {
  /** Keyword lines (not value-block lines) with a schema entry. */
  keywords: KeywordStatement[];
  /** Statements that open a block (`{`), anonymous blocks included. */
  blocks: Statement[];
  /** Statements read at a block path whose keyword has no schema entry there (unknown or misplaced keywords). */
  unknown: Statement[];
  /** Lines of a value block whose entries have a syntax of their own (`valueLine`: routes, rules, VIPs, ...). */
  valueLines: Statement[];
}
const indexCache = new WeakMap<object, StatementIndex>();

function statementIndex(ctx: RuleContext): StatementIndex {
  let x = indexCache.get(ctx.config);
  if (!x) {
    x = { keywords: [], blocks: [], unknown: [], valueLines: [] };
    const all = ctx.config.all;
    for (let i = 0; i < all.length; i++) {
      const s = all[i];
      if (s.block) x.blocks.push(s);
      if (s.valueBlock) {
        if (s.valueBlock.valueLine) x.valueLines.push(s);
      } else if (s.spec) x.keywords.push(s as KeywordStatement);
      else if (s.path !== undefined && !s.anonymous) x.unknown.push(s);
    }
    indexCache.set(ctx.config, x);
  }
  return x;
}

/** Statements that are keyword lines (not value-block lines), with a schema entry; computed once per parse. */
export function keywordStatements(ctx: RuleContext): KeywordStatement[] {
  return statementIndex(ctx).keywords;
}

/** Statements that open a block (`s.block` set; anonymous blocks included), in document order; computed once per parse. */
export function blockStatements(ctx: RuleContext): readonly Statement[] {
  return statementIndex(ctx).blocks;
}

/**
 * Statements read at a block path (`s.path` set) that are neither a known keyword there nor a value-block line nor an
 * anonymous block: unknown or misplaced keywords. In document order; computed once per parse.
 */
export function unknownStatements(ctx: RuleContext): readonly Statement[] {
  return statementIndex(ctx).unknown;
}

/** Value-block lines whose block has a `valueLine` syntax, in document order; computed once per parse. */
export function valueLineStatements(ctx: RuleContext): readonly Statement[] {
  return statementIndex(ctx).valueLines;
}

/**
 * An edit inserting `content` as a new line right after the line of `s`'s `{`, indented as the block's first
 * statement (or the head's indentation plus four blanks); undefined where that is not a clean edit (text after the
 * `{`, a `{` produced by expansion, old-Mac line ends).
 */
export function insertFirstLine(s: Statement, text: string | undefined, content: string): TextEdit | undefined {
  const open = s.block?.open;
  if (!text || !open || open.file !== s.keyword.file || open.expansion || /\r(?!\n)/.test(text)) return undefined;
  const lines = text.split('\n');
  const ol = open.range.end.line;
  const rest = lines[ol]?.slice(open.range.end.character) ?? 'x';
  if (!/^[ \t]*\r?$/.test(rest) || ol + 1 >= lines.length) return undefined;
  const eol = lines[ol].endsWith('\r') ? '\r\n' : '\n';
  const first = s.block!.statements[0];
  let indent: string;
  if (first && first.keyword.file === s.keyword.file && first.keyword.range.start.line > ol) {
    indent = /^[ \t]*/.exec(lines[first.keyword.range.start.line] ?? '')![0];
  } else {
    indent = /^[ \t]*/.exec(lines[s.keyword.range.start.line] ?? '')![0] + '    ';
  }
  const at = { line: ol + 1, character: 0 };
  return { file: s.keyword.file, range: { start: at, end: at }, newText: `${indent}${content}${eol}` };
}

/** An edit removing the whole line(s) of statement `s` (undefined when `s` shares a line with other text). */
export function removeStatementLine(s: Statement, text: string | undefined): TextEdit | undefined {
  if (!text || s.block || s.keyword.expansion || /\r(?!\n)/.test(text)) return undefined;
  const last = s.args.length ? s.args[s.args.length - 1] : s.keyword;
  if (last.file !== s.keyword.file || last.expansion) return undefined;
  const lines = text.split('\n');
  const l0 = s.keyword.range.start.line;
  const l1 = last.range.end.line;
  const before = lines[l0]?.slice(0, s.keyword.range.start.character) ?? 'x';
  const after = (lines[l1] ?? 'x').slice(last.range.end.character);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*([#!].*)?\r?$/.test(after)) return undefined;
  if (l1 + 1 >= lines.length) return undefined;
  return { file: s.keyword.file, range: { start: { line: l0, character: 0 }, end: { line: l1 + 1, character: 0 } }, newText: '' };
}

let lastText: string | undefined;
let lastLines: string[] = [];
/** The lines of `text`, split once for the many fixes a rule may compute on one file. */
export function linesOf(text: string): string[] {
  if (text !== lastText) {
    lastText = text;
    lastLines = text.split('\n');
  }
  return lastLines;
}

/**
 * An edit inserting `content` as a new line right after the line(s) of statement `s` (a line without a block), indented
 * as `s`; undefined where that is not a clean edit (text after `s` on its line other than a comment, expanded words,
 * old-Mac line ends, last line without a line end).
 */
export function insertLineAfter(s: Statement, text: string | undefined, content: string): TextEdit | undefined {
  if (!text || s.block || s.keyword.expansion || /\r(?!\n)/.test(text)) return undefined;
  const last = s.args.length ? s.args[s.args.length - 1] : s.keyword;
  if (last.file !== s.keyword.file || last.expansion) return undefined;
  const lines = linesOf(text);
  const l1 = last.range.end.line;
  if (!/^[ \t]*([#!].*)?\r?$/.test((lines[l1] ?? 'x').slice(last.range.end.character)) || l1 + 1 >= lines.length) return undefined;
  const eol = lines[l1].endsWith('\r') ? '\r\n' : '\n';
  const indent = /^[ \t]*/.exec(lines[s.keyword.range.start.line] ?? '')![0];
  const at = { line: l1 + 1, character: 0 };
  return { file: s.keyword.file, range: { start: at, end: at }, newText: `${indent}${content}${eol}` };
}

/** The source text of a one-line statement without a block (keyword to last argument), or undefined. */
export function statementText(s: Statement, text: string | undefined): string | undefined {
  if (!text || s.block) return undefined;
  const last = s.args.length ? s.args[s.args.length - 1] : s.keyword;
  if (last.file !== s.keyword.file || s.keyword.expansion || last.expansion || last.range.end.line !== s.keyword.range.start.line) return undefined;
  const line = linesOf(text)[s.keyword.range.start.line] ?? '';
  return line.slice(s.keyword.range.start.character, last.range.end.character);
}
