// The O(n log n) prefix-table walk behind lint's shadowed-entry / ipv4-ipv6-tie checks and the
// --fix policy check, against the obvious quadratic definitions on seeded tables.
import { describe, expect, it } from 'vitest';
import { matchesPrefix, maskBytes } from '../../src/address/prefix.js';
import { bytesOf, coverage, nestRows, prefixSpan, segmentDifferences, tableSegments, valueAt, type PrefixRowLike } from '../../src/policy/prefix-table.js';
import { prng } from '../support/prng.js';

/** Rows clustered in a few short prefixes, so that they nest, repeat and cover each other. */
function seededRows(r: () => number, n: number): PrefixRowLike[] {
  const bases = [0x20, 0xfd, 0x00].map((b) => {
    const x = new Uint8Array(16);
    x[0] = b;
    return x;
  });
  return Array.from({ length: n }, () => {
    const bytes = new Uint8Array(bases[Math.floor(r() * bases.length)]!);
    bytes[1] = Math.floor(r() * 4);
    bytes[15] = Math.floor(r() * 256);
    const length = [0, 8, 9, 10, 16, 128][Math.floor(r() * 6)]!;
    return { bytes: maskBytes(bytes, length), length, value: Math.floor(r() * 3) };
  });
}

function naiveLookup(rows: readonly PrefixRowLike[], addr: Uint8Array): number | null {
  let best: PrefixRowLike | null = null;
  for (const row of rows) if (matchesPrefix(addr, row.bytes, row.length) && (!best || row.length > best.length)) best = row;
  return best ? best.value : null;
}

function naiveCovered(rows: readonly PrefixRowLike[], bytes: Uint8Array, length: number): boolean {
  const inside = rows.filter((o) => o.length > length && matchesPrefix(o.bytes, bytes, length));
  if (inside.length === 0 || length >= 128) return false;
  const left = maskBytes(bytes, length);
  const right = new Uint8Array(left);
  right[length >> 3] = right[length >> 3]! | (0x80 >> (length & 7));
  const has = (b: Uint8Array) => inside.some((o) => o.length === length + 1 && matchesPrefix(b, o.bytes, length + 1));
  return (has(left) || naiveCovered(inside, left, length + 1)) && (has(right) || naiveCovered(inside, right, length + 1));
}

/** The table's rows with the first of each prefix kept, as glibc's stable sort leaves them. */
function firstOfEach(rows: readonly PrefixRowLike[]): PrefixRowLike[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const k = `${row.length}/${maskBytes(row.bytes, row.length).join('.')}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

describe('prefix-table', () => {
  it('segments give the longest match everywhere (first row of a prefix wins)', () => {
    const r = prng(0x5e6);
    for (let t = 0; t < 150; t++) {
      const rows = seededRows(r, 1 + Math.floor(r() * 12));
      const segs = tableSegments(rows);
      const probes = rows.flatMap((row) => {
        const { start, end } = prefixSpan(row.bytes, row.length);
        return [start, end, start > 0n ? start - 1n : start, end + 1n < 1n << 128n ? end + 1n : end];
      });
      for (const p of probes) {
        expect(valueAt(segs, bytesOf(p))).toBe(naiveLookup(firstOfEach(rows), bytesOf(p)));
      }
    }
  });

  it('coverage: a row is covered exactly when the longer rows inside it cover it whole', () => {
    const r = prng(0xc0e);
    for (let t = 0; t < 150; t++) {
      const rows = seededRows(r, 1 + Math.floor(r() * 14));
      const nested = nestRows(rows);
      const { covered } = coverage(nested);
      nested.forEach((n, i) => expect(covered[i], JSON.stringify(n.row)).toBe(naiveCovered(firstOfEach(rows), n.row.bytes, n.row.length)));
    }
  });

  it('segmentDifferences: exactly the ranges where two tables answer differently', () => {
    const r = prng(0xd1f);
    for (let t = 0; t < 100; t++) {
      const a = seededRows(r, 1 + Math.floor(r() * 8));
      const b = r() < 0.3 ? a.slice() : seededRows(r, 1 + Math.floor(r() * 8));
      const diffs = segmentDifferences(tableSegments(a), tableSegments(b));
      const probes = [...a, ...b].flatMap((row) => Object.values(prefixSpan(row.bytes, row.length)));
      for (const p of probes) {
        const inDiff = diffs.some((d) => d.start <= p && p <= d.end);
        expect(inDiff).toBe(naiveLookup(firstOfEach(a), bytesOf(p)) !== naiveLookup(firstOfEach(b), bytesOf(p)));
      }
    }
  });
});
