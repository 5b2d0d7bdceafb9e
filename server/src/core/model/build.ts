/**
 * Builds the director model from a parsed config. Reads only statements keepalived reads where they are
 * (`spec` set at the block path); the last occurrence of a single-valued keyword wins, as in keepalived.
 */
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';
import { isDottedQuad, parseAddress } from '../schema/values';
import type {
  Address,
  DefinitionKind,
  DirectorModel,
  FamilyKeyword,
  NamedBlock,
  RealServer,
  ScriptDef,
  SyncGroup,
  TrackKind,
  TrackRef,
  Valued,
  VirtualServer,
  VirtualServerGroup,
  VrrpInstance,
  VsgEntry,
} from './types';

const DEFINITION_KINDS: DefinitionKind[] = ['vrrp_instance', 'vrrp_sync_group', 'vrrp_script', 'track_file', 'vrrp_track_process', 'bfd_instance', 'virtual_server_group'];

const TRACKS: Record<string, { kind: TrackKind; target: DefinitionKind }> = {
  track_script: { kind: 'script', target: 'vrrp_script' },
  track_file: { kind: 'file', target: 'track_file' },
  track_process: { kind: 'process', target: 'vrrp_track_process' },
  track_bfd: { kind: 'bfd', target: 'bfd_instance' },
};

/** Read an address word as keepalived would; undefined when it is none. */
export function readAddress(word: Word | undefined, text = word?.text): Address | undefined {
  if (!word || text === undefined) return undefined;
  if (isDottedQuad(text)) return { word, key: text, family: 4 }; // the common case: already canonical
  const p = parseAddress(text);
  if (!p) return undefined;
  let key: string;
  const bare = p.prefix === undefined ? text : text.slice(0, text.indexOf('/'));
  if (p.family === 4 && isDottedQuad(bare)) key = bare; // already canonical: no need to build the address object
  else {
    try {
      key = p.addr.toString().toLowerCase();
    } catch {
      return undefined;
    }
  }
  return p.prefix === undefined ? { word, key, family: p.family } : { word, key, family: p.family, prefix: p.prefix };
}

function readInt(word: Word | undefined, min = -Infinity, max = Infinity): Valued<number> | undefined {
  if (!word || !/^[+-]?\d+$/.test(word.text)) return undefined;
  const value = Number(word.text);
  return value >= min && value <= max ? { word, value } : undefined;
}

function readDecimal(word: Word | undefined): Valued<number> | undefined {
  if (!word || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(word.text)) return undefined;
  return { word, value: Number(word.text) };
}

/** The canonical name of a keyword statement (synonyms folded: `lvs_method` in virtual_server → `lb_kind`). */
function keyOf(s: Statement): string | undefined {
  if (!s.spec || s.valueBlock) return undefined;
  return s.spec.synonymOf ?? s.spec.name;
}

/** The keyword children of a block statement (read-only: usually the block's own list, when all its lines are keywords). */
function children(s: Statement): readonly Statement[] {
  if (!s.block) return NO_CHILDREN;
  const list = s.block.statements;
  let i = 0;
  while (i < list.length && list[i].spec && !list[i].valueBlock) i++;
  if (i === list.length) return list;
  const out: Statement[] = list.slice(0, i);
  for (; i < list.length; i++) if (list[i].spec && !list[i].valueBlock) out.push(list[i]);
  return out;
}
const NO_CHILDREN: Statement[] = [];

/**
 * The lines of a value block: those inside its braces, or, for a value-block keyword written without `{`, the
 * following sibling lines keepalived reads as its entries.
 */
export function valueLines(s: Statement, siblings: readonly Statement[]): Statement[] {
  if (s.block) return s.block.statements.filter((c) => c.valueBlock === s.spec && !c.anonymous);
  const out: Statement[] = [];
  const i = siblings.indexOf(s);
  if (i < 0 || !s.spec) return out;
  for (let j = i + 1; j < siblings.length && siblings[j].valueBlock === s.spec && !siblings[j].block && !siblings[j].anonymous; j++) out.push(siblings[j]);
  return out;
}

/** `on` / `true` / `yes` or nothing: true (keepalived's optional boolean). */
function optionalTrue(s: Statement): boolean {
  const w = s.args[0];
  return !w || ['on', 'true', 'yes'].includes(w.text);
}

/** The `dev IFNAME` word of an address line. */
function devOf(line: Statement): Word | undefined {
  const i = line.args.findIndex((w) => w.text === 'dev');
  return i >= 0 ? line.args[i + 1] : undefined;
}

function named<K extends DefinitionKind>(kind: K, s: Statement): NamedBlock & { kind: K } {
  const nameWord = s.args[0];
  return nameWord ? { kind, name: nameWord.text, nameWord, statement: s } : { kind, name: '', statement: s };
}

function weightOf(line: Statement): Valued<number> | undefined {
  const i = line.args.findIndex((w) => w.text === 'weight');
  return i >= 0 ? readInt(line.args[i + 1]) : undefined;
}

export function buildModel(config: ParsedConfig): DirectorModel {
  const model: DirectorModel = {
    config,
    globals: {},
    instances: [],
    syncGroups: [],
    scripts: [],
    trackFiles: [],
    trackProcesses: [],
    bfdInstances: [],
    virtualServerGroups: [],
    virtualServers: [],
    staticAddresses: [],
    tracks: [],
    references: [],
    byName: Object.fromEntries(DEFINITION_KINDS.map((k) => [k, new Map()])) as DirectorModel['byName'],
    definitions: Object.fromEntries(DEFINITION_KINDS.map((k) => [k, []])) as unknown as DirectorModel['definitions'],
  };
  const define = (d: NamedBlock): void => {
    model.definitions[d.kind].push(d);
    if (!d.nameWord) return;
    const first = model.byName[d.kind].get(d.name);
    if (first) d.duplicateOf = first;
    else model.byName[d.kind].set(d.name, d);
  };
  const top = config.statements;
  for (const s of top) {
    if (!s.spec || s.valueBlock || s.spec.block !== '_top') continue;
    const name = s.spec.synonymOf ?? s.spec.name;
    switch (name) {
      case 'global_defs':
        readGlobals(s, model);
        break;
      case 'vrrp_instance': {
        if (!s.block) break;
        const inst = readInstance(s);
        define(inst);
        model.instances.push(inst);
        model.tracks.push(...inst.tracks);
        break;
      }
      case 'vrrp_sync_group': {
        if (!s.block) break;
        const g = readSyncGroup(s);
        define(g);
        model.syncGroups.push(g);
        model.tracks.push(...g.tracks);
        break;
      }
      case 'vrrp_script':
      case 'track_file':
      case 'vrrp_track_process':
      case 'bfd_instance': {
        if (!s.block) break;
        const d = named(name, s) as ScriptDef;
        define(d);
        (name === 'vrrp_script' ? model.scripts : name === 'track_file' ? model.trackFiles : name === 'vrrp_track_process' ? model.trackProcesses : model.bfdInstances).push(d);
        break;
      }
      case 'virtual_server_group': {
        const g: VirtualServerGroup = { ...named('virtual_server_group', s), entries: valueLines(s, top).map(readVsgEntry) };
        define(g);
        model.virtualServerGroups.push(g);
        break;
      }
      case 'virtual_server':
        if (s.block) model.virtualServers.push(readVirtualServer(s));
        break;
      case 'static_ipaddress':
        for (const line of valueLines(s, top)) {
          const address = readAddress(line.keyword);
          if (!address) continue;
          const dev = devOf(line);
          model.staticAddresses.push(dev ? { address, dev, statement: line } : { address, statement: line });
        }
        break;
    }
  }
  for (const d of [...model.instances, ...model.syncGroups]) {
    if (d.kind === 'vrrp_sync_group') {
      for (const word of d.members) model.references.push({ target: 'vrrp_instance', word, statement: d.groupStatement!, keyword: 'group', owner: d });
    }
  }
  for (const t of model.tracks) model.references.push({ target: t.target, word: t.word, statement: t.statement, keyword: t.statement.valueBlock?.name ?? 'track', owner: t.owner });
  for (const vs of model.virtualServers) {
    if (vs.group) model.references.push({ target: 'virtual_server_group', word: vs.group, statement: vs.statement, keyword: 'virtual_server' });
    for (const rs of vs.realServers) {
      for (const c of rs.checkers) {
        for (const k of children(c)) {
          k.spec!.args.forEach((a, i) => {
            const word = k.args[i];
            if (a.type.kind === 'ref' && word && (DEFINITION_KINDS as string[]).includes(a.type.target)) model.references.push({ target: a.type.target as DefinitionKind, word, statement: k, keyword: k.keyword.text });
          });
        }
      }
    }
  }
  return model;
}

function readGlobals(s: Statement, model: DirectorModel): void {
  for (const c of children(s)) {
    const k = keyOf(c);
    if (k === 'vrrp_strict') model.globals.vrrpStrict = c;
    else if (k === 'vrrp_version') {
      const v = readInt(c.args[0], 2, 3);
      if (v) model.globals.vrrpVersion = v;
    }
  }
}

function readTracks(c: Statement, siblings: Statement[], owner: VrrpInstance | SyncGroup, into: TrackRef[]): void {
  const t = TRACKS[keyOf(c) ?? ''];
  if (!t) return;
  for (const line of valueLines(c, siblings)) {
    const weight = weightOf(line);
    const ref: TrackRef = { kind: t.kind, target: t.target, word: line.keyword, statement: line, owner };
    if (weight) ref.weight = weight;
    into.push(ref);
  }
}

function readInstance(s: Statement): VrrpInstance {
  const inst: VrrpInstance = { ...named('vrrp_instance', s), vips: [], excludedVips: [], unicastPeers: [], tracks: [], trackInterfaces: [], family: 4, familyMismatches: [] };
  const list = s.block!.statements;
  let family: 4 | 6 | undefined;
  // keepalived sets the instance's family from the first VIP, unicast_src_ip, mcast_src_ip or unicast peer, in
  // document order, and skips later addresses of the other family. True when `address` is of the instance's family.
  const sameFamily = (address: Address, statement: Statement, keyword: FamilyKeyword): boolean => {
    if (family === undefined) {
      family = address.family;
      inst.familyFrom = { address, keyword };
      return true;
    }
    if (address.family === family) return true;
    inst.familyMismatches.push({ address, statement, keyword });
    return false;
  };
  for (const c of list) {
    const k = keyOf(c);
    if (!k) continue;
    switch (k) {
      case 'interface':
        if (c.args[0]) inst.interface = c.args[0];
        break;
      case 'virtual_router_id': {
        const v = readInt(c.args[0], 1, 255);
        if (v) inst.vrid = v;
        break;
      }
      case 'state':
        if (c.args[0]) inst.state = c.args[0];
        break;
      case 'priority': {
        const v = readInt(c.args[0], 1, 255);
        if (v) inst.priority = v;
        break;
      }
      case 'advert_int': {
        const v = readDecimal(c.args[0]);
        if (v) inst.advertInt = v;
        break;
      }
      case 'version': {
        const v = readInt(c.args[0], 2, 3);
        if (v) inst.version = v;
        break;
      }
      case 'authentication':
        inst.authentication = c;
        for (const a of children(c)) {
          if (keyOf(a) === 'auth_type' && a.args[0]) inst.authType = a.args[0];
          else if (keyOf(a) === 'auth_pass' && a.args[0]) inst.authPass = a.args[0];
        }
        break;
      case 'virtual_ipaddress':
      case 'virtual_ipaddress_excluded': {
        const excluded = k === 'virtual_ipaddress_excluded';
        for (const line of valueLines(c, list)) {
          const address = readAddress(line.keyword);
          if (!address) continue;
          const devAt = line.args.findIndex((w) => w.text === 'dev');
          const vip = { address, excluded, statement: line, instance: inst, ...(devAt >= 0 && line.args[devAt + 1] ? { dev: line.args[devAt + 1] } : {}) };
          if (excluded) inst.excludedVips.push(vip);
          // keepalived ignores a VIP of another family than the instance's ("address family must match").
          else if (sameFamily(address, line, 'virtual_ipaddress')) inst.vips.push(vip);
        }
        break;
      }
      case 'unicast_src_ip': {
        const a = readAddress(c.args[0]);
        if (a) {
          inst.unicastSrcIp = a;
          sameFamily(a, c, 'unicast_src_ip');
        }
        break;
      }
      case 'mcast_src_ip': {
        const a = readAddress(c.args[0]);
        if (a) {
          inst.mcastSrcIp = a;
          sameFamily(a, c, 'mcast_src_ip');
        }
        break;
      }
      case 'unicast_peer':
        inst.unicastPeerBlock = c;
        for (const line of valueLines(c, list)) {
          const address = readAddress(line.keyword);
          if (address) {
            inst.unicastPeers.push({ address, statement: line });
            sameFamily(address, line, 'unicast_peer');
          }
        }
        break;
      case 'mcast_dst_ip': {
        const a = readAddress(c.args[0]);
        if (a) inst.mcastDstIp = a;
        break;
      }
      case 'track_interface':
        for (const line of valueLines(c, list)) {
          const weight = weightOf(line);
          inst.trackInterfaces.push(weight ? { word: line.keyword, weight, statement: line } : { word: line.keyword, statement: line });
        }
        break;
      case 'nopreempt':
        inst.nopreempt = c;
        break;
      case 'preempt':
        delete inst.nopreempt;
        break;
      case 'strict_mode':
        if (optionalTrue(c)) inst.strict = c;
        else delete inst.strict;
        break;
      case 'accept':
        inst.accept = c;
        delete inst.noAccept;
        break;
      case 'no_accept':
        inst.noAccept = c;
        delete inst.accept;
        break;
      default:
        readTracks(c, list, inst, inst.tracks);
    }
  }
  inst.family = family ?? 4;
  return inst;
}

function readSyncGroup(s: Statement): SyncGroup {
  const g: SyncGroup = { ...named('vrrp_sync_group', s), members: [], tracks: [] };
  const list = s.block!.statements;
  for (const c of list) {
    const k = keyOf(c);
    if (k === 'group') {
      g.groupStatement = c;
      for (const line of valueLines(c, list)) g.members.push(line.keyword, ...line.args);
    } else if (k) readTracks(c, list, g, g.tracks);
  }
  return g;
}

function readVsgEntry(line: Statement): VsgEntry {
  const first = line.keyword;
  if (first.text === 'fwmark') {
    const mark = readInt(line.args[0], 0, 4294967295);
    return mark ? { kind: 'fwmark', statement: line, mark } : { kind: 'fwmark', statement: line };
  }
  const port = readInt(line.args[0], 0, 65535);
  const m = /^([^-/]+)-(.+)$/.exec(first.text);
  if (m) {
    const a = readAddress(first, m[1]);
    if (a) {
      const e: VsgEntry = { kind: 'range', statement: line, word: first, first: a, last: m[2] };
      if (port) e.port = port;
      return e;
    }
  }
  const address = readAddress(first);
  if (address) return port ? { kind: 'address', statement: line, address, port } : { kind: 'address', statement: line, address };
  return { kind: 'invalid', statement: line };
}

function readVirtualServer(s: Statement): VirtualServer {
  const head = s.args[0]?.text;
  // Every field present from the start (one object shape: the rules read thousands of these).
  const vs: VirtualServer = {
    statement: s,
    kind: head === 'fwmark' ? 'fwmark' : head === 'group' ? 'group' : 'address',
    address: undefined,
    port: undefined,
    fwmark: undefined,
    group: undefined,
    protocol: undefined,
    lbAlgo: undefined,
    lbKind: undefined,
    persistenceTimeout: undefined,
    quorum: undefined,
    weight: undefined,
    sorryServer: undefined,
    realServers: [],
  };
  if (vs.kind === 'fwmark') {
    const v = readInt(s.args[1], 0, 4294967295);
    if (v) vs.fwmark = v;
  } else if (vs.kind === 'group') {
    if (s.args[1]) vs.group = s.args[1];
  } else {
    const a = readAddress(s.args[0]);
    if (a) vs.address = a;
    const p = readInt(s.args[1], 0, 65535);
    if (p) vs.port = p;
  }
  for (const c of children(s)) {
    switch (keyOf(c)) {
      case 'protocol':
        if (c.args[0]) vs.protocol = c.args[0];
        break;
      case 'lb_algo':
        if (c.args[0]) vs.lbAlgo = c.args[0];
        break;
      case 'lb_kind':
        if (c.args[0]) vs.lbKind = c.args[0];
        break;
      case 'persistence_timeout':
        vs.persistenceTimeout = c;
        break;
      case 'quorum': {
        const v = readInt(c.args[0]);
        if (v) vs.quorum = v;
        break;
      }
      case 'weight': {
        const v = readInt(c.args[0]);
        if (v) vs.weight = v;
        break;
      }
      case 'sorry_server_lvs_method':
        // Before any sorry_server keepalived ignores it ("sorry_server forwarding used without sorry_server").
        if (c.args[0] && vs.sorryServer) vs.sorryServer.lvsMethod = c.args[0];
        break;
      case 'sorry_server': {
        const sorry: NonNullable<VirtualServer['sorryServer']> = { statement: c };
        const a = readAddress(c.args[0]);
        if (a) sorry.address = a;
        const p = readInt(c.args[1], 0, 65535);
        if (p) sorry.port = p;
        vs.sorryServer = sorry;
        break;
      }
      case 'real_server':
        if (c.block) vs.realServers.push(readRealServer(c, vs));
        break;
    }
  }
  return vs;
}

const CHECKERS = new Set(['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'MISC_CHECK', 'SMTP_CHECK', 'DNS_CHECK', 'UDP_CHECK', 'PING_CHECK', 'FILE_CHECK', 'BFD_CHECK']);

function readRealServer(s: Statement, vs: VirtualServer): RealServer {
  const rs: RealServer = { statement: s, address: undefined, port: undefined, weight: undefined, lvsMethod: undefined, checkers: [], virtualServer: vs };
  const a = readAddress(s.args[0]);
  if (a) rs.address = a;
  const p = readInt(s.args[1], 0, 65535);
  if (p) rs.port = p;
  // Built at its final length (most real servers have one checker; an array grown by push holds 17 slots).
  let checkers: Statement[] | undefined;
  for (const c of children(s)) {
    const k = keyOf(c);
    if (k === 'weight') {
      const v = readInt(c.args[0]);
      if (v) rs.weight = v;
    } else if (k === 'lvs_method') {
      if (c.args[0]) rs.lvsMethod = c.args[0];
    } else if (c.spec?.shape === 'block' && CHECKERS.has(c.spec.name)) checkers = checkers ? [...checkers, c] : [c];
  }
  if (checkers) rs.checkers = checkers;
  return rs;
}
