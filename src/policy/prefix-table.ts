// A longest-match prefix table as a function of the address, in O(n log n) for n rows: which
// rows nest in which, which rows longer rows cover whole (shadowed), and the table as a sorted
// list of segments, so two tables can be compared as what they DO rather than what they say.
// Prefixes of one table are either nested or disjoint, so one sort by (start, length) and a
// stack walk see every containment. Addresses are 128-bit (scopev4 rows in the ::ffff: form).
// Pure.

export interface PrefixRowLike {
  /** 16 bytes; bits after `length` are ignored */
  bytes: Uint8Array;
  /** 0..128 */
  length: number;
  value: number;
}

/**
 * Addresses as 8 UTF-16 code units (16 bits each, most significant first): comparing two such
 * strings compares the numbers, and they are short and cheap to compare.
 */
/** Past the last address: sorts after every 8-unit string. */
const END = '\uffff'.repeat(9);

/** First (`fill` 0) or last (`fill` 1) address of prefix/len. */
function edge(bytes: Uint8Array, length: number, fill: 0 | 1): string {
  const w: number[] = [];
  for (let i = 0; i < 16; i += 2) {
    const bits = length - i * 8;
    const keep = bits >= 16 ? 0xffff : bits <= 0 ? 0 : (0xffff << (16 - bits)) & 0xffff;
    const word = (bytes[i]! << 8) | bytes[i + 1]!;
    w.push((word & keep) | (fill ? ~keep & 0xffff : 0));
  }
  return String.fromCharCode(...w);
}

/** Key of prefix/len with the host bits cleared: equal keys are the same table row. */
export function prefixKey(bytes: Uint8Array, length: number): string {
  return `${length}/${edge(bytes, length, 0)}`;
}

const toBig = (units: string): bigint => {
  if (units === END) return 1n << 128n;
  let n = 0n;
  for (let i = 0; i < 8; i++) n = (n << 16n) | BigInt(units.charCodeAt(i));
  return n;
};

/** The first and last address of prefix/len, as 128-bit numbers. */
export function prefixSpan(bytes: Uint8Array, length: number): { start: bigint; end: bigint } {
  return { start: toBig(edge(bytes, length, 0)), end: toBig(edge(bytes, length, 1)) };
}

/** The address after `units` (END after the last one). */
function next(units: string): string {
  let i = 7;
  while (i >= 0 && units.charCodeAt(i) === 0xffff) i--;
  if (i < 0) return END;
  return units.slice(0, i) + String.fromCharCode(units.charCodeAt(i) + 1) + '\u0000'.repeat(7 - i);
}

export interface NestedRow<T> {
  row: T;
  /** first and last address (8 code units, see above) */
  start: string;
  end: string;
  /** index (in the returned list) of the shortest row strictly containing this one, or -1 */
  parent: number;
}

/**
 * The rows glibc can match (the first of each prefix/len: its stable sort puts it first), in
 * address order, each with the row that directly contains it.
 */
export function nestRows<T extends PrefixRowLike>(rows: readonly T[]): NestedRow<T>[] {
  const all: NestedRow<T>[] = rows.map((row) => ({ row, start: edge(row.bytes, row.length, 0), end: '', parent: -1 }));
  // stable: of equal prefixes the first row stays first, and is the one kept
  all.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.row.length - b.row.length));
  const out: NestedRow<T>[] = [];
  for (const r of all) {
    const last = out[out.length - 1];
    if (last && last.start === r.start && last.row.length === r.row.length) continue;
    r.end = edge(r.row.bytes, r.row.length, 1);
    out.push(r);
  }
  const stack: number[] = [];
  for (let i = 0; i < out.length; i++) {
    const r = out[i]!;
    while (stack.length && out[stack[stack.length - 1]!]!.end < r.start) stack.pop();
    r.parent = stack.length ? stack[stack.length - 1]! : -1;
    stack.push(i);
  }
  return out;
}

const SIZE = Array.from({ length: 129 }, (_, len) => 1n << BigInt(128 - len));

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
    sum[p] = sum[p]! + SIZE[nested[i]!.row.length]!;
  }
  const covered = nested.map((r, i) => sum[i] === SIZE[r.row.length]);
  return { children, covered };
}

/** A table as a function: `value` holds from `start` (8 code units, see above) up to the next segment's start. */
export interface Segment {
  start: string;
  /** the matching row's value, or null where no row matches */
  value: number | null;
}

/** The table (longest match, first row of each prefix) as sorted segments, adjacent ones merged. */
export function tableSegments(rows: readonly PrefixRowLike[]): Segment[] {
  const nested = nestRows(rows);
  const out: Segment[] = [];
  const emit = (start: string, value: number | null): void => {
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
  const close = (until: string | null): void => {
    while (stack.length && (until === null || stack[stack.length - 1]!.end < until)) {
      const t = stack.pop()!;
      emit(next(t.end), stack.length ? stack[stack.length - 1]!.row.value : null);
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

const ZERO = '\u0000'.repeat(8);

/** The address ranges where `a` and `b` (from tableSegments) differ, merged where adjacent. */
export function segmentDifferences(a: readonly Segment[], b: readonly Segment[]): SegmentDifference[] {
  const out: SegmentDifference[] = [];
  let i = 0;
  let j = 0;
  let va: number | null = null;
  let vb: number | null = null;
  let pos = ZERO;
  let open: { start: string; a: number | null; b: number | null } | null = null;
  const shut = (at: string): void => {
    if (open) out.push({ start: toBig(open.start), end: toBig(at) - 1n, a: open.a, b: open.b });
    open = null;
  };
  while (pos < END) {
    while (i < a.length && a[i]!.start <= pos) va = a[i++]!.value;
    while (j < b.length && b[j]!.start <= pos) vb = b[j++]!.value;
    const na = i < a.length ? a[i]!.start : END;
    const nb = j < b.length ? b[j]!.start : END;
    const stop = na < nb ? na : nb;
    if (va !== vb) {
      if (open && (open.a !== va || open.b !== vb)) shut(pos);
      open ??= { start: pos, a: va, b: vb };
    } else shut(pos);
    pos = stop;
  }
  shut(END);
  return out;
}

/** The 16 bytes of a 128-bit number (for wording a difference, and for tests). */
export function bytesOf(n: bigint): Uint8Array {
  const out = new Uint8Array(16);
  let x = n;
  for (let i = 15; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** The value `segments` give one address (16 bytes). */
export function valueAt(segments: readonly Segment[], addr: Uint8Array): number | null {
  const at = edge(addr, 128, 0);
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid]!.start <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? null : segments[lo - 1]!.value;
}
