// The compiled (32-bit word) prefix matcher must pick the same row as the byte matcher for
// every length 0–128, and formatIp must agree with an independent RFC 5952 formatter.
import { describe, expect, it } from 'vitest';
import { matchesPrefix } from '../../src/address/prefix.js';
import { compilePrefixes, compiledFor, firstMatch } from '../../src/address/prefix-words.js';
import { formatIp } from '../../src/address/format.js';
import { prng } from '../support/prng.js';


function bytes(r: () => number): Uint8Array {
  return Uint8Array.from({ length: 16 }, () => Math.floor(r() * 256));
}

/** An address near `base`: the first `keep` bits copied, the rest random. */
function near(base: Uint8Array, keep: number, r: () => number): Uint8Array {
  const out = bytes(r);
  for (let bit = 0; bit < keep; bit++) {
    const m = 0x80 >> (bit & 7);
    out[bit >> 3] = (out[bit >> 3]! & ~m) | (base[bit >> 3]! & m);
  }
  return out;
}

describe('compiled prefixes', () => {
  it('first match equals the byte-wise first match (seeded, every length)', () => {
    const r = prng(20261123);
    let matched = 0;
    for (let round = 0; round < 400; round++) {
      const base = bytes(r);
      const rows = Array.from({ length: 1 + Math.floor(r() * 12) }, () => ({ prefix: near(base, Math.floor(r() * 129), r), length: Math.floor(r() * 129) }));
      const table = compilePrefixes(rows);
      for (let k = 0; k < 40; k++) {
        const addr = near(base, Math.floor(r() * 129), r);
        const want = rows.findIndex((row) => matchesPrefix(addr, row.prefix, row.length));
        expect(firstMatch(table, addr)).toBe(want);
        if (want >= 0) matched++;
      }
    }
    // The generator must exercise matches, not only misses.
    expect(matched).toBeGreaterThan(4000);
  });

  it('compiles a row list again when it has grown', () => {
    const rows = [{ prefix: new Uint8Array(16).fill(0xff), length: 128 }];
    const zero = new Uint8Array(16);
    expect(firstMatch(compiledFor(rows), zero)).toBe(-1);
    rows.push({ prefix: zero, length: 0 });
    expect(firstMatch(compiledFor(rows), zero)).toBe(1);
  });
});

describe('formatIp (RFC 5952)', () => {
  it('agrees with the WHATWG URL host serializer on random IPv6 addresses with zero runs', () => {
    const r = prng(5952);
    for (let k = 0; k < 5000; k++) {
      const b = bytes(r);
      // Zero some groups so that `::` placement and ties are exercised.
      for (let g = 0; g < 8; g++) if (r() < 0.45) b[2 * g] = b[2 * g + 1] = 0;
      if (r() < 0.2) b[2 * Math.floor(r() * 8)] = 0; // single-byte groups: no leading zeros
      const mapped = b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
      const compat = b.slice(0, 12).every((x) => x === 0);
      if (mapped || compat) continue; // dotted forms: WHATWG prints hex there
      const want = new URL(`http://[${Array.from({ length: 8 }, (_, g) => ((b[2 * g]! << 8) | b[2 * g + 1]!).toString(16)).join(':')}]/`).hostname.slice(1, -1);
      expect(formatIp({ family: 6, bytes: b })).toBe(want);
    }
  });
});
