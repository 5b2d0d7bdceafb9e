import type { Rule } from '../lint/rule';

/** Reported by the runner (lint/runner.ts) when a rule throws; this file carries its id, severity and docs. */
export const rule: Rule = {
  id: 'internal-error',
  category: 'internal',
  defaultSeverity: 'error',
  fix: 'none',
  docs: {
    summary: 'A rule failed on this file.',
    rationale:
      'A rule threw an exception. Its findings are missing for this file; every other rule still ran. This is a bug in lvs-config, not in your config: please report it with the file (or the smallest part of it that triggers the error).',
    invalid: '',
    valid: '',
    exampleNote: 'no configuration triggers it: it reports a rule that threw while checking one (a bug in lvs-config), whatever the config.',
  },
  check() {},
};
