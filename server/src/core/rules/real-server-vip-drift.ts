import type { Rule } from '../lint/rule';
import type { Fix, Location, RelatedInfo } from '../types';
import { clusterOf, isHiddenDevice, profileGroups, type LvsCluster } from '../cluster/hosts';
import type { ParsedConfig } from '../keepalived/ast';
import type { Token } from '../realserver/types';
import { PerLocation, addressKey, nearestCluster, arpDropVip, arpMangle, familyOfKey, isLoopbackAddress, isPreroutingRedirect, servedAddresses } from '../cluster/dr';
import { fix } from './util';

interface Candidate {
  token: Token;
  vip: string;
  how: string;
}

/** The director configs a real-server file belongs with: those of the real servers it names (by path or own address), else the nearest configs (undefined when ambiguous). */
function directorsOf(cluster: LvsCluster, file: string): Set<ParsedConfig> | undefined {
  const m = cluster.matches.get(file);
  if (m && (m.reason === 'path' || m.reason === 'own-address')) return new Set(m.hosts.flatMap((h) => [...h.configs]));
  return nearestCluster(file, cluster.configs);
}

export const rule: Rule = {
  id: 'real-server-vip-drift',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'A real-server file hides or carries a VIP that no director of the workspace serves, while the directors serve another VIP: the two sides drifted apart.',
    rationale:
      'In LVS direct routing the real server must own (or REDIRECT) exactly the VIPs the director balances: a real server prepared for 10.1.0.102 while keepalived.conf serves 10.1.0.100 drops every packet the director sends it (the VIP is not local), and keeps an unused address hidden on its loopback. The wild corpus shows it again and again in repositories that ship both sides (a VIP renumbered in keepalived.conf but not in the real-server script, or the other way round).\n\n' +
      'The VIPs of a real-server file are the addresses it puts on `lo`, a dummy or a tunnel device (127/8 and ::1 excepted), the addresses its arptables rules hide (`-A INPUT -d VIP -j DROP`, `-A OUTPUT -s VIP -j mangle`) and the destinations of its nat PREROUTING REDIRECT rules. One that is neither a virtual server address, a VRRP VIP nor a static address of any keepalived config of the workspace, nor an address a director script (one that runs `ipvsadm`) puts up, is reported on the real-server line, with the addresses the file\'s own directors serve as related information. Those directors are the ones of the real servers the file names (by an address in its path, or its own address), else the keepalived configs nearest to it in the folder tree; when those sit in different subfolders (a workspace holding several unrelated clusters), the file\'s cluster is unknown and nothing is reported. Files of the director itself (ipvsadm scripts, files under a director folder) are not checked.\n\n' +
      'Fix: when the directors serve a single VIP of the same family, use it (a suggestion: maybe the director config is the side to change).',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 10.1.0.100 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 10.1.0.21 80 {\n    }\n}\n\n# realserver/ifcfg-lo:0\nDEVICE=lo:0\nIPADDR=10.1.0.102\nNETMASK=255.255.255.255\nONBOOT=yes',
    valid: '# keepalived.conf (director): as above\n\n# realserver/ifcfg-lo:0\nDEVICE=lo:0\nIPADDR=10.1.0.100\nNETMASK=255.255.255.255\nONBOOT=yes\n\n# realserver/sysctl.conf\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2',
  },
  checkWorkspace(ctx) {
    if (!ctx.configs.length || !ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const servedByFile = new Map<string, Map<string, Location> | undefined>();
    const servedFor = (file: string): Map<string, Location> | undefined => {
      if (!servedByFile.has(file)) {
        const configs = directorsOf(cluster, file);
        servedByFile.set(file, configs && configs.size ? servedAddresses(cluster, configs) : undefined);
      }
      return servedByFile.get(file);
    };
    const everywhere = servedAddresses(cluster);
    const found = new PerLocation<Candidate & { served: Map<string, Location> }>();
    for (const g of profileGroups(cluster)) {
      const cands: Candidate[] = [];
      for (const a of g.profile.addresses) {
        if (isHiddenDevice(a.device) && !isLoopbackAddress(a.address)) cands.push({ token: a.addressToken, vip: a.address, how: `put on ${a.label ?? a.device}` });
      }
      for (const r of g.profile.arpRules) {
        const d = arpDropVip(r);
        if (d && r.destination) cands.push({ token: r.destination, vip: d, how: 'hidden from ARP by arptables' });
        const m = arpMangle(r);
        const t = m?.by === 'source' ? r.source : r.destination;
        if (m && t) cands.push({ token: t, vip: m.vip, how: 'hidden from ARP by arptables' });
      }
      for (const r of g.profile.iptRules) {
        if (!isPreroutingRedirect(r) || !r.destination) continue;
        const d = addressKey(r.destination.text);
        if (d) cands.push({ token: r.destination, vip: d, how: 'redirected by iptables' });
      }
      for (const c of cands) {
        // Served by any director of the workspace: not drift (maybe another cluster's file).
        if (everywhere.has(c.vip) || cluster.hosts.has(c.vip)) continue;
        const served = servedFor(c.token.loc.file);
        if (!served || !served.size) continue;
        found.add(c.token.loc, g.hosts, { ...c, served });
      }
    }
    found.flush((c, hosts) => {
      const same = [...c.served.entries()].filter(([k]) => familyOfKey(k) === familyOfKey(c.vip));
      if (!same.length) return;
      const related: RelatedInfo[] = same.slice(0, 8).map(([k, l]) => ({ location: l, message: `the directors serve ${k}` }));
      const fixes: Fix[] = [];
      if (same.length === 1 && !c.token.fromVariable) fixes.push(fix(`Use the director's VIP ${same[0][0]}`, [{ file: c.token.loc.file, range: c.token.loc.range, newText: same[0][0] + (c.token.text.includes('/') ? c.token.text.slice(c.token.text.indexOf('/')) : '') }]));
      const list = same.slice(0, 4).map(([k]) => k).join(', ') + (same.length > 4 ? ` and ${same.length - 4} more` : '');
      const who = hosts.length ? ` for real server${hosts.length > 1 ? 's' : ''} ${hosts.map((h) => h.address).join(', ')}` : '';
      ctx.report({
        at: c.token.loc,
        message: `${c.vip} is ${c.how}${who}, but no director of the workspace serves it (they serve ${list}): the real-server side and keepalived.conf drifted apart.`,
        related,
        fixes,
      });
    });
  },
};
