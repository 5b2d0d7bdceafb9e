/**
 * Argument readers for arptables / iptables / firewall-cmd commands (server/src/core/realserver/rulecmd.ts):
 * the Red Hat documentation's seed commands, option forms, negation, unknown options, and exact token ranges.
 */
import { describe, expect, it } from 'vitest';
import { readArpRule, readFirewallCmd, readIptRule, type RuleBase } from '../../server/src/core/realserver/rulecmd';
import type { Token } from '../../server/src/core/realserver/types';

const FILE = '/etc/rc.d/rc.local';

/** Splits one command line into words (single and double quotes), each with its range; drops the command name. */
function words(line: string, lineNo = 0): Token[] {
  const out: Token[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    out.push({
      text: m[1] ?? m[2] ?? m[3]!,
      loc: { file: FILE, range: { start: { line: lineNo, character: m.index }, end: { line: lineNo, character: m.index + m[0].length } } },
    });
  }
  return out.slice(1);
}

const base = (line: string): RuleBase => ({
  loc: { file: FILE, range: { start: { line: 0, character: 0 }, end: { line: 0, character: line.length } } },
  persistence: 'runtime',
  phase: 'setup',
});

/** The source characters a token points at. */
const at = (line: string, t: Token | undefined): string | undefined =>
  t && line.slice(t.loc.range.start.character, t.loc.range.end.character);

describe('readArpRule', () => {
  it('reads the Red Hat IN DROP rule', () => {
    const line = 'arptables -A IN -d 192.168.76.10 -j DROP';
    const r = readArpRule(words(line), base(line), 'command')!;
    expect(r.op).toBe('A');
    expect(at(line, r.chain)).toBe('IN');
    expect(at(line, r.destination)).toBe('192.168.76.10');
    expect(at(line, r.target)).toBe('DROP');
    expect(r.via).toBe('command');
    expect(r.persistence).toBe('runtime');
    expect(r.phase).toBe('setup');
    expect(r.source).toBeUndefined();
  });

  it('reads the Red Hat OUT mangle rule', () => {
    const line = 'arptables -A OUT -s 192.168.76.10 -j mangle --mangle-ip-s 192.168.76.11';
    const r = readArpRule(words(line), base(line), 'command')!;
    expect(at(line, r.chain)).toBe('OUT');
    expect(at(line, r.source)).toBe('192.168.76.10');
    expect(r.target?.text).toBe('mangle');
    expect(at(line, r.mangleIpS)).toBe('192.168.76.11');
  });

  it('reads long options in any order', () => {
    const line = 'arptables --jump mangle --mangle-ip-s 10.0.0.11 --source-ip 10.0.0.100 --append OUTPUT --out-interface eth0 --mangle-target ACCEPT';
    const r = readArpRule(words(line), base(line), 'command')!;
    expect(r.op).toBe('A');
    expect(r.chain?.text).toBe('OUTPUT');
    expect(r.source?.text).toBe('10.0.0.100');
    expect(r.mangleIpS?.text).toBe('10.0.0.11');
    expect(r.outInterface?.text).toBe('eth0');
    expect(r.mangleTarget?.text).toBe('ACCEPT');
  });

  it('reads --opt=value with a range inside the word', () => {
    const line = 'arptables --append=INPUT --destination-ip=10.0.0.100 --jump=DROP';
    const r = readArpRule(words(line), base(line), 'command')!;
    expect(at(line, r.chain)).toBe('INPUT');
    expect(at(line, r.destination)).toBe('10.0.0.100');
    expect(at(line, r.target)).toBe('DROP');
  });

  it('reads insert with a rule number, delete, flush and policy', () => {
    let line = 'arptables -I INPUT 1 -d 10.0.0.100 -j DROP';
    let r = readArpRule(words(line), base(line), 'command')!;
    expect(r.op).toBe('I');
    expect(at(line, r.position)).toBe('1');
    expect(r.destination?.text).toBe('10.0.0.100');

    line = 'arptables -D IN -d 10.0.0.100 -j DROP';
    r = readArpRule(words(line), base(line), 'command')!;
    expect(r.op).toBe('D');
    expect(r.chain?.text).toBe('IN');

    line = 'arptables -F';
    r = readArpRule(words(line), base(line), 'command')!;
    expect(r.op).toBe('F');
    expect(r.chain).toBeUndefined();

    line = 'arptables --flush OUT';
    expect(readArpRule(words(line), base(line), 'command')!.chain?.text).toBe('OUT');

    line = 'arptables -P INPUT ACCEPT';
    r = readArpRule(words(line), base(line), 'command')!;
    expect(r.op).toBe('P');
    expect(r.chain?.text).toBe('INPUT');
    expect(at(line, r.target)).toBe('ACCEPT');
  });

  it('records negation in both syntaxes', () => {
    let line = 'arptables -A IN ! -d 10.0.0.100 -j DROP';
    let r = readArpRule(words(line), base(line), 'command')!;
    expect(r.negated).toEqual(['destination']);
    expect(at(line, r.destination)).toBe('10.0.0.100');
    line = 'arptables -A IN -d ! 10.0.0.100 -j DROP';
    r = readArpRule(words(line), base(line), 'command')!;
    expect(r.negated).toEqual(['destination']);
    expect(at(line, r.destination)).toBe('10.0.0.100');
    line = 'arptables -A IN -d 10.0.0.100 -j DROP';
    expect(readArpRule(words(line), base(line), 'command')!.negated).toBeUndefined();
  });

  it('skips unknown options and their arguments, and known value options it does not record', () => {
    const line = 'arptables -A IN --frobnicate a b --source-mac 00:11:22:33:44:55 --opcode Request -d 10.0.0.100 -j DROP -v';
    const r = readArpRule(words(line), base(line), 'command')!;
    expect(r.destination?.text).toBe('10.0.0.100');
    expect(r.target?.text).toBe('DROP');
  });

  it('skips arptables_jf counters', () => {
    const line = 'x [0:0] -A IN -d 192.168.1.100 -j DROP';
    const r = readArpRule(words(line), base(line), 'save-file')!;
    expect(r.chain?.text).toBe('IN');
    expect(r.destination?.text).toBe('192.168.1.100');
    expect(r.via).toBe('save-file');
  });

  it('keeps the whole word for variables and quoted words', () => {
    const line = 'arptables -A IN -d $VIP -j DROP';
    const args = words(line);
    args[3] = { ...args[3]!, text: '10.0.0.100', fromVariable: true };
    const r = readArpRule(args, base(line), 'command')!;
    expect(r.destination?.text).toBe('10.0.0.100');
    expect(r.destination?.fromVariable).toBe(true);
    expect(at(line, r.destination)).toBe('$VIP');

    const q = 'arptables -A IN -d "10.0.0.100" -j DROP';
    expect(at(q, readArpRule(words(q), base(q), 'command')!.destination)).toBe('"10.0.0.100"');
  });

  it('gives undefined without an operation', () => {
    for (const line of ['arptables --version', 'arptables -h', 'arptables', 'arptables -d 1.2.3.4']) {
      expect(readArpRule(words(line), base(line), 'command')).toBeUndefined();
    }
  });

  it('reads listing commands with combined flags', () => {
    const line = 'arptables -nL';
    expect(readArpRule(words(line), base(line), 'command')?.op).toBe('L');
  });
});

describe('readIptRule', () => {
  it('reads the Red Hat REDIRECT rule', () => {
    const line = 'iptables -t nat -A PREROUTING -p tcp -d 192.168.76.10 --dport 80 -j REDIRECT';
    const r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(r.family).toBe(4);
    expect(r.table).toBe('nat');
    expect(r.op).toBe('A');
    expect(at(line, r.chain)).toBe('PREROUTING');
    expect(at(line, r.protocol)).toBe('tcp');
    expect(at(line, r.destination)).toBe('192.168.76.10');
    expect(at(line, r.dports)).toBe('80');
    expect(at(line, r.target)).toBe('REDIRECT');
    expect(r.via).toBe('command');
  });

  it('defaults the table to filter, or to the save file section', () => {
    const line = 'iptables -A INPUT -p tcp --dport 22 -j ACCEPT';
    expect(readIptRule(words(line), base(line), 4, 'command')!.table).toBe('filter');
    expect(readIptRule(words(line), { ...base(line), table: 'mangle' }, 4, 'save-file')!.table).toBe('mangle');
    const t = 'iptables --table=mangle -A PREROUTING -j ACCEPT';
    expect(readIptRule(words(t), base(t), 4, 'command')!.table).toBe('mangle');
  });

  it('reads multiport, to-ports, marks, DNAT and interfaces', () => {
    let line = 'iptables -t nat -I PREROUTING 2 -i eth0 -p tcp -m multiport --dports 80,443 -d 10.0.0.100/32 -j REDIRECT --to-ports 8080';
    let r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(r.op).toBe('I');
    expect(at(line, r.position)).toBe('2');
    expect(at(line, r.dports)).toBe('80,443');
    expect(at(line, r.destination)).toBe('10.0.0.100/32');
    expect(at(line, r.toPorts)).toBe('8080');
    expect(r.inInterface?.text).toBe('eth0');
    expect(r.matches?.map((m) => m.text)).toEqual(['multiport']);

    line = 'iptables -t mangle -A PREROUTING -d 10.0.0.100 -p tcp --destination-port 443 -j MARK --set-mark 0x1';
    r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(r.dports?.text).toBe('443');
    expect(at(line, r.setMark)).toBe('0x1');

    line = 'iptables -t mangle -A PREROUTING -d 10.0.0.100 -j MARK --set-xmark 0x1/0xffffffff';
    expect(readIptRule(words(line), base(line), 4, 'command')!.setMark?.text).toBe('0x1/0xffffffff');

    line = 'iptables -t nat -A PREROUTING -d 10.0.0.100 -p tcp --dport 80 -j DNAT --to-destination 10.0.0.11:8080';
    expect(readIptRule(words(line), base(line), 4, 'command')!.toDestination?.text).toBe('10.0.0.11:8080');

    line = 'iptables -A POSTROUTING -t nat -s 10.0.0.0/24 -o eth1 -j MASQUERADE';
    r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(r.source?.text).toBe('10.0.0.0/24');
    expect(r.outInterface?.text).toBe('eth1');
  });

  it('reads long forms and attached short values', () => {
    let line = 'iptables --table nat --append PREROUTING --protocol tcp --destination 10.0.0.100 --destination-port 80 --jump REDIRECT';
    let r = readIptRule(words(line), base(line), 4, 'command')!;
    expect([r.table, r.chain?.text, r.protocol?.text, r.destination?.text, r.dports?.text, r.target?.text]).toEqual([
      'nat', 'PREROUTING', 'tcp', '10.0.0.100', '80', 'REDIRECT',
    ]);
    line = 'iptables -tnat -APREROUTING -ptcp -d10.0.0.100 -jREDIRECT';
    r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(r.table).toBe('nat');
    expect(at(line, r.chain)).toBe('PREROUTING');
    expect(at(line, r.protocol)).toBe('tcp');
    expect(at(line, r.destination)).toBe('10.0.0.100');
    expect(at(line, r.target)).toBe('REDIRECT');
  });

  it('records negation and skips unknown match options', () => {
    const line = 'iptables -A INPUT -m state --state NEW,ESTABLISHED -m comment --comment "lvs vip" -p tcp ! --dport 22 -m tcp --tcp-flags SYN,RST SYN -j DROP';
    const r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(r.negated).toEqual(['dports']);
    expect(r.dports?.text).toBe('22');
    expect(r.target?.text).toBe('DROP');
    expect(r.matches?.map((m) => m.text)).toEqual(['state', 'comment', 'tcp']);
  });

  it('reads ip6tables as family 6', () => {
    const line = 'ip6tables -t nat -A PREROUTING -d 2001:db8::10 -p tcp --dport 80 -j REDIRECT';
    const r = readIptRule(words(line), base(line), 6, 'command')!;
    expect(r.family).toBe(6);
    expect(r.destination?.text).toBe('2001:db8::10');
  });

  it('gives undefined without an operation and reads listings and flushes', () => {
    for (const line of ['iptables -h', 'iptables --version', 'iptables -t nat']) {
      expect(readIptRule(words(line), base(line), 4, 'command')).toBeUndefined();
    }
    let line = 'iptables -t nat -F';
    expect(readIptRule(words(line), base(line), 4, 'command')).toMatchObject({ op: 'F', table: 'nat' });
    line = 'iptables -t nat -nvL PREROUTING';
    expect(readIptRule(words(line), base(line), 4, 'command')).toMatchObject({ op: 'L', table: 'nat' });
    line = 'iptables -P FORWARD ACCEPT';
    const r = readIptRule(words(line), base(line), 4, 'command')!;
    expect([r.op, r.chain?.text, r.target?.text]).toEqual(['P', 'FORWARD', 'ACCEPT']);
  });
});

describe('readFirewallCmd', () => {
  it('reads the Red Hat permanent direct REDIRECT rule', () => {
    const line = 'firewall-cmd --permanent --direct --add-rule ipv4 nat PREROUTING 0 -d 192.168.76.10 -p tcp --dport 80 -j REDIRECT';
    const r = readFirewallCmd(words(line), base(line))!;
    expect(r.via).toBe('firewall-cmd');
    expect(r.permanent).toBe(true);
    expect(r.family).toBe(4);
    expect(r.table).toBe('nat');
    expect(r.op).toBe('A');
    expect(at(line, r.chain)).toBe('PREROUTING');
    expect(at(line, r.position)).toBe('0');
    expect(at(line, r.destination)).toBe('192.168.76.10');
    expect(r.protocol?.text).toBe('tcp');
    expect(at(line, r.dports)).toBe('80');
    expect(at(line, r.target)).toBe('REDIRECT');
  });

  it('reads runtime, remove, ipv6 and passthrough forms', () => {
    let line = 'firewall-cmd --direct --add-rule ipv4 nat PREROUTING 0 -d 10.0.0.100 -j REDIRECT';
    expect(readFirewallCmd(words(line), base(line))!.permanent).toBeUndefined();
    line = 'firewall-cmd --direct --remove-rule ipv6 nat PREROUTING 0 -d 2001:db8::10 -j REDIRECT --permanent';
    let r = readFirewallCmd(words(line), base(line))!;
    expect([r.op, r.family, r.permanent]).toEqual(['D', 6, true]);
    line = 'firewall-cmd --direct --passthrough ipv4 -t nat -I PREROUTING -d 10.0.0.100 -j REDIRECT';
    r = readFirewallCmd(words(line), base(line))!;
    expect([r.op, r.table, r.chain?.text, r.destination?.text]).toEqual(['I', 'nat', 'PREROUTING', '10.0.0.100']);
  });

  it('gives undefined for other firewall-cmd commands', () => {
    for (const line of [
      'firewall-cmd --reload',
      'firewall-cmd --permanent --add-port=80/tcp',
      'firewall-cmd --direct --get-all-rules',
      'firewall-cmd --direct --add-rule eb filter INPUT 0 -j DROP',
      'firewall-cmd --direct --add-rule ipv4 nat',
    ]) {
      expect(readFirewallCmd(words(line), base(line))).toBeUndefined();
    }
  });
});

describe('commands from the wild corpus', () => {
  it('reads thanks173 bypass_ipvs.sh (chain before -t, delete) and the hcc rc.local rules', () => {
    let line = 'iptables -A PREROUTING -t nat -d 10.0.0.53 -p udp -j REDIRECT';
    let r = readIptRule(words(line), base(line), 4, 'command')!;
    expect([r.op, r.table, r.chain?.text, r.protocol?.text, r.target?.text]).toEqual(['A', 'nat', 'PREROUTING', 'udp', 'REDIRECT']);
    expect(r.dports).toBeUndefined();
    line = 'iptables -D PREROUTING -t nat -d 10.0.0.53 -p tcp -j REDIRECT';
    r = readIptRule(words(line), base(line), 4, 'command')!;
    expect([r.op, r.chain?.text, r.position]).toEqual(['D', 'PREROUTING', undefined]);
    line = 'iptables -t nat -n -L';
    expect(readIptRule(words(line), base(line), 4, 'command')).toMatchObject({ op: 'L', table: 'nat' });
    line = 'iptables -I INPUT -i eth0 -d 224.0.0.0/8 -j ACCEPT';
    r = readIptRule(words(line), base(line), 4, 'command')!;
    expect([r.op, r.chain?.text, r.position, r.inInterface?.text, r.destination?.text]).toEqual(['I', 'INPUT', undefined, 'eth0', '224.0.0.0/8']);
    line = 'iptables -A INPUT -p 112 -i eth0 -j ACCEPT';
    expect(readIptRule(words(line), base(line), 4, 'command')!.protocol?.text).toBe('112');
    line = 'iptables -t nat -A POSTROUTING -s 192.168.188.0/24  -j MASQUERADE';
    expect(at(line, readIptRule(words(line), base(line), 4, 'command')!.source)).toBe('192.168.188.0/24');
    line = 'arptables -A IN -d 129.93.239.157 -j DROP';
    expect(at(line, readArpRule(words(line), base(line), 'command')!.destination)).toBe('129.93.239.157');
  });

  it('reads --opt=value for iptables and multiport --destination-ports', () => {
    const line = 'iptables -t nat -A PREROUTING -p tcp --dport=8080 -m multiport --destination-ports 80,443 -j REDIRECT --to-ports=3128';
    const r = readIptRule(words(line), base(line), 4, 'command')!;
    expect(at(line, r.dports)).toBe('80,443'); // the last port match written
    expect(at(line, r.toPorts)).toBe('3128');
  });
});

describe('robustness', () => {
  it('never throws on odd words and stays linear', () => {
    const odd = ['-', '--', '!', '!', '-j', '--=', '-=x', '[1:2]', '-I', '\u0000', '-d'];
    for (let n = 0; n < odd.length; n++) {
      const line = 'x ' + odd.slice(n).concat(odd.slice(0, n)).join(' ');
      expect(() => readArpRule(words(line), base(line), 'command')).not.toThrow();
      expect(() => readIptRule(words(line), base(line), 4, 'command')).not.toThrow();
      expect(() => readFirewallCmd(words(line), base(line))).not.toThrow();
    }
    for (const line of ['x --constructor --toString -A INPUT --__proto__ x --hasOwnProperty', 'x --toString INPUT']) {
      const r = readIptRule(words(line), base(line), 4, 'command');
      expect(r === undefined || typeof r.op === 'string').toBe(true);
      expect(readArpRule(words(line), base(line), 'command')?.chain?.text ?? 'INPUT').toBe('INPUT');
    }
    expect(readIptRule(words('x --toString INPUT'), base(''), 4, 'command')).toBeUndefined();
    const big = 'iptables -A INPUT ' + '--unknown a b c '.repeat(50_000) + '-j DROP';
    const t0 = Date.now();
    const r = readIptRule(words(big), base(big), 4, 'command');
    expect(r?.target?.text).toBe('DROP');
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
