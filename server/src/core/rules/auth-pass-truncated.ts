import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { fix, replaceWord } from './util';

/** keepalived keeps the first 8 bytes of `auth_pass` (VRRPv2 authentication data, RFC 2338). */
const MAX = 8;

export const rule: Rule = {
  id: 'auth-pass-truncated',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: '`auth_pass` longer than 8 characters: keepalived uses only the first 8.',
    rationale:
      'VRRPv2 carries an 8-byte authentication field (RFC 2338 §5.3.10), so keepalived reports "Truncating auth_pass to 8 characters" and uses the first 8 only. The longer text gives no extra protection (the password travels in clear text in every advert anyway), and it hides a trap: two directors whose passwords differ only after the 8th character still agree, while an operator who "fixes" one of them by shortening it differently breaks the pair. Write the 8 characters keepalived uses, the same on every peer. The quick fix shortens the value; it is not preferred, since changing a password is a decision for both directors.',
    invalid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    authentication {\n        auth_type PASS\n        auth_pass supersecret\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid: 'vrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    authentication {\n        auth_type PASS\n        auth_pass supersec\n    }\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      const w = inst.authPass;
      if (!w || Buffer.byteLength(w.text, 'utf8') <= MAX) continue;
      const short = Buffer.from(w.text, 'utf8').subarray(0, MAX).toString('utf8').replace(/\uFFFD+$/, '');
      const clean = !w.expansion && !/[\s"'#!{}]/.test(short);
      ctx.report({
        at: w,
        message: `\`auth_pass\` is ${w.text.length} characters long: keepalived reports "Truncating auth_pass to 8 characters" and uses '${short}'. Write those 8 characters (the same on every peer of the pair).`,
        fixes: clean ? [fix(`Shorten to \`${short}\`, the 8 characters keepalived uses`, [replaceWord(w, short)])] : [],
      });
    }
  },
};
