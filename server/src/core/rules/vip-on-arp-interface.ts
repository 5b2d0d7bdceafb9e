import type { Rule } from '../lint/rule';
import type { Fix, RelatedInfo, TextEdit } from '../types';
import { clusterOf, isHiddenDevice, profileGroups } from '../cluster/hosts';
import type { AddressAssignment, SnippetFile } from '../realserver/types';
import {
  PerLocation, addressLocation, arpHides, fileOf, hostsPhrase, insertLinesAfter, isRedirect, addressKey, screenText,
  serviceName, servicesFor, serviceVips,
} from '../cluster/dr';
import { fix } from './util';

/** "Move to lo with /32": `ip addr add VIP/24 dev eth0` → `dev lo` and `/32`; `ifconfig eth0:1 VIP ...` → `lo:1` and a host netmask. */
function moveToLo(a: AddressAssignment): Fix | undefined {
  if (a.via === 'ifcfg' || a.deviceToken.fromVariable || a.prefixToken?.fromVariable) return undefined;
  const edits: TextEdit[] = [];
  const host = a.family === 4 ? 32 : 128;
  const file = a.deviceToken.loc.file;
  if (a.via === 'ip') {
    if (a.label && a.label !== a.deviceToken.text) return undefined; // `label eth0:1` would need its own edit
    edits.push({ file, range: a.deviceToken.loc.range, newText: 'lo' });
    if (a.prefix !== host && a.prefixToken) edits.push({ file, range: a.prefixToken.loc.range, newText: hostPrefixText(a.prefixToken.text, a.family) });
    else if (a.prefix !== host) return undefined;
  } else {
    // The device token is the part before the alias (`eth0` of `eth0:1`); without an alias, `ifconfig lo ADDR` would replace 127.0.0.1.
    edits.push({ file, range: a.deviceToken.loc.range, newText: a.label ? 'lo' : 'lo:0' });
    if (a.prefix !== host) {
      if (a.prefixToken) edits.push({ file, range: a.prefixToken.loc.range, newText: hostPrefixText(a.prefixToken.text, a.family) });
      else {
        const end = a.addressToken.loc.range.end;
        edits.push({ file, range: { start: end, end }, newText: a.family === 4 ? ' netmask 255.255.255.255' : '/128' });
      }
    }
  }
  edits.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  return fix(`Put ${a.address} on lo with a /${host} prefix`, edits);
}

/** The host-prefix spelling of a prefix token as written: `/24` → `/32`, `24` → `32`, `255.255.255.0` → `255.255.255.255`. */
export function hostPrefixText(written: string, family: 4 | 6): string {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(written)) return '255.255.255.255';
  if (/^0x[0-9a-f]+$/i.test(written)) return '0xffffffff';
  const n = family === 4 ? '32' : '128';
  return written.startsWith('/') ? `/${n}` : n;
}

export const rule: Rule = {
  id: 'vip-on-arp-interface',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'suggestion',
  docs: {
    summary: 'A real server of a DR/TUN virtual server has the VIP on an interface that answers ARP (eth0), and no arptables rule hides it.',
    rationale:
      'In direct routing the director only rewrites the destination MAC: the real server must own the VIP and must never answer ARP for it, or the router learns the real server\'s MAC for the VIP and sends the traffic past the director. The sysctl method (`arp_ignore=1`, `arp_announce=2`) relies on the VIP *not* being on the interface the ARP request arrives on: the kernel\'s `arp_ignore=1` means "reply only if the target IP address is local address configured on the incoming interface" (kernel Documentation/networking/ip-sysctl.rst), so a VIP on eth0 is still answered on eth0 (`arp_ignore=2` too, for senders of the same subnet). Put the VIP on `lo` (or a dummy or tunnel device) with a /32 prefix (LVS-HOWTO, LVS-DR chapter; LVS knowledge base "Using arp_announce/arp_ignore to disable ARP").\n\n' +
      'The Red Hat arptables method puts the VIP on eth0 on purpose and hides it with `arptables -A IN -d VIP -j DROP` and an OUTPUT `mangle --mangle-ip-s RIP` rule (Red Hat Load Balancer Administration §3.2.1): a VIP that such a rule drops is not reported, nor a VIP the host serves through iptables `REDIRECT` (see `iptables-redirect`). Only VIPs of DR/TUN virtual servers of the workspace\'s directors are checked, in the setup part of the real-server files; director files are not real servers.\n\n' +
      'Fixes: move the VIP to `lo` with a /32 prefix (`ip addr add` and `ifconfig` lines), or add the two arptables rules after the line (scripts of one real server, whose address is known).',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n    }\n}\n\n# realservers/192.0.2.21/lvs-rs.sh\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce\nip addr add 192.0.2.10/32 dev eth0',
    valid:
      '# keepalived.conf (director): as above\n\n# realservers/192.0.2.21/lvs-rs.sh\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce\nip addr add 192.0.2.10/32 dev lo',
  },
  checkWorkspace(ctx) {
    if (!ctx.configs.length || !ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const found = new PerLocation<{ a: AddressAssignment; file?: SnippetFile }>();
    for (const g of profileGroups(cluster)) {
      if (!g.hosts.length) continue;
      const vips = serviceVips(g.hosts);
      for (const a of g.profile.addresses) {
        if (!vips.has(a.address) || isHiddenDevice(a.device)) continue;
        if (arpHides(g.profile, a.address)) continue;
        if (g.profile.iptRules.some((r) => isRedirect(r) && addressKey(r.destination?.text) === a.address)) continue; // reported by iptables-redirect
        found.add(a.addressToken.loc, g.hosts.filter((h) => h.services.some((s) => s.vip === a.address)), { a, file: fileOf(g.profile.files, a.loc) });
      }
    }
    found.flush(({ a, file }, hosts) => {
      const services = servicesFor(hosts, a.address);
      const related: RelatedInfo[] = services.map((s) => ({ location: addressLocation(s.at), message: `virtual server ${serviceName(s)} sends to ${hostsPhrase(hosts)} by ${hosts[0]?.tunnel ? 'DR/TUN' : 'DR'}` }));
      const fixes: Fix[] = [];
      const move = moveToLo(a);
      if (move) fixes.push(move);
      if (file && file.kind === 'shell' && hosts.length === 1 && a.family === 4) {
        const vip = screenText(file, a.addressToken.loc);
        fixes.push(
          fix(`Hide ${a.address} with arptables (drop ARP requests for it, rewrite it as sender to ${hosts[0].address})`, [
            insertLinesAfter(file, a.loc, [`arptables -A INPUT -d ${vip} -j DROP`, `arptables -A OUTPUT -s ${vip} -j mangle --mangle-ip-s ${hosts[0].address}`]),
          ]),
        );
      }
      const dev = a.label ?? a.device;
      ctx.report({
        at: a.addressToken.loc,
        message: `VIP ${a.address} is on ${dev}, an interface that answers ARP: arp_ignore=1/2 still replies for addresses of the incoming interface, so ${hostsPhrase(hosts)} answer${hosts.length > 1 ? '' : 's'} "who-has ${a.address}" and take${hosts.length > 1 ? '' : 's'} its traffic from the director. Put the VIP on lo with /${a.family === 4 ? 32 : 128}, or hide it with arptables.`,
        related,
        fixes,
      });
    });
  },
};
