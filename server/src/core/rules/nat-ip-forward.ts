import type { Rule } from '../lint/rule';
import type { Fix, Location, RelatedInfo } from '../types';
import type { SnippetFile, SysctlSetting } from '../realserver/types';
import type { Word } from '../keepalived/ast';
import { clusterOf, lastKey, nearestConfigs, profileOf } from '../cluster/hosts';
import { appendLines, insertNear, lastSettingIn, locKey, replaceValue, settingLine } from '../cluster/arp-hiding';

const KEY = 'net.ipv4.ip_forward';

const dirOf = (f: string): string => f.slice(0, f.lastIndexOf('/'));

/** `ipvsadm` outside a comment: the script tunes or programs IPVS, which only a director does. */
const IPVSADM = /^[ \t]*[^#\n]*\bipvsadm\b/m;

/**
 * A sysctl file or script with the director's settings (forwarding, IPVS or `send_redirects` keys, or an `ipvsadm`
 * command) and no ARP hiding (a real server's).
 */
function looksLikeDirector(f: SnippetFile): boolean {
  const keys = [...f.sysctls, ...(f.commentedSysctls ?? [])];
  const director = keys.some((s) => s.key === KEY || s.key.startsWith('net.ipv4.vs.') || s.name === 'send_redirects') || (f.kind === 'shell' && IPVSADM.test(f.text));
  const hides = f.sysctls.some((s) => s.phase === 'setup' && (s.name === 'arp_ignore' || s.name === 'arp_announce') && (s.numeric ?? 0) >= 1);
  return director && !hides;
}

export const rule: Rule = {
  id: 'nat-ip-forward',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'safe',
  docs: {
    summary: 'A director of `lb_kind NAT` services whose own sysctl file or script in the workspace does not turn on `net.ipv4.ip_forward`.',
    rationale:
      'With LVS-NAT the director rewrites the destination of each request to a real server and the replies come back through it to be rewritten again: it routes packets between the clients and the real servers, which the kernel only does with `net.ipv4.ip_forward = 1` (Documentation/networking/ip-sysctl.rst: "ip_forward - BOOLEAN: 0 - disabled (default)"). keepalived does not set it (keepalived issue #2243: "masquerading does NOT do SNAT, and the default route from the real servers has to be via the keepalived host"; LVS-HOWTO ch. 5 LVS-NAT). Without it the real servers\' replies die on the director.\n\n' +
      'The rule looks at the director\'s own sysctl settings when the workspace holds them: a sysctl file or script matched to the director (one that runs `ipvsadm`, or under a `director`/`lb` folder), or one next to the keepalived.conf that sets forwarding, IPVS or `send_redirects` keys (or runs `ipvsadm`) and hides no ARP. It reports `ip_forward` set to 0, commented out, or missing there, when a virtual server sends traffic to a real server by `lb_kind NAT`/`lvs_method NAT`.\n\n' +
      'Fix: set `net.ipv4.ip_forward = 1` in that file.',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind NAT\n    protocol TCP\n    real_server 10.0.0.21 8080 {\n    }\n}\n\n# sysctl.conf (director, same folder)\nnet.ipv4.ip_forward = 0',
    valid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind NAT\n    protocol TCP\n    real_server 10.0.0.21 8080 {\n    }\n}\n\n# sysctl.conf (director, same folder)\nnet.ipv4.ip_forward = 1',
  },
  checkWorkspace(ctx) {
    if (!ctx.configs.length || !ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const seen = new Set<string>();
    for (const m of cluster.directors) {
      const config = m.config;
      const nat: Word[] = [];
      for (const vs of m.virtualServers) for (const rs of vs.realServers) {
        const w = rs.lvsMethod ?? vs.lbKind;
        if (w?.text === 'NAT' && !nat.includes(w)) nat.push(w);
      }
      if (!nat.length) continue;
      const here = dirOf(config.root);
      const files = ctx.snippets.filter((f) => {
        if (f.kind !== 'sysctl' && f.kind !== 'shell') return false;
        if (!f.sysctls.length && !f.commentedSysctls?.length) return false;
        const match = cluster.matches.get(f.file);
        if (match?.reason === 'director') return nearestConfigs(f.file, ctx.configs).has(config);
        if (match && match.reason !== 'shared') return false;
        return dirOf(f.file) === here && looksLikeDirector(f);
      });
      if (!files.length) continue;
      const profile = profileOf(files);
      const set = lastKey(profile, KEY);
      if (set?.numeric === 1) continue;
      const related: RelatedInfo[] = nat.slice(0, 3).map((w) => ({ location: { file: w.file, range: w.range }, message: 'this virtual server forwards by NAT' }));
      let at: Location;
      let fixes: Fix[] = [];
      let what: string;
      const commented = files.flatMap((f) => f.commentedSysctls ?? []).find((s) => s.key === KEY);
      if (set) {
        at = set.valueToken.loc;
        what = `net.ipv4.ip_forward is ${set.valueToken.text} here`;
        const e = replaceValue(set, 1);
        if (e) fixes = [{ title: 'Set net.ipv4.ip_forward = 1', edits: [e], isPreferred: true }];
      } else if (commented) {
        at = commented.keyToken.loc;
        what = 'net.ipv4.ip_forward is commented out here and set nowhere else';
        const f = files.find((x) => x.file === commented.loc.file)!;
        fixes = [{ title: 'Add net.ipv4.ip_forward = 1', edits: [insertNear(f, commented, [settingLine(f, undefined, KEY, 1)])], isPreferred: true }];
      } else {
        const home = files.find((f) => f.kind === 'sysctl') ?? files[0];
        const anchor: SysctlSetting | undefined = lastSettingIn(profile, home) ?? home.sysctls[0];
        at = anchor ? anchor.keyToken.loc : { file: home.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
        what = `the director's settings here never set net.ipv4.ip_forward (kernel default 0)`;
        const line = settingLine(home, anchor, KEY, 1);
        fixes = [{ title: 'Add net.ipv4.ip_forward = 1', edits: [anchor ? insertNear(home, anchor, [line]) : appendLines(home, [line])], isPreferred: true }];
      }
      if (seen.has(locKey(at))) continue;
      seen.add(locKey(at));
      ctx.report({
        at,
        message: `The director forwards by NAT (lb_kind NAT in ${config.root.slice(config.root.lastIndexOf('/') + 1)}) but ${what}: it does not route the real servers' replies back to the clients. Set net.ipv4.ip_forward = 1.`,
        related,
        fixes,
      });
    }
  },
};
