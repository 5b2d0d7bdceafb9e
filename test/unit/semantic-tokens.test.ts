/**
 * Semantic tokens (server/src/core/editor/semantic-tokens.ts): token types and modifiers from the parse.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../../server/src/core/detect';
import { filesUnder, REPO } from '../helpers/fixtures';
import { parseConfig } from '../../server/src/core/keepalived/index';
import { NodeHost } from '../../server/src/core/host';
import { decodeTokens, semanticTokens } from '../../server/src/core/editor/semantic-tokens';

const FILE = '/virtual/keepalived.conf';

function tokens(text: string, span?: { start: number; end: number }, configId?: string): string[] {
  const config = parseConfig(FILE, text, new NodeHost((f) => (f === FILE ? text : undefined)), { configId });
  const lines = text.split('\n');
  return decodeTokens(semanticTokens(config, FILE, span)).map(
    (t) => `${t.line}:${lines[t.line].slice(t.character, t.character + t.length)} ${t.type}${t.modifiers.length ? '.' + t.modifiers.join('.') : ''}`,
  );
}

describe('semantic tokens', () => {
  it('keywords, block openers, names, enums, numbers, addresses', () => {
    const text = [
      'vrrp_script chk_web {',
      '    script "/usr/bin/curl -s http://localhost/"',
      '    interval 2.5',
      '}',
      'vrrp_instance VI_1 {',
      '    state MASTER',
      '    interface eth0',
      '    virtual_router_id 51',
      '    nopreempt',
      '    virtual_ipaddress {',
      '        10.0.0.100/24 dev eth0',
      '    }',
      '    track_script {',
      '        chk_web weight 10',
      '    }',
      '}',
      'virtual_server 10.0.0.100 80 {',
      '    lb_kind DR',
      '    frobnicate yes',
      '    real_server 10.0.1.1 80 {',
      '        HTTP_GET {',
      '            nb_get_retry 3',
      '        }',
      '    }',
      '}',
    ].join('\n');
    expect(tokens(text)).toEqual([
      '0:vrrp_script namespace',
      '0:chk_web variable.declaration',
      '1:script keyword',
      '1:"/usr/bin/curl -s http://localhost/" string',
      '2:interval keyword',
      '2:2.5 number',
      '4:vrrp_instance namespace',
      '4:VI_1 variable.declaration',
      '5:state keyword',
      '5:MASTER enumMember.readonly',
      '6:interface keyword',
      '7:virtual_router_id keyword',
      '7:51 number',
      '8:nopreempt keyword',
      '9:virtual_ipaddress namespace',
      '10:10.0.0.100/24 address',
      '10:dev keyword',
      '12:track_script namespace',
      '13:chk_web variable',
      '13:weight keyword',
      '13:10 number',
      '16:virtual_server namespace',
      '16:10.0.0.100 address',
      '16:80 number',
      '17:lb_kind keyword',
      '17:DR enumMember.readonly',
      '19:real_server namespace',
      '19:10.0.1.1 address',
      '19:80 number',
      '20:HTTP_GET namespace',
      '21:nb_get_retry keyword.deprecated',
      '21:3 number',
    ]);
  });

  it('$NAME definitions and uses, @id prefixes, include', () => {
    const text = ['$VIP=10.0.0.1', '@lb1 global_defs {', '    router_id lb1', '}', 'virtual_server $VIP 80 {', '}', 'include /nonexistent/*.conf'].join('\n');
    expect(tokens(text, undefined, 'lb1')).toEqual([
      '0:$VIP macro.declaration',
      '1:@lb1 decorator',
      '1:global_defs namespace',
      '2:router_id keyword',
      '2:lb1 string',
      '4:virtual_server namespace',
      '4:$VIP macro',
      '4:80 number',
      '6:include keyword',
      '6:/nonexistent/*.conf string',
    ]);
  });

  it('a ~SEQ line replayed three times gives its tokens once, sorted', () => {
    const text = ['virtual_server 10.0.0.1 80 {', '    ~SEQ(i,1,3) real_server 10.0.1.$i 80 {', '        weight 1', '    }', '}'].join('\n');
    const t = tokens(text);
    expect(t.filter((x) => x.startsWith('1:real_server'))).toEqual(['1:real_server namespace']);
    expect(t).toContain('1:$i macro');
  });

  it('virtual_server group NAME and fwmark N, e-mail addresses', () => {
    const text = ['global_defs {', '    notification_email {', '        ops@example.com', '    }', '}', 'virtual_server_group VSG {', '    10.0.0.1 80', '}', 'virtual_server group VSG {', '}', 'virtual_server fwmark 7 {', '}'].join('\n');
    expect(tokens(text)).toEqual([
      '0:global_defs namespace',
      '1:notification_email namespace',
      '2:ops@example.com string',
      '5:virtual_server_group namespace',
      '5:VSG variable.declaration',
      '6:10.0.0.1 address',
      '6:80 number',
      '8:virtual_server namespace',
      '8:group keyword',
      '8:VSG variable',
      '10:virtual_server namespace',
      '10:fwmark keyword',
      '10:7 number',
    ]);
  });

  it('a range request gives the tokens of its lines only', () => {
    const text = 'global_defs {\n    router_id a\n    vrrp_version 3\n}\n';
    expect(tokens(text, { start: 2, end: 2 })).toEqual(['2:vrrp_version keyword', '2:3 number.readonly']);
  });

  it('is cheap on a big config', () => {
    const vs = (i: number): string =>
      `virtual_server 10.1.${i >> 8}.${i & 255} 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.2.${i >> 8}.${i & 255} 80 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n`;
    const text = Array.from({ length: 2000 }, (_, i) => vs(i)).join('');
    const config = parseConfig(FILE, text, new NodeHost((f) => (f === FILE ? text : undefined)));
    semanticTokens(config, FILE);
    const t0 = performance.now();
    const data = semanticTokens(config, FILE);
    const ms = performance.now() - t0;
    expect(data.length / 5).toBe(2000 * 17);
    expect(ms).toBeLessThan(500);
  });
});

describe('semantic tokens on every corpus file', () => {
  it('are sorted, one line each, inside their line, without overlaps, with legend types only', () => {
    const files = [...filesUnder(join(REPO, 'test/corpus')), ...filesUnder(join(REPO, 'test/fixtures/rules'))].filter((f) => {
      try {
        return detectKind(f, readFileSync(f, 'utf8')) === 'keepalived';
      } catch {
        return false;
      }
    });
    expect(files.length).toBeGreaterThan(200);
    const problems: string[] = [];
    let total = 0;
    for (const f of files) {
      const config = parseConfig(f, readFileSync(f, 'utf8'), new NodeHost(), { configId: 'lb1' });
      for (const file of config.files) {
        const lines = config.texts.get(file)!.split(/\r\n|\r|\n/);
        const toks = decodeTokens(semanticTokens(config, file));
        total += toks.length;
        let prevLine = -1;
        let prevEnd = 0;
        for (const t of toks) {
          const where = `${relative(REPO, file)}:${t.line + 1}:${t.character + 1}`;
          if (t.type === undefined) problems.push(`${where}: unknown type`);
          if (t.line >= lines.length || t.character + t.length > lines[t.line].length || t.length <= 0) problems.push(`${where}: outside its line`);
          if (t.line < prevLine || (t.line === prevLine && t.character < prevEnd)) problems.push(`${where}: overlaps or unsorted`);
          prevLine = t.line;
          prevEnd = t.character + t.length;
        }
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(total).toBeGreaterThan(10_000);
  });
});
