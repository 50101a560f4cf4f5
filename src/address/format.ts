import type { Ip } from './ip.js';

function v4Text(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

const groups = new Uint16Array(8);
// Hex text of a byte, without and with its leading zero.
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16));
const HEX2 = HEX.map((h) => h.padStart(2, '0'));

/**
 * RFC 5952 §4 text: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups
 * shortened to `::` (the first on a tie), dotted quad for IPv4 and for ::ffff:0:0/96.
 * IPv4-compatible ::/96 is printed in hex: glibc and musl's inet_ntop disagree on it.
 */
export function formatIp(ip: Ip): string {
  const b = ip.bytes;
  if (ip.family === 4) return v4Text(b, 12);
  let mapped = b[10] === 0xff && b[11] === 0xff;
  for (let i = 0; mapped && i < 10; i++) if (b[i] !== 0) mapped = false;
  if (mapped) return `::ffff:${v4Text(b, 12)}`;
  for (let i = 0; i < 8; i++) groups[i] = (b[2 * i]! << 8) | b[2 * i + 1]!;
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      out += i === 0 ? '::' : ':';
      i += bestLen - 1;
      continue;
    }
    const g = groups[i]!;
    out += g > 0xff ? HEX[g >> 8]! + HEX2[g & 0xff]! : HEX[g]!;
    if (i < 7) out += ':';
  }
  return out;
}
