/**
 * The rule pages' examples behave as the pages say (issue 3): for every rule, `docs.invalid` produces at least one
 * diagnostic of that rule, and `docs.valid` produces none of it and no error at all. The examples are written to a
 * temporary folder as `docs.exampleFile` (default keepalived.conf) with the rule's `docs.exampleFiles`, and analysed
 * as a workspace, as `lvs-lint FOLDER` would. A rule whose examples cannot be analysed says why in
 * `docs.exampleNote` (shown on its page); only those are exempt. An example whose first line is a `# FILE` header
 * (`# lb1.conf`, `# keepalived.conf (director)`, `# realserver.sh (on 192.0.2.21)`) holds several files, as the
 * real-server and cluster rules' pages show them; see exampleParts.
 * (Fixtures and pages are checked by rules.test.ts and the docs check of npm test.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import type { Rule } from '../../server/src/core/lint/rule';
import { RULES } from '../../server/src/core/rules/index';
import type { Diagnostic } from '../../server/src/core/types';
import { resolveOperands } from '../../server/src/core/workspace-files';
import { exampleParts } from '../helpers/rule-examples';

const TMP = mkdtempSync(join(tmpdir(), 'lvs-rule-docs-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Analyse one example (invalid or valid) with its companion files; diagnostics with paths relative to its folder. */
function analyzeExample(rule: Rule, which: 'invalid' | 'valid'): { code: string; severity: string; text: string }[] {
  const dir = join(TMP, rule.id, which);
  const files = new Map<string, string>(Object.entries(rule.docs.exampleFiles ?? {}));
  for (const [name, text] of exampleParts(rule, which)) files.set(name, text);
  const paths: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text.endsWith('\n') ? text : text + '\n');
    paths.push(path);
  }
  const found = resolveOperands([...paths, dir]);
  const ws = analyzeWorkspace(found, new NodeHost(), rule.docs.exampleOptions ?? {});
  const out: Diagnostic[] = [];
  for (const ds of ws.byFile.values()) out.push(...ds);
  return out.map((d) => ({
    code: String(d.code),
    severity: d.severity,
    text: `${d.file.slice(dir.length + 1)}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}: ${d.message.slice(0, 140)}`,
  }));
}

describe('rule docs examples', () => {
  for (const rule of RULES) {
    if (rule.docs.exampleNote) continue;
    describe(rule.id, () => {
      it('docs.invalid triggers the rule', () => {
        const ds = analyzeExample(rule, 'invalid');
        expect(ds.filter((d) => d.code === rule.id).length, `docs.invalid of ${rule.id} produces: ${ds.map((d) => d.text).join(' | ') || 'nothing'}`).toBeGreaterThan(0);
      });
      it('docs.valid does not trigger it, and has no error', () => {
        const ds = analyzeExample(rule, 'valid');
        expect(ds.filter((d) => d.code === rule.id || d.severity === 'error').map((d) => d.text)).toEqual([]);
      });
    });
  }

  it('the rules exempt from this test say why on their page (docs.exampleNote)', () => {
    const exempt = RULES.filter((r) => r.docs.exampleNote).map((r) => `${r.id}: ${r.docs.exampleNote}`);
    for (const line of exempt) expect(line.split(': ').slice(1).join(': ').trim().length, line).toBeGreaterThan(20);
    expect(RULES.filter((r) => !r.docs.exampleNote && (!r.docs.invalid.trim() || !r.docs.valid.trim())).map((r) => r.id)).toEqual([]);
  });
});
