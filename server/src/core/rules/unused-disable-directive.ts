import type { Rule } from '../lint/rule';

/** Reported by lint/suppress.ts after all rules ran; this file carries its id, severity and docs. */
export const rule: Rule = {
  id: 'unused-disable-directive',
  category: 'internal',
  defaultSeverity: 'hint',
  fix: 'safe',
  docs: {
    summary: 'A `lvs-config-disable` comment that suppresses nothing.',
    rationale:
      'Suppression comments (`# lvs-config-disable-next-line RULE[,RULE]` for the next line, `# lvs-config-disable RULE[,RULE]` for the whole file; without RULE, every rule) silence findings you have decided to accept. Once the problem is fixed, or the line moved, the comment silences nothing and would hide the next real finding there. The fix removes it.',
    invalid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    # lvs-config-disable-next-line invalid-value\n    state MASTER\n}',
    valid: 'vrrp_instance VI_1 {\n    virtual_router_id 51\n    # lvs-config-disable-next-line invalid-value\n    state master\n}',
  },
  check() {},
};
