import type { Statement } from '../keepalived/ast';
import type { Rule } from '../lint/rule';
import type { FamilyMismatch, VrrpInstance } from '../model/index';
import { modelOf } from '../model/index';
import type { Fix, TextEdit } from '../types';
import { fix, insertFirstLine, insertLineAfter, linesOf, removeStatementLine, statementText } from './util';

const fam = (f: 4 | 6): string => (f === 4 ? 'IPv4' : 'IPv6');

export const rule: Rule = {
  id: 'vip-family-mismatch',
  category: 'semantic',
  defaultSeverity: 'error',
  fix: 'suggestion',
  scope: 'block',
  docs: {
    summary: 'An address of a `vrrp_instance` whose family (IPv4/IPv6) is not the instance\'s: keepalived skips it.',
    rationale:
      'A VRRP instance speaks one address family, and its adverts carry the VIPs of that family. keepalived takes the family from the first address it reads in the instance, whichever comes first of a `virtual_ipaddress` entry, `unicast_src_ip`, `mcast_src_ip` and a `unicast_peer` entry (keepalived/vrrp/vrrp_parser.c), and skips every later address of the other family: a VIP with "(VI_1): address family must match VRRP instance [2001:db8::10/64] - ignoring", a source or peer address with "Configuration error: VRRP instance[VI_1] and unicast peer address[10.0.0.2] MUST be of the same family !!! Skipping..." (keepalived 2.2.7 --config-test, exit status 5). The skipped VIP is never added on the MASTER, so a virtual server on it gets no traffic; a skipped peer never receives adverts. `virtual_ipaddress_excluded` takes addresses of either family (they are not carried in adverts; keepalived.conf(5): "Can also be used if you want to be able to add a mixture of IPv4 and IPv6 addresses, since all addresses in virtual_ipaddress must be of the same family"), which is how a dual-stack VIP set is written; otherwise use one instance per family. The fix moves a skipped VIP into `virtual_ipaddress_excluded`. Note that unicast addresses written before the VIPs set the family too: IPv6 VIPs after an IPv4 `unicast_src_ip` are all skipped.',
    invalid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n        2001:db8::10/64 dev eth0\n    }\n}',
    valid:
      'vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        192.0.2.10/24 dev eth0\n    }\n    virtual_ipaddress_excluded {\n        2001:db8::10/64 dev eth0\n    }\n}',
  },
  check(ctx) {
    for (const inst of modelOf(ctx.config).instances) {
      const from = inst.familyFrom;
      if (!from) continue;
      const setBy = `${from.address.word.text} (\`${from.keyword}\`) comes first and makes it ${fam(inst.family)}`;
      for (const m of inst.familyMismatches) {
        const a = m.address;
        const related = [{ location: { file: from.address.word.file, range: from.address.word.range }, message: `the address that sets the instance's family (${fam(inst.family)})` }];
        if (m.keyword === 'virtual_ipaddress') {
          ctx.report({
            at: a.word,
            message: `VIP ${a.word.text} is ${fam(a.family)}, but instance ${inst.name || '(unnamed)'} is ${fam(inst.family)}: ${setBy}. keepalived skips the VIP ("(${inst.name}): address family must match VRRP instance [${a.word.text}] - ignoring"), so it is never added. Put addresses of the other family in \`virtual_ipaddress_excluded\` (any family, not carried in adverts) or in an instance of their own.`,
            fixes: moveToExcluded(inst, m, ctx.config.texts.get(m.statement.keyword.file)),
            related,
          });
        } else {
          const what = m.keyword === 'unicast_peer' ? 'unicast peer address' : 'src address';
          ctx.report({
            at: a.word,
            message: `\`${m.keyword}\` ${a.word.text} is ${fam(a.family)}, but instance ${inst.name || '(unnamed)'} is ${fam(inst.family)}: ${setBy}. keepalived skips it ("Configuration error: VRRP instance[${inst.name}] and ${what}[${a.word.text}] MUST be of the same family !!! Skipping..."). Use ${fam(inst.family)} addresses for the VRRP transport, or move the ${fam(a.family)} VIPs to \`virtual_ipaddress_excluded\` or to an instance of their own.`,
            related,
          });
        }
      }
    }
  },
};

/** Move a skipped VIP line into the instance's `virtual_ipaddress_excluded` block (created after the VIP block when absent). */
function moveToExcluded(inst: VrrpInstance, m: FamilyMismatch, text: string | undefined): Fix[] {
  const line = statementText(m.statement, text);
  const remove = removeStatementLine(m.statement, text);
  const vipBlock = m.statement.parent;
  // Only lines inside `virtual_ipaddress { }` (not the brace-less form, whose parent is the instance).
  if (!line || !remove || !text || vipBlock?.spec?.name !== 'virtual_ipaddress' || !vipBlock.block || vipBlock.keyword.file !== m.statement.keyword.file) return [];
  let insert: TextEdit | undefined;
  const excluded = inst.statement.block!.statements.filter((s): s is Statement & { block: NonNullable<Statement['block']> } => s.spec?.name === 'virtual_ipaddress_excluded' && !s.valueBlock && !!s.block);
  const target = excluded[excluded.length - 1];
  if (target) {
    const lines = target.block.statements.filter((c) => c.valueBlock && !c.anonymous);
    const lastLine = lines[lines.length - 1];
    insert = lastLine ? insertLineAfter(lastLine, text, line) : insertFirstLine(target, text, line);
  } else {
    const close = vipBlock.block.close;
    if (!close || close.file !== vipBlock.keyword.file || close.expansion || /\r(?!\n)/.test(text)) return [];
    const lines = linesOf(text);
    const cl = close.range.end.line;
    if (!/^[ \t]*([#!].*)?\r?$/.test((lines[cl] ?? 'x').slice(close.range.end.character)) || cl + 1 >= lines.length) return [];
    const eol = lines[cl].endsWith('\r') ? '\r\n' : '\n';
    const outer = /^[ \t]*/.exec(lines[vipBlock.keyword.range.start.line] ?? '')![0];
    const inner = /^[ \t]*/.exec(lines[m.statement.keyword.range.start.line] ?? '')![0];
    const at = { line: cl + 1, character: 0 };
    insert = { file: close.file, range: { start: at, end: at }, newText: `${outer}virtual_ipaddress_excluded {${eol}${inner}${line}${eol}${outer}}${eol}` };
  }
  if (!insert || insert.file !== remove.file) return [];
  return [fix('Move the address to `virtual_ipaddress_excluded`', [remove, insert], true)];
}
