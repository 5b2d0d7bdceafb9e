/**
 * The director-side mistakes listed in test/corpus/wild/README.md ("Mistakes seen in the wild" → "Director /
 * keepalived.conf", including "Semantics keepalived does not flag"), each found in the wild file it comes from
 * (SOURCES.tsv / README name the file) by the rule that reports it, on its line. Every entry quotes the README
 * text it stands for, so a README change that drops or renames a mistake shows here.
 *
 * Each file is analysed on its own (analyzeConfig), as a single keepalived.conf. Mistakes that need several files
 * belong to the workspace rules and are not listed: MASTER and BACKUP with the same priority (peer-priority), a VRID
 * shared across clusters (vrid-clash), an ifcfg/real-server VIP the director never defines (real-server rules).
 * NOT_FLAGGED lists the README items deliberately left without a diagnostic, with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfig } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import type { Diagnostic } from '../../server/src/core/types';
import { formatDiagnostic } from '../helpers/annotations';
import { REPO, rel } from '../helpers/fixtures';

const WILD = join(REPO, 'test/corpus/wild');
const README = readFileSync(join(WILD, 'README.md'), 'utf8');
/** The director section with its line breaks and indentation folded to single blanks. */
const DIRECTOR = README.slice(README.indexOf('### Director / keepalived.conf'), README.indexOf('### Real servers')).replace(/\s+/g, ' ');
const flat = (s: string): string => s.replace(/\s+/g, ' ');

interface Finding {
  /** Text of the README's director section this entry stands for. */
  readme: string;
  /** File under test/corpus/wild. */
  file: string;
  /** 1-based line of the diagnostic's start. */
  line: number;
  rule: string;
}

const FOUND: Finding[] = [
  // Scheduler / forwarding values keepalived rejects.
  { readme: '`lb_algo loadbalance`', file: 'keepalived/xusxlinux-k8s-dr-master01.conf', line: 30, rule: 'invalid-value' },
  { readme: '`lb_algo loadbalance`', file: 'keepalived/xusxlinux-k8s-dr-master02.conf', line: 22, rule: 'invalid-value' },
  { readme: '`lb_algo loadbalance`', file: 'keepalived/xusxlinux-k8s-dr-master03.conf', line: 22, rule: 'invalid-value' },
  { readme: '`lb_algo conhash`', file: 'keepalived/dpvs-containerized-fnat-vsg.conf', line: 79, rule: 'invalid-value' },
  { readme: '`lb_kind FNAT`', file: 'keepalived/dpvs-containerized-fnat-vsg.conf', line: 80, rule: 'invalid-value' },
  { readme: '`lb_kind FNAT`', file: 'keepalived/dpvs-tutorial-ipv6-fnat.conf', line: 47, rule: 'invalid-value' },
  { readme: '`lvs_method MASQ`', file: 'keepalived/majkelma-nat-transcript.conf', line: 26, rule: 'invalid-value' },
  { readme: 'Lower-case `lb_kind dr` is rejected and silently becomes NAT', file: 'clusters/angeloyang-magic/lvs/keepalived.conf', line: 37, rule: 'invalid-value' },
  { readme: 'the typo `lb _kind NAT`', file: 'clusters/chookin-notes/keepalived/keepalived-master.conf', line: 27, rule: 'unknown-keyword' },
  { readme: 'the typo `lb _kind NAT`', file: 'clusters/chookin-notes/keepalived/keepalived-master.conf', line: 24, rule: 'missing-lb-kind' },
  { readme: 'a missing `lb_kind` (Pi-hole', file: 'keepalived/matayto-pihole-dns.conf', line: 18, rule: 'missing-lb-kind' },
  // Removed / obsolete keywords.
  { readme: '`nat_mask` (unknown', file: 'keepalived/coregear-sync-group-wan-lan.conf', line: 64, rule: 'unknown-keyword' },
  { readme: '`nb_get_retry` inside TCP_CHECK (unknown', file: 'keepalived/coregear-sync-group-wan-lan.conf', line: 71, rule: 'misplaced-keyword' },
  { readme: '`lvs_sync_daemon_interface` in vrrp_instance (deprecated', file: 'keepalived/majkelma-nat-master.conf', line: 20, rule: 'deprecated-keyword' },
  { readme: 'with several instances only the first counts', file: 'keepalived/majkelma-nat-master.conf', line: 31, rule: 'repeated-lvs-sync-daemon' },
  { readme: 'with several instances only the first counts', file: 'keepalived/majkelma-nat-backup.conf', line: 31, rule: 'repeated-lvs-sync-daemon' },
  { readme: 'the historic misspelling `lvs_sync_daemon_inteface`', file: 'keepalived/coregear-sync-group-wan-lan.conf', line: 28, rule: 'unknown-keyword' },
  { readme: '`lvs_id`', file: 'clusters/angeloyang-magic/lvs/keepalived.conf', line: 10, rule: 'unknown-keyword' },
  { readme: '`net_mask`', file: 'keepalived/xusxlinux-k8s-dr-master01.conf', line: 32, rule: 'unknown-keyword' },
  // Out-of-range values.
  { readme: '`persistence_timeout 0`', file: 'keepalived/zhdnf-nat-bare.conf', line: 6, rule: 'invalid-value' },
  { readme: '`persistence_timeout 0`', file: 'clusters/liuqian1990-rabbitmq/keepalived.conf', line: 28, rule: 'invalid-value' },
  { readme: '`vrrp_garp_interval 0`', file: 'keepalived/shidg-nat-annotated-edgecases.conf', line: 8, rule: 'invalid-value' },
  { readme: '`vrrp_gna_interval 0`', file: 'keepalived/shidg-nat-annotated-edgecases.conf', line: 9, rule: 'invalid-value' },
  { readme: '`quorum 0`', file: 'keepalived/snemarch-dns-udp-nat.conf', line: 27, rule: 'invalid-value' },
  // keepalived says nothing about priority 255 itself, but drops the weights of its tracking (the weight -2 check).
  { readme: '`priority 255` on a non-owner', file: 'keepalived/sandervanvugt-k8s-apiserver.conf', line: 28, rule: 'address-owner-tracking' },
  { readme: '`auth_pass` longer than 8 characters', file: 'keepalived/n0vabyte-linode-unicast.conf', line: 30, rule: 'auth-pass-truncated' },
  // Typos that silently disable things.
  { readme: '`vvrp_script`', file: 'keepalived/gzk2015-vvrp-typo.conf', line: 13, rule: 'unknown-keyword' },
  { readme: '(the tracked script never exists)', file: 'keepalived/gzk2015-vvrp-typo.conf', line: 38, rule: 'undefined-reference' },
  { readme: '`weigth`', file: 'keepalived/zhdnf-nat-bare.conf', line: 24, rule: 'unknown-keyword' },
  { readme: '`SMTP_CHEKC`', file: 'keepalived/shidg-nat-annotated-edgecases.conf', line: 55, rule: 'unknown-keyword' },
  { readme: '`smtp_connection_timeout`', file: 'clusters/liuqian1990-rabbitmq/keepalived.conf', line: 6, rule: 'unknown-keyword' },
  { readme: '`nopreempty`', file: 'keepalived/majkelma-nat-transcript.conf', line: 13, rule: 'unknown-keyword' },
  { readme: '`notificationd`', file: 'keepalived/hezhaoqing-notes-in-conf.conf', line: 13, rule: 'unknown-keyword' },
  { readme: '`mcast_src_ip=IP`', file: 'clusters/zznan0o0-autoinstall/lvs/keepalived_test.conf', line: 24, rule: 'unknown-keyword' },
  { readme: '`state SLAVE`', file: 'keepalived/kingkongmok-state-slave.conf', line: 16, rule: 'invalid-value' },
  // Misplaced keywords.
  { readme: '`garp_master_delay` in global_defs', file: 'keepalived/zillow-linuxgateway.conf', line: 9, rule: 'misplaced-keyword' },
  { readme: '`sorry_server` inside vrrp_instance', file: 'clusters/bluevitality-lvs/keepalived.conf', line: 37, rule: 'misplaced-keyword' },
  { readme: '`mcast_src_ip 224.0.0.18`', file: 'clusters/bluevitality-lvs/keepalived.conf', line: 36, rule: 'multicast-source-address' },
  // Structure.
  { readme: 'a missing `}` (yuhongchun', file: 'clusters/yuhongchun-book-ch7/7.4.2/keepalived_master.conf', line: 11, rule: 'unclosed-brace' },
  { readme: 'upstream IPv6 sample', file: 'keepalived/upstream-1.2-sample-ipv6-broken.conf', line: 14, rule: 'unclosed-brace' },
  { readme: 'an extra `}` (pmzgit)', file: 'keepalived/pmzgit-mysql-dr-extra-brace.conf', line: 54, rule: 'unmatched-brace' },
  { readme: 'duplicated vrrp_instance from concatenated MASTER+BACKUP files', file: 'clusters/zznan0o0-autoinstall/lvs/keepalived_test.conf', line: 98, rule: 'duplicate-name' },
  { readme: 'terminal prompts and prose committed into configs', file: 'keepalived/majkelma-nat-transcript.conf', line: 1, rule: 'unknown-keyword' },
  { readme: 'terminal prompts and prose committed into configs', file: 'keepalived/hezhaoqing-notes-in-conf.conf', line: 1, rule: 'unknown-keyword' },
  { readme: 'a shell script named keepalived.conf', file: 'keepalived/ukcloud-shell-script-named-keepalived.conf', line: 4, rule: 'unknown-keyword' },
  { readme: '`#PLACEHOLDER#` templates whose values become comments', file: 'keepalived-templates/fcwu-glusterfs-hash-placeholders.conf', line: 11, rule: 'missing-argument' },
  { readme: '`#PLACEHOLDER#` templates whose values become comments', file: 'keepalived-templates/fcwu-glusterfs-hash-placeholders.conf', line: 12, rule: 'empty-block' },
  // Semantics keepalived does not flag.
  { readme: 'DR with a real_server port different from the virtual port', file: 'clusters/angeloyang-magic/lvs/keepalived.conf', line: 37, rule: 'invalid-value' },
  { readme: 'NAT default where RS are on the client LAN', file: 'keepalived/matayto-pihole-dns.conf', line: 18, rule: 'missing-lb-kind' },
  { readme: 'two instances in one sync group sharing `virtual_router_id 51`', file: 'keepalived/coregear-sync-group-wan-lan.conf', line: 47, rule: 'sync-group-shared-vrid' },
  { readme: 'a vrrp_instance with no VIP at all', file: 'keepalived/paololiu-aliyun-eni-unicast.conf', line: 21, rule: 'no-vip' },
  { readme: 'vrrp_scripts defined but never tracked', file: 'keepalived/shidg-nat-annotated-edgecases.conf', line: 12, rule: 'unused-definition' },
  { readme: 'vrrp_scripts defined but never tracked', file: 'keepalived/coregear-sync-group-wan-lan.conf', line: 12, rule: 'unused-definition' },
];

/** README items of the director section deliberately left without a diagnostic, and why. */
/** `silent`: the rules that must not report in the file, or the lines that must stay without any diagnostic. */
const NOT_FLAGGED: { readme: string; file: string; reason: string; silent: { rules?: string[]; lines?: number[] } }[] = [
  {
    readme: 'unicast peers in a different subnet from the VIP',
    file: 'keepalived/n0vabyte-linode-unicast.conf',
    reason:
      'the VIP is 192.168.223.158/32 and the peers 192.168.143.x: a /32 names no subnet, and both sit in Linode\'s private range 192.168.128.0/17, so nothing says they are apart (unicast-peer-subnet checks VIPs written with a shorter prefix)',
    silent: { rules: ['unicast-peer-subnet'] },
  },
  {
    readme: 'virtual_server / real_server without a port (shidg)',
    file: 'keepalived/shidg-nat-annotated-edgecases.conf',
    reason:
      'keepalived reads a missing port as 0: with persistence_timeout (set here) a port-0 virtual server is IPVS\'s persistent all-ports service, and a port-0 real server receives the port the client used; both are valid IPVS setups',
    silent: { lines: [33, 48] },
  },
  {
    readme: 'two checkers in one real_server',
    file: 'keepalived/shidg-nat-annotated-edgecases.conf',
    reason: 'keepalived supports several checkers per real server (all must succeed); the real mistakes there (MISC_CHECK without misc_path, SMTP_CHEKC) are reported on their own',
    silent: { lines: [48] },
  },
];

function analyze(file: string): Diagnostic[] {
  const path = join(WILD, file);
  return analyzeConfig(path, readFileSync(path, 'utf8'), new NodeHost(), {}).diagnostics;
}

const cache = new Map<string, Diagnostic[]>();
const diagnostics = (file: string): Diagnostic[] => {
  let ds = cache.get(file);
  if (!ds) cache.set(file, (ds = analyze(file)));
  return ds;
};

describe('director-side mistakes of the wild README are found where they occur', () => {
  for (const f of FOUND) {
    it(`${f.readme}: ${f.rule} on ${f.file}:${f.line}`, () => {
      expect(DIRECTOR, `README's director section no longer says ${JSON.stringify(f.readme)}`).toContain(flat(f.readme));
      const ds = diagnostics(f.file);
      const path = join(WILD, f.file);
      const hit = ds.filter((d) => d.file === path && d.code === f.rule && d.range.start.line + 1 === f.line);
      const near = ds.filter((d) => d.file === path && Math.abs(d.range.start.line + 1 - f.line) <= 2).map((d) => formatDiagnostic(d, rel));
      expect(hit.length, `no ${f.rule} on ${f.file}:${f.line}; nearby: ${near.join(' | ') || 'nothing'}`).toBeGreaterThan(0);
    });
  }
});

describe('README items deliberately not flagged', () => {
  for (const n of NOT_FLAGGED) {
    it(`${n.readme} (${n.file}): ${n.reason.slice(0, 60)}…`, () => {
      expect(DIRECTOR).toContain(flat(n.readme));
      const found = diagnostics(n.file)
        .filter((d) => n.silent.rules?.includes(String(d.code)) || n.silent.lines?.includes(d.range.start.line + 1))
        .map((d) => formatDiagnostic(d, rel));
      expect(found).toEqual([]);
    });
  }
});
