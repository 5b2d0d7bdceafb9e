/**
 * keepalived.conf front end: read (preprocess.ts) → parse (parser.ts, Chevrotain) → resolve (resolve.ts).
 */
import type { Host } from '../host';
import type { ParsedConfig } from './ast';
import { parseTokens, type TreeResult } from './parser';
import type { LexicalIssue } from './ast';
import { Preprocessor, type PreprocessOptions } from './preprocess';
import { resolveTree } from './resolve';

export * from './ast';

export interface ParseOptions extends PreprocessOptions {
  /** Called after each stage (for the benchmark's breakdown). */
  onStage?: (stage: 'read' | 'parse' | 'resolve') => void;
}

/** Parse a keepalived config from its root file, following includes through the host. Never throws on input. */
export function parseConfig(root: string, text: string, host: Host, options: ParseOptions = {}): ParsedConfig {
  const pre = new Preprocessor(host, options);
  pre.readFile(root, text);
  const r = pre.result();
  options.onStage?.('read');
  const tree = parseTokens(r.tokens);
  options.onStage?.('parse');
  r.issues.push(...braceIssues(tree));
  const all: ParsedConfig['all'] = [];
  resolveTree(tree.statements, all);
  options.onStage?.('resolve');
  return {
    root,
    files: r.files,
    texts: r.texts,
    statements: tree.statements,
    all,
    includes: r.includes,
    conditionals: r.conditionals,
    definitions: r.definitions,
    uses: r.uses,
    directives: r.directives,
    issues: r.issues,
    configId: options.configId,
    tokenCount: r.tokens.length,
  };
}

/** The parser's structural findings (stray `}`, unclosed `{`) as lexical issues for the rules. */
export function braceIssues(tree: TreeResult): LexicalIssue[] {
  return [
    ...tree.stray.map((w): LexicalIssue => ({
      kind: 'unmatched-brace',
      file: w.file,
      range: w.range,
      message: "Extra '}': there is no open block to close. keepalived reports \"Extra '}' found\" and ignores it. Remove it, or look above for a block closed too early.",
    })),
    ...tree.unclosed.map((w): LexicalIssue => ({
      kind: 'unclosed-brace',
      file: w.file,
      range: w.range,
      message: "This '{' is never closed: the block runs to the end of the file and everything after it is read inside it. Add the missing '}'.",
    })),
  ];
}
