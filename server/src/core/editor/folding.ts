/**
 * Folding ranges, editor-agnostic, computed from the editor's current text (folding is asked for after every edit,
 * before the server re-analyses): keepalived's reader rules for what a brace is (the first unquoted `{`/`}` splits a
 * line anywhere; `#` and `!` start a comment outside quotes; `$NAME=` lines are definitions, not statements, so
 * their braces are not blocks; an `@id ` prefix is skipped). A block folds from its keyword's line to the line
 * before its `}` (to the `}` line itself when the line holds more than the brace); a block on one line, or whose
 * `}` is in another file (an include inside a block), gives no range. Runs of two or more comment lines fold as
 * comments, runs of `include` lines as imports, and a multi-line `$NAME=` definition as a region.
 *
 * Real-server files: comment runs, and the `*table` … `COMMIT` sections of saved rule files.
 */
export type FoldKind = 'comment' | 'imports' | 'region';

export interface Fold {
  startLine: number;
  endLine: number;
  kind?: FoldKind;
}

const INCLUDE = /^\s*(?:@\^?\S+\s+)?include[rmwba]?\s/;
const SPECIAL = /[{}"$@]/;

export function keepalivedFolds(text: string): Fold[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Fold[] = [];
  /** Open blocks: the line of the statement that opened each. */
  const stack: number[] = [];
  /** The line of the last statement start (a `{` on its own line belongs to it). */
  let lastStatementLine = -1;
  let commentRun = -1;
  let includeRun = -1;
  let defStart = -1;
  const endRun = (start: number, l: number, kind: FoldKind): void => {
    if (start >= 0 && l - 1 > start) out.push({ startLine: start, endLine: l - 1, kind });
  };
  for (let l = 0; l <= lines.length; l++) {
    const line = lines[l];
    if (line === undefined) {
      endRun(commentRun, l, 'comment');
      endRun(includeRun, l, 'imports');
      break;
    }
    // multi-line `$NAME=` definition: continuation lines are its value
    if (defStart >= 0) {
      if (!line.trimEnd().endsWith('\\')) {
        if (l > defStart) out.push({ startLine: defStart, endLine: l, kind: 'region' });
        defStart = -1;
      }
      continue;
    }
    let i = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    const c0 = line[i];
    const isComment = c0 === '#' || c0 === '!';
    if (isComment) {
      if (commentRun < 0) commentRun = l;
    } else {
      endRun(commentRun, l, 'comment');
      commentRun = -1;
    }
    if (line.includes('include') && INCLUDE.test(line)) {
      if (includeRun < 0) includeRun = l;
    } else {
      endRun(includeRun, l, 'imports');
      includeRun = -1;
    }
    if (isComment || i === line.length) continue;
    // The common line: no brace, quote or `$`: a statement start, nothing else.
    if (!SPECIAL.test(line)) {
      lastStatementLine = l;
      continue;
    }
    if (c0 === '@') {
      while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    }
    if (line[i] === '$' && /^\$[A-Za-z_][A-Za-z0-9_]*=/.test(line.slice(i))) {
      if (line.trimEnd().endsWith('\\')) defStart = l;
      continue;
    }
    let quote = false;
    let wordStarted = false;
    for (let k = i; k < line.length; k++) {
      const c = line[k];
      if (quote) {
        if (c === '"') quote = false;
        continue;
      }
      if (c === '"') {
        quote = true;
        if (!wordStarted) lastStatementLine = l;
        wordStarted = true;
        continue;
      }
      if (c === '#' || c === '!') break;
      if (c === '{') {
        stack.push(wordStarted || lastStatementLine < 0 ? l : lastStatementLine);
        wordStarted = false;
        continue;
      }
      if (c === '}') {
        const start = stack.pop();
        if (start !== undefined) {
          const onlyBrace = line.slice(0, k).trim() === '';
          const end = onlyBrace ? l - 1 : l;
          if (end > start) out.push({ startLine: start, endLine: end });
        }
        lastStatementLine = -1;
        wordStarted = false;
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if (!wordStarted) lastStatementLine = l;
      wordStarted = true;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** Real-server files: comment runs (`#`), and `*table` … `COMMIT` sections of arptables/iptables-save files. */
export function snippetFolds(text: string, saveFile: boolean): Fold[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Fold[] = [];
  let run = -1;
  let table = -1;
  for (let l = 0; l <= lines.length; l++) {
    const t = lines[l]?.trim();
    if (t !== undefined && t.startsWith('#') && !(l === 0 && t.startsWith('#!'))) {
      if (run < 0) run = l;
      continue;
    }
    if (run >= 0 && l - 1 > run) out.push({ startLine: run, endLine: l - 1, kind: 'comment' });
    run = -1;
    if (!saveFile || t === undefined) continue;
    if (t.startsWith('*')) table = l;
    else if (t === 'COMMIT' && table >= 0) {
      if (l > table) out.push({ startLine: table, endLine: l });
      table = -1;
    }
  }
  return out.sort((a, b) => a.startLine - b.startLine);
}
