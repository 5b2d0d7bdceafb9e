/**
 * The fixes of the diagnostics last published, kept on the server. A published diagnostic carries only a number in
 * `Diagnostic.data` (`{ fix: N }`); a code action request brings the diagnostic back and gets its fixes from here
 * (ESLint's server keeps its fixes the same way). A diagnostic without that number (a client that drops `data`) is
 * found by its code, range and message among the file's. Sending the fixes themselves made a file's publication
 * twice as large: a config with thousands of findings re-sent megabytes of fixes on every keystroke.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { Diagnostic, Fix } from '../core/types';

export interface FixRef {
  fix: number;
}

export class FixStore {
  private next = 1;
  private readonly ids = new WeakMap<Diagnostic, number>();
  private readonly byFile = new Map<string, Map<number, Diagnostic>>();

  /** The number that stands for `d`'s fixes (the same for the same diagnostic object); undefined without fixes. */
  idOf(d: Diagnostic): number | undefined {
    if (!d.fixes?.length) return undefined;
    let id = this.ids.get(d);
    if (id === undefined) this.ids.set(d, (id = this.next++));
    return id;
  }

  /** `ds` are now the diagnostics published for `file`: their fixes replace the file's previous ones. */
  published(file: string, ds: readonly Diagnostic[]): void {
    const map = new Map<number, Diagnostic>();
    for (const d of ds) {
      const id = this.idOf(d);
      if (id !== undefined) map.set(id, d);
    }
    if (map.size) this.byFile.set(file, map);
    else this.byFile.delete(file);
  }

  /** The fixes of a diagnostic the client shows in `file` (none when it is no longer published). */
  fixesOf(file: string, d: LspDiagnostic): Fix[] {
    const map = this.byFile.get(file);
    if (!map) return [];
    const ref = d.data as Partial<FixRef> | undefined;
    const byId = typeof ref?.fix === 'number' ? map.get(ref.fix) : undefined;
    if (byId) return byId.fixes ?? [];
    for (const c of map.values()) {
      if (c.code === d.code && c.message === d.message && sameRange(c.range, d.range)) return c.fixes ?? [];
    }
    return [];
  }
}

function sameRange(a: Diagnostic['range'], b: LspDiagnostic['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
