import { describe, expect, it } from 'vitest';
import { parseIp, v4Number } from '../../src/address/ip.js';
import { effectiveGlibcTables } from '../../src/policy/effective-tables.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { lookupPrefix, lookupScopeV4 } from '../../src/policy/lookup.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, GLIBC_SCOPEV4, type PrefixRow } from '../../src/policy/tables.js';

const bytes = (text: string): Uint8Array => {
  const ip = parseIp(text);
  if (!ip) throw new Error(`bad test address ${text}`);
  return ip.bytes;
};
const value = (rows: PrefixRow[], addr: string) => lookupPrefix(rows, bytes(addr))?.value;
const scope = (rows: Parameters<typeof lookupScopeV4>[0], addr: string) => lookupScopeV4(rows, v4Number(bytes(addr)));
const tables = (text: string, glibc = '2.36') => effectiveGlibcTables(parseGaiConf(text, { glibc }));

const DEFAULT_LABEL_LINES = [
  'label ::1/128 0',
  'label 2002::/16 2',
  'label ::/96 3',
  'label ::ffff:0:0/96 4',
  'label fec0::/10 5',
  'label fc00::/7 6',
  'label 2001::/32 7',
  'label ::/0 1',
];

describe('effectiveGlibcTables defaults', () => {
  it('null gives glibc default arrays in their array order', () => {
    const t = effectiveGlibcTables(null);
    expect(t.labels.map((r) => r.text)).toEqual(GLIBC_LABELS.map((r) => r.text));
    expect(t.precedence.map((r) => r.text)).toEqual(['::1/128', '2002::/16', '::/96', '::ffff:0:0/96', '::/0']);
    expect(t.scopev4.map((r) => r.text)).toEqual(['169.254.0.0/16', '127.0.0.0/8', '0.0.0.0/0']);
    expect([t.labelsCustom, t.precedenceCustom, t.scopev4Custom]).toEqual([false, false, false]);
  });

  it('a file without accepted entries keeps the defaults', () => {
    const t = tables('# nothing\nPRECEDENCE ::ffff:0:0/96 100\nprecedence 198.51.100.0/24 100\nreload yes');
    expect(t.precedenceCustom).toBe(false);
    expect(value(t.precedence, '198.51.100.7')).toBe(10);
  });

  it('returns fresh arrays: mutating them leaves the defaults alone', () => {
    const t = effectiveGlibcTables(null);
    t.labels.length = 0;
    t.scopev4.pop();
    expect(GLIBC_LABELS).toHaveLength(8);
    expect(GLIBC_SCOPEV4).toHaveLength(3);
    expect(effectiveGlibcTables(null).labels).toHaveLength(8);
  });
});

describe('whole-table replacement (§1.3, OBSERVED)', () => {
  it('only `precedence ::ffff:0:0/96 100`: ::1 and 2002::/16 fall to the implicit ::/0 → 40', () => {
    const t = tables('precedence ::ffff:0:0/96 100');
    expect(t.precedenceCustom).toBe(true);
    expect(value(t.precedence, '198.51.100.7')).toBe(100);
    expect(value(t.precedence, '::1')).toBe(40);
    expect(value(t.precedence, '2002:c633:6401::1')).toBe(40);
    expect(value(t.precedence, '::1.2.3.4')).toBe(40); // ::/96 (20) is gone too
    expect(t.precedence.map((r) => [r.text, r.value])).toEqual([
      ['::ffff:0:0/96', 100],
      ['::/0', 40],
    ]);
    // other kinds untouched
    expect(t.labelsCustom).toBe(false);
    expect(value(t.labels, 'fc00::1')).toBe(6);
  });

  it('each kind is replaced independently', () => {
    const t = tables('label 2001:db8::/32 9');
    expect(value(t.labels, '2001:db8::1')).toBe(9);
    expect(value(t.labels, '::1')).toBe(1); // default label 0 gone, implicit ::/0 → 1
    expect(value(t.labels, 'fc00::1')).toBe(1);
    expect(value(t.precedence, '::1')).toBe(50);
  });

  it('appends the implicit /0 row only when the file has none', () => {
    const implicit = tables('precedence 2001:db8::/32 45');
    expect(implicit.precedence.map((r) => r.text)).toEqual(['2001:db8::/32', '::/0']);
    expect(value(implicit.precedence, '2a00::1')).toBe(40);

    const explicit = tables('precedence ::/0 7\nprecedence 2001:db8::/32 45');
    expect(explicit.precedence).toHaveLength(2);
    expect(value(explicit.precedence, '2a00::1')).toBe(7);

    const labels = tables('label 2001:db8::/32 9');
    expect(labels.labels.at(-1)).toMatchObject({ length: 0, value: 1 });
    const scopes = tables('scopev4 10.0.0.0/8 5');
    expect(scopes.scopev4.at(-1)).toMatchObject({ network: 0, mask: 0, value: 14 });
  });

  it('a /0 written with host bits still counts as the catch-all (nullbits)', () => {
    const t = tables('precedence 2001:db8::/0 3\nprecedence ::1/128 50');
    expect(t.precedence).toHaveLength(2);
    expect(value(t.precedence, '198.51.100.7')).toBe(3);
  });

  it('an empty length on 2.36 is /0 and captures every address (§9.4)', () => {
    const t = tables('precedence 2001:db8:1::/ 0');
    expect(value(t.precedence, '::1')).toBe(0);
    expect(value(t.precedence, '198.51.100.7')).toBe(0);
    expect(tables('precedence 2001:db8:1::/ 0', '2.41').precedenceCustom).toBe(false);
  });

  it('sorts longest prefix first, whatever the file order', () => {
    const t = tables('precedence ::/0 1\nprecedence 2001:db8::/32 2\nprecedence 2001:db8:1::/48 3');
    expect(t.precedence.map((r) => r.length)).toEqual([48, 32, 0]);
    expect(value(t.precedence, '2001:db8:1::5')).toBe(3);
    expect(value(t.precedence, '2001:db8:2::5')).toBe(2);
  });
});

describe('duplicate prefixes: the first line wins (stable sort, OBSERVED)', () => {
  it('100 then 5 gives 100', () => {
    const t = tables('precedence ::ffff:198.51.100.0/120 100\nprecedence ::ffff:198.51.100.0/120 5');
    expect(value(t.precedence, '198.51.100.7')).toBe(100);
  });

  it('5 then 100 gives 5', () => {
    const t = tables('precedence ::ffff:198.51.100.0/120 5\nprecedence ::ffff:198.51.100.0/120 100');
    expect(value(t.precedence, '198.51.100.7')).toBe(5);
  });

  it('equal lengths keep file order even with longer rows in between', () => {
    const t = tables('label 2001:db8::/32 1\nlabel 2001:db8:1::/48 2\nlabel 2001:db8::/32 3\nlabel 2001:db9::/32 4');
    expect(t.labels.map((r) => r.value)).toEqual([2, 1, 3, 4, 1]);
  });
});

describe('scopev4', () => {
  it('a custom table drops the 169.254/16 and 127/8 defaults', () => {
    const t = tables('scopev4 10.0.0.0/8 5');
    expect(t.scopev4Custom).toBe(true);
    expect(scope(t.scopev4, '10.1.2.3')).toBe(5);
    expect(scope(t.scopev4, '169.254.1.1')).toBe(14);
    expect(scope(t.scopev4, '127.0.0.1')).toBe(14);
    expect(scope(effectiveGlibcTables(null).scopev4, '169.254.1.1')).toBe(2);
    expect(scope(effectiveGlibcTables(null).scopev4, '127.0.0.1')).toBe(2);
  });

  it('sorts by mask, longest first, and masks the network', () => {
    const t = tables('scopev4 10.0.0.0/8 5\nscopev4 10.1.9.9/16 6\nscopev4 ::ffff:192.168.0.0/112 7');
    expect(t.scopev4.map((r) => r.text)).toEqual(['10.1.9.9/16', '::ffff:192.168.0.0/112', '10.0.0.0/8', '0.0.0.0/0']);
    expect(t.scopev4[0]).toMatchObject({ network: 0x0a010000, mask: 0xffff0000, length: 16 });
    expect(scope(t.scopev4, '10.1.2.3')).toBe(6);
    expect(scope(t.scopev4, '10.2.2.3')).toBe(5);
    expect(scope(t.scopev4, '192.168.5.5')).toBe(7);
  });

  it('reproduces the tst-rfc3484-3 table (§9.3)', () => {
    const t = tables('scopev4 169.254.0.0/16 2\nscopev4 127.0.0.0/8 2\nscopev4 10.0.0.0/8 5\nscopev4 192.168.0.0/16 5');
    expect(['10.50.69.114', '160.168.109.29', '192.168.1.1', '127.0.0.1', '172.22.35.17'].map((a) => scope(t.scopev4, a))).toEqual([
      5, 14, 5, 2, 14,
    ]);
  });

  it('an explicit 0.0.0.0/0 replaces the implicit 14', () => {
    const t = tables('scopev4 0.0.0.0/0 5');
    expect(t.scopev4).toHaveLength(1);
    expect(scope(t.scopev4, '8.8.8.8')).toBe(5);
  });

  it('/32 host entries match only that host', () => {
    const t = tables('scopev4 198.51.100.7/32 2');
    expect(t.scopev4[0]!.mask).toBe(0xffffffff);
    expect(scope(t.scopev4, '198.51.100.7')).toBe(2);
    expect(scope(t.scopev4, '198.51.100.8')).toBe(14);
  });
});

describe('labels', () => {
  it('`fd00::/8 1` plus the full default labels: fd00::2 → 1, fc00::1 → 6', () => {
    const withFd = tables([...DEFAULT_LABEL_LINES, 'label fd00::/8 1'].join('\n'));
    expect(value(withFd.labels, 'fd00::2')).toBe(1);
    expect(value(withFd.labels, 'fc00::1')).toBe(6);
    expect(value(withFd.labels, '::1')).toBe(0);
    expect(value(withFd.labels, '198.51.100.7')).toBe(4);
    // without the fd00 line, fd00::2 is a plain ULA again
    expect(value(tables(DEFAULT_LABEL_LINES.join('\n')).labels, 'fd00::2')).toBe(6);
  });

  it('crashing files still produce tables; the caller checks `crashes`', () => {
    const parsed = parseGaiConf('scopev4 198.51.100.7 2\nlabel 2001:db8::/32 9');
    expect(parsed.crashes).toBe(true);
    expect(effectiveGlibcTables(parsed).labelsCustom).toBe(true);
  });
});
