/**
 * Selection ranges (expand / shrink selection), editor-agnostic: in a keepalived file, the word under the cursor,
 * then its statement line (keyword and arguments), the statement with its block, and each enclosing block up to the
 * top level of the file (from the last analysis: the statements of the file, binary-searched); in a real-server
 * file, the token under the cursor, then the fact's statement (the command or line).
 */
import type { ParsedConfig, Statement } from '../keepalived/ast';
import type { Position, Range } from '../types';
import type { SnippetFile } from '../realserver/types';
import { fileIndex, inside, wordAt } from './context';
import { statementRange } from './navigation';

/** Ranges around `pos`, innermost first, each containing the previous one. */
export type SelectionChain = Range[];

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function same(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function push(chain: Range[], r: Range): void {
  const last = chain[chain.length - 1];
  if (!last || (contains(r, last) && !same(r, last))) chain.push(r);
}

/** The head line of a statement: its keyword and arguments in the file. */
function headRange(s: Statement, file: string): Range {
  let end = s.keyword.range.end;
  for (const a of s.args) if (a.file === file && a.range.end.line === s.keyword.range.start.line) end = a.range.end;
  return { start: s.keyword.range.start, end };
}

export function keepalivedSelection(config: ParsedConfig, file: string, pos: Position): SelectionChain {
  const chain: Range[] = [];
  const hit = wordAt(config, file, pos);
  let s: Statement | undefined = hit?.statement;
  if (hit) push(chain, hit.word.range);
  else {
    // Not on a word: the innermost block of the file around the cursor.
    const blocks = fileIndex(config, file).blocks;
    for (let i = blocks.length - 1; i >= 0; i--) {
      const b = blocks[i];
      const r = statementRange(b, file);
      if (inside(pos, r)) {
        s = b;
        break;
      }
    }
    if (!s) return [{ start: pos, end: pos }];
    push(chain, { start: pos, end: pos });
  }
  for (; s && s.keyword.file === file; s = s.parent) {
    if (hit && s === hit.statement) push(chain, headRange(s, file));
    push(chain, statementRange(s, file));
  }
  return chain;
}

export function snippetSelection(snippet: SnippetFile, pos: Position): SelectionChain {
  const chain: Range[] = [];
  const facts: { loc: { range: Range }; tokens: ({ loc: { range: Range } } | undefined)[] }[] = [
    ...snippet.sysctls.map((f) => ({ loc: f.loc, tokens: [f.keyToken, f.valueToken] })),
    ...snippet.addresses.map((f) => ({ loc: f.loc, tokens: [f.addressToken, f.prefixToken, f.deviceToken, f.broadcast] })),
    ...snippet.routes.map((f) => ({ loc: f.loc, tokens: [f.destination, f.device] })),
    ...snippet.arpRules.map((f) => ({ loc: f.loc, tokens: [f.chain, f.source, f.destination, f.target, f.mangleIpS, f.mangleIpD, f.mangleMacS, f.mangleMacD, f.mangleTarget, f.inInterface, f.outInterface] })),
    ...snippet.iptRules.map((f) => ({ loc: f.loc, tokens: [f.chain, f.protocol, f.destination, f.dports, f.target, f.toPorts, f.setMark, f.source, f.inInterface, f.outInterface, f.toDestination] })),
  ];
  let best: (typeof facts)[number] | undefined;
  for (const f of facts) if (inside(pos, f.loc.range) && (!best || contains(best.loc.range, f.loc.range))) best = f;
  if (!best) return [{ start: pos, end: pos }];
  const tok = best.tokens.find((t) => t && inside(pos, t.loc.range) && contains(best!.loc.range, t.loc.range));
  push(chain, tok ? tok.loc.range : { start: pos, end: pos });
  push(chain, best.loc.range);
  return chain;
}
