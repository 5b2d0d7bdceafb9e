/**
 * Quick re-checks between two full analyses of a large file (the editor's keystroke path).
 *
 * A full analysis of a 1.4 MB config takes hundreds of milliseconds; a keystroke changes one top-level statement.
 * `quickCheck` finds the top-level statements an edit touched (the "window": the statements whose lines overlap the
 * changed lines, found by comparing the old and new text, so any number of coalesced changes works), parses only the
 * window's text at its real line numbers, runs the rules whose findings depend on the statement alone
 * (`scope: 'block'`, see lint/rule.ts) and merges their findings with the file's previous diagnostics, moved by the
 * lines the edit added or removed. Findings of the other rules that the edit touched are dropped until the full
 * analysis, which always follows and replaces the result.
 *
 * It declines (returns the reason) whenever the window cannot stand alone, and the caller waits for the full
 * analysis: the file is not a root (an included file is read in its includer's context), the config has `$`
 * definitions, the window holds an `include`, a file-wide suppression comment or unbalanced braces, a top-level block
 * is unclosed, or the edit is large. Editor-agnostic, like the rest of core/.
 */
import type { Directive, ParsedConfig, Statement } from './keepalived/ast';
import { parseConfig } from './keepalived/index';
import type { Host } from './host';
import { setOutside, type AnalysisOptions } from './lint/rule';
import { checkConfig, INTERNAL_ERROR, sortDiagnostics } from './lint/runner';
import { applySuppressions } from './lint/suppress';
import { RULES } from './rules/index';
import type { Diagnostic, Fix, Range, RelatedInfo } from './types';

/** The rules a quick check runs. */
export const BLOCK_RULES = RULES.filter((r) => r.scope === 'block' && r.check);
const BLOCK_IDS = new Set(BLOCK_RULES.map((r) => r.id));

/** A window of more lines than this is not worth a quick check: the full analysis follows anyway. */
export const MAX_WINDOW_LINES = 4000;
const CHUNK = 4096;

/** Lines (0-based, inclusive) of one top-level statement of the file, or of several that share a line. */
export interface Span {
  start: number;
  end: number;
  /** The statements (one, or several sharing a line). */
  statements: Statement[];
}

/** What a quick check needs of the last analysis of a file. */
export interface FileIndex {
  file: string;
  /** The text the spans and diagnostics describe. */
  text: string;
  /** The top-level statements of the file, in order, disjoint. */
  spans: Span[];
  /** The file-wide suppression comments (`# lvs-config-disable RULE`) of the file. */
  fileDirectives: Directive[];
  /** Top-level statements of the config in other files (included ones): context for the block rules' lookups. */
  elsewhere: Statement[];
  /** The file's diagnostics for `text` (sorted), and their lines: see `Lines`. */
  diagnostics: readonly Diagnostic[];
  lines: Lines;
}

/**
 * Per diagnostic of a FileIndex, four line numbers read once, while the objects are fresh: its own range's start and
 * end lines, and the lowest and highest line any of its ranges in the file reaches (fixes' edits and related
 * locations included); and whether a block rule made it. A quick check decides from these alone which diagnostics
 * stay as they are: touching thousands of objects of an analysis made seconds ago costs tens of milliseconds.
 */
export interface Lines {
  at: Int32Array;
  block: Uint8Array;
}

function linesOf(ds: readonly Diagnostic[], file: string): Lines {
  const at = new Int32Array(ds.length * 4);
  const block = new Uint8Array(ds.length);
  ds.forEach((d, i) => setLines(at, block, i, d, file));
  return { at, block };
}

function setLines(at: Int32Array, block: Uint8Array, i: number, d: Diagnostic, file: string): void {
  let lo = d.range.start.line;
  let hi = d.range.end.line;
  const add = (r: Range): void => {
    if (r.start.line < lo) lo = r.start.line;
    if (r.end.line > hi) hi = r.end.line;
  };
  if (d.file !== file) {
    // Not of this file (never in a file's list): always looked at.
    lo = -1;
    hi = 0x7fffffff;
  }
  for (const f of d.fixes ?? []) for (const e of f.edits) if (e.file === file) add(e.range);
  for (const r of d.related ?? []) if (r.location.file === file) add(r.location.range);
  at[i * 4] = d.range.start.line;
  at[i * 4 + 1] = d.range.end.line;
  at[i * 4 + 2] = lo;
  at[i * 4 + 3] = hi;
  block[i] = BLOCK_IDS.has(d.code) && d.file === file ? 1 : 0;
}

export type QuickResult =
  | { ok: true; diagnostics: Diagnostic[]; index: FileIndex; window: { start: number; end: number } }
  | { ok: false; reason: string };

/**
 * The index of `file` from a full analysis of the config it is the root of (`diagnostics`: the file's final
 * diagnostics, sorted), or why quick checks cannot apply.
 */
export function indexFile(config: ParsedConfig, file: string, diagnostics: readonly Diagnostic[] = []): FileIndex | string {
  if (config.root !== file) return 'not the root of its config';
  const text = config.texts.get(file);
  if (text === undefined) return 'not read';
  if (config.definitions.length) return '$ definitions';
  if (config.issues.some((i) => i.file === file && (i.kind === 'lone-cr' || i.kind === 'unclosed-brace' || i.kind === 'nesting-limit'))) return 'unbalanced or unusual line breaks';
  const spans = spansOf(config, file);
  if (typeof spans === 'string') return spans;
  const mine = diagnostics.every((d) => d.file === file) ? diagnostics : diagnostics.filter((d) => d.file === file);
  return {
    file,
    text,
    spans,
    fileDirectives: config.directives.filter((d) => d.file === file && d.kind === 'file'),
    elsewhere: config.statements.filter((st) => st.keyword.file !== file),
    diagnostics: mine,
    lines: linesOf(mine, file),
  };
}

function spansOf(config: ParsedConfig, file: string): Span[] | string {
  const spans: Span[] = [];
  for (const s of config.statements) {
    if (s.keyword.file !== file) continue;
    const start = s.keyword.range.start.line;
    let end = start;
    for (const a of s.args) if (a.file === file && a.range.end.line > end) end = a.range.end.line;
    if (s.block) {
      const close = s.block.close;
      if (!close || close.file !== file) return 'a top-level block without its closing brace in this file';
      end = Math.max(end, close.range.end.line);
    }
    const last = spans[spans.length - 1];
    if (last && start <= last.end) {
      last.end = Math.max(last.end, end);
      last.statements.push(s);
    } else spans.push({ start, end, statements: [s] });
  }
  return spans;
}

/**
 * Re-check the statements of `index.file` that the change to `text` touched, and give the file's diagnostics:
 * the index's diagnostics (of `index.text`) outside the change, moved, and the block rules' fresh findings in it.
 */
export function quickCheck(index: FileIndex, text: string, options: AnalysisOptions, host: Host): QuickResult {
  const old = index.text;
  if (old === text) return { ok: true, diagnostics: [...index.diagnostics], index, window: { start: 0, end: -1 } };
  // The changed region: [p, old.length - s) in the old text, [p, text.length - s) in the new one.
  const min = Math.min(old.length, text.length);
  // Compared a chunk at a time first (string equality is a memory compare; a char loop is ten times slower).
  let p = 0;
  while (p + CHUNK <= min && old.slice(p, p + CHUNK) === text.slice(p, p + CHUNK)) p += CHUNK;
  while (p < min && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s + CHUNK <= min - p && old.slice(old.length - s - CHUNK, old.length - s) === text.slice(text.length - s - CHUNK, text.length - s)) s += CHUNK;
  while (s < min - p && old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  const editStart = countLines(old, 0, p);
  const oldEditEnd = editStart + countLines(old, p, old.length - s);
  const delta = countLines(text, p, text.length - s) - (oldEditEnd - editStart);

  // The window: the edited lines, widened to the whole top-level statements they touch.
  const spans = index.spans;
  const first = lowerBound(spans, editStart);
  let ws = editStart;
  let we = oldEditEnd;
  let last = first;
  while (last < spans.length && spans[last].start <= oldEditEnd) last++;
  if (last > first) {
    ws = Math.min(ws, spans[first].start);
    we = Math.max(we, spans[last - 1].end);
  }
  if (we - ws > MAX_WINDOW_LINES || we + delta - ws > MAX_WINDOW_LINES) return { ok: false, reason: 'large edit' };
  if (index.fileDirectives.some((d) => d.line >= ws && d.line <= we)) return { ok: false, reason: 'a file-wide suppression comment in the edit' };

  const outside = (): Statement[] => [...index.elsewhere, ...spans.slice(0, first).flatMap((x) => x.statements), ...spans.slice(last).flatMap((x) => x.statements)];
  const checked = checkLines(index, text, ws, we + delta, options, host, outside);
  if (typeof checked === 'string') return { ok: false, reason: checked };

  const move = (r: Range): Range | undefined => {
    if (r.end.line < editStart) return r;
    if (r.start.line > oldEditEnd) return { start: { line: r.start.line + delta, character: r.start.character }, end: { line: r.end.line + delta, character: r.end.character } };
    return undefined;
  };
  // The previous diagnostics, in order: those before the window, those in it (with the fresh findings, sorted), those
  // after it. Unchanged ones are kept as they are without being read (their lines are in `index.lines`).
  const previous = index.diagnostics;
  const { at, block } = index.lines;
  const before: number[] = [];
  const inside: Diagnostic[] = [...checked.found];
  const after: number[] = [];
  const movedAt = new Map<number, Diagnostic>();
  for (let i = 0; i < previous.length; i++) {
    const start = at[i * 4];
    const end = at[i * 4 + 1];
    const lo = at[i * 4 + 2];
    const hi = at[i * 4 + 3];
    if (block[i] && start >= ws && end <= we) continue;
    let moved: Diagnostic | undefined = previous[i];
    // Untouched by the edit: the same object. Else moved past it, or dropped when the edit touched it.
    if (!(hi < editStart || (delta === 0 && lo > oldEditEnd))) {
      moved = moveDiagnostic(previous[i], index.file, delta, editStart, move);
      if (!moved) continue;
      if (moved !== previous[i]) movedAt.set(i, moved);
    }
    const line = start + (start > oldEditEnd ? delta : 0);
    if (line < ws) before.push(i);
    else if (line > we + delta) after.push(i);
    else inside.push(moved);
  }
  sortDiagnostics(inside);
  const diagnostics: Diagnostic[] = [];
  const nextAt = new Int32Array((before.length + inside.length + after.length) * 4);
  const nextBlock = new Uint8Array(before.length + inside.length + after.length);
  const keep = (i: number): void => {
    const n = diagnostics.length;
    const m = movedAt.get(i);
    if (m) setLines(nextAt, nextBlock, n, m, index.file);
    else {
      nextAt.set(at.subarray(i * 4, i * 4 + 4), n * 4);
      nextBlock[n] = block[i];
    }
    diagnostics.push(m ?? previous[i]);
  };
  for (const i of before) keep(i);
  for (const d of inside) {
    setLines(nextAt, nextBlock, diagnostics.length, d, index.file);
    diagnostics.push(d);
  }
  for (const i of after) keep(i);
  const shifted = (x: Span): Span => ({ start: x.start + delta, end: x.end + delta, statements: x.statements });
  const nextSpans = [...spans.slice(0, first), ...checked.spans, ...(delta === 0 ? spans.slice(last) : spans.slice(last).map(shifted))];
  return { ok: true, diagnostics, index: { ...index, text, spans: nextSpans, diagnostics, lines: { at: nextAt, block: nextBlock } }, window: { start: ws, end: we + delta } };
}

/**
 * Parse lines [from, to] of `text` (whole top-level statements of `index.file`) on their own, at their line numbers,
 * and run the block rules on them (`outside`: the config's other top-level statements, for their lookups): their findings, suppressed by the comments in the lines and the file's file-wide
 * ones, and the statements' spans. A string when the lines cannot stand alone.
 */
export function checkLines(
  index: FileIndex,
  text: string,
  from: number,
  to: number,
  options: AnalysisOptions,
  host: Host,
  outside: () => readonly Statement[],
): { found: Diagnostic[]; spans: Span[] } | string {
  const start = lineOffset(text, 0, 0, from);
  if (start < 0) return 'past the end of the file';
  const end = lineOffset(text, start, from, to + 1);
  const lines = text.slice(start, end < 0 ? text.length : end);
  const wconfig = parseConfig(index.file, lines, host, { configId: options.configId, firstLine: from });
  // The file's whole text, for what rules and fixes read of a line (its indentation, say): the line numbers match.
  wconfig.texts.set(index.file, text);
  if (wconfig.includes.length) return 'an include in the edit';
  if (wconfig.definitions.length) return 'a $ definition in the edit';
  if (wconfig.directives.some((d) => d.kind === 'file')) return 'a file-wide suppression comment in the edit';
  if (wconfig.issues.some((i) => i.kind === 'unclosed-brace' || i.kind === 'unmatched-brace' || i.kind === 'lone-cr' || i.kind === 'nesting-limit')) {
    return 'braces not balanced in the edited statements';
  }
  const spans = spansOf(wconfig, index.file);
  if (typeof spans === 'string') return spans;
  setOutside(wconfig, outside);
  const scope = { directives: [...wconfig.directives, ...index.fileDirectives], texts: wconfig.texts };
  const raw = checkConfig(BLOCK_RULES, wconfig, options);
  // A rule that threw is reported once, by the full analysis.
  if (raw.some((d) => d.code === INTERNAL_ERROR)) return 'a rule failed on the edited statements';
  const found = applySuppressions(raw, scope, undefined, options.fixes !== false);
  return { found, spans };
}

/** `d` with its ranges (and its fixes' and related locations' in `file`) moved past the edit; undefined when the edit touched it. */
function moveDiagnostic(d: Diagnostic, file: string, delta: number, editStart: number, move: (r: Range) => Range | undefined): Diagnostic | undefined {
  if (d.file !== file) return d;
  // Wholly before the edit (or anywhere but the edited lines, when they were edited in place): unchanged, the same object.
  const unchanged = (r: Range): boolean => r.end.line < editStart || (delta === 0 && move(r) !== undefined);
  if (unchanged(d.range) && !d.fixes?.some((f) => f.edits.some((e) => e.file === file && !unchanged(e.range))) && !d.related?.some((r) => r.location.file === file && !unchanged(r.location.range))) {
    return d;
  }
  const range = move(d.range);
  if (!range) return undefined;
  const out: Diagnostic = { ...d, range };
  if (d.fixes) {
    const fixes: Fix[] = [];
    for (const f of d.fixes) {
      const edits = f.edits.map((e) => {
        if (e.file !== file) return e;
        const r = move(e.range);
        return r ? { ...e, range: r } : undefined;
      });
      if (edits.every((e) => e)) fixes.push({ ...f, edits: edits as Fix['edits'] });
    }
    if (fixes.length) out.fixes = fixes;
    else delete out.fixes;
  }
  if (d.related) {
    const related: RelatedInfo[] = [];
    for (const r of d.related) {
      if (r.location.file !== file) related.push(r);
      else {
        const m = move(r.location.range);
        if (m) related.push({ ...r, location: { file, range: m } });
      }
    }
    if (related.length) out.related = related;
    else delete out.related;
  }
  return out;
}

/** Line breaks (`\n`) in text[from, to). */
function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offset where line `line` starts, scanning from `offset` (the start of line `fromLine`); -1 past the end. */
function lineOffset(text: string, offset: number, fromLine: number, line: number): number {
  let o = offset;
  for (let l = fromLine; l < line; l++) {
    const i = text.indexOf('\n', o);
    if (i < 0) return -1;
    o = i + 1;
  }
  return o;
}

/** The first span whose end is at or after `line`. */
function lowerBound(spans: Span[], line: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
