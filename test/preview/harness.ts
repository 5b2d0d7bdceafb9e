// A page harness for the topology preview: the webview's own HTML (client/src/topology/html.ts, with its CSP)
// loading dist/preview.js from disk, a stub `acquireVsCodeApi` that records what the script posts, rendered in
// headless Chromium by playwright-core. `serve` plays the extension's part as client/src/topology/panel.ts does: it
// answers collapsed ('auto', core/topology/build.ts collapseTopology), and on the webview's `expand` and `filter`
// messages posts the groups it lacks alone (`groupsOnly`, merged as the panel merges them).
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { previewHtml } from '../../client/src/topology/html';
import type { Topology } from '../../server/src/core/topology/types';
import { collapseTopology, mergeGroups } from '../../server/src/core/topology/build';

const ROOT = join(__dirname, '..', '..');
export const OUT = join(ROOT, 'test', 'preview', 'out');
const NONCE = 'harnessNonce0123456789';

/** Theme variables as VS Code sets them on the webview's <html> (a few of them), per theme. */
export const THEMES: Record<string, { cls: string; vars: Record<string, string> }> = {
  light: {
    cls: 'vscode-light',
    vars: { '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#3b3b3b', '--vscode-editorWidget-background': '#f8f8f8' },
  },
  dark: {
    cls: 'vscode-dark',
    vars: {
      '--vscode-editor-background': '#1f1f1f',
      '--vscode-editor-foreground': '#cccccc',
      '--vscode-editorWidget-background': '#202020',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-descriptionForeground': '#9d9d9d',
      '--vscode-editorError-foreground': '#f14c4c',
      '--vscode-editorWarning-foreground': '#cca700',
      '--vscode-input-background': '#313131',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-button-secondaryBackground': '#313131',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-editor-selectionBackground': '#264f78',
    },
  },
  'high-contrast': {
    cls: 'vscode-high-contrast',
    vars: {
      '--vscode-editor-background': '#000000',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-editorWidget-background': '#0c141f',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-editorWidget-border': '#6fc3df',
      '--vscode-descriptionForeground': '#ffffff',
      '--vscode-focusBorder': '#f38518',
      '--vscode-editorError-foreground': '#ff3333',
      '--vscode-editorWarning-foreground': '#ffd700',
      '--vscode-editor-selectionBackground': '#ffffff33',
    },
  },
};

export function pageFile(): string {
  const script = join(ROOT, 'dist', 'preview.js');
  if (!existsSync(script)) throw new Error('dist/preview.js is missing: run `npm run build` first');
  mkdirSync(OUT, { recursive: true });
  let html = previewHtml({
    cspSource: 'file:',
    scriptUri: pathToFileURL(script).href,
    styleUri: pathToFileURL(join(ROOT, 'dist', 'preview.css')).href,
    nonce: NONCE,
  });
  const stub = `<script nonce="${NONCE}">
window.__sent = [];
window.__state = undefined;
window.acquireVsCodeApi = () => ({
  postMessage: (m) => { window.__sent.push(JSON.parse(JSON.stringify(m))); if (window.__panel) window.__panel(JSON.parse(JSON.stringify(m))); },
  getState: () => window.__state,
  setState: (s) => { window.__state = s; },
});
</script>
`;
  html = html.replace('<script nonce=', `${stub}<script nonce=`);
  const file = join(OUT, 'harness.html');
  writeFileSync(file, html);
  return file;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
}

export interface Harness {
  page: Page;
  /** Console errors and page errors (CSP violations show here). */
  errors: string[];
  /** Post a topology and wait for the render it causes; returns the milliseconds from post to drawn. */
  show(t: Topology, title?: string): Promise<number>;
  /**
   * Act as the panel for a whole topology: post the answer it asks the server for (`collapsed: 'auto'` with the
   * webview's open groups and filter), and the parts (`groupsOnly`) that `expand` / `filter` messages ask for.
   * Returns the milliseconds from the first post to drawn. `answers` lists what was posted: a whole answer or a part,
   * the number of groups asked for, the filter, the size (JSON characters).
   */
  serve(full: Topology, title?: string): Promise<number>;
  /** The whole answer posted again with the open groups and the filter (the panel on `lvsConfig/topologyChanged`). */
  again(): Promise<number>;
  answers: Answer[];
  /** Wait for the next render after `action`. */
  rerender(action: () => Promise<unknown>): Promise<number>;
  sent(): Promise<Array<Record<string, unknown>>>;
  ids(): Promise<string[]>;
  theme(name: keyof typeof THEMES): Promise<void>;
}

export interface Answer {
  kind: 'whole' | 'part';
  expand: number;
  filter: string;
  chars: number;
}

export async function open(browser: Browser, size = { width: 1400, height: 900 }): Promise<Harness> {
  const page = await browser.newPage({ viewport: size });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  // The panel's state: the webview's open groups and filter, the answer in hand and what it was asked with.
  let served: { full: Topology; title?: string; expand: string[]; filter: string; current?: Topology; answered: { expand: string[]; filter: string } } | undefined;
  const answers: Answer[] = [];
  const collapse = (full: Topology, expand: string[], filter: string, groupsOnly = false): Topology =>
    full.summary.collapseSuggested ? collapseTopology(full, expand, { filter, groupsOnly }) : full;
  const post = async (type: 'topology' | 'groups', t: Topology, asked: number): Promise<void> => {
    const sv = served!;
    const json = JSON.stringify(t);
    answers.push({ kind: type === 'topology' ? 'whole' : 'part', expand: asked, filter: sv.answered.filter, chars: json.length });
    await page.evaluate(
      ([kind, s, ttl, ex, f]) => {
        const topo = JSON.parse(s as string);
        window.postMessage(kind === 'topology' ? { type: kind, topology: topo, title: ttl, expand: ex, filter: f } : { type: kind, part: topo, expand: ex, filter: f }, '*');
      },
      [type, json, sv.title, sv.answered.expand, sv.answered.filter] as const,
    );
  };
  const answer = async (): Promise<void> => {
    if (!served) return;
    const { full, expand, filter } = served;
    served.current = collapse(full, expand, filter);
    served.answered = { expand: [...expand], filter };
    await post('topology', served.current, expand.length);
  };
  const part = async (expand: string[], filter: string): Promise<void> => {
    const sv = served!;
    const p = collapse(sv.full, expand, filter, true);
    sv.current = mergeGroups(sv.current!, p)!;
    sv.answered = { expand: [...new Set([...sv.answered.expand, ...expand])], filter };
    await post('groups', p, expand.length);
  };
  await page.exposeFunction('__panel', async (m: { type: string; groups?: string[]; fetch?: boolean; text?: string }) => {
    const sv = served;
    if (!sv?.current) return;
    if (m.type === 'expand' && Array.isArray(m.groups)) {
      sv.expand = m.groups;
      const omitted = new Set(sv.current.groups.filter((g) => g.omitted).map((g) => g.id));
      const need = sv.expand.filter((g) => omitted.has(g));
      if (m.fetch && need.length) await part(need, sv.answered.filter);
    }
    if (m.type === 'filter' && typeof m.text === 'string') {
      sv.filter = m.text;
      if (m.fetch) await part([], sv.filter);
      else sv.answered = { ...sv.answered, filter: sv.filter };
    }
  });
  await page.goto(pathToFileURL(pageFile()).href);
  await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'ready'));
  const rendered = () => page.evaluate(() => Number(document.body.dataset.rendered ?? 0));
  const rerender = async (action: () => Promise<unknown>): Promise<number> => {
    const before = await rendered();
    const t0 = Date.now();
    await action();
    await page.waitForFunction((b) => Number(document.body.dataset.rendered ?? 0) > b, before, { timeout: 20_000 });
    return Date.now() - t0;
  };
  return {
    page,
    errors,
    rerender,
    // The JSON goes to the page first (untimed: that is playwright's transfer); the timed part parses it (as the
    // webview's structured clone would), then indexes, lays out and draws.
    show: async (t, title) => {
      await page.evaluate((s) => ((window as unknown as { __json: string }).__json = s), JSON.stringify(t));
      return rerender(() =>
        page.evaluate((ttl) => window.postMessage({ type: 'topology', topology: JSON.parse((window as unknown as { __json: string }).__json), title: ttl }, '*'), title),
      );
    },
    serve: async (full, title) => {
      served = { full, title, expand: [], filter: '', answered: { expand: [], filter: '' } };
      return rerender(answer);
    },
    again: () => rerender(answer),
    answers,
    sent: () => page.evaluate(() => (window as unknown as { __sent: Array<Record<string, unknown>> }).__sent),
    ids: () => page.$$eval('g.node', (gs) => gs.map((g) => (g as SVGGElement).dataset.id ?? '')),
    theme: async (name) => {
      const th = THEMES[name];
      await page.evaluate((th) => {
        document.body.className = th.cls;
        const root = document.documentElement;
        root.removeAttribute('style');
        for (const [k, v] of Object.entries(th.vars)) root.style.setProperty(k, v);
      }, th);
    },
  };
}
