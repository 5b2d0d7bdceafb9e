/**
 * The topology as a native tree in the Explorer ("LVS Topology"), for list readers and screen readers:
 * VIP → its VRRP instances (→ the director running each) and its services (→ their real servers); services without
 * a VIP (fwmark) under their group. Status icons, tooltips with the findings, click opens the source.
 */
import * as vscode from 'vscode';
import type { ForwardEdge, Topology, TopologyGroup, TopologyNode } from '../../../server/src/core/topology/types';
import { describe } from '../preview/view';
import { mainSource, type TopologySource } from './source';

interface Item {
  /** Unique per tree position (a real server can sit under several services). */
  key: string;
  node?: TopologyNode;
  group?: TopologyGroup;
  children: () => Item[];
}

const KIND_ICON: Record<TopologyNode['kind'], string> = {
  director: 'server-environment',
  instance: 'broadcast',
  vip: 'globe',
  service: 'plug',
  realserver: 'server',
};

export const OPEN_SOURCE_COMMAND = 'lvsConfig.openTopologySource';

export class TopologyTree implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Item | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private topology?: Topology;
  private error?: string;
  private timer?: ReturnType<typeof setTimeout>;
  private readonly subscription: vscode.Disposable;
  visible = false;
  private stale = true;

  constructor(private readonly source: TopologySource) {
    this.subscription = source.onDidChange(() => this.invalidate());
  }

  /** Refetch now if the view is visible, else when it becomes visible. */
  invalidate(): void {
    this.stale = true;
    if (!this.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.emitter.fire(undefined), 200);
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && this.stale) this.emitter.fire(undefined);
  }

  /** The topology last shown (for the reveal command). */
  current(): Topology | undefined {
    return this.topology;
  }

  async getChildren(parent?: Item): Promise<Item[]> {
    if (parent) return parent.children();
    if (this.stale || !this.topology) {
      try {
        this.topology = await this.source.fetch({});
        this.error = undefined;
      } catch (err) {
        this.error = err instanceof Error ? err.message : String(err);
      }
      this.stale = false;
    }
    if (this.error || !this.topology) return [];
    return roots(this.topology);
  }

  getTreeItem(item: Item): vscode.TreeItem {
    const t = this.topology!;
    if (item.group) {
      const g = item.group;
      const ti = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
      ti.id = item.key;
      ti.description = `${g.services.length} services · ${g.realServers.length} real servers`;
      ti.iconPath = healthIcon(g.health, 'symbol-namespace');
      ti.tooltip = `${g.label}\n${g.counts.error} errors, ${g.counts.warning} warnings`;
      return ti;
    }
    const n = item.node!;
    const d = describe(n, t, forwardsTo(t));
    const hasChildren = item.children().length > 0;
    const ti = new vscode.TreeItem(d.title, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    ti.id = item.key;
    ti.description = d.lines.join(' · ');
    ti.iconPath = healthIcon(n.health, KIND_ICON[n.kind]);
    const counts = [n.diagnostics.error ? `${n.diagnostics.error} error${n.diagnostics.error === 1 ? '' : 's'}` : '', n.diagnostics.warning ? `${n.diagnostics.warning} warning${n.diagnostics.warning === 1 ? '' : 's'}` : '']
      .filter(Boolean)
      .join(', ');
    ti.accessibilityInformation = { label: `${n.kind === 'realserver' ? 'real server' : n.kind} ${d.title}, ${d.lines.join(', ')}${counts ? `, ${counts}` : ''}` };
    // Config text is untrusted: appendText escapes it.
    const md = new vscode.MarkdownString();
    md.appendText(`${d.title}\n`);
    for (const l of d.lines) md.appendText(`${l}\n`);
    for (const x of n.diagnostics.items.slice(0, 10)) md.appendText(`\n${x.severity}: ${x.message} (${x.code})`);
    ti.tooltip = md;
    const src = mainSource(n);
    if (src) ti.command = { command: OPEN_SOURCE_COMMAND, title: 'Open', arguments: [n.id] };
    ti.contextValue = `lvsTopology.${n.kind}`;
    return ti;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

function healthIcon(health: string, kindIcon: string): vscode.ThemeIcon {
  if (health === 'error') return new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  if (health === 'warning') return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  return new vscode.ThemeIcon(kindIcon, new vscode.ThemeColor('testing.iconPassed'));
}

const forwardsCache = new WeakMap<Topology, Map<string, ForwardEdge[]>>();
function forwardsTo(t: Topology): Map<string, ForwardEdge[]> {
  let m = forwardsCache.get(t);
  if (!m) {
    m = new Map();
    for (const e of t.edges) if (e.kind === 'forwards') (m.get(e.to) ?? m.set(e.to, []).get(e.to)!).push(e);
    forwardsCache.set(t, m);
  }
  return m;
}

function roots(t: Topology): Item[] {
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const out = new Map<string, string[]>();
  for (const e of t.edges) if (e.kind !== 'peer') (out.get(e.from) ?? out.set(e.from, []).get(e.from)!).push(e.to);
  const nodeItem = (parentKey: string, n: TopologyNode, kids: () => Item[]): Item => ({ key: `${parentKey}/${n.id}`, node: n, children: kids });
  const directorOf = (instance: TopologyNode): TopologyNode | undefined => (instance.kind === 'instance' ? byId.get(instance.director) : undefined);
  const serviceItem = (parentKey: string, s: TopologyNode): Item => {
    const key = `${parentKey}/${s.id}`;
    return nodeItem(parentKey, s, () => (out.get(s.id) ?? []).map((r) => byId.get(r)).filter((r): r is TopologyNode => !!r).map((r) => nodeItem(key, r, () => [])));
  };
  const items: Item[] = [];
  for (const v of t.nodes) {
    if (v.kind !== 'vip') continue;
    const key = v.id;
    items.push({
      key,
      node: v,
      children: () => [
        ...v.heldBy
          .map((i) => byId.get(i))
          .filter((i): i is TopologyNode => !!i)
          .map((i) => {
            const d = directorOf(i);
            const ikey = `${key}/${i.id}`;
            return nodeItem(key, i, () => (d ? [nodeItem(ikey, d, () => [])] : []));
          }),
        ...(out.get(v.id) ?? []).map((s) => byId.get(s)).filter((s): s is TopologyNode => s?.kind === 'service').map((s) => serviceItem(key, s)),
      ],
    });
  }
  for (const g of t.groups) {
    if (g.vip) continue;
    items.push({ key: g.id, group: g, children: () => g.services.map((s) => byId.get(s)).filter((s): s is TopologyNode => !!s).map((s) => serviceItem(g.id, s)) });
  }
  // Directors holding no VIP and defining no service still show (with their instances).
  const shown = new Set(t.nodes.filter((n) => n.kind === 'vip').flatMap((v) => (v.kind === 'vip' ? v.heldBy : [])));
  for (const d of t.nodes) {
    if (d.kind !== 'director') continue;
    const instances = (out.get(d.id) ?? []).map((i) => byId.get(i)).filter((i): i is TopologyNode => i?.kind === 'instance');
    if (instances.some((i) => shown.has(i.id)) || t.groups.some((g) => !g.vip && (out.get(d.id) ?? []).some((s) => g.services.includes(s)))) continue;
    items.push({ key: d.id, node: d, children: () => instances.map((i) => nodeItem(d.id, i, () => [])) });
  }
  return items;
}
