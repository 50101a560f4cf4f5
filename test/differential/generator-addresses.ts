// Address text for generated scenarios: documentation and test ranges only (192.0.2.0/24,
// 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, fdXX ULA, 10/8, 172.16/12, 192.168/16, 100.64/10,
// plus the special blocks the ordering rules care about: fe80::/10, fec0::/10, 2002::/16 and
// 2001::/32 built around documentation IPv4, 64:ff9b::/96, ::/96, ::ffff:0:0/96, loopback,
// multicast, unspecified), always in text glibc's strict inet_pton accepts, and never an interface
// address the kernel refuses.

import IPCIDR from 'ip-cidr';
import { isV4Mapped, parseIp, type Ip } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { maskBytes } from '../../src/address/prefix.js';
import { isLoopback4, isLoopback6, isMulticast4, isMulticast6, isUnspecified4, isUnspecified6 } from '../../src/address/classify.js';
import type { Rng } from './generator-rng.js';

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

/** All bits after `l16` are 0 (bit=0) or all 1 (bit=1). */
export function hostPartIs(b: Uint8Array, l16: number, bit: 0 | 1): boolean {
  for (let i = l16; i < 128; i++) {
    const v = (b[i >> 3]! >> (7 - (i & 7))) & 1;
    if (v !== bit) return false;
  }
  return true;
}
