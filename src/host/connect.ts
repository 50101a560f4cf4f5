// What a UDP connect() to a destination yields on the modelled host: the source address
// getsockname() reports, or the errno connect() fails with. No packet is involved.
import { isLinkLocal6, isUnspecified4, isUnspecified6 } from '../address/classify.js';
import { isV4Mapped, parseIp, type Ip } from '../address/ip.js';
import type { Host } from './model.js';
import { lookupRoute, routeTypeErrno } from './route-lookup.js';
import { selectIpv4Source } from './source-ipv4.js';
import { selectIpv6Source } from './source-ipv6.js';

export interface ConnectOutcome {
  /** Source in the socket's family: an IPv4 destination through an AF_INET6 socket gives ::ffff:x. */
  readonly source: Ip | null;
  readonly errno: string | null;
}

const LOOPBACK4 = parseIp('127.0.0.1')!;
const LOOPBACK6 = parseIp('::1')!;

/** connect() of an AF_INET or AF_INET6 UDP socket to `dst` (an AF_INET6 socket may carry IPv4). */
export function connectUdp(host: Host, socketFamily: 4 | 6, dst: Ip): ConnectOutcome {
  const v4 = dst.family === 4 || isV4Mapped(dst.bytes);
  if (v4) {
    const out = connect4(host, { family: 4, bytes: dst.bytes });
    if (socketFamily === 6 && out.source) return { source: { family: 6, bytes: out.source.bytes }, errno: null };
    return out;
  }
  return connect6(host, dst);
}

function connect4(host: Host, dst: Ip): ConnectOutcome {
  // ip_route_output_key_hash_rcu: a zero destination means the loopback address.
  const target = isUnspecified4(dst.bytes) ? LOOPBACK4 : dst;
  const r = lookupRoute(host, target);
  if (!r) return { source: null, errno: 'ENETUNREACH' };
  const refused = routeTypeErrno(r.type);
  if (refused) return { source: null, errno: refused };
  // ip4_datagram_connect refuses broadcast routes without SO_BROADCAST.
  if (r.type === 'broadcast' || isLimitedBroadcast(target)) return { source: null, errno: 'EACCES' };
  const source = selectIpv4Source(host, r, target);
  return { source: source ?? { family: 4, bytes: parseIp('0.0.0.0')!.bytes }, errno: null };
}

function isLimitedBroadcast(ip: Ip): boolean {
  return ip.bytes[12] === 255 && ip.bytes[13] === 255 && ip.bytes[14] === 255 && ip.bytes[15] === 255;
}

function connect6(host: Host, dst: Ip): ConnectOutcome {
  const b = dst.bytes;
  // __ip6_datagram_connect: link-local scope (fe80::/10, ff02::/16) needs a scope id; `::`
  // means ::1.
  if (isLinkLocal6(b) || (b[0] === 0xff && (b[1]! & 0x0f) === 2)) return { source: null, errno: 'EINVAL' };
  const target = isUnspecified6(b) ? LOOPBACK6 : dst;
  // With IPv6 disabled there is no IPv6 address at all: no source, before any route lookup.
  if (!host.ipv6) return { source: null, errno: 'EADDRNOTAVAIL' };
  const r = lookupRoute(host, target);
  const usable = r !== null && routeTypeErrno(r.type) === null;
  // ip6_dst_lookup_tail picks a source before it looks at the route's error.
  const source = usable && r!.src ? r!.src : selectIpv6Source(host, target, usable ? r!.dev : null);
  if (!source) return { source: null, errno: 'EADDRNOTAVAIL' };
  if (!r) return { source: null, errno: 'ENETUNREACH' };
  const refused = routeTypeErrno(r.type);
  if (refused) return { source: null, errno: refused };
  return { source, errno: null };
}
