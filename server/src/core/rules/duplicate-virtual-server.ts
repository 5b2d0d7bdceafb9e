import type { Rule } from '../lint/rule';
import type { Word } from '../keepalived/ast';
import { modelOf, type VirtualServer } from '../model/index';

/** The IPVS service a virtual_server programs, as text (undefined when its head is unreadable). */
function serviceKey(vs: VirtualServer): { key: string; label: string; at: Word } | undefined {
  const head = vs.statement.args[0] ?? vs.statement.keyword;
  switch (vs.kind) {
    case 'fwmark':
      return vs.fwmark ? { key: `fwmark ${vs.fwmark.value}`, label: `fwmark ${vs.fwmark.value}`, at: vs.fwmark.word } : undefined;
    case 'group':
      return vs.group ? { key: `group ${vs.group.text}`, label: `group ${vs.group.text}`, at: vs.group } : undefined;
    default: {
      if (!vs.address || !vs.port) return undefined;
      const proto = vs.protocol?.text.toUpperCase() ?? 'UDP';
      const addr = vs.address.family === 6 ? `[${vs.address.key}]` : vs.address.key;
      return { key: `${vs.address.key} ${vs.port.value} ${proto}`, label: `${addr}:${vs.port.value} ${proto}${vs.protocol ? '' : ' (no `protocol`: UDP)'}`, at: head };
    }
  }
}

export const rule: Rule = {
  id: 'duplicate-virtual-server',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: 'Two `virtual_server` blocks for the same service: the same address, port and protocol, the same fwmark, or the same group.',
    rationale:
      "IPVS has one virtual service per address, port and protocol (or per firewall mark). keepalived --config-test accepts two `virtual_server` blocks for the same service without a word, but at run time both program that one IPVS service: which scheduler, persistence and real servers it ends up with depends on the order keepalived applies them, and the health checkers of one block add and remove real servers behind the other's back. This usually comes from a copied block whose address or port was not changed, or from two included files that both define the service. A missing `protocol` counts as UDP, as keepalived defaults to it. Merge the real servers into one block, or change the copy's address, port or protocol.",
    invalid:
      'virtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.12 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid:
      'virtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n    real_server 10.0.0.12 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    const seen = new Map<string, Word>();
    for (const vs of model.virtualServers) {
      const k = serviceKey(vs);
      if (!k) continue;
      const first = seen.get(k.key);
      if (!first) {
        seen.set(k.key, k.at);
        continue;
      }
      ctx.report({
        at: k.at,
        message: `The virtual service ${k.label} is already defined${first.file === k.at.file ? '' : ' in another file'}: keepalived --config-test accepts it, but both blocks program the same IPVS service, which then gets the settings and real servers of whichever block is applied last.`,
        related: [{ location: { file: first.file, range: first.range }, message: `first \`virtual_server\` for ${k.label}` }],
      });
    }
  },
};
