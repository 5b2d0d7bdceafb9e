import type { Rule } from '../lint/rule';
import type { Location, RelatedInfo } from '../types';
import { isDirectorFile } from '../cluster/hosts';
import type { AddressAssignment, IptRule, SnippetFile, SysctlSetting } from '../realserver/types';

/** Settings that decide whether LVS direct routing works on a real server (or forwarding on a NAT director). */
const LVS_CONF = new Set(['arp_ignore', 'arp_announce', 'rp_filter']);

function lvsSysctl(s: SysctlSetting): boolean {
  return (s.conf !== undefined && LVS_CONF.has(s.conf.name)) || s.key === 'net.ipv4.ip_forward';
}

/**
 * A script that the system runs at boot by itself: rc.local, or an init script (chkconfig or LSB header, or kept
 * under init.d / rc.d). Whether it is enabled lives outside the repository; we take its shape as the intent.
 */
export function runsAtBoot(f: SnippetFile): boolean {
  const base = f.file.slice(f.file.lastIndexOf('/') + 1);
  if (base === 'rc.local' || /(^|\/)(init\.d|rc\.d|rc\d\.d)\//.test(f.file)) return true;
  return /^#\s*chkconfig:\s*\S+/m.test(f.text) || /^### BEGIN INIT INFO/m.test(f.text);
}

function describe(s: SysctlSetting | AddressAssignment | IptRule): string {
  if ('key' in s) return `${s.key} = ${s.valueToken.text}`;
  if ('address' in s && 'device' in s) return `${s.address}/${s.prefix} on ${s.label ?? s.device}`;
  return `iptables ${s.table} ${s.chain?.text ?? ''} ${s.target?.text ?? ''}`.replace(/\s+/g, ' ').trim();
}

function isBefore(a: Location, b: Location): boolean {
  return a.range.start.line < b.range.start.line || (a.range.start.line === b.range.start.line && a.range.start.character < b.range.start.character);
}

/** The workspace file a `sysctl -p [FILE]` loads (default /etc/sysctl.conf), matched by path suffix. */
function loadedFile(subject: string | undefined, snippets: readonly SnippetFile[]): SnippetFile | undefined {
  const want = subject ?? '/etc/sysctl.conf';
  const tail = want.replace(/^\/+/, '');
  return snippets.find((s) => s.kind === 'sysctl' && (s.file.endsWith('/' + tail) || s.file.endsWith('/' + tail.slice(tail.lastIndexOf('/') + 1)) && tail.includes('sysctl.conf')));
}

export const rule: Rule = {
  id: 'runtime-only-setting',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'none',
  docs: {
    summary: 'LVS settings applied only at run time by a script (`echo > /proc/sys/...`, `sysctl -w`, `ip addr add`, `iptables -A`) that nothing in the workspace runs at boot, or that a later `sysctl -p` undoes.',
    rationale:
      'Writing `/proc/sys`, `sysctl -w`, `ip addr add` and `iptables -A` change the running kernel only: after a reboot the real server comes back without its VIP on `lo` and with `arp_ignore`/`arp_announce` at 0, and answers ARP for the VIP until someone runs the script again (a failure that waits for the next maintenance window). Almost every real-server script in the wild works this way (shared/samples/wild README: "Runtime-only ARP settings"). What runs a script at boot (a systemd unit, rc.local, cron `@reboot`, configuration management) usually lives outside the repository, so this is information, reported once per script: persist the settings (a `sysctl.d` file, an `ifcfg-lo:N` file, `iptables-save` to the file the iptables service loads), or make sure the script runs at boot. Scripts that are init scripts themselves (a `# chkconfig:` or LSB `### BEGIN INIT INFO` header, under `init.d/`) or `rc.local` are taken as running at boot. The finding becomes a **warning** where the workspace shows the setting is lost: a later `sysctl -p` in the same script re-applies a sysctl file of the workspace that sets the same key to another value (`sysctl -p` loads `/etc/sysctl.conf` when no file is named).',
    invalid:
      '#!/bin/sh\n# realserver.sh, run by hand after each reboot\nVIP=192.0.2.10\nip addr add $VIP/32 dev lo\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\necho 2 > /proc/sys/net/ipv4/conf/all/arp_announce',
    valid:
      '#!/bin/sh\n# chkconfig: 2345 80 20\n# realserver: LVS-DR real server (init script)\nVIP=192.0.2.10\ncase "$1" in\nstart)\n    ip addr add $VIP/32 dev lo\n    echo 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\n    echo 2 > /proc/sys/net/ipv4/conf/all/arp_announce\n    ;;\nstop)\n    ip addr del $VIP/32 dev lo\n    ;;\nesac',
    exampleFile: 'realserver.sh',
  },
  checkWorkspace(ctx) {
    for (const f of ctx.snippets) {
      if (f.kind !== 'shell') continue;
      const sysctls = f.sysctls.filter((s) => s.phase === 'setup' && s.persistence === 'runtime' && lvsSysctl(s));
      const loads = f.persist.filter((p) => p.what === 'sysctl-load' && p.phase === 'setup');
      // Warnings: a later `sysctl -p` re-applies a workspace file that sets the key to another value.
      const lost = new Set<SysctlSetting>();
      for (const s of sysctls) {
        for (const p of loads) {
          if (!isBefore(s.loc, p.loc)) continue;
          const file = loadedFile(p.subject?.text, ctx.snippets);
          const reset = file?.sysctls.filter((x) => x.key === s.key && x.phase === 'setup').pop();
          if (!file || !reset || reset.valueToken.text === s.valueToken.text) continue;
          lost.add(s);
          ctx.report({
            at: s.valueToken.loc,
            severity: 'warning',
            message: `\`${s.key} = ${s.valueToken.text}\` is undone on line ${p.loc.range.start.line + 1}: \`sysctl -p${p.subject ? ' ' + p.subject.text : ''}\` re-applies ${file.file.slice(file.file.lastIndexOf('/') + 1)}, which sets it to ${reset.valueToken.text}. Put the value in that file instead (or drop the \`sysctl -p\`).`,
            related: [
              { location: p.loc, message: 'sysctl -p here' },
              { location: reset.loc, message: `${reset.key} = ${reset.valueToken.text}` },
            ],
          });
          break;
        }
      }
      if (runsAtBoot(f) || isDirectorFile(f)) continue;
      const addresses = f.addresses.filter((a) => a.phase === 'setup' && a.persistence === 'runtime');
      const saved = f.persist.some((p) => p.what === 'iptables-save' && p.phase === 'setup');
      const rules = saved ? [] : f.iptRules.filter((r) => r.phase === 'setup' && r.persistence === 'runtime' && !r.permanent && r.target?.text === 'REDIRECT');
      const facts = [...sysctls.filter((s) => !lost.has(s)), ...addresses, ...rules].sort((a, b) => (isBefore(a.loc, b.loc) ? -1 : isBefore(b.loc, a.loc) ? 1 : 0));
      if (!facts.length) continue;
      const related: RelatedInfo[] = facts.slice(1, 12).map((x) => ({ location: x.loc, message: describe(x) }));
      const first = facts[0];
      ctx.report({
        at: first.loc,
        message: `${facts.length === 1 ? 'This setting lasts' : `These ${facts.length} settings (${[...new Set(facts.map(describe))].slice(0, 4).join(', ')}${facts.length > 4 ? ', ...' : ''}) last`} until the next reboot: the script changes the running kernel only, and nothing in the workspace runs it at boot. Persist ${facts.length === 1 ? 'it' : 'them'} (a sysctl.d file, an ifcfg-lo file, iptables-save) or run the script at boot (a systemd unit, rc.local).`,
        related,
      });
    }
  },
};
