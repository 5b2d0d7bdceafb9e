/**
 * Variables and word expansion for the shell walker: a layered environment (branches get a child layer that is
 * merged back: a variable whose value differs between branches becomes unknown), parameter expansion with
 * field splitting, a small integer arithmetic evaluator, and fields that remember where each character of their
 * value was written (so a fact can point at `$VIP` on screen, or at `lo` inside `lo:0`).
 */
import type { Part, Word } from './shell-lex';

/** A variable: its elements (one for a scalar), `null` when the value cannot be known, `undefined` when unset. */
export type Val = string[] | null | undefined;

export class Env {
  readonly own = new Map<string, Val>();
  constructor(readonly parent?: Env) {}
  get(name: string): Val {
    for (let e: Env | undefined = this; e; e = e.parent) if (e.own.has(name)) return e.own.get(name);
    return undefined;
  }
  set(name: string, v: Val): void {
    this.own.set(name, v);
  }
}

export function sameVal(a: Val, b: Val): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * After branches ran in child layers of `env`: every variable a branch assigned keeps its value if all outcomes
 * agree (`fallthrough`: no branch may run at all), else becomes unknown.
 */
export function mergeBranches(env: Env, branches: Env[], fallthrough: boolean): void {
  const names = new Set<string>();
  for (const b of branches) for (const k of b.own.keys()) names.add(k);
  for (const name of names) {
    const outcomes = branches.map((b) => b.get(name));
    if (fallthrough) outcomes.push(env.get(name));
    const first = outcomes[0];
    env.set(name, outcomes.every((o) => sameVal(o, first)) ? first : null);
  }
}

/** Where a run of a field's value came from. `lit`: written as is (one source character per character). */
export interface Seg {
  a: number;
  b: number;
  s: number;
  e: number;
  kind: 'lit' | 'esc' | 'var' | 'unknown' | 'sep';
}

/** One word after expansion (a word may give several fields, or none). */
export interface Field {
  text: string;
  segs: Seg[];
  /** Some part of the value cannot be known. */
  unknown: boolean;
  /** The source range of the word it came from. */
  start: number;
  end: number;
}

export interface Scope {
  env: Env;
  /** Positional parameters (`$1`...), `null` when unknown (the script's own arguments). */
  pos: (string | null)[] | null;
}

const MAX_FIELD = 1 << 20;
const MAX_FIELDS = 4096;
const TEMPLATE = /\{\{|\}\}|\{%|%\}|<%|%>/;
const IFS_WS = /[ \t\n]+/;

function paramValues(p: Part, sc: Scope): string[] | null {
  const name = p.text;
  if (/^\d+$/.test(name)) {
    if (name === '0' || !sc.pos) return null;
    const v = sc.pos[Number(name) - 1];
    return v === undefined ? [''] : v === null ? null : [v];
  }
  if (name === '@' || name === '*') {
    if (!sc.pos || sc.pos.some((x) => x === null)) return null;
    return sc.pos as string[];
  }
  const v = sc.env.get(name);
  if (!v) return null;
  if (p.index === undefined) return v.length ? [v[0]!] : [''];
  const idx = p.index.trim();
  if (idx === '@' || idx === '*') return v;
  const n = evalArith(idx, sc);
  if (n === undefined) return null;
  return [v[n] ?? ''];
}

/** Expands a word into fields. `split`: field splitting of unquoted expansions (not in assignments and redirections). */
export function expandWord(w: Word, sc: Scope, split: boolean, parts: Part[] = w.parts): Field[] {
  const fields: Field[] = [];
  let cur: Field | undefined;
  const ensure = (): Field => (cur ??= { text: '', segs: [], unknown: false, start: w.start, end: w.end });
  const add = (text: string, s: number, e: number, kind: Seg['kind']) => {
    const f = ensure();
    if (f.text.length + text.length > MAX_FIELD || fields.length > MAX_FIELDS) {
      // runaway expansion: keep memory bounded, the value is unknown
      f.unknown = true;
      return;
    }
    f.segs.push({ a: f.text.length, b: f.text.length + text.length, s, e, kind });
    f.text += text;
  };
  const ifs = sc.env.get('IFS');
  const customIfs = ifs !== undefined && !(ifs && ifs[0] === ' \t\n');
  const addSplit = (text: string, s: number, e: number) => {
    if (customIfs) {
      // a script that changes IFS splits differently: the fields cannot be told
      add(text, s, e, 'unknown');
      cur!.unknown = true;
      return;
    }
    let k = 0;
    while (k < text.length) {
      const m = IFS_WS.exec(text.slice(k));
      if (!m) { add(text.slice(k), s, e, 'var'); return; }
      if (m.index > 0) add(text.slice(k, k + m.index), s, e, 'var');
      if (cur) { fields.push(cur); cur = undefined; }
      k += m.index + m[0].length;
    }
  };
  for (const p of parts) {
    if (p.k === 'lit' || p.k === 'esc') {
      add(p.text, p.start, p.end, p.k);
      if (p.k === 'lit' && !p.q && /[*?]/.test(p.text)) cur!.unknown = true; // a glob
      continue;
    }
    if (p.k === 'unknown') {
      add(p.text, p.start, p.end, 'unknown');
      cur!.unknown = true;
      continue;
    }
    let vals: string[] | null;
    if (p.k === 'arith') {
      const n = evalArith(p.text, sc);
      vals = n === undefined ? null : [String(n)];
    } else vals = paramValues(p, sc);
    if (vals === null) {
      add(sourceOf(p), p.start, p.end, 'unknown');
      cur!.unknown = true;
      continue;
    }
    if (p.q) ensure();
    vals.forEach((v, k) => {
      if (k > 0 && cur) { fields.push(cur); cur = undefined; }
      if (p.q || !split) add(v, p.start, p.end, 'var');
      else addSplit(v, p.start, p.end);
    });
  }
  if (cur) fields.push(cur);
  for (const f of fields) if (TEMPLATE.test(f.text)) f.unknown = true;
  return fields;
}

function sourceOf(p: Part): string {
  if (p.k === 'param') return p.index !== undefined ? `\${${p.text}[${p.index}]}` : `$${p.text}`;
  if (p.k === 'arith') return `$((${p.text}))`;
  return p.text;
}

/** Expands without splitting into one field (assignments, redirection targets, case subjects). */
export function expandOne(w: Word, sc: Scope, parts?: Part[]): Field {
  const fs = expandWord(w, sc, false, parts);
  return fs[0] ?? { text: '', segs: [], unknown: false, start: w.start, end: w.end };
}

/** Fields joined with single spaces (echo's arguments), the gaps mapped to the source between the words. */
export function joinFields(fs: Field[]): Field | undefined {
  if (!fs.length) return undefined;
  if (fs.length === 1) return fs[0];
  const out: Field = { text: '', segs: [], unknown: false, start: fs[0]!.start, end: fs[fs.length - 1]!.end };
  fs.forEach((f, k) => {
    if (k > 0) {
      const prev = fs[k - 1]!;
      out.segs.push({ a: out.text.length, b: out.text.length + 1, s: prev.end, e: Math.max(prev.end, f.start), kind: 'sep' });
      out.text += ' ';
    }
    const base = out.text.length;
    for (const s of f.segs) out.segs.push({ ...s, a: s.a + base, b: s.b + base });
    out.text += f.text;
    if (f.unknown) out.unknown = true;
  });
  return out;
}

/** Source offsets of the value range [a, b) of a field; the whole word when the range is the whole value. */
export function sourceRange(f: Field, a: number, b: number): { s: number; e: number } {
  if (a <= 0 && b >= f.text.length) {
    // whole value: the whole word(s), quotes included
    const first = f.segs[0];
    const last = f.segs[f.segs.length - 1];
    if (!first || !last) return { s: f.start, e: f.end };
    return { s: Math.min(f.start, first.s), e: Math.max(f.end, last.e) };
  }
  let s = f.start;
  let e = f.end;
  for (const g of f.segs) {
    if (a >= g.a && (a < g.b || (a === g.b && g === f.segs[f.segs.length - 1]))) { s = g.kind === 'lit' ? g.s + (a - g.a) : g.s; break; }
  }
  for (const g of f.segs) {
    if (b > g.a && b <= g.b) { e = g.kind === 'lit' ? g.s + (b - g.a) : g.e; break; }
  }
  if (b <= a) e = s;
  return { s, e: Math.max(s, e) };
}

/** Whether [a, b) of the value is known and whether any of it came from a variable. */
export function rangeInfo(f: Field, a: number, b: number): { known: boolean; fromVariable: boolean } {
  let known = true;
  let fromVariable = false;
  for (const g of f.segs) {
    if (g.b <= a || g.a >= b) {
      if (!(g.a === g.b && g.a >= a && g.a < b)) continue;
    }
    if (g.kind === 'unknown') known = false;
    if (g.kind === 'var') fromVariable = true;
  }
  return { known, fromVariable };
}

// ---- arithmetic ------------------------------------------------------------------------------------------------

/**
 * Evaluates `$(( ))` / `(( ))` / `let` integer expressions: numbers, variables (`x`, `$x`), `+ - * / %`,
 * comparisons, parentheses, and the assignments `= += -= ++ --` (which update the environment). Undefined when
 * anything is unknown or unsupported (an assignment made then leaves its variable unknown).
 */
export function evalArith(expr: string, sc: Scope, assign = false): number | undefined {
  const toks = expr.match(/\d+|\$?\{?[A-Za-z_][A-Za-z0-9_]*\}?|\+\+|--|[+\-*/%]=|==|!=|<=|>=|&&|\|\||[-+*/%()<>=!,]|\S/g) ?? [];
  let i = 0;
  let failed = false;
  const touched: string[] = [];
  const varName = (t: string | undefined): string | undefined => {
    if (!t) return undefined;
    const m = /^\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(t);
    return m ? m[1] : undefined;
  };
  const read = (name: string): number | undefined => {
    const v = sc.env.get(name);
    if (!v) return undefined; // unset: maybe set by the environment
    const s = (v[0] ?? '').trim();
    if (s === '') return 0;
    return /^-?\d+$/.test(s) ? Number(s) : undefined;
  };
  const write = (name: string, n: number | undefined) => {
    touched.push(name);
    if (!assign) { failed = true; return; }
    sc.env.set(name, n === undefined ? null : [String(n)]);
  };
  const primary = (): number | undefined => {
    const t = toks[i++];
    if (t === undefined) { failed = true; return undefined; }
    if (t === '(') { const v = comma(); if (toks[i] === ')') i++; else failed = true; return v; }
    if (t === '-') { const v = primary(); return v === undefined ? undefined : -v; }
    if (t === '+') return primary();
    if (t === '!') { const v = primary(); return v === undefined ? undefined : v ? 0 : 1; }
    if (t === '++' || t === '--') {
      const name = varName(toks[i++]);
      if (!name) { failed = true; return undefined; }
      const v = read(name);
      const nv = v === undefined ? undefined : v + (t === '++' ? 1 : -1);
      write(name, nv);
      return nv;
    }
    if (/^\d+$/.test(t)) return Number(t);
    const name = varName(t);
    if (!name) { failed = true; return undefined; }
    const nx = toks[i];
    if (nx === '++' || nx === '--') {
      i++;
      const v = read(name);
      write(name, v === undefined ? undefined : v + (nx === '++' ? 1 : -1));
      return v;
    }
    if (nx === '=' || nx === '+=' || nx === '-=' || nx === '*=' || nx === '/=' || nx === '%=') {
      i++;
      const r = assignment();
      const old = nx === '=' ? 0 : read(name);
      const nv = r === undefined || old === undefined ? undefined : binop(nx[0]!, old, r, nx === '=');
      write(name, nv);
      return nv;
    }
    return read(name);
  };
  const binop = (o: string, l: number, r: number, plainAssign = false): number | undefined => {
    if (plainAssign) return r;
    switch (o) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/': return r === 0 ? undefined : Math.trunc(l / r);
      case '%': return r === 0 ? undefined : l % r;
      case '<': return l < r ? 1 : 0;
      case '>': return l > r ? 1 : 0;
      case '<=': return l <= r ? 1 : 0;
      case '>=': return l >= r ? 1 : 0;
      case '==': return l === r ? 1 : 0;
      case '!=': return l !== r ? 1 : 0;
      default: return undefined;
    }
  };
  const level = (ops: string[], next: () => number | undefined) => (): number | undefined => {
    let l = next();
    while (i < toks.length && ops.includes(toks[i]!)) {
      const o = toks[i++]!;
      const r = next();
      l = l === undefined || r === undefined ? undefined : binop(o, l, r);
    }
    return l;
  };
  const mul = level(['*', '/', '%'], primary);
  const add = level(['+', '-'], mul);
  const cmp = level(['<', '>', '<=', '>='], add);
  const eq = level(['==', '!='], cmp);
  const assignment = eq;
  const comma = (): number | undefined => {
    let v = assignment();
    while (toks[i] === ',') { i++; v = assignment(); }
    return v;
  };
  let v: number | undefined;
  try {
    v = toks.length ? comma() : undefined;
  } catch {
    v = undefined;
  }
  if (i < toks.length) failed = true;
  if (failed) {
    if (assign) for (const t of touched) sc.env.set(t, null);
    return undefined;
  }
  return v;
}
