import type { Rule } from '../lint/rule';
import type { Diagnostic, RelatedInfo } from '../types';
import { clusterOf, type RealServerHost } from '../cluster/hosts';
import { effectiveMethod } from '../model/lvs';

const MAX_RELATED = 8;

export const rule: Rule = {
  id: 'real-server-problems',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: "A direct-routing real server of the director whose own files (sysctl, scripts, rule files, ifcfg) have errors or warnings: reported on the `real_server` line too, so the director's config shows which real servers are broken.",
    rationale:
      'The mistakes that break LVS direct routing live on the real servers (the VIP answered by ARP, a VIP with a /24 on `lo`, an incomplete arptables pair, a missing `REDIRECT`): lvs-config reports each in the real-server file where it is. keepalived itself never looks at real servers (maintainer, acassen/keepalived#2243), and the operator editing keepalived.conf does not see those files. This rule mirrors them on the director side: each `real_server` of a DR or TUN service whose files (see README "How real-server files are matched") have error- or warning-level findings gets one warning listing them, with links to each. It is a warning, never an error: keepalived accepts the director config as it is. Fix the real-server files; this finding goes away with them.',
    invalid:
      '# keepalived.conf\nvirtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n# realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2',
    valid:
      '# keepalived.conf\nvirtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n# realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n# realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0\nDEVICE=lo:0\nIPADDR=192.0.2.10\nNETMASK=255.255.255.255\nONBOOT=yes',
  },
  checkFindings(ctx, findings) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const snippetFiles = new Set(ctx.snippets.map((s) => s.file));
    const byHost = new Map<RealServerHost, Diagnostic[]>();
    for (const d of findings) {
      if (d.code === 'real-server-problems' || (d.severity !== 'error' && d.severity !== 'warning') || !snippetFiles.has(d.file)) continue;
      const m = cluster.matches.get(d.file);
      for (const h of m?.hosts ?? []) {
        // A finding that names real servers applies to the hosts it names (a shared file may be wrong for some only).
        if (/\breal servers? \d/.test(d.message) && !d.message.includes(h.address)) continue;
        (byHost.get(h) ?? byHost.set(h, []).get(h)!).push(d);
      }
    }
    for (const [h, ds] of byHost) {
      const unique = [...new Map(ds.map((d) => [`${d.file}\0${d.range.start.line}\0${d.code}`, d])).values()];
      const related: RelatedInfo[] = unique.slice(0, MAX_RELATED).map((d) => ({ location: { file: d.file, range: d.range }, message: `${d.code}: ${d.message.length > 160 ? d.message.slice(0, 157) + '...' : d.message}` }));
      const codes = [...new Set(unique.map((d) => d.code))];
      const errors = unique.filter((d) => d.severity === 'error').length;
      for (const rs of h.direct) {
        if (!rs.address) continue;
        ctx.report({
          at: rs.address.word,
          message: `Real server ${h.address} (${effectiveMethod(rs)}) is misconfigured on its side: ${unique.length} problem${unique.length === 1 ? '' : 's'}${errors ? ` (${errors} error${errors === 1 ? '' : 's'})` : ''} in its files (${codes.join(', ')}). Until they are fixed it may answer ARP for the VIP or drop the traffic the director sends it; see the related locations.`,
          related,
        });
      }
    }
  },
};
