/**
 * Semantic tokens of a keepalived.conf file, from a parse (editor-agnostic: the LSP adaptor only wraps the data).
 *
 * Types (the legend, in this order):
 * - `namespace`: keywords that open a block (`vrrp_instance`, `virtual_server`, `virtual_ipaddress`, ...);
 * - `keyword`: other known keywords, and `include`; unknown keywords and the content of unknown blocks get no token;
 * - `variable`: names: definitions (`vrrp_instance VI_1`, `vrrp_script chk`: modifier `declaration`) and references
 *   (`track_script { chk }`, sync group members, `virtual_server group NAME`);
 * - `macro`: `$NAME`/`${NAME}` uses and `$NAME=` definitions (`declaration`);
 * - `decorator`: `@id` / `@^id` prefixes;
 * - `number`: integers, decimals and ports;
 * - `enumMember`: enum values and booleans (`DR`, `MASTER`, `wlc`, `on`; modifier `readonly`);
 * - `string`: paths, scripts, free text and include patterns;
 * - `address` (custom, a sub-type of `number` in the extension's manifest): IP addresses with or without prefix.
 * Modifiers: `declaration`, `deprecated` (deprecated keywords), `readonly` (constants). Comments and braces are
 * left to the TextMate grammar. Words made by `$NAME`/`~SEQ` expansion get no token of their own (the `$NAME` use
 * is a `macro`).
 *
 * Output: LSP's relative encoding (5 numbers a token), computed from the parsed words (no text scan).
 */
import type { ArgType, KeywordSpec } from '../schema/types';
import type { ParsedConfig, Statement, Word } from '../keepalived/index';
import { SourceWord } from '../keepalived/ast';

export const TOKEN_TYPES = ['namespace', 'keyword', 'variable', 'macro', 'decorator', 'number', 'enumMember', 'string', 'address'] as const;
export const TOKEN_MODIFIERS = ['declaration', 'deprecated', 'readonly'] as const;

const T_BLOCK = 0;
const T_KEYWORD = 1;
const T_NAME = 2;
const T_MACRO = 3;
const T_DECORATOR = 4;
const T_NUMBER = 5;
const T_ENUM = 6;
const T_STRING = 7;
const T_ADDRESS = 8;
const M_DECLARATION = 1;
const M_DEPRECATED = 2;
const M_READONLY = 4;

export interface LineSpan {
  /** First and last line (0-based, inclusive). */
  start: number;
  end: number;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
/** IPv4 (optionally with a prefix or a `-N` range end) or IPv6 (hex groups and colons, optionally a prefix). */
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2}|-\d{1,3})?$/;
const IPV6 = /^(?=[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]+(?:%[\w.-]+)?(?:\/\d{1,3}|-[0-9A-Fa-f]{1,4})?$/;

function isAddress(t: string): boolean {
  const c = t.charCodeAt(0);
  return ((c >= 48 && c <= 57) || c === 58 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) && (IPV4.test(t) || IPV6.test(t));
}

/** Words of value-block lines that are syntax, not values (`dev`, `scope`, `weight`, ...). */
const VALUE_LINE_WORDS = new Set([
  'dev', 'scope', 'label', 'brd', 'broadcast', 'peer', 'weight', 'reverse', 'noreverse', 'min_ttl', 'max_ttl', 'no_track',
  'track_group', 'preferred_lft', 'home', '-nodad', 'nodad', 'noprefixroute', 'autojoin', 'via', 'src', 'table', 'metric',
  'proto', 'protocol', 'from', 'to', 'not', 'priority', 'preference', 'order', 'fwmark', 'iif', 'oif', 'goto', 'realms',
  'blackhole', 'unreachable', 'prohibit', 'throw', 'onlink', 'inet', 'inet6', 'MII', 'ETHTOOL', 'IOCTL',
]);

/** A word's position without making its Range object (the reader's words keep numbers; see SourceWord). */
interface WordPos {
  line: number;
  start: number;
  end: number;
}
function posOf(w: Word): WordPos {
  if (w instanceof SourceWord) return w as unknown as WordPos;
  const r = w.range;
  return { line: r.start.line, start: r.start.character, end: r.end.character };
}

/**
 * Tokens are encoded as they come (LSP's relative form), in document order: the statements of one file come in
 * order; the tokens that start lines (`@id`, `$NAME=`) and `$NAME` uses are queued sorted and merged in by
 * position. A token before the last one (a file included twice, a replayed line) is dropped.
 */
class Collector {
  readonly out: number[] = [];
  private prevLine = 0;
  private prevChar = 0;
  private prevEnd = 0;
  /** Queued tokens (line, character, length, type, modifiers), sorted, and the next one to merge. */
  private queue: number[] = [];
  private q = 0;

  enqueue(sortedQueue: number[]): void {
    this.queue = sortedQueue;
    this.q = 0;
  }

  private emit(line: number, char: number, length: number, type: number, mods: number): void {
    const prevLine = this.prevLine;
    if (line < prevLine || (line === prevLine && char < this.prevEnd && this.out.length > 0)) return;
    this.out.push(line - prevLine, line === prevLine ? char - this.prevChar : char, length, type, mods);
    this.prevLine = line;
    this.prevChar = char;
    this.prevEnd = char + length;
  }

  add(line: number, char: number, length: number, type: number, mods: number): void {
    if (length <= 0) return;
    const qu = this.queue;
    while (this.q < qu.length && (qu[this.q] < line || (qu[this.q] === line && qu[this.q + 1] <= char))) {
      this.emit(qu[this.q], qu[this.q + 1], qu[this.q + 2], qu[this.q + 3], qu[this.q + 4]);
      this.q += 5;
    }
    this.emit(line, char, length, type, mods);
  }

  word(w: Word, type: number, mods = 0): void {
    if (w.expansion) return;
    const p = posOf(w);
    this.add(p.line, p.start, p.end - p.start, type, mods);
  }

  finish(): number[] {
    const qu = this.queue;
    for (; this.q < qu.length; this.q += 5) if (qu[this.q + 2] > 0) this.emit(qu[this.q], qu[this.q + 1], qu[this.q + 2], qu[this.q + 3], qu[this.q + 4]);
    return this.out;
  }
}

/** Sort a flat list of 5-number tokens by position. */
function sortTokens(d: number[]): number[] {
  const n = d.length / 5;
  const idx = Array.from({ length: n }, (_, i) => i * 5);
  idx.sort((a, b) => d[a] - d[b] || d[a + 1] - d[b + 1]);
  const out = new Array<number>(d.length);
  for (let k = 0; k < n; k++) for (let j = 0; j < 5; j++) out[k * 5 + j] = d[idx[k] + j];
  return out;
}

function argToken(c: Collector, w: Word, type: ArgType | undefined): void {
  const t = w.text;
  if (!type || type.kind === 'any') {
    if (w.quoted) c.word(w, T_STRING);
    else if (isAddress(t)) c.word(w, T_ADDRESS);
    else if (NUMBER.test(t)) c.word(w, T_NUMBER);
    return;
  }
  switch (type.kind) {
    case 'int':
    case 'decimal':
    case 'port':
      if (NUMBER.test(t)) c.word(w, T_NUMBER);
      return;
    case 'enum':
      if (type.caseSensitive ? type.values.includes(t) : type.values.some((v) => v.toLowerCase() === t.toLowerCase())) c.word(w, NUMBER.test(t) ? T_NUMBER : T_ENUM, M_READONLY);
      return;
    case 'bool':
      if (/^(on|off|true|false|yes|no)$/i.test(t)) c.word(w, T_ENUM, M_READONLY);
      return;
    case 'ip':
      if (isAddress(t)) c.word(w, T_ADDRESS);
      return;
    case 'ref':
      c.word(w, T_NAME);
      return;
    case 'name':
      c.word(w, T_NAME, M_DECLARATION);
      return;
    case 'path':
    case 'script':
    case 'string':
      c.word(w, T_STRING);
      return;
    case 'ifname':
      return;
  }
}

function valueLineTokens(c: Collector, s: Statement, vb: KeywordSpec): void {
  const words = [s.keyword, ...s.args];
  const refs = vb.valueLine === 'track_ref' || vb.valueLine === 'names';
  if (vb.valueLine === 'email') {
    for (const w of words) c.word(w, T_STRING);
    return;
  }
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const t = w.text;
    if (refs && (i === 0 || vb.valueLine === 'names')) c.word(w, T_NAME);
    else if (isAddress(t)) c.word(w, T_ADDRESS);
    else if (NUMBER.test(t)) c.word(w, T_NUMBER);
    else if (!w.quoted && VALUE_LINE_WORDS.has(t)) c.word(w, T_KEYWORD);
    else if (w.quoted) c.word(w, T_STRING);
  }
}

function statementTokens(c: Collector, s: Statement): void {
  if (s.anonymous || s.path === undefined) return;
  if (s.valueBlock) {
    valueLineTokens(c, s, s.valueBlock);
    return;
  }
  const spec = s.spec;
  if (!spec) return; // unknown keyword: not coloured as one
  const opens = spec.shape === 'block' || spec.shape === 'valueBlock';
  c.word(s.keyword, opens ? T_BLOCK : T_KEYWORD, spec.deprecated ? M_DEPRECATED : 0);
  const a0 = s.args[0];
  if (spec.name === 'virtual_server' && a0 && !a0.quoted && (a0.text === 'group' || a0.text === 'fwmark')) {
    // `virtual_server group NAME` (a reference to a virtual_server_group), `virtual_server fwmark N`.
    c.word(a0, T_KEYWORD);
    if (s.args[1]) argToken(c, s.args[1], a0.text === 'group' ? { kind: 'ref', target: 'virtual_server_group' } : { kind: 'int' });
    return;
  }
  const specs = (spec.shape === 'block' || spec.shape === 'valueBlock') && spec.headArgs ? spec.headArgs : spec.args;
  for (let i = 0; i < s.args.length; i++) {
    const a = specs[i];
    if (!a && spec.rest === 'ignored') break;
    if (!a && spec.shape === 'optionalBool' && i === 0) {
      argToken(c, s.args[i], { kind: 'bool' });
      continue;
    }
    argToken(c, s.args[i], a?.type);
  }
}

/** Per parse and file: the file's statements in document order (for range requests). */
const byFile = new WeakMap<ParsedConfig, Map<string, Statement[]>>();

function statementsOf(config: ParsedConfig, file: string): Statement[] {
  let m = byFile.get(config);
  if (!m) {
    m = new Map();
    byFile.set(config, m);
  }
  let list = m.get(file);
  if (!list) {
    list = [];
    for (const s of config.all) if (s.keyword.file === file && !s.keyword.expansion) list.push(s);
    m.set(file, list);
  }
  return list;
}

/** The semantic tokens of `file` (a file the parse read), LSP-encoded; with `span`, only those lines. */
export function semanticTokens(config: ParsedConfig, file: string, span?: LineSpan): number[] {
  const c = new Collector();
  const inSpan = (line: number): boolean => !span || (line >= span.start && line <= span.end);
  // `@id` prefixes and `$NAME=` definitions start their lines: before the statements of the line.
  const extras: number[] = [];
  for (const k of config.conditionals) {
    if (k.file === file && inSpan(k.range.start.line)) extras.push(k.range.start.line, k.range.start.character, k.range.end.character - k.range.start.character, T_DECORATOR, 0);
  }
  for (const d of config.definitions) {
    if (d.location.file === file && inSpan(d.nameRange.start.line)) {
      const r = d.nameRange;
      // `$NAME`: the `$` with the name.
      extras.push(r.start.line, r.start.character - 1, r.end.character - r.start.character + 1, T_MACRO, M_DECLARATION);
    }
  }
  for (const u of config.uses) {
    if (u.file === file && inSpan(u.range.start.line) && u.range.start.line === u.range.end.line) {
      extras.push(u.range.start.line, u.range.start.character, u.range.end.character - u.range.start.character, T_MACRO, 0);
    }
  }
  for (const inc of config.includes) {
    if (inc.file !== file || !inSpan(inc.range.start.line)) continue;
    extras.push(inc.range.start.line, inc.range.start.character, inc.form.length, T_KEYWORD, 0);
    const p = inc.patternRange;
    if (p.start.line === p.end.line) extras.push(p.start.line, p.start.character, p.end.character - p.start.character, T_STRING, 0);
  }
  c.enqueue(sortTokens(extras));
  const list = statementsOf(config, file);
  let from = 0;
  if (span) {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (posOf(list[mid].keyword).line < span.start) lo = mid + 1;
      else hi = mid;
    }
    from = lo;
  }
  for (let i = from; i < list.length; i++) {
    const s = list[i];
    if (span && posOf(s.keyword).line > span.end) break;
    statementTokens(c, s);
  }
  return c.finish();
}

/** Decode LSP tokens (for tests and hover-free checks): absolute positions with type and modifier names. */
export function decodeTokens(data: number[]): { line: number; character: number; length: number; type: string; modifiers: string[] }[] {
  const out = [];
  let line = 0;
  let ch = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    ch = data[i] ? data[i + 1] : ch + data[i + 1];
    const mods = TOKEN_MODIFIERS.filter((_, k) => data[i + 4] & (1 << k));
    out.push({ line, character: ch, length: data[i + 2], type: TOKEN_TYPES[data[i + 3]], modifiers: mods });
  }
  return out;
}
