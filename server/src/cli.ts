/**
 * lvs-lint: the analysis core on the command line.
 *   lvs-lint [--format text|json|sarif] [--config-id ID] [--target-version V] [--lang KIND] PATH...
 *   lvs-lint graph [--format svg|dot|mermaid|json] PATH...   (cli/graph.ts)
 * Exit 0: no error-severity diagnostic; 1: at least one; 2: usage error or unreadable path.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeWorkspace, type AnalysisOptions } from './core/analysis';
import { findProjectConfig, mergeOptions, readProjectConfig } from './core/project-config';
import { NodeHost } from './core/host';
import { RULES, RULES_BY_ID } from './core/rules/index';
import { SCHEMA } from './core/schema/index';
import { PathError, resolveOperands } from './core/workspace-files';
import { FILE_KINDS, type FileKind } from './core/detect';
import { formatJson, formatSarif, formatText, type Format } from './cli/format';
import type { Diagnostic, SeveritySetting } from './core/types';
import { sortDiagnostics } from './core/lint/runner';
import { runGraph } from './cli/graph';

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

const USAGE = `Usage: lvs-lint [options] PATH...
       lvs-lint graph [--format svg|dot|mermaid|json] PATH...   (see lvs-lint graph --help)

Checks keepalived configurations and the real-server files of LVS direct routing (sysctl,
scripts, arptables/iptables rule files, ifcfg) in files, folders, globs. A folder is one workspace:
its files are analysed together, as the editor does.

Options:
  --format text|json|sarif   output format (default: text)
  --config-id ID             keepalived --config-id: which @ID lines are active
                             (default: none, as on a host matching no @ line)
  --target-version V         oldest keepalived version to support (default: ${SCHEMA.newestVersion});
                             one of ${SCHEMA.versions.join(', ')}
  --lang KIND                read every PATH as this kind of file: keepalived, sysctl,
                             shell, arptables, iptables or ifcfg
  --rule ID=SEVERITY         override a rule's severity (off|hint|information|warning|error); repeatable
  --list-rules               print the rules and exit
  -h, --help                 this help
  -v, --version              print the version

Exit status: 0 no errors, 1 errors found, 2 usage error or unreadable path.`;

class UsageError extends Error {}

interface Args {
  format: Format;
  options: AnalysisOptions;
  lang?: FileKind;
  paths: string[];
  listRules: boolean;
}

function parseArgs(argv: string[]): Args | 'help' | 'version' {
  const a: Args = { format: 'text', options: {}, paths: [], listRules: false };
  const rules: Record<string, SeveritySetting> = {};
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const need = (): string => {
      if (value !== undefined) return value;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '--format': {
        const f = need();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format '${f}' (text, json or sarif)`);
        a.format = f;
        break;
      }
      case '--config-id':
        a.options.configId = need();
        break;
      case '--target-version': {
        const v = need().replace(/^v/, '');
        if (!SCHEMA.versions.includes(v)) throw new UsageError(`unknown keepalived version '${v}' (one of ${SCHEMA.versions.join(', ')})`);
        a.options.targetVersion = v;
        break;
      }
      case '--lang': {
        const l = need();
        if (!(FILE_KINDS as readonly string[]).includes(l)) throw new UsageError(`unknown language '${l}' (${FILE_KINDS.join(', ')})`);
        a.lang = l as FileKind;
        break;
      }
      case '--rule': {
        const m = /^([\w-]+)=(off|hint|information|warning|error)$/.exec(need());
        if (!m) throw new UsageError('--rule takes ID=off|hint|information|warning|error');
        if (!RULES_BY_ID.has(m[1])) throw new UsageError(`unknown rule '${m[1]}' (see --list-rules)`);
        rules[m[1]] = m[2] as SeveritySetting;
        break;
      }
      case '--list-rules':
        a.listRules = true;
        break;
      case '--':
        a.paths.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        a.paths.push(argv[i]);
    }
  }
  if (Object.keys(rules).length) a.options.rules = rules;
  return a;
}

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void, cwd = process.cwd()): number | Promise<number> {
  // `lvs-lint graph ...`: the topology drawn (cli/graph.ts; asynchronous: the SVG layout is elkjs').
  if (argv[0] === 'graph') return runGraph(argv.slice(1), out, err, cwd);
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err(`lvs-lint: ${(e as Error).message}\n${USAGE.split('\n')[0]}\n`);
    return 2;
  }
  if (args === 'help') {
    out(USAGE + '\n');
    return 0;
  }
  if (args === 'version') {
    out(`lvs-lint ${VERSION} (keepalived keyword data up to ${SCHEMA.newestVersion})\n`);
    return 0;
  }
  if (args.listRules) {
    out(RULES.map((r) => `${r.id.padEnd(22)} ${r.defaultSeverity.padEnd(11)} ${r.docs.summary}`).join('\n') + '\n');
    return 0;
  }
  if (!args.paths.length) {
    err(`lvs-lint: no PATH given\n${USAGE.split('\n')[0]}\n`);
    return 2;
  }
  // The project's .lvs-config.json (nearest above the first PATH); flags override it.
  const start = path.resolve(cwd, args.paths[0]);
  const found = findProjectConfig(fs.existsSync(start) && fs.statSync(start).isDirectory() ? start : path.dirname(start));
  if (found) {
    try {
      const pc = readProjectConfig(found, new Set(RULES_BY_ID.keys()), SCHEMA.versions);
      for (const p of pc.problems) err(`lvs-lint: ${path.relative(cwd, found) || found}: ${p} (ignored)\n`);
      args.options = mergeOptions(pc.options, args.options);
    } catch (e) {
      err(`lvs-lint: ${(e as Error).message}\n`);
      return 2;
    }
  }
  let files;
  try {
    files = resolveOperands(args.paths, args.lang);
  } catch (e) {
    if (e instanceof PathError) {
      err(`lvs-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const host = new NodeHost();
  // The CLI prints findings, never fixes: rules may skip building them.
  const ws = analyzeWorkspace(files, host, { ...args.options, fixes: false });
  const all: Diagnostic[] = sortDiagnostics([...ws.byFile.values()].flat());
  if (args.format === 'json') out(formatJson(all, cwd));
  else if (args.format === 'sarif') out(formatSarif(all, RULES, cwd, VERSION));
  else {
    const text = formatText(all, cwd);
    out(text || `${files.length} file${files.length === 1 ? '' : 's'} checked, no problems.\n`);
  }
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}

if (require.main === module) {
  // `lvs-lint ... | head`: a closed pipe ends the output quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  let code: number | Promise<number>;
  const internal = (e: unknown): number => {
    process.stderr.write(`lvs-lint: internal error: ${(e as Error).message}\n`);
    return 2;
  };
  try {
    code = main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  } catch (e) {
    code = internal(e);
  }
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c), (e) => (process.exitCode = internal(e)));
}
