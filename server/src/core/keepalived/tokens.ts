/**
 * Chevrotain token types of keepalived.conf. keepalived's lexical unit is the logical line (lib/parser.c
 * read_line → alloc_strvec: a line is split at the first unquoted brace, then into words), so the reader
 * (preprocess.ts) emits one `Line` token per logical line, carrying its words, and one token per brace.
 * The Chevrotain grammar (parser.ts) builds the block structure from them. The `pattern`s below are never
 * used to lex: they document the token shapes.
 */
import { createToken, type IToken } from 'chevrotain';
import type { Word as WordNode } from './ast';

/** The words of one logical line (at least one), between braces and line ends. */
export const Line = createToken({ name: 'Line', pattern: /[^\n{}]+/ });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });

export const allTokens = [Line, LCurly, RCurly];

/**
 * A token as the reader makes it: `word` is a Line's keyword (then `args` are its other words) or a brace.
 * Only the IToken fields the parser reads are set (no `endOffset`): 90k tokens for a 1.4 MB config.
 */
export interface KToken extends IToken {
  word: WordNode;
  args: WordNode[] | undefined;
}
