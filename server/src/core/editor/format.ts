/**
 * Formatting of keepalived.conf files (document and range), editor-agnostic: text in, per-line edits out.
 *
 * What it does (conventional keepalived layout, as in keepalived's own samples):
 * - one indentation level per block (`tabSize` spaces or a tab, as the editor says); `}` at its opener's level;
 * - splits lines at unquoted braces (`global_defs { router_id lb1 }` → three lines): keepalived's reader splits a
 *   line at its first unquoted `{`/`}` anyway, so it reads both forms the same; an empty block stays `X {}`;
 * - one space before a `{` that ends a line (`VI_1{` → `VI_1 {`);
 * - trailing blanks removed, runs of blank lines collapsed to one, blank lines at the end dropped, a final newline.
 *
 * What it never touches beyond indentation (keepalived could read them differently, or the structure is unclear):
 * lines with quotes, escapes or `$` (substitution runs before brace splitting), `@id`/`@^id` lines, `~SEQ`/`~LST`
 * lines, `include` lines, `$NAME=` definitions, lines of value blocks (`virtual_ipaddress { 10.0.0.1 }` stays one
 * line), lines right after a `lvs-config-disable-next-line` comment. Left exactly as they are: the continuation
 * lines of multi-line `$NAME=` definitions, lines with an unterminated quote (indentation only), lines of 1024 bytes
 * or more (keepalived splits or drops them), lines with a NUL byte, lines that re-indenting would push over
 * keepalived's 1023-byte limit. Files with a lone CR (old-Mac line ends: keepalived and the editor disagree on
 * where lines are) are not formatted at all. Words, quotes and comments are never changed, joined or dropped.
 *
 * Edits are per line (indentation, trailing blanks, a split line, a dropped blank line), so cursors and undo
 * behave. Formatting is idempotent.
 */
import { lookupKeyword } from '../schema/index';
import type { Range } from '../types';
import { MAX_LINE_BYTES } from '../keepalived/preprocess';

export interface FormatOptions {
  tabSize: number;
  insertSpaces: boolean;
}

/** A text edit of the file being formatted (no file name: the caller knows it). */
export interface FormatEdit {
  range: Range;
  newText: string;
}

const INCLUDE_WORD = /^include[rmwba]?(?:[ \t]|$)/;
const DEFINITION = /^\$[A-Za-z_][A-Za-z0-9_]*=/;
const NEXT_LINE_DIRECTIVE = /lvs-config-disable-next-line/;

/** A block being read: its path (undefined in unknown blocks) and whether it is a value block. */
interface Frame {
  path: string | undefined;
  value: boolean;
}

interface Piece {
  /** '{', '}' or a text run (trimmed). */
  text: string;
  brace: boolean;
  /** Offset of the piece in the code text. */
  at: number;
  end: number;
}

/** Comment cut of a line's text as keepalived's decomment() finds it: index of the `#`/`!`, and whether a quote is left open. */
function commentCut(body: string): { cut: number; openQuote: boolean } {
  let quote = false;
  for (let k = 0; k < body.length; k++) {
    const c = body.charCodeAt(k);
    if (c === 34) quote = !quote;
    else if (c === 92) {
      if (k + 1 < body.length) k++;
    } else if (!quote && (c === 35 || c === 33)) return { cut: k, openQuote: false };
  }
  return { cut: body.length, openQuote: quote };
}

/** Braces and text runs of a comment-free line, as the reader's scan splits it (a word starting with `"` runs to the next `"`). */
function pieces(code: string): Piece[] {
  const out: Piece[] = [];
  const n = code.length;
  let i = 0;
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart >= 0) out.push({ text: code.slice(runStart, runEnd), brace: false, at: runStart, end: runEnd });
    runStart = -1;
  };
  while (i < n) {
    const c = code.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12 || c === 11 || c === 13) {
      i++;
      continue;
    }
    if (c === 123 || c === 125) {
      flush();
      out.push({ text: c === 123 ? '{' : '}', brace: true, at: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    if (c === 34) {
      const close = code.indexOf('"', i + 1);
      i = close < 0 ? n : close + 1;
    } else {
      while (i < n) {
        const d = code.charCodeAt(i);
        if (d === 32 || d === 9 || d === 123 || d === 125 || d === 12 || d === 11 || d === 13) break;
        i++;
      }
    }
    if (runStart < 0) runStart = start;
    runEnd = i;
  }
  flush();
  return out;
}

function firstWord(text: string): string {
  const m = /^[^ \t\f\v\r]+/.exec(text);
  return m ? m[0] : '';
}

function byteLength(s: string): number {
  // Most lines are short ASCII: no need to count.
  return s.length * 3 + 1 < MAX_LINE_BYTES ? s.length : Buffer.byteLength(s, 'utf8');
}

interface Line {
  /** Offset of the line's first character and of its end (before the line break). */
  start: number;
  end: number;
  /** Whether a line break follows. */
  eol: boolean;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) {
      lines.push({ start, end: text.length, eol: false });
      return lines;
    }
    lines.push({ start, end: nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl, eol: true });
    start = nl + 1;
  }
}

/**
 * The edits that format `text` (a keepalived.conf file read on its own: indentation starts at 0 at its top).
 * With `range`, only the edits of the lines it covers (block depth still comes from the whole file).
 */
export function formatKeepalived(text: string, options: FormatOptions, range?: Range): FormatEdit[] {
  // A lone CR: editors and keepalived disagree on the lines; formatting could join or split statements.
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return [];
  const unit = options.insertSpaces ? ' '.repeat(Math.max(1, Math.min(16, Math.floor(options.tabSize) || 4))) : '\t';
  const indents: string[] = [''];
  const indent = (d: number): string => {
    while (indents.length <= d) indents.push(indents[indents.length - 1] + unit);
    return indents[d];
  };
  const eol = /\r\n/.test(text.slice(0, (text.indexOf('\n') + 1) || 0)) ? '\r\n' : '\n';
  const lines = splitLines(text);
  const edits: FormatEdit[] = [];
  const first = range ? range.start.line : 0;
  const last = range ? (range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line) : lines.length;
  const inRange = (l: number): boolean => l >= first && l <= last;

  const frames: Frame[] = [];
  let path: string | undefined = '_top';
  let value = false;
  let lastKeyword = '';
  let inDefinition = false;
  /** The line before was blank (a blank line at the top of the file is kept: it may separate a header). */
  let blankBefore = false;
  let afterDirective = false;
  let lastContent = -1;
  for (let l = lines.length - 1; l >= 0; l--) {
    if (/[^ \t]/.test(text.slice(lines[l].start, lines[l].end))) {
      lastContent = l;
      break;
    }
  }

  const open = (keyword: string): void => {
    frames.push({ path, value });
    if (value || path === undefined) {
      path = undefined;
      return;
    }
    const spec = keyword ? lookupKeyword(path, keyword) : undefined;
    if (spec?.shape === 'block') path = spec.subBlock;
    else if (spec?.shape === 'valueBlock') value = true;
    else path = undefined;
  };
  const close = (): void => {
    const f = frames.pop();
    if (f) {
      path = f.path;
      value = f.value;
    }
  };
  /** Follow the braces of a line that is not split, for the block stack. */
  const follow = (ps: Piece[]): void => {
    for (const p of ps) {
      if (!p.brace) lastKeyword = firstWord(p.text);
      else if (p.text === '{') {
        open(lastKeyword);
        lastKeyword = '';
      } else {
        close();
        lastKeyword = '';
      }
    }
  };

  const replaceLine = (l: number, line: Line, newText: string): void => {
    if (!inRange(l)) return;
    const old = text.slice(line.start, line.end);
    if (old === newText) return;
    // Common prefix and suffix: the edit covers only what changes (indentation alone, trailing blanks alone).
    let p = 0;
    const max = Math.min(old.length, newText.length);
    while (p < max && old.charCodeAt(p) === newText.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && old.charCodeAt(old.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
    // Indentation and trailing blanks changed but not the text between them: two edits, cursors in the text stay.
    const lead = /^[ \t]*/.exec(old)![0].length;
    const newLead = /^[ \t]*/.exec(newText)![0].length;
    const body = old.slice(lead).replace(/[ \t]+$/, '');
    if (body.length && newText.length === newLead + body.length && newText.endsWith(body) && old.length > lead + body.length) {
      if (old.slice(0, lead) !== newText.slice(0, newLead)) {
        edits.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: lead } }, newText: newText.slice(0, newLead) });
      }
      edits.push({ range: { start: { line: l, character: lead + body.length }, end: { line: l, character: old.length } }, newText: '' });
      return;
    }
    edits.push({ range: { start: { line: l, character: p }, end: { line: l, character: old.length - s } }, newText: newText.slice(p, newText.length - s) });
  };
  const deleteLine = (l: number): void => {
    if (!inRange(l)) return;
    edits.push({ range: { start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }, newText: '' });
  };
  /** The line re-indented to `depth`, or unchanged when that would make it too long for keepalived. */
  const reindent = (l: number, line: Line, depth: number, body: string): void => {
    const out = indent(depth) + body;
    if (byteLength(out) + 1 >= MAX_LINE_BYTES) return;
    replaceLine(l, line, out);
  };

  for (let l = 0; l < lines.length; l++) {
    if (l > last) break; // a range: the lines after it need no edit (the lines before it give the depth)
    const line = lines[l];
    const raw = text.slice(line.start, line.end);
    if (inDefinition) {
      // Continuation lines of a multi-line `$NAME=` definition: keepalived appends them verbatim (an empty line ends it).
      if (raw.length === 0) inDefinition = false;
      else {
        const nul = raw.indexOf('\0');
        const t = (nul >= 0 ? raw.slice(0, nul) : raw).trim();
        if (t.length) {
          const code = t.slice(0, commentCut(t).cut).replace(/[ \t]+$/, '');
          if (code.length && !code.endsWith('\\')) inDefinition = false;
        }
      }
      blankBefore = false;
      afterDirective = false;
      continue;
    }
    if (byteLength(raw) + (line.eol ? 1 : 0) >= MAX_LINE_BYTES || raw.indexOf('\0') >= 0) {
      // keepalived splits (2.2.x) or drops (newer) long lines and stops at a NUL: left exactly as they are.
      blankBefore = false;
      afterDirective = false;
      continue;
    }
    let lead = 0;
    while (lead < raw.length && (raw.charCodeAt(lead) === 32 || raw.charCodeAt(lead) === 9)) lead++;
    let bodyEnd = raw.length;
    while (bodyEnd > lead && (raw.charCodeAt(bodyEnd - 1) === 32 || raw.charCodeAt(bodyEnd - 1) === 9)) bodyEnd--;
    if (bodyEnd === lead) {
      // A blank line: at most one in a row, none at the end of the file.
      if (blankBefore || l > lastContent) {
        if (l > lastContent && !line.eol) {
          // The last line (no line break after it): drop its blanks; the line break before it is dropped with the
          // previous blank line, or stays as the final newline.
          replaceLine(l, line, '');
        } else deleteLine(l);
      } else replaceLine(l, line, '');
      blankBefore = true;
      afterDirective = false;
      continue;
    }
    blankBefore = false;
    const body = raw.slice(lead, bodyEnd);
    const { cut, openQuote } = commentCut(body);
    const code = body.slice(0, cut).replace(/[ \t]+$/, '');
    const comment = body.slice(cut);
    const depth = frames.length;
    const wasAfterDirective = afterDirective;
    afterDirective = cut < body.length && NEXT_LINE_DIRECTIVE.test(comment);
    if (code.length === 0) {
      // A comment line: at the depth of the statements around it.
      reindent(l, line, depth, body);
      continue;
    }
    if (openQuote) {
      // Unterminated quote: keepalived reads the rest of the line as one word. Indentation only.
      const ps = pieces(code);
      reindent(l, line, ps[0]?.text === '}' ? Math.max(0, depth - 1) : depth, raw.slice(lead));
      follow(ps);
      continue;
    }
    const c0 = code.charCodeAt(0);
    if (c0 === 36 /*$*/ && DEFINITION.test(code)) {
      // `$NAME=value`: keepalived strips the indentation; the value (and a `\` continuation) is left alone.
      reindent(l, line, depth, body);
      if (code.endsWith('\\')) inDefinition = true;
      continue;
    }
    let ps: Piece[];
    let conservative = false;
    if (c0 === 64 /*@*/) {
      // `@id rest`: the prefix applies to the whole physical line; braces of the rest count.
      const m = /^@\^?[^ \t]*[ \t]+/.exec(code);
      ps = m ? pieces(code.slice(m[0].length)) : [];
      conservative = true;
    } else {
      ps = pieces(code);
      conservative =
        value ||
        wasAfterDirective ||
        c0 === 126 /*~*/ ||
        INCLUDE_WORD.test(code) ||
        /["\\$]/.test(code) ||
        // `word!x`: a comment glued to a word (comment-in-word), a lexical problem: the line stays as written.
        (cut < body.length && code.length === cut);
      // Text after a brace that would start a line of its own: keepalived reads it as words of the same line, a
      // line of its own would be a conditional, a ~SEQ or an include.
      for (let k = 1; k < ps.length && !conservative; k++) {
        const t = ps[k].text;
        if (!ps[k].brace && (t[0] === '@' || t[0] === '~' || INCLUDE_WORD.test(t))) conservative = true;
      }
    }
    const closesFirst = ps.length > 0 && ps[0].brace && ps[0].text === '}';
    const lineDepth = closesFirst ? Math.max(0, depth - 1) : depth;
    if (conservative || ps.length <= 1 || (ps.length === 2 && !ps[0].brace && ps[1].text === '{')) {
      let out = body;
      if (!conservative && ps.length === 2) {
        // `keyword args{` → `keyword args {`
        out = ps[0].text + ' {' + body.slice(code.length);
      }
      reindent(l, line, lineDepth, out);
      follow(ps);
      continue;
    }
    // Split at the braces: each brace and each text run between them on its own line, except value blocks
    // opened on this line, which stay on one line up to their `}`.
    const outLines: string[] = [];
    let cur = '';
    let curDepth = frames.length;
    const flush = (): void => {
      if (cur) outLines.push(indent(curDepth) + cur);
      cur = '';
    };
    for (let k = 0; k < ps.length; k++) {
      const p = ps[k];
      if (!p.brace) {
        flush();
        cur = p.text;
        curDepth = frames.length;
        lastKeyword = firstWord(p.text);
        continue;
      }
      if (p.text === '}') {
        flush();
        close();
        cur = '}';
        curDepth = frames.length;
        lastKeyword = '';
        continue;
      }
      // '{'
      const head = cur && cur !== '{' && cur !== '}' ? cur : '';
      if (!head) {
        flush();
        curDepth = frames.length;
      }
      open(lastKeyword);
      lastKeyword = '';
      const next = ps[k + 1];
      if (next && next.brace && next.text === '}') {
        // An empty block stays on one line: `MISC_CHECK {}`.
        close();
        cur = head ? head + ' {}' : '{}';
        k++;
        continue;
      }
      if (value) {
        // A value block: the rest of it on this line stays as written.
        let d = 1;
        let j = k + 1;
        for (; j < ps.length && d > 0; j++) {
          if (ps[j].text === '{' && ps[j].brace) d++;
          else if (ps[j].text === '}' && ps[j].brace) d--;
        }
        const endAt = d === 0 ? ps[j - 1].end : code.length;
        const rest = code.slice(p.at, endAt);
        cur = head ? head + ' ' + rest : rest;
        // The stack follows the braces of the value block's rest.
        for (let m = k + 1; m < j; m++) {
          if (ps[m].text === '{' && ps[m].brace) open('');
          else if (ps[m].text === '}' && ps[m].brace) close();
        }
        k = j - 1;
        continue;
      }
      cur = head ? head + ' {' : '{';
    }
    if (comment) cur += body.slice(code.length);
    flush();
    const out = outLines.join(eol);
    if (outLines.some((o) => byteLength(o) + 1 >= MAX_LINE_BYTES)) continue;
    replaceLine(l, line, out);
  }
  // A final newline.
  const lastLine = lines[lines.length - 1];
  if (lastContent >= 0 && lastLine.end > lastLine.start && lastContent === lines.length - 1 && inRange(lines.length - 1) && !inDefinition) {
    edits.push({ range: { start: { line: lines.length - 1, character: lastLine.end - lastLine.start }, end: { line: lines.length - 1, character: lastLine.end - lastLine.start } }, newText: eol });
  }
  return mergeDeletions(edits);
}

/** Adjacent whole-line deletions as one edit (fewer, equivalent edits). */
function mergeDeletions(edits: FormatEdit[]): FormatEdit[] {
  const out: FormatEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    if (
      prev &&
      e.newText === '' &&
      prev.newText === '' &&
      prev.range.start.character === 0 &&
      prev.range.end.character === 0 &&
      e.range.start.character === 0 &&
      e.range.end.character === 0 &&
      prev.range.end.line === e.range.start.line
    ) {
      prev.range = { start: prev.range.start, end: e.range.end };
    } else out.push(e);
  }
  return out;
}

/** Apply non-overlapping edits in document order to a text (for tests and the CLI-free callers). */
export function applyEdits(text: string, edits: FormatEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: { line: number; character: number }): number => (p.line < starts.length ? Math.min(starts[p.line] + p.character, text.length) : text.length);
  const sorted = [...edits].sort((a, b) => offset(a.range.start) - offset(b.range.start));
  let out = '';
  let at = 0;
  for (const e of sorted) {
    const s = offset(e.range.start);
    const en = offset(e.range.end);
    if (s < at) throw new Error(`overlapping edits at ${e.range.start.line}:${e.range.start.character}`);
    out += text.slice(at, s) + e.newText;
    at = en;
  }
  return out + text.slice(at);
}
