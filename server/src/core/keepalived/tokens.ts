/**
 * Chevrotain token types of keepalived.conf. The text is scanned by the hand-written reader in
 * preprocess.ts (keepalived's line pipeline: comments, `@id`, `$NAME`, `~SEQ`, include, brace splitting)
 * which creates these tokens directly; the Chevrotain parser (parser.ts) builds the tree from them.
 * The `pattern`s below are never used to lex: they document the token shapes.
 */
import { createToken, type IToken } from 'chevrotain';
import type { Word as WordNode } from './ast';

export const Word = createToken({ name: 'Word', pattern: /[^\s{}"]+/ });
export const QuotedString = createToken({ name: 'QuotedString', pattern: /"[^"]*"?/ });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
/** End of a logical line (keepalived statements never span lines). */
export const EOL = createToken({ name: 'EOL', pattern: /\n/ });

export const allTokens = [Word, QuotedString, LCurly, RCurly, EOL];

/** A token as the reader makes it: the syntax-tree word travels with it. */
export interface KToken extends IToken {
  payload: WordNode;
}
