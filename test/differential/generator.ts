// Seeded, reproducible scenario generator for the differential suite (simulator vs. real glibc 2.36 /
// musl 1.2.3 in network namespaces), plus a greedy shrinker for failing scenarios.
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
  AiFlag,
  QueryFamily,
  RouteType,
  Scenario,
  ScenarioAddress,
  ScenarioAddressObject,
  ScenarioHost,
  ScenarioInterface,
  ScenarioQuery,
  ScenarioRoute,
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
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Any JS number (negative, > 2^32, fractional) to a 32-bit state, deterministically. */
function seedState(seed: number): number {
  if (!Number.isFinite(seed)) seed = 0;
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const frac = Math.floor((seed - Math.floor(seed)) * 4294967296) >>> 0;
  return fmix32(lo ^ fmix32(hi + 0x9e3779b9) ^ fmix32(frac + 0x7f4a7c15));
}

/** mulberry32 over a 32-bit state. */
function rngFromState(state: number): Rng {
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

function scenarioRng(seed: number, index: number): Rng {
  return rngFromState(fmix32(seedState(seed) ^ fmix32((seedState(index) + 0x632be5ab) >>> 0)));
}

// ───────────────────────────────────────────────────────────────────────────── address helpers

/** Canonical (RFC 5952) text of an address; throws on text glibc's inet_pton would refuse. */
function canon(text: string): string {
  const ip = parseIp(text);
  if (!ip) throw new Error(`generator produced an invalid address: ${text}`);
  return formatIp(ip);
}

const hex = (n: number): string => n.toString(16);
const fam = (ip: Ip): 4 | 6 => ip.family;
const maxLen = (f: 4 | 6): number => (f === 4 ? 32 : 128);
/** Prefix length in the 16-byte (mapped) space. */
const len16 = (f: 4 | 6, len: number): number => (f === 4 ? len + 96 : len);

/** The `offset`-th address of a CIDR block, picked with ip-cidr, in canonical text. */
function nthInCidr(cidr: string, offset: bigint): string {
  const [t] = new IPCIDR(cidr).toArray({ from: offset, limit: 1 });
  if (t === undefined) throw new Error(`offset ${offset} is outside ${cidr}`);
  return canon(t);
}
function cidrSize(cidr: string): bigint {
  return BigInt(String(new IPCIDR(cidr).size));
}
/** Network address of `addr/len` (ip-cidr), canonical text. */
function networkOf(addr: string, len: number): string {
  return canon(new IPCIDR(`${addr}/${len}`).start<string>());
}

/** A random host inside `cidr`, never the all-zeros host part, nor (IPv4) the all-ones one. */
function randomHost(rng: Rng, cidr: string, style: 'small' | 'any' = 'any'): string {
  const size = cidrSize(cidr);
  const v4 = !cidr.includes(':');
  const hi = v4 ? size - 2n : size - 1n; // highest offset allowed
  if (hi < 1n) return nthInCidr(cidr, size - 1n); // /31, /32, /127, /128: no choice
  let off: bigint;
  if (style === 'small' || rng.chance(v4 ? 0.5 : 0.35)) off = 1n + rng.below(hi < 254n ? hi : 254n);
  else off = 1n + rng.below(hi);
  return nthInCidr(cidr, off);
}

const DOC4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'] as const;
function docV4(rng: Rng): string {
  return nthInCidr(rng.pick(DOC4), BigInt(rng.int(1, 254)));
}
function v4Octets(text: string): [number, number, number, number] {
  const p = text.split('.').map(Number);
  return [p[0] ?? 0, p[1] ?? 0, p[2] ?? 0, p[3] ?? 0];
}
function v4Hex(text: string): [number, number] {
  const [a, b, c, d] = v4Octets(text);
  return [(a << 8) | b, (c << 8) | d];
}
/** 2001:db8:X:Y::/64 */
function docV6Prefix64(rng: Rng): string {
  return `${canon(`2001:db8:${hex(rng.int(0, 0xffff))}:${hex(rng.int(0, 0xffff))}::`)}/64`;
}
/** fdXX:XXXX:XXXX:SSSS::/64 with a random global ID. */
function ulaPrefix64(rng: Rng): string {
  const g = `fd${hex(rng.int(0, 0xff)).padStart(2, '0')}:${hex(rng.int(0, 0xffff))}:${hex(rng.int(0, 0xffff))}`;
  return `${canon(`${g}:${hex(rng.int(0, 0xffff))}::`)}/64`;
}
/** 2002:AABB:CCDD::/48 derived from an IPv4 address. */
function sixToFourPrefix(v4: string): string {
  const [h, l] = v4Hex(v4);
  return `${canon(`2002:${hex(h)}:${hex(l)}::`)}/48`;
}
/** RFC 4380 Teredo address: 2001:0:server:flags:~port:~client, with documentation IPv4s inside. */
function teredoAddress(rng: Rng): string {
  const [s1, s2] = v4Hex(docV4(rng));
  const [c1, c2] = v4Hex(docV4(rng));
  const flags = rng.pick([0x8000, 0, 0x8000]);
  const port = rng.int(1024, 65535);
  return canon(
    `2001:0:${hex(s1)}:${hex(s2)}:${hex(flags)}:${hex(~port & 0xffff)}:${hex(~c1 & 0xffff)}:${hex(~c2 & 0xffff)}`,
  );
}
/** NAT64 (RFC 6052 well-known prefix) address for an IPv4 address; dotted or hex tail. */
function nat64(rng: Rng, v4: string): string {
  if (rng.chance(0.3)) return `64:ff9b::${v4}`; // valid inet_pton text; dotted tail kept on purpose
  const [h, l] = v4Hex(v4);
  return canon(`64:ff9b::${hex(h)}:${hex(l)}`);
}
/** A remote global IPv6 "service" address. */
function docV6(rng: Rng): string {
  const p = docV6Prefix64(rng);
  return rng.chance(0.6) ? nthInCidr(p, BigInt(rng.int(1, 0xfff))) : randomHost(rng, p);
}

/**
 * A random host inside any subnet of ours. Special IPv6 blocks that embed an IPv4 address (Teredo
 * 2001::/32, 6to4 2002::/16, NAT64 64:ff9b::/96, IPv4-compatible ::/96) get their host bits from a
 * well-formed sample of that block, so the embedded IPv4 stays a documentation address.
 */
type EmbeddedV4 = 'teredo' | '6to4' | 'compat' | 'nat64';
/** Which IPv4-embedding block (if any) holds the prefix `b/len`. */
function embeddedV4Kind(b: Uint8Array, len: number): EmbeddedV4 | null {
  if (len >= 32 && b[0] === 0x20 && b[1] === 0x01 && b[2] === 0 && b[3] === 0) return 'teredo';
  if (len >= 16 && b[0] === 0x20 && b[1] === 0x02) return '6to4';
  if (len >= 96 && b.subarray(0, 12).every((x) => x === 0)) return 'compat';
  if (len >= 96 && b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b.subarray(4, 12).every((x) => x === 0))
    return 'nat64';
  return null;
}
function cidrEmbedsV4(cidr: string): boolean {
  const [net, l] = cidr.split('/');
  const ip = parseIp(net ?? '');
  return !!ip && ip.family === 6 && embeddedV4Kind(ip.bytes, Number(l)) !== null;
}

function hostIn(rng: Rng, cidr: string, style: 'small' | 'any' = 'any'): string {
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
function forbiddenInterfaceAddress(ip: Ip): string | null {
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

interface ParsedAddress {
  iface: string;
  up: boolean;
  ip: Ip;
  /** Family-native prefix length. */
  len: number;
  flags: ScenarioAddressObject;
}

interface Subnet {
  iface: string;
  family: 4 | 6;
  /** 16-byte masked prefix (IPv4 mapped). */
  prefix: Uint8Array;
  /** Length in the 16-byte space. */
  len16: number;
}

interface HostAnalysis {
  ipv6: boolean;
  ifaces: Map<string, ScenarioInterface>;
  addrs: ParsedAddress[];
  /** Connected subnets that can hold a unicast gateway (up interface, prefix route present,
   * IPv4 ≤ /30, IPv6 ≤ /127, not link-local, not IPv4-compatible ::/96). */
  gatewaySubnets: Subnet[];
  /** Route keys the kernel itself installs (connected prefix routes). */
  reservedKeys: Set<string>;
}

function splitAddress(sa: ScenarioAddress): ScenarioAddressObject {
  return typeof sa === 'string' ? { address: sa } : sa;
}

function parsePrefixText(text: string): { ip: Ip; len: number } | null {
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

function hexKey(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

function routeKey(family: 4 | 6, prefix: Uint8Array, l16: number, metric: number): string {
  return `${family}|${hexKey(prefix)}/${l16}|${metric}`;
}

/** The metric the kernel stores: IPv4 default 0; IPv6 default (and 0) is 1024 (IP6_RT_PRIO_USER). */
function effectiveMetric(family: 4 | 6, metric: number | undefined): number {
  if (family === 4) return metric ?? 0;
  return metric === undefined || metric === 0 ? 1024 : metric;
}

function analyzeHost(host: ScenarioHost): HostAnalysis {
  const ipv6 = host.ipv6 !== false;
  const ifaces = new Map<string, ScenarioInterface>();
  const addrs: ParsedAddress[] = [];
  const gatewaySubnets: Subnet[] = [];
  const reservedKeys = new Set<string>();
  const primaries = new Map<string, boolean>();
  if (ipv6) reservedKeys.add(routeKey(6, maskBytes(parseIp('fe80::')!.bytes, 64), 64, 256));
  for (const ifc of host.interfaces) {
    ifaces.set(ifc.name, ifc);
    const up = ifc.up !== false;
    for (const sa of ifc.addresses) {
      const o = splitAddress(sa);
      const p = parsePrefixText(o.address);
      if (!p) continue;
      addrs.push({ iface: ifc.name, up, ip: p.ip, len: p.len, flags: o });
      const f = fam(p.ip);
      const l16 = len16(f, p.len);
      const prefix = maskBytes(p.ip.bytes, l16);
      // Connected prefix route: IPv4 metric 0 (none for /32), IPv6 metric 256. Reserved even when
      // noprefixroute suppresses it (conservative: never clash with a route that might exist).
      if (f === 4 && p.len < 32) reservedKeys.add(routeKey(4, prefix, l16, 0));
      if (f === 6) reservedKeys.add(routeKey(6, prefix, l16, 256));
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
      if (!routed || !up) continue;
      const b = p.ip.bytes;
      const v4compat = f === 6 && b.subarray(0, 12).every((x) => x === 0);
      if ((f === 4 && p.len <= 30) || (f === 6 && p.len <= 127 && !isLinkLocal6(b) && !v4compat))
        gatewaySubnets.push({ iface: ifc.name, family: f, prefix, len16: l16 });
    }
  }
  return { ipv6, ifaces, addrs, gatewaySubnets, reservedKeys };
}

type RouteCheck =
  | { ok: true; family: 4 | 6; key: string; isDefault: boolean; prefix: Uint8Array; l16: number }
  | { ok: false; problem: string };

/** Is this route one the kernel accepts on this host (ignoring duplicates against other routes)? */
function checkRoute(r: ScenarioRoute, an: HostAnalysis): RouteCheck {
  const bad = (problem: string): RouteCheck => ({ ok: false, problem });
  const type: RouteType = r.type ?? 'unicast';
  let via: Ip | null = null;
  if (r.via !== undefined) {
    via = parseIp(r.via);
    if (!via) return bad(`via ${r.via} is not an address`);
  }
  let family: 4 | 6;
  let prefix: Uint8Array;
  let l16: number;
  if (r.to === 'default') {
    if (!via) return bad('`default` without via has no family; write 0.0.0.0/0 or ::/0');
    family = via.family;
    prefix = new Uint8Array(16);
    if (family === 4) prefix[10] = prefix[11] = 0xff;
    l16 = len16(family, 0);
  } else {
    const p = parsePrefixText(r.to);
    if (!p) return bad(`destination ${r.to} is not a prefix`);
    family = p.ip.family;
    l16 = len16(family, p.len);
    prefix = maskBytes(p.ip.bytes, l16);
    if (hexKey(prefix) !== hexKey(p.ip.bytes)) return bad(`destination ${r.to} has host bits set`);
  }
  if (family === 6 && !an.ipv6) return bad('IPv6 route on a host with IPv6 disabled');
  const isDefault = l16 === len16(family, 0);
  if (type !== 'unicast') {
    if (r.via !== undefined || r.dev !== undefined || r.src !== undefined)
      return bad(`${type} route with via/dev/src`);
  } else {
    if (!via && r.dev === undefined) return bad('unicast route without via or dev');
    if (r.dev !== undefined) {
      const ifc = an.ifaces.get(r.dev);
      if (!ifc) return bad(`dev ${r.dev} does not exist`);
      if (ifc.up === false) return bad(`dev ${r.dev} is down`);
    }
    if (via) {
      if (via.family !== family) return bad('gateway family differs from destination family');
      if (family === 6 && isLinkLocal6(via.bytes)) return bad('link-local IPv6 gateway');
      if (an.addrs.some((a) => hexKey(a.ip.bytes) === hexKey(via.bytes) && a.ip.family === via.family))
        return bad(`gateway ${r.via} is a local address`);
      const inSubnet = an.gatewaySubnets.filter(
        (s) =>
          s.family === family &&
          matchesPrefix(via.bytes, s.prefix, s.len16) &&
          (r.dev === undefined || s.iface === r.dev) &&
          !hostPartIs(via.bytes, s.len16, 0) &&
          !(family === 4 && hostPartIs(via.bytes, s.len16, 1)),
      );
      if (inSubnet.length === 0) return bad(`gateway ${r.via} is not inside a connected subnet`);
    }
    if (r.src !== undefined) {
      const src = parseIp(r.src);
      if (!src || src.family !== family) return bad(`src ${r.src} is not an address of the route's family`);
      const own = an.addrs.find(
        (a) => a.up && a.ip.family === src.family && hexKey(a.ip.bytes) === hexKey(src.bytes),
      );
      if (!own) return bad(`src ${r.src} is not a local address on an up interface`);
      if (family === 6 && isLinkLocal6(src.bytes)) return bad('link-local src');
    }
  }
  if (r.metric !== undefined && (!Number.isInteger(r.metric) || r.metric < 0 || r.metric > 0xffffffff))
    return bad(`metric ${r.metric}`);
  return {
    ok: true,
    family,
    key: routeKey(family, prefix, l16, effectiveMetric(family, r.metric)),
    isDefault,
    prefix,
    l16,
  };
}

/** All bits after `l16` are 0 (bit=0) or all 1 (bit=1). */
function hostPartIs(b: Uint8Array, l16: number, bit: 0 | 1): boolean {
  for (let i = l16; i < 128; i++) {
    const v = (b[i >> 3]! >> (7 - (i & 7))) & 1;
    if (v !== bit) return false;
  }
  return true;
}

/** The longest connected prefix (16-byte length) that holds this gateway, or -1. */
function gatewayPrefixLen(via: Ip, dev: string | undefined, an: HostAnalysis): number {
  let best = -1;
  for (const s of an.gatewaySubnets)
    if (s.family === via.family && (dev === undefined || s.iface === dev) && matchesPrefix(via.bytes, s.prefix, s.len16))
      best = Math.max(best, s.len16);
  return best;
}

/**
 * Problems of a route list as a whole: each route must be valid on its own, no two routes (nor a
 * route and a kernel-installed connected route) may share (family, prefix, metric), and no route may
 * cover a unicast gateway as specifically as (or more than) the gateway's connected subnet does —
 * otherwise the kernel resolves that gateway through the other route (IPv6: a reject route there
 * makes `via` fail with "Egress device can not be loopback"), which also makes the result depend on
 * the order the routes are added in.
 */
function routesProblems(routes: readonly ScenarioRoute[], an: HostAnalysis): string[] {
  const out: string[] = [];
  const keys = new Set(an.reservedKeys);
  const defaults = new Map<string, number>();
  const parsed: { r: ScenarioRoute; family: 4 | 6; prefix: Uint8Array; l16: number }[] = [];
  for (const r of routes) {
    const c = checkRoute(r, an);
    if (!c.ok) {
      out.push(`route ${JSON.stringify(r)}: ${c.problem}`);
      continue;
    }
    if (keys.has(c.key)) out.push(`route ${JSON.stringify(r)}: same (family, prefix, metric) as another route`);
    keys.add(c.key);
    if (c.isDefault) {
      const dk = `IPv${c.family} metric ${effectiveMetric(c.family, r.metric)}`;
      defaults.set(dk, (defaults.get(dk) ?? 0) + 1);
    }
    parsed.push({ r, family: c.family, prefix: c.prefix, l16: c.l16 });
  }
  for (const [k, n] of defaults) if (n > 1) out.push(`${n} default routes with equal ${k}`);
  for (const g of parsed) {
    if (g.r.via === undefined) continue;
    const via = parseIp(g.r.via)!;
    const glen = gatewayPrefixLen(via, g.r.dev, an);
    for (const o of parsed)
      if (o !== g && o.family === g.family && o.l16 >= glen && matchesPrefix(via.bytes, o.prefix, o.l16))
        out.push(`route ${JSON.stringify(o.r)} covers the gateway of ${JSON.stringify(g.r)}`);
  }
  return out;
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
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/.test(ifc.name)) out.push(`interface name ${ifc.name}`);
    if (['lo', 'all', 'default'].includes(ifc.name)) out.push(`reserved interface name ${ifc.name}`);
    if (names.has(ifc.name)) out.push(`duplicate interface ${ifc.name}`);
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
      if (o.home && p.ip.family === 4) out.push(`${ifc.name}: home flag on IPv4`);
      if (o.temporary) out.push(`${ifc.name}: temporary addresses cannot be created`);
      const k = `${p.ip.family}|${hexKey(p.ip.bytes)}`;
      if (seen.has(k)) out.push(`duplicate address ${o.address}`);
      seen.add(k);
      if (!o.noprefixroute) {
        const l16 = len16(p.ip.family, p.len);
        const ck = `${p.ip.family}|${hexKey(maskBytes(p.ip.bytes, l16))}/${l16}`;
        const other = connected.get(ck);
        if (other !== undefined && other !== ifc.name)
          out.push(`connected subnet of ${o.address} also on ${other} (kernel's choice would be arbitrary)`);
        connected.set(ck, ifc.name);
      }
    }
  }
  out.push(...routesProblems(host.routes ?? [], analyzeHost(host)));
  const recs = s.query.records;
  if (recs.length < 1 || recs.length > 8) out.push(`${recs.length} records`);
  for (const r of recs) if (!parseIp(r)) out.push(`record ${r} is not an address`);
  return out;
}

// ───────────────────────────────────────────────────────────────────────────── host builder

interface AddrFlags {
  deprecated?: boolean;
  home?: boolean;
  noprefixroute?: boolean;
}

class HostBuilder {
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

  /** Adds `text/len` unless the kernel would refuse it or it would duplicate/clash; returns the
   * canonical address or null. `bare` writes a full-length address without `/len`. */
  addr(ifc: ScenarioInterface, text: string, len: number, flags: AddrFlags = {}, bare = false): string | null {
    const c = canon(text);
    const ip = parseIp(c)!;
    if (ip.family === 6 && !this.ipv6) return null;
    if (forbiddenInterfaceAddress(ip)) return null;
    if (this.used.has(c)) return null;
    if (!flags.noprefixroute) {
      // The same connected subnet on two interfaces: the kernel would pick by insertion order.
      const l16 = len16(ip.family, len);
      const net = hexKey(maskBytes(ip.bytes, l16));
      for (const other of this.host.interfaces) {
        if (other === ifc) continue;
        for (const sa of other.addresses) {
          const o = splitAddress(sa);
          const p = parsePrefixText(o.address);
          if (!p || o.noprefixroute || p.ip.family !== ip.family || p.len !== len) continue;
          if (hexKey(maskBytes(p.ip.bytes, l16)) === net) return null;
        }
      }
    }
    this.used.add(c);
    const address = bare && len === maxLen(ip.family) ? c : `${c}/${len}`;
    const o: ScenarioAddressObject = { address };
    if (flags.deprecated) o.deprecated = true;
    if (flags.home && ip.family === 6) o.home = true;
    if (flags.noprefixroute) o.noprefixroute = true;
    ifc.addresses.push(Object.keys(o).length === 1 ? address : o);
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
    if (routesProblems([...this.routes, clean], analyzeHost(this.host)).length) return false;
    this.routes.push(clean);
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

  /** Every address's subnet as CIDR text (any interface, any state). */
  subnets(): string[] {
    const out = new Set<string>();
    for (const ifc of this.host.interfaces)
      for (const sa of ifc.addresses) {
        const p = parsePrefixText(splitAddress(sa).address);
        if (p && p.len < maxLen(p.ip.family)) out.add(`${networkOf(formatIp(p.ip), p.len)}/${p.len}`);
      }
    return [...out];
  }

  build(): ScenarioHost {
    return this.host;
  }
}

const defaultTo = (family: 4 | 6, rng: Rng, hasVia: boolean): string =>
  hasVia && rng.chance(0.7) ? 'default' : family === 4 ? '0.0.0.0/0' : '::/0';

/** A realistic "default via the subnet's first host" route. */
function defaultVia(b: HostBuilder, rng: Rng, gw: string, dev: string | undefined, metric?: number): boolean {
  const family = parseIp(gw)!.family;
  const r: ScenarioRoute = { to: defaultTo(family, rng, true), via: gw };
  if (dev !== undefined && rng.chance(0.5)) r.dev = dev;
  if (metric !== undefined) r.metric = metric;
  return b.route(r);
}

// ───────────────────────────────────────────────────────────────────────────── records

interface RecordCtx {
  rng: Rng;
  b: HostBuilder;
}

/** Typical A/AAAA answers for a remote dual-stack service, plus the occasional local twist. */
function serviceRecords(
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

function clampRecords(rng: Rng, recs: string[]): string[] {
  if (recs.length === 0) recs = [docV4(rng)];
  return recs.slice(0, 8);
}

const MULTICAST_RECORDS = ['ff02::1', 'ff05::2', 'ff0e::1', '224.0.0.1', '239.1.2.3'] as const;

/** Any class of answer, including the ones no sane resolver returns. */
function anyRecord(rng: Rng, b: HostBuilder, sofar: readonly string[]): string {
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

interface TemplateOut {
  records: string[];
  /** Probability of AI_ADDRCONFIG (replaces the default query-shape mix when set). */
  addrconfig?: number;
}
type Template = (rng: Rng, b: HostBuilder) => TemplateOut;

/** IPv4 /24 in a private block, e.g. 192.168.178.0/24. */
function privateV4Net24(rng: Rng): string {
  return rng.weighted([
    [`192.168.${rng.pick([0, 1, 1, 2, 10, 178, rng.int(0, 255)])}.0/24`, 60],
    [`10.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`, 30],
    [`172.${rng.int(16, 31)}.${rng.int(0, 255)}.0/24`, 10],
  ] as const);
}

const LAN_IFACES = ['eth0', 'enp3s0', 'ens18', 'wlan0', 'wlp2s0', 'enp0s31f6', 'eno1'] as const;

/** Global IPv6 interface ID styles: small static, EUI-64-looking, random (privacy/stable-privacy). */
function v6HostIn(rng: Rng, prefix64: string): string {
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

const templates: Record<string, Template> = {
  // Field case 1: a container on a Docker IPv6 network, ULA + the usual 172.17/16 bridge address.
  'docker-ula-bridge': (rng, b) => {
    const eth = b.iface(rng.chance(0.85) ? 'eth0' : 'eth1');
    const v4net = rng.chance(0.7) ? '172.17.0.0/16' : `172.${rng.int(18, 31)}.0.0/16`;
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 40))), 16);
    const ula = ulaPrefix64(rng);
    b.addr(eth, nthInCidr(ula, BigInt(rng.int(2, 40))), 64);
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    defaultVia(b, rng, nthInCidr(ula, 1n), eth.name);
    const extra: string[] = [];
    if (rng.chance(0.2)) extra.push(nthInCidr(ula, BigInt(rng.int(2, 40)))); // another container
    return { records: serviceRecords({ rng, b }, { extra }) };
  },

  'home-dual-stack': (rng, b) => {
    const lan = b.iface(rng.pick(LAN_IFACES));
    const v4net = `192.168.${rng.pick([0, 1, 1, 2, 178, rng.int(0, 255)])}.0/24`;
    b.addr(lan, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24, { deprecated: rng.chance(0.05) });
    const gp = docV6Prefix64(rng);
    b.addr(lan, v6HostIn(rng, gp), 64);
    const ula = ulaPrefix64(rng);
    b.addr(lan, v6HostIn(rng, ula), 64);
    // The deprecated extra global: an old privacy address in the same /64, or a previous prefix.
    b.addr(lan, rng.chance(0.6) ? randomHost(rng, gp) : v6HostIn(rng, docV6Prefix64(rng)), 64, { deprecated: true });
    if (rng.chance(0.3)) b.addr(lan, randomHost(rng, 'fe80::/64'), 64);
    const m4 = rng.pick([undefined, 100, 600]);
    defaultVia(b, rng, nthInCidr(v4net, 1n), lan.name, m4);
    defaultVia(b, rng, nthInCidr(gp, 1n), lan.name, rng.pick([undefined, 100, 600, 1024]));
    const extra: string[] = [];
    if (rng.chance(0.25)) extra.push(v6HostIn(rng, ula)); // a NAS on the ULA
    return { records: serviceRecords({ rng, b }, { extra }) };
  },

  'ipv4-only-vps': (rng, b) => {
    const eth = b.iface(rng.pick(['eth0', 'ens3', 'enp1s0']));
    const net = rng.pick(['198.51.100.0/24', '203.0.113.0/24']);
    b.addr(eth, nthInCidr(net, BigInt(rng.int(2, 253))), 24);
    defaultVia(b, rng, nthInCidr(net, rng.chance(0.8) ? 1n : 254n), eth.name);
    return { records: serviceRecords({ rng, b }) };
  },

  'ipv6-only-nat64': (rng, b) => {
    const eth = b.iface(rng.pick(['eth0', 'ens3', 'enp1s0']));
    const gp = docV6Prefix64(rng);
    b.addr(eth, v6HostIn(rng, gp), 64);
    defaultVia(b, rng, nthInCidr(gp, 1n), eth.name);
    if (rng.chance(0.2)) b.route({ to: '64:ff9b::/96', via: nthInCidr(gp, 1n), metric: 100 });
    const v4s = Array.from({ length: rng.int(1, 3) }, () => docV4(rng));
    const synth = v4s.map((v) => nat64(rng, v));
    const recs = serviceRecords(
      { rng, b },
      { v4: () => (rng.chance(0.7) ? nat64(rng, docV4(rng)) : docV4(rng)), extra: rng.shuffle(synth) },
    );
    // Sometimes the resolver also hands out the original A records (unreachable here).
    if (rng.chance(0.3)) recs.push(...v4s);
    return { records: clampRecords(rng, recs) };
  },

  'cgnat-mobile': (rng, b) => {
    const wwan = b.iface(rng.pick(['wwan0', 'rmnet_data0', 'rmnet0', 'usb0']));
    const len = rng.pick([10, 10, 30, 29]);
    const v4 = randomHost(rng, '100.64.0.0/10');
    b.addr(wwan, v4, len);
    const gp = docV6Prefix64(rng);
    b.addr(wwan, v6HostIn(rng, gp), 64);
    const subs4 = b.gatewaySubnets(4);
    const gw4 = subs4[0] ? b.gateway(rng, subs4[0].cidr) : null;
    if (gw4 && rng.chance(0.6)) defaultVia(b, rng, gw4, wwan.name);
    else b.route({ to: '0.0.0.0/0', dev: wwan.name });
    if (rng.chance(0.5)) b.route({ to: '::/0', dev: wwan.name });
    else defaultVia(b, rng, nthInCidr(gp, 1n), wwan.name);
    return { records: serviceRecords({ rng, b }) };
  },

  '6to4': (rng, b) => {
    const eth = b.iface(rng.pick(['eth0', 'ppp0', 'eno1']));
    const net = rng.pick(DOC4);
    const v4 = rng.chance(0.5) && net === '198.51.100.0/24' ? '198.51.100.1' : nthInCidr(net, BigInt(rng.int(1, 250)));
    b.addr(eth, v4, 24);
    const tun = b.iface(rng.pick(['tun6to4', 'sit1', '6to4']));
    const p48 = sixToFourPrefix(v4);
    const src = nthInCidr(p48, BigInt(rng.pick([1, 1, 2, 0x10, rng.int(1, 0xffff)])));
    b.addr(tun, src, rng.chance(0.85) ? 48 : 16);
    defaultVia(b, rng, nthInCidr(net, 254n), eth.name);
    if (rng.chance(0.5)) b.route({ to: '2002::/16', dev: tun.name });
    b.route({ to: rng.pick(['::/0', '2000::/3']), dev: tun.name, metric: rng.pick([undefined, 1024, 2048]) });
    const other6to4 = () => randomHost(rng, sixToFourPrefix(docV4(rng)), 'small');
    return {
      records: serviceRecords({ rng, b }, { v6: () => (rng.chance(0.5) ? other6to4() : docV6(rng)) }),
    };
  },

  teredo: (rng, b) => {
    const lan = b.iface(rng.pick(LAN_IFACES));
    const v4net = privateV4Net24(rng);
    b.addr(lan, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    const t = b.iface(rng.pick(['teredo', 'miredo', 'tun0']));
    b.addr(t, teredoAddress(rng), rng.chance(0.85) ? 32 : 64);
    defaultVia(b, rng, nthInCidr(v4net, 1n), lan.name);
    b.route({ to: '::/0', dev: t.name, metric: rng.pick([undefined, 1029, 1024]) });
    return {
      records: serviceRecords({ rng, b }, { v6: () => (rng.chance(0.3) ? teredoAddress(rng) : docV6(rng)) }),
    };
  },

  // Two uplinks. Never two default routes of one family with the same metric: the kernel treats them
  // as a multipath (ECMP) route or keeps both and chooses by flow hash / insertion order, so which
  // source address getaddrinfo sees is nondeterministic. Same family ⇒ different metrics; or one
  // default per family.
  'multi-homed-metrics': (rng, b) => {
    const a = b.iface(rng.pick(['eth0', 'enp3s0', 'eno1']));
    const w = b.iface(rng.pick(['wlan0', 'wlp2s0', 'wwan0']));
    const shape = rng.pick(['same4', 'same6', 'split', 'both'] as const);
    const pair = rng.pick([[100, 600], [100, 200], [20, 1024], [1024, 2048], [0, 50]] as const);
    const [m1, m2] = rng.chance(0.5) ? [pair[0], pair[1]] : [pair[1], pair[0]];
    const n1 = privateV4Net24(rng);
    let n2 = privateV4Net24(rng);
    if (n2 === n1) n2 = '10.255.255.0/24';
    const g1 = docV6Prefix64(rng);
    const g2 = rng.chance(0.7) ? docV6Prefix64(rng) : ulaPrefix64(rng);
    const v6m = (m: number) => (m === 0 ? 1024 : m); // IPv6 metric 0 means 1024; keep them distinct
    if (shape === 'same4' || shape === 'both' || shape === 'split') {
      b.addr(a, nthInCidr(n1, BigInt(rng.int(2, 250))), 24);
    }
    if (shape === 'same4' || shape === 'both') b.addr(w, nthInCidr(n2, BigInt(rng.int(2, 250))), 24);
    if (shape === 'same6' || shape === 'both') b.addr(a, v6HostIn(rng, g1), 64);
    if (shape === 'same6' || shape === 'both' || shape === 'split') b.addr(w, v6HostIn(rng, g2), 64);
    const withSrc = (r: ScenarioRoute, family: 4 | 6): ScenarioRoute => {
      if (!rng.chance(0.2)) return r;
      const own = b.own(family, { iface: r.dev ?? '', noLinkLocal: true });
      return own.length ? { ...r, src: rng.pick(own) } : r;
    };
    if (shape === 'same4' || shape === 'both') {
      b.route(withSrc({ to: 'default', via: nthInCidr(n1, 1n), dev: a.name, metric: m1 }, 4));
      b.route(withSrc({ to: 'default', via: nthInCidr(n2, 1n), dev: w.name, metric: m2 }, 4));
    }
    if (shape === 'same6' || shape === 'both') {
      let [x, y] = [v6m(m1), v6m(m2)];
      if (x === y) y = x + 1;
      b.route(withSrc({ to: '::/0', via: nthInCidr(g1, 1n), dev: a.name, metric: x }, 6));
      b.route(withSrc({ to: '::/0', via: nthInCidr(g2, 1n), dev: w.name, metric: y }, 6));
    }
    if (shape === 'split') {
      defaultVia(b, rng, nthInCidr(n1, 1n), a.name, rng.pick([undefined, m1]));
      defaultVia(b, rng, nthInCidr(g2, 1n), w.name, rng.pick([undefined, v6m(m2)]));
    }
    if (rng.chance(0.3)) {
      // A more specific route through the less preferred uplink.
      const viaW = b.gatewaySubnets(4).find((s) => s.iface === w.name);
      if (viaW) b.route({ to: `${networkOf(docV4(rng), 24)}/24`, via: nthInCidr(viaW.cidr, 1n) });
    }
    return { records: serviceRecords({ rng, b }) };
  },

  'site-local': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const sp = `${canon(`fec0:0:0:${hex(rng.int(0, 0xffff))}::`)}/64`;
    b.addr(eth, v6HostIn(rng, sp), rng.pick([64, 64, 48, 10]));
    const v4net = privateV4Net24(rng);
    if (rng.chance(0.8)) b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    if (rng.chance(0.3)) b.addr(eth, v6HostIn(rng, docV6Prefix64(rng)), 64);
    defaultVia(b, rng, nthInCidr(sp, 1n), eth.name);
    if (b.own(4).length) defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    const siteDest = () => nthInCidr(`${canon(`fec0:0:0:${hex(rng.int(0, 0xffff))}::`)}/64`, BigInt(rng.int(1, 0xff)));
    return {
      records: serviceRecords({ rng, b }, { v6: () => (rng.chance(0.5) ? siteDest() : docV6(rng)) }),
    };
  },

  // Field cases 3 and 5: IPv6 disabled in the kernel.
  'ipv6-disabled': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const v4net = rng.chance(0.5) ? privateV4Net24(rng) : rng.pick(DOC4);
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    const extra = rng.chance(0.2) ? ['::1', '127.0.0.1'] : [];
    return { records: serviceRecords({ rng, b }, { extra }), addrconfig: 0.3 };
  },

  'link-local-only': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    b.addr(eth, v6HostIn(rng, 'fe80::/64'), 64);
    const v4net = privateV4Net24(rng);
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    const extra = rng.chance(0.3) ? [randomHost(rng, 'fe80::/64', 'small')] : [];
    return { records: serviceRecords({ rng, b }, { extra }), addrconfig: 0.3 };
  },

  // Field case 4 territory: only lo has addresses (lo is always there; it is not listed).
  'loopback-only': (rng, b) => {
    if (rng.chance(0.5)) b.iface(rng.pick(['eth0', 'dummy0', 'veth0']), rng.chance(0.6));
    const recs = rng.chance(0.35)
      ? rng.shuffle(['::1', '127.0.0.1', ...(rng.chance(0.3) ? ['127.0.1.1'] : [])])
      : serviceRecords({ rng, b });
    return { records: clampRecords(rng, recs), addrconfig: 0.35 };
  },

  // Mobile IPv6 home address (IFA_F_HOMEADDRESS) beside a care-of address.
  'home-address': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const coa = docV6Prefix64(rng);
    const home = docV6Prefix64(rng);
    const order = rng.chance(0.5);
    const addCoa = () => b.addr(eth, v6HostIn(rng, coa), 64);
    const addHome = () => b.addr(eth, v6HostIn(rng, home), rng.pick([64, 128]), { home: true }, rng.chance(0.5));
    if (order) {
      addCoa();
      addHome();
    } else {
      addHome();
      addCoa();
    }
    const v4net = privateV4Net24(rng);
    if (rng.chance(0.6)) {
      b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
      defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    }
    defaultVia(b, rng, nthInCidr(coa, 1n), eth.name);
    const extra = rng.chance(0.4) ? [nthInCidr(home, BigInt(rng.int(1, 0xff)))] : [];
    return { records: serviceRecords({ rng, b }, { extra }) };
  },

  // Host H3 of §9.4, generalised: every global IPv6 address is deprecated.
  'deprecated-only': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const gp = docV6Prefix64(rng);
    b.addr(eth, v6HostIn(rng, gp), 64, { deprecated: true });
    if (rng.chance(0.4)) b.addr(eth, randomHost(rng, gp), 64, { deprecated: true });
    if (rng.chance(0.3)) b.addr(eth, v6HostIn(rng, ulaPrefix64(rng)), 64, { deprecated: true });
    const v4net = privateV4Net24(rng);
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24, { deprecated: rng.chance(0.15) });
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    defaultVia(b, rng, nthInCidr(gp, 1n), eth.name);
    return { records: serviceRecords({ rng, b }) };
  },
};

const REALISTIC = Object.keys(templates);
export const TEMPLATES: readonly string[] = Object.freeze([...REALISTIC, 'mixer']);

// ───────────────────────────────────────────────────────────────────────────── adversarial mixer

interface AddrClass {
  name: string;
  block: (rng: Rng) => string;
  lens: readonly number[];
  weight: number;
}
// Prefix lengths never go below the block's own length, so every connected subnet (and every gateway
// or record picked inside it) stays within the class's documentation/special range.
const V4_CLASSES: readonly AddrClass[] = [
  { name: 'private10', block: () => '10.0.0.0/8', lens: [8, 16, 24, 24, 24, 28, 30, 32], weight: 4 },
  { name: 'private172', block: () => '172.16.0.0/12', lens: [12, 16, 16, 24, 30, 32], weight: 3 },
  { name: 'private192', block: () => '192.168.0.0/16', lens: [16, 24, 24, 24, 25, 30, 32], weight: 4 },
  { name: 'cgnat', block: () => '100.64.0.0/10', lens: [10, 10, 22, 24, 30, 32], weight: 2 },
  { name: 'doc', block: (r) => r.pick(DOC4), lens: [24, 24, 24, 25, 26, 28, 30, 31, 32], weight: 5 },
  { name: 'linklocal4', block: () => '169.254.0.0/16', lens: [16, 16, 24, 32], weight: 1 },
];
const V6_CLASSES: readonly AddrClass[] = [
  { name: 'global', block: () => '2001:db8::/32', lens: [48, 56, 64, 64, 64, 64, 80, 96, 112, 120, 127, 128], weight: 6 },
  { name: 'ula', block: () => 'fd00::/8', lens: [8, 48, 56, 64, 64, 64, 112, 128], weight: 4 },
  { name: 'linklocal6', block: () => 'fe80::/64', lens: [64, 64, 64, 128], weight: 3 },
  { name: 'sitelocal', block: () => 'fec0::/10', lens: [10, 48, 64, 64, 128], weight: 2 },
  { name: '6to4', block: (r) => sixToFourPrefix(docV4(r)), lens: [48, 48, 64, 128], weight: 2 },
  { name: 'teredo', block: () => 'teredo', lens: [32, 32, 64, 128], weight: 2 },
  { name: 'v4compat', block: () => 'v4compat', lens: [96, 128], weight: 1 },
];

/** A random interface address of some class; `blockLen` is the length of the class's own block. */
function mixerAddress(rng: Rng, family: 4 | 6): { text: string; len: number; blockLen: number } {
  const cls = rng.weighted((family === 4 ? V4_CLASSES : V6_CLASSES).map((c) => [c, c.weight] as const));
  const len = rng.pick(cls.lens);
  const block = cls.block(rng);
  let text: string;
  if (block === 'teredo') text = teredoAddress(rng);
  else if (block === 'v4compat') text = canon(`::${docV4(rng)}`);
  else text = randomHost(rng, block, rng.pick(['small', 'any'] as const));
  // Keep away from the subnet's network / (IPv4) broadcast address.
  if (len <= maxLen(family) - 2) {
    const ip = parseIp(text)!;
    const l16 = len16(family, len);
    if (hostPartIs(ip.bytes, l16, 0) || (family === 4 && hostPartIs(ip.bytes, l16, 1)))
      text = nthInCidr(`${networkOf(text, len)}/${len}`, 1n);
  }
  const blockLen = block === 'teredo' ? 32 : block === 'v4compat' ? 96 : Number(block.split('/')[1]);
  return { text, len, blockLen };
}

const MIXER_IFACES = [
  'eth0', 'eth1', 'ens3', 'enp0s31f6', 'wlan0', 'wlp2s0', 'docker0', 'br-0a1b2c3d4e5f', 'veth9a8b7c6',
  'wwan0', 'rmnet_data0', 'tun6to4', 'teredo', 'dummy0', 'bond0', 'vlan100', 'eth0.100', 'x',
  'abcdefghijklmno', // 15 characters: IFNAMSIZ - 1
] as const;

function mixer(rng: Rng, b: HostBuilder): TemplateOut {
  const names = rng.shuffle(MIXER_IFACES).slice(0, rng.int(0, 3));
  for (const name of names) {
    const ifc = b.iface(name, !rng.chance(0.1));
    const n = rng.weighted([
      [0, 10],
      [1, 30],
      [2, 30],
      [3, 20],
      [4, 10],
    ] as const);
    for (let i = 0; i < n; i++) {
      const family: 4 | 6 = b.ipv6 && rng.chance(0.55) ? 6 : 4;
      let text: string;
      let len: number;
      const mine = b.subnets().filter((c) => c.includes(':') === (family === 6));
      if (mine.length && rng.chance(0.15)) {
        // A second address in a subnet we already have (secondary / same-prefix sources).
        const c = rng.pick(mine);
        text = hostIn(rng, c);
        len = Number(c.split('/')[1]);
      } else ({ text, len } = mixerAddress(rng, family));
      const flags: AddrFlags = {
        deprecated: rng.chance(0.15),
        home: family === 6 && rng.chance(0.08),
        noprefixroute: rng.chance(0.05),
      };
      b.addr(ifc, text, len, flags, rng.chance(0.5));
    }
  }

  // Records before routes, so routes can target them.
  const recs: string[] = [];
  const nrec = rng.int(1, 8);
  while (recs.length < nrec) recs.push(anyRecord(rng, b, recs));

  const upIfaces = b.host.interfaces.filter((i) => i.up !== false).map((i) => i.name);
  const wanted = rng.weighted([
    [0, 15],
    [1, 25],
    [2, 25],
    [3, 15],
    [4, 10],
    [5, 10],
  ] as const);
  for (let tries = 0; b.routes.length < wanted && tries < wanted * 4; tries++) {
    const family: 4 | 6 = b.ipv6 && rng.chance(0.5) ? 6 : 4;
    let type = rng.weighted([
      ['unicast', 70],
      ['unreachable', 10],
      ['blackhole', 10],
      ['prohibit', 10],
    ] as const) as RouteType;
    const subs = b.gatewaySubnets(family);
    let via: string | undefined;
    let dev: string | undefined;
    if (type === 'unicast') {
      if (subs.length && rng.chance(0.7)) {
        const s = rng.pick(subs);
        via = b.gateway(rng, s.cidr) ?? undefined;
        if (via && rng.chance(0.4)) dev = s.iface;
      }
      if (!via && upIfaces.length) dev = rng.pick(upIfaces);
      if (!via && !dev) type = rng.pick(['unreachable', 'blackhole', 'prohibit'] as const);
    }
    // Records usable as route destinations: plain unicast of this family.
    const famRecs = recs.filter((r) => {
      const ip = parseIp(r)!;
      const b6 = ip.bytes;
      if (ip.family !== family) return false;
      if (family === 4) return !isUnspecified4(b6) && !isMulticast4(b6) && !isLoopback4(b6);
      return !isMulticast6(b6) && !b6.subarray(0, 12).every((x) => x === 0) && !isV4Mapped(b6);
    });
    const destKind = rng.weighted([
      ['default', 35],
      ['host', famRecs.length ? 15 : 0],
      ['cover', famRecs.length ? 10 : 0],
      ['random', 40],
    ] as const);
    let to: string;
    if (destKind === 'default') to = defaultTo(family, rng, via !== undefined);
    else if (destKind === 'host' || destKind === 'cover') {
      const r = canon(rng.pick(famRecs));
      // Covering prefixes stay narrow enough to hold only documentation/special space.
      let l =
        destKind === 'host' ? maxLen(family) : family === 4 ? rng.pick([24, 28, 30]) : rng.pick([48, 64, 96, 112]);
      if (family === 6 && embeddedV4Kind(parseIp(r)!.bytes, 96) === 'nat64') l = Math.max(l, 96);
      to = `${networkOf(r, l)}/${l}`;
    } else {
      const { text, len, blockLen } = mixerAddress(rng, family);
      const l = Math.max(blockLen, Math.min(len, family === 4 ? rng.pick([len, 16, 24]) : rng.pick([len, 32, 48, 64])));
      to = `${networkOf(text, l)}/${l}`;
    }
    const r: ScenarioRoute = { to };
    if (via !== undefined) r.via = via;
    if (dev !== undefined) r.dev = dev;
    if (type !== 'unicast') r.type = type;
    if (rng.chance(0.5)) {
      const m = rng.pick([1, 10, 20, 50, 100, 101, 256, 425, 600, 1024, 2048, 4096, rng.int(1, 65535), 0]);
      if (!(family === 6 && m === 0)) r.metric = m; // IPv6 metric 0 is silently 1024
    }
    if (type === 'unicast' && rng.chance(0.15)) {
      const nh = dev ?? subs.find((s) => via !== undefined && s.cidr && matchesText(via, s.cidr))?.iface;
      const own = nh !== undefined ? b.own(family, { iface: nh, noLinkLocal: true }) : [];
      if (own.length) r.src = rng.pick(own);
    }
    if (!b.route(r) && r.metric === undefined) {
      r.metric = family === 4 ? rng.int(1, 5000) : rng.int(1, 5000) + 1024;
      b.route(r);
    }
  }
  return { records: recs };
}

function matchesText(addr: string, cidr: string): boolean {
  const ip = parseIp(addr);
  const [net, l] = cidr.split('/');
  const n = parseIp(net ?? '');
  if (!ip || !n || ip.family !== n.family) return false;
  return matchesPrefix(ip.bytes, n.bytes, len16(n.family, Number(l)));
}

// ───────────────────────────────────────────────────────────────────────────── gai.conf

interface GaiCtx {
  rng: Rng;
  v4: string[];
  v6: string[];
}

const GLIBC_LABELS = [
  'label ::1/128       0',
  'label ::/0          1',
  'label 2002::/16     2',
  'label ::/96         3',
  'label ::ffff:0:0/96 4',
  'label fec0::/10     5',
  'label fc00::/7      6',
  'label 2001:0::/32   7',
] as const;
const GLIBC_PRECEDENCE = [
  'precedence ::1/128       50',
  'precedence ::/0          40',
  'precedence 2002::/16     30',
  'precedence ::/96         20',
  'precedence ::ffff:0:0/96 10',
] as const;
const GLIBC_SCOPEV4 = [
  'scopev4 ::ffff:169.254.0.0/112  2',
  'scopev4 ::ffff:127.0.0.0/104    2',
  'scopev4 ::ffff:0.0.0.0/96       14',
] as const;
const RFC6724_PRECEDENCE = [
  'precedence ::1/128 50',
  'precedence ::/0 40',
  'precedence ::ffff:0:0/96 35',
  'precedence 2002::/16 30',
  'precedence 2001::/32 5',
  'precedence fc00::/7 3',
  'precedence ::/96 1',
  'precedence fec0::/10 1',
  'precedence 3ffe::/16 1',
] as const;
const RFC6724_LABELS = [
  'label ::1/128 0',
  'label ::/0 1',
  'label ::ffff:0:0/96 4',
  'label 2002::/16 2',
  'label 2001::/32 5',
  'label fc00::/7 13',
  'label ::/96 3',
  'label fec0::/10 11',
  'label 3ffe::/16 12',
] as const;

const v4Of = (c: GaiCtx): string => (c.v4.length ? c.rng.pick(c.v4) : docV4(c.rng));
const v6Of = (c: GaiCtx): string => (c.v6.length ? c.rng.pick(c.v6) : docV6(c.rng));
/** `::ffff:a.b.c.0/120`-style mapped prefix around a record's IPv4 address. */
const mappedNet = (c: GaiCtx, len = 24): string => `::ffff:${networkOf(v4Of(c), len)}/${96 + len}`;
const v6Net = (c: GaiCtx, len = 48): string => `${networkOf(v6Of(c), len)}/${len}`;
const lines = (ls: readonly string[]): string => `${ls.join('\n')}\n`;

type GaiVariant = readonly [name: string, weight: number, make: (c: GaiCtx) => string | null];

const GAI_VARIANTS: readonly GaiVariant[] = [
  ['none', 18, () => null],
  ['empty', 4, (c) => c.rng.pick(['', '', '\n'])],
  [
    'defaults-restated',
    6,
    ({ rng }) =>
      lines([
        ...(rng.chance(0.3) ? ['# glibc defaults, restated'] : []),
        ...GLIBC_LABELS,
        ...GLIBC_PRECEDENCE,
        ...(rng.chance(0.5) ? GLIBC_SCOPEV4 : []),
      ]),
  ],
  [
    'partial-one-line',
    9,
    (c) =>
      lines([
        c.rng.pick([
          'precedence ::ffff:0:0/96 100',
          `precedence ::ffff:${v4Of(c)}/128 100`,
          `precedence ${mappedNet(c)} ${c.rng.pick([5, 45, 100])}`,
          `label ${v6Net(c)} 99`,
          'label fd00::/8 1',
          'precedence ::1/128 5',
          `precedence ${v6Net(c)} 0`,
          'precedence fc00::/7 45',
          'label 2002::/16 1',
          `scopev4 ${mappedNet(c)} 2`,
          `scopev4 ${networkOf(v4Of(c), 24)}/24 2`,
        ]),
      ]),
  ],
  [
    'prefer-ipv4',
    8,
    ({ rng }) =>
      rng.chance(0.5)
        ? lines(['precedence ::ffff:0:0/96  100'])
        : lines(GLIBC_PRECEDENCE.map((l) => (l.startsWith('precedence ::ffff:0:0/96') ? 'precedence ::ffff:0:0/96 100' : l))),
  ],
  [
    'ula-fix',
    8,
    ({ rng }) => {
      const block = [...GLIBC_LABELS, 'label fd00::/8 1'];
      // The `>>` pitfall: appended again on every rebuild.
      return lines(rng.chance(0.25) ? [...block, ...block] : block);
    },
  ],
  [
    'scopev4-sets',
    5,
    (c) => {
      const pool = [
        ...GLIBC_SCOPEV4,
        'scopev4 ::ffff:10.0.0.0/104 5',
        'scopev4 ::ffff:172.16.0.0/108 5',
        'scopev4 ::ffff:192.168.0.0/112 5',
        `scopev4 ::ffff:${v4Of(c)}/128 ${c.rng.pick([2, 5, 14])}`,
        `scopev4 ${networkOf(v4Of(c), 24)}/24 2`,
        `scopev4 ${mappedNet(c)} ${c.rng.pick([2, 5, 14])}`,
        `scopev4 ${v4Of(c)}/32 2`,
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 5)));
    },
  ],
  [
    'rfc6724',
    6,
    ({ rng }) => {
      const which = rng.weighted([
        ['both', 70],
        ['precedence', 15],
        ['label', 15],
      ] as const);
      const ls = [
        ...(which !== 'label' ? RFC6724_PRECEDENCE : []),
        ...(which !== 'precedence' ? RFC6724_LABELS : []),
      ];
      return lines(rng.chance(0.3) ? rng.shuffle(ls) : ls);
    },
  ],
  [
    'duplicates',
    5,
    (c) => {
      // Same prefix twice with different values: on a tie the first line in the file wins.
      const { rng } = c;
      const kind = rng.pick(['precedence', 'label', 'scopev4', 'scopev4-two-spellings'] as const);
      const [x, y] = rng.shuffle([rng.pick([100, 45, 50]), rng.pick([5, 0, 1])]);
      let ls: string[];
      if (kind === 'precedence') {
        const p = mappedNet(c);
        ls = [`precedence ${p} ${x}`, `precedence ${p} ${y}`];
      } else if (kind === 'label') {
        const p = v6Net(c);
        ls = [`label ${p} ${x}`, `label ${p} ${y}`];
      } else {
        // ::ffff:a.b.c.0/120 and a.b.c.0/24 are the same scopev4 entry, spelled two ways.
        const net = networkOf(v4Of(c), 24);
        const [s1, s2] = rng.shuffle([2, 14]);
        ls = [`scopev4 ::ffff:${net}/120 ${s1}`, kind === 'scopev4' ? `scopev4 ::ffff:${net}/120 ${s2}` : `scopev4 ${net}/24 ${s2}`];
      }
      if (rng.chance(0.3)) ls.unshift(...GLIBC_PRECEDENCE);
      return lines(ls);
    },
  ],
  [
    'invalid-only',
    5,
    (c) => {
      const pool = [
        `precedence ${networkOf(v4Of(c), 24)}/24 100`, // plain IPv4 prefix
        'precedence ::ffff:0:0/129 100',
        'precedence ::ffff:0:0/96 0x64',
        'PRECEDENCE ::ffff:0:0/96 100',
        'precedence ::ffff:0:0/96 2147483648',
        'precedence ::ffff:0:0/96 -1',
        'label 2001:db8::/0x20 5',
        `scopev4 ${mappedNet(c).replace(/\/\d+$/, '/95')} 2`,
        `scopev4 ${networkOf(v4Of(c), 24)}/33 2`,
        'scopev4 2001:db8::/120 2', // IPv6 but not mapped
        'label fe80::1%eth0/64 3',
        'frobnicate ::/0 1',
        'Label ::/0 3',
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 4)));
    },
  ],
  [
    'comments-tabs-crlf',
    5,
    (c) => {
      const { rng } = c;
      const valid = [
        'precedence ::ffff:0:0/96 100',
        `precedence ${mappedNet(c)} 45`,
        `label ${v6Net(c)} 4`,
        'label fd00::/8 1',
        `scopev4 ${mappedNet(c)} 2`,
        'reload no',
      ];
      const ls: string[] = ['# /etc/gai.conf', ''];
      for (const l of rng.shuffle(valid).slice(0, rng.int(1, 3))) {
        const parts = l.split(' ');
        const ws = () => rng.pick([' ', '\t', '  ', ' \t', '\t\t']);
        let t = parts.join(ws());
        if (rng.chance(0.4)) t = ws() + t;
        if (rng.chance(0.4)) t += `${ws()}# ${rng.pick(['prefer v4', 'see gai.conf(5)', 'x'])}`;
        ls.push(t);
        if (rng.chance(0.3)) ls.push(rng.pick(['', '#', '   ', '#precedence ::/0 1']));
      }
      const eol = rng.chance(0.5) ? '\r\n' : '\n';
      return ls.join(eol) + (rng.chance(0.8) ? eol : '');
    },
  ],
  [
    'accepted-oddities',
    6,
    (c) => {
      const pool = [
        'precedence ::ffff:0:0/96 +100',
        `precedence ${mappedNet(c).replace('/120', '/0120')} 100`,
        `precedence ${mappedNet(c)} 100#c`,
        `precedence ${mappedNet(c)} 100 extra tokens here`,
        `precedence ${networkOf(v6Of(c), 48)}/ 0`, // empty length: /0 on ≤ 2.40
        `precedence ${v6Net(c)}`, // missing value: 0 on ≤ 2.40
        `label ${v6Net(c)}`,
        'precedence ::ffff:0:0/96 2147483647',
        `scopev4 ${networkOf(v4Of(c), 24)}/24`,
        '   precedence ::1/128 50',
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 3)));
    },
  ],
  [
    'ipv4-ties-ipv6',
    7,
    (c) => {
      const v4 = v4Of(c);
      return lines(
        c.rng.pick([
          [`precedence ::ffff:${v4}/128 100`],
          ['precedence ::ffff:0:0/96 40'],
          [`precedence ${mappedNet(c)} 45`, `precedence ${v6Net(c)} 45`],
          [...GLIBC_PRECEDENCE, `precedence ::ffff:${v4}/128 30`],
          [`precedence ::ffff:${v4}/128 50`, 'precedence ::/0 40', 'precedence ::ffff:0:0/96 10'],
          [`precedence ::ffff:${v4}/128 40`, ...GLIBC_PRECEDENCE],
        ]),
      );
    },
  ],
  [
    'no-slash',
    4,
    (c) => {
      const pool = [`precedence ::ffff:${v4Of(c)} 100`, `label ${v6Of(c)} 99`, `precedence ${v6Of(c)} 5`];
      const ls = c.rng.shuffle(pool).slice(0, c.rng.int(1, 2));
      if (c.rng.chance(0.4)) ls.push('precedence ::ffff:0:0/96 20');
      return lines(c.rng.shuffle(ls));
    },
  ],
  // Crashes glibc 2.36 (SIGSEGV in gaiconf_init) on every lookup returning ≥ 2 addresses: wanted.
  [
    'scopev4-no-slash',
    1,
    (c) => {
      const v4 = v4Of(c);
      const ls = [c.rng.pick([`scopev4 ${v4} 2`, `scopev4 ::ffff:${v4} 2`])];
      if (c.rng.chance(0.5)) ls.unshift('precedence ::ffff:0:0/96 100');
      return lines(ls);
    },
  ],
];

function gaiCtx(rng: Rng, records: readonly string[]): GaiCtx {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const r of records) {
    const ip = parseIp(r);
    if (!ip) continue;
    if (ip.family === 4) {
      if (!isUnspecified4(ip.bytes)) v4.push(formatIp(ip));
    } else if (isV4Mapped(ip.bytes)) {
      v4.push(formatIp({ family: 4, bytes: ip.bytes }));
    } else if (!isUnspecified6(ip.bytes) && !isMulticast6(ip.bytes) && !ip.bytes.subarray(0, 12).every((x) => x === 0)) {
      v6.push(formatIp(ip));
    }
  }
  return { rng, v4, v6 };
}

function pickGaiConf(rng: Rng, records: readonly string[], combine: boolean): string | null {
  const ctx = gaiCtx(rng, records);
  const variant = rng.weighted(GAI_VARIANTS.map((v) => [v, v[1]] as const));
  const text = variant[2](ctx);
  if (!combine || text === null || !rng.chance(0.25)) return text;
  const other = rng.weighted(
    GAI_VARIANTS.filter((v) => v[0] !== 'none' && v[0] !== 'scopev4-no-slash').map((v) => [v, v[1]] as const),
  );
  const t2 = other[2](ctx) ?? '';
  return rng.chance(0.5) ? text + t2 : t2 + text;
}

// ───────────────────────────────────────────────────────────────────────────── query

const QUERY_SHAPES: readonly (readonly [readonly AiFlag[], QueryFamily, number])[] = [
  [[], 'AF_UNSPEC', 62],
  [['AI_ADDRCONFIG'], 'AF_UNSPEC', 10],
  [['AI_V4MAPPED'], 'AF_INET6', 7],
  [['AI_V4MAPPED', 'AI_ALL'], 'AF_INET6', 7],
  [[], 'AF_INET', 5],
  [[], 'AF_INET6', 5],
  [['AI_ADDRCONFIG'], 'AF_INET', 1],
  [['AI_ADDRCONFIG'], 'AF_INET6', 1],
  [['AI_ADDRCONFIG', 'AI_V4MAPPED'], 'AF_INET6', 1],
  [['AI_CANONNAME'], 'AF_UNSPEC', 1],
];
const OTHER_NAMES = ['svc.example', 'mail.example.org', 'db.internal.test', 'api.example.net', 'www.example.com'] as const;

function makeQuery(rng: Rng, records: string[], addrconfig: number | undefined): ScenarioQuery {
  let shape = rng.weighted(QUERY_SHAPES.map((s) => [s, s[2]] as const));
  if (addrconfig !== undefined && rng.chance(addrconfig)) shape = [['AI_ADDRCONFIG'], 'AF_UNSPEC', 0];
  const q: ScenarioQuery = {
    name: rng.chance(0.85) ? 'host.test' : rng.pick(OTHER_NAMES),
    records,
    flags: [...shape[0]],
  };
  if (shape[1] !== 'AF_UNSPEC') q.family = shape[1];
  return q;
}

// ───────────────────────────────────────────────────────────────────────────── entry points

export function generateScenario(seed: number, index: number): Scenario {
  const rng = scenarioRng(seed, index);
  const template = rng.chance(0.7) ? rng.pick(REALISTIC) : 'mixer';
  let b: HostBuilder;
  let out: TemplateOut;
  if (template === 'mixer') {
    b = new HostBuilder(rng.chance(0.85));
    out = mixer(rng, b);
  } else {
    b = new HostBuilder(template !== 'ipv6-disabled');
    out = templates[template]!(rng, b);
  }
  const records = clampRecords(rng, out.records);
  const s: Scenario = {
    name: `gen-${seed}-${index}-${template}`,
    host: b.build(),
    gaiConf: pickGaiConf(rng, records, template === 'mixer'),
    query: makeQuery(rng, records, out.addrconfig),
  };
  const problems = scenarioProblems(s);
  if (problems.length) throw new Error(`generator bug in ${s.name}: ${problems.join('; ')}`);
  return s;
}

export function generateScenarios(seed: number, count: number): Scenario[] {
  return Array.from({ length: count }, (_, i) => generateScenario(seed, i));
}

// ───────────────────────────────────────────────────────────────────────────── shrinking

const clone = (s: Scenario): Scenario => JSON.parse(JSON.stringify(s)) as Scenario;

/** Drop every route the kernel would now refuse (gateway left its subnet, dev gone, key clash…). */
function repair(s: Scenario): Scenario {
  const host = s.host;
  if (host.routes === undefined) return s;
  const an = analyzeHost(host);
  const routes: ScenarioRoute[] = [];
  for (const r of host.routes) if (routesProblems([...routes, r], an).length === 0) routes.push(r);
  host.routes = routes;
  return s;
}

/** One-step simplifications of `s`, cheapest / biggest first. Each returns a fresh copy or null. */
function* shrinkCandidates(s: Scenario): Generator<Scenario> {
  const edit = (f: (c: Scenario) => boolean | void): Scenario | null => {
    const c = clone(s);
    return f(c) === false ? null : repair(c);
  };
  const yieldIf = function* (c: Scenario | null): Generator<Scenario> {
    if (c) yield c;
  };

  if (s.gaiConf !== null && s.gaiConf !== undefined) yield* yieldIf(edit((c) => void (c.gaiConf = null)));
  if ((s.host.routes ?? []).length > 1) yield* yieldIf(edit((c) => void (c.host.routes = [])));
  if (s.host.interfaces.length > 1) yield* yieldIf(edit((c) => void (c.host.interfaces = [])));
  if ((s.query.flags ?? []).length > 1) yield* yieldIf(edit((c) => void (c.query.flags = [])));
  const recs = s.query.records;
  if (recs.length > 2) {
    const half = Math.ceil(recs.length / 2);
    yield* yieldIf(edit((c) => void (c.query.records = recs.slice(0, half))));
    yield* yieldIf(edit((c) => void (c.query.records = recs.slice(half))));
  }
  if (recs.length > 1)
    for (let i = 0; i < recs.length; i++) yield* yieldIf(edit((c) => void c.query.records.splice(i, 1)));
  for (let i = 0; i < s.host.interfaces.length; i++)
    yield* yieldIf(edit((c) => void c.host.interfaces.splice(i, 1)));
  for (let i = 0; i < (s.host.routes ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.host.routes!.splice(i, 1)));
  if (typeof s.gaiConf === 'string') {
    const ls = s.gaiConf.split('\n');
    for (let i = 0; i < ls.length; i++) {
      if (ls[i] === '') continue;
      yield* yieldIf(
        edit((c) => {
          const copy = ls.slice();
          copy.splice(i, 1);
          c.gaiConf = copy.join('\n');
        }),
      );
    }
  }
  for (let i = 0; i < s.host.interfaces.length; i++) {
    const ifc = s.host.interfaces[i]!;
    for (let j = 0; j < ifc.addresses.length; j++)
      yield* yieldIf(edit((c) => void c.host.interfaces[i]!.addresses.splice(j, 1)));
  }
  for (let i = 0; i < (s.query.flags ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.query.flags!.splice(i, 1)));
  if (s.query.family !== undefined) yield* yieldIf(edit((c) => void delete c.query.family));
  // Address flags, one at a time; an object left with only `address` becomes the plain string.
  for (let i = 0; i < s.host.interfaces.length; i++) {
    const ifc = s.host.interfaces[i]!;
    for (let j = 0; j < ifc.addresses.length; j++) {
      const a = ifc.addresses[j]!;
      if (typeof a === 'string') continue;
      for (const k of Object.keys(a) as (keyof ScenarioAddressObject)[]) {
        if (k === 'address') continue;
        yield* yieldIf(
          edit((c) => {
            const o = { ...(c.host.interfaces[i]!.addresses[j] as ScenarioAddressObject) };
            delete o[k];
            c.host.interfaces[i]!.addresses[j] = Object.keys(o).length === 1 ? o.address : o;
          }),
        );
      }
    }
    if (ifc.up === false) yield* yieldIf(edit((c) => void delete c.host.interfaces[i]!.up));
  }
  // Route attributes that are not needed for validity.
  for (let i = 0; i < (s.host.routes ?? []).length; i++) {
    const r = s.host.routes![i]!;
    for (const k of ['metric', 'src', 'dev'] as const) {
      if (r[k] === undefined) continue;
      if (k === 'dev' && r.via === undefined) continue;
      yield* yieldIf(edit((c) => void delete c.host.routes![i]![k]));
    }
  }
  if (s.host.ipv6 === false) yield* yieldIf(edit((c) => void delete c.host.ipv6));
  if (s.host.useTempaddr !== undefined) yield* yieldIf(edit((c) => void delete c.host.useTempaddr));
}

/**
 * Greedy delta debugging: apply the first one-step simplification for which `stillFails` holds,
 * and repeat until none does. Removals that would make a route invalid also remove that route, so
 * every scenario handed to `stillFails` (and the result) is one the kernel accepts.
 * `stillFails(s)` is assumed true for the input and is never called twice on an equal scenario.
 */
export async function shrinkScenario(
  s: Scenario,
  stillFails: (s: Scenario) => Promise<boolean>,
): Promise<Scenario> {
  let cur = clone(s);
  const tried = new Set<string>();
  for (;;) {
    const curKey = JSON.stringify(cur);
    tried.add(curKey);
    let next: Scenario | null = null;
    for (const cand of shrinkCandidates(cur)) {
      const k = JSON.stringify(cand);
      if (tried.has(k)) continue;
      tried.add(k);
      if (await stillFails(cand)) {
        next = cand;
        break;
      }
    }
    if (!next) return cur;
    cur = next;
  }
}
