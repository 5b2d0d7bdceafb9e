/**
 * keepalived's line pipeline, as lib/parser.c read_line() runs it (see shared/docs/lvs-domain.md §1.2):
 * physical line → 1024-byte limit → decomment (`#`/`!` outside quotes) → `@id`/`@^id` filter →
 * `$NAME=value` definitions (with `\` continuation) → `~SEQ`/`~LST` replay → `$NAME`/`${NAME}` substitution
 * → include (glob, relative to the including file) → brace splitting and word splitting → tokens.
 *
 * A hand-written scanner: it is the hot path (a 1.4 MB config is 74k lines) and it has to keep a source map
 * from every produced word back to its file, line and columns.
 */
import * as path from 'node:path';
import type { TokenType } from 'chevrotain';
import type { Host } from '../host';
import type { Range } from '../types';
import type {
  ConditionalLine,
  Definition,
  Directive,
  Expansion,
  IncludeDirective,
  IncludeForm,
  LexicalIssue,
  ParsedConfig,
  VariableUse,
  Word as WordNode,
} from './ast';
import { LCurly, Line, RCurly, type KToken } from './tokens';
import { SourceWord } from './ast';

/** keepalived reads lines with fgets() into a 1024-byte buffer (lib/parser.h MAXBUF). */
export const MAX_LINE_BYTES = 1024;
const MAX_INCLUDED_FILES = 1000;
const MAX_INCLUDE_DEPTH = 32;
const MAX_EXPANSIONS_PER_LINE = 256;
const MAX_EXPANSION_DEPTH = 32;
/** Include directives followed, in all (keepalived re-reads a file each time it is included). */
const MAX_INCLUDE_READS = 2000;
const MAX_SEQ_LINES = 100_000;
/** Real configs nest 5 levels deep; beyond this, braces are read as plain words (and reported once). */
export const MAX_NESTING = 64;
const INCLUDE_FORMS = new Set<string>(['include', 'includer', 'includem', 'includew', 'includeb', 'includea']);

/** A piece of line text with its source map. Without `cols`, char i sits at column `base + i`. */
interface Seg {
  text: string;
  line: number;
  base: number;
  cols?: number[];
  ends?: number[];
  exps?: (Expansion | undefined)[];
}

export interface PreprocessOptions {
  /** keepalived's `--config-id`: `@ID` lines are active when ID equals it. Undefined: no `@ID` line is active. */
  configId?: string;
  /**
   * The root text is a part of its file that starts at this line (0-based): positions count from there. For
   * core/incremental.ts, which reads the edited statements of a large file alone. Default 0.
   */
  firstLine?: number;
}

/** What the reader hands on: the tokens, and the parts of ParsedConfig it finds itself. */
export type PreprocessResult = Pick<ParsedConfig, 'files' | 'texts' | 'includes' | 'conditionals' | 'definitions' | 'uses' | 'directives' | 'issues'> & {
  tokens: KToken[];
};

function rng(line: number, s: number, e: number): Range {
  return { start: { line, character: s }, end: { line, character: e } };
}

function colOf(seg: Seg, i: number): number {
  return seg.cols ? (i < seg.cols.length ? seg.cols[i] : (seg.ends![seg.cols.length - 1] ?? seg.base)) : seg.base + i;
}
function endOf(seg: Seg, i: number): number {
  return seg.ends ? seg.ends[i] : seg.base + i + 1;
}
function sliceSeg(seg: Seg, from: number, to = seg.text.length): Seg {
  if (!seg.cols) return { text: seg.text.slice(from, to), line: seg.line, base: seg.base + from };
  return {
    text: seg.text.slice(from, to),
    line: seg.line,
    base: seg.base,
    cols: seg.cols.slice(from, to),
    ends: seg.ends!.slice(from, to),
    exps: seg.exps?.slice(from, to),
  };
}
/** Make the source map explicit (before an edit that moves text). */
function explicit(seg: Seg): Required<Pick<Seg, 'cols' | 'ends'>> & Seg {
  if (seg.cols) {
    if (!seg.exps) seg.exps = new Array(seg.text.length);
    return seg as Required<Pick<Seg, 'cols' | 'ends'>> & Seg;
  }
  const n = seg.text.length;
  const cols = new Array<number>(n);
  const ends = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    cols[i] = seg.base + i;
    ends[i] = seg.base + i + 1;
  }
  return { text: seg.text, line: seg.line, base: seg.base, cols, ends, exps: new Array(n) };
}

const NAME_START = /[A-Za-z_]/;
/** The shared empty argument list (never mutated). */
const NO_ARGS: WordNode[] = Object.freeze([]) as unknown as WordNode[];
/** Characters that need decomment()'s careful walk. */
const SPECIAL = /[#!"\\]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export class Preprocessor {
  readonly tokens: KToken[] = [];
  readonly files: string[] = [];
  readonly texts = new Map<string, string>();
  readonly includes: IncludeDirective[] = [];
  readonly conditionals: ConditionalLine[] = [];
  readonly definitions: Definition[] = [];
  readonly uses: VariableUse[] = [];
  readonly directives: Directive[] = [];
  readonly issues: LexicalIssue[] = [];

  private readonly defs = new Map<string, Definition>();
  private readonly stack: string[] = [];
  private pendingDef: Definition | undefined;
  private file = '';
  private seqBudget = MAX_SEQ_LINES;
  private depth = 0;
  private loneCrReported = false;
  private includeReads = 0;
  /** Canonical paths of the files being read (the include stack) and of every file read, by first path. */
  private readonly realStack: string[] = [];
  private readonly readReal = new Map<string, string>();
  private seqLimitReported = false;
  private readonly cyclesSeen = new Set<string>();
  private includeReadsReported = false;
  /** Set when substitution on the current line ran away: the line is dropped after one report. */
  private limitHit = false;
  private nestingReported = false;
  private offset = 0;

  constructor(
    private readonly host: Host,
    private readonly options: PreprocessOptions = {},
  ) {}

  result(): PreprocessResult {
    return {
      tokens: this.tokens,
      files: this.files,
      texts: this.texts,
      includes: this.includes,
      conditionals: this.conditionals,
      definitions: this.definitions,
      uses: this.uses,
      directives: this.directives,
      issues: this.issues,
    };
  }

  /** Read a file (the root, or an include target) and append its tokens. */
  readFile(file: string, text: string): void {
    if (this.stack.length === 0) {
      const real = this.host.realpath?.(file) ?? file;
      this.realStack.push(real);
      this.readReal.set(real, file);
    }
    if (!this.texts.has(file)) {
      this.files.push(file);
      this.texts.set(file, text);
    }
    const savedFile = this.file;
    this.file = file;
    this.stack.push(file);
    this.pendingDef = undefined;
    const n = text.length;
    let start = 0;
    let line = this.stack.length === 1 ? (this.options.firstLine ?? 0) : 0;
    // Lines end at \n (\r\n too: physicalLine drops the \r). A lone \r is a line break for editors (LSP
    // positions count it) but not for keepalived: split there so positions match the editor, and say so once.
    let loneCr = text.indexOf('\r') >= 0 ? findLoneCr(text, 0) : -1;
    // Where the next character that needs the line pipeline is (see plainLine): found by one native regex
    // scan ahead, not per line.
    let special = -1;
    while (start <= n) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = n;
      let next = end + 1;
      if (loneCr >= 0 && loneCr < end) {
        if (!this.loneCrReported) {
          this.loneCrReported = true;
          this.issue('lone-cr', rng(line, loneCr - start, loneCr - start), 'A lone carriage return (CR without LF): editors show a line break here, keepalived does not (it reads both parts as one line). Convert the file to LF line endings.');
        }
        end = loneCr;
        next = loneCr + 1;
        loneCr = findLoneCr(text, next);
      }
      if (end > start || start < n) {
        let e = end;
        if (e > start && text.charCodeAt(e - 1) === 13) e--;
        if (special < start) special = nextSpecial(text, start);
        // Most lines: nothing for the pipeline to do (see plainLine), straight from the file text to words.
        if (!(special >= e && !this.pendingDef && (e - start) * 3 + 1 < MAX_LINE_BYTES && this.plainLine(text, start, e, line))) {
          this.physicalLine(text, start, end, line, end < n);
        }
      }
      if (end >= n) break;
      start = next;
      line++;
    }
    this.pendingDef = undefined;
    this.stack.pop();
    this.file = savedFile;
  }

  private issue(kind: LexicalIssue['kind'], range: Range, message: string, related?: LexicalIssue['related']): void {
    this.issues.push({ kind, file: this.file, range, message, related });
  }

  private physicalLine(text: string, start: number, end: number, line: number, hasNewline: boolean): void {
    let raw = text.slice(start, end);
    if (raw.length && raw.charCodeAt(raw.length - 1) === 13) raw = raw.slice(0, -1);
    if (raw.length === 0) {
      if (this.pendingDef) this.pendingDef = undefined;
      return;
    }
    if (raw.length * 3 + 1 >= MAX_LINE_BYTES) {
      const bytes = Buffer.byteLength(raw, 'utf8') + (hasNewline ? 1 : 0);
      if (bytes >= MAX_LINE_BYTES) {
        this.issue(
          'line-too-long',
          rng(line, 0, raw.length),
          `Line is ${bytes} bytes; keepalived reads at most ${MAX_LINE_BYTES - 1} bytes per line (2.2.x splits the rest into a new line, newer versions ignore the whole line). Split it, or move the values into a \`$NAME\` multi-line definition.`,
        );
      }
    }
    const nul = raw.indexOf('\0');
    if (nul >= 0) {
      // keepalived's C strings end at the NUL: it reads only the text before it.
      this.issue('nul-byte', rng(line, nul, raw.length), `Line contains a NUL byte: keepalived reads only the text before it${nul ? ` (\`${raw.slice(0, nul).trim().slice(0, 60)}\`)` : ', so the line is empty'}. Is this a binary file, or a broken save?`);
      raw = raw.slice(0, nul);
      if (!raw.trim()) return;
    }
    let seg: Seg;
    if (!SPECIAL.test(raw)) {
      // Fast path (most lines): no comment, quote or escape: trim blanks.
      let b = 0;
      while (b < raw.length && (raw.charCodeAt(b) === 32 || raw.charCodeAt(b) === 9)) b++;
      let e = raw.length;
      while (e > b && (raw.charCodeAt(e - 1) === 32 || raw.charCodeAt(e - 1) === 9)) e--;
      if (b === e) return;
      const c0 = raw.charCodeAt(b);
      if (!this.pendingDef && c0 !== 64 /*@*/ && c0 !== 126 /*~*/ && raw.indexOf('$', b) < 0 && !raw.startsWith('include', b)) {
        // Nothing for the line pipeline to do: straight to words.
        this.emitPlain(raw, b, e, line, 0);
        return;
      }
      seg = { text: b || e < raw.length ? raw.slice(b, e) : raw, line, base: b };
    } else seg = this.decomment({ text: raw, line, base: 0 }, true);
    if (seg.text.length === 0) return;
    if (this.pendingDef) {
      this.continueDefinition(seg);
      return;
    }
    this.logicalLine(seg, 0);
  }

  /** Strip leading blanks, comments (`#`/`!` outside quotes, `\#` `\!` escapes) and trailing blanks. */
  private decomment(seg: Seg, report: boolean): Seg {
    const t = seg.text;
    let i = 0;
    while (i < t.length && (t[i] === ' ' || t[i] === '\t')) i++;
    let s: Seg = i ? sliceSeg(seg, i) : seg;
    let text = s.text;
    // Fast path: nothing special on the line.
    let special = -1;
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === 35 /*#*/ || c === 33 /*!*/ || c === 34 /*"*/ || c === 92 /*\\*/) {
        special = k;
        break;
      }
    }
    if (special >= 0) {
      let quote = false;
      let quoteAt = -1;
      let cut = -1;
      for (let k = special; k < text.length; k++) {
        const c = text[k];
        if (c === '"') {
          quote = !quote;
          if (quote) quoteAt = k;
        } else if (c === '\\') {
          if (k + 1 < text.length) {
            if (!quote && (text[k + 1] === '#' || text[k + 1] === '!')) {
              const x = explicit(s);
              x.cols.splice(k, 1);
              x.ends.splice(k, 1);
              x.exps?.splice(k, 1);
              text = text.slice(0, k) + text.slice(k + 1);
              x.text = text;
              s = x;
            } else k++;
          }
        } else if (!quote && (c === '#' || c === '!')) {
          cut = k;
          break;
        }
      }
      if (quote && report) {
        this.issue(
          'unterminated-quote',
          rng(s.line, colOf(s, quoteAt), endOf(s, text.length - 1)),
          'Unterminated quote: the string runs to the end of the line. keepalived reports "Unterminated quote" and reads the rest of the line as one word. Add the closing `"`.',
        );
      }
      if (cut >= 0) {
        const prev = text[cut - 1];
        if (report && cut > 0 && prev !== ' ' && prev !== '\t' && prev !== undefined) {
          // `auth_pass s3cr3t!x`: the `!` ends the line although it looks like part of the word.
          let ws = cut;
          while (ws > 0 && text[ws - 1] !== ' ' && text[ws - 1] !== '\t') ws--;
          let we = cut;
          while (we < text.length && text[we] !== ' ' && text[we] !== '\t') we++;
          this.issue(
            'comment-in-word',
            rng(s.line, colOf(s, cut), endOf(s, we - 1)),
            `\`${text[cut]}\` starts a comment in keepalived.conf, even in the middle of a word: keepalived reads \`${text.slice(ws, cut)}\`, not \`${text.slice(ws, we)}\`. Escape it as \`\\${text[cut]}\` (or quote the word) if it is part of the value; put a space before it if it is a comment.`,
          );
        }
        if (report && text.indexOf('lvs-config-', cut) > 0) {
          this.directive(text.slice(cut), s, cut);
        }
        s = sliceSeg(s, 0, cut);
      }
    }
    text = s.text;
    let e = text.length;
    while (e > 0 && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    return e < text.length ? sliceSeg(s, 0, e) : s;
  }

  /** `# lvs-config-disable-next-line RULE[,RULE]` / `# lvs-config-disable RULE[,RULE]` (no RULE: all rules). */
  private directive(comment: string, s: Seg, at: number): void {
    const m = /^[#!]\s*lvs-config-(disable-next-line|disable)\b\s*([\w-]+(?:\s*,\s*[\w-]+)*)?\s*(?:--.*)?$/.exec(comment);
    if (!m) return;
    this.directives.push({
      kind: m[1] === 'disable' ? 'file' : 'next-line',
      rules: m[2] ? m[2].split(',').map((r) => r.trim()) : [],
      file: this.file,
      line: s.line,
      range: rng(s.line, colOf(s, at), endOf(s, at + comment.length - 1)),
    });
  }

  private continueDefinition(seg: Seg): void {
    const def = this.pendingDef!;
    let text = seg.text;
    if (text.endsWith('\\')) {
      text = text.slice(0, -1).replace(/[ \t]+$/, '');
      if (text.length) def.value += (def.value.length ? '\n' : '') + text;
    } else {
      def.value += (def.value.length ? '\n' : '') + text;
      this.pendingDef = undefined;
    }
  }

  private logicalLine(seg: Seg, depth: number): void {
    for (let round = 0; ; round++) {
      const text = seg.text;
      if (text.length === 0) return;
      const c0 = text[0];
      if (c0 === '@') {
        const neg = text[1] === '^';
        const ofs = neg ? 2 : 1;
        let k = ofs;
        while (k < text.length && text[k] !== ' ' && text[k] !== '\t') k++;
        const id = text.slice(ofs, k);
        const prefixRange = rng(seg.line, colOf(seg, 0), endOf(seg, k - 1));
        if (k >= text.length) {
          // keepalived needs something after the id: the line is dropped.
          this.conditionals.push({ file: this.file, line: seg.line, range: prefixRange, id, negated: neg, active: false });
          return;
        }
        const matches = this.options.configId !== undefined && id === this.options.configId;
        const active = matches !== neg;
        if (round === 0 || !seg.cols) {
          this.conditionals.push({ file: this.file, line: seg.line, range: prefixRange, id, negated: neg, active });
        }
        if (!active) return;
        while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
        seg = sliceSeg(seg, k);
        continue;
      }
      if (c0 === '$' && this.tryDefinition(seg)) return;
      if (c0 === '~') {
        if (text.startsWith('~SEQ') || text.startsWith('~LST')) this.sequence(seg, depth);
        else this.emit(seg);
        return;
      }
      if (text.indexOf('$') >= 0 && round < 8) {
        this.limitHit = false;
        const replaced = this.substitute(seg);
        if (this.limitHit) return;
        if (replaced) {
          for (let i = 1; i < replaced.length; i++) this.pendingLines.push(replaced[i]);
          seg = replaced[0];
          if (seg.text[0] === '@' || seg.text.indexOf('$') >= 0) continue;
          // keepalived re-runs decomment on substituted text
          seg = this.decomment(seg, false);
        }
      }
      break;
    }
    if (this.tryInclude(seg)) {
      this.flushPending(depth);
      return;
    }
    this.emit(seg);
    this.flushPending(depth);
  }

  private pendingLines: Seg[] = [];
  private flushPending(depth: number): void {
    if (this.pendingLines.length === 0) return;
    const lines = this.pendingLines;
    this.pendingLines = [];
    if (depth >= MAX_EXPANSION_DEPTH) {
      const l = lines[0];
      this.issues.push({ kind: 'expansion-limit', file: this.file, range: rng(l.line, colOf(l, 0), colOf(l, 0)), message: `Multi-line definitions expand into each other more than ${MAX_EXPANSION_DEPTH} levels deep (a definition that uses itself?); the rest is not analysed.` });
      return;
    }
    for (const l of lines) {
      // Lines produced by multi-line definitions share the ~SEQ budget: expansion is bounded in total.
      if (--this.seqBudget < 0) return this.seqLimit(l);
      this.logicalLine(this.decomment(l, false), depth + 1);
    }
  }

  private tryDefinition(seg: Seg): boolean {
    const m = /^\$([A-Za-z_][A-Za-z0-9_]*)=[ \t]*(.*)$/.exec(seg.text);
    if (!m) return false;
    const name = m[1];
    let value = m[2];
    let multiline = false;
    if (value.endsWith('\\')) {
      multiline = true;
      value = value.slice(0, -1).replace(/[ \t]+$/, '');
    }
    const def: Definition = {
      name,
      value,
      multiline,
      location: { file: this.file, range: rng(seg.line, colOf(seg, 0), endOf(seg, seg.text.length - 1)) },
      nameRange: rng(seg.line, colOf(seg, 1), endOf(seg, name.length)),
    };
    this.defs.set(name, def);
    this.definitions.push(def);
    if (multiline) this.pendingDef = def;
    return true;
  }

  /** `$NAME` (followed by blank, `,`, `)` or end) and `${NAME}` / `${NAME params}`; undefined names stay. */
  private substitute(seg: Seg): Seg[] | undefined {
    let s = seg;
    let text = s.text;
    let changed = false;
    let extra: Seg[] = [];
    let count = 0;
    let p = text.indexOf('$');
    while (p >= 0 && p + 1 < text.length) {
      const braces = text[p + 1] === '{';
      let k = p + (braces ? 2 : 1);
      if (!NAME_START.test(text[k] ?? '')) {
        p = text.indexOf('$', p + 1);
        continue;
      }
      let e = k + 1;
      while (e < text.length && NAME_CHAR.test(text[e])) e++;
      const name = text.slice(k, e);
      let params = '';
      let useEnd: number;
      if (braces) {
        let q = e;
        while (q < text.length && (text[q] === ' ' || (text[q] >= '0' && text[q] <= '9') || (name === '_ENV' && /\S/.test(text[q]) && text[q] !== '}'))) q++;
        if (text[q] !== '}') {
          p = text.indexOf('$', p + 1);
          continue;
        }
        params = text.slice(e, q).trim();
        useEnd = q + 1;
      } else {
        const c = text[e];
        if (c !== undefined && c !== ' ' && c !== '\t' && c !== ',' && c !== ')') {
          p = text.indexOf('$', p + 1);
          continue;
        }
        useEnd = e;
      }
      const alone = p === 0 && useEnd === text.length;
      const value = this.lookup(name, params, alone);
      if (value === undefined) {
        p = text.indexOf('$', p + 1);
        continue;
      }
      if (++count > MAX_EXPANSIONS_PER_LINE || text.length > MAX_LINE_BYTES * 8) {
        const r = rng(seg.line, colOf(seg, 0), endOf(seg, seg.text.length - 1));
        if (braces) {
          this.issues.push({ kind: 'expansion-limit', file: this.file, range: r, message: `Parameter substitution on this line does not end: \`\${${name}}\` refers to itself, and keepalived loops on it until the line exceeds its maximum length. Fix the definition of \`$${name}\`.` });
          this.limitHit = true;
          return undefined;
        }
        // keepalived gives up on the substitution and reads the line with \`$NAME\` left as it is.
        this.issues.push({ kind: 'expansion-limit', file: this.file, range: r, severity: 'warning', message: `\`$${name}\` refers to itself: keepalived gives up substituting this line ("would exceed maximum line length") and reads it with \`$${name}\` left as it is. Fix the definition of \`$${name}\`.` });
        return undefined;
      }
      const def = this.defs.get(name);
      const x = explicit(s);
      const fromExpansion = x.exps?.[p] !== undefined;
      const useStart = x.cols[p];
      const useStop = x.ends[useEnd - 1];
      if (!fromExpansion) {
        this.uses.push({ name, file: this.file, range: rng(seg.line, useStart, useStop), definition: def });
      }
      let lines = value.text.split('\n');
      const exp: Expansion = { name, definition: def?.location, value: lines[0] };
      const repl = lines[0];
      const mk = (str: string): { cols: number[]; ends: number[]; exps: (Expansion | undefined)[] } => ({
        cols: new Array(str.length).fill(useStart),
        ends: new Array(str.length).fill(useStop),
        exps: new Array(str.length).fill(exp),
      });
      const m = mk(repl);
      const newText = text.slice(0, p) + repl + text.slice(useEnd);
      x.cols.splice(p, useEnd - p, ...m.cols);
      x.ends.splice(p, useEnd - p, ...m.ends);
      x.exps!.splice(p, useEnd - p, ...m.exps);
      x.text = newText;
      s = x;
      text = newText;
      changed = true;
      if (lines.length > 1 && alone) {
        extra = lines.slice(1).map((l) => {
          const mm = mk(l);
          return { text: l, line: seg.line, base: useStart, cols: mm.cols, ends: mm.ends, exps: mm.exps };
        });
        break;
      }
      lines = [];
      // keepalived rescans from the replacement start: values may hold further `$NAME`s.
      p = text.indexOf('$', p);
      if (repl.trimStart().startsWith('~')) break;
    }
    return changed ? [s, ...extra] : undefined;
  }

  private lookup(name: string, params: string, alone: boolean): { text: string } | undefined {
    const def = this.defs.get(name);
    if (def) {
      if (def.multiline && !alone) return undefined;
      return { text: def.value };
    }
    switch (name) {
      case '_PWD':
        return { text: path.dirname(this.file) };
      case '_INSTANCE':
        return { text: this.options.configId ?? '' };
      case '_RANDOM': {
        const [min] = params.split(/\s+/).filter(Boolean);
        return { text: min ?? '0' };
      }
      case '_HASH':
        return { text: '#' };
      case '_BANG':
        return { text: '!' };
      case '_ENV':
        return params ? { text: process.env[params] ?? '' } : undefined;
      default:
        return undefined;
    }
  }

  /** `~SEQ(var, [start,] [step,] end) rest`, `~SEQx(...)`, `~LST(var, v1, v2, ...) rest`. */
  private sequence(seg: Seg, depth: number): void {
    const text = seg.text;
    const hex = text.startsWith('~SEQx');
    const open = text.indexOf('(');
    const close = text.indexOf(')', open + 1);
    const bad = (): void =>
      this.issue(
        'invalid-seq',
        rng(seg.line, colOf(seg, 0), endOf(seg, Math.max(0, (close >= 0 ? close : text.length - 1)))),
        `Invalid ${text.slice(0, 4)} specification: expected ~SEQ(var, [start,] [step,] end) or ~LST(var, value, ...) followed by the text to repeat.`,
      );
    if (open < 0 || close < 0) return bad();
    const inner = text.slice(open + 1, close);
    let rest = close + 1;
    while (rest < text.length && (text[rest] === ' ' || text[rest] === '\t')) rest++;
    const body = sliceSeg(seg, rest);
    if (text.startsWith('~LST')) {
      const parts = splitList(inner);
      if (parts.length < 2) return bad();
      const v = parts[0].trim();
      for (const val of parts.slice(1)) {
        if (--this.seqBudget < 0) return this.seqLimit(seg);
        this.defs.set(v, this.seqDef(v, val.trim(), seg));
        this.logicalLine({ ...body }, depth + 1);
      }
      return;
    }
    const parts = inner.split(',').map((x) => x.trim());
    const v = parts[0];
    const nums = parts.slice(1).map((x) => Number(x));
    if (!v || !/^[A-Za-z_]\w*$/.test(v) || nums.length < 1 || nums.length > 3 || nums.some((x) => !Number.isInteger(x))) return bad();
    let start = 1,
      step = 1,
      last: number;
    if (nums.length === 1) last = nums[0];
    else if (nums.length === 2) [start, last] = nums;
    else [start, step, last] = nums;
    if (step === 0) return bad();
    for (let x = start; step > 0 ? x <= last : x >= last; x += step) {
      if (--this.seqBudget < 0) return this.seqLimit(seg);
      this.defs.set(v, this.seqDef(v, hex ? x.toString(16) : String(x), seg));
      this.logicalLine({ ...body }, depth + 1);
    }
  }

  private seqLimit(seg: Seg): void {
    if (this.seqLimitReported) return;
    this.seqLimitReported = true;
    this.issue('expansion-limit', rng(seg.line, colOf(seg, 0), endOf(seg, seg.text.length - 1)), `~SEQ/~LST or multi-line definitions would produce more than ${MAX_SEQ_LINES} lines; the rest is not analysed.`);
  }

  private seqDef(name: string, value: string, seg: Seg): Definition {
    return { name, value, multiline: false, location: { file: this.file, range: rng(seg.line, colOf(seg, 0), endOf(seg, seg.text.length - 1)) }, nameRange: rng(seg.line, colOf(seg, 0), colOf(seg, 0)) };
  }

  private tryInclude(seg: Seg): boolean {
    const text = seg.text;
    if (!text.startsWith('include')) return false;
    const words = this.split(seg);
    if (words.length !== 2 || words[0].quoted || !INCLUDE_FORMS.has(words[0].text)) return false;
    const form = words[0].text as IncludeForm;
    const pat = words[1];
    const lineRange = rng(seg.line, words[0].range.start.character, pat.range.end.character);
    const dir = path.dirname(this.file);
    const directive: IncludeDirective = { form, file: this.file, range: lineRange, patternRange: pat.range, pattern: pat.text, targets: [] };
    this.includes.push(directive);
    // `include $F` and `@id include x` work (keepalived 2.2.7 and later), though keepalived.conf(5) says otherwise.
    const hasWild = /[*?[{]/.test(pat.text);
    const { matches, truncated } = this.host.glob(pat.text, dir, MAX_INCLUDED_FILES);
    if (truncated) {
      this.issue('include-limit', pat.range, `\`${pat.text}\` matches more than ${MAX_INCLUDED_FILES} files; only the first ${MAX_INCLUDED_FILES} are analysed.`);
    }
    if (matches.length === 0) {
      if (hasWild) {
        const strict = form === 'includew' || form === 'includea';
        this.issue('include-empty-glob', pat.range, `\`${pat.text}\` matches no file${strict ? `; \`${form}\` makes that an error` : ' (keepalived logs "No config files matched")'}. Check the path: it is relative to ${path.basename(dir) || dir}/, the folder of this file.`);
        if (strict) this.issues[this.issues.length - 1].severity = 'warning';
      } else {
        this.issue('include-missing', pat.range, `Included file \`${pat.text}\` does not exist (looked for ${path.isAbsolute(pat.text) ? pat.text : path.join(dir, pat.text)}). keepalived skips it and reads on without its content.`);
      }
      return true;
    }
    for (const m of matches) {
      if (m.endsWith('/')) {
        if (!hasWild) this.issue('include-not-file', pat.range, `\`${pat.text}\` is a directory; keepalived skips it. Include the files inside, e.g. \`${pat.text.replace(/\/$/, '')}/*.conf\`.`);
        continue;
      }
      const real = this.host.realpath?.(m) ?? m;
      if (this.stack.includes(m) || this.realStack.includes(real) || this.readReal.has(real) && this.readReal.get(real) !== m) {
        if (!this.stack.includes(m) && !this.realStack.includes(real)) continue; // the same file by another path: read once
        const key = `${this.file}\0${pat.range.start.line}\0${m}`;
        if (this.cyclesSeen.has(key)) continue;
        this.cyclesSeen.add(key);
        this.issue('include-cycle', pat.range, `Include cycle: ${[...this.stack.slice(this.stack.indexOf(m)), m].map((f) => path.basename(f)).join(' → ')}. keepalived would read these files over and over; remove one of the includes.`, [{ file: m, range: rng(0, 0, 0) }]);
        continue;
      }
      if (this.stack.length >= MAX_INCLUDE_DEPTH) {
        this.issue('include-limit', pat.range, `Includes nest deeper than ${MAX_INCLUDE_DEPTH} levels; \`${path.basename(m)}\` is not analysed.`);
        continue;
      }
      if (++this.includeReads > MAX_INCLUDE_READS) {
        if (!this.includeReadsReported) {
          this.includeReadsReported = true;
          this.issue('include-limit', pat.range, `Includes are followed more than ${MAX_INCLUDE_READS} times in all (files that include each other?); the rest is not analysed.`);
        }
        break;
      }
      if (this.files.length >= MAX_INCLUDED_FILES) {
        this.issue('include-limit', pat.range, `More than ${MAX_INCLUDED_FILES} files are included in all; \`${path.basename(m)}\` is not analysed.`);
        break;
      }
      if (this.host.isExecutable?.(m)) {
        this.issue('include-not-file', pat.range, `\`${path.basename(m)}\` is executable; keepalived refuses to include executable files ("not a regular non-executable file - skipping"). Run chmod -x on it.`);
        continue;
      }
      const r = this.host.readFile(m);
      if (!r.ok) {
        this.issue('include-unreadable', pat.range, `Cannot read included file \`${m}\` (${r.reason}${r.detail ? ': ' + r.detail : ''}); keepalived skips it.`);
        continue;
      }
      directive.targets.push(m);
      this.readReal.set(real, m);
      this.realStack.push(real);
      this.readFile(m, r.text);
      this.realStack.pop();
    }
    return true;
  }

  /** Word splitting of a logical line (no braces): for include lines. */
  private split(seg: Seg): WordNode[] {
    const out: WordNode[] = [];
    this.scan(seg, (w) => out.push(w), () => undefined);
    return out;
  }

  /** Words and braces of a logical line that went through the pipeline (quotes, source map, expansions). */
  private emit(seg: Seg): void {
    let keyword: WordNode | undefined;
    let args: WordNode[] | undefined;
    this.scan(
      seg,
      (w) => {
        if (!keyword) keyword = w;
        else (args ??= []).push(w);
      },
      (w) => {
        if (keyword) this.tokens.push(this.lineToken(keyword, args ?? NO_ARGS));
        keyword = args = undefined;
        this.brace(w);
      },
    );
    if (keyword) this.tokens.push(this.lineToken(keyword, args ?? NO_ARGS));
  }

  /**
   * text[start..end) is a physical line (no line break, no trailing CR) without `#`, `!`, `"`, `\\`, `$` or NUL.
   * When its first word does not start with `@` or `~` and is not an include, the pipeline would pass it
   * through unchanged: emit its words and return true. Otherwise return false (the caller runs the pipeline).
   */
  private plainLine(text: string, start: number, end: number, line: number): boolean {
    let b = start;
    while (b < end && (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9)) b++;
    if (b === end) return true;
    const c0 = text.charCodeAt(b);
    if (c0 === 64 /*@*/ || c0 === 126 /*~*/ || (c0 === 105 /*i*/ && text.startsWith('include', b))) return false;
    this.emitPlain(text, b, end, line, start);
    return true;
  }

  /** Words and braces of src[b..e), a line without quotes, comments or expansions; column = index - base. */
  private emitPlain(src: string, b: number, e: number, line: number, base: number): void {
    const file = this.file;
    const scratch = this.scratch;
    let keyword: WordNode | undefined;
    let n = 0;
    let i = b;
    while (i < e) {
      const c = src.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12 || c === 11 || c === 13) {
        i++;
        continue;
      }
      if (c === 123 || c === 125) {
        if (keyword) {
          this.tokens.push(this.lineToken(keyword, n ? scratch.slice(0, n) : NO_ARGS));
          keyword = undefined;
          n = 0;
        }
        this.brace(new SourceWord(c === 123 ? '{' : '}', file, line, i - base, i - base + 1, false, undefined));
        i++;
        continue;
      }
      const start = i;
      while (i < e) {
        const d = src.charCodeAt(i);
        if (d === 32 || d === 9 || d === 123 || d === 125 || d === 12 || d === 11 || d === 13) break;
        i++;
      }
      const w = new SourceWord(src.slice(start, i), file, line, start - base, i - base, false, undefined);
      if (!keyword) keyword = w;
      else scratch[n++] = w;
    }
    // Arguments are copied out of the scratch list at their exact length (an array grown by push from [] holds
    // 17 slots, and a config has tens of thousands of argument lists).
    if (keyword) this.tokens.push(this.lineToken(keyword, n ? scratch.slice(0, n) : NO_ARGS));
  }
  private readonly scratch: WordNode[] = [];

  private brace(w: WordNode): void {
    const toks = this.tokens;
    if (w.text === '{') {
      if (++this.depth > MAX_NESTING) return this.tooDeep(w);
      toks.push(this.braceToken(LCurly, w));
    } else {
      if (this.depth > MAX_NESTING) {
        this.depth--;
        return this.tooDeep(w);
      }
      if (this.depth > 0) this.depth--;
      toks.push(this.braceToken(RCurly, w));
    }
  }

  private tooDeep(w: WordNode): void {
    this.tokens.push(this.lineToken(w, NO_ARGS));
    if (this.nestingReported) return;
    this.nestingReported = true;
    this.issues.push({
      kind: 'nesting-limit',
      file: w.file,
      range: w.range,
      message: `Blocks nest more than ${MAX_NESTING} levels deep here (keepalived's deepest block is 5 levels). The braces from here on are not analysed as blocks. Look for a run of \`{\` without their \`}\`.`,
    });
  }

  // Tokens are made with every field set at once (one object shape for all of them).
  private lineToken(keyword: WordNode, args: WordNode[]): KToken {
    return { image: keyword.text, startOffset: this.offset++, tokenTypeIdx: Line.tokenTypeIdx!, tokenType: Line, word: keyword, args };
  }

  private braceToken(type: TokenType, w: WordNode): KToken {
    return { image: w.text, startOffset: this.offset++, tokenTypeIdx: type.tokenTypeIdx!, tokenType: type, word: w, args: undefined };
  }

  /** Brace splitting (first unquoted `{`/`}` splits) and word splitting (blanks; a word starting with `"` runs to the next `"`). */
  private scan(seg: Seg, word: (w: WordNode) => void, brace: (w: WordNode) => void): void {
    const t = seg.text;
    const n = t.length;
    const file = this.file;
    const line = seg.line;
    let i = 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 9 || c === 12 || c === 11 || c === 13) {
        i++;
        continue;
      }
      if (c === 123 || c === 125) {
        brace(new SourceWord(c === 123 ? '{' : '}', file, line, colOf(seg, i), endOf(seg, i), false, seg.exps?.[i]));
        i++;
        continue;
      }
      const start = i;
      let text: string;
      let quoted = false;
      if (c === 34) {
        const close = t.indexOf('"', i + 1);
        const stop = close < 0 ? n : close;
        text = t.slice(i + 1, stop);
        i = close < 0 ? n : close + 1;
        quoted = true;
      } else {
        while (i < n) {
          const d = t.charCodeAt(i);
          if (d === 32 || d === 9 || d === 123 || d === 125 || d === 12 || d === 11 || d === 13) break;
          i++;
        }
        text = t.slice(start, i);
      }
      let expansion: Expansion | undefined;
      if (seg.exps) {
        for (let k = start; k < i && !expansion; k++) expansion = seg.exps[k];
      }
      word(new SourceWord(text, file, line, colOf(seg, start), endOf(seg, i - 1), quoted, expansion));
    }
  }
}

/** Characters after which a line is not plain (plainLine): comment, quote, escape, `$`, NUL. */
const SPECIAL_AHEAD = /[#!"\\$\0]/g;
/** Index of the first such character at or after `from` (text.length when none). */
function nextSpecial(text: string, from: number): number {
  SPECIAL_AHEAD.lastIndex = from;
  return SPECIAL_AHEAD.exec(text)?.index ?? text.length;
}

function findLoneCr(text: string, from: number): number {
  for (let i = text.indexOf('\r', from); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) return i;
  return -1;
}

/** Split `~LST` arguments on commas outside `{...}` groups. */
function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((x) => x.trim().replace(/^\{|\}$/g, ''));
}
