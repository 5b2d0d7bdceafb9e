#!/usr/bin/env node
// Generates server/src/core/schema/keywords.generated.ts from data/keepalived-keywords.json (keepalived's own keyword
// dump: block tree, subblocks, value blocks, deprecated, since) and scripts/schema-curated.mjs (arguments, docs).
// Fails (exit 1) when the two disagree: a keyword without curated entry, a curated entry unknown to the dump,
// a shape that contradicts the dump, or an incomplete entry.
//
// Usage: node scripts/gen-schema.mjs [--check]   (--check: verify the committed file is up to date, write nothing)

import { readFileSync, writeFileSync } from 'node:fs';
const BARE = JSON.parse(readFileSync(new URL('./bare-keywords.json', import.meta.url), 'utf8'));
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CURATED, DEPRECATION_ADVICE } from './schema-curated.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataFile = join(root, 'data/keepalived-keywords.json');
const outFile = join(root, 'server/src/core/schema/keywords.generated.ts');

const data = JSON.parse(readFileSync(dataFile, 'utf8'));
const errors = [];
const fail = (msg) => errors.push(msg);

const REF_TARGETS = new Set(['vrrp_instance', 'vrrp_script', 'vrrp_sync_group', 'track_file', 'vrrp_track_process', 'bfd_instance', 'virtual_server_group', 'track_group']);
const VALUE_LINES = new Set(['vip', 'route', 'rule', 'unicast_peer', 'track_interface', 'track_ref', 'names', 'email', 'vsg', 'linkbeat', 'if_delays']);
const SHAPES = new Set(['flag', 'optionalBool', 'args', 'block', 'valueBlock']);
const ARG_KINDS = new Set(['int', 'decimal', 'enum', 'bool', 'ip', 'port', 'ifname', 'path', 'script', 'string', 'ref', 'name', 'any']);

/** 'v2.2.8+' -> '2.2.8', 'unreleased (after v2.4.3)' -> 'unreleased' */
export function normaliseSince(s) {
  if (/^unreleased/.test(s)) return 'unreleased';
  const m = /^v?(\d+(?:\.\d+)*)\+?$/.exec(s.trim());
  if (!m) throw new Error(`cannot normalise since '${s}'`);
  return m[1];
}

function compareVersions(a, b) {
  if (a === b) return 0;
  if (a === 'unreleased') return 1;
  if (b === 'unreleased') return -1;
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d < 0 ? -1 : 1;
  }
  return 0;
}

function checkArgs(where, list) {
  if (!Array.isArray(list)) return fail(`${where}: args/headArgs must be an array`);
  let sawOptional = false;
  for (const a of list) {
    if (!a || typeof a.name !== 'string' || !a.name) fail(`${where}: argument without name`);
    const t = a?.type;
    if (!t || !ARG_KINDS.has(t.kind)) fail(`${where}: argument ${a?.name} has unknown type ${JSON.stringify(t)}`);
    else if (t.kind === 'enum' && (!Array.isArray(t.values) || t.values.length === 0 || typeof t.caseSensitive !== 'boolean'))
      fail(`${where}: enum argument ${a.name} needs values and caseSensitive`);
    else if ((t.kind === 'ref' || t.kind === 'name') && !REF_TARGETS.has(t.target ?? t.defines))
      fail(`${where}: argument ${a.name} refers to unknown target`);
    if (a?.optional) sawOptional = true;
    else if (sawOptional) fail(`${where}: required argument ${a?.name} after an optional one`);
  }
}

const blockPaths = Object.keys(data).filter((k) => k !== '_meta');
const blocks = {};
const sinceVersions = new Set();

for (const path of blockPaths) {
  const b = data[path];
  const curatedBlock = CURATED[path] ?? {};
  const subblocks = new Set(b.subblocks ?? []);
  const valueBlocks = new Set(b.valueBlocks ?? []);
  const keywords = {};

  for (const name of b.keywords ?? []) {
    const c = curatedBlock[name];
    const where = `${path} ${name}`;
    if (!c) {
      fail(`${where}: no curated entry in scripts/schema-curated.mjs`);
      continue;
    }
    if (!SHAPES.has(c.shape)) fail(`${where}: unknown shape '${c.shape}'`);
    const expectShape = subblocks.has(name) ? 'block' : valueBlocks.has(name) ? 'valueBlock' : null;
    if (expectShape && c.shape !== expectShape) fail(`${where}: the dump says ${expectShape}, curated says ${c.shape}`);
    if (!expectShape && (c.shape === 'block' || c.shape === 'valueBlock')) fail(`${where}: curated ${c.shape} but the dump lists it as a plain keyword`);
    if (typeof c.doc !== 'string' || !c.doc.trim()) fail(`${where}: empty doc`);
    if (c.rest !== 'ignored' && c.rest !== 'free') fail(`${where}: rest must be 'ignored' or 'free'`);
    checkArgs(where, c.args);
    if (c.shape === 'flag' && c.args.length) fail(`${where}: flag with arguments`);
    if (c.shape === 'optionalBool' && !(c.args.length === 1 && c.args[0].type.kind === 'bool' && c.args[0].optional))
      fail(`${where}: optionalBool must have exactly one optional bool argument`);

    const spec = { name, block: path, shape: c.shape, args: c.args, rest: c.rest };
    if (c.shape === 'block') {
      const sub = path === '_top' ? name : `${path}/${name}`;
      if (!data[sub]) fail(`${where}: sub-block path ${sub} missing from the dump`);
      spec.subBlock = sub;
    }
    if (c.headArgs !== undefined) {
      if (c.shape !== 'block' && c.shape !== 'valueBlock') fail(`${where}: headArgs on a ${c.shape}`);
      checkArgs(`${where} head`, c.headArgs);
      spec.headArgs = c.headArgs;
    } else if (c.shape === 'block') spec.headArgs = [];
    if (c.shape === 'valueBlock') {
      if (!VALUE_LINES.has(c.valueLine)) fail(`${where}: valueBlock needs a valueLine (got ${c.valueLine})`);
      spec.valueLine = c.valueLine;
    } else if (c.valueLine) fail(`${where}: valueLine on a ${c.shape}`);
    if (c.valueRef !== undefined) {
      if (c.shape !== 'valueBlock' || !REF_TARGETS.has(c.valueRef)) fail(`${where}: bad valueRef ${c.valueRef}`);
      spec.valueRef = c.valueRef;
    }
    const since = b.since?.[name];
    if (since) {
      spec.since = normaliseSince(since);
      sinceVersions.add(spec.since);
    }
    const dep = b.deprecated?.[name];
    if (dep) {
      const override = DEPRECATION_ADVICE[path]?.[name];
      const plain = /^[A-Za-z0-9_-]+$/.test(dep);
      spec.deprecated = override
        ? { ...(override.replacement ? { replacement: override.replacement } : {}), advice: override.advice }
        : plain
          ? { replacement: dep, advice: `Deprecated: use '${dep}' instead.` }
          : { advice: `Deprecated: ${dep}.` };
    } else if (DEPRECATION_ADVICE[path]?.[name]) fail(`${where}: deprecation advice for a keyword the dump does not deprecate`);
    if (c.synonymOf !== undefined) {
      if (c.synonymOf === name || !(b.keywords ?? []).includes(c.synonymOf)) fail(`${where}: synonymOf ${c.synonymOf} is not a keyword of the block`);
      spec.synonymOf = c.synonymOf;
    }
    // What the installed keepalived says of the keyword without a value (scripts/probe-bare-keywords.mjs).
    const bare = BARE.bareRejected?.[path]?.[name];
    if (bare) spec.bareRejected = bare;
    if (BARE.bareAccepted?.[path]?.includes(name)) spec.args = spec.args.map((a) => ({ ...a, optional: true }));
    if (BARE.bareAborts?.[path]?.includes(name)) spec.args = spec.args.map((a, i) => (i === 0 ? { ...a, optional: undefined } : a)).map((a) => JSON.parse(JSON.stringify(a)));
    spec.doc = c.doc.trim();
    if (c.default !== undefined) spec.default = String(c.default);
    const known = new Set(['shape', 'args', 'rest', 'doc', 'default', 'synonymOf', 'headArgs', 'valueLine', 'valueRef']);
    for (const k of Object.keys(c)) if (!known.has(k)) fail(`${where}: unknown curated field '${k}'`);
    keywords[name] = spec;
  }

  for (const name of Object.keys(curatedBlock)) {
    if (!(b.keywords ?? []).includes(name)) fail(`${path} ${name}: curated entry is not a keyword of this block in the dump`);
  }
  blocks[path] = { path, keywords, ...(b.valueBlock ? { valueBlock: true } : {}) };
}
for (const path of Object.keys(CURATED)) if (!data[path] || path === '_meta') fail(`${path}: curated block is not a block path of the dump`);
for (const path of Object.keys(DEPRECATION_ADVICE)) if (!data[path]) fail(`${path}: deprecation advice for unknown block`);

if (errors.length) {
  console.error(`gen-schema: ${errors.length} problem(s):`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}

const versions = [...new Set(['2.2.7', '2.4.3', ...sinceVersions].filter((v) => v !== 'unreleased'))].sort(compareVersions);
versions.push('unreleased');
const schema = { newestVersion: 'unreleased', versions, blocks };

// One keyword per line keeps diffs of the generated file readable.
const lines = [];
lines.push('// GENERATED by scripts/gen-schema.mjs from data/keepalived-keywords.json and scripts/schema-curated.mjs.');
lines.push('// Do not edit: change the curated table and run `npm run gen:schema`.');
lines.push("import type { Schema } from './types';");
lines.push('');
lines.push('export const SCHEMA: Schema = {');
lines.push(`  newestVersion: ${JSON.stringify(schema.newestVersion)},`);
lines.push(`  versions: ${JSON.stringify(schema.versions)},`);
lines.push('  blocks: {');
for (const [path, b] of Object.entries(blocks)) {
  lines.push(`    ${JSON.stringify(path)}: {`);
  lines.push(`      path: ${JSON.stringify(path)},`);
  if (b.valueBlock) lines.push('      valueBlock: true,');
  lines.push('      keywords: {');
  for (const [name, spec] of Object.entries(b.keywords)) lines.push(`        ${JSON.stringify(name)}: ${JSON.stringify(spec)},`);
  lines.push('      },');
  lines.push('    },');
}
lines.push('  },');
lines.push('};');
lines.push('');
const out = lines.join('\n');

const total = Object.values(blocks).reduce((n, b) => n + Object.keys(b.keywords).length, 0);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {
    /* missing */
  }
  if (current !== out) {
    console.error('gen-schema: server/src/core/schema/keywords.generated.ts is out of date; run npm run gen:schema');
    process.exit(1);
  }
  console.log(`gen-schema: up to date (${blockPaths.length} blocks, ${total} keywords)`);
} else {
  writeFileSync(outFile, out);
  console.log(`gen-schema: wrote ${outFile.slice(root.length + 1)} (${blockPaths.length} blocks, ${total} keywords, versions ${versions.join(' ')})`);
}
