/**
 * From a topology (types.ts) to what is drawn: boxes with their text lines, links, and the ELK graph that lays them
 * out. Shared by `lvs-lint graph` (elkjs in Node, svg.ts renders) and the preview webview (elkjs in the browser): both
 * call `viewOf` and `elkGraphOf` and hand the graph to their own `new ELK().layout(graph)`. Plain data, no elkjs
 * import (the ELK JSON format is declared here), so the core stays free of it.
 *
 * Collapsing: a collapsed VIP absorbs its collapse group (types.ts `TopologyGroup`): its box gets the services' and
 * real servers' counts and worst health, and the services and real servers are not drawn (a real server that also
 * serves an expanded group stays). Groups without a VIP collapse into a box of their own.
 */
import type { ArpHidingStatus, Health, SeverityCounts, Topology, TopologyGroup, TopologyNode } from './types';

/** Which groups are drawn collapsed. */
export interface ViewOptions {
  /** true: every group collapsed; false: none; 'auto' (default): all when `summary.collapseSuggested`. */
  collapse?: boolean | 'auto';
  /** Group ids drawn expanded whatever `collapse` says (the preview's toggles). */
  expanded?: readonly string[];
  /** Group ids drawn collapsed whatever `collapse` says. */
  collapsed?: readonly string[];
  /**
   * Still more boxes than this once the groups are collapsed: the VIPs of each VRRP instance are drawn as one box
   * (`vipset:<instance id>`, kind 'group'), with their services' and real servers' counts. Default: no limit.
   */
  maxBoxes?: number;
}

export type BoxKind = TopologyNode['kind'] | 'group';

export interface Box {
  /** The node id, or the group id for a group box. */
  id: string;
  kind: BoxKind;
  /** First line: the title; the others: details (all plain text: escape when rendering). */
  lines: string[];
  health: Health;
  counts: SeverityCounts;
  /** Real servers: ARP-hiding status. Collapsed VIPs and groups: how many real servers per status. */
  arp?: ArpHidingStatus;
  arpCounts?: Record<ArpHidingStatus, number>;
  /** The collapse group this box stands for or contains (collapsed VIPs, group boxes), with its state. */
  group?: { id: string; collapsed: boolean };
  width: number;
  height: number;
}

export interface Link {
  id: string;
  kind: string;
  from: string;
  to: string;
  /** Short label drawn on the edge (`w 2`, `:8080`), if any. */
  label?: string;
  health?: Health;
  /** Drawn dashed (VRRP peers). */
  dashed?: boolean;
}

export interface View {
  boxes: Box[];
  links: Link[];
}

/** Text metrics assumed by the sizes (the renderers use these fonts). */
export const FONT = { family: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', size: 12, lineHeight: 16, charWidth: 7.3 } as const;
const PAD_X = 10;
const PAD_Y = 8;
/** Room for the diagnostics badge on the title line. */
const BADGE_W = 56;

function sizeOf(lines: string[]): { width: number; height: number } {
  let longest = 0;
  lines.forEach((l, i) => (longest = Math.max(longest, l.length * FONT.charWidth + (i === 0 ? BADGE_W : 0))));
  return { width: Math.ceil(Math.max(120, longest + 2 * PAD_X)), height: lines.length * FONT.lineHeight + 2 * PAD_Y };
}

const zero = (): SeverityCounts => ({ error: 0, warning: 0, information: 0, hint: 0 });
const add = (a: SeverityCounts, b: SeverityCounts): void => {
  a.error += b.error;
  a.warning += b.warning;
  a.information += b.information;
  a.hint += b.hint;
};
const healthOf = (c: SeverityCounts): Health => (c.error ? 'error' : c.warning ? 'warning' : 'ok');
const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;

function arpLine(a: Record<ArpHidingStatus, number>): string | undefined {
  const parts: string[] = [];
  if (a.broken) parts.push(`${a.broken} broken`);
  if (a.unknown) parts.push(`${a.unknown} unknown`);
  if (a.ok) parts.push(`${a.ok} ok`);
  return parts.length ? `ARP hiding: ${parts.join(', ')}` : undefined;
}

/** The text lines of a node's box. */
export function linesOf(n: TopologyNode): string[] {
  switch (n.kind) {
    case 'director':
      return [n.routerId ? `${n.routerId}` : n.label, n.routerId ? n.label : 'director'];
    case 'instance': {
      const l2 = [n.state ?? 'no state', n.effectivePriority !== undefined ? `prio ${n.effectivePriority}` : n.priority !== undefined ? `prio ${n.priority}` : undefined].filter(Boolean).join(' · ');
      const l3 = [n.interface ?? 'no interface', n.vrid !== undefined ? `VRID ${n.vrid}` : 'no VRID'].join(' · ');
      return [n.name || '(unnamed)', l2, l3];
    }
    case 'vip':
      return [n.prefix !== undefined ? `${n.address}/${n.prefix}` : n.address, n.heldBy.length ? (n.dev ? `VIP on ${n.dev}` : 'VIP') : 'held by no instance'];
    case 'service': {
      const d = [n.method ?? 'NAT', n.scheduler, n.persistence !== undefined ? `persist ${n.persistence}s` : undefined].filter(Boolean).join(' · ');
      return [n.label, d];
    }
    case 'realserver':
      return [n.label, `${n.methods.join('/') || '-'} · ARP ${n.arp.status === 'not-needed' ? 'n/a' : n.arp.method ? `${n.arp.method} ${n.arp.status}` : n.arp.status}`];
  }
}

function collapsedSet(t: Topology, o: ViewOptions): Set<string> {
  const all = o.collapse === true || ((o.collapse ?? 'auto') === 'auto' && t.summary.collapseSuggested);
  const out = new Set<string>(all ? t.groups.map((g) => g.id) : []);
  for (const g of o.expanded ?? []) out.delete(g);
  for (const g of o.collapsed ?? []) out.add(g);
  return out;
}

/** The boxes and links drawn for a topology under some collapse state. */
export function viewOf(t: Topology, o: ViewOptions = {}): View {
  const collapsed = collapsedSet(t, o);
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const groupOfVip = new Map<string, TopologyGroup>();
  for (const g of t.groups) if (g.vip) groupOfVip.set(g.vip, g);
  // Nodes hidden by a collapsed group: its services, and real servers no expanded group shows.
  const hidden = new Set<string>();
  const shownRs = new Set<string>();
  for (const g of t.groups) {
    if (collapsed.has(g.id)) for (const s of g.services) hidden.add(s);
    else for (const r of g.realServers) shownRs.add(r);
  }
  for (const g of t.groups) if (collapsed.has(g.id)) for (const r of g.realServers) if (!shownRs.has(r)) hidden.add(r);
  /** Where a hidden node's links go: the collapsed VIP box, or the group box. */
  const stand = new Map<string, string>();
  for (const g of t.groups) {
    if (!collapsed.has(g.id)) continue;
    const target = g.vip && byId.has(g.vip) ? g.vip : g.id;
    for (const s of g.services) stand.set(s, target);
  }

  const boxes: Box[] = [];
  for (const n of t.nodes) {
    if (hidden.has(n.id)) continue;
    const lines = linesOf(n);
    const counts = zero();
    add(counts, n.diagnostics);
    const box: Box = { id: n.id, kind: n.kind, lines, health: n.health, counts, width: 0, height: 0 };
    if (n.kind === 'realserver') box.arp = n.arp.status;
    const g = n.kind === 'vip' ? groupOfVip.get(n.id) : undefined;
    if (g) {
      box.group = { id: g.id, collapsed: collapsed.has(g.id) };
      if (collapsed.has(g.id)) {
        lines.push(`${plural(g.services.length, 'service')} · ${plural(g.realServers.length, 'real server')}`);
        const a = arpLine(g.arp);
        if (a) lines.push(a);
        add(counts, g.counts);
        box.health = healthOf(counts);
        box.arpCounts = g.arp;
      }
    }
    Object.assign(box, sizeOf(lines));
    boxes.push(box);
  }
  for (const g of t.groups) {
    if (!collapsed.has(g.id) || (g.vip && byId.has(g.vip))) continue;
    const lines = [g.label, `${plural(g.services.length, 'service')} · ${plural(g.realServers.length, 'real server')}`];
    const a = arpLine(g.arp);
    if (a) lines.push(a);
    const counts = zero();
    add(counts, g.counts);
    boxes.push({ id: g.id, kind: 'group', lines, health: g.health, counts, arpCounts: g.arp, group: { id: g.id, collapsed: true }, ...sizeOf(lines) });
  }

  const links: Link[] = [];
  const seen = new Set<string>();
  for (const e of t.edges) {
    let from = e.from;
    let to = e.to;
    if (hidden.has(from)) from = stand.get(from) ?? '';
    if (hidden.has(to)) to = stand.get(to) ?? '';
    if (!from || !to || from === to || hidden.has(from) || hidden.has(to)) continue;
    const id = from === e.from && to === e.to ? e.id : `${e.kind}:${from}->${to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const link: Link = { id, kind: e.kind, from, to };
    if (e.kind === 'peer') link.dashed = true;
    if (e.kind === 'forwards' && id === e.id) {
      const parts = [e.port !== undefined ? `:${e.port}` : '', `w${e.weight}`];
      link.label = parts.filter(Boolean).join(' ');
      link.health = e.health;
    }
    links.push(link);
  }
  const view = { boxes, links };
  return o.maxBoxes !== undefined && boxes.length > o.maxBoxes ? foldVips(t, view, groupOfVip) : view;
}

/** One box per VRRP instance for its VIPs (and what they absorbed), see `ViewOptions.maxBoxes`. */
function foldVips(t: Topology, view: View, groupOfVip: Map<string, TopologyGroup>): View {
  const into = new Map<string, string>();
  const sets = new Map<string, { box: Box; vips: number; services: number; rs: Set<string>; arp: Record<ArpHidingStatus, number> }>();
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const boxes: Box[] = [];
  for (const b of view.boxes) {
    const n = byId.get(b.id);
    if (!n || n.kind !== 'vip') {
      boxes.push(b);
      continue;
    }
    const owner = n.heldBy[0];
    const id = `vipset:${owner ?? 'none'}`;
    into.set(b.id, id);
    let set = sets.get(id);
    if (!set) {
      const box: Box = { id, kind: 'group', lines: [], health: 'ok', counts: zero(), width: 0, height: 0 };
      set = { box, vips: 0, services: 0, rs: new Set(), arp: { ok: 0, broken: 0, unknown: 0, 'not-needed': 0 } };
      sets.set(id, set);
      boxes.push(box);
    }
    set.vips++;
    add(set.box.counts, b.counts);
    const g = groupOfVip.get(b.id);
    if (g && b.group?.collapsed) {
      set.services += g.services.length;
      for (const r of g.realServers) if (!set.rs.has(r)) set.rs.add(r), set.arp[(byId.get(r) as { arp: { status: ArpHidingStatus } }).arp.status]++;
    }
  }
  for (const [id, s] of sets) {
    const owner = byId.get(id.slice('vipset:'.length));
    s.box.lines = [`${plural(s.vips, 'VIP')}${owner ? ` of ${owner.label}` : ' held by no instance'}`, `${plural(s.services, 'service')} · ${plural(s.rs.size, 'real server')}`];
    const a = arpLine(s.arp);
    if (a) s.box.lines.push(a);
    s.box.arpCounts = s.arp;
    s.box.health = healthOf(s.box.counts);
    Object.assign(s.box, sizeOf(s.box.lines));
  }
  const links: Link[] = [];
  const seen = new Set<string>();
  for (const l of view.links) {
    const from = into.get(l.from) ?? l.from;
    const to = into.get(l.to) ?? l.to;
    if (from === to) continue;
    const id = from === l.from && to === l.to ? l.id : `${l.kind}:${from}->${to}`;
    if (seen.has(id)) continue;
    seen.add(id);
    links.push(id === l.id ? l : { id, kind: l.kind, from, to, ...(l.dashed ? { dashed: true } : {}) });
  }
  return { boxes, links };
}

/** ELK's JSON graph format (the subset used here; elkjs `ElkNode`). */
export interface ElkGraphNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkGraphNode[];
  edges?: ElkGraphEdge[];
}

export interface ElkPoint {
  x: number;
  y: number;
}

export interface ElkGraphEdge {
  id: string;
  sources: string[];
  targets: string[];
  labels?: { id?: string; text: string; width: number; height: number; x?: number; y?: number }[];
  /** Filled in by the layout. */
  sections?: { startPoint: ElkPoint; endPoint: ElkPoint; bendPoints?: ElkPoint[] }[];
}

/** Layout options: layered, left to right, orthogonal edges, in the node order given (stable across updates). */
export const ELK_LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '60',
  'elk.spacing.nodeNode': '14',
  'elk.spacing.edgeNode': '10',
  'elk.spacing.edgeEdge': '6',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
  'elk.edgeLabels.inline': 'true',
};

/** Above this many boxes, a cheaper layout (no crossing minimisation sweeps, simple placement). */
export const LARGE_GRAPH = 600;

/** The ELK graph of a view: one child per box with its size, one edge per link (edge labels sized for FONT). */
export function elkGraphOf(view: View): ElkGraphNode {
  const large = view.boxes.length > LARGE_GRAPH;
  const layoutOptions: Record<string, string> = { ...ELK_LAYOUT_OPTIONS };
  if (large) {
    layoutOptions['elk.layered.crossingMinimization.strategy'] = 'NONE';
    layoutOptions['elk.layered.nodePlacement.strategy'] = 'SIMPLE';
    layoutOptions['elk.layered.thoroughness'] = '1';
    delete layoutOptions['elk.edgeLabels.inline'];
  }
  return {
    id: 'root',
    layoutOptions,
    children: view.boxes.map((b) => ({ id: b.id, width: b.width, height: b.height })),
    edges: view.links.map((l) => {
      const e: ElkGraphEdge = { id: l.id, sources: [l.from], targets: [l.to] };
      if (l.label && !large) e.labels = [{ text: l.label, width: Math.ceil(l.label.length * FONT.charWidth * 0.85) + 4, height: FONT.lineHeight - 2 }];
      return e;
    }),
  };
}
