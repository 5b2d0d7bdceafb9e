/** Output formats of lvs-lint: text (file:line:col), JSON (LSP-shaped ranges) and SARIF 2.1.0. */
import * as path from 'node:path';
import type { Diagnostic } from '../core/types';
import type { Rule } from '../core/lint/rule';

export type Format = 'text' | 'json' | 'sarif';

const DOCS_BASE = 'https://github.com/lvs-config/lvs-config/blob/main/docs/rules/';

export function rel(file: string, cwd: string): string {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : file;
}

/** rel() once per file: a run reports thousands of findings in a few files, and path.relative resolves both paths. */
function relOf(cwd: string): (file: string) => string {
  const known = new Map<string, string>();
  return (file) => {
    let r = known.get(file);
    if (r === undefined) known.set(file, (r = rel(file, cwd)));
    return r;
  };
}

export function formatText(ds: Diagnostic[], cwd: string): string {
  const relFile = relOf(cwd);
  const lines = ds.map((d) => `${relFile(d.file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`);
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  const others = ds.length - errors - warnings;
  if (ds.length) lines.push('', `${ds.length} problem${ds.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${others ? `, ${others} other` : ''})`);
  return lines.join('\n') + (lines.length ? '\n' : '');
}

export function formatJson(ds: Diagnostic[], cwd: string): string {
  const relFile = relOf(cwd);
  return (
    JSON.stringify(
      ds.map((d) => ({ file: relFile(d.file), range: d.range, severity: d.severity, code: d.code, message: d.message })),
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL: Record<Diagnostic['severity'], string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(ds: Diagnostic[], rules: readonly Rule[], cwd: string, version: string): string {
  const ids = rules.map((r) => r.id);
  const uriOf = relOf(cwd);
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lvs-lint',
            informationUri: 'https://github.com/lvs-config/lvs-config',
            version,
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.docs.summary },
              fullDescription: { text: r.docs.rationale },
              helpUri: `${DOCS_BASE}${r.id}.md`,
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: ds.map((d) => ({
          ruleId: d.code,
          ...(ids.indexOf(d.code) >= 0 ? { ruleIndex: ids.indexOf(d.code) } : {}),
          level: SARIF_LEVEL[d.severity],
          message: { text: d.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriOf(d.file).split(path.sep).join('/') },
                region: {
                  startLine: d.range.start.line + 1,
                  startColumn: d.range.start.character + 1,
                  endLine: d.range.end.line + 1,
                  endColumn: d.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
