// Prefix lists compiled to 32-bit words for the lookups on the sort's hot path (policy tables,
// routes, the kernel's label table): a row is four masked prefix words and four masks, so a
// match is four AND/compare steps on integers instead of a loop over bytes. Same answers as
// matchesPrefix() (prefix.ts), row for row.

/** Rows of [p0, p1, p2, p3, m0, m1, m2, m3]: the prefix words already masked. */
export type CompiledPrefixes = Int32Array;

const ROW = 8;

function mask(length: number, word: number): number {
  const bits = Math.min(Math.max(length - 32 * word, 0), 32);
  return bits === 0 ? 0 : bits === 32 ? -1 : ~0 << (32 - bits);
}

const wordAt = (b: Uint8Array, at: number): number => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;

export function compilePrefixes(rows: readonly { readonly prefix: Uint8Array; readonly length: number }[]): CompiledPrefixes {
  const out = new Int32Array(rows.length * ROW);
  rows.forEach((r, i) => {
    for (let w = 0; w < 4; w++) {
      const m = mask(r.length, w);
      out[i * ROW + 4 + w] = m;
      out[i * ROW + w] = wordAt(r.prefix, 4 * w) & m;
    }
  });
  return out;
}

/** Index of the first row (in array order) whose prefix holds the 16-byte address, or -1. */
export function firstMatch(table: CompiledPrefixes, addr: Uint8Array, from = 0): number {
  const w0 = wordAt(addr, 0);
  const w1 = wordAt(addr, 4);
  const w2 = wordAt(addr, 8);
  const w3 = wordAt(addr, 12);
  for (let i = from * ROW; i < table.length; i += ROW) {
    if ((w0 & table[i + 4]!) === table[i] && (w1 & table[i + 5]!) === table[i + 1] && (w2 & table[i + 6]!) === table[i + 2] && (w3 & table[i + 7]!) === table[i + 3])
      return i / ROW;
  }
  return -1;
}

// Tables are built once and never changed; each row list is compiled on first use. The row
// count is checked so a list that grew after its first lookup is compiled again.
const compiled = new WeakMap<object, CompiledPrefixes>();

export function compiledFor(rows: readonly { readonly prefix: Uint8Array; readonly length: number }[]): CompiledPrefixes {
  let c = compiled.get(rows);
  if (c === undefined || c.length !== rows.length * ROW) {
    c = compilePrefixes(rows);
    compiled.set(rows, c);
  }
  return c;
}
