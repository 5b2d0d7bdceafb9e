import type { Rule, Report } from '../lint/rule';
import type { Fix, Location, RelatedInfo, Severity } from '../types';
import { clusterOf, isHiddenDevice, profileGroups, type RealServerHost } from '../cluster/hosts';
import type { ArpRule, SnippetFile } from '../realserver/types';
import {
  PerLocation, addressKey, addressLocation, arpDropVip, arpMangle, arpSysctl, commandWord, fileOf, hostsPhrase, insertLinesAfter,
  insertLinesBefore, screenText, servedAddresses, serviceName, servicesFor,
} from '../cluster/dr';
import { fix } from './util';

type Finding =
  | { kind: 'no-mangle'; rule: ArpRule; vip: string; file?: SnippetFile }
  | { kind: 'no-drop'; rule: ArpRule; vip: string; file?: SnippetFile }
  | { kind: 'dest-form'; rule: ArpRule; vip: string; file?: SnippetFile }
  | { kind: 'mangle-vip'; rule: ArpRule; vip: string; file?: SnippetFile }
  | { kind: 'mangle-foreign'; rule: ArpRule; vip: string; file?: SnippetFile; known: string[]; severity: Severity; related: RelatedInfo[] };

/** The rule line to add, in the style of `like` (a command in a script, a line of an arptables-save file). */
function ruleLine(file: SnippetFile, like: ArpRule, chain: 'INPUT' | 'OUTPUT', rest: string): string {
  const jf = like.chain?.text === 'IN' || like.chain?.text === 'OUT';
  const name = jf ? (chain === 'INPUT' ? 'IN' : 'OUT') : chain;
  if (like.via === 'save-file') return `-A ${name} ${rest}`;
  return `${commandWord(file, like.loc, 'arptables')} -A ${name} ${rest}`;
}

/** The `-d` / `--destination-ip` flag written before the destination of `r` (to turn it into `-s`). */
function destinationFlag(file: SnippetFile, r: ArpRule): Location | undefined {
  const d = r.destination;
  if (!d) return undefined;
  const line = file.text.split(/\r\n|\r|\n/)[d.loc.range.start.line] ?? '';
  const before = line.slice(0, d.loc.range.start.character);
  const m = /(--destination-ip|--destination|--dst|-d)(\s+|=)$/.exec(before);
  if (!m) return undefined;
  const start = before.length - m[0].length;
  return { file: file.file, range: { start: { line: d.loc.range.start.line, character: start }, end: { line: d.loc.range.start.line, character: start + m[1].length } } };
}

/**
 * Whether a file of the profile writes an arptables rule of `chain` the parser could not read (a value from
 * `$(...)` or `$2`: the fact is skipped): then the pair may well be complete, and nothing is reported.
 */
function unreadRule(files: readonly SnippetFile[], chain: 'INPUT' | 'OUTPUT'): boolean {
  const re = chain === 'OUTPUT' ? /^[ \t]*[^#\n]*\barptables\s[^\n]*(-A|-I|--append|--insert)\s+OUT(PUT)?\b[^\n]*mangle/m : /^[ \t]*[^#\n]*\barptables\s[^\n]*(-A|-I|--append|--insert)\s+IN(PUT)?\b[^\n]*DROP/m;
  return files.some((f) => f.kind === 'shell' && re.test(f.text) && f.arpRules.every((r) => !(chain === 'OUTPUT' ? arpMangle(r) : arpDropVip(r))));
}

export const rule: Rule = {
  id: 'arptables-incomplete',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'suggestion',
  docs: {
    summary: 'arptables rules of a real server that do not hide the VIP: an INPUT drop without the OUTPUT mangle (or the reverse), an OUTPUT rule matching `-d VIP` instead of `-s VIP`, or `--mangle-ip-s` naming the VIP or an address that is not the real server\'s.',
    rationale:
      'The arptables method of LVS direct routing (Red Hat Load Balancer Administration §3.2.1) needs two rules per VIP on every real server:\n\n' +
      '```\narptables -A INPUT -d VIP -j DROP\narptables -A OUTPUT -s VIP -j mangle --mangle-ip-s RIP\n```\n\n' +
      'The first stops the server from answering "who-has VIP". The second rewrites the sender address of the ARP requests the server sends itself: without it, every reply to a client (source VIP) triggers an ARP request for the gateway with the VIP as sender, and the neighbours\' caches re-point the VIP to the real server\'s MAC. The OUTPUT rule must match the **sender** (`-s VIP`); the `-d VIP` text of the RHEL 4.5/5.2 guide matches requests *for* the VIP, which the server never sends. `--mangle-ip-s` must be the real server\'s own address: the VIP puts it back where it was, and another host\'s address poisons caches with a wrong mapping.\n\n' +
      'The sysctl method may do one half of the work: with `arp_announce = 2` (all or the interface) the kernel already picks the real address as ARP sender, so an INPUT drop alone is enough; with `arp_ignore >= 1` and the VIP on `lo`, a dummy or a tunnel device, an OUTPUT mangle alone is enough. Those are not reported. ' +
      'Incomplete pairs are reported in any real-server file (no director needed); `--mangle-ip-s` is compared with the real server\'s address when the director says which real server the file describes. arptables_jf\'s `IN`/`OUT` chain names count as INPUT/OUTPUT here (see `arptables-jf-chains`).\n\n' +
      'Fixes: add the missing rule next to the other one (the OUTPUT rule when the real server\'s address is known), write `-s` for `-d`, or use the real server\'s address in `--mangle-ip-s`.',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n    }\n}\n\n# realservers/192.0.2.21/arp.sh\narptables -A INPUT -d 192.0.2.10 -j DROP\nip addr add 192.0.2.10/32 dev eth0',
    valid:
      '# keepalived.conf (director): as above\n\n# realservers/192.0.2.21/arp.sh\narptables -A INPUT -d 192.0.2.10 -j DROP\narptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21\nip addr add 192.0.2.10/32 dev eth0\nservice arptables_jf save',
  },
  checkWorkspace(ctx) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const served = servedAddresses(cluster);
    const found = new PerLocation<Finding>();
    for (const g of profileGroups(cluster)) {
      const rules = g.profile.arpRules;
      if (!rules.length) continue;
      const drops = new Map<string, ArpRule>();
      const mangles: { rule: ArpRule; vip: string; by: 'source' | 'destination' }[] = [];
      for (const r of rules) {
        const d = arpDropVip(r);
        if (d && !drops.has(d)) drops.set(d, r);
        const m = arpMangle(r);
        if (m) mangles.push({ rule: r, ...m });
      }
      const hidden = new Set([...drops.keys(), ...mangles.map((m) => m.vip)]);
      // Addresses of the host: its real-server address, and the addresses its files put on ARP-facing interfaces.
      const own = new Set<string>(g.hosts.map((h) => h.address));
      for (const a of g.profile.addresses) if (!hidden.has(a.address) && !isHiddenDevice(a.device)) own.add(a.address);
      // The sysctl method may do one half: arp_announce=2 picks the real address as ARP sender (no mangle needed);
      // arp_ignore=1 with the VIP on lo/dummy/tunl leaves no reply to drop.
      const announces = arpSysctl(g.profile, 'arp_announce') >= 2;
      const ignores = arpSysctl(g.profile, 'arp_ignore') >= 1;
      const onHidden = new Set(g.profile.addresses.filter((a) => isHiddenDevice(a.device)).map((a) => a.address));
      const onArp = new Set(g.profile.addresses.filter((a) => !isHiddenDevice(a.device)).map((a) => a.address));
      for (const [vip, r] of drops) {
        if (announces) continue;
        if (!mangles.some((m) => m.vip === vip) && !unreadRule(g.profile.files, 'OUTPUT')) found.add(r.loc, g.hosts, { kind: 'no-mangle', rule: r, vip, file: fileOf(g.profile.files, r.loc) });
      }
      for (const m of mangles) {
        const file = fileOf(g.profile.files, m.rule.loc);
        const sysctlHides = ignores && onHidden.has(m.vip) && !onArp.has(m.vip);
        if (!drops.has(m.vip) && !sysctlHides && !unreadRule(g.profile.files, 'INPUT')) found.add(m.rule.loc, g.hosts, { kind: 'no-drop', rule: m.rule, vip: m.vip, file });
        if (m.by === 'destination') found.add(m.rule.destination!.loc, g.hosts, { kind: 'dest-form', rule: m.rule, vip: m.vip, file });
        const s = addressKey(m.rule.mangleIpS!.text);
        if (!s) continue;
        if (hidden.has(s) || (served.has(s) && !cluster.hosts.has(s))) {
          found.add(m.rule.mangleIpS!.loc, g.hosts, { kind: 'mangle-vip', rule: m.rule, vip: s, file });
          continue;
        }
        if (g.hosts.length) {
          if (!own.has(s)) found.add(m.rule.mangleIpS!.loc, g.hosts, { kind: 'mangle-foreign', rule: m.rule, vip: m.vip, file, known: [...own], severity: 'error', related: [] });
          continue;
        }
        // A file of no real server: its --mangle-ip-s names a host that is no real server of the virtual servers for this VIP.
        const rs: RealServerHost[] = [...cluster.hosts.values()].filter((h) => h.services.some((x) => x.vip === m.vip));
        if (rs.length && !rs.some((h) => h.address === s)) {
          const related = servicesFor(rs, m.vip).map((x) => ({ location: addressLocation(x.at), message: `virtual server ${serviceName(x)}: ${hostsPhrase(rs.filter((h) => h.services.includes(x)))}` }));
          found.add(m.rule.mangleIpS!.loc, [], { kind: 'mangle-foreign', rule: m.rule, vip: m.vip, file, known: rs.map((h) => h.address), severity: 'warning', related });
        }
      }
    }
    found.flush((f, hosts) => {
      const who = hosts.length ? ` (${hostsPhrase(hosts)})` : '';
      const related: RelatedInfo[] = servicesFor(hosts, f.vip).map((s) => ({ location: addressLocation(s.at), message: `virtual server ${serviceName(s)}` }));
      const single = hosts.length === 1 ? hosts[0].address : undefined;
      const fixes: Fix[] = [];
      const file = f.file;
      const vipText = (tok: ArpRule['destination']) => (file && tok ? screenText(file, tok.loc) : f.vip);
      let r: Report;
      switch (f.kind) {
        case 'no-mangle':
          if (file && single) fixes.push(fix(`Add the OUTPUT rule that rewrites ${f.vip} as ARP sender to ${single}`, [insertLinesAfter(file, f.rule.loc, [ruleLine(file, f.rule, 'OUTPUT', `-s ${vipText(f.rule.destination)} -j mangle --mangle-ip-s ${single}`)])], true));
          r = { at: f.rule.loc, message: `arptables drops ARP requests for ${f.vip} but no OUTPUT rule rewrites ${f.vip} as the sender of the server's own ARP requests (\`-A OUTPUT -s ${f.vip} -j mangle --mangle-ip-s <real server address>\`)${who}: every reply from the VIP makes the server announce ${f.vip} with its own MAC.`, fixes, related };
          break;
        case 'no-drop': {
          const vipWord = vipText(addressKey(f.rule.source?.text) === f.vip ? f.rule.source : f.rule.destination);
          if (file) fixes.push(fix(`Add the INPUT rule that drops ARP requests for ${f.vip}`, [insertLinesBefore(file, f.rule.loc, [ruleLine(file, f.rule, 'INPUT', `-d ${vipWord} -j DROP`)])], true));
          r = { at: f.rule.loc, message: `No INPUT rule drops ARP requests for ${f.vip} (\`-A INPUT -d ${f.vip} -j DROP\`)${who}: the server still answers "who-has ${f.vip}" and takes the VIP's traffic from the director.`, fixes, related };
          break;
        }
        case 'dest-form': {
          const flag = file ? destinationFlag(file, f.rule) : undefined;
          if (flag) fixes.push(fix('Match the sender address (-s)', [{ file: flag.file, range: flag.range, newText: '-s' }], true));
          r = { at: f.rule.destination!.loc, message: `This OUTPUT mangle rule matches ARP packets whose target is ${f.vip} (\`-d\`); the server's own ARP requests carry the VIP as sender: match \`-s ${f.vip}\` (the -d form of the RHEL 4/5 guide never matches).`, fixes, related };
          break;
        }
        case 'mangle-vip':
          if (single && !f.rule.mangleIpS!.fromVariable) fixes.push(fix(`Use the real server's address ${single}`, [{ file: f.rule.mangleIpS!.loc.file, range: f.rule.mangleIpS!.loc.range, newText: single }], true));
          r = { at: f.rule.mangleIpS!.loc, message: `--mangle-ip-s ${f.vip} rewrites the ARP sender to a VIP${who}: it must be the real server's own address, or the neighbours still learn the VIP at this server's MAC.`, fixes, related };
          break;
        case 'mangle-foreign': {
          const s = f.rule.mangleIpS!;
          if (single && !s.fromVariable) fixes.push(fix(`Use the real server's address ${single}`, [{ file: s.loc.file, range: s.loc.range, newText: single }], true));
          const msg = hosts.length
            ? `--mangle-ip-s ${s.text} is not an address of ${hostsPhrase(hosts)} (known: ${f.known.join(', ')}): neighbours would map ${s.text} to this server's MAC.`
            : `--mangle-ip-s ${s.text} is no real server of the virtual servers for ${f.vip} (real servers: ${f.known.join(', ')}): a stale address, or the director config lost this server.`;
          r = { at: s.loc, message: msg, fixes, related: hosts.length ? related : f.related, severity: f.severity };
          break;
        }
      }
      ctx.report(r);
    });
  },
};
