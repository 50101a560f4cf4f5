// The generator's seeded PRNG: every random choice of a scenario is drawn from a stream that depends
// on (seed, index) only, so a failure report of `gen-<seed>-<index>-<template>` can be regenerated
// anywhere, and a new template or feature (with a stream of its own) leaves the others' scenarios
// as they were.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  /** One element of a non-empty array. */
  pick<T>(arr: readonly T[]): T;
  /** true with probability p. */
  chance(p: number): boolean;
  /** A shuffled copy (Fisher–Yates); the input is not modified. */
  shuffle<T>(arr: readonly T[]): T[];
  /** One value, chosen with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** Uniform-ish bigint in [0, n) (n ≥ 1). */
  below(n: bigint): bigint;
}

/** murmur3's 32-bit finaliser: a good avalanche for seed mixing. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Any JS number (negative, > 2^32, fractional) to a 32-bit state, deterministically. */
export function seedState(seed: number): number {
  if (!Number.isFinite(seed)) seed = 0;
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  const frac = Math.floor((seed - Math.floor(seed)) * 4294967296) >>> 0;
  return fmix32(lo ^ fmix32(hi + 0x9e3779b9) ^ fmix32(frac + 0x7f4a7c15));
}

/** mulberry32 over a 32-bit state. */
export function rngFromState(state: number): Rng {
  let a = state >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const rng: Rng = {
    next,
    int,
    pick<T>(arr: readonly T[]): T {
      if (arr.length === 0) throw new Error('pick from an empty array');
      return arr[int(0, arr.length - 1)] as T;
    },
    chance: (p) => next() < p,
    shuffle<T>(arr: readonly T[]): T[] {
      const out = arr.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        const t = out[i] as T;
        out[i] = out[j] as T;
        out[j] = t;
      }
      return out;
    },
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      let total = 0;
      for (const [, w] of entries) total += w;
      let r = next() * total;
      for (const [v, w] of entries) {
        if (r < w) return v;
        r -= w;
      }
      const last = entries[entries.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    below(n: bigint): bigint {
      if (n <= 1n) return 0n;
      const bits = n.toString(2).length + 16;
      let r = 0n;
      for (let i = 0; i < bits; i += 16) r = (r << 16n) | BigInt(int(0, 0xffff));
      return r % n;
    },
  };
  return rng;
}

export function makeRng(seed: number): Rng {
  return rngFromState(seedState(seed));
}

export function scenarioRng(seed: number, index: number): Rng {
  return rngFromState(fmix32(seedState(seed) ^ fmix32((seedState(index) + 0x632be5ab) >>> 0)));
}
