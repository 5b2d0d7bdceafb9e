// `npm run test:vscode`: the extension-host suite (suite/index.ts) in a VS Code that @vscode/test-electron downloads
// (needs the network; not part of `npm test`, which runs the same suite in code-server: run-in-code-server.sh).
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '../../..');
  const ws = path.join(mkdtempSync(path.join(tmpdir(), 'lvs-vscode-')), 'ws');
  cpSync(path.join(repo, 'examples'), ws, { recursive: true });
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'test/vscode/out/suite.js'),
    launchArgs: [ws, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
