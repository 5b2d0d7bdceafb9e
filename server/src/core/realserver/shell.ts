/**
 * Shell scripts (`shellscript`) → `SnippetFile` facts. Only the commands that configure a real server are read:
 * `sysctl -w k=v` / `sysctl k=v`, `echo N > /proc/sys/...` (also `| tee`), `ip addr add`, `ifconfig IF ADDR ...`,
 * `route add` / `ip route add`, `arptables`, `iptables` / `ip6tables`, `firewall-cmd --direct`, and what saves or
 * enables things (`service arptables_jf save`, `arptables-save > f`, `chkconfig X on`, `systemctl enable X`,
 * `sysctl -p`); a here-document or `echo` written into a sysctl file gives persistent settings; a literal
 * `sh -c '...'` string is read as a script of its own (in a new shell: no variables). Everything else is left
 * alone.
 *
 * The script is tokenized (shell-lex.ts), parsed into statements (shell-parse.ts) and then walked like a very
 * small shell: variables are tracked (shell-expand.ts), `for` loops run once per known value, functions run
 * where they are called, `if` branches all run (as setup) and a variable that differs between branches becomes
 * unknown. A value that cannot be known (`$2`, `$(cmd)`, `{{ VIP }}`, an unset variable) is never guessed: the
 * fact that needs it is skipped.
 *
 * Phases: in a `case "$1" in` whose branches name actions, `start`/`restart`/... branches are `setup`,
 * `stop`/`del`/... `teardown`, the rest (`status`, `*`) `other`; a function takes the phase of its caller (a
 * `stop` function called from `restart` is teardown); a function that is never called takes the phase its
 * name suggests. Never throws; the work is bounded (loops are capped, a step budget stops runaway scripts).
 */
import { parseAddress, isDottedQuad } from '../schema/values';
import type { Location } from '../types';
import { readDirective, emptySnippet } from './common';
import { readArpRule, readFirewallCmd, readIptRule } from './rulecmd';
import { lex, literalText, type Heredoc, type Tok, type Word } from './shell-lex';
import { parseScript, isAssignment, type AndOr, type Command, type List, type Pipeline, type SimpleCmd } from './shell-parse';
import { Env, evalArith, expandOne, expandWord, joinFields, mergeBranches, rangeInfo, sourceRange, type Field, type Scope } from './shell-expand';
import { parseSysctl, splitSysctlKey } from './sysctl';
import type { AddressAssignment, PersistAction, Phase, SnippetFile, SysctlSetting, Token } from './types';

type Sig = 'ok' | 'exit' | 'return' | 'break' | 'continue';

/** What a command writes to its standard output (for `echo 1 | tee FILE`) or reads as input. */
type Content = { kind: 'text'; field: Field } | { kind: 'heredoc'; hd: Heredoc };

const MAX_LOOP_VALUES = 256;
const MAX_CALL_DEPTH = 16;
/** Longer values (`X="$X $X"` doubling) and bigger arrays are unknown: memory stays bounded. */
const MAX_VALUE = 65536;
const MAX_ARRAY = 4096;

const SETUP_WORDS = new Set(['start', 'restart', 'reload', 'force-reload', 'condrestart', 'try-restart', 'add', 'up', 'on', 'enable', 'install', 'config', 'configure', 'setup', 'set', 'init', 'create', 'apply']);
const TEARDOWN_WORDS = new Set(['stop', 'del', 'delete', 'remove', 'rm', 'down', 'off', 'disable', 'uninstall', 'clean', 'cleanup', 'teardown', 'destroy', 'purge', 'unset', 'reset']);

const SYSCTL_FILE = /^(\/etc\/sysctl\.conf|\/(etc|run|usr\/lib|lib|usr\/local\/lib)\/sysctl\.d\/[^/]+\.conf)$/;
const INT = /^[+-]?\d+$/;
/** Rule operations that only read (`-L`, `-S`, `-C`): not configuration. */
const LIST_OPS = new Set(['L', 'S', 'C']);

/** The phase an action word (a case pattern, a function name) suggests, if any. */
function actionPhase(word: string): Phase | undefined {
  const w = word.toLowerCase().replace(/^["']|["']$/g, '');
  if (SETUP_WORDS.has(w)) return 'setup';
  if (TEARDOWN_WORDS.has(w)) return 'teardown';
  return undefined;
}

/** The phase a function's name suggests when nothing calls it. */
function namePhase(name: string): Phase {
  const parts = name.toLowerCase().split(/[_\-.]+/);
  if (parts.some((p) => TEARDOWN_WORDS.has(p))) return 'teardown';
  if (parts.some((p) => p === 'status' || p === 'usage' || p === 'help' || p === 'check')) return 'other';
  return 'setup';
}

interface Frame {
  scope: Scope;
  phase: Phase;
  /** `local` variables of the running function: their values before. */
  locals?: Map<string, string[] | null | undefined>;
}

export function parseShell(file: string, text: string): SnippetFile {
  const snip = emptySnippet(file, 'shell', text);
  const { toks, comments } = lex(text);

  // line starts, as editors count lines
  const lineStarts = [0];
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === 10) lineStarts.push(k + 1);
    else if (c === 13) { if (text.charCodeAt(k + 1) === 10) k++; lineStarts.push(k + 1); }
  }
  const position = (off: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= off) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: off - lineStarts[lo]! };
  };
  const locOf = (s: number, e: number): Location => ({ file, range: { start: position(s), end: position(e) } });
  const tokenOf = (f: Field, a = 0, b = f.text.length): Token => {
    const { s, e } = sourceRange(f, a, b);
    const info = rangeInfo(f, a, b);
    const t: Token = { text: f.text.slice(a, b), loc: locOf(s, e) };
    if (info.fromVariable) t.fromVariable = true;
    return t;
  };
  const known = (f: Field | undefined, a = 0, b?: number): f is Field => !!f && rangeInfo(f, a, b ?? f.text.length).known;

  for (const c of comments) {
    const p = position(c.start);
    const d = readDirective(file, p.line, p.character, c.text);
    if (d) snip.directives.push(d);
  }

  const script = parseScript(toks);

  // ---- fact output (deduplicated: a function called twice in one phase gives its facts once) ----
  const seen = new Set<string>();
  const fresh = (kind: string, ...keys: (string | number | undefined)[]): boolean => {
    const k = `${kind}\u0000${keys.join('\u0000')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
  const locKey = (l: Location) => `${l.range.start.line}:${l.range.start.character}-${l.range.end.line}:${l.range.end.character}`;
  const varSeen = new Set<string>();
  const recordVariable = (name: string, values: string[], s: number, e: number) => {
    const k = `${name}\u0000${s}\u0000${values.join('\u0001')}`;
    if (varSeen.has(k)) return;
    varSeen.add(k);
    snip.variables.push({ name, values, loc: locOf(s, e) });
  };

  let depthC = 0;
  const functions = new Map<string, Command>();
  const called = new Set<string>();
  const callStack: string[] = [];
  let budget = Math.max(20000, toks.length * 4);
  let stopped = false;

  // ---- statements ----
  const execList = (l: List, fr: Frame): Sig => {
    for (const ao of l.items) {
      if (stopped) return 'exit';
      const s = execAndOr(ao, fr);
      if (s !== 'ok') return s;
    }
    return 'ok';
  };

  const branch = (fr: Frame, phase: Phase = fr.phase): Frame => ({ ...fr, phase, scope: { ...fr.scope, env: new Env(fr.scope.env) } });

  const execAndOr = (ao: AndOr, fr: Frame): Sig => {
    const s = execPipeline(ao.first, fr);
    if (s !== 'ok' || !ao.rest.length) return s;
    // the rest runs conditionally: its assignments may or may not happen
    const b = branch(fr);
    for (const r of ao.rest) {
      if (execPipeline(r.p, b) !== 'ok') break;
    }
    mergeBranches(fr.scope.env, [b.scope.env], true);
    return 'ok';
  };

  const execPipeline = (p: Pipeline, fr: Frame): Sig => {
    if (p.cmds.length === 1) return execCommand(p.cmds[0]!, fr, undefined, undefined).sig;
    let input: Content | undefined;
    for (const c of p.cmds) {
      // every part of a pipeline runs in a subshell
      const r = execCommand(c, branch(fr), input, p);
      input = r.output;
    }
    return 'ok';
  };

  const execCommand = (c: Command, fr: Frame, input: Content | undefined, pipe: Pipeline | undefined): { sig: Sig; output?: Content } => {
    if (stopped) return { sig: 'exit' };
    if (--budget < 0) { stopped = true; return { sig: 'exit' }; }
    switch (c.k) {
      case 'simple':
        return execSimple(c, fr, input, pipe);
      case 'arith':
        evalArith(c.expr, fr.scope, true);
        return { sig: 'ok' };
      case 'group': {
        if (c.subshell) { execList(c.body, branch(fr)); return { sig: 'ok' }; }
        return { sig: execList(c.body, fr) };
      }
      case 'if': {
        for (const cond of c.conds) execList(cond, fr);
        const outs: Env[] = [];
        for (const body of [...c.bodies, ...(c.elseBody ? [c.elseBody] : [])]) {
          const b = branch(fr);
          execList(body, b);
          outs.push(b.scope.env);
        }
        mergeBranches(fr.scope.env, outs, !c.elseBody);
        return { sig: 'ok' };
      }
      case 'while': {
        // runs once, with every variable the loop changes unknown (it may run any number of times)
        const names = new Set<string>();
        assignedNames(c.cond, names);
        assignedNames(c.body, names);
        for (const n of names) fr.scope.env.set(n, null);
        execList(c.cond, fr);
        const b = branch(fr);
        execList(c.body, b);
        for (const n of names) fr.scope.env.set(n, null);
        return { sig: 'ok' };
      }
      case 'for': {
        let values: (Field | null)[];
        if (c.items === undefined) {
          values = fr.scope.pos && fr.scope.pos.every((x) => x !== null)
            ? (fr.scope.pos as string[]).map((v) => ({ text: v, segs: [], unknown: false, start: c.start, end: c.start }))
            : [null];
        } else {
          values = [];
          for (const w of c.items) values.push(...expandWord(w, fr.scope, true).map((f) => (f.unknown ? null : f)));
        }
        if (values.length > MAX_LOOP_VALUES) values = [null];
        if (!c.name) values = values.length ? [values[0]!] : [];
        const knownValues = values.filter((v): v is Field => !!v).map((f) => f.text);
        if (c.name && c.nameWord && knownValues.length) recordVariable(c.name, knownValues, c.nameWord.start, c.nameWord.end);
        const b = branch(fr);
        for (const v of values) {
          if (c.name) b.scope.env.set(c.name, v ? [v.text] : null);
          const s = execList(c.body, b);
          if (s === 'break' || s === 'exit' || s === 'return') break;
        }
        mergeBranches(fr.scope.env, [b.scope.env], values.length === 0);
        return { sig: 'ok' };
      }
      case 'case': {
        const dispatch = c.branches.some((br) => br.patterns.some((p) => actionPhase(literalText(p) ?? '') !== undefined));
        // `case "$1" in stop) ...;; *) <set up> ;; esac`: without a start branch, the default one sets up
        const hasSetup = c.branches.some((br) => br.patterns.some((p) => actionPhase(literalText(p) ?? '') === 'setup'));
        const outs: Env[] = [];
        let catchAll = false;
        for (const br of c.branches) {
          const pats = br.patterns.map((p) => literalText(p) ?? '');
          if (pats.includes('*')) catchAll = true;
          let phase = fr.phase;
          if (dispatch && fr.phase === 'setup') {
            const ph = pats.map(actionPhase);
            phase = ph.includes('setup') ? 'setup' : ph.includes('teardown') ? 'teardown' : !hasSetup && pats.includes('*') ? 'setup' : 'other';
          }
          const b = branch(fr, phase);
          execList(br.body, b);
          outs.push(b.scope.env);
        }
        mergeBranches(fr.scope.env, outs, !catchAll);
        return { sig: 'ok' };
      }
      case 'func':
        functions.set(c.name, c.body);
        return { sig: 'ok' };
    }
  };

  const callFunction = (name: string, body: Command, args: Field[], fr: Frame): Sig => {
    called.add(name);
    if (callStack.includes(name) || callStack.length >= MAX_CALL_DEPTH) return 'ok';
    let phase = fr.phase;
    if (phase === 'setup' && actionPhase(name) === 'teardown') phase = 'teardown';
    const frame: Frame = {
      phase,
      scope: { env: fr.scope.env, pos: args.map((a) => (a.unknown ? null : a.text)) },
      locals: new Map(),
    };
    callStack.push(name);
    const s = execCommand(body, frame, undefined, undefined).sig;
    callStack.pop();
    for (const [n, v] of frame.locals!) fr.scope.env.set(n, v);
    return s === 'exit' ? 'exit' : 'ok';
  };

  // ---- assignments ----
  const assign = (w: Word, fr: Frame, local: boolean) => {
    const p0 = w.parts[0]!;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[([^\]]*)\])?(\+?)=/.exec(p0.text);
    if (!m) return;
    const name = m[1]!;
    const env = fr.scope.env;
    if (local && fr.locals && !fr.locals.has(name)) fr.locals.set(name, env.get(name));
    const rest = [{ ...p0, text: p0.text.slice(m[0].length), start: p0.start + m[0].length }, ...w.parts.slice(1)];
    if (w.array) {
      const values: string[] = [];
      let ok = true;
      for (const el of w.array) for (const f of expandWord(el, fr.scope, true)) { if (f.unknown) ok = false; values.push(f.text); }
      const prev = env.get(name);
      let v = !ok ? null : m[3] ? (prev ? [...prev, ...values] : null) : values;
      if (v && (v.length > MAX_ARRAY || v.some((x) => x.length > MAX_VALUE))) v = null;
      env.set(name, v);
      if (v) recordVariable(name, v, w.start, w.end);
      return;
    }
    const f = expandOne(w, fr.scope, rest);
    const value = f.unknown || f.text.length > MAX_VALUE ? null : f.text;
    // `VIP=<%= ... %>`, `VIP=` glued to a redirection: a placeholder, not an empty value
    if (m[2] !== undefined) {
      const prev = env.get(name) ?? []; // assigning an element creates the array (arrays are not inherited)
      const idx = evalArith(m[2], fr.scope);
      if (prev === null || idx === undefined || value === null || idx < 0 || idx > MAX_ARRAY) { env.set(name, null); return; }
      const arr = [...prev];
      while (arr.length < idx) arr.push('');
      arr[idx] = value;
      env.set(name, arr);
      recordVariable(`${name}[${m[2]}]`, [value], w.start, w.end);
      return;
    }
    if (value === null) { env.set(name, null); return; }
    const prev = env.get(name);
    let v = m[3] ? (prev ? [(prev[0] ?? '') + value] : null) : [value];
    if (v && v[0]!.length > MAX_VALUE) v = null;
    env.set(name, v);
    if (v) recordVariable(name, v, w.start, w.end);
  };

  // ---- simple commands ----
  const execSimple = (c: SimpleCmd, fr: Frame, input: Content | undefined, pipe: Pipeline | undefined): { sig: Sig; output?: Content } => {
    const sc = fr.scope;
    if (!c.words.length) {
      for (const a of c.assigns) {
        // a value glued to a redirection (`VIP=<%= vip %>`) is a template, not an empty string
        if (c.redirs.some((r) => r.start === a.end)) { const m = /^([A-Za-z_]\w*)/.exec(a.parts[0]!.text); if (m) sc.env.set(m[1]!, null); continue; }
        assign(a, fr, false);
      }
      return { sig: 'ok' };
    }
    const fields: Field[] = [];
    for (const w of c.words) fields.push(...expandWord(w, sc, true));
    let k = 0;
    // wrappers
    for (;;) {
      const f = fields[k];
      if (!f || f.unknown) return { sig: 'ok' };
      const nm = baseName(f.text);
      if (nm === 'sudo') {
        k++;
        while (fields[k] && fields[k]!.text.startsWith('-')) {
          const o = fields[k]!.text;
          k += /^-[ugpChDrtU]$/.test(o) ? 2 : 1;
        }
        continue;
      }
      if (nm === 'command' || nm === 'builtin' || nm === 'exec' || nm === 'nohup' || nm === 'time' || nm === 'busybox') {
        k++;
        while (fields[k] && fields[k]!.text.startsWith('-')) k++;
        continue;
      }
      if (nm === 'env') {
        k++;
        while (fields[k] && (fields[k]!.text.startsWith('-') || /^[A-Za-z_]\w*=/.test(fields[k]!.text))) k++;
        continue;
      }
      if (nm === 'nice' || nm === 'timeout' || nm === 'ionice' || nm === 'stdbuf') {
        k++;
        while (fields[k] && fields[k]!.text.startsWith('-')) { const o = fields[k]!.text; k += /^-[nkscp]$/.test(o) ? 2 : 1; }
        if (nm === 'timeout' && fields[k] && /^\d/.test(fields[k]!.text)) k++;
        continue;
      }
      break;
    }
    const nameField = fields[k];
    if (!nameField) return { sig: 'ok' };
    const path = nameField.text;
    const name = baseName(path);
    const args = fields.slice(k + 1);
    const stmt = { start: c.start, end: c.end };
    const fact = { loc: locOf(pipe ? pipe.start : c.start, pipe ? pipe.end : c.end), persistence: 'runtime' as const, phase: fr.phase };
    const cmdFact = { loc: locOf(stmt.start, stmt.end), persistence: 'runtime' as const, phase: fr.phase };

    const fn = !path.includes('/') ? functions.get(name) : undefined;
    if (fn) return { sig: callFunction(name, fn, args, fr) };

    // redirections
    const outs: { target: Field; append: boolean }[] = [];
    let heredoc: Content | undefined;
    for (const r of c.redirs) {
      if ((r.op === '<<' || r.op === '<<-') && r.heredoc) heredoc = { kind: 'heredoc', hd: r.heredoc };
      else if (r.op === '<<<' && r.target) heredoc = { kind: 'text', field: expandOne(r.target, sc) };
      else if (r.target && (r.op === '>' || r.op === '>>' || r.op === '>|' || r.op === '&>' || r.op === '&>>') && (!r.fd || r.fd === '1')) {
        outs.push({ target: expandOne(r.target, sc), append: r.op.endsWith('>>') });
      }
    }
    const stdin = heredoc ?? input;

    switch (name) {
      case 'exit':
        return { sig: 'exit' };
      case 'return':
        return { sig: 'return' };
      case 'break':
        return { sig: 'break' };
      case 'continue':
        return { sig: 'continue' };
      case 'export':
      case 'readonly':
      case 'declare':
      case 'typeset':
      case 'local': {
        for (const w of c.words.slice(1)) {
          if (isAssignment(w)) assign(w, fr, name === 'local');
          else {
            const n = literalText(w);
            if (n && /^[A-Za-z_]\w*$/.test(n) && name === 'local') {
              if (fr.locals && !fr.locals.has(n)) fr.locals.set(n, sc.env.get(n));
              sc.env.set(n, null);
            }
          }
        }
        return { sig: 'ok' };
      }
      case 'read':
      case 'unset':
      case 'getopts':
      case 'mapfile':
      case 'readarray':
        for (const a of args) if (/^[A-Za-z_]\w*$/.test(a.text)) sc.env.set(a.text, null);
        return { sig: 'ok' };
      case 'let':
        for (const a of args) evalArith(a.text, sc, true);
        return { sig: 'ok' };
      case 'shift':
        if (sc.pos) sc.pos = sc.pos.slice(args[0] && INT.test(args[0].text) ? Number(args[0].text) : 1);
        return { sig: 'ok' };
      case 'set':
        if (args[0]?.text === '--') sc.pos = args.slice(1).map((a) => (a.unknown ? null : a.text));
        return { sig: 'ok' };
      case 'echo':
      case 'printf': {
        const content = name === 'echo' ? echoContent(args) : printfContent(args);
        if (!outs.length) return { sig: 'ok', ...(content ? { output: content } : {}) };
        for (const o of outs) if (content) writeTo(content, o.target, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      }
      case 'cat': {
        const files = args.filter((a) => !a.text.startsWith('-') || a.text === '-');
        const content = files.length === 0 || (files.length === 1 && files[0]!.text === '-') ? stdin : undefined;
        if (!outs.length) return { sig: 'ok', ...(content ? { output: content } : {}) };
        for (const o of outs) if (content) writeTo(content, o.target, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      }
      case 'tee': {
        if (stdin) {
          for (const a of args) if (!a.text.startsWith('-')) writeTo(stdin, a, fr.phase, fact.loc);
          for (const o of outs) writeTo(stdin, o.target, fr.phase, fact.loc);
        }
        return { sig: 'ok' };
      }
      case 'sysctl':
        sysctlCommand(args, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      case 'ip':
        ipCommand(args, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      case 'ifconfig':
        ifconfigCommand(args, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      case 'route':
        routeCommand(args, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      case 'arptables':
      case 'arptables-legacy':
      case 'arptables-nft':
        if (isInitScript(path)) { serviceAction(name, args, fr.phase, cmdFact.loc, nameField); return { sig: 'ok' }; }
        if (args.every((a) => !a.unknown)) {
          const r = readArpRule(args.map((a) => tokenOf(a)), cmdFact, 'command');
          if (r && !LIST_OPS.has(r.op) && fresh('arp', locKey(r.loc), fr.phase, args.map((a) => a.text).join(' '))) snip.arpRules.push(r);
        }
        return { sig: 'ok' };
      case 'iptables':
      case 'ip6tables':
      case 'iptables-legacy':
      case 'ip6tables-legacy':
      case 'iptables-nft':
      case 'ip6tables-nft':
        if (isInitScript(path)) { serviceAction(name, args, fr.phase, cmdFact.loc, nameField); return { sig: 'ok' }; }
        if (args.every((a) => !a.unknown)) {
          const r = readIptRule(args.map((a) => tokenOf(a)), cmdFact, name.startsWith('ip6') ? 6 : 4, 'command');
          if (r && !LIST_OPS.has(r.op) && fresh('ipt', locKey(r.loc), fr.phase, args.map((a) => a.text).join(' '))) snip.iptRules.push(r);
        }
        return { sig: 'ok' };
      case 'firewall-cmd':
        if (args.every((a) => !a.unknown)) {
          const r = readFirewallCmd(args.map((a) => tokenOf(a)), cmdFact);
          if (r && fresh('fw', locKey(r.loc), fr.phase, args.map((a) => a.text).join(' '))) snip.iptRules.push(r);
        }
        return { sig: 'ok' };
      case 'arptables-save':
      case 'iptables-save':
      case 'ip6tables-save': {
        const what = name === 'arptables-save' ? 'arptables-save' : 'iptables-save';
        for (const o of outs) if (known(o.target)) persist(what, o.target, fr.phase, cmdFact.loc);
        if (!outs.length) return { sig: 'ok', output: { kind: 'text', field: { ...nameField, text: `\u0000${what}` } } };
        return { sig: 'ok' };
      }
      case 'service':
        if (args[0] && !args[0].unknown) serviceAction(args[0].text, args.slice(1), fr.phase, cmdFact.loc, args[0]);
        return { sig: 'ok' };
      case 'netfilter-persistent':
        if (args.some((a) => a.text === 'save')) persist('iptables-save', nameField, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      case 'chkconfig': {
        const rest = args.filter((a, j) => !a.text.startsWith('-') && !(j > 0 && args[j - 1]!.text === '--level'));
        if (rest.length >= 2 && rest[rest.length - 1]!.text === 'on' && known(rest[0])) persist('enable-at-boot', rest[0], fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      }
      case 'systemctl': {
        const words = args.filter((a) => !a.text.startsWith('-'));
        if (words[0]?.text === 'enable') for (const u of words.slice(1)) if (known(u)) persist('enable-at-boot', u, fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      }
      case 'update-rc.d': {
        const words = args.filter((a) => !a.text.startsWith('-'));
        if (words.length >= 2 && (words[1]!.text === 'defaults' || words[1]!.text === 'enable') && known(words[0])) persist('enable-at-boot', words[0], fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      }
      case 'sh':
      case 'bash':
      case 'dash':
      case 'ksh':
      case 'zsh': {
        // `sudo sh -c 'echo 1 > /proc/sys/...'`: a literal command string runs in a new shell
        const ci = args.findIndex((a) => a.text === '-c');
        const cmd = ci >= 0 ? args[ci + 1] : undefined;
        if (cmd && !cmd.unknown && cmd.segs.length === 1 && cmd.segs[0]!.kind === 'lit' && depthC < 4) {
          const g = cmd.segs[0]!;
          const inner = text.slice(g.s, g.e);
          if (inner === cmd.text) {
            depthC++;
            const sub = parseScript(shiftToks(lex(inner).toks, g.s));
            execList(sub, { phase: fr.phase, scope: { env: new Env(), pos: null }, locals: new Map() });
            depthC--;
          }
        }
        return { sig: 'ok' };
      }
      case 'rc-update':
        if (args[0]?.text === 'add' && known(args[1])) persist('enable-at-boot', args[1], fr.phase, cmdFact.loc);
        return { sig: 'ok' };
      default:
        if (isInitScript(path)) serviceAction(name, args, fr.phase, cmdFact.loc, nameField);
        return { sig: 'ok' };
    }
  };

  // ---- persistence ----
  const persist = (what: PersistAction['what'], subject: Field | undefined, phase: Phase, l: Location) => {
    const subj = subject && known(subject) ? tokenOf(subject) : undefined;
    if (!fresh('persist', locKey(l), phase, what, subj?.text)) return;
    const a: PersistAction = { loc: l, persistence: 'runtime', phase, what };
    if (subj) a.subject = subj;
    snip.persist.push(a);
  };
  const serviceAction = (service: string, args: Field[], phase: Phase, l: Location, subject: Field) => {
    const verb = args[0]?.text;
    if (verb !== 'save') return;
    if (/^arptables/.test(service)) persist('arptables-save', subject, phase, l);
    else if (/^ip6?tables/.test(service) || service === 'netfilter-persistent') persist('iptables-save', subject, phase, l);
  };

  // ---- sysctl ----
  const sysctlSetting = (
    keyField: Field, ka: number, kb: number, valField: Field, va: number, vb: number,
    phase: Phase, l: Location, via: SysctlSetting['via'], persistence: SysctlSetting['persistence'], writtenKey?: string,
  ): void => {
    if (!known(keyField, ka, kb) || !known(valField, va, vb)) return;
    const written = writtenKey ?? keyField.text.slice(ka, kb);
    if (!written || /\s/.test(written)) return;
    const { key, parts } = splitSysctlKey(written);
    const keyOffset = writtenKey !== undefined ? kb - writtenKey.length : ka;
    const value = valField.text.slice(va, vb);
    const s: SysctlSetting = {
      loc: l, persistence, phase, key,
      name: parts[parts.length - 1]!.text,
      keyToken: { ...tokenOf(keyField, ka, kb), text: key },
      valueToken: tokenOf(valField, va, vb),
      via,
    };
    if (parts.length === 5 && parts[0]!.text === 'net' && (parts[1]!.text === 'ipv4' || parts[1]!.text === 'ipv6') && parts[2]!.text === 'conf') {
      const p = parts[3]!;
      s.conf = { family: parts[1]!.text === 'ipv4' ? 4 : 6, iface: p.text, name: parts[4]!.text, ifaceLoc: tokenOf(keyField, keyOffset + p.start, keyOffset + p.end).loc };
    }
    if (INT.test(value.trim())) s.numeric = parseInt(value.trim(), 10);
    if (!fresh('sysctl', locKey(s.keyToken.loc), locKey(l), phase, key, value)) return;
    snip.sysctls.push(s);
  };

  const sysctlCommand = (args: Field[], phase: Phase, l: Location) => {
    let load = false;
    const files: Field[] = [];
    for (const a of args) {
      const t = a.text;
      if (t === '--system') { load = true; continue; }
      if (t === '-p' || t === '--load') { load = true; continue; }
      if (t.startsWith('--load=')) { load = true; files.push(a); continue; }
      if (/^-[a-zA-Z]+$/.test(t)) {
        if (t.includes('p')) { load = true; const at = t.indexOf('p'); if (at < t.length - 1) files.push(a); }
        continue;
      }
      if (t.startsWith('-')) continue;
      const eq = t.indexOf('=');
      if (eq > 0) {
        let va = eq + 1;
        while (t[va] === ' ') va++;
        sysctlSetting(a, 0, eq, a, va, t.length, phase, l, 'sysctl-w', 'runtime');
      } else if (load) files.push(a);
    }
    if (load) {
      if (!files.length) persist('sysctl-load', undefined, phase, l);
      for (const f of files) persist('sysctl-load', f, phase, l);
    }
  };

  // ---- writes: echo/cat/tee into /proc/sys or a sysctl file ----
  const writeTo = (content: Content, target: Field, phase: Phase, l: Location) => {
    if (!known(target)) return;
    const path = target.text;
    if (path.startsWith('/proc/sys/')) {
      if (content.kind !== 'text') return;
      const f = content.field;
      if (f.text.startsWith('\u0000') || !known(f)) return;
      let a = 0;
      let b = f.text.length;
      while (a < b && /\s/.test(f.text[a]!)) a++;
      while (b > a && /\s/.test(f.text[b - 1]!)) b--;
      if (a >= b) return;
      const written = path.slice('/proc/sys/'.length).replace(/\/+$/, '');
      sysctlSetting(target, '/proc/sys/'.length, '/proc/sys/'.length + written.length, f, a, b, phase, l, 'proc-echo', 'runtime', written);
      return;
    }
    if (/^\/etc\/sysconfig\/(arptables|iptables|ip6tables)$/.test(path) && content.kind === 'text' && content.field.text.startsWith('\u0000')) {
      persist(content.field.text.slice(1) as PersistAction['what'], target, phase, l);
      return;
    }
    if (!SYSCTL_FILE.test(path)) return;
    if (content.kind === 'heredoc') {
      heredocSysctl(content.hd, phase);
      return;
    }
    const f = content.field;
    if (f.text.startsWith('\u0000')) return;
    const eq = f.text.indexOf('=');
    if (eq <= 0 || f.text.includes('\n')) return;
    let ka = 0;
    while (ka < eq && /\s/.test(f.text[ka]!)) ka++;
    let kb = eq;
    while (kb > ka && /\s/.test(f.text[kb - 1]!)) kb--;
    let va = eq + 1;
    while (va < f.text.length && /\s/.test(f.text[va]!)) va++;
    let vb = f.text.length;
    while (vb > va && /\s/.test(f.text[vb - 1]!)) vb--;
    if (kb <= ka || f.text[ka] === '#' || f.text[ka] === ';') return;
    sysctlSetting(f, ka, kb, f, va, vb, phase, l, 'sysctl-file', 'persistent');
  };

  const heredocSysctl = (hd: Heredoc, phase: Phase) => {
    if (!hd.lines.length) return;
    const body = parseSysctl(file, hd.lines.map((x) => x.text).join('\n'));
    const remap = (lc: Location): Location => {
      const conv = (p: { line: number; character: number }) => position(hd.lines[p.line]!.offset + p.character);
      return { file, range: { start: conv(lc.range.start), end: conv(lc.range.end) } };
    };
    for (const s of body.sysctls) {
      const lineText = hd.lines[s.loc.range.start.line]!.text;
      if (!hd.quoted && /[$`]/.test(lineText)) continue; // expanded by the shell: unknown
      const out: SysctlSetting = {
        ...s,
        loc: remap(s.loc),
        phase,
        persistence: 'persistent',
        keyToken: { ...s.keyToken, loc: remap(s.keyToken.loc) },
        valueToken: { ...s.valueToken, loc: remap(s.valueToken.loc) },
      };
      if (s.conf) out.conf = { ...s.conf, ifaceLoc: remap(s.conf.ifaceLoc) };
      if (!fresh('sysctl', locKey(out.loc), phase, out.key, out.valueToken.text)) continue;
      snip.sysctls.push(out);
    }
    for (const d of body.directives) {
      const r = remap({ file, range: d.range });
      if (fresh('dir', locKey(r))) snip.directives.push({ ...d, line: r.range.start.line, range: r.range });
    }
  };

  const echoContent = (args: Field[]): Content | undefined => {
    let k = 0;
    let interpret = false;
    while (args[k] && /^-[neE]+$/.test(args[k]!.text)) { if (args[k]!.text.includes('e')) interpret = true; k++; }
    const f = joinFields(args.slice(k));
    if (!f) return undefined;
    if (interpret && f.text.includes('\\')) return undefined;
    return { kind: 'text', field: f };
  };
  const printfContent = (args: Field[]): Content | undefined => {
    const fmt = args[0];
    if (!fmt || fmt.unknown) return undefined;
    const t = fmt.text;
    if (/^%[sd](\\n)?$/.test(t) && args[1]) return { kind: 'text', field: args[1] };
    const plain = t.replace(/\\n$/, '');
    if (/[%\\]/.test(plain)) return undefined;
    return { kind: 'text', field: { ...fmt, text: plain, segs: fmt.segs.map((s) => ({ ...s, b: Math.min(s.b, plain.length), a: Math.min(s.a, plain.length) })) } };
  };

  // ---- addresses ----
  const pushAddress = (
    addrField: Field, addrEnd: number, prefixText: string | undefined, devField: Field, devEnd: number,
    label: string | undefined, scopeHost: boolean, via: 'ip' | 'ifconfig', phase: Phase, l: Location,
    netmask?: { field: Field; prefix: number },
  ) => {
    const addrText = addrField.text.slice(0, addrEnd);
    const parsed = parseAddress(addrText);
    if (!parsed || parsed.prefix !== undefined) return;
    const family = parsed.family;
    let prefix: number;
    let prefixWritten = true;
    let prefixToken: Token | undefined;
    if (prefixText !== undefined) {
      if (!/^\d{1,3}$/.test(prefixText)) return;
      prefix = Number(prefixText);
      if (prefix > (family === 4 ? 32 : 128)) return;
      prefixToken = tokenOf(addrField, addrEnd, addrField.text.length);
    } else if (netmask) {
      prefix = netmask.prefix;
      prefixToken = tokenOf(netmask.field);
    } else {
      prefixWritten = false;
      if (via === 'ip' || family === 6) prefix = family === 4 ? 32 : 128;
      else {
        const first = Number(addrText.split('.')[0]);
        if (first === 0 || addrText === '255.255.255.255') prefix = 0;
        else if (first < 128) prefix = 8;
        else if (first < 192) prefix = 16;
        else if (first < 224) prefix = 24;
        else if (first >= 240) prefix = 32;
        else return; // multicast: ifconfig refuses it
      }
    }
    const address = family === 4 && isDottedQuad(addrText) ? addrText : parsed.addr.toString();
    const device = devField.text.slice(0, devEnd);
    const fact: AddressAssignment = {
      loc: l, persistence: 'runtime', phase, address, family, prefix, prefixWritten,
      device,
      addressToken: tokenOf(addrField, 0, addrEnd),
      deviceToken: tokenOf(devField, 0, devEnd),
      via,
    };
    if (label) fact.label = label;
    if (scopeHost) fact.scopeHost = true;
    if (prefixToken) fact.prefixToken = prefixToken;
    if (!fresh('addr', locKey(l), phase, address, prefix, device, label, via)) return;
    snip.addresses.push(fact);
  };

  const IP_OPTS_WITH_VALUE = new Set(['-f', '-family', '-n', '-netns', '-b', '-batch', '-rc', '-rcvbuf', '-l', '-loops']);
  const ipCommand = (args: Field[], phase: Phase, l: Location) => {
    let i = 0;
    while (args[i] && args[i]!.text.startsWith('-')) {
      if (args[i]!.unknown) return;
      i += IP_OPTS_WITH_VALUE.has(args[i]!.text) ? 2 : 1;
    }
    const obj = args[i++];
    if (!obj || obj.unknown || !obj.text) return;
    const o = obj.text;
    const verb = args[i++];
    if (!verb || verb.unknown) return;
    const v = verb.text;
    if ('address'.startsWith(o)) {
      if (!(v && ('add'.startsWith(v) || 'replace'.startsWith(v) || 'change'.startsWith(v) || v === 'chg'))) return;
      ipAddrAdd(args.slice(i), phase, l);
    } else if ('route'.startsWith(o)) {
      if (!(v && ('add'.startsWith(v) || 'replace'.startsWith(v) || 'append'.startsWith(v) || 'change'.startsWith(v)))) return;
      ipRouteAdd(args.slice(i), phase, l);
    }
  };

  const ADDR_KEYS = new Set(['dev', 'label', 'scope', 'broadcast', 'brd', 'peer', 'remote', 'local', 'anycast', 'valid_lft', 'preferred_lft', 'metric', 'priority', 'preference', 'proto']);
  const ipAddrAdd = (args: Field[], phase: Phase, l: Location) => {
    let addr: Field | undefined;
    let dev: Field | undefined;
    let label: string | undefined;
    let scopeHost = false;
    for (let j = 0; j < args.length; j++) {
      const a = args[j]!;
      const t = a.text;
      if (ADDR_KEYS.has(t) && t !== 'local') {
        const val = args[++j];
        if (!val) return;
        if (t === 'label') { if (!val.unknown) label = val.text; continue; }
        if (val.unknown) return;
        if (t === 'dev') dev = val;
        else if (t === 'scope') scopeHost = val.text === 'host' || val.text === '254';
        continue;
      }
      if (a.unknown) return;
      if (t === 'local') { const val = args[++j]; if (!val || val.unknown) return; addr ??= val; continue; }
      if (/^-?[a-z_]+$/.test(t) && !t.includes(':')) continue; // a flag (home, nodad, noprefixroute, ...)
      addr ??= a;
    }
    if (!addr || !dev || !known(addr) || !known(dev)) return;
    const slash = addr.text.indexOf('/');
    const colon = dev.text.indexOf(':');
    pushAddress(addr, slash < 0 ? addr.text.length : slash, slash < 0 ? undefined : addr.text.slice(slash + 1), dev, colon < 0 ? dev.text.length : colon, label, scopeHost, 'ip', phase, l);
  };

  const ROUTE_TYPES = new Set(['unicast', 'local', 'broadcast', 'multicast', 'throw', 'unreachable', 'prohibit', 'blackhole', 'nat', 'anycast']);
  const ROUTE_KEYS = new Set(['dev', 'oif', 'via', 'src', 'table', 'proto', 'protocol', 'scope', 'metric', 'preference', 'priority', 'mtu', 'advmss', 'tos', 'dsfield', 'realm', 'realms', 'window', 'rtt', 'rttvar', 'cwnd', 'initcwnd', 'initrwnd', 'features', 'quickack', 'congctl', 'pref', 'expires', 'nexthop', 'nhid', 'encap', 'from', 'weight', 'ssthresh', 'hoplimit', 'reordering', 'rto_min', 'fastopen_no_cookie', 'type']);
  const ipRouteAdd = (args: Field[], phase: Phase, l: Location) => {
    let dest: Field | undefined;
    let dev: Field | undefined;
    for (let j = 0; j < args.length; j++) {
      const a = args[j]!;
      if (a.unknown) return;
      const t = a.text;
      if (t === 'to') { dest = args[++j]; continue; }
      if (ROUTE_KEYS.has(t)) { const val = args[++j]; if (t === 'dev' || t === 'oif') dev = val; continue; }
      if (ROUTE_TYPES.has(t) && !dest) continue;
      if (t === 'onlink' || t === 'pervasive') continue;
      dest ??= a;
    }
    pushRoute(dest, dev, phase, l);
  };

  const pushRoute = (dest: Field | undefined, dev: Field | undefined, phase: Phase, l: Location) => {
    if (!dest || !known(dest) || !parseAddress(dest.text)) return;
    if (dev && !known(dev)) return;
    if (!fresh('route', locKey(l), phase, dest.text, dev?.text)) return;
    snip.routes.push({ loc: l, persistence: 'runtime', phase, destination: tokenOf(dest), ...(dev ? { device: tokenOf(dev) } : {}) });
  };

  const routeCommand = (args: Field[], phase: Phase, l: Location) => {
    let i = 0;
    while (args[i] && args[i]!.text.startsWith('-') && args[i]!.text !== '-host' && args[i]!.text !== '-net') i += args[i]!.text === '-A' ? 2 : 1;
    if (args[i]?.text !== 'add') return;
    i++;
    let dest: Field | undefined;
    let dev: Field | undefined;
    const bare: Field[] = [];
    for (; i < args.length; i++) {
      const a = args[i]!;
      if (a.unknown && !dest) return;
      const t = a.text;
      if (t === '-host' || t === '-net') continue;
      if (t === 'dev') { dev = args[++i]; continue; }
      if (['netmask', 'gw', 'metric', 'mss', 'window', 'irtt'].includes(t)) { i++; continue; }
      if (['reject', 'mod', 'dyn', 'reinstate'].includes(t)) continue;
      if (!dest) dest = a;
      else bare.push(a);
    }
    if (!dev && bare.length) dev = bare[bare.length - 1];
    pushRoute(dest, dev, phase, l);
  };

  const ifconfigCommand = (args: Field[], phase: Phase, l: Location) => {
    const iface = args[0];
    if (!iface || iface.text.startsWith('-')) return;
    let addr: Field | undefined;
    let addrIndex = -1;
    let family6 = false;
    let mask: { field: Field; index: number } | undefined;
    for (let j = 1; j < args.length; j++) {
      const a = args[j]!;
      const t = a.text;
      if (a.unknown) {
        if (args[j - 1]?.text === 'broadcast') continue;
        return;
      }
      if (['up', 'down', 'arp', '-arp', 'promisc', '-promisc', 'allmulti', '-allmulti', 'multicast', 'dynamic', '-dynamic', 'trailers', '-trailers', '-broadcast', '-pointopoint'].includes(t)) continue;
      if (t === 'inet') continue;
      if (t === 'inet6') { family6 = true; continue; }
      if (['mtu', 'metric', 'txqueuelen', 'io_addr', 'irq', 'mem_start', 'media', 'outfill', 'keepalive', 'tunnel'].includes(t)) { j++; continue; }
      if (t === 'hw') { j += 2; continue; }
      if (t === 'netmask') { const m = args[++j]; if (!m || m.unknown) return; mask = { field: m, index: j }; continue; }
      if (t === 'broadcast' || t === 'pointopoint' || t === 'dstaddr') { if (args[j + 1] && parseAddress(args[j + 1]!.text)) j++; continue; }
      if (t === 'del') return;
      if (t === 'add') { const x = args[++j]; if (!x || x.unknown) return; addr = x; addrIndex = j; family6 = true; continue; }
      if (!addr) { addr = a; addrIndex = j; }
    }
    if (!addr || !known(addr)) return;
    const colon = iface.text.indexOf(':');
    const devEnd = colon < 0 ? iface.text.length : colon;
    if (!known(iface, 0, devEnd)) return;
    const label = colon >= 0 && known(iface) ? iface.text : undefined;
    const slash = addr.text.indexOf('/');
    let netmask: { field: Field; prefix: number } | undefined;
    if (slash < 0 && mask && mask.index > addrIndex) {
      const p = maskPrefix(mask.field.text);
      if (p === undefined) return;
      netmask = { field: mask.field, prefix: p };
    }
    if (family6 && slash < 0 && !parseAddress(addr.text)) return;
    pushAddress(addr, slash < 0 ? addr.text.length : slash, slash < 0 ? undefined : addr.text.slice(slash + 1), iface, devEnd, label, false, 'ifconfig', phase, l, netmask);
  };

  // ---- run ----
  const top: Frame = { phase: 'setup', scope: { env: new Env(), pos: null } };
  top.scope.env.set('IFS', [' \t\n']);
  execList(script, top);
  // functions nobody calls: run with the phase their name suggests
  stopped = false;
  budget = Math.max(budget, 5000);
  for (const [name, body] of functions) {
    if (called.has(name)) continue;
    called.add(name);
    const phase = actionPhase(name) ?? namePhase(name);
    execCommand(body, { phase, scope: { env: new Env(top.scope.env), pos: null }, locals: new Map() }, undefined, undefined);
  }

  // the address the script names as its own: the one `--mangle-ip-s` of its setup arptables rules
  const own = new Map<string, Token>();
  for (const r of snip.arpRules) {
    if (r.phase !== 'setup' || !r.mangleIpS) continue;
    const p = parseAddress(r.mangleIpS.text);
    if (p && p.prefix === undefined && !own.has(r.mangleIpS.text)) own.set(r.mangleIpS.text, r.mangleIpS);
  }
  if (own.size === 1) snip.ownAddresses.push(...own.values());
  return snip;
}

/** Tokens of a substring (`sh -c '...'`) moved to their place in the whole text. */
function shiftToks(toks: Tok[], by: number): Tok[] {
  const word = (w: Word): void => {
    w.start += by;
    w.end += by;
    for (const p of w.parts) { p.start += by; p.end += by; }
    if (w.array) w.array.forEach(word);
  };
  for (const t of toks) {
    t.start += by;
    t.end += by;
    if (t.t === 'w') word(t.w);
    else if (t.t === 'op' && t.heredoc) for (const l of t.heredoc.lines) l.offset += by;
  }
  return toks;
}

function baseName(path: string): string {
  const k = path.lastIndexOf('/');
  return k < 0 ? path : path.slice(k + 1);
}

/** `/etc/init.d/iptables save`, `/etc/rc.d/init.d/arptables_jf save`: a service script called directly. */
function isInitScript(path: string): boolean {
  return /(^|\/)(init\.d|rc\.d\/init\.d)\/[^/]+$/.test(path);
}

/** A dotted or hex netmask as a prefix length; undefined when not contiguous. */
export function maskPrefix(mask: string): number | undefined {
  let n: number;
  if (/^0x[0-9a-fA-F]{1,8}$/.test(mask)) n = parseInt(mask, 16);
  else {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(mask);
    if (!m) return undefined;
    const o = m.slice(1).map(Number);
    if (o.some((x) => x > 255)) return undefined;
    n = ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
  }
  let prefix = 0;
  while (prefix < 32 && n & (0x80000000 >>> prefix)) prefix++;
  const rest = prefix === 32 ? 0 : (n << prefix) >>> 0;
  return rest === 0 ? prefix : undefined;
}

/** Names a statement list may assign (for loops whose iteration count is unknown). */
function assignedNames(l: List, out: Set<string>): void {
  const cmd = (c: Command): void => {
    switch (c.k) {
      case 'simple':
        for (const a of c.assigns) { const m = /^([A-Za-z_]\w*)/.exec(a.parts[0]!.text); if (m) out.add(m[1]!); }
        if (c.words.length) {
          const first = literalText(c.words[0]!);
          if (first === 'export' || first === 'local' || first === 'declare' || first === 'readonly' || first === 'typeset' || first === 'read' || first === 'let') {
            for (const w of c.words.slice(1)) { const m = /^([A-Za-z_]\w*)/.exec(literalText(w) ?? (w.parts[0]?.text ?? '')); if (m) out.add(m[1]!); }
          }
        }
        break;
      case 'arith': {
        const m = c.expr.match(/[A-Za-z_]\w*(?=\s*(\+\+|--|[-+*/%]?=(?!=)))|(?:\+\+|--)\s*[A-Za-z_]\w*/g);
        if (m) for (const x of m) out.add(x.replace(/^[+-]+\s*/, ''));
        break;
      }
      case 'if': c.conds.forEach((x) => assignedNames(x, out)); c.bodies.forEach((x) => assignedNames(x, out)); if (c.elseBody) assignedNames(c.elseBody, out); break;
      case 'for': if (c.name) out.add(c.name); assignedNames(c.body, out); break;
      case 'while': assignedNames(c.cond, out); assignedNames(c.body, out); break;
      case 'case': for (const b of c.branches) assignedNames(b.body, out); break;
      case 'group': assignedNames(c.body, out); break;
      case 'func': break;
    }
  };
  for (const ao of l.items) for (const p of [ao.first, ...ao.rest.map((r) => r.p)]) for (const c of p.cmds) cmd(c);
}
