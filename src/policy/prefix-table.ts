// A longest-match prefix table as a function of the address, in O(n log n) for n rows: which
// rows nest in which, which rows longer rows cover whole (shadowed), and the table as a sorted
// list of segments, so two tables can be compared as what they DO rather than what they say.
// Prefixes of one table are either nested or disjoint, so one sort by (start, length) and a
// stack walk see every containment. Addresses are 128-bit (scopev4 rows in the ::ffff: form).
// Pure.

import { maskBytes } from '../address/prefix.js';

export interface PrefixRowLike {
  /** 16 bytes; bits after `length` are ignored */
  bytes: Uint8Array;
  /** 0..128 */
  length: number;
  value: number;
}

const ONE = 1n;

function bigOf(bytes: Uint8Array): bigint {
  const v = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return (v.getBigUint64(0) << 64n) | v.getBigUint64(8);
}

/** The first and last address of prefix/len, as 128-bit numbers. */
export function prefixSpan(bytes: Uint8Array, length: number): { start: bigint; end: bigint } {
  const start = bigOf(maskBytes(bytes, length));
  return { start, end: start + (ONE << BigInt(128 - length)) - ONE };
}

/** Key of prefix/len with the host bits cleared: equal keys are the same table row. */
export function prefixKey(bytes: Uint8Array, length: number): string {
  return `${length}/${bigOf(maskBytes(bytes, length)).toString(16)}`;
}

export interface NestedRow<T> {
  row: T;
  start: bigint;
  end: bigint;
  /** index (in `rows`) of the shortest row strictly containing this one, or -1 */
  parent: number;
}

/**
 * The rows glibc can match (the first of each prefix/len: its stable sort puts it first), in
 * address order, each with the row that directly contains it.
 */
export function nestRows<T extends PrefixRowLike>(rows: readonly T[]): NestedRow<T>[] {
  const seen = new Set<string>();
  const out: NestedRow<T>[] = [];
  for (const row of rows) {
    const key = prefixKey(row.bytes, row.length);
    if (seen.has(key)) continue;
    seen.add(key);
    const { start, end } = prefixSpan(row.bytes, row.length);
    out.push({ row, start, end, parent: -1 });
  }
  out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.row.length - b.row.length));
  const stack: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    while (stack.length && out[stack[stack.length - 1]!]!.end < r.start) stack.pop();
    r.parent = stack.length ? stack[stack.length - 1]! : -1;
    stack.push(i);
  }
  return out;
}

/**
 * For each nested row: the rows directly inside it, and whether they cover it whole (then no
 * address ever matches it). Children of one row are disjoint, so they cover it exactly when
 * their sizes add up to its size.
 */
export function coverage<T extends PrefixRowLike>(nested: readonly NestedRow<T>[]): { children: number[][]; covered: boolean[] } {
  const children: number[][] = nested.map(() => []);
  const sum: bigint[] = nested.map(() => 0n);
  for (let i = 0; i < nested.length; i++) {
    const p = nested[i]!.parent;
    if (p < 0) continue;
    children[p]!.push(i);
    sum[p] = sum[p]! + (nested[i]!.end - nested[i]!.start + ONE);
  }
  const covered = nested.map((r, i) => sum[i] === r.end - r.start + ONE);
  return { children, covered };
}

/** A table as a function: `value` holds from `start` up to the next segment's start. */
export interface Segment {
  start: bigint;
  /** the matching row's value, or null where no row matches */
  value: number | null;
}

/** The table (longest match, first row of each prefix) as sorted segments, adjacent ones merged. */
export function tableSegments(rows: readonly PrefixRowLike[]): Segment[] {
  const nested = nestRows(rows);
  const out: Segment[] = [];
  const emit = (start: bigint, value: number | null): void => {
    const last = out[out.length - 1];
    if (last && last.start === start) {
      last.value = value;
      const before = out[out.length - 2];
      if (before && before.value === value) out.pop();
      return;
    }
    if (last ? last.value === value : value === null) return;
    out.push({ start, value });
  };
  const stack: NestedRow<PrefixRowLike>[] = [];
  const close = (until: bigint | null): void => {
    while (stack.length && (until === null || stack[stack.length - 1]!.end < until)) {
      const t = stack.pop()!;
      emit(t.end + ONE, stack.length ? stack[stack.length - 1]!.row.value : null);
    }
  };
  for (const r of nested) {
    close(r.start);
    emit(r.start, r.row.value);
    stack.push(r);
  }
  close(null);
  return out;
}

/** Where two tables give different values: [start, end] inclusive, with both values. */
export interface SegmentDifference {
  start: bigint;
  end: bigint;
  a: number | null;
  b: number | null;
}

const END = ONE << 128n;

/** The address ranges where `a` and `b` (from tableSegments) differ, merged where adjacent. */
export function segmentDifferences(a: readonly Segment[], b: readonly Segment[]): SegmentDifference[] {
  const out: SegmentDifference[] = [];
  let i = 0;
  let j = 0;
  let va: number | null = null;
  let vb: number | null = null;
  let pos = 0n;
  while (pos < END) {
    while (i < a.length && a[i]!.start <= pos) va = a[i++]!.value;
    while (j < b.length && b[j]!.start <= pos) vb = b[j++]!.value;
    const next = minBig(i < a.length ? a[i]!.start : END, j < b.length ? b[j]!.start : END);
    if (va !== vb) {
      const last = out[out.length - 1];
      if (last && last.end + ONE === pos && last.a === va && last.b === vb) last.end = next - ONE;
      else out.push({ start: pos, end: next - ONE, a: va, b: vb });
    }
    pos = next;
  }
  return out;
}

function minBig(x: bigint, y: bigint): bigint {
  return x < y ? x : y;
}

/** The 16 bytes of a 128-bit number (for wording a difference). */
export function bytesOf(n: bigint): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  v.setBigUint64(0, n >> 64n);
  v.setBigUint64(8, n & 0xffffffffffffffffn);
  return out;
}
