/**
 * Real-server files in the editor (dist/server.js over stdio): a director config and a real server's sysctl and
 * ifcfg files in one workspace folder. The sysctl file gets the DR findings without being opened (workspace scan),
 * editing it in the editor clears them (and their summary on the director's real_server line), hover explains which real server the file describes, and the findings
 * carry quick fixes.
 */
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
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

const DIRECTOR = `vrrp_instance VI_WEB {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        192.0.2.10/32 dev eth0
    }
}

virtual_server 192.0.2.10 80 {
    lb_algo wlc
    lb_kind DR
    protocol TCP
    real_server 10.0.0.11 80 {
        TCP_CHECK {
            connect_timeout 3
        }
    }
}
`;
const LO_ONLY = '# web1\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.lo.arp_announce = 2\n';
const ALL = '# web1\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n';
const IFCFG = 'DEVICE=lo:0\nIPADDR=192.0.2.10\nNETMASK=255.255.255.255\nONBOOT=yes\n';

const dr = (ds: Diagnostic[] | undefined): Diagnostic[] => (ds ?? []).filter((d) => /^arp-/.test(String(d.code)));

describe('real-server files in the language server', () => {
  it('reports DR findings in a sysctl file of the workspace, clears them when it is fixed in the editor, and explains the matching on hover', async () => {
    const ws = makeWorkspace({
      'lb/keepalived.conf': DIRECTOR,
      'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf': LO_ONLY,
      'realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0': IFCFG,
    });
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws] });
    clients.push(c);
    const sysctl = fileUri(path.join(ws, 'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf'));
    const director = fileUri(path.join(ws, 'lb/keepalived.conf'));
    await c.open(director, DIRECTOR);

    // Not opened: found by the workspace scan and joined to real server 10.0.0.11 by the address in its path.
    const found = dr(await c.waitForDiagnostics(sysctl, (ds) => dr(ds).length > 0, 15_000));
    expect(found.length).toBeGreaterThan(0);
    expect(found.some((d) => d.severity === 1)).toBe(true);
    expect(found.map((d) => d.message).join('\n')).toMatch(/10\.0\.0\.11/);
    expect(found.every((d) => d.source === 'lvs-config' && String(d.codeDescription?.href).endsWith(`${d.code}.md`))).toBe(true);

    // The director's side shows it too, on the real_server line, with links to the real server's file.
    const mirror = (ds: Diagnostic[] | undefined): Diagnostic[] => (ds ?? []).filter((d) => d.code === 'real-server-problems');
    const onDirector = mirror(await c.waitForDiagnostics(director, (ds) => mirror(ds).length === 1, 15_000));
    expect(onDirector[0].severity).toBe(2);
    expect(onDirector[0].range.start.line).toBe(14); // `    real_server 10.0.0.11 80 {`
    expect(onDirector[0].relatedInformation?.some((r) => r.location.uri === sysctl)).toBe(true);

    const actions = await c.codeActions(sysctl, found[0].range, [found[0]], ['quickfix']);
    expect((actions ?? []).length).toBeGreaterThan(0);

    const hover = await c.hover(sysctl, { line: 0, character: 2 });
    expect(JSON.stringify(hover?.contents)).toContain('describes real server `10.0.0.11`');
    const keyHover = await c.hover(sysctl, { line: 1, character: 18 });
    expect(JSON.stringify(keyHover?.contents)).toContain('maximum');

    // The operator fixes the file in the editor: the findings go away.
    await c.open(sysctl, LO_ONLY, 'sysctl');
    const since = c.seq;
    await c.change(sysctl, 2, [{ text: ALL }]);
    const after = await c.waitForDiagnostics(sysctl, (ds) => dr(ds).length === 0, 15_000, since);
    expect(dr(after)).toEqual([]);
    expect(dr(c.latest(director))).toEqual([]);
    expect(mirror(await c.waitForDiagnostics(director, (ds) => mirror(ds).length === 0, 15_000))).toEqual([]);
  }, 60_000);
});
