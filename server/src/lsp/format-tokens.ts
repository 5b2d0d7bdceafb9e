/**
 * LSP adaptors of formatting (document and range) and semantic tokens (full and range), over
 * core/editor/format.ts and core/editor/semantic-tokens.ts. Both work on keepalived files only.
 */
import type { CancellationToken, FormattingOptions, Range, SemanticTokens, SemanticTokensDelta, SemanticTokensLegend, TextEdit } from 'vscode-languageserver/node';
import { formatKeepalived } from '../core/editor/format';
import { semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES, type LineSpan } from '../core/editor/semantic-tokens';
import { parseConfig, type ParsedConfig } from '../core/keepalived/index';
import type { Session } from './session';

export const SEMANTIC_LEGEND: SemanticTokensLegend = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

function keepalivedText(session: Session, file: string): string | undefined {
  if (session.kindOf(file) !== 'keepalived') return undefined;
  return session.open.get(file)?.text;
}

/** `textDocument/formatting` and `textDocument/rangeFormatting` (range undefined: the whole document). */
export function formatDocument(session: Session, file: string, options: FormattingOptions, range?: Range): TextEdit[] {
  const text = keepalivedText(session, file);
  if (text === undefined) return [];
  return formatKeepalived(text, { tabSize: options.tabSize, insertSpaces: options.insertSpaces }, range);
}

/** The last fresh parse made for tokens while the analysis was behind the editor (one file at a time). */
let fresh: { file: string; text: string; configId: string | undefined; config: ParsedConfig } | undefined;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A parse whose text of `file` is the editor's: the last analysis when it is current; right after an edit, the
 * analysis that is about to run (up to ~1 s), else a parse of the file on its own (its includes followed).
 */
async function currentParse(session: Session, file: string, token?: CancellationToken): Promise<ParsedConfig | undefined> {
  for (let waited = 0; ; waited += 50) {
    const text = keepalivedText(session, file);
    if (text === undefined) return undefined;
    const config = session.analysisFor(file)?.config;
    if (config && config.texts.get(file) === text) return config;
    // A cancelled request (the editor asks again after each edit): its answer is dropped anyway.
    if (token?.isCancellationRequested) return undefined;
    if (waited >= 1000) {
      const configId = session.options.configId;
      if (fresh && fresh.file === file && fresh.text === text && fresh.configId === configId) return fresh.config;
      const parsed = parseConfig(file, text, session.host, { configId });
      fresh = { file, text, configId, config: parsed };
      return parsed;
    }
    await sleep(50);
  }
}

/** The last full result per file, for delta requests (a big file's tokens are ~5 numbers a word). */
const lastFull = new Map<string, { resultId: string; data: number[] }>();
let nextResultId = 1;

/** `textDocument/semanticTokens/full` and `/range`. */
export async function documentTokens(session: Session, file: string, range?: Range, token?: CancellationToken): Promise<SemanticTokens> {
  const config = await currentParse(session, file, token);
  if (!config) return { data: [] };
  if (range) return { data: semanticTokens(config, file, { start: range.start.line, end: range.end.line } satisfies LineSpan) };
  const data = semanticTokens(config, file);
  const resultId = String(nextResultId++);
  lastFull.delete(file);
  lastFull.set(file, { resultId, data });
  // The files last asked for (the visible editors); the others ask for full tokens again.
  if (lastFull.size > 8) lastFull.delete(lastFull.keys().next().value!);
  return { resultId, data };
}

/**
 * `textDocument/semanticTokens/full/delta`: one edit of the previous result's numbers (their common start and end
 * kept), so that an edit in a big file sends a few numbers, not all of them.
 */
export async function documentTokensDelta(session: Session, file: string, previousResultId: string, token?: CancellationToken): Promise<SemanticTokens | SemanticTokensDelta> {
  const prev = lastFull.get(file);
  const full = await documentTokens(session, file, undefined, token);
  if (!prev || prev.resultId !== previousResultId || !full.resultId) return full;
  const a = prev.data;
  const b = full.data;
  let start = 0;
  const max = Math.min(a.length, b.length);
  while (start < max && a[start] === b[start]) start++;
  let end = 0;
  while (end < max - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  // Whole tokens (5 numbers each) kept on both sides.
  start -= start % 5;
  end -= end % 5;
  if (start === a.length && start === b.length) return { resultId: full.resultId, edits: [] };
  return { resultId: full.resultId, edits: [{ start, deleteCount: a.length - start - end, data: b.slice(start, b.length - end) }] };
}

