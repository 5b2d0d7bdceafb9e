/**
 * The LVS cluster of a workspace, director side joined to real-server side: which real servers the directors
 * send traffic to (and by which method, for which VIPs, ports and protocols), which real-server files describe
 * each of them, and what those files add up to on the host (effective sysctl values, VIP addresses, arptables
 * and iptables rules).
 *
 * How a real-server file is matched to a real server (README "How real-server files are matched"):
 *   1. an address of a real server appears in the file's path (`realservers/10.0.0.11/sysctl.conf`,
 *      `rs-10.0.0.11.sh`): the file is that server's;
 *   2. else the file names its own host (`ownAddresses`: the `--mangle-ip-s` of its arptables rules, the IPADDR of
 *      an ifcfg file for a real NIC) and that is a real server's address: the file is that server's;
 *   3. a script that runs `ipvsadm` to add services, or a file under a folder named `director(s)`, `lb` or
 *      `load-balancer(s)`, is the director's own: it describes no real server;
 *   4. else the file is shared: it describes every real server of the directors nearest to it in the folder tree
 *      (the usual "one script for all real servers" layout; in a workspace holding several clusters, the
 *      directors whose config shares the deepest folder with the file).
 * A file that names an address that is no real server of the cluster (rule 1 or 2) belongs to no real server.
 *
 * Effective sysctl values follow the kernel: for `arp_ignore`, `arp_announce` and `rp_filter` the value used on
 * an interface is max(conf/all, conf/IFACE); `conf/default` only seeds interfaces created later and is not part
 * of it. Persistent files are applied in systemd's order (by file name, whatever the folder; `sysctl.conf` as
 * `99-sysctl.conf`), then runtime commands of scripts (setup phase only), in path and document order.
 */
import type { ParsedConfig } from '../keepalived/ast';
import { modelOf, type Address, type DirectorModel, type RealServer, type VirtualServer } from '../model/index';
import { effectiveMethod } from '../model/lvs';
import type { AddressAssignment, ArpRule, IptRule, SnippetFile, SysctlSetting } from '../realserver/types';

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** One virtual service address a real server must accept traffic for. */
export interface ServiceAddress {
  /** The VIP (normalised key) and family. */
  vip: string;
  family: 4 | 6;
  /** The virtual server's port (0 for a persistent all-ports service), undefined for fwmark services. */
  port?: number;
  protocol: Protocol;
  virtualServer: VirtualServer;
  /** Where the VIP is written (the virtual server head, or the group entry). */
  at: Address;
}

/** A real server of the cluster: one address, however many `real_server` entries name it. */
export interface RealServerHost {
  address: string;
  family: 4 | 6;
  /** Every `real_server` statement with this address, in workspace order. */
  entries: RealServer[];
  /** The entries whose effective method is DR or TUN (they need the VIP hidden from ARP on the host). */
  direct: RealServer[];
  /** The service addresses of those DR/TUN entries. */
  services: ServiceAddress[];
  /** Whether any DR/TUN entry uses TUN. */
  tunnel: boolean;
  /** The root configs whose virtual servers name this host. */
  configs: Set<ParsedConfig>;
  /** The files describing this host: its own, then the shared ones. */
  files: SnippetFile[];
  /** Files matched to this host by address (rule 1 or 2), a subset of `files`. */
  ownFiles: SnippetFile[];
  profile: HostProfile;
}

export type MatchReason = 'path' | 'own-address' | 'shared' | 'director' | 'foreign';

export interface FileMatch {
  file: SnippetFile;
  reason: MatchReason;
  /** The hosts the file describes (empty for 'foreign'). */
  hosts: RealServerHost[];
  /** For 'path' / 'own-address' / 'foreign': the address that decided. */
  address?: string;
}

/** What a set of real-server files configures on one host, in the order the host applies it. */
export interface HostProfile {
  files: readonly SnippetFile[];
  /** Setup-phase sysctl settings in application order (persistent files first, then runtime commands). */
  sysctls: SysctlSetting[];
  /** Setup-phase addresses. */
  addresses: AddressAssignment[];
  arpRules: ArpRule[];
  iptRules: IptRule[];
}

export interface EffectiveValue {
  /** max(all, iface) as the kernel computes it; undefined when neither is set in the files (kernel default applies). */
  value?: number;
  /** The last setting of `all` and of the interface (what decided each half). */
  all?: SysctlSetting;
  iface?: SysctlSetting;
}

export interface LvsCluster {
  configs: readonly ParsedConfig[];
  directors: DirectorModel[];
  /** Every address the directors hold: VIPs (and excluded VIPs) of instances, static addresses. */
  directorAddresses: Set<string>;
  /** Real servers by address, in workspace order. */
  hosts: Map<string, RealServerHost>;
  /** How each real-server file was matched. */
  matches: Map<string, FileMatch>;
  /** The director's own files (ipvsadm scripts, files under a director folder). */
  directorFiles: SnippetFile[];
  snippets: readonly SnippetFile[];
}

const cache = new WeakMap<readonly ParsedConfig[], Map<readonly SnippetFile[], LvsCluster>>();

/** The cluster of a workspace (cached per analysis run: pass the same arrays the rule context holds). */
export function clusterOf(configs: readonly ParsedConfig[], snippets: readonly SnippetFile[]): LvsCluster {
  let bySnippets = cache.get(configs);
  if (!bySnippets) cache.set(configs, (bySnippets = new Map()));
  let c = bySnippets.get(snippets);
  if (!c) bySnippets.set(snippets, (c = buildCluster(configs, snippets)));
  return c;
}

function protocolOf(vs: VirtualServer): Protocol {
  const p = vs.protocol?.text.toLowerCase();
  return p === 'tcp' || p === 'sctp' ? p : 'udp';
}

/** The service addresses of a virtual server: its own address, or its group's address entries. */
export function serviceAddresses(vs: VirtualServer, model: DirectorModel): ServiceAddress[] {
  const protocol = protocolOf(vs);
  if (vs.kind === 'address' && vs.address) {
    return [{ vip: vs.address.key, family: vs.address.family, port: vs.port?.value, protocol, virtualServer: vs, at: vs.address }];
  }
  if (vs.kind === 'group' && vs.group) {
    const g = model.byName.virtual_server_group.get(vs.group.text);
    if (!g || g.kind !== 'virtual_server_group') return [];
    const out: ServiceAddress[] = [];
    for (const e of (g as import('../model/index').VirtualServerGroup).entries) {
      if (e.kind === 'address') out.push({ vip: e.address.key, family: e.address.family, port: e.port?.value, protocol, virtualServer: vs, at: e.address });
      else if (e.kind === 'range') out.push({ vip: e.first.key, family: e.first.family, port: e.port?.value, protocol, virtualServer: vs, at: e.first });
    }
    return out;
  }
  return [];
}

const IPV4_IN_PATH = /(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d])/g;

function addressesInPath(file: string): string[] {
  const out: string[] = [];
  for (const m of file.matchAll(IPV4_IN_PATH)) if (m[1].split('.').every((o) => Number(o) <= 255)) out.push(m[1]);
  return out;
}

/** systemd orders sysctl.d files by file name whatever their folder; /etc/sysctl.conf is read as 99-sysctl.conf. */
function sysctlOrderKey(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base === 'sysctl.conf' ? '99-sysctl.conf' : base;
}

export function profileOf(files: readonly SnippetFile[]): HostProfile {
  const persistent = files.filter((f) => f.kind !== 'shell');
  const scripts = files.filter((f) => f.kind === 'shell');
  const order = [...persistent].sort((a, b) => {
    const ka = sysctlOrderKey(a.file);
    const kb = sysctlOrderKey(b.file);
    return ka < kb ? -1 : ka > kb ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  });
  const sysctls: SysctlSetting[] = [];
  // Persistent settings of every file (scripts may write sysctl files with heredocs), then runtime commands.
  for (const f of [...order, ...scripts]) for (const s of f.sysctls) if (s.phase === 'setup' && s.persistence === 'persistent') sysctls.push(s);
  for (const f of [...order, ...scripts]) for (const s of f.sysctls) if (s.phase === 'setup' && s.persistence === 'runtime') sysctls.push(s);
  const setup = <T extends { phase: string }>(xs: T[]): T[] => xs.filter((x) => x.phase === 'setup');
  return {
    files,
    sysctls,
    addresses: files.flatMap((f) => setup(f.addresses)),
    arpRules: files.flatMap((f) => setup(f.arpRules)),
    iptRules: files.flatMap((f) => setup(f.iptRules)),
  };
}

/** The last setup-phase setting of `net.ipv4.conf.<iface>.<name>` (a `*` glob counts for every interface). */
export function lastSetting(profile: HostProfile, iface: string, name: string, family: 4 | 6 = 4): SysctlSetting | undefined {
  let found: SysctlSetting | undefined;
  for (const s of profile.sysctls) {
    if (!s.conf || s.conf.family !== family || s.conf.name !== name) continue;
    if (s.conf.iface === iface || s.conf.iface === '*') found = s;
  }
  return found;
}

/** The value the kernel uses on `iface` for a max(all, iface) setting (arp_ignore, arp_announce, rp_filter). */
export function effectiveConf(profile: HostProfile, iface: string, name: string, family: 4 | 6 = 4): EffectiveValue {
  const all = lastSetting(profile, 'all', name, family);
  const own = iface === 'all' ? undefined : lastSetting(profile, iface, name, family);
  const values = [all?.numeric, own?.numeric].filter((v): v is number => v !== undefined);
  return { value: values.length ? Math.max(...values) : undefined, all, iface: own };
}

/** The last setup-phase setting of a plain key (`net.ipv4.ip_forward`). */
export function lastKey(profile: HostProfile, key: string): SysctlSetting | undefined {
  let found: SysctlSetting | undefined;
  for (const s of profile.sysctls) if (s.key === key) found = s;
  return found;
}

/** Interfaces where the VIP is local without answering ARP by itself: loopback, dummy and tunnel devices. */
export function isHiddenDevice(device: string): boolean {
  return /^(lo|dummy\d*|tunl\d+|ip6tnl\d+|gre\d+|kube-ipvs\d+)$/.test(device) || device.startsWith('lo:');
}

/**
 * A real server of the cluster as buildCluster makes it. `services` and `profile` are computed on first use: a
 * generated config has thousands of real servers, and most analyses (no real-server file in the workspace) read
 * neither. The values are those computed eagerly before: services in the order of the DR/TUN entries, once each
 * (by VIP, port and protocol); the profile of `files` as they are when the cluster is built.
 */
class ClusterHost implements RealServerHost {
  // Lists start as the shared (frozen) empty list and are made at length 1 on their first item: most hosts have one
  // entry and no file, and an array grown by push from [] holds 17 slots.
  entries: RealServer[] = NONE;
  direct: RealServer[] = NONE;
  tunnel = false;
  files: SnippetFile[] = NONE;
  ownFiles: SnippetFile[] = NONE;
  /** The root configs naming this host, in order (`configs` is made from it on first use). */
  configList: ParsedConfig[] = NONE;
  private configSet: Set<ParsedConfig> | undefined;
  private svc: ServiceAddress[] | undefined;
  private prof: HostProfile | undefined;
  constructor(
    readonly address: string,
    readonly family: 4 | 6,
    /** The service addresses of a virtual server (shared by the hosts of one cluster: one array per virtual server). */
    private readonly servicesOfVs: (vs: VirtualServer) => ServiceAddress[],
  ) {}

  get services(): ServiceAddress[] {
    if (this.svc) return this.svc;
    const out: ServiceAddress[] = [];
    // Deduplicated through a key set (one real server may serve tens of thousands of services), made only when a
    // second service comes.
    let keys: Set<string> | undefined;
    for (const rs of this.direct) {
      for (const s of this.servicesOfVs(rs.virtualServer)) {
        if (!out.length) {
          out.push(s);
          continue;
        }
        if (!keys) keys = new Set([serviceKey(out[0])]);
        const k = serviceKey(s);
        if (keys.has(k)) continue;
        keys.add(k);
        out.push(s);
      }
    }
    return (this.svc = out);
  }

  get profile(): HostProfile {
    return (this.prof ??= profileOf(this.files));
  }

  get configs(): Set<ParsedConfig> {
    return (this.configSet ??= new Set(this.configList));
  }
}
/** The empty list hosts share until they get an item (frozen: a push into it would be a bug, and fails loudly). */
const NONE: never[] = Object.freeze([]) as unknown as never[];
const serviceKey = (s: ServiceAddress): string => `${s.vip}\0${s.port}\0${s.protocol}`;

function buildCluster(configs: readonly ParsedConfig[], snippets: readonly SnippetFile[]): LvsCluster {
  const directors = configs.map((c) => modelOf(c));
  const directorAddresses = new Set<string>();
  for (const m of directors) {
    for (const inst of m.instances) for (const v of [...inst.vips, ...inst.excludedVips]) directorAddresses.add(v.address.key);
    for (const a of m.staticAddresses ?? []) directorAddresses.add(a.address.key);
  }
  const hosts = new Map<string, ClusterHost>();
  const modelOfVs = new Map<VirtualServer, DirectorModel>();
  const servicesByVs = new Map<VirtualServer, ServiceAddress[]>();
  const servicesOfVs = (vs: VirtualServer): ServiceAddress[] => {
    let s = servicesByVs.get(vs);
    if (!s) servicesByVs.set(vs, (s = serviceAddresses(vs, modelOfVs.get(vs)!)));
    return s;
  };
  for (const m of directors) {
    const config = m.config;
    for (const vs of m.virtualServers) {
      let seen = false;
      for (const rs of vs.realServers) {
        if (!rs.address) continue;
        let h = hosts.get(rs.address.key);
        if (!h) hosts.set(rs.address.key, (h = new ClusterHost(rs.address.key, rs.address.family, servicesOfVs)));
        if (h.entries.length) h.entries.push(rs);
        else h.entries = [rs];
        if (!h.configList.length) h.configList = [config];
        else if (!h.configList.includes(config)) h.configList.push(config);
        const method = effectiveMethod(rs);
        if (method === 'DR' || method === 'TUN') {
          if (h.direct.length) h.direct.push(rs);
          else h.direct = [rs];
          if (method === 'TUN') h.tunnel = true;
          if (!seen) {
            seen = true;
            modelOfVs.set(vs, m);
          }
        }
      }
    }
  }
  const matches = new Map<string, FileMatch>();
  const shared = new Map<RealServerHost, SnippetFile[]>();
  const directorFiles: SnippetFile[] = [];
  for (const f of snippets) {
    const inPath = addressesInPath(f.file);
    const pathHit = inPath.find((a) => hosts.has(a));
    const own = f.ownAddresses.map((t) => t.text).find((a) => hosts.has(a));
    const named = pathHit ?? own;
    if (named) {
      const h = hosts.get(named)!;
      if (h.ownFiles.length) h.ownFiles.push(f);
      else h.ownFiles = [f];
      matches.set(f.file, { file: f, reason: pathHit ? 'path' : 'own-address', hosts: [h], address: named });
      continue;
    }
    // A path or file naming another address (a director's, or an unknown host) is not a real server's file.
    const foreign = inPath.find((a) => !directorAddresses.has(a)) ?? f.ownAddresses.map((t) => t.text).find((a) => !directorAddresses.has(a));
    if (foreign !== undefined && hosts.size) {
      matches.set(f.file, { file: f, reason: 'foreign', hosts: [], address: foreign });
      continue;
    }
    if (isDirectorFile(f)) {
      directorFiles.push(f);
      matches.set(f.file, { file: f, reason: 'director', hosts: [] });
      continue;
    }
    const near = nearestConfigs(f.file, configs);
    const mine = [...hosts.values()].filter((h) => [...h.configs].some((c) => near.has(c)));
    for (const h of mine) (shared.get(h) ?? shared.set(h, []).get(h)!).push(f);
    matches.set(f.file, { file: f, reason: 'shared', hosts: mine });
  }
  for (const h of hosts.values()) {
    const more = shared.get(h);
    h.files = more ? [...h.ownFiles, ...more] : h.ownFiles.length ? [...h.ownFiles] : NONE;
  }
  return { configs, directors, directorAddresses, hosts, matches, snippets, directorFiles };
}

const DIRECTOR_DIR = /(^|\/)(directors?|lvs-?directors?|lb|load-?balancers?)\//i;
/** `ipvsadm -A/-a/--add-service/--add-server` outside comments: the script programs IPVS, so it runs on a director. */
const IPVSADM = /^[ \t]*[^#\n]*\bipvsadm\s+(-[AaE]|--add-service|--add-server|--edit-service)\b/m;

/** A director's own file (rule 3 of the matching). */
export function isDirectorFile(f: SnippetFile): boolean {
  if (DIRECTOR_DIR.test(f.file)) return true;
  if (f.kind !== 'shell' || !f.text.includes('ipvsadm')) return false;
  if (IPVSADM.test(f.text)) return true;
  // `IPVSADM=/sbin/ipvsadm` then `$IPVSADM -A -t ...`.
  for (const m of f.text.matchAll(/^[ \t]*([A-Za-z_]\w*)=["']?[\w/.-]*ipvsadm["']?[ \t]*$/gm)) {
    if (new RegExp(`^[ \\t]*[^#\\n]*\\$\\{?${m[1]}\\}?\\s+(-[AaE]|--add-service|--add-server)\\b`, 'm').test(f.text)) return true;
  }
  return false;
}

function dirOf(file: string): string[] {
  return file.split('/').slice(0, -1);
}

/** The configs whose root shares the deepest folder with `file` (all of them when none shares more than the others). */
export function nearestConfigs(file: string, configs: readonly ParsedConfig[]): Set<ParsedConfig> {
  const d = dirOf(file);
  let best = -1;
  let out: ParsedConfig[] = [];
  for (const c of configs) {
    const cd = dirOf(c.root);
    let n = 0;
    while (n < d.length && n < cd.length && d[n] === cd[n]) n++;
    if (n > best) {
      best = n;
      out = [c];
    } else if (n === best) out.push(c);
  }
  return new Set(out);
}

/** One set of real-server files checked together, and the real servers it describes (none: checked standalone). */
export interface ProfileGroup {
  profile: HostProfile;
  hosts: RealServerHost[];
}

/**
 * The units the real-server rules check, each once: real servers described by the same files share one group
 * (a script shared by three real servers is checked once, for the three); files that describe no real server of
 * the directors (no director in the workspace, or a foreign address) are checked standalone, one group per file,
 * with the checks that need no director. Director files are not included.
 */
export function profileGroups(cluster: LvsCluster): ProfileGroup[] {
  const groups = new Map<string, ProfileGroup>();
  for (const h of cluster.hosts.values()) {
    if (!h.files.length) continue;
    const key = h.files.map((f) => f.file).join('\0');
    const g = groups.get(key);
    if (g) g.hosts.push(h);
    else groups.set(key, { profile: h.profile, hosts: [h] });
  }
  const out = [...groups.values()];
  for (const m of cluster.matches.values()) {
    if (m.reason === 'director' || m.hosts.length) continue;
    out.push({ profile: profileOf([m.file]), hosts: [] });
  }
  return out;
}
