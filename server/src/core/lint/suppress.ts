/**
 * Suppression comments, as linters do it (ESLint's eslint-disable-next-line):
 *   # lvs-config-disable-next-line RULE[,RULE]   the diagnostics of those rules on the next line
 *   # lvs-config-disable RULE[,RULE]             those rules in the whole file
 * Without RULE: every rule. A directive that suppresses nothing is reported by `unused-disable-directive`.
 * Every diagnostic also gets the fix "Disable RULE for this line", which inserts the comment above it.
 */
import type { Diagnostic, Fix, Severity } from '../types';
import type { Directive, ParsedConfig } from '../keepalived/ast';

/** What suppression needs of a file set: its directives and texts (a parsed keepalived config, or a real-server file). */
export type SuppressionScope = Pick<ParsedConfig, 'directives' | 'texts'>;

export const UNUSED_DIRECTIVE = 'unused-disable-directive';
/** Diagnostics that cannot be disabled by a comment (they are about the comment or the analysis itself). */
const NEVER_SUPPRESSED = new Set([UNUSED_DIRECTIVE, 'internal-error']);

function covers(d: Directive, code: string): boolean {
  return d.rules.length === 0 || d.rules.includes(code);
}

/** Drop suppressed diagnostics; report unused directives (when `unusedSeverity` is set); add "disable" fixes. */
export function applySuppressions(diagnostics: Diagnostic[], config: SuppressionScope, unusedSeverity: Severity | undefined, withFixes = true): Diagnostic[] {
  const directives = config.directives;
  const used = new Set<Directive>();
  let out = diagnostics;
  if (directives.length) {
    const byFileLine = new Map<string, Directive[]>();
    const fileWide = new Map<string, Directive[]>();
    for (const d of directives) {
      if (d.kind === 'file') (fileWide.get(d.file) ?? fileWide.set(d.file, []).get(d.file)!).push(d);
      else {
        const key = `${d.file}\0${d.line + 1}`;
        (byFileLine.get(key) ?? byFileLine.set(key, []).get(key)!).push(d);
      }
    }
    out = diagnostics.filter((diag) => {
      if (NEVER_SUPPRESSED.has(diag.code)) return true;
      const hit = (byFileLine.get(`${diag.file}\0${diag.range.start.line}`) ?? []).find((d) => covers(d, diag.code)) ?? (fileWide.get(diag.file) ?? []).find((d) => covers(d, diag.code));
      if (!hit) return true;
      used.add(hit);
      return false;
    });
    if (unusedSeverity) {
      for (const d of directives) {
        if (used.has(d)) continue;
        out.push({
          file: d.file,
          range: d.range,
          severity: unusedSeverity,
          code: UNUSED_DIRECTIVE,
          message: `This \`lvs-config-disable${d.kind === 'next-line' ? '-next-line' : ''}\` comment suppresses nothing${d.rules.length ? ` (${d.rules.join(', ')} reports nothing ${d.kind === 'file' ? 'in this file' : 'on the next line'})` : ''}. Remove it.`,
          tags: ['unnecessary'],
          ...(withFixes ? { fixes: [{ title: 'Remove the unused comment', edits: [{ file: d.file, range: removalRange(config, d), newText: '' }], isPreferred: true }] } : {}),
        });
      }
    }
  }
  for (const diag of withFixes ? out : []) {
    if (NEVER_SUPPRESSED.has(diag.code)) continue;
    const f = disableFix(config, diag);
    if (f) (diag.fixes ??= []).push(f);
  }
  return out;
}

/** Line start offsets per file text, computed once per analysis (fixes are built for every finding). */
const lineStarts = new WeakMap<SuppressionScope, Map<string, number[]>>();

function lineOf(config: SuppressionScope, file: string, line: number): string | undefined {
  const text = config.texts.get(file);
  if (text === undefined) return undefined;
  let perFile = lineStarts.get(config);
  if (!perFile) lineStarts.set(config, (perFile = new Map()));
  let starts = perFile.get(file);
  if (!starts) {
    starts = lineStartsOf(text);
    perFile.set(file, starts);
  }
  if (line >= starts.length) return undefined;
  const end = line + 1 < starts.length ? starts[line + 1] : text.length;
  return text.slice(starts[line], end).replace(/\r?\n$|\r$/, '');
}

/** Offsets where lines start: line breaks as editors count them (CRLF, LF, and a lone CR), like the reader's positions. */
function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (text.indexOf('\r') < 0) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The whole line when the comment is alone on it, else just the comment and the blanks before it. */
function removalRange(config: SuppressionScope, d: Directive): Diagnostic['range'] {
  const text = lineOf(config, d.file, d.line) ?? '';
  const before = text.slice(0, d.range.start.character);
  if (before.trim() === '') return { start: { line: d.line, character: 0 }, end: { line: d.line + 1, character: 0 } };
  return { start: { line: d.line, character: before.replace(/[ \t]+$/, '').length }, end: d.range.end };
}

function disableFix(config: SuppressionScope, diag: Diagnostic): Fix | undefined {
  const line = diag.range.start.line;
  const text = lineOf(config, diag.file, line);
  if (text === undefined) return undefined;
  const indent = /^[ \t]*/.exec(text)![0];
  return {
    title: `Disable ${diag.code} for this line`,
    edits: [{ file: diag.file, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# lvs-config-disable-next-line ${diag.code}\n` }],
  };
}
