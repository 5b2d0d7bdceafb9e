/**
 * The client's side of collapsed answers (types.ts `TopologyParams.groupsOnly`): a `groupsOnly` answer merged into
 * the collapsed answer it completes. No import but the types: the preview's webview bundles it.
 */
import type { Topology, TopologyNode } from './types';

/** Nodes are listed by kind, left to right as drawn (the sort is stable: workspace order within a kind). */
export const KIND_ORDER: Record<TopologyNode['kind'], number> = { director: 0, instance: 1, vip: 2, service: 3, realserver: 4 };

/**
 * A collapsed answer with a `groupsOnly` answer added (the client's side of `TopologyParams.groupsOnly`): its nodes
 * and edges (those already there kept once, nodes in kind order), its groups in place of the omitted ones, its
 * summary, and its filter when it has one. Undefined when the two do not share their `files` (another analysis: ask
 * for the whole answer again).
 */
export function mergeGroups(base: Topology, part: Topology): Topology | undefined {
  if (part.files.length !== base.files.length || part.files.some((f, i) => f !== base.files[i])) return undefined;
  const have = new Set(base.nodes.map((n) => n.id));
  const added = part.nodes.filter((n) => !have.has(n.id));
  const nodes = added.length ? [...base.nodes, ...added].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]) : base.nodes;
  const edgeIds = new Set(base.edges.map((e) => e.id));
  const edges = [...base.edges];
  for (const e of part.edges) if (!edgeIds.has(e.id)) edges.push(e);
  const byId = new Map(part.groups.map((g) => [g.id, g]));
  const groups = base.groups.map((g) => byId.get(g.id) ?? g);
  const out: Topology = { ...base, nodes, edges, groups, summary: part.summary };
  if (part.filter) out.filter = part.filter;
  return out;
}
