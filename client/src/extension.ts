/**
 * The VS Code client: starts the language server (dist/server.js) over IPC, shows its state in the status bar,
 * registers the restart / show-output commands, and switches `.conf` documents whose content is keepalived's
 * (lvs.conf, keepalived.conf_s, ...) to the keepalived language. All analysis lives in the server.
 *
 * The extension activates in any workspace holding a `.conf` file (so that such files can be recognised), but the
 * server starts only once the workspace has a keepalived file by name or a keepalived document is open.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { detectKind, type FileKind } from '../../server/src/core/detect';
import { registerTopology } from './topology';

const LANGUAGE_ID = 'keepalived';

/** Language ids by file kind (core/detect.ts): the server analyses documents of all of them. */
const LANGUAGE_OF_KIND: Record<FileKind, string> = {
  keepalived: 'keepalived',
  sysctl: 'sysctl',
  shell: 'shellscript',
  arptables: 'arptables',
  iptables: 'iptables',
  ifcfg: 'ifcfg',
};
const OUR_LANGUAGES = new Set(Object.values(LANGUAGE_OF_KIND));

/** The files the manifest gives the keepalived language by name (see contributes.languages). */
const KEEPALIVED_FILES = '**/{*keepalived*.conf,keepalived.conf.*,keepalived/**/*.conf}';

/** Languages VS Code gives `.conf` and unknown files by default; only these are switched to keepalived. */
const GENERIC_LANGUAGES = new Set(['plaintext', 'properties', 'ini', 'conf', 'unknown']);

/** How much of a document to read when sniffing its content (detectKind looks at 200 lines at most). */
const SNIFF_LINES = 200;

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let state: State = State.Stopped;
let lastError: string | undefined;

export function activate(context: vscode.ExtensionContext): void {
  output = vscode.window.createOutputChannel('LVS Language Server');
  statusItem = vscode.window.createStatusBarItem('lvsConfig.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'LVS Language Server';
  statusItem.command = 'lvsConfig.showOutput';
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand('lvsConfig.restartServer', () => restartServer(context)),
    vscode.commands.registerCommand('lvsConfig.showOutput', () => output.show(true)),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
  );

  registerLanguageSwitching(context);
  // Topology preview and tree (client/src/topology/): they start the server if it is not running yet.
  registerTopology(context, async () => {
    if (!client) await startServer(context);
    return client;
  });

  // Start the server for the first keepalived document, or now if the workspace has keepalived files.
  const startOnce = (): void => {
    if (!client) void startServer(context);
  };
  if (vscode.workspace.textDocuments.some((doc) => OUR_LANGUAGES.has(doc.languageId))) startOnce();
  else {
    const opened = vscode.workspace.onDidOpenTextDocument((doc) => {
      if (OUR_LANGUAGES.has(doc.languageId)) startOnce();
    });
    context.subscriptions.push(opened);
    void vscode.workspace.findFiles(KEEPALIVED_FILES, '**/node_modules/**', 1).then((found) => {
      if (found.length > 0) startOnce();
    });
  }
  updateStatus();
}

export async function deactivate(): Promise<void> {
  if (client?.needsStop()) await client.stop();
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    // A larger young generation: the analysis allocates a tree that survives, and scavenges dominate otherwise.
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--max-semi-space-size=32'] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009', '--max-semi-space-size=32'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [...OUR_LANGUAGES].flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'lvsConfig' },
    outputChannel: output,
  };
  // The id 'lvsConfig' makes the client read the `lvsConfig.trace.server` setting.
  const created = new LanguageClient('lvsConfig', 'LVS Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    created.onDidChangeState((e) => {
      if (e.newState === State.Starting) lastError = undefined;
      state = e.newState;
      updateStatus();
    }),
  );
  return created;
}

async function startServer(context: vscode.ExtensionContext): Promise<void> {
  client ??= createClient(context);
  state = State.Starting;
  updateStatus();
  try {
    await client.start();
  } catch (err) {
    // The client has already logged the failure to the output channel; the status bar keeps the reason.
    lastError = message(err);
    state = State.Stopped;
    updateStatus();
  }
}

async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  lastError = undefined;
  try {
    if (client?.needsStop()) await client.stop();
  } catch (err) {
    // A server that crashed may not answer the shutdown request; start it again anyway.
    output.appendLine(`Stopping the server failed: ${message(err)}`);
  }
  await startServer(context);
}

/** The status item shows while a keepalived editor is active, and always after a failure. */
function updateStatus(): void {
  let text: string;
  let tooltip: string;
  switch (state) {
    case State.Starting:
      [text, tooltip] = ['$(sync~spin) LVS', 'starting'];
      break;
    case State.Running:
      [text, tooltip] = ['$(check) LVS', 'running'];
      break;
    case State.Stopped:
      [text, tooltip] = [lastError ? '$(error) LVS' : '$(circle-slash) LVS', lastError ? `stopped (${lastError})` : 'stopped'];
      break;
  }
  statusItem.text = text;
  statusItem.tooltip = `LVS language server: ${tooltip}. Click to show the output.`;
  statusItem.backgroundColor = lastError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  const editing = OUR_LANGUAGES.has(vscode.window.activeTextEditor?.document.languageId ?? '');
  if (editing || lastError) statusItem.show();
  else statusItem.hide();
}

/**
 * Switches documents that VS Code opened as plain text (or as another generic language) to keepalived, sysctl,
 * arptables, iptables or ifcfg when their name or content says so (and a sysctl.d file that the manifest's
 * `*keepalived*.conf` pattern took for keepalived, such as `sysctl.d/21-keepalived-vmac.conf`, to sysctl).
 * Each document is looked at once, so a user who switches it back keeps their choice.
 */
function registerLanguageSwitching(context: vscode.ExtensionContext): void {
  const seen = new Set<string>();
  const consider = (doc: vscode.TextDocument): void => {
    if (doc.uri.scheme !== 'file') return;
    const key = doc.uri.toString();
    if (seen.has(key)) return;
    seen.add(key);
    if (!GENERIC_LANGUAGES.has(doc.languageId) && doc.languageId !== LANGUAGE_ID) return;
    const head = doc.getText(new vscode.Range(0, 0, SNIFF_LINES, 0));
    const kind = detectKind(doc.uri.fsPath, head);
    const target = kind ? LANGUAGE_OF_KIND[kind] : undefined;
    // Shell scripts keep VS Code's own detection; keepalived documents move only to sysctl.
    if (!target || target === doc.languageId || target === 'shellscript') return;
    if (doc.languageId === LANGUAGE_ID && target !== 'sysctl') return;
    vscode.languages.setTextDocumentLanguage(doc, target).then(undefined, (err: unknown) => {
      output.appendLine(`Could not switch ${doc.uri.fsPath} to ${target}: ${message(err)}`);
    });
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
  for (const doc of vscode.workspace.textDocuments) consider(doc);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
