import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { fix, removeStatementLine } from './util';

export const rule: Rule = {
  id: 'protocol-with-fwmark',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: '`protocol` in a `virtual_server fwmark` block: keepalived ignores it, the firewall mark decides.',
    rationale:
      'A fwmark virtual service matches packets by the mark a firewall rule (iptables `-j MARK`, nftables `meta mark set`) gave them, whatever their protocol: IPVS has no protocol for it. keepalived reports "Warning: Virtual server FWM 1: protocol specified for fwmark - protocol will be ignored". A `protocol TCP` line there suggests that only TCP is balanced, while UDP packets with the mark are balanced too: restrict the protocol in the marking rule instead. The quick fix removes the line.',
    invalid: 'virtual_server fwmark 1 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 {\n        TCP_CHECK {\n            connect_port 80\n            connect_timeout 3\n        }\n    }\n}',
    valid: 'virtual_server fwmark 1 {\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 {\n        TCP_CHECK {\n            connect_port 80\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const vs of model.virtualServers) {
      if (vs.kind !== 'fwmark' || !vs.statement.block) continue;
      const text = ctx.config.texts.get(vs.statement.keyword.file);
      for (const c of vs.statement.block.statements) {
        if (!c.spec || c.valueBlock || (c.spec.synonymOf ?? c.spec.name) !== 'protocol') continue;
        const e = removeStatementLine(c, text);
        ctx.report({
          at: c.keyword,
          message: `\`protocol\` in a fwmark virtual server: keepalived reports "Virtual server FWM ${vs.fwmark?.value ?? '?'}: protocol specified for fwmark - protocol will be ignored"; every packet with the mark is balanced, whatever its protocol. Remove the line (restrict the protocol in the rule that sets the mark).`,
          fixes: e ? [fix('Remove the `protocol` line', [e], true)] : [],
        });
      }
    }
  },
};
