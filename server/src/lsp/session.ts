/**
 * The language server's state: which keepalived files exist, what the editors hold, the last analysis of
 * each root, and which files must be re-checked when one changes (an included file re-checks its includers).
 * Knows nothing of the connection: server.ts feeds it events and publishes what it returns.
 */
import * as path from 'node:path';
import { checkRoot, diagnosticsByFile, finishWorkspace, type AnalysisOptions, type CheckedConfig, type ConfigAnalysis } from '../core/analysis';
import { NodeHost } from '../core/host';
import { detectKind } from '../core/detect';
import { walkFolder } from '../core/workspace-files';
import type { Diagnostic } from '../core/types';

export interface OpenDoc {
  text: string;
  version: number;
  keepalived: boolean;
}

export class Session {
  /** Keepalived files found in the workspace folders. */
  private readonly workspaceFiles = new Set<string>();
  /** Documents open in the editor, by path. */
  readonly open = new Map<string, OpenDoc>();
  /** Last parse and per-config findings per root. */
  private readonly analyses = new Map<string, CheckedConfig>();
  /** The finished analyses (workspace rules and suppression applied) of the last reanalysis, per root. */
  private finished = new Map<string, ConfigAnalysis>();
  /** file → roots whose analysis read it. */
  private readonly readers = new Map<string, Set<string>>();
  /** Diagnostics last published per file. */
  private readonly published = new Map<string, Diagnostic[]>();
  options: AnalysisOptions = {};
  readonly host = new NodeHost((f) => this.open.get(f)?.text);

  scanFolders(folders: string[]): void {
    this.workspaceFiles.clear();
    for (const dir of folders) for (const f of walkFolder(dir)) this.workspaceFiles.add(f.path);
  }

  addWorkspaceFile(file: string): void {
    const r = this.host.readFile(file);
    if (detectKind(file, r.ok ? r.text : undefined)) this.workspaceFiles.add(file);
  }

  removeWorkspaceFile(file: string): void {
    this.workspaceFiles.delete(file);
  }

  /** The files that are roots: keepalived files nobody includes (open documents count as files). */
  private candidates(): string[] {
    const set = new Set(this.workspaceFiles);
    for (const [f, d] of this.open) if (d.keepalived) set.add(f);
    return [...set];
  }

  analysisFor(file: string): ConfigAnalysis | undefined {
    const roots = this.readers.get(file);
    if (roots) for (const r of roots) return this.finished.get(r);
    return this.finished.get(file);
  }

  /**
   * Re-analyse what `changed` affects (all when undefined). Returns the files whose diagnostics changed,
   * with their new diagnostics (empty arrays clear).
   */
  reanalyze(changed?: string[]): Map<string, Diagnostic[]> {
    const cands = this.candidates();
    let roots: string[];
    if (!changed) {
      roots = cands;
      this.analyses.clear();
      this.readers.clear();
    } else {
      const set = new Set<string>();
      for (const f of changed) {
        const rs = this.readers.get(f);
        if (rs?.size) for (const r of rs) set.add(r);
        else set.add(f);
      }
      for (const r of set) this.forget(r);
      // A root no longer open nor in the workspace is dropped (its diagnostics are cleared).
      roots = [...set].filter((r) => cands.includes(r));
    }
    for (const r of roots) this.analyzeRoot(r);
    this.settleRoots(cands);
    return this.collect();
  }

  /**
   * Roots are the candidates nobody else reads: drop analyses of files another root now includes, and
   * analyse candidates that no root reads any more (e.g. their `include` was just removed).
   */
  private settleRoots(cands: string[]): void {
    for (let pass = 0; pass < 4; pass++) {
      for (const [r] of this.analyses) {
        const rs = this.readers.get(r);
        if (rs && [...rs].some((x) => x !== r && !(this.readers.get(x)?.has(r) ?? false))) this.forget(r);
      }
      const orphans = cands.filter((c) => !this.analyses.has(c) && !this.readers.has(c));
      if (!orphans.length) return;
      for (const r of orphans) this.analyzeRoot(r);
    }
  }

  private analyzeRoot(r: string): void {
    const read = this.host.readFile(r);
    if (!read.ok) return;
    const a = checkRoot(r, read.text, this.host, this.options);
    this.analyses.set(r, a);
    for (const f of a.config.files) {
      let s = this.readers.get(f);
      if (!s) this.readers.set(f, (s = new Set()));
      s.add(r);
    }
  }

  private forget(root: string): void {
    this.analyses.delete(root);
    for (const [f, s] of this.readers) {
      s.delete(root);
      if (!s.size) this.readers.delete(f);
    }
  }

  private collect(): Map<string, Diagnostic[]> {
    this.finished = new Map(finishWorkspace(this.analyses.values(), this.options).map((a) => [a.config.root, a]));
    const now = diagnosticsByFile(this.finished.values());
    const changes = new Map<string, Diagnostic[]>();
    for (const [f, ds] of now) {
      const before = this.published.get(f);
      if (!before || JSON.stringify(before) !== JSON.stringify(ds)) changes.set(f, ds);
    }
    for (const f of this.published.keys()) if (!now.has(f)) changes.set(f, []);
    this.published.clear();
    for (const [f, ds] of now) this.published.set(f, ds);
    return changes;
  }

  isKeepalived(file: string, text: string, languageId: string): boolean {
    return languageId === 'keepalived' || (languageId !== 'plaintext' && detectKind(file, text) === 'keepalived') || detectKind(path.basename(file)) === 'keepalived';
  }
}
