/**
 * Child-process entry of the robustness suite (bundled by support.ts bundles()): analyse one root file from disk
 * with NodeHost, as the CLI and the language server do, and print a JSON summary on stdout. Run in a child so that
 * a read that never returns (a FIFO, /dev/zero) shows as a timeout instead of freezing the test worker.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { analyzeConfig } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';

const root = process.argv[2];
const t0 = performance.now();
const host = new NodeHost();
const r = host.readFile(root);
const text = r.ok ? r.text : readFileSync(root, 'utf8');
const a = analyzeConfig(root, text, host);
process.stdout.write(
  JSON.stringify({
    ms: Math.round(performance.now() - t0),
    files: a.config.files,
    diagnostics: a.diagnostics.map((d) => ({ code: d.code, file: d.file, line: d.range.start.line, message: d.message })),
  }) + '\n',
);
