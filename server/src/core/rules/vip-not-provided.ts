import type { ParsedConfig, Word } from '../keepalived/ast';
import type { Rule, WorkspaceContext } from '../lint/rule';
import type { Address, Vip, VirtualServerGroup, VrrpInstance } from '../model/index';
import { modelOf } from '../model/index';
import { addressKey, hostPrefix, inSubnet } from '../model/lvs';
import type { Fix, TextEdit } from '../types';
import { fix, insertFirstLine, insertLineAfter, linesOf } from './util';

export const rule: Rule = {
  id: 'vip-not-provided',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'A `virtual_server` (or `virtual_server_group` entry) on an address that no VIP or static address of the director provides.',
    rationale:
      'IPVS only sees packets that the director accepts as addressed to itself, so the virtual server\'s address must be one of the director\'s addresses, on the active director only: in keepalived, a `virtual_ipaddress` (or `virtual_ipaddress_excluded`) of the `vrrp_instance` that fails over with the service, or a `static_ipaddress` for a director without a partner. When no instance carries it, nobody answers ARP (or neighbour discovery) for the address and its traffic never arrives: keepalived programs IPVS for a service that receives nothing (Red Hat Load Balancer Administration 1.1: "the new active router takes control of the virtual IP address (VIP) … sets up IPVS table entries"; domain reference P12). A mistyped VIP, a VIP changed in `virtual_ipaddress` but not in the `virtual_server` line, or an instance deleted while its services stayed are the usual causes. keepalived 2.2.7 --config-test says nothing. The rule looks at every root config of the workspace together, so a VIP provided by another root (the other half of a split config) counts; include fragments are part of their root. An address on an `@id` line counts whatever config id is analysed (another node holds it). A config with no `vrrp_instance` and no `static_ipaddress` at all is a checker-only director whose addresses are managed elsewhere (Pacemaker, ucarp, the network configuration) and is not checked. `fwmark` virtual servers are not checked (the VIP is in the firewall rule that sets the mark). The fix adds the address to the `virtual_ipaddress` block of the instance that has a VIP on the same subnet (with that VIP\'s prefix and `dev`), or of the only instance of that address family, as /32 (/128 for IPv6).',
    invalid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n    }\n}\n\nvirtual_server 192.0.2.11 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.21 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n        192.0.2.11/24 dev eth0\n    }\n}\n\nvirtual_server 192.0.2.11 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.21 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  checkWorkspace(ctx) {
    const provided = new Set<string>();
    const models = ctx.configs.map(modelOf);
    for (const m of models) {
      for (const inst of m.instances) {
        for (const v of inst.vips) provided.add(v.address.key);
        for (const v of inst.excludedVips) provided.add(v.address.key);
        // Skipped for their family: vip-family-mismatch reports them.
        for (const f of inst.familyMismatches) if (f.keyword === 'virtual_ipaddress') provided.add(f.address.key);
      }
      for (const s of m.staticAddresses) provided.add(s.address.key);
      // `@id` lines of other config ids: another node of the cluster (or this one, started with that id) holds them.
      for (const c of m.config.conditionals) {
        if (c.active) continue;
        const text = m.config.texts.get(c.file);
        const line = text === undefined ? undefined : linesOf(text)[c.line];
        const first = line?.slice(c.range.end.character).trim().split(/\s+/)[0];
        const key = first ? addressKey(first) : undefined;
        if (key) provided.add(key);
      }
    }
    for (const m of models) {
      if (m.instances.length === 0 && m.staticAddresses.length === 0) continue; // a checker-only director
      const check = (a: Address, what: string): void => {
        if (provided.has(a.key)) return;
        report(ctx, m.config, m.instances, a, what);
      };
      const groups = new Set<string>();
      for (const vs of m.virtualServers) {
        if (vs.kind === 'address' && vs.address) check(vs.address, `Virtual server address ${vs.address.word.text}`);
        else if (vs.kind === 'group' && vs.group) groups.add(vs.group.text);
      }
      for (const name of groups) {
        const g = m.byName.virtual_server_group.get(name) as VirtualServerGroup | undefined;
        if (!g) continue;
        for (const e of g.entries) {
          if (e.kind === 'address' && e.address.prefix === undefined) check(e.address, `Address ${e.address.word.text} of \`virtual_server_group ${name}\``);
          else if (e.kind === 'range') check(e.first, `Range ${e.word.text} of \`virtual_server_group ${name}\` starts at ${e.first.key}, which`);
        }
      }
    }
  },
};

function report(ctx: WorkspaceContext, config: ParsedConfig, instances: VrrpInstance[], a: Address, what: string): void {
  const target = pickInstance(instances, a);
  const fixes = target ? addVipFix(config, target.inst, a, target.like) : [];
  const fam = a.family === 4 ? 'ARP' : 'neighbour discovery';
  const where = target ? ` (here: the \`virtual_ipaddress\` of ${target.inst.name || 'the instance'})` : '';
  ctx.report({
    at: a.word,
    message: `${what} is not provided by any \`virtual_ipaddress\`, \`virtual_ipaddress_excluded\` or \`static_ipaddress\` of the workspace: the director never holds it, so nobody answers ${fam} for it and its traffic never reaches IPVS. keepalived says nothing. Add it to the VIPs of the instance that fails over with this service${where}, or correct the address.`,
    fixes,
  });
}

/** The instance to add the VIP to: the one with a VIP on the same subnet, else the only instance of the family. */
function pickInstance(instances: VrrpInstance[], a: Address): { inst: VrrpInstance; like?: Vip } | undefined {
  const live = instances.filter((i) => !i.duplicateOf);
  for (const inst of live) {
    const like = inst.vips.find((v) => inSubnet(a.key, a.family, v.address));
    if (like) return { inst, like };
  }
  const same = live.filter((i) => (i.familyFrom ? i.family === a.family : true));
  return same.length === 1 ? { inst: same[0] } : undefined;
}

function addVipFix(config: ParsedConfig, inst: VrrpInstance, a: Address, like: Vip | undefined): Fix[] {
  const block = inst.statement.block?.statements.filter((s) => s.spec?.name === 'virtual_ipaddress' && !s.valueBlock && s.block);
  const vipBlock = block?.[block.length - 1];
  if (!vipBlock?.block) return [];
  const text = config.texts.get(vipBlock.keyword.file);
  const prefix = like?.address.prefix ?? hostPrefix(a.family);
  const dev: Word | undefined = like?.dev;
  const line = `${a.key}/${prefix}${dev && !dev.expansion ? ` dev ${dev.text}` : ''}`;
  const lines = vipBlock.block.statements.filter((c) => c.valueBlock && !c.anonymous);
  const last = lines[lines.length - 1];
  let edit: TextEdit | undefined;
  if (last) edit = last.keyword.file === vipBlock.keyword.file ? insertLineAfter(last, text, line) : undefined;
  else edit = insertFirstLine(vipBlock, text, line);
  return edit ? [fix(`Add ${line} to the VIPs of ${inst.name || 'the instance'}`, [edit])] : [];
}
