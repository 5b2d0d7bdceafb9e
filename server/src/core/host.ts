/**
 * The file system as the analysis sees it. The CLI uses the disk; the language server overlays the
 * open editors' unsaved text. Core code reads files only through a Host.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import fg from 'fast-glob';

export type ReadResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'missing' | 'directory' | 'unreadable' | 'binary' | 'too-large'; detail?: string };

export interface Host {
  readFile(file: string): ReadResult;
  /** glob(3)-like expansion (with `{a,b}` braces), absolute results in byte order; directories end with `/`. */
  glob(pattern: string, cwd: string, limit: number): { matches: string[]; truncated: boolean };
  /** The canonical path (symlinks resolved), to recognise one file reached by several paths. */
  realpath?(file: string): string;
  /** True when the file exists and is executable (keepalived refuses to include executables). */
  isExecutable?(file: string): boolean;
}

/** Files above this size are not analysed (keepalived reads any size, but a 64 MB config is not a config). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const GLOB_CHARS = /[*?[\]{}]/;

export class NodeHost implements Host {
  constructor(private readonly overlay?: (file: string) => string | undefined) {}

  readFile(file: string): ReadResult {
    const open = this.overlay?.(file);
    if (open !== undefined) return { ok: true, text: open };
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return { ok: false, reason: 'missing' };
    }
    if (st.isDirectory()) return { ok: false, reason: 'directory' };
    // FIFOs, sockets and devices (/dev/zero) would block or never end: only regular files are read.
    if (!st.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
    if (st.size > MAX_FILE_BYTES) return { ok: false, reason: 'too-large', detail: `${st.size} bytes` };
    try {
      const buf = fs.readFileSync(file);
      return { ok: true, text: buf.toString('utf8') };
    } catch (e) {
      return { ok: false, reason: 'unreadable', detail: (e as Error).message };
    }
  }

  glob(pattern: string, cwd: string, limit: number): { matches: string[]; truncated: boolean } {
    const abs = path.isAbsolute(pattern) ? pattern : path.join(cwd, pattern);
    if (!GLOB_CHARS.test(pattern)) {
      try {
        const st = fs.statSync(abs);
        return { matches: [st.isDirectory() ? abs + '/' : abs], truncated: false };
      } catch {
        return { matches: [], truncated: false };
      }
    }
    let matches: string[];
    try {
      // glob(3) has no globstar: `**` is `*`, one path level. Matching depth is bounded by the pattern.
      const flat = abs.replace(/\*\*+/g, '*');
      matches = fg.sync(flat, {
        deep: flat.split('/').length,
        onlyFiles: false,
        markDirectories: true,
        dot: false,
        followSymbolicLinks: true,
        suppressErrors: true,
        absolute: true,
      });
    } catch {
      matches = [];
    }
    matches.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const truncated = matches.length > limit;
    return { matches: truncated ? matches.slice(0, limit) : matches, truncated };
  }

  realpath(file: string): string {
    try {
      return fs.realpathSync(file);
    } catch {
      return file;
    }
  }

  isExecutable(file: string): boolean {
    try {
      return (fs.statSync(file).mode & 0o111) !== 0;
    } catch {
      return false;
    }
  }
}
