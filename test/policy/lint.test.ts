// gaiconf lint: the parser's diagnostics plus the semantic findings of src/policy/lint.ts, and the
// mechanical fixes of `lint --fix`. Expected values follow address-selection.md §1.2 (default
// tables), §1.3 (whole-table replacement, first line wins, BZ #32465, reload) and §1.6
// (non-transitivity when IPv4 and IPv6 share a precedence).
import { describe, expect, it } from 'vitest';
import { renderIntents } from '../../src/emit/gai-conf.js';
import { DIAGNOSTIC_CODES, type Diagnostic } from '../../src/policy/gai-conf-parser.js';
import { INTENT_NAMES } from '../../src/policy/intents.js';
import { fixGaiConf, LINT_CODES, lintGaiConf, lintLevel, partialTables } from '../../src/policy/lint.js';

/** glibc's default tables written out in full (address-selection.md §1.2). */
const FULL_PRECEDENCE = ['precedence ::1/128 50', 'precedence ::/0 40', 'precedence 2002::/16 30', 'precedence ::/96 20', 'precedence ::ffff:0:0/96 10'];
const FULL_LABEL = ['label ::1/128 0', 'label ::/0 1', 'label 2002::/16 2', 'label ::/96 3', 'label ::ffff:0:0/96 4', 'label fec0::/10 5', 'label fc00::/7 6', 'label 2001::/32 7'];
const FULL_SCOPE = ['scopev4 169.254.0.0/16 2', 'scopev4 127.0.0.0/8 2', 'scopev4 0.0.0.0/0 14'];
const file = (...lines: string[]) => `${lines.join('\n')}\n`;
const withPrecedence = (...lines: string[]) => file(...FULL_PRECEDENCE, ...lines);
const AFTER_PRECEDENCE = FULL_PRECEDENCE.length + 1;

interface Case {
  name: string;
  text: string;
  glibc?: string;
  code: string;
  line: number;
  column: number;
  severity: Diagnostic['severity'];
  /** substrings the message must hold */
  message?: string[];
  /** no other warning or error than this one (and `also`) */
  only?: boolean;
  also?: string[];
}

const CASES: Case[] = [
  {
    name: 'one precedence line: the default rows vanish, and what moves is listed',
    text: file('precedence ::ffff:0:0/96 100'),
    code: 'partial-table',
    line: 1,
    column: 1,
    severity: 'warning',
    message: ['::1/128 50 → 40 (falls to ::/0)', '2002::/16 30 → 40 (falls to ::/0)', '::/96 20 → 40 (falls to ::/0)'],
    only: true,
  },
  {
    name: 'one label line (field case 1 pitfall): IPv4 loses its own label',
    text: file('# docker', '  label fd00::/8 1'),
    code: 'partial-table',
    line: 2,
    column: 3,
    severity: 'warning',
    message: ['::ffff:0:0/96 4 → 1 (falls to ::/0)', 'fc00::/7 6 → 1'],
    only: true,
  },
  {
    name: 'one scopev4 line: 169.254/16 and 127/8 become global',
    text: file('scopev4 10.0.0.0/8 5'),
    code: 'partial-table',
    line: 1,
    column: 1,
    severity: 'warning',
    message: ['169.254.0.0/16 2 → 14 (falls to 0.0.0.0/0)', '127.0.0.0/8 2 → 14'],
    only: true,
  },
  {
    name: 'an entry covered whole by two longer ones',
    text: withPrecedence('precedence 2001:db8::/33 1', 'precedence 2001:db8:8000::/33 2', 'precedence 2001:db8::/32 5'),
    code: 'shadowed-entry',
    line: AFTER_PRECEDENCE + 2,
    column: 1,
    severity: 'warning',
    message: ['2001:db8::/32 never matches', 'lines 6, 7'],
    only: true,
  },
  {
    name: 'scopev4 entry shadowed by its two halves',
    text: file(...FULL_SCOPE, 'scopev4 198.51.100.0/25 2', 'scopev4 198.51.100.128/25 2', 'scopev4 198.51.100.0/24 14'),
    code: 'shadowed-entry',
    line: FULL_SCOPE.length + 3,
    column: 1,
    severity: 'warning',
    only: true,
  },
  {
    name: 'precedence for link-local destinations matches nothing usable',
    text: withPrecedence('  precedence fe80::/10 100'),
    code: 'unreachable-prefix',
    line: AFTER_PRECEDENCE,
    column: 3,
    severity: 'warning',
    message: ['fe80::/10', 'Rule 1'],
    only: true,
  },
  {
    name: 'a prefix without /len: dropped by 2.36, /128 on 2.41',
    text: withPrecedence('precedence 2001:db8::1 100'),
    code: 'version-dependent',
    line: AFTER_PRECEDENCE,
    column: 12,
    severity: 'warning',
    message: ['≤ 2.40: line ignored', '≥ 2.41: precedence 2001:db8::1/128 100'],
    also: ['missing-length'],
  },
  {
    name: 'a missing value: 0 on 2.36, dropped on 2.41',
    text: withPrecedence('precedence 2001:db8:1::/48'),
    code: 'version-dependent',
    line: AFTER_PRECEDENCE,
    column: 27,
    severity: 'warning',
    message: ['≤ 2.40: precedence 2001:db8:1::/48 0', '≥ 2.41: line ignored'],
    also: ['missing-value'],
  },
  {
    name: 'linting for 2.41: a scopev4 line without /len still crashes older glibc',
    text: file('scopev4 198.51.100.7 2', ...FULL_SCOPE),
    glibc: '2.41',
    code: 'version-dependent',
    line: 1,
    column: 9,
    severity: 'warning',
    message: ['SIGSEGV', '≥ 2.41: scopev4 198.51.100.7/32 2'],
  },
  {
    name: 'reload yes',
    text: file('reload yes'),
    code: 'reload-enabled',
    line: 1,
    column: 1,
    severity: 'warning',
    message: ['every getaddrinfo call'],
    only: true,
  },
  {
    name: 'IPv4 at 40 ties with global IPv6',
    text: file('precedence ::1/128 50', 'precedence ::/0 40', 'precedence 2002::/16 30', 'precedence ::/96 20', 'precedence ::ffff:0:0/96 40'),
    code: 'ipv4-ipv6-tie',
    line: 5,
    column: 1,
    severity: 'warning',
    message: ['precedence 40', '::/0 (global IPv6)', 'not transitive'],
    only: true,
  },
  {
    name: 'an IPv4 network at 50 ties with ::1',
    text: withPrecedence('precedence ::ffff:198.51.100.0/120 50'),
    code: 'ipv4-ipv6-tie',
    line: AFTER_PRECEDENCE,
    column: 1,
    severity: 'warning',
    message: ['::ffff:198.51.100.0/120', '::1/128'],
    only: true,
  },
  {
    name: 'a table without ::ffff:0:0/96: IPv4 falls to ::/0 and ties with global IPv6',
    text: file('precedence ::1/128 50', 'precedence ::/0 40', 'precedence 2002::/16 30', 'precedence ::/96 20'),
    code: 'ipv4-ipv6-tie',
    line: 2,
    column: 1,
    severity: 'warning',
    message: ['which no line covers', "takes ::/0's value"],
    also: ['partial-table'],
  },
  {
    name: 'comments about listening: gai.conf does not change bind()',
    text: file('# make nginx listen on IPv4 only'),
    code: 'bind-unaffected',
    line: 1,
    column: 1,
    severity: 'info',
    only: true,
  },
  // parser codes lint keeps (not repeated by a lint code)
  {
    name: 'IPv4 prefix in a label line (parser: ipv4-prefix, with the ::ffff: form)',
    text: file(...FULL_LABEL, 'label 10.0.0.0/8 9'),
    code: 'ipv4-prefix',
    line: FULL_LABEL.length + 1,
    column: 7,
    severity: 'error',
    message: ['IPv4 prefix'],
  },
  {
    name: 'a duplicate prefix (parser): the first line wins',
    text: withPrecedence('precedence ::ffff:198.51.100.0/120 100', 'precedence ::ffff:198.51.100.0/120 5'),
    code: 'duplicate-prefix',
    line: AFTER_PRECEDENCE + 1,
    column: 1,
    severity: 'warning',
    message: ['line 6', '100 wins'],
    only: true,
  },
  {
    name: 'scopev4 without /len crashes glibc 2.36 (parser: scopev4-crash)',
    text: file('scopev4 169.254.0.0 2'),
    code: 'scopev4-crash',
    line: 1,
    column: 9,
    severity: 'error',
    message: ['SIGSEGV'],
  },
];

describe('lintGaiConf: one finding per code', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.name}`, () => {
      const r = lintGaiConf(c.text, c.glibc ? { glibc: c.glibc } : {});
      const found = r.diagnostics.filter((d) => d.code === c.code);
      expect(found.map((d) => ({ line: d.line, column: d.column, severity: d.severity }))).toEqual([{ line: c.line, column: c.column, severity: c.severity }]);
      for (const m of c.message ?? []) expect(found[0]!.message).toContain(m);
      expect(found[0]!.hint.length).toBeGreaterThan(10);
      if (c.only || c.also) {
        const others = r.diagnostics.filter((d) => d.code !== c.code && d.severity !== 'info' && !(c.also ?? []).includes(d.code));
        expect(others).toEqual([]);
      }
    });
  }

  it('every lint code has a case above', () => {
    for (const code of Object.keys(LINT_CODES)) expect(CASES.some((c) => c.code === code), code).toBe(true);
  });

  it('lint codes do not reuse parser codes', () => {
    for (const code of Object.keys(LINT_CODES)) expect(code in DIAGNOSTIC_CODES).toBe(false);
  });

  it('replaces-defaults is superseded by partial-table, and never reported when nothing moves', () => {
    const partial = lintGaiConf(file('precedence ::ffff:0:0/96 100'));
    expect(partial.diagnostics.map((d) => d.code)).toEqual(['partial-table']);
    // ::/96 and 2002::/16 missing, but a ::/0 row with their value... only 2002::/16 at 30 keeps its value here
    const noMove = lintGaiConf(file('precedence ::1/128 50', 'precedence ::/0 40', 'precedence ::/96 20', 'precedence ::ffff:0:0/96 10', 'precedence 2002::/15 30'));
    expect(noMove.diagnostics).toEqual([]);
    expect(partialTables(noMove.entries)[0]!.missing.map((r) => r.text)).toEqual(['2002::/16']);
  });

  it('the IPv4 notation is reported once per line (by the parser), not twice', () => {
    const r = lintGaiConf(withPrecedence('precedence 198.51.100.0/24 100'));
    expect(r.diagnostics.filter((d) => d.line === AFTER_PRECEDENCE).map((d) => d.code)).toEqual(['ipv4-prefix']);
  });

  it('a scopev4 line without /len after another scopev4 line reads the same on 2.36 (stale pointer): no version-dependent', () => {
    const r = lintGaiConf(file(...FULL_SCOPE, 'scopev4 198.51.100.7 2'), { glibc: '2.41' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['missing-length']);
  });

  it('reload no, or a later reload no, is not reported', () => {
    expect(lintGaiConf(file('reload no')).diagnostics).toEqual([]);
    expect(lintGaiConf(file('reload yes', 'reload no')).diagnostics).toEqual([]);
  });

  it('link-local LABEL rows are not reported: a link-local source gets its label', () => {
    expect(lintGaiConf(file(...FULL_LABEL, 'label fe80::/10 1')).diagnostics).toEqual([]);
  });

  it('no tie is reported against obsolete classes (IPv4-compatible, site-local, 6bone)', () => {
    const r = lintGaiConf(file('precedence ::1/128 50', 'precedence ::/0 40', 'precedence 2002::/16 30', 'precedence ::/96 20', 'precedence ::ffff:0:0/96 20'));
    expect(r.diagnostics).toEqual([]);
  });
});

describe('lintGaiConf: clean files', () => {
  it('no file content, comments only, and the full default tables are clean (exit level 0)', () => {
    for (const text of ['', '# nothing here\n\n', file(...FULL_LABEL, ...FULL_PRECEDENCE, ...FULL_SCOPE)]) {
      const r = lintGaiConf(text);
      expect(r.diagnostics).toEqual([]);
      expect(lintLevel(r.diagnostics)).toBe(0);
    }
  });

  it('the full tables with one change (the shipped fixes) are clean', () => {
    expect(lintGaiConf(file(...FULL_LABEL, 'label fd00::/8 1')).diagnostics).toEqual([]);
    expect(lintGaiConf(file(...FULL_PRECEDENCE.slice(0, 4), 'precedence ::ffff:0:0/96 100')).diagnostics).toEqual([]);
  });

  it('every generated intent file lints clean (apply relies on it)', () => {
    for (const name of INTENT_NAMES) {
      const intent = name === 'prefer' || name === 'avoid' ? `${name} 198.51.100.0/24` : name;
      const text = renderIntents([intent]).text;
      expect({ intent, diagnostics: lintGaiConf(text).diagnostics.filter((d) => d.severity !== 'info') }).toEqual({ intent, diagnostics: [] });
    }
    expect(lintLevel(lintGaiConf(renderIntents(['rfc6724', 'avoid 198.51.100.0/24']).text).diagnostics)).toBe(0);
  });

  it('info only is level 0, a warning 1, an error 2', () => {
    const d = (severity: Diagnostic['severity']): Diagnostic => ({ line: 1, column: 1, severity, code: 'x', message: '', hint: '' });
    expect(lintLevel([d('info')])).toBe(0);
    expect(lintLevel([d('info'), d('warning')])).toBe(1);
    expect(lintLevel([d('warning'), d('error')])).toBe(2);
  });

  it('never throws on odd input', () => {
    for (const text of ['\0\0', 'label', 'precedence ::/0', '#'.repeat(5000), 'scopev4 ::ffff:1.2.3.4 2\nscopev4 1.2.3.4/32 2\n', 'x\r\ny\r\n']) {
      expect(() => lintGaiConf(text)).not.toThrow();
    }
  });
});

describe('fixGaiConf (lint --fix)', () => {
  it('IPv4 prefix → ::ffff: form, partial table restated, comments kept, result clean', () => {
    const text = file('# my preferences', 'precedence ::ffff:0:0/96 100   # prefer IPv4', 'precedence 198.51.100.0/24 50 # this network');
    const f = fixGaiConf(text);
    expect(f.changed).toBe(true);
    expect(f.text).toContain('# my preferences\n');
    expect(f.text).toContain('precedence ::ffff:0:0/96 100   # prefer IPv4\n');
    expect(f.text).toContain('precedence ::ffff:198.51.100.0/120 50 # this network\n');
    for (const row of ['precedence ::1/128 50', 'precedence 2002::/16 30', 'precedence ::/96 20', 'precedence ::/0 40']) expect(f.text).toContain(`${row}\n`);
    expect(f.fixes.map((x) => x.code).sort()).toEqual(['ipv4-prefix', 'partial-table']);
    // 50 for an IPv4 network ties with ::1: a warning the fix does not invent a value for
    expect(f.result.diagnostics.map((d) => d.code)).toEqual(['ipv4-ipv6-tie']);
  });

  it('missing /len: /128 for label and precedence, /32 for scopev4 (the 2.36 crash)', () => {
    const f = fixGaiConf(file(...FULL_PRECEDENCE, 'precedence 2001:db8::1 100', ...FULL_SCOPE, 'scopev4 198.51.100.7 2', 'scopev4 ::ffff:198.51.100.8 2'));
    expect(f.text).toContain('precedence 2001:db8::1/128 100\n');
    expect(f.text).toContain('scopev4 198.51.100.7/32 2\n');
    expect(f.text).toContain('scopev4 ::ffff:198.51.100.8/128 2\n');
    expect(f.result.diagnostics).toEqual([]);
    expect(f.result.crashes).toBe(false);
  });

  it('an IPv4-mapped prefix with an IPv4 length → length + 96', () => {
    const f = fixGaiConf(withPrecedence('precedence ::ffff:198.51.100.0/24 100'));
    expect(f.text).toContain('precedence ::ffff:198.51.100.0/120 100\n');
    expect(f.result.diagnostics).toEqual([]);
  });

  it('a duplicate: the losing line is commented out, naming the winner', () => {
    const f = fixGaiConf(withPrecedence('precedence ::ffff:198.51.100.0/120 100', 'precedence ::ffff:198.51.100.0/120 5'));
    const lines = f.text.split('\n');
    expect(lines[AFTER_PRECEDENCE]).toBe('# gaiconf lint --fix: duplicate of line 6, which wins: precedence ::ffff:198.51.100.0/120 5');
    expect(f.result.diagnostics).toEqual([]);
  });

  it('keeps CRLF line endings', () => {
    const f = fixGaiConf('# crlf\r\nlabel fd00::/8 1\r\n');
    expect(f.text.split('\n').slice(0, -1).every((l) => l.endsWith('\r'))).toBe(true);
    expect(f.result.diagnostics).toEqual([]);
  });

  it('leaves what needs a human, and says nothing changed', () => {
    const f = fixGaiConf(withPrecedence('precedence 2001:db8::/ 100', 'presedence ::/0 1'));
    expect(f.changed).toBe(false);
    expect(f.text).toBe(withPrecedence('precedence 2001:db8::/ 100', 'presedence ::/0 1'));
    expect(lintLevel(f.result.diagnostics)).toBe(2);
  });

  it('a clean file is left alone', () => {
    const text = file(...FULL_LABEL, 'label fd00::/8 1');
    expect(fixGaiConf(text)).toMatchObject({ changed: false, text, fixes: [] });
  });
});
