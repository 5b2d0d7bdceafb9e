/**
 * The cluster model (server/src/core/cluster/hosts.ts): real servers of the directors, matching of real-server
 * files to them, and the effective sysctl values the kernel would use.
 */
import { describe, expect, it } from 'vitest';
import { checkRoot } from '../../server/src/core/analysis';
import { clusterOf, effectiveConf, isDirectorFile } from '../../server/src/core/cluster/hosts';
import { describeSnippetAt } from '../../server/src/core/cluster/describe';
import { NodeHost } from '../../server/src/core/host';
import { parseSnippet } from '../../server/src/core/realserver/index';
import type { SnippetKind } from '../../server/src/core/realserver/types';

const DIRECTOR = `vrrp_instance VI_1 {
    state MASTER
    interface eth0
    virtual_router_id 51
    priority 150
    virtual_ipaddress {
        192.0.2.10/24 dev eth0
    }
}
virtual_server 192.0.2.10 80 {
    lb_algo wrr
    lb_kind DR
    protocol TCP
    real_server 192.0.2.21 80 {
        weight 1
    }
    real_server 192.0.2.22 80 {
        weight 1
    }
    real_server 192.0.2.23 80 {
        lvs_method NAT
    }
}
`;

function workspace(files: Record<string, string>, kinds: Record<string, SnippetKind>) {
  const host = new NodeHost((f) => files[f]);
  const configs = Object.keys(files)
    .filter((f) => !kinds[f])
    .map((f) => checkRoot(f, files[f], host).config);
  const snippets = Object.keys(kinds).map((f) => parseSnippet(f, files[f], kinds[f]));
  return clusterOf(configs, snippets);
}

describe('cluster hosts', () => {
  it('collects real servers with the VIPs they must hide, by effective method', () => {
    const c = workspace({ '/ws/lb/keepalived.conf': DIRECTOR }, {});
    expect([...c.hosts.keys()]).toEqual(['192.0.2.21', '192.0.2.22', '192.0.2.23']);
    const h = c.hosts.get('192.0.2.21')!;
    expect(h.services.map((s) => `${s.vip}:${s.protocol}:${s.port}`)).toEqual(['192.0.2.10:tcp:80']);
    expect(c.hosts.get('192.0.2.23')!.direct).toEqual([]);
    expect(c.directorAddresses.has('192.0.2.10')).toBe(true);
  });

  it('matches a file by an address in its path, else shares it among the nearest directors\' real servers', () => {
    const c = workspace(
      {
        '/ws/lb/keepalived.conf': DIRECTOR,
        '/ws/rs/192.0.2.21/sysctl.d/90-lvs.conf': 'net.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n',
        '/ws/rs/common/sysctl.conf': 'net.ipv4.conf.lo.arp_ignore = 1\n',
        '/ws/rs/10.9.9.9/sysctl.conf': 'net.ipv4.conf.all.arp_ignore = 1\n',
      },
      { '/ws/rs/192.0.2.21/sysctl.d/90-lvs.conf': 'sysctl', '/ws/rs/common/sysctl.conf': 'sysctl', '/ws/rs/10.9.9.9/sysctl.conf': 'sysctl' },
    );
    expect(c.matches.get('/ws/rs/192.0.2.21/sysctl.d/90-lvs.conf')!.reason).toBe('path');
    expect(c.matches.get('/ws/rs/10.9.9.9/sysctl.conf')!.reason).toBe('foreign');
    const shared = c.matches.get('/ws/rs/common/sysctl.conf')!;
    expect(shared.reason).toBe('shared');
    expect(shared.hosts.map((h) => h.address)).toEqual(['192.0.2.21', '192.0.2.22', '192.0.2.23']);
    const h21 = c.hosts.get('192.0.2.21')!;
    expect(h21.files.map((f) => f.file)).toEqual(['/ws/rs/192.0.2.21/sysctl.d/90-lvs.conf', '/ws/rs/common/sysctl.conf']);
    expect(effectiveConf(h21.profile, 'eth0', 'arp_ignore').value).toBe(1);
    expect(effectiveConf(c.hosts.get('192.0.2.22')!.profile, 'eth0', 'arp_ignore').value).toBeUndefined();
    expect(effectiveConf(c.hosts.get('192.0.2.22')!.profile, 'lo', 'arp_ignore').value).toBe(1);
  });

  it('takes max(all, iface), ignores default, and applies sysctl.d files by file name', () => {
    const c = workspace(
      {
        '/ws/keepalived.conf': DIRECTOR,
        '/ws/etc/sysctl.d/10-a.conf': 'net.ipv4.conf.all.rp_filter = 1\nnet.ipv4.conf.eth0.arp_ignore = 2\n',
        '/ws/usr/lib/sysctl.d/50-b.conf': 'net.ipv4.conf.all.rp_filter = 0\nnet.ipv4.conf.default.arp_announce = 2\n',
        '/ws/etc/sysctl.conf': 'net.ipv4.conf.all.arp_ignore = 1\n',
      },
      { '/ws/etc/sysctl.d/10-a.conf': 'sysctl', '/ws/usr/lib/sysctl.d/50-b.conf': 'sysctl', '/ws/etc/sysctl.conf': 'sysctl' },
    );
    const p = c.hosts.get('192.0.2.21')!.profile;
    expect(effectiveConf(p, 'eth0', 'arp_ignore').value).toBe(2);
    expect(effectiveConf(p, 'eth1', 'arp_ignore').value).toBe(1);
    expect(effectiveConf(p, 'eth0', 'arp_announce').value).toBeUndefined();
    // 50-b.conf sorts after 10-a.conf: its rp_filter = 0 wins over 1.
    expect(effectiveConf(p, 'eth0', 'rp_filter').value).toBe(0);
  });

  it('knows a director script by its ipvsadm commands', () => {
    const f = parseSnippet('/ws/lvs_dr.sh', '#!/bin/sh\nVIP=192.0.2.10\nifconfig eth0:0 $VIP up\nipvsadm -A -t $VIP:80 -s rr\n', 'shell');
    expect(isDirectorFile(f)).toBe(true);
    const rs = parseSnippet('/ws/realserver.sh', '#!/bin/sh\n# ipvsadm -A is run on the director\nifconfig lo:0 192.0.2.10 netmask 255.255.255.255 up\n', 'shell');
    expect(isDirectorFile(rs)).toBe(false);
    const viaVariable = parseSnippet('/ws/lvs_nat.sh', "#!/bin/sh\nIPVSADM='/usr/sbin/ipvsadm'\n$IPVSADM -A -t 192.0.2.10:80 -s wrr\n", 'shell');
    expect(isDirectorFile(viaVariable)).toBe(true);
  });

  it('explains in hover which real server a file describes and what the kernel uses', () => {
    const file = '/ws/rs/192.0.2.21/sysctl.conf';
    const c = workspace({ '/ws/lb/keepalived.conf': DIRECTOR, [file]: '# web1\nnet.ipv4.conf.lo.arp_ignore = 1\nnet.ipv4.conf.all.arp_ignore = 0\n' }, { [file]: 'sysctl' });
    const snippet = c.snippets[0];
    const first = describeSnippetAt(c, snippet, { line: 0, character: 2 })!;
    expect(first.markdown).toContain('describes real server `192.0.2.21`: its address is in the file\'s path');
    const key = describeSnippetAt(c, snippet, { line: 1, character: 5 })!;
    expect(key.markdown).toContain('**maximum**');
    expect(key.markdown).toContain('real server `192.0.2.21`, `lo`: **1**');
    expect(describeSnippetAt(c, snippet, { line: 5, character: 0 })).toBeUndefined();
  });
});
