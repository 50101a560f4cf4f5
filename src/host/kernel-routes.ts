// The routes the kernel creates for an address (net/ipv4/fib_frontend.c fib_add_ifaddr,
// net/ipv6/addrconf.c): its local route, the connected prefix route, IPv4 broadcasts.
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import type { Ip } from '../address/ip.js';
import { isLoopback6 } from '../address/classify.js';
import { RT_TABLE, type HostAddress, type HostRoute } from './model.js';

export function kernelRoute(
  family: 4 | 6,
  table: number,
  type: HostRoute['type'],
  prefix: Uint8Array,
  length: number,
  metric: number,
  dev: number | null,
  via: Ip | null,
  src: Ip | null,
  scope: HostRoute['scope'],
  origin: number | null,
): HostRoute {
  return { family, table, type, prefix: maskBytes(prefix, length), length, metric, dev, via, src, scope, origin, from: null, nexthops: null };
}

/** IPv4: the local /32 (preferred source: the subnet's primary), and for a primary the prefix
 * route and the subnet broadcast. For a point-to-point address the prefix is the peer's. */
export function ipv4AddressRoutes(a: HostAddress, all: readonly HostAddress[], loopbackDev: boolean, up: boolean): HostRoute[] {
  const out: HostRoute[] = [];
  const len = 96 + a.prefixLen;
  const subnetOf = a.peer ?? a.ip;
  // The local route's preferred source is the subnet's primary address (fib_add_ifaddr `prim`).
  const primary = a.secondary
    ? all.find((e) => e.ifindex === a.ifindex && e.ip.family === 4 && !e.secondary && e.prefixLen === a.prefixLen && matchesPrefix((e.peer ?? e.ip).bytes, subnetOf.bytes, len))
    : a;
  const prim = primary?.ip ?? a.ip;
  out.push(kernelRoute(4, RT_TABLE.local, 'local', a.ip.bytes, 128, 0, a.ifindex, null, prim, 'host', null));
  // An address on a down interface keeps its local route (fib_add_ifaddr adds it before it
  // checks IFF_UP), so the host still reaches its own address; nothing else is there.
  if (!up || a.secondary) return out;
  const prefix = maskBytes(subnetOf.bytes, len);
  const zeronet = prefix[12] === 0;
  const samePrefixAsAddress = matchesPrefix(prefix, a.ip.bytes, 128);
  if (zeronet || (samePrefixAsAddress && a.prefixLen >= 32)) return out;
  if (!a.noprefixroute) {
    out.push(
      kernelRoute(4, loopbackDev ? RT_TABLE.local : RT_TABLE.main, loopbackDev ? 'local' : 'unicast', prefix, len, 0, a.ifindex, null, a.ip, loopbackDev ? 'host' : 'link', null),
    );
  }
  if (a.prefixLen < 31) {
    const bcast = new Uint8Array(prefix);
    for (let bit = len; bit < 128; bit++) bcast[bit >> 3]! |= 0x80 >> (bit & 7);
    out.push(kernelRoute(4, RT_TABLE.local, 'broadcast', bcast, 128, 0, a.ifindex, null, a.ip, 'link', null));
  }
  return out;
}

/** IPv6: the local /128, and the prefix route (metric 256) unless noprefixroute; a
 * point-to-point address routes its peer as a /128 instead. A tentative address has no local
 * route yet (addrconf.c inserts it when DAD completes, or at once for an optimistic one), but
 * its prefix route is made when the address is added (inet6_addr_add), carrier or not. */
export function ipv6AddressRoutes(a: HostAddress, up: boolean): HostRoute[] {
  const out = a.tentative ? [] : [kernelRoute(6, RT_TABLE.local, 'local', a.ip.bytes, 128, 0, a.ifindex, null, null, 'universe', null)];
  if (!up) return out;
  if (a.peer) out.push(kernelRoute(6, RT_TABLE.main, 'unicast', a.peer.bytes, 128, 256, a.ifindex, null, null, 'universe', null));
  // A /128 gets its main route too (`2001:db8::1 dev eth0 proto kernel metric 256`); only the
  // loopback's own ::1 has none.
  else if (!a.noprefixroute && !(a.prefixLen === 128 && isLoopback6(a.ip.bytes))) out.push(kernelRoute(6, RT_TABLE.main, 'unicast', a.ip.bytes, a.prefixLen, 256, a.ifindex, null, null, 'universe', null));
  return out;
}

/** The subnet-router anycast route of an IPv6 address on a forwarding device
 * (net/ipv6/addrconf.c addrconf_join_anycast, called from __ipv6_ifa_notify and
 * dev_forward_change; net/ipv6/anycast.c __ipv6_dev_ac_inc → addrconf_f6i_alloc): `anycast
 * PREFIX:: dev D table local proto kernel metric 0`, the address with its host bits cleared, for
 * a prefix shorter than /127 (RFC 6164) that is not `::`. Made when the address is announced:
 * not while it is tentative, optimistic included (without use_optimistic), and whether or not
 * the link is up (observed). A point-to-point address uses its own address and the peer's
 * length. Null when there is none. */
export function ipv6AnycastRoute(a: HostAddress): HostRoute | null {
  if (a.tentative || a.optimistic || a.prefixLen >= 127) return null;
  const prefix = maskBytes(a.ip.bytes, a.prefixLen);
  if (prefix.every((b) => b === 0)) return null;
  return kernelRoute(6, RT_TABLE.local, 'anycast', prefix, 128, 0, a.ifindex, null, null, 'universe', null);
}
