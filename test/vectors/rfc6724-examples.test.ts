// RFC 6724 §10.2 destination address selection examples, as tabulated in
// /work/shared/docs/address-selection.md §9.1 (provenance there: lwIP test comments, Go's
// addrselect_test.go and other suites; the RFC text itself was not re-checked).
//
// Sources are given as data per destination, like Go's sortByRFC6724withSrcs: the candidate
// source lists of the RFC only matter through the source each destination is paired with.
// Every example is decided by one of Rules 2–9, so its result does not depend on the input
// order: each row runs in the given order and reversed.
//
// Prefix lengths are not part of the examples. Sources get /64 (IPv6) and /24 or /16 (IPv4);
// only example 7 reaches Rule 9, where /64 is what RFC 6724 §2.2 caps CommonPrefixLen at.
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../src/order/facts.js';
import { muslScope } from '../../src/order/profile-musl.js';
import { rfc6724MatchLengths } from '../../src/order/profile-rfc6724.js';
import { ip, rfc6724FactsFor, sortWithSources, type DestSpec } from './facts-builder.js';

interface Example {
  n: number;
  /** Destinations in the RFC's input order, each with the source the RFC pairs it with. */
  input: DestSpec[];
  /** The RFC's result. */
  rfc: string[];
  /** The rule the RFC names. */
  rule: number;
}

const v6 = { prefixLen: 64 };

const EXAMPLES: Example[] = [
  {
    n: 1, // prefer matching scope
    input: [
      { dst: '2001:db8:1::1', src: '2001:db8:1::2', opts: v6 },
      { dst: '198.51.100.121', src: '169.254.13.78', opts: { prefixLen: 16 } },
    ],
    rfc: ['2001:db8:1::1', '198.51.100.121'],
    rule: 2,
  },
  {
    n: 2, // prefer matching scope
    input: [
      { dst: '2001:db8:1::1', src: 'fe80::1', opts: v6 },
      { dst: '198.51.100.121', src: '198.51.100.117', opts: { prefixLen: 24 } },
    ],
    rfc: ['198.51.100.121', '2001:db8:1::1'],
    rule: 2,
  },
  {
    n: 3, // prefer higher precedence
    input: [
      { dst: '2001:db8:1::1', src: '2001:db8:1::2', opts: v6 },
      { dst: '10.1.2.3', src: '10.1.2.4', opts: { prefixLen: 24 } },
    ],
    rfc: ['2001:db8:1::1', '10.1.2.3'],
    rule: 6,
  },
  {
    n: 4, // prefer smaller scope
    input: [
      { dst: '2001:db8:1::1', src: '2001:db8:1::2', opts: v6 },
      { dst: 'fe80::1', src: 'fe80::2', opts: v6 },
    ],
    rfc: ['fe80::1', '2001:db8:1::1'],
    rule: 8,
  },
  {
    n: 5, // prefer home address: 2001:db8:3::1 is the home address, the others care-of
    input: [
      { dst: '2001:db8:1::1', src: '2001:db8:3::1', opts: { ...v6, home: true } },
      { dst: 'fe80::1', src: 'fe80::2', opts: v6 },
    ],
    rfc: ['2001:db8:1::1', 'fe80::1'],
    rule: 4,
  },
  {
    n: 6, // avoid deprecated addresses: fe80::2 is deprecated
    input: [
      { dst: '2001:db8:1::1', src: '2001:db8:1::2', opts: v6 },
      { dst: 'fe80::1', src: 'fe80::2', opts: { ...v6, deprecated: true } },
    ],
    rfc: ['2001:db8:1::1', 'fe80::1'],
    rule: 3,
  },
  {
    n: 7, // longest matching prefix
    input: [
      { dst: '2001:db8:1::1', src: '2001:db8:1::2', opts: v6 },
      { dst: '2001:db8:3ffe::1', src: '2001:db8:3f44::2', opts: v6 },
    ],
    rfc: ['2001:db8:1::1', '2001:db8:3ffe::1'],
    rule: 9,
  },
  {
    n: 8, // prefer matching label
    input: [
      { dst: '2002:c633:6401::1', src: '2002:c633:6401::2', opts: v6 },
      { dst: '2001:db8:1::1', src: '2002:c633:6401::2', opts: v6 },
    ],
    rfc: ['2002:c633:6401::1', '2001:db8:1::1'],
    rule: 5,
  },
  {
    n: 9, // prefer higher precedence
    input: [
      { dst: '2002:c633:6401::1', src: '2002:c633:6401::2', opts: v6 },
      { dst: '2001:db8:1::1', src: '2001:db8:1::2', opts: v6 },
    ],
    rfc: ['2001:db8:1::1', '2002:c633:6401::1'],
    rule: 6,
  },
];

// Where an implementation's result or deciding rule differs from the RFC's, and why.
const DEVIATIONS: Partial<Record<ProfileName, Record<number, { order: string[]; rule: number; why: string }>>> = {
  musl: {
    // musl leaves Rules 3 and 4 out ("excessive runtime and code size cost", §2), so the
    // home/deprecated flags are invisible and Rule 8 (fe80::1 is link-local, 2 < 14) decides.
    5: { order: ['fe80::1', '2001:db8:1::1'], rule: 8, why: 'no Rule 4 in musl' },
    6: { order: ['fe80::1', '2001:db8:1::1'], rule: 8, why: 'no Rule 3 in musl' },
    // musl gives every IPv4 address scope 14 (no IPv4 scope table, §2), so 169.254.13.78
    // "matches" 198.51.100.121 and Rule 2 ties; Rule 6 (IPv6 40 > IPv4 35) gives the same order.
    1: { order: ['2001:db8:1::1', '198.51.100.121'], rule: 6, why: 'musl IPv4 scope is always 14' },
  },
  go: {
    // Go: Rules 3 and 4 are TODOs in addrselect.go (§3); Rule 8 decides instead.
    5: { order: ['fe80::1', '2001:db8:1::1'], rule: 8, why: 'Rule 4 not implemented in Go' },
    6: { order: ['fe80::1', '2001:db8:1::1'], rule: 8, why: 'Rule 3 not implemented in Go' },
  },
};

const PROFILES: ProfileName[] = ['rfc6724', 'glibc', 'musl', 'go'];

describe('RFC 6724 §10.2 destination examples (address-selection.md §9.1)', () => {
  for (const profile of PROFILES) {
    describe(profile, () => {
      for (const ex of EXAMPLES) {
        const dev = DEVIATIONS[profile]?.[ex.n];
        const want = dev?.order ?? ex.rfc;
        const rule = dev?.rule ?? ex.rule;
        const label = dev ? `example ${ex.n}: ${want.join(', ')} (${dev.why})` : `example ${ex.n}: ${want.join(', ')} by Rule ${rule}`;
        it(label, () => {
          const forward = sortWithSources(profile, ex.input);
          expect(forward.order).toEqual(want);
          expect(Math.abs(forward.firstDecision)).toBe(rule);
          expect(forward.firstDecision).toBeLessThan(0);
          const backward = sortWithSources(profile, ex.input.slice().reverse());
          expect(backward.order).toEqual(want);
          expect(Math.abs(backward.firstDecision)).toBe(rule);
        });
      }
    });
  }

  it('the musl deviation on #1 rests on musl scoping every IPv4 address 14, 127/8 and 169.254/16 included (§2)', () => {
    for (const a of ['169.254.13.78', '127.0.0.1', '198.51.100.121']) expect(muslScope(ip(a).bytes), a).toBe(14);
  });

  it('glibc and rfc6724 agree with the RFC on all nine; musl and go differ exactly on #5 and #6', () => {
    for (const profile of PROFILES) {
      const differing = EXAMPLES.filter((ex) => sortWithSources(profile, ex.input).order.join() !== ex.rfc.join()).map((ex) => ex.n);
      expect(differing, profile).toEqual(profile === 'musl' || profile === 'go' ? [5, 6] : []);
    }
  });
});

// RFC 6724 §2.2: CommonPrefixLen(S, D) stops at the length of S's prefix; its example is
// CommonPrefixLen(fe80::1, fe80::2) = 64 (address-selection.md §4.1). glibc ignores the cap
// for IPv6 (§1.6 item 9, OBSERVED: 2001:db8:1::11 before 2001:db8:1::8000 from source
// 2001:db8:1::10/64, where "RFC 6724 would call them equal at 64 and keep input order").
describe('RFC 6724 §2.2 CommonPrefixLen cap', () => {
  it('CommonPrefixLen(fe80::1, fe80::2) = 64 with a /64 source', () => {
    const [a, b] = rfc6724FactsFor([
      { dst: 'fe80::2', src: 'fe80::1', opts: { prefixLen: 64 } },
      { dst: 'fe80::2', src: 'fe80::1', opts: { prefixLen: 64 } },
    ]);
    expect(rfc6724MatchLengths(a!, b!)).toEqual([64, 64]);
  });

  const input: DestSpec[] = [
    { dst: '2001:db8:1::8000', src: '2001:db8:1::10', opts: { prefixLen: 64 } },
    { dst: '2001:db8:1::11', src: '2001:db8:1::10', opts: { prefixLen: 64 } },
  ];
  it('rfc6724: 2001:db8:1::8000 and ::11 tie at 64 bits, input order kept in both orders', () => {
    expect(sortWithSources('rfc6724', input).order).toEqual(['2001:db8:1::8000', '2001:db8:1::11']);
    expect(sortWithSources('rfc6724', input.slice().reverse()).order).toEqual(['2001:db8:1::11', '2001:db8:1::8000']);
  });
  it('glibc: the full 128-bit prefix puts ::11 first (Rule 9)', () => {
    const r = sortWithSources('glibc', input);
    expect(r.order).toEqual(['2001:db8:1::11', '2001:db8:1::8000']);
    expect(r.firstDecision).toBe(-9);
  });
});
