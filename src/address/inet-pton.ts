// Text → bytes exactly as glibc's inet_pton accepts it (resolv/inet_pton.c).
// ipaddr.js is deliberately not used here: it accepts `010.1.1.1`, `0x7f.1` and `127.1`,
// which glibc rejects, and gai.conf/scenario input must be read the way glibc reads it.

/** Strict dotted quad: four decimal parts, no leading zeros, each ≤ 255. Writes the four
 * bytes at `at` of `out` (a new 4-byte array by default), which is returned. */
export function inetPton4(text: string, out: Uint8Array = new Uint8Array(4), at = 0): Uint8Array | null {
  let octets = 0;
  let sawDigit = false;
  let cur = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) {
      if (sawDigit && cur === 0) return null; // leading zero
      cur = cur * 10 + (ch - 48);
      if (cur > 255) return null;
      if (!sawDigit) {
        if (++octets > 4) return null;
        sawDigit = true;
      }
      out[at + octets - 1] = cur;
    } else if (ch === 46 /* . */ && sawDigit) {
      if (octets === 4) return null;
      sawDigit = false;
      cur = 0;
    } else {
      return null;
    }
  }
  return octets === 4 && sawDigit ? out : null;
}

function hexValue(ch: number): number {
  if (ch >= 48 && ch <= 57) return ch - 48;
  if (ch >= 97 && ch <= 102) return ch - 87;
  if (ch >= 65 && ch <= 70) return ch - 55;
  return -1;
}

/**
 * RFC 4291 text with glibc's limits: at most 4 hex digits a group, one `::`, a `::` may not
 * stand for zero groups, an embedded dotted quad only where 4 bytes remain, no zone suffix.
 */
export function inetPton6(text: string): Uint8Array | null {
  const out = new Uint8Array(16);
  const end = text.length;
  if (end === 0) return null;
  let i = 0;
  if (text.charCodeAt(0) === 58) {
    if (end < 2 || text.charCodeAt(1) !== 58) return null;
    i = 1;
  }
  let tp = 0;
  let colonAt = -1;
  let tokenStart = i;
  let digits = 0;
  let val = 0;
  while (i < end) {
    const ch = text.charCodeAt(i++);
    const d = hexValue(ch);
    if (d >= 0) {
      if (digits === 4) return null;
      val = (val << 4) | d;
      digits++;
      continue;
    }
    if (ch === 58 /* : */) {
      tokenStart = i;
      if (digits === 0) {
        if (colonAt >= 0) return null;
        colonAt = tp;
        continue;
      }
      if (i === end) return null;
      if (tp + 2 > 16) return null;
      out[tp++] = (val >> 8) & 0xff;
      out[tp++] = val & 0xff;
      digits = 0;
      val = 0;
      continue;
    }
    if (ch === 46 /* . */ && tp + 4 <= 16) {
      const v4 = inetPton4(text.slice(tokenStart, end));
      if (!v4) return null;
      out.set(v4, tp);
      tp += 4;
      digits = 0;
      break;
    }
    return null;
  }
  if (digits > 0) {
    if (tp + 2 > 16) return null;
    out[tp++] = (val >> 8) & 0xff;
    out[tp++] = val & 0xff;
  }
  if (colonAt >= 0) {
    if (tp === 16) return null;
    const n = tp - colonAt;
    out.copyWithin(16 - n, colonAt, tp);
    out.fill(0, colonAt, 16 - n);
    tp = 16;
  }
  return tp === 16 ? out : null;
}
