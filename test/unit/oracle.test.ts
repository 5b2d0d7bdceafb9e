/**
 * Differential test against the real keepalived (`keepalived --config-test`; it parses and validates, starts
 * nothing). Skipped when keepalived is not on PATH (CI installs it from apt). The contract:
 *
 * (a) every valid.conf fixture: keepalived reports no config-class problem (environmental messages — missing
 *     interfaces, script security, absent absolute includes, DNS — are ignored, see classify()), and we report no error;
 * (b) every invalid.conf fixture that we expect to carry an error of category syntax or schema: keepalived must
 *     complain too (any message). Calling an error what keepalived accepts silently is a contract violation;
 * (c) ~40 generated configs (seeded, test/helpers/generator.ts): when we report no error, keepalived reports no
 *     config-class problem except the semantic ones listed in SEMANTIC (not analysed yet: a later issue); when
 *     keepalived exits 0 with no message, we report no error.
 *
 * keepalived runs with cwd = the file's folder, two at a time, a few seconds per file at most. Analyses use the
 * installed keepalived's version as the target version.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../server/src/core/analysis';
import type { Diagnostic } from '../../server/src/core/types';
import { RULES, RULES_BY_ID } from '../../server/src/core/rules/index';
import { formatDiagnostic, parseAnnotations, parseFixtureOptions } from '../helpers/annotations';
import { analyze, fixtureDir, rel, readText } from '../helpers/fixtures';
import { generate } from '../helpers/generator';
import { classify, findKeepalived, pool, runConfigTest, type KMessage, type RunResult } from '../helpers/keepalived';

const BIN = findKeepalived();
const SKIP_REASON = 'skipped: keepalived is not on PATH (install it, e.g. apt-get install keepalived, to run the oracle)';

/** keepalived's validation-time messages about relations between settings: the semantic-analysis issue, not yet ours. */
const SEMANTIC = [
  /No VIP specified/,
  /no forwarding method set/,
  /no scheduler set/,
  /has no real servers/,
  /track script \S+ not found/,
  /already defined/,
  /Sync group .* has only/,
  /protocol specified for fwmark/,
  /ports don't match/,
  /State MASTER must match being address owner/,
  /incompatible with AH authentication/,
  /Strict mode does not support authentication/,
  /Ignoring track_interface .* since own interface/,
  /lvs_sync_daemon_interface has already been specified/,
  /cannot track route .* with no interface specified/,
  /Rule has no preference specified/,
  /preempt delay will not work with initial state MASTER/,
  /VRRPv2 advertisement interval .* must be an integer/,
  /Cannot use unicast_ttl without unicast peers/,
];

const isSemantic = (m: KMessage): boolean => SEMANTIC.some((r) => r.test(m.text));

function targetVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return /Keepalived v(\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`)?.[1];
}

const fmtRun = (r: RunResult): string =>
  `rc=${r.rc}${r.signal ? ` signal=${r.signal}` : ''}${r.timedOut ? ' (timed out)' : ''}${r.messages.length ? ':\n      ' + [...new Set(r.messages.map((m) => m.raw))].slice(0, 25).join('\n      ') : ', no message'}`;

const errorsOf = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.severity === 'error');

describe.skipIf(!BIN)(`keepalived --config-test oracle${BIN ? '' : ` (${SKIP_REASON})`}`, () => {
  const bin = BIN!;
  const version = BIN ? targetVersion(bin) : undefined;
  const runs = new Map<string, RunResult>();
  const withVersion = (o: AnalysisOptions): AnalysisOptions => (o.targetVersion || !version ? o : { ...o, targetVersion: version });

  const valid = RULES.map((r) => ({ id: r.id, file: join(fixtureDir(r.id), 'valid.conf') })).filter((x) => existsSync(x.file));
  const invalid = RULES.map((r) => ({ id: r.id, file: join(fixtureDir(r.id), 'invalid.conf') }))
    .filter((x) => existsSync(x.file))
    .map((x) => {
      const syntaxSchemaErrors = parseAnnotations(x.file, readText(x.file)).filter((e) => {
        const cat = RULES_BY_ID.get(e.code)?.category;
        return e.severity === 'error' && (cat === 'syntax' || cat === 'schema');
      });
      return { ...x, syntaxSchemaErrors };
    })
    .filter((x) => x.syntaxSchemaErrors.length > 0);
  const tmp = BIN ? mkdtempSync(join(tmpdir(), 'lvs-oracle-')) : '';
  const generated = BIN ? Array.from({ length: 40 }, (_, i) => generate(20261125, i)) : [];

  beforeAll(async () => {
    const jobs: { key: string; file: string; configId?: string }[] = [];
    for (const v of [...valid, ...invalid]) jobs.push({ key: v.file, file: v.file, configId: parseFixtureOptions(readText(v.file)).configId });
    for (const g of generated) {
      const file = join(tmp, g.name);
      writeFileSync(file, g.text);
      jobs.push({ key: file, file });
    }
    const results = await pool(jobs, 2, (j) => runConfigTest(bin, j.file, { configId: j.configId, timeoutMs: 8000 }));
    jobs.forEach((j, i) => runs.set(j.key, results[i]));
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe('(a) valid.conf fixtures: keepalived finds no config problem and we report no error', () => {
    for (const v of valid) {
      it(v.id, () => {
        const r = runs.get(v.file)!;
        const problems = r.messages.filter((m) => classify(m, r.messages) === 'CONFIG');
        expect(problems.map((m) => m.raw), `${rel(v.file)}: keepalived ${fmtRun(r)}`).toEqual([]);
        expect(r.timedOut || r.signal !== null, `${rel(v.file)}: keepalived ${fmtRun(r)}`).toBe(false);
        const text = readText(v.file);
        const opts = parseFixtureOptions(text) as AnalysisOptions;
        expect(errorsOf(analyze(v.file, text, opts).diagnostics).map((d) => formatDiagnostic(d, rel))).toEqual([]);
      });
    }
  });

  describe('(b) invalid.conf fixtures with a syntax/schema error: keepalived complains too', () => {
    for (const x of invalid) {
      it(x.id, () => {
        const r = runs.get(x.file)!;
        const complains = r.messages.length > 0 || (r.rc !== 0 && r.rc !== null);
        const ours = x.syntaxSchemaErrors.map((e) => `${e.code} at line ${e.line + 1}:${e.start}`).join(', ');
        expect(
          complains,
          `contract violation: ${rel(x.file)}: we report ${ours} (error, ${RULES_BY_ID.get(x.id)?.category}) but keepalived accepts the file silently (${fmtRun(r)})`,
        ).toBe(true);
      });
    }
  });

  describe('(c) generated configs agree with keepalived', () => {
    for (const g of generated) {
      it(`${g.name} (${g.notes.join('; ')})`, () => {
        const file = join(tmp, g.name);
        const r = runs.get(file)!;
        const ours = errorsOf(analyze(file, g.text, withVersion({})).diagnostics);
        const problems = r.messages.filter((m) => classify(m, r.messages) === 'CONFIG' && !isSemantic(m));
        const context = `\n    keepalived ${fmtRun(r)}\n    we report: ${ours.length ? ours.map((d) => formatDiagnostic(d, () => g.name)).join(' | ') : 'no error'}\n    config:\n${g.text
          .split('\n')
          .map((l, i) => `      ${String(i + 1).padStart(3)} ${l}`)
          .join('\n')}`;
        if (ours.length === 0) expect(problems.map((m) => m.raw), `we report no error but keepalived finds a problem${context}`).toEqual([]);
        if (r.rc === 0 && r.messages.length === 0) expect(ours.length, `keepalived accepts the config silently but we report an error${context}`).toBe(0);
      });
    }
  });
});

describe.skipIf(!!BIN)('keepalived --config-test oracle', () => {
  it.skip(SKIP_REASON, () => {});
});
