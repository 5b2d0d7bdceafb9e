/**
 * Collapsed answers of `lvsConfig/topology` (lsp/topology.ts, core/topology/build.ts `collapseTopology`) as the
 * preview asks them, over stdio: a generated 60-service config (more than 40: `collapsed: 'auto'` collapses) beside
 * a copy of examples/ (3 services: answered in full). Groups left out with the sources of their services, `expand`,
 * the server-side `filter`, `groupsOnly` answers and their merge, and the `folder` scope.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileUri, LspClient, makeWorkspace, REPO_ROOT, removeWorkspace } from '../helpers/lsp-client';
import type { Topology } from '../../server/src/core/topology/types';
import { mergeGroups } from '../../server/src/core/topology/build';

let c: LspClient;
let ws: string;
let big: string;

function copyExamples(to: string): void {
  const root = path.join(REPO_ROOT, 'examples');
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const q = path.join(to, path.relative(root, p));
      if (e.isDirectory()) {
        fs.mkdirSync(q, { recursive: true });
        walk(p);
      } else if (!e.name.endsWith('.md')) fs.copyFileSync(p, q);
    }
  };
  fs.mkdirSync(to, { recursive: true });
  walk(root);
}

beforeAll(async () => {
  ws = makeWorkspace({}, 'lvs-topo-collapsed-');
  big = path.join(ws, 'big', 'keepalived.conf');
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'bench', 'gen.mjs'), '60', big]);
  copyExamples(path.join(ws, 'ex'));
  c = await LspClient.start({ folders: [ws] });
  await c.waitForDiagnostics(fileUri(path.join(ws, 'ex/realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf')), (ds) => ds.length > 0, 30_000);
  await c.quiet(800);
}, 60_000);

afterAll(async () => {
  await c?.dispose();
  if (ws) removeWorkspace(ws);
});

const ask = async (params: Record<string, unknown>): Promise<Topology> => (await c.connection.sendRequest('lvsConfig/topology', params)) as Topology;
const ids = (t: Topology, kind: string): string[] => t.nodes.filter((n) => n.kind === kind).map((n) => n.id);

describe("lvsConfig/topology, collapsed: 'auto'", () => {
  it('leaves out the services and real servers of every group of a large cluster, with the sources of its services', async () => {
    const uri = fileUri(big);
    const full = await ask({ uri });
    const t = await ask({ uri, collapsed: 'auto' });
    expect(full.summary).toMatchObject({ services: 60, realServers: 240, collapseSuggested: true });
    expect(t.summary).toEqual(full.summary);
    expect(ids(t, 'service')).toEqual([]);
    expect(ids(t, 'realserver')).toEqual([]);
    expect(ids(t, 'vip')).toHaveLength(60);
    expect(t.groups).toHaveLength(60);
    expect(t.edges.some((e) => e.kind === 'forwards' || e.kind === 'offers')).toBe(false);
    expect(JSON.stringify(t).length).toBeLessThan(JSON.stringify(full).length / 3);
    const g = t.groups.find((x) => x.id === 'vipgroup:10.0.0.5')!;
    expect(g).toMatchObject({ omitted: true, vip: 'vip:10.0.0.5', services: ['service:10.0.0.5:80/tcp'], realServers: ['rs:10.100.0.17', 'rs:10.100.0.18', 'rs:10.100.0.19', 'rs:10.100.0.20'] });
    // Its sources: the virtual_server block, in the big file.
    const svc = full.nodes.find((n) => n.id === 'service:10.0.0.5:80/tcp')!;
    expect(g.sources).toEqual(svc.sources);
    expect(t.files[g.sources![0].file]).toBe(uri);
    const text = fs.readFileSync(big, 'utf8').split('\n');
    expect(text[g.sources![0].range.start.line]).toBe('virtual_server 10.0.0.5 80 {');
  });

  it('includes the groups in `expand`, and answers a small cluster in full', async () => {
    const uri = fileUri(big);
    const t = await ask({ uri, collapsed: 'auto', expand: ['vipgroup:10.0.0.5', 'vipgroup:nonexistent'] });
    expect(ids(t, 'service')).toEqual(['service:10.0.0.5:80/tcp']);
    expect(ids(t, 'realserver')).toEqual(['rs:10.100.0.17', 'rs:10.100.0.18', 'rs:10.100.0.19', 'rs:10.100.0.20']);
    expect(t.edges.filter((e) => e.kind === 'forwards')).toHaveLength(4);
    const g = t.groups.find((x) => x.id === 'vipgroup:10.0.0.5')!;
    expect(g.omitted).toBeUndefined();
    expect(g.sources).toBeUndefined();
    expect(t.groups.filter((x) => x.omitted)).toHaveLength(59);
    const small = await ask({ uri: fileUri(path.join(ws, 'ex/directors/conf.d/web.conf')), collapsed: 'auto', filter: '10.0.0.11' });
    expect(small.summary.collapseSuggested).toBe(false);
    expect(ids(small, 'realserver')).toHaveLength(3);
    expect(small.filter).toBeUndefined();
  });

  it('filter: includes the groups of the nodes it matches and counts the matches', async () => {
    const uri = fileUri(big);
    const t = await ask({ uri, collapsed: 'auto', filter: ' 10.100.0.240 ' });
    expect(t.filter).toEqual({ text: '10.100.0.240', matches: 1, groups: ['vipgroup:10.0.0.60'] });
    expect(ids(t, 'realserver')).toContain('rs:10.100.0.240');
    expect(t.groups.filter((x) => x.omitted)).toHaveLength(59);
    // Text the preview shows: the health check of the real servers; the first 300 matches' groups only.
    const checks = await ask({ uri, collapsed: 'auto', filter: 'TCP_CHECK' });
    expect(checks.filter).toMatchObject({ text: 'tcp_check', matches: 240 });
    expect(checks.filter!.groups).toHaveLength(60);
    expect(checks.groups.some((x) => x.omitted)).toBe(false);
    const none = await ask({ uri, collapsed: 'auto', filter: 'no such text' });
    expect(none.filter).toEqual({ text: 'no such text', matches: 0, groups: [] });
    expect(ids(none, 'service')).toEqual([]);
  });

  it('groupsOnly: what a group adds to the collapsed answer, merged by mergeGroups into what expand answers', async () => {
    const uri = fileUri(big);
    const base = await ask({ uri, collapsed: 'auto' });
    const part = await ask({ uri, collapsed: 'auto', expand: ['vipgroup:10.0.0.5'], groupsOnly: true });
    expect(part.nodes.map((n) => n.id)).toEqual(['service:10.0.0.5:80/tcp', 'rs:10.100.0.17', 'rs:10.100.0.18', 'rs:10.100.0.19', 'rs:10.100.0.20']);
    expect(part.edges.map((e) => e.kind).sort()).toEqual(['forwards', 'forwards', 'forwards', 'forwards', 'offers']);
    expect(part.groups.map((g) => g.id)).toEqual(['vipgroup:10.0.0.5']);
    expect(part.files).toEqual(base.files);
    expect(JSON.stringify(part).length).toBeLessThan(10_000);
    const merged = mergeGroups(base, part)!;
    const whole = await ask({ uri, collapsed: 'auto', expand: ['vipgroup:10.0.0.5'] });
    expect(merged.nodes.map((n) => n.id)).toEqual(whole.nodes.map((n) => n.id));
    expect(new Set(merged.edges.map((e) => e.id))).toEqual(new Set(whole.edges.map((e) => e.id)));
    expect(merged.groups.map((g) => [g.id, !!g.omitted])).toEqual(whole.groups.map((g) => [g.id, !!g.omitted]));
    // With a filter: the groups of its matches, and the count.
    const found = await ask({ uri, collapsed: 'auto', filter: '10.100.0.240', groupsOnly: true });
    expect(found.filter).toEqual({ text: '10.100.0.240', matches: 1, groups: ['vipgroup:10.0.0.60'] });
    expect(found.nodes.map((n) => n.id)).toContain('rs:10.100.0.240');
    expect(mergeGroups(merged, found)!.filter?.text).toBe('10.100.0.240');
    // Another scope's files: not merged.
    expect(mergeGroups(base, { ...part, files: [...part.files, 'file:///elsewhere'] })).toBeUndefined();
  });

  it('folder: the clusters of the files under a folder (a folder of real-server files reaches their directors)', async () => {
    const rsFolder = await ask({ folder: fileUri(path.join(ws, 'ex/realservers')), collapsed: 'auto' });
    expect(rsFolder.summary).toMatchObject({ directors: 2, services: 3, realServers: 3, collapseSuggested: false });
    const bigFolder = await ask({ folder: fileUri(path.join(ws, 'big')), collapsed: 'auto' });
    expect(bigFolder.summary).toMatchObject({ directors: 1, services: 60, collapseSuggested: true });
    expect(ids(bigFolder, 'realserver')).toEqual([]);
    const all = await ask({ folder: fileUri(ws), collapsed: 'auto' });
    expect(all.summary).toMatchObject({ directors: 3, services: 63, realServers: 243 });
  });
});
