import type { Rule } from '../lint/rule';
import type { Statement } from '../keepalived/ast';
import type { Fix, Range } from '../types';
import { modelOf, type RealServer } from '../model/index';
import { fix } from './util';

export const rule: Rule = {
  id: 'duplicate-real-server',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'safe',
  scope: 'block',
  docs: {
    summary: 'The same real server (address and port) twice in one `virtual_server`.',
    rationale:
      'IPVS holds one entry per real server address and port in a service. keepalived keeps the first `real_server` block and drops the second ("VS [192.0.2.10]:tcp:80: real server [10.0.0.11]:tcp:80 is duplicated - removing second rs"), with its weight and health checks. Usually the copy was meant for another server whose address was not changed, so that server gets no traffic. In a `fwmark` virtual server the ports of real servers are cleared, so the address alone counts. The quick fix removes the second block, which is what keepalived does anyway; check whether it was meant for another address first.',
    invalid:
      'virtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        weight 1\n    }\n    real_server 10.0.0.11 80 {\n        weight 1\n    }\n}',
    valid:
      'virtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        weight 1\n    }\n    real_server 10.0.0.12 80 {\n        weight 1\n    }\n}',
  },
  check(ctx) {
    const model = modelOf(ctx.config);
    for (const vs of model.virtualServers) {
      const seen = new Map<string, RealServer>();
      for (const rs of vs.realServers) {
        if (!rs.address) continue;
        const port = vs.kind === 'fwmark' ? 0 : (rs.port?.value ?? 0);
        const key = `${rs.address.key} ${port}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, rs);
          continue;
        }
        const at = first.statement.keyword;
        const label = `${rs.address.family === 6 ? `[${rs.address.key}]` : rs.address.key}${vs.kind === 'fwmark' ? '' : `:${port}`}`;
        const fixes: Fix[] = [];
        const whole = wholeLines(rs.statement, ctx.config.texts.get(rs.statement.keyword.file));
        if (whole) fixes.push(fix(`Remove the second \`real_server ${label}\``, [{ file: rs.statement.keyword.file, range: whole, newText: '' }], true));
        ctx.report({
          at: rs.address.word,
          message: `Real server ${label} is already in this virtual server: keepalived reports "real server ... is duplicated - removing second rs" and drops this block, with its weight and checks.`,
          related: [{ location: { file: at.file, range: at.range }, message: `first \`real_server ${label}\`` }],
          fixes,
        });
      }
    }
  },
};

/** The lines of a block statement from its keyword line to its `}` line, when nothing else shares them. */
function wholeLines(s: Statement, text: string | undefined): Range | undefined {
  const close = s.block?.close;
  if (!text || !close || close.file !== s.keyword.file || s.keyword.expansion || close.expansion) return undefined;
  if (/\r(?!\n)/.test(text)) return undefined; // lone CRs: editors count lines differently than split('\n')
  const lines = text.split('\n');
  const kl = s.keyword.range.start.line;
  const cl = close.range.end.line;
  if (!/^[ \t]*$/.test(lines[kl]?.slice(0, s.keyword.range.start.character) ?? 'x')) return undefined;
  if (!/^[ \t]*\r?$/.test(lines[cl]?.slice(close.range.end.character) ?? 'x')) return undefined;
  return cl + 1 < lines.length ? { start: { line: kl, character: 0 }, end: { line: cl + 1, character: 0 } } : { start: { line: kl, character: 0 }, end: { line: cl, character: lines[cl].length } };
}
