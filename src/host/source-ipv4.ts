// The kernel's IPv4 source choice (net/ipv4/route.c, fib_semantics.c fib_result_prefsrc,
// devinet.c inet_select_addr): the route's preferred source if it has one, else the first
// primary address of the outgoing device whose subnet holds the gateway (or destination),
// else the first acceptable primary there, else the first global primary on any device.
import { matchesPrefix } from '../address/prefix.js';
import type { Ip } from '../address/ip.js';
import type { Host, HostAddress, HostRoute } from './model.js';

const SCOPE_RANK = { universe: 0, link: 253, host: 254 } as const;

function addressScope(a: HostAddress): number {
  // iproute2 gives 127/8 host scope by default; everything else is global.
  return a.ip.bytes[12] === 127 ? SCOPE_RANK.host : SCOPE_RANK.universe;
}

/** IPv4 addresses of a device in the kernel's ifa_list order: primaries in creation order
 * (grouped by scope, widest first), then secondaries. */
export function ipv4DeviceList(host: Host, ifindex: number): readonly HostAddress[] {
  let byDevice = deviceLists.get(host);
  if (!byDevice) {
    byDevice = new Map();
    for (const itf of host.interfaces) {
      const own = host.addresses.filter((a) => a.ifindex === itf.index && a.ip.family === 4);
      const primaries = own.filter((a) => !a.secondary);
      primaries.sort((a, b) => addressScope(a) - addressScope(b) || a.seq - b.seq);
      byDevice.set(itf.index, [...primaries, ...own.filter((a) => a.secondary)]);
    }
    deviceLists.set(host, byDevice);
  }
  return byDevice.get(ifindex) ?? [];
}

// The host is immutable; its per-device lists are derived once.
const deviceLists = new WeakMap<Host, Map<number, HostAddress[]>>();

export function selectIpv4Source(host: Host, r: HostRoute, dst: Ip): Ip | null {
  if (r.src) return r.src;
  if (r.type === 'local') return dst;
  const scope = SCOPE_RANK[r.scope];
  const toward = r.via ?? null;
  let fallback: Ip | null = null;
  if (r.dev !== null) {
    for (const a of ipv4DeviceList(host, r.dev)) {
      if (a.secondary) continue;
      // route_localnet is off, so a host-scope address never serves a wider route.
      if (Math.min(addressScope(a), SCOPE_RANK.host) > scope) continue;
      if (!toward || matchesPrefix(toward.bytes, a.ip.bytes, 96 + a.prefixLen)) return a.ip;
      fallback ??= a.ip;
    }
    if (fallback) return fallback;
  }
  for (const itf of host.interfaces) {
    for (const a of ipv4DeviceList(host, itf.index)) {
      if (a.secondary) continue;
      const s = addressScope(a);
      if (s !== SCOPE_RANK.link && s <= scope) return a.ip;
    }
  }
  return null;
}
