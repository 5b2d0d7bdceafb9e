/**
 * Direct-routing facts of a real-server profile, shared by the address, arptables and iptables rules: which VIPs
 * arptables hides, which REDIRECT rules exist and what they cover, the VIPs the directors serve, and small text
 * helpers for fixes on real-server files (the text on screen of a token, inserting a line after a fact).
 *
 * Addresses are compared by their normalised key (IPv6 compressed, lower case), without a host prefix (`/32`,
 * `/128`); a token with another prefix (`10.0.0.0/24`) is a network, not a VIP, and yields no key.
 */
import ipaddr from 'ipaddr.js';
import type { Location, TextEdit } from '../types';
import type { ArpRule, IptRule, SnippetFile, Token } from '../realserver/types';
import type { HostProfile, LvsCluster, Protocol, RealServerHost, ServiceAddress } from './hosts';
import { effectiveConf, isHiddenDevice, nearestConfigs, serviceAddresses } from './hosts';
import type { Address } from '../model/index';
import type { ParsedConfig } from '../keepalived/ast';

/** The normalised key of an address token (`192.0.2.10`, `192.0.2.10/32`, `2001:DB8::1/128`), undefined for anything else. */
export function addressKey(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const slash = text.indexOf('/');
  const bare = slash >= 0 ? text.slice(0, slash) : text;
  const prefix = slash >= 0 ? text.slice(slash + 1) : undefined;
  if (!ipaddr.isValid(bare)) return undefined;
  const a = ipaddr.parse(bare);
  if (a.kind() === 'ipv4' && !/^\d{1,3}(\.\d{1,3}){3}$/.test(bare)) return undefined; // `10.1` is not written as a VIP
  if (prefix !== undefined && prefix !== (a.kind() === 'ipv4' ? '32' : '128')) return undefined;
  return a.toString().toLowerCase();
}

export function familyOfKey(key: string): 4 | 6 {
  return key.includes(':') ? 6 : 4;
}

/** Loopback addresses (127/8, ::1) are the host's own, never a VIP. */
export function isLoopbackAddress(key: string): boolean {
  return key === '::1' || /^127\./.test(key);
}

/** `IN`/`OUT` (arptables_jf) read as `INPUT`/`OUTPUT`. */
export function arpChain(r: ArpRule): string | undefined {
  const c = r.chain?.text;
  return c === 'IN' ? 'INPUT' : c === 'OUT' ? 'OUTPUT' : c;
}

const adds = (r: { op: string }): boolean => r.op === 'A' || r.op === 'I';

/** `arptables -A INPUT -d VIP -j DROP`: the VIP the rule hides, if it is one. */
export function arpDropVip(r: ArpRule): string | undefined {
  if (!adds(r) || arpChain(r) !== 'INPUT' || r.target?.text.toUpperCase() !== 'DROP') return undefined;
  if (r.negated?.includes('destination')) return undefined;
  return addressKey(r.destination?.text);
}

/** `arptables -A OUTPUT -s VIP -j mangle --mangle-ip-s RIP` (or the old `-d VIP` form): the VIP it is about. */
export function arpMangle(r: ArpRule): { vip: string; by: 'source' | 'destination' } | undefined {
  if (!adds(r) || arpChain(r) !== 'OUTPUT' || r.target?.text.toLowerCase() !== 'mangle' || !r.mangleIpS) return undefined;
  const s = r.negated?.includes('source') ? undefined : addressKey(r.source?.text);
  if (s) return { vip: s, by: 'source' };
  const d = r.negated?.includes('destination') ? undefined : addressKey(r.destination?.text);
  if (d) return { vip: d, by: 'destination' };
  return undefined;
}

/** Whether arptables drops ARP requests for `vip` on the host (the Red Hat arptables method). */
export function arpHides(profile: HostProfile, vip: string): boolean {
  return profile.arpRules.some((r) => arpDropVip(r) === vip);
}

/** An iptables REDIRECT rule being added (not deleted). */
export function isRedirect(r: IptRule): boolean {
  return adds(r) && r.target?.text.toUpperCase() === 'REDIRECT';
}

/** A REDIRECT rule where DR packets pass: table nat, chain PREROUTING. */
export function isPreroutingRedirect(r: IptRule): boolean {
  return isRedirect(r) && r.table === 'nat' && r.chain?.text === 'PREROUTING';
}

/** The ports a `--dport`/`--dports` token lists (`80`, `80,443`, `8000:8010`), undefined when none or unreadable. */
export function portsOf(t: Token | undefined): { from: number; to: number }[] | undefined {
  if (!t) return undefined;
  const out: { from: number; to: number }[] = [];
  for (const part of t.text.split(',')) {
    const m = /^(\d+)(?::(\d*))?$/.exec(part);
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : m[2] === '' ? 65535 : Number(m[2]);
    out.push({ from, to });
  }
  return out;
}

/** Whether a REDIRECT rule matches packets for `vip`, and which protocol/ports. */
export function redirectCovers(r: IptRule, s: { vip: string; port?: number; protocol: Protocol }, ignoreProtocol = false): boolean {
  if (r.negated?.length) return false;
  if (r.destination) {
    const d = addressKey(r.destination.text);
    if (d !== s.vip) return false;
  }
  if (!ignoreProtocol && r.protocol && r.protocol.text.toLowerCase() !== s.protocol && r.protocol.text.toLowerCase() !== 'all') return false;
  if (r.dports) {
    const ports = portsOf(r.dports);
    if (!ports) return true; // unreadable (a variable): assume it matches
    if (s.port === undefined || s.port === 0) return false;
    if (!ports.some((p) => s.port! >= p.from && s.port! <= p.to)) return false;
  }
  return true;
}

/**
 * Every address the directors serve, with where it is written: virtual server addresses (and group entries), VRRP
 * VIPs, static addresses of the keepalived configs, and the addresses director scripts (ipvsadm scripts) put up.
 */
export function servedAddresses(cluster: LvsCluster, only?: ReadonlySet<ParsedConfig>): Map<string, Location> {
  const out = new Map<string, Location>();
  const put = (key: string, l: Location) => {
    if (!out.has(key)) out.set(key, l);
  };
  for (const m of cluster.directors) {
    if (only && !only.has(m.config)) continue;
    for (const vs of m.virtualServers) for (const s of serviceAddresses(vs, m)) put(s.vip, addressLocation(s.at));
    for (const inst of m.instances) for (const v of [...inst.vips, ...inst.excludedVips]) put(v.address.key, addressLocation(v.address));
    for (const a of m.staticAddresses ?? []) put(a.address.key, addressLocation(a.address));
  }
  for (const f of cluster.directorFiles) {
    if (only && ![...(nearestCluster(f.file, cluster.configs) ?? [])].some((c) => only.has(c))) continue;
    for (const a of f.addresses) if (a.phase === 'setup' && !isLoopbackAddress(a.address)) put(a.address, a.addressToken.loc);
  }
  return out;
}

/** The DR/TUN services of a set of hosts with `vip`, each once. */
export function servicesFor(hosts: readonly RealServerHost[], vip: string): ServiceAddress[] {
  const out: ServiceAddress[] = [];
  for (const h of hosts) for (const s of h.services) if (s.vip === vip && !out.includes(s)) out.push(s);
  return out;
}

/** Every DR/TUN service VIP of a set of hosts. */
export function serviceVips(hosts: readonly RealServerHost[]): Set<string> {
  const out = new Set<string>();
  for (const h of hosts) for (const s of h.services) out.add(s.vip);
  return out;
}

/** `192.0.2.21, 192.0.2.22` (at most four, then "and N more"). */
export function hostList(hosts: readonly RealServerHost[]): string {
  const names = hosts.map((h) => h.address);
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** "real server 192.0.2.21" / "real servers 192.0.2.21, 192.0.2.22". */
export function hostsPhrase(hosts: readonly RealServerHost[]): string {
  return `real server${hosts.length > 1 ? 's' : ''} ${hostList(hosts)}`;
}

/** Where a keepalived address is written, as a related location. */
export function addressLocation(a: Address): Location {
  return { file: a.word.file, range: a.word.range };
}

/** A short name of a virtual server service: `192.0.2.10 TCP 80`. */
export function serviceName(s: ServiceAddress): string {
  return `${s.vip} ${s.protocol.toUpperCase()}${s.port !== undefined ? ` ${s.port}` : ''}`;
}

/** The lines of a real-server file's text. */
function lines(f: SnippetFile): string[] {
  return f.text.split(/\r\n|\r|\n/);
}

/** The text on screen at a location of `f` (`$VIP` for a token that came from a variable). */
export function screenText(f: SnippetFile, l: Location): string {
  const ls = lines(f);
  const { start, end } = l.range;
  if (start.line === end.line) return (ls[start.line] ?? '').slice(start.character, end.character);
  const parts = [(ls[start.line] ?? '').slice(start.character)];
  for (let i = start.line + 1; i < end.line; i++) parts.push(ls[i] ?? '');
  parts.push((ls[end.line] ?? '').slice(0, end.character));
  return parts.join('\n');
}

/** The indentation of a line of `f`. */
export function indentOf(f: SnippetFile, line: number): string {
  return /^[ \t]*/.exec(lines(f)[line] ?? '')![0];
}

/** An edit inserting `content` as new lines after the line where `l` ends (same indentation as `l`'s first line). */
export function insertLinesAfter(f: SnippetFile, l: Location, content: string[]): TextEdit {
  const ls = lines(f);
  const line = l.range.end.line;
  const indent = indentOf(f, l.range.start.line);
  const eol = f.text.includes('\r\n') ? '\r\n' : '\n';
  const atEnd = line >= ls.length - 1;
  const endChar = (ls[line] ?? '').length;
  if (atEnd) return { file: f.file, range: { start: { line, character: endChar }, end: { line, character: endChar } }, newText: content.map((c) => eol + indent + c).join('') };
  return { file: f.file, range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, newText: content.map((c) => indent + c + eol).join('') };
}

/** An edit inserting `content` as new lines before the line where `l` starts. */
export function insertLinesBefore(f: SnippetFile, l: Location, content: string[]): TextEdit {
  const line = l.range.start.line;
  const indent = indentOf(f, line);
  const eol = f.text.includes('\r\n') ? '\r\n' : '\n';
  return { file: f.file, range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: content.map((c) => indent + c + eol).join('') };
}

/** The file of the workspace a fact belongs to. */
export function fileOf(files: readonly SnippetFile[], l: Location): SnippetFile | undefined {
  return files.find((f) => f.file === l.file);
}

/** The command word that starts the statement at `l` (`arptables`, `/sbin/iptables`), for lines the fix adds next to it. */
export function commandWord(f: SnippetFile, l: Location, fallback: string): string {
  const first = /^[ \t]*(?:sudo\s+)?(\S+)/.exec(lines(f)[l.range.start.line] ?? '');
  const w = first?.[1];
  return w && /(^|\/)(arptables|iptables|ip6tables|firewall-cmd)(-legacy|-nft)?$/.test(w) ? w : fallback;
}

/**
 * Findings on facts of files shared by several profile groups (a script shared by real servers that also have
 * files of their own) are reported once per location, naming every real server: `add` collects the hosts per
 * location, `flush` builds each report once with all of them.
 */
export class PerLocation<T> {
  private readonly items = new Map<string, { hosts: RealServerHost[]; data: T }>();
  /** `extra` tells apart several findings at one location (the missing services next to one rule). */
  add(l: Location, hosts: readonly RealServerHost[], data: T, extra = ''): void {
    const k = `${l.file}\0${l.range.start.line}\0${l.range.start.character}\0${l.range.end.line}\0${l.range.end.character}\0${extra}`;
    const cur = this.items.get(k);
    if (!cur) this.items.set(k, { hosts: [...hosts], data });
    else for (const h of hosts) if (!cur.hosts.includes(h)) cur.hosts.push(h);
  }
  flush(emit: (data: T, hosts: RealServerHost[]) => void): void {
    for (const { data, hosts } of this.items.values()) emit(data, hosts);
  }
}

/** The subnet of an address and prefix (`192.0.2.0/24`). */
export function subnetText(address: string, prefix: number): string {
  try {
    return `${ipaddr.parseCIDR(`${address}/${prefix}`) && (ipaddr.IPv4.isValid(address) ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`)).toString()}/${prefix}`;
  } catch {
    return `${address}/${prefix}`;
  }
}

/**
 * The highest value an ARP sysctl (`arp_ignore`, `arp_announce`) takes on an ARP-facing interface of the profile:
 * max(all, iface) for every interface the files name (lo and default excepted), else `all` alone.
 */
export function arpSysctl(profile: HostProfile, name: 'arp_ignore' | 'arp_announce'): number {
  let best = effectiveConf(profile, 'all', name).value ?? 0;
  for (const s of profile.sysctls) {
    const i = s.conf?.iface;
    if (!i || s.conf!.name !== name || s.conf!.family !== 4 || i === 'all' || i === 'default' || i === '*' || isHiddenDevice(i)) continue;
    best = Math.max(best, effectiveConf(profile, i, name).value ?? 0);
  }
  return best;
}

/**
 * The keepalived configs nearest to a file in the folder tree, or undefined when that is ambiguous: the nearest
 * configs sit in different subfolders of the folder they share with the file (a workspace of unrelated clusters).
 */
export function nearestCluster(file: string, configs: readonly ParsedConfig[]): Set<ParsedConfig> | undefined {
  const near = nearestConfigs(file, configs);
  const d = file.split('/').slice(0, -1);
  const branches = new Set<string>();
  for (const c of near) {
    const cd = c.root.split('/').slice(0, -1);
    let n = 0;
    while (n < d.length && n < cd.length && d[n] === cd[n]) n++;
    branches.add(cd[n] ?? '');
  }
  return branches.size <= 1 ? near : undefined;
}
