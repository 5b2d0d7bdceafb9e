/**
 * vip-not-provided looks at every root config of the workspace together: a VIP provided by another root (a config
 * split in two, the other director of a pair) counts, and a config without VRRP or static addresses is a
 * checker-only director that is not checked.
 */
import { describe, expect, it } from 'vitest';
import { checkRoot, finishWorkspace } from '../../server/src/core/analysis';
import { NodeHost } from '../../server/src/core/host';

const instance = (vrid: number, vip: string): string =>
  `vrrp_instance VI_${vrid} {\n    state MASTER\n    interface eth0\n    virtual_router_id ${vrid}\n    priority 150\n    advert_int 1\n    virtual_ipaddress {\n        ${vip}/24 dev eth0\n    }\n}\n`;
const service = (vip: string): string =>
  `virtual_server ${vip} 80 {\n    delay_loop 6\n    protocol TCP\n    lb_algo wlc\n    lb_kind DR\n    real_server 192.0.2.21 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n`;

function findings(files: Record<string, string>): string[] {
  const host = new NodeHost((f) => files[f]);
  const checked = Object.entries(files).map(([f, text]) => checkRoot(f, text, host));
  return finishWorkspace(checked).roots.flatMap((r) => r.diagnostics.filter((d) => d.code === 'vip-not-provided').map((d) => `${d.file}:${d.range.start.line + 1}`));
}

describe('vip-not-provided across root configs', () => {
  it('reports a service address no root provides, once, in the root that has it', () => {
    expect(findings({ '/ws/vrrp.conf': instance(51, '192.0.2.10'), '/ws/lvs.conf': instance(52, '192.0.2.12') + service('192.0.2.11') })).toEqual(['/ws/lvs.conf:11']);
  });

  it('accepts a VIP provided by another root (a split config, or the other director of the pair)', () => {
    expect(findings({ '/ws/vrrp.conf': instance(51, '192.0.2.11'), '/ws/lvs.conf': instance(52, '192.0.2.12') + service('192.0.2.11') })).toEqual([]);
  });

  it('skips a checker-only config (no vrrp_instance, no static_ipaddress) even when another root has VRRP', () => {
    expect(findings({ '/ws/vrrp.conf': instance(51, '192.0.2.10'), '/ws/lvs.conf': service('192.0.2.11') })).toEqual([]);
  });

  it('counts a VIP on an @id line of another config id (another node holds it)', () => {
    const conditional = instance(51, '192.0.2.10').replace('        192.0.2.10/24 dev eth0\n', '        192.0.2.10/24 dev eth0\n@lb1     192.0.2.11/24 dev eth0\n');
    expect(conditional).toContain('@lb1');
    expect(findings({ '/ws/lvs.conf': conditional + service('192.0.2.11') })).toEqual([]);
    expect(findings({ '/ws/lvs.conf': conditional + service('192.0.2.12') })).toEqual(['/ws/lvs.conf:12']);
  });

  it('counts static_ipaddress and IPv6 addresses in any notation', () => {
    const statics = 'static_ipaddress {\n    2001:DB8:0::11/64 dev eth0\n}\n';
    expect(findings({ '/ws/lvs.conf': statics + service('2001:db8::11') })).toEqual([]);
    expect(findings({ '/ws/lvs.conf': statics + service('2001:db8::12') })).toEqual(['/ws/lvs.conf:4']);
  });
});
