import type { Rule } from '../lint/rule';
import { isNewerThan, SCHEMA_NEWEST } from '../schema/index';
import { keywordStatements } from './util';

export const rule: Rule = {
  id: 'newer-keyword',
  category: 'schema',
  defaultSeverity: 'warning',
  fix: 'none',
  scope: 'block',
  docs: {
    summary: 'A keyword that the target keepalived version does not have yet.',
    rationale:
      'Debian 12 ships keepalived 2.2.7, Ubuntu 22.04 2.2.4, RHEL 9 about 2.2.8. A keyword added later (for example `auth_hmac` in 2.4.0, `no_virtual_ipaddress` in 2.2.8) is an `Unknown keyword` on older versions and, if it opens a block, breaks the block around it. Set the target version (`lvsConfig.targetVersion`, `lvs-lint --target-version`) to the oldest keepalived your directors run.',
    invalid: '# target version 2.2.7\nvrrp_instance VI_1 {\n    virtual_router_id 51\n    no_virtual_ipaddress\n}',
    valid: '# target version 2.2.7: leave the keyword out (or raise the target version to 2.2.8 or newer)\nvrrp_instance VI_1 {\n    virtual_router_id 51\n}',
    exampleOptions: { targetVersion: '2.2.7' },
  },
  check(ctx) {
    const target = ctx.options.targetVersion ?? SCHEMA_NEWEST;
    const list = keywordStatements(ctx);
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      const since = s.spec.since;
      if (!since || !isNewerThan(since, target)) continue;
      ctx.report({
        at: s.keyword,
        message: `\`${s.spec.name}\` ${since === 'unreleased' ? 'is not in any keepalived release yet (newer than 2.4.3)' : `appeared in keepalived ${since}`}; the target version ${target} reports it as an unknown keyword${s.block ? ' and misreads its block' : ''}. Remove it, or raise the target version if every director runs ${since === 'unreleased' ? 'a development build' : since + ' or newer'}.`,
      });
    }
  },
};
