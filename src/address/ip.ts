import { inetPton4, inetPton6 } from './inet-pton.js';
import { formatIp } from './format.js';

/** An IP address. IPv4 is held in its IPv4-mapped 16-byte form (::ffff:a.b.c.d), as glibc's
 * table lookups see it; `family` says which socket family it travels in. */
export interface Ip {
  readonly family: 4 | 6;
  readonly bytes: Uint8Array; // always 16 bytes
}

export function ipv4(bytes4: Uint8Array): Ip {
  const b = new Uint8Array(16);
  b[10] = 0xff;
  b[11] = 0xff;
  b.set(bytes4, 12);
  return { family: 4, bytes: b };
}

/** Parse an address as glibc's inet_pton would: AF_INET first, then AF_INET6. A dotted quad
 * has no colon and IPv6 text always has one, so the colon picks the one parser that can
 * succeed; IPv4 is parsed straight into its mapped 16-byte form. */
export function parseIp(text: string): Ip | null {
  if (text.indexOf(':') < 0) {
    const b = new Uint8Array(16);
    b[10] = 0xff;
    b[11] = 0xff;
    return inetPton4(text, b, 12) ? { family: 4, bytes: b } : null;
  }
  const v6 = inetPton6(text);
  return v6 ? { family: 6, bytes: v6 } : null;
}

export function ipEquals(a: Ip, b: Ip): boolean {
  if (a.family !== b.family) return false;
  for (let i = 0; i < 16; i++) if (a.bytes[i] !== b.bytes[i]) return false;
  return true;
}

export function ipToString(ip: Ip): string {
  return formatIp(ip);
}

/** The IPv4 address as an unsigned 32-bit number (only meaningful for family 4 or mapped). */
export function v4Number(bytes: Uint8Array): number {
  return ((bytes[12]! << 24) | (bytes[13]! << 16) | (bytes[14]! << 8) | bytes[15]!) >>> 0;
}

export function isV4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** A v4-mapped IPv6 address turned back into an IPv4 one (AF_INET6 → AF_INET). */
export function unmap(ip: Ip): Ip {
  return ip.family === 6 && isV4Mapped(ip.bytes) ? { family: 4, bytes: ip.bytes } : ip;
}

/** An IPv4 address as the IPv6 socket carries it (AI_V4MAPPED). */
export function mapToV6(ip: Ip): Ip {
  return ip.family === 4 ? { family: 6, bytes: ip.bytes } : ip;
}
