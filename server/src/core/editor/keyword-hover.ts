/**
 * Hover in keepalived files, editor-agnostic: for a keyword its meaning (keepalived.conf(5), generated into
 * schema/keyword-docs.generated.ts, else the schema's own line), arguments, range, default and version; for an
 * argument its type and, for enum words, what the value means; for an address (VIP, virtual or real server) where
 * the cluster uses it and how each real server hides it from ARP (cluster/describe.ts). Reads the last analysis:
 * the statement under the cursor is found by binary search in a per-file index (editor/context.ts).
 */
import type { ParsedConfig, Statement, Word } from '../keepalived/ast';
import type { Diagnostic, Position, Range } from '../types';
import type { ArgSpec, KeywordSpec } from '../schema/index';
import { modelOf, readAddress, type DefinitionKind, type NamedBlock } from '../model/index';
import { describeAddress } from '../cluster/describe';
import type { LvsCluster } from '../cluster/hosts';
import { wordAt } from './context';
import { VALUE_MEANINGS } from './keyword-docs';
import { keywordMarkdown, typeDescription } from './completion';

export interface HoverResult {
  range: Range;
  markdown: string;
}

export interface KeywordHoverOptions {
  targetVersion?: string;
  /** The workspace's cluster model (addresses); a function is called only for addresses. */
  cluster?: LvsCluster | (() => LvsCluster);
  /** The workspace's diagnostics per file (ARP-hiding findings of real servers). */
  findings?: (file: string) => readonly Diagnostic[];
}

function argOf(spec: KeywordSpec, index: number): ArgSpec | undefined {
  const args = spec.shape === 'block' || spec.shape === 'valueBlock' ? (spec.headArgs ?? []) : spec.args;
  return args[index];
}

function addressMarkdown(w: Word, opts: KeywordHoverOptions): string | undefined {
  if (!opts.cluster) return undefined;
  const a = readAddress(w, w.text.replace(/\/\d+$/, ''));
  if (!a) return undefined;
  return describeAddress(typeof opts.cluster === 'function' ? opts.cluster() : opts.cluster, a.key, opts.findings);
}

const DEFINITION_KINDS: readonly string[] = ['vrrp_instance', 'vrrp_sync_group', 'vrrp_script', 'track_file', 'vrrp_track_process', 'bfd_instance', 'virtual_server_group'];

const fileLine = (w: Word): string => `${w.file.slice(w.file.lastIndexOf('/') + 1)}:${w.range.start.line + 1}`;

/** A named definition: where it is, its first lines, and who references it. */
function definitionMarkdown(config: ParsedConfig, kind: DefinitionKind, name: string, fromReference: boolean): string | undefined {
  const m = modelOf(config);
  const def: NamedBlock | undefined = m.byName[kind].get(name);
  const refs = m.references.filter((r) => r.target === kind && r.word.text === name);
  if (!def) return fromReference ? `\`${name}\`: no \`${kind}\` of this name is defined (keepalived ignores the reference).` : undefined;
  const lines = [`\`${kind} ${name}\` (${fileLine(def.statement.keyword)})`];
  const body = def.statement.block?.statements ?? [];
  if (body.length) {
    lines.push('```keepalived', ...body.slice(0, 6).map((st) => `${statementLabel(st)}${st.block ? ' { … }' : ''}`), ...(body.length > 6 ? ['…'] : []), '```');
  }
  if (refs.length) {
    const where = refs.slice(0, 8).map((r) => `- \`${r.keyword}\`${r.owner ? ` of \`${r.owner.name}\`` : ''} (${fileLine(r.word)})`);
    lines.push('', `Referenced ${refs.length} time${refs.length === 1 ? '' : 's'}:`, ...where, ...(refs.length > 8 ? [`- … ${refs.length - 8} more`] : []));
  } else if (kind !== 'vrrp_instance') lines.push('', 'Not referenced anywhere.');
  return lines.join('\n');
}

function statementLabel(s: Statement): string {
  return [s.keyword, ...s.args].map((w) => (w.quoted ? `"${w.text}"` : w.text)).join(' ');
}

/** Hover at `pos` of `file` (a file the analysed config read). */
export function keywordHoverAt(config: ParsedConfig, file: string, pos: Position, opts: KeywordHoverOptions = {}): HoverResult | undefined {
  const hit = wordAt(config, file, pos);
  if (!hit) return undefined;
  const { statement: s, word: w, index } = hit;
  const range = w.range;
  const address = addressMarkdown(w, opts);
  if (s.valueBlock) {
    // A line of a value block: `192.0.2.10/24 dev eth0`, `chk_http weight 10`.
    const vb = s.valueBlock;
    const head = `Line of \`${vb.name} { }\` (${vb.valueLine ?? 'values'})`;
    if (address) return { range, markdown: `${address}\n\n${head}` };
    if (index === 0 && vb.valueRef && DEFINITION_KINDS.includes(vb.valueRef)) {
      const d = definitionMarkdown(config, vb.valueRef as DefinitionKind, w.text, true);
      if (d) return { range, markdown: `${d}\n\n${head}` };
    }
    return { range, markdown: `${head}\n\n${vb.doc}` };
  }
  const spec = s.spec;
  if (index === 0) {
    if (!spec) return undefined;
    return { range, markdown: keywordMarkdown(spec, opts.targetVersion) };
  }
  if (address) return { range, markdown: `${address}\n\n\`${statementLabel(s)}\`` };
  if (spec?.name === 'virtual_server' && index === 2 && s.args[0]?.text === 'group') {
    const d = definitionMarkdown(config, 'virtual_server_group', w.text, true);
    if (d) return { range, markdown: d };
  }
  if (!spec) return undefined;
  const arg = argOf(spec, index - 1);
  if (!arg) return { range, markdown: spec.rest === 'ignored' ? `\`${spec.name}\` takes ${spec.args.length} argument${spec.args.length === 1 ? '' : 's'}: keepalived ignores this word.` : `Argument of \`${spec.name}\`.` };
  const t = arg.type;
  const named = t.kind === 'ref' ? t.target : t.kind === 'name' ? t.defines : undefined;
  if (named && DEFINITION_KINDS.includes(named)) {
    const d = definitionMarkdown(config, named as DefinitionKind, w.text, t.kind === 'ref');
    if (d) return { range, markdown: d };
  }
  const lines = [`\`${arg.name}\` of \`${spec.name}\`${arg.optional ? ' (optional)' : ''}: ${typeDescription(arg.type) || 'free form'}`];
  const meaning = VALUE_MEANINGS[spec.name]?.[w.text];
  if (meaning) lines.push('', `\`${w.text}\`: ${meaning}`);
  if (spec.default !== undefined) lines.push('', `Default: \`${spec.default}\``);
  return { range, markdown: lines.join('\n') };
}
