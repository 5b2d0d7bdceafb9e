/**
 * The language server's state: which keepalived files exist, what the editors hold, the last analysis of
 * each root, and which files must be re-checked when one changes (an included file re-checks its includers).
 * Knows nothing of the connection: server.ts feeds it events and publishes what it returns.
 */
import * as path from 'node:path';
import { checkRoot, diagnosticsByFile, finishWorkspace, type AnalysisOptions, type CheckedConfig, type ConfigAnalysis, type SnippetAnalysis } from '../core/analysis';
import { NodeHost } from '../core/host';
import { detectKind, type FileKind } from '../core/detect';
import { parseSnippet, type SnippetFile, type SnippetKind } from '../core/realserver/index';
import { clusterOf, type LvsCluster } from '../core/cluster/hosts';
import type { ParsedConfig } from '../core/keepalived/index';
import { walkFolder } from '../core/workspace-files';
import { indexFile, quickCheck, type FileIndex } from '../core/incremental';
import type { Diagnostic } from '../core/types';

export interface OpenDoc {
  text: string;
  version: number;
  /** What the document is for the analysis (undefined: not ours). */
  kind: FileKind | undefined;
}

/** Editor language ids of the real-server file kinds (`shellscript` is VS Code's own). */
const LANGUAGE_KINDS: Record<string, SnippetKind> = { sysctl: 'sysctl', shellscript: 'shell', arptables: 'arptables', iptables: 'iptables', ifcfg: 'ifcfg' };

export class Session {
  /** Keepalived and real-server files found in the workspace folders, with their kind. */
  private readonly workspaceFiles = new Map<string, FileKind>();
  /** Parsed real-server files, by path. */
  private readonly snippets = new Map<string, SnippetFile>();
  /** The finished real-server files of the last reanalysis. */
  private finishedSnippets = new Map<string, SnippetAnalysis>();
  /** The roots and real-server files of the last reanalysis, as stable arrays (the cluster model is cached on them). */
  private lastConfigs: ParsedConfig[] = [];
  private lastSnippets: SnippetFile[] = [];
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
  /** Quick-check state of open root files since the last reanalysis (null: a quick check declined; wait for it). */
  private readonly quick = new Map<string, FileIndex | null>();
  options: AnalysisOptions = {};
  /** `lvsConfig.maxItemsComputed`: outline symbols and folding ranges per file, outermost first. */
  maxItemsComputed = 5000;
  /** The client's `foldingRange.rangeLimit` (VS Code: editor.foldingMaximumRegions). */
  foldingRangeLimit = Infinity;
  readonly host = new NodeHost((f) => this.open.get(f)?.text);

  scanFolders(folders: string[]): void {
    this.workspaceFiles.clear();
    for (const dir of folders) for (const f of walkFolder(dir)) this.workspaceFiles.set(f.path, f.kind);
  }

  addWorkspaceFile(file: string): void {
    const r = this.host.readFile(file);
    const kind = detectKind(file, r.ok ? r.text : undefined);
    if (kind) this.workspaceFiles.set(file, kind);
    else this.workspaceFiles.delete(file);
  }

  removeWorkspaceFile(file: string): void {
    this.workspaceFiles.delete(file);
  }

  /** The kind of a file for the analysis: an open document's, else the workspace scan's. */
  kindOf(file: string): FileKind | undefined {
    const d = this.open.get(file);
    return d ? d.kind : this.workspaceFiles.get(file);
  }

  /** The keepalived files that may be roots (nobody includes them) and the real-server files (open documents count). */
  private candidates(): { keepalived: string[]; snippets: Map<string, SnippetKind> } {
    const keepalived = new Set<string>();
    const snippets = new Map<string, SnippetKind>();
    const add = (f: string, k: FileKind | undefined): void => {
      if (k === 'keepalived') keepalived.add(f);
      else if (k) snippets.set(f, k);
    };
    for (const [f, k] of this.workspaceFiles) if (!this.open.has(f)) add(f, k);
    for (const [f, d] of this.open) add(f, d.kind ?? this.workspaceFiles.get(f));
    return { keepalived: [...keepalived], snippets };
  }

  snippetFor(file: string): SnippetAnalysis | undefined {
    return this.finishedSnippets.get(file);
  }

  /** The roots and real-server files of the last reanalysis: stable arrays, on which the cluster model and editor indexes are cached. */
  workspace(): { configs: readonly ParsedConfig[]; snippets: readonly SnippetFile[] } {
    return { configs: this.lastConfigs, snippets: this.lastSnippets };
  }

  /** The cluster model of the last reanalysis (for hover). */
  cluster(): LvsCluster {
    return clusterOf(this.lastConfigs, this.lastSnippets);
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
    const all = this.candidates();
    const cands = all.keepalived;
    this.refreshSnippets(all.snippets, changed);
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

  /** Re-parse the real-server files that changed (all when `changed` is undefined); drop the ones gone. */
  private refreshSnippets(wanted: Map<string, SnippetKind>, changed: string[] | undefined): void {
    const dirty = changed ? new Set(changed) : undefined;
    for (const f of [...this.snippets.keys()]) {
      const s = this.snippets.get(f)!;
      if (wanted.get(f) !== s.kind || !dirty || dirty.has(f)) this.snippets.delete(f);
    }
    for (const [f, kind] of wanted) {
      if (this.snippets.has(f)) continue;
      const r = this.host.readFile(f);
      if (r.ok) this.snippets.set(f, parseSnippet(f, r.text, kind));
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

  /**
   * Between two reanalyses of a large file: re-check only the top-level statements that the edit from the analysed
   * text to `text` touched (core/incremental.ts), and give the file's diagnostics to publish now. Undefined when a
   * quick check cannot apply (the reanalysis that follows will tell).
   */
  quickUpdate(file: string, text: string): Diagnostic[] | undefined {
    // The index is built by the last reanalysis (collect) for every open root; none: wait for the next one.
    const index = this.quick.get(file);
    if (!index) return undefined;
    const r = quickCheck(index, text, this.options, this.host);
    if (!r.ok) {
      this.quick.set(file, null);
      return undefined;
    }
    this.quick.set(file, r.index);
    this.published.set(file, r.diagnostics);
    return r.diagnostics;
  }

  private collect(): Map<string, Diagnostic[]> {
    this.quick.clear();
    const done = finishWorkspace(this.analyses.values(), this.options, this.snippets.values());
    this.finished = new Map(done.roots.map((a) => [a.config.root, a]));
    this.finishedSnippets = new Map(done.snippets.map((a) => [a.snippet.file, a]));
    this.lastConfigs = done.roots.map((a) => a.config);
    this.lastSnippets = done.snippets.map((a) => a.snippet);
    const now = diagnosticsByFile(this.finished.values(), done.snippets);
    // The quick-check index of each open root, built now while the analysis is fresh in memory: built at the first
    // keystroke, seconds later, the same walk over the statements can take tens of milliseconds.
    for (const [f, d] of this.open) {
      const a = d.kind === 'keepalived' ? this.finished.get(f) : undefined;
      if (!a) continue;
      const made = indexFile(a.config, f, now.get(f) ?? []);
      this.quick.set(f, typeof made === 'string' ? null : made);
    }
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

  /**
   * What an opened document is: the editor's language id first (`keepalived`, `sysctl`, `shellscript`, ...), then
   * its name and content (a `.conf` file the client has not switched yet). A plaintext document is ours only when
   * its name says so.
   */
  kindForDocument(file: string, text: string, languageId: string): FileKind | undefined {
    if (languageId === 'keepalived') return 'keepalived';
    const byLanguage = LANGUAGE_KINDS[languageId];
    if (byLanguage) return languageId === 'shellscript' ? (this.workspaceFiles.get(file) ?? 'shell') : byLanguage;
    if (languageId === 'plaintext') return detectKind(path.basename(file)) ?? this.workspaceFiles.get(file);
    return detectKind(file, text);
  }
}
