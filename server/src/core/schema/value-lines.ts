/**
 * Lines inside value blocks (`virtual_ipaddress { ... }`, `unicast_peer`, `track_script`, routes, rules,
 * `virtual_server_group`): one checker per ValueLineKind, after keepalived's vrrp_ipaddress.c,
 * vrrp_iproute.c, vrrp_iprule.c, vrrp_track.c and check_parser.c readers.
 */
import type { Word } from '../keepalived/ast';
import type { Severity } from '../types';
import type { ValueLineKind } from './types';
import { checkAddress, checkNumber, checkValue, parseAddress } from './values';

export interface LineProblem {
  word: Word;
  problem: string;
  consequence?: string;
  canonical?: string;
  severity?: Severity;
  /** A deprecated word (reported by deprecated-keyword, not invalid-value): its replacement. */
  deprecated?: string;
}

const VIP_FLAGS = new Set(['home', '-nodad', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'no_track']);
const VIP_OPTS = new Set(['brd', 'broadcast', 'dev', 'scope', 'label', 'peer', 'preferred_lft', 'track_group', 'use_vmac']);
const SCOPES = ['site', 'link', 'host', 'nowhere', 'global'];
/** Looks like someone meant an address (digits and dots, or hex and colons): then it must parse as one. */
const ADDRISH = /^[0-9a-fA-F:.]*[.:][0-9a-fA-F:./]*$|^\d+(\.\d*)+(\/\S*)?$/;

// Constant types: checkValue memoises its results per type object (a literal per call would be a new memo each time).
const IP_OPTIONAL_PREFIX = { kind: 'ip', prefix: 'optional' } as const;
const IP_NO_PREFIX = { kind: 'ip', prefix: 'no' } as const;
const IFNAME = { kind: 'ifname' } as const;

function addr(word: Word, what: string, out: LineProblem[], prefix: 'no' | 'optional' = 'optional'): void {
  const r = checkAddress(word.text, prefix === 'no' ? IP_NO_PREFIX : IP_OPTIONAL_PREFIX);
  if (!r.ok) out.push({ word, problem: `${r.problem} (${what})` });
}

function weightTail(words: Word[], from: number, limit: number, out: LineProblem[], label: string): void {
  for (let i = from; i < words.length; i++) {
    const w = words[i];
    if (w.text === 'weight') {
      const v = words[i + 1];
      if (!v) out.push({ word: w, problem: '`weight` needs a value', consequence: 'keepalived ignores the weight.' });
      else {
        const r = checkNumber(v.text, 'int', -limit, limit);
        if (!r.ok) out.push({ word: v, problem: `${r.problem} (weight of ${label})`, consequence: 'keepalived ignores the weight.' });
        i++;
      }
    } else if (w.text === 'reverse' || w.text === 'noreverse') {
      continue;
    } else {
      out.push({ word: w, problem: `Unexpected \`${w.text}\` after ${label}`, consequence: 'keepalived ignores it.', severity: 'warning' });
    }
  }
}

export function checkValueLine(kind: ValueLineKind, words: Word[]): LineProblem[] {
  const out: LineProblem[] = [];
  const first = words[0];
  if (!first) return out;
  switch (kind) {
    case 'vip': {
      addr(first, 'address', out);
      for (let i = 1; i < words.length; i++) {
        const w = words[i];
        if (VIP_FLAGS.has(w.text)) continue;
        if (VIP_OPTS.has(w.text)) {
          const v = words[i + 1];
          if (!v) {
            if (w.text !== 'use_vmac') out.push({ word: w, problem: `\`${w.text}\` needs a value` });
            continue;
          }
          if (w.text === 'use_vmac' && (VIP_OPTS.has(v.text) || VIP_FLAGS.has(v.text))) continue;
          i++;
          if ((w.text === 'brd' || w.text === 'broadcast') && v.text !== '+' && v.text !== '-') addr(v, 'broadcast', out, 'no');
          else if (w.text === 'peer') addr(v, 'peer', out);
          else if (w.text === 'scope' && !SCOPES.includes(v.text) && !/^\d+$/.test(v.text)) out.push({ word: v, problem: `'${v.text}' is not a scope (${SCOPES.join(', ')} or a number)` });
          else if (w.text === 'dev') {
            const r = checkValue(v.text, IFNAME);
            if (!r.ok) out.push({ word: v, problem: r.problem });
          } else if (w.text === 'preferred_lft' && v.text !== 'forever' && !/^\d+$/.test(v.text)) out.push({ word: v, problem: `'${v.text}' is not a lifetime (seconds or forever)` });
          continue;
        }
        out.push({ word: w, problem: `Unknown option \`${w.text}\` for an IP address`, consequence: 'keepalived reports "Unknown configuration entry" and ignores it.' });
      }
      break;
    }
    case 'unicast_peer': {
      addr(first, 'unicast peer', out, 'no');
      for (let i = 1; i < words.length; i++) {
        const w = words[i];
        if (w.text === 'min_ttl' || w.text === 'max_ttl') {
          const v = words[++i];
          if (!v) out.push({ word: w, problem: `\`${w.text}\` needs a value` });
          else {
            const r = checkNumber(v.text, 'int', 0, 255);
            if (!r.ok) out.push({ word: v, problem: r.problem });
          }
        } else out.push({ word: w, problem: `Unexpected \`${w.text}\` after the peer address`, consequence: 'keepalived ignores it.', severity: 'warning' });
      }
      break;
    }
    case 'track_interface': {
      const r = checkValue(first.text, IFNAME);
      if (!r.ok) out.push({ word: first, problem: r.problem });
      weightTail(words, 1, 253, out, `tracked interface ${first.text}`);
      break;
    }
    case 'track_ref':
      // The name itself is checked by the references rules; here only the tail.
      weightTail(words, 1, 254, out, `\`${first.text}\``);
      break;
    case 'vsg': {
      if (first.text === 'fwmark') {
        const v = words[1];
        if (!v) out.push({ word: first, problem: '`fwmark` needs a mark number' });
        else {
          const r = checkNumber(v.text, 'int', 0, 4294967295);
          if (!r.ok) out.push({ word: v, problem: r.problem });
        }
        const fam = words[2];
        if (fam && fam.text !== 'inet' && fam.text !== 'inet6') out.push({ word: fam, problem: `'${fam.text}' is not an address family (inet or inet6)` });
        break;
      }
      const m = /^([^-]+)-(.+)$/.exec(first.text);
      if (m && !first.text.includes('/')) {
        const base = parseAddress(m[1]);
        if (!base) out.push({ word: first, problem: `'${m[1]}' is not a valid IP address (virtual_server_group range)` });
        else if (!(base.family === 4 ? /^\d{1,3}$/.test(m[2]) && Number(m[2]) <= 255 : /^[0-9a-fA-F]{1,4}$/.test(m[2])) && !parseAddress(m[2])) {
          out.push({ word: first, problem: `'${m[2]}' is not a valid range end in '${first.text}'` });
        }
      } else addr(first, 'virtual_server_group entry', out);
      const port = words[1];
      if (port) {
        const r = checkNumber(port.text, 'int', 0, 65535);
        if (!r.ok) out.push({ word: port, problem: `${r.problem} (port)` });
      }
      break;
    }
    case 'linkbeat': {
      const t = words[1];
      if (t && !['MII', 'ETHTOOL', 'IOCTL'].includes(t.text)) out.push({ word: t, problem: `'${t.text}' is not a linkbeat method (MII, ETHTOOL or IOCTL)` });
      break;
    }
    case 'if_delays': {
      for (const w of words.slice(1, 3)) {
        const r = checkNumber(w.text, 'decimal', 0, 255);
        if (!r.ok) out.push({ word: w, problem: `${r.problem} (delay in seconds)` });
      }
      break;
    }
    case 'route':
    case 'rule': {
      const addrWords = kind === 'route' ? new Set(['to', 'via', 'gw', 'src', 'from', 'or']) : new Set(['to', 'from']);
      for (let i = 0; i < words.length; i++) {
        const w = words[i];
        if (kind === 'route' && (w.text === 'gw' || w.text === 'or')) {
          const rep = w.text === 'gw' ? 'via' : 'nexthop';
          out.push({ word: w, problem: `\`${w.text}\` in routes is deprecated`, deprecated: rep });
        }
        if (addrWords.has(w.text) && words[i + 1]) {
          const v = words[++i];
          if (v.text !== 'default' && v.text !== 'all' && !(w.text === 'via' && (v.text === 'inet' || v.text === 'inet6'))) {
            if (w.text === 'via' && (v.text === 'inet' || v.text === 'inet6')) continue;
            addr(v, `${kind} ${w.text} address`, out);
          }
        } else if (i === 0 && ADDRISH.test(w.text)) addr(w, `${kind} destination`, out);
      }
      break;
    }
    default:
      break;
  }
  return out;
}
