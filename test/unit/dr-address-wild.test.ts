/**
 * The DR address, arptables and iptables rules on the real world: every cluster folder of the wild corpus
 * (/work/shared/samples/wild/clusters/<name>/, director and real-server files of one repository) and the
 * real-server files without a director (/work/shared/samples/wild/realserver/) are analysed as the CLI analyses a
 * folder (resolveOperands + analyzeWorkspace). The findings of these rules must be exactly the mistakes listed
 * below (file, rule, 1-based line): the correct real-server files stay quiet, the mistakes the corpus README lists
 * are found.
 *
 * Not found, on purpose: shidg's ifcfg-lo:0 VIP (10.65.32.28 vs 10.10.8.88) is written by a heredoc inside
 * install.sh, a notes script that also runs ipvsadm (a director file); aminglinux's drift is between the ipvsadm
 * director script and keepalived.conf, while its real-server script agrees with keepalived.conf; zznan0o0's .5 is in
 * lvs.sh, which runs ipvsadm too.
 *
 * The seed's own commands (Red Hat Load Balancer Administration §3.2) are accepted: only the arptables_jf chain
 * names are reported, as information.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import { resolveOperands } from '../../server/src/core/workspace-files';
import type { Diagnostic } from '../../server/src/core/types';
import { applyEdits } from '../helpers/apply-edits';

const WILD = '/work/shared/samples/wild';
const RULES = new Set(['vip-on-arp-interface', 'vip-netmask', 'arptables-incomplete', 'arptables-jf-chains', 'arptables-not-saved', 'iptables-redirect', 'real-server-vip-drift']);

/** file (relative to the wild folder):line rule */
const EXPECTED = [
  // Director/real-server drift (wild README): the real-server VIP is not what keepalived.conf serves.
  'clusters/angeloyang-magic/lvs/lvs_real.sh:8 real-server-vip-drift',
  'clusters/bluevitality-lvs/LVS/DR_Real.sh:7 real-server-vip-drift',
  'clusters/bluevitality-lvs/LVS/README.dr-rs.sh:3 real-server-vip-drift',
  'clusters/bluevitality-lvs/LVS/README.dr-rs.sh:15 real-server-vip-drift',
  'clusters/bluevitality-lvs/LVS/README.tun-rs.sh:10 real-server-vip-drift',
  'clusters/chookin-notes/linux/ifcfg-lo:0:3 real-server-vip-drift',
  'clusters/zhangjja-dns/dns_keepalived/lvs_dr.sh:7 real-server-vip-drift',
  'clusters/zznan0o0-autoinstall/lvs/reboot_item.sh:4 real-server-vip-drift',
  // arptables_jf chain names IN/OUT (information).
  'clusters/hcc-unl-piranha/modules/lvs/files/lvsify_ftp.sh:5 arptables-jf-chains',
  'clusters/hcc-unl-piranha/modules/lvs/files/lvsify_squid.sh:5 arptables-jf-chains',
  'clusters/jgworks-vagrant-arptables/arptables:6 arptables-jf-chains',
  // The TUN real server's VIP on tunl0 with 255.255.255.0.
  'realserver/xwqiang-tun-real.sh:9 vip-netmask',
].sort();

function findings(dir: string): Diagnostic[] {
  const files = resolveOperands([dir]);
  const a = analyzeWorkspace(files, new NodeHost());
  return [...a.byFile.values()].flat().filter((d) => RULES.has(d.code));
}

const line = (d: Diagnostic): string => `${relative(WILD, d.file)}:${d.range.start.line + 1} ${d.code}`;

describe.skipIf(!existsSync(WILD))('DR address, arptables and iptables rules on the wild corpus', () => {
  const dirs = [
    ...readdirSync(join(WILD, 'clusters'))
      .sort()
      .map((n) => join(WILD, 'clusters', n)),
    join(WILD, 'realserver'),
  ];
  const all = dirs.flatMap((d) => findings(d));

  it('finds exactly the listed mistakes (file, rule, line)', () => {
    expect(all.map(line).sort()).toEqual(EXPECTED);
  });

  it('finds the same when the whole corpus is one workspace (unrelated clusters side by side)', () => {
    expect(findings(WILD).map(line).sort()).toEqual(EXPECTED);
  });

  it('reports drift as a warning on the real-server line, with the director\'s VIP as related information', () => {
    const chookin = all.find((d) => d.code === 'real-server-vip-drift' && d.file.endsWith('ifcfg-lo:0'))!;
    expect(chookin.severity).toBe('warning');
    expect(chookin.message).toContain('10.1.0.102');
    expect(chookin.message).toContain('10.1.0.100');
    expect(chookin.related?.some((r) => r.location.file.includes('chookin-notes/keepalived/') && r.message.includes('10.1.0.100'))).toBe(true);
  });

  it('never reports an error in a keepalived config', () => {
    expect(all.filter((d) => d.severity === 'error' && !/\.(sh|local)$|ifcfg-|arptables|iptables/.test(d.file))).toEqual([]);
  });
});

describe('the seed commands (Red Hat Load Balancer Administration §3.2)', () => {
  const DIRECTOR = [
    'vrrp_instance VI_1 {',
    '    state MASTER',
    '    interface eth0',
    '    virtual_router_id 51',
    '    priority 150',
    '    virtual_ipaddress {',
    '        192.0.2.10/24 dev eth0',
    '    }',
    '}',
    'virtual_server 192.0.2.10 80 {',
    '    lb_algo wlc',
    '    lb_kind DR',
    '    protocol TCP',
    '    real_server 192.0.2.21 80 {',
    '    }',
    '    real_server 192.0.2.22 80 {',
    '    }',
    '}',
    '',
  ].join('\n');
  const texts: Record<string, string> = {
    '/ws/keepalived.conf': DIRECTOR,
    // 1. arptables_jf
    '/ws/realservers/192.0.2.21/arp.sh': [
      '#!/bin/sh',
      'arptables -A IN -d 192.0.2.10 -j DROP',
      'arptables -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21',
      'service arptables_jf save',
      'chkconfig --level 2345 arptables_jf on',
      'ip addr add 192.0.2.10 dev eth0',
      '',
    ].join('\n'),
    // 2. iptables
    '/ws/realservers/192.0.2.22/redirect.sh': [
      '#!/bin/sh',
      'iptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT',
      'service iptables save',
      'chkconfig --level 2345 iptables on',
      '',
    ].join('\n'),
  };

  it('are accepted: only the arptables_jf chain names, as information', () => {
    const a = analyzeWorkspace(
      [
        { path: '/ws/keepalived.conf', kind: 'keepalived' },
        { path: '/ws/realservers/192.0.2.21/arp.sh', kind: 'shell' },
        { path: '/ws/realservers/192.0.2.22/redirect.sh', kind: 'shell' },
      ],
      new NodeHost((f) => texts[f]),
    );
    const mine = [...a.byFile.values()].flat().filter((d) => RULES.has(d.code));
    expect(mine.map((d) => `${d.file}:${d.range.start.line + 1} ${d.severity} ${d.code}`)).toEqual(['/ws/realservers/192.0.2.21/arp.sh:2 information arptables-jf-chains']);
  });

  it('the sysctl method with the VIP on eth0 is an error; on lo it is not', () => {
    const run = (dev: string) =>
      [
        ...analyzeWorkspace(
          [
            { path: '/ws/keepalived.conf', kind: 'keepalived' },
            { path: '/ws/realservers/192.0.2.21/rs.sh', kind: 'shell' },
          ],
          new NodeHost(
            (f) =>
              ({
                '/ws/keepalived.conf': DIRECTOR,
                '/ws/realservers/192.0.2.21/rs.sh': `#!/bin/sh\necho 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce\nip addr add 192.0.2.10/32 dev ${dev}\n`,
              })[f],
          ),
        ).byFile.values(),
      ]
        .flat()
        .filter((d) => d.code === 'vip-on-arp-interface')
        .map((d) => `${d.range.start.line + 1} ${d.severity}`);
    expect(run('eth0')).toEqual(['4 error']);
    expect(run('lo')).toEqual([]);
  });
});

describe('fixes on real-server lines', () => {
  const DIRECTOR = 'virtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 192.0.2.21 80 {\n    }\n}\n';
  const run = (script: string) => {
    const texts: Record<string, string> = { '/ws/keepalived.conf': DIRECTOR, '/ws/rs/192.0.2.21/rs.sh': script };
    const a = analyzeWorkspace(
      [
        { path: '/ws/keepalived.conf', kind: 'keepalived' },
        { path: '/ws/rs/192.0.2.21/rs.sh', kind: 'shell' },
      ],
      new NodeHost((f) => texts[f]),
    );
    return [...a.byFile.values()].flat().filter((d) => RULES.has(d.code));
  };
  const fixed = (script: string, code: string, title: RegExp): string => {
    const d = run(script).find((x) => x.code === code)!;
    const f = d.fixes!.find((x) => title.test(x.title))!;
    return applyEdits(script, f.edits);
  };

  it('moves an ifconfig alias of eth0 to lo with a host netmask', () => {
    const s = '#!/bin/sh\nifconfig eth0:1 192.0.2.10 netmask 255.255.255.0 up\n';
    expect(fixed(s, 'vip-on-arp-interface', /on lo/)).toBe('#!/bin/sh\nifconfig lo:1 192.0.2.10 netmask 255.255.255.255 up\n');
  });

  it('moves a bare ifconfig eth0 address to lo:0 (not lo itself, whose 127.0.0.1 it would replace)', () => {
    const s = 'ifconfig eth0 192.0.2.10 up\n';
    expect(fixed(s, 'vip-on-arp-interface', /on lo/)).toBe('ifconfig lo:0 192.0.2.10 netmask 255.255.255.255 up\n');
  });

  it('hides the VIP with the two arptables rules, keeping $VIP as written', () => {
    const s = 'VIP=192.0.2.10\nip addr add $VIP/24 dev eth0\n';
    expect(fixed(s, 'vip-on-arp-interface', /arptables/)).toBe(
      'VIP=192.0.2.10\nip addr add $VIP/24 dev eth0\narptables -A INPUT -d $VIP -j DROP\narptables -A OUTPUT -s $VIP -j mangle --mangle-ip-s 192.0.2.21\n',
    );
  });

  it('a VIP on eth0 that a REDIRECT rule also takes is iptables-redirect\'s finding (redundant VIP), not vip-on-arp-interface\'s', () => {
    const got = run('iptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT\nip addr add 192.0.2.10/32 dev eth0\n').map((d) => `${d.range.start.line + 1} ${d.severity} ${d.code}`);
    expect(got).toEqual(['2 warning iptables-redirect']);
  });

  it('never edits a value that came from a variable', () => {
    const d = run('MASK=255.255.255.0\nifconfig lo:0 192.0.2.10 netmask $MASK up\n').find((x) => x.code === 'vip-netmask')!;
    expect(d.severity).toBe('error');
    expect((d.fixes ?? []).filter((f) => !f.title.startsWith('Disable'))).toEqual([]);
  });

  it('adds the missing arptables half in the style of the other one (arptables_jf names stay)', () => {
    const s = 'arptables -A IN -d 192.0.2.10 -j DROP\nservice arptables_jf save\n';
    expect(fixed(s, 'arptables-incomplete', /OUTPUT/)).toBe('arptables -A IN -d 192.0.2.10 -j DROP\narptables -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21\nservice arptables_jf save\n');
  });

  it('writes -s for the -d of the old OUTPUT rule', () => {
    const s = 'arptables -A INPUT -d 192.0.2.10 -j DROP\narptables -A OUTPUT -d 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21\nservice arptables_jf save\n';
    expect(fixed(s, 'arptables-incomplete', /sender/)).toBe(s.replace('OUTPUT -d', 'OUTPUT -s'));
  });

  it('puts a REDIRECT command in the nat table', () => {
    const s = 'iptables -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT\n';
    expect(fixed(s, 'iptables-redirect', /nat table/)).toBe('iptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT\n');
  });
});
