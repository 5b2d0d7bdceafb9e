import type { Rule } from '../lint/rule';
import type { Fix, Location, RelatedInfo } from '../types';
import { clusterOf, profileGroups, type ServiceAddress } from '../cluster/hosts';
import type { AddressAssignment, IptRule, SnippetFile } from '../realserver/types';
import {
  PerLocation, addressKey, addressLocation, fileOf, hostsPhrase, insertLinesAfter, isPreroutingRedirect, isRedirect, redirectCovers,
  screenText, serviceName,
} from '../cluster/dr';
import { fix } from './util';

type Finding =
  | { kind: 'place'; rule: IptRule; file?: SnippetFile }
  | { kind: 'protocol'; rule: IptRule; service: ServiceAddress; file?: SnippetFile }
  | { kind: 'missing'; rule: IptRule; service: ServiceAddress; file?: SnippetFile }
  | { kind: 'local'; address: AddressAssignment; rule: IptRule };

/** A REDIRECT rule for `s` in the style of `like`. */
function redirectLine(file: SnippetFile, like: IptRule, s: ServiceAddress): string | undefined {
  const dest = like.destination && addressKey(like.destination.text) === s.vip ? screenText(file, like.destination.loc) : s.vip;
  const match = `-p ${s.protocol} -d ${dest} --dport ${s.port}`;
  if (like.via === 'save-file') return `-A PREROUTING -d ${dest}${dest.includes('/') ? '' : s.family === 4 ? '/32' : '/128'} -p ${s.protocol} -m ${s.protocol} --dport ${s.port} -j REDIRECT`;
  if (like.via === 'firewall-cmd') return `firewall-cmd ${like.permanent ? '--permanent ' : ''}--direct --add-rule ipv${s.family} nat PREROUTING 0 ${match} -j REDIRECT`;
  const first = /^[ \t]*(?:sudo\s+)?(\S+)/.exec(file.text.split(/\r\n|\r|\n/)[like.loc.range.start.line] ?? '')?.[1];
  const cmd = first && /(^|\/)ip6?tables(-legacy|-nft)?$/.test(first) ? first : s.family === 4 ? 'iptables' : 'ip6tables';
  return `${cmd} -t nat -A PREROUTING ${match} -j REDIRECT`;
}

/** The `-A`/`-I`/`--append`/`--insert` flag before the chain of a command (to put `-t nat ` in front of it). */
function opFlag(file: SnippetFile, r: IptRule): Location | undefined {
  if (!r.chain || r.chain.fromVariable) return undefined;
  const line = file.text.split(/\r\n|\r|\n/)[r.chain.loc.range.start.line] ?? '';
  const before = line.slice(0, r.chain.loc.range.start.character);
  const m = /(-A|-I|--append|--insert)(\s+|=)$/.exec(before);
  if (!m) return undefined;
  const start = before.length - m[0].length;
  const p = { line: r.chain.loc.range.start.line, character: start };
  return { file: file.file, range: { start: p, end: p } };
}

export const rule: Rule = {
  id: 'iptables-redirect',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'The iptables REDIRECT method of a DR real server: a service of the director with no REDIRECT rule, a REDIRECT outside `-t nat` PREROUTING, a protocol other than the virtual server\'s, or the VIP configured on the host as well.',
    rationale:
      'Instead of owning the VIP, a DR real server can take the director\'s packets with one rule per VIP, port and protocol (Red Hat Load Balancer Administration §3.2.2 "Direct Routing and iptables"):\n\n' +
      '```\niptables -t nat -A PREROUTING -p tcp -d VIP --dport 80 -j REDIRECT\n```\n\n' +
      'The VIP is then not local at all, so there is nothing to hide from ARP. This only works when:\n\n' +
      '- every (VIP, port, protocol) the director sends to the server has a rule: the server drops the packets of a service without one (the VIP is not local). A `firewall-cmd --direct --add-rule ipv4 nat PREROUTING ...` rule counts.\n' +
      '- the rule is in table `nat`, chain `PREROUTING`: packets from the network traverse PREROUTING; `OUTPUT` sees only locally generated traffic, and iptables refuses REDIRECT outside the nat table.\n' +
      '- its protocol is the virtual server\'s: keepalived defaults to **UDP** when `protocol` is missing, so a TCP rule then matches nothing the director sends.\n' +
      '- the VIP is not also put on an interface of the server: the REDIRECT is then redundant, and a local VIP needs ARP hiding again (arp_ignore/arp_announce or arptables).\n\n' +
      'A real server is taken to use this method when its files add REDIRECT rules; services whose VIP is local on the host are served without one. Misplaced rules and a local VIP are reported in any real-server file; coverage and protocol need the director\'s virtual servers. `--to-ports` may legitimately change the port (REDIRECT is local NAT).\n\n' +
      'Fixes: add the missing rule after an existing one, put `-t nat` in the command, or use the virtual server\'s protocol.',
    invalid:
      '# keepalived.conf (director)\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n    }\n}\nvirtual_server 192.0.2.10 443 {\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 443 {\n    }\n}\n\n# realservers/192.0.2.21/redirect.sh\niptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT\nservice iptables save',
    valid:
      '# keepalived.conf (director): as above\n\n# realservers/192.0.2.21/redirect.sh\niptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT\niptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 443 -j REDIRECT\nservice iptables save',
  },
  checkWorkspace(ctx) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const found = new PerLocation<Finding>();
    for (const g of profileGroups(cluster)) {
      const redirects = g.profile.iptRules.filter(isRedirect);
      if (!redirects.length) continue;
      const good = redirects.filter(isPreroutingRedirect);
      for (const r of redirects) if (!isPreroutingRedirect(r)) found.add(r.loc, g.hosts, { kind: 'place', rule: r, file: fileOf(g.profile.files, r.loc) });
      // The VIP on the host as well (any device).
      for (const a of g.profile.addresses) {
        const r = good.find((x) => x.destination && addressKey(x.destination.text) === a.address);
        if (r) found.add(a.addressToken.loc, g.hosts, { kind: 'local', address: a, rule: r });
      }
      if (!g.hosts.length) continue;
      const local = new Set(g.profile.addresses.map((a) => a.address));
      for (const h of g.hosts) {
        for (const s of h.services) {
          if (s.port === undefined || local.has(s.vip)) continue;
          if (good.some((r) => redirectCovers(r, s))) continue;
          const wrongProto = good.find((r) => r.protocol && redirectCovers(r, s, true));
          if (wrongProto) {
            found.add(wrongProto.protocol!.loc, [h], { kind: 'protocol', rule: wrongProto, service: s, file: fileOf(g.profile.files, wrongProto.loc) }, `${s.vip}\0${s.port}\0${s.protocol}`);
            continue;
          }
          if (redirects.some((r) => redirectCovers(r, s))) continue; // misplaced: reported as such
          // Next to the last rule for the same VIP, else the last REDIRECT rule.
          const near = [...good].reverse().find((r) => r.destination && addressKey(r.destination.text) === s.vip) ?? good[good.length - 1] ?? redirects[redirects.length - 1];
          found.add(near.loc, [h], { kind: 'missing', rule: near, service: s, file: fileOf(g.profile.files, near.loc) }, `${s.vip}\0${s.port}\0${s.protocol}`);
        }
      }
    }
    // One report per (rule, service), naming every real server it concerns.
    found.flush((f, hosts) => {
      const who = hosts.length ? ` (${hostsPhrase(hosts)})` : '';
      if (f.kind === 'place') {
        const r = f.rule;
        const fixes: Fix[] = [];
        if (f.file && r.via === 'command' && r.table === 'filter' && !/\s(-t|--table)[\s=]/.test(f.file.text.split(/\r\n|\r|\n/)[r.loc.range.start.line] ?? '')) {
          const flag = opFlag(f.file, r);
          if (flag && r.chain?.text === 'PREROUTING') fixes.push(fix('Put the rule in the nat table (-t nat)', [{ file: flag.file, range: flag.range, newText: '-t nat ' }], true));
        }
        if (r.table === 'nat' && r.chain && r.chain.text === 'OUTPUT' && !r.chain.fromVariable) fixes.push(fix('Use the PREROUTING chain', [{ file: r.chain.loc.file, range: r.chain.loc.range, newText: 'PREROUTING' }]));
        ctx.report({
          at: r.loc,
          message: `REDIRECT in table ${r.table}, chain ${r.chain?.text ?? '?'}${who}: packets the director sends pass only the nat table's PREROUTING chain (${r.table !== 'nat' ? 'iptables accepts REDIRECT only in -t nat' : 'OUTPUT sees locally generated traffic only'}), so this rule never takes the VIP's traffic.`,
          fixes,
        });
        return;
      }
      if (f.kind === 'local') {
        ctx.report({
          at: f.address.addressToken.loc,
          message: `${f.address.address} is configured on ${f.address.label ?? f.address.device} although an iptables REDIRECT rule already takes its traffic${who}: the local VIP is redundant, and it makes the server answer ARP for the VIP again unless it is hidden.`,
          related: [{ location: f.rule.loc, message: 'the REDIRECT rule for this VIP' }],
        });
        return;
      }
      const s = f.service;
      const related: RelatedInfo[] = [{ location: addressLocation(s.at), message: `virtual server ${serviceName(s)} sends to ${hostsPhrase(hosts)} by DR` }];
      if (f.kind === 'protocol') {
        const p = f.rule.protocol!;
        const fixes: Fix[] = p.fromVariable ? [] : [fix(`Use ${s.protocol}`, [{ file: p.loc.file, range: p.loc.range, newText: s.protocol }], true)];
        const dflt = s.virtualServer.protocol ? '' : ' (no `protocol` in the virtual server: keepalived defaults to UDP)';
        ctx.report({
          at: p.loc,
          message: `This REDIRECT matches ${p.text} but virtual server ${serviceName(s)} is ${s.protocol.toUpperCase()}${dflt}${who}: the director's packets for it are dropped.`,
          related,
          fixes,
        });
        return;
      }
      const fixes: Fix[] = [];
      const line = f.file ? redirectLine(f.file, f.rule, s) : undefined;
      if (f.file && line) fixes.push(fix(`Add a REDIRECT rule for ${serviceName(s)}`, [insertLinesAfter(f.file, f.rule.loc, [line])], true));
      ctx.report({
        at: f.rule.loc,
        message: `No iptables REDIRECT rule for ${serviceName(s)}, which the director sends to ${hostsPhrase(hosts)} by DR; the VIP is not local there, so those packets are dropped.`,
        related,
        fixes,
      });
    });
  },
};
