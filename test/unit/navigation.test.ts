/**
 * Navigation in the core (server/src/core/editor/navigation.ts, symbols.ts, links.ts, folding.ts, selection.ts) on a
 * realistic DR workspace: a master and a backup director sharing conf.d/ files, `$NAME` definitions, a VIP held by
 * both, and real-server files (a shell script with a VIP variable and a `for` loop, an ifcfg alias, an
 * arptables-save file, an iptables rule).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import type { ParsedConfig } from '../../server/src/core/keepalived/ast';
import type { SnippetKind } from '../../server/src/core/realserver/types';
import type { Position, TextEdit } from '../../server/src/core/types';
import { definitionAt, prepareRenameAt, referencesAt, renameAt, type NavWorkspace } from '../../server/src/core/editor/navigation';
import { keepalivedSymbols, snippetSymbols, workspaceSymbols } from '../../server/src/core/editor/symbols';
import { includeLinks } from '../../server/src/core/editor/links';
import { keepalivedFolds, snippetFolds } from '../../server/src/core/editor/folding';
import { keepalivedSelection, snippetSelection } from '../../server/src/core/editor/selection';

const MASTER = `! lb1: master of the web cluster
! two VIPs, checks, and the shared services in conf.d/
$CHK=chk_nginx
$VIP_WEB=192.0.2.10

global_defs {
    router_id lb1
}

vrrp_script chk_nginx {
    script "/usr/bin/pgrep nginx"
    interval 2
}

track_file tf_maint {
    file /etc/keepalived/maintenance
}

vrrp_track_process tp_nginx {
    process nginx
}

vrrp_instance VI_WEB {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        \${VIP_WEB}/32 dev eth0
        192.0.2.11/32 dev eth0
    }
    track_script {
        $CHK weight -20
    }
    track_file {
        tf_maint
    }
    track_process {
        tp_nginx
    }
}

vrrp_sync_group VG_WEB {
    group {
        VI_WEB
    }
    track_script { chk_nginx }
}

include conf.d/*.conf
`;

const BACKUP = `! lb2: backup
vrrp_script chk_nginx {
    script "/usr/bin/pgrep nginx"
}

vrrp_instance VI_WEB {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        192.0.2.10/32 dev eth0
        192.0.2.11/32 dev eth0
    }
    track_script {
        chk_nginx
    }
}

include ../master/conf.d/*.conf
`;

const WEB = `# HTTP on the web VIP
virtual_server_group VSG_WEB {
    192.0.2.10 80
    192.0.2.11 80
}

virtual_server group VSG_WEB {
    lb_kind DR
    protocol TCP
    real_server 10.0.0.11 80 {
        weight 2
        FILE_CHECK {
            track_file tf_maint
        }
    }
}

virtual_server 192.0.2.10 443 {
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 10.0.0.11 443 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
    real_server 10.0.0.12 443 { weight 1 }
}
`;

const RS_SH = `#!/bin/sh
# LVS-DR real server
VIP=192.0.2.10
VIPS="192.0.2.10 192.0.2.11"
case "$1" in
start)
    ip addr add $VIP/32 dev lo label lo:0
    for v in $VIPS; do
        iptables -t nat -A PREROUTING -d $v -p tcp -j REDIRECT
    done
    ;;
esac
`;
const IFCFG = 'DEVICE=lo:0\nIPADDR=192.0.2.10\nNETMASK=255.255.255.255\nONBOOT=yes\n';
const ARPT = `*filter
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -d 192.0.2.10 -j DROP
-A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.0.12
COMMIT
`;

let dir: string;
let ws: NavWorkspace;
let configs: Map<string, ParsedConfig>;
const P = (rel: string) => path.join(dir, rel);
const text = (rel: string) => fs.readFileSync(P(rel), 'utf8');

/** The position of the `nth` occurrence of `needle` in file `rel`, `offset` characters into it. */
function pos(rel: string, needle: string, nth = 0, offset = 1): Position {
  const t = text(rel);
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = t.indexOf(needle, i + 1);
    if (i < 0) throw new Error(`${needle} #${nth} not in ${rel}`);
  }
  const before = t.slice(0, i + offset);
  return { line: before.split('\n').length - 1, character: i + offset - before.lastIndexOf('\n') - 1 };
}

const cfgOf = (rel: string): ParsedConfig | undefined => {
  const f = P(rel);
  for (const c of configs.values()) if (c.files.includes(f)) return c;
  return undefined;
};

/** `file:line:text` of each location (for readable expectations). */
function show(locs: { file: string; range: { start: Position; end: Position } }[]): string[] {
  return locs.map((l) => {
    const line = fs.readFileSync(l.file, 'utf8').split('\n')[l.range.start.line];
    return `${path.relative(dir, l.file)}:${l.range.start.line + 1}:${line.slice(l.range.start.character, l.range.end.character)}`;
  });
}

function apply(edits: TextEdit[]): Map<string, string> {
  const out = new Map<string, string>();
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  for (const [f, es] of byFile) {
    const lines = fs.readFileSync(f, 'utf8').split('\n');
    es.sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    for (const e of es) {
      expect(e.range.start.line).toBe(e.range.end.line);
      const l = lines[e.range.start.line];
      lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
    }
    out.set(path.relative(dir, f), lines.join('\n'));
  }
  return out;
}

const nav = (rel: string, p: Position) => [ws, cfgOf(rel), P(rel), p] as const;

beforeAll(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-nav-')));
  const files: Record<string, string> = {
    'lb/master/keepalived.conf': MASTER,
    'lb/backup/keepalived.conf': BACKUP,
    'lb/master/conf.d/web.conf': WEB,
    'realservers/10.0.0.11/lvs-dr.sh': RS_SH,
    'realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0': IFCFG,
    'realservers/10.0.0.12/etc/sysconfig/arptables': ARPT,
  };
  for (const [rel, t] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(P(rel)), { recursive: true });
    fs.writeFileSync(P(rel), t);
  }
  const kinds: Record<string, SnippetKind> = {
    'realservers/10.0.0.11/lvs-dr.sh': 'shell',
    'realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0': 'ifcfg',
    'realservers/10.0.0.12/etc/sysconfig/arptables': 'arptables',
  };
  const w = analyzeWorkspace(
    ['lb/master/keepalived.conf', 'lb/backup/keepalived.conf'].map((r) => P(r)).concat([]).map((f) => f as string | { path: string; kind: SnippetKind }).concat(Object.entries(kinds).map(([r, k]) => ({ path: P(r), kind: k }))),
    new NodeHost(),
  );
  configs = new Map([...w.roots].map(([f, a]) => [f, a.config]));
  ws = { configs: [...configs.values()], snippets: [...w.snippets.values()].map((s) => s.snippet) };
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('go to definition', () => {
  it('jumps from a track_script entry to its vrrp_script', () => {
    const d = definitionAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'chk_nginx }')));
    expect(show(d)).toEqual(['lb/master/keepalived.conf:10:chk_nginx']);
  });
  it('from `$CHK` to the `$CHK=` definition and to the vrrp_script its value names', () => {
    const d = definitionAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', '$CHK weight')));
    expect(show(d)).toEqual(['lb/master/keepalived.conf:3:CHK', 'lb/master/keepalived.conf:10:chk_nginx']);
  });
  it('from a checker argument (`FILE_CHECK { track_file NAME }`) in an included file to the track_file', () => {
    const d = definitionAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', 'tf_maint')));
    expect(show(d)).toEqual(['lb/master/keepalived.conf:15:tf_maint']);
  });
  it('from `virtual_server group NAME` to the virtual_server_group, and a sync group member to its instance', () => {
    expect(show(definitionAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', 'VSG_WEB', 1))))).toEqual(['lb/master/conf.d/web.conf:2:VSG_WEB']);
    expect(show(definitionAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'VI_WEB', 1))))).toEqual(['lb/master/keepalived.conf:23:VI_WEB']);
  });
  it('a VIP in a real-server file goes to the virtual_ipaddress lines of both directors', () => {
    const d = definitionAt(...nav('realservers/10.0.0.12/etc/sysconfig/arptables', pos('realservers/10.0.0.12/etc/sysconfig/arptables', '192.0.2.10')));
    expect(show(d)).toEqual(['lb/backup/keepalived.conf:12:192.0.2.10', 'lb/master/keepalived.conf:29:${VIP_WEB}/32']);
  });
});

describe('find references', () => {
  it('a vrrp_script: its definition, the `$CHK` use and the sync group entry (the backup has its own chk_nginx)', () => {
    const r = referencesAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'vrrp_script chk_nginx', 0, 13)));
    expect(show(r)).toEqual(['lb/master/keepalived.conf:10:chk_nginx', 'lb/master/keepalived.conf:33:$CHK', 'lb/master/keepalived.conf:47:chk_nginx']);
  });
  it('a track_file referenced by a checker in the shared conf.d file joins both roots', () => {
    const r = referencesAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'track_file tf_maint', 0, 12)));
    expect(show(r)).toEqual(['lb/master/conf.d/web.conf:13:tf_maint', 'lb/master/keepalived.conf:15:tf_maint', 'lb/master/keepalived.conf:36:tf_maint']);
    expect(show(referencesAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'track_file tf_maint', 0, 12)), false))).not.toContain('lb/master/keepalived.conf:15:tf_maint');
  });
  it('a `$NAME` variable: the definition and every use', () => {
    const r = referencesAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', '${VIP_WEB}/32')));
    expect(show(r)).toEqual(['lb/master/keepalived.conf:4:VIP_WEB', 'lb/master/keepalived.conf:29:${VIP_WEB}']);
  });
  it('a VIP: virtual_ipaddress lines, group entries, virtual_server heads and the real-server files', () => {
    const r = referencesAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', '192.0.2.10 443')));
    expect(show(r)).toEqual([
      'lb/backup/keepalived.conf:12:192.0.2.10',
      'lb/master/conf.d/web.conf:3:192.0.2.10',
      'lb/master/conf.d/web.conf:18:192.0.2.10',
      'lb/master/keepalived.conf:29:${VIP_WEB}/32',
      'realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0:2:192.0.2.10',
      'realservers/10.0.0.11/lvs-dr.sh:7:$VIP',
      'realservers/10.0.0.11/lvs-dr.sh:9:$v',
      'realservers/10.0.0.12/etc/sysconfig/arptables:4:192.0.2.10',
      'realservers/10.0.0.12/etc/sysconfig/arptables:5:192.0.2.10',
    ]);
  });
  it('nothing on a keyword or a real server address', () => {
    expect(referencesAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', 'lb_kind')))).toEqual([]);
    expect(prepareRenameAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', 'lb_kind')))).toBeUndefined();
  });
});

describe('rename', () => {
  it('a vrrp_script through `$CHK`: edits the definition value, never the `$CHK` use', () => {
    const p = pos('lb/master/keepalived.conf', 'vrrp_script chk_nginx', 0, 13);
    expect(prepareRenameAt(...nav('lb/master/keepalived.conf', p))).toMatchObject({ placeholder: 'chk_nginx' });
    const r = renameAt(...nav('lb/master/keepalived.conf', p), 'chk_web');
    if (!('edits' in r!)) throw new Error(JSON.stringify(r));
    const out = apply(r.edits).get('lb/master/keepalived.conf')!;
    expect(out).toContain('$CHK=chk_web\n');
    expect(out).toContain('vrrp_script chk_web {');
    expect(out).toContain('$CHK weight -20');
    expect(out).toContain('track_script { chk_web }');
    // The backup's own chk_nginx is another definition.
    expect([...apply(r.edits).keys()]).toEqual(['lb/master/keepalived.conf']);
  });
  it('a track_file referenced from the shared file renames it in every root that reads the file', () => {
    const r = renameAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', 'tf_maint')), 'tf_drain');
    if (!('edits' in r!)) throw new Error(JSON.stringify(r));
    const files = apply(r.edits);
    expect(files.get('lb/master/conf.d/web.conf')).toContain('track_file tf_drain');
    expect(files.get('lb/master/keepalived.conf')).toContain('track_file tf_drain {');
    expect(files.get('lb/master/keepalived.conf')).toContain('        tf_drain\n');
  });
  it('refuses a name keepalived would not read as one word, or one already defined', () => {
    const p = pos('lb/master/keepalived.conf', 'VI_WEB {');
    expect(renameAt(...nav('lb/master/keepalived.conf', p), 'VI WEB')).toMatchObject({ error: expect.stringContaining('one keepalived word') });
    expect(renameAt(...nav('lb/master/conf.d/web.conf', pos('lb/master/conf.d/web.conf', 'tf_maint')), 'tp_nginx')).toEqual({ edits: expect.any(Array) });
    const vs = pos('lb/master/keepalived.conf', 'tp_nginx {');
    expect(renameAt(...nav('lb/master/keepalived.conf', vs), 'tp_nginx')).toEqual({ edits: [] });
    expect(renameAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'chk_nginx {')), 'chk_nginx')).toEqual({ edits: [] });
  });
  it('a sync group member renames the instance', () => {
    const r = renameAt(...nav('lb/master/keepalived.conf', pos('lb/master/keepalived.conf', 'VI_WEB', 1)), 'VI_HTTP');
    if (!('edits' in r!)) throw new Error(JSON.stringify(r));
    expect(show(r.edits.map((e) => ({ file: e.file, range: e.range })))).toEqual(['lb/master/keepalived.conf:23:VI_WEB', 'lb/master/keepalived.conf:45:VI_WEB']);
  });
  it('a `$NAME` variable: the definition name and every use', () => {
    const p = pos('lb/master/keepalived.conf', '${VIP_WEB}/32', 0, 3);
    expect(prepareRenameAt(...nav('lb/master/keepalived.conf', p))).toEqual({ range: { start: { line: 28, character: 10 }, end: { line: 28, character: 17 } }, placeholder: 'VIP_WEB' });
    const r = renameAt(...nav('lb/master/keepalived.conf', p), 'WEB_VIP');
    if (!('edits' in r!)) throw new Error(JSON.stringify(r));
    const out = apply(r.edits).get('lb/master/keepalived.conf')!;
    expect(out).toContain('$WEB_VIP=192.0.2.10\n');
    expect(out).toContain('${WEB_VIP}/32 dev eth0');
    expect(renameAt(...nav('lb/master/keepalived.conf', p), '9X')).toMatchObject({ error: expect.stringContaining('variable name') });
    expect(renameAt(...nav('lb/master/keepalived.conf', p), 'CHK')).toMatchObject({ error: expect.stringContaining('already defined') });
  });
  it('a VIP across directors and real servers: the `$VIP_WEB` value, the script variables, never a `$VAR` use', () => {
    const p = pos('lb/backup/keepalived.conf', '192.0.2.10/32');
    expect(prepareRenameAt(...nav('lb/backup/keepalived.conf', p))).toMatchObject({ placeholder: '192.0.2.10' });
    const r = renameAt(...nav('lb/backup/keepalived.conf', p), '192.0.2.20');
    if (!('edits' in r!)) throw new Error(JSON.stringify(r));
    const files = apply(r.edits);
    expect(files.get('lb/master/keepalived.conf')).toContain('$VIP_WEB=192.0.2.20\n');
    expect(files.get('lb/master/keepalived.conf')).toContain('${VIP_WEB}/32 dev eth0');
    expect(files.get('lb/backup/keepalived.conf')).toContain('192.0.2.20/32 dev eth0');
    expect(files.get('lb/master/conf.d/web.conf')).toContain('    192.0.2.20 80\n');
    expect(files.get('lb/master/conf.d/web.conf')).toContain('virtual_server 192.0.2.20 443 {');
    expect(files.get('realservers/10.0.0.11/lvs-dr.sh')).toContain('VIP=192.0.2.20\nVIPS="192.0.2.20 192.0.2.11"\n');
    expect(files.get('realservers/10.0.0.11/lvs-dr.sh')).toContain('ip addr add $VIP/32');
    expect(files.get('realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0')).toContain('IPADDR=192.0.2.20\n');
    expect(files.get('realservers/10.0.0.12/etc/sysconfig/arptables')).toContain('-A INPUT -d 192.0.2.20 -j DROP\n-A OUTPUT -s 192.0.2.20 -j mangle --mangle-ip-s 10.0.0.12');
  });
  it('validates the new address: it must parse, without prefix, in the same family', () => {
    const p = pos('lb/backup/keepalived.conf', '192.0.2.10/32');
    expect(renameAt(...nav('lb/backup/keepalived.conf', p), '192.0.2')).toMatchObject({ error: expect.stringContaining('not an IP address') });
    expect(renameAt(...nav('lb/backup/keepalived.conf', p), '2001:db8::10')).toMatchObject({ error: expect.stringContaining('IPv6') });
    expect(renameAt(...nav('lb/backup/keepalived.conf', p), '192.0.2.20/24')).toMatchObject({ error: expect.stringContaining('without a prefix') });
    expect(renameAt(...nav('lb/backup/keepalived.conf', p), '192.0.2.11')).toMatchObject({ error: expect.stringContaining('already a VIP') });
  });
});

describe('rename of a `$NAME` used in other definitions and on inactive `@id` lines', () => {
  it('edits every use as the reader of keepalived finds them, not comments or longer names', () => {
    const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-nav3-')));
    try {
      const conf = path.join(d, 'keepalived.conf');
      const t = [
        '$NET=192.0.2',
        '$VIP=${NET}.10',
        '$VS=virtual_server $VIP 80 { \\',
        '  lb_kind DR \\',
        '}',
        '@lb2 $NET=198.51.100',
        '# $NET in a comment',
        '$NETWORK=10.0.0',
        'vrrp_instance V {',
        '    interface eth0',
        '    virtual_router_id 1',
        '    virtual_ipaddress {',
        '        ${NET}.10 ! and $NET here too',
        '    }',
        '}',
        '$VS',
        '',
      ].join('\n');
      fs.writeFileSync(conf, t);
      const w = analyzeWorkspace([conf], new NodeHost());
      const c = [...w.roots.values()][0].config;
      const s: NavWorkspace = { configs: [c], snippets: [] };
      const r = renameAt(s, c, conf, { line: 0, character: 2 }, 'SUBNET');
      if (!r || !('edits' in r)) throw new Error(JSON.stringify(r));
      const out = t.split('\n');
      for (const e of [...r.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
        const l = out[e.range.start.line];
        out[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
      }
      expect(out.join('\n')).toBe(t.replace('$NET=192', '$SUBNET=192').replace('${NET}.10\n', '${SUBNET}.10\n').replace('@lb2 $NET=', '@lb2 $SUBNET=').replace('        ${NET}.10 !', '        ${SUBNET}.10 !'));
      // The VIP written as `${NET}.10`: its references are found, a rename is refused with the reason.
      const vip = referencesAt(s, c, conf, { line: 12, character: 15 });
      expect(vip.map((l) => l.range.start.line)).toEqual([12, 15]);
      expect(renameAt(s, c, conf, { line: 12, character: 15 }, '192.0.2.20')).toMatchObject({ error: expect.stringContaining('$NET') });
      expect(prepareRenameAt(s, c, conf, { line: 12, character: 15 })).toMatchObject({ error: expect.stringContaining('$NET') });
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('rename refuses what it cannot edit exactly', () => {
  it('a VIP built from a `${PREFIX}` and a script value made of two variables', () => {
    const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-nav2-')));
    try {
      const conf = path.join(d, 'keepalived.conf');
      fs.writeFileSync(conf, '$NET=192.0.2\nvrrp_instance V {\n    interface eth0\n    virtual_router_id 1\n    virtual_ipaddress {\n        ${NET}.10\n    }\n}\nvirtual_server 192.0.2.10 80 {\n    lb_kind DR\n}\n');
      const sh = path.join(d, 'rs.sh');
      fs.writeFileSync(sh, '#!/bin/sh\nA=192.0.2\nip addr add $A.10/32 dev lo\n');
      const w = analyzeWorkspace([conf, { path: sh, kind: 'shell' }], new NodeHost());
      const c = [...w.roots.values()][0].config;
      const s: NavWorkspace = { configs: [c], snippets: [...w.snippets.values()].map((x) => x.snippet) };
      const r = renameAt(s, c, conf, { line: 8, character: 17 }, '192.0.2.20');
      expect(r).toMatchObject({ error: expect.stringMatching(/comes from `\$NET`.*does not hold it as a whole word/) });
      expect(referencesAt(s, c, conf, { line: 8, character: 17 }).length).toBe(3);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('names produced by ~SEQ', () => {
  it('are found and navigable, and a rename is refused at prepareRename with the reason', () => {
    const files: Record<string, string> = { '/s/keepalived.conf': '~SEQ(i,1,2) vrrp_script chk_$i { script /bin/true }\nvrrp_instance V {\n    interface eth0\n    virtual_router_id 1\n    track_script {\n        chk_2\n    }\n}\n' };
    const w = analyzeWorkspace(['/s/keepalived.conf'], new NodeHost((f) => files[f]));
    const c = [...w.roots.values()][0].config;
    const s: NavWorkspace = { configs: [c], snippets: [] };
    const p = { line: 5, character: 10 };
    expect(definitionAt(s, c, '/s/keepalived.conf', p).map((l) => l.range.start.line)).toEqual([0]);
    expect(prepareRenameAt(s, c, '/s/keepalived.conf', p)).toMatchObject({ error: expect.stringContaining('~SEQ') });
  });
});

describe('outline and workspace symbols', () => {
  it('keepalived.conf: global_defs, scripts, instances with their VIPs, the sync group, the include', () => {
    const syms = keepalivedSymbols(cfgOf('lb/master/keepalived.conf')!, P('lb/master/keepalived.conf'));
    expect(syms.map((s) => `${s.kind} ${s.name}`)).toEqual(['namespace global_defs', 'function chk_nginx', 'file tf_maint', 'event tp_nginx', 'class VI_WEB', 'namespace VG_WEB', 'file include conf.d/*.conf']);
    const inst = syms.find((s) => s.name === 'VI_WEB')!;
    expect(inst.detail).toBe('vrrp_instance · MASTER · VRID 51 · priority 150 · eth0');
    expect(inst.children!.map((c) => `${c.name} ${c.detail}`)).toEqual(['192.0.2.10/32 dev eth0', '192.0.2.11/32 dev eth0']);
    expect(inst.range).toEqual({ start: { line: 22, character: 0 }, end: { line: 40, character: 1 } });
    expect(inst.selectionRange).toEqual({ start: { line: 22, character: 14 }, end: { line: 22, character: 20 } });
  });
  it('an included file: virtual servers with labels and real servers as children', () => {
    const syms = keepalivedSymbols(cfgOf('lb/master/conf.d/web.conf')!, P('lb/master/conf.d/web.conf'));
    expect(syms.map((s) => s.name)).toEqual(['VSG_WEB', 'group VSG_WEB TCP DR', '192.0.2.10:443 TCP DR']);
    expect(syms[0].children!.map((c) => c.name)).toEqual(['192.0.2.10 80', '192.0.2.11 80']);
    expect(syms[2].children!.map((c) => c.name)).toEqual(['10.0.0.11:443 weight 1', '10.0.0.12:443 weight 1']);
    expect(syms[1].children!.map((c) => `${c.name} (${c.detail})`)).toEqual(['10.0.0.11:80 weight 2 (real_server · FILE_CHECK)']);
    expect(syms[2].children![1].range.start.line).toBe(syms[2].children![1].range.end.line);
  });
  it('real-server files: addresses, sysctl settings and rules', () => {
    const sh = ws.snippets.find((s) => s.file.endsWith('lvs-dr.sh'))!;
    expect(snippetSymbols(sh).map((s) => s.name)).toEqual(['192.0.2.10/32', 'iptables -t nat -A PREROUTING -d $v -p tcp -j REDIRECT']);
    const arp = ws.snippets.find((s) => s.file.endsWith('arptables'))!;
    expect(snippetSymbols(arp).map((s) => s.name)).toEqual([':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -d 192.0.2.10 -j DROP', '-A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.0.12']);
  });
  it('workspace symbols: every root and real-server file, by subsequence', () => {
    const names = (q: string) => workspaceSymbols(ws.configs, ws.snippets, q).map((s) => `${s.name} ${path.relative(dir, s.file)}`);
    expect(names('VI_WEB').sort()).toEqual(['VI_WEB lb/backup/keepalived.conf', 'VI_WEB lb/master/keepalived.conf']);
    expect(names('443')).toEqual(['192.0.2.10:443 TCP DR lb/master/conf.d/web.conf', '10.0.0.11:443 weight 1 lb/master/conf.d/web.conf', '10.0.0.12:443 weight 1 lb/master/conf.d/web.conf']);
    expect(names('lo:0').sort()).toEqual(['192.0.2.10/32 on lo:0 realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0', '192.0.2.10/32 on lo:0 realservers/10.0.0.11/lvs-dr.sh']);
    const files: Record<string, string> = { '/w/rs/10.0.0.11/etc/sysctl.d/90-lvs.conf': 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n' };
    const sw = analyzeWorkspace([{ path: '/w/rs/10.0.0.11/etc/sysctl.d/90-lvs.conf', kind: 'sysctl' }], new NodeHost((f) => files[f]));
    const sy = workspaceSymbols([], [...sw.snippets.values()].map((x) => x.snippet), 'arp_ign');
    expect(sy.map((x) => `${x.name} (${x.container}) ${x.range.start.line}`)).toEqual(['net.ipv4.conf.all.arp_ignore = 1 (90-lvs.conf) 0']);
    expect(names('chkngx').sort()).toEqual(['chk_nginx lb/backup/keepalived.conf', 'chk_nginx lb/master/keepalived.conf']);
  });
});

describe('document links', () => {
  it('one link per file the include pattern matched; a missing file gives none', () => {
    const c = cfgOf('lb/master/keepalived.conf')!;
    const links = includeLinks(c, P('lb/master/keepalived.conf'));
    expect(links.map((l) => [l.target, l.range.start.line, l.range.start.character, l.range.end.character])).toEqual([[P('lb/master/conf.d/web.conf'), 49, 8, 21]]);
    const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lvs-links-')));
    try {
      fs.mkdirSync(path.join(d, 'conf.d'));
      fs.writeFileSync(path.join(d, 'conf.d/a.conf'), '');
      fs.writeFileSync(path.join(d, 'conf.d/b.conf'), '');
      const root = path.join(d, 'keepalived.conf');
      fs.writeFileSync(root, 'include conf.d/*.conf\ninclude "missing.conf"\n');
      const w = analyzeWorkspace([root], new NodeHost());
      const l2 = includeLinks([...w.roots.values()][0].config, root);
      expect(l2.map((l) => [path.relative(d, l.target), l.tooltip])).toEqual([
        ['conf.d/a.conf', 'Open a.conf (match 1 of 2 of `conf.d/*.conf`)'],
        ['conf.d/b.conf', 'Open b.conf (match 2 of 2 of `conf.d/*.conf`)'],
      ]);
    } finally {
      fs.rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('folding and selection ranges', () => {
  it('blocks fold to the line before their `}`, one-line blocks do not fold, comments and includes fold as runs', () => {
    const f = keepalivedFolds(MASTER);
    expect(f).toContainEqual({ startLine: 0, endLine: 1, kind: 'comment' });
    expect(f).toContainEqual({ startLine: 22, endLine: 39 }); // vrrp_instance
    expect(f).toContainEqual({ startLine: 27, endLine: 29 }); // virtual_ipaddress
    expect(f).toContainEqual({ startLine: 42, endLine: 46 }); // sync group, its one-line track_script { } not folded
    expect(f.filter((x) => x.startLine === 46)).toEqual([]);
    const g = keepalivedFolds('include a.conf\n@lb1 include b.conf\nvrrp_script x\n{\n  script "/bin/true {"\n  interval 2 }\n$M=vrrp_script y { \\\n  script z\\\n}\n');
    expect(g).toEqual([
      { startLine: 0, endLine: 1, kind: 'imports' },
      { startLine: 2, endLine: 5 },
      { startLine: 6, endLine: 8, kind: 'region' },
    ]);
    // A block closed in another file (an include inside it) does not fold.
    expect(keepalivedFolds('virtual_server 192.0.2.10 80 {\n  include rs/*.conf\n')).toEqual([]);
  });
  it('real-server files: comment runs and saved rule tables', () => {
    expect(snippetFolds(ARPT, true)).toEqual([{ startLine: 0, endLine: 5 }]);
    expect(snippetFolds('#!/bin/sh\n# a\n# b\nip addr\n', false)).toEqual([{ startLine: 1, endLine: 2, kind: 'comment' }]);
  });
  it('selection grows word → statement → block → enclosing block', () => {
    const c = cfgOf('lb/master/keepalived.conf')!;
    const chain = keepalivedSelection(c, P('lb/master/keepalived.conf'), pos('lb/master/keepalived.conf', '192.0.2.11/32'));
    expect(chain.map((r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`)).toEqual(['29:8-29:21', '29:8-29:30', '27:4-30:5', '22:0-40:1']);
    const sh = ws.snippets.find((s) => s.file.endsWith('arptables'))!;
    expect(snippetSelection(sh, { line: 3, character: 12 }).map((r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`)).toEqual(['3:12-3:22', '3:0-3:30']);
  });
});

describe('navigation on any input', () => {
  it('never throws, at every position of broken configs and scripts', () => {
    const texts = [
      MASTER,
      MASTER.replace(/}/g, ''),
      MASTER.replace(/\{/g, ''),
      MASTER.replace(/\n/g, '\r\n'),
      MASTER.slice(0, 400) + '"unterminated { quote\n' + MASTER.slice(400),
      '@lb1 vrrp_instance X {\n@^lb1 state\n$A=1\n}}}}\n{{{{\n~SEQ(i,1,3) vrrp_instance VI_$i {\n}\n! comment {\n$M=a \\\n b \\\n',
      'virtual_server_group G {\n 192.0.2.10-20 80\n}\nvirtual_server group G {\n}\nvirtual_server ${X}.1 80 {\n}\n',
      '',
    ];
    const scripts = [RS_SH, RS_SH.replace(/"/g, ''), 'for v in $(cat f); do ip addr add $v/32 dev lo; done\n', 'VIPS=(192.0.2.10\n 192.0.2.11)\nip addr add ${VIPS[0]}/32 dev lo\n'];
    let n = 0;
    for (const text of texts) {
      for (const sh of scripts) {
        const files: Record<string, string> = { '/r/keepalived.conf': text, '/r/rs.sh': sh };
        const w = analyzeWorkspace(['/r/keepalived.conf', { path: '/r/rs.sh', kind: 'shell' }], new NodeHost((f) => files[f]));
        const c = [...w.roots.values()][0].config;
        const s: NavWorkspace = { configs: [c], snippets: [...w.snippets.values()].map((x) => x.snippet) };
        keepalivedSymbols(c, '/r/keepalived.conf');
        snippetSymbols(s.snippets[0]);
        keepalivedFolds(text);
        snippetFolds(sh, false);
        workspaceSymbols(s.configs, s.snippets, 'a');
        for (const [file, t] of [['/r/keepalived.conf', text], ['/r/rs.sh', sh]] as const) {
          const lines = t.split('\n');
          for (let line = 0; line <= lines.length; line++) {
            for (const character of [0, 1, 4, 8, 12, 20, 200]) {
              const p = { line, character };
              const cfg = file.endsWith('.conf') ? c : undefined;
              definitionAt(s, cfg, file, p);
              referencesAt(s, cfg, file, p);
              prepareRenameAt(s, cfg, file, p);
              renameAt(s, cfg, file, p, 'X_1');
              renameAt(s, cfg, file, p, '192.0.2.99');
              if (cfg) keepalivedSelection(cfg, file, p);
              else snippetSelection(s.snippets[0], p);
              n++;
            }
          }
        }
      }
    }
    expect(n).toBeGreaterThan(2000);
  });
});
