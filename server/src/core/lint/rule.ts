/**
 * The rule contract. One rule per file in server/src/core/rules/<id>.ts: metadata (id, severity, docs),
 * the check, and its fixes together. Rules report against words or ranges; the runner resolves severity,
 * isolates exceptions and attaches expansion provenance.
 */
import type { Diagnostic, Fix, Range, RelatedInfo, Severity, SeveritySetting } from '../types';
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';
import type { SnippetFile } from '../realserver/types';

export type RuleCategory = 'syntax' | 'schema' | 'include' | 'semantic' | 'internal';

export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters and what keepalived does (markdown). */
  rationale: string;
  /** A config that triggers the rule. */
  invalid: string;
  /** The same config, fixed. */
  valid: string;
  /**
   * The name `invalid` and `valid` are written as (relative; default `keepalived.conf`), e.g.
   * `etc/sysctl.d/90-lvs.conf` when the example is a real-server file. An example whose first line is a
   * `# FILE` header (`# lb1.conf`, `# realserver.sh (on 192.0.2.21)`) holds several files instead, each from its
   * header on; in `valid`, an empty section whose header says "as above" repeats the `invalid` one.
   */
  exampleFile?: string;
  /**
   * Other files both examples need, by relative name (an included file, the peer director's config, a real
   * server's sysctl file): the docs page shows them and the docs test analyses them with the example.
   */
  exampleFiles?: Record<string, string>;
  /** Analysis options both examples are meant for (e.g. the target keepalived version); shown on the page. */
  exampleOptions?: Pick<AnalysisOptions, 'targetVersion' | 'configId'>;
  /**
   * Why the examples cannot be checked by analysis (shown on the page). Only a rule with this note is exempt
   * from test/unit/rule-docs.test.ts (invalid triggers the rule, valid does not).
   */
  exampleNote?: string;
}

export interface RuleMeta {
  /** Stable kebab-case id: Diagnostic.code, settings key, docs slug. Never renamed or reused. */
  id: string;
  category: RuleCategory;
  defaultSeverity: Severity;
  /** Whether the rule offers fixes: 'safe' (applying is always right) or 'suggestion' (pick one). */
  fix: 'none' | 'safe' | 'suggestion';
  /**
   * `'block'`: what the rule's `check` reports about a top-level statement (a `vrrp_instance`, a `virtual_server`, ...)
   * depends on that statement alone, nested blocks included: nothing outside it (other blocks, `global_defs`,
   * groups, scripts) changes it, except lookups through `topLevelStatements` (below; an edit elsewhere that changes
   * such a lookup shows at the next full analysis). Between two full analyses of a large file, the editor re-runs only these rules on the
   * statement being edited (core/incremental.ts); test/unit/incremental.test.ts checks the claim on every fixture and
   * corpus file. Absent: the rule's findings may depend on anything, and wait for the full analysis.
   */
  scope?: 'block';
  docs: RuleDocs;
}

export interface AnalysisOptions {
  /** keepalived `--config-id`: which `@ID` lines are active. Undefined: none of the `@ID` lines (as on a host matching none). */
  configId?: string;
  /** Oldest keepalived version the config must run on; keywords newer than it are reported. Default: newest in the data. */
  targetVersion?: string;
  /** Severity overrides by rule id. */
  rules?: Record<string, SeveritySetting>;
  /**
   * `false`: the caller never shows fixes (the CLI prints findings only), so rules may skip building them and the
   * runner drops them. Default: fixes are built.
   */
  fixes?: boolean;
}

export interface Report {
  /** The word the problem is about (preferred: expansion provenance follows) or an explicit range. */
  at: Word | { file: string; range: Range };
  message: string;
  fixes?: Fix[];
  related?: RelatedInfo[];
  tags?: Diagnostic['tags'];
  /** Overrides the rule's severity for this report (e.g. a softer form of the same problem). */
  severity?: Severity;
}

export interface RuleContext {
  config: ParsedConfig;
  options: AnalysisOptions;
  report(r: Report): void;
}

/**
 * The whole workspace at once: every root config (each with its includes), for findings that need several
 * files (peers of one VRRP pair, a VRID clash between two clusters, later the real servers of a director).
 */
export interface WorkspaceContext {
  /** The root configs, sorted by root path (stable across runs). */
  configs: readonly ParsedConfig[];
  /** The real-server files of the workspace (sysctl, scripts, rule files, ifcfg), sorted by path. */
  snippets: readonly SnippetFile[];
  options: AnalysisOptions;
  report(r: Report): void;
}

/**
 * A rule has `check` (run on each root config), `checkWorkspace` (run once over all of them), or both.
 * A finding that needs only one file belongs in `check`: the editor re-runs it only for the file that changed.
 */
export interface Rule extends RuleMeta {
  check?(ctx: RuleContext): void;
  checkWorkspace?(ctx: WorkspaceContext): void;
  /**
   * Runs last, over the other rules' raw findings of the workspace (per-config and workspace ones): for a rule
   * that summarises findings elsewhere, e.g. on the director's `real_server` line, what is wrong in that real
   * server's own files.
   */
  checkFindings?(ctx: WorkspaceContext, findings: readonly Diagnostic[]): void;
}

export function isWord(x: Report['at']): x is Word {
  return (x as Word).text !== undefined;
}

/**
 * In a quick check (core/incremental.ts) a block rule runs on a config holding only the edited top-level statements.
 * What it looks up elsewhere (e.g. whether a word is the name of a `vrrp_instance`) it finds with
 * `topLevelStatements`: the config's own top-level statements and, in a quick check, the others of the last analysis
 * (their text unchanged, their positions possibly not: for lookups, never for reports).
 */
const OUTSIDE = new WeakMap<ParsedConfig, () => readonly Statement[]>();

/** The statements outside a quick check's window, computed on first use (most checks never look). */
export function setOutside(config: ParsedConfig, statements: () => readonly Statement[]): void {
  let cached: readonly Statement[] | undefined;
  OUTSIDE.set(config, () => (cached ??= statements()));
}

export function topLevelStatements(config: ParsedConfig): readonly Statement[] {
  const o = OUTSIDE.get(config);
  return o ? [...o(), ...config.statements] : config.statements;
}
