/**
 * Rule fixtures: test/fixtures/rules/<rule-id>/{invalid.conf,valid.conf} (+ any files they include), or, for
 * rules that need several files, folders test/fixtures/rules/<rule-id>/{invalid,valid}/ whose files (any name,
 * any depth) are analysed together as one workspace. One place that calls the analysis API for fixtures, so the
 * rule, fix and oracle suites agree on how a fixture is analysed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyzeConfig, analyzeWorkspace, type ConfigAnalysis } from '../../server/src/core/analysis';
import type { Diagnostic } from '../../server/src/core/types';
import { NodeHost } from '../../server/src/core/host';
import { detectKind } from '../../server/src/core/detect';
import type { Rule } from '../../server/src/core/lint/rule';
import { runRules, sortDiagnostics } from '../../server/src/core/lint/runner';
import { parseConfig } from '../../server/src/core/keepalived/index';
import { RULES } from '../../server/src/core/rules/index';
import type { AnalysisOptions } from '../../server/src/core/analysis';
import { parseAnnotations, parseFixtureOptions, type Expected } from './annotations';

export const REPO = resolve(__dirname, '../..');
export const FIXTURES = join(REPO, 'test/fixtures/rules');

export const rel = (f: string): string => relative(REPO, f);

/**
 * `internal-error` is reported by the runner when a rule throws; no config triggers it with the real rules. Its
 * fixture is analysed with one extra rule that throws, so the fixture shows what the user sees.
 */
export const THROWING_RULE: Rule = {
  id: 'test-throwing-rule',
  category: 'internal',
  defaultSeverity: 'error',
  fix: 'none',
  docs: { summary: 'test', rationale: 'test', invalid: '', valid: '' },
  check() {
    throw new Error('simulated failure for the internal-error fixture');
  },
};

export function fixtureDir(id: string): string {
  return join(FIXTURES, id);
}

export function listFixtureIds(): string[] {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES)
    .filter((d) => statSync(join(FIXTURES, d)).isDirectory())
    .sort();
}

export function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

export function toAnalysisOptions(o: ReturnType<typeof parseFixtureOptions>): AnalysisOptions {
  return o as AnalysisOptions;
}

/**
 * Rules that speak about every config of a kind and would have to be annotated in every other rule's fixtures:
 * `realserver-config-missing` informs on each DR virtual server of a workspace without real-server files. They
 * are off in the other rules' fixtures (as ESLint's RuleTester runs one rule), on in their own.
 */
export const WORKSPACE_NOTES = ['realserver-config-missing'];

export function fixtureOptions(id: string, o: AnalysisOptions): AnalysisOptions {
  const off = WORKSPACE_NOTES.filter((r) => r !== id && !o.rules?.[r]);
  if (!off.length) return o;
  return { ...o, rules: { ...Object.fromEntries(off.map((r) => [r, 'off' as const])), ...o.rules } };
}

/** Analyse one fixture file (`invalid.conf` or `valid.conf` of rule `id`) as a root, includes resolved from disk. */
export function analyzeFixture(id: string, name: 'invalid.conf' | 'valid.conf', textOverride?: string): ConfigAnalysis & { options: AnalysisOptions } {
  const file = join(fixtureDir(id), name);
  const text = textOverride ?? readText(file);
  const options = fixtureOptions(id, toAnalysisOptions(parseFixtureOptions(text)));
  return { ...analyze(file, text, options, id === 'internal-error' && name === 'invalid.conf'), options };
}

/** analyzeConfig, or for the internal-error fixture the runner with a throwing rule added. */
export function analyze(
  file: string,
  text: string,
  options: AnalysisOptions,
  withThrowingRule = false,
  overlay?: (file: string) => string | undefined,
): ConfigAnalysis {
  const host = new NodeHost((f) => (f === file ? text : overlay?.(f)));
  if (!withThrowingRule) return analyzeConfig(file, text, host, options);
  const config = parseConfig(file, text, host, { configId: options.configId });
  return { config, findings: [], diagnostics: sortDiagnostics(runRules([...RULES, THROWING_RULE], config, options)) };
}

/** The expected diagnostics of an analysis: the annotations of every file it read. */
export function expectedFor(a: ConfigAnalysis): Expected[] {
  const out: Expected[] = [];
  for (const f of a.config.files) out.push(...parseAnnotations(f, a.config.texts.get(f) ?? readText(f)));
  return out;
}

export type FixtureName = 'invalid' | 'valid';

/** Where a fixture lives: one file (`invalid.conf`) or a folder of files analysed as one workspace (`invalid/`). */
export type FixtureCase = { kind: 'file'; name: string; file: string } | { kind: 'folder'; name: string; dir: string; files: string[] };

/** Every file under `dir` (recursively, hidden ones too), sorted. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** The invalid or valid fixture of rule `id`: `<name>.conf` when it exists, else the folder `<name>/`; undefined when neither. */
export function fixtureCase(id: string, name: FixtureName): FixtureCase | undefined {
  const file = join(fixtureDir(id), `${name}.conf`);
  if (existsSync(file)) return { kind: 'file', name: rel(file), file };
  const dir = join(fixtureDir(id), name);
  if (existsSync(dir) && statSync(dir).isDirectory()) return { kind: 'folder', name: rel(dir) + '/', dir, files: filesUnder(dir) };
  return undefined;
}

/** The analysis of a fixture case, flattened: what every suite needs whatever the case's kind. */
export interface CaseAnalysis {
  options: AnalysisOptions;
  /** Diagnostics of every file, sorted. */
  diagnostics: Diagnostic[];
  /** Text of every file read. */
  texts: Map<string, string>;
  /** The expected diagnostics: the annotations of every file read. */
  expected: Expected[];
}

/** Options of a folder fixture: the first `fixture-options` line of its files. */
function folderOptions(files: string[], text: (f: string) => string): AnalysisOptions {
  for (const f of files) {
    const o = parseFixtureOptions(text(f));
    if (Object.keys(o).length) return toAnalysisOptions(o);
  }
  return {};
}

/**
 * Analyse a fixture case. `overlay` replaces file texts (fixes re-analyse the edited texts). A folder is analysed
 * with analyzeWorkspace over all its files, as the CLI analyses a folder; each file is read as the kind its name or
 * content says. `extraFiles`: files that exist only in the overlay (created by a quick fix); a folder case analyses
 * them with the others.
 */
export function analyzeCase(id: string, c: FixtureCase, overlay?: (file: string) => string | undefined, extraFiles: string[] = []): CaseAnalysis {
  if (c.kind === 'file') {
    const text = overlay?.(c.file) ?? readText(c.file);
    const options = fixtureOptions(id, toAnalysisOptions(parseFixtureOptions(text)));
    const a = analyze(c.file, text, options, id === 'internal-error' && c.file.endsWith('invalid.conf'), overlay);
    return { options, diagnostics: a.diagnostics, texts: a.config.texts, expected: expectedFor(a) };
  }
  const text = (f: string): string => overlay?.(f) ?? readText(f);
  const options = fixtureOptions(id, folderOptions(c.files, text));
  const files = [...c.files, ...extraFiles.filter((f) => !c.files.includes(f))];
  const ws = analyzeWorkspace(
    files.map((f) => ({ path: f, kind: detectKind(f, text(f)) ?? 'keepalived' })),
    new NodeHost(overlay),
    options,
  );
  const texts = new Map<string, string>();
  for (const a of ws.roots.values()) for (const [f, t] of a.config.texts) if (!texts.has(f)) texts.set(f, t);
  for (const s of ws.snippets.values()) if (!texts.has(s.snippet.file)) texts.set(s.snippet.file, s.snippet.text);
  const diagnostics = sortDiagnostics([...ws.byFile.values()].flat());
  const expected: Expected[] = [];
  for (const f of c.files) expected.push(...parseAnnotations(f, texts.get(f) ?? text(f)));
  return { options, diagnostics, texts, expected };
}
