/**
 * The Chevrotain grammar of keepalived.conf, over the tokens of preprocess.ts:
 *
 *   file      := ( EOL | statement | anonBlock | '}' )*          -- a stray '}' is reported, never fatal
 *   statement := WORD ( WORD )* block?                            -- WORD = Word | QuotedString
 *   block     := '{' ( EOL | statement | anonBlock )* '}'?        -- a missing '}' is reported at the '{'
 *
 * The grammar is LL(1) and cannot fail: every token sequence is a sentence, so the tree is always complete
 * and errors are structural facts (unclosed, stray) recorded as issues. Keyword meaning (which words open
 * sub-blocks, which take value blocks) is the schema's business (resolve.ts), not the grammar's.
 */
import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { BlockNode, Statement, Word as WordNode } from './ast';
import { allTokens, EOL, LCurly, QuotedString, RCurly, Word, type KToken } from './tokens';

function w(t: IToken): WordNode {
  return (t as KToken).payload;
}

class KeepalivedParser extends EmbeddedActionsParser {
  stray: WordNode[] = [];
  unclosed: WordNode[] = [];

  constructor() {
    super(allTokens, { maxLookahead: 1, recoveryEnabled: false, skipValidations: true });
    this.performSelfAnalysis();
  }

  public file = this.RULE('file', (): Statement[] => {
    const out: Statement[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(EOL) },
        {
          ALT: () => {
            const t = this.CONSUME(RCurly);
            this.ACTION(() => this.stray.push(w(t)));
          },
        },
        {
          ALT: () => {
            const s = this.SUBRULE(this.statement);
            this.ACTION(() => out.push(s));
          },
        },
        {
          ALT: () => {
            const s = this.SUBRULE(this.anonBlock);
            this.ACTION(() => out.push(s));
          },
        },
      ]);
    });
    return out;
  });

  private statement = this.RULE('statement', (): Statement => {
    const head = this.OR([{ ALT: () => this.CONSUME(Word) }, { ALT: () => this.CONSUME(QuotedString) }]);
    const args: IToken[] = [];
    this.MANY(() => {
      const a = this.OR2([{ ALT: () => this.CONSUME2(Word) }, { ALT: () => this.CONSUME2(QuotedString) }]);
      args.push(a);
    });
    const block = this.OPTION(() => this.SUBRULE(this.block));
    return this.ACTION(() => {
      const s: Statement = { keyword: w(head), args: args.map(w) };
      if (block) s.block = block;
      return s;
    });
  });

  private anonBlock = this.RULE('anonBlock', (): Statement => {
    const block = this.SUBRULE(this.block);
    return this.ACTION(() => ({ keyword: block.open, args: [], block, anonymous: true }));
  });

  private block = this.RULE('block', (): BlockNode => {
    const open = this.CONSUME(LCurly);
    const body: Statement[] = [];
    this.MANY(() => {
      this.OR([
        { ALT: () => this.CONSUME(EOL) },
        {
          ALT: () => {
            const s = this.SUBRULE(this.statement);
            this.ACTION(() => body.push(s));
          },
        },
        {
          ALT: () => {
            const s = this.SUBRULE(this.anonBlock);
            this.ACTION(() => body.push(s));
          },
        },
      ]);
    });
    const close = this.OPTION(() => this.CONSUME(RCurly));
    return this.ACTION(() => {
      const b: BlockNode = { open: w(open), statements: body };
      if (close) b.close = w(close);
      else this.unclosed.push(w(open));
      return b;
    });
  });
}

let instance: KeepalivedParser | undefined;

export interface TreeResult {
  statements: Statement[];
  /** `}` with no open block. */
  stray: WordNode[];
  /** `{` never closed (innermost last). */
  unclosed: WordNode[];
}

export function parseTokens(tokens: KToken[]): TreeResult {
  const p = (instance ??= new KeepalivedParser());
  p.stray = [];
  p.unclosed = [];
  p.input = tokens;
  const statements = p.file();
  if (p.errors.length) {
    // Unreachable by construction (every token sequence parses); keep the tree anyway.
    throw new Error(`internal parser error: ${p.errors[0].message}`);
  }
  return { statements, stray: p.stray, unclosed: p.unclosed };
}
