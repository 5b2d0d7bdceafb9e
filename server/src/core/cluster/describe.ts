/**
 * What the editor says when hovering a real-server file: which real server(s) the file describes and why (the
 * matching rules of hosts.ts), and for a sysctl setting, the value the kernel ends up using on that host; for an
 * address, which virtual services use it. Markdown, editor-agnostic (the LSP layer wraps it).
 */
import type { Position, Range } from '../types';
import type { SnippetFile, SysctlSetting, Token } from '../realserver/types';
import { effectiveConf, type FileMatch, type LvsCluster, type RealServerHost } from './hosts';

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
  if (s.conf && MAX_NAMES.has(s.conf.name)) {
    lines.push(
      '',
      `The kernel uses the **maximum** of \`conf/all/${s.conf.name}\` and \`conf/<interface>/${s.conf.name}\` on each interface (kernel ip-sysctl); \`conf/default\` only seeds interfaces created later.`,
    );
    for (const h of hosts.slice(0, 8)) {
      const iface = s.conf.iface === 'all' || s.conf.iface === 'default' || s.conf.iface === '*' ? 'eth0' : s.conf.iface;
      const e = effectiveConf(h.profile, iface, s.conf.name, s.conf.family);
      lines.push(`- real server \`${h.address}\`, \`${iface}\`: ${e.value === undefined ? 'not set (kernel default 0)' : `**${e.value}**`} (all: ${e.all?.valueToken.text ?? 'unset'}, ${iface}: ${e.iface?.valueToken.text ?? 'unset'})`);
    }
  }
  return lines.join('\n');
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
