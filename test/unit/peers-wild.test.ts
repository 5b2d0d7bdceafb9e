/**
 * The cross-file VRRP rules (vrid-clash, peer-mismatch, peer-priority) on real layouts of director pairs: every
 * cluster folder of the wild corpus (test/corpus/wild/clusters/<name>/, a copy of shared/samples/wild) analysed as
 * one workspace as `lvs-lint FOLDER` does, the MASTER/BACKUP pairs of wild/keepalived/ (one workspace per repo),
 * examples/directors/, and keepalived's conditional-configuration sample (`@high` / `@low`, one file for two hosts).
 *
 * The correct pairs stay quiet, however the repo lays them out: `keepalived01.conf`/`keepalived02.conf`,
 * `master/keepalived.conf`/`backup/keepalived.conf`, `keepalived.conf.lvs1`/`.lvs2` (active/active, two VRIDs
 * each), `*-master.conf`/`*-backup.conf`, three nodes with `nopreempt`, unicast pairs without `unicast_src_ip`,
 * pairs without VIPs (thanks173), old and new copies of one node (china-jiajia's `keepalived_lvs_old.conf` is a
 * saved copy, not a node). What is reported:
 * - aminglinux: the book's nginx pair (VIP .100) and its LVS director (VIP .110) both use VRID 51 on ens33 in one
 *   lab network;
 * - yuhongchun: the chapters' configs all use VRID 51 on eth0 for different VIPs (7.4.2, the 7.4.3 pair, 7.4.7).
 * The corpus has no cross-file priority or setting mismatch (its "MASTER and BACKUP with the same priority" is
 * zznan0o0's keepalived_test.conf, both instances concatenated into one file: one config, where keepalived keeps
 * the first `VI_1`); mutations of real pairs show those findings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeConfig, analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import { walkFolder } from '../../server/src/core/workspace-files';
import { REPO } from '../helpers/fixtures';

const RULES = new Set(['vrid-clash', 'peer-mismatch', 'peer-priority']);
const WILD = join(REPO, 'test/corpus/wild');

/** `file:line severity rule` of the cross-file VRRP findings in `files` analysed as one workspace. */
function findings(dir: string, files: string[], overlay?: Record<string, string>): string[] {
  const host = new NodeHost((f) => overlay?.[relative(dir, f)]);
  const ws = analyzeWorkspace(files, host);
  const out: string[] = [];
  for (const ds of ws.byFile.values()) for (const d of ds) if (RULES.has(d.code)) out.push(`${relative(dir, d.file)}:${d.range.start.line + 1} ${d.severity} ${d.code}`);
  return out.sort();
}

const folder = (dir: string, overlay?: Record<string, string>): string[] =>
  findings(
    dir,
    walkFolder(dir)
      .filter((f) => f.kind === 'keepalived')
      .map((f) => f.path),
    overlay,
  );

const EXPECTED: Record<string, string[]> = {
  'aminglinux-book-d20z': ['D20Z/backup_keepalived.conf:19 warning vrid-clash', 'D20Z/lvs_keepalived.conf:6 warning vrid-clash', 'D20Z/master_keepalived.conf:19 warning vrid-clash'],
  'yuhongchun-book-ch7': [
    '7.4.2/keepalived_master.conf:14 warning vrid-clash',
    '7.4.3/keepalived_backup.conf:15 warning vrid-clash',
    '7.4.3/keepalived_master.conf:15 warning vrid-clash',
    '7.4.7/keepalived.conf:13 warning vrid-clash',
  ],
};

describe('cross-file VRRP rules on the wild clusters', () => {
  const clusters = readdirSync(join(WILD, 'clusters')).sort();
  it('the corpus has its cluster folders', () => {
    expect(clusters.length).toBeGreaterThanOrEqual(20);
    for (const name of Object.keys(EXPECTED)) expect(clusters).toContain(name);
  });
  for (const name of clusters) {
    it(`${name}: ${EXPECTED[name] ? EXPECTED[name].length + ' findings' : 'quiet'}`, () => {
      expect(folder(join(WILD, 'clusters', name))).toEqual(EXPECTED[name] ?? []);
    });
  }

  it('aminglinux: the clash names the other cluster and its VIPs; the fix renumbers the pair on both nodes', () => {
    const dir = join(WILD, 'clusters/aminglinux-book-d20z');
    const ws = analyzeWorkspace(walkFolder(dir).filter((f) => f.kind === 'keepalived').map((f) => f.path), new NodeHost());
    const d = [...ws.byFile.values()].flat().find((x) => x.code === 'vrid-clash' && x.file.endsWith('master_keepalived.conf'))!;
    expect(d.message).toContain('`VI_1` in lvs_keepalived.conf, with VIPs 192.168.72.110');
    expect(d.message).toContain('where this one has VIPs 192.168.72.100');
    const fix = d.fixes!.find((f) => f.title.startsWith('Change VRID 51 to 52'))!;
    expect(fix.edits.map((e) => relative(dir, e.file)).sort()).toEqual(['D20Z/backup_keepalived.conf', 'D20Z/master_keepalived.conf']);
  });
});

describe('cross-file VRRP rules on the pairs of wild/keepalived/ and examples/', () => {
  const dir = join(WILD, 'keepalived');
  for (const repo of ['dmitriyshub', 'jdrews', 'majkelma', 'renzhsh', 'xusxlinux']) {
    it(`${repo}: quiet`, () => {
      const files = readdirSync(dir)
        .filter((f) => f.startsWith(repo + '-'))
        .map((f) => join(dir, f));
      expect(files.length).toBeGreaterThanOrEqual(2);
      expect(findings(dir, files)).toEqual([]);
    });
  }

  it('examples/directors (master, backup, conf.d fragments): quiet', () => {
    expect(folder(join(REPO, 'examples/directors'))).toEqual([]);
  });
});

describe('mutations of real pairs', () => {
  const loong = join(WILD, 'clusters/loong576-lvs-nginx');
  const backup = readFileSync(join(loong, 'keepalived02.conf'), 'utf8');

  it('loong576: the BACKUP given the MASTER\'s priority → peer-priority on both nodes', () => {
    const master = readFileSync(join(loong, 'keepalived01.conf'), 'utf8');
    const prio = /^\s*priority\s+(\d+)/m.exec(master)![1];
    const mutated = backup.replace(/^(\s*priority\s+)\d+/m, `$1${prio}`);
    expect(mutated).not.toBe(backup);
    expect(folder(loong, { 'keepalived02.conf': mutated }).filter((f) => f.includes('peer-priority'))).toHaveLength(2);
  });

  it('loong576: another advert_int on the BACKUP → peer-mismatch on both nodes, at their advert_int', () => {
    const mutated = backup.replace(/^(\s*advert_int\s+)1\b/m, '$13');
    expect(mutated).not.toBe(backup);
    const line = (text: string): number => text.split('\n').findIndex((l) => /^\s*advert_int\s/.test(l)) + 1;
    const master = readFileSync(join(loong, 'keepalived01.conf'), 'utf8');
    expect(folder(loong, { 'keepalived02.conf': mutated })).toEqual([`keepalived01.conf:${line(master)} warning peer-mismatch`, `keepalived02.conf:${line(mutated)} warning peer-mismatch`]);
  });

  it('thomas-yanght (active/active): swapping the VIPs of one VRID → peer-mismatch on both nodes, not a clash', () => {
    const dir = join(WILD, 'clusters/thomas-yanght-dual-dr');
    const lvs2 = readFileSync(join(dir, 'keepalived.conf.lvs2'), 'utf8');
    // lvs2's VI_1 (VRID 57) gets both VIPs: its set still overlaps lvs1's VI_1, so they stay peers that disagree.
    const mutated = lvs2.replace('172.16.254.246', '172.16.254.246\n        172.16.254.250');
    expect(mutated).not.toBe(lvs2);
    const got = folder(dir, { 'keepalived.conf.lvs2': mutated });
    expect(got.map((f) => f.replace(/:\d+ /, ' '))).toEqual(['keepalived.conf.lvs1 warning peer-mismatch', 'keepalived.conf.lvs2 warning peer-mismatch']);
  });
});

describe('@id variants of one file (keepalived.conf(5) conditional configuration)', () => {
  const file = join(REPO, 'test/corpus/keepalived/keepalived.conf.conditional_conf');
  const text = readFileSync(file, 'utf8');
  const cross = (t: string, configId?: string) =>
    analyzeConfig(file, t, new NodeHost(), { configId })
      .diagnostics.filter((d) => RULES.has(d.code))
      .map((d) => `${d.range.start.line + 1} ${d.code}`);

  it('keepalived.conf.conditional_conf (@high priority 170, @low priority 85): quiet under any config id', () => {
    expect(cross(text)).toEqual([]);
    expect(cross(text, 'high')).toEqual([]);
    expect(cross(text, 'low')).toEqual([]);
  });

  it('the same file with one priority for both hosts: peer-priority, once, on the shared line', () => {
    const mutated = text.replace(/^@high\tpriority 170\n@low\tpriority 85\n/m, '\tpriority 100\n');
    expect(mutated).not.toBe(text);
    const line = mutated.split('\n').findIndex((l) => l === '\tpriority 100') + 1;
    expect(cross(mutated)).toEqual([`${line} peer-priority`]);
    expect(cross(mutated, 'high')).toEqual([`${line} peer-priority`]);
  });
});
