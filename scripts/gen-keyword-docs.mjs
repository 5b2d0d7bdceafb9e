// Writes server/src/core/schema/keyword-docs.generated.ts: per-keyword text from keepalived.conf(5), for hover and
// completion. The man page's syntax sections are `.nf` blocks where each keyword line (`\fBkeyword \fR<ARGS>`) is
// preceded by `#` comment lines that explain it, inside `block {` ... `}` nesting. For each keyword we keep the block
// path it appears in, its syntax line and the comment lines right above it (or the comment at the end of its line),
// with troff escapes removed and the text cut to a few sentences.
//
//   node scripts/gen-keyword-docs.mjs [--check] [MAN_PAGE]
//
// MAN_PAGE defaults to /usr/share/man/man5/keepalived.conf.5.gz (Debian's keepalived 2.2.7). `--check` exits 1 when
// the committed file differs from what would be written (test/unit/keyword-docs.test.ts runs it when the man page
// exists).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'server/src/core/schema/keyword-docs.generated.ts');
const args = process.argv.slice(2);
const check = args.includes('--check');
const manPath = args.find((a) => !a.startsWith('--')) ?? '/usr/share/man/man5/keepalived.conf.5.gz';
/** Longest text kept per keyword (cut at a sentence or word boundary). */
const MAX_TEXT = 480;

if (!existsSync(manPath)) {
  console.error(`gen-keyword-docs: ${manPath} not found (apt-get install keepalived)`);
  process.exit(2);
}
const raw = readFileSync(manPath);
const man = (manPath.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
const version = /^\.TH\s+\S+\s+\S+\s+(\S+)/m.exec(man)?.[1] ?? '';

/** troff → plain text. */
function plain(s) {
  return s
    .replace(/\\f[BRIP]/g, '')
    .replace(/\\f\(\w\w/g, '')
    .replace(/\\e/g, '\\')
    .replace(/\\-/g, '-')
    .replace(/\\\(em/g, '—')
    .replace(/\\&/g, '')
    .replace(/\\ /g, ' ')
    .replace(/\\\\/g, '\\');
}

/** `# text` comment lines → one paragraph, short. */
function paragraph(lines) {
  let t = lines
    .map((l) => plain(l).replace(/^\s*#+\s?/, '').trim())
    .filter((l) => l && !/^-+$/.test(l))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length > MAX_TEXT) {
    const cut = t.slice(0, MAX_TEXT);
    const dot = cut.lastIndexOf('. ');
    t = dot > MAX_TEXT / 3 ? cut.slice(0, dot + 1) : cut.slice(0, cut.lastIndexOf(' ')) + ' …';
  }
  return t;
}

const KEYWORD_LINE = /^(\s*)\\fB([A-Za-z0-9_|@-]+)((?: [a-z]+)*)\s*\\fR(.*)$/;
const docs = new Map(); // "path|keyword" → { syntax, text }
let inNf = false;
let comments = [];
/** Block stack: each entry is the list of names a `{` line opened (`HTTP_GET|SSL_GET` opens two). */
let stack = [];
let pendingBlock; // a block keyword whose `{` may follow on a later line

function paths() {
  let out = [''];
  for (const names of stack) out = out.flatMap((p) => names.map((n) => (p ? `${p}/${n}` : n)));
  return out;
}

for (const rawLine of man.split('\n')) {
  if (rawLine.startsWith('.nf')) {
    inNf = true;
    stack = [];
    comments = [];
    continue;
  }
  if (rawLine.startsWith('.fi')) {
    inNf = false;
    continue;
  }
  if (!inNf || rawLine.startsWith('.')) continue;
  const line = rawLine;
  if (/^\s*#/.test(line)) {
    comments.push(line);
    continue;
  }
  if (!line.trim()) {
    comments = [];
    continue;
  }
  const m = KEYWORD_LINE.exec(line);
  if (m) {
    const names = m[2].split('|').filter(Boolean);
    let rest = plain(`${m[3]} ${m[4]}`).replace(/^\s+/, '');
    let inline = '';
    const hash = rest.indexOf('#');
    if (hash >= 0) {
      inline = rest.slice(hash);
      rest = rest.slice(0, hash);
    }
    const opens = /\{\s*$/.test(rest);
    const syntaxArgs = rest.replace(/\{\s*$/, '').replace(/\s+/g, ' ').trim();
    const text = paragraph(comments.length ? comments : inline ? [inline] : []);
    for (const p of paths()) {
      for (const n of names) {
        const key = `${p}|${n}`;
        const syntax = `${n}${syntaxArgs ? ' ' + syntaxArgs : ''}`;
        const prev = docs.get(key);
        if (!prev) docs.set(key, { syntax, text });
        else {
          // A keyword written twice in one block (`lvs_method NAT|DR` or `lvs_method TUN ...`): keep both syntaxes.
          if (!prev.syntax.split('\n').includes(syntax) && prev.syntax.split('\n').length < 3) prev.syntax += `\n${syntax}`;
          if (!prev.text && text) prev.text = text;
        }
      }
    }
    comments = [];
    if (opens) stack.push(names);
    else pendingBlock = names;
    continue;
  }
  const t = plain(line).trim();
  if (t === '{' && pendingBlock) {
    stack.push(pendingBlock);
    pendingBlock = undefined;
  } else if (t.startsWith('}')) {
    stack.pop();
  }
  comments = [];
}

const entries = [...docs.entries()].filter(([, d]) => d.text || d.syntax).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const body = entries.map(([k, d]) => `  ${JSON.stringify(k)}: ${JSON.stringify(d)},`).join('\n');
const out = `// GENERATED by scripts/gen-keyword-docs.mjs from keepalived.conf(5) (keepalived man page ${version}).
// Do not edit: run \`node scripts/gen-keyword-docs.mjs\`. Keys are "BLOCK/PATH|keyword" as the man page nests them
// ("" for the top level); \`syntax\` is the man page's syntax line, \`text\` the comment above it, shortened.

export interface ManKeywordDoc {
  syntax: string;
  text: string;
}

export const MAN_PAGE_VERSION = ${JSON.stringify(version)};

export const KEYWORD_DOCS: Record<string, ManKeywordDoc> = {
${body}
};
`;

if (check) {
  const cur = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (cur !== out) {
    console.error('gen-keyword-docs: server/src/core/schema/keyword-docs.generated.ts is stale: run node scripts/gen-keyword-docs.mjs');
    process.exit(1);
  }
  console.log(`gen-keyword-docs: up to date (${entries.length} entries)`);
} else {
  writeFileSync(OUT, out);
  console.log(`gen-keyword-docs: wrote ${entries.length} entries to ${OUT}`);
}
