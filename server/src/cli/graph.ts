/**
 * `lvs-lint graph [--format svg|dot|mermaid|json] PATH...`: the topology of a workspace (core/topology) drawn.
 * json is the `lvsConfig/topology` answer; svg is laid out by elkjs (loaded only here, bundled into the CLI).
 * Exit 0: drawn (findings do not change it: they are in the drawing); 2: usage error or unreadable path.
 */
import * as path from 'node:path';
import { analyzeWorkspace, type AnalysisOptions } from '../core/analysis';
import { NodeHost } from '../core/host';
import { PathError, resolveOperands } from '../core/workspace-files';
import type { FileKind } from '../core/detect';
import { buildTopology, collapseTopology, topologyInputOf } from '../core/topology/build';
import { elkGraphOf, viewOf, type ElkGraphNode, type ViewOptions } from '../core/topology/layout';
import { renderSvg } from '../core/topology/svg';
import { renderDot, renderMermaid } from '../core/topology/text';
import type { Topology } from '../core/topology/types';
import ELK_SOURCE from 'elkjs/lib/elk.bundled.js' with { type: 'text' };
import { FILE_KINDS } from '../core/detect';
import { RULES_BY_ID } from '../core/rules/index';
import { SCHEMA } from '../core/schema/index';
import { findProjectConfig, mergeOptions, readProjectConfig } from '../core/project-config';
import * as fs from 'node:fs';
import type { SeveritySetting } from '../core/types';

export type GraphFormat = 'svg' | 'dot' | 'mermaid' | 'json';
export const GRAPH_FORMATS: readonly GraphFormat[] = ['svg', 'dot', 'mermaid', 'json'];

export const GRAPH_USAGE = `Usage: lvs-lint graph [options] PATH...

Draws the topology of the workspace: directors, VRRP instances, VIPs, virtual services, real
servers (with their ARP hiding), and each one's errors and warnings.

Options:
  --format svg|dot|mermaid|json   output format (default: svg); json is the lvsConfig/topology shape
  --collapse                      draw the services of each VIP as one box (default for more than 40
                                  services); json: leave out the services and real servers (groups
                                  keep their summaries)
  --expand                        draw every service and real server
  --scope FILE                    only the part of the workspace connected to FILE
  --config-id ID, --target-version V, --lang KIND, --rule ID=SEVERITY   as for lvs-lint

Exit status: 0 drawn, 2 usage error or unreadable path.`;

export interface GraphArgs {
  format: GraphFormat;
  collapse: boolean | 'auto';
  scope?: string;
  options: AnalysisOptions;
  lang?: FileKind;
  paths: string[];
}

/** The topology of the files named by `paths` (throws PathError for unreadable operands). */
export function topologyOfPaths(a: GraphArgs, cwd: string): Topology {
  const files = resolveOperands(a.paths.map((p) => path.resolve(cwd, p)), a.lang);
  const ws = analyzeWorkspace(files, new NodeHost(), a.options);
  return buildTopology(topologyInputOf(ws), { scopeFile: a.scope && path.resolve(cwd, a.scope) });
}

interface ElkLike {
  layout(graph: ElkGraphNode): Promise<ElkGraphNode>;
}
type ElkConstructor = new () => ElkLike;

let elkConstructor: ElkConstructor | undefined;

/**
 * elkjs, compiled on first use. In dist/cli-main.js, elkjs' source follows the code as comment lines (esbuild.mjs,
 * ELK_TRAILER: a plain lint run neither reads nor loads its 1.6 MB) and the import is an empty string; a bare
 * esbuild bundle of cli.ts has it as a string; under vitest the import is the module itself.
 */
function elk(): ElkLike {
  if (!elkConstructor) {
    const src = ELK_SOURCE as unknown as string | ElkConstructor | { default: ElkConstructor };
    if (typeof src === 'string') {
      const code = src || elkFromTrailer(__filename);
      const mod: { exports: unknown } = { exports: {} };
      // The bundled elkjs is a CommonJS module (browserify): run it with its own module object.
      new Function('module', 'exports', 'require', code)(mod, mod.exports, require);
      elkConstructor = mod.exports as ElkConstructor;
    } else elkConstructor = typeof src === 'function' ? src : src.default;
  }
  return new elkConstructor();
}

/**
 * More boxes than this in a drawing, even with the groups collapsed: the VIPs of each instance are drawn as one box
 * (elkjs' layered layout of a few hundred boxes takes seconds).
 */
/** The line esbuild.mjs writes before elkjs' source (the same text there and in cli-cache.ts). */
// Joined at run time: the minifier would write a literal with its line breaks, and the code would hold the line.
const ELK_TRAILER = ['', '//lvs-lint:elkjs-source', ''].join('\n');

/** elkjs' source from the comment lines after ELK_TRAILER in the bundle `file` (each line is `//` + a line of it). */
function elkFromTrailer(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const at = text.indexOf(ELK_TRAILER);
  if (at < 0) throw new Error(`elkjs is missing from ${file} (build it with esbuild.mjs)`);
  return text
    .slice(at + ELK_TRAILER.length)
    .split('\n')
    .map((l) => l.slice(2))
    .join('\n');
}

export const SVG_MAX_BOXES = 120;

/** Lay out and render a topology in one of the formats. */
export async function renderTopology(t: Topology, format: GraphFormat, view: ViewOptions = {}): Promise<string> {
  if (format === 'json') return JSON.stringify(view.collapse === true ? collapseTopology(t, view.expanded ?? []) : t) + '\n';
  const v = viewOf(t, { maxBoxes: SVG_MAX_BOXES, ...view });
  if (format === 'dot') return renderDot(v);
  if (format === 'mermaid') return renderMermaid(v);
  const laid = await elk().layout(elkGraphOf(v));
  return renderSvg(v, laid);
}

export async function graphMain(a: GraphArgs, out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  let t: Topology;
  try {
    t = topologyOfPaths(a, cwd);
  } catch (e) {
    if (e instanceof PathError) {
      err(`lvs-lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  out(await renderTopology(t, a.format, { collapse: a.collapse }));
  return 0;
}

class GraphUsageError extends Error {}

export function parseGraphArgs(argv: string[]): GraphArgs | 'help' {
  const a: GraphArgs = { format: 'svg', collapse: 'auto', options: {}, paths: [] };
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
      if (v === undefined) throw new GraphUsageError(`${arg} needs a value`);
      return v;
    };
    switch (arg) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const f = need();
        if (!(GRAPH_FORMATS as readonly string[]).includes(f)) throw new GraphUsageError(`unknown graph format '${f}' (${GRAPH_FORMATS.join(', ')})`);
        a.format = f as GraphFormat;
        break;
      }
      case '--collapse':
        a.collapse = true;
        break;
      case '--expand':
        a.collapse = false;
        break;
      case '--scope':
        a.scope = need();
        break;
      case '--config-id':
        a.options.configId = need();
        break;
      case '--target-version': {
        const v = need().replace(/^v/, '');
        if (!SCHEMA.versions.includes(v)) throw new GraphUsageError(`unknown keepalived version '${v}' (one of ${SCHEMA.versions.join(', ')})`);
        a.options.targetVersion = v;
        break;
      }
      case '--lang': {
        const l = need();
        if (!(FILE_KINDS as readonly string[]).includes(l)) throw new GraphUsageError(`unknown language '${l}' (${FILE_KINDS.join(', ')})`);
        a.lang = l as FileKind;
        break;
      }
      case '--rule': {
        const m = /^([\w-]+)=(off|hint|information|warning|error)$/.exec(need());
        if (!m) throw new GraphUsageError('--rule takes ID=off|hint|information|warning|error');
        if (!RULES_BY_ID.has(m[1])) throw new GraphUsageError(`unknown rule '${m[1]}' (see --list-rules)`);
        rules[m[1]] = m[2] as SeveritySetting;
        break;
      }
      case '--':
        a.paths.push(...argv.slice(i + 1));
        i = argv.length;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new GraphUsageError(`unknown option '${arg}'`);
        a.paths.push(argv[i]);
    }
  }
  if (Object.keys(rules).length) a.options.rules = rules;
  return a;
}

/** `lvs-lint graph ARGS`: parse, read the project config, draw. */
export async function runGraph(argv: string[], out: (s: string) => void, err: (s: string) => void, cwd: string): Promise<number> {
  let a: GraphArgs | 'help';
  try {
    a = parseGraphArgs(argv);
  } catch (e) {
    if (!(e instanceof GraphUsageError)) throw e;
    err(`lvs-lint graph: ${e.message}\n${GRAPH_USAGE.split('\n')[0]}\n`);
    return 2;
  }
  if (a === 'help') {
    out(GRAPH_USAGE + '\n');
    return 0;
  }
  if (!a.paths.length) {
    err(`lvs-lint graph: no PATH given\n${GRAPH_USAGE.split('\n')[0]}\n`);
    return 2;
  }
  const start = path.resolve(cwd, a.paths[0]);
  const found = findProjectConfig(fs.existsSync(start) && fs.statSync(start).isDirectory() ? start : path.dirname(start));
  if (found) {
    try {
      const pc = readProjectConfig(found, new Set(RULES_BY_ID.keys()), SCHEMA.versions);
      for (const p of pc.problems) err(`lvs-lint: ${path.relative(cwd, found) || found}: ${p} (ignored)\n`);
      a.options = mergeOptions(pc.options, a.options);
    } catch (e) {
      err(`lvs-lint: ${(e as Error).message}\n`);
      return 2;
    }
  }
  return graphMain(a, out, err, cwd);
}
