/**
 * The test tools themselves: caret annotations, edit application, keepalived message parsing and cascade grouping.
 * A bug here would make the fixture, fix, corpus and oracle suites pass or fail for the wrong reason.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../server/src/core/types';
import { compare, isAnnotationLine, parseAnnotations, parseFixtureOptions } from '../helpers/annotations';
import { applyEdits, diffOutsideEdits, EditError, mapPosition } from '../helpers/apply-edits';
import { classify, groupCascades, isLexicalOrSchema, parseMessage } from '../helpers/keepalived';
import { generate } from '../helpers/generator';

const r = (line: number, s: number, e: number) => ({ start: { line, character: s }, end: { line, character: e } });
const diag = (line: number, s: number, e: number, code = 'invalid-value', severity: Diagnostic['severity'] = 'error', message = 'm'): Diagnostic => ({
  file: 'f',
  range: r(line, s, e),
  severity,
  code,
  message,
});

describe('caret annotations', () => {
  const text = ['vrrp_instance VI_1 {', '    lb_kind dr', '#           ^^ error invalid-value -- must be written', '# a plain comment', '', '#   ^^^^^^^ warning extra-argument', 'vvrp_script x {', '#[0..11] error unknown-keyword', '}'].join('\n');
  it('point at the nearest config line above, caret columns are absolute', () => {
    const a = parseAnnotations('f', text);
    expect(a.map((e) => [e.line, e.start, e.end, e.severity, e.code, e.text])).toEqual([
      [1, 12, 14, 'error', 'invalid-value', 'must be written'],
      [1, 4, 11, 'warning', 'extra-argument', ''],
      [6, 0, 11, 'error', 'unknown-keyword', ''],
    ]);
  });
  it('are comments, not config, and plain comments are not annotations', () => {
    expect(isAnnotationLine('#   ^^ error x')).toBe(true);
    expect(isAnnotationLine('# ^ is a caret')).toBe(false);
    expect(isAnnotationLine('    lb_kind dr')).toBe(false);
  });
  it('options come from a fixture-options comment', () => {
    expect(parseFixtureOptions('! fixture-options: {"targetVersion": "2.2.7"}\nglobal_defs {\n}')).toEqual({ targetVersion: '2.2.7' });
  });
  it('compare pairs one to one and reports both sides', () => {
    const a = parseAnnotations('f', text);
    const { missing, unexpected } = compare(a, [diag(1, 12, 14, 'invalid-value', 'error', 'x must be written'), diag(1, 12, 14), diag(6, 0, 11, 'unknown-keyword')]);
    expect(missing.map((m) => m.code)).toEqual(['extra-argument']);
    expect(unexpected.length).toBe(1);
  });
  it('an annotation without a config line above is an error', () => {
    expect(() => parseAnnotations('f', '#  ^ error x')).toThrow(/no config line above/);
  });
});

describe('applyEdits', () => {
  const text = 'a bc\r\nd€f\n';
  it('applies non-overlapping edits against the original text', () => {
    const edits = [
      { range: r(0, 2, 4), newText: 'XY' },
      { range: r(1, 0, 0), newText: '>' },
    ];
    const out = applyEdits(text, edits);
    expect(out).toBe('a XY\r\n>d€f\n');
    expect(diffOutsideEdits(text, out, edits)).toBeUndefined();
    expect(diffOutsideEdits(text, out.replace('\r', ''), edits)).toMatch(/changed/);
  });
  it('rejects positions past the end of a line and overlapping edits', () => {
    expect(() => applyEdits(text, [{ range: r(0, 2, 9), newText: '' }])).toThrow(EditError);
    expect(() => applyEdits(text, [{ range: r(0, 0, 3), newText: '' }, { range: r(0, 2, 4), newText: '' }])).toThrow(/overlap/);
    expect(() => applyEdits(text, [{ range: r(7, 0, 0), newText: '' }])).toThrow(/does not exist/);
  });
  it('maps positions through the edits', () => {
    const edits = [{ range: r(0, 0, 1), newText: 'line\nnew ' }];
    expect(mapPosition('abc\ndef', edits, { line: 0, character: 2 })).toEqual({ line: 1, character: 5 });
    expect(mapPosition('abc\ndef', edits, { line: 1, character: 1 })).toEqual({ line: 2, character: 1 });
  });
});

describe('keepalived messages', () => {
  it('parse the (FILE: Line N) prefix', () => {
    expect(parseMessage("(a.conf: Line 12) Unknown keyword 'x'")).toMatchObject({ file: 'a.conf', line: 12, text: "Unknown keyword 'x'" });
    expect(parseMessage('(Line 3) Unexpected \'{\' - ignoring')).toMatchObject({ file: undefined, line: 3 });
    const plain = parseMessage('(VI_1) No VIP specified; at least one is sensible');
    expect(plain.line).toBeUndefined();
    expect(plain.text).toBe('(VI_1) No VIP specified; at least one is sensible');
  });
  it('classify environment, deprecation and config messages', () => {
    const m = (s: string) => parseMessage(s);
    expect(classify(m('(x: Line 5) WARNING - interface eth1 for vrrp_instance VI_1 doesn\'t exist'))).toBe('ENV:iface');
    expect(classify(m("(x: Line 37) nb_get_retry is deprecated - please use 'retry'"))).toBe('DEPRECATED');
    expect(classify(m('(Line 8) Invalid smtp server smtp.example.com 25'))).toBe('ENV:dns');
    expect(classify(m('(Line 8) Invalid smtp server ** 25'))).toBe('CONFIG');
    expect(classify(m("(x: Line 3) Unknown keyword 'nat_mask'"))).toBe('CONFIG');
    const track = [m('(x: Line 13) Unable to set default user for vrrp script chk - removing'), m('(x: Line 33) (VI_1) track script chk not found, ignoring...')];
    expect(classify(track[1], track)).toBe('ENV:script');
    expect(classify(track[1])).toBe('CONFIG');
  });
  it('tell lexical/schema problems from semantic ones', () => {
    expect(isLexicalOrSchema("number '0' outside range [1, 2678400]")).toBe(true);
    expect(isLexicalOrSchema('(VI_1) No VIP specified; at least one is sensible')).toBe(false);
  });
  it('group an unknown block and its cascade, keeping separate problems apart', () => {
    const ms = [
      "(Line 13) Unknown keyword 'vvrp_script'",
      "(Line 13) Unexpected '{' - ignoring",
      "(Line 14) Unknown keyword 'script'",
      "(Line 15) Unknown keyword 'interval'",
      "(Line 16) Unknown keyword '}'",
      "(Line 20) Unknown keyword 'nopreempty'",
      // a second pass repeats everything
      "(x.conf: Line 13) Unknown keyword 'vvrp_script'",
      "(x.conf: Line 13) Unexpected '{' - ignoring",
      "(x.conf: Line 14) Unknown keyword 'script'",
      "(x.conf: Line 15) Unknown keyword 'interval'",
      "(x.conf: Line 16) Unknown keyword '}'",
      "(x.conf: Line 20) Unknown keyword 'nopreempty'",
    ].map(parseMessage);
    const g = groupCascades(ms);
    expect(g.map((e) => [e.line, e.anchors, e.messages.length])).toEqual([
      [13, [13], 5],
      [20, [20], 1],
    ]);
  });
  it('a `{` on its own line anchors the cascade at the keyword line above too', () => {
    const g = groupCascades(["(Line 4) Unknown keyword 'TCP_CHEK'", "(Line 5) Unexpected '{' - ignoring", "(Line 6) Unknown keyword 'connect_timeout'", "(Line 7) Unknown keyword '}'"].map(parseMessage));
    expect(g.map((e) => [e.line, e.anchors])).toEqual([
      [4, [4]],
      [5, [5, 4]],
    ]);
  });
});

describe('config generator', () => {
  it('is deterministic for a seed', () => {
    expect(generate(1, 3).text).toBe(generate(1, 3).text);
    expect(generate(1, 3).text).not.toBe(generate(1, 4).text);
  });
});
