/**
 * Formatting (server/src/core/editor/format.ts): layout cases, and on every keepalived file of the rule fixtures,
 * keepalived's samples and the wild corpus: the formatted files read the same (statement tree: block paths,
 * keywords, argument texts; the same diagnostics but the layout ones), and formatting again changes nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfig } from '../../server/src/core/analysis';
import { detectKind } from '../../server/src/core/detect';
import { applyEdits, formatKeepalived, type FormatOptions } from '../../server/src/core/editor/format';
import { NodeHost } from '../../server/src/core/host';
import type { Statement } from '../../server/src/core/keepalived/index';
import { filesUnder, REPO } from '../helpers/fixtures';
import { findKeepalived, pool, runConfigTest, type RunResult } from '../helpers/keepalived';
import { prng } from '../robustness/support';

const SPACES: FormatOptions = { tabSize: 4, insertSpaces: true };
const TABS: FormatOptions = { tabSize: 4, insertSpaces: false };

function fmt(text: string, options: FormatOptions = SPACES): string {
  return applyEdits(text, formatKeepalived(text, options));
}

describe('format: layout', () => {
  it('indents one level per block with spaces or tabs', () => {
    const src = 'vrrp_instance VI_1 {\nstate MASTER\n  virtual_ipaddress {\n10.0.0.1/24\n}\n}\n';
    expect(fmt(src)).toBe('vrrp_instance VI_1 {\n    state MASTER\n    virtual_ipaddress {\n        10.0.0.1/24\n    }\n}\n');
    expect(fmt(src, TABS)).toBe('vrrp_instance VI_1 {\n\tstate MASTER\n\tvirtual_ipaddress {\n\t\t10.0.0.1/24\n\t}\n}\n');
    expect(fmt(src, { tabSize: 2, insertSpaces: true })).toBe('vrrp_instance VI_1 {\n  state MASTER\n  virtual_ipaddress {\n    10.0.0.1/24\n  }\n}\n');
  });

  it('splits one-line keyword blocks at their braces, keeps value blocks on one line', () => {
    expect(fmt('global_defs { router_id lb1 }\n')).toBe('global_defs {\n    router_id lb1\n}\n');
    expect(fmt('vrrp_instance VI_1 { state MASTER\n track_script { chk_a }\n virtual_ipaddress { 10.0.0.1 } }\n')).toBe(
      'vrrp_instance VI_1 {\n    state MASTER\n    track_script { chk_a }\n    virtual_ipaddress { 10.0.0.1 }\n}\n',
    );
    expect(fmt('virtual_server 10.0.0.1 80 { real_server 10.0.1.1 80 { weight 1 } } # web\n')).toBe(
      'virtual_server 10.0.0.1 80 {\n    real_server 10.0.1.1 80 {\n        weight 1\n    }\n} # web\n',
    );
    expect(fmt('} vrrp_script chk{\n')).toBe('}\nvrrp_script chk {\n');
    // An empty block stays on one line.
    expect(fmt('real_server 10.0.0.1 80 { MISC_CHECK{} weight 1 }\n')).toBe('real_server 10.0.0.1 80 {\n    MISC_CHECK {}\n    weight 1\n}\n');
    expect(fmt('global_defs {\n  notification_email {  }\n}\n')).toBe('global_defs {\n    notification_email {}\n}\n');
  });

  it('one space before a line-ending {, a { on its own line stays', () => {
    expect(fmt('vrrp_script chk{\nscript "/bin/true"\n}\n')).toBe('vrrp_script chk {\n    script "/bin/true"\n}\n');
    expect(fmt('vrrp_script chk\n{\nscript x\n}\n')).toBe('vrrp_script chk\n{\n    script x\n}\n');
  });

  it('keeps comments, trims trailing blanks, collapses blank lines, ends with one newline', () => {
    expect(fmt('# head\n\n\n\nglobal_defs {   \n  # inside  \n\n\n  router_id x ! why\n}\n\n\n')).toBe(
      '# head\n\nglobal_defs {\n    # inside\n\n    router_id x ! why\n}\n',
    );
    expect(fmt('global_defs {\n}')).toBe('global_defs {\n}\n');
    expect(fmt('a\n  ')).toBe('a\n');
    expect(fmt('')).toBe('');
  });

  it('keeps CRLF line ends', () => {
    expect(fmt('global_defs { router_id x }\r\nvrrp_script c {\r\nscript y\r\n}')).toBe('global_defs {\r\n    router_id x\r\n}\r\nvrrp_script c {\r\n    script y\r\n}\r\n');
  });

  it('leaves what keepalived could read differently alone (indentation only)', () => {
    // Quotes, `$` (substitution runs before brace splitting), @id (applies to the whole line), ~SEQ, include.
    const kept = [
      'vrrp_script c { script "/bin/a {x}" }',
      'virtual_server $VIP 80 { delay_loop 6 }',
      '@lb1 global_defs { router_id lb1 }',
      '~SEQ(i,1,3) real_server 10.0.0.$i 80 { weight 1 }',
      'include a.conf',
      // Text after a brace is read as words of the same line: on a line of its own it would be a conditional,
      // a ~SEQ or an include.
      'global_defs { router_id x } @lb1 vrrp_script c {',
      '} ~SEQ(i,1,2) x',
      '} include b.conf',
    ];
    for (const k of kept) expect(fmt('  ' + k + '\n')).toBe(k + '\n');
    // $NAME= definitions: the line is re-indented, continuation lines are left exactly as they are.
    const def = 'global_defs {\n    $BODY=a \\\n  b  \\\n\tc\n    router_id x\n}\n';
    expect(fmt('global_defs {\n $BODY=a \\\n  b  \\\n\tc\nrouter_id x\n}\n')).toBe(def);
    // An unterminated quote: indentation only.
    expect(fmt('global_defs {\nrouter_id "x { y  \n}\n')).toBe('global_defs {\n    router_id "x { y  \n}\n');
    // The statement after a disable-next-line comment keeps its line.
    expect(fmt('# lvs-config-disable-next-line unknown-keyword\nfoo { bar }\n')).toBe('# lvs-config-disable-next-line unknown-keyword\nfoo { bar }\n');
  });

  it('leaves long lines, NUL lines and lone-CR files alone', () => {
    const long = 'global_defs {\n' + '  router_id ' + 'x'.repeat(1100) + '  \n}\n';
    expect(fmt(long)).toBe(long);
    const nearly = 'global_defs {\n' + 'router_id ' + 'x'.repeat(1010) + '\n}\n';
    expect(fmt(nearly)).toBe(nearly); // re-indented it would pass 1023 bytes
    const nul = 'global_defs {\n router_id a\0b }\n}\n';
    expect(fmt(nul)).toBe('global_defs {\n router_id a\0b }\n}\n');
    expect(formatKeepalived('global_defs {\rrouter_id x\r}\n', SPACES)).toEqual([]);
  });

  it('makes per-line edits: indentation and trailing blanks apart, cursors in the text stay', () => {
    const edits = formatKeepalived('global_defs {\n  router_id x   \n}\n', SPACES);
    expect(edits).toEqual([
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, newText: '    ' },
      { range: { start: { line: 1, character: 13 }, end: { line: 1, character: 16 } }, newText: '' },
    ]);
  });

  it('formats a range only (depth from the whole file)', () => {
    const src = 'global_defs {\nrouter_id a\nrouter_id b\nrouter_id c\n}\n';
    const edits = formatKeepalived(src, SPACES, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    expect(applyEdits(src, edits)).toBe('global_defs {\nrouter_id a\n    router_id b\nrouter_id c\n}\n');
  });

  it('is idempotent on messy input', () => {
    const messy = '\n\n global_defs{router_id x}vrrp_instance V{state MASTER\n\n\n virtual_ipaddress{\n10.0.0.1\n10.0.0.2 }\n } }\n\n';
    const once = fmt(messy);
    expect(fmt(once)).toBe(once);
    expect(once).toBe('\nglobal_defs {\n    router_id x\n}\nvrrp_instance V {\n    state MASTER\n\n    virtual_ipaddress {\n        10.0.0.1\n        10.0.0.2 }\n}\n}\n');
  });
});

// ---- Meaning is kept: every keepalived file of the fixtures and corpora ----

const LAYOUT = new Set(['line-too-long']);

interface Shape {
  tree: string[];
  diagnostics: string[];
}

function depthOf(s: Statement): number {
  let d = 0;
  for (let p = s.parent; p; p = p.parent) d++;
  return d;
}

function shapeOf(root: string, texts: Map<string, string>): Shape {
  const host = new NodeHost((f) => texts.get(f));
  const a = analyzeConfig(root, texts.get(root) ?? readFileSync(root, 'utf8'), host, {});
  const tree = a.config.all.map(
    (s) =>
      `${relative(REPO, s.keyword.file)} ${'  '.repeat(depthOf(s))}${s.path ?? '?'}${s.valueBlock ? `[${s.valueBlock.name}]` : ''} ${s.keyword.text} ${s.args.map((w) => (w.quoted ? JSON.stringify(w.text) : w.text)).join(' ')}${s.block ? ' {' + (s.block.close ? '}' : '') : ''}`,
  );
  const diagnostics = a.diagnostics
    .filter((d) => !LAYOUT.has(String(d.code)))
    .map((d) => `${relative(REPO, d.file)} ${d.severity} ${d.code} ${d.message.replace(/\b(line|Line) \d+/g, 'line N').replace(/:\d+(:\d+)?\b/g, ':N')}`)
    .sort();
  return { tree, diagnostics };
}

function keepalivedFiles(dir: string): string[] {
  return filesUnder(dir).filter((f) => {
    try {
      return detectKind(f, readFileSync(f, 'utf8')) === 'keepalived';
    } catch {
      return false;
    }
  });
}

const CORPORA = ['test/fixtures/rules', 'test/corpus/keepalived', 'test/corpus/wild'];

describe('format: meaning and idempotence', () => {
  for (const corpus of CORPORA) {
    const files = keepalivedFiles(join(REPO, corpus));
    it(`${corpus}: ${files.length} files read the same after formatting`, () => {
      expect(files.length).toBeGreaterThan(5);
      const failures: string[] = [];
      for (const file of files) {
        const original = new Map<string, string>();
        const first = analyzeConfig(file, readFileSync(file, 'utf8'), new NodeHost(), {});
        for (const [f, t] of first.config.texts) original.set(f, t);
        const before = shapeOf(file, original);
        const formatted = new Map<string, string>();
        for (const options of [SPACES, TABS]) {
          for (const [f, t] of original) formatted.set(f, applyEdits(t, formatKeepalived(t, options)));
          const after = shapeOf(file, formatted);
          const name = relative(REPO, file) + (options.insertSpaces ? '' : ' (tabs)');
          if (JSON.stringify(after.tree) !== JSON.stringify(before.tree)) {
            const i = before.tree.findIndex((x, k) => x !== after.tree[k]);
            failures.push(`${name}: statement ${i}: ${before.tree[i]} → ${after.tree[i]}`);
          }
          if (JSON.stringify(after.diagnostics) !== JSON.stringify(before.diagnostics)) {
            const lost = before.diagnostics.filter((d) => !after.diagnostics.includes(d));
            const gained = after.diagnostics.filter((d) => !before.diagnostics.includes(d));
            failures.push(`${name}: diagnostics differ: lost ${JSON.stringify(lost)} gained ${JSON.stringify(gained)}`);
          }
          for (const [f, t] of formatted) {
            const again = formatKeepalived(t, options);
            if (again.length) failures.push(`${relative(REPO, f)}: not idempotent: ${JSON.stringify(again.slice(0, 3))}`);
          }
        }
      }
      expect(failures).toEqual([]);
    }, 120_000);
  }
});

// ---- keepalived's verdict is kept (oracle; skipped without keepalived) ----

const BIN = findKeepalived();

describe.skipIf(!BIN)('format: keepalived --config-test on the formatted samples and wild configs', () => {
  it('accepts a formatted file exactly when it accepted the original, with the same messages', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvs-format-'));
    try {
      // Each file alone in a folder (includes are missing alike for both copies).
      const samples = [...keepalivedFiles(join(REPO, 'test/corpus/keepalived')), ...keepalivedFiles(join(REPO, 'test/corpus/wild'))];
      const cases = samples.map((file, i) => {
        const text = readFileSync(file, 'utf8');
        const formatted = applyEdits(text, formatKeepalived(text, i % 2 ? TABS : SPACES));
        const sub = join(dir, String(i));
        mkdirSync(join(sub, 'orig'), { recursive: true });
        mkdirSync(join(sub, 'fmt'), { recursive: true });
        writeFileSync(join(sub, 'orig', basename(file)), text);
        writeFileSync(join(sub, 'fmt', basename(file)), formatted);
        return { file, changed: formatted !== text, orig: join(sub, 'orig', basename(file)), fmt: join(sub, 'fmt', basename(file)) };
      });
      expect(cases.filter((c) => c.changed).length).toBeGreaterThan(50);
      const verdict = (r: RunResult): string => JSON.stringify({ rc: r.rc, messages: r.messages.map((m) => m.text.replace(/\/(orig|fmt)\//g, '/COPY/')).sort() });
      const results = await pool(cases, 2, async (c) => ({ c, a: await runConfigTest(BIN!, c.orig), b: await runConfigTest(BIN!, c.fmt) }));
      // Both kinds of verdict are compared: accepted files and files keepalived complains about.
      expect(results.filter(({ a }) => a.rc === 0).length).toBeGreaterThan(5);
      expect(results.filter(({ a }) => a.rc !== 0 && a.messages.length > 0).length).toBeGreaterThan(3);
      const diffs = results.filter(({ a, b }) => verdict(a) !== verdict(b)).map(({ c, a, b }) => `${relative(REPO, c.file)}: ${verdict(a)} → ${verdict(b)}`);
      expect(diffs).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

// ---- Meaning is kept on mangled input (seeded random edits of the samples) ----

const INSERTS = ['{', '}', ' { ', ' } ', '"', ' "x { y" ', '\\', ' #c', '!c', ' $V ', '${V}', '\n@lb1 ', '\n@^lb1 ', '\n~SEQ(i,1,2) ', '\ninclude x.conf\n', '\t', '\r', '\0', 'é', '\n$V=1 \\\n', '\n$W=a\n', ' \\# ', '{}', '}{'];

function mangle(text: string, r: ReturnType<typeof prng>): string {
  const lines = text.split('\n');
  const edits = 1 + r.int(12);
  for (let e = 0; e < edits; e++) {
    const l = r.int(lines.length);
    switch (r.int(6)) {
      case 0:
        if (l + 1 < lines.length) lines.splice(l, 2, lines[l] + ' ' + lines[l + 1]);
        break;
      case 1:
        lines.splice(l, 0, '', r.chance(0.5) ? '   ' : '', '');
        break;
      case 2:
        lines[l] = r.pick(['', ' ', '  ', '\t', ' \t ', '        ']) + lines[l] + r.pick(['', ' ', '\t ', '   ']);
        break;
      case 3:
        lines.splice(l, 1);
        break;
      default: {
        const line = lines[l];
        const at = r.int(line.length + 1);
        const ins = r.pick(INSERTS);
        lines[l] = line.slice(0, at) + ins + line.slice(at);
      }
    }
  }
  return lines.join('\n');
}

describe('format: meaning kept on mangled samples', () => {
  it('re-reads 400 seeded random mangles of the samples the same after formatting, idempotently', () => {
    const samples = keepalivedFiles(join(REPO, 'test/corpus/keepalived')).map((f) => readFileSync(f, 'utf8'));
    const r = prng(20261125);
    const failures: string[] = [];
    const root = join(tmpdir(), 'lvs-format-fuzz', 'keepalived.conf');
    for (let i = 0; i < 400 && failures.length < 5; i++) {
      const text = mangle(r.pick(samples), r);
      const options = r.chance(0.5) ? SPACES : TABS;
      const formatted = applyEdits(text, formatKeepalived(text, options));
      const before = shapeOf(root, new Map([[root, text]]));
      const after = shapeOf(root, new Map([[root, formatted]]));
      const again = formatKeepalived(formatted, options);
      if (JSON.stringify(before) !== JSON.stringify(after) || again.length) {
        const k = before.tree.findIndex((x, j) => x !== after.tree[j]);
        failures.push(
          `case ${i}: ${k >= 0 ? `statement ${k}: ${before.tree[k]} → ${after.tree[k]}` : ''} ${JSON.stringify(before.diagnostics.filter((d) => !after.diagnostics.includes(d)))} ${JSON.stringify(after.diagnostics.filter((d) => !before.diagnostics.includes(d)))} again: ${JSON.stringify(again.slice(0, 2))}`,
        );
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});

describe.skipIf(!BIN)('format: keepalived --config-test on mangled samples', () => {
  it('gives the same verdict before and after formatting 120 seeded random mangles of the samples', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lvs-format-mangled-'));
    try {
      const samples = keepalivedFiles(join(REPO, 'test/corpus/keepalived')).map((f) => readFileSync(f, 'utf8'));
      const r = prng(4242);
      const cases = Array.from({ length: 120 }, (_, i) => {
        const text = mangle(r.pick(samples), r);
        const formatted = applyEdits(text, formatKeepalived(text, r.chance(0.5) ? TABS : SPACES));
        const sub = join(dir, String(i));
        mkdirSync(join(sub, 'orig'), { recursive: true });
        mkdirSync(join(sub, 'fmt'), { recursive: true });
        writeFileSync(join(sub, 'orig', 'keepalived.conf'), text);
        writeFileSync(join(sub, 'fmt', 'keepalived.conf'), formatted);
        return { i, orig: join(sub, 'orig', 'keepalived.conf'), fmt: join(sub, 'fmt', 'keepalived.conf') };
      });
      const verdict = (res: RunResult): string => JSON.stringify({ rc: res.rc, messages: res.messages.map((m) => m.text.replace(/\/(orig|fmt)\//g, '/COPY/')).sort() });
      const results = await pool(cases, 2, async (c) => ({ c, a: await runConfigTest(BIN!, c.orig), b: await runConfigTest(BIN!, c.fmt) }));
      expect(results.filter(({ a }) => a.rc !== 0).length).toBeGreaterThan(10);
      const diffs = results.filter(({ a, b }) => verdict(a) !== verdict(b)).map(({ c, a, b }) => `case ${c.i}: ${verdict(a)} → ${verdict(b)}`);
      expect(diffs).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
