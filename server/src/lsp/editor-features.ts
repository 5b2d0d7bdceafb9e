/**
 * LSP adaptors of the editor features (core/editor/): completion, inlay hints and code lenses. Each reads the
 * session's last analysis (never parses) and the editor's current text, calls the core function and converts its
 * plain data to LSP types.
 */
import {
  CompletionItemKind,
  CompletionItemTag,
  InlayHintKind,
  InsertTextFormat,
  MarkupKind,
  type ClientCapabilities,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type CompletionList,
  type InlayHint,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import type { Session } from './session';
import { completeKeepalived, completeSysctl, workspaceInterfaces, type CompletionEntry, type CompletionKind } from '../core/editor/completion';
import { inlayHints } from '../core/editor/inlay';
import { virtualServerLenses } from '../core/editor/codelens';
import type { Diagnostic } from '../core/types';

/** Characters after which the client asks again: a space (arguments), `.` and `/` (sysctl keys), `=` (values). */
export const COMPLETION_TRIGGERS = [' ', '.', '/', '='];

const KIND: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  block: CompletionItemKind.Module,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
  interface: CompletionItemKind.Interface,
  address: CompletionItemKind.Constant,
  'sysctl-key': CompletionItemKind.Property,
  'sysctl-value': CompletionItemKind.Value,
};

function toItem(e: CompletionEntry, range: Range): CompletionItem {
  const item: CompletionItem = { label: e.label, kind: KIND[e.kind], textEdit: { range, newText: e.insertText ?? e.label } };
  if (e.detail) item.detail = e.detail;
  if (e.documentation) item.documentation = { kind: MarkupKind.Markdown, value: e.documentation };
  if (e.snippet) item.insertTextFormat = InsertTextFormat.Snippet;
  if (e.deprecated) item.tags = [CompletionItemTag.Deprecated];
  if (e.newer) item.labelDetails = { description: `since ${e.newer}` };
  if (e.sortText) item.sortText = e.sortText;
  return item;
}

/** The text of the cursor's line before the cursor. */
function lineBefore(text: string, position: Position): string {
  let start = 0;
  for (let l = 0; l < position.line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  return text.slice(start, start + position.character);
}

/** The ARP-hiding findings of real-server files, for hover and code lens. */
export function findingsOf(session: Session): (file: string) => readonly Diagnostic[] {
  return (f) => session.snippetFor(f)?.diagnostics ?? [];
}

export function completion(session: Session, file: string, position: Position, triggerCharacter?: string): CompletionList | null {
  const doc = session.open.get(file);
  const kind = session.kindOf(file);
  if (!doc || !kind) return null;
  // A space typed as indentation is no request for the keyword list (only a space after a word is).
  if (triggerCharacter === ' ' && !/\S\s$/.test(lineBefore(doc.text, position))) return null;
  const interfaces = (): string[] => {
    const cluster = session.cluster();
    return workspaceInterfaces(cluster.configs, cluster.snippets);
  };
  const r =
    kind === 'keepalived'
      ? completeKeepalived({ config: session.analysisFor(file)?.config, file, text: doc.text, position, interfaces, targetVersion: session.options.targetVersion })
      : kind === 'sysctl' || kind === 'shell'
        ? completeSysctl(kind, doc.text, position, interfaces())
        : undefined;
  if (!r || !r.items.length) return null;
  return { isIncomplete: false, items: r.items.map((e) => toItem(e, r.range)) };
}

export function inlays(session: Session, file: string, range: Range): InlayHint[] {
  const a = session.analysisFor(file);
  if (!a || session.kindOf(file) !== 'keepalived') return [];
  return inlayHints(a.config, file, range).map((h) => {
    const out: InlayHint = { position: h.position, label: h.label, kind: h.kind === 'default' ? InlayHintKind.Parameter : InlayHintKind.Type };
    if (h.tooltip) out.tooltip = h.tooltip;
    if (h.paddingLeft) out.paddingLeft = true;
    return out;
  });
}

/**
 * Lenses of the last analysis, per root and file: the editor asks again after every edit, and until the next
 * reanalysis (a new ParsedConfig, a new cluster object) the answer is the same.
 */
const lensCache = new WeakMap<object, { cluster: object; byFile: Map<string, CodeLens[]> }>();

export function codeLenses(session: Session, file: string): CodeLens[] {
  const a = session.analysisFor(file);
  if (!a || session.kindOf(file) !== 'keepalived') return [];
  const cluster = session.cluster();
  let c = lensCache.get(a.config);
  if (!c || c.cluster !== cluster) lensCache.set(a.config, (c = { cluster, byFile: new Map() }));
  const hit = c.byFile.get(file);
  if (hit) return hit;
  // A lens without a command id is shown as plain text.
  const lenses = virtualServerLenses(a.config, file, cluster, findingsOf(session)).map((l) => ({ range: l.range, command: { title: l.title, command: '', ...(l.tooltip ? { tooltip: l.tooltip } : {}) } }));
  c.byFile.set(file, lenses);
  return lenses;
}


/** Whether the client lets the server ask it to re-request inlay hints and code lenses. */
const refresh = { inlay: false, lens: false };

export function noteEditorCapabilities(caps: ClientCapabilities): void {
  refresh.inlay = !!caps.workspace?.inlayHint?.refreshSupport;
  refresh.lens = !!caps.workspace?.codeLens?.refreshSupport;
}

/**
 * After a re-analysis: the editor asked for hints and lenses while the analysis was older than its text (it asks
 * right after each edit), so their positions may be a line off. Ask it again.
 */
export function refreshEditorFeatures(connection: Connection): void {
  if (refresh.inlay) connection.languages.inlayHint.refresh().catch(() => undefined);
  if (refresh.lens) connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}
