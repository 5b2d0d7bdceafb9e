/**
 * Plain helpers over a topology (no vscode import, unit-tested): the innermost node written at a position of a
 * file, and the part of a workspace topology connected to the files under a folder.
 */
import type { Range } from '../../../server/src/core/types';
import type { Topology, TopologyNode } from '../../../server/src/core/topology/types';

/** A file entry (a URI from the server, a path from the CLI) as a comparable URI string, decoded. */
export function normalFile(f: string): string {
  const uri = /^[a-z][a-z0-9+.-]*:\/\//i.test(f) ? f : `file://${f.startsWith('/') ? '' : '/'}${f.replace(/\\/g, '/')}`;
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

const before = (a: { line: number; character: number }, b: { line: number; character: number }): boolean =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (r: Range, p: { line: number; character: number }): boolean => before(r.start, p) && before(p, r.end);
const within = (inner: Range, outer: Range): boolean => before(outer.start, inner.start) && before(inner.end, outer.end);

/** Per file, the nodes written in it with their ranges; built once per topology. */
const positionIndex = new WeakMap<Topology, Map<string, Array<{ id: string; range: Range }>>>();

/** The innermost node whose source contains the position in `file` (a URI). */
export function nodeAtPosition(topology: Topology, file: string, pos: { line: number; character: number }): string | undefined {
  let index = positionIndex.get(topology);
  if (!index) {
    index = new Map();
    for (const n of topology.nodes) {
      for (const s of n.sources) {
        const f = topology.files[s.file];
        if (f === undefined) continue;
        const key = normalFile(f);
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push({ id: n.id, range: s.range });
      }
    }
    positionIndex.set(topology, index);
  }
  let best: { id: string; range: Range } | undefined;
  for (const c of index.get(normalFile(file)) ?? []) {
    if (!contains(c.range, pos)) continue;
    if (!best || within(c.range, best.range)) best = c;
  }
  return best?.id;
}

/** The part of a workspace topology connected to the files under `folder` (a URI): the clusters of its files. */
export function scopeToFolder(t: Topology, folder: string): Topology {
  const prefix = normalFile(folder).replace(/\/?$/, '/');
  const inFolder = t.files.map((f) => normalFile(f).startsWith(prefix));
  if (inFolder.every(Boolean)) return t;
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    (adj.get(a) ?? adj.set(a, []).get(a)!).push(b);
  };
  for (const e of t.edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const keep = new Set<string>();
  const stack = t.nodes
    .filter((n) => n.sources.some((s) => inFolder[s.file]) || (n.kind === 'director' && inFolder[n.file]) || (n.kind === 'realserver' && n.files.some((f) => inFolder[f])))
    .map((n) => n.id);
  while (stack.length) {
    const id = stack.pop()!;
    if (keep.has(id)) continue;
    keep.add(id);
    for (const o of adj.get(id) ?? []) if (!keep.has(o)) stack.push(o);
  }
  const nodes = t.nodes.filter((n) => keep.has(n.id));
  const count = (k: TopologyNode['kind']): number => nodes.filter((n) => n.kind === k).length;
  return {
    ...t,
    nodes,
    edges: t.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    groups: t.groups.filter((g) => g.services.some((s) => keep.has(s))),
    summary: {
      ...t.summary,
      directors: count('director'),
      instances: count('instance'),
      vips: count('vip'),
      services: count('service'),
      realServers: count('realserver'),
    },
  };
}
