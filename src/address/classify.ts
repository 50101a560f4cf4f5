// Address classes by their defining RFCs, on the 16-byte form. Scope rules differ per
// implementation and live with each profile; these are only the shared facts.

/** ::1 (RFC 4291 §2.5.3). */
export function isLoopback6(b: Uint8Array): boolean {
  for (let i = 0; i < 15; i++) if (b[i] !== 0) return false;
  return b[15] === 1;
}
/** :: (RFC 4291 §2.5.2). */
export function isUnspecified6(b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (b[i] !== 0) return false;
  return true;
}
/** ff00::/8 (RFC 4291 §2.7). */
export const isMulticast6 = (b: Uint8Array): boolean => b[0] === 0xff;
/** fe80::/10 (RFC 4291 §2.5.6). */
export const isLinkLocal6 = (b: Uint8Array): boolean => b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
/** fec0::/10, deprecated site-local (RFC 3879). */
export const isSiteLocal6 = (b: Uint8Array): boolean => b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0;
/** ::/96 minus :: and ::1: IPv4-compatible (RFC 4291 §2.5.5.1, deprecated). */
export function isV4Compat(b: Uint8Array): boolean {
  for (let i = 0; i < 12; i++) if (b[i] !== 0) return false;
  return !isLoopback6(b) && !isUnspecified6(b);
}
/** 127.0.0.0/8 in mapped form. */
export const isLoopback4 = (b: Uint8Array): boolean => b[12] === 127;
/** 169.254.0.0/16 in mapped form (RFC 3927). */
export const isLinkLocal4 = (b: Uint8Array): boolean => b[12] === 169 && b[13] === 254;
/** 224.0.0.0/4 in mapped form. */
export const isMulticast4 = (b: Uint8Array): boolean => (b[12]! & 0xf0) === 0xe0;
/** 0.0.0.0 in mapped form. */
export const isUnspecified4 = (b: Uint8Array): boolean =>
  b[12] === 0 && b[13] === 0 && b[14] === 0 && b[15] === 0;
