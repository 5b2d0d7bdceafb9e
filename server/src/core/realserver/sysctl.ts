/**
 * sysctl files (`/etc/sysctl.conf`, `/etc/sysctl.d/*.conf`, `/usr/lib/sysctl.d/*.conf`) → `SnippetFile` facts,
 * read as systemd-sysctl (sysctl.d(5)) and procps `sysctl -p` read them:
 *
 * - one `key = value` per line; whitespace around the key, the `=` and the value is stripped (CR included),
 *   the value keeps its inner spaces (`net.ipv4.ip_local_port_range = 1024 65000`) and anything after it
 *   (there are no trailing comments: `1 # x` is the value);
 * - lines whose first non-blank character is `#` or `;` are comments; `# lvs-config-disable...` comments are
 *   suppression directives; commented-out LVS settings (`#net.ipv4.conf.all.arp_ignore = 1`) are kept apart in
 *   `commentedSysctls`;
 * - `-key = value`: a failure to write is ignored (`ignoreFailure`); `-key` alone excludes the key from glob
 *   assignments (`sysctlExclusions`);
 * - separators: if the first separator of the key is `/`, the key is a path and dots are literal
 *   (`net/ipv4/conf/eth0.100/arp_ignore` → interface `eth0.100`); otherwise dots separate and a `/` inside a
 *   component stands for a literal dot (systemd's and procps' swap: `net.ipv4.conf.ens7f1/57.arp_filter` →
 *   interface `ens7f1.57`);
 * - globs (`net.ipv4.conf.*.rp_filter`) are kept as written; the interface is then `*`.
 * A line that is not an assignment is ignored, as systemd-sysctl ignores it (after a warning).
 */
import { loc, readDirective, splitLines, emptySnippet } from './common';
import type { SnippetFile, SysctlSetting, Token } from './types';

/** Settings whose commented-out lines are worth reporting (LVS real-server and director settings). */
const LVS_NAMES = new Set(['arp_ignore', 'arp_announce', 'rp_filter', 'ip_forward']);

const KEY_CHARS = /^[A-Za-z0-9_.\/*?\[\]:@+-]+$/;

interface KeyParts {
  /** Normalised dotted key. */
  key: string;
  /** Components with their offsets in the written key. */
  parts: { text: string; start: number; end: number }[];
}

/** Splits a written key into components (see the file comment for the separator rules). */
export function splitSysctlKey(written: string): KeyParts {
  const firstDot = written.indexOf('.');
  const firstSlash = written.indexOf('/');
  const pathForm = firstSlash >= 0 && (firstDot < 0 || firstSlash < firstDot);
  const sep = pathForm ? '/' : '.';
  const parts: KeyParts['parts'] = [];
  let start = 0;
  for (let i = 0; i <= written.length; i++) {
    if (i === written.length || written[i] === sep) {
      const raw = written.slice(start, i);
      parts.push({ text: pathForm ? raw : raw.replace(/\//g, '.'), start, end: i });
      start = i + 1;
    }
  }
  return { key: parts.map((p) => p.text).join('.'), parts };
}

const INT = /^[+-]?\d+$/;

/**
 * Reads `text` (the part of the line after the comment character for commented lines) at `col` on line
 * `lineNo` as an assignment; undefined when it is not one.
 */
function readAssignment(file: string, lineNo: number, lineText: string, col: number, strictKey: boolean): { setting: SysctlSetting } | { exclusion: Token } | undefined {
  const body = lineText.slice(col);
  const eq = body.indexOf('=');
  let keyStart = col;
  let ignoreFailure = false;
  if (lineText[keyStart] === '-') {
    ignoreFailure = true;
    keyStart++;
    while (lineText[keyStart] === ' ' || lineText[keyStart] === '\t') keyStart++;
  }
  if (eq < 0) {
    if (!ignoreFailure) return undefined;
    const written = lineText.slice(keyStart).trimEnd();
    if (!written || !KEY_CHARS.test(written)) return undefined;
    return { exclusion: { text: splitSysctlKey(written).key, loc: loc(file, lineNo, keyStart, keyStart + written.length) } };
  }
  const eqCol = col + eq;
  const written = lineText.slice(keyStart, eqCol).trimEnd();
  if (!written) return undefined;
  if (strictKey && !KEY_CHARS.test(written)) return undefined;
  let valStart = eqCol + 1;
  while (lineText[valStart] === ' ' || lineText[valStart] === '\t') valStart++;
  const value = lineText.slice(valStart).replace(/[ \t\r\n]+$/, '');
  const { key, parts } = splitSysctlKey(written);
  const keyToken: Token = { text: key, loc: loc(file, lineNo, keyStart, keyStart + written.length) };
  const valueToken: Token = { text: value, loc: loc(file, lineNo, valStart, valStart + value.length) };
  const stmtStart = col;
  const stmtEnd = value ? valStart + value.length : eqCol + 1;
  const setting: SysctlSetting = {
    loc: loc(file, lineNo, stmtStart, stmtEnd),
    persistence: 'persistent',
    phase: 'setup',
    key,
    name: parts[parts.length - 1]!.text,
    keyToken,
    valueToken,
    via: 'sysctl-file',
  };
  if (parts.length === 5 && parts[0]!.text === 'net' && (parts[1]!.text === 'ipv4' || parts[1]!.text === 'ipv6') && parts[2]!.text === 'conf') {
    const p = parts[3]!;
    setting.conf = {
      family: parts[1]!.text === 'ipv4' ? 4 : 6,
      iface: p.text,
      name: parts[4]!.text,
      ifaceLoc: loc(file, lineNo, keyStart + p.start, keyStart + p.end),
    };
  }
  if (INT.test(value)) setting.numeric = parseInt(value, 10);
  if (ignoreFailure) setting.ignoreFailure = true;
  return { setting };
}

/** The facts of one sysctl file. Never throws; linear in the size of the text. */
export function parseSysctl(file: string, text: string): SnippetFile {
  const snip = emptySnippet(file, 'sysctl', text);
  const commented: SysctlSetting[] = [];
  const exclusions: Token[] = [];
  for (const { text: line, line: n } of splitLines(text)) {
    let col = 0;
    while (col < line.length && (line[col] === ' ' || line[col] === '\t')) col++;
    if (col >= line.length) continue;
    const c = line[col];
    if (c === '#' || c === ';') {
      const d = readDirective(file, n, col, line.slice(col));
      if (d) { snip.directives.push(d); continue; }
      // a commented-out setting: `#net.ipv4.conf.all.arp_ignore = 1`, `# net.ipv4.ip_forward=1`, `##...`
      let k = col;
      while (k < line.length && (line[k] === '#' || line[k] === ';')) k++;
      while (k < line.length && (line[k] === ' ' || line[k] === '\t')) k++;
      if (k >= line.length || line.length - k > 4096) continue;
      const a = readAssignment(file, n, line, k, true);
      if (a && 'setting' in a && LVS_NAMES.has(a.setting.name) && a.setting.key.includes('.') && a.setting.valueToken.text) {
        commented.push(a.setting);
      }
      continue;
    }
    const a = readAssignment(file, n, line, col, false);
    if (!a) continue;
    if ('exclusion' in a) exclusions.push(a.exclusion);
    else snip.sysctls.push(a.setting);
  }
  snip.commentedSysctls = commented;
  if (exclusions.length) snip.sysctlExclusions = exclusions;
  return snip;
}
