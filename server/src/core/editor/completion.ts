/**
 * Completion, editor-agnostic: what may be written at a position of a keepalived file (keywords of the enclosing
 * block, block snippets, enum values after their keyword, names of defined scripts, instances, trackers and groups
 * where they are referenced, interface names used in the workspace) or of a sysctl file / shell script (the
 * LVS-relevant kernel settings and their values). Works on the text being typed: the block context comes from
 * `cursorContext` (the last analysis for the unchanged part, a forward scan for the rest), never from a new parse.
 */
import type { ParsedConfig } from '../keepalived/ast';
import type { Position, Range } from '../types';
import { isNewerThan, lookupBlock, lookupKeyword, type ArgSpec, type ArgType, type KeywordSpec, type RefTarget } from '../schema/index';
import { modelOf, type DefinitionKind } from '../model/index';
import type { SnippetFile } from '../realserver/types';
import { cursorContext, type CursorContext, type Frame } from './context';
import { manDocFor, VALUE_MEANINGS } from './keyword-docs';
import { SYSCTL_DOCS, sysctlMarkdown } from './sysctl-docs';

export type CompletionKind = 'keyword' | 'block' | 'value' | 'reference' | 'interface' | 'address' | 'sysctl-key' | 'sysctl-value';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  /** One line shown next to the label (signature, "since 2.3.0", the definition's place). */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text to insert (a snippet with `${1:...}` placeholders when `snippet`); the label when absent. */
  insertText?: string;
  snippet?: boolean;
  deprecated?: boolean;
  /** Newer than the target keepalived version. */
  newer?: string;
  sortText?: string;
}

export interface CompletionResult {
  /** The range the chosen item replaces (the word being typed). */
  range: Range;
  items: CompletionEntry[];
}

export interface KeepalivedCompletionInput {
  /** The last analysis of the root that reads the file (may be older than `text`). */
  config?: ParsedConfig;
  file: string;
  /** The editor's current text of the file. */
  text: string;
  position: Position;
  /** Interface names used in the workspace (see `workspaceInterfaces`); a function is called only when needed. */
  interfaces?: readonly string[] | (() => readonly string[]);
  /** The oldest keepalived version the directors run: newer keywords are marked. */
  targetVersion?: string;
}

const BOOL_WORDS = ['on', 'off', 'true', 'false', 'yes', 'no'];
const REF_KIND: Record<RefTarget, DefinitionKind | undefined> = {
  vrrp_instance: 'vrrp_instance',
  vrrp_script: 'vrrp_script',
  vrrp_sync_group: 'vrrp_sync_group',
  track_file: 'track_file',
  vrrp_track_process: 'vrrp_track_process',
  bfd_instance: 'bfd_instance',
  virtual_server_group: 'virtual_server_group',
  track_group: undefined,
};

/** `NAME` placeholders of the head of a block keyword, for its snippet. */
const HEAD_DEFAULTS: Record<string, string[]> = {
  vrrp_instance: ['VI_1'],
  vrrp_sync_group: ['VG_1'],
  vrrp_script: ['chk_service'],
  track_file: ['track_1'],
  vrrp_track_file: ['track_1'],
  vrrp_track_process: ['proc_1'],
  bfd_instance: ['bfd_1'],
  virtual_server_group: ['VSG_1'],
  track_group: ['TG_1'],
  virtual_server: ['192.0.2.10', '80'],
  real_server: ['10.0.0.11', '80'],
  sorry_server: ['10.0.0.99', '80'],
};

function escapeSnippet(s: string): string {
  return s.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** `lb_kind METHOD` / `vrrp_instance NAME { … }`. */
export function signature(spec: KeywordSpec): string {
  const args = spec.shape === 'block' || spec.headArgs?.length ? (spec.headArgs ?? []) : spec.args;
  const parts = args.map((a) => (a.optional ? `[${argLabel(a)}]` : argLabel(a)));
  const tail = spec.shape === 'block' || spec.shape === 'valueBlock' ? ' { … }' : '';
  return `${spec.name}${parts.length ? ' ' + parts.join(' ') : ''}${tail}`;
}

function argLabel(a: ArgSpec): string {
  const t = a.type;
  if (t.kind === 'enum' && t.values.length <= 6) return t.values.join('|');
  if (t.kind === 'bool') return 'on|off';
  return a.name;
}

function insertFor(spec: KeywordSpec): { text: string; snippet: boolean } {
  const n = spec.name;
  if (spec.shape === 'block' || spec.shape === 'valueBlock') {
    const head = spec.headArgs ?? [];
    const defaults = HEAD_DEFAULTS[n] ?? [];
    const args = head.filter((a, i) => !a.optional || defaults[i] !== undefined).map((a, i) => `\${${i + 1}:${escapeSnippet(defaults[i] ?? a.name)}}`);
    return { text: `${n}${args.length ? ' ' + args.join(' ') : ''} {\n\t$0\n}`, snippet: true };
  }
  const first = spec.args[0];
  if (spec.shape === 'args' && first && !first.optional) {
    if (first.type.kind === 'enum') return { text: `${n} \${1|${first.type.values.map(escapeSnippet).join(',')}|}`, snippet: true };
    return { text: `${n} \${1:${escapeSnippet(first.name)}}`, snippet: true };
  }
  return { text: n, snippet: false };
}

/** Markdown for a keyword: meaning (man page, else schema), arguments, default, version. */
export function keywordMarkdown(spec: KeywordSpec, targetVersion?: string): string {
  const man = manDocFor(spec);
  const lines: string[] = ['```keepalived', signature(spec), '```', ''];
  lines.push(man?.text || spec.doc);
  if (man?.text && spec.doc && man.text.length < 60 && !man.text.includes(spec.doc)) lines.push('', spec.doc);
  const args = spec.shape === 'block' || spec.headArgs?.length ? (spec.headArgs ?? []) : spec.args;
  const described = args.map(argDescription).filter((s): s is string => !!s);
  if (described.length) lines.push('', ...described);
  const facts: string[] = [];
  if (spec.default !== undefined) facts.push(`Default: \`${spec.default}\``);
  if (spec.since) facts.push(`Since keepalived ${spec.since}${targetVersion && isNewerThan(spec.since, targetVersion) ? ` (newer than the target version ${targetVersion})` : ''}`);
  else facts.push('In keepalived 2.2.7 and later');
  if (spec.synonymOf) facts.push(`Synonym of \`${spec.synonymOf}\``);
  if (spec.deprecated) facts.push(`**Deprecated**: ${spec.deprecated.advice}`);
  facts.push(`Block: \`${spec.block === '_top' ? 'top level' : spec.block}\``);
  lines.push('', facts.join(' · '));
  if (man && man.syntax.includes('\n')) lines.push('', 'keepalived.conf(5):', '```', man.syntax, '```');
  return lines.join('\n');
}

export function typeDescription(t: ArgType): string {
  switch (t.kind) {
    case 'int':
      return `integer${t.min !== undefined || t.max !== undefined ? ` ${t.min ?? '…'}..${t.max ?? '…'}` : ''}`;
    case 'decimal':
      return `number${t.unit ? ` (${t.unit === 's' ? 'seconds' : 'milliseconds'})` : ''}${t.min !== undefined || t.max !== undefined ? ` ${t.minExclusive ? '>' : ''}${t.min ?? '…'}..${t.max ?? '…'}` : ''}`;
    case 'enum':
      return `one of ${t.values.map((v) => `\`${v}\``).join(', ')}${t.caseSensitive ? '' : ' (any case)'}`;
    case 'bool':
      return 'on|off|true|false|yes|no';
    case 'ip':
      return `${t.family ? `IPv${t.family}` : 'IP'} address${t.prefix === 'required' ? ' with /prefix' : t.prefix === 'optional' ? ' [/prefix]' : ''}${t.multicast ? ' (multicast)' : ''}`;
    case 'port':
      return `port ${t.min ?? 0}..65535`;
    case 'ifname':
      return 'interface name (at most 15 characters)';
    case 'path':
      return 'file path';
    case 'script':
      return 'command line (keepalived splits it with shell-like quoting)';
    case 'string':
      return `text${t.maxLength ? ` (keepalived keeps the first ${t.maxLength} characters)` : ''}`;
    case 'ref':
      return `name of a \`${t.target}\``;
    case 'name':
      return `name of this \`${t.defines}\``;
    case 'any':
      return '';
  }
}

function argDescription(a: ArgSpec): string | undefined {
  const d = typeDescription(a.type);
  return d ? `- \`${a.name}\`${a.optional ? ' (optional)' : ''}: ${d}` : undefined;
}

function keywordItems(path: string, targetVersion: string | undefined, present: ReadonlySet<string> = new Set()): CompletionEntry[] {
  const block = lookupBlock(path);
  if (!block) return [];
  const out: CompletionEntry[] = [];
  for (const spec of Object.values(block.keywords)) {
    const ins = insertFor(spec);
    const newer = targetVersion && isNewerThan(spec.since, targetVersion) ? spec.since : undefined;
    const e: CompletionEntry = {
      label: spec.name,
      kind: spec.shape === 'block' || spec.shape === 'valueBlock' ? 'block' : 'keyword',
      detail: [signature(spec), spec.since ? `since ${spec.since}${newer ? ` (newer than ${targetVersion})` : ''}` : undefined, spec.deprecated ? 'deprecated' : undefined].filter(Boolean).join(' · '),
      documentation: keywordMarkdown(spec, targetVersion),
      // Keywords the block already has (other than repeatable blocks) and deprecated ones sort last.
      sortText: `${spec.deprecated ? 4 : present.has(spec.name) && spec.shape !== 'block' ? 3 : newer ? 2 : spec.synonymOf ? 1 : 0}${spec.name}`,
    };
    if (ins.text !== spec.name) e.insertText = ins.text;
    if (ins.snippet) e.snippet = true;
    if (spec.deprecated) e.deprecated = true;
    if (newer) e.newer = newer;
    out.push(e);
  }
  return out;
}

function valueItems(values: readonly string[], spec: KeywordSpec | undefined, doc?: (v: string) => string | undefined): CompletionEntry[] {
  return values.map((v, i) => {
    const e: CompletionEntry = { label: v, kind: 'value', sortText: String(i).padStart(3, '0') };
    if (spec) e.detail = spec.default === v ? `${spec.name} (default)` : spec.name;
    const d = doc?.(v);
    if (d) e.documentation = d;
    return e;
  });
}

/** Names defined in the config for a reference. */
function nameItems(config: ParsedConfig | undefined, target: RefTarget): CompletionEntry[] {
  const kind = REF_KIND[target];
  if (config && target === 'track_group') {
    const names = new Set<string>();
    for (const s of config.all) if (s.path === '_top' && s.keyword.text === 'track_group' && s.args[0]) names.add(s.args[0].text);
    return [...names].map((n) => ({ label: n, kind: 'reference' as const, detail: 'track_group' }));
  }
  if (!config || !kind) return [];
  const seen = new Set<string>();
  const out: CompletionEntry[] = [];
  for (const d of modelOf(config).definitions[kind]) {
    if (!d.name || seen.has(d.name)) continue;
    seen.add(d.name);
    const at = d.statement.keyword;
    out.push({ label: d.name, kind: 'reference', detail: `${kind} (${at.file.slice(at.file.lastIndexOf('/') + 1)}:${at.range.start.line + 1})` });
  }
  return out;
}

function interfaceItems(interfaces: readonly string[] | (() => readonly string[]) | undefined): CompletionEntry[] {
  const list = typeof interfaces === 'function' ? interfaces() : (interfaces ?? []);
  return list.map((i) => ({ label: i, kind: 'interface' as const, detail: 'interface used in the workspace' }));
}

function enumDoc(spec: KeywordSpec | undefined, v: string): string | undefined {
  return spec ? VALUE_MEANINGS[spec.name]?.[v] : undefined;
}

/** Completions for an argument of type `t`. */
function typeItems(t: ArgType, spec: KeywordSpec | undefined, input: KeepalivedCompletionInput): CompletionEntry[] {
  switch (t.kind) {
    case 'enum':
      return valueItems(t.values, spec, (v) => enumDoc(spec, v));
    case 'bool':
      return valueItems(BOOL_WORDS, spec);
    case 'ifname':
      return interfaceItems(input.interfaces);
    case 'ref':
      return nameItems(input.config, t.target);
    default:
      return [];
  }
}

/** The VIPs and virtual server addresses the config knows, for `virtual_server |`. */
function addressItems(config: ParsedConfig | undefined): CompletionEntry[] {
  if (!config) return [];
  const m = modelOf(config);
  const out = new Map<string, CompletionEntry>();
  for (const i of m.instances) for (const v of i.vips) if (!out.has(v.address.key)) out.set(v.address.key, { label: v.address.key, kind: 'address', detail: `VIP of vrrp_instance ${i.name}` });
  return [...out.values()];
}

/** Options of a `virtual_ipaddress` / `static_ipaddress` line (ip address add syntax, keepalived.conf(5)). */
const VIP_OPTIONS = [
  { name: 'dev', doc: 'interface the address is added to (default: the instance interface)' },
  { name: 'label', doc: 'address label (eth0:1)' },
  { name: 'scope', doc: 'host, link, global, site or nowhere' },
  { name: 'brd', doc: 'broadcast address' },
  { name: 'no_track', doc: 'do not go to FAULT when the address is removed' },
  { name: 'track_group', doc: 'static track group watching this address' },
  { name: 'preferred_lft', doc: 'preferred lifetime (0: deprecated address)' },
  { name: 'peer', doc: 'peer address of a point-to-point interface' },
  { name: 'home', doc: 'IPv6 home address' },
  { name: 'nodad', doc: 'IPv6: no duplicate address detection' },
  { name: 'noprefixroute', doc: 'do not add the prefix route' },
  { name: 'autojoin', doc: 'join the multicast group' },
];
const VIP_OPTIONS_WITH_VALUE = new Set(['dev', 'label', 'brd', 'preferred_lft', 'peer', 'broadcast']);

/** Completions inside a value block, for the first word of a line (`track_script { | }`). */
function valueLineItems(vb: KeywordSpec, words: string[], input: KeepalivedCompletionInput): CompletionEntry[] {
  const prev = words[words.length - 1];
  if (prev === 'dev' || prev === 'oif' || prev === 'iif') return interfaceItems(input.interfaces);
  if (words.length === 0) {
    if ((vb.valueLine === 'track_ref' || vb.valueLine === 'names') && vb.valueRef) return nameItems(input.config, vb.valueRef);
    if (vb.valueLine === 'track_interface' || vb.valueLine === 'linkbeat' || vb.valueLine === 'if_delays' || vb.valueLine === 'names') return interfaceItems(input.interfaces);
    return [];
  }
  if ((vb.valueLine === 'track_ref' || vb.valueLine === 'track_interface') && words.length === 1) return valueItems(['weight'], undefined);
  if ((vb.valueLine === 'track_ref' || vb.valueLine === 'track_interface') && words.length === 3 && words[1] === 'weight') return valueItems(['reverse', 'noreverse'], undefined);
  if (vb.valueLine === 'linkbeat' && words.length === 1) return valueItems(['MII', 'ETHTOOL', 'IOCTL'], undefined);
  if (vb.valueLine === 'vsg' && words.length === 0) return valueItems(['fwmark'], undefined);
  if (vb.valueLine === 'vip' && words.length >= 1) {
    if (prev === 'scope') return valueItems(['host', 'link', 'global', 'site', 'nowhere'], undefined);
    if (VIP_OPTIONS_WITH_VALUE.has(prev) || prev === 'track_group') return prev === 'track_group' ? nameItems(input.config, 'track_group') : [];
    return VIP_OPTIONS.map((o, i) => ({ label: o.name, kind: 'keyword' as const, detail: o.doc, sortText: String(i).padStart(2, '0') }));
  }
  return [];
}

/** Completion at `position` of a keepalived file. */
export function completeKeepalived(input: KeepalivedCompletionInput): CompletionResult | undefined {
  const ctx: CursorContext = cursorContext(input.config, input.file, input.text, input.position);
  if (ctx.inCommentOrQuote) return undefined;
  const range: Range = { start: ctx.prefixStart, end: input.position };
  const frame: Frame | undefined = ctx.frames[ctx.frames.length - 1];
  const path = frame ? frame.path : '_top';
  const items = ((): CompletionEntry[] => {
    if (frame?.valueBlock) return valueLineItems(frame.valueBlock, ctx.words, input);
    if (path === undefined) return [];
    if (!ctx.words.length) return keywordItems(path, input.targetVersion, ctx.siblings);
    const kw = ctx.words[0];
    const spec = lookupKeyword(path, kw);
    const argIndex = ctx.words.length - 1;
    const prev = ctx.words[ctx.words.length - 1];
    if (prev === 'dev' || prev === 'interface') return interfaceItems(input.interfaces);
    if (!spec) return [];
    if (spec.name === 'virtual_server' && spec.block === '_top') {
      if (argIndex === 0) return [...valueItems(['fwmark', 'group'], undefined), ...addressItems(input.config)];
      if (argIndex === 1 && ctx.words[1] === 'group') return nameItems(input.config, 'virtual_server_group');
      return [];
    }
    const args = spec.shape === 'block' || spec.shape === 'valueBlock' ? (spec.headArgs ?? []) : spec.args;
    const arg = args[argIndex];
    if (arg) return typeItems(arg.type, spec, input);
    return [];
  })();
  return { range, items };
}

/** Interface names a workspace uses: `interface`, `dev`, `track_interface` lines of the configs, devices and conf keys of real-server files. */
const ifaceCache = new WeakMap<readonly ParsedConfig[], WeakMap<readonly SnippetFile[], string[]>>();
export function workspaceInterfaces(configs: readonly ParsedConfig[], snippets: readonly SnippetFile[]): string[] {
  let bySnippets = ifaceCache.get(configs);
  if (!bySnippets) ifaceCache.set(configs, (bySnippets = new WeakMap()));
  const cached = bySnippets.get(snippets);
  if (cached) return cached;
  const out = new Set<string>();
  const ok = (s: string | undefined): s is string => !!s && /^[A-Za-z0-9_.:@-]{1,15}$/.test(s) && !s.startsWith('$');
  for (const c of configs) {
    for (const s of c.all) {
      const k = s.keyword.text;
      if (s.spec?.args[0]?.type.kind === 'ifname' || k === 'interface') {
        if (ok(s.args[0]?.text)) out.add(s.args[0].text);
      }
      if (s.valueBlock) {
        const vl = s.valueBlock.valueLine;
        if ((vl === 'track_interface' || vl === 'linkbeat' || vl === 'if_delays') && ok(k)) out.add(k);
        const words = [s.keyword, ...s.args];
        for (let i = 0; i + 1 < words.length; i++) if (words[i].text === 'dev' && ok(words[i + 1].text)) out.add(words[i + 1].text);
      }
    }
  }
  for (const f of snippets) {
    for (const a of f.addresses) if (ok(a.device)) out.add(a.device);
    for (const s of f.sysctls) if (s.conf && ok(s.conf.iface) && s.conf.iface !== 'all' && s.conf.iface !== 'default') out.add(s.conf.iface);
  }
  const list = [...out].sort();
  bySnippets.set(snippets, list);
  return list;
}

/** Every LVS-relevant sysctl key (conf keys for all, default, lo and the interfaces given). */
export function sysctlKeys(interfaces: readonly string[] = []): { key: string; doc: (typeof SYSCTL_DOCS)[number] }[] {
  const ifaces = ['all', 'default', 'lo', ...interfaces.filter((i) => i !== 'all' && i !== 'default' && i !== 'lo' && !i.includes(':'))];
  const out: { key: string; doc: (typeof SYSCTL_DOCS)[number] }[] = [];
  for (const d of SYSCTL_DOCS) {
    if (!d.conf) out.push({ key: d.name, doc: d });
    else for (const i of ifaces) out.push({ key: `net.ipv4.conf.${i}.${d.name}`, doc: d });
  }
  return out;
}

/** Completion in a sysctl file (`key = value`) or a shell script (`sysctl -w key=value`, `/proc/sys/...`). */
export function completeSysctl(kind: 'sysctl' | 'shell', text: string, position: Position, interfaces: readonly string[] = []): CompletionResult | undefined {
  let start = 0;
  for (let l = 0; l < position.line; l++) {
    const nl = text.indexOf('\n', start);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  const before = text.slice(start, start + position.character);
  if (/^\s*[#;]/.test(before) || (kind === 'shell' && before.includes('#'))) return undefined;
  const at = (col: number): Range => ({ start: { line: position.line, character: col }, end: position });
  let slash = false;
  let keyStart: number | undefined;
  let valueFor: { key: string; start: number } | undefined;
  if (kind === 'sysctl') {
    const m = /^(\s*-?)([^=\s]*)\s*(=\s*(\S*))?$/.exec(before);
    if (!m) return undefined;
    if (m[3] !== undefined) valueFor = { key: m[2], start: before.length - (m[4]?.length ?? 0) };
    else keyStart = m[1].length;
  } else {
    const w = /\bsysctl\s+(?:-[a-zA-Z]+\s+)*(?:-w\s+)?([A-Za-z0-9_./*-]*)(=(\S*))?$/.exec(before);
    const p = /\/proc\/sys\/([A-Za-z0-9_./*-]*)$/.exec(before);
    const echo = /\becho\s+(\S*)$/.exec(before);
    if (w && w[2] !== undefined) valueFor = { key: w[1], start: before.length - (w[3]?.length ?? 0) };
    else if (w) keyStart = before.length - w[1].length;
    else if (p) {
      keyStart = before.length - p[1].length;
      slash = true;
    } else if (echo) {
      // `echo | > /proc/sys/net/ipv4/conf/all/arp_ignore`: the value for the key after the cursor.
      const after = text.slice(start + position.character, text.indexOf('\n', start + position.character) >>> 0);
      const target = /^\S*\s*>\s*\/proc\/sys\/(\S+)/.exec(after);
      if (target) valueFor = { key: target[1], start: before.length - echo[1].length };
    }
  }
  if (valueFor) {
    const key = valueFor.key.replace(/\//g, '.');
    const name = key.slice(key.lastIndexOf('.') + 1);
    const doc = SYSCTL_DOCS.find((d) => (d.conf ? d.name === name && /^net\.ipv[46]\.conf\./.test(key) : d.name === key));
    if (!doc) return undefined;
    return {
      range: at(valueFor.start),
      items: doc.values.map((v, i) => ({ label: v.value, kind: 'sysctl-value', detail: v.meaning.slice(0, 80), documentation: `\`${key} = ${v.value}\`: ${v.meaning}`, sortText: String(i).padStart(3, '0') })),
    };
  }
  if (keyStart === undefined) return undefined;
  const items = sysctlKeys(interfaces).map(({ key, doc }, i): CompletionEntry => {
    const label = slash ? key.replace(/\./g, '/') : key;
    const e: CompletionEntry = { label, kind: 'sysctl-key', detail: doc.lvs ? doc.lvs.slice(0, 90) : doc.text.slice(0, 90), documentation: `**${key}**\n\n${sysctlMarkdown(doc)}`, sortText: String(i).padStart(4, '0') };
    if (kind === 'sysctl') {
      e.insertText = `${key} = `;
    }
    return e;
  });
  return { range: at(keyStart), items };
}

