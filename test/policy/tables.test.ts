import { describe, expect, it } from 'vitest';
import { parseIp, v4Number } from '../../src/address/ip.js';
import { maskBytes } from '../../src/address/prefix.js';
import {
  lookupPolicy,
  lookupPolicyFirstMatch,
  lookupPrefix,
  lookupPrefixValue,
  lookupScopeV4,
} from '../../src/policy/lookup.js';
import {
  GLIBC_LABELS,
  GLIBC_PRECEDENCE,
  GLIBC_SCOPEV4,
  GO_POLICY,
  KERNEL_ADDRLABEL,
  MUSL_POLICY,
  RFC3484_POLICY,
  RFC6724_POLICY,
  type PolicyRow,
  type PrefixRow,
} from '../../src/policy/tables.js';

const bytes = (text: string): Uint8Array => {
  const ip = parseIp(text);
  if (!ip) throw new Error(`bad test address ${text}`);
  return ip.bytes;
};
const policy = (rows: readonly PolicyRow[], addr: string) => {
  const row = lookupPolicy(rows, bytes(addr));
  return row && [row.precedence, row.label];
};
const musl = (addr: string) => {
  const row = lookupPolicyFirstMatch(MUSL_POLICY, bytes(addr));
  return row && [row.precedence, row.label];
};
const prefixValue = (rows: readonly PrefixRow[], addr: string) => lookupPrefix(rows, bytes(addr))?.value;

describe('Go TestRFC6724PolicyTableClassify (§9.2)', () => {
  it.each([
    ['127.0.0.1', '::ffff:0:0/96', 35, 4],
    ['2601:645:8002:a500:986f:1db8:c836:bd65', '::/0', 40, 1],
    ['::1', '::1/128', 50, 0],
    ['2002::ab12', '2002::/16', 30, 2],
  ] as const)('%s → %s (%d/%d)', (addr, text, precedence, label) => {
    expect(lookupPolicy(GO_POLICY, bytes(addr))).toMatchObject({ text, precedence, label });
    // Go scans its longest-first table first-match; both scans must agree on it
    expect(lookupPolicyFirstMatch(GO_POLICY, bytes(addr))?.text).toBe(text);
  });

  it('TestRFC6724PolicyTableOrder: Go stores prefix lengths non-increasing', () => {
    const lengths = GO_POLICY.map((r) => r.length);
    expect(lengths).toEqual([...lengths].sort((a, b) => b - a));
  });

  it('Go and RFC 6724 hold the same rows', () => {
    const key = (r: PolicyRow) => `${r.text} ${r.precedence} ${r.label}`;
    expect(GO_POLICY.map(key).sort()).toEqual(RFC6724_POLICY.map(key).sort());
  });
});

describe('RFC tables (§4.1)', () => {
  it.each([
    ['::1', [50, 0], [50, 0]],
    ['2a00::1', [40, 1], [40, 1]],
    ['198.51.100.7', [35, 4], [10, 4]],
    ['2002:c633:6401::1', [30, 2], [30, 2]],
    ['2001::1', [5, 5], [40, 1]],
    ['fd00::1', [3, 13], [40, 1]],
    ['::1.2.3.4', [1, 3], [20, 3]],
    ['fec0::1', [1, 11], [40, 1]],
    ['3ffe::1', [1, 12], [40, 1]],
  ] as const)('%s: RFC 6724 %j, RFC 3484 %j', (addr, rfc6724, rfc3484) => {
    expect(policy(RFC6724_POLICY, addr)).toEqual(rfc6724);
    expect(policy(RFC3484_POLICY, addr)).toEqual(rfc3484);
  });
});

describe('musl defpolicy (§2), first match in musl order', () => {
  it.each([
    ['::1', [50, 0]],
    ['127.0.0.1', [35, 4]],
    ['2002::1', [30, 2]],
    ['2001:0:53aa:64c::1', [5, 5]],
    ['fd12::1', [3, 13]],
    ['fec0::1', [40, 1]], // compiled-out row
    ['::1.2.3.4', [40, 1]], // compiled-out row
    ['3ffe::1', [40, 1]], // compiled-out row
    ['2a00::1', [40, 1]],
  ] as const)('%s → %j', (addr, expected) => {
    expect(musl(addr)).toEqual(expected);
  });

  it('keeps musl order: ::ffff:0:0/96 before 2002::/16, ::/0 last, 6 rows', () => {
    expect(MUSL_POLICY.map((r) => r.text)).toEqual(['::1/128', '::ffff:0:0/96', '2002::/16', '2001::/32', 'fc00::/7', '::/0']);
  });
});

describe('kernel ip addrlabel default (§5.1)', () => {
  it.each([
    ['::1', 0],
    ['::1.2.3.4', 3],
    ['198.51.100.7', 4],
    ['2001::1', 6],
    ['2001:10::1', 7],
    ['2001:1f::1', 7],
    ['2001:0:20::1', 6],
    ['2001:20::1', 1], // outside both 2001::/32 (2001:0000) and 2001:10::/28
    ['3ffe::1', 12],
    ['2002::1', 2],
    ['fec0::1', 11],
    ['fd00::1', 5],
    ['2a00::1', 1],
  ] as const)('%s → label %d', (addr, label) => {
    expect(prefixValue(KERNEL_ADDRLABEL, addr)).toBe(label);
  });
});

describe('glibc defaults (§1.2)', () => {
  it.each([
    ['::1', 0, 50],
    ['2002::1', 2, 30],
    ['::1.2.3.4', 3, 20],
    ['198.51.100.7', 4, 10],
    ['fec0::1', 5, 40],
    ['fc00::1', 6, 40],
    ['2001::1', 7, 40],
    ['2a00::1', 1, 40],
  ] as const)('%s → label %d, precedence %d', (addr, label, precedence) => {
    expect(prefixValue(GLIBC_LABELS, addr)).toBe(label);
    expect(prefixValue(GLIBC_PRECEDENCE, addr)).toBe(precedence);
  });

  it.each([
    ['169.254.1.1', 2],
    ['127.5.5.5', 2],
    ['10.0.0.1', 14],
    ['192.168.1.1', 14],
    ['169.255.0.1', 14],
  ] as const)('scopev4 %s → %d', (addr, expected) => {
    expect(lookupScopeV4(GLIBC_SCOPEV4, v4Number(bytes(addr)))).toBe(expected);
  });
});

describe('table data sanity', () => {
  const prefixTables = { GLIBC_LABELS, GLIBC_PRECEDENCE, KERNEL_ADDRLABEL };
  const policyTables = { RFC3484_POLICY, RFC6724_POLICY, MUSL_POLICY, GO_POLICY };

  it('no row has bits set past its length', () => {
    for (const rows of [...Object.values(prefixTables), ...Object.values(policyTables)]) {
      for (const r of rows) expect(Array.from(maskBytes(r.prefix, r.length)), r.text).toEqual(Array.from(r.prefix));
    }
    for (const r of GLIBC_SCOPEV4) expect((r.network & ~r.mask) >>> 0).toBe(0);
  });

  it('first-match tables end in a /0 row, so the scan always stops', () => {
    for (const rows of [GLIBC_LABELS, GLIBC_PRECEDENCE, KERNEL_ADDRLABEL, MUSL_POLICY, GO_POLICY]) {
      expect(rows.at(-1)!.length).toBe(0);
    }
    expect(GLIBC_SCOPEV4.at(-1)).toMatchObject({ network: 0, mask: 0 });
  });
});

describe('lookup semantics', () => {
  const crafted: PolicyRow[] = [
    { prefix: new Uint8Array(16), length: 0, precedence: 1, label: 1, text: '::/0' },
    { prefix: bytes('::1'), length: 128, precedence: 2, label: 2, text: '::1/128' },
  ];

  it('lookupPolicy is longest match; lookupPolicyFirstMatch is array order', () => {
    expect(lookupPolicy(crafted, bytes('::1'))?.text).toBe('::1/128');
    expect(lookupPolicyFirstMatch(crafted, bytes('::1'))?.text).toBe('::/0');
  });

  it('lookupPrefix is first match in array order (glibc match_prefix)', () => {
    const rows: PrefixRow[] = [
      { prefix: bytes('2001:db8::'), length: 32, value: 1, text: '2001:db8::/32' },
      { prefix: bytes('2001:db8:1::'), length: 48, value: 2, text: '2001:db8:1::/48' },
    ];
    expect(prefixValue(rows, '2001:db8:1::1')).toBe(1);
  });

  it('matches partial bytes bit-exactly', () => {
    // fc00::/7 covers fc and fd, not fe
    expect(prefixValue(GLIBC_LABELS, 'fdff::1')).toBe(6);
    expect(prefixValue(GLIBC_LABELS, 'fe00::1')).toBe(1);
    // fec0::/10 covers fec0–feff, not fe80
    expect(prefixValue(GLIBC_LABELS, 'feff::1')).toBe(5);
    expect(prefixValue(GLIBC_LABELS, 'febf::1')).toBe(1);
  });

  it('falls back when nothing matches', () => {
    expect(lookupPrefix([], bytes('::1'))).toBeUndefined();
    expect(lookupPrefixValue([], bytes('::1'), 2147483647)).toBe(2147483647);
    expect(lookupPrefixValue(GLIBC_LABELS, bytes('::1'), 2147483647)).toBe(0);
    expect(lookupPolicy([], bytes('::1'))).toBeUndefined();
    expect(lookupScopeV4([], 0x01020304)).toBe(14);
  });
});
