/**
 * Quick fixes, applied for real: for every diagnostic that offers fixes, in every invalid fixture (an invalid.conf,
 * or an invalid/ folder analysed as one workspace, where a fix may edit several files) and in both corpora, apply
 * each fix's edits (test/helpers/apply-edits.ts) and check that
 * - the edits are valid (inside the text, not overlapping) and the text outside them is byte-identical;
 * - re-analysing the fixed text no longer reports that diagnostic (same code at the same, mapped, place);
 * - no new error appears anywhere (errors compared by file, code and message).
 * Every failing fix is listed with its file, position, rule and title.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../server/src/core/analysis';
import type { Diagnostic, Fix, TextEdit } from '../../server/src/core/types';
import { RULES } from '../../server/src/core/rules/index';
import { applyEdits, diffOutsideEdits, EditError, mapPosition } from '../helpers/apply-edits';
import { parseFixtureOptions } from '../helpers/annotations';
import { parseWildConfigTest } from '../helpers/config-test';
import { analyze, analyzeCase, fixtureCase, fixtureOptions, REPO, rel } from '../helpers/fixtures';

interface Analysis {
  diagnostics: Diagnostic[];
  texts: Map<string, string>;
}

interface Source {
  name: string;
  /** Analyse the source, with some file texts replaced (and files created by a fix added, where the source is a folder). */
  analyze(overlay?: (file: string) => string | undefined, created?: string[]): Analysis;
  /** Whether the source can take files created by a fix (a folder fixture). */
  folder?: boolean;
}

function fileSource(file: string, options: AnalysisOptions, withThrowingRule = false): Source {
  return {
    name: rel(file),
    analyze(overlay) {
      const a = analyze(file, overlay?.(file) ?? readFileSync(file, 'utf8'), options, withThrowingRule, overlay);
      return { diagnostics: a.diagnostics, texts: a.config.texts };
    },
  };
}

function sources(): Source[] {
  const out: Source[] = [];
  for (const r of RULES) {
    const c = fixtureCase(r.id, 'invalid');
    if (!c) continue;
    if (c.kind === 'folder') out.push({ name: c.name, folder: true, analyze: (overlay, created) => analyzeCase(r.id, c, overlay, created) });
    else out.push(fileSource(c.file, fixtureOptions(r.id, parseFixtureOptions(readFileSync(c.file, 'utf8')) as AnalysisOptions), r.id === 'internal-error'));
  }
  const samples = join(REPO, 'test/corpus/keepalived');
  for (const f of readdirSync(samples).sort()) {
    if (f === 'CONFIG-TEST.txt' || f === 'SOURCE.md') continue;
    out.push(fileSource(join(samples, f), fixtureOptions('', {})));
  }
  const wild = join(REPO, 'test/corpus/wild');
  for (const e of parseWildConfigTest(join(wild, 'CONFIG-TEST.txt'))) {
    const file = join(wild, e.path);
    if (existsSync(file)) out.push(fileSource(file, fixtureOptions('', {})));
  }
  return out;
}

/**
 * Errors a fix may reveal rather than cause: correcting `lb_kind dr` to `DR` (invalid-value) makes the service DR
 * as its author meant, and keepalived then reports the DR real servers on another port (dr-port-mismatch): the fix
 * is right, the new error is the next problem of the file.
 */
const REVEALS: Record<string, string[]> = { 'invalid-value': ['dr-port-mismatch'] };

const key = (d: Diagnostic): string => `${d.file}\0${d.code}\0${d.message}`;

/** Check one fix; returns the problems found (empty when the fix is good). */
function checkFix(src: Source, texts: Map<string, string>, before: Diagnostic[], d: Diagnostic, fix: Fix): string[] {
  const problems: string[] = [];
  const byFile = new Map<string, TextEdit[]>();
  for (const e of fix.edits) {
    const list = byFile.get(e.file);
    if (list) list.push(e);
    else byFile.set(e.file, [e]);
  }
  if (fix.edits.length === 0) return ['the fix has no edits'];
  const created = fix.createFiles ?? [];
  if (created.length && !src.folder) return ['the fix creates files: its rule needs an invalid/ folder fixture'];
  for (const f of created) if (texts.has(f)) problems.push(`creates ${rel(f)}, which the analysis already read`);
  const fixed = new Map<string, string>();
  for (const [file, edits] of byFile) {
    const original = created.includes(file) ? '' : texts.get(file);
    if (original === undefined) {
      problems.push(`edits ${rel(file)}, a file the analysis did not read`);
      continue;
    }
    try {
      const result = applyEdits(original, edits);
      const diff = diffOutsideEdits(original, result, edits);
      if (diff) problems.push(diff);
      if (result === original) problems.push('the edits change nothing');
      fixed.set(file, result);
    } catch (e) {
      if (e instanceof EditError) problems.push(`invalid edit: ${e.message}`);
      else throw e;
    }
  }
  if (problems.length) return problems;
  const after = src.analyze((f) => fixed.get(f), created).diagnostics;
  const edits = byFile.get(d.file) ?? [];
  const start = edits.length ? mapPosition(texts.get(d.file)!, edits, d.range.start) : d.range.start;
  const still = after.find((a) => a.file === d.file && a.code === d.code && a.range.start.line === start.line && a.range.start.character === start.character);
  if (still) problems.push(`the diagnostic is still reported after the fix: ${still.message.slice(0, 200)}`);
  const old = new Map<string, number>();
  for (const b of before) if (b.severity === 'error') old.set(key(b), (old.get(key(b)) ?? 0) + 1);
  for (const a of after) {
    if (a.severity !== 'error' || REVEALS[String(d.code)]?.includes(String(a.code))) continue;
    const n = old.get(key(a)) ?? 0;
    if (n > 0) old.set(key(a), n - 1);
    else problems.push(`new error after the fix: ${rel(a.file)}:${a.range.start.line + 1}:${a.range.start.character} ${a.code}: ${a.message.slice(0, 200)}`);
  }
  return problems;
}

describe('quick fixes', () => {
  const all = sources();
  it('there are sources to check', () => {
    expect(all.length).toBeGreaterThan(100);
  });
  let total = 0;
  for (const src of all) {
    const a = src.analyze();
    const fixable = a.diagnostics.filter((d) => d.fixes?.length);
    if (!fixable.length) continue;
    total += fixable.reduce((n, d) => n + d.fixes!.length, 0);
    it(`${src.name}: ${fixable.reduce((n, d) => n + d.fixes!.length, 0)} fixes of ${fixable.length} diagnostics apply cleanly and remove their diagnostic`, () => {
      const failures: string[] = [];
      for (const d of fixable) {
        for (const f of d.fixes!) {
          for (const p of checkFix(src, a.texts, a.diagnostics, d, f)) {
            failures.push(`${rel(d.file)}:${d.range.start.line + 1}:${d.range.start.character} ${d.code} fix "${f.title}": ${p}`);
          }
        }
      }
      expect(failures).toEqual([]);
    });
  }
  it('the fixture set exercises fixes', () => {
    expect(total).toBeGreaterThan(10);
  });
});
