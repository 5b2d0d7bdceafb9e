/**
 * Small derived facts about the director model shared by the LVS rules: the forwarding method keepalived
 * gives a real server, keepalived's own label of a virtual server in its messages, subnet membership.
 */
import ipaddr from 'ipaddr.js';
import { isDottedQuad, parseAddress } from '../schema/values';
import type { Address, RealServer, VirtualServer, VsgEntry } from './types';

/** The forwarding method keepalived uses for a real server: its `lvs_method`, else the virtual server's `lb_kind`, else NAT. */
export function effectiveMethod(rs: RealServer): string {
  return (rs.lvsMethod ?? rs.virtualServer.lbKind)?.text ?? 'NAT';
}

/** The protocol as keepalived prints it (`tcp`, `udp`, `sctp`; UDP when unset). */
export function protoLabel(vs: VirtualServer): string {
  return vs.protocol?.text.toLowerCase() ?? 'udp';
}

/**
 * keepalived's label of a virtual server in its messages (FMT_VS): `[192.0.2.10]:tcp:80`, `FWM 7`, `[NAME]:0`;
 * undefined when the head is incomplete.
 */
export function vsLabel(vs: VirtualServer): string | undefined {
  if (vs.kind === 'group') return vs.group ? `[${vs.group.text}]:0` : undefined;
  if (vs.kind === 'fwmark') return vs.fwmark ? `FWM ${vs.fwmark.value}` : undefined;
  return vs.address && vs.port ? `[${vs.address.key}]:${protoLabel(vs)}:${vs.port.value}` : undefined;
}

/** keepalived's label of a virtual_server_group entry (format_vsge): `192.0.2.10,80`, `192.0.2.20-192.0.2.29,80`. */
export function vsgeLabel(e: VsgEntry): string | undefined {
  const port = 'port' in e && e.port ? e.port.value : 0;
  if (e.kind === 'address') return `${e.address.key},${port}`;
  if (e.kind === 'range') {
    const sep = e.first.family === 4 ? '.' : ':';
    return `${e.first.key}-${e.first.key.slice(0, e.first.key.lastIndexOf(sep) + 1)}${e.last},${port}`;
  }
  return undefined;
}

const parsed = new Map<string, ipaddr.IPv4 | ipaddr.IPv6 | null>();
function parse(key: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  let p = parsed.get(key);
  if (p === undefined) {
    try {
      p = ipaddr.parse(key);
    } catch {
      p = null;
    }
    if (parsed.size > 10000) parsed.clear();
    parsed.set(key, p);
  }
  return p;
}

/** Whether address `key` (normalised, no prefix) lies in the subnet `net`/`net.prefix` (same family only). */
export function inSubnet(key: string, family: 4 | 6, net: Address): boolean {
  if (net.family !== family || net.prefix === undefined) return false;
  const a = parse(key);
  const n = parse(net.key);
  if (!a || !n || a.kind() !== n.kind()) return false;
  return a.match(n, net.prefix);
}

/** The subnet of an address with a prefix, as text: `192.0.2.0/24`, `2001:db8::/64`. */
export function subnetText(net: Address): string {
  if (net.prefix === undefined) return net.key;
  const n = parse(net.key);
  if (!n) return `${net.key}/${net.prefix}`;
  try {
    const base = ipaddr.parseCIDR(`${net.key}/${net.prefix}`);
    const bytes = base[0].toByteArray();
    const bits = net.prefix;
    for (let i = 0; i < bytes.length; i++) {
      const keep = Math.max(0, Math.min(8, bits - i * 8));
      bytes[i] &= (0xff << (8 - keep)) & 0xff;
    }
    return `${ipaddr.fromByteArray(bytes).toString()}/${bits}`;
  } catch {
    return `${net.key}/${net.prefix}`;
  }
}

/** The host prefix of a family: 32 or 128. */
export function hostPrefix(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** The normalised key of an address text (`ADDR` or `ADDR/LEN`), as `Address.key`; undefined when it is none. */
export function addressKey(text: string): string | undefined {
  const p = parseAddress(text);
  if (!p) return undefined;
  const bare = p.prefix === undefined ? text : text.slice(0, text.indexOf('/'));
  if (p.family === 4 && isDottedQuad(bare)) return bare;
  try {
    return p.addr.toString().toLowerCase();
  } catch {
    return undefined;
  }
}
