import type { Rule } from '../lint/rule';
import type { Fix, Location, RelatedInfo, Severity } from '../types';
import type { SysctlSetting } from '../realserver/types';
import { clusterOf, effectiveConf, isHiddenDevice, lastSetting, type HostProfile } from '../cluster/hosts';
import { arpInterfaces, directHosts, hostsLabel, locKey, otherArpMethod, unitsOf } from '../cluster/arp-hiding';

const NAMES = ['arp_ignore', 'arp_announce'];

/** The interfaces of `name` settings that never see an ARP request: default, lo, dummy and tunnel devices. */
function ineffectiveIfaces(p: HostProfile, name: string): string[] {
  const out = new Set<string>();
  for (const s of p.sysctls) if (s.conf?.family === 4 && s.conf.name === name && (s.conf.iface === 'default' || isHiddenDevice(s.conf.iface))) out.add(s.conf.iface);
  return [...out];
}

/** `# echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore` or `# sysctl -w net.ipv4.conf.all.arp_ignore=1` in a script. */
function commentedInScript(p: HostProfile, name: string): { loc: Location; text: string } | undefined {
  const re = new RegExp(`^([ \\t]*#+[ \\t]*)((?:/s?bin/)?(?:echo[ \\t]+"?\\d+"?[ \\t]*>[ \\t]*/proc/sys/net/ipv4/conf/all/${name}|sysctl[ \\t]+-w[ \\t]+net\\.ipv4\\.conf\\.all\\.${name}[ \\t]*=[ \\t]*\\d+))\\b`);
  for (const f of p.files) {
    if (f.kind !== 'shell') continue;
    const lines = f.text.split(/\r\n|\r|\n/);
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(lines[i]);
      if (m) return { loc: { file: f.file, range: { start: { line: i, character: m[1].length }, end: { line: i, character: m[1].length + m[2].length } } }, text: m[2] };
    }
  }
  return undefined;
}

export const rule: Rule = {
  id: 'arp-sysctl-ineffective',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'safe',
  docs: {
    summary: '`arp_ignore` / `arp_announce` set only on `lo` (or another device without ARP, such as `tunl0`) or only on `default`, where they change nothing for the interface ARP requests arrive on.',
    rationale:
      'The kernel uses **max(conf/all, conf/IFACE)** of `arp_ignore` and `arp_announce` for the interface an ARP request arrives on or an ARP request leaves by (Documentation/networking/ip-sysctl.rst, `IN_DEV_MAXCONF`). ARP requests for the VIP arrive on the NIC (`eth0`), never on `lo`, so `net.ipv4.conf.lo.arp_ignore = 1` hides nothing: a DR real server with only the `lo` lines still answers ARP for the VIP (a common copy-paste; the usual "lvs_realserver.sh" sets `lo` **and** `all`, where the `lo` half is useless but harmless). `conf/default` only seeds interfaces created after it is written and is not part of the max(): `eth0` usually exists already.\n\n' +
      'The same holds for `tunl0` and dummy devices, which never do ARP. Reported when a value on `lo` (or such a device) or `default` is higher than what `all` and the named NICs give, and `all` is not set at all: as an error on a real server of a DR/TUN service that hides its VIPs by sysctls (DR breaks), as a warning elsewhere (a file opened alone, a NAT real server) and for `default` (an interface created later does take it).\n\n' +
      'Fix: write it for `all` (`net.ipv4.conf.all.arp_ignore = 1`), which the kernel combines with every interface.',
    invalid:
      '# sysctl.d/90-lvs.conf (a DR real server)\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2',
    valid:
      '# sysctl.d/90-lvs.conf (a DR real server)\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2',
  },
  checkWorkspace(ctx) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    // A file shared by several groups: one finding per location, with every real server it concerns.
    const found = new Map<string, { s: SysctlSetting; hosts: Set<string>; dr: boolean; best: number; allCommented?: { loc: Location; text: string } }>();
    for (const g of unitsOf(cluster)) {
      const p = g.profile;
      const hosts = directHosts(g);
      const dr = hosts.length > 0 && !otherArpMethod(p);
      const ifaces = arpInterfaces(p);
      for (const name of NAMES) {
        if (lastSetting(p, 'all', name)) continue; // `all` written: arp-not-hidden judges the value
        const best = Math.max(0, ...ifaces.map((i) => effectiveConf(p, i, name).value ?? 0));
        for (const iface of ineffectiveIfaces(p, name)) {
          const s = lastSetting(p, iface, name);
          if (!s || s.conf?.iface !== iface || s.numeric === undefined || s.numeric <= best) continue;
          const key = locKey(s.keyToken.loc);
          let f = found.get(key);
          if (!f) {
            const c = p.files.flatMap((x) => x.commentedSysctls ?? []).find((c) => c.conf?.iface === 'all' && c.conf.name === name);
            const allCommented = c ? { loc: c.loc, text: `${c.key} = ${c.valueToken.text}` } : commentedInScript(p, name);
            found.set(key, (f = { s, hosts: new Set(), dr: false, best, allCommented }));
          }
          for (const h of hosts) f.hosts.add(h.address);
          f.dr ||= dr;
        }
      }
    }
    for (const { s, hosts, dr, allCommented } of found.values()) {
      const iface = s.conf!.iface;
      const name = s.conf!.name;
      const severity: Severity = iface !== 'default' && dr ? 'error' : 'warning';
      const who = hosts.size ? ` (${hostsLabel([...hosts].map((address) => ({ address })))})` : '';
      const why =
        iface !== 'default'
          ? `ARP requests for the VIP arrive on the network interface, never on ${iface}${iface === 'lo' ? '' : ' (a device without ARP)'}; the kernel uses max(all, interface) there, and all.${name} is not set (0)`
          : `conf/default only seeds interfaces created after it is written and is not part of the kernel's max(all, interface): an existing eth0 keeps all.${name}, which is not set (0)`;
      const note = allCommented ? ` The all line is commented out (in ${allCommented.loc.file.slice(allCommented.loc.file.lastIndexOf('/') + 1)}).` : '';
      const related: RelatedInfo[] = allCommented ? [{ location: allCommented.loc, message: `commented out: ${allCommented.text}` }] : [];
      const fixes: Fix[] = [];
      if (!s.keyToken.fromVariable) {
        fixes.push({ title: `Write it for all: net.ipv4.conf.all.${name} = ${s.valueToken.text}`, edits: [{ file: s.conf!.ifaceLoc.file, range: s.conf!.ifaceLoc.range, newText: 'all' }], isPreferred: true });
      }
      ctx.report({
        at: s.conf!.ifaceLoc,
        message: `${name} = ${s.numeric} on ${iface} has no effect${who}: ${why}.${dr && iface !== 'default' ? (name === 'arp_ignore' ? ' The host still answers ARP requests for its VIPs.' : ' The host still announces its VIPs in its own ARP requests.') : ''}${note} Set it for all.`,
        severity,
        related,
        fixes,
      });
    }
  },
};
