/**
 * Helpers of the sysctl-side DR rules (arp-not-hidden, arp-sysctl-ineffective, sysctl-overridden-by-all,
 * tun-rp-filter, nat-ip-forward, sysctl-commented-out, real-server-ip-forward): which interfaces of a real server
 * answer ARP, whether its VIPs are hidden by arptables or iptables instead of sysctls, how to name the real
 * servers of a finding, and edits that add or change a sysctl setting in the style of the file that holds it.
 *
 * Kernel facts (Documentation/networking/ip-sysctl.rst): for `arp_ignore`, `arp_announce` and `rp_filter` the
 * value used on an interface is max(conf/all, conf/IFACE); `conf/default` only seeds interfaces created later;
 * `lo` never receives an ARP request for the VIP (requests arrive on the NIC), so `lo`'s values never matter.
 */
import type { Fix, Location, TextEdit } from '../types';
import type { ArpRule, IptRule, SnippetFile, SysctlSetting } from '../realserver/types';
import { isRedirect } from './dr';
import { isHiddenDevice, lastSetting, profileGroups, profileOf, type HostProfile, type LvsCluster, type ProfileGroup, type RealServerHost } from './hosts';

/** Interfaces whose conf values never decide anything for ARP or reverse-path filtering of the NIC. */
export function isPseudoIface(iface: string): boolean {
  return iface === 'all' || iface === 'default' || iface === '*' || iface.includes('*') || isHiddenDevice(iface);
}

/**
 * The interfaces ARP requests for the VIP can arrive on, as far as the files tell: devices carrying a non-VIP-hiding
 * address (the real server's own NIC), and interfaces named in arp/rp settings that are not loopback, dummy or
 * tunnel devices. Empty when the files name none (then only `all` is known to apply to the NIC).
 */
export function arpInterfaces(profile: HostProfile): string[] {
  const out = new Set<string>();
  for (const a of profile.addresses) if (!isHiddenDevice(a.device)) out.add(a.device);
  for (const s of profile.sysctls) {
    if (!s.conf || s.conf.family !== 4 || (s.conf.name !== 'arp_ignore' && s.conf.name !== 'arp_announce')) continue;
    if (!isPseudoIface(s.conf.iface)) out.add(s.conf.iface);
  }
  return [...out];
}

/** An arptables rule that drops ARP requests for an address (`-A INPUT -d VIP -j DROP`, arptables_jf's `IN`). */
export function isArpDrop(r: ArpRule): boolean {
  const chain = r.chain?.text.toUpperCase();
  return (r.op === 'A' || r.op === 'I') && (chain === 'INPUT' || chain === 'IN') && r.target?.text.toUpperCase() === 'DROP' && !!r.destination && !r.negated?.includes('destination');
}

/** An iptables `-t nat ... -j REDIRECT` rule being added (the VIP is then not configured on the host at all). */
function isNatRedirect(r: IptRule): boolean {
  return isRedirect(r) && r.table === 'nat';
}

/**
 * The first rule by which these files hide the VIPs without sysctls: an arptables INPUT drop or an iptables
 * REDIRECT. Such real servers use the arptables or iptables method (their rules are checked by other rules) and
 * need no arp_ignore/arp_announce.
 */
export function otherArpMethod(profile: HostProfile): ArpRule | IptRule | undefined {
  return profile.arpRules.find(isArpDrop) ?? profile.iptRules.find(isNatRedirect);
}

/** The real servers of a group that serve DR or TUN services (they must not answer ARP for the VIPs). */
export function directHosts(g: ProfileGroup): RealServerHost[] {
  return g.hosts.filter((h) => h.services.length > 0);
}

/** `real server 10.0.0.11` / `real servers 10.0.0.11, 10.0.0.12 and 10.0.0.13` (at most five named). */
export function hostsLabel(hosts: readonly { address: string }[]): string {
  const names = hosts.map((h) => h.address);
  if (names.length === 1) return `real server ${names[0]}`;
  const shown = names.length > 5 ? [...names.slice(0, 5), `${names.length - 5} more`] : names;
  return `real servers ${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}

/** The VIPs of DR/TUN services of some hosts, deduplicated, in order. */
export function vipsOf(hosts: readonly RealServerHost[]): string[] {
  const out = new Set<string>();
  for (const h of hosts) for (const s of h.services) out.add(s.vip);
  return [...out];
}

/** `VIP 192.0.2.10` / `VIPs 192.0.2.10, 192.0.2.11` (at most five named). */
export function vipsLabel(vips: readonly string[]): string {
  if (vips.length === 1) return `VIP ${vips[0]}`;
  return `VIPs ${vips.slice(0, 5).join(', ')}${vips.length > 5 ? ` and ${vips.length - 5} more` : ''}`;
}

/** Related locations: where the directors name the hosts (the `real_server` address), at most `max`. */
export function realServerRelated(hosts: readonly RealServerHost[], max = 4): { location: Location; message: string }[] {
  const out: { location: Location; message: string }[] = [];
  for (const h of hosts) {
    for (const rs of h.direct) {
      if (out.length >= max || !rs.address) break;
      const vs = rs.virtualServer;
      const method = (rs.lvsMethod ?? vs.lbKind)?.text ?? 'NAT';
      out.push({ location: { file: rs.address.word.file, range: rs.address.word.range }, message: `${h.address} is a real server of this virtual server (lb_kind ${method})` });
    }
  }
  return out;
}

/**
 * The units the sysctl rules check: profileGroups, except that standalone files (no real server of the directors)
 * kept under one `<host>/etc/` tree are one host and checked together (`etc/sysctl.conf` with
 * `etc/sysctl.d/90-lvs.conf`); standalone files elsewhere stay one unit each (a folder of unrelated scripts).
 */
export function unitsOf(cluster: LvsCluster): ProfileGroup[] {
  const out: ProfileGroup[] = [];
  const byRoot = new Map<string, SnippetFile[]>();
  for (const g of profileGroups(cluster)) {
    const f = g.profile.files[0];
    const etc = f && g.hosts.length === 0 && g.profile.files.length === 1 ? f.file.lastIndexOf('/etc/') : -1;
    if (etc < 0) {
      out.push(g);
      continue;
    }
    const root = f.file.slice(0, etc);
    (byRoot.get(root) ?? byRoot.set(root, []).get(root)!).push(f);
  }
  for (const files of byRoot.values()) out.push({ profile: profileOf(files), hosts: [] });
  return out;
}

export const locKey = (l: Location): string => `${l.file}\0${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;

/** `sysctl.conf:12` for messages. */
export function where(l: Location): string {
  const base = l.file.slice(l.file.lastIndexOf('/') + 1);
  return `${base}:${l.range.start.line + 1}`;
}

function lineOf(text: string, line: number): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines[line] ?? '';
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A sysctl assignment written the way `template` writes its own (`key = v` or `key=v`; `echo v > /proc/...`; `sysctl -w k=v`). */
export function settingLine(file: SnippetFile, template: SysctlSetting | undefined, key: string, value: number): string {
  if (file.kind !== 'shell') {
    const t = template && template.via === 'sysctl-file' ? lineOf(file.text, template.loc.range.start.line) : '';
    const spaced = !t || /\s=\s/.test(t);
    return spaced ? `${key} = ${value}` : `${key}=${value}`;
  }
  const t = template ? lineOf(file.text, template.loc.range.start.line) : '';
  const indent = /^[ \t]*/.exec(t)![0];
  if (template?.via === 'sysctl-w') return `${indent}sysctl -w ${key}=${value}`;
  return `${indent}echo ${value} > /proc/sys/${key.replace(/\./g, '/')}`;
}

/**
 * Edits that add `lines` next to setting `anchor` of `file`: after its line, or before it when something follows the
 * setting on its line (`echo 2 > .../arp_announce;;` closes a case branch: the new lines must stay inside it).
 */
export function insertNear(file: SnippetFile, anchor: SysctlSetting, lines: string[]): TextEdit {
  const eol = eolOf(file.text);
  const ln = anchor.loc.range.start.line;
  const tail = lineOf(file.text, anchor.loc.range.end.line).slice(anchor.loc.range.end.character).trim();
  if (tail && !tail.startsWith('#')) {
    return { file: file.file, range: { start: { line: ln, character: 0 }, end: { line: ln, character: 0 } }, newText: lines.map((l) => l + eol).join('') };
  }
  const end = { line: anchor.loc.range.end.line, character: lineOf(file.text, anchor.loc.range.end.line).length };
  return { file: file.file, range: { start: end, end }, newText: lines.map((l) => eol + l).join('') };
}

/** Append lines at the end of a file. */
export function appendLines(file: SnippetFile, lines: string[]): TextEdit {
  const all = file.text.split(/\r\n|\r|\n/);
  const last = all.length - 1;
  const eol = eolOf(file.text);
  const endsWithBreak = all[last] === '';
  const at = endsWithBreak ? { line: last, character: 0 } : { line: last, character: all[last].length };
  const newText = endsWithBreak ? lines.map((l) => l + eol).join('') : lines.map((l) => eol + l).join('') + eol;
  return { file: file.file, range: { start: at, end: at }, newText };
}

/** The last setup-phase sysctl setting a file writes (where new settings go). */
export function lastSettingIn(profile: HostProfile, file: SnippetFile): SysctlSetting | undefined {
  let found: SysctlSetting | undefined;
  for (const s of profile.sysctls) if (s.loc.file === file.file) found = s;
  return found;
}

/**
 * The file new sysctl settings of a real server go in: the persistent sysctl file that already sets the others, else
 * the script that does, else none (a new file is created).
 */
export function sysctlHome(profile: HostProfile, names: readonly string[]): { file: SnippetFile; anchor?: SysctlSetting } | undefined {
  const setsOne = (f: SnippetFile): SysctlSetting | undefined => {
    let found: SysctlSetting | undefined;
    for (const s of profile.sysctls) if (s.loc.file === f.file && names.includes(s.name)) found = s;
    return found;
  };
  for (const kind of ['sysctl', 'shell'] as const) {
    for (const f of profile.files) {
      if (f.kind !== kind) continue;
      const a = setsOne(f);
      if (a) return { file: f, anchor: a };
    }
  }
  for (const f of profile.files) if (f.kind === 'sysctl') return { file: f, anchor: lastSettingIn(profile, f) };
  return undefined;
}

/** Where a new sysctl.d file for these files goes: `<…>/etc/sysctl.d/90-lvs-dr.conf` beside their `etc`, else beside the first file. */
export function newSysctlPath(profile: HostProfile): string | undefined {
  const first = profile.files[0]?.file;
  if (!first) return undefined;
  const etc = first.lastIndexOf('/etc/');
  if (etc >= 0) return `${first.slice(0, etc)}/etc/sysctl.d/90-lvs-dr.conf`;
  return `${first.slice(0, first.lastIndexOf('/'))}/sysctl.d/90-lvs-dr.conf`;
}

/** A fix adding `settings` (key, value) to the file that holds the others, or to a new sysctl.d file. */
export function addSettingsFix(title: string, profile: HostProfile, names: readonly string[], settings: { key: string; value: number }[], isPreferred = false): Fix | undefined {
  if (!settings.length) return undefined;
  const home = sysctlHome(profile, names);
  if (home) {
    const lines = settings.map((s) => settingLine(home.file, home.anchor, s.key, s.value));
    const edit = home.anchor ? insertNear(home.file, home.anchor, lines) : appendLines(home.file, lines);
    return isPreferred ? { title, edits: [edit], isPreferred } : { title, edits: [edit] };
  }
  const path = newSysctlPath(profile);
  if (!path) return undefined;
  const text = settings.map((s) => `${s.key} = ${s.value}\n`).join('');
  const edit: TextEdit = { file: path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text };
  const t = `${title} (new file ${path.slice(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1)})`;
  return isPreferred ? { title: t, createFiles: [path], edits: [edit], isPreferred } : { title: t, createFiles: [path], edits: [edit] };
}

/** An edit replacing a setting's value, unless it comes from a script variable. */
export function replaceValue(s: SysctlSetting, value: number): TextEdit | undefined {
  if (s.valueToken.fromVariable || s.keyToken.fromVariable) return undefined;
  return { file: s.valueToken.loc.file, range: s.valueToken.loc.range, newText: String(value) };
}

/** The setting of `name` that decides max(all, iface): the higher one (all when equal). */
export function deciding(profile: HostProfile, iface: string, name: string): SysctlSetting | undefined {
  const all = lastSetting(profile, 'all', name);
  const own = iface === 'all' ? undefined : lastSetting(profile, iface, name);
  if (!own || own === all) return all;
  if (!all) return own;
  return (own.numeric ?? 0) > (all.numeric ?? 0) ? own : all;
}

/**
 * The last setting of `all` for `name`, as the kernel gets it: a glob line (`net.ipv4.conf.*.rp_filter = 2`) does
 * not set `all` when a file excludes it (`-net.ipv4.conf.all.rp_filter`, systemd's 50-default.conf).
 */
export function allSetting(profile: HostProfile, name: string): SysctlSetting | undefined {
  const s = lastSetting(profile, 'all', name);
  if (!s || !s.conf?.iface.includes('*')) return s;
  const key = `net.ipv4.conf.all.${name}`;
  const excluded = profile.files.some((f) => f.sysctlExclusions?.some((t) => t.text === key));
  if (!excluded) return s;
  let found: SysctlSetting | undefined;
  for (const x of profile.sysctls) if (x.conf?.family === 4 && x.conf.name === name && x.conf.iface === 'all') found = x;
  return found;
}
