/**
 * The façade of the analysis core: parse keepalived configs (following includes), run the rules, and
 * attribute every diagnostic to the file it is in. Used alike by the CLI and the language server.
 *
 * A workspace is a set of keepalived files. Files that another file includes are analysed as part of
 * their includer (keepalived reads them in its context: its block, its `$` definitions); the others are roots.
 */
import type { Diagnostic } from './types';
import type { Host } from './host';
import { parseConfig, type ParsedConfig } from './keepalived/index';
import type { AnalysisOptions } from './lint/rule';
import { checkConfig, checkWorkspace, sortDiagnostics, suppress } from './lint/runner';
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

/**
 * Run the workspace rules over every root and finish each root: a workspace finding goes to the first root
 * (by path) that read its file, then each root's suppression comments apply. Cheap next to parsing: the
 * language server calls it after every change, with the unchanged roots' findings kept from before.
 */
export function finishWorkspace(checked: Iterable<CheckedConfig>, options: AnalysisOptions = {}): ConfigAnalysis[] {
  const list = [...checked].sort((a, b) => (a.config.root < b.config.root ? -1 : a.config.root > b.config.root ? 1 : 0));
  const extra = new Map<CheckedConfig, Diagnostic[]>();
  const owner = new Map<string, CheckedConfig>();
  for (const c of list) for (const f of c.config.files) if (!owner.has(f)) owner.set(f, c);
  for (const d of checkWorkspace(RULES, list.map((c) => c.config), options)) {
    const c = owner.get(d.file) ?? list[0];
    (extra.get(c) ?? extra.set(c, []).get(c)!).push(d);
  }
  return list.map((c) => {
    const more = extra.get(c);
    const diagnostics = sortDiagnostics(suppress(RULES, c.config, more ? [...c.findings, ...more] : c.findings, options));
    return { ...c, diagnostics };
  });
}

/** Analyse one root config on its own (its includes included): per-config and workspace rules, as a workspace of one. */
export function analyzeConfig(root: string, text: string, host: Host, options: AnalysisOptions = {}): ConfigAnalysis {
  return finishWorkspace([checkRoot(root, text, host, options)], options)[0];
}

export interface WorkspaceAnalysis {
  /** One analysis per root file. */
  roots: Map<string, ConfigAnalysis>;
  /** Diagnostics per file (every file read, including included ones; empty arrays for clean files). */
  byFile: Map<string, Diagnostic[]>;
  /** For an included file: the roots that include it. */
  includedBy: Map<string, string[]>;
}

/**
 * Analyse a set of keepalived files together. `files` are absolute paths; their text comes from the host.
 * Unreadable files get one diagnostic each.
 */
export function analyzeWorkspace(files: string[], host: Host, options: AnalysisOptions = {}): WorkspaceAnalysis {
  const analyses = new Map<string, CheckedConfig>();
  const unreadable: Diagnostic[] = [];
  for (const f of files) {
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
    analyses.set(f, checkRoot(f, r.text, host, options));
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
  const roots = new Map<string, ConfigAnalysis>();
  for (const a of finishWorkspace(kept, options)) roots.set(a.config.root, a);
  const byFile = diagnosticsByFile(roots.values());
  for (const d of unreadable) byFile.set(d.file, [d]);
  return { roots, byFile, includedBy };
}

/**
 * The diagnostics of several root analyses, per file: every file read gets an entry (empty when clean), and a
 * finding in a file included by two roots is listed once.
 */
export function diagnosticsByFile(analyses: Iterable<ConfigAnalysis>): Map<string, Diagnostic[]> {
  const byFile = new Map<string, Diagnostic[]>();
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
