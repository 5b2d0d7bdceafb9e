/**
 * The director model (server/src/core/model): what keepalived builds from a parsed config, on realistic configs —
 * a DR director pair member written by hand, and two of keepalived's own samples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeHost } from '../../server/src/core/host';
import { parseConfig } from '../../server/src/core/keepalived/index';
import { buildModel, modelOf, type DirectorModel } from '../../server/src/core/model/index';
import { REPO } from '../helpers/fixtures';

function model(text: string, file = '/virtual/keepalived.conf', configId?: string): DirectorModel {
  return buildModel(parseConfig(file, text, new NodeHost((f) => (f === file ? text : undefined)), { configId }));
}

function sample(name: string): DirectorModel {
  const file = join(REPO, 'test/corpus/keepalived', name);
  const text = readFileSync(file, 'utf8');
  return buildModel(parseConfig(file, text, new NodeHost(), {}));
}

const DIRECTOR = `! lb1 of an LVS-DR pair
$VIP=192.0.2.10
$IF=eth0

global_defs {
    router_id lb1
    vrrp_version 3
    enable_script_security
    script_user root
}

vrrp_script chk_ipvs {
    script "/usr/sbin/ipvsadm -Ln"
    interval 2
    weight -20
}

track_file maint {
    file /etc/keepalived/maint
}

vrrp_sync_group VG_1 {
    group {
        VI_FRONT
        VI_BACK
    }
    track_script {
        chk_ipvs
    }
}

vrrp_instance VI_FRONT {
    state MASTER
    interface $IF
    virtual_router_id 51
    priority 150
    advert_int 1
    nopreempt
    strict_mode off
    authentication {
        auth_type PASS
        auth_pass s3cret
    }
    unicast_src_ip 192.0.2.2
    unicast_peer {
        192.0.2.3
    }
    virtual_ipaddress {
        \${VIP}/24 dev eth0 label eth0:vip
        192.0.2.11/24 dev eth0
        2001:db8::10/64
    }
    virtual_ipaddress_excluded {
        2001:db8::11/64
    }
    track_script {
        chk_ipvs weight -30
    }
    track_file {
        maint weight -100
    }
    track_interface {
        eth1 weight -50
    }
}

vrrp_instance VI_BACK {
    state MASTER
    interface eth1
    virtual_router_id 52
    priority 150
    virtual_ipaddress {
        10.0.0.1/24
    }
}

virtual_server_group WEB {
    192.0.2.10 80
    192.0.2.11 80
    192.0.2.20-29 80
    fwmark 7
}

virtual_server $VIP 443 {
    lb_algo wlc
    lvs_method DR
    protocol TCP
    persistence_timeout 300
    quorum 2
    sorry_server 10.0.0.99 443
    real_server 10.0.0.11 443 {
        weight 2
        TCP_CHECK {
            connect_timeout 3
        }
    }
    real_server 10.0.0.12 443 {
        weight 1
        lvs_method TUN
        HTTP_GET {
            url {
                path /health
                status_code 200
            }
        }
    }
}

virtual_server group WEB {
    lb_algo rr
    lb_kind DR
    protocol TCP
    real_server 10.0.0.11 80 {
    }
}

virtual_server fwmark 8 {
    lb_algo rr
    lb_kind DR
    real_server 10.0.0.13 {
    }
}
`;

describe('director model: a hand-written DR director', () => {
  const m = model(DIRECTOR);

  it('reads global flags', () => {
    expect(m.globals.vrrpVersion?.value).toBe(3);
    expect(m.globals.vrrpStrict).toBeUndefined();
  });

  it('reads the VRRP instances with their settings and the words they came from', () => {
    expect(m.instances.map((i) => i.name)).toEqual(['VI_FRONT', 'VI_BACK']);
    const f = m.instances[0];
    expect(f.nameWord?.text).toBe('VI_FRONT');
    expect(f.interface?.text).toBe('eth0'); // from $IF, as keepalived reads it
    expect(f.interface?.expansion?.name).toBe('IF');
    expect(f.vrid?.value).toBe(51);
    expect(f.vrid?.word.range.start).toEqual({ line: 34, character: 22 });
    expect(f.state?.text).toBe('MASTER');
    expect(f.priority?.value).toBe(150);
    expect(f.advertInt?.value).toBe(1);
    expect(f.nopreempt).toBeDefined();
    expect(f.strict).toBeUndefined(); // strict_mode off
    expect(f.authType?.text).toBe('PASS');
    expect(f.authPass?.text).toBe('s3cret');
    expect(f.unicastSrcIp?.key).toBe('192.0.2.2');
    expect(f.unicastPeers.map((p) => p.address.key)).toEqual(['192.0.2.3']);
    expect(f.family).toBe(4);
  });

  it('reads VIPs (address, prefix, dev), drops a VIP of the other family as keepalived does, and keeps excluded ones apart', () => {
    const f = m.instances[0];
    expect(f.vips.map((v) => [v.address.key, v.address.prefix, v.dev?.text])).toEqual([
      ['192.0.2.10', 24, 'eth0'],
      ['192.0.2.11', 24, 'eth0'],
    ]);
    expect(f.vips[0].address.word.expansion?.name).toBe('VIP');
    expect(f.excludedVips.map((v) => [v.address.key, v.address.family, v.excluded])).toEqual([['2001:db8::11', 6, true]]);
    expect(f.vips.every((v) => v.instance === f)).toBe(true);
  });

  it('reads track entries with weights, and track_interface', () => {
    const f = m.instances[0];
    expect(f.tracks.map((t) => [t.kind, t.word.text, t.weight?.value])).toEqual([
      ['script', 'chk_ipvs', -30],
      ['file', 'maint', -100],
    ]);
    expect(f.trackInterfaces.map((t) => [t.word.text, t.weight?.value])).toEqual([['eth1', -50]]);
  });

  it('reads definitions and resolves every reference', () => {
    expect(m.scripts.map((s) => s.name)).toEqual(['chk_ipvs']);
    expect(m.trackFiles.map((s) => s.name)).toEqual(['maint']);
    expect(m.syncGroups[0].members.map((w) => w.text)).toEqual(['VI_FRONT', 'VI_BACK']);
    expect(m.syncGroups[0].tracks.map((t) => t.word.text)).toEqual(['chk_ipvs']);
    const refs = m.references.map((r) => `${r.keyword} ${r.word.text} -> ${r.target}`);
    expect(refs).toEqual([
      'group VI_FRONT -> vrrp_instance',
      'group VI_BACK -> vrrp_instance',
      'track_script chk_ipvs -> vrrp_script',
      'track_script chk_ipvs -> vrrp_script',
      'track_file maint -> track_file',
      'virtual_server WEB -> virtual_server_group',
    ]);
    expect(m.references.every((r) => m.byName[r.target].has(r.word.text))).toBe(true);
  });

  it('reads virtual_server_group entries', () => {
    const g = m.virtualServerGroups[0];
    expect(g.name).toBe('WEB');
    expect(
      g.entries.map((e) => (e.kind === 'address' ? `${e.address.key}:${e.port?.value}` : e.kind === 'range' ? `${e.first.key}-${e.last}:${e.port?.value}` : e.kind === 'fwmark' ? `fwmark ${e.mark?.value}` : 'invalid')),
    ).toEqual(['192.0.2.10:80', '192.0.2.11:80', '192.0.2.20-29:80', 'fwmark 7']);
  });

  it('reads virtual servers (address, group, fwmark) and their real servers', () => {
    expect(m.virtualServers.map((v) => v.kind)).toEqual(['address', 'group', 'fwmark']);
    const [vs, grp, fw] = m.virtualServers;
    expect(vs.address?.key).toBe('192.0.2.10');
    expect(vs.port?.value).toBe(443);
    expect(vs.protocol?.text).toBe('TCP');
    expect(vs.lbAlgo?.text).toBe('wlc');
    expect(vs.lbKind?.text).toBe('DR'); // lvs_method, the synonym of lb_kind
    expect(vs.persistenceTimeout).toBeDefined();
    expect(vs.quorum?.value).toBe(2);
    expect([vs.sorryServer?.address?.key, vs.sorryServer?.port?.value]).toEqual(['10.0.0.99', 443]);
    expect(vs.realServers.map((r) => [r.address?.key, r.port?.value, r.weight?.value, r.lvsMethod?.text, r.checkers.map((c) => c.keyword.text)])).toEqual([
      ['10.0.0.11', 443, 2, undefined, ['TCP_CHECK']],
      ['10.0.0.12', 443, 1, 'TUN', ['HTTP_GET']],
    ]);
    expect(vs.realServers[0].virtualServer).toBe(vs);
    expect(grp.group?.text).toBe('WEB');
    expect(fw.fwmark?.value).toBe(8);
    expect(fw.protocol).toBeUndefined();
    expect(fw.realServers[0].port).toBeUndefined();
  });
});

describe('director model: what keepalived ignores stays out', () => {
  it('marks a second definition of a name as a duplicate and resolves names to the first', () => {
    const m = model(`vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
}
vrrp_instance VI_1 {
    interface eth1
    virtual_router_id 52
}
`);
    expect(m.instances.map((i) => [i.name, i.interface?.text, i.duplicateOf === m.instances[0]])).toEqual([
      ['VI_1', 'eth0', false],
      ['VI_1', 'eth1', true],
    ]);
    expect(m.byName.vrrp_instance.get('VI_1')).toBe(m.instances[0]);
  });

  it('ignores inactive @id lines and misplaced blocks; reads a value block written without {', () => {
    const text = `vrrp_instance VI_1 {
    interface eth0
@lb1 virtual_router_id 51
@lb2 virtual_router_id 52
    virtual_ipaddress
        192.0.2.10/24
        192.0.2.11/24
}
vrrp_instance VI_2 {
    interface eth0
    virtual_server 192.0.2.99 80 {
    }
}
`;
    const lb1 = model(text, '/virtual/keepalived.conf', 'lb1');
    expect(lb1.instances[0].vrid?.value).toBe(51);
    expect(lb1.instances[0].vips.map((v) => v.address.key)).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(model(text, '/virtual/keepalived.conf', 'lb2').instances[0].vrid?.value).toBe(52);
    expect(lb1.virtualServers).toEqual([]);
  });

  it('is built once per parse (modelOf caches it)', () => {
    const file = '/virtual/keepalived.conf';
    const config = parseConfig(file, DIRECTOR, new NodeHost((f) => (f === file ? DIRECTOR : undefined)), {});
    expect(modelOf(config)).toBe(modelOf(config));
  });
});

describe("director model: keepalived's samples", () => {
  it('keepalived.conf.virtual_server_group: the group, its entries and the virtual server using it', () => {
    const m = sample('keepalived.conf.virtual_server_group');
    const g = m.byName.virtual_server_group.get('VSG_1');
    expect(g).toBeDefined();
    expect(m.virtualServerGroups.find((x) => x.name === 'VSG_1')!.entries.map((e) => e.kind)).toEqual(['address', 'address', 'address', 'range', 'fwmark', 'fwmark']);
    const uses = m.virtualServers.filter((v) => v.kind === 'group');
    expect(uses.length).toBeGreaterThan(0);
    expect(uses[0].group?.text).toBe('VSG_1');
    expect(uses[0].protocol?.text).toBe('TCP');
    expect(uses[0].lbKind?.text).toBe('NAT');
    expect(uses[0].realServers.map((r) => `${r.address?.key}:${r.port?.value}`)).toEqual(['192.168.200.1:1358', '192.168.200.2:1358']);
    expect(m.references.filter((r) => r.target === 'virtual_server_group').every((r) => m.byName.virtual_server_group.has(r.word.text))).toBe(true);
  });

  it('keepalived.conf.vrrp.sync: two sync groups whose members are all instances of the file', () => {
    const m = sample('keepalived.conf.vrrp.sync');
    expect(m.syncGroups.map((g) => [g.name, g.members.map((w) => w.text)])).toEqual([
      ['G1', ['VI_1', 'VI_2', 'VI_5', 'VI_6', 'VI_7', 'VI_8', 'VI_9']],
      ['G2', ['VI_3', 'VI_4']],
    ]);
    const names = new Set(m.instances.map((i) => i.name));
    expect(m.syncGroups.flatMap((g) => g.members).every((w) => names.has(w.text))).toBe(true);
    expect(m.instances.every((i) => i.vrid !== undefined && i.interface !== undefined && i.vips.length > 0)).toBe(true);
  });
});

describe('director model: address family, static addresses, sorry server method', () => {
  const vrrp = (body: string): string => `vrrp_instance VI_1 {\n    state MASTER\n    interface eth0\n    virtual_router_id 51\n    priority 150\n${body}}\n`;

  it('takes the family from the first VIP, unicast_src_ip, mcast_src_ip or peer in document order and records what keepalived skips', () => {
    const vipFirst = model(vrrp('    virtual_ipaddress {\n        2001:db8::10/64\n        192.0.2.10/24\n    }\n    unicast_src_ip 10.0.0.1\n    unicast_peer {\n        10.0.0.2\n        2001:db8::2\n    }\n')).instances[0];
    expect(vipFirst.family).toBe(6);
    expect(vipFirst.familyFrom?.keyword).toBe('virtual_ipaddress');
    expect(vipFirst.vips.map((v) => v.address.key)).toEqual(['2001:db8::10']);
    expect(vipFirst.familyMismatches.map((m) => [m.keyword, m.address.key])).toEqual([
      ['virtual_ipaddress', '192.0.2.10'],
      ['unicast_src_ip', '10.0.0.1'],
      ['unicast_peer', '10.0.0.2'],
    ]);
    const srcFirst = model(vrrp('    mcast_src_ip 10.0.0.1\n    virtual_ipaddress {\n        2001:db8::10/64\n        192.0.2.10/24\n    }\n    virtual_ipaddress_excluded {\n        2001:db8::20/64\n    }\n')).instances[0];
    expect(srcFirst.family).toBe(4);
    expect(srcFirst.familyFrom).toMatchObject({ keyword: 'mcast_src_ip', address: { key: '10.0.0.1' } });
    expect(srcFirst.mcastSrcIp?.key).toBe('10.0.0.1');
    expect(srcFirst.vips.map((v) => v.address.key)).toEqual(['192.0.2.10']);
    expect(srcFirst.excludedVips.map((v) => v.address.key)).toEqual(['2001:db8::20']); // excluded VIPs take any family
    expect(srcFirst.familyMismatches.map((m) => m.address.key)).toEqual(['2001:db8::10']);
    const none = model(vrrp('')).instances[0];
    expect([none.family, none.familyFrom, none.familyMismatches]).toEqual([4, undefined, []]);
  });

  it('reads static_ipaddress lines with their dev', () => {
    const m = model('static_ipaddress {\n    198.51.100.11/24 dev eth1 scope global\n    2001:db8::1/64\n}\n');
    expect(m.staticAddresses.map((s) => [s.address.key, s.address.prefix, s.dev?.text])).toEqual([
      ['198.51.100.11', 24, 'eth1'],
      ['2001:db8::1', 64, undefined],
    ]);
  });

  it("reads the virtual server's default weight and sorry_server_lvs_method only after a sorry_server", () => {
    const vs = (body: string) => model(`virtual_server 192.0.2.10 80 {\n    protocol TCP\n    lb_kind NAT\n${body}    real_server 10.0.0.11 80 {\n    }\n}\n`).virtualServers[0];
    const a = vs('    weight 3\n    quorum 4\n    sorry_server 10.0.0.99 8080\n    sorry_server_lvs_method DR\n');
    expect([a.weight?.value, a.quorum?.value, a.sorryServer?.port?.value, a.sorryServer?.lvsMethod?.text]).toEqual([3, 4, 8080, 'DR']);
    // keepalived: "sorry_server forwarding used without sorry_server"
    const b = vs('    sorry_server_lvs_method DR\n    sorry_server 10.0.0.99 8080\n');
    expect([b.weight, b.sorryServer?.lvsMethod]).toEqual([undefined, undefined]);
  });
});
