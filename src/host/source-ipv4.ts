// The kernel's IPv4 source choice (net/ipv4/fib_semantics.c fib_result_prefsrc,
// devinet.c inet_select_addr): the route's preferred source if it has one, else the first
// primary address of the outgoing device whose subnet holds the gateway (or, without a
// gateway, the first one) of a scope no narrower than the route's, else the first primary of
// universe or site scope no narrower than the route's on any device, lo first.
import { matchesPrefix } from '../address/prefix.js';
import type { Ip } from '../address/ip.js';
import { RT_SCOPE, type Host, type HostAddress, type HostRoute } from './model.js';

export const ROUTE_SCOPE: Record<HostRoute['scope'], number> = { universe: RT_SCOPE.global, site: RT_SCOPE.site, link: RT_SCOPE.link, host: RT_SCOPE.host };

/** IPv4 addresses of a device in the kernel's ifa_list order (__inet_insert_ifa): each
 * primary after the last primary of its scope or a narrower one (host, link, site, universe),
 * in creation order within a scope; then the secondaries. */
export function ipv4DeviceList(host: Host, ifindex: number): readonly HostAddress[] {
  let byDevice = deviceLists.get(host.addresses);
  if (!byDevice) {
    byDevice = new Map();
    for (const itf of host.interfaces) {
      const own = host.addresses.filter((a) => a.ifindex === itf.index && a.ip.family === 4);
      const primaries = own.filter((a) => !a.secondary);
      primaries.sort((a, b) => b.scope - a.scope || a.seq - b.seq);
      byDevice.set(itf.index, [...primaries, ...own.filter((a) => a.secondary)]);
    }
    deviceLists.set(host.addresses, byDevice);
  }
  return byDevice.get(ifindex) ?? [];
}

// Addresses never change once built; their per-device lists are derived once.
const deviceLists = new WeakMap<readonly HostAddress[], Map<number, HostAddress[]>>();

/** inet_select_addr(dev, gateway, scope). */
export function selectIpv4Source(host: Host, dev: number | null, gateway: Ip | null, scope: number): Ip | null {
  let fallback: Ip | null = null;
  if (dev !== null) {
    for (const a of ipv4DeviceList(host, dev)) {
      if (a.secondary) continue;
      // route_localnet is off, so a host-scope address never serves a wider route.
      if (Math.min(a.scope, RT_SCOPE.host) > scope) continue;
      if (!gateway || matchesPrefix(gateway.bytes, (a.peer ?? a.ip).bytes, 96 + a.prefixLen)) return a.ip;
      fallback ??= a.ip;
    }
    if (fallback) return fallback;
  }
  for (const itf of host.interfaces) {
    for (const a of ipv4DeviceList(host, itf.index)) {
      if (a.secondary) continue;
      if (a.scope !== RT_SCOPE.link && a.scope <= scope) return a.ip;
    }
  }
  return null;
}
