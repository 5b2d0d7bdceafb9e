/**
 * The keepalived.conf syntax tree. Parsing never fails: every field that input may lack is optional.
 * Every word carries the file and exact range it came from; words produced by `$NAME` substitution or
 * `~SEQ`/`~LST` replay carry their `expansion` (the use site is the range; the definition is named).
 */
import type { Range, Location } from '../types';
import type { KeywordSpec } from '../schema/types';

export interface Expansion {
  /** `$NAME` / `${NAME}` / `~SEQ` variable that produced this text. */
  name: string;
  /** Where the definition lives (absent for predefined `${_...}` names and ~SEQ variables). */
  definition?: Location;
  /** The value it expanded to (first line for multi-line definitions). */
  value: string;
}

export interface Word {
  text: string;
  file: string;
  /** Range of the word in its file (with quotes for quoted words; the `$NAME` use for expanded text). */
  range: Range;
  quoted: boolean;
  expansion?: Expansion;
}

/**
 * The reader's words: positions as numbers, the Range object made on first use (most words are never
 * reported, and a 1.4 MB config has 220k of them).
 */
export class SourceWord implements Word {
  private r?: Range;
  constructor(
    public text: string,
    public file: string,
    private readonly line: number,
    private readonly start: number,
    private readonly end: number,
    public quoted: boolean,
    public expansion?: Expansion,
  ) {}

  get range(): Range {
    return (this.r ??= { start: { line: this.line, character: this.start }, end: { line: this.line, character: this.end } });
  }
}

export interface BlockNode {
  open: Word;
  close?: Word;
  statements: Statement[];
}

export interface Statement {
  /** The first word (the keyword, or the first item of a value-block line). `{` for an anonymous block. */
  keyword: Word;
  args: Word[];
  block?: BlockNode;
  parent?: Statement;
  /** Block path where this statement is read (`_top`, `vrrp_instance`, ...); undefined inside unknown blocks. */
  path?: string;
  /** The keyword's schema entry when it is known in `path`. */
  spec?: KeywordSpec;
  /** When this statement is a line of a value block, the value-block keyword's spec. */
  valueBlock?: KeywordSpec;
  /** A `{` with no keyword before it. */
  anonymous?: boolean;
}

export type IncludeForm = 'include' | 'includer' | 'includem' | 'includew' | 'includeb' | 'includea';

export interface IncludeDirective {
  form: IncludeForm;
  file: string;
  /** Range of the whole `include PATTERN` line and of the pattern word. */
  range: Range;
  patternRange: Range;
  pattern: string;
  /** Absolute files the pattern matched (directories excluded), in glob order. */
  targets: string[];
}

export interface ConditionalLine {
  file: string;
  line: number;
  /** Range of the `@id` / `@^id` prefix. */
  range: Range;
  id: string;
  negated: boolean;
  active: boolean;
}

export interface Definition {
  name: string;
  value: string;
  multiline: boolean;
  location: Location;
  /** Range of the name in the `$NAME=` line. */
  nameRange: Range;
}

export interface VariableUse {
  name: string;
  file: string;
  range: Range;
  definition?: Definition;
}

/** A suppression comment: `# lvs-config-disable-next-line RULE[,RULE]` or `# lvs-config-disable RULE[,RULE]`. */
export interface Directive {
  kind: 'next-line' | 'file';
  /** Rule ids; empty = every rule. */
  rules: string[];
  file: string;
  line: number;
  /** The comment's range (from `#`/`!` to the end of the line). */
  range: Range;
}

export interface LexicalIssue {
  kind:
    | 'unterminated-quote'
    | 'comment-in-word'
    | 'line-too-long'
    | 'nul-byte'
    | 'lone-cr'
    | 'unclosed-brace'
    | 'unmatched-brace'
    | 'invalid-seq'
    | 'expansion-limit'
    | 'nesting-limit'
    | 'include-missing'
    | 'include-empty-glob'
    | 'include-cycle'
    | 'include-not-file'
    | 'include-limit'
    | 'include-unreadable'
    | 'include-in-expansion';
  file: string;
  range: Range;
  message: string;
  related?: Location[];
  /** A softer form of the rule's problem (the rule's default severity otherwise). */
  severity?: 'warning' | 'information';
}

export interface ParsedConfig {
  /** The root file the parse started from. */
  root: string;
  /** Every file read, root first, in include order. */
  files: string[];
  /** Texts of the files read (for fixes and features). */
  texts: Map<string, string>;
  statements: Statement[];
  /** All statements in document order, nested ones included (for rules that scan). */
  all: Statement[];
  includes: IncludeDirective[];
  conditionals: ConditionalLine[];
  definitions: Definition[];
  uses: VariableUse[];
  directives: Directive[];
  issues: LexicalIssue[];
  configId?: string;
  /** How many tokens the reader produced (one per logical line and per brace). */
  tokenCount: number;
}
