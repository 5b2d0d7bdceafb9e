import type { Word } from '../keepalived/ast';
import type { Rule } from '../lint/rule';
import type { Address, DirectorModel } from '../model/index';
import { modelOf } from '../model/index';
import { effectiveMethod, hostPrefix, inSubnet, subnetText } from '../model/lvs';

interface Subnet {
  net: Address;
  /** The network as text: 192.0.2.0/24. */
  text: string;
  dev?: Word;
}

/**
 * The subnets the director is known to be on, per family: VIPs and static addresses with a prefix shorter than a
 * host's (not on lo), one per network. A family is left out unless the director's own unicast_src_ip/mcast_src_ip
 * of that family exist and all lie inside them: its primary address is configured outside keepalived, and without
 * it (or with it elsewhere) the director may well be on the real server's network.
 */
function knownSubnets(model: DirectorModel): Map<4 | 6, { subnets: Subnet[]; own: { address: Address; keyword: string }[] }> {
  const subnets: Subnet[] = [];
  const seen = new Set<string>();
  const add = (net: Address, dev: Word | undefined): void => {
    if (net.prefix === undefined || net.prefix >= hostPrefix(net.family) || dev?.text === 'lo') return;
    const text = subnetText(net);
    const id = `${text} ${dev?.text ?? ''}`;
    if (seen.has(id)) return;
    seen.add(id);
    subnets.push(dev ? { net, text, dev } : { net, text });
  };
  const own: { address: Address; keyword: string }[] = [];
  for (const inst of model.instances) {
    for (const v of inst.vips) add(v.address, v.dev);
    for (const v of inst.excludedVips) add(v.address, v.dev);
    if (inst.unicastSrcIp) own.push({ address: inst.unicastSrcIp, keyword: 'unicast_src_ip' });
    if (inst.mcastSrcIp) own.push({ address: inst.mcastSrcIp, keyword: 'mcast_src_ip' });
  }
  for (const s of model.staticAddresses) add(s.address, s.dev);
  const out = new Map<4 | 6, { subnets: Subnet[]; own: { address: Address; keyword: string }[] }>();
  for (const family of [4, 6] as const) {
    const fs = subnets.filter((s) => s.net.family === family);
    const fo = own.filter((o) => o.address.family === family);
    if (fs.length && fo.length && fo.every((o) => fs.some((s) => inSubnet(o.address.key, family, s.net)))) out.set(family, { subnets: fs, own: fo });
  }
  return out;
}

export const rule: Rule = {
  id: 'dr-real-server-off-subnet',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: 'A DR real server outside every subnet the director\'s VIPs are on: direct routing needs a shared layer-2 segment.',
    rationale:
      'Direct routing (DR) forwards a packet by rewriting only its destination MAC address to the real server\'s, so the director must reach the real server without a router in between: on the same layer-2 segment (Red Hat Load Balancer Administration 3.2: "Direct routing requires that the real servers be physically connected to a network segment with the LVS router"; ipvsadm(8) `--gatewaying`). A real server on another network never receives the frames; use TUN (IP-in-IP, the real server may be routed) or NAT for it. The director\'s subnets are known only where the config says them: the VIPs and `static_ipaddress` addresses written with a prefix shorter than /32 (/128 for IPv6), such as `192.0.2.10/24 dev eth0` (domain reference P11). Its own primary address is configured outside keepalived, and the real servers are often on that network, so the rule also needs to see it: the instance\'s `unicast_src_ip` or `mcast_src_ip` must lie inside one of those subnets. It then reports a DR real server (a real server\'s `lvs_method` overrides the virtual server\'s `lb_kind`) that none of the subnets of its address family contains. With /32 VIPs only, or without a source address, or with one outside the VIP subnets (the director has a network the config does not describe), it stays silent. A director may still have a second interface the config never mentions, so this is a warning to check the network, not proof. keepalived 2.2.7 --config-test says nothing.',
    invalid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    unicast_src_ip 192.0.2.2\n    unicast_peer {\n        192.0.2.3\n    }\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.20.0.5 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    unicast_src_ip 192.0.2.2\n    unicast_peer {\n        192.0.2.3\n    }\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.21 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    /** Per family: the director's known subnets (one per network) and its source addresses, when they are all inside them. */
    let known: Map<4 | 6, { subnets: Subnet[]; own: { address: Address; keyword: string }[] }> | undefined;
    for (const vs of model.virtualServers) {
      for (const rs of vs.realServers) {
        if (!rs.address || effectiveMethod(rs) !== 'DR') continue;
        known ??= knownSubnets(model);
        const a = rs.address;
        const k = known.get(a.family);
        if (!k || k.subnets.some((s) => inSubnet(a.key, a.family, s.net))) continue;
        const same = k.subnets;
        const mine = k.own;
        const nets = [...new Set(same.map((s) => `${s.text}${s.dev ? ` on ${s.dev.text}` : ''}`))];
        const list = nets.length > 3 ? `${nets.slice(0, 3).join(', ')} and ${nets.length - 3} more` : nets.join(', ');
        const from = rs.lvsMethod ? 'its `lvs_method DR`' : '`lb_kind DR`';
        ctx.report({
          at: a.word,
          message: `Real server ${a.word.text} is forwarded by direct routing (${from}) but lies outside every subnet this director is known to be on (${list}, where its \`${mine[0].keyword}\` ${mine[0].address.word.text} is): DR only rewrites the destination MAC address, so the real server must be on the director's layer-2 segment, and a routed one never receives the packets. keepalived says nothing. Put the real server on the VIP's network, or use \`lb_kind TUN\` (or NAT) for it.`,
          related: same.slice(0, 3).map((s) => ({ location: { file: s.net.word.file, range: s.net.word.range }, message: `the director is on ${s.text}` })),
        });
      }
    }
  },
};
