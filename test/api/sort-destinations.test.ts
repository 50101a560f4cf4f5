// sortDestinations(): destinations with their sources given as data, as other projects' RFC 6724
// suites state them. The sort must be the one simulate() uses (checked against simulate on
// a host whose kernel picks the same sources), each option must do what docs/api.md says, and
// bad input must be a GaiconfInputError naming every problem.
import { describe, expect, it } from 'vitest';
import { GaiconfInputError, simulate, sortDestinations, type ProfileName } from '../../src/index.js';

const DOCKER = [
  { destination: '192.0.2.10', source: '172.17.0.2', sourcePrefixLength: 16 },
  { destination: '2001:db8::10', source: 'fd00::2', sourcePrefixLength: 64 },
];

describe('sortDestinations', () => {
  it('gives the order simulate() gives when the kernel picks the same sources, for every profile', () => {
    const scenario = {
      host: { interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }], routes: [{ to: 'default', via: '172.17.0.1' }, { to: 'default', via: 'fd00::1' }] },
      query: { records: ['2001:db8::10', '192.0.2.10'] },
    };
    for (const profile of ['glibc', 'musl', 'go', 'rfc6724'] as ProfileName[]) {
      const sim = simulate(scenario, { profile });
      const input = scenario.query.records.map((d) => DOCKER.find((x) => x.destination === d)!);
      expect(sim.results.map((e) => e.source)).toEqual(sim.order.map((d) => DOCKER.find((x) => x.destination === d)!.source));
      const r = sortDestinations(input, { profile });
      expect(r.order, profile).toEqual(sim.order);
    }
  });

  it('explains every adjacent pair with the rule that decided it', () => {
    const r = sortDestinations(DOCKER);
    expect(r.profile).toBe('glibc');
    expect(r.order).toEqual(['192.0.2.10', '2001:db8::10']);
    expect(r.decisions).toEqual([{ first: '192.0.2.10', second: '2001:db8::10', rule: 5, title: 'Rule 5 (prefer matching label)' }]);
    expect(r.destinations.map((d) => [d.destination, d.index, d.label, d.sourceLabel])).toEqual([
      ['192.0.2.10', 0, 4, 4],
      ['2001:db8::10', 1, 1, 6],
    ]);
  });

  it('reads gai.conf for the glibc profile, and names the lines glibc drops', () => {
    const r = sortDestinations(DOCKER, { gaiConf: 'label fd00::/8 1\nlabel 2001:db8::/32 1\nprecedence ::/0 40\nprecedence ::ffff:0:0/96 10\nbogus line\n' });
    expect(r.order).toEqual(['2001:db8::10', '192.0.2.10']);
    expect(r.notes.some((n) => /^gai\.conf line 5: /.test(n))).toBe(true);
  });

  it('takes a whole policy table for the rfc6724 profile (RFC 6724 §2.1), with ::/0 added when missing', () => {
    const ula = [{ destination: 'fd00::10', source: 'fd00::2' }, { destination: '192.0.2.10', source: '192.0.2.2' }];
    expect(sortDestinations(ula, { profile: 'rfc6724' }).order).toEqual(['192.0.2.10', 'fd00::10']);
    const r = sortDestinations(ula, { profile: 'rfc6724', policyTable: [{ prefix: 'fc00::/7', precedence: 45, label: 13 }, { prefix: '::ffff:0:0/96', precedence: 35, label: 4 }] });
    expect(r.order).toEqual(['fd00::10', '192.0.2.10']);
    expect(r.decisions[0]!.rule).toBe(6);
    // an IPv4 prefix is read as its mapped form
    const v4 = sortDestinations(ula, { profile: 'rfc6724', policyTable: [{ prefix: '192.0.2.0/24', precedence: 50, label: 4 }, { prefix: '::ffff:0:0/96', precedence: 35, label: 4 }] });
    expect(v4.destinations.find((d) => d.destination === '192.0.2.10')!.precedence).toBe(50);
  });

  it('Rule 7: a destination reached through a tunnel loses to a native one (rfc6724; glibc only across interfaces)', () => {
    const two = [
      { destination: '2001:db8:1::1', source: '2001:db8:9::2', native: false, interfaceIndex: 5 },
      { destination: '2001:db8:2::1', source: '2001:db8:9::3', native: true, interfaceIndex: 2 },
    ];
    const rfc = sortDestinations(two, { profile: 'rfc6724' });
    expect(rfc.order).toEqual(['2001:db8:2::1', '2001:db8:1::1']);
    expect(rfc.decisions[0]!.rule).toBe(7);
    expect(sortDestinations(two, { profile: 'glibc' }).decisions[0]!.rule).toBe(7);
    // same interface: glibc does not compare native-ness, and Rule 9 (equal here) leaves the order
    const same = two.map((d) => ({ ...d, interfaceIndex: 2 }));
    expect(sortDestinations(same, { profile: 'glibc' }).order).toEqual(['2001:db8:1::1', '2001:db8:2::1']);
    // Go has no Rule 7
    expect(sortDestinations(two, { profile: 'go' }).decisions[0]!.rule).not.toBe(7);
  });

  it('Rule 3 and the source prefix length, per profile', () => {
    const dep = [
      { destination: '2001:db8:1::1', source: '2001:db8:1::2', deprecated: true },
      { destination: '2001:db8:2::1', source: '2001:db8:2::2' },
    ];
    expect(sortDestinations(dep, { profile: 'rfc6724' }).decisions[0]).toMatchObject({ first: '2001:db8:2::1', rule: 3 });
    expect(sortDestinations(dep, { profile: 'musl' }).order).toEqual(['2001:db8:1::1', '2001:db8:2::1']);
    // RFC 6724 §2.2 caps CommonPrefixLen at the source's prefix: both match 64 bits, input order stays
    const cap = [
      { destination: '2001:db8:1::8000', source: '2001:db8:1::10', sourcePrefixLength: 64 },
      { destination: '2001:db8:1::11', source: '2001:db8:1::10', sourcePrefixLength: 64 },
    ];
    expect(sortDestinations(cap, { profile: 'rfc6724' }).order).toEqual(['2001:db8:1::8000', '2001:db8:1::11']);
    expect(sortDestinations(cap, { profile: 'glibc' }).order).toEqual(['2001:db8:1::11', '2001:db8:1::8000']);
  });

  it('freebsd follows ip6addrctl: ipv4_prefer puts IPv4 first, none keeps the input order', () => {
    const mix = [{ destination: '2001:db8::1', source: '2001:db8::2' }, { destination: '192.0.2.1', source: '192.0.2.2' }];
    expect(sortDestinations(mix, { profile: 'freebsd' }).order).toEqual(['2001:db8::1', '192.0.2.1']);
    expect(sortDestinations(mix, { profile: 'freebsd', freebsdPolicy: 'ipv4_prefer' }).order).toEqual(['192.0.2.1', '2001:db8::1']);
    const none = sortDestinations(mix.slice().reverse(), { profile: 'freebsd', freebsdPolicy: 'none' });
    expect(none.order).toEqual(['192.0.2.1', '2001:db8::1']);
    expect(none.decisions[0]!.rule).toBe(10);
  });

  it('an empty list and a single destination', () => {
    expect(sortDestinations([])).toMatchObject({ order: [], decisions: [] });
    expect(sortDestinations([{ destination: '::1', source: '::1' }]).decisions).toEqual([]);
  });

  it('refuses bad input with every problem, its path and a hint', () => {
    const bad = () =>
      sortDestinations(
        [
          { destination: '010.0.0.1', source: '10.0.0.2' },
          { destination: '2001:db8::1', source: '10.0.0.2', sourcePrefixLength: 200 },
          { destination: '2001:db8::2', source: null, colour: 'red' } as never,
        ],
        { profile: 'muls' as never, policyTable: [] },
      );
    expect(bad).toThrow(GaiconfInputError);
    try {
      bad();
    } catch (e) {
      const err = e as GaiconfInputError;
      expect(err.code).toBe('INVALID_ARGUMENT');
      const paths = err.errors.map((p) => p.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'destinations[0].destination',
          'destinations[1].source',
          'destinations[1].sourcePrefixLength',
          'destinations[2].colour',
          'options.profile',
          'options.policyTable',
        ]),
      );
      for (const p of err.errors) expect(p.hint.length).toBeGreaterThan(0);
      expect(err.errors.find((p) => p.path === 'options.profile')!.hint).toBe('Did you mean "musl"?');
    }
    expect(() => sortDestinations(DOCKER, { profile: 'musl', gaiConf: 'precedence ::/0 40' })).toThrow(/does not read gai\.conf/);
    expect(() => sortDestinations(DOCKER, { profile: 'glibc', policyTable: [{ prefix: '::/0', precedence: 1, label: 1 }] })).toThrow(/fixed policy table/);
    expect(() => sortDestinations(Array.from({ length: 49 }, (_, i) => ({ destination: `2001:db8::${i + 1}`, source: null })), { profile: 'musl' })).toThrow(/at most 48/);
    expect(() => sortDestinations('2001:db8::1' as never)).toThrow(/destinations must be an array/);
  });
});
