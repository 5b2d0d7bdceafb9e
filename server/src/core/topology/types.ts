/**
 * The topology of an LVS/keepalived workspace as plain JSON: what `lvs-lint graph --format json` prints and what the
 * language server answers to `lvsConfig/topology`. Editor-agnostic, no class instances, no cycles, no Maps: it goes
 * through `JSON.stringify` unchanged. See docs/topology.md for the shape with an example.
 *
 * The graph reads left to right: director → VRRP instance → VIP → virtual service → real server.
 *
 * Ids are stable across re-analyses as long as what they name is unchanged (they are built from file paths, names,
 * addresses and ports, never from array positions), so a preview can keep its state (collapsed groups, selection)
 * across updates.
 */
import type { Range, Severity } from '../types';

/** Version of this JSON shape; bumped on incompatible changes. */
export const TOPOLOGY_VERSION = 1;

/**
 * A source location: `file` is an index into `Topology.files` (the paths are long and repeated thousands of times in
 * a large workspace). Ranges are 0-based lines and UTF-16 columns, as LSP's.
 */
export interface SourceRef {
  file: number;
  range: Range;
}

/** One diagnostic that concerns a node (or an edge): rule id, severity, message, where. */
export interface TopologyDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  at: SourceRef;
}

/** Diagnostic counts by severity. */
export interface SeverityCounts {
  error: number;
  warning: number;
  information: number;
  hint: number;
}

/** The diagnostics of a node: counts and the list (the list is capped, the counts are not). */
export interface NodeDiagnostics extends SeverityCounts {
  items: TopologyDiagnostic[];
  /** true when `items` was capped (`TopologyOptions.maxDiagnosticsPerNode`). */
  truncated?: boolean;
}

/** The worst severity of a node, or of a group: error and warning count, information and hint are 'ok'. */
export type Health = 'ok' | 'warning' | 'error';

export type NodeKind = 'director' | 'instance' | 'vip' | 'service' | 'realserver';

interface NodeBase {
  /** Stable id, unique in the topology (see the kinds for their form). */
  id: string;
  kind: NodeKind;
  /** Short display label (config text, never markup: escape it when rendering). */
  label: string;
  /** Where the node is written, first the main one (several: a service or a VIP written in two directors). */
  sources: SourceRef[];
  diagnostics: NodeDiagnostics;
  health: Health;
  /** The collapse group this node belongs to (services and their real servers: `vipgroup:...`), if any. */
  group?: string;
}

/** A director host: one root config (per `@id` for files with `@id` lines). id: `director:<root path>[@<id>]`. */
export interface DirectorNode extends NodeBase {
  kind: 'director';
  /** Index into `files` of the root config. */
  file: number;
  /** The `-i` config id (files with `@id` lines). */
  configId?: string;
  /** `global_defs { router_id }`, if set. */
  routerId?: string;
}

/** A `vrrp_instance`. id: `instance:<director id>/<name>` (`#2`, `#3` appended for repeated names). */
export interface InstanceNode extends NodeBase {
  kind: 'instance';
  name: string;
  director: string;
  /** `state` as written (MASTER / BACKUP), absent when not set. */
  state?: string;
  /** `priority` as written. */
  priority?: number;
  /** The priority keepalived uses (written, else 255 for MASTER, else 100); absent when the instance takes no part in VRRP (no VRID or interface). */
  effectivePriority?: number;
  interface?: string;
  vrid?: number;
  family: 4 | 6;
  /** Unicast peers (addresses) when unicast, else absent (multicast). */
  unicastPeers?: string[];
  /** Ids of the instances of the same virtual router in other directors (`vrrp` cluster). */
  peers: string[];
  /** Index into `Topology.vrrp`, absent when it takes no part in VRRP. */
  vrrp?: number;
}

/** A VIP: an address a VRRP instance holds, or a virtual service's address no instance holds. id: `vip:<address>`. */
export interface VipNode extends NodeBase {
  kind: 'vip';
  /** Normalised address (no prefix). */
  address: string;
  family: 4 | 6;
  /** Prefix as written on the first `virtual_ipaddress` line, if any. */
  prefix?: number;
  /** `dev` of the first `virtual_ipaddress` line, if any. */
  dev?: string;
  /** Ids of the instances holding it (empty: no instance provides the VIP). */
  heldBy: string[];
  /** Only in `virtual_ipaddress_excluded` blocks. */
  excluded: boolean;
}

/** `virtual_server`. id: `service:<addr>:<port>/<proto>`, `service:fwmark:<n>/<proto>`, `service:group:<name>/<proto>`. */
export interface ServiceNode extends NodeBase {
  kind: 'service';
  /** What the head names. */
  addressKind: 'address' | 'fwmark' | 'group';
  /** kind 'address': the VIP (normalised). */
  address?: string;
  port?: number;
  fwmark?: number;
  /** kind 'group': the `virtual_server_group` name. */
  groupName?: string;
  /** For kind 'group': the addresses of its entries (normalised). */
  groupAddresses?: string[];
  /** `protocol` lower-cased as written; absent when not set (keepalived then uses UDP; `missing-protocol` reports it). */
  protocol?: string;
  /** `lb_algo` / scheduler. */
  scheduler?: string;
  /** `lb_kind` (`NAT`, `DR`, `TUN`) as written upper-cased. */
  method?: string;
  /** `persistence_timeout` in seconds, when set. */
  persistence?: number;
  /** Ids of the directors whose config defines this service. */
  directors: string[];
  /** Number of real servers (distinct addresses). */
  realServerCount: number;
}

/** How a real server hides its VIPs from ARP (DR/TUN). */
export type ArpHidingMethod = 'sysctl' | 'arptables' | 'iptables' | 'none';

/**
 * - `ok`: hidden, no ARP-hiding finding;
 * - `broken`: a finding of an ARP-hiding rule (`rules` has the ids);
 * - `unknown`: no real-server file in the workspace describes the host;
 * - `not-needed`: the host is only reached by NAT (no VIP on it).
 */
export type ArpHidingStatus = 'ok' | 'broken' | 'unknown' | 'not-needed';

export interface ArpHidingInfo {
  /** Absent when unknown or not needed. */
  method?: ArpHidingMethod;
  status: ArpHidingStatus;
  /** Rule ids of the findings that make it broken. */
  rules: string[];
  /** One line: how or why not. */
  summary: string;
}

/** A real server host (one address, however many `real_server` entries name it). id: `rs:<address>`. */
export interface RealServerNode extends NodeBase {
  kind: 'realserver';
  address: string;
  family: 4 | 6;
  /** Effective methods of its entries (`DR`, `TUN`, `NAT`), sorted, unique. */
  methods: string[];
  arp: ArpHidingInfo;
  /** Indexes into `files` of the real-server files that describe it (its own first). */
  files: number[];
}

export type TopologyNode = DirectorNode | InstanceNode | VipNode | ServiceNode | RealServerNode;

/**
 * - `runs`: director → instance;
 * - `peer`: instance → instance of the same virtual router in another director (from the highest priority);
 * - `holds`: instance → VIP;
 * - `offers`: VIP → service (address services, and group services for each address of the group);
 * - `defines`: director → service, for services with no VIP (fwmark);
 * - `forwards`: service → real server (one per `real_server` entry).
 */
export type EdgeKind = 'runs' | 'peer' | 'holds' | 'offers' | 'defines' | 'forwards';

export interface TopologyEdgeBase {
  /** Stable id: `<kind>:<from>-><to>` (`#2`... appended for repeats). */
  id: string;
  kind: EdgeKind;
  from: string;
  to: string;
  /** Where the relation is written (a `real_server` line, a VIP line), when it is. */
  sources: SourceRef[];
}

/** A health check of a real server entry. */
export interface HealthCheck {
  /** Checker keyword: `TCP_CHECK`, `HTTP_GET`, `SSL_GET`, `MISC_CHECK`, ... */
  type: string;
  /** `connect_port` when set. */
  port?: number;
  at: SourceRef;
}

export interface ForwardEdge extends TopologyEdgeBase {
  kind: 'forwards';
  port?: number;
  /** `weight` of the entry, else the service's, else 1. */
  weight: number;
  /** Effective method (`lvs_method` of the entry, else the service's `lb_kind`, else NAT). */
  method: string;
  checks: HealthCheck[];
  diagnostics: NodeDiagnostics;
  health: Health;
}

export type TopologyEdge = (TopologyEdgeBase & { kind: Exclude<EdgeKind, 'forwards'> }) | ForwardEdge;

/** A VRRP virtual router: the instances of one VRID and family that are peers. */
export interface VrrpCluster {
  vrid: number;
  family: 4 | 6;
  /** Instance ids, in director order. */
  members: string[];
  /** The instance expected to be master: highest effective priority (first on ties). */
  master?: string;
  /** `vrid-clash`: an index into `vrrp` of a cluster that hears this one's adverts on the same VRID. */
  clashesWith: number[];
}

/**
 * A collapse group: the services of one VIP (services without a VIP: one group per director, `vipgroup:none:<dir>`)
 * and their real servers. A preview can open with the groups collapsed and draw one box per group.
 * id: `vipgroup:<address>`.
 */
export interface TopologyGroup {
  id: string;
  label: string;
  /** The VIP node id, when the group is a VIP's. */
  vip?: string;
  /** Service node ids. */
  services: string[];
  /** Real server node ids (distinct) behind those services. */
  realServers: string[];
  /** Diagnostics of the services, the forward edges and the real servers in the group. */
  counts: SeverityCounts;
  health: Health;
  /** Real servers of the group per ARP-hiding status. */
  arp: Record<ArpHidingStatus, number>;
  /**
   * true when the answer leaves out the group's services and real servers and their edges (a collapsed request,
   * `TopologyParams.collapsed`): the ids above are then not in `nodes` (a real server also behind an included group
   * is kept). Absent otherwise.
   */
  omitted?: boolean;
  /**
   * Only with `omitted`: where the group's services are written (their `virtual_server` blocks, which hold the real
   * servers' entries), so that a client can tell that a cursor is inside the group without its nodes.
   */
  sources?: SourceRef[];
}

/** The filter of a collapsed answer (`TopologyParams.filter`). */
export interface TopologyFilter {
  /** The filter as matched: trimmed, lower-cased. */
  text: string;
  /** Nodes of the scope whose text (core/topology/labels.ts `searchTextOf`) contains it. */
  matches: number;
  /** Groups included for the matches (those of the first `FILTER_MAX_MATCHES` matches), not marked `omitted`. */
  groups: string[];
}

export interface Topology {
  version: typeof TOPOLOGY_VERSION;
  /**
   * File paths (CLI: absolute paths; LSP: `file://` URIs as the client knows them); `SourceRef.file` and the
   * nodes' file fields index into it.
   */
  files: string[];
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  vrrp: VrrpCluster[];
  groups: TopologyGroup[];
  summary: {
    directors: number;
    instances: number;
    vips: number;
    services: number;
    realServers: number;
    /** Every diagnostic of the files in scope (not only those attached to a node). */
    diagnostics: SeverityCounts;
    /** Whether a preview should open collapsed (many services). */
    collapseSuggested: boolean;
  };
  /** Only in a collapsed answer to a request with a filter. */
  filter?: TopologyFilter;
}

/** Params of the `lvsConfig/topology` request. */
export interface TopologyParams {
  /** A file (URI) to scope the answer to its cluster (the directors sharing VRRP routers or real servers with it); the whole workspace when absent. */
  uri?: string;
  /** A folder (URI) to scope the answer to the clusters of the files under it (ignored with `uri`). */
  folder?: string;
  /**
   * Leave out the services and real servers of every group (their summaries stay in `groups`, marked `omitted`),
   * except the groups in `expand`: a large workspace opens collapsed with a small answer, and asks again with
   * `expand` when the user opens a group. 'auto': collapsed when `summary.collapseSuggested` (more than 40 services).
   */
  collapsed?: boolean | 'auto';
  /** Group ids whose nodes are included in a collapsed answer. */
  expand?: string[];
  /**
   * With a collapsed answer: the preview's filter text. The groups holding the nodes that match it (case-insensitive,
   * on the text core/topology/labels.ts `searchTextOf` gives, the first `FILTER_MAX_MATCHES` matches) are included as
   * if expanded, and the answer's `filter` counts the matches, so that the preview finds a real server by address
   * inside collapsed groups. Ignored by an answer in full (the client filters what it has).
   */
  filter?: string;
  /**
   * With a collapsed answer: only what the client lacks, to add to the collapsed answer it has (build.ts
   * `mergeGroups`): the services and real servers of the groups in `expand` (and of the filter's matches), the edges
   * to them and those groups; no director, instance, VIP or VRRP router. `files`, `summary` and `filter` as in the
   * whole answer. For a preview opening a group of a large cluster: a few kilobytes instead of the collapsed answer.
   */
  groupsOnly?: boolean;
}

/** Params of the `lvsConfig/topologyChanged` notification (sent, debounced, after a re-analysis changed a file). */
export interface TopologyChangedParams {
  /** The files (URIs) whose change triggered it. */
  uris: string[];
}

export const TOPOLOGY_REQUEST = 'lvsConfig/topology';
export const TOPOLOGY_CHANGED_NOTIFICATION = 'lvsConfig/topologyChanged';
