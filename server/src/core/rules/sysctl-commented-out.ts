import type { Rule } from '../lint/rule';
import type { Fix, Severity, TextEdit } from '../types';
import type { SysctlSetting } from '../realserver/types';
import { clusterOf, effectiveConf, lastSetting, profileOf, type HostProfile } from '../cluster/hosts';
import { arpInterfaces, directHosts, hostsLabel, otherArpMethod, unitsOf } from '../cluster/arp-hiding';

const NAMES = ['arp_ignore', 'arp_announce'];

/** Whether the active settings already give what the commented line would (on its interface, or on the NICs for `all`). */
function satisfied(p: HostProfile, c: SysctlSetting): boolean {
  const want = c.numeric!;
  const iface = c.conf!.iface;
  if (iface === 'all') {
    const ifaces = arpInterfaces(p);
    if (!ifaces.length) return (lastSetting(p, 'all', c.conf!.name)?.numeric ?? 0) >= want;
    return ifaces.every((i) => (effectiveConf(p, i, c.conf!.name).value ?? 0) >= want);
  }
  return (lastSetting(p, iface, c.conf!.name)?.numeric ?? 0) >= want || (lastSetting(p, 'all', c.conf!.name)?.numeric ?? 0) >= want;
}

/** The edit removing the comment characters before a commented-out setting (`#net…`, `# net…`, `;net…`). */
function uncomment(text: string, c: SysctlSetting): TextEdit | undefined {
  const line = text.split(/\r\n|\r|\n/)[c.keyToken.loc.range.start.line] ?? '';
  const end = c.keyToken.loc.range.start.character;
  const m = /^([ \t]*)([#;]+[ \t]*)$/.exec(line.slice(0, end));
  if (!m) return undefined;
  const ln = c.keyToken.loc.range.start.line;
  return { file: c.keyToken.loc.file, range: { start: { line: ln, character: m[1].length }, end: { line: ln, character: end } }, newText: '' };
}

export const rule: Rule = {
  id: 'sysctl-commented-out',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'safe',
  docs: {
    summary: 'The ARP-hiding lines of a sysctl file (`arp_ignore`, `arp_announce`) are commented out, and nothing else sets those values.',
    rationale:
      'A sysctl file with `#net.ipv4.conf.all.arp_ignore = 1` reads like an LVS real-server setup but applies nothing: systemd-sysctl and `sysctl -p` skip comment lines (sysctl.d(5)). Seen in the wild in a full `/etc/sysctl.conf` whose LVS block was commented out. On a real server of a DR/TUN service the host then answers ARP for the VIP (Documentation/networking/ip-sysctl.rst: `arp_ignore` 0 replies for any local address).\n\n' +
      'Lines for `lo` or `default` are left alone (they would change nothing). Reported when no active setting gives the value the commented line would (on its interface, or on the NICs for `all`): as a warning on the files of DR/TUN real servers that hide their VIPs by sysctls, as information elsewhere (a file opened alone, where the comment may be deliberate).\n\n' +
      'Fix: remove the comment character.',
    invalid: '# sysctl.conf (a DR real server)\nnet.ipv4.ip_forward = 0\n#net.ipv4.conf.all.arp_ignore = 1\n#net.ipv4.conf.all.arp_announce = 2',
    valid: '# sysctl.conf (a DR real server)\nnet.ipv4.ip_forward = 0\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2',
  },
  checkWorkspace(ctx) {
    const files = ctx.snippets.filter((f) => f.commentedSysctls?.some((c) => c.conf?.family === 4 && NAMES.includes(c.conf.name) && (c.numeric ?? 0) >= 1));
    if (!files.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const groups = unitsOf(cluster);
    for (const f of files) {
      const mine = groups.filter((g) => g.profile.files.includes(f));
      const units = mine.length ? mine : [{ profile: profileOf([f]), hosts: [] }];
      const dr = units.flatMap((g) => (otherArpMethod(g.profile) ? [] : directHosts(g)));
      const severity: Severity = dr.length ? 'warning' : 'information';
      const reported: SysctlSetting[] = [];
      for (const c of f.commentedSysctls!) {
        if (!c.conf || c.conf.family !== 4 || !NAMES.includes(c.conf.name) || (c.numeric ?? 0) < 1) continue;
        if (c.conf.iface === 'lo' || c.conf.iface === 'default') continue; // would change nothing (arp-sysctl-ineffective)
        if (units.every((g) => satisfied(g.profile, c))) continue;
        reported.push(c);
      }
      for (const c of reported) {
        // The ARP-hiding lines of a file go together: uncommenting one alone leaves the host half hidden.
        const edits = [c, ...reported.filter((o) => o !== c)].map((o) => uncomment(f.text, o));
        const others = reported.length - 1;
        const fix: Fix | undefined = edits.every((e): e is TextEdit => !!e)
          ? { title: `Uncomment ${c.key} = ${c.valueToken.text}${others ? ` and the ${others === 1 ? 'other commented-out ARP line' : `${others} other commented-out ARP lines`} of this file` : ''}`, edits, isPreferred: true }
          : undefined;
        ctx.report({
          at: c.keyToken.loc,
          message:
            `${c.key} = ${c.valueToken.text} is commented out, and nothing else sets it${dr.length ? ` for ${hostsLabel(dr)}` : ''}: ` +
            `sysctl skips comment lines, so the kernel keeps ${c.conf!.name} at ${c.conf!.name === 'arp_ignore' ? '0 and the host answers ARP for every local address, the VIP included' : '0 and the host may announce the VIP in its own ARP requests'}.`,
          severity,
          fixes: fix ? [fix] : undefined,
        });
      }
    }
  },
};
