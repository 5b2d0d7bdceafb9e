import type { Rule } from '../lint/rule';
import type { Statement } from '../keepalived/ast';
import { modelOf } from '../model/index';
import type { Fix } from '../types';
import { fix, insertFirstLine, replaceWord } from './util';

export const rule: Rule = {
  id: 'strict-mode-conflict',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: '`vrrp_strict` / `strict_mode` with authentication, unicast peers, a `state` that contradicts the priority, or virtual servers on its VIPs.',
    rationale:
      'Strict mode enforces RFC 5798 to the letter. (1) VRRPv3 has no authentication: keepalived reports "(VI_1) Strict mode does not support authentication. Ignoring." and sends adverts without it, so a peer that is not strict and still authenticates drops them (split brain). (2) keepalived\'s manual lists unicast peers among what strict mode prohibits (keepalived 2.2.7\'s --config-test says nothing). (3) Strict mode implies `no_accept`: unless the instance is the address owner (priority 255) or says `accept`, keepalived installs iptables/nftables rules that DROP every packet addressed to its VIPs. IPVS receives the packets of a `virtual_server` on that VIP only after the firewall\'s INPUT hook, so the load-balanced service silently stops working while every health check stays green (keepalived issues #474, #1373, #2046, #2319; keepalived says nothing). Strict mode also refuses `accept` with VRRPv2 ("accept mode for VRRP version 2 does not comply with RFC3768 - resetting"). On an LVS director add `accept` and `version 3` to the instance (the quick fix; the peers need `version 3` too) or drop `vrrp_strict`; remove `authentication` and `unicast_peer` from strict instances. (4) Strict mode requires the initial state to match being the address owner: `state MASTER` with a priority below 255 (or `state BACKUP` with 255) makes keepalived report "(VI_1) State MASTER must match being address owner" and start in the state the priority implies (keepalived vrrp.c, `vrrp_complete_instance`); the fix writes that state.',
    invalid: 'global_defs {\n    vrrp_strict\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 80 {\n    }\n}',
    valid: 'global_defs {\n    vrrp_strict\n}\n\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    version 3\n    accept\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 80 {\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    const global = model.globals.vrrpStrict;
    for (const inst of model.instances) {
      if (inst.duplicateOf) continue;
      // The instance's own `strict_mode` (the last one) overrides the global `vrrp_strict`, `strict_mode false` too.
      const own = inst.statement.block?.statements.filter((c) => c.spec && !c.valueBlock && c.spec.name === 'strict_mode').pop();
      const strict: Statement | undefined = own ? inst.strict : global;
      if (!strict) continue;
      const what = inst.strict ? '`strict_mode`' : '`vrrp_strict`';
      const related = [{ location: { file: strict.keyword.file, range: strict.keyword.range }, message: `${what} here` }];
      if (inst.authentication) {
        ctx.report({
          at: inst.authentication.keyword,
          message: `${what} does not allow VRRP authentication: keepalived reports "(${inst.name}) Strict mode does not support authentication. Ignoring." and sends adverts without it; a peer that still authenticates drops them. Remove the \`authentication\` block (on every director of the pair), or strict mode.`,
          related,
        });
      }
      if (inst.unicastPeerBlock && inst.unicastPeers.length) {
        ctx.report({
          at: inst.unicastPeerBlock.keyword,
          message: `${what} prohibits unicast peers (keepalived's manual; 2.2.7's --config-test says nothing): strict RFC 5798 VRRP is multicast only. Remove \`unicast_peer\` or strict mode.`,
          related,
        });
      }
      // keepalived (vrrp.c vrrp_complete_instance): in strict mode the initial state must match being the address owner.
      const owner = (inst.priority?.value ?? (inst.state?.text === 'MASTER' ? 255 : 100)) === 255;
      if (inst.state && (inst.state.text === 'MASTER' || inst.state.text === 'BACKUP') && (inst.state.text === 'MASTER') !== owner) {
        const now = owner ? 'MASTER' : 'BACKUP';
        ctx.report({
          at: inst.state,
          message: `In strict mode the initial state must match the priority (MASTER exactly for the address owner, priority 255): keepalived reports "(${inst.name}) State MASTER must match being address owner" and starts ${inst.name} as ${now} (priority ${inst.priority?.value ?? 100}), not as written. Write \`state ${now}\`${owner ? '' : ' and let the priorities elect the MASTER'}, or remove strict mode.`,
          fixes: inst.state.expansion ? [] : [fix(`Change to \`state ${now}\``, [replaceWord(inst.state, now)], true)],
          related,
        });
      }
      if (inst.priority?.value === 255) continue;
      const v3 = (inst.version?.value ?? model.globals.vrrpVersion?.value ?? 2) === 3;
      if (inst.accept && v3) continue;
      const vips = new Set([...inst.vips, ...inst.excludedVips].map((v) => v.address.key));
      const text = ctx.config.texts.get(inst.statement.keyword.file);
      for (const vs of model.virtualServers) {
        if (vs.kind !== 'address' || !vs.address || !vips.has(vs.address.key)) continue;
        const fixes: Fix[] = [];
        if (v3) {
          const e = insertFirstLine(inst.statement, text, 'accept');
          if (e) fixes.push(fix(`Add \`accept\` to \`vrrp_instance ${inst.name}\``, [e], true));
        } else {
          const a = insertFirstLine(inst.statement, text, 'version 3');
          const b = insertFirstLine(inst.statement, text, 'accept');
          if (a && b && !inst.version) fixes.push(fix(`Add \`version 3\` and \`accept\` to \`vrrp_instance ${inst.name}\` (its peers need \`version 3\` too)`, [{ ...a, newText: a.newText + b.newText }]));
        }
        const why = inst.accept
          ? `with a VRRPv2 \`accept\` that keepalived drops ("(${inst.name}) warning - accept mode for VRRP version 2 does not comply with RFC3768 - resetting")`
          : 'without `accept`';
        ctx.report({
          at: vs.address.word,
          message: `${vs.address.word.text} is a VIP of \`vrrp_instance ${inst.name}\`, which runs in strict mode ${why}: keepalived installs firewall rules that drop every packet addressed to the VIP before IPVS sees it, so this virtual server receives no traffic (keepalived says nothing about that). Add \`accept\`${v3 ? '' : ' with `version 3`'} to ${inst.name}, or remove strict mode.`,
          fixes,
          related: [...related, { location: { file: inst.statement.keyword.file, range: inst.statement.keyword.range }, message: `\`vrrp_instance ${inst.name}\`` }],
        });
      }
    }
  },
};
