/**
 * Real-server files: parse one file of a known kind into its facts (see types.ts).
 */
import type { SnippetFile, SnippetKind } from './types';
import { emptySnippet } from './common';
import { parseSysctl } from './sysctl';
import { parseRuleSave } from './savefile';
import { parseIfcfg } from './ifcfg';
import { parseShell } from './shell';

export type * from './types';

type Parser = (file: string, text: string) => SnippetFile;

/** The parser of each kind. */
const PARSERS: Partial<Record<SnippetKind, Parser>> = {
  sysctl: parseSysctl,
  ifcfg: parseIfcfg,
  shell: parseShell,
  arptables: (file, text) => parseRuleSave(file, text, 'arptables'),
  iptables: (file, text) => parseRuleSave(file, text, 'iptables'),
};

/**
 * Parse a real-server file. Never throws: a parser that fails yields no facts and `parseError`, which the
 * analysis reports as one internal-error diagnostic on the file.
 */
export function parseSnippet(file: string, text: string, kind: SnippetKind): SnippetFile {
  const parse = PARSERS[kind];
  if (!parse) return emptySnippet(file, kind, text);
  try {
    return parse(file, text);
  } catch (e) {
    return { ...emptySnippet(file, kind, text), parseError: e instanceof Error ? e.message : String(e) };
  }
}
