import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'empty-virtual-server',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A `virtual_server` without any `real_server`: keepalived ignores it.',
    rationale:
      'keepalived sets up only the virtual services that have at least one real server: for the others it reports "Virtual server [192.0.2.10]:tcp:80 has no real servers - ignoring" and creates no IPVS service at all, so the director answers connections to that address and port itself (usually with a reset). A `sorry_server` alone does not help: keepalived 2.2.7 ignores the virtual server just the same. This usually means the real servers were forgotten, commented out, or written at the wrong nesting level. Add the `real_server` blocks, or remove the virtual server.',
    invalid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    sorry_server 10.0.0.99 80\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    sorry_server 10.0.0.99 80\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    for (const vs of modelOf(ctx.config).virtualServers) {
      if (vs.realServers.length || !vs.statement.block) continue;
      let label: string;
      if (vs.kind === 'group') label = vs.group ? `[${vs.group.text}]:0` : '';
      else if (vs.kind === 'fwmark') label = vs.fwmark ? `FWM ${vs.fwmark.value}` : '';
      else label = vs.address && vs.port ? `[${vs.address.key}]:${vs.protocol?.text.toLowerCase() ?? 'udp'}:${vs.port.value}` : '';
      ctx.report({
        at: vs.statement.keyword,
        message: `\`${[vs.statement.keyword, ...vs.statement.args].map((w) => w.text).join(' ')}\` has no \`real_server\`: keepalived reports "Virtual server ${label} has no real servers - ignoring" and sets up no IPVS service${vs.sorryServer ? ' (its `sorry_server` does not change that)' : ''}. Add the real servers, or remove the virtual server.`,
      });
    }
  },
};
