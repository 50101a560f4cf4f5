// "Did you mean …?" among many names (a host with thousands of interfaces) without comparing
// every unknown name with every known one: names are indexed once by what is left after
// deleting up to two characters (two strings within edit distance 2 share such a remnant), so a
// lookup compares only the few names that can be close. The answer is the one `closest` (in
// validate.ts) gives over the whole list: smallest distance, then the earliest name.
// Words longer than MAX_WORD are never suggested nor looked up (a megabyte "name" costs nothing).

const MAX_WORD = 32;
const MAX_DISTANCE = 2;

function remnants(word: string): Set<string> {
  const out = new Set<string>([word]);
  let layer = [word];
  for (let d = 0; d < MAX_DISTANCE; d++) {
    const next: string[] = [];
    for (const w of layer) {
      for (let i = 0; i < w.length; i++) {
        const r = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(r)) {
          out.add(r);
          next.push(r);
        }
      }
    }
    layer = next;
  }
  return out;
}

export class NearestName {
  private index: Map<string, number[]> | null = null;

  /**
   * @param names candidates in preference order
   * @param distance the edit distance to use (validate.ts's editDistance)
   */
  constructor(
    private readonly names: readonly string[],
    private readonly distance: (a: string, b: string) => number,
  ) {}

  private build(): Map<string, number[]> {
    const index = new Map<string, number[]>();
    this.names.forEach((name, i) => {
      if (name.length > MAX_WORD) return;
      for (const r of remnants(name.toLowerCase())) {
        const list = index.get(r);
        if (list) list.push(i);
        else index.set(r, [i]);
      }
    });
    return index;
  }

  /** The known name closest to `word` within distance 2 (and below the shorter length), or undefined. */
  closest(word: string): string | undefined {
    if (word.length > MAX_WORD + MAX_DISTANCE) return undefined;
    this.index ??= this.build();
    const w = word.toLowerCase();
    const candidates = new Set<number>();
    for (const r of remnants(w)) for (const i of this.index.get(r) ?? []) candidates.add(i);
    let best: number | undefined;
    let bestD = MAX_DISTANCE + 1;
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const c = this.names[i]!;
      const d = this.distance(w, c.toLowerCase());
      if (d < bestD && d < Math.min(w.length, c.length)) {
        best = i;
        bestD = d;
      }
    }
    return best === undefined ? undefined : this.names[best];
  }
}
