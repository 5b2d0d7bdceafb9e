import type { Rule } from '../lint/rule';
import type { Fix, TextEdit } from '../types';
import type { SysctlSetting } from '../realserver/types';
import { clusterOf, lastSetting, profileGroups, type RealServerHost } from '../cluster/hosts';
import { allSetting, hostsLabel, locKey, realServerRelated, replaceValue, vipsLabel, vipsOf, where } from '../cluster/arp-hiding';

export const rule: Rule = {
  id: 'tun-rp-filter',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'Strict reverse-path filtering (`rp_filter` 1) on `tunl0` of a real server of a TUN (IP-in-IP) service: the decapsulated packets are dropped.',
    rationale:
      'With `lb_kind TUN` the director wraps each packet in IP-in-IP; it pops out of the real server\'s `tunl0` with the client as source. With strict reverse-path filtering (`rp_filter` 1, RFC 3704) the kernel drops a packet whose source is not routed back through the interface it came in on, and the route back to the client leaves by eth0: the SYN arrives on tunl0 and no SYN-ACK ever leaves (LVS-HOWTO LVS-Tun chapter; "TIL: IPVS in OpenStack", journal.petrausch.info 2022). The kernel uses **max(conf/all, conf/tunl0)** (Documentation/networking/ip-sysctl.rst), so `all` must be relaxed too, and some distributions turn strict mode on by default.\n\n' +
      'The rule reads the settings of every real server the directors reach by TUN (sysctl.d files in systemd\'s order, then the setup part of scripts) and reports when max(all, tunl0) is 1.\n\n' +
      'Fix: set `rp_filter` to 0 (off) or 2 (loose: the source only needs a route by any interface) on both `all` and `tunl0`.',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind TUN\n    protocol TCP\n    real_server 198.51.100.21 80 {\n    }\n}\n\n# realserver.sh (on 198.51.100.21)\nip addr add 192.0.2.10/32 dev tunl0\nip link set tunl0 up\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce\necho 1 > /proc/sys/net/ipv4/conf/all/rp_filter',
    valid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind TUN\n    protocol TCP\n    real_server 198.51.100.21 80 {\n    }\n}\n\n# realserver.sh (on 198.51.100.21)\nip addr add 192.0.2.10/32 dev tunl0\nip link set tunl0 up\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce\necho 0 > /proc/sys/net/ipv4/conf/all/rp_filter\necho 0 > /proc/sys/net/ipv4/conf/tunl0/rp_filter',
  },
  checkWorkspace(ctx) {
    if (!ctx.configs.length || !ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    // One finding per location, naming every TUN real server of the groups that share it.
    const found = new Map<string, { at: SysctlSetting; other?: SysctlSetting; fixes: Fix[]; hosts: Set<RealServerHost> }>();
    for (const g of profileGroups(cluster)) {
      const hosts = g.hosts.filter((h) => h.tunnel);
      if (!hosts.length) continue;
      const all = allSetting(g.profile, 'rp_filter');
      const own = lastSetting(g.profile, 'tunl0', 'rp_filter');
      const iface = own === all ? undefined : own;
      if (Math.max(all?.numeric ?? 0, iface?.numeric ?? 0) !== 1) continue;
      const strict = [all, iface].filter((s): s is SysctlSetting => !!s && s.numeric === 1);
      const at = strict[0];
      const key = locKey(at.valueToken.loc);
      let f = found.get(key);
      if (!f) {
        const fixes: Fix[] = [];
        for (const v of [0, 2]) {
          const edits = strict.map((s) => replaceValue(s, v));
          if (edits.every((x): x is TextEdit => !!x)) fixes.push({ title: `Set rp_filter = ${v} (${v ? 'loose' : 'off'}) on ${strict.map((s) => s.conf!.iface).join(' and ')}`, edits });
        }
        found.set(key, (f = { at, other: strict[1], fixes, hosts: new Set() }));
      }
      for (const h of hosts) f.hosts.add(h);
    }
    for (const { at, other, fixes, hosts } of found.values()) {
      const list = [...hosts];
      ctx.report({
        at: at.valueToken.loc,
        message:
          `Strict rp_filter on tunl0 of ${hostsLabel(list)} (lb_kind TUN, ${vipsLabel(vipsOf(list))}): the kernel uses max(all, tunl0) = 1, and the packets decapsulated on tunl0 come from clients routed back by another interface, so they are dropped. ` +
          `Set rp_filter to 0 or 2 on all and tunl0${other ? ` (tunl0 is 1 too, ${where(other.loc)})` : ''}.`,
        related: [...(other ? [{ location: other.valueToken.loc, message: `${other.conf!.iface}.rp_filter = 1` }] : []), ...realServerRelated(list)],
        fixes,
      });
    }
  },
};
