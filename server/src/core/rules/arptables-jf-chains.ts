import type { Rule } from '../lint/rule';
import type { TextEdit } from '../types';
import { fix } from './util';

export const rule: Rule = {
  id: 'arptables-jf-chains',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'suggestion',
  docs: {
    summary: 'arptables rules use the chain names `IN`/`OUT` of Red Hat\'s old arptables_jf, which only RHEL ≤ 5 accepts.',
    rationale:
      'Red Hat\'s arptables_jf (RHEL 4 and 5, the tool of the Red Hat Load Balancer Administration guide §3.2.1: `arptables -A IN -d VIP -j DROP`, `arptables -A OUT -s VIP -j mangle --mangle-ip-s RIP`) named the chains `IN` and `OUT`. The arptables of every later distribution — arptables-legacy and arptables-nft (arptables-nft(8)) — has `INPUT` and `OUTPUT` (and `FORWARD`), and refuses the old names ("chain \'IN\' does not exist"), so the same commands or saved file hide nothing on a newer host.\n\n' +
      'This is information: on RHEL ≤ 5 with arptables_jf the names are right. The rule reports once per file; the fix renames every `IN`/`OUT` chain of the file (rules and, in an arptables-save file, the chain policies).',
    invalid: '# /etc/sysconfig/arptables (arptables-save)\n*filter\n:IN ACCEPT [0:0]\n:OUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n-A IN -d 192.0.2.10 -j DROP\n-A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21\nCOMMIT',
    valid: '# /etc/sysconfig/arptables (arptables-save)\n*filter\n:INPUT ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n-A INPUT -d 192.0.2.10 -j DROP\n-A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21\nCOMMIT',
  },
  checkWorkspace(ctx) {
    for (const f of ctx.snippets) {
      const old = f.arpRules.filter((r) => r.chain && (r.chain.text === 'IN' || r.chain.text === 'OUT'));
      if (!old.length) continue;
      const first = old.find((r) => r.op !== 'P' && r.op !== 'N') ?? old[0];
      const edits: TextEdit[] = [];
      let literal = true;
      for (const r of old) {
        if (r.chain!.fromVariable) literal = false;
        edits.push({ file: f.file, range: r.chain!.loc.range, newText: r.chain!.text === 'IN' ? 'INPUT' : 'OUTPUT' });
      }
      ctx.report({
        at: first.chain!.loc,
        message: `Chain ${first.chain!.text}: \`IN\`/\`OUT\` are arptables_jf's names (RHEL ≤ 5); arptables-legacy and arptables-nft call them INPUT and OUTPUT and reject ${first.chain!.text}, so these rules hide nothing on a newer host.`,
        ...(literal ? { fixes: [fix(`Rename the chains to INPUT/OUTPUT (${old.length} in this file)`, edits)] } : {}),
      });
    }
  },
};
