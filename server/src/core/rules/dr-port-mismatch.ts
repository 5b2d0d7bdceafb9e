import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { fix, replaceWord, spanAfter } from './util';

export const rule: Rule = {
  id: 'dr-port-mismatch',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'safe',
  docs: {
    summary: 'A DR or TUN real server on a port other than its virtual server\'s: IPVS cannot remap ports there.',
    rationale:
      'With direct routing (DR) and tunnelling (TUN), IPVS does not rewrite the packet: only the destination MAC address (DR) or an outer IP header (TUN) changes, so the real server receives the connection on the port the client used, the virtual server\'s port. A different port on the `real_server` line cannot be honoured: keepalived reports "WARNING - virtual server [192.0.2.10]:tcp:80 and real server [10.0.0.11]:tcp:8080 ports don\'t match - resetting" and uses the virtual server\'s port, so the service listening on 8080 never receives anything while a health check on 8080 stays green. Port remapping needs NAT (`lb_kind NAT`, or `lvs_method NAT` on that real server). A real server\'s own `lvs_method` overrides the virtual server\'s `lb_kind`. The fix writes the virtual server\'s port on the `real_server` line (for a port-0 "all ports" service, it removes the port).',
    invalid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 8080 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const vs of model.virtualServers) {
      if (vs.kind !== 'address' || !vs.address || !vs.port) continue;
      const vport = vs.port.value;
      for (const rs of vs.realServers) {
        if (!rs.port || !rs.address || rs.port.value === 0 || rs.port.value === vport) continue;
        const method = (rs.lvsMethod ?? vs.lbKind)?.text;
        if (method !== 'DR' && method !== 'TUN') continue;
        const proto = vs.protocol?.text.toLowerCase() ?? 'udp';
        const from = rs.lvsMethod ? `its \`lvs_method ${method}\`` : `\`lb_kind ${method}\``;
        const portWord = rs.port.word;
        const fixes = portWord.expansion
          ? []
          : vport === 0
            ? [fix('Remove the port (the virtual server balances all ports)', [{ file: portWord.file, range: spanAfter(rs.address.word, portWord), newText: '' }], true)]
            : [fix(`Use the virtual server's port ${vport}`, [replaceWord(portWord, String(vport))], true)];
        ctx.report({
          at: portWord,
          message: `Real server ${rs.address.word.text} port ${rs.port.value} differs from the virtual server's port ${vport}, but ${from} forwards packets unchanged, so IPVS cannot remap the port: keepalived reports "virtual server [${vs.address.key}]:${proto}:${vport} and real server [${rs.address.key}]:${proto}:${rs.port.value} ports don't match - resetting" and sends to port ${vport}. Use port ${vport} on the real server, or \`lvs_method NAT\` if the port must change.`,
          fixes,
          related: [{ location: { file: vs.port.word.file, range: vs.port.word.range }, message: `the virtual server's port ${vport}` }],
        });
      }
    }
  },
};
