/**
 * The façade of the analysis core: parse keepalived configs (following includes), run the rules, and
 * attribute every diagnostic to the file it is in. Used alike by the CLI and the language server.
 *
 * A workspace is a set of keepalived files and real-server files (sysctl, scripts, rule files, ifcfg). Keepalived
 * files that another file includes are analysed as part of their includer (keepalived reads them in its context:
 * its block, its `$` definitions); the others are roots. Real-server files are parsed into facts and checked by
 * the workspace rules, together with the roots.
 */
import type { Diagnostic } from './types';
import type { Host } from './host';
import { parseConfig, type ParsedConfig } from './keepalived/index';
import type { AnalysisOptions } from './lint/rule';
import { checkConfig, checkFindings, checkWorkspace, INTERNAL_ERROR, sortDiagnostics, suppress } from './lint/runner';
import type { FileKind } from './detect';
import { parseSnippet, type SnippetFile } from './realserver/index';
import { RULES } from './rules/index';

export type { AnalysisOptions } from './lint/rule';

/** One root config, parsed, with the raw findings of the per-config rules (before workspace rules and suppression). */
export interface CheckedConfig {
  config: ParsedConfig;
  findings: Diagnostic[];
}

export interface ConfigAnalysis extends CheckedConfig {
  /** The final diagnostics of this root: per-config and workspace findings, suppressed, sorted. */
  diagnostics: Diagnostic[];
}

/** Parse one root config (its includes included) and run the per-config rules. */
export function checkRoot(root: string, text: string, host: Host, options: AnalysisOptions = {}): CheckedConfig {
  const config = parseConfig(root, text, host, { configId: options.configId });
  return { config, findings: checkConfig(RULES, config, options) };
}

/** A real-server file of the workspace with its final diagnostics. */
export interface SnippetAnalysis {
  snippet: SnippetFile;
  diagnostics: Diagnostic[];
}

export interface FinishedWorkspace {
  roots: ConfigAnalysis[];
  snippets: SnippetAnalysis[];
}

const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Run the workspace rules over every root and real-server file, and finish each: a workspace finding goes to the
 * first root (by path) that read its file, or to the real-server file it is in; then each file's suppression
 * comments apply. Cheap next to parsing: the language server calls it after every change, with the unchanged
 * roots' findings kept from before.
 */
export function finishWorkspace(checked: Iterable<CheckedConfig>, options: AnalysisOptions = {}, snippetFiles: Iterable<SnippetFile> = []): FinishedWorkspace {
  const list = [...checked].sort((a, b) => byPath(a.config.root, b.config.root));
  const snippets = [...snippetFiles].sort((a, b) => byPath(a.file, b.file));
  const extra = new Map<CheckedConfig, Diagnostic[]>();
  const owner = new Map<string, CheckedConfig>();
  for (const c of list) for (const f of c.config.files) if (!owner.has(f)) owner.set(f, c);
  const bySnippet = new Map<string, Diagnostic[]>(snippets.map((s) => [s.file, s.parseError ? [parseFailure(s)] : []]));
  const configs = list.map((c) => c.config);
  const workspaceFindings = checkWorkspace(RULES, configs, snippets, options);
  const summaries = checkFindings(RULES, configs, snippets, options, [...list.flatMap((c) => c.findings), ...workspaceFindings]);
  for (const d of [...workspaceFindings, ...summaries]) {
    const c = owner.get(d.file);
    const own = c ? undefined : bySnippet.get(d.file);
    if (own) own.push(d);
    else {
      const to = c ?? list[0];
      if (to) (extra.get(to) ?? extra.set(to, []).get(to)!).push(d);
      else if (snippets.length) bySnippet.get(snippets[0].file)!.push(d);
    }
  }
  const roots = list.map((c) => {
    const more = extra.get(c);
    const diagnostics = sortDiagnostics(suppress(RULES, c.config, more ? [...c.findings, ...more] : c.findings, options));
    return { ...c, diagnostics };
  });
  const done = snippets.map((s) => ({
    snippet: s,
    diagnostics: sortDiagnostics(suppress(RULES, { directives: s.directives, texts: new Map([[s.file, s.text]]) }, bySnippet.get(s.file)!, options)),
  }));
  return { roots, snippets: done };
}

function parseFailure(s: SnippetFile): Diagnostic {
  return {
    file: s.file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code: INTERNAL_ERROR,
    message: `The ${s.kind} reader failed on this file (${s.parseError}). Its settings are missing from the analysis. Please report this with the file.`,
  };
}

/** Analyse one root config on its own (its includes included): per-config and workspace rules, as a workspace of one. */
export function analyzeConfig(root: string, text: string, host: Host, options: AnalysisOptions = {}): ConfigAnalysis {
  return finishWorkspace([checkRoot(root, text, host, options)], options).roots[0];
}

export interface WorkspaceAnalysis {
  /** One analysis per root file. */
  roots: Map<string, ConfigAnalysis>;
  /** One analysis per real-server file. */
  snippets: Map<string, SnippetAnalysis>;
  /** Diagnostics per file (every file read, including included ones; empty arrays for clean files). */
  byFile: Map<string, Diagnostic[]>;
  /** For an included file: the roots that include it. */
  includedBy: Map<string, string[]>;
}

/** A file of the workspace and its kind (a bare path is a keepalived file). */
export type WorkspaceFile = string | { path: string; kind: FileKind };

/**
 * Analyse a set of files together: keepalived configs and real-server files. Paths are absolute; their text
 * comes from the host. Unreadable files get one diagnostic each.
 */
export function analyzeWorkspace(files: WorkspaceFile[], host: Host, options: AnalysisOptions = {}): WorkspaceAnalysis {
  const analyses = new Map<string, CheckedConfig>();
  const snippets: SnippetFile[] = [];
  const unreadable: Diagnostic[] = [];
  for (const entry of files) {
    const f = typeof entry === 'string' ? entry : entry.path;
    const kind = typeof entry === 'string' ? 'keepalived' : entry.kind;
    const r = host.readFile(f);
    if (!r.ok) {
      unreadable.push({
        file: f,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'error',
        code: 'include-not-file',
        message: `Cannot read this file (${r.reason}${r.detail ? ': ' + r.detail : ''}).`,
      });
      continue;
    }
    if (kind === 'keepalived') analyses.set(f, checkRoot(f, r.text, host, options));
    else snippets.push(parseSnippet(f, r.text, kind));
  }
  // A file read by another analysis (through include) is not a root of its own.
  const includedBy = new Map<string, string[]>();
  for (const [root, a] of analyses) {
    for (const f of a.config.files) {
      if (f === root) continue;
      const list = includedBy.get(f);
      if (list) list.push(root);
      else includedBy.set(f, [root]);
    }
  }
  const kept: CheckedConfig[] = [];
  for (const [f, a] of analyses) {
    const by = includedBy.get(f);
    // Keep a file as root when nothing includes it, or when it is in an include cycle with all its includers.
    if (!by || by.every((r) => (includedBy.get(r) ?? []).includes(f))) kept.push(a);
  }
  const finished = finishWorkspace(kept, options, snippets);
  const roots = new Map<string, ConfigAnalysis>();
  for (const a of finished.roots) roots.set(a.config.root, a);
  const snippetMap = new Map<string, SnippetAnalysis>();
  for (const s of finished.snippets) snippetMap.set(s.snippet.file, s);
  const byFile = diagnosticsByFile(roots.values(), finished.snippets);
  for (const d of unreadable) byFile.set(d.file, [d]);
  return { roots, snippets: snippetMap, byFile, includedBy };
}

/**
 * The diagnostics of several root analyses, per file: every file read gets an entry (empty when clean), and a
 * finding in a file included by two roots is listed once.
 */
export function diagnosticsByFile(analyses: Iterable<ConfigAnalysis>, snippets: Iterable<SnippetAnalysis> = []): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
  for (const s of snippets) byFile.set(s.snippet.file, [...s.diagnostics]);
  const seen = new Set<string>();
  for (const a of analyses) {
    for (const f of a.config.files) if (!byFile.has(f)) byFile.set(f, []);
    for (const d of a.diagnostics) {
      const key = `${d.file}\0${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}\0${d.code}\0${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let list = byFile.get(d.file);
      if (!list) byFile.set(d.file, (list = []));
      list.push(d);
    }
  }
  return byFile;
}
