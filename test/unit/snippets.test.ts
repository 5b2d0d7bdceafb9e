// Every snippet the extension contributes, expanded with its default placeholders, is a clean file of its kind:
// the analysis (all rules, at their default severities) reports no error and no warning. Keepalived snippets that
// go inside a block are checked where they belong (a real_server in a virtual_server, a track_script in a
// vrrp_instance); the real-server recipes are checked alone and as the real servers of the snippets' own director.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeWorkspace, type WorkspaceFile } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';
import type { FileKind } from '../../server/src/core/detect';
import type { Diagnostic } from '../../server/src/core/types';

interface Snippet {
  prefix: string | string[];
  description: string;
  body: string | string[];
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const registered: { language: string; path: string }[] = manifest.contributes.snippets;

/** Snippets by language, as package.json registers them. */
const byLanguage = new Map<string, Map<string, Snippet>>();
for (const r of registered) byLanguage.set(r.language, new Map(Object.entries(JSON.parse(readFileSync(r.path, 'utf8')))));

/**
 * A snippet body as VS Code inserts it when every placeholder keeps its default: `${1:default}` (nested too) gives
 * its default, a choice `${1|a,b|}` its first option, `$1`/`${1}` the default given elsewhere for 1 (mirrors),
 * `$0` nothing; `\$`, `\}` and `\\` are the characters themselves. Variables (`$TM_FILENAME`) are refused: a
 * snippet of this extension uses none, and a shell `$VAR` must be written `\$VAR`.
 */
export function expandSnippet(body: string | string[], pick: (tabstop: string, options: string[]) => string = (_, o) => o[0]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const defaults = new Map<string, string>();
  const parse = (i: number, stop: string | undefined): [string, number] => {
    let out = '';
    while (i < text.length) {
      const c = text[i];
      if (stop && c === stop) return [out, i];
      if (c === '\\' && i + 1 < text.length && '$}\\,|'.includes(text[i + 1])) {
        out += text[i + 1];
        i += 2;
        continue;
      }
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      let m = /^\$(\d+)/.exec(text.slice(i)) ?? /^\$\{(\d+)\}/.exec(text.slice(i));
      if (m) {
        out += defaults.get(m[1]) ?? `\u0000${m[1]}\u0000`;
        i += m[0].length;
        continue;
      }
      m = /^\$\{(\d+)\|([^|]*)\|\}/.exec(text.slice(i));
      if (m) {
        const first = pick(m[1], m[2].split(/(?<!\\),/).map((o) => o.replace(/\\(.)/g, '$1')));
        if (!defaults.has(m[1])) defaults.set(m[1], first);
        out += first;
        i += m[0].length;
        continue;
      }
      m = /^\$\{(\d+):/.exec(text.slice(i));
      if (m) {
        const [inner, end] = parse(i + m[0].length, '}');
        if (!defaults.has(m[1])) defaults.set(m[1], inner);
        out += inner;
        i = end + 1;
        continue;
      }
      throw new Error(`snippet variable or stray $ at ${JSON.stringify(text.slice(i, i + 20))}: write \\$ for a literal $`);
    }
    if (stop) throw new Error(`unclosed placeholder in ${JSON.stringify(text)}`);
    return [out, i];
  };
  const [first] = parse(0, undefined);
  // Mirrors that came before their placeholder: fill them in now.
  return first.replace(/\u0000(\d+)\u0000/g, (_, n: string) => (n === '0' ? '' : (defaults.get(n) ?? '')));
}

const ROOT = '/snippet-workspace';
type Files = Record<string, string>;

/** Analyse the files as one workspace; the diagnostics of warning and error severity, as readable lines. */
function problems(files: Files): string[] {
  const host = new NodeHost((f) => (f.startsWith(ROOT + '/') ? (files[f.slice(ROOT.length + 1)] ?? undefined) : undefined));
  const list: WorkspaceFile[] = Object.keys(files).map((name) => ({ path: `${ROOT}/${name}`, kind: kindOf(name) }));
  const result = analyzeWorkspace(list, host, {});
  const out: string[] = [];
  for (const ds of result.byFile.values()) {
    for (const d of ds as Diagnostic[]) {
      if (d.severity === 'error' || d.severity === 'warning') out.push(`${d.file.slice(ROOT.length + 1)}:${d.range.start.line + 1}: ${d.severity} ${d.code} ${d.message}`);
    }
  }
  return out;
}

function kindOf(name: string): FileKind {
  if (name.endsWith('keepalived.conf')) return 'keepalived';
  if (name.includes('sysctl.d/')) return 'sysctl';
  if (name.includes('ifcfg-')) return 'ifcfg';
  if (name.endsWith('/arptables')) return 'arptables';
  if (name.endsWith('/iptables')) return 'iptables';
  if (name.includes('init.d/')) return 'shell';
  throw new Error(`no kind for ${name}`);
}

/** While set, this snippet's choice `tabstop` takes `option` instead of its first one. */
let choice: { language: string; name: string; tabstop: string; option: string } | undefined;
const snip = (language: string, name: string): string => {
  const s = byLanguage.get(language)?.get(name);
  if (!s) throw new Error(`no snippet ${language}/${name}`);
  const c = choice && choice.language === language && choice.name === name ? choice : undefined;
  return expandSnippet(s.body, (tabstop, options) => (c && c.tabstop === tabstop ? c.option : options[0]));
};
/** The choices of a snippet: [tabstop, options] (a mirrored choice once). */
function choicesOf(s: Snippet): [string, string[]][] {
  const text = Array.isArray(s.body) ? s.body.join('\n') : s.body;
  const found = new Map<string, string[]>();
  for (const m of text.matchAll(/\$\{(\d+)\|([^|]*)\|\}/g)) if (!found.has(m[1])) found.set(m[1], m[2].split(','));
  return [...found];
}
/** Put `inner` before the last `}` of `outer` (a snippet that goes inside a block). */
const inside = (outer: string, inner: string): string => {
  const at = outer.lastIndexOf('}');
  return outer.slice(0, at) + inner.replace(/^/gm, '\t') + '\n' + outer.slice(at);
};
const k = (name: string) => snip('keepalived', name);

/** The director the recipes' defaults describe: VRRP MASTER holding 192.0.2.10, DR virtual server 192.0.2.10:80 on 10.0.0.11/12. */
const director = () => [k('global_defs'), k('vrrp_instance MASTER'), k('virtual_server DR')].join('\n');

/** Each keepalived snippet in the smallest config where it belongs. */
const keepalivedCases: Record<string, () => Files> = {
  global_defs: () => ({ 'lb1/keepalived.conf': k('global_defs') }),
  vrrp_script: () => ({ 'lb1/keepalived.conf': [k('vrrp_script'), inside(k('vrrp_instance MASTER'), k('track_script'))].join('\n') }),
  track_script: () => ({ 'lb1/keepalived.conf': [k('vrrp_script'), inside(k('vrrp_instance MASTER'), k('track_script'))].join('\n') }),
  'vrrp_instance MASTER': () => ({ 'lb1/keepalived.conf': k('vrrp_instance MASTER') }),
  'vrrp_instance BACKUP': () => ({ 'lb2/keepalived.conf': k('vrrp_instance BACKUP') }),
  'vrrp_sync_group': () => ({
    'lb1/keepalived.conf': [
      k('vrrp_sync_group'),
      k('vrrp_instance MASTER'),
      k('vrrp_instance MASTER').replace('VI_1', 'VI_2').replace('virtual_router_id 51', 'virtual_router_id 52').replace('eth0', 'eth1').replace('dev eth0', 'dev eth1').replace('192.0.2.10/24', '10.0.0.1/24'),
    ].join('\n'),
  }),
  'virtual_server DR': () => ({ 'lb1/keepalived.conf': director() }),
  'virtual_server NAT': () => ({ 'lb1/keepalived.conf': [k('vrrp_instance MASTER'), k('virtual_server NAT')].join('\n') }),
  'virtual_server TUN': () => ({ 'lb1/keepalived.conf': [k('vrrp_instance MASTER'), k('virtual_server TUN')].join('\n') }),
  'real_server TCP_CHECK': () => ({ 'lb1/keepalived.conf': [k('vrrp_instance MASTER'), inside(k('virtual_server DR'), k('real_server TCP_CHECK'))].join('\n') }),
  'real_server HTTP_GET': () => ({ 'lb1/keepalived.conf': [k('vrrp_instance MASTER'), inside(k('virtual_server DR'), k('real_server HTTP_GET'))].join('\n') }),
  // The group's second VIP is held by the same instance.
  virtual_server_group: () => ({ 'lb1/keepalived.conf': [k('vrrp_instance MASTER').replace(/^(\t+)192\.0\.2\.10\/24 dev eth0$/m, (line, tabs: string) => `${line}\n${tabs}192.0.2.11/24 dev eth0`), k('virtual_server_group')].join('\n') }),
};

/** Where each real-server recipe lives on a real server. */
const recipeFile: Record<string, string> = {
  sysctl: 'etc/sysctl.d/90-lvs-dr.conf',
  ifcfg: 'etc/sysconfig/network-scripts/ifcfg-lo:0',
  arptables: 'etc/sysconfig/arptables',
  iptables: 'etc/sysconfig/iptables',
  shellscript: 'etc/init.d/lvs-dr',
};

describe('snippets', () => {
  it('every snippets file is registered in package.json for its language', () => {
    const files = readdirSync('snippets').filter((f) => f.endsWith('.code-snippets'));
    expect(registered.map((r) => r.path.replace(/^\.\//, '')).sort()).toEqual(files.map((f) => `snippets/${f}`).sort());
    for (const r of registered) expect(r.path).toBe(`./snippets/${r.language}.code-snippets`);
    for (const r of registered) expect([...manifest.contributes.languages.map((l: { id: string }) => l.id), 'shellscript']).toContain(r.language);
  });

  it('every snippet has a prefix, a description and a body that expands', () => {
    for (const [language, snippets] of byLanguage) {
      for (const [name, s] of snippets) {
        expect(s.prefix, `${language}/${name}`).toBeTruthy();
        expect(s.description, `${language}/${name}`).toBeTruthy();
        expect(() => expandSnippet(s.body), `${language}/${name}`).not.toThrow();
      }
    }
  });

  it('expands placeholders, choices, mirrors and escapes as VS Code does', () => {
    expect(expandSnippet(['a ${1:x} ${2|p,q|} $1 ${1} ${3:n ${4:m}} $4 \\$HOME \\} $0'])).toBe('a x p x x n m m $HOME } ');
    expect(expandSnippet('$2 then ${2:late}')).toBe('late then late');
    expect(() => expandSnippet('$TM_FILENAME')).toThrow();
  });

  describe('keepalived snippets lint clean where they belong', () => {
    const names = [...byLanguage.get('keepalived')!.keys()];
    it('each keepalived snippet has a case', () => {
      expect(names.sort()).toEqual(Object.keys(keepalivedCases).sort());
    });
    for (const name of Object.keys(keepalivedCases)) {
      it(name, () => {
        expect(problems(keepalivedCases[name]())).toEqual([]);
      });
    }
    it('with any option of their choices (lb_algo, protocol, ...)', () => {
      const bad: string[] = [];
      let tried = 0;
      for (const name of names) {
        for (const [tabstop, options] of choicesOf(byLanguage.get('keepalived')!.get(name)!)) {
          for (const option of options.slice(1)) {
            choice = { language: 'keepalived', name, tabstop, option };
            tried++;
            try {
              bad.push(...problems(keepalivedCases[name]()).map((p) => `${name} with ${option}: ${p}`));
            } finally {
              choice = undefined;
            }
          }
        }
      }
      expect(tried).toBeGreaterThan(5);
      expect(bad).toEqual([]);
    });
    it('the VRRP MASTER and BACKUP templates are peers of one cluster with matching VRID, auth and VIPs', () => {
      const master = k('vrrp_instance MASTER');
      const backup = k('vrrp_instance BACKUP');
      for (const line of ['virtual_router_id 51', 'auth_pass s3cr3t12', '192.0.2.10/24 dev eth0', 'interface eth0']) {
        expect(master).toContain(line);
        expect(backup).toContain(line);
      }
      expect(problems({ 'lb1/keepalived.conf': [k('global_defs'), master].join('\n'), 'lb2/keepalived.conf': [k('global_defs').replace('lb1', 'lb2'), backup].join('\n') })).toEqual([]);
      // The pair analysis does see them as peers: a mismatch between them is reported.
      expect(problems({ 'lb1/keepalived.conf': master, 'lb2/keepalived.conf': backup.replace('advert_int 1', 'advert_int 3') }).join('\n')).toMatch(/peer-mismatch/);
    });
  });

  describe('real-server recipes lint clean', () => {
    for (const language of Object.keys(recipeFile)) {
      for (const name of byLanguage.get(language)?.keys() ?? []) {
        it(`${language}: ${name}, alone`, () => {
          expect(problems({ [`rs/${recipeFile[language]}`]: snip(language, name) })).toEqual([]);
        });
      }
    }
    it('sysctl.d + ifcfg-lo:0 make a complete DR real server of the snippets director', () => {
      expect(
        problems({
          'lb1/keepalived.conf': director(),
          'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf': snip('sysctl', 'LVS-DR real server ARP settings'),
          'realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0': snip('ifcfg', 'LVS-DR VIP on lo:0'),
          'realservers/10.0.0.12/etc/sysctl.d/90-lvs-dr.conf': snip('sysctl', 'LVS-DR real server ARP settings'),
          'realservers/10.0.0.12/etc/sysconfig/network-scripts/ifcfg-lo:0': snip('ifcfg', 'LVS-DR VIP on lo:0'),
        }),
      ).toEqual([]);
    });
    for (const name of byLanguage.get('shellscript')?.keys() ?? []) {
      it(`each init-script recipe serves the snippets director: ${name}`, () => {
        expect(problems({ 'lb1/keepalived.conf': director(), 'realservers/10.0.0.11/etc/init.d/lvs-dr': snip('shellscript', name) })).toEqual([]);
      });
    }
    it('the same files with a mistake are reported (the checks above do look at them)', () => {
      const sysctl = snip('sysctl', 'LVS-DR real server ARP settings');
      expect(
        problems({
          'lb1/keepalived.conf': director(),
          'realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf': sysctl.replace(/arp_ignore = 1/g, 'arp_ignore = 0'),
          'realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0': snip('ifcfg', 'LVS-DR VIP on lo:0'),
        }).join('\n'),
      ).toMatch(/arp/);
      const arp = snip('shellscript', 'LVS-DR real server: arptables');
      expect(problems({ 'lb1/keepalived.conf': director(), 'realservers/10.0.0.11/etc/init.d/lvs-dr': arp.replace(/^\s*arptables -A OUTPUT.*$/m, '') }).join('\n')).toMatch(/arptables-incomplete|arp-not-hidden/);
      const redirect = snip('iptables', 'iptables-save REDIRECT for an LVS-DR real server');
      expect(problems({ 'lb1/keepalived.conf': director(), 'realservers/10.0.0.11/etc/sysconfig/iptables': redirect.replace('--dport 80', '--dport 8080') }).length).toBeGreaterThan(0);
    });
    it('the arptables-save and iptables-save files serve the snippets director', () => {
      expect(problems({ 'lb1/keepalived.conf': director(), 'realservers/10.0.0.11/etc/sysconfig/arptables': snip('arptables', 'arptables-save for an LVS-DR real server') })).toEqual([]);
      expect(problems({ 'lb1/keepalived.conf': director(), 'realservers/10.0.0.11/etc/sysconfig/iptables': snip('iptables', 'iptables-save REDIRECT for an LVS-DR real server') })).toEqual([]);
    });
  });
});
