import type { Rule } from '../lint/rule';
import type { SysctlSetting } from '../realserver/types';
import { clusterOf, lastKey, profileGroups, type RealServerHost } from '../cluster/hosts';
import { directHosts, hostsLabel, locKey, realServerRelated } from '../cluster/arp-hiding';

const DIRECTOR_TEXT = /\bipvsadm\b|\bMASQUERADE\b/i;

export const rule: Rule = {
  id: 'real-server-ip-forward',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'none',
  docs: {
    summary: 'A real server of a DR or TUN service turns on `net.ipv4.ip_forward`, which only a NAT director needs.',
    rationale:
      '`net.ipv4.ip_forward = 1` makes a host route packets between its interfaces (Documentation/networking/ip-sysctl.rst). An LVS director needs it for NAT; a DR or TUN real server does not: it receives packets for the VIP it holds locally and replies to the clients directly. The line usually comes from a guide written for the director and copied to every machine (seen in the wild in a `cat << EOF > /etc/sysctl.conf` that also overwrote the whole file), and turns the real server into a router nobody planned.\n\n' +
      'Information only: hosts that run containers or VPNs need forwarding for their own reasons. If this one does, disable the rule for the file (`# lvs-config-disable real-server-ip-forward`).',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n    }\n}\n\n# sysctl.d/90-lvs.conf (on 192.0.2.21)\nnet.ipv4.ip_forward = 1\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2',
    valid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n    }\n}\n\n# sysctl.d/90-lvs.conf (on 192.0.2.21)\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2',
  },
  checkWorkspace(ctx) {
    if (!ctx.configs.length || !ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const found = new Map<string, { s: SysctlSetting; hosts: Map<string, RealServerHost> }>();
    for (const g of profileGroups(cluster)) {
      const hosts = directHosts(g);
      // A host that is also a NAT real server or a director of its own keeps forwarding for a reason.
      if (!hosts.length || hosts.some((h) => h.direct.length < h.entries.length || cluster.directorAddresses.has(h.address))) continue;
      const s = lastKey(g.profile, 'net.ipv4.ip_forward');
      if (!s || s.numeric !== 1) continue;
      // A script that also programs IPVS (`$IPVSADM -A ...`) or masquerades is a director's, whatever its folder.
      const file = g.profile.files.find((f) => f.file === s.loc.file);
      if (file && DIRECTOR_TEXT.test(file.text)) continue;
      const key = locKey(s.valueToken.loc);
      let f = found.get(key);
      if (!f) found.set(key, (f = { s, hosts: new Map() }));
      for (const h of hosts) f.hosts.set(h.address, h);
    }
    for (const { s, hosts } of found.values()) {
      const list = [...hosts.values()];
      ctx.report({
        at: s.valueToken.loc,
        message: `net.ipv4.ip_forward = 1 on ${hostsLabel(list)} (lb_kind ${list.some((h) => h.tunnel) ? 'TUN' : 'DR'}): a DR/TUN real server replies to clients directly and forwards nothing; only a NAT director needs it. Remove it unless this host routes for another reason.`,
        related: realServerRelated(list),
      });
    }
  },
};
