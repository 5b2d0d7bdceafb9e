/**
 * The analysis against keepalived 2.2.7's own verdict on real configurations (recorded in the corpora's
 * CONFIG-TEST.txt, so this suite needs no keepalived binary):
 *
 * - test/corpus/keepalived: keepalived's doc/samples and shipped configs. Files keepalived accepts, or rejects only
 *   because the test host lacks their interfaces, must get no error from us. For the files with real problems,
 *   every lexical/schema problem keepalived reports on a line must get a diagnostic on that line.
 * - test/corpus/wild: 99 configs from public repositories, every keepalived message tagged [CONFIG], [DEPRECATED] or
 *   [ENV:*]. (a) a file with only [ENV:*]/[DEPRECATED] remarks (or none) gets no error from us; (b) every [CONFIG]
 *   lexical/schema message with a line number gets a diagnostic on that line, where keepalived's cascades inside a
 *   block it could not use count as one problem (see groupCascades in test/helpers/keepalived.ts).
 *
 * Semantic messages (cross-references, defaults applied at validation time) must each be reported by the rule
 * COVERED / COVERED_IN_FILE maps them to (on their line when keepalived gives one), or be explained by HOST_CAUSED;
 * a new message that is neither fails the file's test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfig, type AnalysisOptions } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import type { Diagnostic } from '../../server/src/core/types';
import { formatDiagnostic } from '../helpers/annotations';
import { parseSamplesConfigTest, parseWildConfigTest } from '../helpers/config-test';
import { classify, groupCascades, isLexicalOrSchema, type KMessage } from '../helpers/keepalived';
import { REPO, rel } from '../helpers/fixtures';

const SAMPLES = join(REPO, 'test/corpus/keepalived');
const WILD = join(REPO, 'test/corpus/wild');

function analyze(file: string, options: AnalysisOptions = {}): Diagnostic[] {
  return analyzeConfig(file, readFileSync(file, 'utf8'), new NodeHost(), options).diagnostics;
}

function errorsIn(ds: Diagnostic[]): string[] {
  return ds.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, rel));
}

/** Any diagnostic (any severity) in `file` whose range covers 1-based `line`. */
function hasDiagnosticOn(ds: Diagnostic[], file: string, line: number): boolean {
  return ds.some((d) => d.file === file && d.range.start.line + 1 <= line && line <= d.range.end.line + 1);
}

function messageKey(m: KMessage): string {
  return `${m.line !== undefined ? `line ${m.line}: ` : ''}${m.text}`;
}

/**
 * The expectations for one file: keepalived's lexical/schema messages with a line number (cascades grouped),
 * checked against our diagnostics; returns one line of text per mismatch.
 */
function lineMismatches(file: string, messages: KMessage[], ds: Diagnostic[]): string[] {
  const out: string[] = [];
  for (const e of groupCascades(messages)) {
    if (e.anchors.some((l) => hasDiagnosticOn(ds, file, l))) continue;
    for (const m of e.messages) {
      if (hasDiagnosticOn(ds, file, m.line!)) continue;
      const near = ds.filter((d) => d.file === file && Math.abs(d.range.start.line + 1 - m.line!) <= 2).map((d) => formatDiagnostic(d, rel));
      out.push(
        `${rel(file)}:${m.line}: keepalived says "${m.text}"${e.messages.length > 1 ? ` (cascade from line ${e.line}; a diagnostic on line ${e.anchors.join(' or ')} would cover it)` : ''} — we report nothing on that line${near.length ? `; nearby: ${near.join(' | ')}` : ''}`,
      );
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------------------------
describe('keepalived samples (test/corpus/keepalived)', () => {
  const entries = parseSamplesConfigTest(join(SAMPLES, 'CONFIG-TEST.txt'));

  it('CONFIG-TEST.txt has a verdict for each of the 28 sample files, and each file exists', () => {
    expect(entries.length).toBe(28);
    expect(entries.filter((e) => !existsSync(join(SAMPLES, e.file))).map((e) => e.file)).toEqual([]);
  });

  const accepted = entries.filter((e) => e.classification === 'clean' || e.classification.startsWith('environment only'));
  it('15 samples pass and 6 fail only for missing interfaces', () => {
    expect(accepted.filter((e) => e.classification === 'clean').length).toBe(15);
    expect(accepted.filter((e) => e.classification !== 'clean').length).toBe(6);
  });
  for (const e of accepted) {
    it(`${e.file} (${e.classification === 'clean' ? 'keepalived: PASS' : 'keepalived: missing interfaces only'}): no error`, () => {
      expect(errorsIn(analyze(join(SAMPLES, e.file)))).toEqual([]);
    });
  }
  for (const id of ['high', 'low']) {
    it(`keepalived.conf.conditional_conf with configId '${id}' (keepalived -i ${id}: PASS): no error`, () => {
      expect(errorsIn(analyze(join(SAMPLES, 'keepalived.conf.conditional_conf'), { configId: id }))).toEqual([]);
    });
  }

  const genuine = entries.filter((e) => e.classification.startsWith('CONFIG ISSUE') && e.file !== 'keepalived.conf.conditional_conf');
  describe('lexical/schema problems keepalived reports get a diagnostic on their line', () => {
    for (const e of genuine) {
      const lexical = e.messages.filter((m) => {
        const tag = classify(m, e.messages);
        return m.line !== undefined && ((tag === 'CONFIG' && isLexicalOrSchema(m.text)) || tag === 'DEPRECATED');
      });
      if (!lexical.length) continue;
      const file = join(SAMPLES, e.file);
      it(`${e.file}: lines ${[...new Set(lexical.map((m) => m.line))].join(', ')}`, () => {
        expect(lineMismatches(file, lexical, analyze(file))).toEqual([]);
      });
    }
    it('covers the problems named in SOURCE.md', () => {
      const lines = (f: string): number[] => {
        const e = genuine.find((x) => x.file === f)!;
        return [...new Set(e.messages.filter((m) => m.line !== undefined && (isLexicalOrSchema(m.text) || classify(m, e.messages) === 'DEPRECATED')).map((m) => m.line!))].sort((a, b) => a - b);
      };
      expect(lines('etc-keepalived.conf')).toEqual([15, 16]);
      expect(lines('keepalived.conf.vrrp.lvs_syncd')).toEqual([4, 5, 11]);
      expect(lines('keepalived.conf.vrrp.routes')).toEqual([30, 32]);
      expect(lines('keepalived.conf.vrrp.rules')).toEqual([11, 26]);
    });
  });

  describe('semantic messages our rules report', () => {
    const reports = (f: string, code: string): string[] =>
      analyze(join(SAMPLES, f)).filter((d) => d.code === code).map((d) => formatDiagnostic(d, rel));
    it('keepalived.conf.fwmark: "Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored": protocol-with-fwmark', () => {
      expect(reports('keepalived.conf.fwmark', 'protocol-with-fwmark')).not.toEqual([]);
    });
    it('keepalived.conf.SSL_GET: "(VI_1) Initial state master is incompatible with AH authentication - clearing": master-with-ah', () => {
      expect(reports('keepalived.conf.SSL_GET', 'master-with-ah')).not.toEqual([]);
    });
    it('etc-keepalived.conf: "(VI_1) Strict mode does not support authentication. Ignoring.": strict-mode-conflict', () => {
      expect(reports('etc-keepalived.conf', 'strict-mode-conflict').filter((d) => d.includes('does not support authentication'))).not.toEqual([]);
    });
  });

  describe('semantic messages our rules report on their line', () => {
    const on = (f: string, code: string, lines: number[], text?: string): string[] => {
      const ds = analyze(join(SAMPLES, f)).filter((d) => d.code === code && (!text || d.message.includes(text)));
      return lines.filter((l) => !ds.some((d) => d.range.start.line + 1 === l)).map((l) => `${f}:${l}: no ${code}`);
    };
    it('etc-keepalived.conf: "(VI_1) State MASTER must match being address owner" (vrrp_strict, state MASTER, priority 100): strict-mode-conflict on the state', () => {
      expect(on('etc-keepalived.conf', 'strict-mode-conflict', [20], 'State MASTER must match being address owner')).toEqual([]);
    });
    it('keepalived.conf.vrrp.rules: lines 10, 25: "Rule has no preference specified - setting to 16384/16383": rule-without-preference', () => {
      expect(on('keepalived.conf.vrrp.rules', 'rule-without-preference', [10, 25])).toEqual([]);
    });
    it('keepalived.conf.vrrp.lvs_syncd: "Sync group VG1 has no members - removing" (keepalived after 2.2.7; VI_2/VI_3 outside group { }): sync-group-too-small', () => {
      expect(on('keepalived.conf.vrrp.lvs_syncd', 'sync-group-too-small', [3])).toEqual([]);
    });
    it('keepalived.conf.vrrp.routes: lines 29-32: "Warning - cannot track route ... with no interface specified, not tracking": route-without-interface', () => {
      expect(on('keepalived.conf.vrrp.routes', 'route-without-interface', [29, 30, 31, 32])).toEqual([]);
    });
  });
});

/**
 * keepalived's semantic messages that one of our rules now reports: message pattern → the rule that must have a
 * diagnostic on the message's line.
 */
const COVERED: [RegExp, string][] = [
  [/track (script|file|process|bfd) \S+ not found, ignoring/, 'undefined-reference'],
  [/vrrp (instance|sync group) \S+ already defined/, 'duplicate-name'],
  [/cannot track route \S+ with no interface specified, not tracking/, 'route-without-interface'],
  [/lvs_sync_daemon_interface has already been specified as \S+ - ignoring/, 'repeated-lvs-sync-daemon'],
];

/**
 * keepalived's semantic messages without a line number that our rules report: message pattern → the rules, one of
 * which must report in the file (an invalid `lb_kind` gets invalid-value, and keepalived falls back to NAT as for a
 * missing one).
 */
const COVERED_IN_FILE: [RegExp, string[]][] = [
  [/no forwarding method set, setting default NAT/, ['missing-lb-kind', 'invalid-value']],
  [/protocol specified for fwmark - protocol will be ignored/, ['protocol-with-fwmark']],
  [/has no real servers - ignoring/, ['empty-virtual-server']],
  [/no scheduler set, setting default 'wlc'/, ['invalid-value']],
  [/No VIP specified; at least one is (sensible|required)/, ['no-vip']],
  [/Ignoring track_interface \S+ since own interface/, ['track-own-interface']],
  [/Sync group \S+ has only 1 virtual router\(s\)/, ['sync-group-too-small']],
];

/**
 * Messages whose cause is the test host, not the file (with the reason): the rule their pattern maps to (in COVERED),
 * or any error when none does, must stay silent on that line.
 */
const HOST_CAUSED: Record<string, string> = {
  'keepalived/netfoundry-no-vip.conf: line 17':
    'vrrp_script wan_check is defined; keepalived drops it because the script user ziggy does not exist on the test host',
};

// ------------------------------------------------------------------------------------------------------------------
describe('wild corpus (test/corpus/wild)', () => {
  const entries = parseWildConfigTest(join(WILD, 'CONFIG-TEST.txt'));

  it('CONFIG-TEST.txt has 99 verdicts, for files that exist', () => {
    expect(entries.length).toBe(99);
    expect(entries.filter((e) => !existsSync(join(WILD, e.path))).map((e) => e.path)).toEqual([]);
  });

  it('the message classifier reproduces every tag of CONFIG-TEST.txt', () => {
    const wrong = entries.flatMap((e) => e.messages.filter((m) => classify(m, e.messages) !== m.tag).map((m) => `${e.path}: [${m.tag}] classified ${classify(m, e.messages)}: ${m.raw}`));
    expect(wrong).toEqual([]);
  });

  for (const e of entries) {
    const file = join(WILD, e.path);
    if (!existsSync(file)) continue;
    // Messages about this file (keepalived names included files by their own name).
    const own = e.messages.filter((m) => m.file === undefined || basename(m.file) === basename(file));
    const config = own.filter((m) => m.tag === 'CONFIG');
    const lexical = config.filter((m) => m.line !== undefined && isLexicalOrSchema(m.text));
    const bracesOnly = config.filter((m) => m.line === undefined && /missing '\}'s or extra '\{'s/.test(m.text));
    const later = config.filter((m) => !lexical.includes(m) && !bracesOnly.includes(m));

    describe(e.path, () => {
      let cached: Diagnostic[] | undefined;
      const diagnostics = (): Diagnostic[] => (cached ??= analyze(file));

      if (config.length === 0) {
        const what = e.result === 'PASS' ? 'keepalived: PASS' : `keepalived: only ${[...new Set(e.messages.map((m) => m.tag))].join(', ')}`;
        it(`(${what}): no error`, () => {
          expect(errorsIn(diagnostics())).toEqual([]);
        });
      }
      if (lexical.length) {
        it(`a diagnostic on each line keepalived reports a lexical/schema problem (${[...new Set(lexical.map((m) => m.line))].join(', ')})`, () => {
          expect(lineMismatches(file, lexical, diagnostics())).toEqual([]);
        });
      }
      if (bracesOnly.length) {
        it(`keepalived: "${bracesOnly[0].text}": an unclosed-brace diagnostic`, () => {
          expect(diagnostics().filter((d) => d.code === 'unclosed-brace').length, `${rel(file)}: no unclosed-brace diagnostic`).toBeGreaterThan(0);
        });
      }
      const hostCaused = later.filter((m) => HOST_CAUSED[`${e.path}: line ${m.line}`]);
      for (const m of hostCaused) {
        const code = COVERED.find(([re]) => re.test(m.text))?.[1];
        it(`host-caused: keepalived says "${messageKey(m)}" (${HOST_CAUSED[`${e.path}: line ${m.line}`]}): no ${code ?? 'error'} on that line`, () => {
          const on = diagnostics().filter((d) => d.file === file && d.range.start.line + 1 === m.line && (code ? d.code === code : d.severity === 'error'));
          expect(on.map((d) => formatDiagnostic(d, rel))).toEqual([]);
        });
      }
      const covered = later.filter((m) => m.line !== undefined && COVERED.some(([re]) => re.test(m.text)) && !hostCaused.includes(m));
      for (const m of covered) {
        const code = COVERED.find(([re]) => re.test(m.text))![1];
        it(`semantic: keepalived says "${messageKey(m)}": ${code} on that line`, () => {
          const on = diagnostics().filter((d) => d.file === file && d.code === code && d.range.start.line + 1 === m.line);
          expect(on.map((d) => formatDiagnostic(d, rel)), `${rel(file)}:${m.line}: no ${code} diagnostic`).not.toEqual([]);
        });
      }
      const inFile = later.filter((m) => m.line === undefined && COVERED_IN_FILE.some(([re]) => re.test(m.text)));
      // keepalived prints some of these twice (the No VIP check runs once more at startup): one test per message.
      for (const m of inFile.filter((x, i) => inFile.findIndex((y) => messageKey(y) === messageKey(x)) === i)) {
        const codes = COVERED_IN_FILE.find(([re]) => re.test(m.text))![1];
        it(`semantic: keepalived says "${messageKey(m)}": ${codes.join(' or ')} in the file`, () => {
          const found = diagnostics().filter((d) => d.file === file && codes.includes(String(d.code)));
          expect(found.map((d) => formatDiagnostic(d, rel)), `${rel(file)}: no ${codes.join('/')} diagnostic`).not.toEqual([]);
        });
      }
      const uncovered = [...new Set(later.filter((m) => !covered.includes(m) && !inFile.includes(m) && !hostCaused.includes(m)).map(messageKey))];
      if (uncovered.length) {
        it('every semantic message keepalived reports is covered by a rule (COVERED, COVERED_IN_FILE) or explained (HOST_CAUSED)', () => {
          expect(uncovered).toEqual([]);
        });
      }
    });
  }
});
