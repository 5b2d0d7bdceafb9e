// `npm run bench`: the whole benchmark, after `npm run build`.
//   1. bench/run.mjs: lvs-lint against keepalived --config-test (whole process) and the in-process analysis, with
//      its goals; its arguments are passed on (`npm run bench -- --quick`, `-- --profile`, `-- --rounds N`);
//   2. the language server over the protocol on the same 1.4 MB config (bench/out/lvs-2000.conf, written by 1.):
//      editor.mjs (completion, hover, inlay hints, code lenses, keystroke → diagnostics), navigation.mjs (outline,
//      folding, definition, references, rename, workspace symbols), format-tokens.mjs (formatting, semantic tokens)
//      and preview.mjs (the topology request). `--quick` and `--profile` skip them; `--no-editor` too.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

const args = process.argv.slice(2);
const step = (script, scriptArgs = []) => {
  const r = spawnSync(process.execPath, [script, ...scriptArgs], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`${script} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
};

step('bench/run.mjs', args);
if (args.some((a) => a === '--quick' || a === '--profile' || a === '--no-editor')) process.exit(0);
for (const script of ['bench/editor.mjs', 'bench/navigation.mjs', 'bench/format-tokens.mjs', 'bench/preview.mjs']) {
  console.log(`\n${script} (load average ${loadavg()[0].toFixed(2)})`);
  step(script);
}
