// lint --fix never changes what glibc reads beyond what it announces (AppliedFix.policy, printed
// before the diff), on both parser generations; lines it does not fix keep their bytes.
import { describe, expect, it } from 'vitest';
import { matchesPrefix } from '../../src/address/prefix.js';
import { parseGaiConf, type GaiConfKind } from '../../src/policy/gai-conf-parser.js';
import { defaultRowsOf, entryRow, fixGaiConf, lintGaiConf, type FixResult, type TableRow } from '../../src/policy/lint.js';
import { bytesOf, prefixSpan } from '../../src/policy/prefix-table.js';
import { nearValidGaiConf } from '../support/gai-conf-gen.js';
import { prng } from '../support/prng.js';

const GENERATIONS = ['2.36', '2.41'] as const;
const KINDS: GaiConfKind[] = ['label', 'precedence', 'scopev4'];

/** glibc's table for a kind, rows in file order, as the parser reads `text` (first of a prefix wins). */
function table(text: string | Uint8Array, g: string, kind: GaiConfKind): TableRow[] {
  const src = typeof text === 'string' ? text : Buffer.from(text).toString('latin1');
  const rows = parseGaiConf(src, { glibc: g }).entries.filter((e) => e.kind === kind).map(entryRow);
  if (rows.length === 0) return defaultRowsOf(kind);
  const zero = kind === 'scopev4' ? 96 : 0;
  return rows.some((r) => r.length === zero) ? rows : [...rows, defaultRowsOf(kind).find((r) => r.length === zero)!];
}

/** Longest match; on equal prefixes the first row. */
function decide(rows: readonly TableRow[], addr: Uint8Array): TableRow | null {
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
function checkPolicy(original: string | Uint8Array, f: FixResult, label: string): void {
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
function checkBytes(original: Uint8Array, f: FixResult, label: string): void {
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

describe('lint --fix: what it may change', () => {
  it('an ignored IPv4 line does not take the prefix of the line glibc uses (it is commented out instead)', () => {
    const text = 'precedence 100.64.0.0/16 57\nprecedence ::ffff:100.64.0.0/112 53\n';
    const f = fixGaiConf(text);
    for (const g of GENERATIONS) expect(decide(table(f.bytes, g, 'precedence'), parseGaiConf('precedence ::ffff:100.64.0.1/128 1').entries[0]!.bytes)!.value).toBe(53);
    expect(f.text).toMatch(/^# gaiconf lint --fix: glibc ignores this line \(ipv4-prefix\), and line 2 sets the same prefix/m);
    checkPolicy(text, f, 'ipv4 vs used line');
  });

  it('a line without /len and without a value is left for a human (≤ 2.40 would read it as value 0)', () => {
    const f = fixGaiConf('label fe80::1\n');
    expect(f.text).toBe('label fe80::1\n');
    expect(f.changed).toBe(false);
  });

  it('a duplicate that wins on glibc ≥ 2.41 is not commented out', () => {
    const text = 'precedence 2001:db8::/48\nprecedence 2001:db8::/48 100\nprecedence ::/0 40\n';
    const f = fixGaiConf(text);
    expect(f.text).toContain('\nprecedence 2001:db8::/48 100\n');
    checkPolicy(text, f, 'dup ≥ 2.41');
  });

  it('a default row the file covers whole with longer rows is neither restated nor reported as vanished', () => {
    const text = 'precedence 2002::/17 1\nprecedence 2002:8000::/17 1\nprecedence ::ffff:0:0/96 100\n';
    const f = fixGaiConf(text);
    expect(f.text).not.toContain('2002::/16');
    expect(f.result.diagnostics.map((d) => d.code)).toEqual([]);
    expect(lintGaiConf(text).diagnostics.find((d) => d.code === 'partial-table')!.message).not.toContain('2002::/16');
  });

  it('keeps lines it does not fix byte for byte, in any encoding', () => {
    const original = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' (latin1)\nprecedence ::ffff:0:0/96 100\nprecedence 198.51.100.0/24 45\n')]);
    const f = fixGaiConf(original);
    expect(f.encoding).toBe('latin1');
    expect(Buffer.from(f.bytes).subarray(0, 17)).toEqual(original.subarray(0, 17));
    checkBytes(original, f, 'latin1');
    const bom = Buffer.from('\ufeff# ü\nprecedence 198.51.100.0/24 45\n');
    expect(Buffer.from(fixGaiConf(bom).bytes).subarray(0, 7)).toEqual(bom.subarray(0, 7));
  });

  it('--keep-policy: only fixes after which every glibc reads what it read before', () => {
    const text = '# x\nprecedence ::ffff:0:0/96 100\nprecedence 198.51.100.0/24 45\nprecedence ::ffff:0:0/96 5\n';
    const f = fixGaiConf(text, { keepPolicy: true });
    expect(f.fixes.map((x) => x.code)).toEqual(['duplicate-prefix']);
    expect(f.fixes.every((x) => x.policy.length === 0)).toBe(true);
  });

  it('property: seeded near-valid files, both generations, with and without --keep-policy', { timeout: 60_000 }, () => {
    const seeds = [1, 2, 0x5eed];
    for (const seed of seeds) {
      const r = prng(seed);
      for (let t = 0; t < 80; t++) {
        const original = nearValidGaiConf(r);
        const label = `seed ${seed} case ${t}`;
        for (const glibc of GENERATIONS) {
          const f = fixGaiConf(original, { glibc });
          checkPolicy(original, f, label);
          checkBytes(original, f, label);
          // restated rows are never ones that longer rows cover whole
          const shadowed = f.result.diagnostics.filter((d) => d.code === 'shadowed-entry').map((d) => Buffer.from(f.bytes).toString('latin1').split('\n')[d.line - 1]!);
          const before = lintGaiConf(Buffer.from(original).toString('latin1'), { glibc }).diagnostics.filter((d) => d.code === 'shadowed-entry').length;
          expect(shadowed.length, `${label}: ${shadowed.join(' | ')}`).toBeLessThanOrEqual(before + f.fixes.filter((x) => x.policy.length && x.code !== 'partial-table').length);
        }
        const kept = fixGaiConf(original, { keepPolicy: true });
        expect(kept.fixes.every((x) => x.policy.length === 0)).toBe(true);
        checkPolicy(original, kept, `${label} keep-policy`);
      }
    }
  });
});
