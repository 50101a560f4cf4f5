// lint --fix never changes what glibc reads beyond what it announces (AppliedFix.policy, printed
// before the diff), on both parser generations; lines it does not fix keep their bytes.
import { describe, expect, it } from 'vitest';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { fixGaiConf, lintGaiConf } from '../../src/policy/lint.js';
import { checkBytes, checkPolicy, decide, GENERATIONS, table } from '../support/fix-policy.js';
import { nearValidGaiConf } from '../support/gai-conf-gen.js';
import { prng } from '../support/prng.js';

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
