/**
 * Which language a file is: by its name first, then by its content.
 * Used by the CLI (walking folders), the language server (workspace scan) and the client (switching the
 * language of `.conf` files whose content is keepalived's).
 */

export type FileKind = 'keepalived';

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

/** By file name alone (no content): keepalived.conf, keepalived.conf.*, *keepalived*.conf, keepalived/*.conf. */
export function kindFromName(path: string): FileKind | undefined {
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
 * By content: the first statements (after comments and blank lines) are keepalived's.
 * Looks at no more than the first 64 KiB and 200 lines.
 */
export function kindFromContent(text: string): FileKind | undefined {
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
