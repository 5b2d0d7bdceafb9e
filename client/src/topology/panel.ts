/**
 * The topology preview: a webview panel beside the editor (one per scope: a file's cluster, a folder, the
 * workspace) running dist/preview.js. Asks the server with `collapsed: 'auto'` (a large cluster travels without the
 * services and real servers of its VIP groups), with the groups the webview has open (`expand`) and its filter text;
 * asks again when the webview opens a group or filters a collapsed answer, and on `lvsConfig/topologyChanged`
 * (debounced, only while visible). Reveals a clicked node's source, highlights the node under the active editor's
 * cursor (or the collapsed group around it), saves the SVG export.
 */
import * as vscode from 'vscode';
import type { Topology, TopologyParams } from '../../../server/src/core/topology/types';
import { previewHtml } from './html';
import { mergeGroups } from '../../../server/src/core/topology/merge';
import { mainSource, nodeAt, revealSource, type TopologySource } from './source';

export interface PreviewScope {
  /** A file: its cluster (the server scopes the answer). */
  file?: vscode.Uri;
  /** A folder: the clusters of its files (the server scopes the answer). */
  folder?: vscode.Uri;
}

const REFRESH_DEBOUNCE_MS = 200;

/** Messages from the webview (client/src/preview/main.ts). */
interface WebviewMessage {
  type: string;
  id?: string;
  svg?: string;
  /** `expand`: the groups open in the view; `fetch`: some of them are not in the answer. */
  groups?: string[];
  fetch?: boolean;
  /** `filter`, `ready`: the filter text. */
  text?: string;
  filter?: string;
}
export class TopologyPanel implements vscode.Disposable {
  static readonly viewType = 'lvsConfig.topologyPreview';
  private static readonly panels = new Map<string, TopologyPanel>();

  private topology?: Topology;
  /** What the answer in hand was asked with (echoed to the webview). */
  private answered: { expand: string[]; filter: string } = { expand: [], filter: '' };
  /** When it was asked and answered (epoch ms; the webview reports where the time went). */
  private timing = { askedAt: 0, answeredAt: 0 };
  private readonly createdAt = Date.now();
  private constructedAt = 0;
  /** The groups open in the webview and its filter: the next request's `expand` and `filter`. */
  private expand: string[] = [];
  private filter = '';
  private ready = false;
  /** A change while the panel was hidden: ask again when it shows. */
  private stale = false;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly disposables: vscode.Disposable[] = [];
  /** Requests run one after the other: a part is merged into the answer it was asked against. */
  private queue: Promise<void> = Promise.resolve();
  /** A whole answer is asked for and not started yet (more asks meanwhile make no more requests). */
  private refreshQueued = false;
  /** A whole answer is on its way. */
  private loading = false;

  static show(context: vscode.ExtensionContext, source: TopologySource, scope: PreviewScope): TopologyPanel {
    const key = scope.file ? `file:${scope.file}` : scope.folder ? `folder:${scope.folder}` : 'workspace';
    const existing = TopologyPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, true);
      return existing;
    }
    const p = new TopologyPanel(context, source, scope, key);
    TopologyPanel.panels.set(key, p);
    return p;
  }

  /** Every open preview (the highlight follows the cursor in all of them). */
  static all(): TopologyPanel[] {
    return [...TopologyPanel.panels.values()];
  }

  private readonly panel: vscode.WebviewPanel;
  private readonly sourceColumn: vscode.ViewColumn | undefined;

  private constructor(
    context: vscode.ExtensionContext,
    private readonly source: TopologySource,
    private readonly scope: PreviewScope,
    private readonly key: string,
  ) {
    this.sourceColumn = vscode.window.activeTextEditor?.viewColumn;
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    this.panel = vscode.window.createWebviewPanel(
      TopologyPanel.viewType,
      `Topology: ${this.titleOf()}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: false },
    );
    const webview = this.panel.webview;
    webview.html = previewHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.css')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: WebviewMessage) => this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.stale) this.schedule(0);
      }),
      source.onDidChange(() => {
        if (this.panel.visible) this.schedule(REFRESH_DEBOUNCE_MS);
        else this.stale = true;
      }),
    );
    // Ask the server while the webview loads.
    void this.refresh();
    this.constructedAt = Date.now();
  }

  private titleOf(): string {
    const u = this.scope.file ?? this.scope.folder;
    return u ? u.path.split('/').filter(Boolean).pop() ?? u.path : 'Workspace';
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
  }

  /** The request: the scope, collapsed when the server suggests it, with the webview's open groups and filter. */
  private params(): TopologyParams {
    const p: TopologyParams = { collapsed: 'auto', expand: [...this.expand] };
    if (this.scope.file) p.uri = this.scope.file.toString();
    else if (this.scope.folder) p.folder = this.scope.folder.toString();
    if (this.filter.trim()) p.filter = this.filter;
    return p;
  }

  private run(job: () => Promise<void>): Promise<void> {
    const p = this.queue
      .then(() => (this.disposed ? undefined : job()))
      .catch((err: unknown) => {
        // (A panel closed during a request has no webview to tell.)
        if (this.ready && !this.disposed) void this.panel.webview.postMessage({ type: 'error', message: `Could not get the topology: ${err instanceof Error ? err.message : String(err)}` });
      });
    this.queue = p;
    return p;
  }

  /** Ask for the whole answer (collapsed when large) with the open groups and the filter. */
  private refresh(): Promise<void> {
    this.stale = false;
    if (this.refreshQueued) return this.queue;
    this.refreshQueued = true;
    return this.run(async () => {
      this.refreshQueued = false;
      this.loading = true;
      try {
        const params = this.params();
        const askedAt = Date.now();
        const t = await this.source.fetch(params);
        this.timing = { askedAt, answeredAt: Date.now() };
        this.topology = t;
        this.answered = { expand: params.expand ?? [], filter: params.filter ?? '' };
        if (this.ready) this.post();
      } finally {
        this.loading = false;
      }
    });
  }

  /** The open groups the answer in hand left out: asked for alone (`groupsOnly`) and merged. */
  private fetchGroups(): void {
    void this.run(async () => {
      const t = this.topology;
      if (!t) return;
      const omitted = new Set(t.groups.filter((g) => g.omitted).map((g) => g.id));
      const need = this.expand.filter((g) => omitted.has(g));
      // Nothing missing: a whole answer asked with these groups came meanwhile.
      if (need.length) await this.part({ ...this.params(), expand: need, filter: undefined }, need);
    });
  }

  /** The groups of the filter's matches in a collapsed answer, asked for alone and merged. */
  private fetchFilter(): void {
    void this.run(async () => {
      if (this.topology && collapsed(this.topology) && this.filter.trim()) await this.part({ ...this.params(), expand: [] }, []);
    });
  }

  private async part(params: TopologyParams, expanded: string[]): Promise<void> {
    const base = this.topology!;
    const askedAt = Date.now();
    const part = await this.source.fetch({ ...params, groupsOnly: true });
    const merged = mergeGroups(base, part);
    if (!merged) {
      // Another analysis (its files differ): the whole answer again.
      void this.refresh();
      return;
    }
    this.timing = { askedAt, answeredAt: Date.now() };
    this.topology = merged;
    this.answered = { expand: [...new Set([...this.answered.expand, ...expanded])], filter: params.filter ?? this.answered.filter };
    if (this.ready) {
      void this.panel.webview.postMessage({ type: 'groups', part, ...this.answered, timing: { ...this.timing, createdAt: this.createdAt, constructedAt: this.constructedAt, postedAt: Date.now() } });
      this.highlightActive();
    }
  }

  /** Send the topology, then the highlight of the active editor's cursor. */
  private post(): void {
    const t = this.topology!;
    // The sources of omitted groups serve the cursor lookup here, not the webview: 10% of a collapsed answer.
    const topology = t.groups.some((g) => g.sources) ? { ...t, groups: t.groups.map(({ sources: _, ...g }) => g) } : t;
    // As JSON bytes: VS Code carries an ArrayBuffer to the webview as it is, where an object of a few megabytes is
    // serialised and cloned on each hop.
    const json = new TextEncoder().encode(JSON.stringify(topology));
    void this.panel.webview.postMessage({ type: 'topology', json, title: this.titleOf(), ...this.answered, timing: { ...this.timing, createdAt: this.createdAt, constructedAt: this.constructedAt, postedAt: Date.now() } });
    this.highlightActive();
  }

  private highlightActive(): void {
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (editor) this.highlight(editor);
  }

  private async onMessage(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.topology) this.post();
        else if (!this.refreshQueued && !this.loading) void this.refresh();
        // A webview loaded again (the panel was hidden) restores its filter: the groups of its matches.
        if (typeof m.filter === 'string' && m.filter !== this.filter) {
          this.filter = m.filter;
          this.fetchFilter();
        }
        break;
      case 'expand':
        if (Array.isArray(m.groups)) this.expand = m.groups.filter((g): g is string => typeof g === 'string');
        if (m.fetch) this.fetchGroups();
        break;
      case 'filter':
        if (typeof m.text === 'string') this.filter = m.text;
        if (m.fetch) this.fetchFilter();
        // Filtered in the webview (a whole answer, or no filter): the answer in hand serves it.
        else this.answered = { ...this.answered, filter: this.filter };
        break;
      case 'reveal': {
        const n = this.topology?.nodes.find((x) => x.id === m.id);
        if (n && this.topology) await revealSource(this.topology, mainSource(n), this.sourceColumn);
        break;
      }
      case 'export':
        if (typeof m.svg === 'string') await this.saveSvg(m.svg);
        break;
    }
  }

  private async saveSvg(svg: string): Promise<void> {
    const base = this.scope.folder ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${this.titleOf().replace(/[^\w.-]+/g, '_')}-topology.svg`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
      filters: { 'SVG image': ['svg'] },
      title: 'Export the topology as SVG',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(svg));
    void vscode.window.showInformationMessage(`Topology saved to ${vscode.workspace.asRelativePath(target)}.`);
  }

  /** Highlight the node whose source contains the cursor of `editor` (or the omitted group around it). */
  highlight(editor: vscode.TextEditor): void {
    if (!this.ready || !this.topology || !this.panel.visible) return;
    const id = nodeAt(this.topology, editor.document.uri, editor.selection.active);
    void this.panel.webview.postMessage({ type: 'highlight', id: id ?? null });
  }

  private disposed = false;
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    TopologyPanel.panels.delete(this.key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** An answer that left groups out (the webview then posts its filter to be searched by the server). */
const collapsed = (t: Topology): boolean => t.filter !== undefined || t.groups.some((g) => g.omitted);
