/**
 * SVG of a laid-out view (layout.ts → elkjs → here): boxes with their lines, a badge with error/warning counts,
 * edges as paths through ELK's sections. Colours for a white background. Every text from the config is escaped
 * (names can hold `<`, quotes, `&`): the output is plain SVG with no script, no foreign objects, no event attributes.
 */
import { FONT, type Box, type ElkGraphNode, type Link, type View } from './layout';

/** XML text and attribute escaping (also drops characters XML 1.0 forbids). */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Fill and stroke per box kind (light fills, dark strokes: readable on white and in print). */
export const KIND_STYLE: Record<Box['kind'], { fill: string; stroke: string; name: string }> = {
  director: { fill: '#e3ecf7', stroke: '#1f3b57', name: 'director' },
  instance: { fill: '#e6f4ea', stroke: '#1e6b34', name: 'VRRP instance' },
  vip: { fill: '#fff4d6', stroke: '#8a6100', name: 'VIP' },
  service: { fill: '#ede9fb', stroke: '#4b3a9a', name: 'virtual service' },
  realserver: { fill: '#f3f4f6', stroke: '#374151', name: 'real server' },
  group: { fill: '#fdf2f8', stroke: '#831843', name: 'services (collapsed)' },
};

export const HEALTH_COLOUR = { error: '#c62828', warning: '#b45309', ok: '#374151' } as const;
const ARP_COLOUR = { ok: '#1e7b34', broken: '#c62828', unknown: '#6b7280', 'not-needed': '#6b7280' } as const;

const n1 = (x: number): string => (Math.round(x * 10) / 10).toString();

function badge(b: Box, x: number, y: number): string {
  const parts: string[] = [];
  let right = x + b.width - 6;
  const pill = (text: string, fill: string): void => {
    const w = text.length * 6.6 + 8;
    right -= w;
    parts.push(`<rect x="${n1(right)}" y="${n1(y + 5)}" width="${n1(w)}" height="14" rx="7" fill="${fill}"/><text x="${n1(right + w / 2)}" y="${n1(y + 15.5)}" font-size="10" text-anchor="middle" fill="#ffffff">${xmlEscape(text)}</text>`);
    right -= 3;
  };
  if (b.counts.warning) pill(`${b.counts.warning}W`, HEALTH_COLOUR.warning);
  if (b.counts.error) pill(`${b.counts.error}E`, HEALTH_COLOUR.error);
  return parts.join('');
}

function boxSvg(b: Box, x: number, y: number): string {
  const st = KIND_STYLE[b.kind];
  const stroke = b.health === 'ok' ? st.stroke : HEALTH_COLOUR[b.health];
  const sw = b.health === 'ok' ? 1.2 : 2.4;
  const title = [`${st.name}: ${b.lines[0]}`, ...b.lines.slice(1), b.counts.error || b.counts.warning ? `${b.counts.error} errors, ${b.counts.warning} warnings` : ''].filter(Boolean).join('\n');
  const out: string[] = [];
  out.push(`<g class="node ${b.kind} ${b.health}" data-id="${xmlEscape(b.id)}">`);
  out.push(`<title>${xmlEscape(title)}</title>`);
  const dash = b.kind === 'group' ? ' stroke-dasharray="5 3"' : '';
  out.push(`<rect x="${n1(x)}" y="${n1(y)}" width="${n1(b.width)}" height="${n1(b.height)}" rx="6" fill="${st.fill}" stroke="${stroke}" stroke-width="${sw}"${dash}/>`);
  b.lines.forEach((line, i) => {
    const ty = y + 8 + FONT.lineHeight * (i + 1) - 4;
    let fill = i === 0 ? '#111827' : '#374151';
    if (b.kind === 'realserver' && i === 1 && b.arp) fill = ARP_COLOUR[b.arp];
    if (i > 0 && line.startsWith('ARP hiding:') && b.arpCounts) fill = b.arpCounts.broken ? ARP_COLOUR.broken : b.arpCounts.unknown ? ARP_COLOUR.unknown : ARP_COLOUR.ok;
    const weight = i === 0 ? ' font-weight="600"' : '';
    out.push(`<text x="${n1(x + 10)}" y="${n1(ty)}"${weight} fill="${fill}">${xmlEscape(line)}</text>`);
  });
  out.push(badge(b, x, y));
  out.push('</g>');
  return out.join('');
}

function edgeSvg(l: Link, e: NonNullable<ElkGraphNode['edges']>[number]): string {
  const colour = l.health && l.health !== 'ok' ? HEALTH_COLOUR[l.health] : '#6b7280';
  const parts: string[] = [];
  for (const s of e.sections ?? []) {
    const pts = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint];
    parts.push(`M${pts.map((p) => `${n1(p.x)} ${n1(p.y)}`).join(' L')}`);
  }
  if (!parts.length) return '';
  const dash = l.dashed ? ' stroke-dasharray="4 3"' : '';
  const marker = l.dashed ? '' : ' marker-end="url(#arrow)"';
  let svg = `<path class="edge ${l.kind}" data-id="${xmlEscape(l.id)}" d="${parts.join(' ')}" fill="none" stroke="${colour}" stroke-width="1.2"${dash}${marker}/>`;
  for (const lab of e.labels ?? []) {
    if (lab.x === undefined || lab.y === undefined) continue;
    svg += `<text class="edge-label" x="${n1(lab.x)}" y="${n1(lab.y + lab.height - 3)}" font-size="10" fill="#4b5563">${xmlEscape(lab.text)}</text>`;
  }
  return svg;
}

/** The SVG document of a view laid out by elkjs (`laid` is what `elk.layout(elkGraphOf(view))` resolved to). */
export function renderSvg(view: View, laid: ElkGraphNode, title = 'LVS topology'): string {
  const pos = new Map((laid.children ?? []).map((c) => [c.id, c]));
  const width = Math.ceil(laid.width ?? 0) || 200;
  const legendH = 24;
  const height = (Math.ceil(laid.height ?? 0) || 100) + legendH;
  const out: string[] = [];
  out.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT.family}" font-size="${FONT.size}">`);
  out.push(`<title>${xmlEscape(title)}</title>`);
  out.push('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#6b7280"/></marker></defs>');
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`);
  // Legend.
  let lx = 16;
  for (const k of ['director', 'instance', 'vip', 'service', 'realserver', 'group'] as const) {
    if (k === 'group' && !view.boxes.some((b) => b.kind === 'group' || b.group?.collapsed)) continue;
    const st = KIND_STYLE[k];
    out.push(`<rect x="${lx}" y="6" width="12" height="12" rx="2" fill="${st.fill}" stroke="${st.stroke}"/><text x="${lx + 16}" y="16" font-size="11" fill="#374151">${xmlEscape(st.name)}</text>`);
    lx += 24 + st.name.length * 6.6;
  }
  out.push(`<g transform="translate(0 ${legendH})">`);
  const links = new Map(view.links.map((l) => [l.id, l]));
  out.push('<g class="edges">');
  for (const e of laid.edges ?? []) {
    const l = links.get(e.id);
    if (l) out.push(edgeSvg(l, e));
  }
  out.push('</g><g class="nodes">');
  for (const b of view.boxes) {
    const p = pos.get(b.id);
    if (p) out.push(boxSvg(b, p.x ?? 0, p.y ?? 0));
  }
  out.push('</g></g></svg>');
  return out.join('\n') + '\n';
}
