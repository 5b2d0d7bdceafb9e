/**
 * The VS Code client: starts the language server (dist/server.js) over IPC, shows its state in the status bar,
 * registers the restart / show-output commands, and switches `.conf` documents whose content is keepalived's
 * (lvs.conf, keepalived.conf_s, ...) to the keepalived language. All analysis lives in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { detectKind } from '../../server/src/core/detect';

const LANGUAGE_ID = 'keepalived';

/** Languages VS Code gives `.conf` and unknown files by default; only these are switched to keepalived. */
const GENERIC_LANGUAGES = new Set(['plaintext', 'properties', 'ini', 'conf', 'unknown']);

/** How much of a document to read when sniffing its content (detectKind looks at 200 lines at most). */
const SNIFF_LINES = 200;

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let lastError: string | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('LVS Language Server');
  statusItem = vscode.window.createStatusBarItem('lvsConfig.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'LVS Language Server';
  statusItem.command = 'lvsConfig.showOutput';
  context.subscriptions.push(output, statusItem);

  registerLanguageSwitching(context);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: { configurationSection: 'lvsConfig' },
    outputChannel: output,
  };
  // The id 'lvsConfig' makes the client read the `lvsConfig.trace.server` setting.
  client = new LanguageClient('lvsConfig', 'LVS Language Server', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState((e) => {
      if (e.newState === State.Starting) lastError = undefined;
      showState(e.newState);
    }),
    vscode.commands.registerCommand('lvsConfig.restartServer', restartServer),
    vscode.commands.registerCommand('lvsConfig.showOutput', () => output.show(true)),
  );

  showState(State.Starting);
  await startServer();
}

export async function deactivate(): Promise<void> {
  if (client?.needsStop()) await client.stop();
}

async function startServer(): Promise<void> {
  if (!client) return;
  try {
    await client.start();
  } catch (err) {
    failed(err);
  }
}

async function restartServer(): Promise<void> {
  if (!client) return;
  lastError = undefined;
  try {
    if (client.needsStop()) await client.stop();
  } catch (err) {
    // A server that crashed may not answer the shutdown request; start it again anyway.
    client.outputChannel.appendLine(`Stopping the server failed: ${message(err)}`);
  }
  await startServer();
}

/** Start failures are already logged by the client; the status bar keeps the reason. */
function failed(err: unknown): void {
  lastError = message(err);
  client?.outputChannel.appendLine(`The LVS language server failed to start: ${lastError}`);
  showState(State.Stopped);
}

function showState(state: State): void {
  switch (state) {
    case State.Starting:
      statusItem.text = '$(sync~spin) LVS';
      statusItem.tooltip = 'LVS language server: starting';
      statusItem.backgroundColor = undefined;
      break;
    case State.Running:
      statusItem.text = '$(check) LVS';
      statusItem.tooltip = 'LVS language server: running';
      statusItem.backgroundColor = undefined;
      break;
    case State.Stopped:
      statusItem.text = lastError ? '$(error) LVS' : '$(circle-slash) LVS';
      statusItem.tooltip = `LVS language server: stopped${lastError ? ` (${lastError})` : ''}. Click to show the output.`;
      statusItem.backgroundColor = lastError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
      break;
  }
  statusItem.show();
}

/**
 * Switches documents that VS Code opened as plain text (or as another generic language) to keepalived when their
 * name or content is keepalived's. Each document is looked at once, so a user who switches it back keeps their choice.
 */
function registerLanguageSwitching(context: vscode.ExtensionContext): void {
  const seen = new Set<string>();
  const consider = (doc: vscode.TextDocument): void => {
    if (doc.uri.scheme !== 'file' || doc.languageId === LANGUAGE_ID) return;
    const key = doc.uri.toString();
    if (seen.has(key)) return;
    seen.add(key);
    if (!GENERIC_LANGUAGES.has(doc.languageId)) return;
    const head = doc.getText(new vscode.Range(0, 0, SNIFF_LINES, 0));
    if (detectKind(doc.uri.fsPath, head) === LANGUAGE_ID) {
      void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID).then(undefined, (err: unknown) => {
        client?.outputChannel.appendLine(`Could not switch ${doc.uri.fsPath} to keepalived: ${message(err)}`);
      });
    }
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(consider));
  for (const doc of vscode.workspace.textDocuments) consider(doc);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
