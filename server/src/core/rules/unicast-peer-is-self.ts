import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { fix, removeStatementLine } from './util';

export const rule: Rule = {
  id: 'unicast-peer-is-self',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A `unicast_peer` entry equal to the instance\'s own `unicast_src_ip`.',
    rationale:
      'With unicast VRRP each director sends its adverts to the addresses in `unicast_peer`, from `unicast_src_ip`. Listing its own address there makes the director send adverts to itself: it sees a MASTER (itself) and, depending on the priorities, either flaps or never notices that the real peer is gone. It usually comes from copying one director\'s file to the other without swapping the addresses, or from sharing one peer list on both sides; keepalived --config-test says nothing. Each director lists the other directors only (the peer lists of a pair are mirror images). The quick fix removes the entry; check that the other director\'s address is listed and that `unicast_src_ip` is this director\'s own.',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.1\n        10.0.0.2\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.2\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      const src = inst.unicastSrcIp;
      if (!src) continue;
      for (const p of inst.unicastPeers) {
        if (p.address.key !== src.key) continue;
        const e = removeStatementLine(p.statement, ctx.config.texts.get(p.statement.keyword.file));
        ctx.report({
          at: p.address.word,
          message: `Unicast peer ${p.address.word.text} is this director's own \`unicast_src_ip\`: ${inst.name} sends adverts to itself (keepalived says nothing). List only the other directors; the peer lists of a pair are mirror images.`,
          fixes: e ? [fix(`Remove the peer ${p.address.word.text}`, [e])] : [],
          related: [{ location: { file: src.word.file, range: src.word.range }, message: '`unicast_src_ip`' }],
        });
      }
    }
  },
};
