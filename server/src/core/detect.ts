/**
 * Which language a file is: by its name first, then by its content.
 * Used by the CLI (walking folders), the language server (workspace scan) and the client (switching the
 * language of `.conf` files whose content is keepalived's).
 */

import type { SnippetKind } from './realserver/types';

/** keepalived.conf, or one of the real-server file languages (sysctl, shell, arptables, iptables, ifcfg). */
export type FileKind = 'keepalived' | SnippetKind;

export const FILE_KINDS: readonly FileKind[] = ['keepalived', 'sysctl', 'shell', 'arptables', 'iptables', 'ifcfg'];

/** Block and scalar keywords that only keepalived.conf starts with. */
const KEEPALIVED_OPENERS = new Set([
  'global_defs',
  'vrrp_instance',
  'vrrp_sync_group',
  'vrrp_script',
  'virtual_server',
  'virtual_server_group',
  'static_ipaddress',
  'static_routes',
  'static_rules',
  'vrrp_track_process',
  'track_file',
  'vrrp_track_file',
  'track_group',
  'bfd_instance',
  'garp_group',
  'linkbeat_interfaces',
  'net_namespace',
  'include',
  'includer',
  'includem',
  'includew',
  'includeb',
  'includea',
]);

/**
 * Folders whose files belong to other programs even when named after keepalived: `/etc/sysctl.d/99-keepalived.conf`,
 * `/etc/rsyslog.d/keepalived.conf`, `keepalived.service.d/override.conf`, `/etc/default/keepalived`, ...
 */
const FOREIGN_DIR =
  /(^|\/)(sysctl\.d|rsyslog\.d|syslog-ng|logrotate\.d|modules-load\.d|modprobe\.d|tmpfiles\.d|sysconfig|default|init\.d|supervisor\/conf\.d|supervisord\.d|[^/]+\.service\.d)\/$/i;

/** By file name alone (no content): keepalived.conf, keepalived.conf.*, *keepalived*.conf, keepalived/*.conf; then the real-server kinds. */
export function kindFromName(path: string): FileKind | undefined {
  return keepalivedFromName(path) ?? snippetFromName(path);
}

/**
 * Real-server files by name: `sysctl.conf`, `sysctl.d/*.conf`, `*sysctl*.conf`; `ifcfg-*`; `arptables`
 * (`/etc/sysconfig/arptables`), `*.arptables`, `arptables*.rules`; `iptables`, `ip6tables`, `rules.v4`, `rules.v6`,
 * `*.iptables`, `iptables*.rules`; shell scripts `*.sh`, `*.bash`, `rc.local`.
 */
export function snippetFromName(path: string): FileKind | undefined {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1).toLowerCase();
  if (/(^|\/)sysctl\.d\/[^/]+\.conf$/i.test(norm) || base === 'sysctl.conf' || /sysctl.*\.conf$/.test(base)) return 'sysctl';
  if (base.startsWith('ifcfg-') && !/\.(sh|md|txt|j2|bak|orig)$/.test(base)) return 'ifcfg';
  if (base === 'arptables' || /\.arptables$/.test(base) || /^arptables.*\.(rules|save|conf|txt)$/.test(base)) return 'arptables';
  if (base === 'iptables' || base === 'ip6tables' || base === 'rules.v4' || base === 'rules.v6' || /\.ip6?tables$/.test(base) || /^ip6?tables.*\.(rules|save)$/.test(base)) return 'iptables';
  if (/\.(sh|bash)$/.test(base) || base === 'rc.local') return 'shell';
  return undefined;
}

function keepalivedFromName(path: string): FileKind | undefined {
  const norm = path.replace(/\\/g, '/');
  const base = norm.slice(norm.lastIndexOf('/') + 1).toLowerCase();
  if (FOREIGN_DIR.test(norm.slice(0, norm.length - base.length)) || base.includes('sysctl')) return undefined;
  if (/keepalived/.test(base) && !/\.(sh|py|j2|tmpl|template|erb|md|txt|yml|yaml|json|service|socket|log)$/.test(base)) {
    if (base.endsWith('.conf') || base.includes('.conf') || base === 'keepalived') return 'keepalived';
  }
  if (/(^|\/)keepalived\/(.*\/)?[^/]+\.conf$/i.test(norm)) return 'keepalived';
  return undefined;
}

/**
 * By content: keepalived when the first statements are keepalived's; else a shell script by its `#!` line, a
 * saved rule file by its `*table` … `COMMIT` shape, a sysctl file when its statements are `net.…/kernel.… = value`
 * lines, an ifcfg file when they are `DEVICE=`/`IPADDR=` assignments.
 */
export function kindFromContent(text: string): FileKind | undefined {
  return keepalivedFromContent(text) ?? snippetFromContent(text);
}

const SYSCTL_LINE = /^-?(net|kernel|vm|fs|dev|user|abi|debug|crypto)[./][\w.*/:@-]*\s*=/;
const IFCFG_LINE = /^(DEVICE|IPADDR\d*|NETMASK\d*|PREFIX\d*|BOOTPROTO|ONBOOT|NAME|TYPE|BROADCAST|NETWORK|GATEWAY|HWADDR|UUID|NM_CONTROLLED|USERCTL|IPV6INIT|DEFROUTE)=/;

export function snippetFromContent(text: string): FileKind | undefined {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (head.includes('\0')) return undefined;
  const lines = head.split(/\r?\n|\r/, 400);
  if (/^#!\s*\S*\b(ba|da|k|z)?sh\b/.test(lines[0] ?? '') || /^#!\s*\S*env\s+(ba|da|k|z)?sh\b/.test(lines[0] ?? '')) return 'shell';
  const statements = lines.map((l) => l.trim()).filter((l) => l !== '' && l[0] !== '#' && l[0] !== ';');
  if (!statements.length) return undefined;
  if (statements.some((l) => /^\*(filter|nat|mangle|raw|security)$/.test(l)) && statements.some((l) => l === 'COMMIT')) {
    const arp = statements.some((l) => /--mangle-ip-[sd]|-j mangle|--opcode|--h-length|--source-mac|--destination-mac|^:(IN|OUT) /.test(l));
    return arp ? 'arptables' : 'iptables';
  }
  const first = statements.slice(0, 8);
  if (first.every((l) => SYSCTL_LINE.test(l))) return 'sysctl';
  if (first.every((l) => /^[A-Z][A-Z0-9_]*=/.test(l)) && first.some((l) => IFCFG_LINE.test(l)) && statements.some((l) => /^(DEVICE|IPADDR\d*)=/.test(l))) return 'ifcfg';
  return undefined;
}

/**
 * keepalived by content: the first statements (after comments and blank lines) are keepalived's.
 * Looks at no more than the first 64 KiB and 200 lines.
 */
function keepalivedFromContent(text: string): FileKind | undefined {
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  if (head.includes('\0')) return undefined;
  let seen = 0;
  let lineStart = 0;
  for (let n = 0; n < 200 && lineStart < head.length; n++) {
    let lineEnd = head.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = head.length;
    const line = head.slice(lineStart, lineEnd).trim();
    lineStart = lineEnd + 1;
    if (line === '' || line[0] === '#' || line[0] === '!' || line[0] === '$' || line[0] === '@' || line[0] === '~') continue;
    const word = /^[A-Za-z_][\w-]*/.exec(line)?.[0];
    if (word && KEEPALIVED_OPENERS.has(word)) {
      const after = line.slice(word.length);
      // A block opener: `vrrp_instance VI_1 {`, `global_defs {`, `virtual_server 10.0.0.1 80 {`. An `include` line is
      // evidence only when it names a keepalived path: ld.so.conf, logrotate.conf and nginx.conf have `include` lines too.
      if (word.startsWith('include') ? /^\s+\S*keepalived[^;]*$/i.test(after) : /\{|^\s*$|^\s+\S+/.test(after)) {
        return 'keepalived';
      }
    }
    if (++seen >= 5) return undefined;
  }
  return undefined;
}

/** A file's kind: by name, else by content (content may be omitted when not yet read). */
export function detectKind(path: string, text?: string): FileKind | undefined {
  return kindFromName(path) ?? (text !== undefined ? kindFromContent(text) : undefined);
}
