import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('architecture invariants (ARCHITECTURE.md)', () => {
  it('the analysis core imports nothing editor- or protocol-specific', () => {
    const offenders: string[] = [];
    for (const f of tsFiles('server/src/core')) {
      for (const i of imports(f)) {
        if (/^vscode/.test(i) || i.includes('/lsp/') || i.includes('../server') || i.includes('/cli')) offenders.push(`${f} imports ${i}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only server.ts creates the LSP connection', () => {
    const creators = [...tsFiles('server/src'), ...tsFiles('client/src')].filter((f) => /createConnection\(/.test(readFileSync(f, 'utf8')));
    expect(creators).toEqual(['server/src/server.ts']);
  });

  it('every rule lives in its own file named after its id', async () => {
    const { RULES } = await import('../../server/src/core/rules/index');
    const files = readdirSync('server/src/core/rules').filter((n) => n.endsWith('.ts') && n !== 'index.ts' && n !== 'util.ts');
    expect(files.map((n) => n.replace(/\.ts$/, '')).sort()).toEqual(RULES.map((r) => r.id).sort());
    for (const f of files) {
      const text = readFileSync(join('server/src/core/rules', f), 'utf8');
      expect(text).toMatch(new RegExp(`id: ['"]${f.replace(/\.ts$/, '')}['"]`));
    }
  }, 60_000);
});
