/**
 * Formatting and semantic tokens over the protocol (dist/server.js over stdio): the capabilities and legend,
 * document and range formatting with the client's options, semantic tokens right after an edit (before the
 * debounced re-analysis: the tokens follow the new text).
 */
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SemanticTokens, SemanticTokensDelta, TextEdit } from 'vscode-languageserver-protocol';
import { applyEdits, fileUri, LspClient, makeWorkspace, removeWorkspace } from '../helpers/lsp-client';
import { decodeTokens } from '../../server/src/core/editor/semantic-tokens';

let clients: LspClient[] = [];
let dirs: string[] = [];

afterEach(async () => {
  const cs = clients;
  clients = [];
  await Promise.all(cs.map((c) => c.dispose()));
  for (const d of dirs) removeWorkspace(d);
  dirs = [];
});

const MESSY = `global_defs { router_id lb1 }
vrrp_instance VI_1{
state MASTER
      interface eth0   
virtual_router_id 51
  virtual_ipaddress {
192.0.2.10/32
  }
}



virtual_server 192.0.2.10 80 { lb_kind DR }`;

describe('formatting and semantic tokens in the language server', () => {
  it('formats a document and a range, and gives semantic tokens that follow edits', async () => {
    const ws = makeWorkspace({ 'keepalived.conf': MESSY });
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws] });
    clients.push(c);
    const caps = c.initializeResult!.capabilities;
    expect(caps.documentFormattingProvider).toBe(true);
    expect(caps.documentRangeFormattingProvider).toBe(true);
    expect(caps.semanticTokensProvider?.legend.tokenTypes).toEqual(['namespace', 'keyword', 'variable', 'macro', 'decorator', 'number', 'enumMember', 'string', 'address']);
    expect(caps.semanticTokensProvider?.legend.tokenModifiers).toEqual(['declaration', 'deprecated', 'readonly']);

    const uri = fileUri(path.join(ws, 'keepalived.conf'));
    await c.open(uri, MESSY);
    await c.waitForDiagnostics(uri);

    const edits = (await c.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } })) as TextEdit[];
    const formatted = applyEdits(MESSY, edits);
    expect(formatted).toBe(`global_defs {
    router_id lb1
}
vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    virtual_ipaddress {
        192.0.2.10/32
    }
}

virtual_server 192.0.2.10 80 {
    lb_kind DR
}
`);
    // Per-line edits, not one replacement of the document.
    expect(edits.length).toBeGreaterThan(5);
    expect(edits.every((e) => e.range.end.line - e.range.start.line <= 2)).toBe(true);

    const tabs = (await c.connection.sendRequest('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 2, character: 0 }, end: { line: 3, character: 5 } },
      options: { tabSize: 8, insertSpaces: false },
    })) as TextEdit[];
    expect(applyEdits(MESSY, tabs).split('\n').slice(1, 5)).toEqual(['vrrp_instance VI_1{', '\tstate MASTER', '\tinterface eth0', 'virtual_router_id 51']);

    const lines = MESSY.split('\n');
    const full = (await c.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
    const decoded = decodeTokens(full.data).map((t) => `${t.line}:${lines[t.line].slice(t.character, t.character + t.length)}:${t.type}`);
    expect(decoded).toEqual(expect.arrayContaining(['0:global_defs:namespace', '0:router_id:keyword', '2:state:keyword', '2:MASTER:enumMember', '6:192.0.2.10/32:address', '12:lb_kind:keyword', '12:DR:enumMember']));

    // Right after an edit (the re-analysis is debounced), the tokens are those of the new text.
    await c.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' }]);
    const after = (await c.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
    const first = decodeTokens(after.data)[0];
    expect(first).toMatchObject({ line: 1, character: 0, type: 'namespace' });

    // Delta: after another edit, one small edit of the previous numbers that gives the new tokens.
    expect(after.resultId).toBeDefined();
    await c.change(uri, 3, [{ range: { start: { line: 4, character: 4 }, end: { line: 4, character: 4 } }, text: 'priority 100\n' }]);
    const delta = (await c.connection.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: after.resultId })) as SemanticTokensDelta;
    expect(delta.edits.length).toBe(1);
    expect(delta.edits[0].data!.length).toBeLessThan(20);
    const patched = [...after.data];
    patched.splice(delta.edits[0].start, delta.edits[0].deleteCount, ...(delta.edits[0].data ?? []));
    const fresh = (await c.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as SemanticTokens;
    expect(patched).toEqual(fresh.data);
    expect(decodeTokens(fresh.data).filter((t) => t.line === 4).map((t) => t.type)).toEqual(['keyword', 'number']);
    // An unknown previous result: the full tokens.
    const unknown = (await c.connection.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId: 'nope' })) as SemanticTokens;
    expect(unknown.data).toEqual(fresh.data);

    const range = (await c.connection.sendRequest('textDocument/semanticTokens/range', {
      textDocument: { uri },
      range: { start: { line: 3, character: 0 }, end: { line: 3, character: 20 } },
    })) as SemanticTokens;
    expect(decodeTokens(range.data).map((t) => `${t.line}:${t.type}`)).toEqual(['3:keyword', '3:enumMember']);
  }, 60_000);
});
