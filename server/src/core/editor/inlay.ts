/**
 * Inlay hints, editor-agnostic: what keepalived reads that the text does not show. A `$NAME` use shows its value;
 * a virtual server without `protocol`, `lb_kind` or `lb_algo` shows the default keepalived applies (UDP, NAT, wlc);
 * an `auth_pass` over 8 characters shows the 8 keepalived keeps. Only the statements of the requested lines are
 * visited (binary search in the per-file index of editor/context.ts).
 */
import type { ParsedConfig, Statement } from '../keepalived/ast';
import type { Position, Range } from '../types';
import { modelOf, type VirtualServer } from '../model/index';
import { statementsInLines } from './context';

export interface InlayHintData {
  position: Position;
  label: string;
  /** 'value': a value the text stands for; 'default': a value keepalived applies because the text lacks it. */
  kind: 'value' | 'default';
  tooltip?: string;
  paddingLeft?: boolean;
}

const vsCache = new WeakMap<ParsedConfig, Map<Statement, VirtualServer>>();
function virtualServerOf(config: ParsedConfig, s: Statement): VirtualServer | undefined {
  let m = vsCache.get(config);
  if (!m) vsCache.set(config, (m = new Map(modelOf(config).virtualServers.map((vs) => [vs.statement, vs]))));
  return m.get(s);
}

const MAX_VALUE = 40;

/** The defaults keepalived applies to a virtual server that lacks these keywords. */
export const VS_DEFAULTS = [
  { keyword: 'protocol', value: 'UDP', why: 'keepalived defaults to UDP when `protocol` is missing (a TCP service then gets no traffic)' },
  { keyword: 'lb_kind', value: 'NAT', why: 'keepalived uses NAT when neither `lb_kind` nor `lvs_method` is given (ipvsadm defaults to DR)' },
  { keyword: 'lb_algo', value: 'wlc', why: 'keepalived uses the weighted least-connection scheduler when neither `lb_algo` nor `lvs_sched` is given' },
] as const;

export function inlayHints(config: ParsedConfig, file: string, range: Range): InlayHintData[] {
  const out: InlayHintData[] = [];
  for (const u of config.uses) {
    if (u.file !== file || u.range.start.line < range.start.line || u.range.start.line > range.end.line || !u.definition) continue;
    const d = u.definition;
    let v = d.multiline ? d.value.split('\n')[0] + ' …' : d.value;
    if (v.length > MAX_VALUE) v = v.slice(0, MAX_VALUE) + '…';
    out.push({ position: u.range.end, label: `= ${v}`, kind: 'value', tooltip: `$${u.name} is defined at line ${d.location.range.start.line + 1}${d.location.file === file ? '' : ` of ${d.location.file}`}`, paddingLeft: true });
  }
  for (const s of statementsInLines(config, file, range.start.line, range.end.line)) {
    const k = s.keyword.text;
    if (k === 'virtual_server' && s.path === '_top' && s.block) {
      const vs = virtualServerOf(config, s);
      if (!vs) continue;
      const missing = VS_DEFAULTS.filter((d) => !(d.keyword === 'protocol' ? vs.protocol || vs.kind === 'fwmark' : d.keyword === 'lb_kind' ? vs.lbKind : vs.lbAlgo));
      if (!missing.length) continue;
      // After the `{` when it is on the head line, else after the last word of the head.
      const open = s.block.open;
      const last = s.args[s.args.length - 1] ?? s.keyword;
      const at = open.file === file && open.range.start.line === s.keyword.range.start.line ? open.range.end : last.range.end;
      for (const d of missing) out.push({ position: at, label: `${d.keyword} ${d.value} (default)`, kind: 'default', tooltip: d.why, paddingLeft: true });
    } else if (k === 'auth_pass' && s.spec && s.args[0] && s.args[0].text.length > 8) {
      const w = s.args[0];
      out.push({ position: w.range.end, label: `→ ${w.text.slice(0, 8)}`, kind: 'value', tooltip: `keepalived uses only the first 8 characters: "${w.text.slice(0, 8)}"`, paddingLeft: true });
    }
  }
  return out.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
