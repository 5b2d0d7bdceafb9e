// Topologies for the preview tests, built by the real pipeline (analysis → core/topology/build.ts) from
// examples/, a config whose names are markup (fixtures/hostile/), and the 2,000-service benchmark config.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import { resolveOperands } from '../../server/src/core/workspace-files';
import { buildTopology, topologyInputOf, type TopologyOptions } from '../../server/src/core/topology/build';
import type { Topology } from '../../server/src/core/topology/types';

const ROOT = join(__dirname, '..', '..');

export function topologyOf(paths: string[], options: TopologyOptions = {}): Topology {
  const ws = analyzeWorkspace(resolveOperands(paths), new NodeHost());
  return buildTopology(topologyInputOf(ws), options);
}

export const examplesTopology = (): Topology => topologyOf([join(ROOT, 'examples')]);
export const hostileTopology = (): Topology => topologyOf([join(__dirname, 'fixtures', 'hostile')]);

/** bench/out/lvs-2000.conf (1.4 MB: 2,000 services, 8,000 real servers), generated when missing. */
export function benchTopology(): Topology {
  const file = join(ROOT, 'bench', 'out', 'lvs-2000.conf');
  if (!existsSync(file)) execFileSync(process.execPath, [join(ROOT, 'bench', 'gen.mjs'), '2000'], { cwd: ROOT });
  return topologyOf([file]);
}
