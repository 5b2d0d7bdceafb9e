/**
 * Code lenses, editor-agnostic: one line above each virtual server summarising it — forwarding method, scheduler,
 * protocol, how many real servers, and for DR/TUN how many of them lack ARP hiding (from the cluster model and the
 * ARP-hiding rules' findings on those real servers' files: cluster/describe.ts `arpHidingOf`) or are described by no
 * real-server file at all.
 */
import type { ParsedConfig } from '../keepalived/ast';
import type { Diagnostic, Range } from '../types';
import { modelOf } from '../model/index';
import { effectiveMethod } from '../model/lvs';
import type { LvsCluster, RealServerHost } from '../cluster/hosts';
import { arpHidingOf, type ArpHiding } from '../cluster/describe';

export interface CodeLensData {
  range: Range;
  title: string;
  /** Longer text (the real servers lacking ARP hiding). */
  tooltip?: string;
}

export function virtualServerLenses(config: ParsedConfig, file: string, cluster?: LvsCluster, findings?: (file: string) => readonly Diagnostic[]): CodeLensData[] {
  const out: CodeLensData[] = [];
  const memo = new Map<RealServerHost, ArpHiding>();
  const hiding = (h: RealServerHost): ArpHiding => memo.get(h) ?? memo.set(h, arpHidingOf(h, findings)).get(h)!;
  for (const vs of modelOf(config).virtualServers) {
    const head = vs.statement.keyword;
    if (head.file !== file) continue;
    const parts: string[] = [];
    parts.push(vs.lbKind ? vs.lbKind.text : 'NAT (default)');
    parts.push(vs.lbAlgo ? vs.lbAlgo.text : 'wlc (default)');
    if (vs.kind !== 'fwmark') parts.push(vs.protocol ? vs.protocol.text.toUpperCase() : 'UDP (default)');
    const n = vs.realServers.length;
    parts.push(`${n} real server${n === 1 ? '' : 's'}`);
    const tips: string[] = [];
    if (cluster) {
      const direct = new Map<string, RealServerHost>();
      for (const rs of vs.realServers) {
        const m = effectiveMethod(rs);
        if ((m === 'DR' || m === 'TUN') && rs.address) {
          const h = cluster.hosts.get(rs.address.key);
          if (h) direct.set(h.address, h);
        }
      }
      if (direct.size) {
        let lacking = 0;
        let unknown = 0;
        for (const h of direct.values()) {
          const a = hiding(h);
          if (a.hidden === false) {
            lacking++;
            tips.push(`${h.address}: ${a.summary}`);
          } else if (a.hidden === undefined) {
            unknown++;
            tips.push(`${h.address}: ${a.summary}`);
          }
        }
        if (lacking) parts.push(`${lacking} lack${lacking === 1 ? 's' : ''} ARP hiding`);
        if (unknown) parts.push(`${unknown} without real-server files`);
        if (!lacking && !unknown) parts.push('ARP hidden on all');
      }
    }
    const lens: CodeLensData = { range: head.range, title: parts.join(' · ') };
    if (tips.length) lens.tooltip = tips.slice(0, 10).join('\n');
    out.push(lens);
  }
  return out;
}
