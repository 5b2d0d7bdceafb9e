/**
 * Statements of a shell script from the tokens of shell-lex.ts: simple commands (assignments, words,
 * redirections), pipelines, `&&`/`||` lists, `if`, `for`, `while`/`until`, `case`, `{ }`, `( )`, `(( ))` and
 * function definitions. The grammar accepts every token sequence: a stray `fi`, `;;` or `)` is skipped, an
 * unterminated block ends at the end of the text. Nesting deeper than MAX_DEPTH is read as plain commands, so
 * recursion stays bounded. Linear in the number of tokens.
 */
import { plainText, type Heredoc, type Tok, type Word } from './shell-lex';

export interface Redir {
  op: string;
  fd?: string;
  target?: Word;
  heredoc?: Heredoc;
  start: number;
  end: number;
}

export interface SimpleCmd {
  k: 'simple';
  assigns: Word[];
  words: Word[];
  redirs: Redir[];
  start: number;
  end: number;
}

export type Command =
  | SimpleCmd
  | { k: 'arith'; expr: string; start: number; end: number }
  | { k: 'if'; conds: List[]; bodies: List[]; elseBody?: List; start: number; end: number }
  | { k: 'for'; name: string; nameWord?: Word; items?: Word[]; body: List; start: number; end: number }
  | { k: 'while'; cond: List; body: List; start: number; end: number }
  | { k: 'case'; subject?: Word; branches: { patterns: Word[]; body: List }[]; start: number; end: number }
  | { k: 'group'; body: List; subshell: boolean; start: number; end: number }
  | { k: 'func'; name: string; body: Command; start: number; end: number };

export interface Pipeline {
  cmds: Command[];
  start: number;
  end: number;
}

/** `a && b || c`: `rest` runs conditionally. */
export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; p: Pipeline }[];
}

export interface List {
  items: AndOr[];
}

const MAX_DEPTH = 100;
const LIST_END_WORDS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
const LIST_END_OPS = new Set([')', ';;', ';&', ';;&']);
const REDIR_OPS = new Set(['>', '>>', '<', '<<', '<<-', '<<<', '>&', '<&', '&>', '&>>', '>|', '<>']);

export function parseScript(toks: Tok[]): List {
  let i = 0;
  let depth = 0;

  const word = (k: number): string | undefined => {
    const t = toks[k];
    return t && t.t === 'w' ? plainText(t.w) : undefined;
  };
  const op = (k: number): string | undefined => {
    const t = toks[k];
    return t && t.t === 'op' ? t.op : undefined;
  };
  const skipNl = () => {
    while (i < toks.length && (toks[i]!.t === 'nl' || op(i) === ';')) i++;
  };
  const skipNlOnly = () => {
    while (i < toks.length && toks[i]!.t === 'nl') i++;
  };
  const atListEnd = (): boolean => {
    if (i >= toks.length) return true;
    const o = op(i);
    if (o !== undefined) return LIST_END_OPS.has(o);
    const w = word(i);
    return w !== undefined && LIST_END_WORDS.has(w) && depth > 0;
  };
  const expectWord = (w: string): boolean => {
    skipNl();
    if (word(i) === w) { i++; return true; }
    return false;
  };

  const parseList = (): List => {
    const items: AndOr[] = [];
    for (;;) {
      skipNl();
      if (op(i) === '&') { i++; continue; }
      if (atListEnd()) break;
      const before = i;
      const ao = parseAndOr();
      if (ao) items.push(ao);
      if (i === before) i++; // never stall
      const o = op(i);
      if (o === ';' || o === '&') i++;
    }
    return { items };
  };

  const parseAndOr = (): AndOr | undefined => {
    const first = parsePipeline();
    if (!first) return undefined;
    const ao: AndOr = { first, rest: [] };
    for (;;) {
      const o = op(i);
      if (o !== '&&' && o !== '||') break;
      i++;
      skipNlOnly();
      const p = parsePipeline();
      if (!p) break;
      ao.rest.push({ op: o, p });
    }
    return ao;
  };

  const parsePipeline = (): Pipeline | undefined => {
    if (word(i) === '!') i++;
    const cmds: Command[] = [];
    for (;;) {
      const c = parseCommand();
      if (!c) break;
      cmds.push(c);
      const o = op(i);
      if (o !== '|' && o !== '|&') break;
      i++;
      skipNlOnly();
    }
    if (!cmds.length) return undefined;
    return { cmds, start: cmds[0]!.start, end: cmds[cmds.length - 1]!.end };
  };

  const trailingRedirs = (c: Command): Command => {
    while (i < toks.length && REDIR_OPS.has(op(i) ?? '')) {
      i++;
      if (toks[i]?.t === 'w') { c.end = toks[i]!.end; i++; }
    }
    return c;
  };

  const parseCommand = (): Command | undefined => {
    if (i >= toks.length) return undefined;
    const t = toks[i]!;
    if (t.t === 'nl') return undefined;
    if (t.t === 'op') {
      if (t.op === '((') { i++; return trailingRedirs({ k: 'arith', expr: t.arith ?? '', start: t.start, end: t.end }); }
      if (t.op === '(' && depth < MAX_DEPTH) {
        i++;
        depth++;
        const body = parseList();
        depth--;
        let end = toks[i - 1]?.end ?? t.end;
        if (op(i) === ')') { end = toks[i]!.end; i++; }
        return trailingRedirs({ k: 'group', body, subshell: true, start: t.start, end });
      }
      if (!REDIR_OPS.has(t.op)) return undefined;
      return parseSimple();
    }
    const w = word(i);
    if (w !== undefined && depth < MAX_DEPTH) {
      const start = t.start;
      const endHere = () => toks[i - 1]?.end ?? start;
      if (w === 'if') {
        i++;
        depth++;
        const conds: List[] = [];
        const bodies: List[] = [];
        let elseBody: List | undefined;
        conds.push(parseList());
        expectWord('then');
        bodies.push(parseList());
        for (;;) {
          if (word(i) === 'elif') { i++; conds.push(parseList()); expectWord('then'); bodies.push(parseList()); continue; }
          if (word(i) === 'else') { i++; elseBody = parseList(); continue; }
          break;
        }
        expectWord('fi');
        depth--;
        return trailingRedirs({ k: 'if', conds, bodies, ...(elseBody ? { elseBody } : {}), start, end: endHere() });
      }
      if (w === 'for' || w === 'select') {
        i++;
        depth++;
        let name = '';
        let nameWord: Word | undefined;
        let items: Word[] | undefined;
        if (op(i) === '((') {
          i++;
          items = [];
        } else if (toks[i]?.t === 'w') {
          nameWord = (toks[i] as Extract<Tok, { t: 'w' }>).w;
          name = word(i) ?? '';
          i++;
          skipNlOnly();
          if (word(i) === 'in') {
            i++;
            items = [];
            while (i < toks.length && toks[i]!.t === 'w') { items.push((toks[i] as Extract<Tok, { t: 'w' }>).w); i++; }
          }
        }
        expectWord('do');
        const body = parseList();
        expectWord('done');
        depth--;
        return trailingRedirs({ k: 'for', name, ...(nameWord ? { nameWord } : {}), ...(items ? { items } : {}), body, start, end: endHere() });
      }
      if (w === 'while' || w === 'until') {
        i++;
        depth++;
        const cond = parseList();
        expectWord('do');
        const body = parseList();
        expectWord('done');
        depth--;
        return trailingRedirs({ k: 'while', cond, body, start, end: endHere() });
      }
      if (w === 'case') {
        i++;
        depth++;
        const subject = toks[i]?.t === 'w' ? (toks[i] as Extract<Tok, { t: 'w' }>).w : undefined;
        if (subject) i++;
        skipNlOnly();
        if (word(i) === 'in') i++;
        const branches: { patterns: Word[]; body: List }[] = [];
        for (;;) {
          skipNl();
          if (i >= toks.length) break;
          if (word(i) === 'esac') { i++; break; }
          if (op(i) === '(') i++;
          const patterns: Word[] = [];
          while (i < toks.length) {
            const tk = toks[i]!;
            if (tk.t === 'w') { patterns.push(tk.w); i++; continue; }
            if (tk.t === 'op' && tk.op === '|') { i++; continue; }
            break;
          }
          if (op(i) === ')') i++;
          else if (!patterns.length) { i++; continue; } // garbage: skip one token
          const body = parseList();
          branches.push({ patterns, body });
          const o = op(i);
          if (o === ';;' || o === ';&' || o === ';;&') i++;
          else if (o === ')') i++; // stray
        }
        depth--;
        return trailingRedirs({ k: 'case', ...(subject ? { subject } : {}), branches, start, end: endHere() });
      }
      if (w === '{') {
        i++;
        depth++;
        const body = parseList();
        if (word(i) === '}') i++;
        depth--;
        return trailingRedirs({ k: 'group', body, subshell: false, start, end: endHere() });
      }
      if (w === 'function' && toks[i + 1]?.t === 'w') {
        i++;
        const name = word(i) ?? '';
        i++;
        if (op(i) === '(' && op(i + 1) === ')') i += 2;
        skipNlOnly();
        depth++;
        const body = parseCommand();
        depth--;
        if (!body) return { k: 'simple', assigns: [], words: [], redirs: [], start, end: endHere() };
        return { k: 'func', name, body, start, end: body.end };
      }
      if (op(i + 1) === '(' && op(i + 2) === ')' && /^[A-Za-z_][\w.:-]*$/.test(w)) {
        i += 3;
        skipNlOnly();
        depth++;
        const body = parseCommand();
        depth--;
        if (!body) return { k: 'simple', assigns: [], words: [], redirs: [], start, end: endHere() };
        return { k: 'func', name: w, body, start, end: body.end };
      }
      if (LIST_END_WORDS.has(w) && depth === 0) {
        // a stray `fi`/`done`/`}` at top level: a no-op
        i++;
        return { k: 'simple', assigns: [], words: [], redirs: [], start, end: t.end };
      }
    }
    return parseSimple();
  };

  const parseSimple = (): SimpleCmd => {
    const start = toks[i]!.start;
    let end = start;
    const assigns: Word[] = [];
    const words: Word[] = [];
    const redirs: Redir[] = [];
    while (i < toks.length) {
      const t = toks[i]!;
      if (t.t === 'nl') break;
      if (t.t === 'op') {
        if (!REDIR_OPS.has(t.op)) break;
        i++;
        const r: Redir = { op: t.op, start: t.start, end: t.end };
        if (t.fd) r.fd = t.fd;
        if (t.heredoc) r.heredoc = t.heredoc;
        const nx = toks[i];
        if (nx && nx.t === 'w') { r.target = nx.w; r.end = nx.end; i++; }
        redirs.push(r);
        end = r.end;
        continue;
      }
      const w = t.w;
      if (!words.length && isAssignment(w)) assigns.push(w);
      else words.push(w);
      end = t.end;
      i++;
    }
    return { k: 'simple', assigns, words, redirs, start, end };
  };

  const out: List = { items: [] };
  while (i < toks.length) {
    const l = parseList();
    out.items.push(...l.items);
    if (i < toks.length) i++; // a stray terminator at top level
  }
  return out;
}

/** `NAME=value`, `NAME+=value`, `NAME[i]=value`, `NAME=(...)`: the word starts with an unquoted `NAME...=`. */
export function isAssignment(w: Word): boolean {
  const p = w.parts[0];
  if (!p || p.k !== 'lit' || p.q) return false;
  return /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(p.text);
}
