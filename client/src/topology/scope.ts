/**
 * Plain helpers over a topology (no vscode import, unit-tested): the innermost node written at a position of a
 * file (or the collapsed group written there, in an answer that left the group's nodes out). A folder's part of the
 * workspace is cut by the server (`TopologyParams.folder`).
 */
import type { Range } from '../../../server/src/core/types';
import type { Topology } from '../../../server/src/core/topology/types';

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

/** The innermost node whose source contains the position in `file` (a URI), or the omitted group whose does. */
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
    // Groups whose services a collapsed answer left out: their virtual_server blocks stand for them.
    for (const g of topology.groups) {
      if (!g.omitted) continue;
      for (const s of g.sources ?? []) {
        const f = topology.files[s.file];
        if (f === undefined) continue;
        const key = normalFile(f);
        let list = index.get(key);
        if (!list) index.set(key, (list = []));
        list.push({ id: g.id, range: s.range });
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
