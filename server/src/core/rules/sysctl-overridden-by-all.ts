import type { Rule } from '../lint/rule';
import type { Fix } from '../types';
import type { SysctlSetting } from '../realserver/types';
import { clusterOf, lastSetting } from '../cluster/hosts';
import { allSetting, hostsLabel, locKey, replaceValue, where, unitsOf } from '../cluster/arp-hiding';

/** The settings the kernel combines as max(conf/all, conf/IFACE). */
const MAX_NAMES = ['arp_ignore', 'arp_announce', 'rp_filter'];

export const rule: Rule = {
  id: 'sysctl-overridden-by-all',
  category: 'semantic',
  defaultSeverity: 'warning',
  fix: 'suggestion',
  docs: {
    summary: 'A per-interface `arp_ignore`, `arp_announce` or `rp_filter` lower than the value of `all`: the kernel uses the maximum, so the interface value has no effect.',
    rationale:
      'For `arp_ignore`, `arp_announce` and `rp_filter` the kernel uses **max(conf/all, conf/IFACE)** on an interface (Documentation/networking/ip-sysctl.rst: "The max value from conf/{all,interface}/… is used"). A per-interface value can only raise what `all` sets, never lower it: with `net.ipv4.conf.all.rp_filter = 1`, `net.ipv4.conf.tunl0.rp_filter = 0` leaves strict reverse-path filtering on tunl0, and the TUN real server drops the tunnelled packets whose reply route leaves by eth0. Blog posts that say "the interface value wins, `all` is the fallback" have it backwards.\n\n' +
      'The rule reads the settings a host applies (sysctl.d files in systemd\'s order, then the setup part of scripts) and reports an interface setting lower than the last `all` value. It needs no director: a sysctl file or script opened alone is checked too.\n\n' +
      'Fix (a suggestion: it changes every interface): lower `all` to the interface\'s value, or remove the interface line if the higher value is wanted.',
    invalid: '# sysctl.d/90-lvs-tun.conf\nnet.ipv4.conf.all.rp_filter = 1\nnet.ipv4.conf.tunl0.rp_filter = 0',
    valid: '# sysctl.d/90-lvs-tun.conf\nnet.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.tunl0.rp_filter = 0',
  },
  checkWorkspace(ctx) {
    if (!ctx.snippets.length) return;
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const found = new Map<string, { s: SysctlSetting; all: SysctlSetting; hosts: Set<string> }>();
    for (const g of unitsOf(cluster)) {
      const p = g.profile;
      for (const s of p.sysctls) {
        if (!s.conf || s.conf.family !== 4 || !MAX_NAMES.includes(s.conf.name) || s.numeric === undefined) continue;
        const iface = s.conf.iface;
        if (iface === 'all' || iface === 'default' || iface === 'lo' || iface.includes('*')) continue;
        if (lastSetting(p, iface, s.conf.name) !== s) continue; // a later line decides this interface
        const all = allSetting(p, s.conf.name);
        if (!all || all.numeric === undefined || all.numeric <= s.numeric) continue;
        const key = locKey(s.valueToken.loc);
        let f = found.get(key);
        if (!f) found.set(key, (f = { s, all, hosts: new Set() }));
        for (const h of g.hosts) f.hosts.add(h.address);
      }
    }
    for (const { s, all, hosts } of found.values()) {
      const name = s.conf!.name;
      const iface = s.conf!.iface;
      const fixes: Fix[] = [];
      const e = replaceValue(all, s.numeric!);
      if (e) fixes.push({ title: `Set net.ipv4.conf.all.${name} = ${s.numeric} too (changes every interface)`, edits: [e] });
      const who = hosts.size ? ` on ${hostsLabel([...hosts].map((address) => ({ address })))}` : '';
      ctx.report({
        at: s.valueToken.loc,
        message: `${iface}.${name} = ${s.numeric} has no effect${who}: the kernel uses max(all, ${iface}), and all.${name} is ${all.numeric} (${where(all.loc)}), so ${iface} keeps ${all.numeric}.`,
        related: [{ location: all.valueToken.loc, message: `all.${name} = ${all.numeric} decides ${iface}` }],
        fixes,
      });
    }
  },
};
