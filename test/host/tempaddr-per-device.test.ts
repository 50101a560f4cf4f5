// The kernel's source Rule 7 reads use_tempaddr of each candidate's own device
// (net/ipv6/addrconf.c ipv6_get_saddr_eval: score->ifa->idev->cnf.use_tempaddr >= 2), and
// ipv6_add_dev sets -1 on lo and on tun, sit and ip6tnl devices whatever `default` holds. On a
// host at 2 (Ubuntu's 10-ipv6-privacy.conf) a public address on such a device therefore beats a
// public address on an Ethernet device once Rules 1-6 tie, even against a longer prefix match.
// Observed on 6.18: eth0=2, tun0=-1, route via wg0 (no IPv6 address) → the source is tun0's
// (fixture tool-hosts/openvpn-tun-ubuntu-privacy.json records it with glibc and musl).
import { describe, expect, it } from 'vitest';

import { simulate } from '../../src/simulate.js';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';

const host = (tun0: { useTempaddr?: number }, useTempaddr?: number): ScenarioHost => ({
  interfaces: [
    { name: 'eth0', addresses: ['2001:db8:99:1::10/64'] },
    { name: 'tun0', addresses: ['2001:db8:100::5/64'], ...tun0 },
    { name: 'wg0', addresses: ['10.64.0.2/32'] },
  ],
  routes: [{ to: '2001:db8:99::/48', dev: 'wg0' }],
  ...(useTempaddr === undefined ? {} : { useTempaddr }),
});

const sourceOf = (h: ScenarioHost, record: string): string | null => {
  const s: Scenario = { host: h, query: { records: [record] } };
  expect(validateScenario(s).ok).toBe(true);
  return simulate(s, { profile: 'glibc' }).results[0]!.source;
};

describe('Rule 7 per device (use_tempaddr)', () => {
  const cases: [string, ScenarioHost, string][] = [
    // Rules 1-7 tie: Rule 8, the longer match (eth0's /64 shares 64 bits with the destination).
    ['all devices at 0', host({}), '2001:db8:99:1::10'],
    ['all devices at 2: both public addresses score alike', host({}, 2), '2001:db8:99:1::10'],
    ['eth0 at 2, tun0 at -1 (the kernel default for a tun)', host({ useTempaddr: -1 }, 2), '2001:db8:100::5'],
    ['eth0 at 2, tun0 at 0', host({ useTempaddr: 0 }, 2), '2001:db8:100::5'],
    ['eth0 at 0, tun0 at 2: tun0 now loses Rule 7 too, eth0 wins', host({ useTempaddr: 2 }), '2001:db8:99:1::10'],
  ];
  for (const [name, h, source] of cases) it(name, () => expect(sourceOf(h, '2001:db8:99::1')).toBe(source));

  it('lo is at -1 unless told: on a host at 2 its public /128 beats a public address at 2', () => {
    const h: ScenarioHost = {
      interfaces: [
        { name: 'lo', addresses: ['2001:db8:ff::1/128'] },
        { name: 'eth0', addresses: ['2001:db8:99:1::10/64'] },
        { name: 'wg0', addresses: ['10.64.0.2/32'] },
      ],
      routes: [{ to: '2001:db8:99::/48', dev: 'wg0' }],
      useTempaddr: 2,
    };
    expect(sourceOf(h, '2001:db8:99::1')).toBe('2001:db8:ff::1');
    expect(sourceOf({ ...h, interfaces: [{ ...h.interfaces[0]!, useTempaddr: 2 }, ...h.interfaces.slice(1)] }, '2001:db8:99::1')).toBe('2001:db8:99:1::10');
  });

  it('the validator takes -1 to 2 on an interface, and not 3', () => {
    const s = (v: unknown) => ({ host: { interfaces: [{ name: 'tun0', addresses: [], useTempaddr: v }] }, query: { records: [] } });
    expect(validateScenario(s(-1)).ok).toBe(true);
    expect(validateScenario(s(3)).ok).toBe(false);
    expect(validateScenario(s(1.5)).ok).toBe(false);
  });
});
