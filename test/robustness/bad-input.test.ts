/**
 * Robustness: "Bad input" (any byte sequence, an empty file, a binary file, a huge file, an include of itself, a glob
 * matching thousands of files) gives a clear diagnostic or CLI message, never a crash, a hang or a lost edit; a rule
 * that throws becomes one internal-error diagnostic naming the rule while the others still run.
 *
 * Every analysis here must: return (never throw), within a time budget, with diagnostics whose code is a known rule,
 * whose range lies inside the text of its file *as the editor splits lines* (LSP: `\n`, `\r\n` and `\r`), start ≤ end,
 * and whose fixes edit only inside the text (see support.ts diagnosticProblems).
 *
 * A failing test here is an engine bug (the suite does not edit server/src): the test name says what breaks.
 * The 50 MB cases live in large-file.test.ts (heavy).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, realpathSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NodeHost } from '../../server/src/core/host';
import { parseConfig } from '../../server/src/core/keepalived/index';
import type { Rule } from '../../server/src/core/lint/rule';
import { INTERNAL_ERROR, runRules } from '../../server/src/core/lint/runner';
import { RULES_BY_ID } from '../../server/src/core/rules/index';
import { allKeywordNames } from '../../server/src/core/schema/index';
import { analyze, bundles, removeBundles, codes, fixtureFiles, lspLines, MemoryHost, prng, randomBytes, runNode, shrink, type Outcome } from './support';

/** Budget for one degenerate input (the brief: < 2 s each). */
const DEGENERATE_MS = 2000;
/** Budget for one expansion bomb: bounded, not instant (100,000 replayed lines are analysed). */
const BOMB_MS = 10_000;

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'lvs-robust-'));
});
afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  removeBundles();
});

function explain(o: Outcome, input?: string): string {
  const head = input === undefined ? '' : `input (${input.length} chars): ${JSON.stringify(input.length > 300 ? input.slice(0, 300) + '…' : input)}\n`;
  return `${head}${o.error ? `threw after ${o.ms.toFixed(0)} ms: ${o.error.stack?.split('\n').slice(0, 4).join('\n')}\n` : ''}problems: ${o.problems.slice(0, 5).join('; ')}`;
}

function expectSound(o: Outcome, budgetMs: number, input?: string): void {
  expect(o.error, explain(o, input)).toBeUndefined();
  expect(o.problems, explain(o, input)).toEqual([]);
  expect(o.ms, `took ${o.ms.toFixed(0)} ms (budget ${budgetMs} ms)`).toBeLessThan(budgetMs);
}

const SAMPLE = readFileSync(fixtureFiles().find((f) => f.endsWith('SMTP_CHECK'))!, 'utf8');

// -----------------------------------------------------------------------------------------------------------------
describe('1. degenerate inputs: analyzeConfig returns, fast, with sound diagnostics', () => {
  const host = new MemoryHost();
  const ROOT = '/mem/keepalived.conf';

  interface Case {
    name: string;
    text: () => string;
    /** Codes that must be reported (a clear diagnostic for the problem). */
    expectCodes?: string[];
    /** Exactly no diagnostic. */
    clean?: boolean;
  }
  const cases: Case[] = [
    { name: 'empty file', text: () => '', clean: true },
    { name: 'whitespace only', text: () => ' \t\n\n   \n\t\f\v\n  ', clean: true },
    { name: 'only comments', text: () => '# comment\n! another\n   # indented\n\t! tabbed\n#', clean: true },
    { name: 'only }', text: () => '}', expectCodes: ['unmatched-brace'] },
    { name: 'only {', text: () => '{', expectCodes: ['unclosed-brace'] },
    { name: '10,000 `}` on one line', text: () => '}'.repeat(10_000), expectCodes: ['unmatched-brace', 'line-too-long'] },
    { name: '10,000 `}` lines', text: () => '}\n'.repeat(10_000), expectCodes: ['unmatched-brace'] },
    { name: '10,000 `{` on one line', text: () => '{'.repeat(10_000), expectCodes: ['unclosed-brace', 'nesting-limit', 'line-too-long'] },
    { name: '10,000 `{` lines', text: () => '{\n'.repeat(10_000), expectCodes: ['unclosed-brace', 'nesting-limit'] },
    { name: '5,000 nested anonymous blocks (no stack overflow)', text: () => '{\n'.repeat(5000) + '}\n'.repeat(5000), expectCodes: ['nesting-limit'] },
    { name: '5,000 nested keyword blocks (no stack overflow)', text: () => 'vrrp_instance VI_1 {\n'.repeat(5000) + '}\n'.repeat(5000), expectCodes: ['nesting-limit'] },
    { name: '1,000 nested keyword blocks on one line', text: () => 'virtual_server 10.0.0.1 80 { '.repeat(1000) + '} '.repeat(1000), expectCodes: ['nesting-limit'] },
    { name: '64 nested blocks: the limit itself is fine', text: () => '{\n'.repeat(64) + '}\n'.repeat(64) },
    { name: 'a line of 100 KB', text: () => 'global_defs {\n    router_id ' + 'x'.repeat(100 * 1024) + '\n}\n', expectCodes: ['line-too-long'] },
    { name: 'a line of 100 KB of words', text: () => 'a '.repeat(50 * 1024), expectCodes: ['line-too-long'] },
    { name: 'no final newline', text: () => 'global_defs {\n    router_id lb1\n}', clean: true },
    { name: 'no final newline, unclosed', text: () => 'global_defs {\n    router_id lb1', expectCodes: ['unclosed-brace'] },
    { name: 'UTF-8 BOM before a sample config', text: () => '\uFEFF' + SAMPLE },
    { name: 'NUL bytes', text: () => 'global_defs {\n    router_id a\0b\n}\n\0\0\0\n', expectCodes: ['nul-byte'] },
    { name: 'only NUL bytes', text: () => '\0'.repeat(4096), expectCodes: ['nul-byte'] },
    { name: 'lone surrogates and replacement chars', text: () => '\uD800 {\n\uDFFF\uFFFD \uD83D\n}\n' },
    { name: 'U+2028/U+2029 and NEL (not line breaks for the editor)', text: () => 'global_defs\u2028{\u2029\n router_id a\u0085b\n}\n' },
    { name: 'control characters', text: () => Array.from({ length: 32 }, (_, i) => (i === 13 || i === 10 ? '' : String.fromCharCode(i))).join(' x') + '\n' },
    { name: 'CRLF line endings (sample config)', text: () => SAMPLE.replace(/\n/g, '\r\n') },
    { name: 'CR-only line endings (sample config)', text: () => SAMPLE.replace(/\n/g, '\r') },
    { name: 'CR-only: an unknown keyword inside a block', text: () => 'global_defs {\r    bogus_keyword 1\r}\r' },
    { name: 'mixed line endings', text: () => 'global_defs {\r\n router_id a\n}\r\n\r\nvrrp_instance X {\n}\r\n' },
  ];

  it.each(cases)('$name', (c) => {
    const text = c.text();
    const o = analyze(ROOT, text, host);
    expectSound(o, DEGENERATE_MS, text);
    const got = codes(o.analysis);
    if (c.clean) expect(o.analysis!.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    for (const code of c.expectCodes ?? []) expect(got, `expected a ${code} diagnostic`).toHaveProperty(code);
  });

  it('the lone-carriage-return diagnostic lies inside the text (the CR is the line break: up to the next line, not past the line end)', () => {
    const text = 'global_defs {\r    router_id lb1\r}\r';
    const o = analyze(ROOT, text, host);
    const d = o.analysis!.diagnostics.find((x) => x.code === 'lone-carriage-return');
    expect(d, 'a lone CR is reported').toBeDefined();
    const lines = lspLines(text);
    expect(d!.range.end.character, `range ${JSON.stringify(d!.range)} on line "${lines[d!.range.end.line]}"`).toBeLessThanOrEqual(lines[d!.range.end.line].length);
  });

  it('CRLF gives the same diagnostics, at the same positions, as LF', () => {
    const lf = analyze(ROOT, SAMPLE, host);
    const crlf = analyze(ROOT, SAMPLE.replace(/\n/g, '\r\n'), host);
    const key = (o: Outcome): string[] => o.analysis!.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.range)}`);
    expect(key(crlf)).toEqual(key(lf));
  });

  it('a UTF-8 BOM is named in the diagnostic on line 1 (not an invisible "Unknown keyword `\\uFEFFglobal_defs`")', () => {
    const o = analyze(ROOT, '\uFEFFglobal_defs {\n    router_id lb1\n}\n', host);
    expectSound(o, DEGENERATE_MS);
    const first = o.analysis!.diagnostics.filter((d) => d.range.start.line === 0);
    expect(first.length, 'keepalived does not skip a BOM: the first keyword is unknown to it, so line 1 needs a diagnostic').toBeGreaterThan(0);
    expect(first.map((d) => d.message).join('\n')).toMatch(/BOM|byte.order.mark|U\+FEFF/i);
  });

  it('CR-only: a quick fix after a lone CR edits the intended text (applied as the editor applies it)', () => {
    // One stray `\r` in a comment: keepalived (and the engine) see one line, the editor sees two, so every range
    // below it is one line off in the editor, and applying a fix there edits the wrong line.
    const text = '# generated by a tool\rthat ends lines with CR\nglobal_defs {\n    router_idd lb1\n}\n';
    const o = analyze(ROOT, text, host);
    expect(o.error).toBeUndefined();
    const fix = o.analysis!.diagnostics.flatMap((d) => d.fixes ?? []).find((f) => f.edits.some((e) => e.newText === 'router_id'));
    expect(fix, JSON.stringify(o.analysis!.diagnostics.map((d) => [d.code, d.range, d.fixes?.map((f) => f.title)]))).toBeDefined();
    const doc = TextDocument.create('file:///mem/keepalived.conf', 'keepalived', 1, text);
    const applied = TextDocument.applyEdits(doc, fix!.edits.map((e) => ({ range: e.range, newText: e.newText })));
    expect(applied).toBe(text.replace('router_idd', 'router_id'));
  });

  describe('bytes read from disk through NodeHost (decoding included)', () => {
    const bin = (name: string, bytes: Buffer): { file: string; text: string } => {
      const file = join(tmp, name);
      writeFileSync(file, bytes);
      const r = new NodeHost().readFile(file);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      return { file, text: r.ok ? r.text : '' };
    };

    it('invalid UTF-8', () => {
      const { file, text } = bin('invalid-utf8.conf', Buffer.from([0x67, 0x6c, 0xff, 0xfe, 0x0a, 0xc3, 0x28, 0x20, 0x7b, 0x0a, 0xe2, 0x82, 0x0a, 0xf0, 0x9f, 0x98, 0x0a, 0x7d, 0xed, 0xa0, 0x80, 0x0a]));
      expectSound(analyze(file, text, new NodeHost()), DEGENERATE_MS, text);
    });

    it('a real binary: the first 1 MB of the node executable', () => {
      const fd = openSync(process.execPath, 'r');
      const buf = Buffer.alloc(1 << 20);
      const n = readSync(fd, buf, 0, buf.length, 0);
      closeSync(fd);
      const { file, text } = bin('node-head.conf', buf.subarray(0, n));
      const o = analyze(file, text, new NodeHost());
      expectSound(o, DEGENERATE_MS);
      expect(codes(o.analysis), 'a binary file is recognisable as such').toHaveProperty('nul-byte');
    });

    it('1 MB of seeded random bytes', () => {
      const { file, text } = bin('random.conf', randomBytes(0xc0ffee, 1 << 20));
      const o = analyze(file, text, new NodeHost());
      expectSound(o, DEGENERATE_MS);
      expect(codes(o.analysis)).toHaveProperty('nul-byte');
    });

    it('1 MB of seeded random printable ASCII with braces (no NUL)', () => {
      const r = prng(7);
      const alphabet = ' \t\n{}{}"#!$@~\\abcdefghijklmnopqrstuvwxyz0123456789._/-=(),';
      const bytes = Buffer.alloc(1 << 20);
      for (let i = 0; i < bytes.length; i++) bytes[i] = alphabet.charCodeAt(r.int(alphabet.length));
      const { file, text } = bin('random-ascii.conf', bytes);
      expectSound(analyze(file, text, new NodeHost()), DEGENERATE_MS);
    });
  });
});

// -----------------------------------------------------------------------------------------------------------------
describe('2. fuzzing: never throws, terminates fast, sound ranges', () => {
  const KEYWORDS = allKeywordNames();
  /** Per input: generous for inputs of a few KB (they take a few ms). */
  const FUZZ_MS = 1000;
  const DIR = '/fz';
  const ROOT = `${DIR}/keepalived.conf`;
  const baseFiles = {
    [`${DIR}/a.conf`]: 'include b.conf\nvrrp_script chk {\n    script "/bin/true"\n}\n',
    [`${DIR}/b.conf`]: 'include a.conf\n$X=from_b\n',
    [`${DIR}/conf.d/one.conf`]: 'global_defs {\n    router_id $X\n}\n',
    [`${DIR}/conf.d/two.conf`]: '{\n',
    [`${DIR}/conf.d/three.conf`]: '}\n}\n',
  };

  const PIECES = [
    '{', '}', '{', '}', '"', '"', ' ', ' ', '\t', '\n', '\n', '\n', '\r\n', '\r', '#', '!', '\\', '\\\n', '$X=', '$Y=', '$X', '$Y', '${X}',
    '${Y 1 2}', '$X=$X $X', '$Y=${X}${Y}', '$X=\\', '@high ', '@^high ', '@', '~SEQ(i,1,3) ', '~SEQx(i, 0, 2, 6) ', '~SEQ(i)', '~SEQ(',
    '~LST(v, a, {b,c}, d) ', '~LST(v)', '$i', '${i}', 'include ', 'includew ', 'include a.conf', 'include conf.d/*.conf', 'include conf.d',
    'include keepalived.conf', 'includew none/*.x', '*', '?', '[', ']', '${_PWD}', '${_RANDOM 1 9}', '$_HASH', '${_ENV HOME}', '0', '1',
    '255', '-1', '99999999999999999999', '10.0.0.1', '10.0.0.1/24', 'fe80::1', 'eth0', 'MASTER', 'NAT', 'rr', '\\#', '\\!', '\0', '\v',
    '\f', '\x1b[0m', 'é', '€', '😀', '\uD800', '\uFEFF', '\u2028', '\u0301', '\uFFFD',
  ];

  function randomInput(seed: number): string {
    const r = prng(seed);
    const lines: string[] = [];
    const nLines = 1 + r.int(40);
    for (let l = 0; l < nLines; l++) {
      let line = ' '.repeat(r.int(4));
      const n = r.int(12);
      for (let k = 0; k < n; k++) {
        const x = r.next();
        if (x < 0.35) line += r.pick(KEYWORDS);
        else if (x < 0.9) line += r.pick(PIECES);
        else line += String.fromCodePoint(r.chance(0.5) ? r.int(0x80) : r.int(0x10ffff));
        if (r.chance(0.7)) line += ' ';
      }
      lines.push(line);
    }
    const eol = r.chance(0.1) ? '\r\n' : r.chance(0.05) ? '\r' : '\n';
    return lines.join(eol) + (r.chance(0.8) ? eol : '');
  }

  function run(text: string): Outcome {
    const host = new MemoryHost({ ...baseFiles, [ROOT]: text });
    return analyze(ROOT, text, host);
  }

  /** What kind of failure, stable across inputs (numbers dropped), so one minimal input is shown per kind. */
  function signature(o: Outcome): string | undefined {
    if (o.error) return `throws ${o.error.name}: ${o.error.message.slice(0, 80)}`;
    if (o.problems.length) return o.problems[0].replace(/\d+/g, '#').replace(/\{.*?\}\}/, '{…}');
    if (o.ms > FUZZ_MS) return 'slow';
    return undefined;
  }

  function fuzz(label: string, inputs: Iterable<{ seed: number; text: string }>): void {
    const failures = new Map<string, { seed: number; text: string; o: Outcome; count: number }>();
    let total = 0;
    for (const { seed, text } of inputs) {
      total++;
      const o = run(text);
      const sig = signature(o);
      if (!sig) continue;
      const f = failures.get(sig);
      if (f) f.count++;
      else failures.set(sig, { seed, text, o, count: 1 });
    }
    const report: string[] = [];
    for (const [sig, f] of failures) {
      const minimal = sig === 'slow' ? f.text : shrink(f.text, (s) => signature(run(s)) === sig);
      report.push(`${label}: ${f.count} input(s) fail with [${sig}]\n  first seed: ${f.seed}\n  minimal input: ${JSON.stringify(minimal)}`);
    }
    if (report.length) console.error(report.join('\n\n'));
    expect(report, `${failures.size} failure kind(s) in ${total} inputs`).toEqual([]);
  }

  it('the shrinker keeps what makes an input fail and drops the rest', () => {
    expect(shrink('global_defs {\n  router_id a\n}\nx {{ y\nvrrp_instance V {\n}\n', (t) => t.includes('{{'))).toBe('{{');
  });

  it('500 generated inputs (keywords, braces, quotes, $X=, ${X}, @id, ~SEQ, ~LST, include, comments, unicode, controls)', { timeout: 60_000 }, () => {
    function* gen(): Generator<{ seed: number; text: string }> {
      for (let seed = 1; seed <= 500; seed++) yield { seed, text: randomInput(seed) };
    }
    fuzz('generated', gen());
  });

  it.each(fixtureFiles().map((f) => ({ name: basename(f), file: f })))('mutations of $name (75 mutants)', { timeout: 60_000 }, ({ name, file }) => {
    const original = readFileSync(file, 'utf8');
    const base = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 17);
    function* gen(): Generator<{ seed: number; text: string }> {
      for (let k = 0; k < 75; k++) {
        const seed = base + k;
        const r = prng(seed);
        let chars = [...original];
        const ops = 1 + r.int(8);
        for (let o = 0; o < ops; o++) {
          const op = r.int(8);
          const i = r.int(chars.length + 1);
          const j = r.int(chars.length + 1);
          if (op === 0) chars.splice(i, 1 + r.int(3));
          else if (op === 1) chars.splice(i, 0, ...chars.slice(i, i + 1 + r.int(20)));
          else if (op === 2 && i < chars.length && j < chars.length) [chars[i], chars[j]] = [chars[j], chars[i]];
          else if (op === 3) chars.splice(i, 0, r.pick(['{', '}', '"', '#', '!', '\\', '$', '\0', '\r', '~SEQ(i,1,2) ', '$X=$X $X\n', 'include a.conf\n']));
          else {
            const lines = chars.join('').split('\n');
            const a = r.int(lines.length);
            const b = r.int(lines.length);
            if (op === 4) lines.splice(a, 1);
            else if (op === 5) lines.splice(a, 0, ...lines.slice(a, a + 1 + r.int(5)));
            else if (op === 6) [lines[a], lines[b]] = [lines[b], lines[a]];
            else lines.splice(a, 0, lines[b]);
            chars = [...lines.join('\n')];
          }
        }
        yield { seed, text: chars.join('') };
      }
    }
    fuzz(`mutations of ${name}`, gen());
  });
});

// -----------------------------------------------------------------------------------------------------------------
describe('3. expansion bombs: bounded time and an expansion-limit diagnostic', () => {
  const host = new MemoryHost();
  const ROOT = '/mem/keepalived.conf';
  const bombs: { name: string; text: string }[] = [
    { name: '$A=$A $A (doubling self-reference)', text: '$A=$A $A\nglobal_defs {\n    router_id $A\n}\n' },
    { name: '${A} doubling with braces', text: '$A=${A}${A}\nglobal_defs {\n    router_id ${A}\n}\n' },
    { name: 'mutually recursive definitions', text: '$A=$B x\n$B=$A y\nglobal_defs {\n    router_id $A\n}\n' },
    { name: 'three-way recursion', text: '$A=$B$C\n$B=$C$A\n$C=$A$B\nglobal_defs {\n    router_id ${A}\n}\n' },
    { name: '~SEQ(i, 1, 10000000)', text: 'global_defs {\n~SEQ(i, 1, 10000000) router_id r$i\n}\n' },
    { name: 'nested ~SEQ (10,000 × 10,000)', text: 'global_defs {\n~SEQ(i, 1, 10000) ~SEQ(j, 1, 10000) router_id r${i}_$j\n}\n' },
    { name: 'nested ~SEQ through a definition', text: '$L=~SEQ(j, 1, 10000) router_id r${i}_$j\nglobal_defs {\n~SEQ(i, 1, 10000) $L\n}\n' },
    { name: '~SEQ stepping past 2^53 (x += 1 stops changing)', text: 'global_defs {\n~SEQ(i, 9007199254740990, 1, 9007199254740999) router_id r$i\n}\n' },
    { name: '~LST of ~SEQ', text: 'global_defs {\n~LST(a, 1, 2, 3) ~SEQ(i, 1, 10000000) router_id r${a}_$i\n}\n' },
    { name: 'multi-line definition whose last line uses itself', text: '$A=\\\nx\\\n$A\nglobal_defs {\n$A\n}\n' },
    { name: 'multi-line definition of itself only', text: '$A=\\\n$A\\\n$A\n$A\n' },
  ];

  it.each(bombs)('$name', { timeout: 30_000 }, ({ text }) => {
    const o = analyze(ROOT, text, host);
    console.info(`expansion bomb ${JSON.stringify(text.slice(0, 60))}: ${o.ms.toFixed(0)} ms, ${o.analysis?.diagnostics.length ?? 'n/a'} diagnostics`);
    expectSound(o, BOMB_MS, text);
    expect(codes(o.analysis)).toHaveProperty('expansion-limit');
  });

  it('one expansion-limit diagnostic per runaway line, not one per substitution round', () => {
    const o = analyze(ROOT, '$A=$A $A\nglobal_defs {\n    router_id $A\n}\n', host);
    expectSound(o, BOMB_MS);
    const limits = o.analysis!.diagnostics.filter((d) => d.code === 'expansion-limit');
    const keys = limits.map((d) => `${d.file}:${JSON.stringify(d.range)}:${d.message}`);
    expect(new Set(keys).size, 'identical diagnostics').toBe(keys.length);
    expect(limits).toHaveLength(1);
  });

  it('a huge ~SEQ says how much was analysed, once', { timeout: 30_000 }, () => {
    const o = analyze(ROOT, 'global_defs {\n~SEQ(i, 1, 10000000) router_id r$i\n}\n', host);
    expectSound(o, BOMB_MS);
    expect(o.analysis!.diagnostics.filter((d) => d.code === 'expansion-limit')).toHaveLength(1);
  });
});

// -----------------------------------------------------------------------------------------------------------------
describe('4. include edge cases (NodeHost on a temp folder)', () => {
  let dir: string;
  const host = new NodeHost();
  const write = (name: string, text: string): string => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  const analyzeFile = (name: string, text: string): Outcome => analyze(write(name, text), text, host);

  beforeAll(() => {
    dir = join(tmp, 'inc');
    mkdirSync(join(dir, 'conf.d'), { recursive: true });
    mkdirSync(join(dir, 'many'), { recursive: true });
    writeFileSync(join(dir, 'conf.d', 'x.conf'), 'global_defs {\n}\n');
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, 'many', `vs${String(i).padStart(4, '0')}.conf`), `virtual_server 10.0.${i >> 8}.${i & 255} 80 {\n    lb_algo rr\n}\n`);
    write('a.conf', 'include b.conf\n');
    write('b.conf', 'include a.conf\n');
    write('exec.conf', 'global_defs {\n}\n');
    chmodSync(join(dir, 'exec.conf'), 0o755);
    execFileSync('mkfifo', [join(dir, 'fifo.conf')]);
    // Sparse: 65 MB on paper, nothing on disk. Above the host's 64 MB limit.
    writeFileSync(join(dir, 'huge.conf'), '');
    truncateSync(join(dir, 'huge.conf'), 65 * 1024 * 1024);
  });

  it('include of itself → include-cycle', () => {
    const o = analyzeFile('self.conf', 'global_defs {\n}\ninclude self.conf\n');
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)).toHaveProperty('include-cycle');
  });

  it('a → b → a → include-cycle', () => {
    const text = readFileSync(join(dir, 'a.conf'), 'utf8');
    const o = analyze(join(dir, 'a.conf'), text, host);
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)).toHaveProperty('include-cycle');
    expect(o.analysis!.config.files.map((f) => basename(f))).toEqual(['a.conf', 'b.conf']);
  });

  it('include of a directory → include-not-file', () => {
    const o = analyzeFile('dir.conf', 'include conf.d\ninclude conf.d/\n');
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)['include-not-file']).toBe(2);
  });

  it('include of an executable file → include-not-file', () => {
    const o = analyzeFile('exe-root.conf', 'include exec.conf\n');
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)).toHaveProperty('include-not-file');
    expect(o.analysis!.config.files).toHaveLength(1);
  });

  it('a glob matching 3,000 files → include-limit, bounded (< 5 s)', { timeout: 30_000 }, () => {
    const o = analyzeFile('many.conf', 'include many/*.conf\n');
    console.info(`glob of 3,000 files: ${o.ms.toFixed(0)} ms, ${o.analysis?.config.files.length} files read`);
    expectSound(o, 10_000);
    expect(codes(o.analysis)).toHaveProperty('include-limit');
    expect(o.analysis!.config.files.length).toBeLessThanOrEqual(1001);
  });

  it('the same 3,000-file glob three times stays bounded', { timeout: 30_000 }, () => {
    const o = analyzeFile('many3.conf', 'include many/*.conf\ninclude many/*.conf\ninclude many/vs1*.conf\n');
    expectSound(o, 10_000);
    expect(codes(o.analysis)).toHaveProperty('include-limit');
  });

  it('a chain of 40 includes → include-limit at depth 32, bounded', () => {
    for (let i = 0; i < 40; i++) write(`chain${i}.conf`, i < 39 ? `include chain${i + 1}.conf\n` : 'global_defs {\n}\n');
    const o = analyze(join(dir, 'chain0.conf'), readFileSync(join(dir, 'chain0.conf'), 'utf8'), host);
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)).toHaveProperty('include-limit');
    expect(o.analysis!.config.files.length).toBeLessThanOrEqual(33);
  });

  // Every file of a conf.d including `*.conf` (a common layout mistake): the include stack stops cycles, but every
  // simple path through the files is walked, so the work grows as (n-1)!: measured 7 files 0.7 s, 8 files 1.6 s
  // (13,699 reads, 95,901 include-cycle diagnostics), 9 files 7.3 s (109,600 reads, 876,809 diagnostics).
  // Run in a child process: 12 files would block the worker for hours.
  it('12 files that each `include *.conf` → bounded (< 5 s), a bounded number of include-cycle diagnostics', { timeout: 30_000 }, () => {
    mkdirSync(join(dir, 'mesh'), { recursive: true });
    for (let i = 0; i < 12; i++) writeFileSync(join(dir, 'mesh', `f${String(i).padStart(2, '0')}.conf`), 'include *.conf\nglobal_defs {\n}\n');
    const r = runNode(bundles().analyze, [join(dir, 'mesh', 'f00.conf')], { timeoutMs: 5_000, memoryKb: 4_000_000 });
    const how = r.timedOut ? `still analysing after ${r.ms.toFixed(0)} ms` : `exit ${r.status} signal ${r.signal}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`;
    expect(r.timedOut, how).toBe(false);
    expect(r.status, how).toBe(0);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    expect(out.diagnostics.map((d) => d.code)).toContain('include-cycle');
    expect(out.diagnostics.length, 'one cycle report per include line is plenty').toBeLessThanOrEqual(12 * 12);
  });

  describe('globs with `**` and symlink loops', () => {
    let gs: string;
    beforeAll(() => {
      gs = join(dir, 'gs');
      mkdirSync(join(gs, 'one'), { recursive: true });
      mkdirSync(join(gs, 'a', 'b', 'c'), { recursive: true });
      writeFileSync(join(gs, 'one', 'x.conf'), 'global_defs {\n}\n');
      writeFileSync(join(gs, 'a', 'b', 'c', 'deep.conf'), 'global_defs {\n}\n');
    });

    it('`include **/*.conf` matches as keepalived\'s glob(3) does: `**` is `*` (one level), not a recursive globstar', () => {
      const root = join(gs, 'root.conf');
      const o = analyze(root, 'include **/*.conf\n', host);
      expectSound(o, DEGENERATE_MS);
      expect(o.analysis!.config.files.map((f) => f.slice(gs.length + 1))).toEqual(['root.conf', 'one/x.conf']);
    });

    // Child processes: with the root on disk, every `**` walk through the loop finds the root again under a new
    // path (l1/root.conf, l1/l1/root.conf, …), which includes `**/*.conf` again: this ran the test worker out of
    // memory in process.
    it('a symlink to its own folder: bounded (< 5 s), each file read once, not once per path (l1/l1/…/x.conf)', { timeout: 30_000 }, () => {
      const loop = join(dir, 'gs-loop1');
      mkdirSync(join(loop, 'one'), { recursive: true });
      writeFileSync(join(loop, 'one', 'x.conf'), 'global_defs {\n}\n');
      symlinkSync('.', join(loop, 'l1'));
      const root = join(loop, 'root.conf');
      writeFileSync(root, 'include **/*.conf\n');
      const r = runNode(bundles().analyze, [root], { timeoutMs: 5_000, memoryKb: 4_000_000 });
      const how = r.timedOut ? `still analysing after ${r.ms.toFixed(0)} ms` : `exit ${r.status} signal ${r.signal}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`;
      expect(r.timedOut, how).toBe(false);
      expect(r.status, how).toBe(0);
      const files = (JSON.parse(r.stdout) as { files: string[] }).files;
      expect(files.length, files.slice(0, 4).join('\n')).toBe(new Set(files.map((f) => realpathSync(f))).size);
    });

    // Run in a child process: with two such symlinks the walk is 2^40 paths long.
    it('two symlinks to their own folder and `include **/*.conf` → bounded (< 5 s)', { timeout: 30_000 }, () => {
      const loop = join(dir, 'gs-loop2');
      mkdirSync(join(loop, 'one'), { recursive: true });
      writeFileSync(join(loop, 'one', 'x.conf'), 'global_defs {\n}\n');
      symlinkSync('.', join(loop, 'l1'));
      symlinkSync('.', join(loop, 'l2'));
      const root = join(loop, 'root.conf');
      writeFileSync(root, 'include **/*.conf\n');
      const r = runNode(bundles().analyze, [root], { timeoutMs: 5_000, memoryKb: 4_000_000 });
      const how = r.timedOut ? `still globbing after ${r.ms.toFixed(0)} ms` : `exit ${r.status} signal ${r.signal}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`;
      expect(r.timedOut, how).toBe(false);
      expect(r.status, how).toBe(0);
    });
  });

  it('include of a missing file → include-missing', () => {
    const o = analyzeFile('missing.conf', 'include does-not-exist.conf\n');
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)).toHaveProperty('include-missing');
  });

  it('includew with a glob matching nothing → include-no-match', () => {
    const o = analyzeFile('includew.conf', 'includew nothing-here/*.conf\n');
    expectSound(o, DEGENERATE_MS);
    expect(codes(o.analysis)).toHaveProperty('include-no-match');
  });

  it('include of a file above the 64 MB limit → clearly refused (include-not-file, "too-large")', () => {
    const o = analyzeFile('huge-root.conf', 'include huge.conf\n');
    expectSound(o, DEGENERATE_MS);
    const d = o.analysis!.diagnostics.find((x) => x.code === 'include-not-file');
    expect(d?.message).toMatch(/too-large/);
  });

  // These two run in a child process: a read that never returns cannot be interrupted inside the test worker.
  it('include of a FIFO does not hang (child process, killed after 5 s)', { timeout: 30_000 }, () => {
    const root = write('fifo-root.conf', 'include fifo.conf\nglobal_defs {\n}\n');
    const r = runNode(bundles().analyze, [root], { timeoutMs: 5_000 });
    expect(r.timedOut, `analysis of \`include fifo.conf\` (a FIFO nobody writes to) still blocked after ${r.ms.toFixed(0)} ms: NodeHost.readFile reads it with readFileSync`).toBe(false);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    expect(out.diagnostics.map((d) => d.code)).toContain('include-not-file');
  });

  it('include of /dev/zero is refused, without reading it forever (child process: 5 s, 3 GB cap)', { timeout: 30_000 }, () => {
    const root = write('zero-root.conf', 'include /dev/zero\nglobal_defs {\n}\n');
    const r = runNode(bundles().analyze, [root], { timeoutMs: 5_000, memoryKb: 3_000_000 });
    const how = r.timedOut ? `still reading after ${r.ms.toFixed(0)} ms` : `exit ${r.status} signal ${r.signal}: ${r.stderr.split('\n').slice(0, 3).join(' | ')}`;
    expect(r.timedOut, how).toBe(false);
    expect(r.status, how).toBe(0);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string }[] };
    expect(out.diagnostics.map((d) => d.code)).toContain('include-not-file');
  });
});

// -----------------------------------------------------------------------------------------------------------------
describe('5. a rule that throws', () => {
  const host = new MemoryHost();
  const ROOT = '/mem/keepalived.conf';
  const TEXT = 'global_defs {\n    router_id lb1\n    bogus_keyword 1\n}\nanother_bogus {\n}\n';
  const real = RULES_BY_ID.get('unknown-keyword')!;
  const throwing = (id: string, value: () => unknown): Rule => ({
    id,
    category: 'internal',
    defaultSeverity: 'error',
    fix: 'none',
    docs: { summary: 'throws', rationale: 'test', invalid: '', valid: '' },
    check() {
      throw value();
    },
  });

  const alone = runRules([real], parseConfig(ROOT, TEXT, host), {});

  it('the real rule finds something on its own (sanity)', () => {
    expect(alone.length).toBeGreaterThan(0);
  });

  it.each([
    { what: 'an Error', value: () => new Error('boom') },
    { what: 'a TypeError from a bad property access', value: () => (undefined as unknown as { x: number }).x },
    { what: 'a string', value: () => 'boom' },
    { what: 'undefined', value: () => undefined },
    { what: 'null', value: () => null },
    { what: 'a number', value: () => 42 },
    { what: 'an object without prototype', value: () => Object.create(null) },
    { what: 'an object whose toString throws', value: () => ({ toString: () => { throw new Error('nope'); } }) },
    { what: 'an Error whose message getter throws', value: () => Object.defineProperty(new Error(), 'message', { get: () => { throw new Error('nope'); } }) },
  ])('throwing $what → exactly one internal-error naming the rule; the real rule still runs', ({ value }) => {
    const config = parseConfig(ROOT, TEXT, host);
    const id = 'test-throwing-rule';
    let out: ReturnType<typeof runRules> | undefined;
    let escaped: unknown;
    try {
      out = runRules([throwing(id, value), real, throwing(`${id}-2`, value)], config, {});
    } catch (e) {
      escaped = e;
    }
    expect(escaped, `runRules itself threw: ${String((escaped as Error)?.message ?? '')}`).toBeUndefined();
    const internal = out!.filter((d) => d.code === INTERNAL_ERROR);
    expect(internal).toHaveLength(2);
    expect(internal[0].message).toContain(id);
    expect(internal[1].message).toContain(`${id}-2`);
    expect(internal.every((d) => d.severity === 'error')).toBe(true);
    expect(out!.filter((d) => d.code !== INTERNAL_ERROR)).toEqual(alone);
    expect(internal.every((d) => d.file === ROOT)).toBe(true);
  });

  it('a rule that throws after reporting still gives one internal-error, and the run goes on', () => {
    const config = parseConfig(ROOT, TEXT, host);
    const half: Rule = {
      ...throwing('test-half-rule', () => new Error('late')),
      check(ctx) {
        ctx.report({ at: { file: ROOT, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }, message: 'partial' });
        throw new Error('late');
      },
    };
    const out = runRules([half, real], config, {});
    expect(out.filter((d) => d.code === INTERNAL_ERROR)).toHaveLength(1);
    expect(out.filter((d) => d.code === real.id)).toEqual(alone);
  });

  it('a rule turned off is not run, so it cannot fail', () => {
    const out = runRules([throwing('test-off-rule', () => new Error('x')), real], parseConfig(ROOT, TEXT, host), { rules: { 'test-off-rule': 'off' } });
    expect(out).toEqual(alone);
  });
});

// -----------------------------------------------------------------------------------------------------------------
describe('6. CLI (bundled from the current sources, as dist/cli.js is)', () => {
  const STACK = /\n\s+at .+[(:]\d+/;
  let cli: string;
  let bins: string;
  beforeAll(() => {
    cli = bundles().cli;
    bins = join(tmp, 'binaries');
    mkdirSync(bins, { recursive: true });
    writeFileSync(join(bins, 'keepalived.conf'), randomBytes(1, 200_000));
    writeFileSync(join(bins, 'random.conf'), randomBytes(2, 300_000));
    writeFileSync(join(bins, 'noext'), randomBytes(3, 100_000));
    const fd = openSync(process.execPath, 'r');
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    closeSync(fd);
    writeFileSync(join(bins, 'node-head.conf'), buf.subarray(0, n));
    copyFileSync(process.execPath, join(bins, 'nodebinary'));
  }, 30_000);

  it('no arguments → exit 2, a short message on stderr, no stack trace', () => {
    const r = runNode(cli, [], { timeoutMs: 5_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toMatch(STACK);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^lvs-lint: /);
    // The brief asks for one line; the CLI adds its usage line ("Usage: lvs-lint [options] PATH...").
    expect(lines.length).toBeLessThanOrEqual(2);
  });

  it('a missing path → exit 2, naming it', () => {
    const r = runNode(cli, [join(tmp, 'nope.conf')], { timeoutMs: 5_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('nope.conf');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('--format bogus → exit 2', () => {
    const r = runNode(cli, ['--format', 'bogus', join(tmp, 'nope.conf')], { timeoutMs: 5_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bogus/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it.each(['text', 'json', 'sarif'])('a folder of binary files (--format %s) → exit 0 or 1, no crash', { timeout: 30_000 }, (format) => {
    const r = runNode(cli, ['--format', format, bins], { timeoutMs: 20_000 });
    expect(r.timedOut).toBe(false);
    expect([0, 1], r.stderr).toContain(r.status);
    expect(r.stderr).toBe('');
    if (format !== 'text') JSON.parse(r.stdout);
  });

  it('a file above 64 MB → refused with a clear message, exit 1', () => {
    const big = join(tmp, 'huge-cli.conf');
    writeFileSync(big, '');
    truncateSync(big, 65 * 1024 * 1024);
    const r = runNode(cli, [big], { timeoutMs: 5_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/too-large/);
    expect(r.stderr).toBe('');
  });

  it('a FIFO operand → exit 2 with a message that does not claim it does not exist', () => {
    const fifo = join(tmp, 'operand.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = runNode(cli, [fifo], { timeoutMs: 5_000 });
    expect(r.timedOut).toBe(false);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(/no such file/i);
  });

  it('output into a pipe closed early (| head -c 100) → no EPIPE stack trace', { timeout: 30_000 }, () => {
    const r = runNode(cli, ['--format', 'json', bins], { timeoutMs: 20_000, shellPipe: 'head -c 100 >/dev/null' });
    expect(r.timedOut).toBe(false);
    expect(r.stderr, 'stderr of `lvs-lint --format json DIR | head -c 100`').not.toMatch(/EPIPE|Unhandled 'error' event/);
    expect(r.stderr).not.toMatch(STACK);
  });
});
