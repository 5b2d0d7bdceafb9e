import type { Rule } from '../lint/rule';
import type { Fix, RelatedInfo } from '../types';
import { clusterOf, profileGroups } from '../cluster/hosts';
import type { AddressAssignment, SnippetFile } from '../realserver/types';
import { PerLocation, addressLocation, fileOf, hostsPhrase, insertLinesAfter, isLoopbackAddress, serviceName, servicesFor, subnetText } from '../cluster/dr';
import { hostPrefixText } from './vip-on-arp-interface';
import { fix } from './util';

const isLo = (device: string): boolean => device === 'lo';
const isTunnel = (device: string): boolean => /^(tunl|ip6tnl)\d+$/.test(device);

function hostPrefixFix(a: AddressAssignment, file: SnippetFile | undefined): Fix | undefined {
  const host = a.family === 4 ? 32 : 128;
  const title = `Use a /${host} prefix for ${a.address}`;
  if (a.prefixToken) {
    if (a.prefixToken.fromVariable) return undefined;
    return fix(title, [{ file: a.prefixToken.loc.file, range: a.prefixToken.loc.range, newText: hostPrefixText(a.prefixToken.text, a.family) }], true);
  }
  if (a.prefixWritten) return undefined;
  if (a.via === 'ifconfig' && a.family === 4) {
    const end = a.addressToken.loc.range.end;
    return fix(title, [{ file: a.addressToken.loc.file, range: { start: end, end }, newText: ' netmask 255.255.255.255' }], true);
  }
  if (a.via === 'ifcfg' && file) return fix(title, [insertLinesAfter(file, a.loc, ['NETMASK=255.255.255.255'])], true);
  return undefined;
}

export const rule: Rule = {
  id: 'vip-netmask',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'safe',
  docs: {
    summary: 'An address on `lo` (or a VIP on a tunnel device such as `tunl0`) has a prefix shorter than /32 (/128 for IPv6): the whole subnet becomes local.',
    rationale:
      'The kernel installs a route for the prefix of every address it adds; on the loopback device that route is of type *local* (`fib_add_ifaddr()` in net/ipv4/fib_frontend.c: `dev->flags & IFF_LOOPBACK ? RTN_LOCAL : RTN_UNICAST`). With `ip addr add 192.0.2.10/24 dev lo`, or `ifconfig lo:0 192.0.2.10 netmask 255.255.255.0`, the real server believes every address of 192.0.2.0/24 is itself: it can no longer reach the director, the gateway or the clients of that subnet, and its replies loop back. On a tunnel device (a TUN real server\'s `tunl0`) the prefix route sends the whole subnet into a tunnel without a remote end. LVS-HOWTO: "Remember to set netmask=/32 for the VIP on LVS-DR and LVS-Tun".\n\n' +
      '`ip addr add VIP dev lo` without a prefix is /32; `ifconfig` without `netmask` uses the class-based mask (/8 for 10.x.x.x), and so does an ifcfg file without `NETMASK`/`PREFIX`. Every non-127/8 address on `lo` is checked (a real-server file needs no director for this); on a tunnel device every address but a real server\'s own address (in LVS-TUN the tunnel carries the VIP).\n\n' +
      'Fix: write the host prefix (`/32`, `netmask 255.255.255.255`, `NETMASK=255.255.255.255`).',
    invalid: '# realserver.sh\nifconfig lo:0 192.0.2.10 netmask 255.255.255.0 up\nroute add -host 192.0.2.10 dev lo:0',
    valid: '# realserver.sh\nifconfig lo:0 192.0.2.10 netmask 255.255.255.255 broadcast 192.0.2.10 up\nroute add -host 192.0.2.10 dev lo:0',
  },
  checkWorkspace(ctx) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const found = new PerLocation<{ a: AddressAssignment; file?: SnippetFile }>();
    for (const g of profileGroups(cluster)) {
      const vips = new Set<string>();
      for (const h of g.hosts) for (const s of h.services) vips.add(s.vip);
      for (const a of g.profile.addresses) {
        const host = a.family === 4 ? 32 : 128;
        if (a.prefix >= host || isLoopbackAddress(a.address)) continue;
        const tunnel = isTunnel(a.device);
        if (!isLo(a.device) && !tunnel) continue;
        if (tunnel && cluster.hosts.has(a.address) && !vips.has(a.address)) continue; // a real server's own address on a tunnel
        found.add(a.addressToken.loc, g.hosts, { a, file: fileOf(g.profile.files, a.loc) });
      }
    }
    found.flush(({ a, file }, hosts) => {
      const host = a.family === 4 ? 32 : 128;
      const services = servicesFor(hosts, a.address);
      const related: RelatedInfo[] = services.map((s) => ({ location: addressLocation(s.at), message: `virtual server ${serviceName(s)} of ${hostsPhrase(hosts)}` }));
      const how = a.prefixWritten ? `/${a.prefix}` : `/${a.prefix} (no ${a.via === 'ifcfg' ? 'NETMASK or PREFIX: initscripts use' : 'netmask: ifconfig uses'} the class-based mask)`;
      const subnet = subnetText(a.address, a.prefix);
      const dev = a.label ?? a.device;
      const effect = isLo(a.device)
        ? `a loopback prefix route is local, so the host treats every address of ${subnet} as its own and cannot reach the director, gateway or clients there`
        : `the prefix route sends every address of ${subnet} into the tunnel`;
      const fx = hostPrefixFix(a, file);
      ctx.report({
        at: a.prefixToken && !a.prefixToken.fromVariable ? a.prefixToken.loc : a.addressToken.loc,
        message: `${a.address} on ${dev} has prefix ${how}; ${effect}${hosts.length ? ` (${hostsPhrase(hosts)})` : ''}. A VIP needs /${host}.`,
        related,
        ...(fx ? { fixes: [fx] } : {}),
      });
    });
  },
};
