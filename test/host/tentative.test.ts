// Tentative IPv6 addresses (IFA_F_TENTATIVE, DAD not finished: a bridge without carrier, a link
// still probing): the kernel has no local route for them and never picks them as a source
// (net/ipv6/addrconf.c: the local route is inserted when DAD completes; __ipv6_dev_get_saddr
// skips tentative addresses that are not optimistic), but glibc's __check_pf counts them
// (sysdeps/unix/sysv/linux/check_pf.c reads every RTM_NEWADDR, whatever its flags).
import { describe, expect, it } from 'vitest';
import { parseIp, ipToString as formatIp } from '../../src/address/ip.js';
import { buildHost } from '../../src/host/build-host.js';
import { connectUdp } from '../../src/host/connect.js';
import { glibcSeenFamilies } from '../../src/order/input.js';
import { simulate } from '../../src/simulate.js';
import type { ScenarioAddress, ScenarioHost } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';

const dockerHost = (bridge6: ScenarioAddress, uplink6: boolean): ScenarioHost => ({
  interfaces: [
    { name: 'eth0', addresses: ['192.0.2.10/24', ...(uplink6 ? ['2001:db8:1::10/64'] : [])], ...(uplink6 ? {} : { disableIpv6: true }) },
    { name: 'docker0', addresses: ['172.17.0.1/16', bridge6] },
  ],
  routes: [{ to: 'default', via: '192.0.2.1', dev: 'eth0' }, ...(uplink6 ? [{ to: 'default', via: 'fe80::1', dev: 'eth0' }] : [])],
});

const source = (host: ScenarioHost, dst: string) => {
  const c = connectUdp(buildHost(host), 6, parseIp(dst)!);
  return c.source ? formatIp(c.source) : c.errno;
};

describe('a tentative IPv6 address', () => {
  const table: { flags: Partial<Record<'tentative' | 'optimistic', boolean>>; dst: string; uplink6: boolean; expected: string | null }[] = [
    // Routed to docker0, but the source comes from another device.
    { flags: { tentative: true }, dst: 'fd00::5', uplink6: true, expected: '2001:db8:1::10' },
    { flags: {}, dst: 'fd00::5', uplink6: true, expected: 'fd00::1' },
    // No local route: a lookup of the address itself follows the prefix route.
    { flags: { tentative: true }, dst: 'fd00::1', uplink6: true, expected: '2001:db8:1::10' },
    // Only ::1 is left to the kernel (observed: docker-host-ipv4-uplink-addrconfig).
    { flags: { tentative: true }, dst: 'fd00::5', uplink6: false, expected: '::1' },
    // Optimistic DAD: usable while it runs (RFC 4429), local route included.
    { flags: { tentative: true, optimistic: true }, dst: 'fd00::1', uplink6: true, expected: 'fd00::1' },
    // ... though Rule 3 avoids it (use_optimistic 0) before Rule 5 could prefer docker0's own.
    { flags: { tentative: true, optimistic: true }, dst: 'fd00::5', uplink6: true, expected: '2001:db8:1::10' },
  ];
  for (const t of table)
    it(`${JSON.stringify(t.flags)} → ${t.dst} from ${t.expected}`, () => {
      expect(source(dockerHost({ address: 'fd00::1/64', ...t.flags }, t.uplink6), t.dst)).toBe(t.expected);
    });

  it('has no local route but keeps its prefix route', () => {
    const host = buildHost(dockerHost({ address: 'fd00::1/64', tentative: true }, true));
    const on = host.routes.filter((r) => r.family === 6 && r.dev === 3 && r.type !== 'multicast');
    expect(on.map((r) => `${r.type} ${r.length}`)).toEqual(['unicast 64']);
  });

  it('counts for glibc AI_ADDRCONFIG: AAAA answers are kept on an otherwise IPv4-only host', () => {
    const host = dockerHost({ address: 'fd00::1/64', tentative: true }, false);
    expect(glibcSeenFamilies(buildHost(host)).v6).toBe(true);
    const r = simulate({ host, query: { flags: ['AI_ADDRCONFIG'], records: ['2001:db8:99::1', '203.0.113.9'] } }, { profile: 'glibc' });
    expect(r.order).toEqual(['203.0.113.9', '2001:db8:99::1']);
  });

  it('is an IPv6-only flag', () => {
    const bad = validateScenario({ host: { interfaces: [{ name: 'eth0', addresses: [{ address: '192.0.2.1/24', tentative: true }] }] }, query: { records: [] } });
    expect(bad.ok).toBe(false);
  });
});
