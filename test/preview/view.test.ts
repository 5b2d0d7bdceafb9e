// The preview's plain logic: what is visible (client/src/preview/view.ts) and the position / folder helpers of the
// client (client/src/topology/scope.ts), on topologies built from examples/ and the hostile fixture.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildView, indexTopology, visibleFor } from '../../client/src/preview/view';
import { nodeAtPosition } from '../../client/src/topology/scope';
import { collapseTopology } from '../../server/src/core/topology/build';
import { examplesTopology, topologyOf } from './fixtures';

const ROOT = join(__dirname, '..', '..');
const HOSTILE = join(__dirname, 'fixtures', 'hostile');

describe('preview view model', () => {
  const topo = examplesTopology();
  const ix = indexTopology(topo);

  it('draws everything of a small topology, with edges between the drawn boxes', () => {
    const g = buildView(ix, { toggled: new Set(), filter: '' });
    expect(g.collapseMode).toBe(false);
    expect(g.nodes.map((n) => n.id).sort()).toEqual(topo.nodes.map((n) => n.id).sort());
    const ids = new Set(g.nodes.map((n) => n.id));
    for (const e of g.edges) expect(ids.has(e.from) && ids.has(e.to)).toBe(true);
    expect(g.edges.length).toBe(topo.edges.filter((e) => e.kind !== 'peer').length);
  });

  it('a collapsed VIP stands for its services and real servers, with their counts', () => {
    const g = buildView(ix, { toggled: new Set(['vip:192.0.2.10']), filter: '' });
    const ids = g.nodes.map((n) => n.id);
    expect(ids).not.toContain('service:192.0.2.10:80/tcp');
    expect(ids).not.toContain('rs:10.0.0.11');
    expect(ids).toContain('rs:10.0.0.13');
    const vip = g.nodes.find((n) => n.id === 'vip:192.0.2.10')!;
    expect(vip.expanded).toBe(false);
    expect(vip.lines.join(' ')).toMatch(/2 services · 2 real servers/);
    const group = topo.groups.find((x) => x.vip === 'vip:192.0.2.10')!;
    expect(vip.errors).toBe(topo.nodes.find((n) => n.id === 'vip:192.0.2.10')!.diagnostics.error + group.counts.error);
    expect(visibleFor(ix, g, 'rs:10.0.0.11')).toBe('vip:192.0.2.10');
  });

  it('the filter keeps the matches and their ancestors, opening collapsed groups', () => {
    const g = buildView(ix, { toggled: new Set(['vip:192.0.2.10']), filter: '10.0.0.12' });
    const ids = g.nodes.map((n) => n.id);
    expect(ids).toContain('rs:10.0.0.12');
    expect(ids).toContain('vip:192.0.2.10');
    expect(ids).not.toContain('rs:10.0.0.13');
    expect(ids.some((i) => i.startsWith('director:'))).toBe(true);
    expect(g.nodes.find((n) => n.id === 'rs:10.0.0.12')!.match).toBe(true);
  });

  it('a collapsed answer: the open groups the answer left out are `missing` (the webview asks for them)', () => {
    const cix = indexTopology(collapseTopology(topo));
    const g = buildView(cix, { toggled: new Set(), filter: '' });
    // examples/ is small: every group is open by default, and all of them were left out.
    expect(g.openGroups).toEqual(topo.groups.map((x) => x.id).sort());
    expect(g.missing).toEqual(g.openGroups);
    // Closed by the user (a toggle in a small topology closes): no longer asked for.
    const closed = buildView(cix, { toggled: new Set(['vip:192.0.2.10']), filter: '' });
    expect(closed.openGroups).not.toContain('vipgroup:192.0.2.10');
    expect(closed.missing).not.toContain('vipgroup:192.0.2.10');
    // The answer with that group included: nothing missing for it.
    const one = indexTopology(collapseTopology(topo, ['vipgroup:192.0.2.10']));
    const g1 = buildView(one, { toggled: new Set(), filter: '' });
    expect(g1.missing).not.toContain('vipgroup:192.0.2.10');
    expect(g1.nodes.map((n) => n.id)).toContain('rs:10.0.0.11');
  });
});

describe('client topology helpers', () => {
  it('finds the innermost node at a cursor position', () => {
    const topo = examplesTopology();
    const web = topo.files.find((f) => f.endsWith('conf.d/web.conf'))!;
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 9, character: 8 })).toBe('rs:10.0.0.11');
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 3, character: 4 })).toBe('service:192.0.2.10:80/tcp');
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 500, character: 0 })).toBeUndefined();
  });

  it('scopes a workspace topology to the clusters of a folder (the server does, TopologyParams.folder)', () => {
    const both = topologyOf([join(ROOT, 'examples'), HOSTILE]);
    const scoped = topologyOf([join(ROOT, 'examples'), HOSTILE], { scopeFolder: HOSTILE });
    expect(scoped.nodes.map((n) => n.id)).toContain('rs:10.0.0.21');
    expect(scoped.nodes.map((n) => n.id)).not.toContain('rs:10.0.0.11');
    expect(scoped.summary.directors).toBe(1);
    const all = topologyOf([join(ROOT, 'examples'), HOSTILE], { scopeFolder: ROOT });
    expect(all.nodes.length).toBe(both.nodes.length);
    // A folder of real-server files only: their hosts' cluster.
    const rsFolder = topologyOf([join(ROOT, 'examples')], { scopeFolder: join(ROOT, 'examples', 'realservers', '10.0.0.12') });
    expect(rsFolder.nodes.map((n) => n.id)).toContain('rs:10.0.0.12');
    expect(rsFolder.summary.directors).toBe(2);
    // Not a prefix of a name: examples/real is no folder of examples/realservers.
    expect(topologyOf([join(ROOT, 'examples')], { scopeFolder: join(ROOT, 'examples', 'real') }).nodes).toEqual([]);
  });

  it('finds the collapsed group around a cursor when the answer left its nodes out', () => {
    const topo = collapseTopology(examplesTopology());
    const web = topo.files.find((f) => f.endsWith('conf.d/web.conf'))!;
    expect(topo.nodes.some((n) => n.id === 'rs:10.0.0.11')).toBe(false);
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 9, character: 8 })).toBe('vipgroup:192.0.2.10');
    const ix = indexTopology(topo);
    const g = buildView(ix, { toggled: new Set(), filter: '' });
    expect(visibleFor(ix, g, 'vipgroup:192.0.2.10')).toBe('vip:192.0.2.10');
  });
});
