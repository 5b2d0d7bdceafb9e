/**
 * Navigation over the protocol (dist/server.js over stdio): go to definition, references, prepareRename and rename
 * (names, `$NAME` variables and a VIP across a director and a real-server script), document and workspace symbols,
 * include links, folding and selection ranges, on a workspace holding a DR director with an included file and a
 * real server's files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentLink, DocumentSymbol, FoldingRange, Location, SelectionRange, SymbolInformation, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, LspClient, makeWorkspace, rangeOf, removeWorkspace } from '../helpers/lsp-client';

let clients: LspClient[] = [];
let dirs: string[] = [];

afterEach(async () => {
  const cs = clients;
  clients = [];
  await Promise.all(cs.map((c) => c.dispose()));
  for (const d of dirs) removeWorkspace(d);
  dirs = [];
});

const DIRECTOR = `! lb1
$VIP=192.0.2.10

vrrp_script chk_web {
    script "/usr/bin/curl -fs http://127.0.0.1/"
    interval 2
}

vrrp_instance VI_WEB {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        $VIP dev eth0
    }
    track_script {
        chk_web
    }
}

include conf.d/*.conf
`;
const WEB = `virtual_server $VIP 80 {
    lb_kind DR
    protocol TCP
    real_server 10.0.0.11 80 {
        weight 1
    }
}
`;
const RS = '#!/bin/sh\nVIP=192.0.2.10\nip addr add $VIP/32 dev lo label lo:0\narptables -A INPUT -d $VIP -j DROP\n';

async function start() {
  const ws = makeWorkspace({ 'lb/keepalived.conf': DIRECTOR, 'lb/conf.d/web.conf': WEB, 'realservers/10.0.0.11/lvs-dr.sh': RS });
  dirs.push(ws);
  const c = await LspClient.start({ folders: [ws] });
  clients.push(c);
  const conf = fileUri(path.join(ws, 'lb/keepalived.conf'));
  await c.open(conf, DIRECTOR);
  await c.waitForDiagnostics(conf);
  await c.quiet(400);
  return { ws, c, conf, web: fileUri(path.join(ws, 'lb/conf.d/web.conf')), rs: fileUri(path.join(ws, 'realservers/10.0.0.11/lvs-dr.sh')) };
}

const req = <T>(c: LspClient, method: string, params: unknown): Promise<T> => c.connection.sendRequest(method, params) as Promise<T>;

describe('navigation in the language server', () => {
  it('definition, references and rename of a vrrp_script', async () => {
    const { c, conf } = await start();
    expect(c.initializeResult.capabilities).toMatchObject({ definitionProvider: true, referencesProvider: true, renameProvider: { prepareProvider: true }, documentSymbolProvider: true, workspaceSymbolProvider: true, foldingRangeProvider: true, selectionRangeProvider: true });
    const use = rangeOf(DIRECTOR, 'chk_web', 1).start;
    const def = await req<Location[]>(c, 'textDocument/definition', { textDocument: { uri: conf }, position: use });
    expect(def).toEqual([{ uri: conf, range: rangeOf(DIRECTOR, 'chk_web', 0) }]);
    const refs = await req<Location[]>(c, 'textDocument/references', { textDocument: { uri: conf }, position: use, context: { includeDeclaration: true } });
    expect(refs.map((r) => r.range)).toEqual([rangeOf(DIRECTOR, 'chk_web', 0), rangeOf(DIRECTOR, 'chk_web', 1)]);
    const prep = await req<{ range: unknown; placeholder: string }>(c, 'textDocument/prepareRename', { textDocument: { uri: conf }, position: use });
    expect(prep).toEqual({ range: rangeOf(DIRECTOR, 'chk_web', 1), placeholder: 'chk_web' });
    const edit = await req<WorkspaceEdit>(c, 'textDocument/rename', { textDocument: { uri: conf }, position: use, newName: 'chk_http' });
    const out = applyEdits(DIRECTOR, edit.changes![conf]);
    expect(out).toContain('vrrp_script chk_http {');
    expect(out).toContain('        chk_http\n');
    await expect(req(c, 'textDocument/rename', { textDocument: { uri: conf }, position: use, newName: 'chk web' })).rejects.toThrow(/one keepalived word/);
  });

  it('renames a VIP held in `$VIP` in the director and in the real server script, never the `$VIP` uses', async () => {
    const { c, conf, web, rs } = await start();
    const p = rangeOf(DIRECTOR, '$VIP dev').start;
    // On `$VIP` the symbol is the variable; the VIP is renamed from the script's address.
    const prep = await req<{ placeholder: string }>(c, 'textDocument/prepareRename', { textDocument: { uri: conf }, position: p });
    expect(prep.placeholder).toBe('VIP');
    await c.open(rs, RS, 'shellscript');
    await c.quiet(400);
    const at = rangeOf(RS, '$VIP/32').start;
    const refs = await req<Location[]>(c, 'textDocument/references', { textDocument: { uri: rs }, position: at, context: { includeDeclaration: true } });
    expect(refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line}`).sort()).toEqual(['keepalived.conf:14', 'lvs-dr.sh:2', 'lvs-dr.sh:3', 'web.conf:0']);
    const edit = await req<WorkspaceEdit>(c, 'textDocument/rename', { textDocument: { uri: rs }, position: at, newName: '192.0.2.20' });
    expect(Object.keys(edit.changes!).sort()).toEqual([conf, rs].sort());
    expect(applyEdits(DIRECTOR, edit.changes![conf])).toContain('$VIP=192.0.2.20\n');
    expect(applyEdits(RS, edit.changes![rs])).toBe('#!/bin/sh\nVIP=192.0.2.20\nip addr add $VIP/32 dev lo label lo:0\narptables -A INPUT -d $VIP -j DROP\n');
    expect(edit.changes![web]).toBeUndefined();
    await expect(req(c, 'textDocument/rename', { textDocument: { uri: rs }, position: at, newName: '2001:db8::1' })).rejects.toThrow(/IPv6/);
    // The `$VIP` variable itself: definition and uses in the root and the included file.
    const v = await req<WorkspaceEdit>(c, 'textDocument/rename', { textDocument: { uri: conf }, position: p, newName: 'WEB_VIP' });
    expect(applyEdits(DIRECTOR, v.changes![conf])).toContain('$WEB_VIP=192.0.2.10\n');
    expect(applyEdits(WEB, v.changes![web])).toBe(WEB.replace('$VIP', '$WEB_VIP'));
  });

  it('outline, workspace symbols, include links, folding and selection ranges', async () => {
    const { ws, c, conf, web } = await start();
    const syms = await req<DocumentSymbol[]>(c, 'textDocument/documentSymbol', { textDocument: { uri: conf } });
    expect(syms.map((s) => s.name)).toEqual(['chk_web', 'VI_WEB', 'include conf.d/*.conf']);
    expect(syms[1].children!.map((s) => s.name)).toEqual(['192.0.2.10']);
    await c.open(web, WEB);
    await c.quiet(300);
    const webSyms = await req<DocumentSymbol[]>(c, 'textDocument/documentSymbol', { textDocument: { uri: web } });
    expect(webSyms.map((s) => [s.name, s.children?.map((k) => k.name)])).toEqual([['192.0.2.10:80 TCP DR', ['10.0.0.11:80 weight 1']]]);
    const wsyms = await req<SymbolInformation[]>(c, 'workspace/symbol', { query: 'VI_W' });
    expect(wsyms.map((s) => s.name)).toEqual(['VI_WEB']);
    const links = await req<DocumentLink[]>(c, 'textDocument/documentLink', { textDocument: { uri: conf } });
    expect(links).toEqual([{ range: rangeOf(DIRECTOR, 'conf.d/*.conf'), target: fileUri(path.join(ws, 'lb/conf.d/web.conf')), tooltip: 'Open web.conf' }]);
    expect(fs.existsSync(path.join(ws, 'lb/conf.d/web.conf'))).toBe(true);
    const folds = await req<FoldingRange[]>(c, 'textDocument/foldingRange', { textDocument: { uri: conf } });
    expect(folds).toEqual([
      { startLine: 3, endLine: 5 },
      { startLine: 8, endLine: 18 },
      { startLine: 13, endLine: 14 },
      { startLine: 16, endLine: 17 },
    ]);
    const sel = await req<SelectionRange[]>(c, 'textDocument/selectionRange', { textDocument: { uri: conf }, positions: [rangeOf(DIRECTOR, 'eth0').start] });
    const chain: string[] = [];
    for (let s: SelectionRange | undefined = sel[0]; s; s = s.parent) chain.push(`${s.range.start.line}:${s.range.start.character}-${s.range.end.line}:${s.range.end.character}`);
    expect(chain).toEqual(['10:14-10:18', '10:4-10:18', '8:0-19:1']);
  });

  it('a large config: the outline and the folding ranges keep the outermost entries up to the limits', async () => {
    // Four virtual servers with two real servers each: 4 + 8 symbols, 4 + 8 + 8 (health checks) folds.
    const vs = (i: number): string =>
      `virtual_server 192.0.2.${10 + i} 80 {\n    lb_kind DR\n    protocol TCP\n` +
      [1, 2].map((k) => `    real_server 10.0.${i}.${k} 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n`).join('') +
      '}\n';
    const text = [0, 1, 2, 3].map(vs).join('\n');
    const ws = makeWorkspace({ 'keepalived.conf': text });
    dirs.push(ws);
    const c = await LspClient.start({
      folders: [ws],
      settings: { maxItemsComputed: 6 },
      capabilities: (caps) => {
        caps.textDocument = { ...caps.textDocument, foldingRange: { rangeLimit: 5 } };
      },
    });
    clients.push(c);
    const conf = fileUri(path.join(ws, 'keepalived.conf'));
    await c.open(conf, text);
    await c.waitForDiagnostics(conf);
    await c.quiet(400);
    const syms = await req<DocumentSymbol[]>(c, 'textDocument/documentSymbol', { textDocument: { uri: conf } });
    // Every virtual server, then the real servers of the first one.
    expect(syms.map((s) => [s.name, (s.children ?? []).map((k) => k.name)])).toEqual([
      ['192.0.2.10:80 TCP DR', ['10.0.0.1:80 weight 1', '10.0.0.2:80 weight 1']],
      ['192.0.2.11:80 TCP DR', []],
      ['192.0.2.12:80 TCP DR', []],
      ['192.0.2.13:80 TCP DR', []],
    ]);
    // The client's rangeLimit (5) is below maxItemsComputed (6): the four virtual servers and the first real server.
    const folds = await req<FoldingRange[]>(c, 'textDocument/foldingRange', { textDocument: { uri: conf } });
    expect(folds.map((f) => f.startLine)).toEqual([0, 3, 15, 30, 45]);
  });
});
