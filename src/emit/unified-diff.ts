// The unified diff `gaiconf lint --fix`, `gaiconf apply` and `gaiconf dockerfile patch` print.
// Pure: text in, text out.
//
// Time and memory stay linear in the size of the input, whatever it holds. Lines are numbered
// once (equal lines share a number); the common head and tail are skipped; the middle goes
// through Myers' greedy O(ND) search with the edit distance capped at MAX_COST per step: when a
// step cannot reach the end within that many edits, it keeps the path to the point that got
// furthest and starts the next step from there. Each step advances at least MAX_COST lines, so
// the cost is O((N + M) × MAX_COST) time and O(N + M + MAX_COST²) memory. The script is then
// still a correct diff (applying it gives the new text), only not always the shortest one for
// inputs that differ in more than MAX_COST places close together.

/** One run of the edit script: `n` lines kept (' '), deleted ('-') or inserted ('+'). */
export interface DiffRun {
  kind: ' ' | '-' | '+';
  /** first line in the old text (for ' ' and '-'), or where the insert goes */
  a: number;
  /** first line in the new text (for ' ' and '+'), or where the delete happens */
  b: number;
  n: number;
}

const MAX_COST = 128;

/** The lines of `text`, each with its `\n`; the last has none when the text does not end in one. */
export function splitKeepingBreaks(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    out.push(text.slice(from, nl + 1));
    from = nl + 1;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

/** Equal lines get equal small integers, so the search compares numbers. */
function numberLines(a: readonly string[], b: readonly string[]): { x: Int32Array; y: Int32Array } {
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let v = ids.get(s);
    if (v === undefined) {
      v = ids.size;
      ids.set(s, v);
    }
    return v;
  };
  const x = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) x[i] = id(a[i]!);
  const y = new Int32Array(b.length);
  for (let j = 0; j < b.length; j++) y[j] = id(b[j]!);
  return { x, y };
}

class Script {
  readonly runs: DiffRun[] = [];
  push(kind: DiffRun['kind'], a: number, b: number, n: number): void {
    if (n <= 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last && last.kind === kind && last.a + (kind === '+' ? 0 : last.n) === a && last.b + (kind === '-' ? 0 : last.n) === b) last.n += n;
    else this.runs.push({ kind, a, b, n });
  }
}

/** Which move reaches diagonal k at cost d: from k+1 (an insert, "down") or k-1 (a delete). */
function moveDown(prev: Int32Array, offset: number, d: number, k: number, n: number, m: number): boolean | null {
  const down = k + 1 <= d - 1 && prev[offset + k + 1]! >= 0 && prev[offset + k + 1]! - (k + 1) < m ? prev[offset + k + 1]! : -1;
  const right = k - 1 >= -(d - 1) && prev[offset + k - 1]! >= 0 && prev[offset + k - 1]! < n ? prev[offset + k - 1]! + 1 : -1;
  if (down < 0 && right < 0) return null;
  return down >= right;
}

/**
 * One capped Myers step from (x0, y0) towards (xEnd, yEnd): appends the edits of the path it
 * takes to `out` and returns where it stopped (the end, or the furthest point after MAX_COST
 * edits).
 */
function step(x: Int32Array, y: Int32Array, x0: number, y0: number, xEnd: number, yEnd: number, out: Script): [number, number] {
  const n = xEnd - x0;
  const m = yEnd - y0;
  const max = Math.min(n + m, MAX_COST);
  const offset = max + 1;
  const trace: Int32Array[] = [];
  let endD = -1;
  let endK = 0;
  for (let d = 0; d <= max && endD < 0; d++) {
    const v = new Int32Array(2 * max + 3).fill(-1);
    const prev = trace[d - 1];
    for (let k = -d; k <= d; k += 2) {
      let px: number;
      if (d === 0) px = 0;
      else {
        const down = moveDown(prev!, offset, d, k, n, m);
        if (down === null) continue;
        px = down ? prev![offset + k + 1]! : prev![offset + k - 1]! + 1;
      }
      let py = px - k;
      while (px < n && py < m && x[x0 + px] === y[y0 + py]) {
        px++;
        py++;
      }
      v[offset + k] = px;
      if (px === n && py === m) {
        endD = d;
        endK = k;
        break;
      }
    }
    trace.push(v);
  }
  let d = endD;
  let k = endK;
  if (d < 0) {
    // No path within MAX_COST edits: stop on the diagonal that got furthest (x + y), the one
    // nearest the straight line to the end on a tie.
    d = max;
    const last = trace[d]!;
    let best = -1;
    const aim = n - m;
    for (let kk = -d; kk <= d; kk += 2) {
      const px = last[offset + kk]!;
      if (px < 0) continue;
      const score = 2 * px - kk;
      if (score > best || (score === best && Math.abs(kk - aim) < Math.abs(k - aim))) {
        best = score;
        k = kk;
      }
    }
  }
  const stopX = trace[d]![offset + k]!;
  const stopY = stopX - k;
  // Walk back from (d, k) to (0, 0), collecting runs in reverse.
  const rev: [DiffRun['kind'], number, number, number][] = [];
  let px = stopX;
  for (; d > 0; d--) {
    const prev = trace[d - 1]!;
    const down = moveDown(prev, offset, d, k, n, m)!;
    const pk = down ? k + 1 : k - 1;
    const sx = prev[offset + pk]!;
    const sy = sx - pk;
    const ex = down ? sx : sx + 1; // where this step's snake starts
    const ey = down ? sy + 1 : sy;
    if (px > ex) rev.push([' ', x0 + ex, y0 + ey, px - ex]);
    rev.push(down ? ['+', x0 + sx, y0 + sy, 1] : ['-', x0 + sx, y0 + sy, 1]);
    px = sx;
    k = pk;
  }
  if (px > 0) rev.push([' ', x0, y0, px]);
  for (let i = rev.length - 1; i >= 0; i--) out.push(...rev[i]!);
  return [x0 + stopX, y0 + stopY];
}

/** The edit script turning lines `a` into lines `b`. */
export function diffLines(a: readonly string[], b: readonly string[]): DiffRun[] {
  const out = new Script();
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  out.push(' ', 0, 0, pre);
  const xEnd = a.length - suf;
  const yEnd = b.length - suf;
  if (pre < xEnd || pre < yEnd) {
    const { x, y } = numberLines(a, b);
    let i = pre;
    let j = pre;
    while (i < xEnd || j < yEnd) {
      if (i === xEnd) {
        out.push('+', i, j, yEnd - j);
        break;
      }
      if (j === yEnd) {
        out.push('-', i, j, xEnd - i);
        break;
      }
      [i, j] = step(x, y, i, j, xEnd, yEnd, out);
    }
  }
  out.push(' ', xEnd, yEnd, suf);
  return out.runs;
}

/** A unified diff (`diff -u` style, `context` lines around each change); '' when the texts are equal. */
export function unifiedDiff(oldText: string, newText: string, names: { old: string; new: string }, context = 3): string {
  if (oldText === newText) return '';
  const a = splitKeepingBreaks(oldText);
  const b = splitKeepingBreaks(newText);
  const runs = diffLines(a, b);
  const out: string[] = [`--- ${names.old}\n`, `+++ ${names.new}\n`];
  const line = (prefix: string, text: string): void => {
    out.push(prefix + text);
    if (!text.endsWith('\n')) out.push('\n\\ No newline at end of file\n');
  };
  let r = 0;
  while (r < runs.length) {
    // skip to the next change
    while (r < runs.length && runs[r]!.kind === ' ') r++;
    if (r >= runs.length) break;
    // the hunk runs from this change to the last change followed by fewer than 2×context kept lines
    let last = r;
    for (let s = r + 1; s < runs.length; s++) {
      const run = runs[s]!;
      if (run.kind !== ' ') last = s;
      else if (run.n > 2 * context || s === runs.length - 1) break;
    }
    const before = r > 0 && runs[r - 1]!.kind === ' ' ? Math.min(context, runs[r - 1]!.n) : 0;
    const after = last + 1 < runs.length && runs[last + 1]!.kind === ' ' ? Math.min(context, runs[last + 1]!.n) : 0;
    const first = runs[r]!;
    const oldStart = first.a - before;
    const newStart = first.b - before;
    let oldLen = before + after;
    let newLen = before + after;
    for (let s = r; s <= last; s++) {
      const run = runs[s]!;
      if (run.kind !== '+') oldLen += run.n;
      if (run.kind !== '-') newLen += run.n;
    }
    out.push(`@@ -${oldLen === 0 ? oldStart : oldStart + 1},${oldLen} +${newLen === 0 ? newStart : newStart + 1},${newLen} @@\n`);
    for (let i = oldStart; i < first.a; i++) line(' ', a[i]!);
    // Within each block of changes, the deleted lines come first, as diff(1) prints them.
    for (let s = r; s <= last; ) {
      const run = runs[s]!;
      if (run.kind === ' ') {
        for (let i = 0; i < run.n; i++) line(' ', a[run.a + i]!);
        s++;
        continue;
      }
      let t = s;
      while (t <= last && runs[t]!.kind !== ' ') t++;
      for (let u = s; u < t; u++) if (runs[u]!.kind === '-') for (let i = 0; i < runs[u]!.n; i++) line('-', a[runs[u]!.a + i]!);
      for (let u = s; u < t; u++) if (runs[u]!.kind === '+') for (let i = 0; i < runs[u]!.n; i++) line('+', b[runs[u]!.b + i]!);
      s = t;
    }
    const end = runs[last]!;
    const oldEnd = end.kind === '+' ? end.a : end.a + end.n;
    for (let i = oldEnd; i < oldEnd + after; i++) line(' ', a[i]!);
    r = last + 1;
  }
  return out.join('');
}
