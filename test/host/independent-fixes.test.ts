// Kernel behaviours the independent differential generator (test/differential/independent/)
// found the model missing, each observed in a network namespace on Linux 6.18:
// - `ip link set lo down` removes ::1 (addrconf_ifdown, keep_addr_on_down 0) and keeps
//   127.0.0.1; `ip addr add ::1/128 dev lo` on the down lo brings it back;
// - `ip -6 route add … metric 0` installs metric 1024 (ip6_route_info_create: IP6_RT_PRIO_USER).
import { describe, expect, it } from 'vitest';
import { ipToString as formatIp, parseIp } from '../../src/address/ip.js';
import { buildHost } from '../../src/host/build-host.js';
import { connectUdp } from '../../src/host/connect.js';
import type { ScenarioHost } from '../../src/scenario/types.js';

const source = (host: ScenarioHost, family: 4 | 6, dst: string) => {
  const c = connectUdp(buildHost(host), family, parseIp(dst)!);
  return c.source ? formatIp(c.source) : c.errno;
};

const uplinks = (routes: ScenarioHost['routes'], lo?: ScenarioHost['interfaces'][number]): ScenarioHost => ({
  interfaces: [
    { name: 'eth0', addresses: ['2001:db8:1::10/64'] },
    { name: 'eth1', addresses: ['2001:db8:2::10/64'] },
    ...(lo ? [lo] : []),
  ],
  routes,
});

describe('a loopback that is down', () => {
  const down = (addresses: string[]) => uplinks([{ to: 'default', via: '2001:db8:2::1' }], { name: 'lo', up: false, addresses });
  it('has no ::1: a lookup of ::1 follows the routes, while 127.0.0.1 stays', () => {
    expect(source(down([]), 6, '::1')).toBe('2001:db8:2::10');
    expect(source(down([]), 4, '127.0.0.1')).toBe('127.0.0.1');
    expect(buildHost(down([])).addresses.map((a) => formatIp(a.ip))).not.toContain('::1');
  });
  it('has ::1 again where the scenario lists it (added back after the down)', () => {
    expect(buildHost(down(['::1/128'])).addresses.map((a) => formatIp(a.ip))).toContain('::1');
  });
  it('an up lo keeps its implicit ::1, listed or not', () => {
    const up = uplinks([], { name: 'lo', addresses: ['::1/128'] });
    expect(buildHost(up).addresses.filter((a) => formatIp(a.ip) === '::1')).toHaveLength(1);
  });
});

describe('an IPv6 route with metric 0', () => {
  it('is a route of metric 1024, so a route of metric 100 beats it', () => {
    const host = uplinks([
      { to: 'default', via: '2001:db8:1::1', metric: 0 },
      { to: 'default', via: '2001:db8:2::1', metric: 100 },
    ]);
    expect(source(host, 6, '2001:db8:99::1')).toBe('2001:db8:2::10');
  });
  it('while IPv4 keeps metric 0', () => {
    const host: ScenarioHost = {
      interfaces: [
        { name: 'eth0', addresses: ['192.0.2.10/24'] },
        { name: 'eth1', addresses: ['198.51.100.10/24'] },
      ],
      routes: [
        { to: 'default', via: '192.0.2.1', metric: 0 },
        { to: 'default', via: '198.51.100.1', metric: 100 },
      ],
    };
    expect(source(host, 4, '203.0.113.9')).toBe('192.0.2.10');
  });
});

describe('127.0.0.0/8 on a loopback that is down', () => {
  it('is still local: 127.0.0.53 is reached from 127.0.0.1 (the subnet route is kept by the down)', () => {
    const host: ScenarioHost = { interfaces: [{ name: 'lo', up: false, addresses: [] }] };
    expect(source(host, 4, '127.0.0.53')).toBe('127.0.0.1');
    expect(source(host, 4, '127.0.0.1')).toBe('127.0.0.1');
  });
});
