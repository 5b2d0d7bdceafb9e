import type { Rule } from '../lint/rule';
import { checkValueLine } from '../schema/value-lines';
import { fix, valueLineStatements } from './util';

export const rule: Rule = {
  id: 'route-without-interface',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'A route in `static_routes` / `virtual_routes` without `dev`: keepalived 2.2 cannot track it.',
    rationale:
      'keepalived tracks the routes it installs (it marks them with protocol `keepalived` and reinstates a static route that disappears) by the interface they leave through. A route line without `dev IFNAME` (or `oif IFNAME`) and without `no_track` makes keepalived 2.2 report "Warning - cannot track route 192.168.112.0/24 with no interface specified, not tracking" (vrrp_iproute.c): the route is installed, but if it is deleted or its interface goes down keepalived neither notices nor restores it. Newer keepalived releases no longer print the warning. Add `dev IFNAME` for the interface the route uses, or `no_track` to say that tracking is not wanted.',
    invalid: 'static_routes {\n    192.168.112.0/24 via 192.168.100.254\n}',
    valid: 'static_routes {\n    192.168.112.0/24 via 192.168.100.254 dev eth0\n}',
  },
  check(ctx) {
    for (const s of valueLineStatements(ctx)) {
      if (s.valueBlock?.valueLine !== 'route' || s.block) continue;
      const words = [s.keyword, ...s.args];
      let oif = false;
      for (const w of words) {
        // After `nexthop` (or the deprecated `or`) a `dev` belongs to one hop, not to the route.
        if (w.text === 'nexthop' || w.text === 'or') break;
        if (w.text === 'dev' || w.text === 'oif') oif = true;
      }
      if (oif || words.some((w) => w.text === 'no_track')) continue;
      // keepalived drops a line it cannot read before this check (invalid-value reports those).
      if (checkValueLine('route', words).some((p) => (p.severity ?? 'error') === 'error' && !p.deprecated)) continue;
      const last = words[words.length - 1];
      const dest = words.find((w) => /^[0-9a-fA-F:.]+(\/\d+)?$|^default$/.test(w.text))?.text ?? s.keyword.text;
      ctx.report({
        at: { file: s.keyword.file, range: { start: s.keyword.range.start, end: last.range.end } },
        message: `This route has no \`dev\`: keepalived 2.2 reports "Warning - cannot track route ${dest} with no interface specified, not tracking" and does not restore it if it is deleted or its interface goes down. Add \`dev IFNAME\` (the interface the route uses), or \`no_track\` if tracking is not wanted.`,
        fixes: last.expansion ? [] : [fix('Add `no_track` (install the route without tracking it)', [{ file: last.file, range: { start: last.range.end, end: last.range.end }, newText: ' no_track' }])],
      });
    }
  },
};
