/**
 * The kernel settings that matter for LVS directors and real servers, with short texts taken from the kernel's
 * Documentation/networking/ip-sysctl.rst and ipvs-sysctl.rst (shortened, wording kept), their values, and how the
 * kernel combines `conf/all` with `conf/IFACE`. Used by sysctl completion and hover.
 */

export type Combine = 'max' | 'or' | 'forwarding' | 'iface';

export interface SysctlDoc {
  /** `arp_ignore` for `net.ipv4.conf.IFACE.arp_ignore`; the full key for the others. */
  name: string;
  /** Per-interface key (`net.ipv4.conf.IFACE.NAME`). */
  conf: boolean;
  text: string;
  values: { value: string; meaning: string }[];
  /** How conf/all and conf/IFACE combine (conf keys). */
  combine?: Combine;
  /** What LVS wants, in one line. */
  lvs?: string;
}

const BOOL = (on: string, off = 'disabled'): { value: string; meaning: string }[] => [
  { value: '0', meaning: off },
  { value: '1', meaning: on },
];

export const SYSCTL_DOCS: SysctlDoc[] = [
  {
    name: 'arp_ignore',
    conf: true,
    combine: 'max',
    text: 'Define different modes for sending replies in response to received ARP requests that resolve local target IP addresses.',
    values: [
      { value: '0', meaning: '(default) reply for any local target IP address, configured on any interface' },
      { value: '1', meaning: 'reply only if the target IP address is local address configured on the incoming interface' },
      { value: '2', meaning: "reply only if the target IP address is local address configured on the incoming interface and both with the sender's IP address are part from same subnet on this interface" },
      { value: '3', meaning: 'do not reply for local addresses configured with scope host, only resolutions for global and link addresses are replied' },
      { value: '8', meaning: 'do not reply for all local addresses' },
    ],
    lvs: 'DR/TUN real servers: 1 (or 2, 8) on the NIC or on `all`, so that the VIP on `lo` is never answered for.',
  },
  {
    name: 'arp_announce',
    conf: true,
    combine: 'max',
    text: 'Define different restriction levels for announcing the local source IP address from IP packets in ARP requests sent on interface.',
    values: [
      { value: '0', meaning: '(default) Use any local address, configured on any interface' },
      { value: '1', meaning: "Try to avoid local addresses that are not in the target's subnet for this interface" },
      { value: '2', meaning: 'Always use the best local address for this target: ignore the source address in the IP packet and prefer the primary address of the outgoing interface' },
    ],
    lvs: 'DR/TUN real servers: 2, so that the VIP is never announced as an ARP source.',
  },
  {
    name: 'rp_filter',
    conf: true,
    combine: 'max',
    text: 'Reverse path (source address) validation. Default value is 0; some distributions enable it in startup scripts.',
    values: [
      { value: '0', meaning: 'No source validation' },
      { value: '1', meaning: 'Strict mode as defined in RFC3704 Strict Reverse Path: a packet is dropped when its interface is not the best reverse path' },
      { value: '2', meaning: "Loose mode as defined in RFC3704 Loose Reverse Path: a packet is dropped when its source address is not reachable via any interface" },
    ],
    lvs: 'TUN real servers: 0 or 2 on the tunnel (`tunl0`) and `all`: strict mode drops the decapsulated packets.',
  },
  {
    name: 'arp_filter',
    conf: true,
    combine: 'or',
    text: "Answer ARP requests on an interface only when the kernel would route a packet from the ARP'd IP out that interface (for several interfaces on one subnet). 0 (default): the kernel can respond to ARP requests with addresses from other interfaces.",
    values: BOOL("answer based on whether the kernel would route out that interface", '(default) answer with addresses of any interface'),
  },
  {
    name: 'proxy_arp',
    conf: true,
    combine: 'or',
    text: 'Do proxy arp.',
    values: BOOL('answer ARP requests for addresses routed through this host'),
    lvs: 'Leave off on real servers: it answers ARP for addresses the host routes, the VIP among them.',
  },
  {
    name: 'arp_notify',
    conf: true,
    combine: 'or',
    text: 'Define mode for notification of address and device changes.',
    values: [
      { value: '0', meaning: '(default) do nothing' },
      { value: '1', meaning: 'Generate gratuitous arp requests when device is brought up or hardware address changes' },
    ],
  },
  {
    name: 'accept_local',
    conf: true,
    combine: 'iface',
    text: 'Accept packets with local source addresses. In combination with suitable routing, this can be used to direct packets between two local interfaces over the wire and have them accepted properly. Default FALSE.',
    values: BOOL('accept'),
  },
  {
    name: 'route_localnet',
    conf: true,
    combine: 'iface',
    text: 'Do not consider loopback addresses as martian source or destination while routing. This enables the use of 127/8 for local routing purposes. Default FALSE.',
    values: BOOL('route 127/8'),
  },
  {
    name: 'send_redirects',
    conf: true,
    combine: 'or',
    text: 'Send redirects, if router. Enabled for the interface if at least one of conf/{all,interface}/send_redirects is TRUE. Default: TRUE.',
    values: BOOL('send ICMP redirects (default)'),
    lvs: 'NAT/DR directors on one subnet with the real servers: 0 on `all`, `default` and the NIC, or the director tells clients to bypass it.',
  },
  {
    name: 'accept_redirects',
    conf: true,
    combine: 'forwarding',
    text: 'Accept ICMP redirect messages. Default TRUE for hosts, FALSE for routers.',
    values: BOOL('accept'),
  },
  {
    name: 'forwarding',
    conf: true,
    combine: 'iface',
    text: 'Enable IP forwarding on this interface. This controls whether packets received on this interface can be forwarded.',
    values: BOOL('forward'),
  },
  {
    name: 'log_martians',
    conf: true,
    combine: 'or',
    text: 'Log packets with impossible addresses to kernel log.',
    values: BOOL('log'),
  },
  {
    name: 'net.ipv4.ip_forward',
    conf: false,
    text: 'Forward Packets between interfaces. This variable is special, its change resets all configuration parameters to their default state (RFC1122 for hosts, RFC1812 for routers).',
    values: BOOL('enabled', '(default) disabled'),
    lvs: 'NAT directors: 1 (the replies of the real servers are routed through the director). DR/TUN real servers do not need it.',
  },
  {
    name: 'net.ipv4.ip_nonlocal_bind',
    conf: false,
    text: 'If set, allows processes to bind() to non-local IP addresses, which can be quite useful - but may break some applications. Default: 0.',
    values: BOOL('allowed'),
    lvs: 'Directors running services on a VIP they may not hold yet (HAProxy, nginx on the backup): 1.',
  },
  {
    name: 'net.ipv4.vs.conntrack',
    conf: false,
    text: 'If set, maintain connection tracking entries for connections handled by IPVS (needed when netfilter rules must see IPVS connections). Default 0.',
    values: BOOL('enabled'),
  },
  {
    name: 'net.ipv4.vs.expire_nodest_conn',
    conf: false,
    text: 'When set, the load balancer expires a connection immediately when a packet arrives and its destination server is not available, so the client is notified that the connection is closed. Default 0: packets are silently dropped.',
    values: BOOL('expire', '(default) drop silently'),
  },
  {
    name: 'net.ipv4.vs.expire_quiescent_template',
    conf: false,
    text: 'When set, the load balancer expires persistent templates when the destination server is quiescent (weight 0), so new connections of a persistent client go elsewhere.',
    values: BOOL('expire'),
  },
  {
    name: 'net.ipv4.vs.sloppy_tcp',
    conf: false,
    text: 'Allow IPVS to create a connection state on any packet, not only a TCP SYN (for directors taking over connections after a failover).',
    values: BOOL('enabled'),
  },
  {
    name: 'net.ipv4.vs.snat_reroute',
    conf: false,
    text: 'Reroute outgoing NAT replies by their new source address (the VIP) when policy routing depends on it. Default 1.',
    values: BOOL('reroute (default)'),
  },
];

const BY_NAME = new Map(SYSCTL_DOCS.map((d) => [d.name, d]));

/** `net.ipv4.conf.eth0.arp_ignore` → { doc, iface: 'eth0', family: 4 }; `net.ipv4.ip_forward` → { doc }. Accepts `/` separators. */
export function sysctlDocOf(key: string): { doc: SysctlDoc; iface?: string } | undefined {
  const k = key.replace(/\//g, '.');
  const m = /^net\.ipv[46]\.conf\.(.+)\.([a-z_]+)$/.exec(k);
  if (m) {
    const d = BY_NAME.get(m[2]);
    return d?.conf ? { doc: d, iface: m[1] } : undefined;
  }
  const d = BY_NAME.get(k);
  return d && !d.conf ? { doc: d } : undefined;
}

/** Markdown: meaning, values and how all/IFACE combine. */
export function sysctlMarkdown(doc: SysctlDoc): string {
  const lines = [doc.text, '', ...doc.values.map((v) => `- \`${v.value}\`: ${v.meaning}`)];
  if (doc.combine === 'max') lines.push('', `The kernel uses the **maximum** of \`conf/all/${doc.name}\` and \`conf/<interface>/${doc.name}\` on each interface; \`conf/default\` only seeds interfaces created later.`);
  else if (doc.combine === 'or') lines.push('', `On for an interface when at least one of \`conf/all/${doc.name}\` and \`conf/<interface>/${doc.name}\` is on.`);
  if (doc.lvs) lines.push('', `LVS: ${doc.lvs}`);
  lines.push('', '(kernel Documentation/networking/ip-sysctl.rst' + (doc.name.startsWith('net.ipv4.vs.') ? ', ipvs-sysctl.rst)' : ')'));
  return lines.join('\n');
}
