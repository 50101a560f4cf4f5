// IPv6 forwarding and the kernel's subnet-router anycast routes (net/ipv6/addrconf.c
// addrconf_join_anycast from __ipv6_ifa_notify and dev_forward_change; anycast.c
// __ipv6_dev_ac_inc), and the ff00::/8 route an up link lacks until it is first ready
// (addrconf_notify NETDEV_UP: !addrconf_link_ready). Observed on 6.18 with `ip -6 route show
// table local`, `ip -6 route get` and a UDP connect(); recorded with glibc and musl in
// test/fixtures/tool-hosts/router-anycast-forwarding.json and docker-host-ipv6-no-containers.json.
import { describe, expect, it } from 'vitest';

import { formatIp } from '../../src/address/format.js';
import { parseIp } from '../../src/address/ip.js';
import { buildHost } from '../../src/host/build-host.js';
import { connectUdp } from '../../src/host/connect.js';
import { RT_TABLE, type Host } from '../../src/host/model.js';
import type { ScenarioHost } from '../../src/scenario/types.js';
import { normalizeScenario, validateScenario } from '../../src/scenario/validate.js';

const anycast = (h: Host): string[] =>
  h.routes.filter((r) => r.type === 'anycast').map((r) => `${formatIp({ family: 6, bytes: r.prefix })} dev ${h.interfaces.find((i) => i.index === r.dev)!.name} table ${r.table} metric ${r.metric}`);
const multicast = (h: Host): string[] => h.routes.filter((r) => r.type === 'multicast').map((r) => h.interfaces.find((i) => i.index === r.dev)!.name);
const source = (h: Host, dst: string): string => {
  const o = connectUdp(h, 6, parseIp(dst)!);
  return o.source ? formatIp(o.source) : o.errno!;
};

const router: ScenarioHost = {
  ipv6Forwarding: true,
  interfaces: [
    { name: 'lo', addresses: ['2001:db8:a::1/64'] },
    { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64', '2001:db8:1::11/64', 'fe80::1/64', '2001:db8:e::1/0'] },
    {
      name: 'eth1',
      addresses: [
        '2001:db8:2::1/48',
        '2001:db8:3::1/127',
        '2001:db8:3:1::1/126',
        '2001:db8:4::1/128',
        { address: '2001:db8:5::1/64', noprefixroute: true },
        { address: '2001:db8:8::1/64', deprecated: true },
        { address: '2001:db8:6::5/64', tentative: true },
        { address: '2001:db8:7::5/64', optimistic: true, tentative: true },
        { address: '2001:db8:77::1', peer: '2001:db8:78::2/64' },
      ],
    },
    { name: 'eth2', up: false, addresses: ['2001:db8:9::1/64'] },
    { name: 'eth3', addresses: ['2001:db8:1::20/64'] },
    { name: 'eth4', forwarding: false, addresses: [{ address: '2001:db8:c::1/64', noprefixroute: true }] },
  ],
  routes: [{ to: 'default', via: 'fe80::99', dev: 'eth0' }],
};

describe('subnet-router anycast routes (IPv6 forwarding)', () => {
  it('one per prefix and device with forwarding: shorter than /127, not ::/0, not tentative or optimistic, also on a down link and on lo', () => {
    expect(anycast(buildHost(router))).toEqual([
      '2001:db8:a:: dev lo table 255 metric 0',
      '2001:db8:1:: dev eth0 table 255 metric 0',
      'fe80:: dev eth0 table 255 metric 0',
      '2001:db8:2:: dev eth1 table 255 metric 0',
      '2001:db8:3:1:: dev eth1 table 255 metric 0',
      '2001:db8:5:: dev eth1 table 255 metric 0',
      '2001:db8:8:: dev eth1 table 255 metric 0',
      // A point-to-point address: its own address with the peer's length.
      '2001:db8:77:: dev eth1 table 255 metric 0',
      '2001:db8:9:: dev eth2 table 255 metric 0',
      '2001:db8:1:: dev eth3 table 255 metric 0',
    ]);
  });

  it('none without forwarding (the default), and per device where the interface says so', () => {
    expect(anycast(buildHost({ ...router, ipv6Forwarding: undefined }))).toEqual([]);
    const h = buildHost({ interfaces: [{ name: 'eth0', forwarding: true, addresses: ['2001:db8:1::10/64'] }, { name: 'eth1', addresses: ['2001:db8:2::10/64'] }] });
    expect(anycast(h)).toEqual(['2001:db8:1:: dev eth0 table 255 metric 0']);
  });

  it('connect() to the anycast address: the route is local, the source chosen for its device', () => {
    const h = buildHost(router);
    // Two devices hold 2001:db8:1::/64: the first route (eth0) decides; eth0's newest address.
    expect(source(h, '2001:db8:1::')).toBe('2001:db8:1::11');
    // No connected route (down link; noprefixroute), yet the anycast route keeps the answer local.
    expect(source(h, '2001:db8:9::')).toBe('2001:db8:9::1');
    expect(source(h, '2001:db8:5::')).toBe('2001:db8:5::1');
    // Forwarding off on eth4: no anycast route, the default route's device (eth0) decides.
    expect(source(h, '2001:db8:c::')).toBe('2001:db8:1::11');
    expect(source(buildHost({ ...router, ipv6Forwarding: false }), '2001:db8:9::')).toBe('2001:db8:1::11');
  });
});

describe('multicastRoute: false (no ff00::/8 since the link came up without carrier)', () => {
  const docker: ScenarioHost = {
    interfaces: [
      { name: 'docker0', multicastRoute: false, addresses: ['172.17.0.1/16', { address: 'fd00::1/64', tentative: true }] },
      { name: 'eth0', addresses: ['2001:db8:1::10/64'] },
    ],
  };

  it('leaves out that device\'s ff00::/8 route only', () => {
    expect(multicast(buildHost(docker))).toEqual(['eth0']);
    expect(multicast(buildHost({ interfaces: docker.interfaces.map((i) => ({ ...i, multicastRoute: undefined })) }))).toEqual(['docker0', 'eth0']);
    expect(buildHost(docker).routes.filter((r) => r.table === RT_TABLE.local && r.type === 'multicast')).toHaveLength(1);
  });

  it('a multicast destination then leaves through the next device with the route', () => {
    // With docker0's route first, only its own (tentative) address could be the source.
    expect(source(buildHost({ interfaces: docker.interfaces.map((i) => ({ ...i, multicastRoute: undefined })) }), 'ff05::1')).toBe('EADDRNOTAVAIL');
    expect(source(buildHost(docker), 'ff05::1')).toBe('2001:db8:1::10');
  });
});

describe('the keys in the format', () => {
  it('are booleans, kept by normalizeScenario', () => {
    const s = { host: router, query: { records: [] } };
    expect(validateScenario(s).ok).toBe(true);
    expect(normalizeScenario(s).host.ipv6Forwarding).toBe(true);
    expect(normalizeScenario(s).host.interfaces.find((i) => i.name === 'eth4')!.forwarding).toBe(false);
    const bad = validateScenario({ host: { ipv6Forwarding: 1, interfaces: [{ name: 'eth0', addresses: [], forwarding: 'yes', multicastRoute: 0 }] }, query: { records: [] } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path).sort()).toEqual(['$.host.interfaces[0].forwarding', '$.host.interfaces[0].multicastRoute', '$.host.ipv6Forwarding']);
  });
});
