import { describe, expect, it } from 'vitest';
import { maskBytes } from '../../src/address/prefix.js';
import { generateCommand, renderGaiConf, renderIntents } from '../../src/emit/gai-conf.js';
import { effectiveGlibcTables, type GlibcTables } from '../../src/policy/effective-tables.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { policyFromIntents, policyTables } from '../../src/policy/intents.js';
import { prng } from './helpers.js';

function shape(t: GlibcTables) {
  const prefix = (rows: GlibcTables['labels']) => rows.map((r) => ({ text: r.text, length: r.length, value: r.value, bytes: Array.from(maskBytes(r.prefix, r.length)) }));
  return {
    labels: prefix(t.labels),
    precedence: prefix(t.precedence),
    scopev4: t.scopev4.map((r) => ({ network: r.network, mask: r.mask, length: r.length, value: r.value })),
    custom: [t.labelsCustom, t.precedenceCustom, t.scopev4Custom],
  };
}

const SIMPLE = ['glibc-default', 'rfc6724', 'prefer-ipv4', 'prefer-ipv6', 'ula-as-global'];
const PREFIXES = ['198.51.100.0/24', '203.0.113.7', '2001:db8::/32', '2002::/16', 'fd12:3456::/32', 'fc00::/7', '::ffff:192.0.2.0/120', '2001:db8:dead::/48', '0.0.0.0/0', '::/0', '2001::/32', 'fe80::/10'];

function combinations(): string[][] {
  const out: string[][] = SIMPLE.map((s) => [s]);
  for (const a of SIMPLE) for (const b of SIMPLE) if (a !== b) out.push([a, b]);
  const rand = prng(1234);
  for (let n = 0; n < 150; n++) {
    const list: string[] = [];
    const len = 1 + Math.floor(rand() * 5);
    for (let i = 0; i < len; i++) {
      const r = rand();
      if (r < 0.4) list.push(SIMPLE[Math.floor(rand() * SIMPLE.length)]!);
      else list.push(`${r < 0.75 ? 'prefer' : 'avoid'} ${PREFIXES[Math.floor(rand() * PREFIXES.length)]}`);
    }
    out.push(list);
  }
  return out;
}

describe('renderGaiConf round trip', () => {
  it('every valid intent combination renders lint-clean and parses back to exactly the intended tables (2.36 and 2.41 parsers)', () => {
    let rendered = 0;
    for (const list of combinations()) {
      let policy;
      try {
        policy = policyFromIntents(list).policy;
      } catch {
        continue; // contradicting combinations are tested in intents.test.ts
      }
      const r = renderIntents(list);
      expect(r.policy).toEqual(policy);
      for (const glibc of ['2.36', '2.41']) {
        const parsed = parseGaiConf(r.text, { glibc });
        const bad = parsed.diagnostics.filter((d) => d.severity !== 'info');
        expect(bad, `${list.join(', ')} on ${glibc}:\n${r.text}`).toEqual([]);
        expect(parsed.crashes).toBe(false);
        expect(shape(effectiveGlibcTables(parsed))).toEqual(shape(policyTables(policy)));
      }
      rendered++;
    }
    expect(rendered).toBeGreaterThan(100);
  });

  it('the presets-style files are free of even informational diagnostics', () => {
    for (const s of SIMPLE) expect(parseGaiConf(renderIntents([s]).text).diagnostics).toEqual([]);
  });

  it('explains itself: intents, command, changes, and why tables are whole', () => {
    const text = renderIntents(['ula-as-global', 'avoid 198.51.100.0/24']).text;
    expect(text).toMatch(/^# Intents: ula-as-global, avoid 198\.51\.100\.0\/24$/m);
    expect(text).toMatch(/^# Command: gaiconf generate --intent ula-as-global --intent 'avoid 198\.51\.100\.0\/24'$/m);
    expect(text).toMatch(/^#   - label fd00::\/8 1: new row, was 6 from fc00::\/7/m);
    expect(text).toMatch(/^#   - precedence ::ffff:198\.51\.100\.0\/120 0: new row, was 10 from ::ffff:0:0\/96/m);
    expect(text).toMatch(/^# What it does, with the values this file writes:\n#   - ula-as-global: `label fd00::\/8 1`, the label of ::\/0/m);
    expect(text).toMatch(/^#   - avoid 198\.51\.100\.0\/24: `precedence ::ffff:198\.51\.100\.0\/120 0`, below every row outside it$/m);
    expect(text).toMatch(/replaces glibc's entire default label table/);
    expect(text).toMatch(/musl \(Alpine\), Go's built-in resolver/);
    expect(text).toMatch(/^label fd00::\/8 +1 +# ULA, locally assigned/m);
    expect(text.endsWith('\n')).toBe(true);
    // eslint-disable-next-line no-control-regex
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(renderIntents(['ula-as-global', 'avoid 198.51.100.0/24']).text).toBe(text);
  });

  it('keeps hostile header text on comment lines', () => {
    const { policy } = policyFromIntents(['prefer-ipv4']);
    const text = renderGaiConf(policy, { intents: ['x\nlabel ::/0 99'], command: 'a\r\nprecedence ::/0 1', changes: ['c\nscopev4 0.0.0.0/0 1'], effects: ['e\nlabel ::/0 7'], conflicts: ['w\rprecedence ::/0 3'], notes: ['n\nreload yes'] });
    const parsed = parseGaiConf(text);
    expect(parsed.entries.every((e) => e.kind === 'precedence')).toBe(true);
    expect(parsed.reload).toBe(false);
    expect(shape(effectiveGlibcTables(parsed))).toEqual(shape(policyTables(policy)));
  });

  it('generateCommand quotes intents that need it', () => {
    expect(generateCommand(['prefer-ipv4', 'prefer 2001:db8::/32'])).toBe("gaiconf generate --intent prefer-ipv4 --intent 'prefer 2001:db8::/32'");
  });
});
