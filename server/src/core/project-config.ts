/**
 * `.lvs-config.json`: the project's settings, read alike by the CLI and the language server so that the
 * editor and CI agree. Same keys as the `lvsConfig.*` editor settings:
 *   { "rules": { "<rule-id>": "off" | "hint" | "information" | "warning" | "error" },
 *     "configId": "lb1", "targetVersion": "2.2.7" }
 * The CLI uses the nearest file above its first PATH; the server the one at each workspace folder's root.
 * Editor settings and CLI flags override it (per rule for `rules`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AnalysisOptions } from './lint/rule';
import type { SeveritySetting } from './types';

export const PROJECT_CONFIG = '.lvs-config.json';
const SEVERITIES = new Set(['off', 'hint', 'information', 'warning', 'error']);

export interface ProjectConfig {
  file: string;
  options: AnalysisOptions;
  /** Problems found in the file (unknown keys, bad values); the rest of the file still applies. */
  problems: string[];
}

/** The nearest `.lvs-config.json` in `dir` or above it. */
export function findProjectConfig(dir: string): string | undefined {
  let d = path.resolve(dir);
  for (;;) {
    const f = path.join(d, PROJECT_CONFIG);
    if (fs.existsSync(f)) return f;
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * Read and check a project config. `knownRules` and `versions` validate its values.
 * Throws an Error with a clear message when the file is not readable JSON.
 */
export function readProjectConfig(file: string, knownRules: ReadonlySet<string>, versions: readonly string[]): ProjectConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const problems: string[] = [];
  const options: AnalysisOptions = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: expected a JSON object`);
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (k === 'rules') {
      if (!v || typeof v !== 'object' || Array.isArray(v)) {
        problems.push('"rules" must be an object of rule id → severity');
        continue;
      }
      const rules: Record<string, SeveritySetting> = {};
      for (const [id, sev] of Object.entries(v as Record<string, unknown>)) {
        if (!knownRules.has(id)) problems.push(`unknown rule "${id}"`);
        else if (typeof sev !== 'string' || !SEVERITIES.has(sev)) problems.push(`"${id}": "${String(sev)}" is not one of off, hint, information, warning, error`);
        else rules[id] = sev as SeveritySetting;
      }
      options.rules = rules;
    } else if (k === 'configId') {
      if (typeof v === 'string') options.configId = v || undefined;
      else problems.push('"configId" must be a string');
    } else if (k === 'targetVersion') {
      if (typeof v === 'string' && versions.includes(v.replace(/^v/, ''))) options.targetVersion = v.replace(/^v/, '');
      else problems.push(`"targetVersion" must be one of ${versions.join(', ')}`);
    } else if (k !== '$schema') problems.push(`unknown setting "${k}"`);
  }
  return { file, options, problems };
}

/** `override` wins; rule severities merge per rule. */
export function mergeOptions(base: AnalysisOptions, override: AnalysisOptions): AnalysisOptions {
  const rules = base.rules || override.rules ? { ...base.rules, ...override.rules } : undefined;
  return {
    configId: override.configId ?? base.configId,
    targetVersion: override.targetVersion ?? base.targetVersion,
    ...(rules ? { rules } : {}),
  };
}
