/**
 * Applies the text edits of a quick fix to a document, LSP style: ranges are 0-based (line, UTF-16 character) in
 * the original text, all edits of one fix refer to the original text and must not overlap.
 */
import type { Position, Range, TextEdit } from '../../server/src/core/types';

export class EditError extends Error {}

/** Offsets of the start of each line (after each `\n`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** The offset of a position; throws when the position is not in the text (no silent clamping). */
export function offsetAt(text: string, starts: number[], p: Position): number {
  if (p.line < 0 || p.line >= starts.length) throw new EditError(`line ${p.line + 1} does not exist (the text has ${starts.length} lines)`);
  const lineStart = starts[p.line];
  const lineEnd = p.line + 1 < starts.length ? starts[p.line + 1] - 1 : text.length;
  if (p.character < 0 || lineStart + p.character > lineEnd) throw new EditError(`character ${p.character} is past the end of line ${p.line + 1} (length ${lineEnd - lineStart})`);
  return lineStart + p.character;
}

export interface AppliedEdit {
  start: number;
  end: number;
  newText: string;
}

/** Resolve and sort the edits of one file; throws on invalid or overlapping ranges. */
export function resolveEdits(text: string, edits: Pick<TextEdit, 'range' | 'newText'>[]): AppliedEdit[] {
  const starts = lineStarts(text);
  const out = edits.map((e) => {
    const start = offsetAt(text, starts, e.range.start);
    const end = offsetAt(text, starts, e.range.end);
    if (end < start) throw new EditError(`range ends before it starts: ${fmt(e.range)}`);
    return { start, end, newText: e.newText };
  });
  out.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < out.length; i++) {
    if (out[i].start < out[i - 1].end) throw new EditError(`edits overlap at offsets ${out[i - 1].start}-${out[i - 1].end} and ${out[i].start}-${out[i].end}`);
  }
  return out;
}

/** Apply edits (all referring to `text`) and return the new text. */
export function applyEdits(text: string, edits: Pick<TextEdit, 'range' | 'newText'>[]): string {
  const resolved = resolveEdits(text, edits);
  let out = '';
  let at = 0;
  for (const e of resolved) {
    out += text.slice(at, e.start) + e.newText;
    at = e.end;
  }
  return out + text.slice(at);
}

/**
 * Independent check that `result` is `original` with only the edited ranges replaced: walks both texts as UTF-8
 * bytes, segment by segment, and returns a description of the first difference outside the edits (or undefined).
 */
export function diffOutsideEdits(original: string, result: string, edits: Pick<TextEdit, 'range' | 'newText'>[]): string | undefined {
  const resolved = resolveEdits(original, edits);
  let o = 0;
  let r = 0;
  const segments: [number, number][] = [];
  for (const e of resolved) {
    segments.push([o, e.start]);
    o = e.end;
  }
  segments.push([o, original.length]);
  for (let i = 0; i < segments.length; i++) {
    const [s, e] = segments[i];
    const a = Buffer.from(original.slice(s, e), 'utf8');
    const b = Buffer.from(result.slice(r, r + (e - s)), 'utf8');
    if (!a.equals(b)) return `text between edits changed near original offset ${s}: ${JSON.stringify(original.slice(s, Math.min(e, s + 40)))} became ${JSON.stringify(result.slice(r, r + 40))}`;
    r += e - s;
    if (i < resolved.length) {
      const nt = resolved[i].newText;
      if (result.slice(r, r + nt.length) !== nt) return `edit ${i + 1} was not inserted as given`;
      r += nt.length;
    }
  }
  return r === result.length ? undefined : `result has ${result.length - r} extra characters at the end`;
}

/** Where an original position lands after the edits (positions inside an edit map to its start). */
export function mapPosition(original: string, edits: Pick<TextEdit, 'range' | 'newText'>[], p: Position): Position {
  const resolved = resolveEdits(original, edits);
  const starts = lineStarts(original);
  let off = offsetAt(original, starts, p);
  let delta = 0;
  for (const e of resolved) {
    if (e.end <= off) delta += e.newText.length - (e.end - e.start);
    else if (e.start < off) off = e.start;
  }
  const result = applyEdits(original, edits);
  const target = off + delta;
  const rs = lineStarts(result);
  let line = 0;
  while (line + 1 < rs.length && rs[line + 1] <= target) line++;
  return { line, character: target - rs[line] };
}

function fmt(r: Range): string {
  return `${r.start.line + 1}:${r.start.character}-${r.end.line + 1}:${r.end.character}`;
}
