/**
 * Checks one argument word against its ArgType, with keepalived's own reading rules
 * (lib/parser.c read_int/read_unsigned/read_double: no trailing garbage; check_true_false: lowercase only).
 */
import ipaddr from 'ipaddr.js';
import type { ArgType } from './types';

export type ValueCheck =
  | { ok: true }
  | {
      ok: false;
      /** What is wrong, for the diagnostic message. */
      problem: string;
      /** The exact replacement when the fix is certain (e.g. the canonical case of an enum). */
      canonical?: string;
    };

const OK: ValueCheck = { ok: true };
const INT = /^[+-]?\d+$/;
const DEC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLS = ['on', 'off', 'true', 'false', 'yes', 'no'];
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `between ${min} and ${max}`;
  if (min !== undefined) return `at least ${min}`;
  return `at most ${max}`;
}

export function checkNumber(text: string, kind: 'int' | 'decimal', min?: number, max?: number, minExclusive = false): ValueCheck {
  if (!(kind === 'int' ? INT : DEC).test(text)) {
    return { ok: false, problem: `'${text}' is not ${kind === 'int' ? 'an integer' : 'a number'}` };
  }
  const v = Number(text);
  if ((min !== undefined && (minExclusive ? v <= min : v < min)) || (max !== undefined && v > max)) {
    return { ok: false, problem: `${text} is out of range (it must be ${minExclusive ? `greater than ${min}${max !== undefined ? ` and at most ${max}` : ''}` : range(min, max)})` };
  }
  return OK;
}

/** A canonical dotted quad, as parseAddress returns it: the ipaddr.js object is made on demand. */
class DottedQuad {
  readonly family = 4 as const;
  constructor(
    private readonly text: string,
    readonly prefix: number | undefined,
  ) {}
  get addr(): ipaddr.IPv4 {
    return ipaddr.IPv4.parse(this.text);
  }
}

/** Parse `ADDR` or `ADDR/LEN`. */
export function parseAddress(text: string): { addr: ipaddr.IPv4 | ipaddr.IPv6; family: 4 | 6; prefix?: number } | undefined {
  const slash = text.indexOf('/');
  const a = slash < 0 ? text : text.slice(0, slash);
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  let family: 4 | 6;
  if (DOTTED_QUAD.test(a)) {
    // The common case: one small object; ipaddr.js builds the address only when asked for.
    if (slash < 0) return new DottedQuad(a, undefined);
    const p = text.slice(slash + 1);
    if (!/^\d{1,2}$/.test(p) || Number(p) > 32) return undefined;
    return new DottedQuad(a, Number(p));
  }
  if (ipaddr.IPv4.isValidFourPartDecimal(a)) {
    addr = ipaddr.IPv4.parse(a);
    family = 4;
  } else if (a.includes(':') && ipaddr.IPv6.isValid(a)) {
    addr = ipaddr.IPv6.parse(a);
    family = 6;
  } else return undefined;
  if (slash < 0) return { addr, family };
  const p = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > (family === 4 ? 32 : 128)) return undefined;
  return { addr, family, prefix };
}

/** A dotted quad in canonical form (no leading zeros): its text is its canonical address. */
export function isDottedQuad(text: string): boolean {
  return DOTTED_QUAD.test(text);
}

export function checkAddress(text: string, t: Extract<ArgType, { kind: 'ip' }>): ValueCheck {
  // The common case without allocation: a plain dotted quad where any IPv4 address will do.
  if (t.family !== 6 && !t.multicast && t.prefix !== 'required' && DOTTED_QUAD.test(text)) return OK;
  const slash = text.indexOf('/');
  if (slash >= 0 && t.prefix === 'no') {
    return { ok: false, problem: `'${text}' must be an address without a /prefix` };
  }
  const p = parseAddress(text);
  if (!p) {
    if (slash >= 0 && parseAddress(text.slice(0, slash))) {
      return { ok: false, problem: `'${text.slice(slash + 1)}' is not a valid prefix length for ${text.slice(0, slash)}` };
    }
    return { ok: false, problem: `'${text}' is not a valid IP address` };
  }
  if (t.family && p.family !== t.family) return { ok: false, problem: `'${text}' is an IPv${p.family} address; an IPv${t.family} address is expected` };
  if (t.prefix === 'required' && p.prefix === undefined) return { ok: false, problem: `'${text}' needs a /prefix length` };
  if (t.multicast && p.addr.range() !== 'multicast') return { ok: false, problem: `'${text}' is not a multicast address` };
  return OK;
}

/** Results for repeated values (`80`, `DR`, `wlc`, `3` recur thousands of times in a large config), per type. */
const memo = new WeakMap<ArgType, Map<string, ValueCheck>>();
const MEMO_LIMIT = 512;

export function checkValue(text: string, t: ArgType): ValueCheck {
  if (t.kind === 'ip' || t.kind === 'any' || t.kind === 'ref' || t.kind === 'name' || t.kind === 'path' || t.kind === 'script') return checkUncached(text, t);
  let m = memo.get(t);
  if (!m) memo.set(t, (m = new Map()));
  let r = m.get(text);
  if (r === undefined) {
    r = checkUncached(text, t);
    if (m.size < MEMO_LIMIT) m.set(text, r);
  }
  return r;
}

function checkUncached(text: string, t: ArgType): ValueCheck {
  switch (t.kind) {
    case 'int':
      return checkNumber(text, 'int', t.min, t.max);
    case 'decimal':
      return checkNumber(text, 'decimal', t.min, t.max, t.minExclusive);
    case 'port':
      return checkNumber(text, 'int', t.min ?? 0, 65535);
    case 'enum': {
      if (t.values.includes(text)) return OK;
      const lower = text.toLowerCase();
      const ci = t.values.find((v) => v.toLowerCase() === lower);
      if (ci) {
        if (!t.caseSensitive) return OK;
        return { ok: false, problem: `'${text}' must be written '${ci}' (keepalived compares it case-sensitively)`, canonical: ci };
      }
      return { ok: false, problem: `'${text}' is not one of ${t.values.join(', ')}` };
    }
    case 'bool': {
      if (BOOLS.includes(text)) return OK;
      const lower = text.toLowerCase();
      if (BOOLS.includes(lower)) return { ok: false, problem: `'${text}' must be lowercase '${lower}'`, canonical: lower };
      return { ok: false, problem: `'${text}' is not a boolean (on, off, true, false, yes or no)` };
    }
    case 'ip':
      return checkAddress(text, t);
    case 'ifname':
      if (text.length > 15) return { ok: false, problem: `'${text}' is longer than 15 characters, the longest interface name Linux allows` };
      if (/[/\s]/.test(text)) return { ok: false, problem: `'${text}' is not a valid interface name` };
      return OK;
    case 'string':
      if (t.maxLength !== undefined && text.length > t.maxLength) {
        return { ok: false, problem: `'${text}' is ${text.length} characters long; keepalived uses only the first ${t.maxLength} ('${text.slice(0, t.maxLength)}')`, canonical: text.slice(0, t.maxLength) };
      }
      return OK;
    default:
      return OK;
  }
}

/** A short human name of a type, for messages and hover ("an integer 1..255"). */
export function describeType(t: ArgType): string {
  switch (t.kind) {
    case 'int':
      return t.min !== undefined || t.max !== undefined ? `an integer ${range(t.min, t.max)}` : 'an integer';
    case 'decimal':
      return `a number${t.unit ? ` (${t.unit === 's' ? 'seconds' : 'milliseconds'})` : ''}${t.min !== undefined || t.max !== undefined ? ' ' + range(t.min, t.max) : ''}`;
    case 'port':
      return 'a port number';
    case 'enum':
      return `one of ${t.values.join(', ')}`;
    case 'bool':
      return 'on, off, true, false, yes or no';
    case 'ip':
      return `an IPv${t.family ?? '4 or IPv6'} address${t.prefix === 'required' ? ' with /prefix' : t.prefix === 'optional' ? ' [/prefix]' : ''}`;
    case 'ifname':
      return 'an interface name';
    case 'path':
      return 'a file path';
    case 'script':
      return 'a command';
    case 'string':
      return t.maxLength ? `text (at most ${t.maxLength} characters used)` : 'text';
    case 'ref':
      return `the name of a ${t.target}`;
    case 'name':
      return `a ${t.defines} name`;
    default:
      return 'a value';
  }
}
