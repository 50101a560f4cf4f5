// Go's src/net/addrselect_test.go (golang/go @ a6ea8606; the netip version @ 981e9748 has the
// same data), transcribed in /work/shared/docs/address-selection.md §9.2, run against the go
// profile's functions: goCompare + the stable sort, goScope, GO_POLICY, goCommonPrefixLen.
import { describe, expect, it } from 'vitest';
import { ipv4, isV4Mapped, type Ip } from '../../src/address/ip.js';
import { goCommonPrefixLen, goMatchLengths, goScope } from '../../src/order/profile-go.js';
import { lookupPolicy, lookupPolicyFirstMatch } from '../../src/policy/lookup.js';
import { GO_POLICY } from '../../src/policy/tables.js';
import { goFactsFor, ip, sortWithSources, type DestSpec } from './facts-builder.js';

// ---------------------------------------------------------------------------------------------
// TestSortByRFC6724: in (dst ← src), want, reverse ("also test it starting backwards": the
// destinations and their sources are reversed together).

interface SortCase {
  name: string;
  in: DestSpec[];
  want: string[];
  reverse: boolean;
}

const pair = (dst: string, src: string): DestSpec => ({ dst, src });

const SORT_CASES: SortCase[] = [
  {
    name: 'G1 prefer matching scope',
    in: [pair('2001:db8:1::1', '2001:db8:1::2'), pair('198.51.100.121', '169.254.13.78')],
    want: ['2001:db8:1::1', '198.51.100.121'],
    reverse: true,
  },
  {
    name: 'G2 prefer matching scope',
    in: [pair('2001:db8:1::1', 'fe80::1'), pair('198.51.100.121', '198.51.100.117')],
    want: ['198.51.100.121', '2001:db8:1::1'],
    reverse: true,
  },
  {
    name: 'G3 prefer higher precedence',
    in: [pair('2001:db8:1::1', '2001:db8:1::2'), pair('10.1.2.3', '10.1.2.4')],
    want: ['2001:db8:1::1', '10.1.2.3'],
    reverse: true,
  },
  {
    name: 'G4 prefer smaller scope',
    in: [pair('2001:db8:1::1', '2001:db8:1::2'), pair('fe80::1', 'fe80::2')],
    want: ['fe80::1', '2001:db8:1::1'],
    reverse: true,
  },
  {
    // Issue 13283: a 10/8 source does not make 23/8 destinations preferable (Rule 9 is
    // applied to IPv6 pairs only).
    name: 'G5 issue 13283',
    in: ['54.83.193.112', '184.72.238.214', '23.23.172.185', '75.101.148.21', '23.23.134.56', '23.21.50.150'].map((d) =>
      pair(d, '10.2.3.4'),
    ),
    want: ['54.83.193.112', '184.72.238.214', '23.23.172.185', '75.101.148.21', '23.23.134.56', '23.21.50.150'],
    reverse: false,
  },
];

describe('TestSortByRFC6724 (go profile: goCompare + stable sort)', () => {
  for (const c of SORT_CASES) {
    it(c.name, () => {
      expect(sortWithSources('go', c.in).order).toEqual(c.want);
      if (c.reverse) expect(sortWithSources('go', c.in.slice().reverse()).order).toEqual(c.want);
    });
  }

  // §9.2 "G5 expectations elsewhere".
  it('G5 on glibc: unchanged, nothing is inside the source subnet', () => {
    const g5 = SORT_CASES[4]!;
    const withLen = g5.in.map((s) => ({ ...s, opts: { prefixLen: 8 } }));
    expect(sortWithSources('glibc', withLen).order).toEqual(g5.want);
  });

  it('G5 through the musl key: 23.x first (96 + 3 common bits), if musl sorted an all-IPv4 list', () => {
    // musl itself returns an all-IPv4 answer unsorted (§2); this only checks the key's Rule 9
    // field, which counts over the 128-bit mapped forms across the whole address.
    const g5 = SORT_CASES[4]!;
    const order = sortWithSources('musl', g5.in).order;
    expect(order.slice(0, 3)).toEqual(['23.23.172.185', '23.23.134.56', '23.21.50.150']);
  });
});

describe('Go Rule 1 with no source on either side (address-selection.md §3)', () => {
  // Not a Go test vector: §3 states that two destinations without a source compare equal, so
  // the stable sort keeps them as they came; glibc still applies Rule 6 to them (§1.6; H4 in
  // §9.4 observed 2001:db8:99::7 before 198.51.100.7 with neither reachable).
  const both: DestSpec[] = [
    { dst: '198.51.100.7', src: null },
    { dst: '2001:db8:99::7', src: null },
  ];
  it('go keeps the input order', () => {
    expect(sortWithSources('go', both).order).toEqual(['198.51.100.7', '2001:db8:99::7']);
  });
  it('glibc orders them by precedence', () => {
    expect(sortWithSources('glibc', both).order).toEqual(['2001:db8:99::7', '198.51.100.7']);
  });
});

// ---------------------------------------------------------------------------------------------
// TestRFC6724PolicyTableClassify

const CLASSIFY: { ip: string; prefix: string; precedence: number; label: number }[] = [
  { ip: '127.0.0.1', prefix: '::ffff:0:0/96', precedence: 35, label: 4 },
  { ip: '2601:645:8002:a500:986f:1db8:c836:bd65', prefix: '::/0', precedence: 40, label: 1 },
  { ip: '::1', prefix: '::1/128', precedence: 50, label: 0 },
  { ip: '2002::ab12', prefix: '2002::/16', precedence: 30, label: 2 },
];

describe('TestRFC6724PolicyTableClassify (GO_POLICY)', () => {
  for (const c of CLASSIFY) {
    it(`${c.ip} → ${c.prefix} ${c.precedence}/${c.label}`, () => {
      // The profile's lookup (longest match) and Go's own scan of its longest-first table.
      for (const row of [lookupPolicy(GO_POLICY, ip(c.ip).bytes), lookupPolicyFirstMatch(GO_POLICY, ip(c.ip).bytes)]) {
        expect(row && { prefix: row.text, precedence: row.precedence, label: row.label }).toEqual({
          prefix: c.prefix,
          precedence: c.precedence,
          label: c.label,
        });
      }
    });
  }

  it('and the facts the sort uses carry those values', () => {
    const facts = goFactsFor(CLASSIFY.map((c) => ({ dst: c.ip, src: null })));
    expect(facts.map((f) => [f.precedence, f.label])).toEqual(CLASSIFY.map((c) => [c.precedence, c.label]));
  });
});

// ---------------------------------------------------------------------------------------------
// TestRFC6724ClassifyScope. Go's "16-byte form" of an IPv4 address (net.IPv4, ParseIP) is the
// same IP as the 4-byte form; here both the AF_INET Ip and the v4-mapped AF_INET6 Ip are fed.

const v4as16 = (text: string): Ip => ({ family: 6, bytes: ip(text).bytes });
const v4as4 = (text: string): Ip => ipv4(ip(text).bytes.slice(12));

const SCOPES: { name: string; ip: Ip; want: number }[] = [
  { name: '127.0.0.1', ip: ip('127.0.0.1'), want: 2 }, // rfc6724#section-3.2
  { name: '::1', ip: ip('::1'), want: 2 }, // rfc4007#section-4
  { name: '169.254.1.2', ip: ip('169.254.1.2'), want: 2 }, // rfc6724#section-3.2
  { name: 'fec0::1', ip: ip('fec0::1'), want: 5 },
  { name: '8.8.8.8', ip: ip('8.8.8.8'), want: 14 },
  { name: 'ff02::', ip: ip('ff02::'), want: 2 }, // IPv6 multicast
  { name: 'ff05::', ip: ip('ff05::'), want: 5 },
  { name: 'ff04::', ip: ip('ff04::'), want: 4 },
  { name: 'ff0e::', ip: ip('ff0e::'), want: 14 },
  { name: '224.0.0.0 as 16 bytes', ip: v4as16('224.0.0.0'), want: 14 }, // IPv4 link-local multicast
  { name: '224.2.2.2 as 16 bytes', ip: v4as16('224.2.2.2'), want: 14 }, // IPv4 global multicast
  { name: '224.0.0.0 as 4 bytes', ip: v4as4('224.0.0.0'), want: 14 },
  { name: '224.2.2.2 as 4 bytes', ip: v4as4('224.2.2.2'), want: 14 },
];

describe('TestRFC6724ClassifyScope (goScope)', () => {
  for (const c of SCOPES) {
    it(`${c.name} → ${c.want}`, () => {
      expect(goScope(c.ip)).toBe(c.want);
    });
  }
  it('the 16-byte rows really are v4-mapped', () => {
    expect(isV4Mapped(v4as16('224.0.0.0').bytes)).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// TestRFC6724CommonPrefixLength. Go's commonPrefixLen(a, b) turns 16-byte IPv4 into 4 bytes,
// returns 0 for different lengths, compares 32 bits for IPv4 and the first 64 bits for IPv6.
// The sort only ever reaches it for two IPv6 destinations (Rule 9 is skipped unless both are
// IPv6), and our goCommonPrefixLen implements only that /64 IPv6 path on 16-byte forms.
//
// Not expressible, hence absent: the ten IPv4 rows ({1.2.3.4, 1.2.3.4} → 32 and
// {1.2.x.255, 1.2.0.0} → 16…24). goCommonPrefixLen has no 32-bit IPv4 path (on v4-mapped
// forms it would compare the all-zero first 64 bits), and the sort never asks for an IPv4
// common prefix. What the sort does with those pairs is checked instead: goMatchLengths
// returns null (Rule 9 skipped) for IPv4 and for mixed pairs.

describe('TestRFC6724CommonPrefixLength (goCommonPrefixLen, IPv6 /64 path)', () => {
  const IPV6_ROWS: [string, string, number][] = [
    ['fe80::1', 'fe80::2', 64],
    ['fe81::1', 'fe80::2', 15],
  ];
  for (const [a, b, want] of IPV6_ROWS) {
    it(`${a} ~ ${b} = ${want}`, () => {
      expect(goCommonPrefixLen(ip(a).bytes, ip(b).bytes)).toBe(want);
    });
  }

  it('127.0.0.1 ~ fe80::1 ("diff size"): the sort skips Rule 9 for the pair', () => {
    const [v4, v6] = goFactsFor([
      { dst: '127.0.0.1', src: '127.0.0.1' },
      { dst: 'fe80::1', src: 'fe80::2' },
    ]);
    expect(goMatchLengths(v4!, v6!)).toBeNull();
  });

  it('IPv4 pairs (the 32-bit rows): the sort skips Rule 9, so the IPv4 path is never consulted', () => {
    const [a, b] = goFactsFor([
      { dst: '1.2.3.4', src: '1.2.3.4' },
      { dst: '1.2.0.255', src: '1.2.0.0' },
    ]);
    expect(goMatchLengths(a!, b!)).toBeNull();
  });

  it('Rule 9 in the sort uses the /64 cap: 2001:db8:1::1/::2 (126 bits) ties with 2001:db8:1::8000/::2', () => {
    const facts = goFactsFor([
      { dst: '2001:db8:1::8000', src: '2001:db8:1::2' },
      { dst: '2001:db8:1::1', src: '2001:db8:1::2' },
    ]);
    expect(goMatchLengths(facts[0]!, facts[1]!)).toEqual([64, 64]);
  });
});
