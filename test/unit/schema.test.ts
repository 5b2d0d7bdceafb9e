/**
 * The typed keyword schema (server/src/core/schema): the generated table must cover keepalived's own keyword dump
 * (data/keepalived-keywords.json) exactly, agree with it on block tree, value blocks, deprecations, versions and the
 * typed args it has, and the lookup helpers must answer the questions the rules ask.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allKeywordNames,
  blocksContaining,
  compareVersions,
  isNewerThan,
  lookupBlock,
  lookupKeyword,
  SCHEMA,
  SCHEMA_NEWEST,
} from '../../server/src/core/schema/index';
import type { ArgSpec, ArgType, KeywordSpec } from '../../server/src/core/schema/types';

const root = join(__dirname, '../..');

interface DumpArg {
  type: string;
  min?: number | string;
  max?: number;
  values?: string[];
  caseSensitive?: boolean;
  synonymOf?: string;
}
interface DumpBlock {
  keywords: string[];
  subblocks: string[];
  valueBlocks?: string[];
  valueBlock?: boolean;
  deprecated?: Record<string, string>;
  since?: Record<string, string>;
  args?: Record<string, DumpArg>;
}
const dump = JSON.parse(readFileSync(join(root, 'data/keepalived-keywords.json'), 'utf8')) as Record<string, DumpBlock>;
const dumpPaths = Object.keys(dump).filter((k) => k !== '_meta');

const normaliseSince = (s: string) => (s.startsWith('unreleased') ? 'unreleased' : s.replace(/^v/, '').replace(/\+$/, ''));

function kw(block: string, name: string): KeywordSpec {
  const spec = lookupKeyword(block, name);
  if (!spec) throw new Error(`${block} ${name} not in schema`);
  return spec;
}
function arg(block: string, name: string, i = 0): ArgSpec {
  const a = kw(block, name).args[i];
  if (!a) throw new Error(`${block} ${name} has no argument ${i}`);
  return a;
}
const allSpecs = (): KeywordSpec[] => Object.values(SCHEMA.blocks).flatMap((b) => Object.values(b.keywords));

describe('schema covers the keyword dump', () => {
  it('has every block path of the dump and nothing else', () => {
    expect(Object.keys(SCHEMA.blocks).sort()).toEqual([...dumpPaths].sort());
    expect(dumpPaths).toHaveLength(35);
    for (const p of dumpPaths) {
      expect(SCHEMA.blocks[p].path).toBe(p);
      expect(!!SCHEMA.blocks[p].valueBlock, p).toBe(!!dump[p].valueBlock);
    }
  });

  it('knows every keyword of every block, and no other', () => {
    let n = 0;
    for (const p of dumpPaths) {
      expect(Object.keys(SCHEMA.blocks[p].keywords).sort(), p).toEqual([...dump[p].keywords].sort());
      n += dump[p].keywords.length;
    }
    expect(n).toBe(531);
    expect(allSpecs()).toHaveLength(531);
  });

  it('gives sub-blocks shape block with the right sub-block path, value blocks shape valueBlock', () => {
    for (const p of dumpPaths) {
      const b = dump[p];
      for (const name of b.keywords) {
        const spec = kw(p, name);
        expect(spec.name).toBe(name);
        expect(spec.block).toBe(p);
        if (b.subblocks.includes(name)) {
          expect(spec.shape, `${p} ${name}`).toBe('block');
          const sub = p === '_top' ? name : `${p}/${name}`;
          expect(spec.subBlock).toBe(sub);
          expect(SCHEMA.blocks[sub], sub).toBeDefined();
          expect(Array.isArray(spec.headArgs), `${p} ${name} headArgs`).toBe(true);
        } else if (b.valueBlocks?.includes(name)) {
          expect(spec.shape, `${p} ${name}`).toBe('valueBlock');
          expect(spec.valueLine, `${p} ${name}`).toBeTruthy();
          expect(spec.subBlock).toBeUndefined();
        } else {
          expect(['flag', 'optionalBool', 'args'], `${p} ${name}`).toContain(spec.shape);
          expect(spec.subBlock).toBeUndefined();
          expect(spec.valueLine).toBeUndefined();
        }
      }
    }
  });

  it('matches the dump on deprecated and since', () => {
    for (const p of dumpPaths) {
      const b = dump[p];
      for (const name of b.keywords) {
        const spec = kw(p, name);
        const dep = b.deprecated?.[name];
        if (dep) {
          expect(spec.deprecated, `${p} ${name}`).toBeDefined();
          expect(spec.deprecated!.advice.length).toBeGreaterThan(10);
          if (/^[\w-]+$/.test(dep)) expect(spec.deprecated!.replacement).toBe(dep);
        } else expect(spec.deprecated, `${p} ${name}`).toBeUndefined();
        const since = b.since?.[name];
        expect(spec.since, `${p} ${name}`).toBe(since ? normaliseSince(since) : undefined);
      }
    }
  });

  it('has a doc, well-formed args, and values for every enum', () => {
    for (const spec of allSpecs()) {
      const where = `${spec.block} ${spec.name}`;
      expect(spec.doc.trim().length, where).toBeGreaterThan(10);
      expect(['ignored', 'free']).toContain(spec.rest);
      const list = [...spec.args, ...(spec.headArgs ?? [])];
      let sawOptional = false;
      for (const a of spec.args) {
        if (a.optional) sawOptional = true;
        else expect(sawOptional, `${where}: required ${a.name} after optional`).toBe(false);
      }
      for (const a of list) {
        expect(a.name.length, where).toBeGreaterThan(0);
        if (a.type.kind === 'enum') {
          expect(a.type.values.length, `${where} ${a.name}`).toBeGreaterThan(0);
          expect(typeof a.type.caseSensitive).toBe('boolean');
        }
      }
      if (spec.shape === 'flag') expect(spec.args, where).toEqual([]);
      if (spec.shape === 'optionalBool') expect(spec.args, where).toEqual([{ name: 'BOOL', type: { kind: 'bool' }, optional: true }]);
      if (spec.synonymOf) expect(lookupKeyword(spec.block, spec.synonymOf), where).toBeDefined();
      if (spec.valueRef) expect(spec.shape).toBe('valueBlock');
    }
  });

  it('agrees with every numeric range and enum the dump types', () => {
    let compared = 0;
    for (const p of dumpPaths) {
      for (const [name, d0] of Object.entries(dump[p].args ?? {})) {
        const d = d0.synonymOf ? dump[p].args![d0.synonymOf] : d0;
        const t: ArgType | undefined = kw(p, name).args[0]?.type;
        const where = `${p} ${name}`;
        if (d.type === 'int' || d.type === 'int(seconds)') {
          expect(t, where).toBeDefined();
          if (t!.kind === 'port') {
            expect([d.min, d.max, t!.min], where).toEqual([1, 65535, 1]);
          } else {
            expect(t!.kind, where).toBe('int');
            if (t!.kind === 'int') {
              if (d.min !== undefined) expect(t!.min, where).toBe(d.min);
              if (d.max !== undefined) expect(t!.max, where).toBe(d.max);
            }
          }
          compared++;
        } else if (d.type === 'enum') {
          expect(t?.kind, where).toBe('enum');
          if (t?.kind === 'enum') {
            expect([...t.values].sort(), where).toEqual([...d.values!].sort());
            if (d.caseSensitive !== undefined) expect(t.caseSensitive, where).toBe(d.caseSensitive);
          }
          compared++;
        } else if (d.type === 'timer' || d.type.startsWith('decimal')) {
          expect(t?.kind, where).toBe('decimal');
          if (t?.kind === 'decimal' && typeof d.min === 'number') expect(t.min, where).toBe(d.min);
          if (t?.kind === 'decimal' && d.max !== undefined) expect(t.max, where).toBe(d.max);
          compared++;
        } else if (d.type === 'bool') {
          expect(kw(p, name).shape, where).toBe('optionalBool');
          compared++;
        } else if (d.type === 'flag') {
          expect(kw(p, name).shape, where).toBe('flag');
          compared++;
        } else if (d.type === 'ipaddr' || d.type.includes('multicast')) {
          expect(t?.kind, where).toBe('ip');
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });

  it('is up to date with the curated table (npm run gen:schema was run)', () => {
    const out = execFileSync(process.execPath, [join(root, 'scripts/gen-schema.mjs'), '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/up to date \(35 blocks, 531 keywords\)/);
  });
});

describe('well-known keepalived facts', () => {
  it('virtual_router_id is a required integer 1..255', () => {
    expect(arg('vrrp_instance', 'virtual_router_id')).toEqual({ name: 'VRID', type: { kind: 'int', min: 1, max: 255 } });
  });

  it('priority is 1..255 and required, state MASTER|BACKUP case-sensitive', () => {
    expect(arg('vrrp_instance', 'priority').type).toEqual({ kind: 'int', min: 1, max: 255 });
    expect(arg('vrrp_instance', 'priority').optional).toBeUndefined();
    expect(arg('vrrp_instance', 'state').type).toEqual({ kind: 'enum', values: ['MASTER', 'BACKUP'], caseSensitive: true });
  });

  it('lb_kind is NAT/DR/TUN case-sensitive with free TUN options; lvs_method is its synonym', () => {
    const s = kw('virtual_server', 'lb_kind');
    expect(s.args[0].type).toEqual({ kind: 'enum', values: ['NAT', 'DR', 'TUN'], caseSensitive: true });
    expect(s.rest).toBe('free');
    expect(kw('virtual_server', 'lvs_method').synonymOf).toBe('lb_kind');
    expect(kw('virtual_server', 'lvs_sched').synonymOf).toBe('lb_algo');
    const algo = arg('virtual_server', 'lb_algo').type;
    expect(algo.kind === 'enum' && algo.caseSensitive && algo.values.includes('wrr') && algo.values.includes('twos')).toBe(true);
  });

  it('protocol is TCP/UDP/SCTP case-insensitive, DNS type case-insensitive', () => {
    expect(arg('virtual_server', 'protocol').type).toEqual({ kind: 'enum', values: ['TCP', 'UDP', 'SCTP'], caseSensitive: false });
    const t = arg('virtual_server/real_server/DNS_CHECK', 'type').type;
    expect(t.kind === 'enum' && !t.caseSensitive && t.values.includes('AAAA')).toBe(true);
  });

  it('auth_pass keeps 8 characters, auth_type PASS|AH', () => {
    expect(arg('vrrp_instance/authentication', 'auth_pass').type).toEqual({ kind: 'string', maxLength: 8 });
    expect(arg('vrrp_instance/authentication', 'auth_type').type).toEqual({ kind: 'enum', values: ['PASS', 'AH'], caseSensitive: true });
  });

  it('real_server has lvs_method but not lb_kind', () => {
    expect(lookupKeyword('virtual_server/real_server', 'lvs_method')).toBeDefined();
    expect(lookupKeyword('virtual_server/real_server', 'lb_kind')).toBeUndefined();
    expect(blocksContaining('lb_kind').map((s) => s.block)).toEqual(['virtual_server']);
  });

  it('vrrp_garp_interval is decimal seconds with minimum 0.000001 (0 is rejected)', () => {
    expect(arg('global_defs', 'vrrp_garp_interval').type).toEqual({ kind: 'decimal', unit: 's', min: 0.000001 });
  });

  it('persistence_timeout is 1..2678400 and may be bare', () => {
    expect(arg('virtual_server', 'persistence_timeout')).toEqual({ name: 'SECS', type: { kind: 'int', min: 1, max: 2678400 }, optional: true });
  });

  it('nopreempt is a flag, strict_mode an optional boolean, advert_int decimal seconds', () => {
    expect(kw('vrrp_instance', 'nopreempt').shape).toBe('flag');
    expect(kw('vrrp_instance', 'strict_mode').shape).toBe('optionalBool');
    expect(arg('vrrp_instance', 'advert_int').type).toEqual({ kind: 'decimal', unit: 's', min: 0.01, max: 255 });
  });

  it('track weights: script -253..253 [reverse], track_file / track_process -254..254', () => {
    expect(kw('vrrp_script', 'weight').args.map((a) => a.type)).toEqual([
      { kind: 'int', min: -253, max: 253 },
      { kind: 'enum', values: ['reverse'], caseSensitive: true },
    ]);
    expect(arg('track_file', 'weight').type).toEqual({ kind: 'int', min: -254, max: 254 });
    expect(arg('vrrp_track_process', 'weight').type).toEqual({ kind: 'int', min: -254, max: 254 });
  });

  it('block heads define names; virtual_server and real_server take addresses', () => {
    for (const [kwName, target] of [
      ['vrrp_instance', 'vrrp_instance'],
      ['vrrp_script', 'vrrp_script'],
      ['vrrp_sync_group', 'vrrp_sync_group'],
      ['track_file', 'track_file'],
      ['vrrp_track_file', 'track_file'],
      ['track_group', 'track_group'],
      ['bfd_instance', 'bfd_instance'],
      ['vrrp_track_process', 'vrrp_track_process'],
      ['virtual_server_group', 'virtual_server_group'],
    ] as const) {
      expect(kw('_top', kwName).headArgs, kwName).toEqual([{ name: 'NAME', type: { kind: 'name', defines: target } }]);
    }
    const vs = kw('_top', 'virtual_server').headArgs!;
    expect(vs[0].optional).toBeUndefined();
    expect(vs[1].optional).toBe(true);
    const rs = kw('virtual_server', 'real_server');
    expect(rs.subBlock).toBe('virtual_server/real_server');
    expect(rs.headArgs!.map((a) => a.type.kind)).toEqual(['ip', 'port']);
    expect(kw('_top', 'global_defs').headArgs).toEqual([]);
  });

  it('value blocks carry their line syntax and references', () => {
    expect(kw('vrrp_instance', 'virtual_ipaddress').valueLine).toBe('vip');
    expect(kw('vrrp_instance', 'track_script')).toMatchObject({ valueLine: 'track_ref', valueRef: 'vrrp_script' });
    expect(kw('vrrp_instance', 'track_file')).toMatchObject({ valueLine: 'track_ref', valueRef: 'track_file' });
    expect(kw('vrrp_instance', 'track_process')).toMatchObject({ valueLine: 'track_ref', valueRef: 'vrrp_track_process' });
    expect(kw('vrrp_instance', 'track_bfd')).toMatchObject({ valueLine: 'track_ref', valueRef: 'bfd_instance' });
    expect(kw('vrrp_sync_group', 'group')).toMatchObject({ valueLine: 'names', valueRef: 'vrrp_instance' });
    expect(kw('track_group', 'group')).toMatchObject({ valueLine: 'names', valueRef: 'vrrp_instance' });
    expect(kw('_top', 'virtual_server_group').valueLine).toBe('vsg');
    expect(kw('global_defs', 'notification_email').valueLine).toBe('email');
    expect(arg('virtual_server/real_server/FILE_CHECK', 'track_file').type).toEqual({ kind: 'ref', target: 'track_file' });
  });

  it('checker connection keywords: ports from 1, timers > 0', () => {
    expect(arg('virtual_server/real_server/TCP_CHECK', 'connect_port').type).toEqual({ kind: 'port', min: 1 });
    expect(arg('virtual_server/real_server/HTTP_GET', 'connect_timeout').type).toEqual({ kind: 'decimal', unit: 's', min: 0, minExclusive: true });
    expect(arg('virtual_server/real_server/HTTP_GET', 'bind_if').type).toEqual({ kind: 'ifname' });
  });

  it('deprecations and versions from the dump', () => {
    expect(kw('_top', 'vrrp_track_file').deprecated?.replacement).toBe('track_file');
    expect(kw('global_defs', 'lvs_flush_onstop').deprecated?.replacement).toBe('lvs_flush_on_stop');
    expect(kw('virtual_server/real_server/HTTP_GET', 'nb_get_retry')).toMatchObject({ synonymOf: 'retry', deprecated: { replacement: 'retry' } });
    expect(kw('vrrp_instance', 'auth_hmac').since).toBe('2.4.0');
    expect(kw('vrrp_instance', 'no_virtual_ipaddress').since).toBe('2.2.8');
    expect(kw('global_defs', 'set_supplementary_groups').since).toBe('unreleased');
    expect(kw('vrrp_instance', 'priority').since).toBeUndefined();
  });
});

describe('versions', () => {
  it('lists 2.2.7, every since version, 2.4.3 and unreleased last', () => {
    expect(SCHEMA.versions).toEqual(['2.2.7', '2.2.8', '2.3.0', '2.3.2', '2.3.3', '2.4.0', '2.4.3', 'unreleased']);
    expect(SCHEMA.newestVersion).toBe('unreleased');
    expect(SCHEMA_NEWEST).toBe('unreleased');
  });

  it('compareVersions orders releases numerically and unreleased last', () => {
    expect(compareVersions('2.2.7', '2.2.8')).toBeLessThan(0);
    expect(compareVersions('2.10.0', '2.9.9')).toBeGreaterThan(0);
    expect(compareVersions('2.4.3', '2.4.3')).toBe(0);
    expect(compareVersions('v2.2.8+', '2.2.8')).toBe(0);
    expect(compareVersions('unreleased', '2.4.3')).toBeGreaterThan(0);
    expect(compareVersions('2.4.3', 'unreleased')).toBeLessThan(0);
    expect(compareVersions('2.3', '2.3.0')).toBe(0);
    const shuffled = ['unreleased', '2.4.3', '2.2.7', '2.3.3', '2.2.8'];
    expect([...shuffled].sort(compareVersions)).toEqual(['2.2.7', '2.2.8', '2.3.3', '2.4.3', 'unreleased']);
  });

  it('isNewerThan says whether a keyword is missing from the target', () => {
    expect(isNewerThan('2.4.0', '2.2.7')).toBe(true);
    expect(isNewerThan('2.2.8', '2.2.8')).toBe(false);
    expect(isNewerThan('2.2.8', '2.4.3')).toBe(false);
    expect(isNewerThan('unreleased', '2.4.3')).toBe(true);
    expect(isNewerThan('unreleased', 'unreleased')).toBe(false);
    expect(isNewerThan(undefined, '2.2.7')).toBe(false);
  });
});

describe('lookup helpers', () => {
  it('lookupKeyword is exact and case-sensitive, and unknown blocks give undefined', () => {
    expect(lookupKeyword('vrrp_instance', 'priority')?.block).toBe('vrrp_instance');
    expect(lookupKeyword('vrrp_instance', 'Priority')).toBeUndefined();
    expect(lookupKeyword('no_such_block', 'priority')).toBeUndefined();
    expect(lookupKeyword('vrrp_instance', 'constructor')).toBeUndefined();
    expect(lookupKeyword('vrrp_instance', 'toString')).toBeUndefined();
    expect(lookupBlock('virtual_server/real_server/HTTP_GET/url')?.keywords.path).toBeDefined();
    expect(lookupBlock('static_ipaddress')?.valueBlock).toBe(true);
  });

  it('blocksContaining lists every block where a keyword is valid', () => {
    const weight = blocksContaining('weight').map((s) => s.block);
    expect(weight).toEqual(
      expect.arrayContaining(['vrrp_script', 'track_file', 'virtual_server', 'virtual_server/real_server', 'virtual_server/real_server/FILE_CHECK', 'bfd_instance', 'vrrp_track_process']),
    );
    expect(blocksContaining('virtual_router_id').map((s) => s.block)).toEqual(['vrrp_instance']);
    expect(blocksContaining('nonsense')).toEqual([]);
    // callers may not corrupt the index
    blocksContaining('virtual_router_id').pop();
    expect(blocksContaining('virtual_router_id')).toHaveLength(1);
  });

  it('allKeywordNames is sorted, distinct and complete', () => {
    const names = allKeywordNames();
    expect(names).toEqual([...new Set(names)].sort());
    const expected = new Set(dumpPaths.flatMap((p) => dump[p].keywords));
    expect(new Set(names)).toEqual(expected);
    expect(names).toContain('vrrp_instance');
    expect(names).toContain('sh-port');
  });
});
