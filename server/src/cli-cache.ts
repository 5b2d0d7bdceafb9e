/**
 * dist/cli.js, the `lvs-lint` command: starts the CLI bundle (dist/cli-main.js, built from cli.ts) with a V8 code
 * cache, so that a run does not compile the bundle's functions again (Node 20 has no built-in compile cache).
 *
 * The cache is the bytecode V8 produced during an earlier run (vm.Script#createCachedData after the run, so it
 * holds the functions the analysis used, not just the top level). It lives in the user's own cache folder
 * ($XDG_CACHE_HOME/lvs-lint or ~/.cache/lvs-lint, never a shared temporary folder: V8 trusts its cache), under a
 * name made of a hash of the bundle, the Node version and the architecture. It is not used when its checksum
 * does not match or V8 rejects it (V8 version, flags), and it is then written again. Every cache operation is
 * best effort: when the folder cannot be read or written, the CLI runs as without it. LVS_LINT_NO_CODE_CACHE=1
 * turns it off.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

const BUNDLE = path.join(__dirname, 'cli-main.js');
const SUFFIX = '.v8cache';

function cacheFolder(): string | undefined {
  if (process.env.LVS_LINT_NO_CODE_CACHE) return undefined;
  const base = process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : '');
  return base && path.isAbsolute(base) ? path.join(base, 'lvs-lint') : undefined;
}

/**
 * The file is the SHA-1 of the data, then the data. V8 checks the cache's version, flags and source length but,
 * in release builds, not its content: a damaged file (disk, copy) could crash the process. A damaged file is
 * ignored (and written again after the run).
 */
const DIGEST = 20;
const digest = (data: Uint8Array): Buffer => createHash('sha1').update(data).digest();

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    const raw = fs.readFileSync(file);
    const data = raw.subarray(DIGEST);
    return raw.length > DIGEST && digest(data).equals(raw.subarray(0, DIGEST)) ? data : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(folder: string, file: string, data: Buffer): void {
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([digest(data), data]), { mode: 0o600 });
    fs.renameSync(tmp, file);
    // Caches of other builds are of no more use.
    for (const f of fs.readdirSync(folder)) if (f.endsWith(SUFFIX) && path.join(folder, f) !== file) fs.rmSync(path.join(folder, f), { force: true });
  } catch {
    /* best effort */
  }
}

/** Runs that analyse something compile the functions worth caching; --help and the like do not. */
function worthCaching(argv: string[]): boolean {
  return (process.exitCode === 0 || process.exitCode === 1) && !argv.some((a) => /^(-h|--help|-v|--version|--list-rules)$/.test(a));
}

/**
 * The code of the bundle: what comes before elkjs' source, which esbuild.mjs appends as comment lines after this
 * line (ELK_TRAILER there; cli/graph.ts reads it when it draws an SVG). A lint run neither hashes nor loads it.
 */
// Joined at run time: the minifier would write a literal with its line breaks, and the code would hold the line.
const ELK_TRAILER = ['', '//lvs-lint:elkjs-source', ''].join('\n');
const raw = fs.readFileSync(BUNDLE);
const codeEnd = raw.indexOf(ELK_TRAILER);
const source = (codeEnd >= 0 ? raw.subarray(0, codeEnd + 1) : raw).toString('utf8');
const folder = cacheFolder();
const file = folder && path.join(folder, createHash('sha1').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex') + SUFFIX);
const cachedData = readCache(file);
// The bundle is CommonJS: run it as Node would, in a function of (exports, require, module, __filename,
// __dirname). It gets this module's `module` and `require`, so its `require.main === module` guard holds exactly
// when this file is the program (and not when it is only required, as the benchmark's "load" row does).
// The wrapper takes a line of its own (lineOffset -1): positions in stack traces and profiles are the bundle's.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, { filename: BUNDLE, lineOffset: -1, cachedData });
const run = script.runInThisContext() as (e: unknown, r: NodeRequire, m: NodeModule, f: string, d: string) => void;
run.call(module.exports, module.exports, require, module, BUNDLE, __dirname);
if (folder && file && require.main === module && (!cachedData || script.cachedDataRejected) && worthCaching(process.argv.slice(2))) {
  writeCache(folder, file, script.createCachedData());
}
