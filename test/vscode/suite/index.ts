// The extension-host integration suite: mocha tests that talk to the extension through the `vscode` API only
// (diagnostics, code actions, completion, hover) on a workspace that is a copy of examples/. Two hosts run it:
// `npm run test:vscode` (@vscode/test-electron downloads VS Code; test/vscode/runTest.ts) and, on every `npm test`,
// code-server's extension host through test/vscode/runner-extension (test/vscode/run-in-code-server.sh).
import * as assert from 'node:assert/strict';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface SuiteResult {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

const folder = (): vscode.Uri => {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'a workspace folder (a copy of examples/) is open');
  return f.uri;
};
const fileUri = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder(), ...rel.split('/'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const codeOf = (d: vscode.Diagnostic): string => String(typeof d.code === 'object' ? d.code.value : d.code ?? '');

/** Poll `get` until `ok` holds (or throw after `ms`). */
async function until<T>(what: string, get: () => T | Thenable<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let v = await get();
  while (!ok(v)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(150);
    v = await get();
  }
  return v;
}

const BACKUP = 'directors/keepalived-backup.conf';
const WEB = 'directors/conf.d/web.conf';
const stateDiag = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'invalid-value' && d.range.start.line === 21);

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

function addTests(root: Mocha.Suite): void {
  const s = Mocha.Suite.create(root, 'lvs-config in the extension host');
  s.timeout(90_000);
  const test = (title: string, fn: () => Promise<void>) => s.addTest(new Mocha.Test(title, fn));

  test('the extension is active', async () => {
    const ext = vscode.extensions.getExtension('lvs-config.lvs-config');
    assert.ok(ext, 'lvs-config.lvs-config is installed');
    await ext.activate();
    assert.ok(ext.isActive);
  });

  test('diagnostics of directors/keepalived-backup.conf', async () => {
    const uri = fileUri(BACKUP);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, 'keepalived');
    const diags = await until('the diagnostics of keepalived-backup.conf', () => vscode.languages.getDiagnostics(uri), (d) => d.some((x) => codeOf(x) === 'invalid-value'), 60_000);
    const codes = diags.map((d) => `${d.range.start.line + 1}:${codeOf(d)}`);
    for (const want of ['21:missing-keyword', '22:invalid-value', '23:extra-argument', '28:auth-pass-truncated']) assert.ok(codes.includes(want), `${want} in ${codes.join(', ')}`);
    const state = stateDiag(uri)!;
    assert.equal(state.severity, vscode.DiagnosticSeverity.Error);
    assert.match(state.message, /'backup' must be written 'BACKUP'/);
    assert.equal(doc.getText(state.range), 'backup');
  });

  test('the quick fix "Change to `BACKUP`" fixes the line and the diagnostic goes', async () => {
    const uri = fileUri(BACKUP);
    const doc = await vscode.workspace.openTextDocument(uri);
    const state = await until('the state diagnostic', () => stateDiag(uri), (d) => d !== undefined);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, state!.range);
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a): a is vscode.CodeAction => a.title === 'Change to `BACKUP`' && 'edit' in a);
    assert.ok(fix?.edit, `"Change to \`BACKUP\`" among ${titles.join(' | ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'the edit applies');
    assert.equal(doc.lineAt(21).text.trim(), 'state BACKUP');
    await until('the state diagnostic to disappear', () => stateDiag(uri), (d) => d === undefined);
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'missing-keyword'), 'the other findings stay');
  });

  test('completion after `lb_kind ` offers DR, NAT and TUN', async () => {
    const uri = fileUri(WEB);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text.trim() === 'lb_kind dr');
    assert.ok(line !== undefined, '`lb_kind dr` in web.conf');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('lb_kind') + 'lb_kind '.length);
    const list = await until(
      'the lb_kind values',
      () => vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, pos),
      (l) => ['DR', 'NAT', 'TUN'].every((v) => l.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === v)),
    );
    // The language server's items (enum members); VS Code may add word-based ones from the document.
    const ours = list.items.filter((i) => i.kind === vscode.CompletionItemKind.EnumMember).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepEqual([...ours].sort(), ['DR', 'NAT', 'TUN']);
  });

  test('hover on a keyword shows its keepalived.conf(5) text', async () => {
    const uri = fileUri(BACKUP);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = [...Array(doc.lineCount).keys()].find((i) => doc.lineAt(i).text.trim().startsWith('advert_int'));
    assert.ok(line !== undefined, '`advert_int` in keepalived-backup.conf');
    const pos = new vscode.Position(line, doc.lineAt(line).text.indexOf('advert_int') + 2);
    const hovers = await until(
      'the advert_int hover',
      () => vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, pos),
      (h) => hoverText(h).includes('VRRP Advert interval in seconds'),
    );
    assert.match(hoverText(hovers), /advert_int/);
  });
}

/** Runs the suite and reports every test (the code-server runner writes this as JSON). */
export function runSuite(): Promise<SuiteResult> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 90_000, reporter: 'spec' });
  addTests(mocha.suite);
  const result: SuiteResult = { passed: 0, failed: 0, failures: [] };
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(result));
    runner.on('pass', () => result.passed++);
    runner.on('fail', (t: Mocha.Runnable, err: Error) => {
      result.failed++;
      result.failures.push({ title: t.fullTitle(), error: String(err?.stack ?? err) });
    });
  });
}

/** The entry point of @vscode/test-electron (`extensionTestsPath`): rejects when a test fails. */
export async function run(): Promise<void> {
  const r = await runSuite();
  if (r.failed > 0) throw new Error(`${r.failed} of ${r.passed + r.failed} tests failed:\n${r.failures.map((f) => `${f.title}: ${f.error}`).join('\n')}`);
}
