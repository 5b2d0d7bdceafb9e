/**
 * A small seeded generator of plausible keepalived configs for the differential (oracle) test: a director with one
 * vrrp_instance and one DR virtual_server, extra keywords drawn from the schema with values of their argument type,
 * and sometimes a mutation that should make the config wrong (a dropped argument, an unknown keyword, a mis-cased
 * enum word, an out-of-range number, a stray brace). Deterministic for a given seed.
 */
import { SCHEMA } from '../../server/src/core/schema/index';
import type { ArgType, KeywordSpec } from '../../server/src/core/schema/types';

/** mulberry32: a tiny deterministic PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Generated {
  name: string;
  text: string;
  /** keepalived config id (-i) to use; generated configs use none. */
  configId?: string;
  /** What was done to the config, in words (for failure messages). */
  notes: string[];
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const int = (r: Rand, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

/** Keywords whose effect depends on the host or that switch whole subsystems (they drown the signal in semantics). */
const AVOID = new Set([
  'vrrp_strict', 'use_vmac', 'vmac_xmit_base', 'dont_track_primary', 'lvs_sync_daemon', 'vrrp_iptables', 'vrrp_ipsets', 'nftables',
  'nftables_ipvs', 'net_namespace', 'net_namespace_ipvs', 'instance', 'enable_dbus', 'enable_snmp_vrrp', 'enable_snmp_checker',
  'enable_snmp_rfc', 'enable_snmp_rfcv2', 'enable_snmp_rfcv3', 'enable_traps', 'snmp_socket', 'vrf', 'mcast_src_ip', 'unicast_src_ip',
  'track_src_ip', 'default_interface', 'reload_check_config', 'reload_time_file', 'reload_file', 'config_save_dir',
  'tmp_config_directory', 'data_use_instance', 'vrrp_cpu_affinity', 'checker_cpu_affinity', 'bfd_cpu_affinity', 'umask',
  'notify_fifo', 'vrrp_notify_fifo', 'lvs_notify_fifo', 'smtp_server', 'smtp_alert', 'smtp_alert_vrrp', 'smtp_alert_checker',
  'vmac_prefix', 'vmac_addr_prefix', 'version', 'vrrp_version', 'sorry_server_inhibit', 'ops', 'hashed', 'sh-port', 'sh-fallback',
  'mh-port', 'mh-fallback', 'flag-1', 'flag-2', 'flag-3', 'quorum', 'hysteresis', 'persistence_granularity', 'ha_suspend',
  'virtualhost', 'bind_if', 'bindto', 'bind_port', 'connect_ip', 'fwmark', 'lvs_method', 'lb_kind', 'lb_algo', 'lvs_sched',
  'protocol', 'state', 'priority', 'interface', 'virtual_router_id', 'advert_int', 'weight', 'connect_port', 'garp_extra_if',
  'vrrp_garp_extra_if', 'linkbeat_use_polling', 'process_names', 'lvs_timeouts', 'random_seed', 'vrrp_rt_priority',
  'checker_rt_priority', 'bfd_rt_priority', 'vrrp_priority', 'checker_priority', 'bfd_priority', 'accept', 'no_accept',
]);

const SIMPLE_KINDS = new Set<ArgType['kind']>(['int', 'decimal', 'enum', 'bool', 'port', 'string']);

function usable(k: KeywordSpec): boolean {
  if (AVOID.has(k.name) || k.since || k.deprecated || k.synonymOf) return false;
  if (k.shape === 'flag') return true;
  if (k.shape === 'optionalBool') return true;
  if (k.shape !== 'args' || k.rest === 'free') return false;
  return k.args.length > 0 && k.args.every((a) => SIMPLE_KINDS.has(a.type.kind) && !(a.type.kind === 'string' && a.type.maxLength !== undefined));
}

function value(r: Rand, t: ArgType): string {
  switch (t.kind) {
    case 'int': {
      const lo = t.min ?? 0;
      const hi = Math.min(t.max ?? 1000, lo + 1000);
      return String(int(r, lo, hi));
    }
    case 'decimal': {
      const lo = t.min ?? 0;
      const hi = Math.min(t.max ?? 60, lo + 60);
      const v = lo + r() * (hi - lo);
      const s = (Math.round(v * 100) / 100).toString();
      return Number(s) < lo || (t.minExclusive && Number(s) <= lo) ? String(hi) : s;
    }
    case 'enum':
      return pick(r, t.values);
    case 'bool':
      return pick(r, ['on', 'off', 'true', 'false', 'yes', 'no']);
    case 'port':
      return String(int(r, Math.max(1, t.min ?? 1), 65535));
    case 'string':
      return pick(r, ['lvs1', 'director_a', 'dc1-edge']);
    default:
      return 'x';
  }
}

function line(r: Rand, k: KeywordSpec): string {
  if (k.shape === 'flag') return k.name;
  if (k.shape === 'optionalBool') return r() < 0.5 ? k.name : `${k.name} ${value(r, { kind: 'bool' })}`;
  return [k.name, ...k.args.filter((a) => !a.optional || r() < 0.5).map((a) => value(r, a.type))].join(' ');
}

function extras(r: Rand, block: string, n: number): string[] {
  const pool = Object.values(SCHEMA.blocks[block]?.keywords ?? {}).filter(usable);
  const out: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < n && pool.length; i++) {
    const k = pick(r, pool);
    if (used.has(k.name)) continue;
    used.add(k.name);
    out.push(line(r, k));
  }
  return out;
}

function misspell(r: Rand, w: string): string {
  const i = int(r, 0, w.length - 2);
  const s = w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2);
  return s === w ? w + 'x' : s;
}

/** Generate config number `i` of a run seeded with `seed`. */
export function generate(seed: number, i: number): Generated {
  const r = prng(seed * 1000 + i);
  const notes: string[] = [];
  const vrid = int(r, 1, 255);
  const prio = int(r, 1, 254);
  const vip = `192.0.2.${int(r, 10, 250)}`;
  const port = pick(r, [80, 443, 3306, 8080, 6443]);
  const rs = [11, 12, 13].slice(0, int(r, 1, 3)).map((n) => `10.0.0.${n}`);
  const global = ['router_id ' + pick(r, ['lvs1', 'lvs2', 'edge-a']), ...extras(r, 'global_defs', int(r, 0, 2))];
  const vrrp = [
    `state ${pick(r, ['MASTER', 'BACKUP'])}`,
    'interface eth0',
    `virtual_router_id ${vrid}`,
    `priority ${prio}`,
    `advert_int ${pick(r, ['1', '2', '0.5'])}`,
    ...extras(r, 'vrrp_instance', int(r, 0, 2)),
  ];
  const vs = [`delay_loop ${int(r, 2, 30)}`, `lb_algo ${pick(r, ['rr', 'wrr', 'wlc', 'lc', 'sh'])}`, 'lb_kind DR', 'protocol TCP', ...extras(r, 'virtual_server', int(r, 0, 2))];
  const rsLines = rs.map(() => [`weight ${int(r, 1, 10)}`, ...extras(r, 'virtual_server/real_server', int(r, 0, 1))]);
  const check = rs.map(() => [`connect_timeout ${int(r, 1, 10)}`, ...extras(r, 'virtual_server/real_server/TCP_CHECK', int(r, 0, 1))]);

  // Mutations (about half of the configs get one).
  const m = r();
  const sections: { name: string; lines: string[] }[] = [
    { name: 'global_defs', lines: global },
    { name: 'vrrp_instance', lines: vrrp },
    { name: 'virtual_server', lines: vs },
    { name: 'real_server', lines: rsLines[0] },
    { name: 'TCP_CHECK', lines: check[0] },
  ];
  let strayBrace = false;
  let missingBrace = false;
  if (m < 0.1) {
    const s = pick(r, sections.filter((x) => x.lines.some((l) => l.includes(' '))));
    const idx = s.lines.findIndex((l) => l.includes(' '));
    notes.push(`dropped the argument of \`${s.lines[idx]}\` in ${s.name}`);
    s.lines[idx] = s.lines[idx].split(' ')[0];
  } else if (m < 0.2) {
    const s = pick(r, sections);
    const idx = int(r, 0, s.lines.length - 1);
    const [kw, ...rest] = s.lines[idx].split(' ');
    const bad = misspell(r, kw);
    notes.push(`misspelled \`${kw}\` as \`${bad}\` in ${s.name}`);
    s.lines.splice(idx, 1, [bad, ...rest].join(' '));
  } else if (m < 0.3) {
    const choices: [string[], number, string][] = [
      [vrrp, 0, vrrp[0].toLowerCase()],
      [vs, 1, vs[1].toUpperCase().replace('LB_ALGO', 'lb_algo')],
      [vs, 2, 'lb_kind dr'],
      [vs, 3, 'protocol tcp'],
    ];
    const [lines, idx, text] = pick(r, choices);
    notes.push(`re-cased \`${lines[idx]}\` as \`${text}\``);
    lines[idx] = text;
  } else if (m < 0.4) {
    const choices: [string[], number, string][] = [
      [vrrp, 3, `priority ${pick(r, [0, 256, 300])}`],
      [vrrp, 2, `virtual_router_id ${pick(r, [0, 256])}`],
      [vrrp, 4, `advert_int ${pick(r, ['0', '300'])}`],
      [rsLines[0], 0, `weight ${pick(r, ['-1', '2147483648'])}`],
      [check[0], 0, `connect_timeout ${pick(r, ['abc', '-5'])}`],
      [vs, 0, `delay_loop ${pick(r, ['0', '5x'])}`],
    ];
    const [lines, idx, text] = pick(r, choices);
    notes.push(`out-of-range or malformed value: \`${text}\` instead of \`${lines[idx]}\``);
    lines[idx] = text;
  } else if (m < 0.45) {
    strayBrace = true;
    notes.push('a stray `}` after the vrrp_instance');
  } else if (m < 0.5) {
    missingBrace = true;
    notes.push('the `}` of the last real_server removed');
  }

  const ind = (n: number, ls: string[]): string => ls.map((l) => ' '.repeat(n) + l).join('\n');
  const out: string[] = [
    `! generated config ${i} (seed ${seed})`,
    'global_defs {',
    ind(4, global),
    '}',
    '',
    'vrrp_instance VI_1 {',
    ind(4, vrrp),
    '    virtual_ipaddress {',
    `        ${vip}/24`,
    '    }',
    '}',
  ];
  if (strayBrace) out.push('}');
  out.push('', `virtual_server ${vip} ${port} {`, ind(4, vs));
  rs.forEach((ip, n) => {
    out.push(`    real_server ${ip} ${port} {`, ind(8, rsLines[n]), '        TCP_CHECK {', ind(12, check[n]), '        }');
    if (!(missingBrace && n === rs.length - 1)) out.push('    }');
  });
  out.push('}', '');
  return { name: `gen-${String(i).padStart(2, '0')}.conf`, text: out.join('\n'), notes: notes.length ? notes : ['no mutation'] };
}
