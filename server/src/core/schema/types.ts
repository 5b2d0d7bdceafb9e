/**
 * The typed schema of keepalived.conf: every block and keyword keepalived accepts, with argument types.
 * The data lives in keywords.generated.ts, produced by scripts/gen-schema.mjs from data/keepalived-keywords.json
 * (keepalived's own keyword dump) plus the curated argument table scripts/schema-curated.mjs.
 */

/** The type of one argument word. Validation of each kind lives in server/src/core/schema/values.ts. */
export type ArgType =
  /** Integer, optionally bounded (inclusive). keepalived rejects trailing garbage. */
  | { kind: 'int'; min?: number; max?: number }
  /** Decimal number (keepalived timers: seconds with micro-second resolution, or ms for BFD). */
  | { kind: 'decimal'; min?: number; max?: number; minExclusive?: boolean; unit?: 's' | 'ms' }
  /** One of a fixed set of words. */
  | { kind: 'enum'; values: string[]; caseSensitive: boolean }
  /** on|off|true|false|yes|no */
  | { kind: 'bool' }
  /** An IP address; `prefix` says whether `/LEN` may or must follow. */
  | { kind: 'ip'; family?: 4 | 6; prefix?: 'no' | 'optional' | 'required'; multicast?: boolean }
  /** A TCP/UDP port 0..65535 (or 1..65535 with min). */
  | { kind: 'port'; min?: number }
  /** A network interface name (max 15 chars). */
  | { kind: 'ifname' }
  /** A file system path. */
  | { kind: 'path' }
  /** A command line to run (keepalived re-splits it with shell-like quoting). */
  | { kind: 'script' }
  /** Free text (optionally bounded in length; keepalived truncates beyond maxLength). */
  | { kind: 'string'; maxLength?: number }
  /** A name that references a definition elsewhere (vrrp_script, vrrp_instance, ...). */
  | { kind: 'ref'; target: RefTarget }
  /** A name this statement defines (block head names). */
  | { kind: 'name'; defines: RefTarget }
  /** Anything: not checked (complex syntax validated by a dedicated checker, or too free-form). */
  | { kind: 'any' };

export type RefTarget =
  | 'vrrp_instance'
  | 'vrrp_script'
  | 'vrrp_sync_group'
  | 'track_file'
  | 'vrrp_track_process'
  | 'bfd_instance'
  | 'virtual_server_group'
  | 'track_group';

export interface ArgSpec {
  /** Placeholder name shown in hover/completion, e.g. `VRID`, `IFNAME`. */
  name: string;
  type: ArgType;
  /** keepalived aborts config-test when a required argument is missing. */
  optional?: boolean;
}

/**
 * How the words after the keyword are read:
 * - 'flag':   no arguments (surplus words ignored by keepalived)
 * - 'optionalBool': bare keyword means true; an optional on/off/true/false/yes/no may follow
 * - 'args':   positional `args` (then `rest` says what happens with more words)
 * - 'block':  opens a keyword sub-block ({ ... } with keywords of block `subBlock`)
 * - 'valueBlock': opens a block of free-form lines, each read as `valueLine`
 */
export type KeywordShape = 'flag' | 'optionalBool' | 'args' | 'block' | 'valueBlock';

/** The syntax of lines inside a value block (validated by server/src/core/schema/value-lines.ts). */
export type ValueLineKind =
  | 'vip' // virtual_ipaddress / static_ipaddress: ADDR[/LEN] [brd X] [dev IF] [scope S] [label L] ...
  | 'route' // virtual_routes / static_routes: ip-route syntax
  | 'rule' // virtual_rules / static_rules: ip-rule syntax
  | 'unicast_peer' // IPADDR [min_ttl N] [max_ttl N]
  | 'track_interface' // IFNAME [weight W [reverse|noreverse]]
  | 'track_ref' // NAME [weight W [reverse|noreverse]] -- ref target in valueRef
  | 'names' // one or more names per line (sync group members, track_group group, garp interfaces)
  | 'email' // e-mail addresses
  | 'vsg' // virtual_server_group: IP[-LAST|/PREFIX] [PORT] | fwmark N [inet|inet6]
  | 'linkbeat' // IFNAME [MII|ETHTOOL|IOCTL]
  | 'if_delays'; // IFNAME DOWN_DELAY [UP_DELAY]

export interface KeywordSpec {
  name: string;
  /** Block path this entry belongs to, e.g. `vrrp_instance`, `virtual_server/real_server`, `_top`. */
  block: string;
  shape: KeywordShape;
  args: ArgSpec[];
  /** What keepalived does with words after `args`: 'ignored' (silently dropped: warn), 'free' (more syntax, not checked). */
  rest: 'ignored' | 'free';
  /** For shape 'block': the block path of the sub-block (e.g. `virtual_server/real_server`). */
  subBlock?: string;
  /** For shape 'block' (and the named value block `virtual_server_group NAME`): arguments on the head line (`vrrp_instance NAME`). */
  headArgs?: ArgSpec[];
  /** For shape 'valueBlock': how each line inside reads. */
  valueLine?: ValueLineKind;
  /** For valueLine 'track_ref' / 'names': what the names refer to. */
  valueRef?: RefTarget;
  /** keepalived version where this keyword became valid at this path, e.g. '2.2.8'. Absent = 2.2.7 or older. 'unreleased' = after the newest release. */
  since?: string;
  /** Replacement keyword (or advice) when deprecated. */
  deprecated?: { replacement?: string; advice: string };
  /** This keyword is an alias of another in the same block (lvs_sched = lb_algo). */
  synonymOf?: string;
  /**
   * keepalived's message when the keyword is given without a value although its arguments are optional for
   * parsing (the handler checks and ignores the line instead of aborting). From scripts/probe-bare-keywords.mjs.
   */
  bareRejected?: string;
  /** One-paragraph meaning (keepalived.conf(5)), used for hover and completion. */
  doc: string;
  /** The default keepalived applies when the keyword is absent (or given bare), as text. */
  default?: string;
}

export interface BlockSpec {
  path: string;
  /** The path is a value block of free-form lines (e.g. `static_ipaddress`), not a keyword block: `keywords` is empty. */
  valueBlock?: boolean;
  keywords: Record<string, KeywordSpec>;
}

export interface Schema {
  /** Newest keepalived version of the data (default target version). */
  newestVersion: string;
  /** Versions the data knows, ascending. */
  versions: string[];
  blocks: Record<string, BlockSpec>;
}
