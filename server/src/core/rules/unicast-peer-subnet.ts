import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { parseAddress } from '../schema/values';

export const rule: Rule = {
  id: 'unicast-peer-subnet',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A VIP written with a network prefix whose subnet holds neither the `unicast_src_ip` nor any `unicast_peer`.',
    rationale:
      'With unicast VRRP the directors talk to each other over the addresses in `unicast_src_ip` and `unicast_peer`, which sit on the instance\'s interface. A VIP written with a prefix (`192.0.2.10/24`) is added to that interface with that network: when its subnet contains none of the directors\' addresses, the VIP lives on another network than the one the pair uses — legitimate for a routed or secondary subnet, but often a VIP copied from another cluster or a typo in one octet, which the clients then cannot reach. keepalived --config-test says nothing. Check the VIP and the peer addresses; a VIP without prefix (or /32, /128) is not checked.',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.2\n    }\n    virtual_ipaddress {\n        10.0.1.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.2\n    }\n    virtual_ipaddress {\n        10.0.0.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      if (inst.duplicateOf || !inst.unicastPeers.length) continue;
      const own = [...(inst.unicastSrcIp ? [inst.unicastSrcIp] : []), ...inst.unicastPeers.map((p) => p.address)];
      for (const vip of inst.vips) {
        const v = vip.address;
        // A VIP on another interface (`dev`) is not on the peers' network by design.
        if (v.prefix === undefined || v.prefix === 0 || v.prefix >= (v.family === 4 ? 32 : 128) || vip.dev) continue;
        const net = parseAddress(v.word.text);
        if (!net) continue;
        const inside = own.some((a) => {
          if (a.family !== v.family) return true;
          const p = parseAddress(a.word.text);
          return !p || p.addr.kind() !== net.addr.kind() || (p.addr as { match(other: unknown, bits: number): boolean }).match(net.addr, v.prefix!);
        });
        if (inside) continue;
        ctx.report({
          at: v.word,
          message: `VIP ${v.word.text} is on another network than ${inst.name}'s unicast addresses (${own.map((a) => a.word.text).join(', ')}): none of them is inside ${v.word.text}, so keepalived adds a subnet to the interface that the pair does not use. If the VIP is meant to be on the directors' network, check its address and prefix; a routed VIP is usually written as /32.`,
          related: own.map((a) => ({ location: { file: a.word.file, range: a.word.range }, message: 'unicast address' })),
        });
      }
    }
  },
};
