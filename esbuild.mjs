// Bundles the three entry points. Chevrotain is ESM-only, so everything is bundled into CommonJS files
// that run on plain Node (CLI, server) and in the VS Code extension host (client).
import * as esbuild from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
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

/**
 * The line that starts elkjs' source at the end of dist/cli-main.js (server/src/cli/graph.ts and cli-cache.ts read
 * the same text). Only `lvs-lint graph` (SVG) needs elkjs, and it is 1.6 MB: inside the code, as a string, every
 * run would read, hash and load it with the code cache (about 11 ms of a lint run). After this line it is plain
 * comment lines (`//` + each line of elk.bundled.js, which has no other line terminators): dist/cli.js compiles
 * only the code above, graph.ts reads the lines back on first use, and the file stays valid JavaScript when Node
 * runs it directly. A bare bundle of cli.ts (tests) keeps elkjs inside as a string; graph.ts takes either.
 */
export const ELK_TRAILER = '\n//lvs-lint:elkjs-source\n';

/**
 * esbuild plugin for the CLI bundle: `import ... from 'elkjs/lib/elk.bundled.js' with { type: 'text' }` becomes
 * an empty string, and elkjs' source is appended to the output file after ELK_TRAILER.
 */
function elkTrailer() {
  return {
    name: 'elk-trailer',
    setup(build) {
      build.initialOptions.write = false;
      build.onResolve({ filter: /^elkjs\/lib\/elk\.bundled\.js$/ }, (args) => ({ path: args.path, namespace: 'elk-trailer' }));
      build.onLoad({ filter: /.*/, namespace: 'elk-trailer' }, () => ({ contents: '', loader: 'text' }));
      build.onEnd((result) => {
        for (const f of result.outputFiles ?? []) {
          let contents = f.contents;
          if (f.path.endsWith('.js')) {
            const elk = readFileSync(createRequire(import.meta.url).resolve('elkjs/lib/elk.bundled.js'), 'utf8');
            if (/[\r\u2028\u2029]/.test(elk)) throw new Error('elk.bundled.js has line terminators other than \\n: it cannot travel as // lines');
            const trailer = ELK_TRAILER + elk.replace(/\n$/, '').split('\n').map((l) => '//' + l).join('\n') + '\n';
            contents = Buffer.concat([contents, Buffer.from(trailer, 'utf8')]);
          }
          mkdirSync(dirname(f.path), { recursive: true });
          writeFileSync(f.path, contents);
        }
      });
    },
  };
}

/**
 * esbuild plugin for the CLI bundle: fast-glob (with micromatch, picomatch, braces and its file-system walkers, a
 * third of the bundle's start-up) is evaluated on the first glob, not when lvs-lint starts: most runs name files
 * and folders and include no pattern. The core calls only `fg.sync`.
 */
function lazyFastGlob() {
  return {
    name: 'lazy-fast-glob',
    setup(build) {
      build.onResolve({ filter: /^fast-glob$/ }, (args) => (args.namespace === 'lazy-fast-glob' ? undefined : { path: 'fast-glob', namespace: 'lazy-fast-glob' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-fast-glob' }, () => ({
        contents: "let fg; module.exports = { sync: (...args) => (fg ??= require('fast-glob')).sync(...args) };",
        loader: 'js',
        resolveDir: HERE,
      }));
    },
  };
}

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // lvs-lint: dist/cli.js (cli-cache.ts) runs the CLI bundle dist/cli-main.js (cli.ts) with a V8 code cache; elkjs
  // follows the code (ELK_TRAILER).
  { entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli-main.js', plugins: [elkTrailer(), lazyFastGlob()] },
  { entryPoints: ['server/src/cli-cache.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // The topology preview's webview (a browser page, elkjs inside): dist/preview.js and dist/preview.css.
  { entryPoints: ['client/src/preview/main.ts'], outfile: 'dist/preview.js', platform: 'browser', format: 'iife', target: 'chrome114' },
  { entryPoints: ['client/src/preview/preview.css'], outfile: 'dist/preview.css', platform: 'browser', format: undefined, target: 'chrome114' },
];

/** Build (or, with --watch, watch) the bundles; `only` keeps those whose outfile is listed (bench/run.mjs: the CLI). */
export async function build({ watch = false, only } = {}) {
  const list = builds
    .filter((b) => !only || only.includes(b.outfile))
    .map((b) => ({ ...common, ...b, absWorkingDir: HERE, outfile: resolve(HERE, b.outfile) }));
  if (watch) {
    for (const b of list) (await esbuild.context(b)).watch();
    return;
  }
  await Promise.all(list.map((b) => esbuild.build(b)));
  if (list.some((b) => b.outfile.endsWith('/dist/cli.js'))) chmodSync(resolve(HERE, 'dist/cli.js'), 0o755);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await build({ watch: process.argv.includes('--watch') });
}
