/**
 * Runs the rules over a parsed config: resolves each rule's severity from the options, turns a rule that
 * throws into one `internal-error` diagnostic naming it (the others still run), drops fixes that would edit
 * text produced by `$NAME`/`~SEQ` expansion, and sorts the result.
 */
import type { Diagnostic, RelatedInfo, Severity } from '../types';
import type { ParsedConfig } from '../keepalived/ast';
import { isWord, type AnalysisOptions, type Report, type Rule } from './rule';
import { applySuppressions, UNUSED_DIRECTIVE } from './suppress';

export const INTERNAL_ERROR = 'internal-error';

export function severityFor(rule: Rule, options: AnalysisOptions): Severity | undefined {
  const s = options.rules?.[rule.id];
  if (s === 'off') return undefined;
  return s ?? rule.defaultSeverity;
}

export function runRules(rules: readonly Rule[], config: ParsedConfig, options: AnalysisOptions): Diagnostic[] {
  const found = checkAll(rules, config, options);
  const unused = rules.find((r) => r.id === UNUSED_DIRECTIVE);
  return applySuppressions(found, config, unused ? severityFor(unused, options) : undefined);
}

function checkAll(rules: readonly Rule[], config: ParsedConfig, options: AnalysisOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const rule of rules) {
    const severity = severityFor(rule, options);
    if (!severity) continue;
    const report = (r: Report): void => {
      let file: string;
      let range;
      const related: RelatedInfo[] = r.related ? [...r.related] : [];
      let fixes = r.fixes;
      if (isWord(r.at)) {
        file = r.at.file;
        range = r.at.range;
        const exp = r.at.expansion;
        if (exp) {
          if (exp.definition) related.push({ location: exp.definition, message: `\`${r.at.text}\` comes from \`$${exp.name}\`, defined here` });
          // The text on screen is `$NAME`: an edit here would replace the variable, not the value.
          fixes = undefined;
        }
      } else {
        file = r.at.file;
        range = r.at.range;
      }
      const d: Diagnostic = { file, range, severity: r.severity && severity === rule.defaultSeverity ? r.severity : severity, code: rule.id, message: r.message };
      if (fixes?.length) d.fixes = fixes;
      if (related.length) d.related = related;
      if (r.tags) d.tags = r.tags;
      out.push(d);
    };
    try {
      rule.check({ config, options, report });
    } catch (e) {
      out.push({
        file: config.root,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'error',
        code: INTERNAL_ERROR,
        message: `Rule ${rule.id} failed on this file (${describeError(e)}). Its findings are missing; the other rules ran. Please report this with the file.`,
      });
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
