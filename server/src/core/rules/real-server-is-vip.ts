import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'real-server-is-vip',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: 'A `real_server` whose address is its virtual server\'s own address (the VIP).',
    rationale:
      'A real server is where IPVS sends the connections that arrive for the virtual service. When it is the VIP itself, IPVS treats it as the director\'s own "local node" and hands the connections to a process on the director, on whichever director holds the VIP at the moment; with DR or TUN this is almost always a copy-paste slip for a backend\'s address, and the health check probes the VIP, that is the service itself, so it can never tell a backend is down. keepalived --config-test says nothing. Use the backend\'s own address (its address on the real-server network), and keep the VIP on the backends\' loopback for DR.',
    invalid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.10 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid: 'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    for (const vs of modelOf(ctx.config).virtualServers) {
      if (vs.kind !== 'address' || !vs.address) continue;
      for (const rs of vs.realServers) {
        if (!rs.address || rs.address.key !== vs.address.key) continue;
        ctx.report({
          at: rs.address.word,
          message: `Real server ${rs.address.word.text} is the virtual server's own address: IPVS hands these connections to the director that holds the VIP (a local node), not to a backend, and a health check of it probes the service itself. keepalived says nothing. Use the backend's own address.`,
          related: [{ location: { file: vs.address.word.file, range: vs.address.word.range }, message: 'the virtual server\'s address' }],
        });
      }
    }
  },
};
