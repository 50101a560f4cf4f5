// The host builder for address states and per-device settings: tentative and optimistic
// addresses (held by a DAD that outlives the scenario, or by a link that is down), per-device
// use_tempaddr, preferred sources and on-link gateways. The plan (no privileges needed), and as
// root, that the namespace holds those states and the simulation agrees with glibc and musl there.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { compareScenario } from './compare.js';
import { DAD_TRANSMITS } from './host-plan-dad.js';
import { buildProbes, planHost, runOracle, UnsupportedByHostBuilder, withScenarioNamespace } from './netns.js';
import { oracleGate } from './prerequisites.js';

const scenario = (host: ScenarioHost, query: Partial<Scenario['query']> = {}): Scenario => ({ host, query: { records: ['2001:db8:99::1'], ...query } });

/** eth0 up with a tentative, an optimistic and a plain address; eth1 down with a tentative one. */
const DAD_HOST: ScenarioHost = {
  interfaces: [
    { name: 'eth0', addresses: ['192.0.2.10/24', { address: '2001:db8:1::10/64', tentative: true }, { address: '2001:db8:2::10/64', optimistic: true }, '2001:db8:5::10/64'] },
    { name: 'eth1', up: false, addresses: [{ address: '2001:db8:3::10/64', tentative: true }, '2001:db8:4::10/64'] },
  ],
  routes: [{ to: 'default', via: 'fe80::1', dev: 'eth0' }],
};

describe('planHost: DAD states', () => {
  it('adds tentative and optimistic addresses without nodad, and makes DAD outlast the scenario only on the up link that has them', () => {
    const plan = planHost(scenario(DAD_HOST));
    expect(plan.batch).toEqual(
      expect.arrayContaining([
        'addr add 2001:db8:1::10/64 dev eth0',
        'addr add 2001:db8:2::10/64 dev eth0 optimistic',
        'addr add 2001:db8:5::10/64 dev eth0 nodad',
        // A link that is down never starts DAD: no sysctl needed.
        'addr add 2001:db8:3::10/64 dev eth1',
        'addr add 2001:db8:4::10/64 dev eth1 nodad',
      ]),
    );
    const sysctl = plan.batch.find((l) => l.startsWith('sysctl '))!;
    expect(sysctl.split(' ')).toEqual(
      expect.arrayContaining([`net/ipv6/conf/eth0/dad_transmits=${DAD_TRANSMITS}`, 'net/ipv6/conf/eth0/optimistic_dad=1']),
    );
    expect(sysctl).not.toMatch(/eth1\/(dad_transmits|optimistic_dad)/);
    expect(plan.batch.indexOf(sysctl)).toBeLessThan(plan.batch.indexOf('addr add 2001:db8:1::10/64 dev eth0'));
    expect(DAD_TRANSMITS).toBeLessThanOrEqual(255); // inet6_ifaddr.dad_probes is a u8
  });

  it('refuses the states the kernel does not keep: tentative on lo or IPv4, optimistic on a link that is down, a tentative preferred source', () => {
    const refuses = (host: ScenarioHost) => expect(() => planHost(scenario(host))).toThrow(UnsupportedByHostBuilder);
    refuses({ interfaces: [{ name: 'lo', addresses: [{ address: '2001:db8:53::1/128', tentative: true }] }] });
    refuses({ interfaces: [{ name: 'eth0', addresses: [{ address: '192.0.2.10/24', tentative: true }] }] });
    refuses({ interfaces: [{ name: 'eth0', up: false, addresses: [{ address: '2001:db8:1::10/64', optimistic: true }] }] });
    refuses({ interfaces: [{ name: 'eth0', addresses: [{ address: '2001:db8:1::10/64', temporary: true }] }] });
    const withSrc = (flags: { tentative?: boolean; optimistic?: boolean }): ScenarioHost => ({
      interfaces: [{ name: 'eth0', addresses: ['2001:db8:1::10/64', { address: '2001:db8:1::20/64', ...flags }] }],
      routes: [{ to: '2001:db8:99::/48', via: 'fe80::1', dev: 'eth0', src: '2001:db8:1::20' }],
    });
    refuses(withSrc({ tentative: true }));
    // ipv6_chk_addr lets an optimistic address pass.
    expect(planHost(scenario(withSrc({ optimistic: true }))).batch).toContain('route add 2001:db8:99::/48 src 2001:db8:1::20 via fe80::1 dev eth0');
  });

  it('writes per-device use_tempaddr and on-link IPv6 gateways', () => {
    const plan = planHost(
      scenario({
        useTempaddr: 2,
        interfaces: [
          { name: 'eth0', addresses: ['2001:db8:1::10/64'] },
          { name: 'tun0', useTempaddr: -1, addresses: ['2001:db8:100::5/64'] },
        ],
        routes: [{ to: '2001:db8:99::/48', via: '2001:db8:77::1', dev: 'eth0' }],
      }),
    );
    expect(plan.sysctls).toEqual(expect.arrayContaining(['net.ipv6.conf.all.use_tempaddr=2', 'net.ipv6.conf.default.use_tempaddr=2']));
    expect(plan.batch.find((l) => l.startsWith('sysctl '))).toMatch(/net\/ipv6\/conf\/tun0\/use_tempaddr=-1/);
    expect(plan.batch).toContain('route add 2001:db8:99::/48 via 2001:db8:77::1 dev eth0 onlink');
  });

  it('refuses an IPv4 gateway route of scope link or host (the kernel does), builds the IPv6 one and IPv4 scope site', () => {
    const host = (to: string, via: string, scope: 'link' | 'host' | 'site'): ScenarioHost => ({
      interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] }],
      routes: [{ to, via, dev: 'eth0', scope }],
    });
    expect(() => planHost(scenario(host('10.1.0.0/16', '192.0.2.1', 'link')))).toThrow(UnsupportedByHostBuilder);
    expect(() => planHost(scenario(host('10.1.0.0/16', '198.51.100.1', 'link')))).toThrow(UnsupportedByHostBuilder);
    expect(() => planHost(scenario(host('10.1.0.0/16', '192.0.2.1', 'host')))).toThrow(UnsupportedByHostBuilder);
    expect(planHost(scenario(host('10.1.0.0/16', '192.0.2.1', 'site'))).batch).toContain('route add 10.1.0.0/16 scope site via 192.0.2.1 dev eth0');
    expect(planHost(scenario(host('2001:db8:5::/48', '2001:db8:1::1', 'link'))).batch).toContain('route add 2001:db8:5::/48 scope link via 2001:db8:1::1 dev eth0');
  });
});

const gate = oracleGate();

describe.skipIf(!gate.run)('DAD states and per-device settings, in a namespace', () => {
  let probes: { glibc: string; musl: string };
  beforeAll(async () => {
    probes = await buildProbes();
  });
  const agrees = async (s: Scenario) => {
    const run = await runOracle(s, probes);
    expect(compareScenario(s, run).mismatches).toEqual([]);
    return run.glibc.answers.map((a) => `${a.address} ${a.source ?? a.errno}`).sort();
  };

  it('holds tentative and optimistic addresses while the probes run, and the simulation agrees', async () => {
    const s = scenario({ ...DAD_HOST, ipv6Forwarding: true }, { records: ['2001:db8:1::99', '2001:db8:1::', '2001:db8:2::99', '2001:db8:5::'] });
    const [addrs] = await withScenarioNamespace(s, async (ns) => [(await ns.exec('ip', ['-6', '-o', 'addr', 'show'])).stdout]);
    expect(addrs).toMatch(/2001:db8:1::10\/64 scope global tentative/);
    expect(addrs).toMatch(/2001:db8:2::10\/64 scope global optimistic tentative/);
    expect(addrs).toMatch(/eth1\s+inet6 2001:db8:3::10\/64 scope global tentative/);
    expect(addrs).not.toMatch(/2001:db8:5::10\/64 scope global tentative/);
    expect(await agrees(s)).toEqual([
      // A tentative address is never a source, nor gives its prefix an anycast route; an
      // optimistic one is avoided like a deprecated one (Rule 3).
      '2001:db8:1:: 2001:db8:5::10',
      '2001:db8:1::99 2001:db8:5::10',
      '2001:db8:2::99 2001:db8:5::10',
      '2001:db8:5:: 2001:db8:5::10',
    ]);
  });

  it('keeps IPv6 answers under AI_ADDRCONFIG in glibc when the only IPv6 address is tentative', async () => {
    const s = scenario(
      { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', { address: '2001:db8:1::10/64', tentative: true }] }], routes: [{ to: 'default', via: '192.0.2.1' }] },
      { flags: ['AI_ADDRCONFIG'], records: ['2001:db8:99::1', '198.51.100.1'] },
    );
    expect(await agrees(s)).toEqual(['198.51.100.1 192.0.2.10', '2001:db8:99::1 ENETUNREACH']);
  });

  it('reads use_tempaddr per device (Rule 7 before the longest match) and builds prefsrc and on-link gateways', async () => {
    const s = scenario(
      {
        useTempaddr: 2,
        interfaces: [
          { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:99:1::10/64'] },
          { name: 'wg0', addresses: ['10.64.0.2/32'] },
          { name: 'tun0', useTempaddr: -1, addresses: ['198.51.100.10/24', '2001:db8:100::5/64'] },
        ],
        routes: [
          { to: '2001:db8:99::/48', dev: 'wg0' },
          { to: '203.0.113.0/24', via: '10.64.0.1', dev: 'wg0', src: '198.51.100.10' },
          { to: '2001:db8:77::/48', via: '2001:db8:66::1', dev: 'eth0', src: '2001:db8:100::5' },
        ],
      },
      { records: ['2001:db8:99:2::1', '203.0.113.5', '2001:db8:77::1'] },
    );
    expect(await agrees(s)).toEqual(['2001:db8:77::1 2001:db8:100::5', '2001:db8:99:2::1 2001:db8:100::5', '203.0.113.5 198.51.100.10']);
  });
});
