/**
 * LSP adaptors of navigation (core/editor/navigation.ts, symbols.ts, links.ts, folding.ts, selection.ts): go to
 * definition, references, prepareRename / rename, document and workspace symbols, include links, folding and
 * selection ranges. Each reads the session's last analysis (never parses) and converts the core's plain data to
 * LSP types. A rename that cannot be done exactly answers with an error the editor shows.
 */
import {
  ErrorCodes,
  LSPErrorCodes,
  FoldingRangeKind,
  ResponseError,
  SymbolKind,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type Location,
  type Position,
  type SelectionRange,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Session } from './session';
import type { ParsedConfig } from '../core/keepalived/index';
import { definitionAt, prepareRenameAt, referencesAt, renameAt, type NavWorkspace } from '../core/editor/navigation';
import { keepalivedSymbols, snippetSymbols, workspaceSymbols, type OutlineKind, type OutlineSymbol } from '../core/editor/symbols';
import { includeLinks } from '../core/editor/links';
import { keepalivedFolds, snippetFolds } from '../core/editor/folding';
import { keepalivedSelection, snippetSelection } from '../core/editor/selection';

type UriOf = (file: string) => string;

const KIND: Record<OutlineKind, SymbolKind> = {
  namespace: SymbolKind.Namespace,
  class: SymbolKind.Class,
  function: SymbolKind.Function,
  constant: SymbolKind.Constant,
  module: SymbolKind.Module,
  object: SymbolKind.Object,
  field: SymbolKind.Field,
  event: SymbolKind.Event,
  property: SymbolKind.Property,
  struct: SymbolKind.Struct,
  file: SymbolKind.File,
  variable: SymbolKind.Variable,
  key: SymbolKind.Key,
  array: SymbolKind.Array,
  interface: SymbolKind.Interface,
};

/**
 * The roots and real-server files of the session's last reanalysis: the arrays the cluster model is built on (its
 * indexes are cached on them), without building the cluster itself (~0.5 s on the 1.4 MB bench config), which
 * name navigation does not need.
 */
function workspace(session: Session): NavWorkspace {
  return session.workspace();
}

/** The analysis of a root that read `file` (an included file whatever its name), undefined for other files. */
function configOf(session: Session, file: string): ParsedConfig | undefined {
  const c = session.analysisFor(file)?.config;
  return c && c.texts.has(file) ? c : undefined;
}

export function definition(session: Session, file: string, position: Position, uriOf: UriOf): Location[] | null {
  const locs = definitionAt(workspace(session), configOf(session, file), file, position);
  return locs.length ? locs.map((l) => ({ uri: uriOf(l.file), range: l.range })) : null;
}

export function references(session: Session, file: string, position: Position, includeDeclaration: boolean, uriOf: UriOf): Location[] | null {
  const locs = referencesAt(workspace(session), configOf(session, file), file, position, includeDeclaration);
  return locs.length ? locs.map((l) => ({ uri: uriOf(l.file), range: l.range })) : null;
}

export function prepareRename(session: Session, file: string, position: Position): { range: import('vscode-languageserver/node').Range; placeholder: string } | ResponseError<void> | null {
  const r = prepareRenameAt(workspace(session), configOf(session, file), file, position);
  if (!r) return null;
  if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
  return r;
}

/** The text an edit was computed on (the analysis') differs from the editor's: refuse rather than edit blindly. */
function stale(session: Session, ws: NavWorkspace, files: Set<string>): string | undefined {
  for (const f of files) {
    const open = session.open.get(f);
    if (!open) continue;
    const analysed = ws.configs.find((c) => c.texts.has(f))?.texts.get(f) ?? ws.snippets.find((s) => s.file === f)?.text;
    if (analysed !== undefined && analysed !== open.text) return `${f.slice(f.lastIndexOf('/') + 1)} changed since the last analysis; try the rename again in a moment.`;
  }
  return undefined;
}

export function rename(session: Session, file: string, position: Position, newName: string, uriOf: UriOf): WorkspaceEdit | ResponseError<void> | null {
  const ws = workspace(session);
  const r = renameAt(ws, configOf(session, file), file, position, newName);
  if (!r) return null;
  if ('error' in r) return new ResponseError(ErrorCodes.InvalidRequest, r.error);
  const byFile = new Map<string, TextEdit[]>();
  for (const e of r.edits) {
    let l = byFile.get(e.file);
    if (!l) byFile.set(e.file, (l = []));
    l.push({ range: e.range, newText: e.newText });
  }
  const why = stale(session, ws, new Set([...byFile.keys(), file]));
  if (why) return new ResponseError(LSPErrorCodes.RequestFailed, why);
  const changes: Record<string, TextEdit[]> = {};
  for (const [f, es] of byFile) changes[uriOf(f)] = es;
  return { changes };
}

function toDocumentSymbol(s: OutlineSymbol): DocumentSymbol {
  const d: DocumentSymbol = { name: s.name, kind: KIND[s.kind], range: s.range, selectionRange: s.selectionRange };
  if (s.detail) d.detail = s.detail;
  if (s.children?.length) d.children = s.children.map(toDocumentSymbol);
  return d;
}

/** Converted once per outline (the core caches the outline per analysis and file). */
const converted = new WeakMap<OutlineSymbol[], { max: number; symbols: DocumentSymbol[] }>();

export function documentSymbols(session: Session, file: string): DocumentSymbol[] | null {
  const config = configOf(session, file);
  const max = session.maxItemsComputed;
  if (config) {
    const core = keepalivedSymbols(config, file);
    let cached = converted.get(core);
    if (!cached || cached.max !== max) converted.set(core, (cached = { max, symbols: outermost(core.map(toDocumentSymbol), max) }));
    return cached.symbols;
  }
  const snip = session.snippetFor(file);
  return snip ? outermost(snippetSymbols(snip.snippet).map(toDocumentSymbol), max) : null;
}

/**
 * At most `max` symbols, the outermost first (breadth-first, in document order within a level): a huge config keeps
 * every top-level block in the outline and loses the innermost entries of its last blocks (as the JSON and YAML
 * language servers do with their `maxItemsComputed`).
 */
export function outermost(symbols: DocumentSymbol[], max: number): DocumentSymbol[] {
  let total = 0;
  for (let level = symbols; level.length && total <= max; level = level.flatMap((s) => s.children ?? [])) total += level.length;
  if (total <= max) return symbols;
  const kept = new Set<DocumentSymbol>();
  for (let level = symbols; level.length && kept.size < max; level = level.flatMap((s) => s.children ?? [])) {
    for (const s of level) {
      if (kept.size === max) break;
      kept.add(s);
    }
  }
  const trim = (list: DocumentSymbol[]): DocumentSymbol[] =>
    list.filter((s) => kept.has(s)).map((s) => {
      if (!s.children?.length) return s;
      const children = trim(s.children);
      return children.length === s.children.length && children.every((c, i) => c === s.children![i]) ? s : { ...s, children };
    });
  return trim(symbols);
}

export function symbolsOfWorkspace(session: Session, query: string, uriOf: UriOf): SymbolInformation[] {
  const ws = workspace(session);
  return workspaceSymbols(ws.configs, ws.snippets, query).map((s) => {
    const out: SymbolInformation = { name: s.name, kind: KIND[s.kind], location: { uri: uriOf(s.file), range: s.range } };
    if (s.container) out.containerName = s.container;
    return out;
  });
}

export function documentLinks(session: Session, file: string, uriOf: UriOf): DocumentLink[] | null {
  const config = configOf(session, file);
  if (!config) return null;
  return includeLinks(config, file).map((l) => ({ range: l.range, target: uriOf(l.target), tooltip: l.tooltip }));
}

const FOLD_KIND = { comment: FoldingRangeKind.Comment, imports: FoldingRangeKind.Imports, region: FoldingRangeKind.Region } as const;

/** From the editor's current text. Shell scripts get none (the editor's own indentation folding stays). */
export function foldingRanges(session: Session, file: string): FoldingRange[] | null {
  const doc = session.open.get(file);
  const kind = session.kindOf(file);
  if (!doc || !kind || kind === 'shell') return null;
  const max = Math.min(session.maxItemsComputed, session.foldingRangeLimit);
  const last = lastFolds.get(file);
  if (last && last.text === doc.text && last.max === max) return last.ranges;
  const folds = kind === 'keepalived' ? keepalivedFolds(doc.text) : snippetFolds(doc.text, kind === 'arptables' || kind === 'iptables');
  const ranges = outerFolds(folds, max).map((f): FoldingRange => (f.kind ? { startLine: f.startLine, endLine: f.endLine, kind: FOLD_KIND[f.kind] } : { startLine: f.startLine, endLine: f.endLine }));
  lastFolds.set(file, { text: doc.text, max, ranges });
  return ranges;
}

/** The last folding ranges per file and the text they are of (the editor asks again without a change, e.g. on focus). */
const lastFolds = new Map<string, { text: string; max: number; ranges: FoldingRange[] }>();

/** At most `max` folding ranges, the outermost first (a range inside another is dropped before it), in line order. */
export function outerFolds<T extends { startLine: number; endLine: number }>(folds: T[], max: number): T[] {
  if (folds.length <= max) return folds;
  // Nesting depth of each range: ranges sorted by start (outer first on ties), a stack of open ones.
  const order = folds.map((f, i) => i).sort((a, b) => folds[a].startLine - folds[b].startLine || folds[b].endLine - folds[a].endLine);
  const depth = new Array<number>(folds.length);
  const stack: number[] = [];
  for (const i of order) {
    while (stack.length && folds[stack[stack.length - 1]].endLine < folds[i].startLine) stack.pop();
    depth[i] = stack.length;
    stack.push(i);
  }
  const kept = order
    .slice()
    .sort((a, b) => depth[a] - depth[b] || folds[a].startLine - folds[b].startLine)
    .slice(0, max)
    .sort((a, b) => a - b);
  return kept.map((i) => folds[i]);
}

export function selectionRanges(session: Session, file: string, positions: Position[]): SelectionRange[] | null {
  const config = configOf(session, file);
  const snip = config ? undefined : session.snippetFor(file)?.snippet;
  if (!config && !snip) return null;
  return positions.map((p) => {
    const chain = config ? keepalivedSelection(config, file, p) : snippetSelection(snip!, p);
    let out: SelectionRange | undefined;
    for (let i = chain.length - 1; i >= 0; i--) out = out ? { range: chain[i], parent: out } : { range: chain[i] };
    return out ?? { range: { start: p, end: p } };
  });
}
