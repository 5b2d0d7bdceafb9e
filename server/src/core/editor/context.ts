/**
 * Where the cursor is in a keepalived file, for completion, hover and inlay hints: the statements of the last
 * analysis indexed per file (built once per ParsedConfig, then binary-searched), and the block context at a position
 * of the text being typed. The text in the editor may be newer than the analysis (the server analyses 150 ms after
 * the last keystroke, and the user may have a half-written line): the context comes from the analysis' tree up to the
 * first line that differs, and from a small forward scan of the current text (braces, comments, quotes, `@id`
 * prefixes, as keepalived's reader splits them) from there to the cursor.
 */
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';
import type { Position } from '../types';
import { blocksContaining, lookupKeyword, type KeywordSpec } from '../schema/index';

export function inside(p: Position, r: { start: Position; end: Position }): boolean {
  return (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

interface FileIndex {
  /** Statements whose keyword is in the file, by keyword position. */
  statements: Statement[];
  /** The statements of the file that open a `{` block in it, by the block's opening brace. */
  blocks: Statement[];
}

const indexCache = new WeakMap<ParsedConfig, Map<string, FileIndex>>();

/** The statements of `file` in `config`, sorted by position (built once per parse). */
export function fileIndex(config: ParsedConfig, file: string): FileIndex {
  let byFile = indexCache.get(config);
  if (!byFile) {
    byFile = new Map();
    for (const s of config.all) {
      const f = s.keyword.file;
      let ix = byFile.get(f);
      if (!ix) byFile.set(f, (ix = { statements: [], blocks: [] }));
      ix.statements.push(s);
      if (s.block && s.block.open.file === f) ix.blocks.push(s);
    }
    const cmp = (a: Word, b: Word): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
    // Document order is position order, except where a file is included twice or `~SEQ` replays lines.
    const sorted = (list: Statement[], word: (s: Statement) => Word): boolean => list.every((s, i) => i === 0 || cmp(word(list[i - 1]), word(s)) <= 0);
    for (const ix of byFile.values()) {
      if (!sorted(ix.statements, (s) => s.keyword)) ix.statements.sort((a, b) => cmp(a.keyword, b.keyword));
      if (!sorted(ix.blocks, (s) => s.block!.open)) ix.blocks.sort((a, b) => cmp(a.block!.open, b.block!.open));
    }
    indexCache.set(config, byFile);
  }
  return byFile.get(file) ?? { statements: [], blocks: [] };
}

/** First index in `list` whose keyword line is >= `line`. */
function lowerBound(list: Statement[], line: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].keyword.range.start.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The statements of `file` whose keyword is on lines [from, to]. */
export function statementsInLines(config: ParsedConfig, file: string, from: number, to: number): Statement[] {
  const list = fileIndex(config, file).statements;
  const out: Statement[] = [];
  for (let i = lowerBound(list, from); i < list.length && list[i].keyword.range.start.line <= to; i++) out.push(list[i]);
  return out;
}

/** The statement and the word of it under `pos` (its keyword or one of its arguments). */
export function wordAt(config: ParsedConfig, file: string, pos: Position): { statement: Statement; word: Word; index: number } | undefined {
  for (const s of statementsInLines(config, file, pos.line, pos.line)) {
    const words = [s.keyword, ...s.args];
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      if (w.file === file && inside(pos, w.range)) return { statement: s, word: w, index: i };
    }
  }
  return undefined;
}

/** One enclosing block at the cursor. */
export interface Frame {
  keyword: string;
  /** Block path of the statements inside (undefined: an unknown block, nothing is known inside). */
  path?: string;
  /** When the block is a value block (`track_script { }`), its keyword's spec: its lines are values. */
  valueBlock?: KeywordSpec;
}

/** The frame a `{` after `keyword` opens inside `outer`, as resolve.ts reads it. */
export function frameOf(outer: Frame | undefined, keyword: string): Frame {
  if (outer && (outer.valueBlock || outer.path === undefined)) return { keyword };
  const spec = lookupKeyword(outer ? outer.path! : '_top', keyword);
  const home = spec ?? uniqueHome(keyword);
  if (!home) return { keyword };
  if (home.shape === 'block') return { keyword, path: home.subBlock };
  if (home.shape === 'valueBlock') return { keyword, path: home.block, valueBlock: home };
  return { keyword };
}

function uniqueHome(keyword: string): KeywordSpec | undefined {
  const homes = blocksContaining(keyword).filter((k) => k.shape === 'block' || k.shape === 'valueBlock');
  const h = homes[0];
  return h && homes.every((k) => k.shape === h.shape && k.subBlock === h.subBlock) ? h : undefined;
}

/**
 * The enclosing frames, outermost first, at the start of line `line` of `file` according to the analysis, and the
 * innermost enclosing statement.
 */
function treeContext(config: ParsedConfig, file: string, line: number): { frames: Frame[]; inner?: Statement } {
  const ix = fileIndex(config, file);
  const at: Position = { line, character: 0 };
  let inner: Statement | undefined;
  // The innermost block of the file opened before the line and not closed before it.
  for (let i = ix.blocks.length - 1; i >= 0; i--) {
    const s = ix.blocks[i];
    const b = s.block!;
    if (!before(b.open.range.start, at)) continue;
    if (b.close && b.close.file === file && before(b.close.range.start, at)) continue;
    inner = s;
    break;
  }
  // No block of the file encloses the line: the file's top level is where its first statement is read (an
  // included file may be read inside a block of its includer).
  const chain: Statement[] = [];
  for (let s = inner ?? ix.statements[0]?.parent; s; s = s.parent) chain.unshift(s);
  const frames: Frame[] = [];
  for (const s of chain) frames.push(frameOf(frames[frames.length - 1], s.keyword.text));
  return { frames, inner: chain[chain.length - 1] };
}

/** The line of the first difference between two texts (Infinity when `b` starts with `a` or they are equal). */
function firstDifferentLine(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  const CHUNK = 8192;
  while (i + CHUNK <= n && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n && a.length === b.length) return Infinity;
  let line = 0;
  for (let j = a.indexOf('\n'); j !== -1 && j < i; j = a.indexOf('\n', j + 1)) line++;
  return line;
}

/** The statement being written at the cursor. */
export interface CursorContext {
  /** Enclosing blocks, outermost first (empty at the top level of the root file). */
  frames: Frame[];
  /** The complete words of the statement before the cursor (after the last brace on the line). */
  words: string[];
  /** The part of the word under the cursor before it, and where that word starts. */
  prefix: string;
  prefixStart: Position;
  /** The cursor is in a comment or a quoted string. */
  inCommentOrQuote: boolean;
  /** The keywords the enclosing block already holds (from the analysis; empty when the block is new). */
  siblings: Set<string>;
}

/** keepalived's line splitting, enough for the context: words, braces, comments, quotes. */
function scanLine(line: string, end: number, full: boolean, onWord: (w: string, start: number) => void, onBrace: (b: '{' | '}') => void): { comment: boolean; quote: boolean; partial?: { text: string; start: number } } {
  let i = 0;
  // `@id ` / `@^id ` prefixes of conditional lines.
  const at = /^\s*@\^?\S*\s*/.exec(line);
  if (at && line.trimStart().startsWith('@')) i = at[0].length;
  // `$NAME=...` definitions are not statements.
  if (/^\s*\$[A-Za-z_]\w*\s*=/.test(line)) return { comment: true, quote: false };
  let word = '';
  let wordStart = -1;
  let quote = false;
  const flush = (): void => {
    if (wordStart >= 0) onWord(word, wordStart);
    word = '';
    wordStart = -1;
  };
  for (; i < end && i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '"') quote = false;
      else word += c;
      continue;
    }
    if (c === '"') {
      if (wordStart < 0) wordStart = i;
      quote = true;
      continue;
    }
    if (c === '#' || c === '!') {
      flush();
      return { comment: true, quote: false };
    }
    if (c === '{' || c === '}') {
      flush();
      onBrace(c);
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      flush();
      continue;
    }
    if (wordStart < 0) wordStart = i;
    word += c;
  }
  if (quote) return { comment: false, quote: true };
  if (full) {
    flush();
    return { comment: false, quote: false };
  }
  return { comment: false, quote: false, partial: wordStart >= 0 ? { text: word, start: wordStart } : undefined };
}

/**
 * The context at `pos` of `text` (the editor's current text of `file`), using the analysis `config` for what is
 * unchanged above the cursor.
 */
export function cursorContext(config: ParsedConfig | undefined, file: string, text: string, pos: Position): CursorContext {
  const analysed = config?.texts.get(file);
  const diff = analysed === undefined ? 0 : firstDifferentLine(analysed, text);
  const from = Math.min(diff, pos.line);
  const tree = config ? treeContext(config, file, analysed === undefined ? 0 : from) : { frames: [] };
  const frames = tree.frames;
  const treeDepth = frames.length;
  let changed = false;
  const siblings = (): Set<string> => new Set(!changed && frames.length === treeDepth && tree.inner?.block ? tree.inner.block.statements.map((st) => st.keyword.text) : []);
  // Forward scan from `from` to the cursor over the current text.
  let lineStart = 0;
  for (let l = 0; l < from; l++) {
    const nl = text.indexOf('\n', lineStart);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  let lastStatement: string | undefined;
  let words: string[] = [];
  for (let l = from; ; l++) {
    const nl = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, nl < 0 ? text.length : nl);
    const last = l === pos.line;
    let stmt: string | undefined;
    words = [];
    const r = scanLine(
      line,
      last ? pos.character : line.length,
      !last,
      (w) => {
        if (stmt === undefined) stmt = w;
        words.push(w);
      },
      (b) => {
        if (b === '{') frames.push(frameOf(frames[frames.length - 1], stmt ?? lastStatement ?? ''));
        else frames.pop();
        changed = true;
        if (stmt !== undefined) lastStatement = stmt;
        stmt = undefined;
        words = [];
      },
    );
    if (last) {
      const prefix = r.partial?.text ?? '';
      return { frames, words, prefix, prefixStart: { line: l, character: r.partial?.start ?? pos.character }, inCommentOrQuote: r.comment || r.quote, siblings: siblings() };
    }
    if (stmt !== undefined) lastStatement = stmt;
    if (nl < 0) return { frames, words: [], prefix: '', prefixStart: pos, inCommentOrQuote: false, siblings: siblings() };
    lineStart = nl + 1;
  }
}
