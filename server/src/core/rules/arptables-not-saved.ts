import type { Rule } from '../lint/rule';
import { clusterOf, profileGroups } from '../cluster/hosts';
import type { PersistAction, SnippetFile } from '../realserver/types';
import { insertLinesAfter } from '../cluster/dr';
import { fix } from './util';

/** `service arptables_jf save`, `arptables-save > f`, `chkconfig arptables_jf on`, `systemctl enable arptables`. */
function savesArptables(p: PersistAction): boolean {
  if (p.phase !== 'setup') return false;
  if (p.what === 'arptables-save') return true;
  return p.what === 'enable-at-boot' && /^arptables/.test(p.subject?.text ?? '');
}

/** A script that the system runs at boot by itself: an rc.local, an init script with a chkconfig or LSB header, a file under init.d / rc.d. */
function runsAtBoot(f: SnippetFile): boolean {
  if (/(^|[/_.-])rc\.local$|(^|\/)(init\.d|rc\d?\.d|rc\.d)\//.test(f.file)) return true;
  return /^#\s*chkconfig:\s*[\d-]+\s|^###\s*BEGIN INIT INFO/m.test(f.text);
}

export const rule: Rule = {
  id: 'arptables-not-saved',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'suggestion',
  docs: {
    summary: 'A script adds arptables rules for a real server but neither saves them nor enables them at boot: they are gone after a reboot.',
    rationale:
      'arptables rules live in the kernel until the next reboot. The Red Hat Load Balancer Administration guide (§3.2.1) follows the rules with `service arptables_jf save` and `chkconfig --level 2345 arptables_jf on`, so that the service restores them at boot; without that, a rebooted real server comes back with the VIP configured (the address is often in an ifcfg file) and nothing hiding it from ARP, and steals the VIP\'s traffic from the director.\n\n' +
      'This is information: what runs at boot usually lives outside the repository (an rc.local that calls the script, a systemd unit, configuration management). A script that saves the rules (`service arptables_jf save`, `arptables-save > FILE`), enables the service (`chkconfig arptables_jf on`, `systemctl enable arptables`), or is itself run at boot (an rc.local, an init script with a `chkconfig:` or LSB header) is not reported, nor are rules in an arptables-save file.\n\n' +
      'Fix: add `service arptables_jf save` after the last rule (RHEL ≤ 6; elsewhere `arptables-save > /etc/sysconfig/arptables` and enable the `arptables` service).',
    invalid: '# realserver.sh\narptables -A INPUT -d 192.0.2.10 -j DROP\narptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21',
    valid: '# realserver.sh\narptables -A INPUT -d 192.0.2.10 -j DROP\narptables -A OUTPUT -s 192.0.2.10 -j mangle --mangle-ip-s 192.0.2.21\nservice arptables_jf save\nchkconfig --level 2345 arptables_jf on',
  },
  checkWorkspace(ctx) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    // The files each file is checked with (a shared script and a host's own files form one host).
    const companions = new Map<string, Set<SnippetFile>>();
    for (const g of profileGroups(cluster)) {
      for (const f of g.profile.files) {
        const set = companions.get(f.file) ?? companions.set(f.file, new Set()).get(f.file)!;
        for (const o of g.profile.files) set.add(o);
      }
    }
    const director = new Set(cluster.directorFiles.map((f) => f.file));
    for (const f of ctx.snippets) {
      if (f.kind !== 'shell' || director.has(f.file)) continue;
      const rules = f.arpRules.filter((r) => r.phase === 'setup' && r.via === 'command' && (r.op === 'A' || r.op === 'I'));
      if (!rules.length || runsAtBoot(f)) continue;
      const files = companions.get(f.file) ?? new Set([f]);
      if ([...files].some((o) => o.persist.some(savesArptables) || (o.kind === 'arptables' && o.arpRules.length > 0))) continue;
      const last = rules[rules.length - 1];
      ctx.report({
        at: rules[0].loc,
        message: `These arptables rules (${rules.length}) are never saved or enabled at boot in the workspace: after a reboot the real server answers ARP for the VIP again, unless something outside the repository restores them.`,
        fixes: [fix('Save the rules for arptables_jf (service arptables_jf save)', [insertLinesAfter(f, last.loc, ['service arptables_jf save'])])],
      });
    }
  },
};
