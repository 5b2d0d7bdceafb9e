/**
 * The client's access to the server's topology (`lvsConfig/topology`, `lvsConfig/topologyChanged`), shared by the
 * preview panels and the tree view, and the plain helpers both use: where a node is written, which node a cursor
 * position is in.
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
import { nodeAtPosition } from './scope';

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

/** The innermost node whose source contains `pos` in the document `uri`. */
export function nodeAt(topology: Topology, uri: vscode.Uri, pos: vscode.Position): string | undefined {
  return nodeAtPosition(topology, uri.toString(), pos);
}
