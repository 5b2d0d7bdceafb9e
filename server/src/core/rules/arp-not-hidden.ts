import type { Report, Rule } from '../lint/rule';
import type { Fix, Location, Severity, TextEdit } from '../types';
import type { SysctlSetting } from '../realserver/types';
import { clusterOf, effectiveConf, lastSetting, profileGroups, profileOf, type HostProfile, type RealServerHost } from '../cluster/hosts';
import { addSettingsFix, arpInterfaces, deciding, directHosts, hostsLabel, isPseudoIface, locKey, otherArpMethod, realServerRelated, replaceValue, vipsLabel, vipsOf } from '../cluster/arp-hiding';

const NAMES = ['arp_ignore', 'arp_announce'] as const;
type Name = (typeof NAMES)[number];
const WANT: Record<Name, number> = { arp_ignore: 1, arp_announce: 2 };

/** Settings of `name` exist, but only on interfaces that never matter (lo, default, tunnels): arp-sysctl-ineffective's case. */
function onlyIneffective(profile: HostProfile, name: string): boolean {
  const list = profile.sysctls.filter((s) => s.conf?.family === 4 && s.conf.name === name);
  return list.length > 0 && list.every((s) => isPseudoIface(s.conf!.iface) && s.conf!.iface !== 'all' && !s.conf!.iface.includes('*'));
}

interface Verdict {
  name: Name;
  iface: string;
  value?: number;
  setting?: SysctlSetting;
  severity: Severity;
  why: string;
}

/** The worst value of `name` over the ARP-facing interfaces; undefined when it hides the VIP everywhere. */
function judge(profile: HostProfile, name: Name, ifaces: string[], vipsScopeHost: boolean): Verdict | undefined {
  let worst: Verdict | undefined;
  for (const iface of ifaces) {
    const e = effectiveConf(profile, iface, name);
    const v = e.value;
    const at = iface === 'all' ? 'the network interfaces' : iface;
    let bad: Verdict | undefined;
    if (name === 'arp_ignore') {
      const ok = v === 1 || v === 2 || v === 8 || (v === 3 && vipsScopeHost);
      if (!ok) {
        const why =
          v === undefined || v === 0
            ? `arp_ignore is ${v === undefined ? 'never set (kernel default 0)' : '0'} on ${at}: the host answers ARP requests for every local address, the VIP on lo included, and neighbours send the VIP's traffic straight to it, past the director`
            : v === 3
              ? `arp_ignore 3 on ${at} only silences addresses added with \`scope host\`, and the VIP is not added that way: the host still answers ARP requests for it`
              : `arp_ignore ${v} on ${at} is a reserved value the kernel treats as 0: the host answers ARP requests for the VIP`;
        bad = { name, iface, value: v, setting: deciding(profile, iface, name), severity: 'error', why };
      }
    } else if (v !== 2) {
      const why =
        v === 1
          ? `arp_announce 1 on ${at} only avoids the VIP as ARP source when the target is off its subnet; LVS needs 2 (always the best local address), or the host announces the VIP in its own ARP requests`
          : `arp_announce is ${v === undefined ? 'never set (kernel default 0)' : String(v)} on ${at}: the host uses the VIP as the source of its own ARP requests when it replies from the VIP, and neighbours learn its MAC for the VIP`;
      bad = { name, iface, value: v, setting: deciding(profile, iface, name), severity: v === 1 ? 'warning' : 'error', why };
    }
    if (bad && (!worst || (bad.value ?? 0) < (worst.value ?? 0))) worst = bad;
  }
  return worst;
}

const dirOf = (f: string): string => f.slice(0, f.lastIndexOf('/'));

const optional = (f: Fix | undefined): Fix[] | undefined => (f ? [f] : undefined);

export const rule: Rule = {
  id: 'arp-not-hidden',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'safe',
  docs: {
    summary: 'A real server of a DR or TUN service answers ARP for the VIP: no ARP hiding at all, or `arp_ignore` below 1 / `arp_announce` below 2 on the interface ARP requests arrive on.',
    rationale:
      'With direct routing the director only rewrites the destination MAC: every real server holds the VIP itself (usually on `lo`) and must never answer "who has VIP?" nor announce the VIP in its own ARP requests. Otherwise routers and clients learn a real server\'s MAC for the VIP and bypass the director (LVS-HOWTO ch. 6 "The ARP problem", Red Hat Load Balancer Administration 1.4.2.1 "Direct Routing and the ARP Limitation", LVS KB "Using arp_announce/arp_ignore to disable ARP"). keepalived never configures real servers; `--config-test` cannot see it.\n\n' +
      'The kernel (Documentation/networking/ip-sysctl.rst) uses **max(conf/all, conf/IFACE)** of `arp_ignore` and `arp_announce` for the interface an ARP request arrives on. `arp_ignore` 1 (reply only for addresses of the incoming interface) or 2 hides a VIP on `lo`; 8 stops all replies; 3 only hides addresses added with `scope host`; 0 and the reserved 4–7 answer for every local address. `arp_announce` must be 2 (always the best local source address); 1 is weaker and is reported as a warning.\n\n' +
      'The rule reads every real-server file matched to a real server of a DR/TUN virtual server (sysctl.d files, `sysctl -w` and `echo > /proc/sys/...` in the setup part of scripts, the seed\'s Red Hat commands included) and reports when neither those settings nor another method (an arptables `INPUT`/`IN` drop, an iptables `REDIRECT`) keeps the VIP quiet. A sysctl file beside a director config that uses `use_vmac` (or in `sysctl.d/` there) is the director\'s own (keepalived\'s docs recommend `arp_announce = 1` there) and is not counted for its real servers. Settings only on `lo` or `default` are left to `arp-sysctl-ineffective`; a real server with no files at all to `realserver-config-missing`.\n\n' +
      'Fix: `net.ipv4.conf.all.arp_ignore = 1` and `net.ipv4.conf.all.arp_announce = 2`, added in the file that sets the other sysctls (in its style: a sysctl.d line, `sysctl -w` or `echo > /proc/sys/...`), or in a new `sysctl.d/90-lvs-dr.conf`.',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n        weight 1\n    }\n}\n\n# realserver.sh (on 192.0.2.21)\nip addr add 192.0.2.10/32 dev lo\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\n# arp_announce never set',
    valid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n        weight 1\n    }\n}\n\n# realserver.sh (on 192.0.2.21)\nip addr add 192.0.2.10/32 dev lo\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
  },
  checkWorkspace(ctx) {
    if (!ctx.configs.length || !ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    // One finding per location: a file shared by several groups names every real server it concerns.
    const pending = new Map<string, { hosts: Set<RealServerHost>; vips: Set<string>; build: (label: string, vipText: string, kind: string) => Report }>();
    const later = (key: string, hosts: RealServerHost[], vips: string[], build: (label: string, vipText: string, kind: string) => Report): void => {
      const p = pending.get(key);
      if (!p) {
        pending.set(key, { hosts: new Set(hosts), vips: new Set(vips), build });
        return;
      }
      for (const h of hosts) p.hosts.add(h);
      for (const v of vips) p.vips.add(v);
    };
    // A director with use_vmac keeps its own ARP sysctls next to its config (keepalived's docs: arp_announce 1 there);
    // those files are the director's, not its real servers'.
    const vmacDirs = new Set(ctx.configs.filter((c) => c.all.some((st) => st.keyword.text === 'use_vmac')).map((c) => dirOf(c.root)));
    for (const g of profileGroups(cluster)) {
      // ARP is IPv4's: IPv6 VIPs are hidden by other means (NDP), these sysctls do nothing for them.
      const hosts = directHosts(g).filter((h) => h.services.some((x) => x.family === 4));
      const own = g.profile.files.filter((f) => !(vmacDirs.has(dirOf(f.file).replace(/\/sysctl\.d$/, '')) && cluster.matches.get(f.file)?.reason === 'shared'));
      if (!hosts.length || !own.length) continue;
      const p = own.length === g.profile.files.length ? g.profile : profileOf(own);
      if (otherArpMethod(p)) continue;
      const vips = vipsOf(hosts).filter((v) => !v.includes(':'));
      const vipSet = new Set(vips);
      const vipAddrs = p.addresses.filter((a) => vipSet.has(a.address));
      const scopeHost = vipAddrs.length > 0 && vipAddrs.every((a) => a.scopeHost);
      const ifaces = arpInterfaces(p);
      const check = ifaces.length ? ifaces : ['all'];
      const names = NAMES.filter((n) => !onlyIneffective(p, n));
      const verdicts = names.map((n) => judge(p, n, check, scopeHost)).filter((v): v is Verdict => !!v);
      if (!verdicts.length) continue;
      const anySet = p.sysctls.some((s) => s.conf?.family === 4 && NAMES.includes(s.conf.name as Name));
      const commented = p.files.flatMap((f) => f.commentedSysctls ?? []).filter((s) => !!s.conf && NAMES.includes(s.conf.name as Name) && (s.conf.iface === 'all' || !isPseudoIface(s.conf.iface)));

      /** The fix for some verdicts: raise the values set on `all`, add the missing `all` lines. */
      const fixFor = (vs: Verdict[]): Fix | undefined => {
        const edits: TextEdit[] = [];
        const missing: Verdict[] = [];
        for (const v of vs) {
          const all = lastSetting(p, 'all', v.name);
          if (!all) {
            missing.push(v);
            continue;
          }
          const e = replaceValue(all, WANT[v.name]);
          if (!e) return undefined;
          edits.push(e);
        }
        const lines = vs.map((v) => `net.ipv4.conf.all.${v.name} = ${WANT[v.name]}`).join(' and ');
        const add = addSettingsFix(`Add ${lines}`, p, NAMES, missing.map((v) => ({ key: `net.ipv4.conf.all.${v.name}`, value: WANT[v.name] })), true);
        if (missing.length && !add) return undefined;
        if (!edits.length) return add;
        return { title: `Set ${lines}`, edits: [...edits, ...(add?.edits ?? [])], isPreferred: true, ...(add?.createFiles ? { createFiles: add.createFiles } : {}) };
      };

      if (!anySet) {
        // No ARP hiding at all: report on the VIP the files put on the host, else on the start of the first file.
        const at: Location = vipAddrs[0]?.addressToken.loc ?? { file: p.files[0].file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
        const note = commented.length ? ` (its lines in ${commented[0].loc.file.slice(commented[0].loc.file.lastIndexOf('/') + 1)} are commented out)` : '';
        const fix = fixFor(verdicts);
        later(locKey(at), hosts, vips, (label, vipText, kind) => ({
          at,
          message:
            `Nothing hides ${vipText} from ARP on ${label} (lb_kind ${kind}): no arp_ignore/arp_announce setting${note}, no arptables drop, no iptables REDIRECT. ` +
            `The host answers ARP requests for the VIP and announces it, so neighbours send the VIP's traffic straight to it, past the director. Set net.ipv4.conf.all.arp_ignore = 1 and net.ipv4.conf.all.arp_announce = 2.`,
          related: commented.slice(0, 2).map((c) => ({ location: c.loc, message: `commented out: ${c.key} = ${c.valueToken.text}` })),
          fixes: optional(fix),
        }));
        continue;
      }
      for (const v of verdicts) {
        const anchor = v.setting ?? lastSetting(p, 'all', v.name === 'arp_ignore' ? 'arp_announce' : 'arp_ignore') ?? p.sysctls.find((s) => s.conf && NAMES.includes(s.conf.name as Name));
        const at: Location = v.setting ? v.setting.valueToken.loc : (anchor?.keyToken.loc ?? vipAddrs[0]?.addressToken.loc ?? { file: p.files[0].file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
        const what = !v.setting && anchor ? ` (reported on the ${anchor.conf?.name ?? anchor.name} line)` : '';
        const fix = fixFor([v]);
        later(locKey(at) + '\0' + v.name, hosts, vips, (label, vipText, kind) => ({
          at,
          message: `${label[0].toUpperCase()}${label.slice(1)} ${v.name === 'arp_ignore' ? 'answers ARP requests for' : 'may announce'} ${vipText} (lb_kind ${kind}): ${v.why}${what}. Set net.ipv4.conf.all.${v.name} = ${WANT[v.name]}.`,
          severity: v.severity,
          fixes: optional(fix),
        }));
      }
    }
    for (const p of pending.values()) {
      const hosts = [...p.hosts];
      const r = p.build(hostsLabel(hosts), vipsLabel([...p.vips]), hosts.some((h) => h.tunnel) ? 'TUN' : 'DR');
      ctx.report({ ...r, related: [...realServerRelated(hosts), ...(r.related ?? [])] });
    }
  },
};
