// A scenario host read the way the kernel sees it: its addresses, the connected subnets a gateway
// may sit in, and the route keys the kernel installs by itself. The route and scenario checks
// (generator-route-checks.ts, generator-checks.ts) and the host builder all judge against it.

import { parseIp, type Ip } from '../../src/address/ip.js';
import { maskBytes } from '../../src/address/prefix.js';
import { isLinkLocal6 } from '../../src/address/classify.js';
import type { RouteTable, ScenarioAddress, ScenarioAddressObject, ScenarioHost, ScenarioInterface } from '../../src/scenario/types.js';
import { fam, len16, maxLen } from './generator-addresses.js';

export interface ParsedAddress {
  iface: string;
  up: boolean;
  ip: Ip;
  /** Family-native prefix length (a point-to-point address: the peer's). */
  len: number;
  flags: ScenarioAddressObject;
  /** Point-to-point peer, whose prefix is the connected one. */
  peer: Ip | null;
}

export interface Subnet {
  iface: string;
  family: 4 | 6;
  /** 16-byte masked prefix (IPv4 mapped). */
  prefix: Uint8Array;
  /** Length in the 16-byte space. */
  len16: number;
}

export interface HostAnalysis {
  ipv6: boolean;
  /** Declared interfaces, lo included when the scenario lists it. */
  ifaces: Map<string, ScenarioInterface>;
  /** Interfaces (lo included) that carry IPv6: host IPv6 on and no disableIpv6. */
  ipv6Ifaces: Set<string>;
  addrs: ParsedAddress[];
  /** Connected subnets that can hold a unicast gateway (up interface other than lo, prefix route
   * present, no peer, IPv4 ≤ /30, IPv6 ≤ /127, not link-local, not ::/96). */
  gatewaySubnets: Subnet[];
  /** Route keys the kernel itself installs (connected prefix routes, the local table's
   * address routes). */
  reservedKeys: Set<string>;
}

export function splitAddress(sa: ScenarioAddress): ScenarioAddressObject {
  return typeof sa === 'string' ? { address: sa } : sa;
}

export function parsePrefixText(text: string): { ip: Ip; len: number } | null {
  const parts = text.split('/');
  if (parts.length > 2) return null;
  const ip = parseIp(parts[0] ?? '');
  if (!ip) return null;
  if (parts.length === 1) return { ip, len: maxLen(ip.family) };
  const l = parts[1] ?? '';
  if (!/^(0|[1-9][0-9]{0,2})$/.test(l)) return null;
  const len = Number(l);
  if (len > maxLen(ip.family)) return null;
  return { ip, len };
}

export function hexKey(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

export const TABLES = { main: 254, local: 255, default: 253 } as const;
export const tableNumber = (t: RouteTable | undefined): number => (t === undefined ? TABLES.main : typeof t === 'number' ? t : TABLES[t]);

/** What makes two routes the same to the kernel (EEXIST): table, prefix, IPv6 source prefix, metric. */
export function routeKey(family: 4 | 6, table: number, prefix: Uint8Array, l16: number, metric: number, from = ''): string {
  return `${family}|${table}|${hexKey(prefix)}/${l16}|${from}|${metric}`;
}

/** The metric the kernel stores: IPv4 default 0; IPv6 default (and 0) is 1024 (IP6_RT_PRIO_USER). */
export function effectiveMetric(family: 4 | 6, metric: number | undefined): number {
  if (family === 4) return metric ?? 0;
  return metric === undefined || metric === 0 ? 1024 : metric;
}

export function analyzeHost(host: ScenarioHost): HostAnalysis {
  const ipv6 = host.ipv6 !== false;
  const ifaces = new Map<string, ScenarioInterface>();
  const ipv6Ifaces = new Set<string>();
  const addrs: ParsedAddress[] = [];
  const gatewaySubnets: Subnet[] = [];
  const reservedKeys = new Set<string>();
  const primaries = new Map<string, boolean>();
  const loDeclared = host.interfaces.find((i) => i.name === 'lo');
  if (ipv6 && !loDeclared?.disableIpv6) ipv6Ifaces.add('lo');
  if (ipv6) reservedKeys.add(routeKey(6, TABLES.main, maskBytes(parseIp('fe80::')!.bytes, 64), 64, 256));
  // lo's own: 127.0.0.0/8 and 127.0.0.1 in table local, ::1.
  reservedKeys.add(routeKey(4, TABLES.local, maskBytes(parseIp('127.0.0.0')!.bytes, 104), 104, 0));
  reservedKeys.add(routeKey(4, TABLES.local, parseIp('127.0.0.1')!.bytes, 128, 0));
  reservedKeys.add(routeKey(6, TABLES.local, parseIp('::1')!.bytes, 128, 0));
  for (const ifc of host.interfaces) {
    ifaces.set(ifc.name, ifc);
    if (ipv6 && !ifc.disableIpv6) ipv6Ifaces.add(ifc.name);
    const up = ifc.up !== false;
    const lo = ifc.name === 'lo';
    for (const sa of ifc.addresses) {
      const o = splitAddress(sa);
      const p = parsePrefixText(o.address);
      if (!p) continue;
      const peerP = o.peer !== undefined ? parsePrefixText(o.peer) : null;
      const len = peerP ? peerP.len : p.len;
      const subnetIp = peerP ? peerP.ip : p.ip;
      addrs.push({ iface: ifc.name, up, ip: p.ip, len, flags: o, peer: peerP ? peerP.ip : null });
      const f = fam(p.ip);
      const l16 = len16(f, len);
      const prefix = maskBytes(subnetIp.bytes, l16);
      // The address's own local route.
      reservedKeys.add(routeKey(f, TABLES.local, p.ip.bytes, 128, 0));
      // Connected prefix route: IPv4 metric 0 (none for a /32 of its own), in table local on lo;
      // IPv6 metric 256. Reserved even when noprefixroute suppresses it (conservative).
      if (f === 4 && (len < 32 || peerP)) reservedKeys.add(routeKey(4, lo ? TABLES.local : TABLES.main, prefix, l16, 0));
      if (f === 6) reservedKeys.add(routeKey(6, TABLES.main, prefix, l16, 256));
      // Does the prefix route really exist? IPv6: every address without noprefixroute adds it.
      // IPv4: only the primary (first) address of an (interface, network, length) adds it; later
      // ones are secondaries, so a noprefixroute primary leaves the subnet without a route.
      // (Addresses are assumed to be added in list order.)
      let routed = !o.noprefixroute;
      if (f === 4) {
        const pk = `${ifc.name}|${hexKey(prefix)}/${l16}`;
        const prim = primaries.get(pk);
        if (prim === undefined) primaries.set(pk, routed);
        else routed = prim;
      }
      if (!routed || !up || lo || peerP) continue;
      const b = p.ip.bytes;
      const v4compat = f === 6 && b.subarray(0, 12).every((x) => x === 0);
      if ((f === 4 && len <= 30) || (f === 6 && len <= 127 && !isLinkLocal6(b) && !v4compat))
        gatewaySubnets.push({ iface: ifc.name, family: f, prefix, len16: l16 });
    }
  }
  return { ipv6, ifaces, ipv6Ifaces, addrs, gatewaySubnets, reservedKeys };
}
