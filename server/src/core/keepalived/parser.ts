/**
 * The Chevrotain grammar of keepalived.conf, over the tokens of preprocess.ts (one `Line` token per logical
 * line, one token per brace):
 *
 *   file      := ( statement | anonBlock | '}' )*          -- a stray '}' is recorded, never fatal
 *   statement := Line block?                              -- a block's '{' may follow on the next line
 *   block     := '{' ( statement | anonBlock )* '}'?      -- a missing '}' is recorded at the '{'
 *   anonBlock := block                                    -- a '{' with no keyword before it
 *
 * The grammar is LL(1) and accepts every token sequence, so the tree is always complete and errors are
 * structural facts (unclosed, stray) recorded for the rules. Which words open sub-blocks or value blocks is
 * the schema's business (resolve.ts), not the grammar's.
 */
import { EmbeddedActionsParser } from 'chevrotain';
import type { BlockNode, Statement, Word as WordNode } from './ast';
import { allTokens, LCurly, Line, RCurly, type KToken } from './tokens';

class KeepalivedParser extends EmbeddedActionsParser {
  stray: WordNode[] = [];
  unclosed: WordNode[] = [];
  /** Statements of the open blocks, innermost last; each block's body is copied out at its exact length. */
  private stack: Statement[] = [];
  private sp = 0;

  constructor() {
    super(allTokens, { maxLookahead: 1, recoveryEnabled: false, skipValidations: true });
    this.performSelfAnalysis();
  }

  // Alternatives are built once (Chevrotain's "cache the alternatives" advice): the hot loops then allocate
  // nothing per token but the tree itself. `statement` and `anonBlock` are written out in each alternative,
  // not as sub-rules: a rule invocation per statement is most of what Chevrotain costs here.
  private topAlts = [
    {
      // statement := Line block?
      ALT: (): Statement | undefined => {
        const line = this.CONSUME(Line) as KToken;
        const block = this.OPTION(() => this.SUBRULE(this.block));
        if (this.RECORDING_PHASE) return undefined;
        return newStatement(line.word, line.args!, block, false);
      },
    },
    {
      // anonBlock := block
      ALT: (): Statement | undefined => {
        const block = this.SUBRULE2(this.block);
        if (this.RECORDING_PHASE) return undefined;
        return newStatement(block.open, [], block, true);
      },
    },
    {
      ALT: (): Statement | undefined => {
        const t = this.CONSUME(RCurly) as KToken;
        if (!this.RECORDING_PHASE) this.stray.push(t.word);
        return undefined;
      },
    },
  ];
  private innerAlts = [
    {
      ALT: (): Statement => {
        const line = this.CONSUME2(Line) as KToken;
        const block = this.OPTION3(() => this.SUBRULE3(this.block));
        if (this.RECORDING_PHASE) return undefined as unknown as Statement;
        return newStatement(line.word, line.args!, block, false);
      },
    },
    {
      ALT: (): Statement => {
        const block = this.SUBRULE4(this.block);
        if (this.RECORDING_PHASE) return undefined as unknown as Statement;
        return newStatement(block.open, [], block, true);
      },
    },
  ];

  public file = this.RULE('file', (): Statement[] => {
    const out: Statement[] = [];
    this.MANY(() => {
      const s = this.OR(this.topAlts);
      if (s && !this.RECORDING_PHASE) out.push(s);
    });
    return out;
  });

  private block = this.RULE('block', (): BlockNode => {
    const open = this.CONSUME(LCurly) as KToken;
    const base = this.sp;
    this.MANY2(() => {
      const s = this.OR2(this.innerAlts);
      if (!this.RECORDING_PHASE) this.stack[this.sp++] = s;
    });
    const close = this.OPTION2(() => this.CONSUME(RCurly)) as KToken | undefined;
    if (this.RECORDING_PHASE) return undefined as unknown as BlockNode;
    const statements = this.stack.slice(base, this.sp);
    this.sp = base;
    if (close) return { open: open.word, statements, close: close.word };
    this.unclosed.push(open.word);
    return { open: open.word, statements };
  });

  begin(input: KToken[]): void {
    this.stray = [];
    this.unclosed = [];
    this.stack.length = 0;
    this.sp = 0;
    this.input = input;
  }
}

/** Statements are created with all their fields (one hidden class: resolve and the rules stay monomorphic). */
function newStatement(keyword: WordNode, args: WordNode[], block: BlockNode | undefined, anonymous: boolean): Statement {
  return { keyword, args, block, parent: undefined, path: undefined, spec: undefined, valueBlock: undefined, anonymous };
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
  p.begin(tokens);
  const statements = p.file();
  if (p.errors.length) {
    // Unreachable by construction (every token sequence parses).
    throw new Error(`internal parser error: ${p.errors[0].message}`);
  }
  const r = { statements, stray: p.stray, unclosed: p.unclosed };
  p.begin([]);
  return r;
}
