/**
 * Shell scripts → real-server facts (server/src/core/realserver/shell.ts): the seed document's commands, the shapes
 * real scripts take (variables, loops, init-script `case` branches, functions, heredocs, templates), every shell
 * script of the wild corpus, and bad input. Ranges are checked by slicing the source.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShell } from '../../server/src/core/realserver/shell';
import { lex } from '../../server/src/core/realserver/shell-lex';
import type { SnippetFile, Token } from '../../server/src/core/realserver/types';
import type { Location } from '../../server/src/core/types';
import { REPO } from '../helpers/fixtures';

const WILD = join(REPO, 'test/corpus/wild');

/** The source text a location covers (lines as editors count them). */
function slice(text: string, l: Location): string {
  const starts = [0];
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\n') starts.push(k + 1);
    else if (text[k] === '\r') { if (text[k + 1] === '\n') k++; starts.push(k + 1); }
  }
  const off = (p: { line: number; character: number }) => starts[p.line]! + p.character;
  return text.slice(off(l.range.start), off(l.range.end));
}

function parse(text: string): SnippetFile {
  return parseShell('/srv/rs.sh', text);
}

/** The written text of a token, quotes removed. */
function written(text: string, t: Token): string {
  return slice(text, t.loc).replace(/^["']|["']$/g, '');
}

const sysctlsOf = (s: SnippetFile) => s.sysctls.map((x) => `${x.phase} ${x.key}=${x.valueToken.text}`);
const addrsOf = (s: SnippetFile) => s.addresses.map((a) => `${a.phase} ${a.address}/${a.prefix}${a.prefixWritten ? '' : '?'} ${a.device}${a.label ? ` ${a.label}` : ''}${a.scopeHost ? ' host' : ''}`);

describe('the seed document (RH Load Balancer Administration §3.2)', () => {
  const text = [
    '#!/bin/sh',
    'arptables -A IN -d 192.0.2.10 -j DROP',
    'arptables -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 198.51.100.11',
    'service arptables_jf save',
    'chkconfig --level 2345 arptables_jf on',
    'ip addr add 192.0.2.10 dev eth0',
    'iptables -t nat -A PREROUTING -p tcp -d 192.0.2.10 --dport 80 -j REDIRECT',
    'service iptables save',
    'chkconfig --level 2345 iptables on',
    'echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore',
    'echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_announce',
    '',
  ].join('\n');
  const s = parse(text);

  it('reads the arptables rules and names the mangle address as the host', () => {
    expect(s.arpRules.map((r) => [r.op, r.chain?.text, r.source?.text, r.destination?.text, r.target?.text, r.mangleIpS?.text])).toEqual([
      ['A', 'IN', undefined, '192.0.2.10', 'DROP', undefined],
      ['A', 'OUT', '192.0.2.10', undefined, 'mangle', '198.51.100.11'],
    ]);
    expect(s.arpRules.every((r) => r.via === 'command' && r.persistence === 'runtime' && r.phase === 'setup')).toBe(true);
    expect(slice(text, s.arpRules[1]!.loc)).toBe('arptables -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 198.51.100.11');
    expect(s.ownAddresses.map((t) => [t.text, slice(text, t.loc)])).toEqual([['198.51.100.11', '198.51.100.11']]);
  });

  it('reads the REDIRECT rule', () => {
    expect(s.iptRules).toHaveLength(1);
    const r = s.iptRules[0]!;
    expect([r.family, r.op, r.table, r.chain?.text, r.protocol?.text, r.destination?.text, r.dports?.text, r.target?.text]).toEqual([4, 'A', 'nat', 'PREROUTING', 'tcp', '192.0.2.10', '80', 'REDIRECT']);
    expect(slice(text, r.dports!.loc)).toBe('80');
  });

  it('records what saves and enables the rules', () => {
    expect(s.persist.map((p) => [p.what, p.subject?.text, slice(text, p.loc)])).toEqual([
      ['arptables-save', 'arptables_jf', 'service arptables_jf save'],
      ['enable-at-boot', 'arptables_jf', 'chkconfig --level 2345 arptables_jf on'],
      ['iptables-save', 'iptables', 'service iptables save'],
      ['enable-at-boot', 'iptables', 'chkconfig --level 2345 iptables on'],
    ]);
  });

  it('reads the VIP alias with ip\'s default /32', () => {
    expect(s.addresses).toHaveLength(1);
    const a = s.addresses[0]!;
    expect([a.address, a.family, a.prefix, a.prefixWritten, a.device, a.via, a.prefixToken]).toEqual(['192.0.2.10', 4, 32, false, 'eth0', 'ip', undefined]);
    expect(slice(text, a.addressToken.loc)).toBe('192.0.2.10');
    expect(slice(text, a.deviceToken.loc)).toBe('eth0');
  });

  it('reads the echo into /proc/sys as runtime sysctls with their interface', () => {
    expect(s.sysctls.map((x) => [x.key, x.numeric, x.via, x.persistence, x.conf?.iface, x.conf?.name, x.name])).toEqual([
      ['net.ipv4.conf.eth0.arp_ignore', 1, 'proc-echo', 'runtime', 'eth0', 'arp_ignore', 'arp_ignore'],
      ['net.ipv4.conf.eth0.arp_announce', 2, 'proc-echo', 'runtime', 'eth0', 'arp_announce', 'arp_announce'],
    ]);
    const x = s.sysctls[0]!;
    expect(slice(text, x.loc)).toBe('echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_ignore');
    expect(slice(text, x.keyToken.loc)).toBe('net/ipv4/conf/eth0/arp_ignore');
    expect(slice(text, x.valueToken.loc)).toBe('1');
    expect(slice(text, x.conf!.ifaceLoc)).toBe('eth0');
  });
});

describe('variables', () => {
  it('substitutes $VIP and ${VIP}, pointing at the use site', () => {
    const text = 'VIP=192.0.2.10\nMASK="255.255.255.255"\nifconfig lo:0 $VIP netmask $MASK broadcast ${VIP} up\nip addr add ${VIP}/32 dev lo\n';
    const s = parse(text);
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 lo lo:0', 'setup 192.0.2.10/32 lo']);
    const [a, b] = s.addresses;
    expect(a!.addressToken).toMatchObject({ text: '192.0.2.10', fromVariable: true });
    expect(slice(text, a!.addressToken.loc)).toBe('$VIP');
    expect(slice(text, a!.prefixToken!.loc)).toBe('$MASK');
    expect(slice(text, a!.deviceToken.loc)).toBe('lo');
    expect(a!.deviceToken.fromVariable).toBeUndefined();
    expect(slice(text, b!.addressToken.loc)).toBe('${VIP}');
    expect(slice(text, b!.prefixToken!.loc)).toBe('/32');
    expect(b!.prefixToken!.fromVariable).toBeUndefined();
    expect(s.variables.map((v) => [v.name, v.values, slice(text, v.loc)])).toEqual([
      ['VIP', ['192.0.2.10'], 'VIP=192.0.2.10'],
      ['MASK', ['255.255.255.255'], 'MASK="255.255.255.255"'],
    ]);
  });

  it('runs a for loop once per value of an array, each fact pointing at the loop variable', () => {
    const text = [
      'VIPS[0]=192.0.2.10',
      'VIPS[1]=192.0.2.11',
      'for vip in ${VIPS[@]}; do',
      '  ip addr add $vip/32 dev lo',
      'done',
    ].join('\n');
    const s = parse(text);
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 lo', 'setup 192.0.2.11/32 lo']);
    for (const a of s.addresses) expect(slice(text, a.addressToken.loc)).toBe('$vip');
    expect(s.variables.find((v) => v.name === 'vip')?.values).toEqual(['192.0.2.10', '192.0.2.11']);
  });

  it('splits a space-separated list, and counts an alias number with (( ))', () => {
    const text = [
      'SNS_VIP="  192.0.2.10 192.0.2.11 "',
      'num=0',
      'for loop in $SNS_VIP',
      'do',
      '    /sbin/ifconfig lo:$num $loop netmask 255.255.255.255 broadcast $loop up',
      '    /sbin/route add -host $loop dev lo:$num',
      '    ((num++))',
      'done',
    ].join('\n');
    const s = parse(text);
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 lo lo:0', 'setup 192.0.2.11/32 lo lo:1']);
    expect(s.routes.map((r) => [r.destination.text, r.device?.text])).toEqual([['192.0.2.10', 'lo:0'], ['192.0.2.11', 'lo:1']]);
    expect(slice(text, s.addresses[1]!.deviceToken.loc)).toBe('lo');
  });

  it('arithmetic right after a case pattern', () => {
    const s = parse('n=0\ncase "$1" in start) ((n+=2)); ip addr add 192.0.2.1/32 dev lo label lo:$n ;; esac\n');
    expect(addrsOf(s)).toEqual(['setup 192.0.2.1/32 lo lo:2']);
  });

  it('array literals, quoted "${A[@]}" and indexes', () => {
    const s = parse('A=(192.0.2.1 "192.0.2.2")\nfor v in "${A[@]}"; do ip addr add "$v" dev lo; done\nip addr add ${A[1]}/32 dev dummy0\n');
    expect(addrsOf(s)).toEqual(['setup 192.0.2.1/32? lo', 'setup 192.0.2.2/32? lo', 'setup 192.0.2.2/32 dummy0']);
  });

  it('single quotes are literal; double quotes expand', () => {
    const s = parse("VIP=192.0.2.10\nip addr add '$VIP' dev lo\nip addr add \"$VIP\" dev lo\n");
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32? lo']);
  });

  it('a variable assigned differently in branches becomes unknown', () => {
    const s = parse('VIP=192.0.2.10\nif [ -n "$X" ]; then VIP=192.0.2.11; fi\nip addr add $VIP dev lo\nVIP2=192.0.2.12\nif true; then VIP2=192.0.2.12; else VIP2=192.0.2.12; fi\nip addr add $VIP2 dev lo\n');
    expect(addrsOf(s)).toEqual(['setup 192.0.2.12/32? lo']);
  });
});

describe('values that cannot be known are skipped, never guessed', () => {
  it.each([
    ['a positional parameter', 'VIP=$1\nifconfig lo:0 $VIP netmask 255.255.255.255 up\n'],
    ['the second argument', 'ip addr add $2/32 dev lo\n'],
    ['a Jinja placeholder', 'vip={{ VIP_IP }}\nifconfig lo:0 $vip broadcast $vip netmask 255.255.255.255 up\n'],
    ['a glued placeholder', 'vip={{VIP_IP}}\nip addr add $vip/32 dev lo\n'],
    ['a command substitution', 'VIP=$(hostname -i)\nip addr add $VIP/32 dev lo\n'],
    ['backquotes', 'VIP=`cat /etc/vip`\nip addr add $VIP/32 dev lo\n'],
    ['a default from the environment', 'VIP=${VIP:-192.0.2.10}\nip addr add $VIP/32 dev lo\n'],
    ['an unset variable', 'ip addr add $LVS_VIP/32 dev lo\nroute add -host $LVS_VIP dev lo:0\n'],
    ['a variable read from input', 'read VIP\nip addr add $VIP/32 dev lo\n'],
    ['an unknown interface', 'echo 1 > /proc/sys/net/ipv4/conf/$IF/arp_ignore\nsysctl -w net.ipv4.conf.$IF.arp_ignore=1\n'],
    ['an unknown value', 'echo $V > /proc/sys/net/ipv4/conf/all/arp_ignore\nsysctl -w net.ipv4.conf.all.arp_ignore=$V\n'],
    ['a glob', 'for f in /proc/sys/net/ipv4/conf/*/arp_ignore; do echo 1 > $f; done\n'],
    ['an unknown loop', 'for v in $(cat /etc/vips); do ip addr add $v/32 dev lo; done\n'],
    ['a loop counter changed in a while loop', 'i=0\nwhile [ $i -lt 3 ]; do ip addr add 192.0.2.1$i/32 dev lo; i=$((i+1)); done\n'],
    ['a custom IFS', 'IFS=,\nL="192.0.2.1,192.0.2.2"\nfor v in $L; do ip addr add $v dev lo; done\n'],
    ['an ERB template', 'VIP=<%= @vip %>\nip addr add $VIP/32 dev lo\n'],
  ])('%s', (_, text) => {
    const s = parse(text);
    expect(s.addresses).toEqual([]);
    expect(s.sysctls).toEqual([]);
    expect(s.routes).toEqual([]);
  });

  it('a rule command with an unknown word is left out whole (rulecmd contract)', () => {
    const s = parse('arptables -A IN -d 192.0.2.10 -j DROP\narptables -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s `ifconfig eth0 | sed -n p`\niptables -t nat -A PREROUTING -d $2 -j REDIRECT\n');
    expect(s.arpRules.map((r) => r.chain?.text)).toEqual(['IN']);
    expect(s.iptRules).toEqual([]);
    expect(s.ownAddresses).toEqual([]);
  });
});

describe('init scripts: phases', () => {
  const text = [
    '#!/bin/bash',
    'VIP=192.0.2.10',
    '. /etc/rc.d/init.d/functions',
    'case "$1" in',
    'start)',
    '  /sbin/ifconfig lo:0 $VIP broadcast $VIP netmask 255.255.255.255 up',
    '  /sbin/route add -host $VIP dev lo:0',
    '  echo "1" >/proc/sys/net/ipv4/conf/all/arp_ignore',
    '  echo "2" >/proc/sys/net/ipv4/conf/all/arp_announce',
    '  ;;',
    'stop)',
    '  /sbin/ifconfig lo:0 down',
    '  echo "0" >/proc/sys/net/ipv4/conf/all/arp_ignore',
    '  ;;',
    'status)',
    '  echo 9 > /proc/sys/net/ipv4/conf/all/arp_announce',
    '  ;;',
    '*)',
    '  echo "Usage: $0 {start|stop}"',
    '  exit 1',
    'esac',
    'exit 0',
  ].join('\n');

  it('start is setup, stop teardown, the rest other', () => {
    const s = parse(text);
    expect(sysctlsOf(s)).toEqual([
      'setup net.ipv4.conf.all.arp_ignore=1',
      'setup net.ipv4.conf.all.arp_announce=2',
      'teardown net.ipv4.conf.all.arp_ignore=0',
      'other net.ipv4.conf.all.arp_announce=9',
    ]);
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 lo lo:0']);
    expect(s.routes.map((r) => [r.phase, r.destination.text, r.device?.text])).toEqual([['setup', '192.0.2.10', 'lo:0']]);
    const v = s.sysctls[0]!;
    expect(slice(text, v.valueToken.loc)).toBe('"1"');
    expect(v.valueToken.text).toBe('1');
  });

  it('functions take the phase of their caller; a stop called from restart is teardown', () => {
    const s = parse([
      'start() {',
      '  echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore',
      '}',
      'function stop {',
      '  echo 0 > /proc/sys/net/ipv4/conf/all/arp_ignore',
      '}',
      'helper() { echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce; }',
      'case "$1" in',
      '  start) start; helper ;;',
      '  stop) stop ;;',
      '  restart) stop; start ;;',
      '  status) helper ;;',
      'esac',
    ].join('\n'));
    expect(sysctlsOf(s)).toEqual([
      'setup net.ipv4.conf.all.arp_ignore=1',
      'setup net.ipv4.conf.all.arp_announce=2',
      'teardown net.ipv4.conf.all.arp_ignore=0',
      'other net.ipv4.conf.all.arp_announce=2',
    ]);
  });

  it('without a start branch, the default branch sets up', () => {
    const s = parse('case "$1" in\n  stop) echo 0 > /proc/sys/net/ipv4/conf/all/arp_ignore ;;\n  *) echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore ;;\nesac\n');
    expect(sysctlsOf(s)).toEqual(['teardown net.ipv4.conf.all.arp_ignore=0', 'setup net.ipv4.conf.all.arp_ignore=1']);
  });

  it('functions nobody calls take the phase of their name', () => {
    const s = parse('start() { echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore; }\nstop_rs() { echo 0 > /proc/sys/net/ipv4/conf/all/arp_ignore; }\n"$1"\n');
    expect(sysctlsOf(s)).toEqual(['setup net.ipv4.conf.all.arp_ignore=1', 'teardown net.ipv4.conf.all.arp_ignore=0']);
  });

  it('function arguments are positional parameters inside the function', () => {
    const s = parse('add_vip() { ip addr add $1/32 dev lo label lo:$2; }\nadd_vip 192.0.2.10 0\nadd_vip 192.0.2.11 1\nadd_vip $X 2\n');
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 lo lo:0', 'setup 192.0.2.11/32 lo lo:1']);
  });

  it('a case that does not dispatch actions keeps the phase; if/fi is setup', () => {
    const s = parse('case "$OS" in\n centos) echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore ;;\n *) sysctl -w net.ipv4.conf.all.arp_ignore=1 ;;\nesac\nif [ -d /proc ]; then\n  echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce\nelse\n  exit 1\nfi\n');
    expect(sysctlsOf(s)).toEqual(['setup net.ipv4.conf.all.arp_ignore=1', 'setup net.ipv4.conf.all.arp_ignore=1', 'setup net.ipv4.conf.all.arp_announce=2']);
  });

  it('an exit inside a branch or after || ends only that branch; a top-level exit ends the script', () => {
    const s = parse('[ $# -ne 2 ] && { echo usage; exit 1; }\ntest -f /x || exit 1\nsysctl -w net.ipv4.conf.all.arp_ignore=1\nexit 0\nsysctl -w net.ipv4.conf.all.arp_announce=2\n');
    expect(sysctlsOf(s)).toEqual(['setup net.ipv4.conf.all.arp_ignore=1']);
  });
});

describe('command shapes', () => {
  it('sysctl forms', () => {
    const text = 'sysctl -w net.ipv4.conf.all.arp_ignore=1\nsysctl net.ipv4.conf.lo.arp_ignore=1\n/sbin/sysctl -q -w "net.ipv4.conf.all.arp_announce=2" &> /dev/null\nsudo sysctl -w net.ipv4.conf.eth0/100.rp_filter=0\nsysctl -w net.ipv4.ip_local_port_range="1024 65000"\n';
    const s = parse(text);
    expect(sysctlsOf(s)).toEqual([
      'setup net.ipv4.conf.all.arp_ignore=1',
      'setup net.ipv4.conf.lo.arp_ignore=1',
      'setup net.ipv4.conf.all.arp_announce=2',
      'setup net.ipv4.conf.eth0.100.rp_filter=0',
      'setup net.ipv4.ip_local_port_range=1024 65000',
    ]);
    expect(s.sysctls.every((x) => x.via === 'sysctl-w' && x.persistence === 'runtime')).toBe(true);
    expect(slice(text, s.sysctls[2]!.keyToken.loc)).toBe('net.ipv4.conf.all.arp_announce');
    expect(slice(text, s.sysctls[2]!.valueToken.loc)).toBe('2');
    expect(slice(text, s.sysctls[2]!.loc)).toBe('/sbin/sysctl -q -w "net.ipv4.conf.all.arp_announce=2" &> /dev/null');
    expect(s.sysctls[3]!.conf).toMatchObject({ iface: 'eth0.100', name: 'rp_filter' });
    expect(slice(text, s.sysctls[3]!.conf!.ifaceLoc)).toBe('eth0/100');
    expect(s.sysctls[4]!.numeric).toBeUndefined();
  });

  it('echo and tee into /proc/sys', () => {
    const text = 'echo 1 | tee /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 | sudo tee -a /proc/sys/net/ipv4/conf/all/arp_announce > /dev/null\nprintf "1\\n" > /proc/sys/net/ipv4/conf/lo/arp_ignore\necho -n 0 >> /proc/sys/net/ipv4/conf/all/rp_filter\nfor i in lo all; do echo 1 > /proc/sys/net/ipv4/conf/$i/arp_ignore; done\n';
    const s = parse(text);
    expect(sysctlsOf(s)).toEqual([
      'setup net.ipv4.conf.all.arp_ignore=1',
      'setup net.ipv4.conf.all.arp_announce=2',
      'setup net.ipv4.conf.lo.arp_ignore=1',
      'setup net.ipv4.conf.all.rp_filter=0',
      'setup net.ipv4.conf.lo.arp_ignore=1',
      'setup net.ipv4.conf.all.arp_ignore=1',
    ]);
    expect(slice(text, s.sysctls[0]!.loc)).toBe('echo 1 | tee /proc/sys/net/ipv4/conf/all/arp_ignore');
    const loop = s.sysctls[4]!;
    expect(slice(text, loop.conf!.ifaceLoc)).toBe('$i');
    expect(loop.keyToken.fromVariable).toBe(true);
  });

  it('ip addr variants: abbreviations, label, scope host, IPv6, dummy interfaces', () => {
    const text = [
      'ip a add 192.0.2.10/32 dev lo label lo:0',
      'ip address add 192.0.2.11 dev lo scope host',
      '/sbin/ip -4 addr add dev lo 192.0.2.12/24',
      'ip add del 192.0.2.10/32 dev lo',
      'ip -6 addr add 2001:DB8::0:10 dev lo',
      'ip link add dummy0 type dummy',
      'ip addr add 192.0.2.13/32 dev dummy0',
      'ip addr show dev lo',
      'ip addr add 192.0.2.14/32',
    ].join('\n');
    const s = parse(text);
    expect(addrsOf(s)).toEqual([
      'setup 192.0.2.10/32 lo lo:0',
      'setup 192.0.2.11/32? lo host',
      'setup 192.0.2.12/24 lo',
      'setup 2001:db8::10/128? lo',
      'setup 192.0.2.13/32 dummy0',
    ]);
    expect(slice(text, s.addresses[3]!.addressToken.loc)).toBe('2001:DB8::0:10');
    expect(s.addresses[3]!.family).toBe(6);
  });

  it('ifconfig variants: netmask, CIDR, classful default, order of netmask and address', () => {
    const text = [
      'ifconfig lo:0 192.0.2.10 netmask 255.255.255.255 broadcast 192.0.2.10 up',
      'ifconfig lo:1 192.0.2.11/32 up',
      'ifconfig eth0:1 10.1.2.3 up',
      'ifconfig eth0:2 172.16.0.5',
      'ifconfig tunl0 192.0.2.12 netmask 0xffffff00',
      'ifconfig lo:3 netmask 255.255.255.255 192.168.1.5',
      'ifconfig lo:0 down',
      'ifconfig lo:0 del 192.0.2.10',
      'ifconfig eth0 inet6 add 2001:db8::1/64',
    ].join('\n');
    const s = parse(text);
    expect(addrsOf(s)).toEqual([
      'setup 192.0.2.10/32 lo lo:0',
      'setup 192.0.2.11/32 lo lo:1',
      'setup 10.1.2.3/8? eth0 eth0:1',
      'setup 172.16.0.5/16? eth0 eth0:2',
      'setup 192.0.2.12/24 tunl0',
      'setup 192.168.1.5/24? lo lo:3',
      'setup 2001:db8::1/64 eth0',
    ]);
    expect(slice(text, s.addresses[0]!.prefixToken!.loc)).toBe('255.255.255.255');
    expect(slice(text, s.addresses[1]!.prefixToken!.loc)).toBe('/32');
    expect(slice(text, s.addresses[0]!.deviceToken.loc)).toBe('lo');
  });

  it('routes: -host with and without dev, ip route', () => {
    const s = parse('route add -host 192.0.2.10 dev lo:0\nroute add -host 192.0.2.11 lo:1\nip route add 192.0.2.12/32 dev lo\nroute add default gw 192.0.2.1\nroute del -host 192.0.2.10\n');
    expect(s.routes.map((r) => [r.destination.text, r.device?.text])).toEqual([['192.0.2.10', 'lo:0'], ['192.0.2.11', 'lo:1'], ['192.0.2.12/32', 'lo']]);
  });

  it('chains, continuations, comments and absolute paths', () => {
    const text = 'modprobe ipip && /sbin/ifconfig tunl0 192.0.2.10 \\\n  netmask 255.255.255.255 up || echo failed; echo 0 > /proc/sys/net/ipv4/conf/tunl0/rp_filter # TUN\n# echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\n';
    const s = parse(text);
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 tunl0']);
    expect(slice(text, s.addresses[0]!.loc)).toBe('/sbin/ifconfig tunl0 192.0.2.10 \\\n  netmask 255.255.255.255 up');
    expect(sysctlsOf(s)).toEqual(['setup net.ipv4.conf.tunl0.rp_filter=0']);
  });

  it('firewall-cmd direct rules and iptables-save / arptables-save redirections', () => {
    const text = [
      'firewall-cmd --permanent --direct --add-rule ipv4 nat PREROUTING 0 -d 192.0.2.10 -p tcp --dport 80 -j REDIRECT',
      'firewall-cmd --reload',
      'arptables-save > /etc/sysconfig/arptables',
      'iptables-save > /etc/sysconfig/iptables',
      '/etc/init.d/iptables save',
      'systemctl enable --now arptables',
      'sysctl -p',
      'sysctl -p /etc/sysctl.d/90-lvs.conf',
      'sysctl --system',
      'iptables -L -n',
    ].join('\n');
    const s = parse(text);
    expect(s.iptRules.map((r) => [r.via, r.permanent, r.table, r.chain?.text, r.destination?.text, r.dports?.text, r.target?.text])).toEqual([
      ['firewall-cmd', true, 'nat', 'PREROUTING', '192.0.2.10', '80', 'REDIRECT'],
    ]);
    expect(s.persist.map((p) => [p.what, p.subject?.text])).toEqual([
      ['arptables-save', '/etc/sysconfig/arptables'],
      ['iptables-save', '/etc/sysconfig/iptables'],
      ['iptables-save', '/etc/init.d/iptables'],
      ['enable-at-boot', 'arptables'],
      ['sysctl-load', undefined],
      ['sysctl-load', '/etc/sysctl.d/90-lvs.conf'],
      ['sysctl-load', undefined],
    ]);
  });

  it("sudo sh -c '...' runs its literal command string", () => {
    const text = "VIP=192.0.2.10\nsudo sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore; ip addr add $VIP/32 dev lo'\nbash -c \"echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce\"\nsh -c \"echo $X > /proc/sys/net/ipv4/conf/all/rp_filter\"\n";
    const s = parse(text);
    expect(sysctlsOf(s)).toEqual(['setup net.ipv4.conf.all.arp_ignore=1', 'setup net.ipv4.conf.all.arp_announce=2']);
    expect(slice(text, s.sysctls[0]!.loc)).toBe('echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore');
    expect(slice(text, s.sysctls[1]!.keyToken.loc)).toBe('net/ipv4/conf/all/arp_announce');
    expect(s.addresses).toEqual([]); // $VIP is not exported: unknown in the new shell
  });

  it('suppression comments', () => {
    const s = parse('# lvs-config-disable-next-line arp-ignore-missing\necho 0 > /proc/sys/net/ipv4/conf/all/arp_ignore\n');
    expect(s.directives).toHaveLength(1);
    expect(s.directives[0]).toMatchObject({ kind: 'next-line', rules: ['arp-ignore-missing'], line: 0 });
  });
});

describe('heredocs', () => {
  it('cat << EOF > /etc/sysctl.conf: persistent settings with their ranges', () => {
    const text = 'cat << EOF >  /etc/sysctl.conf\nnet.ipv4.ip_forward = 1\nnet.ipv4.conf.all.arp_ignore = 1\nEOF\n\nifconfig lo:0 192.0.2.10 netmask 255.255.255.255\n';
    const s = parse(text);
    expect(s.sysctls.map((x) => [x.key, x.valueToken.text, x.via, x.persistence, x.phase])).toEqual([
      ['net.ipv4.ip_forward', '1', 'sysctl-file', 'persistent', 'setup'],
      ['net.ipv4.conf.all.arp_ignore', '1', 'sysctl-file', 'persistent', 'setup'],
    ]);
    const x = s.sysctls[1]!;
    expect(slice(text, x.loc)).toBe('net.ipv4.conf.all.arp_ignore = 1');
    expect(slice(text, x.keyToken.loc)).toBe('net.ipv4.conf.all.arp_ignore');
    expect(slice(text, x.valueToken.loc)).toBe('1');
    expect(slice(text, x.conf!.ifaceLoc)).toBe('all');
    expect(addrsOf(s)).toEqual(['setup 192.0.2.10/32 lo lo:0']);
  });

  it('echo > file << EOF writes nothing of the heredoc; other files are ignored', () => {
    const s = parse('echo > /etc/sysctl.d/keepalived.conf << EOF\nnet.ipv4.conf.all.arp_ignore = 1\nEOF\ncat > ifcfg-lo:0 << EOF\nIPADDR=192.0.2.10\nEOF\n');
    expect(s.sysctls).toEqual([]);
    expect(s.variables).toEqual([]);
  });

  it('<<- strips tabs; tee; a quoted delimiter; expansions in an unquoted body are skipped', () => {
    const text = 'cat > /etc/sysctl.d/90-lvs.conf <<-EOF\n\tnet.ipv4.conf.all.arp_ignore = 1\n\tnet.ipv4.conf.$IF.arp_announce = 2\n\tEOF\ncat <<\'END\' | sudo tee /etc/sysctl.d/91.conf\nnet.ipv4.conf.lo.arp_ignore=$X\nEND\necho "net.ipv4.conf.all.arp_announce = 2" >> /etc/sysctl.conf\n';
    const s = parse(text);
    expect(s.sysctls.map((x) => `${x.key}=${x.valueToken.text} ${x.persistence}`)).toEqual([
      'net.ipv4.conf.all.arp_ignore=1 persistent',
      'net.ipv4.conf.lo.arp_ignore=$X persistent',
      'net.ipv4.conf.all.arp_announce=2 persistent',
    ]);
    expect(slice(text, s.sysctls[0]!.keyToken.loc)).toBe('net.ipv4.conf.all.arp_ignore');
    expect(slice(text, s.sysctls[2]!.keyToken.loc)).toBe('net.ipv4.conf.all.arp_announce');
    expect(slice(text, s.sysctls[2]!.valueToken.loc)).toBe('2');
  });

  it('a heredoc body is not read as commands', () => {
    const s = parse('cat > /tmp/x.sh << EOF\nip addr add 192.0.2.10/32 dev lo\nEOF\n');
    expect(s.addresses).toEqual([]);
  });
});

// ---- the wild corpus ----

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** The shell scripts among the real-server and cluster files (by extension, shebang or known name). */
const SCRIPTS = [...filesUnder(join(WILD, 'realserver')), ...filesUnder(join(WILD, 'clusters'))]
  .filter((f) => {
    if (/\.(sh|j2)$|_server$|lvs_realserver$|rc\.local$|REDAME$/.test(f)) return true;
    const head = readFileSync(f, 'utf8').slice(0, 200);
    return /^#!.*\bsh\b|^#!\/bin\/(ba)?sh/m.test(head) && !/\.conf/.test(f);
  })
  .sort();

const wild = (rel: string) => {
  const file = join(WILD, rel);
  const text = readFileSync(file, 'utf8');
  return { text, s: parseShell(file, text) };
};

describe('wild corpus', () => {
  it('finds the scripts', () => {
    expect(SCRIPTS.length).toBeGreaterThanOrEqual(45);
  });

  it.each(SCRIPTS.map((f) => [relative(WILD, f)]))('%s: parses, and every token is where it says', (rel) => {
    const { text, s } = wild(rel);
    const tokens: Token[] = [
      ...s.sysctls.flatMap((x) => [x.keyToken, x.valueToken]),
      ...s.addresses.flatMap((a) => [a.addressToken, a.deviceToken, ...(a.prefixToken ? [a.prefixToken] : [])]),
      ...s.routes.flatMap((r) => [r.destination, ...(r.device ? [r.device] : [])]),
      ...s.arpRules.flatMap((r) => [r.chain, r.destination, r.source, r.mangleIpS].filter((t): t is Token => !!t)),
    ];
    for (const t of tokens) {
      const w = written(text, t);
      if (t.fromVariable) expect(w).toContain('$');
      else if (!s.sysctls.some((x) => x.keyToken === t)) expect(w).toBe(t.text);
    }
    for (const x of s.sysctls) {
      const w = slice(text, x.keyToken.loc);
      if (!x.keyToken.fromVariable) expect(w.replace(/\//g, '.').replace(/^["']?(\.?proc\.sys\.)?/, '')).toBe(x.key);
    }
  });

  it('china-jiajia: a stop branch that sets 1/2 again is teardown; status reads nothing', () => {
    const { s } = wild('realserver/china-jiajia-realserver.sh');
    expect(sysctlsOf(s).filter((x) => x.startsWith('setup'))).toEqual([
      'setup net.ipv4.conf.lo.arp_ignore=1', 'setup net.ipv4.conf.lo.arp_announce=2',
      'setup net.ipv4.conf.all.arp_ignore=1', 'setup net.ipv4.conf.all.arp_announce=2',
    ]);
    expect(s.sysctls.filter((x) => x.phase === 'teardown')).toHaveLength(4);
    expect(addrsOf(s)).toEqual(['setup 192.168.2.100/32 lo lo:0']);
    expect(s.persist.map((p) => [p.phase, p.what])).toEqual([['setup', 'sysctl-load']]);
  });

  it('linlams: functions called from the case, a VIP list with leading spaces, lo:$num', () => {
    const { text, s } = wild('realserver/linlams-lvs_realserver');
    expect(addrsOf(s)).toEqual(['setup 10.10.32.111/32 lo lo:0']);
    expect(slice(text, s.addresses[0]!.addressToken.loc)).toBe('$loop');
    expect(sysctlsOf(s)).toEqual([
      'setup net.ipv4.conf.lo.arp_ignore=1', 'setup net.ipv4.conf.lo.arp_announce=2',
      'setup net.ipv4.conf.all.arp_ignore=1', 'setup net.ipv4.conf.all.arp_announce=2',
      'teardown net.ipv4.conf.lo.arp_ignore=0', 'teardown net.ipv4.conf.lo.arp_announce=0',
      'teardown net.ipv4.conf.all.arp_ignore=0', 'teardown net.ipv4.conf.all.arp_announce=0',
    ]);
  });

  it('codis: sysctl -w and the device from a variable', () => {
    const { text, s } = wild('clusters/codis-lvs/scripts/codis_lvs_server');
    expect(addrsOf(s)).toEqual(['setup 192.168.188.190/32 lo lo:0']);
    expect(slice(text, s.addresses[0]!.deviceToken.loc)).toBe('$VIF');
    expect(s.addresses[0]!.deviceToken.fromVariable).toBe(true);
    expect(s.sysctls.filter((x) => x.phase === 'setup').map((x) => [x.via, x.key, x.numeric])).toEqual([
      ['sysctl-w', 'net.ipv4.conf.lo.arp_ignore', 1], ['sysctl-w', 'net.ipv4.conf.lo.arp_announce', 2],
      ['sysctl-w', 'net.ipv4.conf.all.arp_ignore', 1], ['sysctl-w', 'net.ipv4.conf.all.arp_announce', 2],
    ]);
  });

  it('zeropy: ip addr add ${VIP}/32 dev lo and a host route', () => {
    const { s } = wild('realserver/zeropy-read_server.sh');
    expect(addrsOf(s)).toEqual(['setup 192.168.122.100/32 lo']);
    expect(s.routes.map((r) => [r.phase, r.destination.text, r.device?.text])).toEqual([['setup', '192.168.122.100/32', 'lo']]);
  });

  it('xwqiang TUN: the VIP on tunl0 with a /24 mask', () => {
    const { s } = wild('realserver/xwqiang-tun-real.sh');
    expect(addrsOf(s)).toEqual(['setup 192.168.25.41/24 tunl0']);
    expect(s.sysctls.filter((x) => x.phase === 'teardown').map((x) => `${x.key}=${x.valueToken.text}`)).toEqual([
      'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.arp_announce=0',
    ]);
  });

  it('paulyu12 and contiv: the VIP comes from the arguments, so no address', () => {
    expect(wild('realserver/paulyu12-realserver_config.sh').s.addresses).toEqual([]);
    expect(wild('realserver/paulyu12-realserver_config.sh').s.routes).toEqual([]);
    expect(wild('realserver/contiv-ucarp-vip_up-dummy.sh').s.addresses).toEqual([]);
  });

  it('tobewont (Jinja template): no address, the literal sysctls only', () => {
    const { s } = wild('realserver/tobewont-lvs_dr_rs.sh.j2');
    expect(s.addresses).toEqual([]);
    expect(s.routes).toEqual([]);
    expect(s.sysctls).toHaveLength(4);
  });

  it('thomas-yanght: two VIPs on lo:0 and lo:1', () => {
    const { s } = wild('clusters/thomas-yanght-dual-dr/lvs_dr_rs.sh');
    expect(addrsOf(s)).toEqual(['setup 172.16.254.246/32 lo lo:0', 'setup 172.16.254.247/32 lo lo:1']);
    expect(s.routes.map((r) => r.device?.text)).toEqual(['lo:0', 'lo:1']);
  });

  it('outsrkem: the sysctl.conf heredoc is persistent, the ifcfg heredoc is not read', () => {
    const { s } = wild('clusters/outsrkem-script/keepalived/REDAME');
    expect(s.sysctls.map((x) => `${x.persistence} ${x.key}=${x.numeric}`)).toEqual([
      'persistent net.ipv4.ip_forward=1', 'persistent net.ipv4.conf.all.arp_ignore=1', 'persistent net.ipv4.conf.all.arp_announce=2',
      'persistent net.ipv4.conf.lo.arp_ignore=1', 'persistent net.ipv4.conf.lo.arp_announce=2',
    ]);
    expect(addrsOf(s)).toEqual(['setup 10.10.10.100/32 lo lo:0']);
  });

  it('shidg (CRLF): echo >> sysctl.d is persistent, echo > file << EOF writes nothing, sysctl -p FILE', () => {
    const { text, s } = wild('clusters/shidg-note/lvs+keepalived/install.sh');
    expect(s.sysctls.map((x) => `${x.persistence} ${x.key}=${x.valueToken.text}`)).toEqual(['persistent net.ipv4.ip_forward=1']);
    expect(slice(text, s.sysctls[0]!.loc)).toBe('echo "net.ipv4.ip_forward = 1" >> /etc/sysctl.d/keepalived.conf');
    expect(s.persist.map((p) => [p.what, p.subject?.text])).toEqual([['sysctl-load', '/etc/sysctl.d/keepalived.conf'], ['enable-at-boot', 'keepalived']]);
  });

  it('hcc-unl (Piranha): arptables_jf rules, save and chkconfig, the VIP on eth0:1 /26', () => {
    const { s } = wild('clusters/hcc-unl-piranha/modules/lvs/files/lvsify_ftp.sh');
    expect(s.arpRules.map((r) => [r.chain?.text, r.destination?.text, r.target?.text])).toEqual([['IN', '129.93.239.157', 'DROP']]);
    expect(s.persist.map((p) => [p.what, p.subject?.text])).toEqual([['arptables-save', 'arptables_jf'], ['enable-at-boot', 'arptables_jf']]);
    expect(addrsOf(s)).toEqual(['setup 129.93.239.157/26 eth0 eth0:1']);
  });

  it('thanks173: iptables REDIRECT on a VIP from $2 is skipped; add/del branches', () => {
    const { s } = wild('clusters/thanks173-dns-dr/load-balancer/keepalived/bypass_ipvs.sh');
    expect(s.iptRules).toEqual([]);
  });

  it('zhangzuoqiang notes: eth0 and tunl0 addresses, list commands are not rules', () => {
    const { s } = wild('clusters/zhangzuoqiang-devops/lvs/lvs_install.sh');
    expect(s.iptRules).toEqual([]);
    expect(addrsOf(s)).toContain('setup 200.168.10.10/32 tunl0');
    expect(addrsOf(s)).toContain('setup 200.168.10.10/32 lo lo:0');
  });
});

describe('bad input', () => {
  it.each([
    ['binary', Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7919) % 256)).toString('latin1')],
    ['unbalanced quotes', 'VIP="192.0.2.10\nip addr add $VIP dev lo\necho \'x > /proc/sys/a\n'],
    ['unbalanced blocks', 'if true; then\n for x in a; do\n case $1 in start) { ( echo $(( 1 + ; $( `\n'],
    ['stray terminators', 'fi\ndone\n;;\n)\nesac\n}\nthen\n'],
    ['deep nesting', '('.repeat(5000) + 'echo 1 > /proc/sys/net/ipv4/ip_forward' + ')'.repeat(5000)],
    ['deep if nesting', 'if true; then '.repeat(3000) + 'echo 1' + '; fi'.repeat(3000)],
    ['deep arithmetic', `x=$((${'('.repeat(20000)}1${')'.repeat(20000)}))\n`],
    ['recursive functions', 'f() { g; ip addr add 192.0.2.1/32 dev lo; }\ng() { f; }\nf\n'],
    ['runaway heredoc', 'cat <<EOF > /etc/sysctl.conf\nnet.ipv4.ip_forward = 1\n'],
    ['lone CRs', 'VIP=192.0.2.10\rip addr add $VIP dev lo\r'],
  ])('%s never throws', (_, text) => {
    expect(() => parse(text)).not.toThrow();
  });

  it('stays linear on 50k lines', () => {
    const block = [
      'VIP=192.0.2.10',
      'case "$1" in start) ifconfig lo:0 $VIP netmask 255.255.255.255 up ;; stop) ifconfig lo:0 down ;; esac',
      'for v in a b c; do echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore; done',
      'if [ -n "$X" ]; then Y$RANDOM=1; fi',
      'f() { echo "x"; }',
    ].join('\n');
    const small = Array.from({ length: 1000 }, () => block).join('\n');
    const big = Array.from({ length: 10000 }, () => block).join('\n');
    const t0 = performance.now();
    parse(small);
    const t1 = performance.now();
    const s = parse(big);
    const t2 = performance.now();
    expect(s.addresses.length).toBeGreaterThan(0);
    expect(t2 - t1).toBeLessThan(Math.max(3000, (t1 - t0) * 30));
  }, 120_000);

  it('the tokenizer keeps every operator and heredoc', () => {
    const { toks, comments } = lex('a=1 b>c 2>&1 &>/dev/null <<-EOF; x && y || z | w\n\tbody\n\tEOF\n# c\n');
    expect(toks.filter((t) => t.t === 'op').map((t) => (t.t === 'op' ? t.op : ''))).toEqual(['>', '>&', '&>', '<<-', ';', '&&', '||', '|']);
    expect(comments.map((c) => c.text)).toEqual(['# c']);
  });
});

describe('bounded memory', () => {
  it('a doubling variable becomes unknown instead of growing', () => {
    const text = 'X=ab\n' + 'X="$X $X"\n'.repeat(60) + 'for v in $X; do ip addr add 192.0.2.1 dev lo; done\necho $X$X$X$X > /proc/sys/net/ipv4/ip_forward\n';
    const s = parse(text);
    expect(s.sysctls).toEqual([]);
    expect(addrsOf(s)).toEqual(['setup 192.0.2.1/32? lo']);
  });

  it('nested loops and fan-out calls stop at the step budget', () => {
    const text = 'L=$(seq 1 1000)\nA=(' + Array.from({ length: 200 }, (_, k) => `x${k}`).join(' ') + ')\n' +
      'f0() { for a in ${A[@]}; do for b in ${A[@]}; do echo 1 > /proc/sys/net/ipv4/conf/$a/arp_ignore; done; done; }\n' +
      Array.from({ length: 15 }, (_, k) => `f${k + 1}() { f${k}; f${k}; }`).join('\n') + '\nf15\n';
    const t0 = performance.now();
    const s = parse(text);
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(s.sysctls.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('fuzzing', () => {
  const PIECES = [
    'VIP=192.0.2.10', '$VIP', '${VIP}', '${A[@]}', '"', "'", '`', '$(', ')', '((', '))', '{', '}', ';', ';;', '&&', '||', '|',
    '<<EOF', '<<-EOF', '\nEOF\n', 'EOF', '>', '>>', '2>&1', '\\\n', '\n', ' ', '\t', '#', 'if', 'then', 'fi', 'for', 'in', 'do', 'done',
    'case', 'esac', 'start)', 'stop)', '*)', 'f()', 'function', 'ip addr add', 'ifconfig lo:0', 'echo 1 >', '/proc/sys/net/ipv4/conf/all/arp_ignore',
    'sysctl -w', 'net.ipv4.conf.all.arp_ignore=1', 'route add -host', 'arptables -A IN -d', 'iptables -t nat -A PREROUTING -d', 'dev lo', '/32',
    'netmask 255.255.255.255', 'cat', '/etc/sysctl.conf', 'x = 1', '\r\n', '\u00a0', '𝄞', '$1', '{{ VIP }}', 'local', 'export', 'X+=', '=(', 'let i++', "sh -c '", 'bash -c "',
  ];
  it('400 generated scripts: never throw, every location inside the text', () => {
    let seed = 42;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    for (let k = 0; k < 400; k++) {
      const parts: string[] = [];
      const len = 5 + rnd(60);
      for (let j = 0; j < len; j++) parts.push(PIECES[rnd(PIECES.length)]!, rnd(3) ? ' ' : '');
      const text = parts.join('');
      const lines = text.split(/\r\n|\r|\n/);
      const inside = (l: Location) => {
        for (const p of [l.range.start, l.range.end]) {
          expect(p.line).toBeGreaterThanOrEqual(0);
          expect(p.line).toBeLessThan(lines.length);
          expect(p.character).toBeGreaterThanOrEqual(0);
          expect(p.character).toBeLessThanOrEqual(lines[p.line]!.length);
        }
      };
      const s = parse(text);
      for (const x of s.sysctls) [x.loc, x.keyToken.loc, x.valueToken.loc].forEach(inside);
      for (const a of s.addresses) [a.loc, a.addressToken.loc, a.deviceToken.loc].forEach(inside);
      for (const r of s.routes) inside(r.destination.loc);
      for (const v of s.variables) inside(v.loc);
    }
  });
});
