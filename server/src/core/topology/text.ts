/**
 * Text drawings of a view (layout.ts): Graphviz DOT and a Mermaid `flowchart LR`. Names from the config are
 * escaped for each syntax (DOT quoted strings; Mermaid entity codes), and Mermaid node ids are generated (`n0`...).
 */
import type { Box, View } from './layout';
import { HEALTH_COLOUR, KIND_STYLE } from './svg';

/** A DOT quoted string (`"` and `\` escaped, newlines as `\n`). */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

const badgeText = (b: Box): string => [b.counts.error ? `${b.counts.error} error${b.counts.error > 1 ? 's' : ''}` : '', b.counts.warning ? `${b.counts.warning} warning${b.counts.warning > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ');

/** Graphviz DOT text, left to right. */
export function renderDot(view: View, name = 'topology'): string {
  const out: string[] = [];
  out.push(`digraph ${dotString(name)} {`);
  out.push('  rankdir=LR;');
  out.push('  node [shape=box, style="rounded,filled", fontname="monospace", fontsize=10];');
  out.push('  edge [fontname="monospace", fontsize=9, color="#6b7280"];');
  for (const b of view.boxes) {
    const st = KIND_STYLE[b.kind];
    const badge = badgeText(b);
    const label = [...b.lines, ...(badge ? [`[${badge}]`] : [])].join('\n');
    const colour = b.health === 'ok' ? st.stroke : HEALTH_COLOUR[b.health];
    const pen = b.health === 'ok' ? '' : ', penwidth=2';
    const style = b.kind === 'group' ? ', style="rounded,filled,dashed"' : '';
    out.push(`  ${dotString(b.id)} [label=${dotString(label)}, fillcolor=${dotString(st.fill)}, color=${dotString(colour)}${pen}${style}];`);
  }
  for (const l of view.links) {
    const attrs: string[] = [];
    if (l.label) attrs.push(`label=${dotString(l.label)}`);
    if (l.dashed) attrs.push('style=dashed', 'dir=none');
    if (l.health && l.health !== 'ok') attrs.push(`color=${dotString(HEALTH_COLOUR[l.health])}`);
    out.push(`  ${dotString(l.from)} -> ${dotString(l.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}

/** Mermaid label text: entity codes for the characters Mermaid or HTML would read. */
export function mermaidText(s: string): string {
  return s.replace(/[&<>"'#`|[\]{}()]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** A Mermaid `flowchart LR`. */
export function renderMermaid(view: View): string {
  const ids = new Map<string, string>();
  view.boxes.forEach((b, i) => ids.set(b.id, `n${i}`));
  const out: string[] = ['flowchart LR'];
  const classes = new Map<string, string[]>();
  for (const b of view.boxes) {
    const badge = badgeText(b);
    const text = [...b.lines, ...(badge ? [`[${badge}]`] : [])].map(mermaidText).join('<br/>');
    const id = ids.get(b.id)!;
    const shape = b.kind === 'vip' ? [`(["`, `"])`] : b.kind === 'instance' ? [`("`, `")`] : [`["`, `"]`];
    out.push(`  ${id}${shape[0]}${text}${shape[1]}`);
    const cls = b.health === 'ok' ? b.kind : `${b.kind}_${b.health}`;
    const l = classes.get(cls);
    if (l) l.push(id);
    else classes.set(cls, [id]);
  }
  for (const l of view.links) {
    const a = ids.get(l.from);
    const b = ids.get(l.to);
    if (!a || !b) continue;
    const arrow = l.dashed ? '-.-' : '-->';
    out.push(l.label ? `  ${a} ${arrow}|${mermaidText(l.label)}| ${b}` : `  ${a} ${arrow} ${b}`);
  }
  for (const [cls, members] of classes) {
    const [kind, health] = cls.split('_') as [Box['kind'], keyof typeof HEALTH_COLOUR | undefined];
    const st = KIND_STYLE[kind];
    const stroke = health ? HEALTH_COLOUR[health] : st.stroke;
    out.push(`  classDef ${cls} fill:${st.fill},stroke:${stroke},stroke-width:${health ? 2 : 1}px,color:#111827`);
    out.push(`  class ${members.join(',')} ${cls}`);
  }
  return out.join('\n') + '\n';
}
