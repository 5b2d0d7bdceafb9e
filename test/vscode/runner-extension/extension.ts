// The test runner in code-server: on startup, runs the extension-host suite (../suite/index.ts) and writes
// {passed, failed, failures} as JSON to $LVS_VSCODE_RESULTS (or .vscode-test-results.json in the workspace).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { runSuite, type SuiteResult } from '../suite/index';

export async function activate(): Promise<void> {
  const out =
    process.env.LVS_VSCODE_RESULTS ||
    path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), '.vscode-test-results.json');
  let result: SuiteResult;
  try {
    result = await runSuite();
  } catch (e) {
    result = { passed: 0, failed: 1, failures: [{ title: 'the suite', error: String((e as Error)?.stack ?? e) }] };
  }
  fs.writeFileSync(out + '.tmp', JSON.stringify(result, null, 2));
  fs.renameSync(out + '.tmp', out);
}

export function deactivate(): void {}
