/**
 * Document links of `include` lines, editor-agnostic: one link per file the pattern matched (keepalived reads each
 * match, in glob order), over the pattern; a pattern that matched nothing (a missing file, an empty glob) gives no
 * link. Read from the analysis of a root that read the file (its include records hold the matches).
 */
import type { ParsedConfig } from '../keepalived/ast';
import type { Range } from '../types';

export interface IncludeLink {
  range: Range;
  target: string;
  tooltip: string;
}

const base = (f: string): string => f.slice(f.lastIndexOf('/') + 1);

export function includeLinks(config: ParsedConfig, file: string): IncludeLink[] {
  const out: IncludeLink[] = [];
  for (const inc of config.includes) {
    if (inc.file !== file) continue;
    const n = inc.targets.length;
    inc.targets.forEach((t, i) => {
      out.push({ range: inc.patternRange, target: t, tooltip: n === 1 ? `Open ${base(t)}` : `Open ${base(t)} (match ${i + 1} of ${n} of \`${inc.pattern}\`)` });
    });
  }
  return out;
}
