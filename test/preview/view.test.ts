// The preview's plain logic: what is visible (client/src/preview/view.ts) and the position / folder helpers of the
// client (client/src/topology/scope.ts), on topologies built from examples/ and the hostile fixture.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildView, indexTopology, visibleFor } from '../../client/src/preview/view';
import { nodeAtPosition, scopeToFolder } from '../../client/src/topology/scope';
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
});

describe('client topology helpers', () => {
  it('finds the innermost node at a cursor position', () => {
    const topo = examplesTopology();
    const web = topo.files.find((f) => f.endsWith('conf.d/web.conf'))!;
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 9, character: 8 })).toBe('rs:10.0.0.11');
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 3, character: 4 })).toBe('service:192.0.2.10:80/tcp');
    expect(nodeAtPosition(topo, pathToFileURL(web).href, { line: 500, character: 0 })).toBeUndefined();
  });

  it('scopes a workspace topology to the clusters of a folder', () => {
    const both = topologyOf([join(ROOT, 'examples'), HOSTILE]);
    const scoped = scopeToFolder(both, pathToFileURL(HOSTILE).href);
    expect(scoped.nodes.map((n) => n.id)).toContain('rs:10.0.0.21');
    expect(scoped.nodes.map((n) => n.id)).not.toContain('rs:10.0.0.11');
    expect(scoped.summary.directors).toBe(1);
    const all = scopeToFolder(both, pathToFileURL(ROOT).href);
    expect(all.nodes.length).toBe(both.nodes.length);
  });
});
