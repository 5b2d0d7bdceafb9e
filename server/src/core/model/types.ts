/**
 * The director model: what keepalived builds from one parsed config (after includes, `@id` lines and `$NAME`
 * expansion), as typed elements that keep the statements and words they came from, so that rules can reason
 * about instances, VIPs and virtual servers and still report at the exact place.
 *
 * Only statements that keepalived reads where they are (a keyword with its schema entry at its block path) make
 * it into the model; misplaced blocks are ignored as keepalived ignores them.
 */
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';

/** A word with its value read as keepalived reads it (a number, a normalised address, ...). */
export interface Valued<T> {
  word: Word;
  value: T;
}

/** A parsed IP address: `key` is the normalised address without prefix (the identity used for comparisons). */
export interface Address {
  word: Word;
  /** Normalised address text (IPv6 compressed, lower case), without the prefix. */
  key: string;
  family: 4 | 6;
  prefix?: number;
}

/** Named top-level definitions that other blocks reference by name. */
export type DefinitionKind = 'vrrp_instance' | 'vrrp_sync_group' | 'vrrp_script' | 'track_file' | 'vrrp_track_process' | 'bfd_instance' | 'virtual_server_group';

export interface NamedBlock {
  kind: DefinitionKind;
  /** The name as keepalived reads it ('' when the head has no name). */
  name: string;
  /** The name word on the head line (absent when missing). */
  nameWord?: Word;
  statement: Statement;
  /** An earlier definition of the same kind and name (keepalived keeps the first, or ignores this one). */
  duplicateOf?: NamedBlock;
}

export type TrackKind = 'script' | 'file' | 'process' | 'bfd';

/** `track_script` / `track_file` / `track_process` / `track_bfd` entry of an instance or a sync group. */
export interface TrackRef {
  kind: TrackKind;
  /** The definition kind the name refers to. */
  target: DefinitionKind;
  /** The referenced name (the first word of the value line). */
  word: Word;
  weight?: Valued<number>;
  statement: Statement;
  owner: VrrpInstance | SyncGroup;
}

/**
 * Any use of a definition's name: track entries, sync group members, `virtual_server group NAME`, and checker
 * arguments (`FILE_CHECK { track_file NAME }`, `BFD_CHECK { name NAME }`).
 */
export interface Reference {
  target: DefinitionKind;
  word: Word;
  statement: Statement;
  /** The keyword that makes the reference (`track_script`, `group`, `virtual_server`, `track_file`, `name`). */
  keyword: string;
  /** The instance or sync group holding a track entry or a member list. */
  owner?: VrrpInstance | SyncGroup;
}

export interface TrackInterface {
  word: Word;
  weight?: Valued<number>;
  statement: Statement;
}

export interface Vip {
  address: Address;
  /** `dev IFNAME` of the line, if any. */
  dev?: Word;
  /** From `virtual_ipaddress_excluded`. */
  excluded: boolean;
  statement: Statement;
  instance: VrrpInstance;
}

export interface UnicastPeer {
  address: Address;
  statement: Statement;
}

/** The keywords whose addresses take part in an instance's address family (the first one sets it). */
export type FamilyKeyword = 'virtual_ipaddress' | 'unicast_src_ip' | 'mcast_src_ip' | 'unicast_peer';

/** An address of an instance that keepalived skips because its family is not the instance's. */
export interface FamilyMismatch {
  address: Address;
  /** The keyword line (`unicast_src_ip`) or the value line (a VIP, a peer) holding the address. */
  statement: Statement;
  keyword: FamilyKeyword;
}

/** A `static_ipaddress` line: an address keepalived adds at start-up whatever the VRRP state. */
export interface StaticAddress {
  address: Address;
  dev?: Word;
  statement: Statement;
}

export interface VrrpInstance extends NamedBlock {
  kind: 'vrrp_instance';
  interface?: Word;
  vrid?: Valued<number>;
  /** `state MASTER|BACKUP` as written. */
  state?: Word;
  priority?: Valued<number>;
  advertInt?: Valued<number>;
  version?: Valued<number>;
  authType?: Word;
  authPass?: Word;
  authentication?: Statement;
  vips: Vip[];
  excludedVips: Vip[];
  unicastSrcIp?: Address;
  unicastPeers: UnicastPeer[];
  /** The `unicast_peer` statement (present even when empty). */
  unicastPeerBlock?: Statement;
  mcastDstIp?: Address;
  mcastSrcIp?: Address;
  tracks: TrackRef[];
  trackInterfaces: TrackInterface[];
  nopreempt?: Statement;
  /** `strict_mode` (bare or true). */
  strict?: Statement;
  /** `accept` / `no_accept` statements, last one wins. */
  accept?: Statement;
  noAccept?: Statement;
  /**
   * The address family keepalived gives the instance: that of its first VIP (IPv4 when it has none and no
   * unicast address says otherwise).
   */
  family: 4 | 6;
  /** The address that set `family` (the first VIP, `unicast_src_ip`, `mcast_src_ip` or peer in document order). */
  familyFrom?: { address: Address; keyword: FamilyKeyword };
  /** Addresses of the other family, which keepalived skips ("address family must match VRRP instance"). */
  familyMismatches: FamilyMismatch[];
}

export interface SyncGroup extends NamedBlock {
  kind: 'vrrp_sync_group';
  /** Member names from `group { }`. */
  members: Word[];
  groupStatement?: Statement;
  tracks: TrackRef[];
}

export interface ScriptDef extends NamedBlock {
  kind: 'vrrp_script' | 'track_file' | 'vrrp_track_process' | 'bfd_instance';
}

export type VsgEntry =
  | { kind: 'address'; statement: Statement; address: Address; port?: Valued<number> }
  | { kind: 'range'; statement: Statement; word: Word; first: Address; last: string; port?: Valued<number> }
  | { kind: 'fwmark'; statement: Statement; mark?: Valued<number> }
  /** A line that is no address, range or fwmark (reported by the schema rules). */
  | { kind: 'invalid'; statement: Statement };

export interface VirtualServerGroup extends NamedBlock {
  kind: 'virtual_server_group';
  entries: VsgEntry[];
}

export type LvsMethod = 'NAT' | 'DR' | 'TUN';

export interface RealServer {
  statement: Statement;
  address?: Address;
  port?: Valued<number>;
  weight?: Valued<number>;
  /** Per-real-server `lvs_method` (overrides the virtual server's `lb_kind`). */
  lvsMethod?: Word;
  /** Checker blocks (`TCP_CHECK`, `HTTP_GET`, ...). */
  checkers: Statement[];
  virtualServer: VirtualServer;
}

export interface VirtualServer {
  statement: Statement;
  kind: 'address' | 'fwmark' | 'group';
  /** kind 'address': the VIP; the port (keepalived also reads `IP:PORT`-less forms with the port as second word). */
  address?: Address;
  port?: Valued<number>;
  /** kind 'fwmark': the mark. */
  fwmark?: Valued<number>;
  /** kind 'group': the group name word. */
  group?: Word;
  protocol?: Word;
  lbAlgo?: Word;
  /** `lb_kind` or its synonym `lvs_method`. */
  lbKind?: Word;
  persistenceTimeout?: Statement;
  quorum?: Valued<number>;
  /** `weight`: the default weight of the real servers (keepalived's default 1). */
  weight?: Valued<number>;
  /** `sorry_server` with `sorry_server_lvs_method` (which overrides `lb_kind` for it). */
  sorryServer?: { statement: Statement; address?: Address; port?: Valued<number>; lvsMethod?: Word };
  realServers: RealServer[];
}

export interface GlobalDefs {
  vrrpStrict?: Statement;
  vrrpVersion?: Valued<number>;
}

export interface DirectorModel {
  config: ParsedConfig;
  globals: GlobalDefs;
  /** Every `vrrp_instance` in document order, duplicates included (see `duplicateOf`). */
  instances: VrrpInstance[];
  syncGroups: SyncGroup[];
  scripts: ScriptDef[];
  trackFiles: ScriptDef[];
  trackProcesses: ScriptDef[];
  bfdInstances: ScriptDef[];
  virtualServerGroups: VirtualServerGroup[];
  virtualServers: VirtualServer[];
  /** `static_ipaddress` lines (top level), in document order. */
  staticAddresses: StaticAddress[];
  /** Every track reference (instances and sync groups) in document order. */
  tracks: TrackRef[];
  /** Every reference to a named definition, in document order. */
  references: Reference[];
  /** First definition of each name, per kind (what keepalived resolves a reference to). */
  byName: Record<DefinitionKind, Map<string, NamedBlock>>;
  /** Every definition, per kind, in document order (duplicates included). */
  definitions: Record<DefinitionKind, NamedBlock[]>;
}
