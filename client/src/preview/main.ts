/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The topology preview's webview script (bundled to dist/preview.js, an IIFE for the browser): receives the
 * topology from the extension (client/src/topology/panel.ts), lays out what is expanded with elkjs (bundled, run in
 * this thread) and draws it as SVG. Pan (drag), zoom (wheel, buttons), fit, text filter, expand/collapse of VIP
 * groups and buckets, click to reveal the source, highlight of the node under the editor's cursor, SVG export.
 *
 * A large workspace arrives collapsed (`collapsed: 'auto'`: the groups' services and real servers left out, marked
 * `omitted`). Opening such a group posts `expand` with the groups open in the view, and the extension asks the
 * server again; the picture is laid out when the answer holds them. On a collapsed answer the filter is posted too:
 * the server includes the groups of its matches, so that a real server is found by address inside collapsed groups.
 * Pan and zoom only change the viewport's transform; a layout runs on what is drawn (tens of boxes when collapsed).
 *
 * The config is untrusted text: every label goes into the DOM through textContent / createElementNS, never markup;
 * the page's Content-Security-Policy (client/src/topology/html.ts) allows only this nonce'd script.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode, ElkExtendedEdge } from 'elkjs/lib/elk-api';
import type { Topology } from '../../../server/src/core/topology/types';
import { normalFilter } from '../../../server/src/core/topology/labels';
import { mergeGroups } from '../../../server/src/core/topology/merge';
import { buildView, indexTopology, visibleFor, type TopologyIndex, type ViewGraph, type ViewNode } from './view';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** Messages from the extension. */
type InMessage =
  /** `expand`, `filter`: what the extension asked the server with (a collapsed answer). */
  /** The topology as an object, or as JSON bytes (`json`: what the panel sends, an ArrayBuffer travels as it is). */
  | { type: 'topology'; topology?: Topology; json?: Uint8Array; title?: string; expand?: string[]; filter?: string; timing?: AnswerTiming }
  /** A `groupsOnly` answer to merge into the topology in hand (groups opened, or the filter's groups). */
  | { type: 'groups'; part: Topology; expand?: string[]; filter?: string; timing?: AnswerTiming }
  | { type: 'highlight'; id: string | null }
  | { type: 'error'; message: string }
  | { type: 'loading'; message: string };

/** When the extension asked the server, got the answer and posted it here (epoch milliseconds). */
interface AnswerTiming {
  /** The panel's creation: its start and end (the webview panel made, the request started). */
  createdAt: number;
  constructedAt: number;
  askedAt: number;
  answeredAt: number;
  postedAt: number;
}

interface Saved {
  toggled: string[];
  filter: string;
  transform?: Transform;
}
interface Transform {
  x: number;
  y: number;
  k: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const NODE_MIN_W = 150;
const NODE_MAX_W = 320;
const LINE_H = 16;
const PAD_X = 12;
const PAD_Y = 8;
/** "Expand all" opens every VIP only below this many topology nodes. */
const EXPAND_ALL_LIMIT = 1500;

/** Now, in epoch milliseconds (comparable with the extension's Date.now() on the same machine). */
const epoch = (): number => Math.round(performance.timeOrigin + performance.now());
/** This page's start, this script's first line, its `ready` message. */
const pageMarks = { pageAt: Math.round(performance.timeOrigin), scriptAt: epoch(), readyAt: 0 };
const vscode = acquireVsCodeApi();
/** Made after `ready` is posted (its construction compiles much of elkjs): the extension answers meanwhile. */
let elkInstance: InstanceType<typeof ELK> | undefined;
const elk = (): InstanceType<typeof ELK> => (elkInstance ??= new ELK());
const saved = (vscode.getState() as Saved | undefined) ?? { toggled: [], filter: '' };

let index: TopologyIndex | undefined;
let graph: ViewGraph | undefined;
const toggled = new Set<string>(saved.toggled);
let filter = saved.filter;
let transform: Transform | undefined = saved.transform;
let highlighted: string | null = null;
let renderSeq = 0;
let title = '';
/** The groups the answer in hand was asked to include (an omitted one among them is not asked for again). */
let answerExpand = new Set<string>();
/** The open groups last posted to the extension (joined). */
let postedGroups = '';
/** A filter posted to the extension for the server to search (a collapsed answer): no layout until its answer. */
let awaitingFilter: string | undefined;
/** Where the time of the last answer went: the server's request, the trip to this page (set on the next render). */
let answerTiming: (AnswerTiming & { receivedAt: number }) | undefined;

/** An answer that left groups out: opening them and filtering need the server. */
const collapsedAnswer = (t: Topology): boolean => t.filter !== undefined || t.groups.some((g) => g.omitted);

// ---- DOM skeleton (static parts live in the HTML; see html.ts) ----
const $ = <T extends Element>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`missing ${sel}`);
  return el;
};
const svg = $<SVGSVGElement>('#graph');
const viewport = document.createElementNS(SVG_NS, 'g');
viewport.setAttribute('id', 'viewport');
svg.appendChild(viewport);
const status = $<HTMLElement>('#status');
const filterInput = $<HTMLInputElement>('#filter');
filterInput.value = filter;

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function persist(): void {
  vscode.setState({ toggled: [...toggled], filter, transform } satisfies Saved);
}

function setStatus(text: string, kind: 'info' | 'error' = 'info'): void {
  status.textContent = text;
  status.dataset.kind = kind;
}

// ---- text measurement ----
const measureCtx = document.createElement('canvas').getContext('2d');
let fontFamily = '';
function textWidth(text: string, bold: boolean): number {
  if (!measureCtx) return text.length * 7.2;
  if (!fontFamily) fontFamily = getComputedStyle(document.body).fontFamily || 'sans-serif';
  measureCtx.font = `${bold ? '600 ' : ''}12px ${fontFamily}`;
  return measureCtx.measureText(text).width;
}

interface Box {
  node: ViewNode;
  w: number;
  h: number;
}

function sizeOf(n: ViewNode): Box {
  let w = textWidth(n.title, true) + 24; // + toggle / badge room
  for (const l of n.lines) w = Math.max(w, textWidth(l, false));
  w = Math.min(NODE_MAX_W, Math.max(NODE_MIN_W, Math.ceil(w + 2 * PAD_X + (n.errors || n.warnings ? 40 : 0))));
  const h = PAD_Y * 2 + LINE_H * (1 + n.lines.length);
  return { node: n, w, h };
}

/** Cut a line to the box width (the tooltip has the whole text). */
function fit(text: string, width: number, bold: boolean): string {
  if (textWidth(text, bold) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(`${text.slice(0, mid)}…`, bold) <= width) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

// ---- layout and drawing ----
async function render(reason: string): Promise<void> {
  if (!index) return;
  const seq = ++renderSeq;
  const t0 = performance.now();
  const next = buildView(index, { toggled, filter });
  // Groups opened in a collapsed answer: ask the extension for them, draw when they arrive.
  const missing = next.missing.filter((g) => !answerExpand.has(g));
  const key = next.openGroups.join('\n');
  if (key !== postedGroups) {
    postedGroups = key;
    vscode.postMessage({ type: 'expand', groups: next.openGroups, fetch: missing.length > 0 });
  }
  if (missing.length) {
    setStatus(`Loading ${missing.length === 1 ? 'the group' : `${missing.length} groups`}…`);
    return;
  }
  graph = next;
  const boxes = new Map(graph.nodes.map((n) => [n.id, sizeOf(n)]));
  const large = graph.nodes.length > 60;
  const elkGraph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': graph.edges.length > 600 ? 'POLYLINE' : 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '56',
      'elk.spacing.nodeNode': '14',
      'elk.spacing.componentComponent': '28',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      // Large views (an expanded bucket): the model order (topology order, already tree-like) instead of
      // crossing minimisation, which dominates the layout time.
      ...(large ? { 'elk.layered.crossingMinimization.strategy': 'NONE', 'elk.layered.thoroughness': '1' } : { 'elk.layered.thoroughness': '7' }),
    },
    children: graph.nodes.map((n) => ({ id: n.id, width: boxes.get(n.id)!.w, height: boxes.get(n.id)!.h })),
    edges: graph.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.from], targets: [e.to] })),
  };
  let laid: ElkNode;
  try {
    laid = await elk().layout(elkGraph);
  } catch (err) {
    setStatus(`Layout failed: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return;
  }
  if (seq !== renderSeq) return; // a newer render started meanwhile
  const t1 = performance.now();
  draw(laid, boxes);
  const t2 = performance.now();
  const first = transform === undefined;
  if (first) fitView();
  else applyTransform();
  applyHighlight(false);
  const shown = graph.nodes.length;
  const s = index.topology.summary;
  const counts = `${s.directors} director${s.directors === 1 ? '' : 's'} · ${s.vips} VIPs · ${s.services} services · ${s.realServers} real servers`;
  // A collapsed answer counts the matches of the whole scope (the nodes left out too).
  const remote = index.topology.filter?.text === normalFilter(filter) ? index.topology.filter.matches : 0;
  const matches = Math.max(remote, graph.matches ?? 0);
  const capped = graph.capped || matches > (graph.matches ?? 0);
  const filtered = filter ? ` · filter: ${matches} match${matches === 1 ? '' : 'es'}${capped ? ' (first shown)' : ''}` : '';
  setStatus(
    index.topology.nodes.length === 0
      ? `${title ? `${title} — ` : ''}no director and no real server here (is the file part of a keepalived configuration?)`
      : `${title ? `${title} — ` : ''}${counts}${filtered} · ${shown} boxes drawn`,
  );
  const layoutMs = Math.round(t1 - t0);
  const drawMs = Math.round(t2 - t1);
  const drawnAt = epoch();
  // For the tests: when each part of the last picture happened (epoch ms), and the number of renders so far.
  document.body.dataset.timing = JSON.stringify({ ...pageMarks, ...answerTiming, renderAt: drawnAt - layoutMs - drawMs, laidOutAt: drawnAt - drawMs, drawnAt });
  const timing = answerTiming
    ? { requestMs: answerTiming.answeredAt - answerTiming.askedAt, toWebviewMs: answerTiming.receivedAt - answerTiming.postedAt, layoutMs, drawMs }
    : { layoutMs, drawMs };
  answerTiming = undefined;
  document.body.dataset.rendered = String(seq);
  vscode.postMessage({ type: 'rendered', reason, nodes: shown, edges: graph.edges.length, ...timing });
}

function draw(laid: ElkNode, boxes: Map<string, Box>): void {
  viewport.replaceChildren();
  const edgeLayer = el('g', { class: 'edges' }, viewport);
  const nodeLayer = el('g', { class: 'nodes' }, viewport);
  const kindOf = new Map(graph!.edges.map((x) => [x.id, x.kind]));
  for (const e of laid.edges ?? []) {
    const ve = e as ElkExtendedEdge & { sections?: { startPoint: { x: number; y: number }; endPoint: { x: number; y: number }; bendPoints?: { x: number; y: number }[] }[] };
    for (const s of ve.sections ?? []) {
      const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
      const kind = kindOf.get(e.id) ?? '';
      el('path', { d, class: `edge edge-${kind}`, 'marker-end': 'url(#arrow)' }, edgeLayer);
    }
  }
  for (const c of laid.children ?? []) {
    const box = boxes.get(c.id)!;
    drawNode(nodeLayer, box, c.x ?? 0, c.y ?? 0);
  }
  const w = laid.width ?? 0;
  const h = laid.height ?? 0;
  viewport.dataset.w = String(w);
  viewport.dataset.h = String(h);
}

function drawNode(parent: Element, box: Box, x: number, y: number): void {
  const n = box.node;
  const g = el('g', { class: `node kind-${n.kind} health-${n.health}${n.match ? ' match' : ''}`, transform: `translate(${x},${y})`, tabindex: 0, role: 'button' }, parent);
  g.dataset.id = n.id;
  g.dataset.kind = n.kind;
  const tip = el('title', {}, g);
  tip.textContent = n.tooltip;
  g.setAttribute('aria-label', `${n.title}. ${n.lines.join('. ')}${n.errors ? `. ${n.errors} errors` : ''}${n.warnings ? `. ${n.warnings} warnings` : ''}`);
  el('rect', { class: 'box', width: box.w, height: box.h, rx: 4, ry: 4 }, g);
  el('rect', { class: 'stripe', width: 4, height: box.h, rx: 2, ry: 2 }, g);
  let textX = PAD_X;
  if (n.collapsible) {
    const t = el('g', { class: 'toggle', transform: `translate(${PAD_X - 2},${PAD_Y + 1})` }, g);
    el('rect', { width: 14, height: 14, rx: 2, ry: 2 }, t);
    el('path', { d: n.expanded ? 'M3.5,7 H10.5' : 'M3.5,7 H10.5 M7,3.5 V10.5' }, t);
    const tt = el('title', {}, t);
    tt.textContent = n.expanded ? 'Collapse' : 'Expand';
    textX += 18;
  }
  const badgeW = (n.errors ? 34 : 0) + (n.warnings ? 34 : 0);
  const titleText = el('text', { class: 'title', x: textX, y: PAD_Y + 12 }, g);
  titleText.textContent = fit(n.title, box.w - textX - PAD_X - badgeW, true);
  n.lines.forEach((line, i) => {
    const t = el('text', { class: 'line', x: PAD_X, y: PAD_Y + 12 + LINE_H * (i + 1) }, g);
    t.textContent = fit(line, box.w - 2 * PAD_X, false);
  });
  if (badgeW) {
    const b = el('g', { class: 'badge', transform: `translate(${box.w - PAD_X / 2 - badgeW},${PAD_Y - 2})` }, g);
    let bx = 0;
    for (const [kind, count] of [['error', n.errors], ['warning', n.warnings]] as const) {
      if (!count) continue;
      const pill = el('g', { class: `pill pill-${kind}`, transform: `translate(${bx},0)` }, b);
      el('rect', { width: 30, height: 16, rx: 8, ry: 8 }, pill);
      const t = el('text', { x: 15, y: 12, 'text-anchor': 'middle' }, pill);
      t.textContent = count > 999 ? '999+' : String(count);
      const pt = el('title', {}, pill);
      pt.textContent = `${count} ${kind}${count === 1 ? '' : 's'}`;
      bx += 34;
    }
  }
}

// ---- pan and zoom ----
function applyTransform(): void {
  if (!transform) return;
  viewport.setAttribute('transform', `translate(${transform.x},${transform.y}) scale(${transform.k})`);
}

function fitView(): void {
  const w = Number(viewport.dataset.w || 0);
  const h = Number(viewport.dataset.h || 0);
  const vw = svg.clientWidth || 800;
  const vh = svg.clientHeight || 600;
  const k = w && h ? Math.min(1.2, Math.max(0.05, Math.min((vw - 32) / w, (vh - 32) / h))) : 1;
  transform = { k, x: (vw - w * k) / 2, y: Math.max(16, (vh - h * k) / 2) };
  applyTransform();
  persist();
}

function zoomAt(factor: number, cx: number, cy: number): void {
  const t = transform ?? { x: 0, y: 0, k: 1 };
  const k = Math.min(4, Math.max(0.03, t.k * factor));
  const f = k / t.k;
  transform = { k, x: cx - (cx - t.x) * f, y: cy - (cy - t.y) * f };
  applyTransform();
  persist();
}

svg.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * (ev.ctrlKey ? 0.01 : 0.0015)), ev.clientX - r.left, ev.clientY - r.top);
  },
  { passive: false },
);

let drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | undefined;
svg.addEventListener('pointerdown', (ev) => {
  if (ev.button !== 0) return;
  const t = transform ?? { x: 0, y: 0, k: 1 };
  drag = { x: ev.clientX, y: ev.clientY, tx: t.x, ty: t.y, moved: false };
});
window.addEventListener('pointermove', (ev) => {
  if (!drag) return;
  const dx = ev.clientX - drag.x;
  const dy = ev.clientY - drag.y;
  if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  if (!drag.moved) svg.classList.add('panning');
  drag.moved = true;
  transform = { k: transform?.k ?? 1, x: drag.tx + dx, y: drag.ty + dy };
  applyTransform();
});
window.addEventListener('pointerup', () => {
  if (drag?.moved) {
    persist();
    // The click that follows a drag must not reveal a node.
    const swallow = (e: Event): void => e.stopPropagation();
    window.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => window.removeEventListener('click', swallow, { capture: true }), 0);
  }
  svg.classList.remove('panning');
  drag = undefined;
});

// ---- interaction ----
function nodeOf(target: EventTarget | null): SVGGElement | null {
  return target instanceof Element ? (target.closest('g.node') as SVGGElement | null) : null;
}

function toggle(id: string): void {
  if (toggled.has(id)) toggled.delete(id);
  else toggled.add(id);
  persist();
  void render('toggle');
}

svg.addEventListener('click', (ev) => {
  const node = nodeOf(ev.target);
  if (!node?.dataset.id) return;
  const id = node.dataset.id;
  const onToggle = ev.target instanceof Element && ev.target.closest('g.toggle');
  if (onToggle) {
    toggle(id);
    return;
  }
  highlighted = id;
  applyHighlight(false);
  if (node.dataset.kind === 'bucket' || node.dataset.kind === 'group') toggle(id);
  else vscode.postMessage({ type: 'reveal', id });
});
svg.addEventListener('dblclick', (ev) => {
  const node = nodeOf(ev.target);
  if (node?.dataset.id && node.querySelector('g.toggle') && node.dataset.kind === 'vip') toggle(node.dataset.id);
});
svg.addEventListener('keydown', (ev) => {
  const node = nodeOf(ev.target);
  if (!node?.dataset.id) return;
  if (ev.key === 'Enter') vscode.postMessage({ type: 'reveal', id: node.dataset.id });
  else if ((ev.key === ' ' || ev.key === '+' || ev.key === '-') && node.querySelector('g.toggle')) {
    ev.preventDefault();
    toggle(node.dataset.id);
  }
});

let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterInput.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    filter = filterInput.value;
    persist();
    // A collapsed answer: the server finds the matches among the nodes it left out; the answer brings the render.
    const remote = !!index && collapsedAnswer(index.topology) && normalFilter(filter) !== '';
    vscode.postMessage({ type: 'filter', text: filter, fetch: remote });
    awaitingFilter = remote ? normalFilter(filter) : undefined;
    if (remote) setStatus('Searching…');
    else void render('filter');
  }, 150);
});

const buttons: Record<string, () => void> = {
  'zoom-in': () => zoomAt(1.25, svg.clientWidth / 2, svg.clientHeight / 2),
  'zoom-out': () => zoomAt(0.8, svg.clientWidth / 2, svg.clientHeight / 2),
  fit: () => fitView(),
  'expand-all': () => setAll(true),
  'collapse-all': () => setAll(false),
  export: () => vscode.postMessage({ type: 'export', svg: exportSvg() }),
};
for (const [id, fn] of Object.entries(buttons)) document.getElementById(id)?.addEventListener('click', fn);

/**
 * Expand or collapse every VIP group and bucket. Above EXPAND_ALL_LIMIT nodes it refuses (thousands of boxes); on a
 * collapsed answer the render then asks the extension for the groups it lacks.
 */
function setAll(expand: boolean): void {
  if (!index) return;
  const s = index.topology.summary;
  if (expand && s.directors + s.instances + s.vips + s.services + s.realServers > EXPAND_ALL_LIMIT) {
    // Thousands of boxes would keep ELK busy for minutes: the user opens what they need.
    setStatus(`${index.topology.summary.services} services are too many to draw at once: open buckets and VIPs with +, or filter.`);
    return;
  }
  toggled.clear();
  if (expand === index.collapseMode) {
    for (const n of index.topology.nodes) if (n.kind === 'vip') toggled.add(n.id);
    for (const g of index.topology.groups) toggled.add(g.id);
    for (const b of index.buckets.keys()) toggled.add(b);
  }
  persist();
  void render(expand ? 'expand-all' : 'collapse-all');
}

function applyHighlight(scroll: boolean): void {
  for (const old of viewport.querySelectorAll('g.node.selected')) old.classList.remove('selected');
  if (!highlighted || !index || !graph) return;
  const id = visibleFor(index, graph, highlighted);
  if (!id) return;
  const node = [...viewport.querySelectorAll<SVGGElement>('g.node')].find((g) => g.dataset.id === id);
  if (!node) return;
  node.classList.add('selected');
  if (scroll && transform) {
    // Bring it into view when it is outside.
    const r = node.getBoundingClientRect();
    const s = svg.getBoundingClientRect();
    if (r.right < s.left || r.left > s.right || r.bottom < s.top || r.top > s.bottom) {
      transform = { ...transform, x: transform.x + (s.left + s.width / 2 - (r.left + r.width / 2)), y: transform.y + (s.top + s.height / 2 - (r.top + r.height / 2)) };
      applyTransform();
      persist();
    }
  }
}

/** The drawing as a standalone SVG file: the theme's colours resolved, no script, no external reference. */
function exportSvg(): string {
  const w = Number(viewport.dataset.w || 0) + 32;
  const h = Number(viewport.dataset.h || 0) + 32;
  const out = document.createElementNS(SVG_NS, 'svg');
  out.setAttribute('xmlns', SVG_NS);
  out.setAttribute('width', String(w));
  out.setAttribute('height', String(h));
  out.setAttribute('viewBox', `-16 -16 ${w} ${h}`);
  const defs = svg.querySelector('defs');
  if (defs) out.appendChild(defs.cloneNode(true));
  const body = viewport.cloneNode(true) as SVGGElement;
  body.removeAttribute('transform');
  body.removeAttribute('id');
  // Inline the computed presentation of each element: CSS variables mean nothing outside the webview.
  const src = viewport.querySelectorAll('*');
  const dst = body.querySelectorAll('*');
  // Presentation attributes, not style attributes: the page's CSP forbids inline styles, and these are plain SVG.
  const props = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'font-family', 'font-size', 'font-weight'];
  src.forEach((s, i) => {
    const d = dst[i] as SVGElement;
    if (s.tagName === 'title') return;
    const cs = getComputedStyle(s);
    d.removeAttribute('class');
    d.removeAttribute('tabindex');
    d.removeAttribute('role');
    for (const k of Object.keys(d.dataset)) delete d.dataset[k];
    for (const p of props) {
      const v = cs.getPropertyValue(p);
      if (v && v !== 'none' && !(p === 'stroke-dasharray' && v === 'none')) d.setAttribute(p, v);
      else if (p === 'fill' || p === 'stroke') d.setAttribute(p, 'none');
    }
  });
  const bg = document.createElementNS(SVG_NS, 'rect');
  for (const [k, v] of Object.entries({ x: -16, y: -16, width: w, height: h })) bg.setAttribute(k, String(v));
  bg.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
  out.appendChild(bg);
  out.appendChild(body);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(out)}\n`;
}

// ---- messages ----
window.addEventListener('message', (ev: MessageEvent<InMessage>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object') return;
  switch (m.type) {
    case 'topology':
    case 'groups': {
      if (m.timing) answerTiming = { ...m.timing, receivedAt: epoch() };
      if (m.type === 'topology') {
        const t = m.topology ?? (m.json ? (JSON.parse(new TextDecoder().decode(m.json)) as Topology) : undefined);
        if (!t) break;
        index = indexTopology(t);
        title = m.title ?? '';
      } else {
        if (!index) break;
        index = indexTopology(mergeGroups(index.topology, m.part) ?? index.topology);
      }
      answerExpand = new Set(m.expand ?? []);
      if (awaitingFilter !== undefined) {
        // An answer to an older filter (the one typed since is on its way): not worth a layout.
        if (normalFilter(m.filter) !== awaitingFilter) break;
        awaitingFilter = undefined;
      }
      void render(m.type);
      break;
    }
    case 'highlight':
      highlighted = m.id;
      applyHighlight(true);
      break;
    case 'error':
      setStatus(m.message, 'error');
      break;
    case 'loading':
      setStatus(m.message);
      break;
  }
});
new ResizeObserver(() => {
  if (transform === undefined && index) fitView();
}).observe(svg);
pageMarks.readyAt = epoch();
vscode.postMessage({ type: 'ready', filter });
// Warm ELK up while the extension answers: its construction and first layout compile most of its code.
setTimeout(() => {
  if (elkInstance) return;
  void elk()
    .layout({
      id: 'warm',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.edgeRouting': 'ORTHOGONAL' },
      children: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, width: 100, height: 40 })),
      edges: [['a', 'b'], ['a', 'c'], ['b', 'd'], ['c', 'd'], ['c', 'e']].map(([f, t], i) => ({ id: `w${i}`, sources: [f], targets: [t] })),
    })
    .catch(() => undefined);
}, 0);
