/**
 * File-kind detection (server/src/core/detect.ts): by name, by content, and both together as the client uses it to
 * switch `.conf` documents whose content is keepalived's to the keepalived language.
 */
import { describe, expect, it } from 'vitest';
import { detectKind, kindFromContent, kindFromName } from '../../server/src/core/detect';

describe('kindFromName', () => {
  it.each([
    'keepalived.conf',
    '/etc/keepalived/keepalived.conf',
    'keepalived.conf.SSL_GET',
    'keepalived.conf.vrrp.sync',
    'keepalived-master.conf',
    'backup_keepalived.conf',
    'keepalived.conf_s',
    '/etc/keepalived/conf.d/vip.conf',
    'C:\\configs\\keepalived\\lb1.conf',
  ])('%s is keepalived', (path) => {
    expect(kindFromName(path)).toBe('keepalived');
  });

  it.each([
    'sysctl.conf',
    '/etc/sysctl.conf',
    'nginx.conf',
    '/etc/nginx/conf.d/default.conf',
    'lvs.conf',
    'keepalived.sh',
    'keepalived.conf.j2',
    'roles/lb/templates/keepalived.yml',
    // Other programs' files named after keepalived.
    '/etc/sysctl.d/21-keepalived-vmac.conf',
    '/etc/rsyslog.d/keepalived.conf',
    '/etc/systemd/system/keepalived.service.d/override.conf',
    '/etc/supervisor/conf.d/keepalived.conf',
    '/etc/default/keepalived',
  ])('%s is not keepalived by name', (path) => {
    expect(kindFromName(path)).not.toBe('keepalived');
  });

  it.each([
    ['/etc/sysctl.conf', 'sysctl'],
    ['/etc/sysctl.d/90-lvs-dr.conf', 'sysctl'],
    ['/etc/sysctl.d/21-keepalived-vmac.conf', 'sysctl'],
    ['realserver/lvs-sysctl.conf', 'sysctl'],
    ['/etc/sysconfig/network-scripts/ifcfg-lo:0', 'ifcfg'],
    ['ifcfg-eth0', 'ifcfg'],
    ['/etc/sysconfig/arptables', 'arptables'],
    ['rs1.arptables', 'arptables'],
    ['/etc/sysconfig/iptables', 'iptables'],
    ['/etc/iptables/rules.v4', 'iptables'],
    ['rules.v6', 'iptables'],
    ['realserver/lvs_rs.sh', 'shell'],
    ['keepalived.sh', 'shell'],
    ['/etc/rc.d/rc.local', 'shell'],
  ])('%s is %s by name', (path, kind) => {
    expect(kindFromName(path)).toBe(kind);
  });
});

describe('kindFromContent', () => {
  const lvsConf = [
    '! Configuration File for keepalived',
    '# director of the web cluster',
    '',
    'global_defs {',
    '   router_id LVS_DEVEL',
    '}',
    '',
  ].join('\n');

  it('finds global_defs after comments and blank lines', () => {
    expect(kindFromContent(lvsConf)).toBe('keepalived');
  });

  it('finds a block keyword with its brace on the next line, CRLF and a BOM', () => {
    expect(kindFromContent('\uFEFF# lb\r\nvrrp_instance VI_1\r\n{\r\n  state MASTER\r\n}\r\n')).toBe('keepalived');
  });

  it('skips $NAME= definitions and @id lines', () => {
    const text = '$VIP=192.0.2.10\n@lb1 $PRIO=150\nvirtual_server $VIP 80 {\n  lb_kind DR\n}\n';
    expect(kindFromContent(text)).toBe('keepalived');
  });

  it('finds an include of keepalived files', () => {
    expect(kindFromContent('# main\ninclude /etc/keepalived/conf.d/*.conf\n')).toBe('keepalived');
  });

  it('does not take nginx.conf for keepalived', () => {
    const nginx = [
      'user www-data;',
      'worker_processes auto;',
      'pid /run/nginx.pid;',
      'include /etc/nginx/modules-enabled/*.conf;',
      '',
      'events {',
      '  worker_connections 768;',
      '}',
      '',
      'http {',
      '  server {',
      '    listen 80;',
      '  }',
      '}',
    ].join('\n');
    expect(kindFromContent(nginx)).toBeUndefined();
    expect(kindFromContent('server {\n  listen 80;\n  server_name example.org;\n}\n')).toBeUndefined();
  });

  it('does not take ld.so.conf or logrotate.conf for keepalived', () => {
    expect(kindFromContent('include /etc/ld.so.conf.d/*.conf\n')).toBeUndefined();
    expect(kindFromContent('# rotate weekly\nweekly\nrotate 4\ncreate\ninclude /etc/logrotate.d\n')).toBeUndefined();
  });

  it('takes sysctl settings for sysctl, not keepalived', () => {
    const sysctl = '# DR real server\nnet.ipv4.conf.all.arp_ignore = 1\nnet.ipv4.conf.all.arp_announce = 2\n';
    expect(kindFromContent(sysctl)).toBe('sysctl');
    expect(kindFromContent('; vlan\r\nnet/ipv4/conf/eth0.100/arp_ignore=1\r\n-net.ipv4.conf.all.rp_filter = 2\r\n')).toBe('sysctl');
  });

  it('recognises real-server files by content', () => {
    expect(kindFromContent('#!/bin/bash\nVIP=192.0.2.10\nifconfig lo:0 $VIP netmask 255.255.255.255 up\n')).toBe('shell');
    expect(kindFromContent('#!/usr/bin/env sh\necho 1 > /proc/sys/net/ipv4/conf/all/arp_ignore\n')).toBe('shell');
    expect(kindFromContent('*nat\n:PREROUTING ACCEPT [0:0]\n-A PREROUTING -d 192.0.2.10/32 -p tcp -m tcp --dport 80 -j REDIRECT\nCOMMIT\n')).toBe('iptables');
    expect(kindFromContent('*filter\n:IN ACCEPT [0:0]\n:OUT ACCEPT [0:0]\n[0:0] -A IN -d 192.0.2.10 -j DROP\n[0:0] -A OUT -s 192.0.2.10 -j mangle --mangle-ip-s 10.0.0.11\nCOMMIT\n')).toBe('arptables');
    expect(kindFromContent('DEVICE=lo:0\nIPADDR=192.0.2.10\nNETMASK=255.255.255.255\nONBOOT=yes\n')).toBe('ifcfg');
    expect(kindFromContent('a = 1\nb = 2\n')).toBeUndefined();
    expect(kindFromContent('FOO=bar\nBAZ=1\n')).toBeUndefined();
  });

  it('does not take a binary file for keepalived', () => {
    expect(kindFromContent('\x7fELF\x02\x01\x01\0\0\0\0global_defs {\n')).toBeUndefined();
    expect(kindFromContent('global_defs {\n\0\0\0')).toBeUndefined();
  });

  it('gives up after a few statements that are not keepalived', () => {
    const text = 'a 1\nb 2\nc 3\nd 4\ne 5\nglobal_defs {\n}\n';
    expect(kindFromContent(text)).toBeUndefined();
  });

  it('finds nothing in empty or comment-only text', () => {
    expect(kindFromContent('')).toBeUndefined();
    expect(kindFromContent('# nothing here\n! nor here\n')).toBeUndefined();
  });
});

describe('detectKind', () => {
  const keepalivedText = '! keepalived\nvrrp_instance VI_1 {\n  state BACKUP\n}\n';

  it('uses the name first, without content', () => {
    expect(detectKind('/etc/keepalived/keepalived.conf')).toBe('keepalived');
    expect(detectKind('keepalived.conf_s', keepalivedText)).toBe('keepalived');
  });

  it('falls back to content for any name', () => {
    expect(detectKind('/srv/lb/lvs.conf', keepalivedText)).toBe('keepalived');
    expect(detectKind('/srv/lb/lvs.conf')).toBeUndefined();
  });

  it('says no for nginx.conf, sysctl for a sysctl.d file named after keepalived', () => {
    expect(detectKind('/etc/nginx/nginx.conf', 'http {\n  server {\n    listen 80;\n  }\n}\n')).toBeUndefined();
    expect(detectKind('/etc/sysctl.d/21-keepalived-vmac.conf', 'net.ipv4.conf.all.arp_ignore = 1\n')).toBe('sysctl');
  });
});
