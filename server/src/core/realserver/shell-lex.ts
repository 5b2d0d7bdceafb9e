/**
 * A small shell tokenizer for real-server scripts (POSIX sh / bash as people write them in init scripts and blog
 * posts): words made of parts (literal text, quoted text, `$VAR` / `${VAR}` / `${ARR[i]}` parameters, `$(...)`
 * and backquoted command substitutions, `$((...))` arithmetic), operators (`; ;; & && || | ( ) (( ))` and
 * redirections with their fd prefix), newlines, comments and here-documents. Every part keeps its source offsets.
 *
 * Never throws; linear in the size of the text (every character is looked at a bounded number of times: nested
 * `$(...)` are skipped by one scanner, unterminated quotes run to the end of the text).
 */

/** One piece of a word. Offsets are into the whole text. */
export interface Part {
  /**
   * `lit`: literal text (value = source, one character per character); `esc`: one escaped character (`\x`, value
   * `x`); `param`: `$NAME`, `${NAME}`, `${NAME[i]}`, `$1`, `$@`; `arith`: `$((expr))`; `unknown`: anything whose
   * value cannot be known (`$(cmd)`, backquotes, `${X:-y}`, `$?`).
   */
  k: 'lit' | 'esc' | 'param' | 'arith' | 'unknown';
  /** lit/esc: the value; param: the name (`VIP`, `1`, `@`); arith: the expression; unknown: the source. */
  text: string;
  /** param: the array index as written (`@`, `*`, `0`, `$i`). */
  index?: string;
  /** Inside quotes (single or double): no field splitting, no globbing. */
  q: boolean;
  start: number;
  end: number;
}

export interface Word {
  parts: Part[];
  start: number;
  end: number;
  /** `NAME=( a b c )`: the element words (the word itself holds `NAME=`). */
  array?: Word[];
}

export interface Heredoc {
  /** `<<-`: leading tabs are stripped. */
  strip: boolean;
  /** The delimiter was quoted: no expansion in the body. */
  quoted: boolean;
  /** The body lines (without the delimiter line), with their start offsets. */
  lines: { text: string; offset: number }[];
}

export type Tok =
  | { t: 'w'; w: Word; start: number; end: number }
  | { t: 'op'; op: string; start: number; end: number; fd?: string; heredoc?: Heredoc; arith?: string }
  | { t: 'nl'; start: number; end: number };

export interface Comment {
  start: number;
  /** From `#` to the end of the line (no line break). */
  text: string;
}

export interface Lexed {
  toks: Tok[];
  comments: Comment[];
}

const META = new Set([' ', '\t', '\n', '\r', ';', '&', '|', '(', ')', '<', '>']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const ASSIGN_PREFIX = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=$/;

/** The literal text of a word when it is made only of unquoted literal parts (reserved words, operators). */
export function plainText(w: Word): string | undefined {
  let s = '';
  for (const p of w.parts) {
    if (p.k !== 'lit' || p.q) return undefined;
    s += p.text;
  }
  return s;
}

/** The text of a word after quote removal, when it has no expansion (heredoc delimiters, case patterns). */
export function literalText(w: Word): string | undefined {
  let s = '';
  for (const p of w.parts) {
    if (p.k !== 'lit' && p.k !== 'esc') return undefined;
    s += p.text;
  }
  return s;
}

export function lex(text: string): Lexed {
  const n = text.length;
  const toks: Tok[] = [];
  const comments: Comment[] = [];
  const pending: { op: Extract<Tok, { t: 'op' }>; delim: string; strip: boolean; quoted: boolean }[] = [];
  let i = 0;

  /** Index just past the `)` matching an already consumed `(`, skipping quotes and nested parentheses. */
  const skipParens = (from: number, depth0: number): number => {
    let depth = depth0;
    let j = from;
    while (j < n) {
      const c = text[j]!;
      if (c === '\\') { j += 2; continue; }
      if (c === "'") { const e = text.indexOf("'", j + 1); j = e < 0 ? n : e + 1; continue; }
      if (c === '"') { j = skipDq(j + 1); continue; }
      if (c === '`') { j = skipBq(j + 1); continue; }
      if (c === '(') depth++;
      else if (c === ')') { depth--; if (depth === 0) return j + 1; }
      j++;
    }
    return n;
  };
  /** Index just past the closing `"` (from just after the opening one). */
  const skipDq = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = text[j]!;
      if (c === '\\') { j += 2; continue; }
      if (c === '"') return j + 1;
      if (c === '`') { j = skipBq(j + 1); continue; }
      if (c === '$' && text[j + 1] === '(') { j = skipParens(j + 2, 1); continue; }
      j++;
    }
    return n;
  };
  const skipBq = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = text[j]!;
      if (c === '\\') { j += 2; continue; }
      if (c === '`') return j + 1;
      j++;
    }
    return n;
  };
  /** Index just past the `}` closing `${` (from just after the `{`). */
  const skipBrace = (from: number): number => {
    let depth = 1;
    let j = from;
    while (j < n) {
      const c = text[j]!;
      if (c === '\\') { j += 2; continue; }
      if (c === "'") { const e = text.indexOf("'", j + 1); j = e < 0 ? n : e + 1; continue; }
      if (c === '"') { j = skipDq(j + 1); continue; }
      if (c === '{') depth++;
      else if (c === '}') { depth--; if (depth === 0) return j + 1; }
      else if (c === '\n' && depth === 1 && j - from > 200) return j; // runaway `${`
      j++;
    }
    return n;
  };

  /** Reads a `$` expansion at `j` (text[j] === '$'); returns the part and the index after it, or undefined for a literal `$`. */
  const dollar = (j: number, q: boolean): { part: Part; end: number } | undefined => {
    const c = text[j + 1];
    if (c === undefined) return undefined;
    if (c === '{') {
      const end = skipBrace(j + 2);
      const inner = text.slice(j + 2, text[end - 1] === '}' ? end - 1 : end);
      let m = /^([A-Za-z_][A-Za-z0-9_]*|\d+)$/.exec(inner);
      if (m) return { part: { k: 'param', text: m[1]!, q, start: j, end }, end };
      m = /^([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/.exec(inner);
      if (m) return { part: { k: 'param', text: m[1]!, index: m[2]!, q, start: j, end }, end };
      if (inner === '@' || inner === '*') return { part: { k: 'param', text: inner, q, start: j, end }, end };
      return { part: { k: 'unknown', text: text.slice(j, end), q, start: j, end }, end };
    }
    if (c === '(') {
      if (text[j + 2] === '(') {
        const end = skipParens(j + 3, 2);
        const expr = text.slice(j + 3, Math.max(j + 3, end - 2));
        return { part: { k: 'arith', text: expr, q, start: j, end }, end };
      }
      const end = skipParens(j + 2, 1);
      return { part: { k: 'unknown', text: text.slice(j, end), q, start: j, end }, end };
    }
    if (NAME_START.test(c)) {
      let e = j + 2;
      while (e < n && NAME_CHAR.test(text[e]!)) e++;
      return { part: { k: 'param', text: text.slice(j + 1, e), q, start: j, end: e }, end: e };
    }
    if (/[0-9@*]/.test(c)) return { part: { k: 'param', text: c, q, start: j, end: j + 2 }, end: j + 2 };
    if (/[#?$!-]/.test(c)) return { part: { k: 'unknown', text: text.slice(j, j + 2), q, start: j, end: j + 2 }, end: j + 2 };
    return undefined;
  };

  /** Reads a word starting at `i` (not at a metacharacter). */
  const readWord = (): Word => {
    const start = i;
    const parts: Part[] = [];
    let litStart = -1;
    let litQ = false;
    const flush = (end: number) => {
      if (litStart >= 0 && end > litStart) parts.push({ k: 'lit', text: text.slice(litStart, end), q: litQ, start: litStart, end });
      litStart = -1;
    };
    const lit = (j: number, q: boolean) => {
      if (litStart >= 0 && litQ !== q) flush(j);
      if (litStart < 0) { litStart = j; litQ = q; }
    };
    while (i < n) {
      const c = text[i]!;
      if (META.has(c)) break; // (`NAME=(` is read below as an array assignment)
      if (c === '\\') {
        flush(i);
        if (text[i + 1] === '\n') { i += 2; continue; }
        if (text[i + 1] === '\r' && text[i + 2] === '\n') { i += 3; continue; }
        if (i + 1 >= n) { parts.push({ k: 'lit', text: '\\', q: false, start: i, end: i + 1 }); i++; continue; }
        parts.push({ k: 'esc', text: text[i + 1]!, q: false, start: i, end: i + 2 });
        i += 2;
        continue;
      }
      if (c === "'") {
        flush(i);
        const e = text.indexOf("'", i + 1);
        const end = e < 0 ? n : e;
        parts.push({ k: 'lit', text: text.slice(i + 1, end), q: true, start: i + 1, end });
        i = e < 0 ? n : e + 1;
        continue;
      }
      if (c === '"') {
        flush(i);
        i++;
        while (i < n && text[i] !== '"') {
          const d = text[i]!;
          if (d === '\\' && i + 1 < n && '$`"\\\n'.includes(text[i + 1]!)) {
            flush(i);
            if (text[i + 1] !== '\n') parts.push({ k: 'esc', text: text[i + 1]!, q: true, start: i, end: i + 2 });
            i += 2;
            continue;
          }
          if (d === '$') {
            const x = dollar(i, true);
            if (x) { flush(i); parts.push(x.part); i = x.end; continue; }
          }
          if (d === '`') {
            flush(i);
            const e = skipBq(i + 1);
            parts.push({ k: 'unknown', text: text.slice(i, e), q: true, start: i, end: e });
            i = e;
            continue;
          }
          lit(i, true);
          i++;
        }
        flush(i);
        if (i < n) i++; // closing quote
        continue;
      }
      if (c === '`') {
        flush(i);
        const e = skipBq(i + 1);
        parts.push({ k: 'unknown', text: text.slice(i, e), q: false, start: i, end: e });
        i = e;
        continue;
      }
      if (c === '$') {
        if (text[i + 1] === "'") {
          // ANSI-C quoting: literal unless it has escapes
          flush(i);
          let e = i + 2;
          while (e < n && text[e] !== "'") e += text[e] === '\\' ? 2 : 1;
          const body = text.slice(i + 2, Math.min(e, n));
          const end = Math.min(e + 1, n);
          parts.push(body.includes('\\')
            ? { k: 'unknown', text: text.slice(i, end), q: true, start: i, end }
            : { k: 'lit', text: body, q: true, start: i + 2, end: i + 2 + body.length });
          i = end;
          continue;
        }
        if (text[i + 1] === '"') { flush(i); i++; continue; } // $"..." = "..."
        const x = dollar(i, false);
        if (x) { flush(i); parts.push(x.part); i = x.end; continue; }
      }
      lit(i, false);
      i++;
    }
    flush(i);
    const w: Word = { parts, start, end: i };
    if (text[i] === '(' && ASSIGN_PREFIX.test(text.slice(start, i))) {
      // array elements up to the matching `)`
      i++;
      const elems: Word[] = [];
      while (i < n) {
        const c = text[i]!;
        if (c === ')') { i++; break; }
        if (c === ' ' || c === '\t' || c === '\r' || c === '\n') { i++; continue; }
        if (c === '#' ) { const e = text.indexOf('\n', i); i = e < 0 ? n : e; continue; }
        if (META.has(c)) { i++; continue; }
        elems.push(readWord());
      }
      w.array = elems;
      w.end = i;
    }
    return w;
  };

  const readHeredocs = () => {
    for (const h of pending) {
      const lines: Heredoc['lines'] = [];
      while (i < n) {
        let e = text.indexOf('\n', i);
        if (e < 0) e = n;
        let line = text.slice(i, e);
        if (line.endsWith('\r')) line = line.slice(0, -1);
        const cmp = h.strip ? line.replace(/^\t+/, '') : line;
        const offset = i;
        i = e < n ? e + 1 : n;
        if (cmp === h.delim || cmp.trimEnd() === h.delim) break;
        lines.push({ text: line, offset });
      }
      h.op.heredoc = { strip: h.strip, quoted: h.quoted, lines };
    }
    pending.length = 0;
  };

  let wordStart = true; // at a place where `#` starts a comment
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') { i++; wordStart = true; continue; }
    if (c === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') { i += 3; continue; }
    if (c === '\n') {
      toks.push({ t: 'nl', start: i, end: i + 1 });
      i++;
      wordStart = true;
      if (pending.length) readHeredocs();
      continue;
    }
    if (c === '#' && wordStart) {
      let e = text.indexOf('\n', i);
      if (e < 0) e = n;
      let body = text.slice(i, e);
      if (body.endsWith('\r')) body = body.slice(0, -1);
      comments.push({ start: i, text: body });
      i = e;
      continue;
    }
    if (c === ';' || c === '&' || c === '|' || c === '(' || c === ')' || c === '<' || c === '>') {
      const start = i;
      let op: string;
      const three = text.slice(i, i + 3);
      const two = text.slice(i, i + 2);
      if (two === '((' && (toks.length === 0 || isCommandStart(toks[toks.length - 1]!))) {
        const end = skipParens(i + 2, 2);
        toks.push({ t: 'op', op: '((', start, end, arith: text.slice(i + 2, Math.max(i + 2, end - 2)) });
        i = end;
        wordStart = true;
        continue;
      }
      if (three === ';;&' || three === '<<-' || three === '<<<' || three === '&>>') op = three;
      else if (['&&', '||', ';;', ';&', '|&', '>>', '<<', '>&', '<&', '&>', '>|', '<>'].includes(two)) op = two;
      else op = c;
      i += op.length;
      const tok: Extract<Tok, { t: 'op' }> = { t: 'op', op, start, end: i };
      toks.push(tok);
      wordStart = true;
      if (op === '<<' || op === '<<-') {
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        if (i < n && !META.has(text[i]!)) {
          const w = readWord();
          toks.push({ t: 'w', w, start: w.start, end: w.end });
          let delim = '';
          let quoted = false;
          for (const p of w.parts) {
            if (p.k === 'lit' || p.k === 'esc') { delim += p.text; if (p.q || p.k === 'esc') quoted = true; }
            else { delim += text.slice(p.start, p.end); }
          }
          pending.push({ op: tok, delim, strip: op === '<<-', quoted });
        }
      }
      continue;
    }
    // a word
    const w = readWord();
    if (w.end === w.start) { i++; continue; } // cannot happen, but never loop
    // `2>`, `2>>`, `1>&2`: an fd number glued to a redirection
    const nx = text[i];
    if ((nx === '>' || nx === '<') && w.parts.length === 1 && w.parts[0]!.k === 'lit' && !w.parts[0]!.q && /^\d+$/.test(w.parts[0]!.text)) {
      const fd = w.parts[0]!.text;
      const two = text.slice(i, i + 2);
      const three = text.slice(i, i + 3);
      const op = three === '<<-' || three === '<<<' ? three : ['>>', '<<', '>&', '<&', '>|', '<>'].includes(two) ? two : nx;
      const start = w.start;
      i += op.length;
      toks.push({ t: 'op', op, fd, start, end: i });
      wordStart = true;
      continue;
    }
    toks.push({ t: 'w', w, start: w.start, end: w.end });
    wordStart = false;
  }
  if (pending.length) readHeredocs();
  return { toks, comments };
}

function isCommandStart(prev: Tok): boolean {
  if (prev.t === 'nl') return true;
  if (prev.t === 'op') return !prev.op.includes('<') && !prev.op.includes('>'); // `)`: after a case pattern
  const p = plainText(prev.w);
  return p === 'do' || p === 'then' || p === 'else' || p === '{' || p === 'if' || p === 'while' || p === 'until' || p === '!' || p === 'elif';
}
