/**
 * Rule fixtures: test/fixtures/rules/<rule-id>/{invalid.conf,valid.conf} (+ any files they include).
 * One place that calls the analysis API for fixtures, so the rule, fix and oracle suites agree on how a
 * fixture is analysed.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { analyzeConfig, type ConfigAnalysis } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
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

/** Analyse one fixture file (`invalid.conf` or `valid.conf` of rule `id`) as a root, includes resolved from disk. */
export function analyzeFixture(id: string, name: 'invalid.conf' | 'valid.conf', textOverride?: string): ConfigAnalysis & { options: AnalysisOptions } {
  const file = join(fixtureDir(id), name);
  const text = textOverride ?? readText(file);
  const options = toAnalysisOptions(parseFixtureOptions(text));
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
