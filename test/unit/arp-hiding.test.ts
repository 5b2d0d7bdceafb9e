/**
 * server/src/core/cluster/arp-hiding.ts: the edits the sysctl DR rules make (a new setting in the style of the file
 * that holds the others, next to it and inside its case branch; a new sysctl.d file beside the host's etc/), the
 * interfaces that answer ARP, and the other hiding methods.
 */
import { describe, expect, it } from 'vitest';
import { appendLines, arpInterfaces, insertNear, newSysctlPath, otherArpMethod, settingLine, vipsLabel } from '../../server/src/core/cluster/arp-hiding';
import { profileOf } from '../../server/src/core/cluster/hosts';
import { parseSnippet } from '../../server/src/core/realserver/index';
import type { SnippetKind } from '../../server/src/core/realserver/types';
import { applyEdits } from '../helpers/apply-edits';

const snip = (file: string, text: string, kind: SnippetKind) => parseSnippet(file, text, kind);

describe('settingLine: the style of the file', () => {
  it('sysctl files: spaced or not, as the template line', () => {
    const f = snip('/h/etc/sysctl.d/a.conf', 'net.ipv4.conf.all.arp_ignore=1\n', 'sysctl');
    expect(settingLine(f, f.sysctls[0], 'net.ipv4.conf.all.arp_announce', 2)).toBe('net.ipv4.conf.all.arp_announce=2');
    const g = snip('/h/etc/sysctl.d/a.conf', 'net.ipv4.conf.all.arp_ignore = 1\n', 'sysctl');
    expect(settingLine(g, g.sysctls[0], 'net.ipv4.conf.all.arp_announce', 2)).toBe('net.ipv4.conf.all.arp_announce = 2');
    expect(settingLine(g, undefined, 'net.ipv4.ip_forward', 1)).toBe('net.ipv4.ip_forward = 1');
  });

  it('scripts: echo > /proc/sys or sysctl -w, with the indentation of the template', () => {
    const e = snip('/h/rs.sh', '#!/bin/sh\n    echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\n', 'shell');
    expect(settingLine(e, e.sysctls[0], 'net.ipv4.conf.all.arp_announce', 2)).toBe('    echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce');
    const w = snip('/h/rs.sh', '#!/bin/sh\n\tsysctl -w net.ipv4.conf.all.arp_ignore=1\n', 'shell');
    expect(settingLine(w, w.sysctls[0], 'net.ipv4.conf.all.arp_announce', 2)).toBe('\tsysctl -w net.ipv4.conf.all.arp_announce=2');
  });
});

describe('insertNear / appendLines', () => {
  it('after the setting, or before it when `;;` closes the case branch on its line', () => {
    const text = '#!/bin/sh\ncase "$1" in\nstart)\n    echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore;;\nesac\n';
    const f = snip('/h/rs.sh', text, 'shell');
    const s = f.sysctls[0];
    const out = applyEdits(text, [insertNear(f, s, [settingLine(f, s, 'net.ipv4.conf.all.arp_announce', 2)])]);
    expect(out).toBe('#!/bin/sh\ncase "$1" in\nstart)\n    echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce\n    echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore;;\nesac\n');
    const plain = 'net.ipv4.conf.all.arp_ignore = 1\r\n# end\r\n';
    const p = snip('/h/etc/sysctl.conf', plain, 'sysctl');
    expect(applyEdits(plain, [insertNear(p, p.sysctls[0], ['net.ipv4.conf.all.arp_announce = 2'])])).toBe('net.ipv4.conf.all.arp_ignore = 1\r\nnet.ipv4.conf.all.arp_announce = 2\r\n# end\r\n');
  });

  it('at the end of a file, with or without its last line break', () => {
    const a = snip('/h/etc/sysctl.conf', 'x.y = 1\n', 'sysctl');
    expect(applyEdits(a.text, [appendLines(a, ['a.b = 2'])])).toBe('x.y = 1\na.b = 2\n');
    const b = snip('/h/etc/sysctl.conf', 'x.y = 1', 'sysctl');
    expect(applyEdits(b.text, [appendLines(b, ['a.b = 2'])])).toBe('x.y = 1\na.b = 2\n');
  });
});

describe('profiles', () => {
  it('a new sysctl.d file goes beside the etc/ of the first file, else beside it', () => {
    expect(newSysctlPath(profileOf([snip('/r/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0', 'DEVICE=lo:0\nIPADDR=192.0.2.10\n', 'ifcfg')]))).toBe('/r/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf');
    expect(newSysctlPath(profileOf([snip('/r/scripts/rs.sh', '#!/bin/sh\n', 'shell')]))).toBe('/r/scripts/sysctl.d/90-lvs-dr.conf');
  });

  it('ARP-facing interfaces: NICs with addresses or arp settings, never lo, default, all or tunnels', () => {
    const p = profileOf([
      snip('/h/etc/sysctl.conf', 'net.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.default.arp_ignore = 1\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.tunl0.arp_ignore = 1\nnet.ipv4.conf.eth1.arp_announce = 2\n', 'sysctl'),
      snip('/h/etc/sysconfig/network-scripts/ifcfg-eth0', 'DEVICE=eth0\nIPADDR=10.0.0.11\nPREFIX=24\n', 'ifcfg'),
    ]);
    expect(arpInterfaces(p).sort()).toEqual(['eth0', 'eth1']);
  });

  it('the arptables and iptables methods', () => {
    expect(otherArpMethod(profileOf([snip('/h/rs.sh', '#!/bin/sh\narptables -A IN -d 192.0.2.10 -j DROP\n', 'shell')]))).toBeDefined();
    expect(otherArpMethod(profileOf([snip('/h/rs.sh', '#!/bin/sh\niptables -t nat -A PREROUTING -d 192.0.2.10 -p tcp --dport 80 -j REDIRECT\n', 'shell')]))).toBeDefined();
    expect(otherArpMethod(profileOf([snip('/h/rs.sh', '#!/bin/sh\narptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.0.11\n', 'shell')]))).toBeUndefined();
  });

  it('names at most five VIPs', () => {
    expect(vipsLabel(['a'])).toBe('VIP a');
    expect(vipsLabel(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe('VIPs a, b, c, d, e and 2 more');
  });
});
