// The generated keepalived grammar against the schema it comes from: every keyword entry of every block is coloured
// at a statement start with the scope of its kind, every enum value after its keyword, and unknown words are not.
// (The hand-picked lines are in keepalived.test.conf, run by `npm run test:grammar`.)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import * as vt from 'vscode-textmate';
import * as onig from 'vscode-oniguruma';
import { SCHEMA } from '../../server/src/core/schema';
import type { KeywordSpec } from '../../server/src/core/schema';

const require = createRequire(import.meta.url);
let grammar: vt.IGrammar;

beforeAll(async () => {
  await onig.loadWASM(readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')).buffer);
  const registry = new vt.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new onig.OnigScanner(p), createOnigString: (s: string) => new onig.OnigString(s) }),
    loadGrammar: async () => vt.parseRawGrammar(readFileSync('syntaxes/keepalived.tmLanguage.json', 'utf8'), 'keepalived.tmLanguage.json'),
  });
  grammar = (await registry.loadGrammar('source.keepalived'))!;
});

/** The scopes of the token at `col` of `line` (tokenized as the first line of a file). */
function scopesAt(line: string, col: number): string[] {
  const { tokens } = grammar.tokenizeLine(line, vt.INITIAL);
  return tokens.find((t) => t.startIndex <= col && col < t.endIndex)!.scopes;
}

const entries: KeywordSpec[] = Object.values(SCHEMA.blocks).flatMap((b) => Object.values(b.keywords));
const byName = new Map<string, KeywordSpec[]>();
for (const k of entries) byName.set(k.name, [...(byName.get(k.name) ?? []), k]);

function expectedScope(name: string): string {
  const specs = byName.get(name)!;
  const live = specs.filter((k) => !k.deprecated);
  const opens = (ks: KeywordSpec[]) => ks.some((k) => k.shape === 'block' || k.shape === 'valueBlock');
  if (!live.length) return opens(specs) ? 'invalid.deprecated.block.keepalived' : 'invalid.deprecated.keyword.keepalived';
  if (live.some((k) => k.shape === 'block')) return 'storage.type.block.keepalived';
  if (opens(live)) return 'storage.type.block.value.keepalived';
  return 'keyword.other.keepalived';
}

describe('keepalived grammar covers the schema', () => {
  it('has every keyword entry', () => {
    expect(entries.length).toBeGreaterThanOrEqual(531);
  });

  it('colours every keyword name at a statement start with the scope of its kind', () => {
    const wrong: string[] = [];
    for (const name of byName.keys()) {
      const want = expectedScope(name);
      for (const [line, col] of [
        [`${name} x`, 0],
        [`\t  ${name}`, 3],
        [`@lb1 ${name} 1`, 5],
        [`} ${name} {`, 2],
        [`${name}{`, 0],
      ] as const) {
        const got = scopesAt(line, col);
        if (!got.includes(want)) wrong.push(`${JSON.stringify(line)}: ${got.join(' ')} (want ${want})`);
      }
      // Not a keyword in the middle of a line or inside a longer word.
      for (const [line, col] of [
        [`foo ${name}`, 4],
        [`${name}X 1`, 0],
        [`X${name} 1`, 1],
      ] as const) {
        const got = scopesAt(line, col);
        if (got.some((s) => /^(keyword\.other|storage\.type|invalid\.deprecated)/.test(s))) wrong.push(`${JSON.stringify(line)}: ${got.join(' ')} (want no keyword)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('colours every enum value after its keyword', () => {
    const wrong: string[] = [];
    for (const k of entries) {
      const i = k.args.findIndex((a) => a.type.kind === 'enum' || a.type.kind === 'bool');
      if (i < 0) continue;
      const t = k.args[i].type;
      const values = t.kind === 'enum' ? t.values : ['on', 'off', 'true', 'false', 'yes', 'no'];
      const before = k.args.slice(0, i).map(() => '1');
      for (const v of values) {
        const line = [k.name, ...before, v].join(' ');
        const got = scopesAt(line, line.length - 1);
        if (!got.includes('constant.language.enum.keepalived')) wrong.push(`${JSON.stringify(line)}: ${got.join(' ')}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

/** keepalived files of the corpora (keepalived's samples, the wild configs and clusters). */
function corpusConfigs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...corpusConfigs(p));
    else if (/keepalived|\.conf(\.|$)/.test(name) && !/sysctl|\.(md|txt|tsv|sh)$/.test(name) && !p.includes('/realserver')) out.push(p);
  }
  return out;
}

describe('keepalived grammar on the corpora', () => {
  it('scopes the first word of each line as a keyword exactly when the schema knows it', () => {
    const files = corpusConfigs('test/corpus');
    expect(files.length).toBeGreaterThan(60);
    const wrong: string[] = [];
    let checked = 0;
    for (const f of files) {
      let stack = vt.INITIAL;
      for (const line of readFileSync(f, 'utf8').split(/\r?\n/)) {
        const r = grammar.tokenizeLine(line, stack);
        stack = r.ruleStack;
        const m = /^(\s*)(?:@\^?\S+\s+)?([A-Za-z_][\w-]*)(?=[\s{}#!"]|$)/.exec(line);
        if (!m || m[2] === 'include') continue;
        const col = line.indexOf(m[2], m[1].length);
        const scopes = r.tokens.find((t) => t.startIndex <= col && col < t.endIndex)!.scopes.join(' ');
        // Lines inside value blocks, strings, comments and $NAME= definitions are not statements.
        if (/comment|string|meta\.block\.value|meta\.definition/.test(scopes)) continue;
        checked++;
        const isKeyword = /keyword\.other|storage\.type|invalid\.deprecated/.test(scopes);
        if (isKeyword !== byName.has(m[2])) wrong.push(`${f}: ${JSON.stringify(line)} -> ${scopes}`);
      }
    }
    expect(checked).toBeGreaterThan(3000);
    expect(wrong).toEqual([]);
  });
});
