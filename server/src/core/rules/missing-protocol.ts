import type { Rule } from '../lint/rule';
import type { Fix } from '../types';
import { modelOf, type VirtualServer } from '../model/index';
import { fix, insertFirstLine } from './util';

/** Ports whose services are (mostly) UDP: there the explicit `protocol UDP` is the preferred fix. */
const UDP_PORTS = new Set([53, 67, 69, 123, 161, 162, 500, 514, 1812, 1813, 4500, 4789]);

export const rule: Rule = {
  id: 'missing-protocol',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A `virtual_server` (address or group) without `protocol`: keepalived makes it UDP.',
    rationale:
      'keepalived does not default to TCP. Without a `protocol` line it reports "Virtual server [192.0.2.10]:none:80: no protocol set - defaulting to UDP" and sets up a UDP service: a web or database service behind it receives no TCP connection through IPVS at all (the director answers them itself, usually with a reset), while the health checks, which connect directly to the real servers, stay green. `fwmark` virtual servers are not concerned (the mark decides; keepalived ignores `protocol` there). The quick fix adds `protocol TCP` (or `protocol UDP` to keep today\'s behaviour explicit; it is the preferred one for ports such as 53, 123 or 514) as the first line of the block.',
    invalid: 'virtual_server 192.0.2.10 443 {\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 443 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid: 'virtual_server 192.0.2.10 443 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 443 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const vs of model.virtualServers) {
      if (vs.protocol || vs.kind === 'fwmark') continue;
      let label: string;
      if (vs.kind === 'group') {
        if (!vs.group) continue;
        const g = model.virtualServerGroups.find((x) => x.name === vs.group!.text && !x.duplicateOf);
        // A group of fwmark entries only has no protocol to set.
        if (g && g.entries.length && g.entries.every((e) => e.kind === 'fwmark')) continue;
        label = `[${vs.group.text}]:0`;
      } else {
        if (!vs.address || !vs.port) continue;
        label = `[${vs.address.key}]:none:${vs.port.value}`;
      }
      const udpFirst = vs.port !== undefined && UDP_PORTS.has(vs.port.value);
      const fixes = insertProtocol(vs, ctx.config.texts.get(vs.statement.keyword.file), udpFirst);
      ctx.report({
        at: vs.statement.keyword,
        message: `\`${[vs.statement.keyword, ...vs.statement.args].map((w) => w.text).join(' ')}\` has no \`protocol\`: keepalived reports "Virtual server ${label}: no protocol set - defaulting to UDP" and balances only UDP${vs.port ? `; TCP connections to port ${vs.port.value} are not load-balanced` : ''}. Add \`protocol TCP\` (or \`protocol UDP\` if UDP is meant).`,
        fixes,
      });
    }
  },
};

/** Insert `protocol X` as a new line after the line of the block's `{`, indented as the block's first line. */
function insertProtocol(vs: VirtualServer, text: string | undefined, udpFirst: boolean): Fix[] {
  const make = (p: string, preferred: boolean): Fix[] => {
    const edit = insertFirstLine(vs.statement, text, `protocol ${p}`);
    return edit ? [fix(`Add \`protocol ${p}\``, [edit], preferred)] : [];
  };
  return udpFirst ? [...make('UDP', true), ...make('TCP', false)] : [...make('TCP', true), ...make('UDP', false)];
}
