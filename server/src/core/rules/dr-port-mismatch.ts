import type { Word } from '../keepalived/ast';
import type { Rule, RuleContext } from '../lint/rule';
import { modelOf } from '../model/index';
import type { Address, Valued, VirtualServer, VirtualServerGroup, VsgEntry } from '../model/index';
import { protoLabel, vsgeLabel } from '../model/lvs';
import type { Fix } from '../types';
import { fix, replaceWord, spanAfter } from './util';

type AddrEntry = Extract<VsgEntry, { kind: 'address' | 'range' }>;

/** An entry's port: keepalived reads a missing one as 0. */
const portOf = (e: AddrEntry): number => e.port?.value ?? 0;
const entryWord = (e: AddrEntry): Word => (e.kind === 'address' ? e.address.word : e.word);

export const rule: Rule = {
  id: 'dr-port-mismatch',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'safe',
  docs: {
    summary: 'A DR or TUN real server (or sorry server) on a port other than its virtual server\'s: IPVS cannot remap ports there.',
    rationale:
      'With direct routing (DR) and tunnelling (TUN), IPVS does not rewrite the packet: only the destination MAC address (DR) or an outer IP header (TUN) changes, so the real server receives the connection on the port the client used, the virtual server\'s port (ipvsadm(8): "With the tunneling and direct routing methods, port must be equal to that of the service address"). A different port on the `real_server` line cannot be honoured: keepalived reports "WARNING - virtual server [192.0.2.10]:tcp:80 and real server [10.0.0.11]:tcp:8080 ports don\'t match - resetting" and uses the virtual server\'s port, so the service listening on 8080 never receives anything while a health check on 8080 stays green. The same holds for a `sorry_server` ("WARNING - virtual server [192.0.2.10]:tcp:80 and sorry server ports don\'t match - resetting"; its method is `sorry_server_lvs_method`, else `lb_kind`). For `virtual_server group NAME`, keepalived compares the real server with every address entry of the group and only reports, without resetting: "virtual server [WEB]:0:[192.0.2.30,443] and real server [10.0.0.11]:tcp:80 ports don\'t match" — connections for 192.0.2.30:443 reach the real server on 443 while its checks probe 80; for a sorry server of a group it says "WARNING - virtual server [WEB]:0, sorry server has port specified - port will be ignored" (keepalived/check/check_data.c, `validate_check_config`; keepalived 2.2.7 --config-test, exit status 5). Port remapping needs NAT (`lb_kind NAT`, or `lvs_method NAT` on that real server). A real server\'s own `lvs_method` overrides the virtual server\'s `lb_kind`. The fix writes the virtual server\'s port (or the one port of all the group\'s entries) on the line; for a port-0 "all ports" service, or a sorry server of a group whose entries differ, it removes the port.',
    invalid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 8080 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const vs of model.virtualServers) {
      if (vs.kind === 'address' && vs.address && vs.port) checkAddress(ctx, vs, vs.address, vs.port);
      else if (vs.kind === 'group' && vs.group) {
        const g = model.byName.virtual_server_group.get(vs.group.text) as VirtualServerGroup | undefined;
        if (g) checkGroup(ctx, vs, vs.group, g);
      }
    }
  },
};

function isDirect(method: string | undefined): method is 'DR' | 'TUN' {
  return method === 'DR' || method === 'TUN';
}

/** Fix: write `port` in place of the port word, or remove it (port 0: all ports). */
function portFix(address: Word, portWord: Word, port: number, group: boolean): Fix[] {
  if (portWord.expansion) return [];
  return port === 0
    ? [fix(`Remove the port (the ${group ? 'group' : 'virtual server'} balances all ports)`, [{ file: portWord.file, range: spanAfter(address, portWord), newText: '' }], true)]
    : [fix(`Use the ${group ? "group's" : "virtual server's"} port ${port}`, [replaceWord(portWord, String(port))], true)];
}

function checkAddress(ctx: RuleContext, vs: VirtualServer, vaddr: Address, vportV: Valued<number>): void {
  const vport = vportV.value;
  const proto = protoLabel(vs);
  const related = [{ location: { file: vportV.word.file, range: vportV.word.range }, message: `the virtual server's port ${vport}` }];
  for (const rs of vs.realServers) {
    if (!rs.port || !rs.address || rs.port.value === 0 || rs.port.value === vport) continue;
    const method = (rs.lvsMethod ?? vs.lbKind)?.text;
    if (!isDirect(method)) continue;
    const from = rs.lvsMethod ? `its \`lvs_method ${method}\`` : `\`lb_kind ${method}\``;
    ctx.report({
      at: rs.port.word,
      message: `Real server ${rs.address.word.text} port ${rs.port.value} differs from the virtual server's port ${vport}, but ${from} forwards packets unchanged, so IPVS cannot remap the port: keepalived reports "virtual server [${vaddr.key}]:${proto}:${vport} and real server [${rs.address.key}]:${proto}:${rs.port.value} ports don't match - resetting" and sends to port ${vport}. Use port ${vport} on the real server, or \`lvs_method NAT\` if the port must change.`,
      fixes: portFix(rs.address.word, rs.port.word, vport, false),
      related,
    });
  }
  const sorry = vs.sorryServer;
  if (sorry?.address && sorry.port && sorry.port.value !== 0 && sorry.port.value !== vport) {
    const method = (sorry.lvsMethod ?? vs.lbKind)?.text;
    if (isDirect(method)) {
      const from = sorry.lvsMethod ? `its \`sorry_server_lvs_method ${method}\`` : `\`lb_kind ${method}\``;
      ctx.report({
        at: sorry.port.word,
        message: `Sorry server ${sorry.address.word.text} port ${sorry.port.value} differs from the virtual server's port ${vport}, but ${from} forwards packets unchanged: keepalived reports "WARNING - virtual server [${vaddr.key}]:${proto}:${vport} and sorry server ports don't match - resetting" and sends to port ${vport}. Use port ${vport} on the sorry server, or \`sorry_server_lvs_method NAT\` if the port must change.`,
        fixes: portFix(sorry.address.word, sorry.port.word, vport, false),
        related,
      });
    }
  }
}

function checkGroup(ctx: RuleContext, vs: VirtualServer, name: Word, g: VirtualServerGroup): void {
  const entries = g.entries.filter((e): e is AddrEntry => e.kind === 'address' || e.kind === 'range');
  if (entries.length === 0) return;
  const proto = protoLabel(vs);
  const ports = [...new Set(entries.map(portOf))];
  const groupLabel = `[${name.text}]:0`;
  const entryText = (e: AddrEntry): string => (e.port ? `${entryWord(e).text} ${e.port.value}` : entryWord(e).text);
  const where = (e: AddrEntry) => {
    const w = e.port?.word ?? entryWord(e);
    return { location: { file: w.file, range: w.range }, message: `group ${name.text}'s entry on port ${portOf(e)}` };
  };
  for (const rs of vs.realServers) {
    if (!rs.port || !rs.address || rs.port.value === 0) continue;
    const method = (rs.lvsMethod ?? vs.lbKind)?.text;
    if (!isDirect(method)) continue;
    const rport = rs.port.value;
    const bad = entries.filter((e) => portOf(e) !== rport);
    if (bad.length === 0) continue;
    const from = rs.lvsMethod ? `its \`lvs_method ${method}\`` : `\`lb_kind ${method}\``;
    const first = bad[0];
    const more = bad.length > 1 ? ` (and ${bad.length - 1} more entr${bad.length > 2 ? 'ies' : 'y'})` : '';
    const one = ports.length === 1 ? ports[0] : undefined;
    ctx.report({
      at: rs.port.word,
      message: `Real server ${rs.address.word.text} port ${rport} differs from the port of group ${name.text}'s entry \`${entryText(first)}\`${more}, but ${from} forwards packets unchanged: keepalived reports "virtual server ${groupLabel}:[${vsgeLabel(first)}] and real server [${rs.address.key}]:${proto}:${rport} ports don't match" and keeps both, so connections to the entry reach the real server on port ${portOf(first)} while its checks probe ${rport}. ${one !== undefined ? `Use port ${one} on the real server` : 'Give the group\'s entries one port (or split the group), and use it on the real server'}, or \`lvs_method NAT\` if the port must change.`,
      fixes: one !== undefined ? portFix(rs.address.word, rs.port.word, one, true) : [],
      related: bad.slice(0, 5).map(where),
    });
  }
  const sorry = vs.sorryServer;
  if (sorry?.address && sorry.port && sorry.port.value !== 0) {
    const method = (sorry.lvsMethod ?? vs.lbKind)?.text;
    const bad = entries.filter((e) => portOf(e) !== sorry.port!.value);
    if (isDirect(method) && bad.length > 0) {
      const from = sorry.lvsMethod ? `its \`sorry_server_lvs_method ${method}\`` : `\`lb_kind ${method}\``;
      const one = ports.length === 1 ? ports[0] : undefined;
      const portWord = sorry.port.word;
      ctx.report({
        at: portWord,
        message: `Sorry server ${sorry.address.word.text} port ${sorry.port.value} differs from the port of group ${name.text}'s entry \`${entryText(bad[0])}\`, but ${from} forwards packets unchanged: keepalived reports "WARNING - virtual server ${groupLabel}, sorry server has port specified - port will be ignored". ${one !== undefined ? `Use port ${one}` : 'Remove the port'} on the sorry server, or \`sorry_server_lvs_method NAT\` if the port must change.`,
        fixes: portWord.expansion
          ? []
          : one !== undefined
            ? portFix(sorry.address.word, portWord, one, true)
            : [fix('Remove the port (keepalived ignores it)', [{ file: portWord.file, range: spanAfter(sorry.address.word, portWord), newText: '' }], true)],
        related: bad.slice(0, 5).map(where),
      });
    }
  }
}
