/**
 * RHEL ifcfg parser (server/src/core/realserver/ifcfg.ts): the chookin ifcfg-lo:0 from the wild corpus, alias and
 * device files, IPADDRn, PREFIX/NETMASK precedence, classful defaults, shell quoting, ranges and bad input.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classfulPrefix, maskToPrefix, parseIfcfg } from '../../server/src/core/realserver/ifcfg';
import type { Location } from '../../server/src/core/types';

const WILD = join(__dirname, '../corpus/wild');
const DIR = '/etc/sysconfig/network-scripts/';

function slice(text: string, l: Location | undefined): string | undefined {
  if (!l) return undefined;
  return text.split(/\r\n|\r|\n/)[l.range.start.line]!.slice(l.range.start.character, l.range.end.character);
}

describe('parseIfcfg', () => {
  it('reads the chookin ifcfg-lo:0 (lower-case broadcast= is not read by initscripts)', () => {
    const text = readFileSync(join(WILD, 'clusters/chookin-notes/linux/ifcfg-lo:0'), 'utf8');
    const s = parseIfcfg(DIR + 'ifcfg-lo:0', text);
    expect(s.kind).toBe('ifcfg');
    expect(s.addresses).toHaveLength(1);
    const a = s.addresses[0]!;
    expect(a).toMatchObject({
      address: '10.1.0.102',
      family: 4,
      prefix: 32,
      prefixWritten: true,
      device: 'lo',
      label: 'lo:0',
      onBoot: true,
      via: 'ifcfg',
      persistence: 'persistent',
      phase: 'setup',
    });
    expect(a.broadcast).toBeUndefined();
    expect(slice(text, a.addressToken.loc)).toBe('10.1.0.102');
    expect(slice(text, a.prefixToken!.loc)).toBe('255.255.255.255');
    expect(slice(text, a.deviceToken.loc)).toBe('lo:0');
    expect(slice(text, a.loc)).toBe('IPADDR=10.1.0.102');
    expect(s.ownAddresses).toEqual([]);
  });

  it('takes the device from the file name when DEVICE is absent, with an empty range', () => {
    const text = '# VIP\nIPADDR="192.168.76.10"\nNETMASK=\'255.255.255.255\'\nBROADCAST=192.168.76.10 # same\nONPARENT=no\n';
    const s = parseIfcfg(DIR + 'ifcfg-lo:1', text);
    const a = s.addresses[0]!;
    expect([a.device, a.label, a.prefix, a.onBoot]).toEqual(['lo', 'lo:1', 32, false]);
    expect(a.deviceToken.text).toBe('lo:1');
    expect(a.deviceToken.loc.range).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    expect(slice(text, a.addressToken.loc)).toBe('192.168.76.10');
    expect(slice(text, a.prefixToken!.loc)).toBe('255.255.255.255');
    expect(slice(text, a.broadcast!.loc)).toBe('192.168.76.10');
  });

  it('uses the classful default without PREFIX or NETMASK, and PREFIX over NETMASK', () => {
    let s = parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=lo:0\nIPADDR=192.168.1.100\n');
    expect(s.addresses[0]).toMatchObject({ prefix: 24, prefixWritten: false });
    expect(s.addresses[0]!.prefixToken).toBeUndefined();
    s = parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=lo:0\nIPADDR=10.0.0.100\n');
    expect(s.addresses[0]!.prefix).toBe(8);
    const text = 'DEVICE=eth0:1\nIPADDR=172.16.0.100\nNETMASK=255.255.255.192\nPREFIX=32\n';
    s = parseIfcfg(DIR + 'ifcfg-eth0:1', text);
    expect(s.addresses[0]).toMatchObject({ prefix: 32, prefixWritten: true, device: 'eth0', label: 'eth0:1' });
    expect(slice(text, s.addresses[0]!.prefixToken!.loc)).toBe('32');
    expect(s.ownAddresses).toEqual([]); // an alias carries a VIP, not the host's address
  });

  it('reads a device file: IPADDR, IPADDRn with their own masks, ONBOOT, own addresses', () => {
    const text = [
      'TYPE=Ethernet',
      'BOOTPROTO=none',
      'DEVICE=eth0',
      'ONBOOT=no',
      'IPADDR=10.0.0.11',
      'PREFIX=24',
      'IPADDR1=10.0.0.100',
      'PREFIX1=32',
      'IPADDR3=10.0.0.103', // ignored: IPADDR2 is missing, expand_config stops there
      'GATEWAY=10.0.0.1',
    ].join('\n');
    const s = parseIfcfg(DIR + 'ifcfg-eth0', text);
    expect(s.addresses.map((a) => [a.address, a.prefix, a.device, a.label, a.onBoot])).toEqual([
      ['10.0.0.11', 24, 'eth0', undefined, false],
      ['10.0.0.100', 32, 'eth0', undefined, false],
    ]);
    expect(slice(text, s.addresses[1]!.prefixToken!.loc)).toBe('32');
    expect(s.ownAddresses.map((t) => t.text)).toEqual(['10.0.0.11', '10.0.0.100']);
    expect(slice(text, s.ownAddresses[0]!.loc)).toBe('10.0.0.11');
  });

  it('adds no static address to a DHCP device, but an alias ignores BOOTPROTO', () => {
    expect(parseIfcfg(DIR + 'ifcfg-eth0', 'DEVICE=eth0\nBOOTPROTO=dhcp\nIPADDR=10.0.0.11\n').addresses).toEqual([]);
    expect(parseIfcfg(DIR + 'ifcfg-eth0', 'DEVICE=eth0\nBOOTPROTO="bootp"\nIPADDR=10.0.0.11\n').ownAddresses).toEqual([]);
    expect(parseIfcfg(DIR + 'ifcfg-eth0:0', 'DEVICE=eth0:0\nBOOTPROTO=dhcp\nIPADDR=10.0.0.100\n').addresses).toHaveLength(1);
    expect(parseIfcfg(DIR + 'ifcfg-eth0', 'DEVICE=eth0\nBOOTPROTO=none\nIPADDR=10.0.0.11\n').addresses).toHaveLength(1);
  });

  it('reads ifcfg-lo itself without own addresses', () => {
    const s = parseIfcfg(DIR + 'ifcfg-lo', 'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nNETWORK=127.0.0.0\nONBOOT=yes\nNAME=loopback\n');
    expect(s.addresses).toMatchObject([{ address: '127.0.0.1', prefix: 8, device: 'lo' }]);
    expect(s.addresses[0]!.label).toBeUndefined();
    expect(s.ownAddresses).toEqual([]);
  });

  it('follows the shell: case-sensitive keys, last assignment wins, export, commands and unknown values', () => {
    let s = parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=lo:0\nipaddr=10.0.0.1\nIPADDR=10.0.0.2\nIPADDR=10.0.0.3\nnetmask=255.255.255.255\n');
    expect(s.addresses.map((a) => [a.address, a.prefix, a.prefixWritten])).toEqual([['10.0.0.3', 8, false]]);
    s = parseIfcfg(DIR + 'ifcfg-lo:0', 'export DEVICE=lo:0\n  IPADDR=10.0.0.2 ; NETMASK=255.255.255.255\n');
    expect(s.addresses[0]).toMatchObject({ address: '10.0.0.2', prefix: 32 });
    s = parseIfcfg(DIR + 'ifcfg-lo:0', 'IPADDR=10.0.0.2 NETMASK=255.255.255.255 # both\n');
    expect(s.addresses[0]).toMatchObject({ address: '10.0.0.2', prefix: 32 });
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'IPADDR=10.0.0.2 NETMASK=255.255.255.255 cmd\n').addresses).toEqual([]);
    // `IPADDR=x cmd` only sets IPADDR for cmd
    s = parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=lo:0\nIPADDR=10.0.0.2 true\n');
    expect(s.addresses).toEqual([]);
    // unknown values: skipped, never guessed
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=lo:0\nIPADDR=$VIP\n').addresses).toEqual([]);
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=lo:0\nIPADDR=10.0.0.2\nNETMASK="$MASK"\n').addresses).toEqual([]);
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'DEVICE=`hostname`\nIPADDR=10.0.0.2\n').addresses).toEqual([]);
    // invalid masks and prefixes make ip addr add fail
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'IPADDR=10.0.0.2\nNETMASK=255.0.255.0\n').addresses).toEqual([]);
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'IPADDR=10.0.0.2\nPREFIX=33\n').addresses).toEqual([]);
    expect(parseIfcfg(DIR + 'ifcfg-lo:0', 'IPADDR={{ vip }}\n').addresses).toEqual([]);
    // single quotes keep `$`
    s = parseIfcfg(DIR + 'ifcfg-lo:0', "IPADDR='10.0.0.9'\nNAME='$x'\n");
    expect(s.addresses[0]!.address).toBe('10.0.0.9');
  });

  it('reads suppression comments', () => {
    const s = parseIfcfg(DIR + 'ifcfg-lo:0', '# lvs-config-disable-next-line vip-prefix\nIPADDR=10.0.0.2\n');
    expect(s.directives).toMatchObject([{ kind: 'next-line', rules: ['vip-prefix'], line: 0 }]);
  });

  it('converts masks and classes', () => {
    expect(maskToPrefix('255.255.255.255')).toBe(32);
    expect(maskToPrefix('255.255.255.0')).toBe(24);
    expect(maskToPrefix('255.255.255.192')).toBe(26);
    expect(maskToPrefix('0.0.0.0')).toBe(0);
    expect(maskToPrefix('255.255.0.255')).toBeUndefined();
    expect(maskToPrefix('255.255.255.256')).toBeUndefined();
    expect(maskToPrefix('24')).toBeUndefined();
    expect([classfulPrefix('10.1.0.102'), classfulPrefix('172.16.0.1'), classfulPrefix('192.168.1.1'), classfulPrefix('224.0.0.1')]).toEqual([8, 16, 24, 24]);
  });
});

describe('bad input', () => {
  it('never throws and stays linear', () => {
    const bin = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => parseIfcfg(DIR + 'ifcfg-x', bin)).not.toThrow();
    expect(() => parseIfcfg(DIR + 'ifcfg-x', 'IPADDR="unterminated\nIPADDR=\'x\nIPADDR=\\\nA=' + '"'.repeat(100_000))).not.toThrow();
    const many = 'IPADDR=10.0.0.1\n'.repeat(50_000) + 'X=' + 'a'.repeat(2_000_000);
    const t0 = Date.now();
    const s = parseIfcfg(DIR + 'ifcfg-lo:0', many);
    expect(s.addresses).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(parseIfcfg('', '').addresses).toEqual([]);
  });
});
