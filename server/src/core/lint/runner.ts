/**
 * Runs the rules over a parsed config: resolves each rule's severity from the options, turns a rule that
 * throws into one `internal-error` diagnostic naming it (the others still run), drops fixes that would edit
 * text produced by `$NAME`/`~SEQ` expansion, and sorts the result.
 */
import type { Diagnostic, RelatedInfo, Severity } from '../types';
import type { ParsedConfig } from '../keepalived/ast';
import type { SnippetFile } from '../realserver/types';
import { isWord, type AnalysisOptions, type Report, type Rule } from './rule';
import { applySuppressions, UNUSED_DIRECTIVE, type SuppressionScope } from './suppress';

export const INTERNAL_ERROR = 'internal-error';

export function severityFor(rule: Rule, options: AnalysisOptions): Severity | undefined {
  const s = options.rules?.[rule.id];
  if (s === 'off') return undefined;
  return s ?? rule.defaultSeverity;
}

/** Per-config findings and workspace findings of one root, suppressed, with "disable" fixes: the final list. */
export function runRules(rules: readonly Rule[], config: ParsedConfig, options: AnalysisOptions): Diagnostic[] {
  const own = [...checkConfig(rules, config, options), ...checkWorkspace(rules, [config], [], options)];
  const found = [...own, ...checkFindings(rules, [config], [], options, own)];
  return suppress(rules, config, found, options);
}

/** Apply the config's suppression comments to raw findings (copied: the raw list can be finished again). */
export function suppress(rules: readonly Rule[], config: SuppressionScope, found: readonly Diagnostic[], options: AnalysisOptions): Diagnostic[] {
  const unused = rules.find((r) => r.id === UNUSED_DIRECTIVE);
  const copies = found.map((d) => (d.fixes ? { ...d, fixes: [...d.fixes] } : { ...d }));
  return applySuppressions(copies, config, unused ? severityFor(unused, options) : undefined, options.fixes !== false);
}

type Sink = (rule: Rule, severity: Severity) => (r: Report) => void;

function reporter(out: Diagnostic[], withFixes = true): Sink {
  return (rule, severity) =>
    (r: Report): void => {
      const related: RelatedInfo[] = r.related ? [...r.related] : [];
      let fixes = withFixes ? r.fixes : undefined;
      const file = r.at.file;
      const range = r.at.range;
      if (isWord(r.at)) {
        const exp = r.at.expansion;
        if (exp) {
          if (exp.definition) related.push({ location: exp.definition, message: `\`${r.at.text}\` comes from \`$${exp.name}\`, defined here` });
          // The text on screen is `$NAME`: an edit here would replace the variable, not the value.
          fixes = undefined;
        }
      }
      const d: Diagnostic = { file, range, severity: r.severity && severity === rule.defaultSeverity ? r.severity : severity, code: rule.id, message: r.message };
      if (fixes?.length) d.fixes = fixes;
      if (related.length) d.related = related;
      if (r.tags) d.tags = r.tags;
      out.push(d);
    };
}

function internalError(rule: Rule, file: string, e: unknown): Diagnostic {
  return {
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 'error',
    code: INTERNAL_ERROR,
    message: `Rule ${rule.id} failed on this file (${describeError(e)}). Its findings are missing; the other rules ran. Please report this with the file.`,
  };
}

/** Raw findings of the rules' per-config `check` (not yet suppressed). */
export function checkConfig(rules: readonly Rule[], config: ParsedConfig, options: AnalysisOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sink = reporter(out, options.fixes !== false);
  for (const rule of rules) {
    if (!rule.check) continue;
    const severity = severityFor(rule, options);
    if (!severity) continue;
    try {
      rule.check({ config, options, report: sink(rule, severity) });
    } catch (e) {
      out.push(internalError(rule, config.root, e));
    }
  }
  return out;
}

/** Raw findings of the rules' `checkWorkspace` over every root config and real-server file (not yet suppressed). */
export function checkWorkspace(rules: readonly Rule[], configs: readonly ParsedConfig[], snippets: readonly SnippetFile[], options: AnalysisOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = configs[0]?.root ?? snippets[0]?.file;
  if (first === undefined) return out;
  const sink = reporter(out, options.fixes !== false);
  for (const rule of rules) {
    if (!rule.checkWorkspace) continue;
    const severity = severityFor(rule, options);
    if (!severity) continue;
    try {
      rule.checkWorkspace({ configs, snippets, options, report: sink(rule, severity) });
    } catch (e) {
      out.push(internalError(rule, first, e));
    }
  }
  return out;
}

/** Raw findings of the rules' `checkFindings`, given every other raw finding of the workspace. */
export function checkFindings(rules: readonly Rule[], configs: readonly ParsedConfig[], snippets: readonly SnippetFile[], options: AnalysisOptions, findings: readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const first = configs[0]?.root ?? snippets[0]?.file;
  if (first === undefined) return out;
  const sink = reporter(out, options.fixes !== false);
  for (const rule of rules) {
    if (!rule.checkFindings) continue;
    const severity = severityFor(rule, options);
    if (!severity) continue;
    try {
      rule.checkFindings({ configs, snippets, options, report: sink(rule, severity) }, findings);
    } catch (e) {
      out.push(internalError(rule, first, e));
    }
  }
  return out;
}

export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

/** A thrown value as text, whatever it is (an Error, a string, an object whose toString throws...). */
function describeError(e: unknown): string {
  try {
    if (e instanceof Error && typeof e.message === 'string') return e.message;
  } catch {
    /* a throwing message getter */
  }
  try {
    return String(e);
  } catch {
    return 'an unprintable exception';
  }
}
