/**
 * sysctl file parser (server/src/core/realserver/sysctl.ts): sysctl.d(5) syntax, separators, globs, CRLF,
 * commented-out LVS settings, suppression comments, the wild corpus' real files and bad input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSysctl, splitSysctlKey } from '../../server/src/core/realserver/sysctl';
import type { Location } from '../../server/src/core/types';

const WILD = join(__dirname, '../corpus/wild');
const F = '/etc/sysctl.d/90-lvs.conf';

/** The characters a location covers (single-line locations). */
function slice(text: string, l: Location): string {
  const lines = text.split(/\r\n|\r|\n/);
  return lines[l.range.start.line]!.slice(l.range.start.character, l.range.end.character);
}

describe('parseSysctl', () => {
  it('reads the Red Hat arp.conf settings with exact ranges', () => {
    const text = 'net.ipv4.conf.eth0.arp_ignore = 1\nnet.ipv4.conf.eth0.arp_announce = 2\n';
    const s = parseSysctl(F, text);
    expect(s.kind).toBe('sysctl');
    expect(s.sysctls).toHaveLength(2);
    const [a, b] = s.sysctls;
    expect(a).toMatchObject({
      key: 'net.ipv4.conf.eth0.arp_ignore',
      name: 'arp_ignore',
      numeric: 1,
      via: 'sysctl-file',
      persistence: 'persistent',
      phase: 'setup',
      conf: { family: 4, iface: 'eth0', name: 'arp_ignore' },
    });
    expect(slice(text, a!.keyToken.loc)).toBe('net.ipv4.conf.eth0.arp_ignore');
    expect(slice(text, a!.valueToken.loc)).toBe('1');
    expect(slice(text, a!.conf!.ifaceLoc)).toBe('eth0');
    expect(slice(text, a!.loc)).toBe('net.ipv4.conf.eth0.arp_ignore = 1');
    expect(b!.valueToken.loc.range.start.line).toBe(1);
    expect(b!.numeric).toBe(2);
  });

  it('handles optional whitespace, tabs, indentation and values with spaces', () => {
    const text = 'net.ipv4.ip_forward=1\n\tnet.ipv4.conf.all.arp_ignore\t=\t1  \nnet.ipv4.ip_local_port_range = 1024 65000\nkernel.core_pattern=/Data/core-%e\n';
    const s = parseSysctl(F, text);
    expect(s.sysctls.map((x) => [x.key, x.valueToken.text])).toEqual([
      ['net.ipv4.ip_forward', '1'],
      ['net.ipv4.conf.all.arp_ignore', '1'],
      ['net.ipv4.ip_local_port_range', '1024 65000'],
      ['kernel.core_pattern', '/Data/core-%e'],
    ]);
    expect(s.sysctls[0]!.conf).toBeUndefined();
    expect(s.sysctls[0]!.name).toBe('ip_forward');
    expect(slice(text, s.sysctls[1]!.keyToken.loc)).toBe('net.ipv4.conf.all.arp_ignore');
    expect(slice(text, s.sysctls[1]!.valueToken.loc)).toBe('1');
    expect(slice(text, s.sysctls[2]!.valueToken.loc)).toBe('1024 65000');
    expect(s.sysctls[2]!.numeric).toBeUndefined();
  });

  it('reads slash keys with literal dots, and slashes in dotted keys as dots (VLAN names)', () => {
    const text = 'net/ipv4/conf/eth0.100/arp_ignore = 1\nnet.ipv4.conf.ens7f1/57.arp_filter = 1\nnet/ipv6/conf/all/forwarding=1\n';
    const s = parseSysctl(F, text);
    expect(s.sysctls[0]!.key).toBe('net.ipv4.conf.eth0.100.arp_ignore');
    expect(s.sysctls[0]!.conf).toMatchObject({ family: 4, iface: 'eth0.100', name: 'arp_ignore' });
    expect(slice(text, s.sysctls[0]!.conf!.ifaceLoc)).toBe('eth0.100');
    expect(s.sysctls[1]!.conf).toMatchObject({ iface: 'ens7f1.57', name: 'arp_filter' });
    expect(slice(text, s.sysctls[1]!.conf!.ifaceLoc)).toBe('ens7f1/57');
    expect(s.sysctls[2]!.conf).toMatchObject({ family: 6, iface: 'all', name: 'forwarding' });
  });

  it('reads globs, ignore-failure and exclusions', () => {
    const text = 'net.ipv4.conf.default.rp_filter = 2\nnet.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.all.rp_filter\n-net.ipv4.conf.lo.arp_ignore = 1\n';
    const s = parseSysctl(F, text);
    expect(s.sysctls).toHaveLength(3);
    expect(s.sysctls[1]!.conf!.iface).toBe('*');
    expect(s.sysctls[2]).toMatchObject({ key: 'net.ipv4.conf.lo.arp_ignore', ignoreFailure: true, numeric: 1 });
    expect(slice(text, s.sysctls[2]!.keyToken.loc)).toBe('net.ipv4.conf.lo.arp_ignore');
    expect(s.sysctls[1]!.ignoreFailure).toBeUndefined();
    expect(s.sysctlExclusions!.map((t) => t.text)).toEqual(['net.ipv4.conf.all.rp_filter']);
    expect(slice(text, s.sysctlExclusions![0]!.loc)).toBe('net.ipv4.conf.all.rp_filter');
  });

  it('skips comments and non-assignments, keeps commented-out LVS settings apart', () => {
    const text = [
      '# comment = not a setting',
      '; net.ipv4.conf.all.arp_ignore = 1',
      '#net.ipv4.conf.all.arp_announce = 2',
      '## net.ipv4.ip_forward=1',
      '#net.ipv4.tcp_syncookies = 1',
      '# see net.ipv4.conf.all.rp_filter for details',
      'garbage line',
      'net.ipv4.conf.all.arp_ignore = 1 # trailing text is part of the value',
    ].join('\n');
    const s = parseSysctl(F, text);
    expect(s.sysctls).toHaveLength(1);
    expect(s.sysctls[0]!.valueToken.text).toBe('1 # trailing text is part of the value');
    expect(s.sysctls[0]!.numeric).toBeUndefined();
    const c = s.commentedSysctls!;
    expect(c.map((x) => [x.key, x.valueToken.text])).toEqual([
      ['net.ipv4.conf.all.arp_ignore', '1'],
      ['net.ipv4.conf.all.arp_announce', '2'],
      ['net.ipv4.ip_forward', '1'],
    ]);
    expect(slice(text, c[1]!.keyToken.loc)).toBe('net.ipv4.conf.all.arp_announce');
    expect(slice(text, c[1]!.valueToken.loc)).toBe('2');
    expect(slice(text, c[2]!.loc)).toBe('net.ipv4.ip_forward=1');
  });

  it('reads suppression comments', () => {
    const text = '# lvs-config-disable-next-line arp-ignore-all\nnet.ipv4.conf.lo.arp_ignore = 1\n';
    const s = parseSysctl(F, text);
    expect(s.directives).toMatchObject([{ kind: 'next-line', rules: ['arp-ignore-all'], line: 0 }]);
    expect(s.sysctls).toHaveLength(1);
  });

  it('splits keys', () => {
    expect(splitSysctlKey('kernel.sysrq').key).toBe('kernel.sysrq');
    expect(splitSysctlKey('a/b.c/d').parts.map((p) => p.text)).toEqual(['a', 'b.c', 'd']);
    expect(splitSysctlKey('a.b/c.d').parts.map((p) => p.text)).toEqual(['a', 'b.c', 'd']);
  });
});

describe('wild sysctl files', () => {
  it('shidg sysctl.conf: CRLF, Chinese comments, the LVS lines commented out', () => {
    const text = readFileSync(join(WILD, 'clusters/shidg-note/sysctl/sysctl.conf'), 'utf8');
    const s = parseSysctl('/etc/sysctl.conf', text);
    const fwd = s.sysctls.find((x) => x.key === 'net.ipv4.ip_forward')!;
    expect(fwd.numeric).toBe(0);
    expect(fwd.valueToken.text).toBe('0');
    expect(slice(text, fwd.loc)).toBe('net.ipv4.ip_forward = 0');
    const rp = s.sysctls.filter((x) => x.name === 'rp_filter');
    expect(rp.map((x) => [x.conf!.iface, x.numeric])).toEqual([['all', 1], ['default', 1]]);
    expect(s.sysctls.find((x) => x.key === 'kernel.shmmax')!.valueToken.text).toBe('4294967296');
    expect(s.sysctls.find((x) => x.key === 'kernel.core_pattern')!.valueToken.text).toBe('/Data/corefiles/core-%e-%s-%u-%g-%p-%t');
    expect(s.commentedSysctls!.map((x) => `${x.key}=${x.valueToken.text}`)).toEqual([
      'net.ipv4.conf.all.rp_filter=0',
      'net.ipv4.conf.default.rp_filter=0',
      'net.ipv4.conf.lo.arp_ignore=1',
      'net.ipv4.conf.lo.arp_announce=2',
      'net.ipv4.conf.all.arp_ignore=1',
      'net.ipv4.conf.all.arp_announce=2',
    ]);
    for (const x of s.sysctls) expect(x.valueToken.text).not.toMatch(/\r/);
  });

  it('zillow VMAC fragment: all/default settings and a VLAN interface written with a slash', () => {
    const text = readFileSync(join(WILD, 'realserver/zillow-21-keepalived-vmac.sysctl.conf'), 'utf8');
    const s = parseSysctl('/etc/sysctl.d/21-keepalived-vmac.conf', text);
    expect(s.sysctls).toHaveLength(12);
    expect(s.sysctls.filter((x) => x.conf?.name === 'arp_announce').map((x) => [x.conf!.iface, x.numeric])).toEqual([
      ['all', 1],
      ['default', 1],
    ]);
    expect(s.sysctls.map((x) => x.conf?.iface)).toContain('ens7f1.57');
    expect(s.commentedSysctls).toEqual([]);
  });
});

describe('bad input', () => {
  it('never throws and stays linear', () => {
    const bin = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => parseSysctl(F, bin)).not.toThrow();
    const huge = '#' + 'net.ipv4.conf.all.arp_ignore = 1 '.repeat(30_000) + '\n' + 'x'.repeat(1_000_000) + '=' + '1'.repeat(1_000_000);
    expect(() => parseSysctl(F, huge)).not.toThrow();
    const many = 'net.ipv4.conf.all.arp_ignore = 1\n#net.ipv4.conf.lo.arp_ignore = 1\n'.repeat(25_000);
    const t0 = Date.now();
    const s = parseSysctl(F, many);
    expect(s.sysctls).toHaveLength(25_000);
    expect(s.commentedSysctls).toHaveLength(25_000);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(parseSysctl(F, '').sysctls).toEqual([]);
    expect(parseSysctl(F, '=\n-\n-=\n = 1\n').sysctls).toEqual([]); // no key: not an assignment
  });
});
