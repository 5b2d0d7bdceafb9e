/**
 * Facts read from the files that configure a real server (and sometimes a director) outside keepalived.conf:
 * sysctl files, shell scripts, arptables-save / iptables-save rule files and RHEL ifcfg files.
 *
 * Every parser in this folder turns one file into a `SnippetFile`: the settings, addresses and rules it applies,
 * each with the exact place it was written, and nothing else. Parsers never report problems themselves (they
 * never guess either: a value that cannot be known statically, such as `$2`, `{{ VIP }}` or `$(cmd)`, is
 * skipped); the rules in core/rules/ read these facts through the cluster model and report.
 *
 * Like the rest of core/, nothing here imports vscode-languageserver.
 */
import type { Location } from '../types';
import type { Directive } from '../keepalived/ast';

/** The languages of real-server files (besides keepalived itself). */
export type SnippetKind = 'sysctl' | 'shell' | 'arptables' | 'iptables' | 'ifcfg';

/** A piece of text as written in the file (after variable expansion in scripts) and where it is. */
export interface Token {
  /** The value (a script variable already substituted when it could be known). */
  text: string;
  /** Where it is on screen (for `$VIP`: the `$VIP` word). */
  loc: Location;
  /** True when the text came from a script variable (`$VIP`, `${VIPS[@]}`): an edit must not replace it. */
  fromVariable?: boolean;
}

/**
 * How long a fact lives. `persistent`: read at boot (a sysctl.d file, an ifcfg file, a saved rule file).
 * `runtime`: a command in a script (`sysctl -w`, `echo > /proc/sys/...`, `ip addr add`), lost at reboot unless
 * something runs the script at boot.
 */
export type Persistence = 'persistent' | 'runtime';

/**
 * Which part of a script a fact comes from. `setup`: top level or the `start`/`restart` branch of a
 * `case "$1" in` init script. `teardown`: the `stop` branch (resetting `arp_ignore` to 0 there is not a mistake).
 * `other`: any other branch (`status`, `*)`): never counted as configuration.
 */
export type Phase = 'setup' | 'teardown' | 'other';

interface Fact {
  /** The whole statement (line, or command in a script). */
  loc: Location;
  persistence: Persistence;
  phase: Phase;
}

/** One sysctl assignment: a sysctl.d line, `sysctl -w k=v`, `echo V > /proc/sys/...`. */
export interface SysctlSetting extends Fact {
  /** The key as written, normalised to dots with `/` separators converted (`net/ipv4/conf/all/arp_ignore` → `net.ipv4.conf.all.arp_ignore`). */
  key: string;
  /**
   * For `net.ipv4.conf.<iface>.<name>` and `net.ipv6.conf.<iface>.<name>`: the interface (`all`, `default`, `lo`,
   * `eth0`, `eth0.100`, `*` for a glob) and the setting name. Undefined for other keys (`net.ipv4.ip_forward`).
   */
  conf?: { family: 4 | 6; iface: string; name: string; ifaceLoc: Location };
  /** The last component of the key (`arp_ignore`, `ip_forward`). */
  name: string;
  keyToken: Token;
  valueToken: Token;
  /** The value as an integer when it is one. */
  numeric?: number;
  /** `-key = value` (failure ignored) in sysctl.d. */
  ignoreFailure?: boolean;
  /** How it was set. */
  via: 'sysctl-file' | 'sysctl-w' | 'proc-echo';
}

/** An address put on an interface: `ip addr add`, `ifconfig`, an ifcfg file. */
export interface AddressAssignment extends Fact {
  /** Normalised address (IPv6 compressed, lower case). */
  address: string;
  family: 4 | 6;
  /** Prefix length: from `/N`, `netmask M`, `NETMASK=`/`PREFIX=`; when none is given, the tool's default (32/128 for `ip`, class-based for ifconfig, see the parser). */
  prefix: number;
  /** Whether the prefix was written (`/24`, `netmask`), or implied. */
  prefixWritten: boolean;
  /** The device (`lo` for `lo:0`). */
  device: string;
  /** The alias label as written (`lo:0`), if any. */
  label?: string;
  /** `scope host` given. */
  scopeHost?: boolean;
  addressToken: Token;
  /** The `/N` or netmask token (for a fix that rewrites the prefix). */
  prefixToken?: Token;
  deviceToken: Token;
  /** The broadcast address as written (`broadcast B`, `brd B`, `BROADCAST=`), if any. */
  broadcast?: Token;
  /**
   * ifcfg files: whether initscripts brings the address up at boot (`ONBOOT` for a device file, `ONPARENT` for an
   * alias file such as `ifcfg-lo:0`; both default to yes and only `no`/`NO` turns them off). Undefined elsewhere.
   */
  onBoot?: boolean;
  via: 'ip' | 'ifconfig' | 'ifcfg';
}

/** A host route (`route add -host VIP dev lo:0`, `ip route add`). Recorded, not judged. */
export interface RouteFact extends Fact {
  destination: Token;
  device?: Token;
}

/** An arptables rule: from a script (`arptables -A INPUT ...`) or an `arptables-save` file. */
export interface ArpRule extends Fact {
  /** `A` append, `I` insert, `D` delete, `F` flush, `P` policy, `N` new chain, ... (the save format's `-A`). */
  op: string;
  /** The chain as written (`INPUT`, `OUTPUT`, or arptables_jf's `IN`/`OUT`). */
  chain?: Token;
  /** `-s` / `--source-ip` */
  source?: Token;
  /** `-d` / `--destination-ip` */
  destination?: Token;
  /** `-j TARGET` */
  target?: Token;
  /** `--mangle-ip-s ADDR` */
  mangleIpS?: Token;
  /** `--mangle-ip-d ADDR` */
  mangleIpD?: Token;
  /** `--mangle-mac-s MAC` */
  mangleMacS?: Token;
  /** `--mangle-mac-d MAC` */
  mangleMacD?: Token;
  /** `--mangle-target ACCEPT|DROP|CONTINUE` */
  mangleTarget?: Token;
  /** `-i IFACE` */
  inInterface?: Token;
  /** `-o IFACE` */
  outInterface?: Token;
  /** The rule number of `-I CHAIN N`, `-D CHAIN N`, `-R CHAIN N`. */
  position?: Token;
  /** The fields whose match was negated with `!` (`! -d VIP` → `['destination']`). */
  negated?: string[];
  via: 'command' | 'save-file';
}

/** An iptables / ip6tables rule, or a firewalld direct rule. */
export interface IptRule extends Fact {
  family: 4 | 6;
  op: string;
  /** `-t` table (`filter` when absent; in a save file, the `*table` section). */
  table: string;
  chain?: Token;
  /** `-p tcp|udp|...` */
  protocol?: Token;
  /** `-d` address (with prefix, as written). */
  destination?: Token;
  /** `--dport N` or the ports of `-m multiport --dports a,b`. */
  dports?: Token;
  /** `-j TARGET` */
  target?: Token;
  /** `--to-ports N` (REDIRECT) */
  toPorts?: Token;
  /** `--set-mark N` / `--set-xmark` (MARK) */
  setMark?: Token;
  /** `-s` address (with prefix, as written). */
  source?: Token;
  /** `-i IFACE` */
  inInterface?: Token;
  /** `-o IFACE` */
  outInterface?: Token;
  /** `--to-destination ADDR[:PORT]` (DNAT) */
  toDestination?: Token;
  /** The `-m MODULE` names, in order (`tcp`, `multiport`, `mark`, ...). */
  matches?: Token[];
  /** The rule number of `-I CHAIN N`, `-D CHAIN N`, `-R CHAIN N`. */
  position?: Token;
  /** The fields whose match was negated with `!` (`! -d VIP` → `['destination']`). */
  negated?: string[];
  via: 'command' | 'save-file' | 'firewall-cmd';
  /** firewall-cmd `--permanent`: the rule survives a reboot although it is a command. */
  permanent?: boolean;
}

/** Something that saves rules or settings, or enables them at boot: `service arptables_jf save`, `arptables-save > f`, `chkconfig arptables_jf on`, `systemctl enable ...`, `sysctl -p [file]`. */
export interface PersistAction extends Fact {
  what: 'arptables-save' | 'iptables-save' | 'enable-at-boot' | 'sysctl-load';
  /** The service or file named (`arptables_jf`, `/etc/sysctl.conf`). */
  subject?: Token;
}

/** A script variable assignment the parser understood (for hover and for matching a file to a real server). */
export interface VariableFact {
  name: string;
  values: string[];
  loc: Location;
}

export interface SnippetFile {
  file: string;
  kind: SnippetKind;
  /** The text the facts were read from. */
  text: string;
  sysctls: SysctlSetting[];
  addresses: AddressAssignment[];
  routes: RouteFact[];
  arpRules: ArpRule[];
  iptRules: IptRule[];
  persist: PersistAction[];
  variables: VariableFact[];
  /** Set when the parser threw on this file (a bug): the facts are empty and an internal-error diagnostic says so. */
  parseError?: string;
  /** `# lvs-config-disable[-next-line] RULE` comments (the same syntax as in keepalived.conf). */
  directives: Directive[];
  /**
   * Addresses the file names as its own host, in order of strength: an address in the path
   * (`realservers/10.0.0.11/...`), the `--mangle-ip-s` of its arptables rules, the non-VIP address of an ifcfg
   * file. Used to match the file to a real server of the cluster.
   */
  ownAddresses: Token[];
  /**
   * sysctl files only: LVS-relevant settings (`arp_ignore`, `arp_announce`, `rp_filter`, `ip_forward`) that are
   * written but commented out (`#net.ipv4.conf.all.arp_ignore = 1`). Ranges point inside the comment; these are
   * never in `sysctls`.
   */
  commentedSysctls?: SysctlSetting[];
  /**
   * sysctl.d files only: `-key` lines without `=`, which exclude the key from glob assignments
   * (`-net.ipv4.conf.all.rp_filter` after `net.ipv4.conf.*.rp_filter = 2`). The text is the normalised key.
   */
  sysctlExclusions?: Token[];
}
