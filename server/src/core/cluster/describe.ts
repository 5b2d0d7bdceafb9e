/**
 * What the editor says when hovering a real-server file: which real server(s) the file describes and why (the
 * matching rules of hosts.ts), and for a sysctl setting, the value the kernel ends up using on that host; for an
 * address, which virtual services use it; for an address of a director config (`describeAddress`), where the cluster
 * uses it and how each real server hides it from ARP (`arpHidingOf`, shared with the code lens). Markdown,
 * editor-agnostic (the LSP layer wraps it).
 */
import type { Diagnostic, Location, Position, Range } from '../types';
import type { SnippetFile, SysctlSetting, Token } from '../realserver/types';
import { effectiveConf, lastKey, serviceAddresses, type FileMatch, type LvsCluster, type RealServerHost } from './hosts';
import { arpInterfaces, otherArpMethod } from './arp-hiding';
import { effectiveMethod } from '../model/lvs';
import type { VirtualServer } from '../model/index';
import { sysctlDocOf, sysctlMarkdown } from '../editor/sysctl-docs';

function inside(p: Position, r: Range): boolean {
  return (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));
}

/** One sentence: which real servers a file describes, and by which matching rule. */
export function describeMatch(m: FileMatch | undefined, cluster: LvsCluster): string {
  if (!cluster.hosts.size) return 'No director config in the workspace names a real server: this file is checked on its own.';
  if (!m) return 'This file is not part of the cluster model.';
  const list = (hs: RealServerHost[]): string => hs.map((h) => `\`${h.address}\``).join(', ');
  switch (m.reason) {
    case 'path':
      return `This file describes real server ${list(m.hosts)}: its address is in the file's path.`;
    case 'own-address':
      return `This file describes real server ${list(m.hosts)}: the file names it as its own address.`;
    case 'director':
      return 'This file belongs to a director (it runs `ipvsadm`, or sits under a director folder): it describes no real server.';
    case 'foreign':
      return `This file names \`${m.address}\`, which is no real server of the directors in the workspace: it is checked on its own.`;
    case 'shared':
      return m.hosts.length
        ? `This file names no real server, so it describes every real server of the nearest directors: ${list(m.hosts)}.`
        : 'This file names no real server and the nearest directors have none: it is checked on its own.';
  }
}

const MAX_NAMES = new Set(['arp_ignore', 'arp_announce', 'rp_filter']);

function sysctlHover(s: SysctlSetting, hosts: RealServerHost[]): string {
  const lines = [`\`${s.key}\` = \`${s.valueToken.text}\`${s.persistence === 'runtime' ? ' (runtime: lost at reboot unless this runs at boot)' : ''}`];
  const doc = sysctlDocOf(s.key);
  if (doc) {
    const meaning = doc.doc.values.find((v) => v.value === String(s.numeric ?? s.valueToken.text));
    if (meaning) lines[0] += `: ${meaning.meaning}`;
    lines.push('', sysctlMarkdown(doc.doc));
  }
  if (s.conf && MAX_NAMES.has(s.conf.name)) {
    if (!doc) lines.push('', `The kernel uses the **maximum** of \`conf/all/${s.conf.name}\` and \`conf/<interface>/${s.conf.name}\` on each interface (kernel ip-sysctl); \`conf/default\` only seeds interfaces created later.`);
    if (hosts.length) lines.push('', 'Effective value:');
    for (const h of hosts.slice(0, 8)) {
      const own = s.conf.iface === 'all' || s.conf.iface === 'default' || s.conf.iface === '*' ? undefined : s.conf.iface;
      // The interfaces ARP requests arrive on (the NIC), else eth0 as the usual name.
      const nics = own ? [own] : arpInterfaces(h.profile).slice(0, 3);
      for (const iface of nics.length ? nics : ['eth0']) {
        const e = effectiveConf(h.profile, iface, s.conf.name, s.conf.family);
        lines.push(`- real server \`${h.address}\`, \`${iface}\`: ${e.value === undefined ? 'not set (kernel default 0)' : `**${e.value}**`} (all: ${e.all?.valueToken.text ?? 'unset'}, ${iface}: ${e.iface?.valueToken.text ?? 'unset'})`);
      }
    }
  } else if (!s.conf && hosts.length) {
    lines.push('', 'Effective value:');
    for (const h of hosts.slice(0, 8)) {
      const last = lastKey(h.profile, s.key);
      lines.push(`- real server \`${h.address}\`: ${last ? `**${last.valueToken.text}** (${where(last.loc)})` : 'not set'}`);
    }
  }
  return lines.join('\n');
}

/** `sysctl.conf:12`. */
function where(l: Location): string {
  return `${l.file.slice(l.file.lastIndexOf('/') + 1)}:${l.range.start.line + 1}`;
}

/** Rules whose findings on a real server's files mean its VIPs are not (reliably) hidden from ARP. */
export const ARP_HIDING_RULES: ReadonlySet<string> = new Set(['arp-not-hidden', 'arp-sysctl-ineffective', 'vip-on-arp-interface', 'arptables-incomplete']);

/**
 * The ARP-hiding findings that concern `host`: in one of its files, from an ARP-hiding rule, at warning or error, and
 * naming it (the message names up to five real servers, the related locations the `real_server` lines); a finding
 * naming "N more" real servers counts for every host of its file.
 */
export function arpFindingsFor(host: RealServerHost, findings: (file: string) => readonly Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const addr = new RegExp(`(^|[^\\w.:])${host.address.replace(/[.]/g, '\\.')}(?![\\w.:])`);
  const own = new Set(host.entries.map((e) => e.address && `${e.address.word.file}:${e.address.word.range.start.line}:${e.address.word.range.start.character}`));
  for (const f of host.files) {
    for (const d of findings(f.file)) {
      if (!ARP_HIDING_RULES.has(d.code) || (d.severity !== 'error' && d.severity !== 'warning')) continue;
      const named = addr.test(d.message) || (d.related ?? []).some((r) => own.has(`${r.location.file}:${r.location.range.start.line}:${r.location.range.start.character}`));
      const truncated = /\band \d+ more\b/.test(d.message);
      const namesAny = /\breal servers? \d/.test(d.message);
      if (named || truncated || !namesAny) out.push(d);
    }
  }
  return out;
}

export interface ArpHiding {
  /** true: hidden; false: the host answers ARP for its VIPs; undefined: no file describes the host. */
  hidden?: boolean;
  /** One line: how (or why not). */
  summary: string;
}

const okIgnore = (v: number | undefined): boolean => v === 1 || v === 2 || v === 8;

/**
 * How a DR/TUN real server keeps its VIPs from ARP, from its files (cluster model): an arptables drop, an iptables
 * REDIRECT, or arp_ignore/arp_announce on the interfaces ARP requests arrive on. With `findings` (the workspace's
 * diagnostics per file), the ARP-hiding rules' findings decide, so that hover and code lens agree with the
 * Problems panel.
 */
export function arpHidingOf(host: RealServerHost, findings?: (file: string) => readonly Diagnostic[]): ArpHiding {
  if (!host.files.length) return { summary: 'no real-server file in the workspace describes it' };
  const p = host.profile;
  const other = otherArpMethod(p);
  const found = findings ? arpFindingsFor(host, findings) : [];
  let summary: string;
  let ok: boolean;
  if (other) {
    const rule = 'chain' in other && (other.chain?.text.toUpperCase() === 'INPUT' || other.chain?.text.toUpperCase() === 'IN') && !('table' in other) ? 'arptables drops ARP requests for the VIP' : 'iptables REDIRECT (no VIP on the host)';
    summary = `${rule} (${where(other.loc)})`;
    ok = true;
  } else {
    const ifaces = arpInterfaces(p);
    const check = ifaces.length ? ifaces : ['all'];
    const parts: string[] = [];
    ok = true;
    for (const iface of check) {
      const ig = effectiveConf(p, iface, 'arp_ignore').value;
      const an = effectiveConf(p, iface, 'arp_announce').value;
      if (!okIgnore(ig) || an !== 2) ok = false;
      parts.push(`arp_ignore ${ig ?? 'unset'}, arp_announce ${an ?? 'unset'} on ${iface === 'all' ? '`all`' : `\`${iface}\` (max of all and ${iface})`}`);
    }
    summary = parts.join('; ');
  }
  if (findings) {
    if (found.length) return { hidden: false, summary: `${summary}: ${found[0].code} (${where({ file: found[0].file, range: found[0].range })})` };
    return { hidden: true, summary };
  }
  return { hidden: ok, summary };
}

/** `virtual_server 192.0.2.10 80` as written. */
export function vsHead(vs: VirtualServer): string {
  return [vs.statement.keyword, ...vs.statement.args].map((w) => w.text).join(' ');
}

/** Where an address of a director config is used across the cluster, and how each real server hides it from ARP. */
export function describeAddress(cluster: LvsCluster, key: string, findings?: (file: string) => readonly Diagnostic[]): string | undefined {
  // A file included by several roots (conf.d/*.conf of a master and a backup) is listed once.
  const lines: string[] = [];
  const seen = new Set<string>();
  const push = (l: string): void => {
    if (!seen.has(l)) lines.push(l);
    seen.add(l);
  };
  const at = (w: { file: string; range: Range }): string => where({ file: w.file, range: w.range });
  for (const m of cluster.directors) {
    for (const inst of m.instances) {
      for (const v of [...inst.vips, ...inst.excludedVips]) {
        if (v.address.key !== key) continue;
        const dev = v.dev?.text ?? inst.interface?.text;
        push(`- ${v.excluded ? 'excluded VIP' : 'VIP'} of \`vrrp_instance ${inst.name}\` (${at(v.address.word)})${dev ? `, on \`${dev}\`` : ''}${inst.vrid ? `, VRID ${inst.vrid.value}` : ''}${inst.state ? `, ${inst.state.text}` : ''}${inst.priority ? ` priority ${inst.priority.value}` : ''}`);
      }
    }
    for (const a of m.staticAddresses) if (a.address.key === key) push(`- static address (${at(a.address.word)})${a.dev ? ` on \`${a.dev.text}\`` : ''}`);
    for (const vs of m.virtualServers) {
      const svc = serviceAddresses(vs, m).some((x) => x.vip === key);
      if (svc) push(`- \`${vsHead(vs)}\` (${at(vs.statement.keyword)}): ${vs.lbKind?.text ?? 'NAT (default)'}, ${vs.lbAlgo?.text ?? 'wlc (default)'}, ${vs.realServers.length} real server${vs.realServers.length === 1 ? '' : 's'}`);
      for (const rs of vs.realServers) if (rs.address?.key === key) push(`- real server of \`${vsHead(vs)}\` (${at(rs.address.word)}), ${effectiveMethod(rs)}`);
      if (vs.sorryServer?.address?.key === key) push(`- sorry server of \`${vsHead(vs)}\``);
    }
  }
  const host = cluster.hosts.get(key);
  const servers = [...cluster.hosts.values()].filter((h) => h.services.some((s) => s.vip === key));
  if (!lines.length && !host && !servers.length) return undefined;
  const out = [`**${key}**`, '', ...lines.slice(0, 16)];
  if (lines.length > 16) out.push(`- … ${lines.length - 16} more`);
  if (servers.length) {
    out.push('', `Real servers that hold it (DR/TUN) and how they hide it from ARP:`);
    for (const h of servers.slice(0, 12)) {
      const a = arpHidingOf(h, findings);
      const onHost = h.profile.addresses.find((x) => x.address === key);
      const mark = a.hidden === undefined ? '?' : a.hidden ? '✓' : '✗';
      out.push(`- ${mark} \`${h.address}\`${h.tunnel ? ' (TUN)' : ''}: ${a.summary}${onHost ? `; VIP on \`${onHost.device}\`/${onHost.prefix} (${where(onHost.loc)})` : ''}`);
    }
    if (servers.length > 12) out.push(`- … ${servers.length - 12} more`);
  }
  if (host) {
    const files = host.files.map((f) => `\`${f.file.slice(f.file.lastIndexOf('/') + 1)}\``);
    out.push('', `Real server: ${files.length ? `described by ${files.slice(0, 6).join(', ')}${files.length > 6 ? ', …' : ''}` : 'no real-server file in the workspace describes it'}.`);
    if (host.direct.length) out.push(`ARP hiding: ${arpHidingOf(host, findings).summary}.`);
  }
  return out.join('\n');
}

function addressHover(t: Token, cluster: LvsCluster): string | undefined {
  const uses: string[] = [];
  for (const h of cluster.hosts.values()) {
    for (const s of h.services) {
      if (s.vip !== t.text) continue;
      const label = `${s.vip}:${s.port ?? '*'}/${s.protocol}`;
      const line = `- \`${label}\` (virtual server in ${s.virtualServer.statement.keyword.file.split('/').pop()}:${s.virtualServer.statement.keyword.range.start.line + 1}) → real server \`${h.address}\``;
      if (!uses.includes(line)) uses.push(line);
    }
  }
  const isVip = cluster.directorAddresses.has(t.text);
  if (!uses.length && !isVip) return cluster.hosts.has(t.text) ? `\`${t.text}\` is a real server of the directors.` : undefined;
  return [`\`${t.text}\` is ${isVip ? 'a VIP of the directors' : 'a virtual service address'}.`, ...(uses.length ? ['', 'Direct-routing services on it:', ...uses.slice(0, 12)] : [])].join('\n');
}

/** Hover text at `pos` in a real-server file, or undefined. */
export function describeSnippetAt(cluster: LvsCluster, snippet: SnippetFile, pos: Position): { range: Range; markdown: string } | undefined {
  const m = cluster.matches.get(snippet.file);
  const hosts = m?.hosts ?? [];
  const match = describeMatch(m, cluster);
  for (const s of snippet.sysctls) {
    if (inside(pos, s.keyToken.loc.range) || inside(pos, s.valueToken.loc.range)) return { range: s.keyToken.loc.range, markdown: `${sysctlHover(s, hosts)}\n\n${match}` };
  }
  for (const a of snippet.addresses) {
    if (inside(pos, a.addressToken.loc.range)) {
      const text = addressHover(a.addressToken, cluster) ?? `\`${a.address}/${a.prefix}\` on \`${a.device}\``;
      return { range: a.addressToken.loc.range, markdown: `${text}\n\n${match}` };
    }
  }
  for (const r of [...snippet.arpRules, ...snippet.iptRules]) {
    for (const t of [r.destination, 'source' in r ? r.source : undefined, 'mangleIpS' in r ? r.mangleIpS : undefined]) {
      if (!t || !inside(pos, t.loc.range)) continue;
      const text = addressHover({ ...t, text: t.text.replace(/\/(32|128)$/, '') }, cluster);
      if (text) return { range: t.loc.range, markdown: `${text}\n\n${match}` };
    }
  }
  if (pos.line === 0) return { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, markdown: match };
  return undefined;
}
