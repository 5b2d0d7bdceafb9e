/**
 * Editor features over the protocol (dist/server.js over stdio): completion while a line is being typed (before the
 * debounced re-analysis), keyword and VIP hover, inlay hints and code lenses, in a workspace holding a DR director
 * and its real servers' sysctl files.
 */
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodeLens, CompletionList, Hover, InlayHint } from 'vscode-languageserver-protocol';
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

const DIRECTOR = `vrrp_script chk_web {
    script "/usr/bin/curl -fs http://127.0.0.1/"
}

vrrp_instance VI_WEB {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        192.0.2.10/32 dev eth0
    }
    track_script {
        chk_web
    }
}

virtual_server 192.0.2.10 80 {
    lb_kind DR
    real_server 10.0.0.11 80 {
        weight 1
    }
    real_server 10.0.0.12 80 {
        weight 1
    }
}
`;
const GOOD = 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n';
const BAD = 'net.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2\n';

const labels = (r: CompletionList | null): string[] => (r?.items ?? []).map((i) => i.label);
const text = (h: Hover | null): string => JSON.stringify(h?.contents ?? '');

describe('editor features in the language server', () => {
  it('completes, hovers, shows inlay hints and code lenses', async () => {
    const ws = makeWorkspace({
      'lb/keepalived.conf': DIRECTOR,
      'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf': GOOD,
      'realservers/10.0.0.12/etc/sysctl.d/90-lvs-dr.conf': BAD,
    });
    dirs.push(ws);
    // A client that lets the server ask it to re-request inlay hints and code lenses (VS Code does).
    const c = await LspClient.start({
      folders: [ws],
      capabilities: (caps) => {
        caps.workspace = { ...caps.workspace, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } };
      },
    });
    clients.push(c);
    const conf = fileUri(path.join(ws, 'lb/keepalived.conf'));
    await c.open(conf, DIRECTOR);
    await c.waitForDiagnostics(conf);
    await c.quiet(400);

    const caps = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: conf }, position: { line: 18, character: 4 } })) as CompletionList | null;
    expect(labels(caps)).toContain('persistence_timeout');
    // A space typed as indentation does not pop the keyword list up; a space after a keyword asks for its values.
    const indent = await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: conf }, position: { line: 18, character: 4 }, context: { triggerKind: 2, triggerCharacter: ' ' } });
    expect(indent).toBeNull();

    // The user types `    lb_algo ` on a new line and asks for completion at once (no re-analysis yet).
    await c.change(conf, 2, [{ range: { start: { line: 18, character: 14 }, end: { line: 18, character: 14 } }, text: '\n    lb_algo ' }]);
    const algo = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: conf }, position: { line: 19, character: 12 } })) as CompletionList | null;
    expect(labels(algo)).toEqual(expect.arrayContaining(['rr', 'wrr', 'wlc', 'sh', 'mh']));
    expect(algo!.items[0].textEdit).toEqual({ range: { start: { line: 19, character: 12 }, end: { line: 19, character: 12 } }, newText: 'rr' });
    await c.change(conf, 3, [{ range: { start: { line: 19, character: 12 }, end: { line: 19, character: 12 } }, text: 'rr' }]);
    await c.quiet(400);

    // Names where referenced: a new line inside track_script.
    await c.change(conf, 4, [{ range: { start: { line: 12, character: 18 }, end: { line: 12, character: 18 } }, text: '\n        ' }]);
    const names = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: conf }, position: { line: 13, character: 8 } })) as CompletionList | null;
    expect(labels(names)).toEqual(['chk_web']);
    await c.change(conf, 5, [{ range: { start: { line: 12, character: 18 }, end: { line: 13, character: 8 } }, text: '' }]);
    await c.quiet(400);

    const kw = await c.hover(conf, { line: 18, character: 6 });
    expect(text(kw)).toContain('forwarding method');
    const vip = await c.hover(conf, { line: 17, character: 18 });
    expect(text(vip)).toContain('VIP of `vrrp_instance VI_WEB`');
    expect(text(vip)).toContain('10.0.0.12');
    const name = await c.hover(conf, { line: 4, character: 1 });
    expect(text(name)).toContain('VRRP instance');

    const hints = (await c.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri: conf }, range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } } })) as InlayHint[];
    expect(hints.map((h) => h.label)).toEqual(['protocol UDP (default)']);

    const lenses = (await c.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: conf } })) as CodeLens[];
    expect(lenses.map((l) => l.command?.title)).toEqual(['DR · rr · UDP (default) · 2 real servers · 1 lacks ARP hiding']);
    expect(lenses[0].range.start).toEqual({ line: 17, character: 0 });

    // After each re-analysis the server asks the client to re-request them (they were asked for before it).
    expect(c.unhandledRequests).toContain('workspace/inlayHint/refresh');
    expect(c.unhandledRequests).toContain('workspace/codeLens/refresh');

    // Sysctl completion in a real-server file opened in the editor.
    const sysctl = fileUri(path.join(ws, 'realservers/10.0.0.12/etc/sysctl.d/90-lvs-dr.conf'));
    await c.open(sysctl, BAD + 'net.ipv4.conf.all.arp_announce = ', 'sysctl');
    const values = (await c.connection.sendRequest('textDocument/completion', { textDocument: { uri: sysctl }, position: { line: 2, character: 33 } })) as CompletionList | null;
    expect(labels(values)).toEqual(['0', '1', '2']);
  }, 60_000);

  it('does not ask a client without refresh support to refresh', async () => {
    const ws = makeWorkspace({ 'keepalived.conf': DIRECTOR });
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws] });
    clients.push(c);
    const conf = fileUri(path.join(ws, 'keepalived.conf'));
    await c.open(conf, DIRECTOR);
    await c.waitForDiagnostics(conf);
    await c.quiet(400);
    expect(c.unhandledRequests.filter((m) => m.endsWith('/refresh'))).toEqual([]);
  }, 30_000);
});
