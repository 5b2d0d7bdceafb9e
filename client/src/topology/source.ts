/**
 * The client's access to the server's topology (`lvsConfig/topology`, `lvsConfig/topologyChanged`), shared by the
 * preview panels and the tree view, and the plain helpers both use: where a node is written, which node a cursor
 * position is in, and the part of a workspace topology under a folder.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  TOPOLOGY_CHANGED_NOTIFICATION,
  TOPOLOGY_REQUEST,
  type SourceRef,
  type Topology,
  type TopologyChangedParams,
  type TopologyNode,
  type TopologyParams,
} from '../../../server/src/core/topology/types';

export type ClientGetter = () => Promise<LanguageClient | undefined>;

export class TopologySource implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TopologyChangedParams>();
  /** Fired (debounced by the server) when a re-analysis may have changed the topology. */
  readonly onDidChange = this.changed.event;
  private attached?: LanguageClient;
  private subscription?: vscode.Disposable;

  constructor(private readonly getClient: ClientGetter) {}

  async fetch(params: TopologyParams): Promise<Topology> {
    const client = await this.getClient();
    if (!client) throw new Error('The LVS language server is not running.');
    if (this.attached !== client) {
      this.subscription?.dispose();
      this.attached = client;
      this.subscription = client.onNotification(TOPOLOGY_CHANGED_NOTIFICATION, (p: TopologyChangedParams) => this.changed.fire(p));
    }
    return client.sendRequest<Topology>(TOPOLOGY_REQUEST, params);
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

/** A `Topology.files` entry as a URI (the server gives URIs; the CLI's JSON gives paths). */
export function fileUri(topology: Topology, file: number): vscode.Uri | undefined {
  const f = topology.files[file];
  if (f === undefined) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(f) ? vscode.Uri.parse(f) : vscode.Uri.file(f);
}

export function toRange(r: SourceRef['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Open a node's main source (or the given one) in an editor and select it. */
export async function revealSource(topology: Topology, ref: SourceRef | undefined, column?: vscode.ViewColumn): Promise<void> {
  if (!ref) return;
  const uri = fileUri(topology, ref.file);
  if (!uri) return;
  const range = toRange(ref.range);
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const editor = await vscode.window.showTextDocument(uri, {
    viewColumn: open?.viewColumn ?? column ?? vscode.ViewColumn.One,
    selection: new vscode.Range(range.start, range.start),
    preserveFocus: false,
  });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

export function mainSource(n: TopologyNode): SourceRef | undefined {
  return n.sources[0];
}

/** Per file (URI string), the nodes written in it with their ranges; built once per topology. */
const positionIndex = new WeakMap<Topology, Map<string, Array<{ id: string; range: vscode.Range }>>>();

/** The innermost node whose source contains `pos` in the document `uri`. */
export function nodeAt(topology: Topology, uri: vscode.Uri, pos: vscode.Position): string | undefined {
  let index = positionIndex.get(topology);
  if (!index) {
    index = new Map();
    for (const n of topology.nodes) {
      for (const s of n.sources) {
        const u = fileUri(topology, s.file)?.toString();
        if (!u) continue;
        let list = index.get(u);
        if (!list) index.set(u, (list = []));
        list.push({ id: n.id, range: toRange(s.range) });
      }
    }
    positionIndex.set(topology, index);
  }
  let best: { id: string; range: vscode.Range } | undefined;
  for (const c of index.get(uri.toString()) ?? []) {
    if (!c.range.contains(pos)) continue;
    if (!best || best.range.contains(c.range)) best = c;
  }
  return best?.id;
}

/** The part of a workspace topology connected to the files under `folder` (its clusters). */
export function scopeToFolder(t: Topology, folder: vscode.Uri): Topology {
  const prefix = folder.toString().replace(/\/?$/, '/');
  const inFolder = t.files.map((_, i) => (fileUri(t, i)?.toString() ?? '').startsWith(prefix));
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
