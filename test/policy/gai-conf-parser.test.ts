import { describe, expect, it } from 'vitest';
import { GaiconfInputError } from '../../src/input-error.js';
import {
  DIAGNOSTIC_CODES,
  glibcAtLeast,
  parseGaiConf,
  type GaiConfKind,
  type ParsedGaiConf,
} from '../../src/policy/gai-conf-parser.js';

// What one line does on a given glibc: the accepted entry, dropped, or a crash of gaiconf_init.
type Outcome = { length: number; value: number } | 'dropped' | 'crash';

interface Vector {
  line: string;
  v236: Outcome;
  v241: Outcome;
  /** diagnostic codes on 2.36 / 2.41 (replaces-defaults is tested separately) */
  codes236: string[];
  codes241?: string[];
}

const P = 'precedence ::ffff:198.51.100.0/120';
const ok = (length: number, value: number): Outcome => ({ length, value });

// One row per line form of address-selection.md §9.4 (OBSERVED on 2.36; 2.41 from the fixed
// parser's source), then the other forms §1.3 describes.
const VECTORS: Vector[] = [
  // §9.4
  { line: 'precedence ::ffff:0:0/96 100', v236: ok(96, 100), v241: ok(96, 100), codes236: [] },
  { line: 'precedence ::ffff:198.51.100.7/128 100', v236: ok(128, 100), v241: ok(128, 100), codes236: [] },
  { line: 'precedence ::ffff:198.51.100.7 100', v236: 'dropped', v241: ok(128, 100), codes236: ['missing-length'] },
  { line: 'precedence 2001:db8:1::/48', v236: ok(48, 0), v241: 'dropped', codes236: ['missing-value'] },
  { line: 'precedence 2001:db8:1::/48 0', v236: ok(48, 0), v241: ok(48, 0), codes236: [] },
  { line: 'precedence 2001:db8:1::/ 0', v236: ok(0, 0), v241: 'dropped', codes236: ['empty-length'] },
  { line: 'precedence 198.51.100.0/24 100', v236: 'dropped', v241: 'dropped', codes236: ['ipv4-prefix'] },
  { line: `${P} 100 extra tokens here`, v236: ok(120, 100), v241: ok(120, 100), codes236: ['extra-tokens'] },
  { line: 'precedence ::ffff:198.51.100.0/129 100', v236: 'dropped', v241: 'dropped', codes236: ['length-out-of-range'] },
  { line: `${P} 2147483648`, v236: 'dropped', v241: 'dropped', codes236: ['value-out-of-range'] },
  { line: `${P} -1`, v236: 'dropped', v241: 'dropped', codes236: ['value-out-of-range'] },
  { line: `${P} 0x64`, v236: 'dropped', v241: 'dropped', codes236: ['bad-value'] },
  { line: `PRECEDENCE ::ffff:198.51.100.0/120 100`, v236: 'dropped', v241: 'dropped', codes236: ['unknown-keyword'] },
  { line: `${P} 2147483647`, v236: ok(120, 2147483647), v241: ok(120, 2147483647), codes236: [] },
  { line: `${P} +100`, v236: ok(120, 100), v241: ok(120, 100), codes236: [] },
  { line: 'precedence ::ffff:198.51.100.0/0120 100', v236: ok(120, 100), v241: ok(120, 100), codes236: [] },
  { line: ` \t ${P} 100`, v236: ok(120, 100), v241: ok(120, 100), codes236: [] },
  { line: `${P} 100 # comment`, v236: ok(120, 100), v241: ok(120, 100), codes236: [] },
  { line: `${P} 100#c`, v236: ok(120, 100), v241: ok(120, 100), codes236: ['comment-in-token'] },
  { line: 'label 2001:db8:99::/48 99', v236: ok(48, 99), v241: ok(48, 99), codes236: [] },
  { line: 'label 2001:db8:99::/48', v236: ok(48, 0), v241: 'dropped', codes236: ['missing-value'] },
  { line: 'label 2001:db8:99:: 99', v236: 'dropped', v241: ok(128, 99), codes236: ['missing-length'] },
  { line: 'scopev4 198.51.100.0/24 2', v236: ok(24, 2), v241: ok(24, 2), codes236: [] },
  { line: 'scopev4 ::ffff:198.51.100.0/120 2', v236: ok(24, 2), v241: ok(24, 2), codes236: [] },
  { line: 'scopev4 198.51.100.0/24', v236: ok(24, 0), v241: 'dropped', codes236: ['missing-value'] },
  { line: 'scopev4 ::ffff:198.51.100.0/95 2', v236: 'dropped', v241: 'dropped', codes236: ['length-out-of-range'] },
  { line: 'scopev4 198.51.100.0/33 2', v236: 'dropped', v241: 'dropped', codes236: ['length-out-of-range'] },
  { line: 'scopev4 198.51.100.7 2', v236: 'crash', v241: ok(32, 2), codes236: ['scopev4-crash'], codes241: ['missing-length'] },
  { line: 'scopev4 ::ffff:198.51.100.7 2', v236: 'crash', v241: ok(32, 2), codes236: ['scopev4-crash'], codes241: ['missing-length'] },

  // §1.3, not in §9.4
  { line: 'precedence ::ffff:198.51.100.0/-0 100', v236: ok(0, 100), v241: ok(0, 100), codes236: ['host-bits-set'] },
  { line: 'precedence 2001:db8::/+32 5', v236: ok(32, 5), v241: ok(32, 5), codes236: [] },
  { line: 'precedence 2001:db8::/0x40 5', v236: 'dropped', v241: 'dropped', codes236: ['bad-length'] },
  { line: 'precedence 2001:db8::/-5 5', v236: 'dropped', v241: 'dropped', codes236: ['length-out-of-range'] },
  { line: 'precedence 2001:db8::/64/3 5', v236: 'dropped', v241: 'dropped', codes236: ['bad-length'] },
  { line: 'precedence 2001:db8::/+ 5', v236: 'dropped', v241: 'dropped', codes236: ['bad-length'] },
  { line: 'precedence 2001:db8::/18446744073709551616 1', v236: 'dropped', v241: 'dropped', codes236: ['length-out-of-range'] },
  // strtoul negates modulo 2^64: -(2^64 - 128) is 128 (derived from strtoul, not observed)
  { line: 'precedence 2001:db8::/-18446744073709551488 1', v236: ok(128, 1), v241: ok(128, 1), codes236: [] },
  { line: 'precedence 2001:db8::/32 -0', v236: ok(32, 0), v241: ok(32, 0), codes236: [] },
  { line: 'precedence 2001:db8::/32 +', v236: 'dropped', v241: 'dropped', codes236: ['bad-value'] },
  { line: 'precedence 2001:db8::/32 99999999999999999999999', v236: 'dropped', v241: 'dropped', codes236: ['value-out-of-range'] },
  { line: 'precedence 2001:db8::/32   ', v236: ok(32, 0), v241: 'dropped', codes236: ['missing-value'] },
  { line: 'precedence fe80::1%eth0/128 5', v236: 'dropped', v241: 'dropped', codes236: ['zone-id'] },
  { line: 'precedence [2001:db8::]/32 5', v236: 'dropped', v241: 'dropped', codes236: ['bad-address'] },
  { line: 'precedence', v236: 'dropped', v241: 'dropped', codes236: ['missing-prefix'] },
  { line: 'precedence ::1/128#x 50', v236: ok(128, 0), v241: 'dropped', codes236: ['comment-in-token', 'missing-value'] },
  { line: 'prec#edence ::1/128 50', v236: 'dropped', v241: 'dropped', codes236: ['unknown-keyword', 'comment-in-token'] },
  { line: 'precedence\t2001:db8::/32\t7', v236: ok(32, 7), v241: ok(32, 7), codes236: [] },
  { line: 'precedence\v2001:db8::/32\f7\r', v236: ok(32, 7), v241: ok(32, 7), codes236: [] },
  { line: 'precedence\u00a02001:db8::/32 7', v236: 'dropped', v241: 'dropped', codes236: ['unknown-keyword'] },
  { line: 'Label 2001:db8::/32 5', v236: 'dropped', v241: 'dropped', codes236: ['unknown-keyword'] },
  { line: 'label ::ffff:10.0.0.0/8 5', v236: ok(8, 5), v241: ok(8, 5), codes236: ['ipv4-length'] },
  { line: 'label 2001:db8::1/32 5', v236: ok(32, 5), v241: ok(32, 5), codes236: ['host-bits-set'] },
  { line: 'scopev4 2001:db8::/32 5', v236: 'dropped', v241: 'dropped', codes236: ['scopev4-not-mapped'] },
  // not v4-mapped short-circuits before the uninitialised endp is read: no crash
  { line: 'scopev4 2001:db8:: 5', v236: 'dropped', v241: 'dropped', codes236: ['scopev4-not-mapped'] },
  { line: 'scopev4 nonsense 5', v236: 'dropped', v241: 'dropped', codes236: ['bad-address'] },
  { line: 'scopev4 010.0.0.0/8 5', v236: 'dropped', v241: 'dropped', codes236: ['bad-address'] },
  { line: 'scopev4 198.51.100.0/ 2', v236: ok(0, 2), v241: 'dropped', codes236: ['empty-length'] },
  { line: 'scopev4 ::ffff:198.51.100.0/ 2', v236: 'dropped', v241: 'dropped', codes236: ['empty-length'] },
  { line: 'scopev4 ::ffff:198.51.100.0/96 2', v236: ok(0, 2), v241: ok(0, 2), codes236: ['host-bits-set'] },
  { line: 'scopev4 198.51.100.5/24 2', v236: ok(24, 2), v241: ok(24, 2), codes236: ['host-bits-set'] },
  { line: 'scopev4 198.51.100.0/24 2 extra', v236: ok(24, 2), v241: ok(24, 2), codes236: ['extra-tokens'] },
];

function kindOf(line: string): GaiConfKind {
  const word = line.trim().split(/[ \t\v\f\r]/)[0];
  return word === 'label' || word === 'scopev4' ? word : 'precedence';
}

function outcomeOf(parsed: ParsedGaiConf): Outcome {
  if (parsed.crashes) return 'crash';
  const [entry] = parsed.entries;
  return entry ? ok(entry.length, entry.value) : 'dropped';
}

const codesOf = (parsed: ParsedGaiConf): string[] =>
  parsed.diagnostics.filter((d) => d.code !== 'replaces-defaults').map((d) => d.code);

describe('parseGaiConf line vectors', () => {
  for (const [version, pick] of [
    ['2.36', (v: Vector) => [v.v236, v.codes236] as const],
    ['2.41', (v: Vector) => [v.v241, v.codes241 ?? v.codes236] as const],
  ] as const) {
    describe(`glibc ${version}`, () => {
      it.each(VECTORS.map((v) => [JSON.stringify(v.line), v] as const))('%s', (_name, v) => {
        const parsed = parseGaiConf(v.line, { glibc: version });
        const [outcome, codes] = pick(v);
        expect(outcomeOf(parsed)).toEqual(outcome);
        expect(codesOf(parsed)).toEqual(codes);
        expect(parsed.entries.length).toBeLessThanOrEqual(1);
        if (parsed.entries[0]) expect(parsed.entries[0].kind).toBe(kindOf(v.line));
        // error ⇔ glibc dropped the line (or crashed on it)
        const hasError = parsed.diagnostics.some((d) => d.severity === 'error');
        expect(hasError).toBe(outcome === 'dropped' || outcome === 'crash');
      });
    });
  }

  it('uses only documented, kebab-case codes with a message and a hint', () => {
    for (const v of VECTORS) {
      for (const version of ['2.36', '2.41']) {
        for (const d of parseGaiConf(v.line, { glibc: version }).diagnostics) {
          expect(Object.keys(DIAGNOSTIC_CODES)).toContain(d.code);
          expect(d.message.length).toBeGreaterThan(10);
          expect(d.hint.length).toBeGreaterThan(5);
          expect(d.hint).not.toContain('\n');
          expect(d.column).toBeGreaterThanOrEqual(1);
        }
      }
    }
    for (const code of Object.keys(DIAGNOSTIC_CODES)) expect(code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});

describe('parseGaiConf details', () => {
  it('stores the prefix as written, with host bits, and scopev4 as mapped bytes', () => {
    const [label, scope] = parseGaiConf('label 2001:db8::1/32 5\nscopev4 198.51.100.5/24 2').entries;
    expect(label).toMatchObject({ kind: 'label', prefix: '2001:db8::1', length: 32, value: 5, line: 1 });
    expect(label!.bytes[15]).toBe(1);
    expect(scope).toMatchObject({ kind: 'scopev4', prefix: '198.51.100.5', length: 24, value: 2, line: 2 });
    expect(Array.from(scope!.bytes)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 198, 51, 100, 5]);
  });

  it('an empty file or a comment-only file has no entries and no diagnostics', () => {
    for (const text of ['', '\n', '# only a comment\n   # indented\n\n', '#label ::1/128 5']) {
      expect(parseGaiConf(text)).toEqual({ entries: [], diagnostics: [], reload: false, crashes: false });
    }
  });

  it('reads CRLF files line by line, with 1-based line numbers', () => {
    const parsed = parseGaiConf('# header\r\nprecedence ::ffff:0:0/96 100\r\n\r\nlabel 2001:db8::/32 5\r\n');
    expect(parsed.entries.map((e) => [e.kind, e.line, e.value])).toEqual([
      ['precedence', 2, 100],
      ['label', 4, 5],
    ]);
  });

  it('treats a lone \\r as whitespace, not as a line break (getline splits on \\n only)', () => {
    const parsed = parseGaiConf('precedence ::1/128 50\rlabel ::1/128 0');
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.diagnostics.map((d) => d.code)).toContain('extra-tokens');
  });

  it('keeps parsing after a crashing scopev4 line and reports the crash', () => {
    const parsed = parseGaiConf('scopev4 198.51.100.7 2\nprecedence ::ffff:0:0/96 100', { glibc: '2.38' });
    expect(parsed.crashes).toBe(true);
    expect(parsed.entries).toHaveLength(1);
    const crash = parsed.diagnostics.find((d) => d.code === 'scopev4-crash')!;
    expect(crash.severity).toBe('error');
    expect(crash.message).toMatch(/SIGSEGV/);
    expect(crash.message).toMatch(/backport/);
  });

  it('treats 2.39 and 2.40 as the unfixed parser and 2.41+/2.42 as fixed', () => {
    const line = 'precedence ::ffff:198.51.100.7 100';
    expect(parseGaiConf(line, { glibc: '2.40' }).entries).toHaveLength(0);
    expect(parseGaiConf(line, { glibc: '2.39.9000' }).entries).toHaveLength(0);
    expect(parseGaiConf(line, { glibc: '2.42' }).entries).toHaveLength(1);
    expect(parseGaiConf(line, { glibc: '3.0' }).entries).toHaveLength(1);
    expect(parseGaiConf(line).entries).toHaveLength(0); // default 2.36
  });

  it('missing-length is an error on 2.36 and info on 2.41', () => {
    const line = 'label 2001:db8:99:: 99';
    const severity = (glibc: string) =>
      parseGaiConf(line, { glibc }).diagnostics.find((d) => d.code === 'missing-length')?.severity;
    expect(severity('2.36')).toBe('error');
    expect(severity('2.41')).toBe('info');
  });

  it('points columns at the offending token', () => {
    const at = (text: string, code: string) => parseGaiConf(text).diagnostics.find((d) => d.code === code)?.column;
    expect(at('precedence 198.51.100.0/24 100', 'ipv4-prefix')).toBe(12);
    expect(at('  PRECEDENCE ::1/128 5', 'unknown-keyword')).toBe(3);
    expect(at('precedence 2001:db8::/129 5', 'length-out-of-range')).toBe(23);
    expect(at('precedence 2001:db8::/32 0x64', 'bad-value')).toBe(26);
    expect(at('precedence 2001:db8::/32', 'missing-value')).toBe(25);
    expect(at('precedence ::1/128 5 extra', 'extra-tokens')).toBe(22);
    expect(at('\tprecedence ::1/128 5#x', 'comment-in-token')).toBe(22);
  });

  it('writes useful hints', () => {
    const hint = (text: string) => parseGaiConf(text).diagnostics.find((d) => d.code !== 'replaces-defaults')!.hint;
    expect(hint('precedence 198.51.100.0/24 100')).toContain('::ffff:198.51.100.0/120 100');
    expect(hint('label 10.0.0.1 5')).toContain('::ffff:10.0.0.1/128');
    expect(hint('PRECEDENCE ::1/128 5')).toMatch(/case-sensitive.*"precedence"/);
    expect(hint('scope 10.0.0.0/8 5')).toContain('"scopev4"');
    expect(hint('lable ::1/128 5')).toContain('"label"');
    expect(hint('sortlist 10.0.0.0/8')).toContain('label, precedence, scopev4 and reload');
    expect(hint('precedence 2001:db8::/32 0x64')).toContain('100');
    expect(hint('label ::ffff:10.0.0.0/8 5')).toContain('::ffff:10.0.0.0/104');
    expect(hint('label 2001:db8::1/32 5')).toContain('2001:db8::/32');
    expect(hint('scopev4 198.51.100.7 2')).toContain('198.51.100.7/32');
    const missing = parseGaiConf('precedence ::1/128#x 50').diagnostics.find((d) => d.code === 'missing-value');
    expect(missing!.hint).toMatch(/swallowed/);
    expect(hint('\ufeffprecedence ::1/128 50')).toMatch(/byte-order mark/);
  });

  it('cuts the line at a NUL byte', () => {
    const parsed = parseGaiConf('precedence ::1/128\u0000 50');
    expect(parsed.entries[0]).toMatchObject({ length: 128, value: 0 });
    expect(codesOf(parsed)).toEqual(['nul-byte', 'missing-value']);
    expect(parseGaiConf('label ::1/128 5\u0000garbage').entries[0]).toMatchObject({ value: 5 });
  });

  it('does not report warnings about a line that is dropped later', () => {
    // empty length (would be a warning) but a bad value: only the error remains
    const parsed = parseGaiConf('precedence 2001:db8::/ 0x1');
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['bad-value']);
    expect(parsed.entries).toEqual([]);
  });
});

describe('reload', () => {
  const cases: [string, boolean, string[]][] = [
    ['reload yes', true, []],
    ['reload no', false, []],
    ['reload YES', false, ['reload-not-yes']],
    ['reload true', false, ['reload-not-yes']],
    ['reload', false, ['reload-not-yes']],
    ['reload yes please', true, ['extra-tokens']],
    ['reload yes\nreload no', false, []],
    ['reload no\nreload yes', true, []],
    ['Reload yes', false, ['unknown-keyword']],
    ['reload yes#comment', true, ['comment-in-token']],
  ];
  it.each(cases)('%j → %s', (text, reload, codes) => {
    const parsed = parseGaiConf(text);
    expect(parsed.reload).toBe(reload);
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(codes);
    expect(parsed.entries).toEqual([]);
  });
});

describe('table lints', () => {
  it('warns once per kind that the first line replaces the default table', () => {
    const parsed = parseGaiConf('precedence ::ffff:0:0/96 100\nprecedence 2001:db8::/32 45\nlabel 2001:db8::/32 9');
    const warnings = parsed.diagnostics.filter((d) => d.code === 'replaces-defaults');
    expect(warnings.map((d) => d.line)).toEqual([1, 3]);
    expect(warnings[0]!.severity).toBe('warning');
    expect(warnings[0]!.message).toContain('::1/128 → 50');
    expect(warnings[0]!.message).not.toContain('::ffff:0:0/96 → 10');
    expect(warnings[0]!.hint).toContain('"precedence 2002::/16 30"');
  });

  it('does not warn when every default row is repeated', () => {
    const full = [
      'precedence ::1/128 50',
      'precedence ::/0 40',
      'precedence 2002::/16 30',
      'precedence ::/96 20',
      'precedence ::ffff:0:0/96 100',
    ].join('\n');
    expect(parseGaiConf(full).diagnostics).toEqual([]);
  });

  it('warns about scopev4 tables that drop 169.254/16 and 127/8', () => {
    const [d] = parseGaiConf('scopev4 10.0.0.0/8 5').diagnostics;
    expect(d).toMatchObject({ code: 'replaces-defaults', line: 1 });
    expect(d!.message).toContain('169.254.0.0/16 → 2');
    expect(d!.message).toContain('127.0.0.0/8 → 2');
  });

  it('flags duplicate prefixes on the later line: warning when values differ, info when equal', () => {
    const text = [
      'precedence ::ffff:198.51.100.0/120 100',
      'precedence ::ffff:198.51.100.7/120 5', // same /120 network
      'precedence ::ffff:198.51.100.0/120 100',
      'precedence ::ffff:198.51.100.0/121 5', // different length: not a duplicate
    ].join('\n');
    const dups = parseGaiConf(text).diagnostics.filter((d) => d.code === 'duplicate-prefix');
    expect(dups.map((d) => [d.line, d.severity])).toEqual([
      [2, 'warning'],
      [3, 'info'],
    ]);
    expect(dups[0]!.message).toContain('value 100 wins');
  });

  it('checks scopev4 duplicates on the masked network, in either notation', () => {
    const dups = parseGaiConf('scopev4 10.0.0.0/8 5\nscopev4 ::ffff:10.9.9.9/104 6').diagnostics.filter(
      (d) => d.code === 'duplicate-prefix',
    );
    expect(dups.map((d) => d.line)).toEqual([2]);
  });
});

describe('robustness', () => {
  it('never throws on garbage', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const alphabet = ['label', 'precedence', 'scopev4', 'reload', ' ', '\t', '/', ':', '::', '.', '#', '%', '-', '+', '0', '1', '9', 'f', 'x', 'ffff', '\r', '\n', '\0', '\u00a0', '\ufeff', '255', '128', '32'];
    for (let i = 0; i < 3000; i++) {
      let text = '';
      const n = Math.floor(rand() * 20);
      for (let j = 0; j < n; j++) text += alphabet[Math.floor(rand() * alphabet.length)];
      for (const glibc of ['2.36', '2.41']) {
        const parsed = parseGaiConf(text, { glibc });
        expect(parsed.diagnostics.every((d) => d.code !== 'internal-error')).toBe(true);
      }
    }
  });

  it('refuses non-string input and a glibc that is not a version, with the path at fault', () => {
    const thrown = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as GaiconfInputError;
      }
      throw new Error('expected a GaiconfInputError');
    };
    const e1 = thrown(() => parseGaiConf(undefined as unknown as string));
    expect(e1).toBeInstanceOf(GaiconfInputError);
    expect(e1).toMatchObject({ code: 'INVALID_ARGUMENT', errors: [{ path: 'text' }] });
    const e2 = thrown(() => parseGaiConf('label ::1/128 5', { glibc: 7 as unknown as string }));
    expect(e2).toMatchObject({ code: 'INVALID_OPTIONS', errors: [{ path: 'options.glibc' }] });
    expect(parseGaiConf('label ::1/128 5', { glibc: '2.39.9000' }).entries).toHaveLength(1);
  });
});

describe('glibcAtLeast', () => {
  it.each([
    ['2.36', '2.41', false],
    ['2.40', '2.41', false],
    ['2.39.9000', '2.41', false],
    ['2.41', '2.41', true],
    ['2.41.1', '2.41', true],
    ['2.42', '2.41', true],
    ['2.100', '2.41', true],
    ['3', '2.41', true],
    ['2.36-9+deb12u14', '2.36', true],
    ['junk', '2.41', false],
  ] as const)('%s ≥ %s is %s', (version, min, expected) => {
    expect(glibcAtLeast(version, min)).toBe(expected);
  });
});
