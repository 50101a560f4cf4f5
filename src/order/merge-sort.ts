// glibc's qsort: a top-down merge sort (stdlib/msort.c ≤ 2.38, stdlib/qsort.c ≥ 2.39), where
// the merge takes the left element when cmp(left, right) <= 0. glibc's address comparator is
// not transitive when custom precedences tie IPv4 with IPv6, so the exact algorithm decides
// the order, and Rule 9 may never be consulted for some pairs. Also used, being stable, for
// the Go and RFC profiles, whose comparators are consistent (any stable sort agrees).
export function mergeSort<T>(items: T[], cmp: (a: T, b: T) => number): T[] {
  const a = items.slice();
  const tmp = new Array<T>(a.length);
  sortRange(a, tmp, 0, a.length, cmp);
  return a;
}

function sortRange<T>(a: T[], tmp: T[], lo: number, n: number, cmp: (x: T, y: T) => number): void {
  if (n <= 1) return;
  const n1 = n >> 1;
  const n2 = n - n1;
  sortRange(a, tmp, lo, n1, cmp);
  sortRange(a, tmp, lo + n1, n2, cmp);
  let i = lo;
  let j = lo + n1;
  const iEnd = lo + n1;
  const jEnd = lo + n;
  let k = 0;
  while (i < iEnd && j < jEnd) {
    if (cmp(a[i]!, a[j]!) <= 0) tmp[k++] = a[i++]!;
    else tmp[k++] = a[j++]!;
  }
  while (i < iEnd) tmp[k++] = a[i++]!;
  for (let x = 0; x < k; x++) a[lo + x] = tmp[x]!;
}

/**
 * A stable sort for a consistent comparator (Go, RFC 6724, FreeBSD profiles), recording each
 * comparison for the explanation. `compare(i, j)` takes input indexes and never returns 0.
 */
export function sortRecorded<T extends { readonly index: number }, C extends { readonly result: number }>(
  items: T[],
  compare: (a: number, b: number) => C,
): { sorted: T[]; comparisons: C[] } {
  const comparisons: C[] = [];
  if (items.length < 2) return { sorted: items, comparisons };
  const sorted = mergeSort(items, (x, y) => {
    const c = compare(x.index, y.index);
    comparisons.push(c);
    return c.result;
  });
  return { sorted, comparisons };
}
