import * as path from 'node:path';
import type { Rule } from '../lint/rule';
import type { Fix, TextEdit } from '../types';
import { clusterOf, type RealServerHost, type ServiceAddress } from '../cluster/hosts';
import { modelOf, type VirtualServer } from '../model/index';
import { effectiveMethod } from '../model/lvs';

/** Where the generated files go: `realservers/<address>/etc/...` next to the director config (matched by address). */
function hostDir(configFile: string, host: RealServerHost): string {
  return path.join(path.dirname(configFile), 'realservers', host.address, 'etc');
}

function create(file: string, text: string): { file: string; edit: TextEdit } {
  return { file, edit: { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text } };
}

function uniqueVips(services: ServiceAddress[]): string[] {
  return [...new Set(services.filter((s) => s.family === 4).map((s) => s.vip))];
}

function sysctlFiles(dir: string, host: RealServerHost): ReturnType<typeof create>[] {
  const out = [
    create(
      path.join(dir, 'sysctl.d', '90-lvs-dr.conf'),
      [
        `# LVS direct routing, real server ${host.address}: never answer ARP for the VIPs on lo,`,
        '# never use them as the source of ARP requests (kernel ip-sysctl: the max of all and the interface applies).',
        'net.ipv4.conf.all.arp_ignore = 1',
        'net.ipv4.conf.all.arp_announce = 2',
        '',
      ].join('\n'),
    ),
  ];
  uniqueVips(host.services).forEach((vip, i) => {
    out.push(
      create(
        path.join(dir, 'sysconfig', 'network-scripts', `ifcfg-lo:${i}`),
        [`# LVS VIP ${vip} on the loopback (a /32: a shorter prefix makes the whole subnet local)`, `DEVICE=lo:${i}`, `IPADDR=${vip}`, 'NETMASK=255.255.255.255', 'ONBOOT=yes', ''].join('\n'),
      ),
    );
  });
  return out;
}

function arptablesFiles(dir: string, host: RealServerHost): ReturnType<typeof create>[] {
  const vips = uniqueVips(host.services);
  const lines = [
    `# LVS direct routing, real server ${host.address}, arptables method (Red Hat Load Balancer Administration 3.2.1):`,
    '# drop ARP requests for the VIPs, and never announce them as the source of our own ARP requests.',
    '# Load at boot with the arptables service (`systemctl enable arptables`), or `arptables-restore < this file`.',
    '*filter',
    ':INPUT ACCEPT',
    ':OUTPUT ACCEPT',
    ':FORWARD ACCEPT',
    ...vips.map((vip) => `-A INPUT -d ${vip} -j DROP`),
    ...vips.map((vip) => `-A OUTPUT -s ${vip} -j mangle --mangle-ip-s ${host.address}`),
    'COMMIT',
    '',
  ];
  const out = [create(path.join(dir, 'sysconfig', 'arptables'), lines.join('\n'))];
  vips.forEach((vip, i) => {
    out.push(
      create(
        path.join(dir, 'sysconfig', 'network-scripts', `ifcfg-lo:${i}`),
        [`# LVS VIP ${vip}: local to this host, hidden from ARP by the arptables rules`, `DEVICE=lo:${i}`, `IPADDR=${vip}`, 'NETMASK=255.255.255.255', 'ONBOOT=yes', ''].join('\n'),
      ),
    );
  });
  return out;
}

function iptablesFiles(dir: string, host: RealServerHost): ReturnType<typeof create>[] {
  const rules = host.services
    .filter((s) => s.family === 4 && s.port !== undefined)
    .map((s) => `-A PREROUTING -d ${s.vip}/32 -p ${s.protocol} -m ${s.protocol} --dport ${s.port} -j REDIRECT`);
  const lines = [
    `# LVS direct routing, real server ${host.address}, iptables method (Red Hat Load Balancer Administration 3.2.2):`,
    '# no VIP on this host; packets for the VIPs are redirected to the local services (which listen on all addresses).',
    '# Load at boot with the iptables service (`service iptables save` writes this file).',
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ...[...new Set(rules)],
    'COMMIT',
    '',
  ];
  return [create(path.join(dir, 'sysconfig', 'iptables'), lines.join('\n'))];
}

/** How many virtual servers of one workspace get the code actions (see checkWorkspace). */
const MAX_WITH_FIXES = 50;

/** The real-server addresses of a virtual server forwarded by DR or TUN, in its order, once each. */
function directAddresses(vs: VirtualServer): string[] {
  const out: string[] = [];
  for (const rs of vs.realServers) {
    const m = effectiveMethod(rs);
    if (rs.address && (m === 'DR' || m === 'TUN') && !out.includes(rs.address.key)) out.push(rs.address.key);
  }
  return out;
}

function message(vs: VirtualServer, addresses: string[]): string {
  const method = [...new Set(vs.realServers.map((rs) => (rs.lvsMethod ?? vs.lbKind)?.text).filter(Boolean))].join('/') || 'DR';
  return `No file of the workspace describes the real servers of this ${method} service (${addresses.join(', ')}): keepalived does not configure them, and lvs-config cannot check that they accept the VIP and hide it from ARP. Add their sysctl, arptables, iptables or ifcfg files to the workspace (the code actions write one of the three methods).`;
}

const METHODS = [
  { name: 'sysctl', title: 'sysctl settings and the VIP on lo', files: sysctlFiles },
  { name: 'arptables', title: 'arptables rules', files: arptablesFiles },
  { name: 'iptables', title: 'iptables REDIRECT rules', files: iptablesFiles },
] as const;

export const rule: Rule = {
  id: 'realserver-config-missing',
  category: 'semantic',
  defaultSeverity: 'information',
  fix: 'suggestion',
  docs: {
    summary: 'A direct-routing (or tunnelling) virtual server none of whose real servers is described by a file of the workspace.',
    rationale:
      'In LVS direct routing the director only rewrites the destination MAC address: each real server must accept packets addressed to the VIP (the VIP on `lo`, or an iptables `REDIRECT`) and must never answer ARP for it (`arp_ignore`/`arp_announce`, or arptables), or clients reach it past the load balancer. keepalived configures none of this: it programs IPVS on the director only (maintainer, acassen/keepalived#2243: "The limit of what keepalived does in respect of IPVS is it adds and removes IPVS configuration just as ipvsadm does"). lvs-config checks the real servers when their files are in the workspace (sysctl files, scripts, arptables/iptables rule files, ifcfg files; see README "How real-server files are matched"). When none are, this information says so once per virtual server, and the code actions write the files of one of the three methods of Red Hat\'s Load Balancer Administration guide (3.2: sysctl with the VIP on `lo`, arptables, iptables), filled in with the VIPs, ports and real-server addresses, under `realservers/<address>/etc/` next to the config.',
    invalid:
      '# keepalived.conf (the workspace holds no real-server file)\nvirtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}',
    valid:
      '# keepalived.conf\nvirtual_server 192.0.2.10 80 {\n    lb_algo wlc\n    lb_kind DR\n    protocol TCP\n    real_server 10.0.0.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n\n# realservers/10.0.0.11/etc/sysctl.d/90-lvs-dr.conf\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n\n# realservers/10.0.0.11/etc/sysconfig/network-scripts/ifcfg-lo:0\nDEVICE=lo:0\nIPADDR=192.0.2.10\nNETMASK=255.255.255.255\nONBOOT=yes',
  },
  checkWorkspace(ctx) {
    // No real-server file at all and no fixes wanted (the CLI): every DR/TUN service qualifies, no cluster needed.
    if (!ctx.snippets.length && ctx.options.fixes === false) {
      for (const config of ctx.configs) {
        for (const vs of modelOf(config).virtualServers) {
          const addresses = directAddresses(vs);
          if (addresses.length) ctx.report({ at: vs.statement.args[0] ?? vs.statement.keyword, message: message(vs, addresses) });
        }
      }
      return;
    }
    const cluster = clusterOf(ctx.configs, ctx.snippets);
    const byVs = new Map<VirtualServer, RealServerHost[]>();
    for (const h of cluster.hosts.values()) {
      for (const rs of h.direct) {
        const list = byVs.get(rs.virtualServer);
        if (!list) byVs.set(rs.virtualServer, [h]);
        else if (!list.includes(h)) list.push(h);
      }
    }
    // Hosts in the order the virtual server lists its real servers.
    for (const [vs, hosts] of byVs) {
      if (hosts.length < 2) continue;
      const order = directAddresses(vs);
      hosts.sort((a, b) => order.indexOf(a.address) - order.indexOf(b.address));
    }
    // The files a fix writes for one host and method are the same whichever virtual server offers them.
    const made = new Map<string, ReturnType<typeof create>[]>();
    const filesFor = (m: (typeof METHODS)[number], dir: string, h: RealServerHost): ReturnType<typeof create>[] => {
      const key = `${m.name}\0${dir}\0${h.address}`;
      let f = made.get(key);
      if (!f) made.set(key, (f = m.files(dir, h)));
      return f;
    };
    let withFixes = 0;
    for (const [vs, hosts] of byVs) {
      if (hosts.some((h) => h.files.length)) continue;
      const head = vs.statement.args[0] ?? vs.statement.keyword;
      const fixes: Fix[] = [];
      // A generated config with thousands of such services would carry megabytes of file contents in its
      // diagnostics: the first MAX_WITH_FIXES services get the code actions (the files cover each host whole).
      if (ctx.options.fixes !== false && withFixes < MAX_WITH_FIXES && hosts.some((h) => uniqueVips(h.services).length)) {
        withFixes++;
        for (const m of METHODS) {
          const files = hosts.flatMap((h) => filesFor(m, hostDir(vs.statement.keyword.file, h), h));
          fixes.push({ title: `Write real-server files for ${hosts.map((h) => h.address).join(', ')}: ${m.title}`, createFiles: files.map((x) => x.file), edits: files.map((x) => x.edit) });
        }
      }
      ctx.report({
        at: head,
        message: message(vs, hosts.map((h) => h.address)),
        fixes,
      });
    }
  },
};
