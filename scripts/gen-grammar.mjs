// Writes syntaxes/keepalived.tmLanguage.json from the keyword schema (server/src/core/schema), so the grammar never
// drifts from the analyser: every keyword of every block, block keywords apart, deprecated ones with their own scope,
// enum values after the keywords that take them. `--check` exits 1 when the committed grammar differs.
//
// keepalived's lexical rules (lib/parser.c read_line, see docs in ARCHITECTURE.md): an unquoted `#` or `!` anywhere
// starts a comment (`\#`, `\!` are literal), a `"` toggles quoting anywhere, `\` escapes the next character, a line
// starting `@ID `/`@^ID ` is conditional, `$NAME=` defines (a trailing `\` continues it), `~SEQ(...)`/`~LST(...)`
// replay the rest of the line, `include*` reads a glob, and each `{`/`}` outside quotes splits the line, so a keyword
// starts a statement after indentation, a conditional prefix, a brace or a generator.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const OUT = 'syntaxes/keepalived.tmLanguage.json';
const check = process.argv.includes('--check');
const tmp = join(tmpdir(), `lvs-schema-${process.pid}.cjs`);
await esbuild.build({ entryPoints: ['server/src/core/schema/index.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: tmp, logLevel: 'warning' });
const { SCHEMA } = createRequire(import.meta.url)(tmp);

// ---- classify every keyword name (a name may live in several blocks with different shapes) ----
/** name -> { block: opens a keyword block somewhere, value: opens a value block somewhere, deprecatedEverywhere, enums, port } */
const names = new Map();
let entries = 0;
for (const block of Object.values(SCHEMA.blocks)) {
  for (const k of Object.values(block.keywords)) {
    entries++;
    const n = names.get(k.name) ?? { block: false, value: false, deadOpens: false, live: false, enums: new Set(), bool: false, port: false };
    // A name is a block keyword when it opens a block where it is not deprecated; deprecated when it is so everywhere.
    if (k.deprecated) n.deadOpens ||= k.shape === 'block' || k.shape === 'valueBlock';
    else {
      n.live = true;
      if (k.shape === 'block') n.block = true;
      if (k.shape === 'valueBlock') n.value = true;
    }
    if (k.shape === 'optionalBool') n.bool = true;
    for (const a of [...k.args, ...(k.headArgs ?? [])]) {
      if (a.type.kind === 'enum') for (const v of a.type.values) n.enums.add(a.type.caseSensitive ? v : `(?i:${esc(v)})`);
      if (a.type.kind === 'bool') n.bool = true;
      if (a.type.kind === 'port') n.port = true;
    }
    names.set(k.name, n);
  }
}
if (entries < 500) throw new Error(`schema has only ${entries} keyword entries`);

function esc(s) {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}
/** Longest first, so that an alternation never stops at a prefix (`notify` before `notify_master`). */
function alt(list) {
  return [...new Set(list)].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((s) => (s.startsWith('(?i:') ? s : esc(s))).join('|');
}

const sorted = [...names.keys()].sort();
const blockNames = sorted.filter((k) => names.get(k).block);
const valueNames = sorted.filter((k) => names.get(k).value && !names.get(k).block);
const deprecatedNames = sorted.filter((k) => !names.get(k).live);
const deprecatedBlockNames = deprecatedNames.filter((k) => names.get(k).deadOpens);
const deprecatedOtherNames = deprecatedNames.filter((k) => !deprecatedBlockNames.includes(k));
const otherNames = sorted.filter((k) => !blockNames.includes(k) && !valueNames.includes(k) && !deprecatedNames.includes(k));
/** Value blocks whose body is free-form lines (addresses, names); `track_file` is also a block and a scalar elsewhere. */
const valueBlockHeads = sorted.filter((k) => names.get(k).value && !names.get(k).block);

// Statement start: after indentation at a line start (with an optional `@ID `/`@^ID ` prefix), or after a brace or a
// generator's `)` on the same line. The conditional prefix is captured by groups 1-2 of every statement rule.
const START = '(?:^\\s*(?:(@\\^?)([^\\s{}#!"]+)\\s+)?|(?<=[{})])\\s*)';
/** Where a word ends: blank, brace, quote, comment or end of line. */
const END = '(?=[\\s{}#!"]|$)';
const PREFIX_CAPTURES = { 1: { name: 'keyword.control.conditional.keepalived' }, 2: { name: 'entity.name.tag.config-id.keepalived' } };
const S = '.keepalived';

const keywordName = {
  comment: 'The scope of a keyword word (matched against the whole captured word).',
  patterns: [
    { name: `storage.type.block${S}`, match: `(?<![\\w-])(?:${alt(blockNames)})$` },
    { name: `storage.type.block.value${S}`, match: `(?<![\\w-])(?:${alt(valueNames)})$` },
    { name: `invalid.deprecated.block${S}`, match: `(?<![\\w-])(?:${alt(deprecatedBlockNames)})$` },
    { name: `invalid.deprecated.keyword${S}`, match: `(?<![\\w-])(?:${alt(deprecatedOtherNames)})$` },
    { name: `keyword.other${S}`, match: `(?<![\\w-])(?:${alt(otherNames)})$` },
  ],
};

// Keywords with enum or boolean arguments: the statement runs to the end of the line (or a brace or comment) and
// colours those words as constants. Grouped by identical value sets to keep the grammar small.
const groups = new Map();
for (const k of sorted) {
  const n = names.get(k);
  const values = [...n.enums];
  if (n.bool) values.push('on', 'off', 'true', 'false', 'yes', 'no');
  if (!values.length && !n.port) continue;
  const key = JSON.stringify([alt(values), n.port]);
  const g = groups.get(key) ?? { values, port: n.port, names: [] };
  g.names.push(k);
  groups.set(key, g);
}
const typedStatements = [...groups.values()].map((g) => ({
  begin: `${START}(${alt(g.names)})${END}`,
  beginCaptures: { ...PREFIX_CAPTURES, 3: { patterns: [{ include: '#keyword-name' }] } },
  end: '(?=[{}#!]|$)',
  name: `meta.statement${S}`,
  patterns: [
    ...(g.values.length ? [{ name: `constant.language.enum${S}`, match: `(?<=[\\s])(?:${alt(g.values)})${END}` }] : []),
    ...(g.port ? [{ name: `constant.numeric.port${S}`, match: `(?<=[\\s])\\d{1,5}${END}` }] : []),
    { include: '#arguments' },
  ],
}));

const VIP_OPTIONS = [
  'dev', 'brd', 'broadcast', 'label', 'scope', 'peer', 'home', '-nodad', 'nodad', 'mngtmpaddr', 'noprefixroute', 'autojoin',
  'preferred_lft', 'forever', 'track_group', 'no_track', 'via', 'src', 'from', 'to', 'table', 'metric', 'proto', 'protocol',
  'nexthop', 'weight', 'onlink', 'blackhole', 'unreachable', 'prohibit', 'throw', 'local', 'broadcast', 'multicast', 'nat',
  'anycast', 'realms', 'mtu', 'advmss', 'rtt', 'rttvar', 'reordering', 'window', 'cwnd', 'ssthresh', 'initcwnd', 'initrwnd',
  'features', 'quickack', 'congctl', 'pref', 'fastopen_no_cookie', 'expires', 'encap', 'lock', 'tos', 'dsfield', 'priority',
  'preference', 'order', 'fwmark', 'iif', 'oif', 'uidrange', 'sport', 'dport', 'ipproto', 'goto', 'suppress_prefixlength',
  'suppress_ifgroup', 'not', 'lookup', 'l3mdev', 'type', 'inet', 'inet6', 'add', 'append', 'min_ttl', 'max_ttl', 'reverse',
  'noreverse', 'MII', 'ETHTOOL', 'IOCTL', 'default',
];

const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'Keepalived',
  scopeName: 'source.keepalived',
  fileTypes: ['keepalived.conf'],
  comment: `GENERATED by scripts/gen-grammar.mjs from the keyword schema (${entries} entries, ${names.size} names). Do not edit: run npm run gen:grammar.`,
  patterns: [{ include: '#line' }],
  repository: {
    line: {
      patterns: [
        { include: '#comment' },
        { include: '#string' },
        { include: '#escape' },
        { include: '#include' },
        { include: '#definition' },
        { include: '#generator' },
        { include: '#value-block' },
        { include: '#typed-statement' },
        { include: '#statement' },
        { include: '#conditional' },
        { include: '#arguments' },
      ],
    },
    comment: {
      comment: 'An unquoted # or ! anywhere ends the line, also inside a word (auth_pass s3cr3t!x reads s3cr3t).',
      patterns: [
        { name: `comment.line.number-sign${S}`, match: '(#).*$', captures: { 1: { name: `punctuation.definition.comment${S}` } } },
        { name: `comment.line.exclamation${S}`, match: '(!).*$', captures: { 1: { name: `punctuation.definition.comment${S}` } } },
      ],
    },
    escape: {
      comment: 'Outside quotes \\# and \\! are a literal # and !; a backslash always takes the next character.',
      patterns: [
        { name: `constant.character.escape${S}`, match: '\\\\[#!"\\\\]' },
        { match: '\\\\.' },
      ],
    },
    string: {
      comment: 'A " starts quoting anywhere and the next unescaped " ends it; # and ! inside are literal. Unterminated at end of line.',
      name: `string.quoted.double${S}`,
      begin: '"',
      beginCaptures: { 0: { name: `punctuation.definition.string.begin${S}` } },
      end: '(")|$',
      endCaptures: { 1: { name: `punctuation.definition.string.end${S}` } },
      patterns: [{ name: `constant.character.escape${S}`, match: '\\\\.' }, { include: '#variable' }],
    },
    conditional: {
      comment: '@ID / @^ID at the start of a line: the line is used only when the config-id is (is not) ID.',
      match: '^\\s*(@\\^?)([^\\s{}#!"]+)(?=\\s|$)',
      captures: PREFIX_CAPTURES,
    },
    include: {
      comment: 'include, includer, includem, includew, includeb, includea FILE-GLOB (relative to the including file).',
      match: `${START}(include[rmwba]?)(?=\\s|$)(?:\\s+((?:[^\\s#!"\\\\]|\\\\.)+|"[^"]*"?))?`,
      captures: {
        ...PREFIX_CAPTURES,
        3: { name: `keyword.control.import${S}` },
        4: { name: `string.unquoted.path${S}`, patterns: [{ include: '#variable' }] },
      },
    },
    definition: {
      comment: '$NAME=VALUE defines a parameter; a trailing \\ continues the definition on the next line (blank lines too).',
      name: `meta.definition${S}`,
      begin: '^\\s*(?:(@\\^?)([^\\s{}#!"]+)\\s+)?(\\$)([A-Za-z_]\\w*)(=)',
      beginCaptures: {
        ...PREFIX_CAPTURES,
        3: { name: `punctuation.definition.variable${S}` },
        4: { name: `variable.other.definition${S}` },
        5: { name: `keyword.operator.assignment${S}` },
      },
      end: '(?<=[^\\\\\\s])\\s*$|(?<==)$',
      patterns: [
        { include: '#comment' },
        { include: '#string' },
        { match: '\\G([A-Za-z_][\\w-]*)(?=[\\s{}#!"]|$)', captures: { 1: { patterns: [{ include: '#keyword-name' }] } } },
        { name: `constant.character.escape.line-continuation${S}`, match: '\\\\\\s*$' },
        { include: '#escape' },
        { include: '#statement' },
        { include: '#arguments' },
      ],
    },
    generator: {
      comment: '~SEQ(var, start, step, end), ~SEQx(...) (hex), ~LST(var, v1, v2, ...) replay the rest of the line per value.',
      name: `meta.generator${S}`,
      begin: `${START}(~(?:SEQx?|LST))(\\()`,
      beginCaptures: { ...PREFIX_CAPTURES, 3: { name: `keyword.control.loop${S}` }, 4: { name: `punctuation.section.parens.begin${S}` } },
      end: '\\)|$',
      endCaptures: { 0: { name: `punctuation.section.parens.end${S}` } },
      patterns: [
        { match: '\\G\\s*([A-Za-z_]\\w*)', captures: { 1: { name: `variable.parameter${S}` } } },
        { name: `punctuation.separator.comma${S}`, match: ',' },
        { name: `punctuation.section.braces${S}`, match: '[{}]' },
        { include: '#variable' },
        { include: '#number' },
      ],
    },
    'value-block': {
      comment: 'Keywords whose { ... } holds free-form lines (addresses, routes, names): the head, then the body up to }.',
      begin: `${START}(${alt(valueBlockHeads)})${END}`,
      beginCaptures: { ...PREFIX_CAPTURES, 3: { patterns: [{ include: '#keyword-name' }] } },
      end: '(?<=\\})|(?=\\})|^(?=\\s*[^\\s{#!])',
      patterns: [
        { include: '#comment' },
        {
          name: `meta.block.value${S}`,
          begin: '\\{',
          beginCaptures: { 0: { name: `punctuation.section.block.begin${S}` } },
          end: '\\}',
          endCaptures: { 0: { name: `punctuation.section.block.end${S}` } },
          patterns: [
            { include: '#comment' },
            { include: '#string' },
            { include: '#escape' },
            { include: '#include' },
            { include: '#conditional' },
            { include: '#generator' },
            { name: `keyword.other.option${S}`, match: `(?<=^|[\\s{])(?:${alt(VIP_OPTIONS)})${END}` },
            { include: '#arguments' },
          ],
        },
        { include: '#arguments' },
      ],
    },
    'typed-statement': { patterns: typedStatements },
    statement: {
      comment: 'The first word of a statement: coloured when it is a keyword of some block (whole words only).',
      match: `${START}([A-Za-z_][\\w-]*)${END}`,
      captures: { ...PREFIX_CAPTURES, 3: { patterns: [{ include: '#keyword-name' }] } },
    },
    'keyword-name': keywordName,
    arguments: {
      patterns: [
        { include: '#comment' },
        { include: '#string' },
        { include: '#escape' },
        { include: '#brace' },
        { include: '#variable' },
        { include: '#address-port' },
        { include: '#ipv6' },
        { include: '#ipv4' },
        { include: '#number' },
        { include: '#word' },
      ],
    },
    word: {
      comment: 'Any other word, consumed whole so that nothing inside it (a number, a keyword) is coloured.',
      match: '[^\\s{}#!"\\\\$]+',
    },
    brace: {
      patterns: [
        { name: `punctuation.section.block.begin${S}`, match: '\\{' },
        { name: `punctuation.section.block.end${S}`, match: '\\}' },
      ],
    },
    variable: {
      patterns: [
        {
          comment: '${NAME} and the built-ins ${_PWD} ${_INSTANCE} ${_RANDOM min max} ${_ENV NAME} ${_HASH} ${_BANG}',
          name: `variable.other${S}`,
          match: '(\\$\\{)([A-Za-z_]\\w*)([^}]*)(\\})',
          captures: {
            1: { name: `punctuation.definition.variable.begin${S}` },
            2: { name: `variable.other.name${S}` },
            3: { name: `variable.parameter${S}` },
            4: { name: `punctuation.definition.variable.end${S}` },
          },
        },
        {
          name: `variable.other${S}`,
          match: '(\\$)([A-Za-z_]\\w*)',
          captures: { 1: { name: `punctuation.definition.variable${S}` } },
        },
      ],
    },
    'address-port': {
      comment: 'IP PORT, as on virtual_server / real_server / sorry_server heads and virtual_server_group lines.',
      match: '(?<![^\\s{])((?:\\d{1,3}\\.){3}\\d{1,3}(?:-\\d{1,3})?|[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)[ \\t]+(\\d{1,5})(?=[\\s{}#!]|$)',
      captures: { 1: { patterns: [{ include: '#ipv6' }, { include: '#ipv4' }] }, 2: { name: `constant.numeric.port${S}` } },
    },
    ipv4: {
      comment: 'IPv4 address with an optional /prefix or last-octet range (virtual_server_group: 192.0.2.10-20).',
      match: '(?<![\\w.:$/-])((?:\\d{1,3}\\.){3}\\d{1,3})(?:(/)(\\d{1,2})|(-)(\\d{1,3}))?(?![\\w.:/-])',
      captures: {
        1: { name: `constant.numeric.ip-address.ipv4${S}` },
        2: { name: `punctuation.separator.prefix${S}` },
        3: { name: `constant.numeric.prefix-length${S}` },
        4: { name: `punctuation.separator.range${S}` },
        5: { name: `constant.numeric.ip-address.range-end${S}` },
      },
    },
    ipv6: {
      comment: 'IPv6 address (at least two colons) with an optional %zone and /prefix.',
      match:
        '(?<![\\w.:$/-])((?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*:)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9A-Fa-f]{1,4})?(?:%[\\w.-]+)?)(?:(/)(\\d{1,3}))?(?![\\w.:/-])',
      captures: {
        1: { name: `constant.numeric.ip-address.ipv6${S}` },
        2: { name: `punctuation.separator.prefix${S}` },
        3: { name: `constant.numeric.prefix-length${S}` },
      },
    },
    number: {
      name: `constant.numeric${S}`,
      match: '(?<![\\w.:/$-])-?(?:0[xX][0-9A-Fa-f]+|\\d+(?:\\.\\d+)?)(?![\\w.:/-])',
    },
  },
};

// ---- real-server files: sysctl.d, arptables-save / iptables-save, RHEL ifcfg ----
const SCHEMA_URL = grammar.$schema;
const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
const IPV6 = String.raw`(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f:.]*:)(?:[0-9A-Fa-f]{0,4}:){1,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9A-Fa-f]{1,4})?`;

/** sysctl.conf / sysctl.d as systemd-sysctl and procps read them: `#` or `;` comment lines, `[-]key = value`. */
function sysctlGrammar() {
  const s = '.sysctl';
  return {
    $schema: SCHEMA_URL,
    name: 'sysctl',
    scopeName: 'source.sysctl',
    comment: 'GENERATED by scripts/gen-grammar.mjs. sysctl.conf(5), sysctl.d(5): comments are whole lines; the value runs to the end of the line.',
    patterns: [
      { name: `comment.line.number-sign${s}`, match: String.raw`^\s*([#;]).*$`, captures: { 1: { name: `punctuation.definition.comment${s}` } } },
      {
        match: String.raw`^\s*(-)?([^=\s#;][^=]*?)\s*(=)\s*(.*?)\s*$`,
        captures: {
          1: { name: `keyword.operator.ignore-failure${s}` },
          2: { name: `meta.key${s}`, patterns: [{ include: '#key' }] },
          3: { name: `keyword.operator.assignment${s}` },
          4: { patterns: [{ include: '#value' }] },
        },
      },
      { match: String.raw`^\s*(-)([^=\s]+)\s*$`, captures: { 1: { name: `keyword.operator.exclude${s}` }, 2: { name: `meta.key${s}`, patterns: [{ include: '#key' }] } } },
    ],
    repository: {
      key: {
        patterns: [
          {
            comment: 'net.ipv4.conf.IFACE.setting (IFACE may hold / for a VLAN dot when . separates, or . when / separates)',
            match: String.raw`(?:^|(?<=[\s-]))(net)([./])(ipv[46])([./])(conf|neigh)([./])([^=\s]+?)([./])(arp_ignore|arp_announce|arp_filter|rp_filter|proxy_arp|send_redirects|accept_redirects|forwarding|accept_local|route_localnet|log_martians|[\w-]+)\s*$`,
            captures: {
              1: { name: `variable.other.key${s}` },
              2: { name: `punctuation.separator${s}` },
              3: { name: `variable.other.key${s}` },
              4: { name: `punctuation.separator${s}` },
              5: { name: `variable.other.key${s}` },
              6: { name: `punctuation.separator${s}` },
              7: { name: `entity.name.tag.interface${s}`, patterns: [{ match: String.raw`\*`, name: `keyword.operator.glob${s}` }] },
              8: { name: `punctuation.separator${s}` },
              9: { name: `variable.other.key${s}` },
            },
          },
          { match: '[./]', name: `punctuation.separator${s}` },
          { match: String.raw`\*`, name: `keyword.operator.glob${s}` },
          { match: String.raw`[^./*\s]+`, name: `variable.other.key${s}` },
        ],
      },
      value: {
        patterns: [
          { match: String.raw`(?<![\w.-])-?\d+(?![\w.:/-])`, name: `constant.numeric${s}` },
          { match: String.raw`(?<![\w.:/-])${IPV4}(?:/\d{1,2})?(?![\w.:/-])`, name: `constant.numeric.ip-address${s}` },
          { match: String.raw`[^\s]+`, name: `string.unquoted${s}` },
        ],
      },
    },
  };
}

/** arptables-save / iptables-save / ip6tables-save files (RHEL /etc/sysconfig/*tables, Debian rules.v4). */
function saveGrammar(lang) {
  const s = `.${lang}`;
  const arp = lang === 'arptables';
  const targets = arp
    ? ['ACCEPT', 'DROP', 'RETURN', 'CONTINUE', 'QUEUE', 'mangle', 'CLASSIFY', 'MARK']
    : ['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'QUEUE', 'NFQUEUE', 'LOG', 'NFLOG', 'REDIRECT', 'DNAT', 'SNAT', 'MASQUERADE', 'NETMAP', 'MARK', 'CONNMARK', 'TPROXY', 'CT', 'NOTRACK', 'TCPMSS', 'TOS', 'DSCP', 'TTL', 'HL', 'CLASSIFY', 'TRACE', 'AUDIT', 'CHECKSUM', 'SET'];
  return {
    $schema: SCHEMA_URL,
    name: lang,
    scopeName: `source.${lang}`,
    comment: `GENERATED by scripts/gen-grammar.mjs. ${lang}-save format: *table, :CHAIN POLICY [pkts:bytes], [pkts:bytes] -A CHAIN rule..., COMMIT.`,
    patterns: [
      { name: `comment.line.number-sign${s}`, match: String.raw`^\s*(#).*$`, captures: { 1: { name: `punctuation.definition.comment${s}` } } },
      { match: String.raw`^\s*(\*)(\S+)`, captures: { 1: { name: `punctuation.definition.table${s}` }, 2: { name: `entity.name.section.table${s}` } } },
      {
        match: String.raw`^\s*(:)(\S+)(?:\s+(ACCEPT|DROP|RETURN|-)(?=\s|$)|\s+(\S+))?`,
        captures: {
          1: { name: `punctuation.definition.chain${s}` },
          2: { name: `entity.name.function.chain${s}` },
          3: { name: `constant.language.policy${s}` },
          4: { name: `invalid.illegal.policy${s}` },
        },
      },
      { match: String.raw`^\s*(COMMIT)(?=\s|$)`, captures: { 1: { name: `keyword.control.commit${s}` } } },
      { include: '#counters' },
      { include: '#rule' },
    ],
    repository: {
      counters: {
        match: String.raw`(\[)(\d+)(:)(\d+)(\])`,
        name: `meta.counters${s}`,
        captures: {
          1: { name: `punctuation.definition.counters.begin${s}` },
          2: { name: `constant.numeric.packets${s}` },
          3: { name: `punctuation.separator${s}` },
          4: { name: `constant.numeric.bytes${s}` },
          5: { name: `punctuation.definition.counters.end${s}` },
        },
      },
      rule: {
        patterns: [
          { name: `string.quoted.double${s}`, match: String.raw`"(?:[^"\\]|\\.)*"?` },
          { name: `string.quoted.single${s}`, match: String.raw`'[^']*'?` },
          {
            match: String.raw`(?<=^|\s)(-[AIDRNPFXZELC]|--(?:append|insert|delete|replace|new-chain|policy|flush|delete-chain|zero|rename-chain|list|check))\s+([^\s-]\S*)`,
            captures: { 1: { name: `keyword.operator.command${s}` }, 2: { name: `entity.name.function.chain${s}` } },
          },
          {
            match: String.raw`(?<=^|\s)(-j|--jump|-g|--goto)\s+(?:(${targets.join('|')})|(\S+))(?=\s|$)`,
            captures: { 1: { name: `keyword.operator.jump${s}` }, 2: { name: `support.function.target${s}` }, 3: { name: `entity.name.function.chain${s}` } },
          },
          { match: String.raw`(?<=^|\s)(-t|--table)\s+(\S+)`, captures: { 1: { name: `variable.parameter.option${s}` }, 2: { name: `entity.name.section.table${s}` } } },
          { match: String.raw`(?<=^|\s)(-m|--match)\s+(\S+)`, captures: { 1: { name: `variable.parameter.option${s}` }, 2: { name: `support.type.match${s}` } } },
          {
            match: String.raw`(?<=^|\s)(-p|--protocol|--proto)\s+(!\s+)?(\S+)`,
            captures: { 1: { name: `variable.parameter.option${s}` }, 2: { name: `keyword.operator.negation${s}` }, 3: { name: `constant.language.protocol${s}` } },
          },
          { match: String.raw`(?<=^|\s)!(?=\s|$)`, name: `keyword.operator.negation${s}` },
          { match: String.raw`(?<=^|\s)--?[A-Za-z][\w-]*`, name: `variable.parameter.option${s}` },
          {
            match: String.raw`(?<![\w.:/-])(${IPV4})(?:(/)(\d{1,2}|${IPV4}))?(?:(:)(\d+(?:[-:]\d+)?))?(?:(-)(${IPV4}))?(?![\w.:/-])`,
            captures: {
              1: { name: `constant.numeric.ip-address.ipv4${s}` },
              2: { name: `punctuation.separator.prefix${s}` },
              3: { name: `constant.numeric.prefix-length${s}` },
              4: { name: `punctuation.separator.port${s}` },
              5: { name: `constant.numeric.port${s}` },
              6: { name: `punctuation.separator.range${s}` },
              7: { name: `constant.numeric.ip-address.ipv4${s}` },
            },
          },
          { match: String.raw`(?<![\w.:/-])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?:/(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2})?(?![\w.:/-])`, name: `constant.other.mac-address${s}` },
          {
            match: String.raw`(?<![\w.:/-])(\[?${IPV6}\]?)(?:(/)(\d{1,3}))?(?![\w.:/-])`,
            captures: { 1: { name: `constant.numeric.ip-address.ipv6${s}` }, 2: { name: `punctuation.separator.prefix${s}` }, 3: { name: `constant.numeric.prefix-length${s}` } },
          },
          { match: String.raw`(?<![\w.:/-])(?:0[xX][0-9A-Fa-f]+|\d+)(?:[:,/-](?:0[xX][0-9A-Fa-f]+|\d+))*(?![\w.:/-])`, name: `constant.numeric${s}` },
          { match: String.raw`[^\s"']+` },
        ],
      },
    },
  };
}

/** RHEL initscripts ifcfg-* files: shell variable assignments read by the network scripts. */
function ifcfgGrammar() {
  const s = '.ifcfg';
  const value = [
    { include: '#string' },
    { match: String.raw`(?<=\s)(#).*$`, name: `comment.line.number-sign${s}`, captures: { 1: { name: `punctuation.definition.comment${s}` } } },
    { include: '#atom' },
  ];
  return {
    $schema: SCHEMA_URL,
    name: 'ifcfg',
    scopeName: 'source.ifcfg',
    comment: 'GENERATED by scripts/gen-grammar.mjs. ifcfg-* (initscripts): KEY=value shell assignments, # comments.',
    patterns: [
      { name: `comment.line.number-sign${s}`, match: String.raw`^\s*(#).*$`, captures: { 1: { name: `punctuation.definition.comment${s}` } } },
      {
        begin: String.raw`^\s*(?:(export)\s+)?([A-Za-z_][A-Za-z0-9_]*)(=)`,
        beginCaptures: { 1: { name: `storage.modifier${s}` }, 2: { name: `variable.other.key${s}` }, 3: { name: `keyword.operator.assignment${s}` } },
        end: '$',
        name: `meta.assignment${s}`,
        patterns: value,
      },
    ],
    repository: {
      string: {
        patterns: [
          {
            name: `string.quoted.double${s}`,
            begin: '"',
            end: '"',
            patterns: [{ match: String.raw`\\.`, name: `constant.character.escape${s}` }, { include: '#variable' }, { include: '#atom' }],
          },
          { name: `string.quoted.single${s}`, begin: "'", end: "'", patterns: [{ include: '#atom' }] },
        ],
      },
      variable: { match: String.raw`\$(?:\{[^}]*\}|[A-Za-z_]\w*)`, name: `variable.other${s}` },
      atom: {
        patterns: [
          { include: '#variable' },
          {
            match: String.raw`(?<![\w.:/-])(${IPV4})(?:(/)(\d{1,2}))?(?![\w.:/-])`,
            captures: { 1: { name: `constant.numeric.ip-address${s}` }, 2: { name: `punctuation.separator.prefix${s}` }, 3: { name: `constant.numeric.prefix-length${s}` } },
          },
          {
            match: String.raw`(?<![\w.:/-])(${IPV6})(?:(/)(\d{1,3}))?(?![\w.:/-])`,
            captures: { 1: { name: `constant.numeric.ip-address.ipv6${s}` }, 2: { name: `punctuation.separator.prefix${s}` }, 3: { name: `constant.numeric.prefix-length${s}` } },
          },
          { match: String.raw`(?<![\w.:/-])(?i:yes|no|true|false|none|static|dhcp|bootp|ethernet|bond|bridge|vlan|loopback)(?![\w.:/-])`, name: `constant.language${s}` },
          { match: String.raw`(?<![\w.:/-])\d+(?![\w.:/-])`, name: `constant.numeric${s}` },
          { match: String.raw`[^\s"'$#]+` },
        ],
      },
    },
  };
}

const outputs = new Map([
  [OUT, grammar],
  ['syntaxes/sysctl.tmLanguage.json', sysctlGrammar()],
  ['syntaxes/arptables.tmLanguage.json', saveGrammar('arptables')],
  ['syntaxes/iptables.tmLanguage.json', saveGrammar('iptables')],
  ['syntaxes/ifcfg.tmLanguage.json', ifcfgGrammar()],
]);
const stale = [];
for (const [path, g] of outputs) {
  const text = JSON.stringify(g, null, 2) + '\n';
  const have = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (have === text) continue;
  if (check) stale.push(path);
  else writeFileSync(path, text);
}
if (check && stale.length) {
  console.error(`${stale.join(', ')}: out of date with scripts/gen-grammar.mjs and the schema. Run npm run gen:grammar.`);
  process.exit(1);
}
if (!check) console.log(`${OUT}: ${entries} keyword entries, ${blockNames.length + valueNames.length} block keywords, ${deprecatedNames.length} deprecated; ${outputs.size - 1} real-server grammars`);
