/**
 * Editor features of the core (server/src/core/editor/): completion by context (also in a half-typed, broken
 * file whose analysis is older than the text), keyword and address hover, sysctl completion and hover, inlay hints
 * and virtual-server code lenses, on a realistic DR cluster.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { clusterOf } from '../../server/src/core/cluster/hosts';
import { describeSnippetAt } from '../../server/src/core/cluster/describe';
import { NodeHost } from '../../server/src/core/host';
import { completeKeepalived, completeSysctl, workspaceInterfaces } from '../../server/src/core/editor/completion';
import { cursorContext } from '../../server/src/core/editor/context';
import { keywordHoverAt } from '../../server/src/core/editor/keyword-hover';
import { manDocFor } from '../../server/src/core/editor/keyword-docs';
import { inlayHints } from '../../server/src/core/editor/inlay';
import { virtualServerLenses } from '../../server/src/core/editor/codelens';
import { lookupKeyword } from '../../server/src/core/schema/index';
import type { SnippetKind } from '../../server/src/core/realserver/types';

const DIRECTOR = `$IFACE=eth1
global_defs {
    router_id lb1
}

vrrp_script chk_haproxy {
    script "/usr/bin/pgrep haproxy"
    interval 2
}

vrrp_track_process track_nginx {
    process nginx
}

vrrp_instance VI_WEB {
    state MASTER
    interface $IFACE
    virtual_router_id 51
    priority 150
    authentication {
        auth_type PASS
        auth_pass s3cr3tpassword
    }
    virtual_ipaddress {
        192.0.2.10/24 dev eth1
    }
    track_script {
        chk_haproxy
    }
}

vrrp_instance VI_DB {
    state BACKUP
    interface bond0
    virtual_router_id 52
    priority 100
    virtual_ipaddress {
        192.0.2.20/24
    }
}

vrrp_sync_group VG_1 {
    group {
        VI_WEB
    }
}

virtual_server_group WEB_GROUP {
    192.0.2.10 443
}

virtual_server 192.0.2.10 80 {
    lb_kind DR
    real_server 10.0.0.11 80 {
        weight 1
    }
    real_server 10.0.0.12 80 {
        weight 1
    }
}

virtual_server 192.0.2.20 3306 {
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.0.1.11 3306 {
    }
}
`;

const RS11 = 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n';
const RS12 = '# only lo: does not hide anything\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2\n';
const RS12_SH = '#!/bin/sh\nip addr add 192.0.2.10/32 dev lo\n';

function workspace(files: Record<string, string>, kinds: Record<string, SnippetKind> = {}) {
  const host = new NodeHost((f) => files[f]);
  const w = analyzeWorkspace(
    Object.keys(files).map((f) => (kinds[f] ? { path: f, kind: kinds[f] } : f)),
    host,
  );
  const roots = [...w.roots.values()];
  const configs = roots.map((r) => r.config);
  const snippetAnalyses = [...w.snippets.values()];
  const snippets = snippetAnalyses.map((s) => s.snippet);
  const cluster = clusterOf(configs, snippets);
  const byFile = new Map<string, typeof snippetAnalyses[number]['diagnostics']>();
  for (const s of snippetAnalyses) byFile.set(s.snippet.file, s.diagnostics);
  return { roots, configs, snippets, cluster, findings: (f: string) => byFile.get(f) ?? [], interfaces: workspaceInterfaces(configs, snippets) };
}

const CONF = '/ws/lb/keepalived.conf';
const FILES = {
  [CONF]: DIRECTOR,
  '/ws/realservers/10.0.0.11/etc/sysctl.d/90-lvs.conf': RS11,
  '/ws/realservers/10.0.0.12/etc/sysctl.d/90-lvs.conf': RS12,
  '/ws/realservers/10.0.0.12/lvs.sh': RS12_SH,
};
const KINDS: Record<string, SnippetKind> = {
  '/ws/realservers/10.0.0.11/etc/sysctl.d/90-lvs.conf': 'sysctl',
  '/ws/realservers/10.0.0.12/etc/sysctl.d/90-lvs.conf': 'sysctl',
  '/ws/realservers/10.0.0.12/lvs.sh': 'shell',
};

/** The position of the `|` in `marked` (removed from the text). */
function at(marked: string): { text: string; position: { line: number; character: number } } {
  const i = marked.indexOf('|');
  const before = marked.slice(0, i);
  const line = before.split('\n').length - 1;
  return { text: before + marked.slice(i + 1), position: { line, character: i - before.lastIndexOf('\n') - 1 } };
}

/** Insert `line` (with a `|` cursor) after the first line matching `after` in DIRECTOR. */
function typing(after: string, line: string): { text: string; position: { line: number; character: number } } {
  const lines = DIRECTOR.split('\n');
  const i = lines.findIndex((l) => l.includes(after));
  lines.splice(i + 1, 0, line);
  return at(lines.join('\n'));
}

const labels = (r: ReturnType<typeof completeKeepalived>): string[] => (r?.items ?? []).map((i) => i.label);

describe('completion', () => {
  const ws = workspace(FILES, KINDS);
  const config = ws.roots[0].config;
  const complete = (t: { text: string; position: { line: number; character: number } }, targetVersion?: string) =>
    completeKeepalived({ config, file: CONF, text: t.text, position: t.position, interfaces: ws.interfaces, targetVersion });

  it('offers the keywords of the enclosing block, with block snippets, while the line is being typed', () => {
    const r = complete(typing('priority 150', '    adv|'));
    expect(labels(r)).toContain('advert_int');
    expect(labels(r)).toContain('virtual_ipaddress');
    expect(labels(r)).not.toContain('lb_kind');
    expect(r!.range).toEqual({ start: { line: 19, character: 4 }, end: { line: 19, character: 7 } });
    const top = complete(typing('^}', '|'.padStart(1)));
    const vi = top!.items.find((i) => i.label === 'vrrp_instance')!;
    expect(vi.insertText).toBe('vrrp_instance ${1:VI_1} {\n\t$0\n}');
    expect(vi.snippet).toBe(true);
    expect(labels(top)).toContain('virtual_server');
    expect(labels(top)).not.toContain('priority');
    // Keywords the block already holds sort after the others.
    const sorted = r!.items.slice().sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => i.label);
    expect(sorted.indexOf('priority')).toBeGreaterThan(sorted.indexOf('advert_int'));
    expect(r!.items.find((i) => i.label === 'priority')!.sortText).toBe('3priority');
    const rs = complete(typing('weight 1', '        |'));
    expect(labels(rs)).toContain('TCP_CHECK');
    expect(labels(rs)).toContain('lvs_method');
  });

  it('offers enum values after their keyword, with meanings', () => {
    const kind = complete(typing('lb_kind DR', '    lb_kind |'));
    expect(labels(kind)).toEqual(['NAT', 'DR', 'TUN']);
    expect(kind!.items[1].documentation).toContain('Direct Routing');
    expect(labels(complete(typing('priority 150', '    state M|')))).toEqual(['MASTER', 'BACKUP']);
    expect(labels(complete(typing('lb_kind DR', '    lb_algo |')))).toContain('wlc');
    expect(labels(complete(typing('lb_kind DR', '    protocol |')))).toEqual(['TCP', 'UDP', 'SCTP']);
    expect(labels(complete(typing('auth_type PASS', '        auth_type |')))).toEqual(['PASS', 'AH']);
    expect(labels(complete(typing('global_defs', '    vrrp_strict |')))).toEqual([]);
    // `@id` prefixes of conditional lines are not the keyword.
    expect(labels(complete(typing('priority 150', '    @lb1 state |')))).toEqual(['MASTER', 'BACKUP']);
    expect(labels(complete(typing('priority 150', '    @^lb1 adv|')))).toContain('advert_int');
  });

  it('offers defined names where they are referenced, and interfaces of the workspace', () => {
    expect(labels(complete(typing('        chk_haproxy', '        |')))).toEqual(['chk_haproxy']);
    expect(labels(complete(typing('        VI_WEB', '        VI_|')))).toEqual(['VI_WEB', 'VI_DB']);
    expect(labels(complete(typing('priority 150', '    track_process {\n        |\n    }')))).toEqual(['track_nginx']);
    const vsg = complete(typing('^}', 'virtual_server group |'));
    expect(labels(vsg)).toEqual(['WEB_GROUP']);
    const iface = complete(typing('priority 100', '    interface |'));
    expect(labels(iface)).toEqual(expect.arrayContaining(['eth1', 'bond0', 'lo']));
    const dev = complete(typing('192.0.2.20/24', '        192.0.2.21/24 dev |'));
    expect(labels(dev)).toContain('bond0');
    expect(labels(complete(typing('priority 100', '    track_interface {\n        |')))).toContain('eth1');
    const vipOptions = complete(typing('192.0.2.20/24', '        192.0.2.21/24 |'));
    expect(labels(vipOptions)).toEqual(expect.arrayContaining(['dev', 'label', 'scope', 'no_track']));
    expect(labels(complete(typing('192.0.2.20/24', '        192.0.2.21/24 scope |')))).toContain('host');
  });

  it('marks keywords newer than the target version and deprecated ones', () => {
    const r = complete(typing('priority 150', '    |'), '2.2.7');
    const newer = r!.items.filter((i) => i.newer);
    expect(newer.length).toBeGreaterThan(0);
    expect(newer[0].detail).toMatch(/since 2\.(2\.8|3|4)/);
    const dep = r!.items.filter((i) => i.deprecated);
    expect(dep.map((i) => i.label)).toContain('lvs_sync_daemon_interface');
    expect(dep.length).toBeGreaterThan(0);
    expect(dep.every((i) => i.sortText!.startsWith('4'))).toBe(true);
    expect(complete(typing('priority 150', '    |'))!.items.some((i) => i.newer)).toBe(false);
  });

  it('works in a broken file (unclosed blocks, a stray brace, no analysis of the new text)', () => {
    const broken = at('vrrp_instance VI_1 {\n    state MASTER\n    virtual_ipaddress {\n        192.0.2.1\n\nvirtual_server 192.0.2.1 80 {\n    lb_kind D|');
    const r = completeKeepalived({ config: undefined, file: '/ws/new.conf', text: broken.text, position: broken.position });
    // keepalived reads everything after an unclosed `{` inside it: the line is a VIP line, no keyword applies.
    expect(labels(r)).toEqual([]);
    const closed = at('}\nvrrp_instance VI_1 {\n    state MASTER\n    \n    virtual_ipaddress {\n        192.0.2.1\n    }\n}\nvirtual_server 192.0.2.1 80 {\n    lb_kind |');
    expect(labels(completeKeepalived({ config: undefined, file: '/ws/new.conf', text: closed.text, position: closed.position }))).toEqual(['NAT', 'DR', 'TUN']);
    // Comments and quotes: no completion.
    const comment = typing('priority 150', '    # lb_kind |');
    expect(complete(comment)).toBeUndefined();
  });

  it('reads an included file in the block of its include line', () => {
    // include globs read the disk.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-editor-'));
    const root = path.join(dir, 'keepalived.conf');
    const rs = path.join(dir, 'rs', 'web.conf');
    fs.mkdirSync(path.dirname(rs));
    fs.writeFileSync(root, 'virtual_server 192.0.2.10 80 {\n    lb_kind DR\n    include rs/*.conf\n}\n');
    fs.writeFileSync(rs, 'real_server 10.0.0.11 80 {\n    weight 1\n}\n');
    const w = workspace({ [root]: fs.readFileSync(root, 'utf8'), [rs]: fs.readFileSync(rs, 'utf8') });
    fs.rmSync(dir, { recursive: true, force: true });
    const cfg = w.roots.find((r) => r.config.root === root)!.config;
    const top = at('real_server 10.0.0.11 80 {\n    weight 1\n}\n|');
    const r = completeKeepalived({ config: cfg, file: rs, text: top.text, position: top.position });
    expect(labels(r)).toContain('real_server');
    expect(labels(r)).toContain('lb_algo');
    expect(labels(r)).not.toContain('vrrp_instance');
    const inner = at('real_server 10.0.0.11 80 {\n    weight 1\n    |\n}\n');
    expect(labels(completeKeepalived({ config: cfg, file: rs, text: inner.text, position: inner.position }))).toContain('TCP_CHECK');
  });

  it('takes the context from the tree for unchanged lines and from the text for edited ones', () => {
    // A `}` typed above the cursor closes the instance: the cursor is back at the top level.
    const t = typing('virtual_router_id 51', '}\n|');
    const ctx = cursorContext(config, CONF, t.text, t.position);
    expect(ctx.frames).toEqual([]);
    const inside = typing('virtual_router_id 51', '    |');
    expect(cursorContext(config, CONF, inside.text, inside.position).frames.map((f) => f.path)).toEqual(['vrrp_instance']);
  });
});

describe('sysctl completion', () => {
  it('offers the LVS keys with interfaces, then their values', () => {
    const keys = completeSysctl('sysctl', 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.', { line: 1, character: 14 }, ['eth0']);
    const ls = keys!.items.map((i) => i.label);
    expect(ls).toEqual(expect.arrayContaining(['net.ipv4.conf.all.arp_announce', 'net.ipv4.conf.eth0.arp_ignore', 'net.ipv4.conf.default.rp_filter', 'net.ipv4.ip_forward', 'net.ipv4.vs.expire_nodest_conn']));
    expect(keys!.range.start).toEqual({ line: 1, character: 0 });
    const values = completeSysctl('sysctl', 'net.ipv4.conf.all.arp_announce = ', { line: 0, character: 33 });
    expect(values!.items.map((i) => i.label)).toEqual(['0', '1', '2']);
    expect(values!.items[2].documentation).toContain('best local address');
    const script = completeSysctl('shell', '#!/bin/sh\nsysctl -w net.ipv4.conf.all.arp_ignore=', { line: 1, character: 40 });
    expect(script!.items.map((i) => i.label)).toEqual(['0', '1', '2', '3', '8']);
    const proc = completeSysctl('shell', 'echo 1 > /proc/sys/net/ipv4/conf/', { line: 0, character: 33 });
    expect(proc!.items.map((i) => i.label)).toContain('net/ipv4/conf/all/arp_ignore');
  });
});

describe('hover', () => {
  const ws = workspace(FILES, KINDS);
  const config = ws.roots[0].config;
  const lineOf = (s: string): number => DIRECTOR.split('\n').findIndex((l) => l.includes(s));
  const hover = (s: string, col: number) => keywordHoverAt(config, CONF, { line: lineOf(s), character: col }, { targetVersion: '2.2.7', cluster: ws.cluster, findings: ws.findings });

  it('explains keywords from keepalived.conf(5) and the schema', () => {
    const h = hover('lb_kind DR', 6)!;
    expect(h.markdown).toContain('lb_kind');
    expect(h.markdown).toContain('forwarding method');
    expect(h.markdown).toContain('Block: `virtual_server`');
    const prio = hover('priority 150', 6)!.markdown;
    expect(prio).toContain('integer 1..255');
    const state = hover('state MASTER', 5)!.markdown;
    expect(state).toContain('Initial state');
    const pass = hover('auth_pass', 10)!.markdown;
    expect(pass).toContain('Only the first eight (8) characters are used');
    expect(hover('lb_kind DR', 13)!.markdown).toContain('Direct Routing');
    const algo = DIRECTOR.split('\n').findIndex((l) => l.includes('lb_algo rr'));
    expect(keywordHoverAt(config, CONF, { line: algo, character: 13 })!.markdown).toContain('Round Robin');
    expect(prio).toContain('In keepalived 2.2.7 and later');
  });

  it('shows a definition where its name is referenced, and its references where it is defined', () => {
    const ref = hover('        chk_haproxy', 10)!.markdown;
    expect(ref).toContain('`vrrp_script chk_haproxy` (keepalived.conf:6)');
    expect(ref).toContain('script "/usr/bin/pgrep haproxy"');
    const def = hover('vrrp_script chk_haproxy', 15)!.markdown;
    expect(def).toContain('Referenced 1 time');
    expect(def).toContain('`track_script` of `VI_WEB` (keepalived.conf:28)');
    const member = hover('        VI_WEB', 10)!.markdown;
    expect(member).toContain('`vrrp_instance VI_WEB` (keepalived.conf:15)');
  });

  it('finds man page text for most keywords', () => {
    for (const [block, kw] of [['vrrp_instance', 'advert_int'], ['virtual_server', 'lvs_sched'], ['virtual_server', 'lb_kind'], ['virtual_server/real_server', 'weight'], ['global_defs', 'router_id'], ['virtual_server/real_server/TCP_CHECK', 'connect_timeout']]) {
      expect(manDocFor(lookupKeyword(block, kw)!)?.text, `${block} ${kw}`).toBeTruthy();
    }
  });

  it('tells where a VIP is used across the cluster and how each real server hides it from ARP', () => {
    const vip = hover('192.0.2.10 80', 17)!.markdown;
    expect(vip).toContain('VIP of `vrrp_instance VI_WEB`');
    expect(vip).toContain('`virtual_server 192.0.2.10 80`');
    expect(vip).toMatch(/✓ `10\.0\.0\.11`: arp_ignore 1, arp_announce 2 on `all`/);
    expect(vip).toMatch(/✗ `10\.0\.0\.12`: .*arp-sysctl-ineffective.*VIP on `lo`\/32 \(lvs\.sh:2\)/);
    const rs = hover('real_server 10.0.0.12', 18)!.markdown;
    expect(rs).toContain('real server of `virtual_server 192.0.2.10 80`');
    expect(rs).toContain('described by `90-lvs.conf`, `lvs.sh`');
  });

  it('names arptables as the ARP hiding of a real server that drops ARP for the VIP', () => {
    const arp = '*filter\n:INPUT ACCEPT\n:OUTPUT ACCEPT\n-A INPUT -d 192.0.2.10 -j DROP\n-A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.0.12\nCOMMIT\n';
    const files = { [CONF]: DIRECTOR, '/ws/realservers/10.0.0.11/etc/sysctl.d/90-lvs.conf': RS11, '/ws/realservers/10.0.0.12/etc/sysconfig/arptables': arp };
    const w = workspace(files, { '/ws/realservers/10.0.0.11/etc/sysctl.d/90-lvs.conf': 'sysctl', '/ws/realservers/10.0.0.12/etc/sysconfig/arptables': 'arptables' });
    const line = DIRECTOR.split('\n').findIndex((l) => l.includes('192.0.2.10 80'));
    const md = keywordHoverAt(w.roots[0].config, CONF, { line, character: 17 }, { cluster: w.cluster, findings: w.findings })!.markdown;
    expect(md).toMatch(/✓ `10\.0\.0\.12`: arptables drops ARP requests for the VIP \(arptables:4\)/);
    expect(virtualServerLenses(w.roots[0].config, CONF, w.cluster, w.findings)[0].title).toContain('ARP hidden on all');
  });

  it('explains a sysctl key with its meaning and the effective value per interface', () => {
    const file = '/ws/realservers/10.0.0.11/etc/sysctl.d/90-lvs.conf';
    const snippet = ws.snippets.find((s) => s.file === file)!;
    const h = describeSnippetAt(ws.cluster, snippet, { line: 0, character: 20 })!;
    expect(h.markdown).toContain('reply only if the target IP address is local address configured on the incoming interface');
    expect(h.markdown).toContain('**maximum**');
    expect(h.markdown).toContain('real server `10.0.0.11`, `eth0`: **1**');
  });
});

describe('sysctl hover in a script', () => {
  it('explains `echo N > /proc/sys/...` and `sysctl -w` with the effective value of the real server', () => {
    const script = '#!/bin/sh\nip addr add 192.0.2.10/32 dev lo\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\nsysctl -w net.ipv4.conf.eth0.arp_announce=2\n';
    const file = '/ws/realservers/10.0.0.12/lvs.sh';
    const w = workspace({ [CONF]: DIRECTOR, [file]: script }, { [file]: 'shell' });
    const snippet = w.snippets.find((s) => s.file === file)!;
    const echo = describeSnippetAt(w.cluster, snippet, { line: 2, character: 30 })!.markdown;
    expect(echo).toContain('`net.ipv4.conf.all.arp_ignore` = `1` (runtime');
    expect(echo).toContain('reply only if the target IP address is local address configured on the incoming interface');
    expect(echo).toContain('real server `10.0.0.12`, `eth0`: **1**');
    const w2 = describeSnippetAt(w.cluster, snippet, { line: 3, character: 20 })!.markdown;
    expect(w2).toContain('Always use the best local address');
    expect(w2).toContain('real server `10.0.0.12`, `eth0`: **2** (all: unset, eth0: 2)');
  });
});

describe('inlay hints and code lenses', () => {
  const ws = workspace(FILES, KINDS);
  const config = ws.roots[0].config;
  const all = { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } };

  it('shows $NAME values, the defaults keepalived applies and the truncated auth_pass', () => {
    const hints = inlayHints(config, CONF, all);
    const text = hints.map((h) => `${h.position.line}:${h.label}`);
    expect(text).toContain('16:= eth1');
    expect(text).toContain('21:→ s3cr3tpa');
    const vsLine = DIRECTOR.split('\n').findIndex((l) => l.startsWith('virtual_server 192.0.2.10'));
    expect(text).toEqual(expect.arrayContaining([`${vsLine}:protocol UDP (default)`, `${vsLine}:lb_algo wlc (default)`]));
    expect(text).not.toContain(`${vsLine}:lb_kind NAT (default)`);
    const db = DIRECTOR.split('\n').findIndex((l) => l.startsWith('virtual_server 192.0.2.20'));
    expect(text.filter((t) => t.startsWith(`${db}:`))).toEqual([]);
    // Only the requested lines.
    expect(inlayHints(config, CONF, { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } }).map((h) => h.label)).toEqual(['= eth1']);
  });

  it('summarises each virtual server: method, scheduler, real servers, ARP hiding', () => {
    const lenses = virtualServerLenses(config, CONF, ws.cluster, ws.findings);
    expect(lenses.map((l) => l.title)).toEqual(['DR · wlc (default) · UDP (default) · 2 real servers · 1 lacks ARP hiding', 'NAT · rr · TCP · 1 real server']);
    expect(lenses[0].tooltip).toContain('10.0.0.12');
    const noFiles = workspace({ [CONF]: DIRECTOR });
    expect(virtualServerLenses(noFiles.roots[0].config, CONF, noFiles.cluster, noFiles.findings)[0].title).toContain('2 without real-server files');
    const fixed = workspace({ ...FILES, '/ws/realservers/10.0.0.12/etc/sysctl.d/90-lvs.conf': RS11 }, KINDS);
    expect(virtualServerLenses(fixed.roots[0].config, CONF, fixed.cluster, fixed.findings)[0].title).toContain('ARP hidden on all');
  });
});

describe('editor features on any input', () => {
  const ws = workspace(FILES, KINDS);
  const config = ws.roots[0].config;
  it('never throw, at every position of the config and of broken edits of it', () => {
    const texts = [
      DIRECTOR,
      DIRECTOR.replace(/}/g, ''),
      DIRECTOR.replace(/\{/g, ''),
      DIRECTOR.replace(/\n/g, '\r\n'),
      DIRECTOR.slice(0, 700) + '"unterminated { quote\n' + DIRECTOR.slice(700),
      '@lb1 vrrp_instance X {\n@^lb1 state\n$A=1\n}}}}\n{{{{\n~SEQ(i,1,3) x$i\n! comment {\n',
      '',
    ];
    let n = 0;
    for (const text of texts) {
      const lines = text.split('\n');
      for (let line = 0; line <= lines.length; line++) {
        for (const character of [0, 1, 4, 8, 12, 20, 200]) {
          const position = { line, character };
          completeKeepalived({ config, file: CONF, text, position, interfaces: ws.interfaces, targetVersion: '2.2.7' });
          keywordHoverAt(config, CONF, position, { cluster: ws.cluster, findings: ws.findings });
          completeSysctl('sysctl', text, position);
          completeSysctl('shell', text, position);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(500);
    expect(inlayHints(config, CONF, { start: { line: -5, character: 0 }, end: { line: 1e6, character: 0 } }).length).toBeGreaterThan(0);
  });
});
