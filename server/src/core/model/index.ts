/**
 * The director model of a parsed config, built once per ParsedConfig and shared by every rule that needs it:
 * `modelOf(ctx.config)`.
 */
import type { ParsedConfig } from '../keepalived/ast';
import { buildModel } from './build';
import type { DirectorModel } from './types';

export type * from './types';
export { buildModel, readAddress, valueLines } from './build';

const cache = new WeakMap<ParsedConfig, DirectorModel>();

/** The model of `config` (built on first use, then cached for this parse). */
export function modelOf(config: ParsedConfig): DirectorModel {
  let m = cache.get(config);
  if (!m) {
    m = buildModel(config);
    cache.set(config, m);
  }
  return m;
}
