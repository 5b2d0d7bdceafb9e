/**
 * Go to definition, find references and rename, editor-agnostic, over the workspace's last analysis: the root
 * configs (each with its includes) and the real-server files.
 *
 * Three kinds of symbol:
 * - **names** of definitions (`vrrp_instance`, `vrrp_sync_group`, `vrrp_script`, `track_file`,
 *   `vrrp_track_process`, `bfd_instance`, `virtual_server_group`) and their references (the director model's
 *   `references`: track entries, sync group members, `virtual_server group NAME`, checker arguments). A name is
 *   resolved per root config as keepalived does; a file read by several roots (conf.d/ of a master and a backup)
 *   joins them: references and rename cover every root that reads a file holding an occurrence.
 * - **`$NAME` variables**: the `$NAME=` definitions and every `$NAME` / `${NAME}` use, found in the text of every
 *   file of the roots concerned (inactive `@id` lines and uses inside other definitions included).
 * - **VIPs**: VRRP instances' `virtual_ipaddress` lines, `static_ipaddress` lines, `virtual_server` heads and
 *   `virtual_server_group` entries of every director, and the address tokens of the real-server files (addresses,
 *   routes, arptables / iptables rule tokens).
 *
 * A word whose text comes from `$NAME` is found at its use; a rename edits the definition's value instead (or
 * refuses when the text is not written there as a whole word). A real-server token whose value comes from a script
 * variable (`$VIP`) is renamed in the variable's assignment (following `for v in $VIPS` one level at a time).
 * Indexes are built once per ParsedConfig / cluster object (WeakMap), so repeated requests on a large config are
 * cheap.
 */
import type { Definition, ParsedConfig, Statement, VariableUse, Word } from '../keepalived/ast';
import type { Location, Position, Range, TextEdit } from '../types';
import { modelOf, readAddress, type DefinitionKind, type NamedBlock, type Reference } from '../model/index';
import type { SnippetFile, Token } from '../realserver/types';
import { addressKey } from '../cluster/dr';
import { inside, wordAt } from './context';

/** What the features read: the root configs and the real-server files of the last analysis. */
export interface NavWorkspace {
  configs: readonly ParsedConfig[];
  snippets: readonly SnippetFile[];
}

export type NavSymbol =
  | { kind: 'name'; target: DefinitionKind; name: string; range: Range }
  | { kind: 'variable'; name: string; range: Range }
  | { kind: 'address'; key: string; family: 4 | 6; text: string; range: Range };

export interface NavLocation extends Location {
  /** The definition of the symbol (`vrrp_script chk` name, `$NAME=`), else a reference. */
  definition?: boolean;
}

export type RenameResult = { edits: TextEdit[] } | { error: string };

const DEFINITION_KINDS: readonly string[] = ['vrrp_instance', 'vrrp_sync_group', 'vrrp_script', 'track_file', 'vrrp_track_process', 'bfd_instance', 'virtual_server_group'];

// ---- small text helpers -------------------------------------------------------------------------------------

const linesCache = new WeakMap<object, Map<string, string[]>>();

/** The lines of `file` as `owner` (a ParsedConfig or SnippetFile) read it. */
function linesOf(owner: ParsedConfig | SnippetFile, file: string): string[] {
  let m = linesCache.get(owner);
  if (!m) linesCache.set(owner, (m = new Map()));
  let ls = m.get(file);
  if (!ls) {
    const text = 'texts' in owner ? (owner.texts.get(file) ?? '') : owner.text;
    m.set(file, (ls = text.split(/\r\n|\r|\n/)));
  }
  return ls;
}

const key = (l: { file: string; range: Range }): string => `${l.file}\u0000${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
const rng = (line: number, a: number, b: number): Range => ({ start: { line, character: a }, end: { line, character: b } });

function where(l: { file: string; range: Range }): string {
  return `${l.file.slice(l.file.lastIndexOf('/') + 1)}:${l.range.start.line + 1}`;
}

/** Offsets of whole-token occurrences of `needle` in `hay`. `before`/`after`: characters allowed around it. */
function tokenHits(hay: string, needle: string, before: RegExp, after: RegExp): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
    const b = i === 0 ? '' : hay[i - 1];
    const a = i + needle.length >= hay.length ? '' : hay[i + needle.length];
    if ((b === '' || before.test(b)) && (a === '' || after.test(a))) out.push(i);
  }
  return out;
}

/** The end of the code part of a keepalived line: the first `#` or `!` outside quotes. */
function codeEnd(line: string, from = 0): number {
  let q = false;
  for (let i = from; i < line.length; i++) {
    const c = line[i];
    if (c === '"') q = !q;
    else if (!q && (c === '#' || c === '!')) return i;
  }
  return line.length;
}

// ---- per-config index of names ------------------------------------------------------------------------------

interface NameEntry {
  defs: NamedBlock[];
  refs: Reference[];
}

interface ConfigIndex {
  byName: Map<string, NameEntry>;
  byWord: Map<Word, { target: DefinitionKind; name: string }>;
  usesByFile: Map<string, VariableUse[]>;
  defsByFile: Map<string, Definition[]>;
  defsByLoc: Map<string, Definition>;
}

const configIndexes = new WeakMap<ParsedConfig, ConfigIndex>();
const nameKey = (kind: string, name: string): string => `${kind}\u0000${name}`;

function configIndex(config: ParsedConfig): ConfigIndex {
  let ix = configIndexes.get(config);
  if (ix) return ix;
  const m = modelOf(config);
  ix = { byName: new Map(), byWord: new Map(), usesByFile: new Map(), defsByFile: new Map(), defsByLoc: new Map() };
  const entry = (kind: string, name: string): NameEntry => {
    const k = nameKey(kind, name);
    let e = ix!.byName.get(k);
    if (!e) ix!.byName.set(k, (e = { defs: [], refs: [] }));
    return e;
  };
  for (const kind of DEFINITION_KINDS as DefinitionKind[]) {
    for (const d of m.definitions[kind]) {
      if (!d.nameWord) continue;
      entry(kind, d.name).defs.push(d);
      ix.byWord.set(d.nameWord, { target: kind, name: d.name });
    }
  }
  for (const r of m.references) {
    entry(r.target, r.word.text).refs.push(r);
    ix.byWord.set(r.word, { target: r.target, name: r.word.text });
  }
  for (const u of config.uses) {
    let l = ix.usesByFile.get(u.file);
    if (!l) ix.usesByFile.set(u.file, (l = []));
    l.push(u);
  }
  for (const d of config.definitions) {
    let l = ix.defsByFile.get(d.location.file);
    if (!l) ix.defsByFile.set(d.location.file, (l = []));
    l.push(d);
    ix.defsByLoc.set(key(d.location), d);
  }
  configIndexes.set(config, ix);
  return ix;
}

const readsCache = new WeakMap<ParsedConfig, Set<string>>();
function reads(config: ParsedConfig, file: string): boolean {
  let s = readsCache.get(config);
  if (!s) readsCache.set(config, (s = new Set(config.files)));
  return s.has(file);
}

/** The roots that read `file` (the analysed config first when given). */
function readersOf(ws: NavWorkspace, file: string, first?: ParsedConfig): ParsedConfig[] {
  const out = first && reads(first, file) ? [first] : [];
  for (const c of ws.configs) if (c !== first && reads(c, file)) out.push(c);
  return out;
}

// ---- VIP index over the workspace --------------------------------------------------------------------------

interface AddressOcc {
  file: string;
  /** The address part on screen (for an expanded or variable token: the `$NAME` use). */
  range: Range;
  /** Text of the address as written in the value (without prefix). */
  needle: string;
  role: string;
  /** keepalived side. */
  config?: ParsedConfig;
  word?: Word;
  /** The first address of a `virtual_server_group` range (`192.0.2.10-20`): not renamed. */
  rangeStart?: boolean;
  /** Real-server side. */
  snippet?: SnippetFile;
  token?: Token;
}

interface AddressIndex {
  byKey: Map<string, AddressOcc[]>;
  /** Occurrences per file, for the lookup at a position. */
  byFile: Map<string, AddressOcc[]>;
  /** Keys the directors hold as VIPs or serve as virtual servers. */
  vips: Set<string>;
}

const addressIndexes = new WeakMap<readonly ParsedConfig[], WeakMap<readonly SnippetFile[], AddressIndex>>();

const bare = (t: string): string => {
  const s = t.indexOf('/');
  return s >= 0 ? t.slice(0, s) : t;
};

/** The on-screen range of `needle` inside a keepalived word (the word itself when it is expanded). */
function wordNeedleRange(config: ParsedConfig, w: Word, needle: string): Range {
  const r = w.range;
  if (w.expansion || r.start.line !== r.end.line) return r;
  const line = linesOf(config, w.file)[r.start.line] ?? '';
  const i = line.slice(r.start.character, r.end.character).indexOf(needle);
  return i < 0 ? r : rng(r.start.line, r.start.character + i, r.start.character + i + needle.length);
}

function tokenNeedleRange(s: SnippetFile, t: Token, needle: string): Range {
  const r = t.loc.range;
  if (t.fromVariable || r.start.line !== r.end.line) return r;
  const line = linesOf(s, s.file)[r.start.line] ?? '';
  const i = line.slice(r.start.character, r.end.character).indexOf(needle);
  return i < 0 ? r : rng(r.start.line, r.start.character + i, r.start.character + i + needle.length);
}

function addressIndex(ws: NavWorkspace): AddressIndex {
  let bySnip = addressIndexes.get(ws.configs);
  if (!bySnip) addressIndexes.set(ws.configs, (bySnip = new WeakMap()));
  let ix = bySnip.get(ws.snippets);
  if (ix) return ix;
  ix = { byKey: new Map(), byFile: new Map(), vips: new Set() };
  const seen = new Set<string>();
  const add = (k: string, o: AddressOcc): void => {
    const id = key(o);
    if (seen.has(id)) return;
    seen.add(id);
    let l = ix!.byKey.get(k);
    if (!l) ix!.byKey.set(k, (l = []));
    l.push(o);
    let f = ix!.byFile.get(o.file);
    if (!f) ix!.byFile.set(o.file, (f = []));
    f.push(o);
  };
  for (const config of ws.configs) {
    const m = modelOf(config);
    const kw = (k: string, w: Word, role: string, rangeStart = false): void => {
      const needle = bare(rangeStart ? w.text.slice(0, w.text.indexOf('-')) : w.text);
      add(k, { file: w.file, range: wordNeedleRange(config, w, needle), needle, role, config, word: w, ...(rangeStart ? { rangeStart } : {}) });
    };
    for (const inst of m.instances) {
      for (const v of [...inst.vips, ...inst.excludedVips]) {
        ix.vips.add(v.address.key);
        kw(v.address.key, v.address.word, `${v.excluded ? 'excluded VIP' : 'VIP'} of vrrp_instance ${inst.name}`);
      }
    }
    for (const a of m.staticAddresses) {
      ix.vips.add(a.address.key);
      kw(a.address.key, a.address.word, 'static_ipaddress');
    }
    for (const vs of m.virtualServers) {
      if (vs.address) {
        ix.vips.add(vs.address.key);
        kw(vs.address.key, vs.address.word, 'virtual_server');
      }
    }
    for (const g of m.virtualServerGroups) {
      for (const e of g.entries) {
        if (e.kind === 'address') {
          ix.vips.add(e.address.key);
          kw(e.address.key, e.address.word, `virtual_server_group ${g.name}`);
        } else if (e.kind === 'range') {
          ix.vips.add(e.first.key);
          kw(e.first.key, e.word, `virtual_server_group ${g.name} (range ${e.word.text})`, true);
        }
      }
    }
  }
  for (const s of ws.snippets) {
    const tok = (t: Token | undefined, role: string): void => {
      if (!t) return;
      const needle = bare(t.text);
      const k = addressKey(needle);
      if (!k) return;
      add(k, { file: s.file, range: tokenNeedleRange(s, t, needle), needle, role, snippet: s, token: t });
    };
    for (const a of s.addresses) tok(a.addressToken, `address on ${a.label ?? a.device}`);
    for (const r of s.routes) tok(r.destination, 'route');
    for (const r of s.arpRules) {
      tok(r.destination, 'arptables destination');
      tok(r.source, 'arptables source');
      tok(r.mangleIpS, 'arptables --mangle-ip-s');
      tok(r.mangleIpD, 'arptables --mangle-ip-d');
    }
    for (const r of s.iptRules) {
      tok(r.destination, `${r.family === 6 ? 'ip6tables' : 'iptables'} destination`);
      tok(r.source, `${r.family === 6 ? 'ip6tables' : 'iptables'} source`);
    }
  }
  bySnip.set(ws.snippets, ix);
  return ix;
}

// ---- the symbol at a position -------------------------------------------------------------------------------

/** The `$NAME` variable at `pos` (a use or the name of a `$NAME=` definition). */
function variableAt(config: ParsedConfig, file: string, pos: Position): NavSymbol | undefined {
  const ix = configIndex(config);
  for (const u of ix.usesByFile.get(file) ?? []) if (inside(pos, u.range)) return { kind: 'variable', name: u.name, range: u.range };
  for (const d of ix.defsByFile.get(file) ?? []) {
    const r = { start: { line: d.nameRange.start.line, character: Math.max(0, d.nameRange.start.character - 1) }, end: d.nameRange.end };
    if (inside(pos, r)) return { kind: 'variable', name: d.name, range: d.nameRange };
  }
  return undefined;
}

/**
 * The symbol under the cursor. `config`: the analysis of the root that read `file` (keepalived files); real-server
 * files are looked up in the workspace's address index.
 */
export function symbolAt(ws: NavWorkspace, config: ParsedConfig | undefined, file: string, pos: Position): NavSymbol | undefined {
  if (config && reads(config, file)) {
    const v = variableAt(config, file, pos);
    if (v) return v;
    const hit = wordAt(config, file, pos);
    if (!hit) return undefined;
    const named = configIndex(config).byWord.get(hit.word);
    if (named) return { kind: 'name', target: named.target, name: named.name, range: hit.word.range };
    const ai = addressIndex(ws);
    for (const o of ai.byFile.get(file) ?? []) {
      if (o.word === hit.word) {
        const k = readAddress(o.word, o.needle)?.key ?? addressKey(o.needle);
        if (k) return { kind: 'address', key: k, family: k.includes(':') ? 6 : 4, text: o.needle, range: o.range };
      }
    }
    return undefined;
  }
  const ai = addressIndex(ws);
  for (const o of ai.byFile.get(file) ?? []) {
    if (!o.snippet || !inside(pos, o.range)) continue;
    const k = addressKey(o.needle);
    if (k && ai.vips.has(k)) return { kind: 'address', key: k, family: k.includes(':') ? 6 : 4, text: o.needle, range: o.range };
  }
  return undefined;
}

// ---- names -----------------------------------------------------------------------------------------------------

interface NameOcc {
  config: ParsedConfig;
  word: Word;
  definition: boolean;
}

/** Every occurrence of a name across the roots joined by the files holding its occurrences. */
function nameOccurrences(ws: NavWorkspace, start: ParsedConfig[], target: DefinitionKind, name: string): { occs: NameOcc[]; configs: ParsedConfig[] } {
  const done = new Set<ParsedConfig>();
  const queue = [...start];
  const occs: NameOcc[] = [];
  const seen = new Set<string>();
  while (queue.length && done.size < 256) {
    const c = queue.shift()!;
    if (done.has(c)) continue;
    done.add(c);
    const e = configIndex(c).byName.get(nameKey(target, name));
    if (!e) continue;
    const files = new Set<string>();
    const push = (word: Word, definition: boolean): void => {
      files.add(word.file);
      const k = key(word);
      if (seen.has(k)) return;
      seen.add(k);
      occs.push({ config: c, word, definition });
    };
    for (const d of e.defs) push(d.nameWord!, true);
    for (const r of e.refs) push(r.word, false);
    for (const f of files) for (const other of ws.configs) if (!done.has(other) && reads(other, f)) queue.push(other);
  }
  return { occs, configs: [...done] };
}

// ---- variables ---------------------------------------------------------------------------------------------------

/** The roots joined by shared files, starting from those that read `file`. */
function fileClosure(ws: NavWorkspace, start: ParsedConfig[]): ParsedConfig[] {
  const done = new Set<ParsedConfig>();
  const queue = [...start];
  while (queue.length && done.size < 256) {
    const c = queue.shift()!;
    if (done.has(c)) continue;
    done.add(c);
    for (const f of c.files) for (const o of ws.configs) if (!done.has(o) && reads(o, f)) queue.push(o);
  }
  return [...done];
}

interface VarOcc {
  file: string;
  /** The whole `$NAME` / `${NAME}` use, or the name of a definition. */
  range: Range;
  /** The name itself (what a rename replaces). */
  nameRange: Range;
  definition: boolean;
}

const NAME_CHAR = /[A-Za-z0-9_]/;

/** `$NAME=` definitions and `$NAME` / `${NAME}` uses in the text of a file, as keepalived's reader finds them. */
function variableOccurrences(lines: string[], file: string, name: string, out: VarOcc[]): void {
  let continuation = false;
  for (let l = 0; l < lines.length; l++) {
    const line = lines[l];
    if (line.indexOf('$') < 0) {
      continuation = continuation && line.trimEnd().endsWith('\\');
      continue;
    }
    let i = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (!continuation && line[i] === '@') {
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    }
    const end = codeEnd(line, i);
    let from = i;
    let definition = false;
    if (!continuation && line[i] === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)=/.exec(line.slice(i, end));
      if (m) {
        if (m[1] === name) out.push({ file, range: rng(l, i + 1, i + 1 + name.length), nameRange: rng(l, i + 1, i + 1 + name.length), definition: true });
        from = i + m[0].length;
        definition = true;
      }
    }
    for (let p = line.indexOf('$', from); p >= 0 && p < end; p = line.indexOf('$', p + 1)) {
      const braces = line[p + 1] === '{';
      const s = p + (braces ? 2 : 1);
      if (!line.startsWith(name, s) || NAME_CHAR.test(line[s + name.length] ?? '')) continue;
      const after = s + name.length;
      if (braces) {
        let q = after;
        while (q < end && (line[q] === ' ' || (line[q] >= '0' && line[q] <= '9'))) q++;
        if (line[q] !== '}') continue;
        out.push({ file, range: rng(l, p, q + 1), nameRange: rng(l, s, after), definition: false });
      } else {
        const c = line[after];
        if (c !== undefined && after < end && c !== ' ' && c !== '\t' && c !== ',' && c !== ')') continue;
        out.push({ file, range: rng(l, p, after), nameRange: rng(l, s, after), definition: false });
      }
    }
    // Only a definition continues on the next line (`$NAME=a \` … ).
    continuation = (definition || continuation) && line.trimEnd().endsWith('\\');
  }
}

function variableOccs(ws: NavWorkspace, configs: ParsedConfig[], name: string): VarOcc[] {
  const out: VarOcc[] = [];
  const files = new Set<string>();
  for (const c of configs) {
    for (const f of c.files) {
      if (files.has(f)) continue;
      files.add(f);
      variableOccurrences(linesOf(c, f), f, name, out);
    }
  }
  return out;
}

// ---- definition and references ------------------------------------------------------------------------------

/** Where the symbol at `pos` is defined (several places when roots sharing the file define it apart). */
export function definitionAt(ws: NavWorkspace, config: ParsedConfig | undefined, file: string, pos: Position): NavLocation[] {
  const sym = symbolAt(ws, config, file, pos);
  if (!sym) return [];
  const roots = readersOf(ws, file, config);
  const out: NavLocation[] = [];
  const seen = new Set<string>();
  const push = (l: Location): void => {
    const k = key(l);
    if (!seen.has(k)) out.push({ file: l.file, range: l.range, definition: true });
    seen.add(k);
  };
  if (sym.kind === 'name') {
    for (const c of roots) {
      const d = modelOf(c).byName[sym.target].get(sym.name);
      if (d?.nameWord) push({ file: d.nameWord.file, range: d.nameWord.range });
    }
  } else if (sym.kind === 'variable') {
    for (const c of roots) {
      const ix = configIndex(c);
      const use = (ix.usesByFile.get(file) ?? []).find((u) => inside(pos, u.range));
      if (use?.definition) push({ file: use.definition.location.file, range: use.definition.nameRange });
      else if (!use) for (const d of c.definitions) if (d.name === sym.name && inside(pos, d.nameRange) && d.location.file === file) push({ file, range: d.nameRange });
      // The word the use produced may be a reference: its definition too (F12 on `track_script { $CHK }`).
      const hit = wordAt(c, file, pos);
      const named = hit && ix.byWord.get(hit.word);
      if (named) {
        const d = modelOf(c).byName[named.target].get(named.name);
        if (d?.nameWord && d.nameWord !== hit.word) push({ file: d.nameWord.file, range: d.nameWord.range });
      }
    }
  } else {
    // A VIP is "defined" where the directors hold it: the virtual_ipaddress / static_ipaddress lines.
    for (const o of addressIndex(ws).byKey.get(sym.key) ?? []) if (o.role.includes('VIP of') || o.role === 'static_ipaddress') push(o);
    if (!out.length) for (const o of addressIndex(ws).byKey.get(sym.key) ?? []) if (o.role === 'virtual_server') push(o);
  }
  return out;
}

/** Every occurrence of the symbol at `pos` across the workspace (definitions flagged). */
export function referencesAt(ws: NavWorkspace, config: ParsedConfig | undefined, file: string, pos: Position, includeDeclaration = true): NavLocation[] {
  const sym = symbolAt(ws, config, file, pos);
  if (!sym) return [];
  let out: NavLocation[];
  if (sym.kind === 'name') {
    out = nameOccurrences(ws, readersOf(ws, file, config), sym.target, sym.name).occs.map((o) => ({ file: o.word.file, range: o.word.range, ...(o.definition ? { definition: true } : {}) }));
  } else if (sym.kind === 'variable') {
    out = variableOccs(ws, fileClosure(ws, readersOf(ws, file, config)), sym.name).map((o) => ({ file: o.file, range: o.definition ? o.nameRange : o.range, ...(o.definition ? { definition: true } : {}) }));
  } else {
    out = (addressIndex(ws).byKey.get(sym.key) ?? []).map((o) => ({ file: o.file, range: o.range, ...(o.role.includes('VIP of') || o.role === 'static_ipaddress' ? { definition: true } : {}) }));
  }
  const filtered = includeDeclaration ? out : out.filter((l) => !l.definition);
  return filtered.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

// ---- rename ---------------------------------------------------------------------------------------------------

/** keepalived reads a name as one word: no blank, brace, quote or comment character, not a `$`/`@`/`~` form. */
export function validName(name: string): string | undefined {
  if (!name) return 'The new name is empty.';
  if (/[\s{}"#!]/.test(name)) return `\`${name}\` is not one keepalived word: a name cannot hold blanks, braces, quotes, \`#\` or \`!\`.`;
  if (/^[$@~]/.test(name)) return `\`${name}\` would be read as a \`${name[0]}\` form, not a name.`;
  if (name.length > 255) return 'The new name is longer than 255 characters.';
  return undefined;
}

/** Where the cursor's symbol can be renamed, and the text to start from; an error message when it cannot. */
export function prepareRenameAt(ws: NavWorkspace, config: ParsedConfig | undefined, file: string, pos: Position): { range: Range; placeholder: string } | { error: string } | undefined {
  const sym = symbolAt(ws, config, file, pos);
  if (!sym) return undefined;
  if (sym.kind === 'address') {
    const ix = addressIndex(ws);
    if (!ix.vips.has(sym.key)) return { error: `\`${sym.text}\` is no VIP of the directors: only VIPs are renamed across the workspace.` };
    // Every occurrence must be editable whatever the new address (the edits do not depend on it).
    const dry = addressEdits(ix, sym, sym.text);
    if ('error' in dry) return dry;
    return { range: sym.range, placeholder: sym.text };
  }
  if (sym.kind === 'variable') {
    if (sym.name.startsWith('_') && !hasDefinition(ws, config, file, sym.name)) return { error: `\`$${sym.name}\` is predefined by keepalived and cannot be renamed.` };
    return { range: sym.range.start.character < sym.range.end.character ? nameRangeOf(sym) : sym.range, placeholder: sym.name };
  }
  const dry = nameEdits(nameOccurrences(ws, readersOf(ws, file, config), sym.target, sym.name).occs, sym.name, sym.name);
  if ('error' in dry) return dry;
  return { range: sym.range, placeholder: sym.name };
}

function hasDefinition(ws: NavWorkspace, config: ParsedConfig | undefined, file: string, name: string): boolean {
  return readersOf(ws, file, config).some((c) => c.definitions.some((d) => d.name === name));
}

/** The name inside a `$NAME` / `${NAME}` use range. */
function nameRangeOf(sym: { name: string; range: Range }): Range {
  const r = sym.range;
  if (r.end.character - r.start.character === sym.name.length) return r;
  const braces = r.end.character - r.start.character === sym.name.length + 3;
  const s = r.start.character + (braces ? 2 : 1);
  return rng(r.start.line, s, s + sym.name.length);
}

/** The edits that rename the cursor's symbol to `newName`, or why that cannot be done exactly. */
export function renameAt(ws: NavWorkspace, config: ParsedConfig | undefined, file: string, pos: Position, newName: string): RenameResult | undefined {
  const sym = symbolAt(ws, config, file, pos);
  if (!sym) return undefined;
  if (sym.kind === 'name') return renameName(ws, readersOf(ws, file, config), sym.target, sym.name, newName);
  if (sym.kind === 'variable') return renameVariable(ws, readersOf(ws, file, config), sym.name, newName);
  return renameAddress(ws, sym, newName);
}

function renameName(ws: NavWorkspace, start: ParsedConfig[], target: DefinitionKind, name: string, newName: string): RenameResult {
  const bad = validName(newName);
  if (bad) return { error: bad };
  if (newName === name) return { edits: [] };
  const { occs, configs } = nameOccurrences(ws, start, target, name);
  for (const c of configs) {
    const other = modelOf(c).byName[target].get(newName);
    if (other?.nameWord) return { error: `A \`${target}\` named \`${newName}\` already exists (${where(other.nameWord)}).` };
  }
  return nameEdits(occs, name, newName);
}

function nameEdits(occs: NameOcc[], name: string, newName: string): RenameResult {
  const edits = new Edits();
  for (const o of occs) {
    const r = wordEdit(o.config, o.word, name, newName, NAME_BEFORE, NAME_AFTER);
    if (typeof r === 'string') return { error: r };
    edits.add(r);
  }
  return { edits: edits.list() };
}

function renameVariable(ws: NavWorkspace, start: ParsedConfig[], name: string, newName: string): RenameResult {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return { error: `\`${newName}\` is no keepalived variable name (a letter or \`_\`, then letters, digits, \`_\`).` };
  if (newName === name) return { edits: [] };
  const configs = fileClosure(ws, start);
  if (!configs.some((c) => c.definitions.some((d) => d.name === name))) {
    return { error: name.startsWith('_') ? `\`$${name}\` is predefined by keepalived and cannot be renamed.` : `\`$${name}\` has no definition (\`$${name}=...\`): nothing to rename.` };
  }
  for (const c of configs) {
    const d = c.definitions.find((x) => x.name === newName);
    if (d) return { error: `\`$${newName}\` is already defined (${where(d.location)}).` };
  }
  const occs = variableOccs(ws, configs, name);
  return { edits: occs.map((o) => ({ file: o.file, range: o.nameRange, newText: newName })) };
}

function renameAddress(ws: NavWorkspace, sym: Extract<NavSymbol, { kind: 'address' }>, newText: string): RenameResult {
  const ix = addressIndex(ws);
  if (!ix.vips.has(sym.key)) return { error: `\`${sym.text}\` is no VIP of the directors: only VIPs are renamed across the workspace.` };
  if (newText.includes('/')) return { error: 'Give the new address without a prefix length (the prefixes written with the VIP are kept).' };
  const k = addressKey(newText);
  if (!k) return { error: `\`${newText}\` is not an IP address.` };
  const fam = k.includes(':') ? 6 : 4;
  if (fam !== sym.family) return { error: `\`${newText}\` is an IPv${fam} address; the VIP \`${sym.text}\` is IPv${sym.family} (its instances and rules would change family).` };
  if (k === sym.key) return { edits: [] };
  const taken = ix.byKey.get(k)?.[0];
  if (taken && ix.vips.has(k)) return { error: `\`${newText}\` is already a VIP (${taken.role}, ${where(taken)}): renaming would merge the two; edit by hand if that is meant.` };
  return addressEdits(ix, sym, newText);
}

function addressEdits(ix: AddressIndex, sym: Extract<NavSymbol, { kind: 'address' }>, newText: string): RenameResult {
  const edits = new Edits();
  for (const o of ix.byKey.get(sym.key) ?? []) {
    if (o.rangeStart) return { error: `\`${sym.text}\` starts the address range \`${o.word!.text}\` of a virtual_server_group (${where(o)}): edit the range by hand.` };
    if (o.config && o.word) {
      const r = wordEdit(o.config, o.word, o.needle, newText, ADDR_BEFORE, ADDR_AFTER);
      if (typeof r === 'string') return { error: r };
      edits.add(r);
    } else if (o.snippet && o.token) {
      const r = tokenEdits(o.snippet, o.token, o.needle, newText);
      if (typeof r === 'string') return { error: r };
      for (const e of r) edits.add(e);
    }
  }
  return { edits: edits.list() };
}

class Edits {
  private readonly m = new Map<string, TextEdit>();
  add(e: TextEdit): void {
    this.m.set(key(e), e);
  }
  list(): TextEdit[] {
    return [...this.m.values()];
  }
}

const NAME_BEFORE = /[\s{}"]/;
const NAME_AFTER = /[\s{}"]/;
const ADDR_BEFORE = /[\s{}"]/;
const ADDR_AFTER = /[\s{}"/-]/;

/** The edit that replaces `needle` in a keepalived word: in place, or in the `$NAME=` definition it came from. */
function wordEdit(config: ParsedConfig, w: Word, needle: string, newText: string, before: RegExp, after: RegExp): TextEdit | string {
  const r = w.range;
  if (!w.expansion) {
    if (r.start.line === r.end.line) {
      const line = linesOf(config, w.file)[r.start.line] ?? '';
      const screen = line.slice(r.start.character, r.end.character);
      const hits = tokenHits(screen, needle, /["]/, /["/-]/);
      if (hits.length === 1) return { file: w.file, range: rng(r.start.line, r.start.character + hits[0], r.start.character + hits[0] + needle.length), newText };
    }
    return `\`${needle}\` at ${where(w)} is not written as one word there: rename cannot edit it exactly.`;
  }
  const exp = w.expansion;
  if (!exp.definition) {
    return `\`${w.text}\` at ${where(w)} is produced by \`${exp.name}\` (${exp.name.startsWith('_') ? 'predefined by keepalived' : 'a ~SEQ/~LST generator'}): rename cannot edit it; change it by hand.`;
  }
  const def = configIndex(config).defsByLoc.get(key(exp.definition));
  if (!def) return `\`${w.text}\` at ${where(w)} is produced by \`$${exp.name}\` of a ~SEQ/~LST line (${where(exp.definition)}): rename cannot edit it; change it by hand.`;
  const lines = linesOf(config, exp.definition.file);
  const first = exp.definition.range.start.line;
  const hits: { line: number; col: number }[] = [];
  if (def) {
    let l = first;
    let from = lines[first]?.indexOf('=', def.nameRange.end.character) ?? -1;
    if (from >= 0) {
      from++;
      for (; l < lines.length; l++, from = 0) {
        const line = lines[l];
        const end = codeEnd(line, from);
        for (const h of tokenHits(line.slice(from, end), needle, before, after)) hits.push({ line: l, col: from + h });
        if (!def.multiline || !line.slice(0, end).trimEnd().endsWith('\\')) break;
      }
    }
  }
  if (hits.length === 1) {
    const h = hits[0];
    return { file: exp.definition.file, range: rng(h.line, h.col, h.col + needle.length), newText };
  }
  return `\`${needle}\` at ${where(w)} comes from \`$${exp.name}\` (${where(exp.definition)}), whose value ${hits.length ? `holds it ${hits.length} times` : 'does not hold it as a whole word'}: rename cannot edit it exactly. Change the definition by hand.`;
}

const SH_BEFORE = /[\s"'=(,]/;
const SH_AFTER = /[\s"'),;/:]/;

/** The edits that replace `needle` in a real-server token: in place, or in the script variable it came from. */
function tokenEdits(s: SnippetFile, t: Token, needle: string, newText: string): TextEdit[] | string {
  const r = t.loc.range;
  const lines = linesOf(s, s.file);
  if (r.start.line !== r.end.line) return `\`${needle}\` at ${where(t.loc)} spans several lines: rename cannot edit it exactly.`;
  const screen = (lines[r.start.line] ?? '').slice(r.start.character, r.end.character);
  if (!t.fromVariable) {
    const hits = tokenHits(screen, needle, /["'=]/, /["'/:,]/);
    if (hits.length === 1) return [{ file: s.file, range: rng(r.start.line, r.start.character + hits[0], r.start.character + hits[0] + needle.length), newText }];
    return `\`${needle}\` at ${where(t.loc)} is not written as one word there: rename cannot edit it exactly.`;
  }
  const m = /^"?\$\{?([A-Za-z_][A-Za-z0-9_]*)(\[[^\]]*\])?\}?"?$/.exec(screen);
  if (!m) return `\`${needle}\` at ${where(t.loc)} is built from \`${screen}\`: rename cannot edit it exactly. Change the script by hand.`;
  const edits: TextEdit[] = [];
  const why = variableEdits(s, lines, m[1], needle, newText, edits, 0, new Set());
  if (why) return `\`${needle}\` at ${where(t.loc)} comes from \`$${m[1]}\`, ${why}: rename cannot edit it exactly. Change the script by hand.`;
  return edits;
}

/** Edits the assignments of script variable `name` whose value holds `needle`; a reason when that fails. */
function variableEdits(s: SnippetFile, lines: string[], name: string, needle: string, newText: string, out: TextEdit[], depth: number, visited: Set<string>): string | undefined {
  if (visited.has(name)) return undefined;
  visited.add(name);
  const facts = s.variables.filter((v) => (v.name === name || v.name.startsWith(`${name}[`)) && v.values.some((x) => x === needle || x.split(/\s+/).includes(needle)));
  if (!facts.length) return `whose assignment is not known`;
  const seen = new Set<string>();
  for (const f of facts) {
    const k = key(f.loc);
    if (seen.has(k)) continue;
    seen.add(k);
    // The assignment: from its start to the end of the line (an array runs to its closing parenthesis).
    const l0 = f.loc.range.start.line;
    let region = '';
    const starts: { line: number; offset: number; col: number }[] = [];
    let depthP = 0;
    for (let l = l0; l < lines.length && l < l0 + 64; l++) {
      const col = l === l0 ? f.loc.range.start.character : 0;
      const seg = lines[l].slice(col);
      starts.push({ line: l, offset: region.length, col });
      region += seg + '\n';
      for (const c of seg) depthP += c === '(' ? 1 : c === ')' ? -1 : 0;
      if (depthP <= 0 && !seg.endsWith('\\')) break;
    }
    const hits = tokenHits(region, needle, SH_BEFORE, SH_AFTER);
    if (hits.length) {
      for (const h of hits) {
        let st = starts[0];
        for (const x of starts) if (x.offset <= h) st = x;
        const col = st.col + (h - st.offset);
        out.push({ file: s.file, range: rng(st.line, col, col + needle.length), newText });
      }
      continue;
    }
    // `for v in $VIPS`: the value comes from another variable of the same statement.
    if (depth >= 3) return `whose value comes through too many variables`;
    const refs = [...region.slice(0, region.indexOf('\n')).matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((x) => x[1]).filter((n) => n !== name);
    if (!refs.length) return `whose assignment (${where(f.loc)}) does not hold it as written text`;
    let ok = false;
    for (const n of refs) {
      const before = out.length;
      const why = variableEdits(s, lines, n, needle, newText, out, depth + 1, visited);
      if (!why && out.length > before) ok = true;
      else out.length = before;
    }
    if (!ok) return `whose assignment (${where(f.loc)}) does not hold it as written text`;
  }
  return undefined;
}

/** Statement ranges for the outline and selection: from the keyword to the block's `}` (or the last word). */
export function statementRange(s: Statement, file: string): Range {
  const start = s.keyword.range.start;
  let end = s.keyword.range.end;
  const last = s.args[s.args.length - 1];
  if (last && last.file === file) end = last.range.end;
  if (s.block?.close && s.block.close.file === file) end = s.block.close.range.end;
  else if (s.block) {
    for (const c of s.block.statements) if (c.keyword.file === file) end = maxPos(end, statementRange(c, file).end);
  }
  return { start, end: maxPos(start, end) };
}

function maxPos(a: Position, b: Position): Position {
  return a.line > b.line || (a.line === b.line && a.character >= b.character) ? a : b;
}
