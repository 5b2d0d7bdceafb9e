/**
 * Gives every statement its block path and schema entry: `vrrp_instance` children are read in block
 * `vrrp_instance`, lines of `virtual_ipaddress { }` are value lines of that keyword, and the content of an
 * unknown block is left unresolved (path undefined) so that one unknown block produces one diagnostic,
 * not one per line.
 */
import type { Statement } from './ast';
import type { KeywordSpec } from '../schema/types';
import { blocksContaining, lookupKeyword } from '../schema/index';

export function resolveTree(statements: Statement[], all: Statement[]): void {
  walk(statements, '_top', undefined, undefined, all);
}

function walk(list: Statement[], path: string | undefined, parent: Statement | undefined, valueBlock: KeywordSpec | undefined, all: Statement[]): void {
  let bareValueBlock: KeywordSpec | undefined;
  for (const s of list) {
    if (bareValueBlock && !valueBlock && !s.block && !s.anonymous) {
      // A value-block keyword without `{`: keepalived reads the following lines as its entries (up to a `}`).
      if (parent) s.parent = parent;
      all.push(s);
      s.path = path;
      s.valueBlock = bareValueBlock;
      continue;
    }
    bareValueBlock = undefined;
    if (parent) s.parent = parent;
    all.push(s);
    if (valueBlock) {
      s.path = path;
      s.valueBlock = valueBlock;
      if (s.block) walk(s.block.statements, undefined, s, undefined, all);
      continue;
    }
    if (path === undefined || s.anonymous) {
      if (s.block) walk(s.block.statements, undefined, s, undefined, all);
      continue;
    }
    s.path = path;
    const spec = lookupKeyword(path, s.keyword.text);
    if (spec) s.spec = spec;
    if (!s.block) {
      if (spec?.shape === 'valueBlock') bareValueBlock = spec;
      continue;
    }
    const children = s.block.statements;
    if (spec) {
      if (spec.shape === 'block') walk(children, spec.subBlock, s, undefined, all);
      else if (spec.shape === 'valueBlock') walk(children, path, s, spec, all);
      else walk(children, undefined, s, undefined, all);
      continue;
    }
    // A block keyword in the wrong place: read its content as the block it opens elsewhere, so that one
    // misplaced `virtual_server` (e.g. after a missing `}`) does not turn its whole body into errors.
    const homes = blocksContaining(s.keyword.text).filter((k) => k.shape === 'block' || k.shape === 'valueBlock');
    const home = homes[0];
    if (home && homes.every((k) => k.shape === home.shape && k.subBlock === home.subBlock)) {
      if (home.shape === 'block') walk(children, home.subBlock, s, undefined, all);
      else walk(children, home.block, s, home, all);
    } else walk(children, undefined, s, undefined, all);
  }
}
