/**
 * The topology preview: a webview panel beside the editor (one per scope: a file's cluster, a folder, the
 * workspace) running dist/preview.js. Refetches on `lvsConfig/topologyChanged` (debounced, only while visible),
 * reveals a clicked node's source, highlights the node under the active editor's cursor, saves the SVG export.
 */
import * as vscode from 'vscode';
import type { Topology } from '../../../server/src/core/topology/types';
import { previewHtml } from './html';
import { mainSource, nodeAt, revealSource, scopeToFolder, type TopologySource } from './source';

export interface PreviewScope {
  /** A file: its cluster (the server scopes the answer). */
  file?: vscode.Uri;
  /** A folder: the clusters of its files (scoped here, from the workspace topology). */
  folder?: vscode.Uri;
}

const REFRESH_DEBOUNCE_MS = 200;

export class TopologyPanel implements vscode.Disposable {
  static readonly viewType = 'lvsConfig.topologyPreview';
  private static readonly panels = new Map<string, TopologyPanel>();

  private topology?: Topology;
  private ready = false;
  private stale = false;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly disposables: vscode.Disposable[] = [];
  private fetching?: Promise<void>;

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
      webview.onDidReceiveMessage((m: { type: string; id?: string; svg?: string }) => this.onMessage(m)),
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
  }

  private titleOf(): string {
    const u = this.scope.file ?? this.scope.folder;
    return u ? u.path.split('/').filter(Boolean).pop() ?? u.path : 'Workspace';
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), ms);
  }

  private async refresh(): Promise<void> {
    if (this.fetching) {
      // One fetch at a time; a change during it asks again afterwards.
      this.stale = true;
      return;
    }
    this.stale = false;
    this.fetching = (async () => {
      try {
        let t = await this.source.fetch(this.scope.file ? { uri: this.scope.file.toString() } : {});
        if (this.scope.folder) t = scopeToFolder(t, this.scope.folder.toString());
        this.topology = t;
        if (this.ready) this.post();
      } catch (err) {
        if (this.ready) void this.panel.webview.postMessage({ type: 'error', message: `Could not get the topology: ${err instanceof Error ? err.message : String(err)}` });
      }
    })();
    await this.fetching;
    this.fetching = undefined;
    if (this.stale && this.panel.visible) this.schedule(REFRESH_DEBOUNCE_MS);
  }

  /** Send the topology, then the highlight of the active editor's cursor. */
  private post(): void {
    void this.panel.webview.postMessage({ type: 'topology', topology: this.topology, title: this.titleOf() });
    const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
    if (editor) this.highlight(editor);
  }

  private async onMessage(m: { type: string; id?: string; svg?: string }): Promise<void> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.topology) this.post();
        else if (!this.fetching) void this.refresh();
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

  /** Highlight the node whose source contains the cursor of `editor`. */
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
