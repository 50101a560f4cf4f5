// The listener model, table-driven: which addresses bind and which listeners get IPv4, on
// hosts with IPv6 disabled by sysctl, without IPv6 in the kernel, without ::1, with AnyIP.
import { describe, expect, it } from 'vitest';
import { buildHost } from '../../src/host/build-host.js';
import { checkListen, parseListen, type ListenSpec } from '../../src/listen/bind-check.js';
import type { ServerName } from '../../src/listen/servers.js';
import type { ScenarioHost } from '../../src/scenario/types.js';

const dual: ScenarioHost = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8::10/64'] }], routes: [{ to: 'default', via: '192.0.2.1' }] };
const sysctlOff: ScenarioHost = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }], ipv6: false };
const noKernel: ScenarioHost = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }], kernelIpv6: false };
const loNo6: ScenarioHost = { interfaces: [{ name: 'lo', addresses: [], disableIpv6: true }, ...dual.interfaces] };
const anyip: ScenarioHost = { ...dual, routes: [{ to: '198.51.100.0/24', type: 'local', dev: 'lo', table: 'local' }, { to: '2001:db8:5::/64', type: 'local', dev: 'lo', table: 'local' }] };

const spec = (t: string): ListenSpec => {
  const p = parseListen(t);
  if ('error' in p) throw new Error(p.error);
  return p;
};

const CASES: [string, ScenarioHost, string, ServerName, { binds: boolean; errno: string | null; receivesIpv4?: boolean | null }][] = [
  ['[::] on a dual-stack host, plain socket', dual, '[::]:80', 'plain', { binds: true, errno: null, receivesIpv4: true }],
  ['[::] with nginx (ipv6only=on)', dual, '[::]:80', 'nginx', { binds: true, errno: null, receivesIpv4: false }],
  ['[::] with Envoy (ipv4_compat false)', dual, '::', 'envoy', { binds: true, errno: null, receivesIpv4: false }],
  ['[::] with Go tcp', dual, '[::]:8080', 'go', { binds: true, errno: null, receivesIpv4: true }],
  ['[::] with disable_ipv6 everywhere still binds', sysctlOff, '[::]:80', 'nginx', { binds: true, errno: null, receivesIpv4: false }],
  ['[::] without IPv6 in the kernel: EAFNOSUPPORT', noKernel, '[::]:80', 'nginx', { binds: false, errno: 'EAFNOSUPPORT' }],
  ['::1 without IPv6 in the kernel', noKernel, '::1', 'plain', { binds: false, errno: 'EAFNOSUPPORT' }],
  ['::1 with disable_ipv6 everywhere', sysctlOff, '[::1]:80', 'plain', { binds: false, errno: 'EADDRNOTAVAIL' }],
  ['::1 with disable_ipv6 on lo only', loNo6, '::1', 'plain', { binds: false, errno: 'EADDRNOTAVAIL' }],
  ['0.0.0.0 without IPv6 in the kernel', noKernel, '80', 'nginx', { binds: true, errno: null }],
  ['127.0.0.53 (all of 127/8 is local)', dual, '127.0.0.53:53', 'plain', { binds: true, errno: null }],
  ['a foreign IPv4 address', dual, '203.0.113.5:80', 'plain', { binds: false, errno: 'EADDRNOTAVAIL' }],
  ['an AnyIP IPv4 address binds', anyip, '198.51.100.7:80', 'plain', { binds: true, errno: null }],
  ['an AnyIP IPv6 address does not (no IP_FREEBIND)', anyip, '[2001:db8:5::7]:80', 'plain', { binds: false, errno: 'EADDRNOTAVAIL' }],
  ['an assigned IPv6 address', dual, '[2001:db8::10]:80', 'plain', { binds: true, errno: null }],
  ['link-local without a scope id', dual, '[fe80::1]:80', 'plain', { binds: false, errno: 'EINVAL' }],
];

describe('checkListen', () => {
  for (const [name, host, text, server, want] of CASES) {
    it(name, () => {
      const h = buildHost(host);
      const r = checkListen(h, spec(text), { server, bindv6only: false, kernelIpv6: host.kernelIpv6 !== false });
      expect({ binds: r.binds, errno: r.errno, ...(want.receivesIpv4 === undefined ? {} : { receivesIpv4: r.receivesIpv4 }) }).toEqual(want);
      if (!r.binds || r.receivesIpv4 === false) expect(r.advice).toMatch(/\S/);
    });
  }

  it('net.ipv6.bindv6only makes a plain [::] IPv6-only, but not a server that sets the option itself', () => {
    const h = buildHost(dual);
    expect(checkListen(h, spec('[::]:80'), { server: 'plain', bindv6only: true, kernelIpv6: true }).receivesIpv4).toBe(false);
    expect(checkListen(h, spec('[::]:80'), { server: 'go', bindv6only: true, kernelIpv6: true }).receivesIpv4).toBe(true);
  });

  it('reads listen forms', () => {
    expect(['[::]:80', '::', '0.0.0.0:8080', '*:80', '80', '[::1]:443'].map((t) => {
      const s = spec(t);
      return [s.address.family, s.port];
    })).toEqual([[6, 80], [6, null], [4, 8080], [4, 80], [4, 80], [6, 443]]);
    for (const bad of ['[::]:70000', 'localhost:80', '[::1', 'fe80::1%eth0']) expect(parseListen(bad)).toHaveProperty('error');
  });
});
