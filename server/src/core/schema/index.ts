/**
 * Small, precomputed helpers over the generated keyword schema.
 */
import { SCHEMA } from './keywords.generated';
import type { BlockSpec, KeywordSpec } from './types';

export { SCHEMA };
export type * from './types';

/** Newest keepalived version the data knows ('unreleased'): the default target version. */
export const SCHEMA_NEWEST: string = SCHEMA.newestVersion;

/** name -> every KeywordSpec with that name, in block order (for "misplaced keyword"). */
const byName = new Map<string, KeywordSpec[]>();
for (const block of Object.values(SCHEMA.blocks)) {
  for (const spec of Object.values(block.keywords)) {
    const list = byName.get(spec.name);
    if (list) list.push(spec);
    else byName.set(spec.name, [spec]);
  }
}
const names: readonly string[] = [...byName.keys()].sort();
const EMPTY: readonly KeywordSpec[] = [];

/** The block at `blockPath` (`_top`, `vrrp_instance`, `virtual_server/real_server`, ...). */
export function lookupBlock(blockPath: string): BlockSpec | undefined {
  return Object.prototype.hasOwnProperty.call(SCHEMA.blocks, blockPath) ? SCHEMA.blocks[blockPath] : undefined;
}

/** Alias of lookupBlock. */
export const getBlock = lookupBlock;

/** The keyword `name` as accepted directly in block `blockPath` (exact, case-sensitive, like keepalived). */
/** block path → keyword name → spec, built once (the resolver looks up every statement). */
const keywordMaps = new Map<string, Map<string, KeywordSpec>>(
  Object.entries(SCHEMA.blocks).map(([p, b]) => [p, new Map(Object.entries(b.keywords))]),
);

export function lookupKeyword(blockPath: string, name: string): KeywordSpec | undefined {
  return keywordMaps.get(blockPath)?.get(name);
}

/** Every block where `name` is a valid keyword (the returned specs carry their `block` path). */
export function blocksContaining(name: string): KeywordSpec[] {
  return (byName.get(name) ?? EMPTY).slice();
}

/** All distinct keyword names of all blocks, sorted (for did-you-mean). */
export function allKeywordNames(): string[] {
  return names.slice();
}

/**
 * Compares keepalived versions like '2.2.7' and '2.4.3' numerically; 'unreleased' is newer than every release.
 * A leading 'v' is ignored. Returns <0, 0 or >0.
 */
export function compareVersions(a: string, b: string): number {
  const na = normalise(a);
  const nb = normalise(b);
  if (na === nb) return 0;
  if (na === 'unreleased') return 1;
  if (nb === 'unreleased') return -1;
  const pa = na.split('.');
  const pb = nb.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (parseInt(pa[i] ?? '0', 10) || 0) - (parseInt(pb[i] ?? '0', 10) || 0);
    if (d) return d;
  }
  return 0;
}

/** True when a keyword valid only `since` a version is not available in `target` (since is newer than target). */
export function isNewerThan(since: string | undefined, target: string): boolean {
  return since !== undefined && compareVersions(since, target) > 0;
}

function normalise(v: string): string {
  const t = v.trim();
  if (t.startsWith('unreleased')) return 'unreleased';
  return t.replace(/^v/, '').replace(/\+$/, '');
}
