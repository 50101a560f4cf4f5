// Text → IPv4 bytes as glibc's __inet_aton_exact reads it (resolv/inet_addr.c, 2.36): the forms
// getaddrinfo() takes as a numeric host, which are more than inet_pton's dotted quad:
//   1 to 4 parts separated by dots; each part is a C number (0x… hex, 0… octal, else decimal,
//   as strtoul base 0 reads it) and must start with a digit; all parts but the last are one
//   byte each, the last fills the remaining bytes (a.b.c: c is 16 bits; a.b: b is 24 bits; a:
//   32 bits); nothing may follow (no trailing dot, no blank).
// So 127.1 is 127.0.0.1, 0x7f.1 is 127.0.0.1, 010.0.0.1 is 8.0.0.1 and 2130706433 is 127.0.0.1,
// while 1.2.3.4. and 256.1 are not addresses (getaddrinfo asks NSS for them as names).

const MAX_LAST = [0xffffffff, 0xffffff, 0xffff, 0xff];

/** One part as strtoul(…, 0) reads it from `text[i]`: its value and where it stops; null if out of range. */
function part(text: string, i: number): { value: number; end: number } | null {
  let base = 10;
  let j = i;
  if (text[j] === '0') {
    if ((text[j + 1] === 'x' || text[j + 1] === 'X') && /[0-9a-fA-F]/.test(text[j + 2] ?? '')) {
      base = 16;
      j += 2;
    } else base = 8;
  }
  let value = 0;
  let any = false;
  for (; j < text.length; j++) {
    const d = parseInt(text[j]!, 16);
    if (Number.isNaN(d) || d >= base) break;
    value = value * base + d;
    any = true;
    if (value > 0xffffffff) return null; // strtoul would give a value over 32 bits (or ERANGE)
  }
  // "0" alone (and "0x" with no hex digit after it) reads as 0, stopping after the "0"
  if (!any) return { value: 0, end: i + 1 };
  return { value, end: j };
}

/** The 4 bytes of `text` as __inet_aton_exact reads it, or null when it is not such an address. */
export function inetAtonExact(text: string): Uint8Array | null {
  const bytes: number[] = [];
  let i = 0;
  for (;;) {
    const c = text.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return null; // each part starts with a digit
    const p = part(text, i);
    if (!p) return null;
    i = p.end;
    if (text[i] === '.') {
      if (bytes.length > 2 || p.value > 0xff) return null;
      bytes.push(p.value);
      i++;
      continue;
    }
    if (i !== text.length) return null; // trailing characters (inet_aton allows a blank; the exact form does not)
    if (p.value > MAX_LAST[bytes.length]!) return null;
    const out = new Uint8Array(4);
    bytes.forEach((b, k) => (out[k] = b));
    let v = p.value;
    for (let k = 3; k >= bytes.length; k--) {
      out[k] = v & 0xff;
      v = Math.floor(v / 256);
    }
    return out;
  }
}
