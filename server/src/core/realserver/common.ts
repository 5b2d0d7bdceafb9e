/**
 * Small pieces every real-server file parser needs: line splitting with positions, suppression comments,
 * and an empty `SnippetFile` to fill.
 */
import type { Directive } from '../keepalived/ast';
import type { Location, Range } from '../types';
import type { SnippetFile, SnippetKind } from './types';

/** One physical line: its text without the line break, its 0-based number and its start offset in the file. */
export interface SourceLine {
  text: string;
  line: number;
  offset: number;
}

/** Lines as editors count them (`\r\n`, `\n` and a lone `\r` all end a line). A trailing `\r` is never part of the text. */
export function splitLines(text: string): SourceLine[] {
  const out: SourceLine[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  let n = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ text: text.slice(start, m.index), line: n++, offset: start });
    start = m.index + m[0].length;
  }
  if (start < text.length || out.length === 0) out.push({ text: text.slice(start), line: n, offset: start });
  return out;
}

export function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

export function loc(file: string, line: number, start: number, end: number): Location {
  return { file, range: lineRange(line, start, end) };
}

const DIRECTIVE = /^[#;]\s*lvs-config-(disable-next-line|disable)\b\s*([\w-]+(?:\s*,\s*[\w-]+)*)?\s*(?:--.*)?$/;

/**
 * A suppression comment (`# lvs-config-disable-next-line RULE[,RULE]`, `# lvs-config-disable RULE`), the same
 * syntax as in keepalived.conf. `comment` starts at the comment character, found at `start` on `line`.
 */
export function readDirective(file: string, line: number, start: number, comment: string): Directive | undefined {
  const m = DIRECTIVE.exec(comment.trimEnd());
  if (!m) return undefined;
  return {
    kind: m[1] === 'disable' ? 'file' : 'next-line',
    rules: m[2] ? m[2].split(',').map((r) => r.trim()) : [],
    file,
    line,
    range: lineRange(line, start, start + comment.trimEnd().length),
  };
}

export function emptySnippet(file: string, kind: SnippetKind, text: string): SnippetFile {
  return { file, kind, text, sysctls: [], addresses: [], routes: [], arpRules: [], iptRules: [], persist: [], variables: [], directives: [], ownAddresses: [] };
}
