/**
 * Editor-agnostic value types shared by every part of the analysis core.
 * Positions are 0-based, `character` counts UTF-16 code units (as LSP does and as JS strings index).
 * Nothing in server/src/core may import from vscode-languageserver*: these types are the vocabulary.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A location in a file: `file` is an absolute path (or an untitled id) as the workspace knows it. */
export interface Location {
  file: string;
  range: Range;
}

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  /**
   * Files the fix creates (empty, and only if they don't exist) before its edits apply; the edits then fill them
   * (insertions at 0:0). Editors that cannot create files don't offer such a fix.
   */
  createFiles?: string[];
  edits: TextEdit[];
  /** One fix is clearly right: editors apply it on "fix all" / mark it preferred. */
  isPreferred?: boolean;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RelatedInfo {
  location: Location;
  message: string;
}

export interface Diagnostic {
  file: string;
  range: Range;
  severity: Severity;
  /** Stable kebab-case rule id; docs at docs/rules/<code>.md. */
  code: string;
  message: string;
  fixes?: Fix[];
  related?: RelatedInfo[];
  /** Tags for editors: unnecessary (faded) or deprecated (struck through). */
  tags?: ('unnecessary' | 'deprecated')[];
}

export function pos(line: number, character: number): Position {
  return { line, character };
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
