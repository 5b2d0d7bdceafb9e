/**
 * Hover in keepalived files: the lexical layer first (`@id` conditional lines: active or not under the current
 * config id, and why; `$NAME` uses: their value and definition), then keywords, arguments and addresses
 * (core/editor/keyword-hover.ts, with the session's cluster model and findings).
 */
import type { Hover, Position } from 'vscode-languageserver/node';
import type { ParsedConfig } from '../core/keepalived/index';
import type { Session } from './session';
import { keywordHoverAt } from '../core/editor/keyword-hover';

function inside(p: Position, r: { start: Position; end: Position }): boolean {
  return (p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character)) && (p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character));
}

export function lexicalHover(config: ParsedConfig, file: string, pos: Position): Hover | null {
  for (const c of config.conditionals) {
    if (c.file !== file || !inside(pos, c.range)) continue;
    const id = config.configId;
    const who = id === undefined ? 'No config id is set (setting `lvsConfig.configId`, CLI `--config-id`), so this file is analysed as keepalived reads it on a host whose id matches no `@` line' : `The config id is \`${id}\``;
    const state = c.active ? '**active**: this line is read' : '**inactive**: keepalived skips this line';
    const rule = c.negated ? `\`@^${c.id}\` lines are read on every host whose config id is not \`${c.id}\`.` : `\`@${c.id}\` lines are read only when the config id (keepalived \`-i\`/\`--config-id\`, default: the host name) is \`${c.id}\`.`;
    return { range: c.range, contents: { kind: 'markdown', value: `${state}\n\n${rule}\n\n${who}.` } };
  }
  for (const u of config.uses) {
    if (u.file !== file || !inside(pos, u.range)) continue;
    const d = u.definition;
    const value = d ? (d.multiline ? '```\n' + d.value + '\n```' : `\`${d.value}\``) : '(predefined)';
    const where = d ? `\n\nDefined at ${d.location.file === file ? '' : d.location.file + ':'}line ${d.location.range.start.line + 1}.` : '';
    return { range: u.range, contents: { kind: 'markdown', value: `\`$${u.name}\` = ${value}${where}` } };
  }
  return null;
}

/** Hover at `pos` of a keepalived file: `@id` lines and `$NAME` uses, else keywords, arguments and addresses. */
export function keepalivedHover(session: Session, config: ParsedConfig, file: string, pos: Position): Hover | null {
  const lexical = lexicalHover(config, file, pos);
  if (lexical) return lexical;
  const h = keywordHoverAt(config, file, pos, {
    targetVersion: session.options.targetVersion,
    cluster: () => session.cluster(),
    findings: (f) => session.snippetFor(f)?.diagnostics ?? [],
  });
  return h ? { range: h.range, contents: { kind: 'markdown', value: h.markdown } } : null;
}
