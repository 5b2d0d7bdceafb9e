/**
 * The editor's quick re-check (core/incremental.ts) against the full analysis.
 *
 * 1. The claim behind it: a rule marked `scope: 'block'` finds on a top-level statement parsed alone exactly what it
 *    finds on it in the whole config. Checked on every statement of every rule fixture, both corpora and examples/:
 *    the block rules' final diagnostics (suppressed, with their fixes) in the statement's lines must be identical.
 *    A rule that reads anything outside its statement fails here with the file and statement that show it.
 * 2. Edits, as a user types them: after each edit, the quick result's block-rule diagnostics equal those of a full
 *    analysis of the new text, the other diagnostics outside the edited statement are the full analysis's, moved;
 *    and an edit that changes no meaning (a comment line) gives exactly the full analysis.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfig, type AnalysisOptions } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import { BLOCK_RULES, checkLines, indexFile, quickCheck, type FileIndex } from '../../server/src/core/incremental';
import type { Statement } from '../../server/src/core/keepalived/ast';
import { RULES } from '../../server/src/core/rules/index';
import { sortDiagnostics } from '../../server/src/core/lint/runner';
import type { Diagnostic } from '../../server/src/core/types';
import { parseFixtureOptions } from '../helpers/annotations';
import { parseWildConfigTest } from '../helpers/config-test';
import { FIXTURES, fixtureOptions, REPO, rel, toAnalysisOptions } from '../helpers/fixtures';

const BLOCK_IDS = new Set(BLOCK_RULES.map((r) => r.id));

interface Source {
  file: string;
  options: AnalysisOptions;
}

function sources(): Source[] {
  const out: Source[] = [];
  for (const id of readdirSync(FIXTURES).sort()) {
    for (const name of ['invalid.conf', 'valid.conf']) {
      const file = join(FIXTURES, id, name);
      if (!existsSync(file)) continue;
      out.push({ file, options: fixtureOptions(id, toAnalysisOptions(parseFixtureOptions(readFileSync(file, 'utf8')))) });
    }
  }
  const samples = join(REPO, 'test/corpus/keepalived');
  for (const f of readdirSync(samples).sort()) {
    if (f === 'CONFIG-TEST.txt' || f === 'SOURCE.md') continue;
    out.push({ file: join(samples, f), options: {} });
  }
  const wild = join(REPO, 'test/corpus/wild');
  for (const e of parseWildConfigTest(join(wild, 'CONFIG-TEST.txt'))) {
    const file = join(wild, e.path);
    if (existsSync(file) && statSync(file).isFile()) out.push({ file, options: {} });
  }
  for (const f of ['keepalived-master.conf', 'keepalived-backup.conf']) out.push({ file: join(REPO, 'examples/directors', f), options: {} });
  return out;
}

/** A diagnostic as the user sees it (fixes and related included), for comparison. */
const show = (d: Diagnostic): string => JSON.stringify(d);
const sorted = (ds: Diagnostic[]): string[] => ds.map(show).sort();

describe('block rules see a top-level statement alone as they see it in the whole config', () => {
  const host = new NodeHost();
  const all = sources();
  let statements = 0;
  let declined = 0;
  const mismatches: string[] = [];
  for (const { file, options } of all) {
    const text = readFileSync(file, 'utf8');
    const full = analyzeConfig(file, text, new NodeHost((f) => (f === file ? text : undefined)), options);
    const index = indexFile(full.config, file);
    if (typeof index === 'string') {
      declined++;
      continue;
    }
    for (const span of index.spans) {
      const outside = (): Statement[] => [...index.elsewhere, ...index.spans.filter((x) => x !== span).flatMap((x) => x.statements)];
      const r = checkLines(index, text, span.start, span.end, options, host, outside);
      if (typeof r === 'string') {
        declined++;
        continue;
      }
      statements++;
      const want = full.diagnostics.filter((d) => d.file === file && BLOCK_IDS.has(d.code) && d.range.start.line >= span.start && d.range.end.line <= span.end);
      const got = sorted(r.found);
      const exp = sorted(want);
      if (got.join('\n') !== exp.join('\n')) {
        const missing = exp.filter((x) => !got.includes(x)).map((x) => `  full only:  ${x.slice(0, 300)}`);
        const extra = got.filter((x) => !exp.includes(x)).map((x) => `  alone only: ${x.slice(0, 300)}`);
        mismatches.push(`${rel(file)} lines ${span.start + 1}-${span.end + 1}:\n${[...missing, ...extra].join('\n')}`);
      }
    }
  }

  it('on every statement of the fixtures, corpora and examples', () => {
    expect(mismatches.slice(0, 10).join('\n\n')).toBe('');
    expect(all.length).toBeGreaterThan(250);
    // Most statements can stand alone (files with `$` definitions or includes inside a statement cannot).
    expect(statements).toBeGreaterThan(700);
    expect(declined).toBeLessThan(statements / 4);
  });

  it('covers most rules with a per-config check', () => {
    const perConfig = RULES.filter((r) => r.check).length;
    expect(BLOCK_RULES.length).toBeGreaterThan(perConfig / 2);
  });
});

/** A DR director config: two instances, `n` virtual servers with their real servers. */
function director(n: number): string {
  const lines = [
    'global_defs {',
    '    router_id LVS_BENCH',
    '}',
    '',
    'vrrp_instance VI_1 {',
    '    state MASTER',
    '    interface eth0',
    '    virtual_router_id 51',
    '    priority 150',
    '    advert_int 1',
    '    virtual_ipaddress {',
    '        192.0.2.10/24',
    '    }',
    '}',
    '',
  ];
  for (let i = 0; i < n; i++) {
    lines.push(
      `virtual_server 192.0.2.10 ${8000 + i} {`,
      '    delay_loop 6',
      '    lb_algo wrr',
      '    lb_kind DR',
      '    protocol TCP',
      '',
      ...[1, 2].flatMap((k) => [`    real_server 192.0.2.${20 + k} ${8000 + i} {`, '        weight 1', '        TCP_CHECK {', '            connect_timeout 3', '        }', '    }']),
      '}',
      '',
    );
  }
  return lines.join('\n');
}

const FILE = '/virtual/keepalived.conf';

function fullOf(text: string): Diagnostic[] {
  return analyzeConfig(FILE, text, new NodeHost((f) => (f === FILE ? text : undefined)), {}).diagnostics;
}

function edit(text: string, line: number, character: number, endLine: number, endCharacter: number, insert: string): string {
  const lines = text.split('\n');
  const offset = (l: number, c: number): number => lines.slice(0, l).reduce((n, x) => n + x.length + 1, 0) + c;
  return text.slice(0, offset(line, character)) + insert + text.slice(offset(endLine, endCharacter));
}

describe('quick checks while typing', () => {
  const host = new NodeHost();
  const base = director(20);
  const lineOf = (text: string, needle: string, from = 0): number => text.split('\n').findIndex((l, i) => i >= from && l.includes(needle));

  function start(): { index: FileIndex; diagnostics: Diagnostic[] } {
    const full = analyzeConfig(FILE, base, new NodeHost((f) => (f === FILE ? base : undefined)), {});
    const index = indexFile(full.config, FILE, full.diagnostics);
    if (typeof index === 'string') throw new Error(index);
    return { index, diagnostics: full.diagnostics };
  }

  it('a comment line gives exactly what the full analysis gives, every diagnostic moved', () => {
    const s = start();
    const at = lineOf(base, 'virtual_server 192.0.2.10 8010');
    const text = edit(base, at + 2, 0, at + 2, 0, '    # weighted round robin\n');
    const r = quickCheck(s.index, text, {}, host);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(sorted(r.diagnostics)).toEqual(sorted(fullOf(text)));
    // In the order the full analysis gives them.
    expect(r.diagnostics.map(show)).toEqual(fullOf(text).map(show));
    // The window is the edited virtual_server: its 19 lines and the comment.
    expect(r.window).toEqual({ start: at, end: at + 19 });
    expect(r.index.spans.map((x) => x.end - x.start + 1)).toEqual(s.index.spans.map((x, i) => x.end - x.start + 1 + (i === s.index.spans.findIndex((y) => y.start === at) ? 1 : 0)));
  });

  it('a sequence of keystrokes: errors appear and go as in the full analysis', () => {
    let { index, diagnostics } = start();
    let text = base;
    const at = lineOf(base, 'lb_kind DR', lineOf(base, 'virtual_server 192.0.2.10 8007'));
    // Delete "DR" one key at a time, type "dr", then "DR" back; add a line with a typo; remove it.
    const steps: ((t: string) => string)[] = [
      (t) => edit(t, at, 13, at, 14, ''),
      (t) => edit(t, at, 12, at, 13, ''),
      (t) => edit(t, at, 12, at, 12, 'd'),
      (t) => edit(t, at, 13, at, 13, 'r'),
      (t) => edit(t, at, 12, at, 14, 'DR'),
      (t) => edit(t, at, 14, at, 14, '\n    persistence_timeot 50'),
      (t) => edit(t, at + 1, 0, at + 2, 0, ''),
    ];
    const seen = new Set<string>();
    for (const step of steps) {
      text = step(text);
      const r = quickCheck(index, text, {}, host);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const full = fullOf(text);
      const block = (ds: Diagnostic[]): string[] => sorted(ds.filter((d) => BLOCK_IDS.has(d.code)));
      expect(block(r.diagnostics)).toEqual(block(full));
      for (const d of r.diagnostics) seen.add(d.code);
      ({ index, diagnostics } = r);
    }
    // The steps really produced problems: a missing argument, a wrong case, an unknown keyword.
    expect([...seen]).toEqual(expect.arrayContaining(['missing-argument', 'invalid-value', 'unknown-keyword']));
    // After the last step the text is the base again, and so are the diagnostics.
    expect(text).toBe(base);
    expect(sorted(diagnostics)).toEqual(sorted(fullOf(base)));
  });

  it('a new statement typed between two others, closed: checked; left open: declined', () => {
    const s = start();
    const at = lineOf(base, 'virtual_server 192.0.2.10 8003') - 1;
    const closed = edit(base, at, 0, at, 0, '\nvirtual_server 192.0.2.10 9000 {\n    lb_kind DR\n    protocol TCP\n}\n');
    const r = quickCheck(s.index, closed, {}, host);
    expect(r.ok).toBe(true);
    if (r.ok) expect(sorted(r.diagnostics.filter((d) => BLOCK_IDS.has(d.code)))).toEqual(sorted(fullOf(closed).filter((d) => BLOCK_IDS.has(d.code))));
    const open = edit(base, at, 0, at, 0, '\nvirtual_server 192.0.2.10 9000 {\n    lb_kind DR\n');
    const o = quickCheck(s.index, open, {}, host);
    expect(o).toEqual({ ok: false, reason: 'braces not balanced in the edited statements' });
  });

  it('declines an include, a $ definition and a file-wide suppression comment in the edit', () => {
    const s = start();
    const at = lineOf(base, 'virtual_server 192.0.2.10 8005');
    for (const [insert, reason] of [
      ['include /etc/keepalived/conf.d/*.conf\n', 'an include in the edit'],
      ['$PORT=80\n', 'a $ definition in the edit'],
      ['# lvs-config-disable missing-protocol\n', 'a file-wide suppression comment in the edit'],
    ]) {
      const r = quickCheck(s.index, edit(base, at, 0, at, 0, insert), {}, host);
      expect(r).toEqual({ ok: false, reason });
    }
  });

  it('fixes of moved diagnostics are moved with them', () => {
    const text0 = base.replace('    protocol TCP\n', '');
    const full = analyzeConfig(FILE, text0, new NodeHost((f) => (f === FILE ? text0 : undefined)), {});
    const index = indexFile(full.config, FILE, full.diagnostics);
    if (typeof index === 'string') throw new Error(index);
    const text = edit(text0, 0, 0, 0, 0, '# header\n# two lines\n');
    const r = quickCheck(index, text, {}, host);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const strip = (ds: Diagnostic[]): string[] => sorted(ds.map((d) => ({ ...d, fixes: d.fixes?.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e })) })) })));
    expect(strip(r.diagnostics)).toEqual(strip(fullOf(text)));
    expect(r.diagnostics.some((d) => d.code === 'missing-protocol' && d.fixes?.length)).toBe(true);
  });

  it('a file whose config has $ definitions is not indexed', () => {
    const text = '$VIP=192.0.2.10\n' + base;
    const full = analyzeConfig(FILE, text, new NodeHost((f) => (f === FILE ? text : undefined)), {});
    expect(indexFile(full.config, FILE)).toBe('$ definitions');
  });
});

describe('quick checks under random edits', () => {
  // A seeded generator: the same edits on every run.
  let seed = 20261125;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const INSERTS = ['x', ' ', '\n', '{', '}', '"', '#', '!', '0', 'DR', 'lb_kind ', '    weight 1\n', '}\n', 'real_server 10.0.0.9 80 {\n}\n'];
  const files = [
    join(REPO, 'examples/directors/keepalived-master.conf'),
    join(REPO, 'test/corpus/keepalived/keepalived.conf.virtualhost'),
    join(REPO, 'test/fixtures/rules/unknown-keyword/invalid.conf'),
    join(REPO, 'test/fixtures/rules/dr-port-mismatch/invalid.conf'),
  ].filter((f) => existsSync(f));

  it('every accepted quick check gives the block rules what a full analysis of the new text gives', () => {
    const host = new NodeHost();
    let accepted = 0;
    let declined = 0;
    const failures: string[] = [];
    for (const file of files) {
      const original = readFileSync(file, 'utf8');
      let text = original;
      let state: FileIndex | undefined;
      for (let step = 0; step < 150; step++) {
        if (!state) {
          const full = analyzeConfig(file, text, new NodeHost((f) => (f === file ? text : undefined)), {});
          const index = indexFile(full.config, file, full.diagnostics);
          if (typeof index === 'string') {
            text = original;
            continue;
          }
          state = index;
        }
        const at = random(text.length + 1);
        const next = random(3) === 0 ? text.slice(0, at) + text.slice(at + 1 + random(8)) : text.slice(0, at) + INSERTS[random(INSERTS.length)] + text.slice(at);
        const r = quickCheck(state, next, {}, host);
        text = next;
        if (!r.ok) {
          declined++;
          state = undefined; // the editor waits for the full analysis, and starts again from it
          continue;
        }
        accepted++;
        if (r.diagnostics.map(show).join('\n') !== sortDiagnostics([...r.diagnostics]).map(show).join('\n')) failures.push(`${rel(file)} step ${step}: out of order`);
        const full = analyzeConfig(file, text, new NodeHost((f) => (f === file ? text : undefined)), {}).diagnostics.filter((d) => d.file === file);
        const block = (ds: Diagnostic[]): string[] => sorted(ds.filter((d) => BLOCK_IDS.has(d.code)));
        if (block(r.diagnostics).join('\n') !== block(full).join('\n')) failures.push(`${rel(file)} step ${step}: ${JSON.stringify(text.slice(Math.max(0, at - 40), at + 40))}`);
        state = r.index;
        // Now and then the full analysis catches up, as in the editor.
        if (random(10) === 0) state = undefined;
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(accepted).toBeGreaterThan(200);
    expect(declined).toBeGreaterThan(20);
  });
});

