import type { Statement } from '../keepalived/ast';
import type { Rule } from '../lint/rule';
import { modelOf, readAddress } from '../model/index';
import type { DirectorModel } from '../model/index';
import type { Fix } from '../types';
import { fix, removeStatementLine } from './util';

/** Where an address of the director comes from, for the message. */
function directorAddresses(model: DirectorModel): Map<string, string> {
  const out = new Map<string, string>();
  const add = (key: string, what: string): void => {
    if (!out.has(key)) out.set(key, what);
  };
  for (const inst of model.instances) {
    for (const v of inst.vips) add(v.address.key, `a VIP of ${inst.name || 'a vrrp_instance'} (\`virtual_ipaddress\`)`);
    for (const v of inst.excludedVips) add(v.address.key, `a VIP of ${inst.name || 'a vrrp_instance'} (\`virtual_ipaddress_excluded\`)`);
  }
  for (const s of model.staticAddresses) add(s.address.key, 'a `static_ipaddress` of this director');
  for (const vs of model.virtualServers) if (vs.address) add(vs.address.key, 'the address of a `virtual_server`');
  for (const g of model.virtualServerGroups) {
    for (const e of g.entries) {
      if (e.kind === 'address') add(e.address.key, `an address of \`virtual_server_group ${g.name}\``);
      else if (e.kind === 'range') add(e.first.key, `an address of \`virtual_server_group ${g.name}\``);
    }
  }
  return out;
}

/** `connect_ip` statements anywhere in a checker block (SMTP_CHECK has them in `host` sub-blocks too). */
function connectIps(checker: Statement, out: Statement[] = []): Statement[] {
  for (const c of checker.block?.statements ?? []) {
    if (!c.spec || c.valueBlock) continue;
    if (c.spec.name === 'connect_ip') out.push(c);
    else if (c.block) connectIps(c, out);
  }
  return out;
}

export const rule: Rule = {
  id: 'check-targets-vip',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'A health checker whose `connect_ip` is a VIP of the director: it probes the director, not the real server.',
    rationale:
      'A checker (`TCP_CHECK`, `HTTP_GET`, `SSL_GET`, `SMTP_CHECK`, `DNS_CHECK`, `UDP_CHECK`, `PING_CHECK`) connects to its real server\'s address unless `connect_ip` says otherwise (keepalived.conf(5): "connect_ip <IP ADDRESS>: Optional IP address to connect to. The default is the realserver IP"). A VIP there (a `virtual_ipaddress`, `virtual_ipaddress_excluded` or `static_ipaddress` address, or a virtual server\'s own address) makes the check connect to the director: on the MASTER the VIP is one of its own addresses, on the BACKUP it is the other director. The result then says nothing about this real server, so keepalived keeps a dead real server in the pool, or drops a healthy one, on the wrong evidence (domain reference P23). With DR the real servers carry the VIP too, but only on their loopback, and a packet the director sends to the VIP never reaches them. keepalived 2.2.7 --config-test says nothing. Remove `connect_ip` (the check then uses the real server\'s address) or write an address of the real server; to check the service on the VIP as the real server sees it, bind the check to the real server\'s address and let the service listen on both.',
    invalid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.21 80 {\n        HTTP_GET {\n            url {\n                path /health\n                status_code 200\n            }\n            connect_ip 192.0.2.10\n            connect_timeout 3\n        }\n    }\n}',
    valid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n    }\n}\n\nvirtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.21 80 {\n        HTTP_GET {\n            url {\n                path /health\n                status_code 200\n            }\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    let vips: Map<string, string> | undefined;
    for (const vs of model.virtualServers) {
      for (const rs of vs.realServers) {
        for (const checker of rs.checkers) {
          for (const c of connectIps(checker)) {
            const a = readAddress(c.args[0]);
            if (!a) continue;
            vips ??= directorAddresses(model);
            const what = vips.get(a.key);
            if (!what) continue;
            const rip = rs.address ? `real server ${rs.address.word.text}` : 'the real server';
            const remove = removeStatementLine(c, ctx.config.texts.get(c.keyword.file));
            const fixes: Fix[] = remove ? [fix(`Remove \`connect_ip\` (check ${rs.address ? rs.address.word.text : "the real server's address"})`, [remove])] : [];
            ctx.report({
              at: a.word,
              message: `\`connect_ip ${a.word.text}\` in ${checker.keyword.text} is ${what}: the check connects to the director (the MASTER holds the VIP), not to ${rip}, so its result says nothing about that real server. keepalived says nothing. Remove \`connect_ip\` (the check then connects to the real server's address) or use an address of the real server.`,
              fixes,
            });
          }
        }
      }
    }
  },
};
