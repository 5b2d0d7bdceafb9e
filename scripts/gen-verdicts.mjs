// Bundles scripts/verdicts.ts and runs it: writes docs/rules/KEEPALIVED.md (what keepalived --config-test says
// about each rule's documentation example). Needs keepalived installed.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const out = join(tmpdir(), `lvs-verdicts-${process.pid}.cjs`);
await esbuild.build({ entryPoints: ['scripts/verdicts.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: out, logLevel: 'warning', define: { __dirname: JSON.stringify(join(process.cwd(), 'scripts')) } });
const r = spawnSync(process.execPath, [out], { stdio: 'inherit' });
process.exit(r.status ?? 1);
