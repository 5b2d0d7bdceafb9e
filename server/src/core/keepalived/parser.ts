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

  constructor() {
    super(allTokens, { maxLookahead: 1, recoveryEnabled: false, skipValidations: true });
    this.performSelfAnalysis();
  }

  // Alternatives are built once (Chevrotain's "cache the alternatives" advice): the hot loops then allocate
  // nothing per token but the tree itself.
  private topAlts = [
    { ALT: (): Statement | undefined => this.SUBRULE(this.statement) },
    { ALT: (): Statement | undefined => this.SUBRULE(this.anonBlock) },
    {
      ALT: (): Statement | undefined => {
        const t = this.CONSUME(RCurly) as KToken;
        if (!this.RECORDING_PHASE) this.stray.push(t.brace!);
        return undefined;
      },
    },
  ];
  private innerAlts = [
    { ALT: (): Statement => this.SUBRULE2(this.statement) },
    { ALT: (): Statement => this.SUBRULE2(this.anonBlock) },
  ];

  public file = this.RULE('file', (): Statement[] => {
    const out: Statement[] = [];
    this.MANY(() => {
      const s = this.OR(this.topAlts);
      if (s && !this.RECORDING_PHASE) out.push(s);
    });
    return out;
  });

  private statement = this.RULE('statement', (): Statement => {
    const line = this.CONSUME(Line) as KToken;
    const block = this.OPTION(() => this.SUBRULE(this.block));
    if (this.RECORDING_PHASE) return undefined as unknown as Statement;
    return newStatement(line.keyword!, line.args!, block, false);
  });

  private anonBlock = this.RULE('anonBlock', (): Statement => {
    const block = this.SUBRULE3(this.block);
    if (this.RECORDING_PHASE) return undefined as unknown as Statement;
    return newStatement(block.open, [], block, true);
  });

  private block = this.RULE('block', (): BlockNode => {
    const open = this.CONSUME(LCurly) as KToken;
    const body: Statement[] = [];
    this.MANY2(() => {
      const s = this.OR2(this.innerAlts);
      if (!this.RECORDING_PHASE) body.push(s);
    });
    const close = this.OPTION2(() => this.CONSUME(RCurly)) as KToken | undefined;
    if (this.RECORDING_PHASE) return undefined as unknown as BlockNode;
    const b: BlockNode = { open: open.brace!, statements: body };
    if (close) b.close = close.brace!;
    else this.unclosed.push(b.open);
    return b;
  });
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
  p.stray = [];
  p.unclosed = [];
  p.input = tokens;
  const statements = p.file();
  if (p.errors.length) {
    // Unreachable by construction (every token sequence parses).
    throw new Error(`internal parser error: ${p.errors[0].message}`);
  }
  p.input = [];
  return { statements, stray: p.stray, unclosed: p.unclosed };
}
