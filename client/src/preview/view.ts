/**
 * What the topology preview draws, as plain data (no DOM, no layout): the nodes and edges visible for a topology
 * (core/topology/types.ts), the user's expanded/collapsed choices and the text filter. Shared by the webview script
 * (client/src/preview/main.ts) and the tests.
 *
 * Hierarchy, left to right: director → VRRP instance → [bucket of VIPs] → VIP (head of its collapse group) →
 * service → real server. A large topology (`summary.collapseSuggested`, or many groups) opens collapsed: each VIP is
 * one box summing up its services and real servers, and an instance holding many VIPs shows them in buckets of
 * `BUCKET_SIZE`. Only what is expanded is laid out and drawn.
 *
 * The topology may be a collapsed answer of the server (groups marked `omitted`, their services and real servers
 * left out): the view lists the open groups it lacks (`ViewGraph.missing`), which the webview asks for.
 */
import type { ForwardEdge, Health, RealServerNode, Topology, TopologyGroup, TopologyNode, VipNode } from '../../../server/src/core/topology/types';
import { describe, FILTER_MAX_MATCHES, forwardsToOf, normalFilter, searchTextOf } from '../../../server/src/core/topology/labels';

export { describe };

export type ViewKind = TopologyNode['kind'] | 'bucket' | 'group';

export interface ViewNode {
  /** The topology node id, or a bucket (`bucket:<holders>#<n>`) or a group without a VIP (`vipgroup:none:...`). */
  id: string;
  kind: ViewKind;
  title: string;
  /** Detail lines under the title (plain text). */
  lines: string[];
  health: Health;
  errors: number;
  warnings: number;
  /** A box the user can expand or collapse (a VIP with services, a bucket, a group). */
  collapsible: boolean;
  expanded: boolean;
  /** Matches the filter text. */
  match: boolean;
  /** Text for a tooltip (plain). */
  tooltip: string;
}

export interface ViewEdge {
  id: string;
  from: string;
  to: string;
  kind: string;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** Filter matches in the topology (before the cap), when filtering. */
  matches?: number;
  /** Set when the filter matched more nodes than are drawn. */
  capped?: boolean;
  /** Whether the view started collapsed (large topology). */
  collapseMode: boolean;
  /** The groups open in this view (their services drawn), sorted: what a collapsed answer must include. */
  openGroups: string[];
  /** Open groups whose nodes the topology left out (`omitted`): the view needs another answer to draw them. */
  missing: string[];
}

export interface ViewState {
  /** Ids whose expanded state differs from the default (collapsed in a large topology, expanded otherwise). */
  toggled: ReadonlySet<string>;
  filter: string;
}

/** More VIPs than this under one holder are shown in buckets (in collapse mode). */
export const BUCKET_THRESHOLD = 30;
export const BUCKET_SIZE = 25;
/** At most this many buckets per holder: larger sets get larger buckets. */
export const MAX_BUCKETS = 20;
/** More groups than this make a topology open collapsed even when the server does not suggest it. */
export const COLLAPSE_GROUPS = 40;
/** At most this many filter matches are drawn (with their ancestors); the server includes the groups of as many. */
export const MAX_MATCHES = FILTER_MAX_MATCHES;

/** Indexes of a topology, built once per topology and reused across view changes. */
export interface TopologyIndex {
  topology: Topology;
  byId: Map<string, TopologyNode>;
  groupById: Map<string, TopologyGroup>;
  /** Group of each service / real server (real servers can be in several). */
  groupsOf: Map<string, string[]>;
  /** Bucket id of each VIP (collapse mode only). */
  bucketOf: Map<string, string>;
  buckets: Map<string, { holders: string[]; vips: string[]; title: string }>;
  /** Synthetic group heads (groups without a VIP) and the director they hang from. */
  groupDirector: Map<string, string>;
  /** Forward edges into each real server. */
  forwardsTo: Map<string, ForwardEdge[]>;
  /** Incoming edges (from ids), for the filter's ancestors. */
  parents: Map<string, string[]>;
  collapseMode: boolean;
  /** Lower-cased searchable text per node (built on the first filter). */
  searchText(): Map<string, string>;
}

export function indexTopology(topology: Topology): TopologyIndex {
  const byId = new Map<string, TopologyNode>();
  for (const n of topology.nodes) byId.set(n.id, n);
  const groupById = new Map<string, TopologyGroup>();
  const groupsOf = new Map<string, string[]>();
  const groupDirector = new Map<string, string>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
    const a = m.get(k);
    if (a) a.push(v);
    else m.set(k, [v]);
  };
  for (const g of topology.groups) {
    groupById.set(g.id, g);
    for (const s of g.services) push(groupsOf, s, g.id);
    for (const r of g.realServers) push(groupsOf, r, g.id);
  }
  const forwardsTo = forwardsToOf(topology);
  const parents = new Map<string, string[]>();
  for (const e of topology.edges) {
    if (e.kind !== 'peer') push(parents, e.to, e.from);
    if (e.kind === 'defines') {
      const g = byId.get(e.to)?.group;
      if (g && !groupById.get(g)?.vip && !groupDirector.has(g)) groupDirector.set(g, e.from);
    }
  }
  const collapseMode = topology.summary.collapseSuggested || topology.groups.length > COLLAPSE_GROUPS;
  const bucketOf = new Map<string, string>();
  const buckets = new Map<string, { holders: string[]; vips: string[]; title: string }>();
  if (collapseMode) {
    const byHolders = new Map<string, VipNode[]>();
    for (const n of topology.nodes) if (n.kind === 'vip') push(byHolders, n.heldBy.join('|'), n);
    for (const [holders, vips] of byHolders) {
      if (vips.length <= BUCKET_THRESHOLD) continue;
      const size = Math.max(BUCKET_SIZE, Math.ceil(vips.length / MAX_BUCKETS));
      for (let i = 0; i < vips.length; i += size) {
        const chunk = vips.slice(i, i + size);
        const id = `bucket:${holders}#${i / size + 1}`;
        const first = chunk[0].address;
        const last = chunk[chunk.length - 1].address;
        buckets.set(id, {
          holders: holders ? holders.split('|') : [],
          vips: chunk.map((v) => v.id),
          title: chunk.length > 1 ? `VIPs ${first} – ${last}` : `VIP ${first}`,
        });
        for (const v of chunk) bucketOf.set(v.id, id);
      }
    }
  }
  let text: Map<string, string> | undefined;
  const searchText = (): Map<string, string> => {
    if (!text) {
      text = new Map();
      for (const n of topology.nodes) text.set(n.id, searchTextOf(n, topology, forwardsTo));
    }
    return text;
  };
  return { topology, byId, groupById, groupsOf, bucketOf, buckets, groupDirector, forwardsTo, parents, collapseMode, searchText };
}

const worse = (a: Health, b: Health): Health => (a === 'error' || b === 'error' ? 'error' : a === 'warning' || b === 'warning' ? 'warning' : 'ok');

/** The nodes and edges to draw for the state. */
export function buildView(ix: TopologyIndex, state: ViewState): ViewGraph {
  const { topology, byId, groupById, groupsOf, bucketOf, buckets, groupDirector, forwardsTo, collapseMode } = ix;
  const isExpanded = (id: string): boolean => collapseMode === state.toggled.has(id) || forced.has(id);
  const filter = normalFilter(state.filter);
  const forced = new Set<string>();
  let shown: Set<string> | undefined;
  let matches: Set<string> | undefined;
  let matchCount: number | undefined;
  let capped = false;
  if (filter) {
    matches = new Set();
    matchCount = 0;
    for (const [id, t] of ix.searchText()) {
      if (!t.includes(filter)) continue;
      matchCount++;
      if (matches.size < MAX_MATCHES) matches.add(id);
      else capped = true;
    }
    // Matches and their ancestors; the groups and buckets on the way are opened.
    shown = new Set();
    const stack = [...matches];
    while (stack.length) {
      const id = stack.pop()!;
      if (shown.has(id)) continue;
      shown.add(id);
      for (const g of groupsOf.get(id) ?? []) {
        forced.add(g);
        const vip = groupById.get(g)?.vip;
        if (vip) forced.add(vip);
      }
      const b = bucketOf.get(id);
      if (b) forced.add(b);
      for (const p of ix.parents.get(id) ?? []) stack.push(p);
    }
  }

  const nodes: ViewNode[] = [];
  const visible = new Set<string>();
  const add = (v: ViewNode): void => {
    visible.add(v.id);
    nodes.push(v);
  };
  const fromTopology = (n: TopologyNode, extra?: Partial<ViewNode>): ViewNode => {
    const d = describe(n, topology, forwardsTo);
    return {
      id: n.id,
      kind: n.kind,
      title: d.title,
      lines: d.lines,
      health: n.health,
      errors: n.diagnostics.error,
      warnings: n.diagnostics.warning,
      collapsible: false,
      expanded: true,
      match: matches?.has(n.id) ?? false,
      tooltip: tooltipOf(n, d),
      ...extra,
    };
  };
  const inShown = (id: string): boolean => !shown || shown.has(id);
  /** A group is open when its head is visible and it is expanded. */
  const groupOpen = (g: TopologyGroup): boolean => {
    const head = g.vip ?? g.id;
    return visible.has(head) && isExpanded(head);
  };

  for (const n of topology.nodes) if ((n.kind === 'director' || n.kind === 'instance') && inShown(n.id)) add(fromTopology(n));

  for (const [id, b] of buckets) {
    const inside = b.vips.filter((v) => inShown(v));
    if (!inside.length) continue;
    if (!b.holders.every((h) => visible.has(h)) && b.holders.length) continue;
    let errors = 0;
    let warnings = 0;
    let health: Health = 'ok';
    let services = 0;
    let rs = 0;
    for (const v of b.vips) {
      const vn = byId.get(v)!;
      const g = groupById.get(`vipgroup:${(vn as VipNode).address}`);
      errors += vn.diagnostics.error + (g?.counts.error ?? 0);
      warnings += vn.diagnostics.warning + (g?.counts.warning ?? 0);
      health = worse(health, worse(vn.health, g?.health ?? 'ok'));
      services += g?.services.length ?? 0;
      rs += g?.realServers.length ?? 0;
    }
    const expanded = isExpanded(id);
    add({
      id,
      kind: 'bucket',
      title: b.title,
      lines: [`${b.vips.length} VIPs · ${services} services`, `${rs} real servers`],
      health,
      errors,
      warnings,
      collapsible: true,
      expanded,
      match: false,
      tooltip: `${b.title}\n${b.vips.length} VIPs, ${services} services, ${rs} real servers\n${expanded ? 'Click − to collapse' : 'Click + to expand'}`,
    });
  }

  for (const n of topology.nodes) {
    if (n.kind !== 'vip' || !inShown(n.id)) continue;
    const b = bucketOf.get(n.id);
    if (b && !(visible.has(b) && isExpanded(b))) continue;
    const g = groupById.get(n.group ?? `vipgroup:${n.address}`) ?? groupById.get(`vipgroup:${n.address}`);
    const v = fromTopology(n);
    if (g && (g.services.length || g.realServers.length)) {
      v.collapsible = true;
      v.expanded = isExpanded(n.id);
      if (!v.expanded) {
        v.errors += g.counts.error;
        v.warnings += g.counts.warning;
        v.health = worse(v.health, g.health);
        v.lines.push(summary(g));
        v.tooltip += `\n${summary(g)}${arpSummary(g)}`;
      }
    }
    add(v);
  }

  // Groups without a VIP (fwmark services of a director): a box of their own while collapsed.
  for (const g of topology.groups) {
    if (g.vip) continue;
    const dir = groupDirector.get(g.id);
    if (dir && !visible.has(dir)) continue;
    if (shown && !g.services.some((s) => shown!.has(s)) && !g.realServers.some((r) => shown!.has(r))) continue;
    if (isExpanded(g.id)) continue;
    add({
      id: g.id,
      kind: 'group',
      title: g.label,
      lines: [summary(g)],
      health: g.health,
      errors: g.counts.error,
      warnings: g.counts.warning,
      collapsible: true,
      expanded: false,
      match: false,
      tooltip: `${g.label}\n${summary(g)}${arpSummary(g)}`,
    });
  }

  const openGroup = (id: string): boolean => {
    const gs = groupsOf.get(id);
    if (!gs) return true;
    return gs.some((gid) => {
      const g = groupById.get(gid)!;
      return g.vip ? groupOpen(g) : isExpanded(g.id) && (!groupDirector.get(g.id) || visible.has(groupDirector.get(g.id)!));
    });
  };
  for (const n of topology.nodes) if (n.kind === 'service' && inShown(n.id) && openGroup(n.id)) add(fromTopology(n));
  for (const n of topology.nodes) if (n.kind === 'realserver' && inShown(n.id) && openGroup(n.id)) add(fromTopology(n));

  // Edges, moved to the nearest visible box (a collapsed VIP, a bucket), without duplicates or loops.
  const rep = (id: string): string | undefined => {
    if (visible.has(id)) return id;
    for (const gid of groupsOf.get(id) ?? []) {
      const g = groupById.get(gid)!;
      const head = g.vip ?? g.id;
      if (visible.has(head)) return head;
      if (g.vip) {
        const b = bucketOf.get(g.vip);
        if (b && visible.has(b)) return b;
      }
    }
    const b = bucketOf.get(id);
    if (b && visible.has(b)) return b;
    return undefined;
  };
  const edges: ViewEdge[] = [];
  const seen = new Set<string>();
  const addEdge = (from: string | undefined, to: string | undefined, kind: string): void => {
    if (!from || !to || from === to) return;
    const key = `${from}->${to}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ id: `${kind}:${key}`, from, to, kind });
  };
  for (const e of topology.edges) {
    if (e.kind === 'peer') continue;
    // A VIP drawn inside an open bucket hangs from the bucket, the bucket from the instance.
    const b = bucketOf.get(e.to);
    if (b && visible.has(b) && visible.has(e.to)) {
      addEdge(rep(e.from), b, e.kind);
      addEdge(b, e.to, e.kind);
      continue;
    }
    addEdge(rep(e.from), rep(e.to), e.kind);
  }
  for (const [gid, dir] of groupDirector) if (visible.has(gid)) addEdge(dir, gid, 'defines');
  const openGroups: string[] = [];
  const missing: string[] = [];
  for (const g of topology.groups) {
    const dir = groupDirector.get(g.id);
    const open = g.vip ? groupOpen(g) : isExpanded(g.id) && (!dir || visible.has(dir));
    if (!open) continue;
    openGroups.push(g.id);
    if (g.omitted) missing.push(g.id);
  }
  openGroups.sort();
  missing.sort();
  return { nodes, edges, matches: matchCount, capped, collapseMode, openGroups, missing };
}

function summary(g: TopologyGroup): string {
  return `${g.services.length} service${g.services.length === 1 ? '' : 's'} · ${g.realServers.length} real server${g.realServers.length === 1 ? '' : 's'}`;
}

function arpSummary(g: TopologyGroup): string {
  const parts = (['ok', 'broken', 'unknown'] as const).filter((k) => g.arp[k]).map((k) => `${g.arp[k]} ${k}`);
  return parts.length ? `\nARP hiding: ${parts.join(', ')}` : '';
}

function tooltipOf(n: TopologyNode, d: { title: string; lines: string[] }): string {
  const out = [d.title, ...d.lines];
  const diags = n.diagnostics.items.slice(0, 8).map((x) => `${x.severity}: ${x.message} (${x.code})`);
  if (diags.length) out.push('', ...diags);
  if (n.diagnostics.items.length > 8 || n.diagnostics.truncated) out.push('…');
  if (n.kind === 'realserver') out.push('', (n as RealServerNode).arp.summary);
  return out.join('\n');
}

/** The node to highlight for a topology node id: itself, or the collapsed box that holds it. */
export function visibleFor(ix: TopologyIndex, graph: ViewGraph, id: string): string | undefined {
  const ids = new Set(graph.nodes.map((n) => n.id));
  if (ids.has(id)) return id;
  // A group id (the cursor inside a group whose nodes a collapsed answer left out): its head, or its bucket.
  for (const gid of ix.groupById.has(id) ? [id] : ix.groupsOf.get(id) ?? []) {
    const g = ix.groupById.get(gid)!;
    const head = g.vip ?? g.id;
    if (ids.has(head)) return head;
    const b = g.vip ? ix.bucketOf.get(g.vip) : undefined;
    if (b && ids.has(b)) return b;
  }
  const b = ix.bucketOf.get(id);
  return b && ids.has(b) ? b : undefined;
}
