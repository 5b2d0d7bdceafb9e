/**
 * Cross-file findings in the editor (dist/server.js over stdio): the two directors of a VRRP pair are two files of
 * one workspace; a change in one file shows (and clears) a finding in the other, with related information pointing
 * at the first, and a quick fix may edit both files.
 */
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { fileUri, LspClient, makeWorkspace, removeWorkspace } from '../helpers/lsp-client';

let clients: LspClient[] = [];
let dirs: string[] = [];

afterEach(async () => {
  const cs = clients;
  clients = [];
  await Promise.all(cs.map((c) => c.dispose()));
  for (const d of dirs) removeWorkspace(d);
  dirs = [];
});

const director = (name: string, state: string, priority: number, vrid = 51, vip = '192.0.2.10/24'): string => `! ${name}
vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id ${vrid}
    priority ${priority}
    advert_int 1
    virtual_ipaddress {
        ${vip}
    }
}
`;
/** 0-based line of `priority` and of `virtual_router_id` in director(); their values start at these columns. */
const PRIORITY = { line: 5, character: 13 };
const VRID = { line: 4, character: 22 };

const peer = (ds: Diagnostic[] | undefined): Diagnostic[] => (ds ?? []).filter((d) => d.code === 'peer-priority');

describe('peers of one VRRP pair in two files', () => {
  it('a priority changed in lb1.conf shows peer-priority in lb2.conf (related: lb1.conf) and clears it when changed back', async () => {
    const ws = makeWorkspace({ 'lb1/keepalived.conf': director('lb1', 'MASTER', 150), 'lb2/keepalived.conf': director('lb2', 'BACKUP', 100) });
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws] });
    clients.push(c);
    const lb1 = fileUri(path.join(ws, 'lb1/keepalived.conf'));
    const lb2 = fileUri(path.join(ws, 'lb2/keepalived.conf'));
    await c.open(lb1, director('lb1', 'MASTER', 150));
    await c.open(lb2, director('lb2', 'BACKUP', 100));
    await c.quiet(500);
    expect(c.latest(lb1)).toEqual([]);
    expect(c.latest(lb2)).toEqual([]);

    // lb1: priority 150 → 100, as lb2 has. lb2 was not touched, yet its finding appears.
    let since = c.seq;
    const at = { start: PRIORITY, end: { line: PRIORITY.line, character: PRIORITY.character + 3 } };
    await c.change(lb1, 2, [{ range: at, text: '100' }]);
    const ds2 = peer(await c.waitForDiagnostics(lb2, (ds) => peer(ds).length === 1, 10_000, since));
    expect(ds2[0].range).toEqual(at);
    expect(ds2[0].severity).toBe(2); // warning: keepalived --config-test cannot see the other file
    expect(ds2[0].message).toContain('the same as its peer `VI_1` in lb1/keepalived.conf');
    expect(ds2[0].relatedInformation?.map((r) => [r.location.uri, r.location.range])).toEqual([[lb1, at]]);
    // Reported on both sides: lb1 shows its own finding, pointing at lb2.
    const ds1 = peer(await c.waitForDiagnostics(lb1, (ds) => peer(ds).length === 1, 10_000, since));
    expect(ds1[0].relatedInformation?.[0].location.uri).toBe(lb2);

    // Back to 150: both findings go away.
    since = c.seq;
    await c.change(lb1, 3, [{ range: at, text: '150' }]);
    await c.waitForDiagnostics(lb2, (ds) => peer(ds).length === 0, 10_000, since);
    await c.waitForDiagnostics(lb1, (ds) => peer(ds).length === 0, 10_000, since);
    await c.quiet(300);
    expect(c.latest(lb1)).toEqual([]);
    expect(c.latest(lb2)).toEqual([]);
  }, 30_000);

  it('a file that is not open takes part: vrid-clash against it, with a quick fix that renumbers the whole pair', async () => {
    // web pair (lb1, lb2) and a db director on the same VRID; only lb1 is opened.
    const files = {
      'lb1.conf': director('lb1', 'MASTER', 150),
      'lb2.conf': director('lb2', 'BACKUP', 100),
      'db.conf': director('db', 'MASTER', 150, 51, '192.0.2.20/24'),
    };
    const ws = makeWorkspace(files);
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws] });
    clients.push(c);
    const u = (f: string) => fileUri(path.join(ws, f));
    await c.open(u('lb1.conf'), files['lb1.conf']);
    const ds = (await c.waitForDiagnostics(u('lb1.conf'), (ds) => ds.some((d) => d.code === 'vrid-clash'))).filter((d) => d.code === 'vrid-clash');
    expect(ds).toHaveLength(1);
    expect(ds[0].range.start).toEqual(VRID);
    expect(ds[0].message).toContain('`VI_1` in db.conf, with VIPs 192.0.2.20');
    expect(ds[0].relatedInformation?.map((r) => r.location.uri)).toEqual([u('db.conf')]);
    // The unopened files get theirs from the workspace scan.
    await c.waitForDiagnostics(u('db.conf'), (ds) => ds.some((d) => d.code === 'vrid-clash'));
    await c.waitForDiagnostics(u('lb2.conf'), (ds) => ds.some((d) => d.code === 'vrid-clash'));

    const actions = (await c.codeActions(u('lb1.conf'), ds[0].range, ds)) as CodeAction[];
    const renumber = actions.find((a) => a.title.startsWith('Change VRID 51 to 52'));
    expect(renumber, JSON.stringify(actions.map((a) => a.title))).toBeDefined();
    const edit = renumber!.edit!;
    const byUri = new Map<string, string[]>();
    if (edit.documentChanges) {
      for (const dc of edit.documentChanges as TextDocumentEdit[]) byUri.set(dc.textDocument.uri, dc.edits.map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`));
    } else {
      for (const [uri, es] of Object.entries(edit.changes ?? {})) byUri.set(uri, es.map((e) => `${e.range.start.line}:${e.range.start.character} ${e.newText}`));
    }
    expect(Object.fromEntries(byUri)).toEqual({ [u('lb1.conf')]: [`${VRID.line}:${VRID.character} 52`], [u('lb2.conf')]: [`${VRID.line}:${VRID.character} 52`] });
  }, 30_000);
});
