/**
 * Inline expected diagnostics in fixture files ("caret annotations", rust-analyzer style).
 *
 * An annotation is a keepalived comment line that points at the nearest line above it that is neither blank nor a
 * comment (several annotations may follow one config line):
 *
 *     virtual_server 192.0.2.10 80 {
 *         lb_kind dr
 *     #           ^^ error invalid-value -- must be written 'DR'
 *
 * - `#`, blanks, then `^` under the exact columns of the range (start = column of the first `^`, end = column after
 *   the last one). Everything after `--` is a text that must appear in the diagnostic's message.
 * - Ranges that start in column 0 (where the `#` sits) or that are empty are written with explicit columns instead:
 *   `#[0..11] error unknown-keyword` (0-based, end exclusive, on the target line).
 * - The severity is error|warning|information|hint, then the rule id (the diagnostic's code).
 *
 * Annotation lines are comments for keepalived (they never count as config). Other comments are ignored.
 */
import type { Diagnostic, Severity } from '../../server/src/core/types';

export interface Expected {
  file: string;
  /** 0-based line of the target line. */
  line: number;
  start: number;
  end: number;
  severity: Severity;
  code: string;
  /** Text that must appear in the message (empty: anything). */
  text: string;
  /** 0-based line of the annotation itself (for error messages). */
  annotationLine: number;
}

export interface FixtureOptions {
  configId?: string;
  targetVersion?: string;
  rules?: Record<string, string>;
}

const ANNOTATION = /^(\s*)#(\s*)(\^+|\[(\d+)\.\.(\d+)\])\s+(error|warning|information|hint)\s+([a-z0-9]+(?:-[a-z0-9]+)*)(?:\s+--\s+(.*?))?\s*$/;
const OPTIONS = /^[#!]\s*fixture-options:\s*(\{.*\})\s*$/;

/** True for lines keepalived treats as nothing: blank, or a comment (`#`/`!` after blanks). */
export function isCommentOrBlank(line: string): boolean {
  return /^[ \t]*([#!].*)?\r?$/.test(line);
}

export function isAnnotationLine(line: string): boolean {
  return ANNOTATION.test(line.replace(/\r$/, ''));
}

/** Parse every annotation of one file. Throws on an annotation with no config line above it. */
export function parseAnnotations(file: string, text: string): Expected[] {
  const lines = text.split(/\r\n|\r|\n/); // line breaks as LSP counts them
  const out: Expected[] = [];
  let target = -1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const m = ANNOTATION.exec(raw);
    if (!m) {
      // Config lines, and suppression comments (diagnostics point at them too).
      if (!isCommentOrBlank(raw) || /^[ \t]*[#!]\s*lvs-config-disable/.test(raw)) target = i;
      continue;
    }
    if (target < 0) throw new Error(`${file}:${i + 1}: annotation with no config line above it`);
    let start: number;
    let end: number;
    if (m[4] !== undefined) {
      start = Number(m[4]);
      end = Number(m[5]);
    } else {
      start = m[1].length + 1 + m[2].length;
      end = start + m[3].length;
    }
    out.push({ file, line: target, start, end, severity: m[6] as Severity, code: m[7], text: m[8] ?? '', annotationLine: i });
  }
  return out;
}

/** `# fixture-options: {...}` (or `!`) anywhere in the file (JSON): analysis options for this fixture. */
export function parseFixtureOptions(text: string): FixtureOptions {
  for (const line of text.split('\n')) {
    const m = OPTIONS.exec(line.replace(/\r$/, ''));
    if (m) return JSON.parse(m[1]) as FixtureOptions;
  }
  return {};
}

export function formatDiagnostic(d: Diagnostic, rel: (f: string) => string = (f) => f): string {
  const r = d.range;
  const where = r.start.line === r.end.line ? `${r.start.line + 1}:${r.start.character}-${r.end.character}` : `${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character}`;
  const msg = d.message.length > 240 ? d.message.slice(0, 240) + `… (${d.message.length} chars)` : d.message;
  return `${rel(d.file)}:${where} ${d.severity} ${d.code}: ${msg}`;
}

export function formatExpected(e: Expected, rel: (f: string) => string = (f) => f): string {
  return `${rel(e.file)}:${e.line + 1}:${e.start}-${e.end} ${e.severity} ${e.code}${e.text ? ` -- "${e.text}"` : ''} (annotation on line ${e.annotationLine + 1})`;
}

export function matches(e: Expected, d: Diagnostic): boolean {
  return (
    d.file === e.file &&
    d.range.start.line === e.line &&
    d.range.end.line === e.line &&
    d.range.start.character === e.start &&
    d.range.end.character === e.end &&
    d.severity === e.severity &&
    d.code === e.code &&
    d.message.includes(e.text)
  );
}

/** Pair expected annotations with diagnostics one to one; returns what is left on each side. */
export function compare(expected: Expected[], actual: Diagnostic[]): { missing: Expected[]; unexpected: Diagnostic[] } {
  const left = [...actual];
  const missing: Expected[] = [];
  for (const e of expected) {
    const i = left.findIndex((d) => matches(e, d));
    if (i >= 0) left.splice(i, 1);
    else missing.push(e);
  }
  return { missing, unexpected: left };
}
