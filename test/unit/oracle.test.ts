/**
 * Differential test against the real keepalived (`keepalived --config-test`; it parses and validates, starts
 * nothing). Skipped when keepalived is not on PATH (CI installs it from apt). The contract:
 *
 * (a) every valid.conf fixture, and every keepalived file of a valid/ fixture folder: keepalived reports no
 *     config-class problem (environmental messages — missing interfaces, script security, absent absolute includes,
 *     DNS — are ignored, see classify()), and we report no error;
 * (b) every invalid.conf fixture that we expect to carry an error of category syntax or schema: keepalived must
 *     complain too (any message). Calling an error what keepalived accepts silently is a contract violation;
 * (c) ~40 generated configs (seeded, test/helpers/generator.ts): when we report no error, keepalived reports no
 *     config-class problem (exit code not 0 and a CONFIG-class message) except the semantic ones listed in SEMANTIC
 *     (not analysed yet: a later issue); when keepalived exits 0 with no message, we report no error.
 * (d) the same two-way check on hand-written probes of lexical corner cases (PROBES).
 *
 * keepalived runs with cwd = the file's folder, two at a time, a few seconds per file at most. Analyses use the
 * installed keepalived's version as the target version.
 */
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisOptions } from '../../server/src/core/analysis';
import type { Diagnostic } from '../../server/src/core/types';
import { RULES, RULES_BY_ID } from '../../server/src/core/rules/index';
import { formatDiagnostic, parseAnnotations, parseFixtureOptions } from '../helpers/annotations';
import { analyze, analyzeCase, fixtureCase, fixtureDir, rel, readText } from '../helpers/fixtures';
import { detectKind } from '../../server/src/core/detect';
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
  /nopreempt will not work with initial state MASTER/,
  /specified family \S+ conflicts with server family/,
];

interface Probe {
  name: string;
  text: string;
  notes: string[];
  configId?: string;
}

const INSTANCE = (body: string): string =>
  `vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    advert_int 1\n${body}    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n`;

/** Lexical corners where the analysis and keepalived could disagree (each checked in both directions). */
const PROBES: Probe[] = [
  { name: 'probe-self-reference.conf', notes: ['$A=$A more: a self-referencing $NAME definition'], text: `$A=$A more\nglobal_defs {\n    router_id $A\n}\n` + INSTANCE('') },
  { name: 'probe-nul-tail.conf', notes: ['NUL bytes at the end of a statement line'], text: `global_defs {\n    router_id lvs1\n}\n` + INSTANCE('    nopreempt\0\0\0\0\n') },
  { name: 'probe-nul-mid-word.conf', notes: ['a NUL inside a value: keepalived 2.2.7 keeps the text before it'], text: INSTANCE('').replace('state BACKUP', 'state BAC\0KUP') },
  { name: 'probe-braces-inline.conf', notes: ['blocks opened and closed on one line, `{` without a blank'], text: `global_defs { router_id lvs1 }\nvrrp_instance VI_1{\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress { 192.0.2.10/24 }\n}\n` },
  { name: 'probe-brace-next-line.conf', notes: ['`{` of a block on the next line'], text: `global_defs\n{\n    router_id lvs1\n}\n` + INSTANCE('    authentication\n    {\n        auth_type PASS\n        auth_pass s3cr3t\n    }\n') },
  { name: 'probe-crlf-tabs.conf', notes: ['CRLF line ends and tab indentation'], text: (`global_defs {\n\trouter_id lvs1\n}\n` + INSTANCE('\tnopreempt\n')).replace(/\n/g, '\r\n') },
  { name: 'probe-conditional.conf', configId: 'lvs2', notes: ['@lvs1/@lvs2 conditional lines, config id lvs2'], text: `global_defs {\n    @lvs1 router_id lvs1\n    @lvs2 router_id lvs2\n}\nvrrp_instance VI_1 {\n    @lvs1 state MASTER\n    @^lvs1 state BACKUP\n    interface eth0\n    virtual_router_id 51\n    @lvs1 priority 150\n    @lvs2 priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n` },
  { name: 'probe-seq.conf', notes: ['~SEQ generating real servers'], text: `virtual_server 192.0.2.10 80 {\n    lb_algo rr\n    lb_kind DR\n    protocol TCP\n    ~SEQ(n, 11, 13) real_server 10.0.0.$n 80 { TCP_CHECK { connect_timeout 3 } }\n}\n` },
  { name: 'probe-definitions.conf', notes: ['$NAME and ${NAME} substitution, multi-line definition'], text: `$IF=eth0\n$VIPS=192.0.2.10/24 \\\n    192.0.2.11/24\n$VI=VI_1\nvrrp_instance $VI {\n    state BACKUP\n    interface $IF\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        $VIPS\n    }\n}\n` },
  { name: 'probe-quoted-keyword.conf', notes: ['a quoted keyword'], text: `global_defs {\n    "router_id" lvs1\n}\n` + INSTANCE('') },
  { name: 'probe-semicolon.conf', notes: ['`;` between two statements on one line'], text: `global_defs {\n    router_id lvs1 ; enable_script_security\n}\n` + INSTANCE('') },
  { name: 'probe-comment-in-word.conf', notes: ['`!` inside a password'], text: INSTANCE('    authentication {\n        auth_type PASS\n        auth_pass ab!cd\n    }\n') },
  { name: 'probe-value-block-no-brace.conf', notes: ['value block keyword without `{`, entries on the next lines'], text: `vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress\n        192.0.2.10/24\n}\n` },
  { name: 'probe-unknown-block.conf', notes: ['an unknown block keyword (keepalived cascades)'], text: `global_defs {\n    router_id lvs1\n}\nlocal_address_group laddr_g1 {\n    192.168.88.240\n}\n` + INSTANCE('') },
  { name: 'probe-case-insensitive-enum.conf', notes: ['protocol tcp (case-insensitive) and DNS_CHECK type a'], text: `virtual_server 192.0.2.10 53 {\n    lb_algo rr\n    lb_kind DR\n    protocol udp\n    real_server 10.0.0.11 53 {\n        DNS_CHECK {\n            type a\n            name example.com\n        }\n    }\n}\n` },
  { name: 'probe-include-in-block.conf', notes: ['an include of a missing relative file inside a block'], text: `global_defs {\n    router_id lvs1\n    include global-extra.conf\n}\n` + INSTANCE('') },
];

const isSemantic = (m: KMessage): boolean => SEMANTIC.some((r) => r.test(m.text));

function targetVersion(bin: string): string | undefined {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return /Keepalived v(\d+\.\d+\.\d+)/.exec(`${r.stdout}${r.stderr}`)?.[1];
}

const fmtRun = (r: RunResult): string =>
  `rc=${r.rc}${r.signal ? ` signal=${r.signal}` : ''}${r.timedOut ? ' (timed out)' : ''}${r.messages.length ? ':\n      ' + [...new Set(r.messages.map((m) => m.raw))].slice(0, 25).join('\n      ') : ', no message'}`;

const errorsOf = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.severity === 'error');
/** The text a single-line range covers. */
const lspLineText = (text: string, r: Diagnostic['range']): string => text.split(/\r\n|\r|\n/)[r.start.line].slice(r.start.character, r.end.character);

describe.skipIf(!BIN)(`keepalived --config-test oracle${BIN ? '' : ` (${SKIP_REASON})`}`, () => {
  const bin = BIN!;
  const version = BIN ? targetVersion(bin) : undefined;
  const runs = new Map<string, RunResult>();
  const withVersion = (o: AnalysisOptions): AnalysisOptions => (o.targetVersion || !version ? o : { ...o, targetVersion: version });

  // valid.conf, and every keepalived file of a valid/ folder (keepalived reads it alone; our errors are those of the
  // folder's workspace analysis in that file).
  const valid = RULES.flatMap((r) => {
    const c = fixtureCase(r.id, 'valid');
    if (!c) return [];
    if (c.kind === 'file') return [{ id: r.id, file: c.file, errors: () => errorsOf(analyze(c.file, readText(c.file), parseFixtureOptions(readText(c.file)) as AnalysisOptions).diagnostics) }];
    return c.files
      .filter((f) => detectKind(f, readText(f)) === 'keepalived')
      .map((f) => ({ id: `${r.id}: valid/${relative(c.dir, f)}`, file: f, errors: () => errorsOf(analyzeCase(r.id, c).diagnostics.filter((d) => d.file === f)) }));
  });
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
  const probes = BIN ? PROBES : [];

  beforeAll(async () => {
    const jobs: { key: string; file: string; configId?: string }[] = [];
    for (const v of [...valid, ...invalid]) jobs.push({ key: v.file, file: v.file, configId: parseFixtureOptions(readText(v.file)).configId });
    for (const g of [...generated, ...probes]) {
      const file = join(tmp, g.name);
      writeFileSync(file, g.text);
      jobs.push({ key: file, file, configId: g.configId });
    }
    const results = await pool(jobs, 2, (j) => runConfigTest(bin, j.file, { configId: j.configId, timeoutMs: 8000 }));
    jobs.forEach((j, i) => runs.set(j.key, results[i]));
  }, 120_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  describe('(a) valid fixtures (valid.conf, the keepalived files of valid/): keepalived finds no config problem and we report no error', () => {
    for (const v of valid) {
      it(v.id, () => {
        const r = runs.get(v.file)!;
        const problems = r.messages.filter((m) => classify(m, r.messages) === 'CONFIG');
        // A valid fixture may use keywords newer than the installed keepalived (e.g. 2.2.8's no_virtual_ipaddress):
        // this keepalived cannot judge it; it must then reject exactly those keywords, which we flag as newer.
        const text = readText(v.file);
        const newer = analyze(v.file, text, withVersion(parseFixtureOptions(text) as AnalysisOptions)).diagnostics.filter((d) => d.code === 'newer-keyword' && d.file === v.file);
        if (newer.length) {
          for (const d of newer) {
            const kw = lspLineText(text, d.range);
            expect(problems.some((m) => m.raw.includes(`Unknown keyword '${kw}'`)), `${rel(v.file)}: keepalived ${version} should reject the newer keyword ${kw}: ${fmtRun(r)}`).toBe(true);
          }
          return;
        }
        expect(problems.map((m) => m.raw), `${rel(v.file)}: keepalived ${fmtRun(r)}`).toEqual([]);
        expect(r.timedOut || r.signal !== null, `${rel(v.file)}: keepalived ${fmtRun(r)}`).toBe(false);
        expect(v.errors().map((d) => formatDiagnostic(d, rel))).toEqual([]);
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

  /** Both directions of the contract for one config written to the temp dir. */
  function agree(g: { name: string; text: string; notes: string[]; configId?: string }): void {
    const file = join(tmp, g.name);
    const r = runs.get(file)!;
    const ours = errorsOf(analyze(file, g.text, withVersion({ configId: g.configId })).diagnostics);
    // keepalived's exit code is its own verdict: messages with rc 0 (e.g. "Config files missing" for an include) are
    // remarks it does not count as configuration errors.
    const problems = r.rc === 0 ? [] : r.messages.filter((m) => classify(m, r.messages) === 'CONFIG' && !isSemantic(m));
    const context = `\n    keepalived ${fmtRun(r)}\n    we report: ${ours.length ? ours.map((d) => formatDiagnostic(d, () => g.name)).join(' | ') : 'no error'}\n    config:\n${g.text
      .split('\n')
      .map((l, i) => `      ${String(i + 1).padStart(3)} ${JSON.stringify(l).slice(1, -1)}`)
      .join('\n')}`;
    if (ours.length === 0) expect(problems.map((m) => m.raw), `we report no error but keepalived finds a problem${context}`).toEqual([]);
    if (r.rc === 0 && r.messages.length === 0) expect(ours.length, `contract violation: keepalived accepts the config silently but we report an error${context}`).toBe(0);
  }

  describe('(c) generated configs agree with keepalived', () => {
    for (const g of generated) it(`${g.name} (${g.notes.join('; ')})`, () => agree(g));
  });

  describe('(d) hand-written probes of the lexical edge cases agree with keepalived', () => {
    for (const p of probes) it(`${p.name} (${p.notes.join('; ')})`, () => agree(p));
  });
});

describe.skipIf(!!BIN)('keepalived --config-test oracle', () => {
  it.skip(SKIP_REASON, () => {});
});
