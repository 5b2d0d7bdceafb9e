import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';

export const rule: Rule = {
  id: 'master-with-ah',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: '`state MASTER` with `auth_type AH`: keepalived starts the instance as BACKUP.',
    rationale:
      'With IPsec AH authentication the adverts carry a sequence number that a new MASTER must learn from the current one before it can be believed; keepalived therefore refuses to start in MASTER state and reports "(VI_1) Initial state master is incompatible with AH authentication - clearing": the instance starts as BACKUP and takes over only after the master-down interval, as the highest priority. The `state MASTER` line promises a start-up behaviour that does not happen. Write `state BACKUP` (priority decides who becomes MASTER), or use `auth_type PASS` or no authentication at all (AH is deprecated in VRRPv3, RFC 5798 removed authentication).',
    invalid: 'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    authentication {\n        auth_type AH\n        auth_pass s3cr3t\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    authentication {\n        auth_type AH\n        auth_pass s3cr3t\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      if (inst.state?.text !== 'MASTER' || inst.authType?.text !== 'AH') continue;
      ctx.report({
        at: inst.state,
        message: `\`state MASTER\` with \`auth_type AH\`: keepalived reports "(${inst.name}) Initial state master is incompatible with AH authentication - clearing" and starts ${inst.name} as BACKUP. Write \`state BACKUP\` (the priority decides who becomes MASTER) or use another authentication.`,
        related: [{ location: { file: inst.authType.file, range: inst.authType.range }, message: 'AH authentication' }],
      });
    }
  },
};
