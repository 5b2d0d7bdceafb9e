/**
 * Argument readers for packet-filter commands: one `arptables ...`, `iptables ...` / `ip6tables ...` or
 * `firewall-cmd ... --direct --add-rule ...` command, or one `-A ...` line of an `arptables-save` /
 * `iptables-save` file, turned into an `ArpRule` / `IptRule` fact.
 *
 * Contract for callers:
 * - `args` are the words after the command name, each with the place it was written (`Token`). A word that came
 *   from a script variable carries `fromVariable`; its location is the `$VAR` word and is never split.
 * - A word whose value cannot be known statically (`$2`, `$(cmd)`, `{{ vip }}`) must not be passed: the caller
 *   omits the whole command. These readers have no "unknown" marker and take every word at face value.
 * - The readers never throw and never report problems. Options may come in any order, in short (`-d`), long
 *   (`--destination`), attached (`-ptcp`) or `--opt=value` form; unknown options are skipped together with the
 *   non-option words that follow them. `[pkts:bytes]` counters (iptables-save -c, arptables_jf) are skipped.
 * - A command without a rule operation (`iptables -h`, `arptables --version`) gives `undefined`.
 *
 * Nothing here imports vscode-languageserver.
 */
import type { Location } from '../types';
import type { ArpRule, IptRule, Persistence, Phase, Token } from './types';

/** The statement-level part of a rule fact. `table` (iptables only) is the default table: a save file's `*table`. */
export interface RuleBase {
  loc: Location;
  persistence: Persistence;
  phase: Phase;
  table?: string;
}

/** Operations, by short letter; the value says whether the operation takes a chain (`req`) or may (`opt`), or `rename` (`-E OLD NEW`). */
const OPS: Record<string, 'req' | 'opt' | 'rename'> = {
  A: 'req', I: 'req', D: 'req', R: 'req', C: 'req', P: 'req', N: 'req',
  F: 'opt', X: 'opt', Z: 'opt', L: 'opt', S: 'opt', E: 'rename',
};
const LONG_OPS: Record<string, string> = {
  append: 'A', insert: 'I', delete: 'D', replace: 'R', check: 'C', policy: 'P', 'new-chain': 'N',
  flush: 'F', 'delete-chain': 'X', zero: 'Z', list: 'L', 'list-rules': 'S', 'rename-chain': 'E',
};

/** The fields a value option fills. */
type Field =
  | 'source' | 'destination' | 'target' | 'protocol' | 'dports' | 'table' | 'inInterface' | 'outInterface'
  | 'mangleIpS' | 'mangleIpD' | 'mangleMacS' | 'mangleMacD' | 'mangleTarget' | 'toPorts' | 'setMark'
  | 'toDestination' | 'match' | 'skip1' | 'skip2';

/** Options of both tools, by the name written without dashes. Short names are single letters. */
const COMMON: Record<string, Field> = {
  s: 'source', source: 'source', src: 'source',
  d: 'destination', destination: 'destination', dst: 'destination',
  j: 'target', jump: 'target',
  i: 'inInterface', 'in-interface': 'inInterface',
  o: 'outInterface', 'out-interface': 'outInterface',
  t: 'table', table: 'table',
  c: 'skip2', 'set-counters': 'skip2',
  w: 'skip1',
};
const ARP: Record<string, Field> = {
  ...COMMON,
  'source-ip': 'source', 'destination-ip': 'destination',
  'mangle-ip-s': 'mangleIpS', 'mangle-ip-d': 'mangleIpD', 'mangle-mac-s': 'mangleMacS',
  'mangle-mac-d': 'mangleMacD', 'mangle-target': 'mangleTarget',
  'source-mac': 'skip1', 'destination-mac': 'skip1', h: 'skip1', 'h-length': 'skip1', opcode: 'skip1',
  'h-type': 'skip1', 'proto-type': 'skip1', l: 'skip1',
};
const IPT: Record<string, Field> = {
  ...COMMON,
  p: 'protocol', protocol: 'protocol',
  dport: 'dports', 'destination-port': 'dports', dports: 'dports', 'destination-ports': 'dports',
  'to-ports': 'toPorts', 'to-port': 'toPorts',
  'set-mark': 'setMark', 'set-xmark': 'setMark',
  'to-destination': 'toDestination',
  m: 'match', match: 'match',
  g: 'skip1', goto: 'skip1',
};
/** Options known to take no value (so the word after them is not swallowed). */
const FLAGS = new Set([
  'v', 'verbose', 'n', 'numeric', 'x', 'exact', 'line-numbers', 'modprobe', '4', 'ipv4', '6', 'ipv6', 'f', 'fragment',
  'syn', 'h', 'help', 'V', 'version', 'wait',
]);

/** A sub-token of `tok` covering `text` at `from` characters into the written word (only when the word is written as is on one line). */
function sub(tok: Token, from: number, text: string): Token {
  const r = tok.loc.range;
  if (tok.fromVariable || r.start.line !== r.end.line || r.end.character - r.start.character !== tok.text.length) {
    return { text, loc: tok.loc, ...(tok.fromVariable ? { fromVariable: true } : {}) };
  }
  const start = r.start.character + from;
  return {
    text,
    loc: { file: tok.loc.file, range: { start: { line: r.start.line, character: start }, end: { line: r.start.line, character: start + text.length } } },
  };
}

const COUNTERS = /^\[\d+:\d+\]$/;

interface Scanned {
  op?: string;
  chain?: Token;
  position?: Token;
  /** `-P CHAIN TARGET`: the policy. */
  policy?: Token;
  values: Partial<Record<Field, Token>>;
  matches: Token[];
  negated: string[];
}

/** An own property only (`--constructor` must not find Object.prototype's). */
const lookup = <T>(o: Record<string, T>, k: string): T | undefined => (Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined);

const isOptionWord = (t: string): boolean => t.length > 1 && t.startsWith('-') && !/^-\d/.test(t);

/** One left-to-right pass over the words. */
function scan(args: Token[], table: Record<string, Field>): Scanned {
  const out: Scanned = { values: {}, matches: [], negated: [] };
  let negate = false;
  let i = 0;
  const next = (): Token | undefined => (i < args.length ? args[i++] : undefined);
  const peekPlain = (): Token | undefined => {
    const t = args[i];
    return t && !isOptionWord(t.text) && t.text !== '!' && !COUNTERS.test(t.text) ? t : undefined;
  };
  const setOp = (op: string, attached?: Token) => {
    if (out.op) return; // iptables refuses two commands; the first one is the one we can judge
    out.op = op;
    const chain = attached ?? peekPlain();
    if (!chain) return;
    if (!attached) i++;
    out.chain = chain;
    if (op === 'P') {
      const pol = peekPlain();
      if (pol) { out.policy = pol; i++; }
    } else if (op === 'E') {
      if (peekPlain()) i++;
    } else if (op === 'I' || op === 'D' || op === 'R' || op === 'L' || op === 'Z' || op === 'S') {
      const n = args[i];
      if (n && /^\d+$/.test(n.text)) { out.position = n; i++; }
    }
  };
  const setValue = (field: Field, tok: Token | undefined) => {
    if (field === 'skip2') { for (let k = 0; k < 2 && peekPlain(); k++) i++; negate = false; return; }
    if (!tok) { negate = false; return; }
    if (field === 'skip1') return;
    if (field === 'match') { out.matches.push(tok); return; }
    // old syntax: `-d ! ADDR`
    if (tok.text === '!') {
      const v = peekPlain();
      if (!v) return;
      i++;
      tok = v;
      negate = true;
    }
    if (negate && field !== 'table' && field !== 'target') out.negated.push(field);
    negate = false;
    out.values[field] = tok;
  };

  while (i < args.length) {
    const tok = args[i++]!;
    const t = tok.text;
    if (t === '!') { negate = true; continue; }
    if (COUNTERS.test(t)) continue;
    if (!isOptionWord(t)) { negate = false; continue; } // a stray word (an unknown option's argument)
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(2, eq) : t.slice(2);
      const attached = eq > 0 ? sub(tok, eq + 1, t.slice(eq + 1)) : undefined;
      const op = lookup(LONG_OPS, name);
      if (op) { setOp(op, attached); negate = false; continue; }
      const field = lookup(table, name);
      if (field) { setValue(field, field === 'skip2' ? undefined : attached ?? (peekPlain() || args[i]?.text === '!' ? next() : undefined)); continue; }
      negate = false;
      if (attached || FLAGS.has(name)) continue;
      while (peekPlain()) i++; // unknown option: skip its arguments
      continue;
    }
    // short option(s)
    const letter = t[1]!;
    const rest = t.length > 2 ? sub(tok, 2, t.slice(2)) : undefined;
    if (lookup(OPS, letter)) {
      if (rest && /^[a-zA-Z]+$/.test(rest.text) && [...rest.text].every((c) => FLAGS.has(c)) && OPS[letter] !== 'req') {
        setOp(letter); // `-Fnv`: flush then flags
      } else setOp(letter, rest);
      negate = false;
      continue;
    }
    const field = lookup(table, letter);
    if (field) { setValue(field, field === 'skip2' ? undefined : rest ?? (peekPlain() || args[i]?.text === '!' ? next() : undefined)); continue; }
    negate = false;
    if (FLAGS.has(letter)) {
      // combined flags: `-nvL`, `-nL INPUT`
      if (rest) {
        const opLetter = [...rest.text].find((c) => lookup(OPS, c));
        if (opLetter) setOp(opLetter);
      }
      continue;
    }
    if (!rest) while (peekPlain()) i++;
  }
  return out;
}

function facts(base: RuleBase) {
  return { loc: base.loc, persistence: base.persistence, phase: base.phase };
}

/** Reads one `arptables` command (the words after `arptables`) or one `-A ...` line of an arptables-save file. */
export function readArpRule(args: Token[], base: RuleBase, via: ArpRule['via']): ArpRule | undefined {
  const s = scan(args, ARP);
  if (!s.op) return undefined;
  const v = s.values;
  const rule: ArpRule = { ...facts(base), op: s.op, via };
  if (s.chain) rule.chain = s.chain;
  if (v.source) rule.source = v.source;
  if (v.destination) rule.destination = v.destination;
  const target = v.target ?? s.policy;
  if (target) rule.target = target;
  if (v.mangleIpS) rule.mangleIpS = v.mangleIpS;
  if (v.mangleIpD) rule.mangleIpD = v.mangleIpD;
  if (v.mangleMacS) rule.mangleMacS = v.mangleMacS;
  if (v.mangleMacD) rule.mangleMacD = v.mangleMacD;
  if (v.mangleTarget) rule.mangleTarget = v.mangleTarget;
  if (v.inInterface) rule.inInterface = v.inInterface;
  if (v.outInterface) rule.outInterface = v.outInterface;
  if (s.position) rule.position = s.position;
  if (s.negated.length) rule.negated = s.negated;
  return rule;
}

/**
 * Reads one `iptables` / `ip6tables` command (the words after the command name) or one `-A ...` line of an
 * iptables-save file. The table is `-t`, else `base.table`, else `filter`.
 */
export function readIptRule(args: Token[], base: RuleBase, family: 4 | 6, via: IptRule['via']): IptRule | undefined {
  const s = scan(args, IPT);
  if (!s.op) return undefined;
  return iptFromScan(s, base, family, via, v(s.values.table?.text) ?? base.table ?? 'filter');
}

const v = (s: string | undefined): string | undefined => (s ? s : undefined);

function iptFromScan(s: Scanned, base: RuleBase, family: 4 | 6, via: IptRule['via'], table: string): IptRule {
  const val = s.values;
  const rule: IptRule = { ...facts(base), family, op: s.op!, table, via };
  if (s.chain) rule.chain = s.chain;
  if (val.protocol) rule.protocol = val.protocol;
  if (val.source) rule.source = val.source;
  if (val.destination) rule.destination = val.destination;
  if (val.dports) rule.dports = val.dports;
  const target = val.target ?? s.policy;
  if (target) rule.target = target;
  if (val.toPorts) rule.toPorts = val.toPorts;
  if (val.setMark) rule.setMark = val.setMark;
  if (val.toDestination) rule.toDestination = val.toDestination;
  if (val.inInterface) rule.inInterface = val.inInterface;
  if (val.outInterface) rule.outInterface = val.outInterface;
  if (s.matches.length) rule.matches = s.matches;
  if (s.position) rule.position = s.position;
  if (s.negated.length) rule.negated = s.negated;
  return rule;
}

/**
 * Reads one `firewall-cmd` command (the words after `firewall-cmd`) that adds or removes a direct rule:
 * `[--permanent] [--zone=Z] --direct --add-rule|--remove-rule ipv4|ipv6 TABLE CHAIN PRIORITY ARGS...`, or
 * `--direct --passthrough ipv4|ipv6 IPTABLES-ARGS...`. `op` is `A` for add, `D` for remove; `chain` is the
 * CHAIN word and `position` the PRIORITY word. `permanent` is set for `--permanent` (the rule is saved, and
 * applied only at the next reload or boot). Anything else (`--add-port`, `eb` rules) gives `undefined`.
 */
export function readFirewallCmd(args: Token[], base: RuleBase): IptRule | undefined {
  let permanent = false;
  let direct = false;
  let i = 0;
  for (; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--permanent') permanent = true;
    else if (t === '--direct') direct = true;
    else if (t === '--add-rule' || t === '--remove-rule' || t === '--passthrough') break;
  }
  if (!direct || i >= args.length) return undefined;
  const verb = args[i]!.text;
  const rest = args.slice(i + 1);
  // later `--permanent` (firewall-cmd accepts it anywhere)
  for (const a of rest) if (a.text === '--permanent') permanent = true;
  const fam = rest[0]?.text;
  const family = fam === 'ipv4' ? 4 : fam === 'ipv6' ? 6 : undefined;
  if (!family) return undefined;
  let rule: IptRule | undefined;
  if (verb === '--passthrough') {
    rule = readIptRule(rest.slice(1), base, family, 'firewall-cmd');
  } else {
    const [, table, chain, priority] = rest;
    if (!table || !chain || !priority) return undefined;
    const s = scan(rest.slice(4).filter((a) => a.text !== '--permanent'), IPT);
    s.op = verb === '--add-rule' ? 'A' : 'D';
    s.chain = chain;
    s.position = priority;
    rule = iptFromScan(s, base, family, 'firewall-cmd', table.text);
  }
  if (rule && permanent) rule.permanent = true;
  return rule;
}
