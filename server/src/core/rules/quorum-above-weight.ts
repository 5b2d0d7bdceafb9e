import type { Rule } from '../lint/rule';
import { modelOf } from '../model/index';
import { vsLabel } from '../model/lvs';
import { fix, replaceWord } from './util';

export const rule: Rule = {
  id: 'quorum-above-weight',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A virtual server\'s `quorum` above the total weight of its real servers: keepalived lowers it to that total.',
    rationale:
      'keepalived counts a virtual server as up ("quorum gained") while the weights of its healthy real servers add up to at least `quorum` (default 1). A real server\'s weight is its `weight`, else the virtual server\'s `weight`, else 1; a duplicated real server counts once (keepalived removes it). A quorum above the total could never be met, so keepalived\'s config check (keepalived/check/check_data.c, `validate_check_config`) reports "Warning - quorum 5 for [192.0.2.10]:tcp:80 exceeds total weight of real servers 3, reducing quorum to 3" (keepalived 2.2.7 --config-test, exit status 5) and uses the total instead. The service then needs every real server healthy: as soon as one fails, quorum is lost, `quorum_down` runs and, with a `sorry_server`, keepalived takes all the remaining healthy real servers out of the pool and sends every connection to the sorry server (keepalived/check/ipwrapper.c, `update_quorum_state`). keepalived.conf(5): "Minimum total weight of all live servers in the pool necessary to operate VS with no quality regression. Defaults to 1." Lower `quorum` to what must stay up (the fix sets the total, which is what keepalived uses), or give the real servers the weights the quorum assumes. A virtual server without real servers is left to `empty-virtual-server`.',
    invalid:
      'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    quorum 5\n    sorry_server 10.0.0.99 80\n    real_server 10.0.0.11 80 {\n        weight 2\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n    real_server 10.0.0.12 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid:
      'virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    quorum 2\n    sorry_server 10.0.0.99 80\n    real_server 10.0.0.11 80 {\n        weight 2\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n    real_server 10.0.0.12 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
  },
  check(ctx) {
    for (const vs of modelOf(ctx.config).virtualServers) {
      if (!vs.quorum || vs.realServers.length === 0) continue;
      const seen = new Set<string>();
      let total = 0;
      for (const rs of vs.realServers) {
        if (!rs.address) continue;
        const id = `${rs.address.key}|${rs.port?.value ?? vs.port?.value ?? 0}`;
        if (seen.has(id)) continue; // keepalived removes the duplicate before it adds up the weights
        seen.add(id);
        total += rs.weight?.value ?? vs.weight?.value ?? 1;
      }
      if (seen.size === 0) continue;
      const q = vs.quorum.value;
      if (q <= total) continue;
      const label = vsLabel(vs);
      const said = label
        ? `keepalived reports "Warning - quorum ${q} for ${label} exceeds total weight of real servers ${total}, reducing quorum to ${total}"`
        : `keepalived reports that quorum ${q} exceeds the total weight of the real servers and reduces it to ${total}`;
      const consequence = vs.sorryServer
        ? 'one failed real server then loses the quorum, and the sorry server replaces the whole pool'
        : 'one failed real server then loses the quorum (`quorum_down` runs)';
      const w = vs.quorum.word;
      ctx.report({
        at: w,
        message: `\`quorum ${q}\` is more than the total weight of the real servers, ${total}, so it could never be met: ${said}; ${consequence}. Set the quorum to the weight that must stay healthy, or raise the real servers' weights.`,
        fixes: w.expansion || total < 1 ? [] : [fix(`Set quorum to ${total} (what keepalived uses)`, [replaceWord(w, String(total))])],
      });
    }
  },
};
