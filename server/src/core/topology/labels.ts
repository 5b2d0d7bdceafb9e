/**
 * The text of a topology node as the preview and the tree show it (a title and detail lines), and the text the
 * preview's filter searches: shared by the webview (client/src/preview/view.ts), the tree view and the language
 * server, which runs the same filter over the nodes a collapsed answer leaves out (build.ts `collapseTopology`).
 * Plain data in, plain strings out.
 */
import type { DirectorNode, ForwardEdge, InstanceNode, RealServerNode, ServiceNode, Topology, TopologyNode, VipNode } from './types';

/** At most this many filter matches are drawn (with their ancestors), and their groups sent in a collapsed answer. */
export const FILTER_MAX_MATCHES = 300;

const basename = (p: string): string => {
  const s = p.replace(/[/\\]+$/, '');
  const i = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
  try {
    return decodeURIComponent(s.slice(i + 1));
  } catch {
    return s.slice(i + 1);
  }
};

/** Forward edges into each real server (for its weights and checks). */
export function forwardsToOf(topology: Topology): Map<string, ForwardEdge[]> {
  const m = new Map<string, ForwardEdge[]>();
  for (const e of topology.edges) {
    if (e.kind !== 'forwards') continue;
    const l = m.get(e.to);
    if (l) l.push(e);
    else m.set(e.to, [e]);
  }
  return m;
}

/** Title and detail lines of a topology node. */
export function describe(n: TopologyNode, topology: Topology, forwardsTo: Map<string, ForwardEdge[]>): { title: string; lines: string[] } {
  switch (n.kind) {
    case 'director': {
      const d = n as DirectorNode;
      const file = topology.files[d.file] ?? '';
      const lines = [`director${d.routerId ? ` · router_id ${d.routerId}` : ''}`];
      if (d.configId) lines.push(`config id ${d.configId}`);
      return { title: n.label || basename(file), lines };
    }
    case 'instance': {
      const i = n as InstanceNode;
      const prio = i.priority ?? i.effectivePriority;
      const state = [i.state ?? 'state unset', prio !== undefined ? `priority ${prio}` : ''].filter(Boolean).join(' · ');
      const vrrp = i.vrrp !== undefined ? topology.vrrp[i.vrrp] : undefined;
      const lines = [state];
      const where = [i.vrid !== undefined ? `VRID ${i.vrid}` : '', i.interface ? `dev ${i.interface}` : '', i.unicastPeers ? 'unicast' : ''].filter(Boolean).join(' · ');
      if (where) lines.push(where);
      if (vrrp && vrrp.members.length > 1) lines.push(vrrp.master === i.id ? 'expected master' : 'expected backup');
      return { title: i.name, lines };
    }
    case 'vip': {
      const v = n as VipNode;
      const lines: string[] = [];
      const dev = [v.dev ? `dev ${v.dev}` : '', v.excluded ? 'excluded' : ''].filter(Boolean).join(' · ');
      if (dev) lines.push(dev);
      if (v.heldBy.length === 0) lines.push('held by no VRRP instance');
      return { title: v.prefix !== undefined ? `${v.address}/${v.prefix}` : v.address, lines };
    }
    case 'service': {
      const s = n as ServiceNode;
      const lines = [[s.scheduler ?? 'wlc', s.method ?? 'NAT', (s.protocol ?? 'tcp').toUpperCase()].join(' · ')];
      const more = [`${s.realServerCount} real server${s.realServerCount === 1 ? '' : 's'}`];
      if (s.persistence !== undefined) more.push(`persistence ${s.persistence}s`);
      lines.push(more.join(' · '));
      return { title: n.label, lines };
    }
    case 'realserver': {
      const r = n as RealServerNode;
      const fw = forwardsTo.get(r.id) ?? [];
      const weights = [...new Set(fw.map((e) => e.weight))];
      const checks = [...new Set(fw.flatMap((e) => e.checks.map((c) => (c.port !== undefined ? `${c.type}:${c.port}` : c.type))))];
      const lines = [[weights.length ? `weight ${weights.join('/')}` : '', checks.length ? checks.join(', ') : 'no check'].filter(Boolean).join(' · ')];
      lines.push(arpLine(r));
      return { title: r.address, lines };
    }
  }
}

function arpLine(r: RealServerNode): string {
  const a = r.arp;
  switch (a.status) {
    case 'ok':
      return `ARP hidden (${a.method ?? 'yes'}) ✓`;
    case 'broken':
      return `ARP not hidden ✗${a.rules.length ? ` (${a.rules.join(', ')})` : ''}`;
    case 'unknown':
      return 'ARP hiding unknown (no file)';
    case 'not-needed':
      return 'NAT: no ARP hiding needed';
  }
}

/** What the filter searches in a node, lower-cased: its label, its detail lines, the rule ids of its findings. */
export function searchTextOf(n: TopologyNode, topology: Topology, forwardsTo: Map<string, ForwardEdge[]>): string {
  const codes = n.diagnostics.items.length ? [...new Set(n.diagnostics.items.map((d) => d.code))] : [];
  return [n.label, ...describe(n, topology, forwardsTo).lines, ...codes].join('\n').toLowerCase();
}

/** The filter's text as matched (trimmed, lower-cased); empty: no filter. */
export const normalFilter = (filter: string | undefined): string => (filter ?? '').trim().toLowerCase();
