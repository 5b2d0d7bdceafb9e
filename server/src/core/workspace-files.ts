/**
 * Finding the files to analyse: a file named explicitly is always analysed; a folder is walked for the
 * file kinds the project knows (by name, then by content); a glob is expanded.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';
import { detectKind, kindFromName, type FileKind } from './detect';

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);
const MAX_SNIFF_BYTES = 64 * 1024;
const MAX_WALK_FILES = 100_000;

export interface FoundFile {
  path: string;
  kind: FileKind;
}

export class PathError extends Error {}

function sniff(file: string): string | undefined {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(MAX_SNIFF_BYTES);
      const n = fs.readSync(fd, buf, 0, MAX_SNIFF_BYTES, 0);
      return buf.subarray(0, n).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Walk a folder for keepalived files (name first, content for `.conf`-like and extension-less files). */
export function walkFolder(dir: string): FoundFile[] {
  const out: FoundFile[] = [];
  const stack = [dir];
  let visited = 0;
  while (stack.length) {
    const d = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) stack.push(p);
        continue;
      }
      if (!e.isFile() || ++visited > MAX_WALK_FILES) continue;
      const byName = kindFromName(p);
      if (byName) {
        out.push({ path: p, kind: byName });
        continue;
      }
      if (!/\.(conf|cfg|cnf)$|^[^.]+$|\.conf[._-]/.test(e.name)) continue;
      const text = sniff(p);
      const kind = text !== undefined ? detectKind(p, text) : undefined;
      if (kind) out.push({ path: p, kind });
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Resolve CLI operands: files (always analysed, as the kind their name or content says, or `forced`),
 * folders (walked), globs (expanded). Throws PathError for a path that does not exist or matches nothing.
 */
export function resolveOperands(operands: string[], forced?: FileKind): FoundFile[] {
  const out = new Map<string, FoundFile>();
  for (const op of operands) {
    const abs = path.resolve(op);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(abs);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) {
      for (const f of walkFolder(abs)) out.set(f.path, forced ? { ...f, kind: forced } : f);
      continue;
    }
    if (st?.isFile()) {
      const text = sniff(abs);
      if (text === undefined) throw new PathError(`cannot read ${op}`);
      out.set(abs, { path: abs, kind: forced ?? detectKind(abs, text) ?? 'keepalived' });
      continue;
    }
    if (/[*?[{]/.test(op)) {
      const matches = fg.sync(op, { absolute: true, onlyFiles: true, dot: false, suppressErrors: true });
      if (!matches.length) throw new PathError(`no file matches ${op}`);
      for (const m of matches.sort()) {
        const kind = forced ?? detectKind(m, sniff(m));
        if (kind) out.set(m, { path: m, kind });
      }
      continue;
    }
    if (st) throw new PathError(`not a regular file or folder: ${op}`);
    throw new PathError(`no such file or directory: ${op}`);
  }
  return [...out.values()];
}
