// language-configuration*.json: words (addresses with prefixes, $NAME, @id are one word), indentation and folding
// after a line that opens a block, comment toggling.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
const keepalived = load('language-configuration.json');
const hash = load('language-configuration.hash.json');
const words = (pattern: string, text: string) => text.match(new RegExp(pattern, 'g'));

describe('keepalived language configuration', () => {
  it('toggles # comments and pairs braces and quotes', () => {
    expect(keepalived.comments.lineComment).toBe('#');
    expect(keepalived.brackets).toContainEqual(['{', '}']);
    expect(keepalived.autoClosingPairs.map((p: { open: string }) => p.open)).toEqual(expect.arrayContaining(['{', '"']));
  });
  it('takes addresses, $NAME, ${NAME}, @id, @^id and ~SEQ as one word', () => {
    expect(words(keepalived.wordPattern, 'virtual_ipaddress { 192.0.2.10/24 2001:db8::1/64 fe80::1%eth0 }')).toEqual(['virtual_ipaddress', '192.0.2.10/24', '2001:db8::1/64', 'fe80::1%eth0']);
    expect(words(keepalived.wordPattern, '@lb1 @^lb2 real_server $RIP ${PORT} ~SEQ(i, 1, 3) flag-1')).toEqual(['@lb1', '@^lb2', 'real_server', '$RIP', '${PORT}', '~SEQ', 'i', '1', '3', 'flag-1']);
  });
  it('indents after a line opening a block, not after a one-line block or a quoted brace', () => {
    const inc = new RegExp(keepalived.indentationRules.increaseIndentPattern);
    const dec = new RegExp(keepalived.indentationRules.decreaseIndentPattern);
    expect(['vrrp_instance VI_1 {', 'real_server 10.0.0.1 80{', '  TCP_CHECK {   # check', '@lb1 virtual_server 192.0.2.10 80 {'].every((l) => inc.test(l))).toBe(true);
    expect(['global_defs { router_id lb1 }', '  script "/bin/x {"', '  # a { in a comment', '  priority 100'].some((l) => inc.test(l))).toBe(false);
    expect(dec.test('    }')).toBe(true);
  });
  it('folds blocks and # region markers', () => {
    const start = new RegExp(keepalived.folding.markers.start);
    const end = new RegExp(keepalived.folding.markers.end);
    expect(start.test('vrrp_instance VI_1 {')).toBe(true);
    expect(start.test('# region web')).toBe(true);
    expect(start.test('global_defs { router_id lb1 }')).toBe(false);
    expect(end.test('}')).toBe(true);
    expect(end.test('! endregion')).toBe(true);
  });
});

describe('real-server files language configuration', () => {
  it('takes sysctl keys, addresses, options and $VAR as one word and folds *table ... COMMIT', () => {
    expect(words(hash.wordPattern, 'net.ipv4.conf.all.arp_ignore = 1')).toEqual(['net.ipv4.conf.all.arp_ignore', '1']);
    expect(words(hash.wordPattern, '-A OUT -s 192.0.2.10/32 -j mangle --mangle-ip-s 10.0.0.11')).toEqual(['-A', 'OUT', '-s', '192.0.2.10/32', '-j', 'mangle', '--mangle-ip-s', '10.0.0.11']);
    expect(words(hash.wordPattern, 'DEVICE=lo:0 IPADDR=$VIP')).toEqual(['DEVICE', 'lo:0', 'IPADDR', '$VIP']);
    expect(hash.comments.lineComment).toBe('#');
    expect(new RegExp(hash.folding.markers.start).test('*nat')).toBe(true);
    expect(new RegExp(hash.folding.markers.end).test('COMMIT')).toBe(true);
  });
});
