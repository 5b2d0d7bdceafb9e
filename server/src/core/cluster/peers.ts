/**
 * VRRP clusters of a workspace: which `vrrp_instance` blocks of several director configs are peers of one
 * virtual router (an active/backup pair, three nodes, the `@id` variants of one file), and which are different
 * clusters that would disturb each other on one network segment.
 *
 * Nodes. Every root config of the workspace is one director host, except
 * - a root whose file name marks it as a saved copy (`keepalived.conf.bak`, `*_old.conf`, `.orig`, `~`,
 *   `.rpmsave`, `.dpkg-old`, ...): not a running host, left out;
 * - a root with `@id` lines (keepalived.conf(5) "conditional configuration"; the host runs `keepalived -i ID`):
 *   one node per id the file names, each parsed under that id. The analysis' own config id, when it is one of
 *   them, reuses the analysis' parse; the others are parsed again from the texts the analysis read (includes are
 *   followed as the analysed parse resolved them; a file that only another id would include is missing). The
 *   variant that matches no id is not a node: a file written for ids is deployed with one.
 *
 * Peers. Instances of different nodes with the same address family and VRID are peers of one cluster when
 * their VIP sets share an address or one lists the other's `unicast_src_ip` as a `unicast_peer`; clusters are the
 * connected groups of that relation. Instances without VIPs join the only cluster of their VRID that has VIPs (or
 * each other when none has), and stay apart when there are several. The interface name is not part of it: peers
 * may name their NICs differently.
 *
 * Clashes. Two clusters clash when they use the same VRID and family on an interface of the same name and their
 * adverts reach each other: the same multicast group (`mcast_dst_ip`, default 224.0.0.18 / ff02::12), or, for
 * unicast, one sends to an address the other uses as `unicast_src_ip` or both send to a common peer (keepalived's
 * own same-host test, vrrp.c). Whether the two really share a segment is beyond a config: the interface name is
 * the proxy, and the rules say so. A cluster without any VIP clashes with nothing (it cannot be told from a peer).
 *
 * Instances without VRID or interface, and duplicates keepalived ignores (`duplicateOf`), take no part.
 */
import * as path from 'node:path';
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';
import { parseConfig } from '../keepalived/index';
import type { Host } from '../host';
import { modelOf, type DirectorModel, type VrrpInstance } from '../model/index';

/** One director host: a root config, under one config id when the file has `@id` lines. */
export interface Node {
  config: ParsedConfig;
  /** The `-i` config id this node runs with (for files with `@id` lines). */
  configId?: string;
  model: DirectorModel;
  /** Short name for messages: the root path relative to the workspace's common folder, plus `(-i ID)`. */
  label: string;
}

/** A `vrrp_instance` of one node, with the values keepalived gives it when the config leaves them out. */
export interface Member {
  node: Node;
  instance: VrrpInstance;
  vrid: number;
  family: 4 | 6;
  /** Interface name. */
  interface: string;
  /** Effective priority: `priority`, else 255 for `state MASTER` and 100 otherwise (vrrp.c vrrp_complete_instance). */
  priority: number;
  /** `state MASTER` as written (keepalived derives MASTER from priority 255 when there is no state). */
  master: boolean;
  /** Effective advert interval in seconds (default 1). */
  advertInt: number;
  /** Effective VRRP version: the instance's `version`, else global `vrrp_version`, else 2. */
  version: number;
  /** VIP keys (normalised addresses, no prefix), sorted, unique. Excluded VIPs are not in adverts. */
  vips: string[];
  /** Multicast group, or undefined for unicast. */
  group?: string;
  unicastSrc?: string;
  unicastPeers: string[];
}

/** Instances of one VRID and family that are peers of one virtual router. */
export interface Cluster {
  vrid: number;
  family: 4 | 6;
  /** Members in node order (root path, then config id), then document order. */
  members: Member[];
}

/** Two clusters that use the same VRID, family and interface name and hear each other's adverts. */
export interface Clash {
  a: Cluster;
  b: Cluster;
  /** The interface name they share. */
  interface: string;
  /** A pair of members that hear each other, one of each cluster. */
  via: [Member, Member];
}

export interface Topology {
  nodes: Node[];
  clusters: Cluster[];
  clashes: Clash[];
  /** VRIDs in use per `interface\0family` (every member of every cluster). */
  used: Map<string, Set<number>>;
}

/** keepalived's VRRP multicast groups (RFC 5798) when `mcast_dst_ip` is not set. */
export const DEFAULT_GROUP = { 4: '224.0.0.18', 6: 'ff02::12' } as const;

/** File names of saved copies, not running configs. */
const SAVED_COPY = /(?:[._-](?:old|bak|orig|save|saved|prev|previous|dist|rej|swp)|~|\.rpm(?:save|orig|new)|\.dpkg-(?:old|dist|new|bak)|\.ucf-(?:old|dist))$/i;

/** Whether a root's file name marks it as a saved copy (`x.conf.bak`, `x_old.conf`, `x.conf~`, `x.conf.rpmsave`). */
export function isSavedCopy(file: string): boolean {
  const base = path.basename(file);
  return SAVED_COPY.test(base) || SAVED_COPY.test(base.replace(/\.(?:conf|cfg|cnf)$/i, ''));
}

const topologies = new WeakMap<readonly ParsedConfig[], Topology>();

/** The most `@id` variants of one file taken as separate directors. */
const MAX_VARIANTS = 8;

/**
 * The clusters of a set of root configs (as `WorkspaceContext.configs` gives them: each parsed under the analysis'
 * config id). Cached per configs array, so the rules of one workspace run share it.
 */
export function topologyOf(configs: readonly ParsedConfig[]): Topology {
  let t = topologies.get(configs);
  if (!t) topologies.set(configs, (t = buildTopology(configs)));
  return t;
}

/** The nodes (director hosts) of a set of root configs; see the header. */
export function nodesOf(configs: readonly ParsedConfig[]): Node[] {
  const roots = configs.filter((c) => !isSavedCopy(c.root));
  const common = commonDir(roots.map((c) => c.root));
  const nodes: Node[] = [];
  for (const config of roots) {
    const name = common ? path.relative(common, config.root) || path.basename(config.root) : path.basename(config.root);
    const ids = [...new Set(config.conditionals.map((c) => c.id))].sort();
    // Each id is one more parse: only for a config that has VRRP instances at all, and a handful of ids (a file
    // with dozens of `@` ids is no set of director variants: binary noise, or a generated file).
    if (!ids.length || ids.length > MAX_VARIANTS || ![...config.texts.values()].some((t) => t.includes('vrrp_instance'))) {
      nodes.push({ config, model: modelOf(config), label: name });
      continue;
    }
    for (const id of ids) {
      const variant = id === config.configId ? config : variantOf(config, id);
      nodes.push({ config: variant, configId: id, model: modelOf(variant), label: `${name} (-i ${id})` });
    }
  }
  return nodes;
}

function buildTopology(configs: readonly ParsedConfig[]): Topology {
  const nodes = nodesOf(configs);
  const members: Member[] = [];
  for (const node of nodes) for (const inst of node.model.instances) {
    const m = memberOf(node, inst);
    if (m) members.push(m);
  }
  // Peers: same VRID and family, different nodes, common VIP or unicast link.
  const byVrid = new Map<string, Member[]>();
  for (const m of members) {
    const k = `${m.family}\0${m.vrid}`;
    (byVrid.get(k) ?? byVrid.set(k, []).get(k)!).push(m);
  }
  const clusters: Cluster[] = [];
  const clusterOf = new Map<Member, Cluster>();
  for (const list of byVrid.values()) {
    const parent = list.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) if (list[i].node !== list[j].node && arePeers(list[i], list[j])) parent[find(j)] = find(i);
    // Instances without VIPs (virtual_routes or notify scripts only, or unfinished) have nothing to tell their cluster
    // by: they join the only cluster with VIPs of their VRID, or each other when there is none, else stay apart.
    const vipless = (r: number): boolean => list.every((m, i) => find(i) !== r || !m.vips.length);
    const roots = [...new Set(list.map((_, i) => find(i)))];
    const withVips = roots.filter((r) => !vipless(r));
    const target = withVips.length === 1 ? withVips[0] : withVips.length === 0 ? roots[0] : undefined;
    if (target !== undefined) for (const r of roots) if (vipless(r)) parent[find(r)] = find(target);
    const groups = new Map<number, Member[]>();
    for (let i = 0; i < list.length; i++) {
      const r = find(i);
      (groups.get(r) ?? groups.set(r, []).get(r)!).push(list[i]);
    }
    for (const g of groups.values()) {
      const c: Cluster = { vrid: g[0].vrid, family: g[0].family, members: g };
      clusters.push(c);
      for (const m of g) clusterOf.set(m, c);
    }
  }
  // Clashes: members of different clusters, different nodes, same interface name, hearing each other.
  const clashes: Clash[] = [];
  const seen = new Set<string>();
  for (const list of byVrid.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        const ca = clusterOf.get(a)!;
        const cb = clusterOf.get(b)!;
        if (ca === cb || a.node === b.node || a.interface !== b.interface || !hear(a, b)) continue;
        if (!ca.members.some((m) => m.vips.length) || !cb.members.some((m) => m.vips.length)) continue;
        const [x, y] = [clusters.indexOf(ca), clusters.indexOf(cb)].sort((p, q) => p - q);
        const key = `${x}\0${y}`; // one clash per pair of clusters, whichever member met first
        if (seen.has(key)) continue;
        seen.add(key);
        clashes.push({ a: ca, b: cb, interface: a.interface, via: [a, b] });
      }
  }
  const used = new Map<string, Set<number>>();
  for (const m of members) {
    const k = `${m.interface}\0${m.family}`;
    (used.get(k) ?? used.set(k, new Set()).get(k)!).add(m.vrid);
  }
  return { nodes, clusters, clashes, used };
}

function memberOf(node: Node, inst: VrrpInstance): Member | undefined {
  if (inst.duplicateOf || !inst.vrid || !inst.interface) return undefined;
  const master = inst.state?.text === 'MASTER';
  const unicast = inst.unicastPeers.length > 0;
  return {
    node,
    instance: inst,
    vrid: inst.vrid.value,
    family: inst.family,
    interface: inst.interface.text,
    priority: inst.priority?.value ?? (master ? 255 : 100),
    master: master || (!inst.state && inst.priority?.value === 255),
    advertInt: inst.advertInt?.value ?? 1,
    version: inst.version?.value ?? node.model.globals.vrrpVersion?.value ?? 2,
    vips: [...new Set(inst.vips.map((v) => v.address.key))].sort(),
    group: unicast ? undefined : (inst.mcastDstIp?.key ?? DEFAULT_GROUP[inst.family]),
    unicastSrc: inst.unicastSrcIp?.key,
    unicastPeers: inst.unicastPeers.map((p) => p.address.key),
  };
}

/** `vrrp_instance NAME` in LABEL: how messages name a member. */
export function describe(m: Member): string {
  return `\`${m.instance.name}\` in ${m.node.label}`;
}

/** The statement of keyword `kw` directly in the member's instance block. */
export function statementOf(m: Member, kw: string): Statement | undefined {
  return m.instance.statement.block?.statements.find((s) => s.keyword.text === kw);
}

/** The word a finding about a member points at: the first of `words` present, else the instance's name (or keyword). */
export function anchor(m: Member, ...words: (Word | undefined)[]): Word {
  return words.find((w) => w) ?? m.instance.nameWord ?? m.instance.statement.keyword;
}

/**
 * Which members disagree on a value, and with whom: when one value is held by more members than any other, the
 * members without it (each paired with the first member holding it); otherwise (a tie, as in a pair) every member,
 * paired with the members holding other values. Members of one node are compared with other nodes only.
 */
export function disagreements<T>(members: Member[], valueOf: (m: Member) => T): Map<Member, Member[]> {
  const out = new Map<Member, Member[]>();
  const byValue = new Map<T, Member[]>();
  for (const m of members) {
    const v = valueOf(m);
    (byValue.get(v) ?? byValue.set(v, []).get(v)!).push(m);
  }
  if (byValue.size < 2) return out;
  const groups = [...byValue.values()].sort((a, b) => b.length - a.length);
  if (groups[0].length > groups[1].length) {
    const majority = groups[0];
    for (const g of groups.slice(1)) for (const m of g) out.set(m, [majority.find((x) => x.node !== m.node) ?? majority[0]]);
  } else {
    for (const m of members) {
      const others = members.filter((x) => x.node !== m.node && valueOf(x) !== valueOf(m));
      if (others.length) out.set(m, others);
    }
  }
  return out;
}

/** One member sends its adverts to the other's unicast source address. */
export function unicastLinked(a: Member, b: Member): boolean {
  return (!!a.unicastSrc && b.unicastPeers.includes(a.unicastSrc)) || (!!b.unicastSrc && a.unicastPeers.includes(b.unicastSrc));
}

function arePeers(a: Member, b: Member): boolean {
  if (unicastLinked(a, b)) return true;
  return a.vips.some((v) => b.vips.includes(v));
}

/** Whether two members (of different hosts, on one segment) receive each other's adverts. */
export function hear(a: Member, b: Member): boolean {
  if (a.group !== undefined || b.group !== undefined) return a.group === b.group;
  return unicastLinked(a, b) || a.unicastPeers.some((p) => b.unicastPeers.includes(p));
}

/** The deepest folder holding every file ('' when there is none in common). */
function commonDir(files: string[]): string {
  if (!files.length) return '';
  let dir = path.dirname(files[0]);
  for (const f of files.slice(1)) {
    while (dir && !(f === dir || f.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep))) {
      const up = path.dirname(dir);
      if (up === dir) return '';
      dir = up;
    }
  }
  return dir;
}

const variants = new WeakMap<ParsedConfig, Map<string, ParsedConfig>>();

/** `config`'s root parsed again under config id `id`, from the texts the first parse read. */
export function variantOf(config: ParsedConfig, id: string): ParsedConfig {
  let byId = variants.get(config);
  if (!byId) variants.set(config, (byId = new Map()));
  let v = byId.get(id);
  if (!v) {
    v = parseConfig(config.root, config.texts.get(config.root) ?? '', recordedHost(config), { configId: id });
    byId.set(id, v);
  }
  return v;
}

/** A host that answers from a parse's texts and include matches (no disk access: the editor's overlay stays true). */
function recordedHost(config: ParsedConfig): Host {
  return {
    readFile: (file) => {
      const text = config.texts.get(file);
      return text === undefined ? { ok: false, reason: 'missing' } : { ok: true, text };
    },
    glob: (pattern, cwd) => {
      const inc = config.includes.find((i) => i.pattern === pattern && path.dirname(i.file) === cwd);
      return { matches: inc ? [...inc.targets] : [], truncated: false };
    },
  };
}
