// Bundles the extension-host suite (test/vscode/out/suite.js, for @vscode/test-electron), its runner
// (test/vscode/out/runTest.js) and the code-server test-runner extension (runner-extension/out/extension.js,
// suite and mocha inside). `vscode` stays external: the extension host provides it.
import * as esbuild from 'esbuild';

const here = new URL('.', import.meta.url).pathname;
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'inline', logLevel: 'error', external: ['vscode'] };
await Promise.all([
  esbuild.build({ ...common, entryPoints: [here + 'suite/index.ts'], outfile: here + 'out/suite.js' }),
  esbuild.build({ ...common, entryPoints: [here + 'runTest.ts'], outfile: here + 'out/runTest.js', external: ['vscode', '@vscode/test-electron'] }),
  esbuild.build({ ...common, entryPoints: [here + 'runner-extension/extension.ts'], outfile: here + 'runner-extension/out/extension.js' }),
]);
