/**
 * The sysctl-side DR rules (arp-not-hidden, arp-sysctl-ineffective, sysctl-overridden-by-all, tun-rp-filter,
 * nat-ip-forward, sysctl-commented-out, real-server-ip-forward) on the real world: every cluster folder of the wild
 * corpus (test/corpus/wild/clusters/<name>/, a copy of shared/samples/wild) and its folder of real-server files
 * without a director (realserver/), each analysed as one workspace as `lvs-lint FOLDER` does. The correct real-server
 * files stay quiet; the sysctl mistakes the corpus README lists are found (file, rule, line):
 *
 * - shidg: the LVS lines of sysctl.conf are commented out, and the script's heredoc for the real servers is fed to
 *   `echo` (which ignores it): the DR real servers hide nothing;
 * - chookin: rs-arp.sh sets arp_ignore/arp_announce only on lo, with the all lines commented out (its real servers
 *   are NAT ones, so a warning);
 * - zillow's VMAC sysctl fragment (arp_announce 1, all + default) is a director's: no finding;
 * - the init scripts that set lo and all, and reset them in their stop branch, are correct.
 * Plus the seed's own commands (Red Hat: `echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore`, the eth0 variant,
 * sysctl.d lines) in small synthetic workspaces.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import { detectKind } from '../../server/src/core/detect';
import { walkFolder } from '../../server/src/core/workspace-files';
import type { Diagnostic } from '../../server/src/core/types';
import { REPO } from '../helpers/fixtures';
import { applyEdits } from '../helpers/apply-edits';

const RULES = new Set(['arp-not-hidden', 'arp-sysctl-ineffective', 'sysctl-overridden-by-all', 'tun-rp-filter', 'nat-ip-forward', 'sysctl-commented-out', 'real-server-ip-forward']);
const WILD = join(REPO, 'test/corpus/wild');

/** `file:line severity rule` for the findings of the rules above, in a folder analysed as the CLI does. */
function findings(dir: string): string[] {
  const files = walkFolder(dir);
  const ws = analyzeWorkspace(files.map((f) => ({ path: f.path, kind: f.kind })), new NodeHost());
  const out: string[] = [];
  for (const ds of ws.byFile.values()) for (const d of ds) if (RULES.has(d.code)) out.push(`${relative(dir, d.file)}:${d.range.start.line + 1} ${d.severity} ${d.code}`);
  return out.sort();
}

/** What the wild clusters must report (1-based lines); every other cluster reports nothing from these rules. */
const EXPECTED: Record<string, string[]> = {
  'chookin-notes': ['linux/rs-arp.sh:1 warning arp-sysctl-ineffective', 'linux/rs-arp.sh:2 warning arp-sysctl-ineffective'],
  'shidg-note': ['sysctl/sysctl.conf:1 error arp-not-hidden', 'sysctl/sysctl.conf:24 warning sysctl-commented-out', 'sysctl/sysctl.conf:25 warning sysctl-commented-out'],
};

describe('sysctl DR rules on the wild clusters', () => {
  const clusters = readdirSync(join(WILD, 'clusters')).sort();
  it('the corpus has its cluster folders', () => {
    expect(clusters.length).toBeGreaterThanOrEqual(20);
    for (const name of Object.keys(EXPECTED)) expect(clusters).toContain(name);
  });
  for (const name of clusters) {
    it(`${name}: ${EXPECTED[name] ? EXPECTED[name].length + ' findings' : 'quiet'}`, () => {
      expect(findings(join(WILD, 'clusters', name))).toEqual(EXPECTED[name] ?? []);
    });
  }

  it('shidg: the finding says why (commented-out lines, both real servers)', () => {
    const dir = join(WILD, 'clusters/shidg-note');
    const ws = analyzeWorkspace(walkFolder(dir).map((f) => ({ path: f.path, kind: f.kind })), new NodeHost());
    const d = [...ws.byFile.values()].flat().find((x) => x.code === 'arp-not-hidden')!;
    expect(d.message).toContain('192.168.11.130 and 192.168.11.131');
    expect(d.message).toContain('commented out');
    const c = [...ws.byFile.values()].flat().filter((x) => x.code === 'sysctl-commented-out');
    expect(c.map((x) => x.fixes?.[0]?.title)).toEqual([
      'Uncomment net.ipv4.conf.all.arp_ignore = 1 and the other commented-out ARP line of this file',
      'Uncomment net.ipv4.conf.all.arp_announce = 2 and the other commented-out ARP line of this file',
    ]);
  });

  it("shidg: the fixes work on the CRLF sysctl.conf, and the real servers then hide their VIP", () => {
    const dir = join(WILD, 'clusters/shidg-note');
    const found = walkFolder(dir);
    const run = (overlay: Record<string, string>) =>
      [...analyzeWorkspace(found.map((f) => ({ path: f.path, kind: f.kind })), new NodeHost((f) => overlay[f])).byFile.values()].flat().filter((x) => RULES.has(x.code));
    const sysctl = join(dir, 'sysctl/sysctl.conf');
    const text = readFileSync(sysctl, 'utf8');
    expect(text).toContain('\r\n');
    for (const code of ['arp-not-hidden', 'sysctl-commented-out']) {
      const fix = run({}).find((x) => x.code === code)!.fixes![0];
      const fixed = applyEdits(text, fix.edits);
      expect(fixed.replace(/\r\n/g, ''), `${code}: no bare line feed`).not.toContain('\n');
      expect(run({ [sysctl]: fixed }), code).toEqual([]);
    }
  });

  it('chookin: the fix rewrites lo to all in the /proc path', () => {
    const dir = join(WILD, 'clusters/chookin-notes');
    const ws = analyzeWorkspace(walkFolder(dir).map((f) => ({ path: f.path, kind: f.kind })), new NodeHost());
    const d = ws.byFile.get(join(dir, 'linux/rs-arp.sh'))!.filter((x) => x.code === 'arp-sysctl-ineffective');
    expect(d[0].message).toContain('The all line is commented out (in rs-arp.sh)');
    expect(d[0].related?.[0].location.range.start).toEqual({ line: 3, character: 2 });
    expect(d.map((x) => x.fixes![0].edits[0])).toEqual([
      { file: join(dir, 'linux/rs-arp.sh'), range: { start: { line: 0, character: 33 }, end: { line: 0, character: 35 } }, newText: 'all' },
      { file: join(dir, 'linux/rs-arp.sh'), range: { start: { line: 1, character: 33 }, end: { line: 1, character: 35 } }, newText: 'all' },
    ]);
  });
});

describe('sysctl DR rules on the wild real-server files without a director', () => {
  it('every file stays quiet (lo + all scripts, the TUN script, zillow VMAC all + default with arp_announce 1)', () => {
    expect(findings(join(WILD, 'realserver'))).toEqual([]);
  });
});

/** Analyse in-memory files (absolute paths under a fake folder) as one workspace. */
function analyzeTexts(files: Record<string, string>): Diagnostic[] {
  const host = new NodeHost((f) => files[f]);
  const ws = analyzeWorkspace(
    Object.keys(files).map((path) => ({ path, kind: detectKind(path, files[path]) ?? 'keepalived' })),
    host,
  );
  return [...ws.byFile.values()].flat().filter((d) => RULES.has(d.code));
}

const ROOT = '/nonexistent/lvs-seed';
const DIRECTOR = `vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        192.0.2.10/32 dev eth0
    }
}
virtual_server 192.0.2.10 80 {
    lb_algo wlc
    lb_kind DR
    protocol TCP
    real_server 10.0.0.11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
`;

describe("the seed's sysctl method (Red Hat Load Balancer Administration 3.2)", () => {
  it('echo 1 > .../all/arp_ignore and echo 2 > .../all/arp_announce are accepted', () => {
    const d = analyzeTexts({
      [`${ROOT}/keepalived.conf`]: DIRECTOR,
      [`${ROOT}/realservers/10.0.0.11/realserver.sh`]: '#!/bin/sh\nip addr add 192.0.2.10/32 dev lo\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce\n',
    });
    expect(d).toEqual([]);
  });

  it('the eth0 variant (commands and /etc/sysctl.d/arp.conf lines) is accepted', () => {
    const d = analyzeTexts({
      [`${ROOT}/keepalived.conf`]: DIRECTOR,
      [`${ROOT}/realservers/10.0.0.11/realserver.sh`]: '#!/bin/sh\nip addr add 192.0.2.10/32 dev lo\necho 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce\n',
      [`${ROOT}/realservers/10.0.0.11/etc/sysctl.d/arp.conf`]: 'net.ipv4.conf.eth0.arp_ignore = 1\nnet.ipv4.conf.eth0.arp_announce = 2\n',
    });
    expect(d).toEqual([]);
  });

  it('the arptables and iptables methods need no sysctls', () => {
    const d = analyzeTexts({
      [`${ROOT}/keepalived.conf`]: DIRECTOR,
      [`${ROOT}/realservers/10.0.0.11/rs.sh`]:
        '#!/bin/sh\nip addr add 192.0.2.10/32 dev eth0\narptables -A INPUT -d 192.0.2.10 -j DROP\narptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.0.11\n',
    });
    expect(d).toEqual([]);
    const r = analyzeTexts({
      [`${ROOT}/keepalived.conf`]: DIRECTOR,
      [`${ROOT}/realservers/10.0.0.11/rs.sh`]: '#!/bin/sh\niptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT\n',
    });
    expect(r).toEqual([]);
  });

  it('arp_ignore 3 is accepted for a VIP added with scope host', () => {
    const files = {
      [`${ROOT}/keepalived.conf`]: DIRECTOR,
      [`${ROOT}/realservers/10.0.0.11/realserver.sh`]: '#!/bin/sh\nip addr add 192.0.2.10/32 dev lo scope host\nsysctl -w net.ipv4.conf.all.arp_ignore=3\nsysctl -w net.ipv4.conf.all.arp_announce=2\n',
    };
    expect(analyzeTexts(files)).toEqual([]);
    files[`${ROOT}/realservers/10.0.0.11/realserver.sh`] = files[`${ROOT}/realservers/10.0.0.11/realserver.sh`].replace(' scope host', '');
    expect(analyzeTexts(files).map((d) => `${d.range.start.line} ${d.severity} ${d.code}`)).toEqual(['2 error arp-not-hidden']);
  });

  it("zillow's VMAC fragment beside a use_vmac director is the director's, not its real servers'", () => {
    const vmac = readFileSync(join(WILD, 'realserver/zillow-21-keepalived-vmac.sysctl.conf'), 'utf8');
    const director = DIRECTOR.replace('    interface eth0\n', '    interface eth0\n    use_vmac\n');
    const files = {
      [`${ROOT}/keepalived.conf`]: director,
      [`${ROOT}/sysctl.d/21-keepalived-vmac.conf`]: vmac,
      [`${ROOT}/realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf`]: 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n',
    };
    expect(analyzeTexts(files)).toEqual([]);
    // Without its own settings the real server hides nothing: the director's arp_announce = 1 does not count for it.
    files[`${ROOT}/realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf`] = 'net.ipv4.ip_forward = 0\n';
    expect(analyzeTexts(files).map((d) => `${relative(ROOT, d.file)} ${d.severity} ${d.code}`)).toEqual(['realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf error arp-not-hidden']);
  });

  it("outsrkem's heredoc that overwrites sysctl.conf turns on ip_forward on a real server: information", () => {
    // The commands of clusters/outsrkem-script/keepalived/REDAME (a notes file, not a script), run as a real server's script.
    const script = '#!/bin/sh\ncat << EOF >  /etc/sysctl.conf\nnet.ipv4.ip_forward = 1\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2\nEOF\n';
    const d = analyzeTexts({ [`${ROOT}/keepalived.conf`]: DIRECTOR, [`${ROOT}/realservers/10.0.0.11/rs.sh`]: script });
    expect(d.map((x) => `${x.range.start.line} ${x.severity} ${x.code}`)).toEqual(['2 information real-server-ip-forward']);
  });

  it("systemd's 50-default.conf glob with its -all exclusion does not count as all", () => {
    const tun = DIRECTOR.replace('lb_kind DR', 'lb_kind TUN');
    const vendor = 'net.ipv4.conf.default.rp_filter = 2\nnet.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n';
    const files = {
      [`${ROOT}/keepalived.conf`]: tun,
      [`${ROOT}/realservers/10.0.0.11/usr/lib/sysctl.d/50-default.conf`]: vendor,
      [`${ROOT}/realservers/10.0.0.11/etc/sysctl.d/90-lvs-tun.conf`]: 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\nnet.ipv4.conf.tunl0.rp_filter = 0\n',
    };
    expect(analyzeTexts(files)).toEqual([]);
    // Without the exclusion the glob sets all to 2: tunl0's 0 is overridden (loose filtering stays, which TUN survives).
    files[`${ROOT}/realservers/10.0.0.11/usr/lib/sysctl.d/50-default.conf`] = vendor.replace('-net.ipv4.conf.all.rp_filter\n', '');
    expect(analyzeTexts(files).map((d) => `${relative(ROOT, d.file)}:${d.range.start.line} ${d.code}`)).toEqual(['realservers/10.0.0.11/etc/sysctl.d/90-lvs-tun.conf:2 sysctl-overridden-by-all']);
  });

  it('without a director, files under one <host>/etc/ tree are checked together; files of a flat folder one by one', () => {
    const lo = 'net.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2\n';
    const all = 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n';
    expect(analyzeTexts({ [`${ROOT}/web1/etc/sysctl.conf`]: lo, [`${ROOT}/web1/etc/sysctl.d/91-lvs.conf`]: all })).toEqual([]);
    const d = analyzeTexts({ [`${ROOT}/notes/web1-sysctl.conf`]: lo, [`${ROOT}/notes/web2-sysctl.conf`]: all });
    expect(d.map((x) => `${relative(ROOT, x.file)}:${x.range.start.line} ${x.severity} ${x.code}`)).toEqual([
      'notes/web1-sysctl.conf:0 warning arp-sysctl-ineffective',
      'notes/web1-sysctl.conf:1 warning arp-sysctl-ineffective',
    ]);
  });

  it("a '#' comment hides the settings too (the fixtures use ';')", () => {
    const d = analyzeTexts({
      [`${ROOT}/keepalived.conf`]: DIRECTOR,
      [`${ROOT}/realservers/10.0.0.11/etc/sysctl.d/arp.conf`]: '# LVS\n#net.ipv4.conf.all.arp_ignore = 1\n# net.ipv4.conf.all.arp_announce = 2\nnet.ipv4.ip_forward = 0\n',
    });
    // Nothing on the host hides the VIP: reported at the start of the file (it holds no VIP address to point at).
    expect(d.map((x) => `${x.range.start.line}:${x.range.start.character} ${x.severity} ${x.code}`).sort()).toEqual([
      '0:0 error arp-not-hidden',
      '1:1 warning sysctl-commented-out',
      '2:2 warning sysctl-commented-out',
    ]);
  });
});
