/**
 * The outline (document symbols) and workspace symbols, editor-agnostic.
 *
 * keepalived files: `global_defs`, each `vrrp_instance` with its VIPs, sync groups, scripts and trackers,
 * `virtual_server_group` with its entries, each `virtual_server` (`192.0.2.10:80 TCP DR`) with its real servers
 * (`10.0.0.11:80 weight 1`), `static_ipaddress` / `static_routes` / `static_rules` with their lines, other blocks and
 * `include` lines. Statements of an included file are listed in that file (with their own nesting), whatever
 * block of the includer reads them. Real-server files: addresses, routes, sysctl settings, arptables/iptables rules.
 *
 * Workspace symbols: the named definitions, virtual servers and VIPs of every root, and the addresses and rules of
 * every real-server file (and their sysctl settings), flattened once per analysis (cached on the configs array), filtered by a subsequence
 * match of the query.
 */
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';
import type { Range } from '../types';
import { modelOf, type RealServer, type VirtualServer } from '../model/index';
import type { SnippetFile } from '../realserver/types';
import { fileIndex } from './context';
import { statementRange } from './navigation';

export type OutlineKind = 'namespace' | 'class' | 'function' | 'constant' | 'module' | 'object' | 'field' | 'event' | 'property' | 'struct' | 'file' | 'variable' | 'key' | 'array' | 'interface';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: OutlineKind;
  range: Range;
  selectionRange: Range;
  children?: OutlineSymbol[];
}

export interface WorkspaceSymbol {
  name: string;
  kind: OutlineKind;
  file: string;
  range: Range;
  /** The definition or block holding it (`vrrp_instance VI_1`, a file name). */
  container?: string;
}

const KINDS: Record<string, OutlineKind> = {
  global_defs: 'namespace',
  vrrp_instance: 'class',
  vrrp_sync_group: 'namespace',
  vrrp_script: 'function',
  track_file: 'file',
  vrrp_track_process: 'event',
  bfd_instance: 'event',
  virtual_server_group: 'array',
  virtual_server: 'object',
  static_ipaddress: 'array',
  static_routes: 'array',
  static_rules: 'array',
};

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function text(s: Statement): string {
  return [s.keyword, ...s.args].map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(' ');
}

/** `192.0.2.10:80`, `[2001:db8::1]:80`. */
function hostPort(addr: string, port: number | undefined): string {
  const a = addr.includes(':') ? `[${addr}]` : addr;
  return port === undefined ? a : `${a}:${port}`;
}

/** `192.0.2.10:80 TCP DR` (keepalived's defaults where nothing is written: UDP, NAT). */
export function virtualServerLabel(vs: VirtualServer): string {
  const s = vs.statement;
  const head =
    vs.kind === 'fwmark' ? `fwmark ${s.args[1]?.text ?? '?'}` : vs.kind === 'group' ? `group ${s.args[1]?.text ?? '?'}` : vs.address ? hostPort(vs.address.word.text.replace(/\/\d+$/, ''), vs.port?.value) : s.args.map((w) => w.text).join(' ');
  return `${head} ${vs.protocol?.text ?? 'UDP'} ${vs.lbKind?.text ?? 'NAT'}`;
}

/** `10.0.0.11:80 weight 1` (the weight keepalived gives it: its own, the virtual server's, else 1). */
export function realServerLabel(rs: RealServer): string {
  const a = rs.address ? hostPort(rs.address.word.text, rs.port?.value) : rs.statement.args.map((w) => w.text).join(' ');
  return `${a} weight ${rs.weight?.value ?? rs.virtualServer.weight?.value ?? 1}`;
}

interface Lookup {
  instances: Map<Statement, import('../model/index').VrrpInstance>;
  virtualServers: Map<Statement, VirtualServer>;
  realServers: Map<Statement, RealServer>;
}
const lookups = new WeakMap<ParsedConfig, Lookup>();
function lookupOf(config: ParsedConfig): Lookup {
  let l = lookups.get(config);
  if (l) return l;
  const m = modelOf(config);
  l = { instances: new Map(), virtualServers: new Map(), realServers: new Map() };
  for (const i of m.instances) l.instances.set(i.statement, i);
  for (const vs of m.virtualServers) {
    l.virtualServers.set(vs.statement, vs);
    for (const rs of vs.realServers) l.realServers.set(rs.statement, rs);
  }
  lookups.set(config, l);
  return l;
}

const outlines = new WeakMap<ParsedConfig, Map<string, OutlineSymbol[]>>();

/** The outline of a keepalived file read by `config` (computed once per analysis and file). */
export function keepalivedSymbols(config: ParsedConfig, file: string): OutlineSymbol[] {
  let byFile = outlines.get(config);
  if (!byFile) outlines.set(config, (byFile = new Map()));
  let out = byFile.get(file);
  if (!out) byFile.set(file, (out = computeSymbols(config, file)));
  return out;
}

function computeSymbols(config: ParsedConfig, file: string): OutlineSymbol[] {
  const lk = lookupOf(config);
  const all = fileIndex(config, file).statements;
  // The statements of the file whose parent is not in the file: the file's top level.
  const tops = all.filter((s) => !s.parent || s.parent.keyword.file !== file);
  const out: OutlineSymbol[] = [];
  for (const s of tops) {
    const sym = symbolOf(s, file, lk);
    if (sym) out.push(sym);
  }
  for (const inc of config.includes) {
    if (inc.file !== file) continue;
    out.push({ name: `${inc.form} ${inc.pattern}`, detail: inc.targets.length === 1 ? '1 file' : `${inc.targets.length} files`, kind: 'file', range: inc.range, selectionRange: inc.patternRange });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function make(name: string, kind: OutlineKind, s: Statement, file: string, nameWord?: Word, detail?: string): OutlineSymbol {
  const range = statementRange(s, file);
  const sel = nameWord && nameWord.file === file && contains(range, nameWord.range) ? nameWord.range : s.keyword.range;
  const o: OutlineSymbol = { name: name || s.keyword.text, kind, range, selectionRange: contains(range, sel) ? sel : { start: range.start, end: range.start } };
  if (detail) o.detail = detail;
  return o;
}

function childrenIn(parent: OutlineSymbol, list: OutlineSymbol[]): OutlineSymbol {
  const kids = list.filter((c) => contains(parent.range, c.range));
  if (kids.length) parent.children = kids;
  return parent;
}

function lines(s: Statement, file: string): Statement[] {
  return (s.block?.statements ?? []).filter((c) => c.keyword.file === file && !c.anonymous);
}

function symbolOf(s: Statement, file: string, lk: Lookup): OutlineSymbol | undefined {
  if (s.keyword.file !== file) return undefined;
  const name = s.spec?.synonymOf ?? s.spec?.name;
  // A line of a value block read at the file's top (an included file of VIPs, real servers...).
  if (s.valueBlock) return make(text(s), 'constant', s, file);
  const rs = lk.realServers.get(s);
  if (rs) return realServerSymbol(rs, file);
  switch (name) {
    case 'global_defs':
      return make('global_defs', 'namespace', s, file);
    case 'vrrp_instance': {
      const inst = lk.instances.get(s);
      const detail = inst ? ['vrrp_instance', inst.state?.text, inst.vrid ? `VRID ${inst.vrid.value}` : undefined, inst.priority ? `priority ${inst.priority.value}` : undefined, inst.interface?.text].filter(Boolean).join(' · ') : 'vrrp_instance';
      const sym = make(s.args[0]?.text ?? '', 'class', s, file, s.args[0], detail);
      const vips: OutlineSymbol[] = [];
      for (const v of [...(inst?.vips ?? []), ...(inst?.excludedVips ?? [])]) {
        if (v.statement.keyword.file !== file) continue;
        vips.push(make(v.statement.keyword.text, 'constant', v.statement, file, undefined, [v.excluded ? 'excluded' : '', ...v.statement.args.map((w) => w.text)].filter(Boolean).join(' ')));
      }
      return childrenIn(sym, vips.sort((a, b) => a.range.start.line - b.range.start.line));
    }
    case 'vrrp_sync_group':
    case 'vrrp_script':
    case 'track_file':
    case 'vrrp_track_process':
    case 'bfd_instance':
      return make(s.args[0]?.text ?? '', KINDS[name], s, file, s.args[0], name);
    case 'virtual_server_group': {
      const sym = make(s.args[0]?.text ?? '', 'array', s, file, s.args[0], 'virtual_server_group');
      return childrenIn(sym, lines(s, file).map((c) => make(text(c), 'constant', c, file)));
    }
    case 'virtual_server': {
      const vs = lk.virtualServers.get(s);
      if (!vs) return make(text(s), 'object', s, file);
      const sym = make(virtualServerLabel(vs), 'object', s, file, s.args[0], `virtual_server · ${vs.lbAlgo?.text ?? 'wlc'}`);
      const kids: OutlineSymbol[] = [];
      for (const r of vs.realServers) if (r.statement.keyword.file === file) kids.push(realServerSymbol(r, file));
      if (vs.sorryServer && vs.sorryServer.statement.keyword.file === file) kids.push(make(`sorry_server ${vs.sorryServer.statement.args.map((w) => w.text).join(' ')}`, 'field', vs.sorryServer.statement, file));
      return childrenIn(sym, kids.sort((a, b) => a.range.start.line - b.range.start.line));
    }
    case 'static_ipaddress':
    case 'static_routes':
    case 'static_rules':
    case 'virtual_routes':
    case 'virtual_rules':
    case 'virtual_ipaddress':
    case 'virtual_ipaddress_excluded': {
      const sym = make(name, 'array', s, file);
      return childrenIn(sym, lines(s, file).map((c) => make(text(c), 'constant', c, file)));
    }
    default:
      if (!s.block) return undefined;
      return make(text(s), 'struct', s, file, s.args[0]);
  }
}

function realServerSymbol(rs: RealServer, file: string): OutlineSymbol {
  const checkers = rs.checkers.map((c) => c.keyword.text);
  const detail = ['real_server', rs.lvsMethod?.text, ...checkers].filter(Boolean).join(' · ');
  return make(realServerLabel(rs), 'field', rs.statement, file, rs.statement.args[0], detail);
}

// ---- real-server files ------------------------------------------------------------------------------------------

function screen(s: SnippetFile, r: Range): string {
  const ls = s.text.split(/\r\n|\r|\n/, r.end.line + 1);
  const parts: string[] = [];
  for (let l = r.start.line; l <= r.end.line; l++) {
    const line = ls[l] ?? '';
    parts.push(line.slice(l === r.start.line ? r.start.character : 0, l === r.end.line ? r.end.character : line.length).replace(/\\$/, ''));
  }
  const t = parts.join(' ').replace(/\s+/g, ' ').trim();
  return t.length > 100 ? `${t.slice(0, 97)}…` : t;
}

/** The outline of a real-server file: its addresses, routes, sysctl settings and rules, in file order. */
export function snippetSymbols(s: SnippetFile): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const seen = new Set<string>();
  const push = (o: OutlineSymbol): void => {
    const k = `${o.name}\u0000${o.range.start.line}:${o.range.start.character}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(o);
  };
  const sel = (outer: Range, inner: Range): Range => (contains(outer, inner) ? inner : { start: outer.start, end: outer.start });
  for (const a of s.addresses) {
    push({ name: `${a.address}/${a.prefix}`, detail: `on ${a.label ?? a.device} (${a.via})`, kind: 'constant', range: a.loc.range, selectionRange: sel(a.loc.range, a.addressToken.loc.range) });
  }
  for (const r of s.routes) push({ name: `route ${r.destination.text}`, ...(r.device ? { detail: `dev ${r.device.text}` } : {}), kind: 'constant', range: r.loc.range, selectionRange: sel(r.loc.range, r.destination.loc.range) });
  for (const x of s.sysctls) {
    push({ name: `${x.key} = ${x.valueToken.text}`, detail: x.via === 'sysctl-file' ? (x.phase === 'setup' ? '' : x.phase) : `${x.via}${x.phase === 'setup' ? '' : ` (${x.phase})`}`, kind: 'property', range: x.loc.range, selectionRange: sel(x.loc.range, x.keyToken.loc.range) });
  }
  for (const r of [...s.arpRules, ...s.iptRules]) {
    const tool = 'family' in r ? (r.via === 'firewall-cmd' ? 'firewall-cmd' : r.family === 6 ? 'ip6tables' : 'iptables') : 'arptables';
    push({ name: screen(s, r.loc.range) || `${tool} -${r.op}`, detail: tool + (r.phase === 'setup' ? '' : ` (${r.phase})`), kind: 'event', range: r.loc.range, selectionRange: sel(r.loc.range, (r.chain ?? r.target ?? r).loc?.range ?? r.loc.range) });
  }
  for (const o of out) if (!o.detail) delete o.detail;
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

// ---- workspace symbols --------------------------------------------------------------------------------------

const wsCache = new WeakMap<readonly ParsedConfig[], WeakMap<readonly SnippetFile[], WorkspaceSymbol[]>>();

function allSymbols(configs: readonly ParsedConfig[], snippets: readonly SnippetFile[]): WorkspaceSymbol[] {
  let bySnip = wsCache.get(configs);
  if (!bySnip) wsCache.set(configs, (bySnip = new WeakMap()));
  const hit = bySnip.get(snippets);
  if (hit) return hit;
  const out: WorkspaceSymbol[] = [];
  const seen = new Set<string>();
  const push = (name: string, kind: OutlineKind, w: { file: string; range: Range }, container?: string): void => {
    const k = `${name}\u0000${w.file}\u0000${w.range.start.line}:${w.range.start.character}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ name, kind, file: w.file, range: w.range, ...(container ? { container } : {}) });
  };
  for (const c of configs) {
    const m = modelOf(c);
    for (const kind of ['vrrp_instance', 'vrrp_sync_group', 'vrrp_script', 'track_file', 'vrrp_track_process', 'bfd_instance', 'virtual_server_group'] as const) {
      for (const d of m.definitions[kind]) if (d.nameWord) push(d.name, KINDS[kind], d.nameWord, kind);
    }
    for (const i of m.instances) for (const v of [...i.vips, ...i.excludedVips]) push(v.address.word.text, 'constant', v.address.word, `vrrp_instance ${i.name}`);
    for (const vs of m.virtualServers) {
      const label = virtualServerLabel(vs);
      push(label, 'object', vs.statement.keyword, 'virtual_server');
      for (const rs of vs.realServers) push(realServerLabel(rs), 'field', rs.statement.keyword, label);
    }
  }
  for (const s of snippets) {
    const base = s.file.slice(s.file.lastIndexOf('/') + 1);
    for (const a of s.addresses) push(`${a.address}/${a.prefix} on ${a.label ?? a.device}`, 'constant', a.loc, base);
    for (const x of s.sysctls) push(`${x.key} = ${x.valueToken.text}`, 'property', x.loc, base);
  }
  bySnip.set(snippets, out);
  return out;
}

/** Characters of `query` appear in `name` in order, case-insensitively (an empty query matches everything). */
function matches(name: string, q: string): boolean {
  if (!q) return true;
  const n = name.toLowerCase();
  let i = 0;
  for (const c of q) {
    i = n.indexOf(c, i);
    if (i < 0) return false;
    i++;
  }
  return true;
}

/** Workspace symbols whose name matches `query` (substring matches first), at most `limit`. */
export function workspaceSymbols(configs: readonly ParsedConfig[], snippets: readonly SnippetFile[], query: string, limit = 1000): WorkspaceSymbol[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const all = allSymbols(configs, snippets);
  const exact: WorkspaceSymbol[] = [];
  const fuzzy: WorkspaceSymbol[] = [];
  for (const s of all) {
    if (exact.length >= limit) break;
    if (!q || s.name.toLowerCase().includes(q)) exact.push(s);
    else if (fuzzy.length < limit && matches(s.name, q)) fuzzy.push(s);
  }
  return [...exact, ...fuzzy].slice(0, limit);
}
