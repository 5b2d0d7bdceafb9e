/**
 * RHEL initscripts interface files (`/etc/sysconfig/network-scripts/ifcfg-eth0`, `ifcfg-lo:0`) → `SnippetFile`
 * facts. initscripts sources these files with the shell, so they are read as shell assignments: `KEY=value`,
 * `KEY="value"`, `KEY='value'`, `export KEY=value`, `#` comments; keys are case-sensitive (`broadcast=` is not
 * `BROADCAST=`, and initscripts never reads it); a later assignment overrides an earlier one. A value that
 * cannot be known statically (`$VAR`, `` `cmd` ``) makes the parser skip what depends on it.
 *
 * Only what initscripts reads is recorded:
 * - the device is `DEVICE`, else the file name after `ifcfg-` (`lo:0` → device `lo`, label `lo:0`); when it
 *   comes from the file name, `deviceToken` is an empty range at the start of the file;
 * - an alias file (`DEVICE` with `:`) is brought up by ifup-aliases: one `IPADDR`, prefix from `PREFIX`, else
 *   `NETMASK`, else the classful default of `ipcalc --prefix` (recorded with `prefixWritten: false`; in reality an
 *   alias without either inherits the parent file's `PREFIX`/`NETMASK`, which one file cannot see); `ONPARENT=no`
 *   keeps it down (`onBoot: false`);
 * - a device file is read by expand_config (network-functions): `IPADDR`, then `IPADDR0`, `IPADDR1`, ... each
 *   with the `PREFIXn`/`NETMASKn`/`BROADCASTn` of the same suffix, stopping at the first missing index ≥ 2;
 *   `PREFIX` wins over `NETMASK`; `ONBOOT=no` keeps it down at boot; `BOOTPROTO=dhcp|bootp` means no static address;
 * - `BROADCAST[n]` is recorded on the address (`broadcast`).
 * Addresses must be dotted quads; a non-contiguous `NETMASK` or a `PREFIX` outside 0..32 makes `ip addr add`
 * fail, so the address is skipped. `ownAddresses`: the addresses of a device file whose device is not `lo` (an
 * alias file usually carries a VIP, so it names no host).
 */
import { loc, readDirective, splitLines, emptySnippet } from './common';
import type { AddressAssignment, SnippetFile, Token } from './types';

interface Value {
  /** Undefined when the value cannot be known (variable, command substitution). */
  text: string | undefined;
  keyToken: Token;
  /** The value as written: inside the quotes for a quoted value. */
  token: Token;
  /** The whole `KEY=value` statement. */
  stmt: Token;
}

const ASSIGN = /^(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)=/;

/** Reads the shell word starting at `i`: its value (undefined if dynamic), its end, and the inner range of a fully quoted word. */
function readWord(line: string, i: number): { value: string | undefined; end: number; inner?: [number, number] } {
  let value: string | undefined = '';
  const start = i;
  const n = line.length;
  let quotedOnly = true;
  let quotes = 0;
  while (i < n && line[i] !== ' ' && line[i] !== '\t' && line[i] !== ';') {
    const c = line[i]!;
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      const e = close < 0 ? n : close;
      if (value !== undefined) value += line.slice(i + 1, e);
      i = close < 0 ? n : close + 1;
      quotes++;
    } else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < n && line[j] !== '"') {
        const d = line[j]!;
        if (d === '\\' && j + 1 < n && '"\\$`'.includes(line[j + 1]!)) { s += line[j + 1]; j += 2; continue; }
        if (d === '$' || d === '`') value = undefined;
        s += d;
        j++;
      }
      if (value !== undefined) value += s;
      i = j < n ? j + 1 : n;
      quotes++;
    } else {
      quotedOnly = false;
      if (c === '$' || c === '`') value = undefined;
      if (c === '\\' && i + 1 < n) {
        if (value !== undefined) value += line[i + 1];
        i += 2;
        continue;
      }
      if (value !== undefined) value += c;
      i++;
    }
  }
  const w = { value, end: i };
  return quotedOnly && quotes === 1 && i - start >= 2 ? { ...w, inner: [start + 1, i - 1] } : w;
}

function readAssignments(file: string, text: string, snip: SnippetFile): Map<string, Value> {
  const vars = new Map<string, Value>();
  for (const { text: line, line: n } of splitLines(text)) {
    let col = 0;
    while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++;
    if (col >= line.length) continue;
    if (line[col] === '#') {
      const d = readDirective(file, n, col, line.slice(col));
      if (d) snip.directives.push(d);
      continue;
    }
    // `A=1 B=2` and `A=1; B=2` set both; `A=1 cmd` only sets A for cmd (so nothing is kept)
    let pending: [string, Value][] = [];
    while (col < line.length) {
      const m = ASSIGN.exec(line.slice(col, col + 300));
      if (!m) { pending = []; break; }
      const key = m[1]!;
      const keyStart = col + m[0].length - key.length - 1;
      const valStart = col + m[0].length;
      const w = readWord(line, valStart);
      const [vs, ve] = w.inner ?? [valStart, w.end];
      pending.push([key, {
        text: w.value,
        keyToken: { text: key, loc: loc(file, n, keyStart, keyStart + key.length) },
        token: { text: w.value ?? line.slice(vs, ve), loc: loc(file, n, vs, ve) },
        stmt: { text: line.slice(col, w.end), loc: loc(file, n, col, w.end) },
      }]);
      col = w.end;
      while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++;
      if (col >= line.length || line[col] === '#') break;
      if (line[col] === ';') {
        for (const [k, v] of pending) vars.set(k, v);
        pending = [];
        col++;
        while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++;
      }
    }
    for (const [k, v] of pending) vars.set(k, v);
  }
  return vars;
}

const QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The canonical dotted quad, or undefined. */
function ipv4(s: string): string | undefined {
  const m = QUAD.exec(s);
  if (!m) return undefined;
  const o = [m[1], m[2], m[3], m[4]].map((x) => parseInt(x!, 10));
  return o.every((x) => x <= 255) ? o.join('.') : undefined;
}

/** The prefix length of a contiguous dotted netmask, or undefined. */
export function maskToPrefix(mask: string): number | undefined {
  const q = ipv4(mask);
  if (!q) return undefined;
  const bits = q.split('.').reduce((acc, o) => acc * 256 + parseInt(o, 10), 0);
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (bits === 2 ** 32 - 2 ** (32 - prefix)) return prefix;
  }
  return undefined;
}

/** initscripts' `ipcalc --prefix ADDR` without a mask: the classful default. */
export function classfulPrefix(address: string): number {
  const first = parseInt(address, 10);
  return first <= 127 ? 8 : first <= 191 ? 16 : 24;
}

function baseName(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return file.slice(i + 1);
}

const isNo = (v: Value | undefined): boolean => v?.text === 'no' || v?.text === 'NO';

/** The facts of one ifcfg file. Never throws; linear in the size of the text. */
export function parseIfcfg(file: string, text: string): SnippetFile {
  const snip = emptySnippet(file, 'ifcfg', text);
  const vars = readAssignments(file, text, snip);

  const dev = vars.get('DEVICE');
  let deviceToken: Token;
  if (dev && dev.text) {
    deviceToken = dev.token;
  } else if (dev && dev.text === undefined) {
    return snip; // DEVICE=$X: the device cannot be known
  } else {
    const name = baseName(file);
    const fromName = name.startsWith('ifcfg-') ? name.slice(6) : name;
    deviceToken = { text: fromName, loc: loc(file, 0, 0, 0) };
  }
  const label = deviceToken.text;
  const colon = label.indexOf(':');
  const device = colon >= 0 ? label.slice(0, colon) : label;
  const alias = colon >= 0;
  const onBoot = !(alias ? isNo(vars.get('ONPARENT')) : isNo(vars.get('ONBOOT')));

  // ifup-eth runs dhclient instead of adding static addresses when BOOTPROTO asks for it (aliases ignore it)
  const boot = vars.get('BOOTPROTO')?.text;
  if (!alias && (boot === 'dhcp' || boot === 'bootp')) return snip;

  const suffixes = [''];
  if (!alias) {
    for (let idx = 0; idx <= 255; idx++) {
      const v = vars.get('IPADDR' + idx);
      if (!v || v.text === '') {
        if (idx >= 2) break;
        continue;
      }
      suffixes.push(String(idx));
    }
  }

  for (const sfx of suffixes) {
    const ip = vars.get('IPADDR' + sfx);
    if (!ip || ip.text === '' || ip.text === undefined) continue;
    const address = ipv4(ip.text);
    if (!address) continue;
    const pre = vars.get('PREFIX' + sfx);
    const mask = vars.get('NETMASK' + sfx);
    let prefix: number | undefined;
    let prefixToken: Token | undefined;
    if (pre && pre.text !== '') {
      if (pre.text === undefined || !/^\d{1,2}$/.test(pre.text) || parseInt(pre.text, 10) > 32) continue;
      prefix = parseInt(pre.text, 10);
      prefixToken = pre.token;
    } else if (mask && mask.text !== '') {
      if (mask.text === undefined) continue;
      prefix = maskToPrefix(mask.text);
      if (prefix === undefined) continue;
      prefixToken = mask.token;
    }
    const fact: AddressAssignment = {
      loc: ip.stmt.loc,
      persistence: 'persistent',
      phase: 'setup',
      address,
      family: 4,
      prefix: prefix ?? classfulPrefix(address),
      prefixWritten: prefix !== undefined,
      device,
      addressToken: ip.token,
      deviceToken,
      onBoot,
      via: 'ifcfg',
    };
    if (alias) fact.label = label;
    if (prefixToken) fact.prefixToken = prefixToken;
    const brd = vars.get('BROADCAST' + sfx);
    if (brd && brd.text) fact.broadcast = brd.token;
    snip.addresses.push(fact);
    if (!alias && device !== 'lo') snip.ownAddresses.push(ip.token);
  }
  return snip;
}
