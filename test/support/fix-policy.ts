// The lint --fix property, shared by its unit test and the fuzz suite: on both parser
// generations, an address that gets another value lies inside a prefix a fix announced, and the
// row that decided it before is glibc's own, from an announced line, or less specific than the
// row that decides it now; lines the fix did not touch keep their bytes.
import { expect } from 'vitest';
import { matchesPrefix } from '../../src/address/prefix.js';
import { parseGaiConf, type GaiConfKind } from '../../src/policy/gai-conf-parser.js';
import { defaultRowsOf, entryRow, type FixResult, type TableRow } from '../../src/policy/lint.js';
import { bytesOf, prefixSpan } from '../../src/policy/prefix-table.js';

export const GENERATIONS = ['2.36', '2.41'] as const;
const KINDS: GaiConfKind[] = ['label', 'precedence', 'scopev4'];

/** glibc's table for a kind, rows in file order, as the parser reads `text` (first of a prefix wins). */
export function table(text: string | Uint8Array, g: string, kind: GaiConfKind): TableRow[] {
  const src = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  const rows = parseGaiConf(src, { glibc: g }).entries.filter((e) => e.kind === kind).map(entryRow);
  if (rows.length === 0) return defaultRowsOf(kind);
  const zero = kind === 'scopev4' ? 96 : 0;
  return rows.some((r) => r.length === zero) ? rows : [...rows, defaultRowsOf(kind).find((r) => r.length === zero)!];
}

/** Longest match; on equal prefixes the first row. */
export function decide(rows: readonly TableRow[], addr: Uint8Array): TableRow | null {
  let best: TableRow | null = null;
  for (const r of rows) if (matchesPrefix(addr, r.bytes, r.length) && (!best || r.length > best.length)) best = r;
  return best;
}

function probes(rows: readonly TableRow[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  const top = (1n << 128n) - 1n;
  for (const r of rows) {
    const { start, end } = prefixSpan(r.bytes, r.length);
    for (const p of [start, end, start > 0n ? start - 1n : start, end < top ? end + 1n : end]) out.push(bytesOf(p));
  }
  return out;
}

const prefixCache = new Map<string, { bytes: Uint8Array; length: number }>();
/** Is `addr` inside a prefix as a PolicyChange writes it (`::ffff:198.51.100.0/120`, scopev4 `169.254.0.0/16`)? */
function inside(addr: Uint8Array, prefixText: string): boolean {
  let p = prefixCache.get(prefixText);
  if (!p) {
    const [a, l] = prefixText.split('/');
    const e = /^\d+\.\d+\.\d+\.\d+$/.test(a!) ? parseGaiConf(`scopev4 ${a}/${l} 1`).entries[0]! : parseGaiConf(`label ${a}/${l} 1`).entries[0]!;
    p = { bytes: e.bytes, length: e.kind === 'scopev4' ? e.length + 96 : e.length };
    prefixCache.set(prefixText, p);
  }
  return matchesPrefix(addr, p.bytes, p.length);
}

/**
 * The property: on every generation, an address that gets another value is inside a prefix a
 * fix announced for that generation and kind, and the row that decided it before is either
 * glibc's own (implicit or built-in), from an announced line, or less specific than the row
 * that decides it now (a new, narrower row took part of it; never a row of the same prefix).
 */
export function checkPolicy(original: string | Uint8Array, f: FixResult, label: string): void {
  const announcedLines = new Set(f.fixes.filter((x) => x.policy.length).map((x) => x.line));
  for (const g of GENERATIONS) {
    for (const kind of KINDS) {
      const before = table(original, g, kind);
      const after = table(f.bytes, g, kind);
      const announced = f.fixes.flatMap((x) => x.policy).filter((c) => c.glibc === g && c.kind === kind);
      for (const p of [...probes(before), ...probes(after)]) {
        if (kind === 'scopev4' && !(p[10] === 0xff && p[11] === 0xff && p.subarray(0, 10).every((b) => b === 0))) continue;
        const was = decide(before, p);
        const now = decide(after, p);
        if ((was?.value ?? null) === (now?.value ?? null)) continue;
        const where = `${label}: ${g} ${kind} ${Buffer.from(p).toString('hex')}: ${was?.text} ${was?.value} → ${now?.text} ${now?.value}\n${Buffer.from(original).toString('latin1')}\n=>\n${f.text}`;
        expect(announced.some((c) => c.prefixes.some((x) => inside(p, x))), `unannounced change ${where}`).toBe(true);
        const ownRow = was === null || was.line === null;
        expect(ownRow || announcedLines.has(was.line!) || (now !== null && now.length > was.length), `a line glibc used lost its prefix ${where}`).toBe(true);
      }
    }
  }
}

/** Lines the fix did not touch are still there, byte for byte, in order. */
export function checkBytes(original: Uint8Array, f: FixResult, label: string): void {
  const split = (b: Uint8Array) => Buffer.from(b).toString('latin1').split('\n');
  const was = split(original);
  const now = split(f.bytes);
  const touched = new Set(f.fixes.filter((x) => x.code !== 'partial-table').map((x) => x.line));
  let j = 0;
  was.forEach((line, i) => {
    if (touched.has(i + 1)) return;
    while (j < now.length && now[j] !== line) j++;
    expect(j < now.length, `${label}: line ${i + 1} ${JSON.stringify(line)} lost`).toBe(true);
    j++;
  });
}

