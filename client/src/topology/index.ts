/**
 * Topology features of the client: the preview commands (a file's cluster, a folder, the workspace), the Explorer
 * tree view, the highlight that follows the cursor, and the command that opens a node's source.
 */
import * as vscode from 'vscode';
import { TopologyPanel } from './panel';
import { mainSource, revealSource, TopologySource, type ClientGetter } from './source';
import { OPEN_SOURCE_COMMAND, TopologyTree } from './tree';

const LANGUAGES = new Set(['keepalived', 'sysctl', 'arptables', 'iptables', 'ifcfg', 'shellscript']);
const KEEPALIVED_FILES = '**/{*keepalived*.conf,keepalived.conf.*,keepalived/**/*.conf}';

export function registerTopology(context: vscode.ExtensionContext, getClient: ClientGetter): void {
  const source = new TopologySource(getClient);
  const tree = new TopologyTree(source);
  const view = vscode.window.createTreeView('lvsConfig.topology', { treeDataProvider: tree, showCollapseAll: true });
  tree.setVisible(view.visible);

  const available = (): void => void vscode.commands.executeCommand('setContext', 'lvsConfig.topologyAvailable', true);
  if (vscode.workspace.textDocuments.some((d) => d.languageId === 'keepalived')) available();
  else void vscode.workspace.findFiles(KEEPALIVED_FILES, '**/node_modules/**', 1).then((f) => f.length && available());

  let highlightTimer: ReturnType<typeof setTimeout> | undefined;
  const highlight = (editor: vscode.TextEditor | undefined): void => {
    if (!editor || editor.document.uri.scheme !== 'file') return;
    clearTimeout(highlightTimer);
    highlightTimer = setTimeout(() => {
      for (const p of TopologyPanel.all()) p.highlight(editor);
    }, 80);
  };

  context.subscriptions.push(
    source,
    tree,
    view,
    view.onDidChangeVisibility((e) => tree.setVisible(e.visible)),
    vscode.workspace.onDidOpenTextDocument((d) => d.languageId === 'keepalived' && available()),
    vscode.commands.registerCommand('lvsConfig.showTopology', (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      const ours = target && (uri instanceof vscode.Uri || LANGUAGES.has(vscode.window.activeTextEditor?.document.languageId ?? ''));
      TopologyPanel.show(context, source, ours && target?.scheme === 'file' ? { file: target } : {});
    }),
    vscode.commands.registerCommand('lvsConfig.showTopologyForFolder', (uri?: vscode.Uri) => {
      const folder = uri instanceof vscode.Uri ? uri : vscode.workspace.workspaceFolders?.[0]?.uri;
      TopologyPanel.show(context, source, folder ? { folder } : {});
    }),
    vscode.commands.registerCommand('lvsConfig.showWorkspaceTopology', () => TopologyPanel.show(context, source, {})),
    vscode.commands.registerCommand('lvsConfig.refreshTopology', () => tree.invalidate()),
    vscode.commands.registerCommand(OPEN_SOURCE_COMMAND, async (id: string) => {
      const t = tree.current();
      const n = t?.nodes.find((x) => x.id === id);
      if (t && n) await revealSource(t, mainSource(n));
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => highlight(e.textEditor)),
    vscode.window.onDidChangeActiveTextEditor((e) => highlight(e)),
    new vscode.Disposable(() => {
      clearTimeout(highlightTimer);
      for (const p of TopologyPanel.all()) p.dispose();
    }),
  );
}
