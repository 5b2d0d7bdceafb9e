import type { Rule } from '../lint/rule';
import type { Fix } from '../types';
import { modelOf } from '../model/index';
import { fix, insertFirstLine } from './util';

export const rule: Rule = {
  id: 'missing-lb-kind',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A `virtual_server` without `lb_kind`: keepalived makes it NAT, where ipvsadm defaults to DR.',
    rationale:
      'Without `lb_kind` (or its synonym `lvs_method`) keepalived reports "Virtual server [192.0.2.10]:tcp:80: no forwarding method set, setting default NAT" and forwards with NAT (masquerading), whereas `ipvsadm` without `-g/-i/-m` sets up direct routing. NAT only works when the real servers route their replies back through the director (their default gateway is the director); a cluster built for DR, with the VIP on the real servers\' loopback, then sees its replies come from the real servers\' own addresses and the clients drop them. Say which method is meant. The quick fixes add `lb_kind DR` or `lb_kind NAT` as the first line of the block; neither is preferred, only the author knows the network. A virtual server whose real servers all set their own `lvs_method` is not reported.',
    invalid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const vs of model.virtualServers) {
      if (vs.lbKind || vs.realServers.length === 0 || vs.realServers.every((rs) => rs.lvsMethod)) continue;
      let label: string;
      if (vs.kind === 'group') label = vs.group ? `[${vs.group.text}]:0` : '';
      else if (vs.kind === 'fwmark') label = vs.fwmark ? `FWM ${vs.fwmark.value}` : '';
      else label = vs.address && vs.port ? `[${vs.address.key}]:${vs.protocol?.text.toLowerCase() ?? 'udp'}:${vs.port.value}` : '';
      const text = ctx.config.texts.get(vs.statement.keyword.file);
      const fixes: Fix[] = [];
      for (const kind of ['DR', 'NAT']) {
        const e = insertFirstLine(vs.statement, text, `lb_kind ${kind}`);
        if (e) fixes.push(fix(`Add \`lb_kind ${kind}\``, [e]));
      }
      ctx.report({
        at: vs.statement.keyword,
        message: `\`${[vs.statement.keyword, ...vs.statement.args].map((w) => w.text).join(' ')}\` has no \`lb_kind\`: keepalived reports "Virtual server ${label}: no forwarding method set, setting default NAT" and masquerades (ipvsadm's default is DR). NAT needs the real servers to route their replies through the director; add \`lb_kind DR\` (or \`lb_kind NAT\`, \`lb_kind TUN\`) to say which is meant.`,
        fixes,
      });
    }
  },
};
