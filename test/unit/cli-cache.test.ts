import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// dist/cli.js (server/src/cli-cache.ts) runs the CLI bundle dist/cli-main.js with a V8 code cache: the cache must
// never change what lvs-lint prints or its exit status, whatever state it is in. `npm test` builds dist/ first.
const CLI = join(process.cwd(), 'dist/cli.js');
const MAIN = join(process.cwd(), 'dist/cli-main.js');
let dir: string;

function run(script: string, cacheHome: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
  delete env.LVS_LINT_NO_CODE_CACHE;
  const r = spawnSync(process.execPath, [script, ...args], { cwd: dir, encoding: 'utf8', env, timeout: 30_000 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}
const cacheFiles = (home: string): string[] => {
  try {
    return readdirSync(join(home, 'lvs-lint')).filter((f) => f.endsWith('.v8cache'));
  } catch {
    return [];
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lvs-cli-cache-'));
  writeFileSync(
    join(dir, 'keepalived.conf'),
    ['vrrp_instance VI_1 {', '    state MASTER', '    interface eth0', '    virtual_router_id 51', '    priority 300', '    virtual_ipaddress { 192.0.2.10 }', '}', ''].join('\n'),
  );
});

describe('lvs-lint code cache', () => {
  it('is written by the first analysing run and used by the next, with the same output as the bare bundle', () => {
    const home = mkdtempSync(join(tmpdir(), 'lvs-cache-home-'));
    const bare = run(MAIN, home, ['--format', 'json', '.']);
    expect(bare.code).toBe(1);
    expect(cacheFiles(home)).toEqual([]); // the bundle alone does not write it
    const first = run(CLI, home, ['--format', 'json', '.']);
    expect(cacheFiles(home)).toHaveLength(1);
    const second = run(CLI, home, ['--format', 'json', '.']);
    for (const r of [first, second]) {
      expect(r.code).toBe(bare.code);
      expect(r.out).toBe(bare.out);
      expect(r.err).toBe(bare.err);
    }
  });

  it('--help and usage errors do not write it', () => {
    const home = mkdtempSync(join(tmpdir(), 'lvs-cache-home-'));
    expect(run(CLI, home, ['--help']).code).toBe(0);
    expect(run(CLI, home, ['--no-such-option']).code).toBe(2);
    expect(cacheFiles(home)).toEqual([]);
  });

  it('a damaged or foreign cache file is ignored and written again (no crash)', () => {
    const home = mkdtempSync(join(tmpdir(), 'lvs-cache-home-'));
    const good = run(CLI, home, ['.']);
    const [name] = cacheFiles(home);
    const file = join(home, 'lvs-lint', name);
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    for (let i = flipped.length >> 1; i < (flipped.length >> 1) + 64; i++) flipped[i] ^= 0x5a;
    for (const damaged of [flipped, bytes.subarray(0, 1000), Buffer.alloc(0), Buffer.from('not a cache')]) {
      writeFileSync(file, damaged);
      const r = run(CLI, home, ['.']);
      expect(r.signal).toBeNull();
      expect([r.code, r.out, r.err]).toEqual([good.code, good.out, good.err]);
      expect(readFileSync(file).equals(damaged)).toBe(false);
    }
  });

  it('runs without it when the cache folder cannot be written', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'lvs-cache-home-')), 'file');
    writeFileSync(home, 'a file where the folder should be');
    const r = run(CLI, home, ['--format', 'json', '.']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).length).toBeGreaterThan(0);
  });
});
