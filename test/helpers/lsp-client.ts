/**
 * A tiny LSP client for end-to-end tests of the language server (dist/server.js, built by `npm run build`).
 * It starts the server as a VS Code client would (stdio, or node IPC through child_process.fork), answers the
 * requests the server sends (`workspace/configuration` with per-test settings, `client/registerCapability`),
 * records every `textDocument/publishDiagnostics` per URI, and shuts the server down cleanly (kill on timeout).
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ErrorCodes,
  ResponseError,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ClientCapabilities,
  CodeAction,
  Command,
  Diagnostic,
  Hover,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
  TextEdit,
} from 'vscode-languageserver-protocol';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_JS = path.join(REPO_ROOT, 'dist', 'server.js');

/** The `lvsConfig` settings section, as the VS Code client sends it. */
export interface LspSettings {
  configId?: string;
  targetVersion?: string;
  rules?: Record<string, string>;
  maxItemsComputed?: number;
}

export interface StartOptions {
  /** Workspace folders (absolute paths). */
  folders?: string[];
  /** Settings returned for `workspace/configuration` (mutable later through `client.settings`). */
  settings?: LspSettings;
  /** `stdio` (default) spawns `node dist/server.js --stdio`; `ipc` forks it with `--node-ipc`. */
  transport?: 'stdio' | 'ipc';
  /** Sent as initializationOptions. */
  initializationOptions?: unknown;
  /** Skip the `initialized` notification (to inspect the initialize result alone). */
  skipInitialized?: boolean;
  /** Timeout for the initialize request. */
  timeoutMs?: number;
  /** Adjust the client capabilities sent with initialize (to play a client other than VS Code). */
  capabilities?: (caps: ClientCapabilities) => void;
  /** Answer `client/registerCapability` with an error, as a client without dynamic registration does. */
  rejectRegistrations?: boolean;
  /** The server's working directory. */
  cwd?: string;
  /** Environment variables added to the server's (e.g. `LVS_CONFIG_TRACE: '1'`: timings on stderr). */
  env?: Record<string, string>;
}

export interface Publish {
  /** Order of arrival over all URIs, from 1. */
  seq: number;
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

interface Waiter {
  uri: string;
  since: number;
  predicate: (ds: Diagnostic[]) => boolean;
  resolve: (ds: Diagnostic[]) => void;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).toString();
}

/** A fresh temp folder with the given files (relative path → content); returns its real path. */
export function makeWorkspace(files: Record<string, string | Buffer> = {}, prefix = 'lvs-lsp-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
  }
  return dir;
}

export function removeWorkspace(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Offsets where each line starts; lines end with \r\n, \r or \n, as LSP (and VS Code) count them. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (ch === 10 /* \n */) starts.push(i + 1);
  }
  return starts;
}

/** The text of each line, without its terminator (LSP line semantics). */
export function lspLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Offset of an LSP position (UTF-16 code units, as JS strings index) in `text`. */
export function offsetAt(text: string, pos: Position): number {
  const starts = lineStarts(text);
  if (pos.line >= starts.length) return text.length;
  const start = starts[pos.line];
  let end = pos.line + 1 < starts.length ? starts[pos.line + 1] : text.length;
  while (end > start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return Math.min(start + pos.character, end);
}

/** The position of an offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line, character: offset - starts[line] };
}

/** The range of the `nth` (0-based) occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (#${nth}) not found`);
  }
  return { start: positionAt(text, at), end: positionAt(text, at + needle.length) };
}

/** Apply LSP text edits (non-overlapping, as a WorkspaceEdit carries them) to `text`. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits.map((e) => ({ start: offsetAt(text, e.range.start), end: offsetAt(text, e.range.end), newText: e.newText }));
  withOffsets.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class LspClient {
  readonly connection: ProtocolConnection;
  /** Every publish, in order. */
  readonly publishes: Publish[] = [];
  /** Requests the server sent that this client does not implement. */
  readonly unhandledRequests: string[] = [];
  /** `workspace/configuration` requests received. */
  configurationRequests = 0;
  readonly registrations: string[] = [];
  readonly registrationOptions: { method: string; options: unknown }[] = [];
  readonly logs: string[] = [];
  stderr = '';
  settings: LspSettings;
  initializeResult!: InitializeResult;
  exitCode: number | null | undefined = undefined;
  exitSignal: NodeJS.Signals | null = null;
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<Waiter>();
  private closed = false;

  private constructor(
    readonly proc: ChildProcess,
    transport: 'stdio' | 'ipc',
    settings: LspSettings,
    rejectRegistrations = false,
  ) {
    this.settings = settings;
    this.exited = new Promise((resolve) => {
      proc.on('exit', (code, signal) => {
        this.exitCode = code;
        this.exitSignal = signal;
        resolve(code);
      });
    });
    proc.stderr?.on('data', (b: Buffer) => {
      this.stderr += b.toString();
    });
    this.connection =
      transport === 'ipc'
        ? createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
        : createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const pub: Publish = { seq: this.publishes.length + 1, uri: p.uri, version: p.version, diagnostics: p.diagnostics };
      this.publishes.push(pub);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && pub.seq > w.since && w.predicate(p.diagnostics)) {
          this.waiters.delete(w);
          w.resolve(p.diagnostics);
        }
      }
    });
    c.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p.message);
    });
    c.onNotification('window/showMessage', (p: { type: number; message: string }) => {
      this.logs.push(p.message);
    });
    c.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) => {
      this.configurationRequests++;
      return p.items.map((item) => {
        if (item.section === 'lvsConfig' || item.section === undefined) return item.section ? { ...this.settings } : { lvsConfig: { ...this.settings } };
        if (item.section.startsWith('lvsConfig.')) return (this.settings as Record<string, unknown>)[item.section.slice('lvsConfig.'.length)] ?? null;
        return null;
      });
    });
    c.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      for (const r of p.registrations) {
        this.registrations.push(r.method);
        this.registrationOptions.push({ method: r.method, options: r.registerOptions });
      }
      if (rejectRegistrations) return new ResponseError(ErrorCodes.MethodNotFound, 'dynamic registration is not supported');
      return null;
    });
    c.onRequest('client/unregisterCapability', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
    // Any other request: recorded (the protocol connection is a jsonrpc MessageConnection, which has a star handler).
    (c as unknown as MessageConnection).onRequest((method: string) => {
      this.unhandledRequests.push(method);
      return null;
    });
    c.onError(() => undefined);
    c.onClose(() => {
      this.closed = true;
    });
    c.listen();
  }

  /** Start the server and complete initialize (+ initialized). */
  static async start(opts: StartOptions = {}): Promise<LspClient> {
    const st = fs.statSync(SERVER_JS, { throwIfNoEntry: false });
    if (!st || st.size === 0) throw new Error(`${SERVER_JS} is missing or empty: run \`npm run build\` first`);
    const transport = opts.transport ?? 'stdio';
    const proc =
      transport === 'ipc'
        ? fork(SERVER_JS, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], cwd: opts.cwd })
        : spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], cwd: opts.cwd, env: opts.env ? { ...process.env, ...opts.env } : undefined });
    const client = new LspClient(proc, transport, { ...(opts.settings ?? {}) }, opts.rejectRegistrations);
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: { documentChanges: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: false, codeDescriptionSupport: true, dataSupport: true, tagSupport: { valueSet: [1, 2] } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: {
          isPreferredSupport: true,
          dataSupport: true,
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
        },
      },
    };
    opts.capabilities?.(capabilities);
    const folders = opts.folders ?? [];
    const init = client.connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'lvs-config-test-client', version: '0' },
      rootUri: folders[0] ? fileUri(folders[0]) : null,
      workspaceFolders: folders.map((f) => ({ uri: fileUri(f), name: path.basename(f) })),
      initializationOptions: opts.initializationOptions,
      capabilities,
    }) as Promise<InitializeResult>;
    client.initializeResult = await client.race(init, opts.timeoutMs ?? 15_000, 'initialize');
    if (!opts.skipInitialized) await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Rejects when the server exits or the time runs out first. */
  private async race<T>(p: Promise<T>, timeoutMs: number, what: string, onTimeout?: () => string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        p,
        this.exited.then((code) => {
          throw new Error(`server exited (code ${code}, signal ${this.exitSignal}) during ${what}\nstderr:\n${this.stderr}`);
        }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timeout (${timeoutMs} ms) waiting for ${what}${onTimeout ? '\n' + onTimeout() : ''}\nstderr:\n${this.stderr}`)), timeoutMs);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  get alive(): boolean {
    return this.exitCode === undefined && !this.closed;
  }

  /** The sequence number of the last publish (any URI): pass it as `since` to wait for a later publish. */
  get seq(): number {
    return this.publishes.length;
  }

  /** The last diagnostics published for `uri` (undefined: none yet). */
  latest(uri: string): Diagnostic[] | undefined {
    return this.lastFor(uri)?.diagnostics;
  }

  publishesFor(uri: string): Publish[] {
    return this.publishes.filter((p) => p.uri === uri);
  }

  /**
   * Diagnostics for `uri` satisfying `predicate`: the latest publish already received counts when its seq is
   * above `since` (default: it always counts), else the first matching later publish.
   */
  waitForDiagnostics(uri: string, predicate: (ds: Diagnostic[]) => boolean = () => true, timeoutMs = 10_000, since = 0): Promise<Diagnostic[]> {
    const last = this.lastFor(uri);
    if (last && last.seq > since && predicate(last.diagnostics)) return Promise.resolve(last.diagnostics);
    let waiter: Waiter | undefined;
    return this.race(
      new Promise<Diagnostic[]>((resolve) => this.waiters.add((waiter = { uri, since, predicate, resolve }))),
      timeoutMs,
      `diagnostics for ${uri}`,
      () => {
        if (waiter) this.waiters.delete(waiter);
        const ds = this.lastFor(uri)?.diagnostics;
        return `last published: ${ds ? JSON.stringify(ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`), null, 1) : 'nothing'}`;
      },
    );
  }

  private lastFor(uri: string): Publish | undefined {
    for (let i = this.publishes.length - 1; i >= 0; i--) if (this.publishes[i].uri === uri) return this.publishes[i];
    return undefined;
  }

  /** Resolves after `ms` without a new publish (the server has settled). */
  async quiet(ms = 600, maxMs = 20_000): Promise<void> {
    const start = Date.now();
    let last = this.seq;
    let since = Date.now();
    while (Date.now() - start < maxMs) {
      await delay(50);
      if (this.seq !== last) {
        last = this.seq;
        since = Date.now();
      } else if (Date.now() - since >= ms) return;
    }
  }

  open(uri: string, text: string, languageId = 'keepalived', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Files created (1), changed (2) or deleted (3) on disk, as a client's file watcher reports them. */
  watchedFilesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    return this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** Settings changed: the server pulls them again (workspace/configuration). */
  changeSettings(settings: LspSettings): Promise<void> {
    this.settings = { ...settings };
    return this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { lvsConfig: this.settings } });
  }

  hover(uri: string, position: Position, timeoutMs = 10_000): Promise<Hover | null> {
    return this.race(this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }) as Promise<Hover | null>, timeoutMs, 'hover');
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[], timeoutMs = 10_000): Promise<(CodeAction | Command)[] | null> {
    return this.race(
      this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } }) as Promise<(CodeAction | Command)[] | null>,
      timeoutMs,
      'codeAction',
    );
  }

  /** shutdown + exit; kills the process if it has not exited after `timeoutMs`. Resolves with the exit code. */
  async shutdown(timeoutMs = 5_000): Promise<number | null> {
    if (this.exitCode !== undefined) return this.exitCode;
    try {
      await this.race(this.connection.sendRequest('shutdown') as Promise<unknown>, timeoutMs, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // fall through to the kill below
    }
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      this.exited,
      new Promise<'timeout'>((r) => {
        timer = setTimeout(() => r('timeout'), timeoutMs);
      }),
    ]);
    if (timer) clearTimeout(timer);
    if (code === 'timeout') {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
    this.connection.dispose();
    return this.exitCode ?? null;
  }

  /** For afterEach: never throws, never leaves the process behind. */
  async dispose(): Promise<void> {
    try {
      await this.shutdown(3_000);
    } catch {
      if (this.exitCode === undefined) this.proc.kill('SIGKILL');
    }
  }
}
