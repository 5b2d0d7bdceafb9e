// Bundles the three entry points. Chevrotain is ESM-only, so everything is bundled into CommonJS files
// that run on plain Node (CLI, server) and in the VS Code extension host (client).
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  keepNames: false,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // lvs-lint: dist/cli.js (cli-cache.ts) runs the CLI bundle dist/cli-main.js (cli.ts) with a V8 code cache.
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js' },
  { entryPoints: ['server/src/cli-cache.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The topology preview's webview (a browser page, elkjs inside): dist/preview.js and dist/preview.css.
  { entryPoints: ['client/src/preview/main.ts'], outfile: 'dist/preview.js', platform: 'browser', format: 'iife', target: 'chrome114' },
  { entryPoints: ['client/src/preview/preview.css'], outfile: 'dist/preview.css', platform: 'browser', format: undefined, target: 'chrome114' },
];

if (watch) {
  for (const b of builds) (await esbuild.context({ ...common, ...b })).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build({ ...common, ...b })));
  chmodSync('dist/cli.js', 0o755);
}
