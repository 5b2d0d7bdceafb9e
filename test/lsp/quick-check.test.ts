/**
 * The keystroke path over the protocol (dist/server.js over stdio, server.ts `edited`): on a large config (the
 * benchmark's generator, 1.4 MB) an edit gets a quick check of the statement it touched at once, published before
 * the full analysis; the full analysis follows and has the last word. An edit a quick check cannot take (braces left
 * open) waits for the full analysis. `LVS_CONFIG_TRACE=1` makes the server say on stderr which path ran.
 */
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
// @ts-expect-error: a plain ES module of the benchmark (bench/gen.mjs), no types.
import { generate } from '../../bench/gen.mjs';
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

describe('diagnostics while typing in a large config', () => {
  it('a quick check shows the error of a keystroke before the full analysis, which then agrees', async () => {
    const text: string = generate(2000);
    const ws = makeWorkspace({ 'keepalived.conf': text });
    dirs.push(ws);
    const c = await LspClient.start({ folders: [ws], env: { LVS_CONFIG_TRACE: '1' } });
    clients.push(c);
    const uri = fileUri(path.join(ws, 'keepalived.conf'));
    await c.open(uri, text);
    await c.waitForDiagnostics(uri, () => true, 60_000);
    await c.quiet(1000, 60_000);
    const before = c.latest(uri)!;
    const lines = text.split('\n');
    const line = lines.findIndex((l, i) => i > lines.length / 2 && /^\s+lb_kind DR$/.test(l));
    const col = lines[line].length;
    const onLine = (ds: Diagnostic[]): Diagnostic[] => ds.filter((d) => d.range.start.line === line && d.code === 'invalid-value');

    // `lb_kind DR` → `lb_kind D`.
    const since = c.seq;
    const traced = c.stderr.length;
    await c.change(uri, 2, [{ range: { start: { line, character: col - 1 }, end: { line, character: col } }, text: '' }]);
    const quick = await c.waitForDiagnostics(uri, (ds) => onLine(ds).length > 0, 30_000, since);
    expect(onLine(quick)[0].message).toMatch(/lb_kind/);
    // Everything else is as before the keystroke.
    expect(quick.length).toBe(before.length + 1);
    await c.quiet(2500, 60_000);
    const log = c.stderr.slice(traced);
    expect(log).toMatch(/quick check done[^\n]*\n(.|\n)*analysis of 1 file/);
    // The first publication after the keystroke was the quick one; the full analysis agrees with it except for the
    // findings of other rules on the edited virtual_server (here: with `lb_kind D` the service is no longer DR, so
    // `realserver-config-missing` no longer applies to it: that waits for the full analysis).
    const after = c.publishesFor(uri).filter((p) => p.seq > since);
    expect(onLine(after[0].diagnostics)).toHaveLength(1);
    let vsStart = line;
    while (!lines[vsStart].startsWith('virtual_server ')) vsStart--;
    let vsEnd = line;
    while (lines[vsEnd] !== '}') vsEnd++;
    // (`data` is the number of the fixes on the server: a new analysis numbers them anew.)
    const outsideVs = (ds: Diagnostic[]): string[] => ds.filter((d) => d.range.start.line < vsStart || d.range.start.line > vsEnd).map((d) => JSON.stringify({ ...d, data: undefined }));
    const full = c.latest(uri)!;
    expect(outsideVs(full)).toEqual(outsideVs(quick));
    const inside = (ds: Diagnostic[]): string[] => ds.filter((d) => !outsideVs([d]).length).map((d) => `${d.code} ${d.range.start.line}`);
    expect(inside(quick)).toEqual([`realserver-config-missing ${vsStart}`, `invalid-value ${line}`]);
    expect(inside(full)).toEqual([`invalid-value ${line}`]);

    // `D` → `DR` again: the error goes, at once.
    const since2 = c.seq;
    await c.change(uri, 3, [{ range: { start: { line, character: col - 1 }, end: { line, character: col - 1 } }, text: 'R' }]);
    await c.waitForDiagnostics(uri, (ds) => onLine(ds).length === 0, 30_000, since2);
    // And the full analysis brings back the information the service gets as a DR service: as before the edits.
    await c.quiet(2500, 60_000);
    const bare = (ds: Diagnostic[]): string => JSON.stringify(ds.map((d) => ({ ...d, data: undefined })));
    expect(bare(c.latest(uri)!)).toBe(bare(before));

    // An opened block left unclosed: no quick check; the full analysis reports it.
    const traced2 = c.stderr.length;
    const since3 = c.seq;
    await c.change(uri, 4, [{ range: { start: { line, character: col }, end: { line, character: col } }, text: '\n    real_server 10.9.9.9 80 {' }]);
    const open = await c.waitForDiagnostics(uri, (ds) => ds.some((d) => d.code === 'unclosed-brace'), 60_000, since3);
    expect(open.some((d) => d.code === 'unclosed-brace')).toBe(true);
    expect(c.stderr.slice(traced2)).toMatch(/quick check declined/);
  }, 180_000);
});
