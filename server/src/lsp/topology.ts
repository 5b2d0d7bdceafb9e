/**
 * LSP adaptor of the topology (core/topology): the `lvsConfig/topology` request, answered from the session's last
 * analysis (cached per analysis and scope: a file's cluster, a folder's clusters, the workspace; collapsed answers
 * are cut from the cached one on each request), and the `lvsConfig/topologyChanged` notification, sent debounced after
 * a re-analysis that touched a file of the workspace, once a client has asked for the topology (a client without a
 * preview gets no notifications).
 */
import { diagnosticsByFile, type ConfigAnalysis, type SnippetAnalysis } from '../core/analysis';
import type { LvsCluster } from '../core/cluster/hosts';
import { buildTopology, collapseTopology } from '../core/topology/build';
import type { Topology, TopologyChangedParams, TopologyParams } from '../core/topology/types';
import type { Session } from './session';
import { uriToPath } from './convert';

export const TOPOLOGY_DEBOUNCE_MS = 250;

export class TopologyService {
  private cacheKey?: LvsCluster;
  private readonly cache = new Map<string, Topology>();
  private asked = false;
  private timer?: NodeJS.Timeout;
  private pendingFiles = new Set<string>();
  /** URIs of the files of the last topology answered (a file that left the workspace still counts). */
  private lastFiles = new Set<string>();

  constructor(
    private readonly session: Session,
    private readonly uriOf: (file: string) => string,
    private readonly notify: (p: TopologyChangedParams) => void,
    private readonly debounceMs = TOPOLOGY_DEBOUNCE_MS,
  ) {}

  /** The topology of the workspace, or of the cluster of `params.uri`; files as URIs. */
  request(params: TopologyParams | null | undefined): Topology {
    this.asked = true;
    const cluster = this.session.cluster();
    if (this.cacheKey !== cluster) {
      this.cacheKey = cluster;
      this.cache.clear();
    }
    const scope = params?.uri ? uriToPath(params.uri) : undefined;
    const folder = !scope && params?.folder ? uriToPath(params.folder) : undefined;
    const key = scope !== undefined ? `file:${scope}` : folder !== undefined ? `folder:${folder}` : '';
    let t = this.cache.get(key);
    if (this.cache.size > 16) this.cache.clear();
    if (!t) {
      const analyses = cluster.configs.map((c) => this.session.analysisFor(c.root)).filter((a): a is ConfigAnalysis => !!a);
      const snippets = cluster.snippets.map((s) => this.session.snippetFor(s.file)).filter((a): a is SnippetAnalysis => !!a);
      const byFile = diagnosticsByFile(analyses, snippets);
      t = buildTopology({ configs: cluster.configs, snippets: cluster.snippets, diagnostics: (f) => byFile.get(f) ?? [] }, { scopeFile: scope, scopeFolder: folder, fileName: this.uriOf });
      this.cache.set(key, t);
    }
    this.lastFiles = new Set(t.files);
    const collapse = params?.collapsed === true || (params?.collapsed === 'auto' && t.summary.collapseSuggested);
    // Collapsing is a few milliseconds on the 2,000-service benchmark (serialising the answer costs more): not cached.
    if (!collapse) return t;
    const expand = Array.isArray(params?.expand) ? params.expand.filter((g) => typeof g === 'string') : [];
    return collapseTopology(t, expand, { filter: typeof params?.filter === 'string' ? params.filter : undefined, groupsOnly: params?.groupsOnly === true });
  }

  /**
   * After a re-analysis of `changed` (file paths, or 'all'): schedule the notification when a file of the workspace
   * (a keepalived or real-server file, or one that was) changed.
   */
  changed(changed: Iterable<string> | 'all', wasOurs: (file: string) => boolean = () => true): void {
    // The answers of the previous analysis are of no more use (and hold its models).
    this.cache.clear();
    this.cacheKey = undefined;
    if (!this.asked) return;
    const files = changed === 'all' ? ['*'] : [...changed].filter((f) => wasOurs(f) || this.lastFiles.has(this.uriOf(f)));
    if (!files.length) return;
    for (const f of files) this.pendingFiles.add(f);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const uris = [...this.pendingFiles].filter((f) => f !== '*').map(this.uriOf);
      this.pendingFiles.clear();
      this.notify({ uris });
    }, this.debounceMs);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}
