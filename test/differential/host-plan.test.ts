// The host builder for the policy-routing features: the `ip` lines it plans (no privileges
// needed), and, as root, that the namespace it builds holds what the scenario says.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { compareScenario } from './compare.js';
import { buildProbes, planHost, runOracle, UnsupportedByHostBuilder, withScenarioNamespace } from './netns.js';
import { oracleGate } from './prerequisites.js';

const scenario = (host: ScenarioHost, query: Partial<Scenario['query']> = {}): Scenario => ({ host, query: { records: ['198.51.100.7'], ...query } });
const ipLines = (s: Scenario, prefix: string) => planHost(s).batch.filter((l) => l.replace(/^(-\S+ )+/, '').startsWith(prefix));

const TWO: ScenarioHost = {
  interfaces: [
    { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] },
    { name: 'eth1', addresses: ['198.51.100.10/24', '2001:db8:2::10/64'] },
  ],
};

describe('planHost: policy-routing features', () => {
  it('builds lo addresses, per-interface disable_ipv6, groups, scopes and peers; IPv6 comes on in scenario order once the links are up', () => {
    const plan = planHost(
      scenario({
        interfaces: [
          { name: 'lo', addresses: ['192.0.2.53/32', '2001:db8:53::1/128'], group: 7 },
          { name: 'wg0', addresses: ['10.64.0.2/32'], disableIpv6: true, group: 3 },
          { name: 'eth0', addresses: [{ address: '169.254.5.5/16', scope: 'link' }, { address: '10.9.9.9/8', scope: 'host' }] },
          { name: 'ppp0', addresses: [{ address: '100.64.7.7', peer: '100.64.7.1/32' }] },
        ],
      }),
    );
    const at = (l: string) => plan.batch.indexOf(l);
    expect(plan.batch).toContain('link set dev lo group 7');
    expect(plan.batch).toContain('link set dev wg0 group 3');
    // Links are created with IPv6 off; it comes back on, in scenario order, for the interfaces
    // that have it (not wg0, never a veth peer) once every link is up, before any address.
    expect(plan.sysctls).toEqual(['net.ipv6.conf.default.disable_ipv6=1']);
    const sysctl = plan.batch.filter((l) => l.startsWith('sysctl '));
    expect(sysctl).toEqual(['sysctl net/ipv6/conf/eth0/disable_ipv6=0 net/ipv6/conf/ppp0/disable_ipv6=0 net/ipv6/conf/default/disable_ipv6=0']);
    expect(at('waitup wg0 eth0 ppp0')).toBeGreaterThan(at('link set dev ppp0 up'));
    expect(at(sysctl[0]!)).toBe(at('waitup wg0 eth0 ppp0') + 1);
    expect(at(sysctl[0]!)).toBeLessThan(at('addr add 192.0.2.53/32 dev lo'));
    expect(plan.batch).toEqual(
      expect.arrayContaining([
        'addr add 192.0.2.53/32 dev lo',
        'addr add 2001:db8:53::1/128 dev lo nodad',
        'addr add 169.254.5.5/16 dev eth0 scope link',
        'addr add 10.9.9.9/8 dev eth0 scope host',
        'addr add 100.64.7.7 peer 100.64.7.1/32 dev ppp0',
      ]),
    );
    const lo = planHost(scenario({ interfaces: [{ name: 'lo', addresses: [], disableIpv6: true }] }));
    expect(lo.sysctls).toEqual(['net.ipv6.conf.lo.disable_ipv6=1']);
  });

  it('writes routes with table, from, scope, local, throw, RFC 5549 and multipath', () => {
    const s = scenario({
      ...TWO,
      routes: [
        { to: '0.0.0.0/0', dev: 'eth0', table: 51820 },
        { to: '192.0.2.0/24', type: 'throw', table: 52 },
        { to: '203.0.113.0/24', type: 'local', dev: 'lo' },
        { to: '203.0.114.0/24', type: 'local', dev: 'lo', table: 'local' },
        { to: 'default', from: '2001:db8:1::/48', via: 'fe80::1', dev: 'eth0' },
        { to: '0.0.0.0/0', via: 'fe80::1', dev: 'eth1', metric: 10 },
        { to: '10.0.0.0/8', via: '192.0.2.1', dev: 'eth0', table: 'default' },
        { to: '10.1.0.0/16', via: '10.200.0.1', dev: 'eth0' },
        { to: '172.16.0.0/12', dev: 'eth1', scope: 'link', table: 100 },
        { to: '172.17.0.0/16', via: '172.16.0.1', dev: 'eth1', table: 100 },
      ],
    });
    expect(ipLines(s, 'route')).toEqual([
      'route add 0.0.0.0/0 table 51820 dev eth0',
      'route add throw 192.0.2.0/24 table 52',
      // iproute2 would put a table-less local route in table local; the scenario means main.
      'route add local 203.0.113.0/24 table main dev lo',
      'route add local 203.0.114.0/24 table local dev lo',
      'route add ::/0 from 2001:db8:1::/48 via fe80::1 dev eth0',
      'route add 0.0.0.0/0 metric 10 via inet6 fe80::1 dev eth1',
      'route add 10.0.0.0/8 table default via 192.0.2.1 dev eth0',
      'route add 10.1.0.0/16 via 10.200.0.1 dev eth0 onlink',
      'route add 172.16.0.0/12 table 100 scope link dev eth1',
      // Reachable through table 100's own link route: no onlink.
      'route add 172.17.0.0/16 table 100 via 172.16.0.1 dev eth1',
    ]);
    expect(() => planHost(scenario({ ...TWO, routes: [{ to: '10.1.0.0/16', via: '10.200.0.1' }] }))).toThrow(UnsupportedByHostBuilder);
    expect(() => planHost(scenario({ ...TWO, routes: [{ to: '::/0', via: 'fe80::1' }] }))).toThrow(/link-local gateway/);
  });

  it('writes multipath routes inline or through nexthop objects, always the same way for one route', () => {
    const forms = new Set<string>();
    for (let w = 1; w <= 12; w++) {
      const s = scenario({
        ...TWO,
        routes: [{ to: 'default', nexthops: [{ via: '192.0.2.1', dev: 'eth0', weight: w }, { via: '198.51.100.1', dev: 'eth1' }] }],
      });
      const lines = ipLines(s, 'route').concat(ipLines(s, 'nexthop'));
      expect(ipLines(s, 'route')).toEqual(ipLines(s, 'route'));
      if (lines.some((l) => l.includes('nhid'))) {
        forms.add('objects');
        expect(ipLines(s, 'nexthop')).toEqual([
          'nexthop add id 1 via 192.0.2.1 dev eth0',
          'nexthop add id 2 via 198.51.100.1 dev eth1',
          `nexthop add id 3 group ${w === 1 ? '1' : `1,${w}`}/2`,
        ]);
        expect(ipLines(s, 'route')).toEqual(['route add 0.0.0.0/0 nhid 3']);
      } else {
        forms.add('inline');
        expect(ipLines(s, 'route')).toEqual([`route add 0.0.0.0/0 nexthop via 192.0.2.1 dev eth0${w === 1 ? '' : ` weight ${w}`} nexthop via 198.51.100.1 dev eth1`]);
      }
    }
    expect([...forms].sort()).toEqual(['inline', 'objects']);
  });

  it('writes rules per family (a familyless one for both), deletes exactly the default rules, and refuses what the kernel refuses', () => {
    const s = scenario({
      ...TWO,
      defaultRules: false,
      rules: [
        { not: true, fwmark: 51820, table: 51820 },
        { table: 'main', suppressPrefixlength: 0 },
        { priority: 5210, fwmark: '0x80000/0xff0000', table: 'main' },
        { priority: 100, from: '192.0.2.10', to: '203.0.113.0/24', action: 'prohibit' },
        { priority: 101, iif: 'lo', uidrange: '1000-1999', ipproto: 'udp', dport: 53, sport: '1024-65534', tos: 0x10, action: 'blackhole' },
        { priority: 102, action: 'goto', goto: 200 },
        { priority: 103, action: 'nop', suppressIfgroup: 3 },
      ],
    });
    const rules = planHost(s).batch.filter((l) => / rule /.test(l));
    expect(rules).toEqual([
      '-4 rule del pref 0 table local',
      '-4 rule del pref 32766 table main',
      '-4 rule del pref 32767 table default',
      '-force -4 rule add not fwmark 51820 table 51820',
      '-force -4 rule add table main suppress_prefixlength 0',
      '-force -4 rule add fwmark 0x80000/0xff0000 pref 5210 table main',
      '-force -4 rule add from 192.0.2.10/32 to 203.0.113.0/24 pref 100 prohibit',
      '-force -4 rule add iif lo uidrange 1000-1999 ipproto udp sport 1024-65534 dport 53 tos 0x10 pref 101 blackhole',
      '-force -4 rule add pref 102 goto 200',
      '-force -4 rule add pref 103 nop suppress_ifgroup 3',
      '-6 rule del pref 0 table local',
      '-6 rule del pref 32766 table main',
      '-force -6 rule add not fwmark 51820 table 51820',
      '-force -6 rule add table main suppress_prefixlength 0',
      '-force -6 rule add fwmark 0x80000/0xff0000 pref 5210 table main',
      '-force -6 rule add iif lo uidrange 1000-1999 ipproto udp sport 1024-65534 dport 53 tos 0x10 pref 101 blackhole',
      '-force -6 rule add pref 102 goto 200',
      '-force -6 rule add pref 103 nop suppress_ifgroup 3',
    ]);
    const refused = (rule: NonNullable<ScenarioHost['rules']>[number]) => () => planHost(scenario({ ...TWO, rules: [rule] }));
    // A rule without pref gets 32765 here: a goto to 200 would jump backwards.
    expect(refused({ action: 'goto', goto: 200 })).toThrow(/backward/);
    expect(refused({ dport: '1-65535', table: 5 })).toThrow(UnsupportedByHostBuilder);
    expect(refused({ family: 4, tos: 0x20, table: 5 })).toThrow(UnsupportedByHostBuilder);
    expect(refused({ family: 6, tos: 0x21, table: 5 })).toThrow(UnsupportedByHostBuilder);
    expect(refused({ family: 6, tos: 0x20, table: 5 })).not.toThrow();
  });

  it('replaces an address label row of the same prefix and device, the kernel’s own rows included', () => {
    const s = scenario({
      ...TWO,
      addrlabels: [
        { prefix: '::/0', label: 9 },
        { prefix: '2001:db8:1::1/48', label: 5 },
        { prefix: '2001:db8:1::/48', label: 6, dev: 'eth0' },
        { prefix: '2001:db8:1::/48', label: 7 },
      ],
    });
    expect(ipLines(s, 'addrlabel')).toEqual([
      'addrlabel del prefix ::/0 label 1',
      'addrlabel add prefix ::/0 label 9',
      'addrlabel add prefix 2001:db8:1::/48 label 5',
      'addrlabel add prefix 2001:db8:1::/48 dev eth0 label 6',
      'addrlabel del prefix 2001:db8:1::/48 label 5',
      'addrlabel add prefix 2001:db8:1::/48 label 7',
    ]);
  });

  it('refuses two IPv4 addresses of one subnet and device with different scopes, as the kernel does', () => {
    const host = (second: ScenarioHost['interfaces'][number]['addresses'][number]): ScenarioHost => ({ interfaces: [{ name: 'eth0', addresses: [{ address: '192.0.2.123/24', scope: 'host' }, second] }] });
    expect(() => planHost(scenario(host('192.0.2.194/24')))).toThrow(/Invalid scope value/);
    expect(() => planHost(scenario(host({ address: '192.0.2.194/24', scope: 'host' })))).not.toThrow();
    expect(() => planHost(scenario(host('192.0.2.194/25')))).not.toThrow();
  });

  it('refuses a kernel without IPv6 and sets bindv6only', () => {
    expect(() => planHost(scenario({ ...TWO, ipv6: false, kernelIpv6: false, interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }] }))).toThrow(UnsupportedByHostBuilder);
    expect(planHost(scenario({ ...TWO, bindv6only: true })).sysctls).toContain('net.ipv6.bindv6only=1');
  });

  it('keeps multipath routes inline when a hop’s device holds a site-scope IPv4 address (an object would pick it as source)', () => {
    for (let w = 1; w <= 8; w++) {
      const s = scenario({
        interfaces: [{ name: 'eth0', addresses: [{ address: '10.0.0.128/16', scope: 'site' }, '192.168.0.126/25'] }],
        routes: [{ to: '203.0.113.244/32', nexthops: [{ via: '10.0.216.116', dev: 'eth0', weight: w }, { via: '192.168.0.21', dev: 'eth0' }] }],
      });
      expect(ipLines(s, 'nexthop')).toEqual([]);
    }
  });

  it('refuses an IPv6 multipath route with two equal hops, as the kernel does (IPv4 keeps both)', () => {
    const hops = (via: string) => [{ via, dev: 'eth0' }, { via, dev: 'eth0', weight: 2 }];
    expect(() => planHost(scenario({ ...TWO, routes: [{ to: '2001:db8:5::/48', nexthops: hops('2001:db8:1::1') }] }))).toThrow(/File exists/);
    expect(() => planHost(scenario({ ...TWO, routes: [{ to: '203.0.113.0/24', nexthops: hops('192.0.2.1') }] }))).not.toThrow();
  });

  it('runs the probes as query.uid', () => {
    expect(planHost(scenario(TWO, { uid: 1000 })).uid).toBe(1000);
    expect(planHost(scenario(TWO, { uid: 0 })).uid).toBeUndefined();
  });
});

const gate = oracleGate();

describe.skipIf(!gate.run)('host builder, in a namespace', () => {
  let probes: { glibc: string; musl: string };
  beforeAll(async () => {
    probes = await buildProbes();
  });
  const show = async (s: Scenario, cmds: string[][]) =>
    withScenarioNamespace(s, async (ns) => {
      const out: string[] = [];
      for (const c of cmds) {
        const r = await ns.exec(c[0]!, c.slice(1));
        expect(r.code, `${c.join(' ')}: ${r.stderr}`).toBe(0);
        out.push(r.stdout.trim());
      }
      return out;
    });

  it('leaves exactly the scenario’s rules when the defaults are deleted, and skips a rule the kernel holds already', async () => {
    const s = scenario({
      ...TWO,
      defaultRules: false,
      rules: [
        { priority: 10, table: 'main' },
        { priority: 10, table: 'main' },
        { priority: 20, family: 6, table: 'local' },
      ],
    });
    const [v4, v6] = await show(s, [
      ['ip', '-4', 'rule'],
      ['ip', '-6', 'rule'],
    ]);
    expect(v4!.split('\n').map((l) => l.trim())).toEqual(['10:\tfrom all lookup main']);
    expect(v6!.split('\n').map((l) => l.trim())).toEqual(['10:\tfrom all lookup main', '20:\tfrom all lookup local']);
  });

  it('disables IPv6 on one interface and on lo, sets groups, replaces a kernel label row', async () => {
    const s = scenario({
      interfaces: [
        { name: 'lo', addresses: ['192.0.2.53/32'], disableIpv6: true },
        { name: 'wg0', addresses: ['10.64.0.2/32'], disableIpv6: true, group: 3 },
        { name: 'eth0', addresses: ['2001:db8:1::10/64'] },
      ],
      addrlabels: [{ prefix: '::/0', label: 9 }],
    });
    const [lo, wg0, eth0, addrs, link, labels] = await show(s, [
      ['sysctl', '-n', 'net.ipv6.conf.lo.disable_ipv6'],
      ['sysctl', '-n', 'net.ipv6.conf.wg0.disable_ipv6'],
      ['sysctl', '-n', 'net.ipv6.conf.eth0.disable_ipv6'],
      ['ip', '-6', '-o', 'addr'],
      ['ip', '-d', 'link', 'show', 'dev', 'wg0'],
      ['ip', 'addrlabel'],
    ]);
    expect([lo, wg0, eth0]).toEqual(['1', '1', '0']);
    expect(addrs).not.toMatch(/::1\/128/);
    expect(addrs).toMatch(/eth0\s+inet6 2001:db8:1::10\/64/);
    expect(link).toMatch(/group 3/);
    expect(labels).toMatch(/prefix ::\/0 label 9/);
  });

  it('builds multipath routes through nexthop objects and inline alike', async () => {
    const hosts = [1, 2, 3, 4, 5, 6].map((w) =>
      scenario(
        { ...TWO, routes: [{ to: 'default', nexthops: [{ via: '192.0.2.1', dev: 'eth0', weight: w }, { via: '198.51.100.1', dev: 'eth1' }] }] },
        { records: ['203.0.113.9', '203.0.113.10', '203.0.113.11'] },
      ),
    );
    const forms = new Set<string>();
    for (const s of hosts) {
      forms.add(planHost(s).batch.some((l) => l.includes('nhid')) ? 'objects' : 'inline');
      const [routes] = await show(s, [['ip', 'route', 'show', 'default']]);
      expect(routes).toMatch(/nexthop via 192\.0\.2\.1 dev eth0/);
      expect(routes).toMatch(/nexthop via 198\.51\.100\.1 dev eth1/);
      const run = await runOracle(s, probes);
      for (const a of run.glibc.answers) expect(['192.0.2.10', '198.51.100.10']).toContain(a.source);
    }
    expect(forms.size).toBe(2);
  });

  it('routes a multicast answer out of the first IPv6 interface, every run (the ff00::/8 routes are made in scenario order)', async () => {
    const s = scenario({ interfaces: [{ name: 'x', addresses: [] }, { name: 'eth0', addresses: ['fd00::e6/64'] }] }, { records: ['ff05::2'] });
    const seen = new Set<string>();
    for (let i = 0; i < 8; i++) seen.add((await runOracle(s, probes)).glibc.answers.map((a) => a.source ?? a.errno).join(' '));
    // x has no address: its ff00::/8 route comes first and leaves no source.
    expect([...seen]).toEqual(['EADDRNOTAVAIL']);
  });

  it('keeps the veth peers out of IPv6: a multicast answer is not routed out of a peer', async () => {
    const s = scenario({ interfaces: [{ name: 'eth0', addresses: [], disableIpv6: true }] }, { records: ['ff05::2'] });
    const run = await runOracle(s, probes);
    // With an IPv6 peer up, its ff00::/8 route would take the lookup: EADDRNOTAVAIL.
    expect(run.glibc.answers.map((a) => a.source ?? a.errno)).toEqual(['ENETUNREACH']);
  });

  it('builds forwarding (anycast routes) and multicastRoute: false, and the simulation agrees with glibc and musl there', async () => {
    const s = scenario(
      {
        ipv6Forwarding: true,
        interfaces: [
          // First in order: its ff00::/8 route would route ff05::1 (and give its own source).
          { name: 'eth1', multicastRoute: false, addresses: [{ address: '2001:db8:2::1/64', noprefixroute: true }] },
          { name: 'eth0', addresses: ['2001:db8:1::10/64'] },
          { name: 'eth2', forwarding: false, addresses: [{ address: '2001:db8:3::1/64', noprefixroute: true }] },
        ],
        routes: [{ to: 'default', via: 'fe80::1', dev: 'eth0' }],
      },
      { records: ['ff05::1', '2001:db8:2::', '2001:db8:3::'] },
    );
    const [local] = await show(s, [['ip', '-6', 'route', 'show', 'table', 'local']]);
    expect(local).toMatch(/anycast 2001:db8:2:: dev eth1/);
    expect(local).not.toMatch(/anycast 2001:db8:3::/);
    expect(local).not.toMatch(/ff00::\/8 dev eth1/);
    const run = await runOracle(s, probes);
    expect(compareScenario(s, run).mismatches).toEqual([]);
    expect(run.glibc.answers.map((a) => `${a.address} ${a.source ?? a.errno}`).sort()).toEqual(['2001:db8:2:: 2001:db8:2::1', '2001:db8:3:: 2001:db8:1::10', 'ff05::1 2001:db8:1::10']);
  });

  it('runs the probes under query.uid, which uidrange rules see', async () => {
    const host: ScenarioHost = {
      ...TWO,
      routes: [{ to: 'default', via: '192.0.2.1' }],
      rules: [{ priority: 100, uidrange: '1000-1000', action: 'prohibit' }],
    };
    const records = ['203.0.113.9'];
    const root = await runOracle(scenario(host, { records }), probes);
    const user = await runOracle(scenario(host, { records, uid: 1000 }), probes);
    const other = await runOracle(scenario(host, { records, uid: 1001 }), probes);
    expect(root.glibc.answers.map((a) => a.source ?? a.errno)).toEqual(['192.0.2.10']);
    expect(user.glibc.answers.map((a) => a.source ?? a.errno)).toEqual(['EACCES']);
    expect(user.musl.answers.map((a) => a.source ?? a.errno)).toEqual(['EACCES']);
    expect(other.musl.answers.map((a) => a.source ?? a.errno)).toEqual(['192.0.2.10']);
  });
});
