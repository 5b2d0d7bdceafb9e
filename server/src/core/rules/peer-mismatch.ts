import type { Rule, WorkspaceContext } from '../lint/rule';
import type { RelatedInfo } from '../types';
import type { Word } from '../keepalived/ast';
import { anchor, describe, disagreements, statementOf, topologyOf, type Member } from '../cluster/peers';

interface Aspect {
  /** What is compared, for the message. */
  what: string;
  /** Only members for which this holds take part (e.g. VRRPv2 only). */
  applies?: (m: Member) => boolean;
  value: (m: Member) => string;
  /** How a member's value reads in a message (`all`: the members compared). */
  show: (m: Member, all: Member[]) => string;
  at: (m: Member) => Word;
  why: (m: Member) => string;
}

const authOf = (m: Member): string => {
  const t = m.instance.authType?.text;
  if (!t) return 'none';
  return `${t}\0${(m.instance.authPass?.text ?? '').slice(0, 8)}`;
};

const transportOf = (m: Member): string => (m.group !== undefined ? `multicast ${m.group}` : 'unicast');

const ASPECTS: Aspect[] = [
  {
    what: 'VIPs',
    // An instance without VIPs is reported by no-vip; its peers' lists are not compared with nothing.
    applies: (m) => m.vips.length > 0,
    value: (m) => m.vips.join(' '),
    show: (m) => (m.vips.length ? m.vips.join(', ') : 'none'),
    at: (m) => anchor(m, statementOf(m, 'virtual_ipaddress')?.keyword),
    why: (m) =>
      `keepalived checks the VIPs of every advert against its own list and drops adverts that differ ("expected N VIPs but received M", "ip address associated with VRID ${m.vrid} not present in MASTER advert"): the backup stops hearing the master, takes over, and both hold VIPs. Use the same \`virtual_ipaddress\` list on every node.`,
  },
  {
    what: 'VRRP version',
    value: (m) => String(m.version),
    show: (m) => String(m.version),
    at: (m) => anchor(m, m.instance.version?.word),
    why: () =>
      'VRRPv2 and VRRPv3 adverts are different packets: each node drops the other\'s ("wrong version"), so both become MASTER. Set the same `version` (or global `vrrp_version`) on every node.',
  },
  {
    what: 'advert_int',
    applies: (m) => m.version === 2,
    value: (m) => String(m.advertInt),
    show: (m) => `${m.advertInt}${m.instance.advertInt ? '' : ' (default)'}`,
    at: (m) => anchor(m, m.instance.advertInt?.word),
    why: () =>
      'with VRRPv2 keepalived drops adverts whose interval differs from its own ("advertisement interval mismatch", vrrp.c: to prevent a second master) — so each node ignores the other and both become MASTER. Use the same `advert_int` on every node.',
  },
  {
    what: 'authentication',
    applies: (m) => m.version === 2,
    value: authOf,
    // Passwords are not repeated in messages (they end up in CI logs): the distinct ones are named A, B, ...
    show: (m, all) => {
      const t = m.instance.authType?.text;
      if (!t) return 'none';
      const pass = (x: Member): string | undefined => x.instance.authPass?.text.slice(0, 8);
      const distinct = [...new Set(all.filter((x) => x.instance.authType && pass(x) !== undefined).map(pass))];
      const p = pass(m);
      return p === undefined ? `${t} without auth_pass` : distinct.length > 1 ? `${t} with password ${String.fromCharCode(65 + distinct.indexOf(p))}` : t;
    },
    at: (m) => anchor(m, m.instance.authPass, m.instance.authType, m.instance.authentication?.keyword),
    why: () =>
      'VRRPv2 nodes drop adverts whose authentication differs ("received an invalid passwd", "auth type mismatch"; only the first 8 characters of `auth_pass` count): each ignores the other and both become MASTER. Use the same `auth_type` and `auth_pass` on every node.',
  },
  {
    what: 'advert transport',
    value: transportOf,
    show: (m) => transportOf(m),
    at: (m) => anchor(m, m.instance.unicastPeerBlock?.keyword, m.instance.mcastDstIp?.word),
    why: () =>
      'adverts sent by multicast never reach a node that listens for unicast, nor one that joined another group: the nodes never hear each other and both become MASTER. Use the same `mcast_dst_ip`, or `unicast_peer` lists on every node.',
  },
];

function related(others: Member[], aspect: Aspect, all: Member[]): RelatedInfo[] {
  return others.map((o) => ({ location: { file: aspect.at(o).file, range: aspect.at(o).range }, message: `${describe(o)}: ${aspect.what} ${aspect.show(o, all)}` }));
}

function check(ctx: WorkspaceContext): void {
  const t = topologyOf(ctx.configs);
  for (const c of t.clusters) {
    if (new Set(c.members.map((m) => m.node)).size < 2) continue;
    const seen = new Set<string>();
    const report = (m: Member, at: Word, message: string, rel: RelatedInfo[]): void => {
      const key = `${at.file}\0${at.range.start.line}\0${at.range.start.character}\0${message}`;
      if (seen.has(key)) return; // a line shared by several `@id` variants
      seen.add(key);
      ctx.report({ at, message, related: rel });
    };
    for (const aspect of ASPECTS) {
      const members = aspect.applies ? c.members.filter(aspect.applies) : c.members;
      for (const [m, others] of disagreements(members, aspect.value)) {
        const o = others[0];
        const list = others.length > 1 ? ` (and ${others.length - 1} more)` : '';
        report(m, aspect.at(m), `${describe(m)} (VRID ${c.vrid}) has ${aspect.what} ${aspect.show(m, members)}, but its peer ${describe(o)}${list} has ${aspect.show(o, members)}: ${aspect.why(m)}`, related(others, aspect, members));
      }
    }
    // Unicast peer lists should mirror each other: a node sends its adverts only to the addresses it lists.
    for (const m of c.members) {
      if (m.group !== undefined) continue;
      for (const o of c.members) {
        if (o.node === m.node || o.group !== undefined || !o.unicastSrc || m.unicastPeers.includes(o.unicastSrc)) continue;
        const at = anchor(m, m.instance.unicastPeerBlock?.keyword);
        const src = o.instance.unicastSrcIp!.word;
        report(
          m,
          at,
          `The \`unicast_peer\` list of ${describe(m)} (VRID ${c.vrid}) lacks ${o.unicastSrc}, the \`unicast_src_ip\` of its peer ${describe(o)}: this node never sends its adverts there, so the peer does not hear it and becomes MASTER too. Add ${o.unicastSrc} to the list.`,
          [{ location: { file: src.file, range: src.range }, message: `${describe(o)} sends from ${o.unicastSrc}` }],
        );
      }
    }
  }
}

export const rule: Rule = {
  id: 'peer-mismatch',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'none',
  docs: {
    summary: 'The director configs of one VRRP pair (same VRID, shared VIPs) disagree on the VIP list, VRRP version, `advert_int`, authentication or how adverts travel.',
    rationale:
      'The nodes of a VRRP cluster only stay MASTER and BACKUP while each accepts the other\'s adverts, and keepalived drops an advert whose VIP list differs from its own ("expected N VIPs but received M", "ip address associated with VRID … not present in MASTER advert"; keepalived issue #1515), whose VRRP version differs, and — with VRRPv2 — whose `advert_int` ("advertisement interval mismatch") or authentication (`auth_type`, first 8 characters of `auth_pass`: "received an invalid passwd") differs. A node that drops its peer\'s adverts believes the peer dead and becomes MASTER as well: both hold the VIPs (split brain). The same happens when one node multicasts and the other expects unicast, when they use different `mcast_dst_ip` groups, or when a `unicast_peer` list lacks the other node\'s `unicast_src_ip`. `keepalived --config-test` reads one file and cannot see any of this.\n\n' +
      'Peers are found across every root config of the workspace: instances with the same VRID and family whose VIP sets share an address, or whose unicast settings point at each other (a file with `@id` lines counts as one node per id; saved copies such as `*.bak` and `*_old.conf` are left out). Each node reports what differs in its own file, with the peer\'s line as related information; in a cluster of three or more, where most nodes agree, only the odd ones out are reported. `advert_int` and authentication are compared for VRRPv2 only (VRRPv3 learns the master\'s interval and ignores authentication).',
    invalid:
      '# lb1.conf\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24\n        192.0.2.11/24\n    }\n}\n\n# lb2.conf\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    advert_int 2\n    virtual_ipaddress {\n        192.0.2.10/24\n    }\n}',
    valid:
      '# lb1.conf\nvrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24\n        192.0.2.11/24\n    }\n}\n\n# lb2.conf\nvrrp_instance VI_1 {\n    state BACKUP\n    interface eth0\n    virtual_router_id 51\n    priority 100\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24\n        192.0.2.11/24\n    }\n}',
  },
  checkWorkspace: check,
};
