/**
 * A strict XML well-formedness check for the SVG tests (no dependency): an optional declaration, comments, elements
 * with unique, quoted attributes, balanced tags, one root, and text in which `<` never appears raw and `&` only
 * starts a predefined or numeric entity. Throws on the first violation; returns the element names, attributes and
 * texts (entities decoded) in document order.
 */
export interface XmlDoc {
  elements: string[];
  attributes: { element: string; name: string; value: string }[];
  texts: string[];
}

const NAME = /^[A-Za-z_:][\w.:-]*/;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, where: number): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(s)) throw new Error(`bad entity near offset ${where}`);
  return s.replace(ENTITY, (_, n: string | undefined, d: string | undefined, h: string | undefined) => (n ? NAMED[n] : String.fromCodePoint(d ? Number(d) : parseInt(h!, 16))));
}

export function parseXml(text: string): XmlDoc {
  const doc: XmlDoc = { elements: [], attributes: [], texts: [] };
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  if (text.startsWith('<?xml')) {
    const end = text.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk.includes('>') && /]]>/.test(chunk)) throw new Error(`']]>' in text at ${i}`);
    if (chunk.trim()) {
      if (!stack.length) throw new Error(`text outside the root element at ${i}`);
      doc.texts.push(decode(chunk, i));
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0 || text.slice(i + 4, end).includes('--')) throw new Error(`bad comment at ${i}`);
      i = end + 3;
      continue;
    }
    if (text.startsWith('</', i)) {
      const m = NAME.exec(text.slice(i + 2));
      if (!m) throw new Error(`bad end tag at ${i}`);
      const close = text.indexOf('>', i);
      if (close < 0 || text.slice(i + 2 + m[0].length, close).trim()) throw new Error(`bad end tag at ${i}`);
      const open = stack.pop();
      if (open !== m[0]) throw new Error(`</${m[0]}> closes <${open}> at ${i}`);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(text.slice(i + 1));
    if (!m) throw new Error(`bad start tag at ${i}`);
    const name = m[0];
    if (!stack.length && roots++) throw new Error(`second root element <${name}> at ${i}`);
    doc.elements.push(name);
    let j = i + 1 + name.length;
    const seen = new Set<string>();
    for (;;) {
      const ws = /^\s*/.exec(text.slice(j))![0].length;
      j += ws;
      if (text.startsWith('/>', j)) {
        j += 2;
        break;
      }
      if (text[j] === '>') {
        stack.push(name);
        j += 1;
        break;
      }
      if (!ws) throw new Error(`no space before an attribute of <${name}> at ${j}`);
      const a = /^([A-Za-z_:][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(j));
      if (!a) throw new Error(`bad attribute in <${name}> at ${j}: ${text.slice(j, j + 30)}`);
      if (seen.has(a[1])) throw new Error(`duplicate attribute ${a[1]} in <${name}> at ${j}`);
      seen.add(a[1]);
      doc.attributes.push({ element: name, name: a[1], value: decode(a[3] ?? a[4], j) });
      j += a[0].length;
    }
    i = j;
  }
  if (stack.length) throw new Error(`unclosed <${stack.join('> <')}>`);
  if (!roots) throw new Error('no root element');
  return doc;
}
