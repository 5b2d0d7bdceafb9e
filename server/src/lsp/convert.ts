/** Core types → LSP types. The only place (with server.ts) that knows the protocol's shapes. */
import * as path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic as LspDiagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import type { Diagnostic, Severity } from '../core/types';
import type { FixRef } from './fix-store';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};


export function uriToPath(uri: string): string {
  if (uri.startsWith('file:')) {
    try {
      return fileURLToPath(uri);
    } catch {
      return uri;
    }
  }
  return uri;
}

export function pathToUri(p: string): string {
  return path.isAbsolute(p) ? pathToFileURL(p).toString() : p;
}

/** docs/rules/<id>.md next to the bundle (dist/server.js → ../docs/rules). */
export function ruleDocUri(id: string, docsDir: string): string {
  return pathToFileURL(path.join(docsDir, `${id}.md`)).toString();
}

/** `fixId`: the number of the diagnostic's fixes in the server's FixStore (lsp/fix-store.ts), sent as `data`. */
export function toLspDiagnostic(d: Diagnostic, docsDir: string, uriOf: (file: string) => string, fixId?: number): LspDiagnostic {
  const out: LspDiagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: ruleDocUri(d.code, docsDir) },
    source: 'lvs-config',
    message: d.message,
  };
  if (d.related?.length) {
    out.relatedInformation = d.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: uriOf(r.location.file), range: r.location.range }, message: r.message }),
    );
  }
  if (d.tags?.length) {
    out.tags = d.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  if (fixId !== undefined) out.data = { fix: fixId } satisfies FixRef;
  return out;
}
