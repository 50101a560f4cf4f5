/** Does `addr` share the first `len` bits with `prefix`? (16-byte forms; glibc match_prefix.) */
export function matchesPrefix(addr: Uint8Array, prefix: Uint8Array, len: number): boolean {
  const full = len >> 3;
  for (let i = 0; i < full; i++) if (addr[i] !== prefix[i]) return false;
  const rest = len & 7;
  if (rest === 0) return true;
  const mask = (0xff << (8 - rest)) & 0xff;
  return ((addr[full]! ^ prefix[full]!) & mask) === 0;
}

/** Number of leading bits two 16-byte addresses share, optionally over a byte window. */
export function commonPrefixLength(a: Uint8Array, b: Uint8Array, fromByte = 0, toByte = 16): number {
  let n = 0;
  for (let i = fromByte; i < toByte; i++) {
    const x = a[i]! ^ b[i]!;
    if (x === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(x) - 24;
  }
  return n;
}

/** The address with every bit after `len` cleared. */
export function maskBytes(addr: Uint8Array, len: number): Uint8Array {
  const out = new Uint8Array(16);
  const full = len >> 3;
  out.set(addr.subarray(0, full));
  const rest = len & 7;
  if (rest && full < 16) out[full] = addr[full]! & ((0xff << (8 - rest)) & 0xff);
  return out;
}
