// The differential generator's building blocks (generator.ts holds the templates, the mixer and the
// shrinker; templates-routing.ts the policy-routing templates): the seeded PRNG, address helpers,
// what the kernel accepts (host analysis, scenarioProblems), the host builder and record helpers.
//
// * `generateScenario(seed, index)` depends on (seed, index) only, so a failure report of
//   `gen-<seed>-<index>-<template>` can be regenerated anywhere.
// * ~70% of scenarios come from realistic host templates, ~30% from an adversarial mixer.
// * Every scenario must be buildable by the namespace builder: the kernel must accept every interface
//   address and route. The constraints are enforced twice: by construction, and by `scenarioProblems`
//   (asserted on every generated scenario, and used by the shrinker to drop routes a removal broke).
// * Address text we emit (interface addresses, routes, records) is accepted by glibc's strict inet_pton.
//   gai.conf text deliberately contains malformed lines; it is not address text in that sense.
// * Only documentation/test ranges are used: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
//   2001:db8::/32, fdXX ULA, 10/8, 172.16/12, 192.168/16, 100.64/10, plus the special blocks the
//   ordering rules care about (fe80::/10, fec0::/10, 2002::/16 and 2001::/32 built around documentation
//   IPv4, 64:ff9b::/96, ::/96, ::ffff:0:0/96, loopback, multicast, unspecified).

import IPCIDR from 'ip-cidr';
import { isV4Mapped, parseIp, type Ip } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { maskBytes, matchesPrefix } from '../../src/address/prefix.js';
import {
  isLinkLocal6,
  isLoopback4,
  isLoopback6,
  isMulticast4,
  isMulticast6,
  isUnspecified4,
  isUnspecified6,
} from '../../src/address/classify.js';
import type {
  RouteTable,
  RouteType,
  Scenario,
  ScenarioAddress,
  ScenarioAddressObject,
  ScenarioAddrlabel,
  ScenarioHost,
  ScenarioInterface,
  ScenarioRoute,
  ScenarioRule,
  ScopeName,
} from '../../src/scenario/types.js';

// ───────────────────────────────────────────────────────────────────────────── PRNG

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty array. */
  pick<T>(arr: readonly T[]): T;
  /** true with probability p. */
  chance(p: number): boolean;
  /** A shuffled copy (Fisher–Yates); the input is not modified. */
  shuffle<T>(arr: readonly T[]): T[];
  /** One value, chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Uniform-ish bigint in [0, n) (n ≥ 1). */
  below(n: bigint): bigint;
}

/** murmur3's 32-bit finaliser: a good avalanche for seed mixing. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Any JS number (negative, > 2^32, fractional) to a 32-bit state, deterministically. */
export function seedState(seed: number): number {
  if (!Number.isFinite(seed)) seed = 0;
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const frac = Math.floor((seed - Math.floor(seed)) * 4294967296) >>> 0;
  return fmix32(lo ^ fmix32(hi + 0x9e3779b9) ^ fmix32(frac + 0x7f4a7c15));
}

/** mulberry32 over a 32-bit state. */
export function rngFromState(state: number): Rng {
  let a = state >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const rng: Rng = {
    next,
    int,
    pick<T>(arr: readonly T[]): T {
      if (arr.length === 0) throw new Error('pick from an empty array');
      return arr[int(0, arr.length - 1)] as T;
    },
    chance: (p) => next() < p,
    shuffle<T>(arr: readonly T[]): T[] {
      const out = arr.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        const t = out[i] as T;
        out[i] = out[j] as T;
        out[j] = t;
      }
      return out;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = next() * total;
      for (const [v, w] of entries) {
        if (r < w) return v;
        r -= w;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    below(n: bigint): bigint {
      if (n <= 1n) return 0n;
      const bits = n.toString(2).length + 16;
      let r = 0n;
      for (let i = 0; i < bits; i += 16) r = (r << 16n) | BigInt(int(0, 0xffff));
      return r % n;
    },
  };
  return rng;
}

export function makeRng(seed: number): Rng {
  return rngFromState(seedState(seed));
}

export function scenarioRng(seed: number, index: number): Rng {
  return rngFromState(fmix32(seedState(seed) ^ fmix32((seedState(index) + 0x632be5ab) >>> 0)));
}

// ───────────────────────────────────────────────────────────────────────────── address helpers

/** Canonical (RFC 5952) text of an address; throws on text glibc's inet_pton would refuse. */
export function canon(text: string): string {
  const ip = parseIp(text);
  if (!ip) throw new Error(`generator produced an invalid address: ${text}`);
  return formatIp(ip);
}

export const hex = (n: number): string => n.toString(16);
export const fam = (ip: Ip): 4 | 6 => ip.family;
export const maxLen = (f: 4 | 6): number => (f === 4 ? 32 : 128);
/** Prefix length in the 16-byte (mapped) space. */
export const len16 = (f: 4 | 6, len: number): number => (f === 4 ? len + 96 : len);

/** The `offset`-th address of a CIDR block, picked with ip-cidr, in canonical text. */
export function nthInCidr(cidr: string, offset: bigint): string {
  const [t] = new IPCIDR(cidr).toArray({ from: offset, limit: 1 });
  if (t === undefined) throw new Error(`offset ${offset} is outside ${cidr}`);
  return canon(t);
}
export function cidrSize(cidr: string): bigint {
  return BigInt(String(new IPCIDR(cidr).size));
}
/** Network address of `addr/len` (ip-cidr), canonical text. */
export function networkOf(addr: string, len: number): string {
  return canon(new IPCIDR(`${addr}/${len}`).start<string>());
}

/** A random host inside `cidr`, never the all-zeros host part, nor (IPv4) the all-ones one. */
export function randomHost(rng: Rng, cidr: string, style: 'small' | 'any' = 'any'): string {
  const size = cidrSize(cidr);
  const v4 = !cidr.includes(':');
  const hi = v4 ? size - 2n : size - 1n; // highest offset allowed
  if (hi < 1n) return nthInCidr(cidr, size - 1n); // /31, /32, /127, /128: no choice
  let off: bigint;
  if (style === 'small' || rng.chance(v4 ? 0.5 : 0.35)) off = 1n + rng.below(hi < 254n ? hi : 254n);
  else off = 1n + rng.below(hi);
  return nthInCidr(cidr, off);
}

export const DOC4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'] as const;
export function docV4(rng: Rng): string {
  return nthInCidr(rng.pick(DOC4), BigInt(rng.int(1, 254)));
}
export function v4Octets(text: string): [number, number, number, number] {
  const p = text.split('.').map(Number);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0];
}
export function v4Hex(text: string): [number, number] {
  const [a, b, c, d] = v4Octets(text);
  return [(a << 8) | b, (c << 8) | d];
}
/** 2001:db8:X:Y::/64 */
export function docV6Prefix64(rng: Rng): string {
  return `${canon(`2001:db8:${hex(rng.int(0, 0xffff))}:${hex(rng.int(0, 0xffff))}::`)}/64`;
}
/** fdXX:XXXX:XXXX:SSSS::/64 with a random global ID. */
export function ulaPrefix64(rng: Rng): string {
  const g = `fd${hex(rng.int(0, 0xff)).padStart(2, '0')}:${hex(rng.int(0, 0xffff))}:${hex(rng.int(0, 0xffff))}`;
  return `${canon(`${g}:${hex(rng.int(0, 0xffff))}::`)}/64`;
}
/** 2002:AABB:CCDD::/48 derived from an IPv4 address. */
export function sixToFourPrefix(v4: string): string {
  const [h, l] = v4Hex(v4);
  return `${canon(`2002:${hex(h)}:${hex(l)}::`)}/48`;
}
/** RFC 4380 Teredo address: 2001:0:server:flags:~port:~client, with documentation IPv4s inside. */
export function teredoAddress(rng: Rng): string {
  const [s1, s2] = v4Hex(docV4(rng));
  const [c1, c2] = v4Hex(docV4(rng));
  const flags = rng.pick([0x8000, 0, 0x8000]);
  const port = rng.int(1024, 65535);
  return canon(
    `2001:0:${hex(s1)}:${hex(s2)}:${hex(flags)}:${hex(~port & 0xffff)}:${hex(~c1 & 0xffff)}:${hex(~c2 & 0xffff)}`,
  );
}
/** NAT64 (RFC 6052 well-known prefix) address for an IPv4 address; dotted or hex tail. */
export function nat64(rng: Rng, v4: string): string {
  if (rng.chance(0.3)) return `64:ff9b::${v4}`; // valid inet_pton text; dotted tail kept on purpose
  const [h, l] = v4Hex(v4);
  return canon(`64:ff9b::${hex(h)}:${hex(l)}`);
}
/** A remote global IPv6 "service" address. */
export function docV6(rng: Rng): string {
  const p = docV6Prefix64(rng);
  return rng.chance(0.6) ? nthInCidr(p, BigInt(rng.int(1, 0xfff))) : randomHost(rng, p);
}

/**
 * A random host inside any subnet of ours. Special IPv6 blocks that embed an IPv4 address (Teredo
 * 2001::/32, 6to4 2002::/16, NAT64 64:ff9b::/96, IPv4-compatible ::/96) get their host bits from a
 * well-formed sample of that block, so the embedded IPv4 stays a documentation address.
 */
export type EmbeddedV4 = 'teredo' | '6to4' | 'compat' | 'nat64';
/** Which IPv4-embedding block (if any) holds the prefix `b/len`. */
export function embeddedV4Kind(b: Uint8Array, len: number): EmbeddedV4 | null {
  if (len >= 32 && b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return 'teredo';
  if (len >= 16 && b[0] === 0x20 && b[1] === 0x02) return '6to4';
  if (len >= 96 && b.subarray(0, 12).every((x) => x === 0)) return 'compat';
  if (len >= 96 && b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0))
    return 'nat64';
  return null;
}
export function cidrEmbedsV4(cidr: string): boolean {
  const [net, l] = cidr.split('/');
  const ip = parseIp(net ?? '');
  return !!ip && ip.family === 6 && embeddedV4Kind(ip.bytes, Number(l)) !== null;
}

export function hostIn(rng: Rng, cidr: string, style: 'small' | 'any' = 'any'): string {
  const [net, l] = cidr.split('/');
  const ip = parseIp(net ?? '');
  const len = Number(l);
  if (!ip || ip.family === 4) return randomHost(rng, cidr, style);
  const b = ip.bytes;
  const kind = embeddedV4Kind(b, len);
  if (kind === null) return randomHost(rng, cidr, style);
  for (let i = 0; i < 8; i++) {
    const smp =
      kind === 'teredo'
        ? teredoAddress(rng)
        : kind === '6to4'
          ? randomHost(rng, sixToFourPrefix(docV4(rng)), style)
          : kind === 'compat'
            ? `::${docV4(rng)}`
            : `64:ff9b::${docV4(rng)}`;
    const host = parseIp(smp)!.bytes;
    const out = maskBytes(b, len);
    const keep = maskBytes(host, len);
    for (let j = 0; j < 16; j++) out[j] = out[j]! | (host[j]! & ~keep[j]!);
    if (!hostPartIs(out, len, 0)) return formatIp({ family: 6, bytes: out });
  }
  return randomHost(rng, cidr, style);
}

/** Interface addresses the kernel refuses (or that make no sense on a non-lo interface). */
export function forbiddenInterfaceAddress(ip: Ip): string | null {
  const b = ip.bytes;
  if (ip.family === 4) {
    if (isUnspecified4(b)) return 'unspecified 0.0.0.0';
    if (isMulticast4(b)) return 'IPv4 multicast';
    if (isLoopback4(b)) return 'IPv4 loopback on a non-lo interface';
    if (b[12]! >= 240) return 'IPv4 class E / broadcast';
    return null;
  }
  if (isUnspecified6(b)) return 'unspecified ::';
  if (isMulticast6(b)) return 'IPv6 multicast';
  if (isLoopback6(b)) return '::1 on a non-lo interface';
  if (isV4Mapped(b)) return 'IPv4-mapped address';
  return null;
}

// ───────────────────────────────────────────────────────────────────────────── host analysis

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

export type RouteCheck =
  | { ok: true; family: 4 | 6; key: string; isDefault: boolean; prefix: Uint8Array; l16: number; table: number; gateways: { via: Ip; dev: string | undefined }[]; onlink: Ip[] }
  | { ok: false; problem: string };

/** The family a route has: its prefix's, or for `default` that of via, src, from or the first
 * hop's via (what `ip route add` and the model read). */
export function routeFamily(r: ScenarioRoute): 4 | 6 | null {
  if (r.to !== 'default') return parsePrefixText(r.to)?.ip.family ?? null;
  const hint = r.via ?? r.src ?? r.from?.split('/')[0] ?? r.nexthops?.find((h) => h.via !== undefined)?.via;
  return hint === undefined ? null : (parseIp(hint)?.family ?? null);
}

/** Is this route one the kernel accepts on this host (ignoring duplicates against other routes)? */
export function checkRoute(r: ScenarioRoute, an: HostAnalysis): RouteCheck {
  const bad = (problem: string): RouteCheck => ({ ok: false, problem });
  const type: RouteType = r.type ?? 'unicast';
  const table = tableNumber(r.table);
  const family = routeFamily(r);
  if (family === null) return bad(r.to === 'default' ? '`default` without a family hint; write 0.0.0.0/0 or ::/0' : `destination ${r.to} is not a prefix`);
  let prefix: Uint8Array;
  let l16: number;
  if (r.to === 'default') {
    prefix = new Uint8Array(16);
    if (family === 4) prefix[10] = prefix[11] = 0xff;
    l16 = len16(family, 0);
  } else {
    const p = parsePrefixText(r.to)!;
    l16 = len16(family, p.len);
    prefix = maskBytes(p.ip.bytes, l16);
    if (hexKey(prefix) !== hexKey(p.ip.bytes)) return bad(`destination ${r.to} has host bits set`);
  }
  if (family === 6 && !an.ipv6) return bad('IPv6 route on a host with IPv6 disabled');
  let from = '';
  if (r.from !== undefined) {
    const f = parsePrefixText(r.from);
    if (!f || f.ip.family !== 6 || family !== 6) return bad(`from ${r.from} on a route that is not IPv6`);
    if (hexKey(maskBytes(f.ip.bytes, f.len)) !== hexKey(f.ip.bytes)) return bad(`from ${r.from} has host bits set`);
    from = `${hexKey(f.ip.bytes)}/${f.len}`;
  }
  const isDefault = l16 === len16(family, 0);
  const gateways: { via: Ip; dev: string | undefined }[] = [];
  const onlink: Ip[] = [];
  const upDev = (dev: string, v6: boolean): string | null => {
    const ifc = an.ifaces.get(dev);
    if (dev !== 'lo' && !ifc) return `dev ${dev} does not exist`;
    if (ifc?.up === false) return `dev ${dev} is down`;
    if (v6 && !an.ipv6Ifaces.has(dev)) return `dev ${dev} has IPv6 disabled`;
    return null;
  };
  /** One hop: a gateway in a connected subnet (on its dev when given), a link-local IPv6 gateway
   * with its dev (also for an IPv4 route: RFC 5549), or a dev alone. */
  const hop = (via: string | undefined, dev: string | undefined): string | null => {
    if (via === undefined && dev === undefined) return 'hop without via or dev';
    const gw = via === undefined ? null : parseIp(via);
    if (via !== undefined && !gw) return `via ${via} is not an address`;
    if (dev !== undefined) {
      const why = upDev(dev, family === 6 || gw?.family === 6);
      if (why) return why;
    }
    if (!gw) return null;
    if (an.addrs.some((a) => hexKey(a.ip.bytes) === hexKey(gw.bytes) && a.ip.family === gw.family)) return `gateway ${via} is a local address`;
    if (gw.family === 6 && isLinkLocal6(gw.bytes)) return dev === undefined ? 'link-local IPv6 gateway without dev' : null;
    if (gw.family !== family) return 'gateway family differs from destination family (RFC 5549 only through a link-local IPv6 gateway)';
    const inSubnet = an.gatewaySubnets.filter(
      (s) =>
        s.family === family &&
        matchesPrefix(gw.bytes, s.prefix, s.len16) &&
        (dev === undefined || s.iface === dev) &&
        !hostPartIs(gw.bytes, s.len16, 0) &&
        !(family === 4 && hostPartIs(gw.bytes, s.len16, 1)),
    );
    if (inSubnet.length === 0) {
      // On-link (host-plan.ts adds `onlink`): needs the dev, and a gateway on no prefix of the
      // host, so neither the kernel's check (IPv6: ip6_route_check_nh_onlink; IPv4: a unicast
      // address) nor the builder's choice of onlink depends on other routes (routesProblems).
      if (dev === undefined || dev === 'lo') return `gateway ${via} is not inside a connected subnet`;
      if (an.addrs.some((a) => a.ip.family === gw.family && matchesPrefix(gw.bytes, maskBytes((a.peer ?? a.ip).bytes, len16(family, a.len)), len16(family, a.len)))) return `on-link gateway ${via} inside a prefix of the host`;
      onlink.push(gw);
      return null;
    }
    gateways.push({ via: gw, dev });
    return null;
  };
  if (type !== 'unicast' && type !== 'local') {
    if (r.via !== undefined || r.dev !== undefined || r.src !== undefined || r.nexthops !== undefined) return bad(`${type} route with via/dev/src/nexthops`);
    if (r.scope !== undefined) return bad(`scope on a ${type} route`);
  } else if (type === 'local') {
    if (r.via !== undefined || r.nexthops !== undefined) return bad('local route with via/nexthops');
    if (r.dev === undefined) return bad('local route without dev');
    const why = upDev(r.dev, family === 6);
    if (why) return bad(why);
    if (r.scope !== undefined) return bad('scope on a local route');
    // A local route over an own address would take over its local route's job: keep them apart.
    if (an.addrs.some((a) => a.ip.family === family && matchesPrefix(a.ip.bytes, prefix, l16))) return bad(`local route ${r.to} holds an own address`);
  } else {
    if (r.nexthops !== undefined) {
      if (r.via !== undefined || r.dev !== undefined) return bad('multipath route with via/dev of its own');
      if (r.nexthops.length < 2) return bad('multipath route with fewer than two hops');
      if (new Set(r.nexthops.map((h) => `${h.via ?? ''}|${h.dev ?? ''}`)).size < r.nexthops.length) return bad('multipath route with two equal hops');
      for (const h of r.nexthops) {
        const why = hop(h.via, h.dev);
        if (why) return bad(why);
        if (h.weight !== undefined && !(Number.isInteger(h.weight) && h.weight >= 1 && h.weight <= 256)) return bad(`weight ${h.weight}`);
      }
    } else {
      const why = hop(r.via, r.dev);
      if (why) return bad(why);
    }
    if (r.scope !== undefined && (r.via !== undefined || r.nexthops !== undefined)) return bad('scope on a route with a gateway');
  }
  if (r.src !== undefined) {
    const src = parseIp(r.src);
    if (!src || src.family !== family) return bad(`src ${r.src} is not an address of the route's family`);
    const own = an.addrs.find(
      (a) => a.up && a.ip.family === src.family && hexKey(a.ip.bytes) === hexKey(src.bytes),
    );
    if (!own) return bad(`src ${r.src} is not a local address on an up interface`);
    if (family === 6 && isLinkLocal6(src.bytes)) return bad('link-local src');
    // ip6_route_info_create: ipv6_chk_addr skips tentative addresses ("Invalid source address").
    if (family === 6 && own.flags.tentative && !own.flags.optimistic) return bad('tentative src');
  }
  if (r.metric !== undefined && (!Number.isInteger(r.metric) || r.metric < 0 || r.metric > 0xffffffff))
    return bad(`metric ${r.metric}`);
  return {
    ok: true,
    family,
    key: routeKey(family, table, prefix, l16, effectiveMetric(family, r.metric), from),
    isDefault,
    prefix,
    l16,
    table,
    gateways,
    onlink,
  };
}

/** All bits after `l16` are 0 (bit=0) or all 1 (bit=1). */
export function hostPartIs(b: Uint8Array, l16: number, bit: 0 | 1): boolean {
  for (let i = l16; i < 128; i++) {
    const v = (b[i >> 3]! >> (7 - (i & 7))) & 1;
    if (v !== bit) return false;
  }
  return true;
}

/** The longest connected prefix (16-byte length) that holds this gateway, or -1. */
export function gatewayPrefixLen(via: Ip, dev: string | undefined, an: HostAnalysis): number {
  let best = -1;
  for (const s of an.gatewaySubnets)
    if (s.family === via.family && (dev === undefined || s.iface === dev) && matchesPrefix(via.bytes, s.prefix, s.len16))
      best = Math.max(best, s.len16);
  return best;
}

/**
 * Problems of a route list as a whole: each route must be valid on its own, no two routes (nor a
 * route and a kernel-installed one) may share (family, table, prefix, source prefix, metric), and
 * no route of a table the gateway is looked up in may cover a unicast gateway as specifically as (or more than) the gateway's
 * connected subnet does — otherwise the kernel resolves that gateway through the other route (IPv6:
 * a reject route there makes `via` fail with "Egress device can not be loopback"), which also makes
 * the result depend on the order the routes are added in.
 */
export function routesProblems(routes: readonly ScenarioRoute[], an: HostAnalysis): string[] {
  const out: string[] = [];
  const keys = new Set(an.reservedKeys);
  const parsed: { r: ScenarioRoute; family: 4 | 6; table: number; prefix: Uint8Array; l16: number; gateways: { via: Ip; dev: string | undefined }[]; onlink: Ip[] }[] = [];
  for (const r of routes) {
    const c = checkRoute(r, an);
    if (!c.ok) {
      out.push(`route ${JSON.stringify(r)}: ${c.problem}`);
      continue;
    }
    if (keys.has(c.key)) out.push(`route ${JSON.stringify(r)}: same (family, table, prefix, from, metric) as another route`);
    keys.add(c.key);
    parsed.push({ r, family: c.family, table: c.table, prefix: c.prefix, l16: c.l16, gateways: c.gateways, onlink: c.onlink });
  }
  for (const g of parsed) {
    // The kernel looks a gateway up in its route's table, then through the rules there are
    // while the routes are added (the default ones: local, main and, for IPv4, default).
    const tables = new Set<number>([g.table, TABLES.local, TABLES.main, ...(g.family === 4 ? [TABLES.default] : [])]);
    for (const { via, dev } of g.gateways) {
      const glen = gatewayPrefixLen(via, dev, an);
      for (const o of parsed)
        if (o !== g && o.family === via.family && tables.has(o.table) && o.l16 >= glen && matchesPrefix(via.bytes, o.prefix, o.l16))
          out.push(`route ${JSON.stringify(o.r)} covers the gateway of ${JSON.stringify(g.r)}`);
    }
    // An on-link gateway is covered by no route but defaults, in any table (a route to it, or
    // a local one, would make the kernel refuse it or the builder see it as reachable).
    for (const via of g.onlink)
      for (const o of parsed)
        if (o !== g && o.family === via.family && o.l16 > len16(o.family, 0) && matchesPrefix(via.bytes, o.prefix, o.l16))
          out.push(`route ${JSON.stringify(o.r)} covers the on-link gateway of ${JSON.stringify(g.r)}`);
  }
  return out;
}

/** The source ports a probe socket is bound to (net.ipv4.ip_local_port_range's default). */
export const EPHEMERAL = { start: 32768, end: 60999 } as const;

/**
 * Problems of one `ip rule`: what the kernel (or iproute2) refuses, and what would make runs
 * differ: a `sport` range holding part of the ephemeral ports the probe sockets bind to. (No
 * valid `dport` range holds the ports the probes connect to: glibc's 0, musl's 65535.)
 */
export function ruleProblems(r: ScenarioRule, ipv6: boolean): string[] {
  const out: string[] = [];
  let family: 4 | 6 | null = r.family ?? null;
  for (const t of [r.from, r.to]) {
    if (t === undefined || t === 'all') continue;
    const p = parsePrefixText(t);
    if (!p) {
      out.push(`prefix ${t}`);
      continue;
    }
    if (family !== null && p.ip.family !== family) out.push(`${t} is not IPv${family}`);
    family ??= p.ip.family;
  }
  if (family === 6 && !ipv6) out.push('IPv6 rule with IPv6 disabled');
  for (const key of ['sport', 'dport'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(String(v));
    const start = Number(m?.[1]);
    const end = Number(m?.[2] ?? m?.[1]);
    if (!m || start < 1 || end > 65534 || start > end) out.push(`${key} ${v} is not a range the kernel takes`);
    else if (key === 'sport' && !(end < EPHEMERAL.start || start > EPHEMERAL.end || (start <= EPHEMERAL.start && end >= EPHEMERAL.end)))
      out.push(`sport ${v} holds part of the ephemeral ports`);
  }
  if (r.tos !== undefined && r.tos !== 0) {
    const fams = family === null ? (ipv6 ? [4, 6] : [4]) : [family];
    if (fams.includes(4) && (r.tos & ~0x1e) !== 0) out.push(`tos ${r.tos} on IPv4`);
    if ((r.tos & 3) !== 0) out.push(`tos ${r.tos} has ECN bits`);
  }
  const action = r.action ?? (r.goto !== undefined ? 'goto' : 'table');
  if (action === 'goto' && (r.goto === undefined || r.priority === undefined || r.goto <= r.priority)) out.push('goto without an explicit forward jump');
  if (action !== 'table' && r.table !== undefined) out.push(`table on a ${action} rule`);
  for (const key of ['iif', 'oif'] as const) if (r[key] !== undefined && !/^[A-Za-z0-9_.-]{1,15}$/.test(r[key])) out.push(`${key} ${r[key]}`);
  if (r.uidrange !== undefined && !/^\d+-\d+$/.test(r.uidrange)) out.push(`uidrange ${r.uidrange}`);
  return out.map((p) => `rule ${JSON.stringify(r)}: ${p}`);
}

/**
 * Everything that would make the namespace builder fail (or make the kernel's behaviour
 * nondeterministic) on this scenario. Empty for every generated scenario.
 */
export function scenarioProblems(s: Scenario): string[] {
  const out: string[] = [];
  const host = s.host;
  const ipv6 = host.ipv6 !== false;
  const names = new Set<string>();
  const seen = new Set<string>();
  const connected = new Map<string, string>(); // family|prefix/len → iface
  for (const ifc of host.interfaces) {
    const lo = ifc.name === 'lo';
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/.test(ifc.name)) out.push(`interface name ${ifc.name}`);
    if (['all', 'default'].includes(ifc.name)) out.push(`reserved interface name ${ifc.name}`);
    if (names.has(ifc.name)) out.push(`duplicate interface ${ifc.name}`);
    if (lo && ifc.up === false) out.push('lo down');
    names.add(ifc.name);
    for (const sa of ifc.addresses) {
      const o = splitAddress(sa);
      const p = parsePrefixText(o.address);
      if (!p) {
        out.push(`${ifc.name}: bad address ${o.address}`);
        continue;
      }
      const why = forbiddenInterfaceAddress(p.ip);
      if (why) out.push(`${ifc.name}: ${o.address}: ${why}`);
      if (p.ip.family === 6 && !ipv6) out.push(`${ifc.name}: IPv6 address with IPv6 disabled`);
      if (p.ip.family === 6 && ifc.disableIpv6) out.push(`${ifc.name}: IPv6 address with disableIpv6`);
      if (o.home && p.ip.family === 4) out.push(`${ifc.name}: home flag on IPv4`);
      if (o.temporary) out.push(`${ifc.name}: temporary addresses cannot be created`);
      // DAD states the builder holds (host-plan.ts dadState): IPv6 off lo, optimistic on an up link.
      if ((o.tentative || o.optimistic) && (lo || p.ip.family !== 6)) out.push(`${ifc.name}: ${o.address}: tentative/optimistic on lo or IPv4`);
      if (o.optimistic && ifc.up === false) out.push(`${ifc.name}: ${o.address}: optimistic on a link that is down`);
      if (lo && (o.peer !== undefined || o.scope !== undefined || o.noprefixroute)) out.push(`lo: ${o.address} with peer/scope/noprefixroute`);
      if (o.scope !== undefined && p.ip.family === 6) out.push(`${ifc.name}: scope on IPv6 ${o.address}`);
      let subnet = p;
      if (o.peer !== undefined) {
        const q = parsePrefixText(o.peer);
        if (!q || q.ip.family !== 4 || p.ip.family !== 4) out.push(`${ifc.name}: peer ${o.peer}`);
        else subnet = q;
      }
      if (p.ip.family === 4 && sameSubnetOtherScope(ifc, o.peer ?? o.address, o.scope, o)) out.push(`${ifc.name}: ${o.address}: another scope than an address of its subnet`);
      const k = `${p.ip.family}|${hexKey(p.ip.bytes)}`;
      if (seen.has(k)) out.push(`duplicate address ${o.address}`);
      seen.add(k);
      if (!o.noprefixroute && !lo) {
        const l16 = len16(subnet.ip.family, subnet.len);
        const ck = `${subnet.ip.family}|${hexKey(maskBytes(subnet.ip.bytes, l16))}/${l16}`;
        const other = connected.get(ck);
        if (other !== undefined && other !== ifc.name)
          out.push(`connected subnet of ${o.address} also on ${other} (kernel's choice would be arbitrary)`);
        connected.set(ck, ifc.name);
      }
    }
  }
  // Peers must not be own addresses.
  for (const ifc of host.interfaces)
    for (const sa of ifc.addresses) {
      const o = splitAddress(sa);
      const q = o.peer === undefined ? null : parsePrefixText(o.peer);
      if (q && seen.has(`${q.ip.family}|${hexKey(q.ip.bytes)}`)) out.push(`peer ${o.peer} is an own address`);
    }
  out.push(...routesProblems(host.routes ?? [], analyzeHost(host)));
  for (const r of host.rules ?? []) out.push(...ruleProblems(r, ipv6));
  for (const l of host.addrlabels ?? []) {
    const p = parsePrefixText(l.prefix);
    if (!ipv6 || !p || p.ip.family !== 6) out.push(`addrlabel ${l.prefix}`);
    if (l.dev !== undefined && l.dev !== 'lo' && !names.has(l.dev)) out.push(`addrlabel dev ${l.dev} does not exist`);
    if (!Number.isInteger(l.label) || l.label < 0 || l.label > 0xfffffffe) out.push(`addrlabel label ${l.label}`);
  }
  if (s.query.uid !== undefined && !(Number.isInteger(s.query.uid) && s.query.uid >= 0 && s.query.uid <= 0xfffffffe)) out.push(`uid ${s.query.uid}`);
  const recs = s.query.records;
  if (recs.length < 1 || recs.length > 8) out.push(`${recs.length} records`);
  for (const r of recs) if (!parseIp(r)) out.push(`record ${r} is not an address`);
  return out;
}

/** An IPv4 address of this subnet and mask is on the interface with another scope (the kernel
 * refuses the second: "ipv4: Invalid scope value"). `subnet` is the address's, or its peer's. */
export function sameSubnetOtherScope(ifc: ScenarioInterface, subnet: string, scope: ScopeName | undefined, except?: ScenarioAddressObject): boolean {
  const p = parsePrefixText(subnet);
  if (!p || p.ip.family !== 4) return false;
  const l16 = len16(4, p.len);
  const net = hexKey(maskBytes(p.ip.bytes, l16));
  const scopeOf = (o: ScenarioAddressObject, ip: Ip) => o.scope ?? (ip.bytes[12] === 127 ? 'host' : 'global');
  const mine = scope ?? (p.ip.bytes[12] === 127 ? 'host' : 'global');
  for (const sa of ifc.addresses) {
    const o = splitAddress(sa);
    if (o === except) continue;
    const own = parsePrefixText(o.address);
    const q = o.peer !== undefined ? parsePrefixText(o.peer) : own;
    if (!own || !q || q.ip.family !== 4 || q.len !== p.len) continue;
    if (hexKey(maskBytes(q.ip.bytes, l16)) === net && scopeOf(o, own.ip) !== mine) return true;
  }
  return false;
}

// ───────────────────────────────────────────────────────────────────────────── host builder

export interface AddrFlags {
  deprecated?: boolean;
  home?: boolean;
  noprefixroute?: boolean;
  scope?: ScopeName;
  /** Point-to-point peer `P/len` (IPv4). */
  peer?: string;
  /** IPv6, not on lo: DAD not done (optimistic: RFC 4429, on an up link only). */
  tentative?: boolean;
  optimistic?: boolean;
}

export class HostBuilder {
  readonly host: ScenarioHost = { interfaces: [], routes: [] };
  private readonly used = new Set<string>();

  constructor(ipv6 = true) {
    if (!ipv6) this.host.ipv6 = false;
  }
  get ipv6(): boolean {
    return this.host.ipv6 !== false;
  }
  get routes(): ScenarioRoute[] {
    return (this.host.routes ??= []);
  }

  iface(name: string, up = true): ScenarioInterface {
    const i: ScenarioInterface = { name, addresses: [] };
    if (!up) i.up = false;
    this.host.interfaces.push(i);
    return i;
  }

  /** The loopback, declared on first use (it always exists; declaring it adds addresses). */
  lo(): ScenarioInterface {
    return this.host.interfaces.find((i) => i.name === 'lo') ?? this.iface('lo');
  }

  /** IPv6 off on one interface (before it has IPv6 addresses). */
  disableIpv6(ifc: ScenarioInterface): void {
    ifc.disableIpv6 = true;
  }

  /** Adds `text/len` unless the kernel would refuse it or it would duplicate/clash; returns the
   * canonical address or null. `bare` writes a full-length address without `/len`. */
  addr(ifc: ScenarioInterface, text: string, len: number, flags: AddrFlags = {}, bare = false): string | null {
    const c = canon(text);
    const ip = parseIp(c)!;
    if (ip.family === 6 && (!this.ipv6 || ifc.disableIpv6)) return null;
    if (forbiddenInterfaceAddress(ip)) return null;
    if (this.used.has(c)) return null;
    const lo = ifc.name === 'lo';
    if (lo && (flags.peer !== undefined || flags.scope !== undefined || flags.noprefixroute)) return null;
    if ((flags.tentative || flags.optimistic) && (lo || ip.family !== 6 || (flags.optimistic && ifc.up === false))) return null;
    if (flags.peer !== undefined && (ip.family !== 4 || this.used.has(canon(flags.peer.split('/')[0]!)))) return null;
    if (ip.family === 4 && sameSubnetOtherScope(ifc, flags.peer ?? `${c}/${len}`, flags.scope)) return null;
    if (!flags.noprefixroute && !lo) {
      // The same connected subnet on two interfaces: the kernel would pick by insertion order.
      const sub = flags.peer !== undefined ? parsePrefixText(flags.peer)! : { ip, len };
      const l16 = len16(sub.ip.family, sub.len);
      const net = hexKey(maskBytes(sub.ip.bytes, l16));
      for (const other of this.host.interfaces) {
        if (other === ifc || other.name === 'lo') continue;
        for (const sa of other.addresses) {
          const o = splitAddress(sa);
          const p0 = parsePrefixText(o.address);
          const p = o.peer !== undefined ? parsePrefixText(o.peer) : p0;
          if (!p || o.noprefixroute || p.ip.family !== sub.ip.family || p.len !== sub.len) continue;
          if (hexKey(maskBytes(p.ip.bytes, l16)) === net) return null;
        }
      }
    }
    this.used.add(c);
    const address = bare && len === maxLen(ip.family) ? c : `${c}/${len}`;
    const o: ScenarioAddressObject = { address: flags.peer !== undefined ? c : address };
    if (flags.deprecated) o.deprecated = true;
    if (flags.home && ip.family === 6) o.home = true;
    if (flags.noprefixroute) o.noprefixroute = true;
    if (flags.scope !== undefined && ip.family === 4) o.scope = flags.scope;
    if (flags.peer !== undefined) o.peer = flags.peer;
    if (flags.tentative) o.tentative = true;
    if (flags.optimistic) o.optimistic = true;
    ifc.addresses.push(Object.keys(o).length === 1 ? o.address : o);
    return c;
  }

  /** Adds the route if the kernel would accept it next to the routes already present. */
  route(r: ScenarioRoute): boolean {
    const clean: ScenarioRoute = { to: r.to };
    if (r.via !== undefined) clean.via = r.via;
    if (r.dev !== undefined) clean.dev = r.dev;
    if (r.src !== undefined) clean.src = r.src;
    if (r.type !== undefined && r.type !== 'unicast') clean.type = r.type;
    if (r.metric !== undefined) clean.metric = r.metric;
    if (r.table !== undefined && r.table !== 'main') clean.table = r.table;
    if (r.from !== undefined) clean.from = r.from;
    if (r.nexthops !== undefined) clean.nexthops = r.nexthops.map((h) => ({ ...h }));
    if (r.scope !== undefined) clean.scope = r.scope;
    if (routesProblems([...this.routes, clean], analyzeHost(this.host)).length) return false;
    this.routes.push(clean);
    return true;
  }

  /** Adds an `ip rule` unless the kernel would refuse it (or it would make runs differ). */
  rule(r: ScenarioRule): boolean {
    if (ruleProblems(r, this.ipv6).length) return false;
    (this.host.rules ??= []).push(r);
    return true;
  }

  addrlabel(l: ScenarioAddrlabel): boolean {
    if (!this.ipv6) return false;
    (this.host.addrlabels ??= []).push(l);
    return true;
  }

  /** Connected subnets that can hold a gateway, with their CIDR text. */
  gatewaySubnets(family: 4 | 6): { iface: string; cidr: string }[] {
    return analyzeHost(this.host)
      .gatewaySubnets.filter((s) => s.family === family)
      .map((s) => {
        const text = formatIp({ family: s.family, bytes: s.prefix });
        return { iface: s.iface, cidr: `${text}/${s.len16 - (s.family === 4 ? 96 : 0)}` };
      });
  }

  /** A gateway inside `cidr` that is not one of our own addresses. */
  gateway(rng: Rng, cidr: string): string | null {
    for (let i = 0; i < 12; i++) {
      const g = i < 2 && rng.chance(0.6) && !cidrEmbedsV4(cidr) ? nthInCidr(cidr, 1n) : hostIn(rng, cidr);
      if (!this.used.has(g) && this.validGatewayText(g, cidr)) return g;
    }
    return null;
  }
  private validGatewayText(g: string, cidr: string): boolean {
    const ip = parseIp(g)!;
    const [, l] = cidr.split('/');
    const l16 = len16(ip.family, Number(l));
    return !hostPartIs(ip.bytes, l16, 0) && !(ip.family === 4 && hostPartIs(ip.bytes, l16, 1));
  }

  /** Own addresses of a family (canonical text, no length) on up interfaces. */
  own(family?: 4 | 6, opts: { iface?: string; noLinkLocal?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const ifc of this.host.interfaces) {
      if (ifc.up === false) continue;
      if (opts.iface !== undefined && ifc.name !== opts.iface) continue;
      for (const sa of ifc.addresses) {
        const p = parsePrefixText(splitAddress(sa).address);
        if (!p || (family !== undefined && p.ip.family !== family)) continue;
        if (opts.noLinkLocal && p.ip.family === 6 && isLinkLocal6(p.ip.bytes)) continue;
        out.push(formatIp(p.ip));
      }
    }
    return out;
  }

  /** Is this address one of ours (any interface)? */
  isOwn(text: string): boolean {
    return this.used.has(canon(text));
  }

  /** Every address's subnet as CIDR text (any interface, any state; lo and peers left out). */
  subnets(): string[] {
    const out = new Set<string>();
    for (const ifc of this.host.interfaces) {
      if (ifc.name === 'lo') continue;
      for (const sa of ifc.addresses) {
        const o = splitAddress(sa);
        const p = parsePrefixText(o.peer ?? o.address);
        if (p && p.len < maxLen(p.ip.family)) out.add(`${networkOf(formatIp(p.ip), p.len)}/${p.len}`);
      }
    }
    return [...out];
  }

  build(): ScenarioHost {
    return this.host;
  }
}

export const defaultTo = (family: 4 | 6, rng: Rng, hasVia: boolean): string =>
  hasVia && rng.chance(0.7) ? 'default' : family === 4 ? '0.0.0.0/0' : '::/0';

/** A realistic "default via the subnet's first host" route. */
export function defaultVia(b: HostBuilder, rng: Rng, gw: string, dev: string | undefined, metric?: number): boolean {
  const family = parseIp(gw)!.family;
  const r: ScenarioRoute = { to: defaultTo(family, rng, true), via: gw };
  if (dev !== undefined && rng.chance(0.5)) r.dev = dev;
  if (metric !== undefined) r.metric = metric;
  return b.route(r);
}

// ───────────────────────────────────────────────────────────────────────────── records

export interface RecordCtx {
  rng: Rng;
  b: HostBuilder;
}

/** Typical A/AAAA answers for a remote dual-stack service, plus the occasional local twist. */
export function serviceRecords(
  { rng, b }: RecordCtx,
  opts: { v6?: () => string; v4?: () => string; extra?: string[] } = {},
): string[] {
  const v6 = opts.v6 ?? (() => docV6(rng));
  const v4 = opts.v4 ?? (() => docV4(rng));
  let n6 = rng.weighted([
    [0, 10],
    [1, 45],
    [2, 30],
    [3, 15],
  ] as const);
  const n4 = rng.weighted([
    [0, 10],
    [1, 50],
    [2, 30],
    [3, 10],
  ] as const);
  if (n6 + n4 === 0) n6 = 1;
  const six = Array.from({ length: n6 }, v6);
  const four = Array.from({ length: n4 }, v4);
  const order = rng.weighted([
    ['v6-first', 40],
    ['v4-first', 30],
    ['shuffled', 30],
  ] as const);
  let recs =
    order === 'v6-first' ? [...six, ...four] : order === 'v4-first' ? [...four, ...six] : rng.shuffle([...six, ...four]);
  recs = [...recs, ...(opts.extra ?? [])];
  if (rng.chance(0.1)) {
    const subs = b.subnets();
    if (subs.length) recs.splice(rng.int(0, recs.length), 0, hostIn(rng, rng.pick(subs), 'small'));
  }
  if (rng.chance(0.05)) {
    const own = b.own(undefined, { noLinkLocal: true });
    if (own.length) recs.splice(rng.int(0, recs.length), 0, rng.pick(own));
  }
  if (rng.chance(0.1) && recs.length) recs.splice(rng.int(0, recs.length), 0, rng.pick(recs));
  return clampRecords(rng, recs);
}

export function clampRecords(rng: Rng, recs: string[]): string[] {
  if (recs.length === 0) recs = [docV4(rng)];
  return recs.slice(0, 8);
}

export const MULTICAST_RECORDS = ['ff02::1', 'ff05::2', 'ff0e::1', '224.0.0.1', '239.1.2.3'] as const;

/** Any class of answer, including the ones no sane resolver returns. */
export function anyRecord(rng: Rng, b: HostBuilder, sofar: readonly string[]): string {
  const kind = rng.weighted([
    ['global6', 14],
    ['global4', 14],
    ['ula', 6],
    ['mapped', 5],
    ['compat', 4],
    ['unspec6', 2],
    ['unspec4', 2],
    ['loop6', 3],
    ['loop4', 3],
    ['multicast', 4],
    ['ll6', 4],
    ['ll4', 3],
    ['site', 3],
    ['6to4', 4],
    ['teredo', 4],
    ['nat64', 3],
    ['private4', 5],
    ['cgnat', 2],
    ['own', 6],
    ['subnet', 7],
    ['dup', 5],
  ] as const);
  switch (kind) {
    case 'global6':
      return docV6(rng);
    case 'global4':
      return docV4(rng);
    case 'ula':
      return randomHost(rng, ulaPrefix64(rng), rng.pick(['small', 'any'] as const));
    case 'mapped':
      return `::ffff:${docV4(rng)}`;
    case 'compat': {
      const v4 = docV4(rng);
      return rng.chance(0.5) ? `::${v4}` : canon(`::${v4}`);
    }
    case 'unspec6':
      return '::';
    case 'unspec4':
      return '0.0.0.0';
    case 'loop6':
      return '::1';
    case 'loop4':
      return rng.chance(0.6) ? `127.0.0.${rng.int(1, 255)}` : `127.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
    case 'multicast':
      return rng.pick(MULTICAST_RECORDS);
    case 'll6':
      return randomHost(rng, 'fe80::/64', rng.pick(['small', 'any'] as const));
    case 'll4':
      return randomHost(rng, '169.254.0.0/16');
    case 'site':
      return randomHost(rng, `${canon(`fec0:0:0:${hex(rng.int(0, 0xffff))}::`)}/64`, 'small');
    case '6to4':
      return randomHost(rng, sixToFourPrefix(docV4(rng)), 'small');
    case 'teredo':
      return teredoAddress(rng);
    case 'nat64':
      return nat64(rng, docV4(rng));
    case 'private4':
      return randomHost(rng, rng.pick(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']));
    case 'cgnat':
      return randomHost(rng, '100.64.0.0/10');
    case 'own': {
      const own = b.own();
      return own.length ? rng.pick(own) : docV6(rng);
    }
    case 'subnet': {
      const subs = b.subnets();
      return subs.length ? hostIn(rng, rng.pick(subs), rng.pick(['small', 'any'] as const)) : docV4(rng);
    }
    case 'dup':
      return sofar.length ? rng.pick(sofar) : docV4(rng);
  }
}

// ───────────────────────────────────────────────────────────────────────────── realistic templates

export interface TemplateOut {
  records: string[];
  /** Probability of AI_ADDRCONFIG (replaces the default query-shape mix when set). */
  addrconfig?: number;
  /** The calling process's uid (query.uid), for `uidrange` rules. */
  uid?: number;
}
export type Template = (rng: Rng, b: HostBuilder) => TemplateOut;

/** IPv4 /24 in a private block, e.g. 192.168.178.0/24. */
export function privateV4Net24(rng: Rng): string {
  return rng.weighted([
    [`192.168.${rng.pick([0, 1, 1, 2, 10, 178, rng.int(0, 255)])}.0/24`, 60],
    [`10.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`, 30],
    [`172.${rng.int(16, 31)}.${rng.int(0, 255)}.0/24`, 10],
  ] as const);
}

export const LAN_IFACES = ['eth0', 'enp3s0', 'ens18', 'wlan0', 'wlp2s0', 'enp0s31f6', 'eno1'] as const;

/** Global IPv6 interface ID styles: small static, EUI-64-looking, random (privacy/stable-privacy). */
export function v6HostIn(rng: Rng, prefix64: string): string {
  const style = rng.weighted([
    ['small', 30],
    ['eui', 35],
    ['random', 35],
  ] as const);
  if (style === 'small') return nthInCidr(prefix64, BigInt(rng.int(2, 0x1ff)));
  if (style === 'random') return randomHost(rng, prefix64);
  // EUI-64 from a random MAC: xx(^2)xx:xxff:fexx:xxxx
  const bytes = parseIp(prefix64.split('/')[0] ?? '')!.bytes.slice();
  const mac = Array.from({ length: 6 }, () => rng.int(0, 255));
  bytes.set([mac[0]! ^ 2, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!], 8);
  return formatIp({ family: 6, bytes });
}

