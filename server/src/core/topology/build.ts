/**
 * The topology of a workspace (types.ts) from the models the rules use: the VRRP peers (`topologyOf`), the LVS
 * cluster (`clusterOf`: real servers and their files) and the final diagnostics per file. Cheap next to the
 * analysis: one pass over the models, diagnostics attached by binary search over statement ranges.
 */
import type { ParsedConfig, Statement } from '../keepalived/ast';
import type { Diagnostic, Position, Range } from '../types';
import type { SnippetFile } from '../realserver/types';
import type { DirectorModel, RealServer, VirtualServer, VrrpInstance } from '../model/index';
import { topologyOf, type Member, type Node as PeerNode } from '../cluster/peers';
import { clusterOf, serviceAddresses, type RealServerHost } from '../cluster/hosts';
import { arpFindingsFor } from '../cluster/describe';
import { arpInterfaces, otherArpMethod } from '../cluster/arp-hiding';
import { effectiveMethod, protoLabel } from '../model/lvs';
import { statementRange } from '../editor/navigation';
import type { WorkspaceAnalysis } from '../analysis';
import {
  TOPOLOGY_VERSION,
  type ArpHidingInfo,
  type ArpHidingStatus,
  type DirectorNode,
  type ForwardEdge,
  type Health,
  type HealthCheck,
  type InstanceNode,
  type NodeDiagnostics,
  type RealServerNode,
  type ServiceNode,
  type SeverityCounts,
  type SourceRef,
  type Topology,
  type TopologyEdge,
  type TopologyFilter,
  type TopologyGroup,
  type TopologyNode,
  type VipNode,
  type VrrpCluster,
} from './types';
import { FILTER_MAX_MATCHES, forwardsToOf, normalFilter, searchTextOf } from './labels';
import { KIND_ORDER } from './merge';

export { mergeGroups } from './merge';

/** What the topology is built from: the roots and real-server files of one analysis, and its final diagnostics. */
export interface TopologyInput {
  configs: readonly ParsedConfig[];
  snippets: readonly SnippetFile[];
  /** Final diagnostics of a file (suppression applied), as published. */
  diagnostics: (file: string) => readonly Diagnostic[];
}

export interface TopologyOptions {
  /** Only the part of the graph connected to this file (a director config, an included file or a real-server file). */
  scopeFile?: string;
  /** Only the part of the graph connected to the files under this folder (ignored with `scopeFile`). */
  scopeFolder?: string;
  /** Cap of `NodeDiagnostics.items` (the counts are exact). Default 50. */
  maxDiagnosticsPerNode?: number;
  /** How file paths appear in `files` (the LSP gives URIs). Default: as they are. */
  fileName?: (file: string) => string;
  /** More services than this: `summary.collapseSuggested`. Default 40. */
  collapseAbove?: number;
  /** Leave out the services and real servers of the groups not in `expand` (types.ts `TopologyParams.collapsed`). */
  collapsed?: boolean;
  expand?: readonly string[];
  /** With `collapsed`: the groups of the nodes matching this text are included too (`collapseTopology`). */
  filter?: string;
}

/** The input of `buildTopology` from a CLI analysis. */
export function topologyInputOf(ws: WorkspaceAnalysis): TopologyInput {
  const configs = [...ws.roots.values()].map((a) => a.config);
  const snippets = [...ws.snippets.values()].map((s) => s.snippet);
  return { configs, snippets, diagnostics: (f) => ws.byFile.get(f) ?? [] };
}


/** Shared by every node and edge without diagnostics (most of them): replaced, never mutated, on the first one. */
const NO_DIAGNOSTICS: NodeDiagnostics = Object.freeze({ error: 0, warning: 0, information: 0, hint: 0, items: Object.freeze([]) as unknown as [] });
const emptyDiagnostics = (): NodeDiagnostics => NO_DIAGNOSTICS;
const UNKNOWN_ARP: ArpHidingInfo = Object.freeze({ status: 'unknown', rules: Object.freeze([]) as unknown as [], summary: 'no real-server file in the workspace describes it' });
const healthOf = (c: SeverityCounts): Health => (c.error ? 'error' : c.warning ? 'warning' : 'ok');

/** A statement range attached to a node (and, for `real_server` entries, the forward edge). */
interface Span {
  range: Range;
  node: TopologyNode;
  edge?: ForwardEdge;
  children?: Span[];
}

const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
const contains = (r: Range, p: Position): boolean => !before(p, r.start) && !before(r.end, p);

/** Innermost span containing `p` (spans sorted by start, disjoint at each level). */
function findSpan(spans: Span[], p: Position): Span | undefined {
  let lo = 0;
  let hi = spans.length - 1;
  let hit = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (before(p, spans[mid].range.start)) hi = mid - 1;
    else {
      hit = mid;
      lo = mid + 1;
    }
  }
  // Ranges may nest at one level only through includes or odd configs: look back a few spans.
  for (let i = hit; i >= 0 && i > hit - 4; i--) {
    const s = spans[i];
    if (!contains(s.range, p)) continue;
    if (s.children) {
      for (const c of s.children) if (contains(c.range, p)) return c;
    }
    return s;
  }
  return undefined;
}

const sameRef = (a: SourceRef, b: SourceRef): boolean => a.file === b.file && a.range.start.line === b.range.start.line && a.range.start.character === b.range.start.character;

/** Add a source unless the node has it (a file included by two directors is one source). */
function addSource(list: SourceRef[], ref: SourceRef): boolean {
  for (const r of list) if (sameRef(r, ref)) return false;
  list.push(ref);
  return true;
}

const byStart = (a: Span, b: Span): number => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;

/** `192.0.2.10:80`, `[2001:db8::1]:80`. */
function hostPort(addr: string, port: number | undefined): string {
  const a = addr.includes(':') ? `[${addr}]` : addr;
  return port === undefined ? a : `${a}:${port}`;
}

function routerIdOf(config: ParsedConfig): string | undefined {
  for (const s of config.statements) {
    if (s.keyword.text !== 'global_defs' || !s.block) continue;
    for (const c of s.block.statements) if (c.keyword.text === 'router_id' && c.args[0]) return c.args[0].text;
  }
  return undefined;
}

/** The topology of a workspace; see types.ts. */
export function buildTopology(input: TopologyInput, options: TopologyOptions = {}): Topology {
  const maxItems = options.maxDiagnosticsPerNode ?? 50;
  const fileName = options.fileName ?? ((f: string) => f);
  const files: string[] = [];
  const fileIndex = new Map<string, number>();
  const fi = (f: string): number => {
    let i = fileIndex.get(f);
    if (i === undefined) {
      i = files.length;
      files.push(f);
      fileIndex.set(f, i);
    }
    return i;
  };
  const spansByFile = new Map<string, Span[]>();
  const addSpan = (file: string, span: Span): void => {
    const l = spansByFile.get(file);
    if (l) l.push(span);
    else spansByFile.set(file, [span]);
  };
  const stmtRef = (s: Statement): { file: string; ref: SourceRef } => {
    const file = s.keyword.file;
    return { file, ref: { file: fi(file), range: statementRange(s, file) } };
  };

  const peers = topologyOf(input.configs);
  const cluster = clusterOf(input.configs, input.snippets);
  const nodes = new Map<string, TopologyNode>();
  const edges = new Map<string, TopologyEdge>();
  const addEdge = (e: TopologyEdge): TopologyEdge => {
    const had = edges.get(e.id);
    if (had) {
      for (const r of e.sources) addSource(had.sources, r);
      return had;
    }
    edges.set(e.id, e);
    return e;
  };

  // VRRP clusters: member → cluster index.
  const memberOf = new Map<VrrpInstance, { member: Member; cluster: number }>();
  peers.clusters.forEach((c, i) => {
    for (const m of c.members) memberOf.set(m.instance, { member: m, cluster: i });
  });

  const directorIds = new Map<PeerNode, string>();
  const directorsOfFile = new Map<string, DirectorNode[]>();
  const instanceIds = new Map<VrrpInstance, string>();
  const services: ServiceNode[] = [];
  const serviceVips = new Map<ServiceNode, string[]>();
  const hostByModel = new Map<string, RealServerHost>(cluster.hosts);

  for (const pn of peers.nodes) {
    const root = pn.config.root;
    const id = `director:${root}${pn.configId !== undefined ? '@' + pn.configId : ''}`;
    directorIds.set(pn, id);
    const d: DirectorNode = { id, kind: 'director', label: pn.label, sources: [], diagnostics: NO_DIAGNOSTICS, health: 'ok', file: fi(root) };
    if (pn.configId !== undefined) d.configId = pn.configId;
    const rid = routerIdOf(pn.config);
    if (rid !== undefined) d.routerId = rid;
    d.sources.push({ file: fi(root), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    nodes.set(id, d);
    for (const f of pn.config.files) {
      const l = directorsOfFile.get(f);
      if (l) l.push(d);
      else directorsOfFile.set(f, [d]);
    }
    addModel(pn.model, d);
  }

  function addModel(model: DirectorModel, director: DirectorNode): void {
    const seen = new Map<string, number>();
    for (const inst of model.instances) {
      const n = (seen.get(inst.name) ?? 0) + 1;
      seen.set(inst.name, n);
      const id = `instance:${director.id.slice('director:'.length)}/${inst.name}${n > 1 ? '#' + n : ''}`;
      instanceIds.set(inst, id);
      const mem = memberOf.get(inst);
      const node: InstanceNode = { id, kind: 'instance', label: inst.name || '(unnamed)', sources: [], diagnostics: NO_DIAGNOSTICS, health: 'ok', name: inst.name, director: director.id, family: inst.family, peers: [] };
      if (inst.state) node.state = inst.state.text.toUpperCase();
      if (inst.priority) node.priority = inst.priority.value;
      if (mem) node.effectivePriority = mem.member.priority;
      if (inst.interface) node.interface = inst.interface.text;
      if (inst.vrid) node.vrid = inst.vrid.value;
      if (inst.unicastPeers.length) node.unicastPeers = inst.unicastPeers.map((p) => p.address.key);
      if (mem) node.vrrp = mem.cluster;
      const { file, ref } = stmtRef(inst.statement);
      node.sources.push(ref);
      nodes.set(id, node);
      addEdge({ id: `runs:${director.id}->${id}`, kind: 'runs', from: director.id, to: id, sources: [] });
      const span: Span = { range: ref.range, node, children: [] };
      addSpan(file, span);
      for (const vip of [...inst.vips, ...inst.excludedVips]) {
        const v = vipNode(vip.address.key, vip.address.family);
        if (!v.heldBy.includes(id)) v.heldBy.push(id);
        if (!vip.excluded) v.excluded = false;
        if (v.prefix === undefined && vip.address.prefix !== undefined) v.prefix = vip.address.prefix;
        if (v.dev === undefined && vip.dev) v.dev = vip.dev.text;
        const r = stmtRef(vip.statement);
        if (addSource(v.sources, r.ref)) {
          if (r.file === file) span.children!.push({ range: r.ref.range, node: v });
          else addSpan(r.file, { range: r.ref.range, node: v });
        }
        addEdge({ id: `holds:${id}->${v.id}`, kind: 'holds', from: id, to: v.id, sources: [r.ref] });
      }
    }
    for (const vs of model.virtualServers) addService(vs, model, director);
  }

  function vipNode(address: string, family: 4 | 6): VipNode {
    const id = `vip:${address}`;
    let v = nodes.get(id) as VipNode | undefined;
    if (!v) {
      v = { id, kind: 'vip', label: address, sources: [], diagnostics: NO_DIAGNOSTICS, health: 'ok', address, family, heldBy: [], excluded: true };
      nodes.set(id, v);
    }
    return v;
  }

  function serviceKey(vs: VirtualServer): { id: string; label: string } {
    const proto = protoLabel(vs);
    if (vs.kind === 'address' && vs.address) return { id: `service:${vs.address.key}:${vs.port?.value ?? 0}/${proto}`, label: `${hostPort(vs.address.key, vs.port?.value)}/${proto}` };
    if (vs.kind === 'fwmark' && vs.fwmark) return { id: `service:fwmark:${vs.fwmark.value}/${proto}`, label: `fwmark ${vs.fwmark.value}/${proto}` };
    if (vs.kind === 'group' && vs.group) return { id: `service:group:${vs.group.text}/${proto}`, label: `group ${vs.group.text}/${proto}` };
    const at = vs.statement.keyword;
    return { id: `service:?:${at.file}:${at.range.start.line}`, label: [vs.statement.keyword, ...vs.statement.args].map((w) => w.text).join(' ') };
  }

  function addService(vs: VirtualServer, model: DirectorModel, director: DirectorNode): void {
    const key = serviceKey(vs);
    let s = nodes.get(key.id) as ServiceNode | undefined;
    const { file, ref } = stmtRef(vs.statement);
    if (!s) {
      s = { id: key.id, kind: 'service', label: key.label, sources: [], diagnostics: NO_DIAGNOSTICS, health: 'ok', addressKind: vs.kind, directors: [], realServerCount: 0 };
      if (vs.kind === 'address' && vs.address) s.address = vs.address.key;
      if (vs.port) s.port = vs.port.value;
      if (vs.fwmark) s.fwmark = vs.fwmark.value;
      if (vs.group) s.groupName = vs.group.text;
      if (vs.protocol) s.protocol = vs.protocol.text.toLowerCase();
      if (vs.lbAlgo) s.scheduler = vs.lbAlgo.text;
      if (vs.lbKind) s.method = vs.lbKind.text.toUpperCase();
      const pt = vs.persistenceTimeout?.args[0];
      if (pt && /^\d+$/.test(pt.text)) s.persistence = Number(pt.text);
      nodes.set(key.id, s);
      services.push(s);
      const vips = serviceAddresses(vs, model).map((a) => a.vip);
      const unique = [...new Set(vips)];
      if (vs.kind === 'group') s.groupAddresses = unique;
      serviceVips.set(s, unique);
    }
    const fresh = addSource(s.sources, ref);
    if (!s.directors.includes(director.id)) s.directors.push(director.id);
    const vips = serviceVips.get(s)!;
    for (const a of vips) {
      const v = vipNode(a, a.includes(':') ? 6 : 4);
      addEdge({ id: `offers:${v.id}->${s.id}`, kind: 'offers', from: v.id, to: s.id, sources: [] });
    }
    if (!vips.length) addEdge({ id: `defines:${director.id}->${s.id}`, kind: 'defines', from: director.id, to: s.id, sources: [] });
    if (!fresh) return;
    const span: Span = { range: ref.range, node: s, children: [] };
    addSpan(file, span);
    for (const rs of vs.realServers) addForward(rs, s, vs, file, span);
  }

  function addForward(rs: RealServer, s: ServiceNode, vs: VirtualServer, file: string, span: Span): void {
    if (!rs.address) return;
    const key = rs.address.key;
    const r = realServerNode(key, rs.address.family);
    const r2 = stmtRef(rs.statement);
    addSource(r.sources, r2.ref);
    const method = effectiveMethod(rs).toUpperCase();
    if (!r.methods.includes(method)) r.methods.push(method);
    const id = `forwards:${s.id}->${r.id}${rs.port ? ':' + rs.port.value : ''}`;
    let e = edges.get(id) as ForwardEdge | undefined;
    if (e) addSource(e.sources, r2.ref);
    else {
      const checks: HealthCheck[] = rs.checkers.map((c) => {
        const h: HealthCheck = { type: c.keyword.text, at: stmtRef(c).ref };
        const cp = c.block?.statements.find((x) => x.keyword.text === 'connect_port')?.args[0];
        if (cp && /^\d+$/.test(cp.text)) h.port = Number(cp.text);
        return h;
      });
      e = { id, kind: 'forwards', from: s.id, to: r.id, sources: [r2.ref], weight: rs.weight?.value ?? vs.weight?.value ?? 1, method, checks, diagnostics: emptyDiagnostics(), health: 'ok' };
      if (rs.port) e.port = rs.port.value;
      edges.set(id, e);
    }
    if (r2.file === file) span.children!.push({ range: r2.ref.range, node: r, edge: e });
    else addSpan(r2.file, { range: r2.ref.range, node: r, edge: e });
  }

  function realServerNode(address: string, family: 4 | 6): RealServerNode {
    const id = `rs:${address}`;
    let r = nodes.get(id) as RealServerNode | undefined;
    if (!r) {
      r = { id, kind: 'realserver', label: address, sources: [], diagnostics: NO_DIAGNOSTICS, health: 'ok', address, family, methods: [], arp: UNKNOWN_ARP, files: [] };
      nodes.set(id, r);
    }
    return r;
  }

  // VRRP clusters and peer edges.
  const vrrp: VrrpCluster[] = peers.clusters.map((c) => {
    const members = c.members.map((m) => instanceIds.get(m.instance)).filter((x): x is string => !!x);
    const out: VrrpCluster = { vrid: c.vrid, family: c.family, members, clashesWith: [] };
    let best: Member | undefined;
    for (const m of c.members) if (!best || m.priority > best.priority) best = m;
    const master = best && instanceIds.get(best.instance);
    if (master) out.master = master;
    for (const id of members) {
      const n = nodes.get(id) as InstanceNode;
      n.peers = members.filter((x) => x !== id);
      if (master && id !== master) addEdge({ id: `peer:${master}->${id}`, kind: 'peer', from: master, to: id, sources: [] });
    }
    return out;
  });
  for (const cl of peers.clashes) {
    const a = peers.clusters.indexOf(cl.a);
    const b = peers.clusters.indexOf(cl.b);
    if (a >= 0 && b >= 0) {
      if (!vrrp[a].clashesWith.includes(b)) vrrp[a].clashesWith.push(b);
      if (!vrrp[b].clashesWith.includes(a)) vrrp[b].clashesWith.push(a);
    }
  }

  // Real servers: files and ARP hiding.
  const hostsOfFile = new Map<string, RealServerNode[]>();
  for (const n of nodes.values()) {
    if (n.kind !== 'realserver') continue;
    n.methods.sort();
    const host = hostByModel.get(n.address);
    n.arp = arpOf(host, input.diagnostics);
    if (!host) continue;
    for (const f of host.files) {
      n.files.push(fi(f.file));
      const l = hostsOfFile.get(f.file);
      if (l) l.push(n);
      else hostsOfFile.set(f.file, [n]);
    }
  }

  // Diagnostics: each goes to the innermost node whose statement holds it, a real-server file's to its hosts, the
  // rest of a config file's to the directors that read it.
  const total: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  const attach = (d: Diagnostic, target: { diagnostics: NodeDiagnostics }): void => {
    let nd = target.diagnostics;
    if (nd === NO_DIAGNOSTICS) target.diagnostics = nd = { error: 0, warning: 0, information: 0, hint: 0, items: [] };
    nd[d.severity]++;
    if (nd.items.length < maxItems) nd.items.push({ code: d.code, severity: d.severity, message: d.message, at: { file: fi(d.file), range: d.range } });
    else nd.truncated = true;
  };
  const allFiles = new Set<string>();
  for (const c of input.configs) for (const f of c.files) allFiles.add(f);
  for (const s of input.snippets) allFiles.add(s.file);
  for (const [, spans] of spansByFile) spans.sort(byStart);
  for (const f of allFiles) {
    const ds = input.diagnostics(f);
    if (!ds.length) continue;
    const spans = spansByFile.get(f);
    const hosts = hostsOfFile.get(f);
    const directors = directorsOfFile.get(f);
    for (const d of ds) {
      total[d.severity]++;
      if (hosts) {
        const named = hosts.length > 1 ? hosts.filter((h) => namesAddress(d, h.address)) : hosts;
        for (const h of named.length ? named : hosts) attach(d, h);
        continue;
      }
      const span = spans && findSpan(spans, d.range.start);
      if (span) {
        attach(d, span.node);
        if (span.edge) attach(d, span.edge);
        continue;
      }
      if (directors) for (const dn of directors) attach(d, dn);
    }
  }
  for (const n of nodes.values()) n.health = healthOf(n.diagnostics);
  for (const e of edges.values()) if (e.kind === 'forwards') e.health = healthOf(e.diagnostics);

  // Collapse groups: the services of each VIP, and their real servers.
  const groups = new Map<string, TopologyGroup>();
  const edgesFrom = new Map<string, ForwardEdge[]>();
  for (const e of edges.values()) {
    if (e.kind !== 'forwards') continue;
    const l = edgesFrom.get(e.from);
    if (l) l.push(e);
    else edgesFrom.set(e.from, [e]);
  }
  for (const s of services) {
    const vip = serviceVips.get(s)![0];
    const gid = vip ? `vipgroup:${vip}` : `vipgroup:none:${s.directors[0]}`;
    let g = groups.get(gid);
    if (!g) {
      g = { id: gid, label: vip ? hostPort(vip, undefined) : `no VIP (${(nodes.get(s.directors[0]) as DirectorNode).label})`, services: [], realServers: [], counts: { error: 0, warning: 0, information: 0, hint: 0 }, health: 'ok', arp: { ok: 0, broken: 0, unknown: 0, 'not-needed': 0 } };
      if (vip) g.vip = `vip:${vip}`;
      groups.set(gid, g);
    }
    s.group = gid;
    g.services.push(s.id);
    const rsIds = new Set<string>();
    for (const e of edgesFrom.get(s.id) ?? []) rsIds.add(e.to);
    s.realServerCount = rsIds.size;
    for (const id of rsIds) {
      const r = nodes.get(id) as RealServerNode;
      if (r.group === undefined) r.group = gid;
    }
  }
  for (const g of groups.values()) {
    const rs = new Set<string>();
    for (const sid of g.services) for (const e of edgesFrom.get(sid) ?? []) rs.add(e.to);
    g.realServers = [...rs];
    for (const id of [...g.services, ...g.realServers]) {
      const n = nodes.get(id)!;
      for (const k of ['error', 'warning', 'information', 'hint'] as const) g.counts[k] += n.diagnostics[k];
      if (n.kind === 'realserver') g.arp[n.arp.status]++;
    }
    g.health = healthOf(g.counts);
  }

  let topo: Topology = {
    version: TOPOLOGY_VERSION,
    files,
    nodes: [...nodes.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]),
    edges: [...edges.values()],
    vrrp,
    groups: [...groups.values()],
    summary: { directors: 0, instances: 0, vips: 0, services: 0, realServers: 0, diagnostics: total, collapseSuggested: false },
  };
  if (options.scopeFile !== undefined) {
    const file = options.scopeFile;
    topo = scoped(topo, (f) => f === file, input);
  } else if (options.scopeFolder !== undefined) topo = scoped(topo, underFolder(options.scopeFolder), input);
  const count = (k: TopologyNode['kind']): number => topo.nodes.reduce((n, x) => n + (x.kind === k ? 1 : 0), 0);
  topo.summary.directors = count('director');
  topo.summary.instances = count('instance');
  topo.summary.vips = count('vip');
  topo.summary.services = count('service');
  topo.summary.realServers = count('realserver');
  topo.summary.collapseSuggested = topo.summary.services > (options.collapseAbove ?? 40);
  if (options.collapsed) topo = collapseTopology(topo, options.expand ?? [], { filter: options.filter });
  if (options.fileName) topo.files = topo.files.map(fileName);
  return topo;
}

/** Whether a diagnostic names a real server: its address in the message (not as part of a longer address). */
function namesAddress(d: Diagnostic, address: string): boolean {
  const esc = address.replace(/[.]/g, '\\.');
  return new RegExp(`(^|[^\\w.:])${esc}(?![\\w:]|\\.\\d)`).test(d.message);
}

function arpOf(host: RealServerHost | undefined, findings: (file: string) => readonly Diagnostic[]): ArpHidingInfo {
  if (!host || !host.direct.length) return { status: 'not-needed', rules: [], summary: host ? 'NAT only: the VIP is not on the real server' : 'no DR/TUN entry' };
  if (!host.files.length) return UNKNOWN_ARP;
  const p = host.profile;
  const other = otherArpMethod(p);
  let method: ArpHidingInfo['method'];
  if (other) method = (p.arpRules as readonly unknown[]).includes(other) ? 'arptables' : 'iptables';
  else method = p.sysctls.some((s) => s.conf && (s.conf.name === 'arp_ignore' || s.conf.name === 'arp_announce')) ? 'sysctl' : 'none';
  const found = arpFindingsFor(host, findings);
  const rules = [...new Set(found.map((d) => d.code))];
  const status: ArpHidingStatus = found.length ? 'broken' : 'ok';
  let summary: string;
  if (method === 'arptables') summary = 'arptables drops ARP requests for the VIP';
  else if (method === 'iptables') summary = 'iptables REDIRECT (no VIP on the host)';
  else if (method === 'sysctl') summary = `arp_ignore/arp_announce on ${arpInterfaces(p).join(', ') || 'all'}`;
  else summary = 'nothing hides the VIP from ARP';
  if (found.length) summary += `: ${found[0].message}`;
  return { method, status, rules, summary };
}

/** Whether a path is under `folder` (the folder itself excluded; `/` or `\\` separators). */
function underFolder(folder: string): (f: string) => boolean {
  const base = folder.replace(/[/\\]+$/, '');
  return (f) => f.length > base.length && f.startsWith(base) && (f[base.length] === '/' || f[base.length] === '\\');
}

/**
 * The part of a topology connected to some files (one file, or those under a folder): nodes written in them or
 * reading them, real servers they describe, and everything linked to those.
 */
function scoped(t: Topology, inScope: (file: string) => boolean, input: TopologyInput): Topology {
  const fileIn = t.files.map(inScope);
  const seeds = new Set<string>();
  const readers = new Set(input.configs.filter((c) => c.files.some(inScope)).map((c) => c.root));
  for (const n of t.nodes) {
    if (n.sources.some((s) => fileIn[s.file])) seeds.add(n.id);
    if (n.kind === 'director' && readers.has(t.files[n.file])) seeds.add(n.id);
    if (n.kind === 'realserver' && n.files.some((f) => fileIn[f])) seeds.add(n.id);
  }
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    const l = adj.get(a);
    if (l) l.push(b);
    else adj.set(a, [b]);
  };
  for (const e of t.edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const keep = new Set(seeds);
  const queue = [...seeds];
  while (queue.length) {
    const id = queue.pop()!;
    for (const x of adj.get(id) ?? []) if (!keep.has(x)) keep.add(x), queue.push(x);
  }
  const nodes = t.nodes.filter((n) => keep.has(n.id));
  const edges = t.edges.filter((e) => keep.has(e.from) && keep.has(e.to));
  const oldToNew = new Map<number, number>();
  const vrrp: VrrpCluster[] = [];
  t.vrrp.forEach((c, i) => {
    if (c.members.some((m) => keep.has(m))) {
      oldToNew.set(i, vrrp.length);
      vrrp.push({ ...c, members: c.members.filter((m) => keep.has(m)) });
    }
  });
  for (const c of vrrp) c.clashesWith = c.clashesWith.filter((i) => oldToNew.has(i)).map((i) => oldToNew.get(i)!);
  for (const n of nodes) {
    if (n.kind !== 'instance') continue;
    if (n.vrrp !== undefined) {
      const v = oldToNew.get(n.vrrp);
      if (v === undefined) delete n.vrrp;
      else n.vrrp = v;
    }
    n.peers = n.peers.filter((p) => keep.has(p));
  }
  const groups = t.groups.filter((g) => g.services.some((s) => keep.has(s)));
  // Only the diagnostics of the files in scope count.
  const scopeFiles = new Set<number>();
  for (const n of nodes) {
    for (const s of n.sources) scopeFiles.add(s.file);
    if (n.kind === 'director') scopeFiles.add(n.file);
    if (n.kind === 'realserver') for (const f of n.files) scopeFiles.add(f);
  }
  const extra = input.configs.filter((c) => nodes.some((n) => n.kind === 'director' && t.files[n.file] === c.root));
  for (const c of extra) for (const f of c.files) scopeFiles.add(t.files.indexOf(f));
  const total: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const i of scopeFiles) if (i >= 0) for (const d of input.diagnostics(t.files[i])) total[d.severity]++;
  return { ...t, nodes, edges, vrrp, groups, summary: { ...t.summary, diagnostics: total } };
}

export interface CollapseOptions {
  /**
   * The preview's filter: the groups of the nodes whose text (labels.ts `searchTextOf`) contains it are included as
   * if expanded (those of the first `maxMatches` matches), and the answer's `filter` counts the matches.
   */
  filter?: string;
  /** Default `FILTER_MAX_MATCHES`. */
  maxMatches?: number;
  /** Only the nodes and edges of the included groups, and those groups (`TopologyParams.groupsOnly`). */
  groupsOnly?: boolean;
}

/**
 * A collapsed answer: the services and real servers of the groups not in `expand` left out (counts stay as they
 * were; an omitted group gets the sources of its services). A few milliseconds on the 2,000-service benchmark; the
 * filter's search text is built once per topology (about 50 ms there).
 */
export function collapseTopology(t: Topology, expand: Iterable<string> = [], options: CollapseOptions = {}): Topology {
  const open = new Set(expand);
  const text = normalFilter(options.filter);
  if (!text) return options.groupsOnly ? onlyGroups(omitted(t, open), open) : omitted(t, open);
  const ix = indexOf(t);
  const max = options.maxMatches ?? FILTER_MAX_MATCHES;
  const groups = new Set<string>();
  let matches = 0;
  const texts = searchTexts(t, ix);
  for (let i = 0; i < t.nodes.length; i++) {
    if (!texts[i].includes(text)) continue;
    if (++matches > max) continue;
    for (const g of ix.groupsOf.get(t.nodes[i].id) ?? []) groups.add(g);
  }
  for (const g of groups) open.add(g);
  const filter: TopologyFilter = { text, matches, groups: [...groups] };
  const out = omitted(t, open);
  return { ...(options.groupsOnly ? onlyGroups(out, open) : out), filter };
}

/** The part of a collapsed answer that the groups in `open` add: their nodes, the edges to them, those groups. */
function onlyGroups(t: Topology, open: ReadonlySet<string>): Topology {
  const ids = new Set<string>();
  const groups = t.groups.filter((g) => open.has(g.id) && !g.omitted);
  for (const g of groups) {
    for (const s of g.services) ids.add(s);
    for (const r of g.realServers) ids.add(r);
  }
  return { ...t, nodes: t.nodes.filter((n) => ids.has(n.id)), edges: t.edges.filter((e) => ids.has(e.from) || ids.has(e.to)), vrrp: [], groups };
}


/** Per topology (the server caches the whole one per analysis): nodes by id, groups of each service and real server. */
interface CollapseIndex {
  byId: Map<string, TopologyNode>;
  groupsOf: Map<string, string[]>;
  texts?: string[];
}
const indexes = new WeakMap<Topology, CollapseIndex>();

function indexOf(t: Topology): CollapseIndex {
  let ix = indexes.get(t);
  if (!ix) {
    const byId = new Map<string, TopologyNode>();
    for (const n of t.nodes) byId.set(n.id, n);
    const groupsOf = new Map<string, string[]>();
    const add = (id: string, g: string): void => {
      const l = groupsOf.get(id);
      if (!l) groupsOf.set(id, [g]);
      else if (!l.includes(g)) l.push(g);
    };
    for (const g of t.groups) {
      for (const s of g.services) add(s, g.id);
      for (const r of g.realServers) add(r, g.id);
    }
    ix = { byId, groupsOf };
    indexes.set(t, ix);
  }
  return ix;
}

function searchTexts(t: Topology, ix: CollapseIndex): string[] {
  if (!ix.texts) {
    const fw = forwardsToOf(t);
    ix.texts = t.nodes.map((n) => searchTextOf(n, t, fw));
  }
  return ix.texts;
}

function omitted(t: Topology, expand: ReadonlySet<string>): Topology {
  const drop = new Set<string>();
  const keep = new Set<string>();
  let byId: Map<string, TopologyNode> | undefined;
  const groups = t.groups.map((g) => {
    if (expand.has(g.id)) {
      for (const r of g.realServers) keep.add(r);
      return g;
    }
    for (const s of g.services) drop.add(s);
    for (const r of g.realServers) drop.add(r);
    byId ??= indexOf(t).byId;
    const sources: SourceRef[] = [];
    for (const s of g.services) for (const ref of byId.get(s)?.sources ?? []) sources.push(ref);
    return { ...g, omitted: true, sources };
  });
  for (const k of keep) drop.delete(k);
  if (!drop.size) return { ...t, groups };
  return { ...t, groups, nodes: t.nodes.filter((n) => !drop.has(n.id)), edges: t.edges.filter((e) => !drop.has(e.from) && !drop.has(e.to)) };
}
