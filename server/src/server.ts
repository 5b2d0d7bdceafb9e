/**
 * The language server entry point: the only file that creates the connection. It works over stdio
 * (`--stdio`), node IPC (`--node-ipc`, as the VS Code client starts it) or a socket, and wires LSP events
 * to the Session (lsp/session.ts) and the feature adaptors (lsp/*.ts).
 */
import * as path from 'node:path';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic as LspDiagnostic,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './lsp/code-actions';
import { pathToUri, toLspDiagnostic, uriToPath } from './lsp/convert';
import { keepalivedHover } from './lsp/hover';
import { codeLenses, completion, COMPLETION_TRIGGERS, inlays, noteEditorCapabilities, refreshEditorFeatures } from './lsp/editor-features';
import * as nav from './lsp/navigation';
import { documentTokens, documentTokensDelta, formatDocument, SEMANTIC_LEGEND } from './lsp/format-tokens';
import { TopologyService } from './lsp/topology';
import { TOPOLOGY_CHANGED_NOTIFICATION, TOPOLOGY_REQUEST, type TopologyParams } from './core/topology/types';
import { describeSnippetAt } from './core/cluster/describe';
import { Session } from './lsp/session';
import { FixStore } from './lsp/fix-store';
import type { Diagnostic, SeveritySetting } from './core/types';
import type { FileKind } from './core/detect';
import { SCHEMA } from './core/schema/index';
import * as fs from 'node:fs';
import { mergeOptions, PROJECT_CONFIG, readProjectConfig } from './core/project-config';
import { RULES_BY_ID } from './core/rules/index';
import type { AnalysisOptions } from './core/analysis';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const session = new Session();
const docsDir = path.join(__dirname, '..', 'docs', 'rules');
/** path → the exact URI the client uses (for open documents), so we publish to the same URI. */
const uris = new Map<string, string>();
const uriOf = (file: string): string => uris.get(file) ?? pathToUri(file);

let hasConfiguration = false;
let canRegisterConfiguration = false;
let canWatchFiles = false;
let hasWorkspaceFolders = false;
let useDocumentChanges = false;
let canCreateFiles = false;
let folders: string[] = [];
/**
 * When diagnostics follow an edit. A file whose last analysis was cheap is re-analysed after a short pause (typing
 * bursts coalesce). A large one (analysis ≥ QUICK_MS) gets a quick check at once (only the top-level statements the
 * edit touched, core/incremental.ts), then the full analysis after a quiet time of twice its last duration (at least
 * SETTLE_MS, at most MAX_SETTLE_MS: a long analysis blocks the keystrokes that come while it runs); when the quick check
 * declines, after DEBOUNCE_MS.
 */
const SHORT_DEBOUNCE_MS = 20;
const DEBOUNCE_MS = 150;
const QUICK_MS = 50;
const SETTLE_MS = 400;
const MAX_SETTLE_MS = 2000;
/**
 * `LVS_CONFIG_TRACE=1`: timings of the keystroke path and of the requests on stderr (bench/editor.mjs);
 * `LVS_CONFIG_TRACE=/path/file`: appended to that file instead (a server started by an editor).
 */
const TRACE_TO = process.env.LVS_CONFIG_TRACE;
const TRACE = !!TRACE_TO;
const trace = (line: string): void => {
  const text = `${new Date().toISOString().slice(11, 23)} lvs-config: ${line}\n`;
  if (TRACE_TO && TRACE_TO !== '1') fs.appendFileSync(TRACE_TO, text);
  else process.stderr.write(text);
};
/** A request handler that, when tracing, says how long it took (the answer's serialising not included). */
function traced<A extends unknown[], R>(name: string, handler: (...args: A) => R): (...args: A) => R {
  if (!TRACE) return handler;
  return (...args: A): R => {
    const t0 = performance.now();
    const r = handler(...args);
    const done = (): void => trace(`${name} in ${(performance.now() - t0).toFixed(1)} ms`);
    if (r instanceof Promise) void r.finally(done);
    else done();
    return r;
  };
}
let pending: Set<string> | 'all' | undefined;
let timer: NodeJS.Timeout | undefined;
/** How long the last analysis that covered a file took (ms), and the last analysis of everything. */
const costs = new Map<string, number>();
let allCost = 0;

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  noteEditorCapabilities(caps);
  hasConfiguration = !!caps.workspace?.configuration;
  canRegisterConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  hasWorkspaceFolders = !!caps.workspace?.workspaceFolders;
  useDocumentChanges = !!caps.workspace?.workspaceEdit?.documentChanges;
  session.foldingRangeLimit = caps.textDocument?.foldingRange?.rangeLimit ?? Infinity;
  canCreateFiles = !!caps.workspace?.workspaceEdit?.resourceOperations?.includes('create');
  folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
  if (!folders.length && params.rootUri) folders = [uriToPath(params.rootUri)];
  const init = params.initializationOptions as { configId?: string; targetVersion?: string } | undefined;
  applySettings(init ?? {});
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      codeActionProvider: { codeActionKinds: ['quickfix'], resolveProvider: false },
      hoverProvider: true,
      completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: true,
      workspaceSymbolProvider: true,
      documentLinkProvider: { resolveProvider: false },
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: { delta: true }, range: true },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'lvs-config', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  // Registrations the client may refuse: a refusal is logged, never fatal.
  const register = <T>(what: string, p: Promise<T>): void => {
    p.catch((e: unknown) => connection.console.warn(`lvs-config: client refused ${what}: ${(e as Error)?.message ?? e}`));
  };
  if (hasConfiguration && canRegisterConfiguration) register('configuration notifications', connection.client.register(DidChangeConfigurationNotification.type, { section: 'lvsConfig' }));
  if (canWatchFiles) {
    register(
      'file watching',
      connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{conf,cfg}' },
          { globPattern: '**/keepalived*' },
          { globPattern: '**/*.conf.*' },
          // Real-server files: scripts, ifcfg, saved rule files.
          { globPattern: '**/*.{sh,bash}' },
          { globPattern: '**/ifcfg-*' },
          { globPattern: '**/{arptables,iptables,ip6tables,rules.v4,rules.v6,rc.local}' },
          { globPattern: '**/*.{arptables,iptables,ip6tables,rules}' },
          { globPattern: `**/${PROJECT_CONFIG}` },
        ],
      }),
    );
  }
  if (hasConfiguration) await pullSettings();
  loadProjectConfig();
  session.scanFolders(folders);
  schedule('all');
  if (hasWorkspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      folders = folders.filter((f) => !e.removed.some((r) => uriToPath(r.uri) === f)).concat(e.added.map((a) => uriToPath(a.uri)));
      loadProjectConfig();
      session.scanFolders(folders);
      schedule('all');
    });
  }
});

interface Settings {
  configId?: string;
  targetVersion?: string;
  rules?: Record<string, SeveritySetting>;
  maxItemsComputed?: number;
}

const SEVERITIES = new Set(['off', 'hint', 'information', 'warning', 'error']);

function applySettings(s: Settings): void {
  let rules: Record<string, SeveritySetting> | undefined;
  if (s.rules && typeof s.rules === 'object') {
    rules = {};
    for (const [id, sev] of Object.entries(s.rules)) {
      if (typeof sev === 'string' && SEVERITIES.has(sev)) rules[id] = sev as SeveritySetting;
      else connection.console.warn(`lvs-config: lvsConfig.rules.${id}: '${String(sev)}' is not one of off, hint, information, warning, error; ignored`);
    }
  }
  session.maxItemsComputed = typeof s.maxItemsComputed === 'number' && s.maxItemsComputed >= 0 ? s.maxItemsComputed : 5000;
  editorOptions = {
    configId: typeof s.configId === 'string' && s.configId ? s.configId : undefined,
    // The manifest's default ('unreleased') is the data's newest: it does not override the project file.
    targetVersion: s.targetVersion && s.targetVersion !== SCHEMA.newestVersion && SCHEMA.versions.includes(s.targetVersion) ? s.targetVersion : undefined,
    rules,
  };
  session.options = mergeOptions(projectOptions, editorOptions);
}

let editorOptions: AnalysisOptions = {};
let projectOptions: AnalysisOptions = {};

/** `.lvs-config.json` at the root of the first workspace folder that has one (shared with the CLI). */
function loadProjectConfig(): void {
  projectOptions = {};
  for (const f of folders) {
    const file = path.join(f, PROJECT_CONFIG);
    if (!fs.existsSync(file)) continue;
    try {
      const pc = readProjectConfig(file, new Set(RULES_BY_ID.keys()), SCHEMA.versions);
      for (const p of pc.problems) connection.console.warn(`lvs-config: ${file}: ${p} (ignored)`);
      projectOptions = pc.options;
    } catch (e) {
      connection.console.warn(`lvs-config: ${(e as Error).message}`);
    }
    break;
  }
  session.options = mergeOptions(projectOptions, editorOptions);
}

async function pullSettings(): Promise<void> {
  try {
    const s = (await connection.workspace.getConfiguration('lvsConfig')) as Settings | null;
    if (s) applySettings(s);
  } catch (e) {
    connection.console.warn(`lvs-config: could not read settings: ${(e as Error).message}`);
  }
}

connection.onDidChangeConfiguration(async (change) => {
  if (hasConfiguration) await pullSettings();
  else applySettings(((change.settings as { lvsConfig?: Settings })?.lvsConfig ?? {}) as Settings);
  schedule('all');
});

function schedule(what: string | 'all', delay = DEBOUNCE_MS): void {
  if (what === 'all' || pending === 'all') pending = 'all';
  else {
    if (!pending) pending = new Set();
    pending.add(what);
  }
  if (timer) clearTimeout(timer);
  timer = setTimeout(run, delay);
}

/** Protocol form of each diagnostic published: a quick check keeps most of a file's diagnostics, as the same objects. */
const converted = new WeakMap<Diagnostic, LspDiagnostic>();

const fixes = new FixStore();

function publish(file: string, ds: Diagnostic[]): void {
  fixes.published(file, ds);
  const diagnostics = ds.map((d) => {
    let c = converted.get(d);
    if (!c) converted.set(d, (c = toLspDiagnostic(d, docsDir, uriOf, fixes.idOf(d))));
    return c;
  });
  void connection.sendDiagnostics({ uri: uriOf(file), diagnostics });
}

/**
 * After an edit of an open document: a large keepalived file gets a quick check, the full analysis comes later. The
 * quick check waits for the messages already received (the editor sends a completion request right behind the
 * keystroke, and it is answered from the last analysis) and then checks the latest text once.
 */
function edited(file: string, kind: FileKind | undefined): void {
  const cost = costs.get(file) ?? allCost;
  if (cost < QUICK_MS || kind !== 'keepalived') return schedule(file, cost < QUICK_MS ? SHORT_DEBOUNCE_MS : DEBOUNCE_MS);
  schedule(file, Math.min(MAX_SETTLE_MS, Math.max(SETTLE_MS, 2 * cost)));
  if (quickPending.has(file)) return;
  quickPending.add(file);
  setImmediate(() => {
    quickPending.delete(file);
    const doc = session.open.get(file);
    if (!doc) return;
    const t0 = performance.now();
    const quick = session.quickUpdate(file, doc.text);
    const t1 = performance.now();
    if (quick) publish(file, quick);
    else schedule(file, DEBOUNCE_MS);
    if (TRACE) trace(`quick check ${quick ? 'done' : 'declined'} in ${(t1 - t0).toFixed(1)} ms, published in ${(performance.now() - t1).toFixed(1)} ms`);
  });
}
const quickPending = new Set<string>();

function run(): void {
  timer = undefined;
  const what = pending;
  pending = undefined;
  if (!what) return;
  let changes;
  const started = performance.now();
  try {
    changes = session.reanalyze(what === 'all' ? undefined : [...what]);
  } catch (e) {
    connection.console.error(`lvs-config: analysis failed: ${(e as Error).stack ?? e}`);
    return;
  }
  const took = performance.now() - started;
  if (TRACE) trace(`analysis of ${what === 'all' ? 'everything' : [...what].length + ' file(s)'} in ${took.toFixed(1)} ms`);
  if (what === 'all') allCost = took;
  else for (const f of what) costs.set(f, took);
  for (const [file, ds] of changes) publish(file, ds);
  refreshEditorFeatures(connection);
  topology.changed(what === 'all' ? 'all' : what, (f) => session.kindOf(f) !== undefined || session.analysisFor(f) !== undefined);
}

documents.onDidOpen((e) => {
  const file = uriToPath(e.document.uri);
  uris.set(file, e.document.uri);
  const text = e.document.getText();
  session.open.set(file, { text, version: e.document.version, kind: session.kindForDocument(file, text, e.document.languageId) });
  schedule(file);
});

documents.onDidChangeContent((e) => {
  const file = uriToPath(e.document.uri);
  const doc = session.open.get(file);
  const text = e.document.getText();
  const kind = doc ? doc.kind : session.kindForDocument(file, text, e.document.languageId);
  if (TRACE) trace(`didChange ${path.basename(file)} v${e.document.version}`);
  session.open.set(file, { text, version: e.document.version, kind });
  edited(file, kind);
});

documents.onDidClose((e) => {
  const file = uriToPath(e.document.uri);
  session.open.delete(file);
  // The file on disk is analysed again (or its diagnostics cleared if it is not a workspace file).
  schedule(file);
});

connection.onDidChangeWatchedFiles((e) => {
  for (const c of e.changes) {
    const file = uriToPath(c.uri);
    if (path.basename(file) === PROJECT_CONFIG) {
      loadProjectConfig();
      continue;
    }
    if (c.type === FileChangeType.Deleted) session.removeWorkspaceFile(file);
    else session.addWorkspaceFile(file);
  }
  schedule('all');
});

connection.onCodeAction((params) =>
  codeActions(params, {
    version: (uri) => documents.get(uri)?.version ?? null,
    uriOf,
    useDocumentChanges,
    canCreateFiles,
    fixesOf: (d) => fixes.fixesOf(uriToPath(params.textDocument.uri), d),
  }),
);

connection.onHover((params) => {
  const file = uriToPath(params.textDocument.uri);
  const snippet = session.snippetFor(file);
  if (snippet) {
    const h = describeSnippetAt(session.cluster(), snippet.snippet, params.position);
    return h ? { range: h.range, contents: { kind: 'markdown', value: h.markdown } } : null;
  }
  const a = session.analysisFor(file);
  return a ? keepalivedHover(session, a.config, file, params.position) : null;
});

// Editor features (lsp/editor-features.ts): completion, inlay hints, code lenses, from the last analysis.
connection.onCompletion(traced('completion', (params) => completion(session, uriToPath(params.textDocument.uri), params.position, params.context?.triggerCharacter)));
connection.languages.inlayHint.on(traced('inlayHint', (params) => inlays(session, uriToPath(params.textDocument.uri), params.range)));
connection.onCodeLens(traced('codeLens', (params) => codeLenses(session, uriToPath(params.textDocument.uri))));

// Navigation (lsp/navigation.ts): definition, references, rename, symbols, include links, folding, selection ranges.
connection.onDefinition((p) => nav.definition(session, uriToPath(p.textDocument.uri), p.position, uriOf));
connection.onReferences((p) => nav.references(session, uriToPath(p.textDocument.uri), p.position, p.context.includeDeclaration, uriOf));
connection.onPrepareRename((p) => nav.prepareRename(session, uriToPath(p.textDocument.uri), p.position));
connection.onRenameRequest((p) => nav.rename(session, uriToPath(p.textDocument.uri), p.position, p.newName, uriOf));
connection.onDocumentSymbol(traced('documentSymbol', (p) => nav.documentSymbols(session, uriToPath(p.textDocument.uri))));
connection.onWorkspaceSymbol((p) => nav.symbolsOfWorkspace(session, p.query, uriOf));
connection.onDocumentLinks((p) => nav.documentLinks(session, uriToPath(p.textDocument.uri), uriOf));
connection.onFoldingRanges(traced('foldingRange', (p) => nav.foldingRanges(session, uriToPath(p.textDocument.uri))));
connection.onSelectionRanges((p) => nav.selectionRanges(session, uriToPath(p.textDocument.uri), p.positions));

// Formatting and semantic tokens (lsp/format-tokens.ts).
connection.onDocumentFormatting((p) => formatDocument(session, uriToPath(p.textDocument.uri), p.options));
connection.onDocumentRangeFormatting((p) => formatDocument(session, uriToPath(p.textDocument.uri), p.options, p.range));
connection.languages.semanticTokens.on(traced('semanticTokens', (p, token) => documentTokens(session, uriToPath(p.textDocument.uri), undefined, token)));
connection.languages.semanticTokens.onRange(traced('semanticTokens/range', (p, token) => documentTokens(session, uriToPath(p.textDocument.uri), p.range, token)));
connection.languages.semanticTokens.onDelta(traced('semanticTokens/delta', (p, token) => documentTokensDelta(session, uriToPath(p.textDocument.uri), p.previousResultId, token)));

// Topology (lsp/topology.ts, docs/topology.md): the graph of the workspace for the preview, and a notification after
// a re-analysis so that the preview refetches.
const topology = new TopologyService(session, uriOf, (p) => void connection.sendNotification(TOPOLOGY_CHANGED_NOTIFICATION, p));
connection.onRequest(TOPOLOGY_REQUEST, (p: TopologyParams | null) => topology.request(p));

documents.listen(connection);
connection.listen();
