// gRPC's RFC 6724 sort tests (grpc/grpc test/cpp/naming/address_sorting_test.cc, which exercise
// third_party/address_sorting, a port of Android bionic's getaddrinfo sort), run through the
// public sortDestinations() with the rfc6724 profile. Each case gives every destination's source
// as the test's mock source-address factory does (a destination it does not list, or of a family
// it calls unsupported, has no source). gRPC knows no source prefix lengths, so none are given:
// Rule 9 compares whole addresses, as bionic does.
import { describe, expect, it } from 'vitest';
import { sortDestinations, type DestinationWithSource } from '../../src/index.js';

interface GrpcCase {
  name: string;
  /** destination → its source (null: the factory gives none) */
  input: [string, string | null][];
  want: string[];
  /** the rule that decides the first pair (10: the input order) */
  rule: number;
}

const CASES: GrpcCase[] = [
  { name: 'TestDepriotizesUnreachableAddresses', input: [['1.2.3.4', '4.3.2.1'], ['5.6.7.8', null]], want: ['1.2.3.4', '5.6.7.8'], rule: 1 },
  { name: 'TestDepriotizesUnsupportedDomainIpv6', input: [['2607:f8b0:400a:801::1002', null], ['1.2.3.4', '4.3.2.1']], want: ['1.2.3.4', '2607:f8b0:400a:801::1002'], rule: 1 },
  { name: 'TestDepriotizesUnsupportedDomainIpv4', input: [['2607:f8b0:400a:801::1002', 'fec0::1234'], ['1.2.3.4', null]], want: ['2607:f8b0:400a:801::1002', '1.2.3.4'], rule: 1 },
  { name: 'TestDepriotizesNonMatchingScope', input: [['2000:f8b0:400a:801::1002', 'fec0::1000'], ['fec0::5000', 'fec0::5001']], want: ['fec0::5000', '2000:f8b0:400a:801::1002'], rule: 2 },
  { name: 'TestUsesLabelFromDefaultTable', input: [['2002::5001', '2001::5002'], ['2001::5001', '2001::5002']], want: ['2001::5001', '2002::5001'], rule: 5 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWithAnIpv4Address', input: [['3ffe::5001', '3ffe::5002'], ['1.2.3.4', '5.6.7.8']], want: ['1.2.3.4', '3ffe::5001'], rule: 6 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWithV4CompatAndLocalhostAddress', input: [['::2', '::2'], ['::1', '::1']], want: ['::1', '::2'], rule: 6 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWithCatchAllAndLocalhostAddress', input: [['1234::2', '1234::2'], ['::1', '::1']], want: ['::1', '1234::2'], rule: 6 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWith2000PrefixedAddress', input: [['2001::1234', '2001::5678'], ['2000::5001', '2000::5002']], want: ['2000::5001', '2001::1234'], rule: 6 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWith2000PrefixedAddressEnsurePrefixMatchHasNoEffect', input: [['2001::1231', '2001::1232'], ['2000::5001', '2000::5002']], want: ['2000::5001', '2001::1231'], rule: 6 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWithLinkAndSiteLocalAddresses', input: [['fec0::1234', 'fec0::5678'], ['fc00::5001', 'fc00::5002']], want: ['fc00::5001', 'fec0::1234'], rule: 6 },
  { name: 'TestUsesDestinationWithHigherPrecedenceWithCatchAllAndAndV4MappedAddresses', input: [['::ffff:0.0.0.2', '::ffff:0.0.0.3'], ['1234::2', '1234::3']], want: ['1234::2', '::ffff:0.0.0.2'], rule: 6 },
  { name: 'TestPrefersSmallerScope', input: [['3ffe::5001', '3ffe::5002'], ['fec0::1234', 'fec0::5678']], want: ['fec0::1234', '3ffe::5001'], rule: 8 },
  { name: 'TestPrefersLongestMatchingSrcDstPrefix', input: [['3ffe:5001::', '3ffe:4321::'], ['3ffe:1234::', '3ffe:1235::']], want: ['3ffe:1234::', '3ffe:5001::'], rule: 9 },
  { name: 'TestPrefersLongestMatchingSrcDstPrefixMatchesWholeAddress', input: [['3ffe::5001', '3ffe::4321'], ['3ffe::1234', '3ffe::1235']], want: ['3ffe::1234', '3ffe::5001'], rule: 9 },
  { name: 'TestPrefersLongestPrefixStressInnerBytePrefix', input: [['3ffe:8000::', '3ffe:C000::'], ['3ffe:2000::', '3ffe:3000::']], want: ['3ffe:2000::', '3ffe:8000::'], rule: 9 },
  { name: 'TestPrefersLongestPrefixDiffersOnHighestBitOfByte', input: [['3ffe:6::', '3ffe:8::'], ['3ffe:c::', '3ffe:8::']], want: ['3ffe:c::', '3ffe:6::'], rule: 9 },
  { name: 'TestPrefersLongestPrefixDiffersByLastBit', input: [['3ffe:1111:1111:1110::', '3ffe:1111:1111:1111::'], ['3ffe:1111:1111:1111::', '3ffe:1111:1111:1111::']], want: ['3ffe:1111:1111:1111::', '3ffe:1111:1111:1110::'], rule: 9 },
  { name: 'TestStableSort', input: [['3ffe::1234', '3ffe::1236'], ['3ffe::1235', '3ffe::1237']], want: ['3ffe::1234', '3ffe::1235'], rule: 10 },
  {
    name: 'TestStableSortFiveElements',
    input: [1, 2, 3, 4, 5].map((k) => [`3ffe::123${k}`, `3ffe::120${k}`]),
    want: [1, 2, 3, 4, 5].map((k) => `3ffe::123${k}`),
    rule: 10,
  },
  { name: 'TestStableSortNoSrcAddrsExist', input: [1, 2, 3, 4, 5].map((k) => [`3ffe::123${k}`, null]), want: [1, 2, 3, 4, 5].map((k) => `3ffe::123${k}`), rule: 10 },
  { name: 'TestStableSortNoSrcAddrsExistWithIpv4', input: [['::ffff:5.6.7.8', null], ['1.2.3.4', null]], want: ['::ffff:5.6.7.8', '1.2.3.4'], rule: 10 },
  { name: 'TestStableSortV4CompatAndSiteLocalAddresses', input: [['fec0::2000', 'fec0::2001'], ['::2', '::3']], want: ['fec0::2000', '::2'], rule: 8 },
];

const asInput = (pairs: [string, string | null][]): DestinationWithSource[] => pairs.map(([destination, source]) => ({ destination, source }));

describe("gRPC's address_sorting_test.cc through sortDestinations (rfc6724 profile)", () => {
  for (const c of CASES) {
    it(`${c.name}: ${c.want.join(', ')} by Rule ${c.rule}`, () => {
      const r = sortDestinations(asInput(c.input), { profile: 'rfc6724' });
      expect(r.order).toEqual(c.want);
      expect(r.decisions[0]!.rule).toBe(c.rule);
      expect(r.decisions[0]!.title).toMatch(new RegExp(`^Rule ${c.rule} `));
    });
  }
});
