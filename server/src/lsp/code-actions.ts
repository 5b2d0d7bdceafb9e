/** Quick fixes: the fixes of the diagnostics the client brings back, kept by the server (fix-store.ts); no re-analysis. */
import {
  CodeActionKind,
  CreateFile,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { Fix } from '../core/types';
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';

export interface DocVersions {
  /** The open document's version, or null when the file is not open (edits apply to the file on disk). */
  version(uri: string): number | null;
  uriOf(file: string): string;
  useDocumentChanges: boolean;
  /** The client accepts `create` resource operations in workspace edits. */
  canCreateFiles?: boolean;
  /** The fixes of a diagnostic of the request's document. */
  fixesOf(d: LspDiagnostic): Fix[];
}

export function codeActions(params: CodeActionParams, docs: DocVersions): CodeAction[] {
  if (params.context.only && !params.context.only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) {
    return [];
  }
  const out: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    for (const f of docs.fixesOf(d)) {
      const creates = (f.createFiles ?? []).map((file) => docs.uriOf(file));
      if (creates.length && !(docs.useDocumentChanges && docs.canCreateFiles)) continue;
      const byUri = new Map<string, LspTextEdit[]>();
      for (const e of f.edits) {
        const uri = docs.uriOf(e.file);
        const list = byUri.get(uri) ?? [];
        list.push({ range: e.range, newText: e.newText });
        byUri.set(uri, list);
      }
      const edit: WorkspaceEdit = docs.useDocumentChanges
        ? {
            documentChanges: [
              ...creates.map((uri) => CreateFile.create(uri, { ignoreIfExists: true })),
              ...[...byUri].map(([uri, edits]) => TextDocumentEdit.create({ uri, version: creates.includes(uri) ? null : docs.version(uri) }, edits)),
            ],
          }
        : { changes: Object.fromEntries(byUri) };
      const action: CodeAction = { title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit };
      if (f.isPreferred) action.isPreferred = true;
      out.push(action);
    }
  }
  return out;
}
