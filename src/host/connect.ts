// What a UDP connect() to a destination yields on the modelled host: the source address
// getsockname() reports, or the errno connect() fails with. No packet is involved.
//
// IPv4 (ip_route_connect): a lookup without source picks the route and so the source, then a
// second lookup with that source decides the errno (a `from` rule can refuse it). IPv6
// (ip6_dst_lookup_tail): a lookup without source; if it found a route, its preferred source
// or the source chosen for its device; if it failed, a source chosen over every device and a
// second lookup with it (source-specific routes and `from` rules then match).
import { isLinkLocal6, isMulticast4, isUnspecified4, isUnspecified6 } from '../address/classify.js';
import { isV4Mapped, parseIp, type Ip } from '../address/ip.js';
import type { Host, HostNexthop, HostRoute } from './model.js';
import { fibLookup, ownIpv4, type Flow } from './route-lookup.js';
import { ROUTE_SCOPE, selectIpv4Source } from './source-ipv4.js';
import { selectIpv6Source } from './source-ipv6.js';

export interface ConnectOutcome {
  /** Source in the socket's family: an IPv4 destination through an AF_INET6 socket gives ::ffff:x. */
  readonly source: Ip | null;
  readonly errno: string | null;
  /** A multipath route: what each hop would give (the kernel's flow hash picks one; `source`
   * and `errno` are the hop in `host.hopChoice`, else the first). Absent for one hop. */
  readonly alternatives?: readonly { readonly source: Ip | null; readonly errno: string | null }[];
}

/** The probe socket: the calling uid and the destination port it connects to (glibc: the
 * answer's port, 0 without a service; musl 65535; Go 9). */
export interface Probe {
  readonly uid?: number;
  readonly port?: number;
}

const LOOPBACK4 = parseIp('127.0.0.1')!;
const LOOPBACK6 = parseIp('::1')!;
const ZERO4 = parseIp('0.0.0.0')!;

/** connect() of an AF_INET or AF_INET6 UDP socket to `dst` (an AF_INET6 socket may carry IPv4). */
export function connectUdp(host: Host, socketFamily: 4 | 6, dst: Ip, probe: Probe = {}): ConnectOutcome {
  const v4 = dst.family === 4 || isV4Mapped(dst.bytes);
  if (v4) {
    const out = connect4(host, { family: 4, bytes: dst.bytes }, probe);
    return socketFamily === 6 ? inSocketFamily(out) : out;
  }
  return connect6(host, dst, probe);
}

function inSocketFamily(out: ConnectOutcome): ConnectOutcome {
  const map = (o: { source: Ip | null; errno: string | null }) => (o.source ? { source: { family: 6 as const, bytes: o.source.bytes }, errno: o.errno } : o);
  const primary = map(out);
  return out.alternatives ? { ...primary, alternatives: out.alternatives.map(map) } : primary;
}

/** Which hop of a multipath route this flow takes (the kernel hashes the flow with a per-boot
 * seed: unknown here, so a caller may ask for each). */
function hopIndex(host: Host, dst: Uint8Array, hops: number): number {
  const k = host.hopChoice?.get(flowKey(dst)) ?? 0;
  return k < hops ? k : 0;
}

export function flowKey(dst: Uint8Array): string {
  return Array.prototype.join.call(dst, '.');
}

function hopsOf(host: Host, r: HostRoute): readonly HostNexthop[] {
  if (!r.nexthops) return [{ dev: r.dev, via: r.via, weight: 1 }];
  // Hops through a device that is down are dead (fib_select_multipath skips them).
  const live = r.nexthops.filter((h) => h.dev === null || host.interfaces.find((i) => i.index === h.dev)?.up !== false);
  return live.length > 0 ? live : r.nexthops;
}

function resolved(outcomes: { source: Ip | null; errno: string | null }[], pick: number): ConnectOutcome {
  const chosen = outcomes[pick]!;
  if (outcomes.length < 2) return chosen;
  return { source: chosen.source, errno: chosen.errno, alternatives: outcomes };
}

function connect4(host: Host, dst: Ip, probe: Probe): ConnectOutcome {
  const flow: Flow = { family: 4, dst: dst.bytes, src: null, uid: probe.uid ?? host.uid ?? 0, dport: probe.port ?? 0 };
  // ip_route_output_key_hash_rcu: a zero destination is 127.0.0.1, from 127.0.0.1, without a
  // lookup; the second lookup (with that source) is an ordinary one.
  if (isUnspecified4(dst.bytes)) return second4(host, { ...flow, dst: LOOPBACK4.bytes }, LOOPBACK4, LOOPBACK4);
  const first = fibLookup(host, flow);
  if (first.errno !== null) return { source: null, errno: first.errno };
  const r = first.route;
  let outcomes: { source: Ip | null; errno: string | null }[];
  if (r.type === 'local') outcomes = [{ source: r.src ?? dst, errno: null }];
  else {
    const scope = ROUTE_SCOPE[r.scope];
    // An IPv6 gateway (RFC 5549) does not help choose an IPv4 source.
    outcomes = hopsOf(host, r).map((h) => {
      const source = r.src ?? selectIpv4Source(host, h.dev, h.via?.family === 4 ? h.via : null, scope) ?? ZERO4;
      // __mkroute_output: a loopback source never leaves through another device.
      return isLoopback4(source) && h.dev !== LOOPBACK_IFINDEX ? { source: null, errno: 'EINVAL' } : { source, errno: null };
    });
  }
  const resolvedOutcomes = outcomes.map((o) => (o.source ? second4(host, flow, o.source, dst) : o));
  return resolved(resolvedOutcomes, hopIndex(host, dst.bytes, resolvedOutcomes.length));
}

/** ip_route_connect's second lookup, with the source the first one gave. */
function second4(host: Host, flow: Flow, source: Ip, target: Ip): { source: Ip | null; errno: string | null } {
  // A zero source changes nothing: the same lookup again.
  if (!isUnspecified4(source.bytes)) {
    // The source must be an address of this host or a local route of table `local`
    // (__ip_dev_find): with custom rules a `local` route in main no longer counts (observed).
    if (!ownIpv4(host, source)) return { source: null, errno: 'ENETUNREACH' };
    // A multicast or broadcast destination takes the source's device, without the rules.
    if (isMulticast4(target.bytes) || isLimitedBroadcast(target)) return isLimitedBroadcast(target) ? { source: null, errno: 'EACCES' } : { source, errno: null };
  }
  const again = fibLookup(host, isUnspecified4(source.bytes) ? flow : { ...flow, src: source.bytes });
  if (again.errno !== null) return { source: null, errno: again.errno };
  const dev = again.route.type === 'local' ? LOOPBACK_IFINDEX : again.route.dev;
  if (isLoopback4(source) && dev !== LOOPBACK_IFINDEX) return { source: null, errno: 'EINVAL' };
  // ip4_datagram_connect refuses broadcast routes without SO_BROADCAST.
  if (again.route.type === 'broadcast' || isLimitedBroadcast(target)) return { source: null, errno: 'EACCES' };
  return { source, errno: null };
}

const LOOPBACK_IFINDEX = 1;
const isLoopback4 = (ip: Ip): boolean => ip.bytes[12] === 127;

function isLimitedBroadcast(ip: Ip): boolean {
  return ip.bytes[12] === 255 && ip.bytes[13] === 255 && ip.bytes[14] === 255 && ip.bytes[15] === 255;
}

function connect6(host: Host, dst: Ip, probe: Probe): ConnectOutcome {
  const b = dst.bytes;
  // __ip6_datagram_connect: link-local scope (fe80::/10, ff02::/16) needs a scope id; `::`
  // means ::1.
  if (isLinkLocal6(b) || (b[0] === 0xff && (b[1]! & 0x0f) === 2)) return { source: null, errno: 'EINVAL' };
  const target = isUnspecified6(b) ? LOOPBACK6 : dst;
  // With IPv6 disabled there is no IPv6 address at all: no source, before any route lookup.
  if (!host.ipv6) return { source: null, errno: 'EADDRNOTAVAIL' };
  const flow: Flow = { family: 6, dst: target.bytes, src: null, uid: probe.uid ?? host.uid ?? 0, dport: probe.port ?? 0 };
  const first = fibLookup(host, flow);
  if (first.errno === null) {
    const r = first.route;
    const outcomes = hopsOf(host, r).map((h) => {
      const source = r.src ?? selectIpv6Source(host, target, h.dev);
      return source ? { source, errno: null } : { source: null, errno: 'EADDRNOTAVAIL' };
    });
    return resolved(outcomes, hopIndex(host, target.bytes, outcomes.length));
  }
  // ip6_dst_lookup_tail picks a source before it looks at the route's error, then tries again.
  const source = selectIpv6Source(host, target, null);
  if (!source) return { source: null, errno: 'EADDRNOTAVAIL' };
  const again = fibLookup(host, { ...flow, src: source.bytes });
  if (again.errno !== null) return { source: null, errno: again.errno };
  return { source, errno: null };
}
