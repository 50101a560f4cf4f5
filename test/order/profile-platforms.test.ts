// Windows and FreeBSD profiles (not checked against real systems): tables from
// address-selection.md §6 and freebsd-src rc.d/ip6addrctl @ 023fc80e; FreeBSD comparator quirks
// from lib/libc/net/getaddrinfo.c @ 00b7fefa.
import { describe, expect, it } from 'vitest';
import { formatIp } from '../../src/address/format.js';
import { parseIp } from '../../src/address/ip.js';
import { explainOrder } from '../../src/explain.js';
import { buildHost } from '../../src/host/build-host.js';
import { FREEBSD_IPV4_PREFER, freebsdAutoPolicy, freebsdOrder, freebsdScope } from '../../src/order/profile-freebsd.js';
import { rfc6724Order } from '../../src/order/profile-rfc6724.js';
import { WINDOWS_POLICY, windowsOrder } from '../../src/order/profile-windows.js';
import type { ScenarioHost } from '../../src/scenario/types.js';

const DUAL: ScenarioHost = {
  interfaces: [{ name: 'eth0', addresses: ['192.0.2.70/24', '2001:db8:1::70/64'] }],
  routes: [
    { to: 'default', via: '192.0.2.1' },
    { to: 'default', via: '2001:db8:1::1' },
  ],
};
const V4ONLY: ScenarioHost = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.70/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] };
const q = (records: string[]) => ({ records, flags: [], family: 'AF_UNSPEC' as const });
const order = (o: { answers: readonly { address: Parameters<typeof formatIp>[0] }[] }) => o.answers.map((a) => formatIp(a.address));

describe('windows profile (Windows 8.1+ default prefix policies = RFC 6724 table)', () => {
  it('table rows as `netsh interface ipv6 show prefixpolicies`', () => {
    expect(WINDOWS_POLICY.map((r) => `${r.precedence} ${r.label} ${r.text}`).sort()).toEqual(
      ['50 0 ::1/128', '40 1 ::/0', '35 4 ::ffff:0:0/96', '30 2 2002::/16', '5 5 2001::/32', '3 13 fc00::/7', '1 11 fec0::/10', '1 12 3ffe::/16', '1 3 ::/96'].sort(),
    );
  });
  it('orders like rfc6724 and says it was not checked against Windows', () => {
    const host = buildHost(DUAL);
    const records = ['192.0.2.9', 'fd00::9', '2001:db8:9::9', '::1', '127.0.0.1'];
    const w = windowsOrder(host, q(records));
    expect(order(w)).toEqual(order(rfc6724Order(host, q(records))));
    expect(w.notes.join('\n')).toMatch(/not checked against a real Windows system/);
  });
});

describe('freebsd profile (rc.d/ip6addrctl tables, libc comp_dst)', () => {
  it('ipv4_prefer = the RFC 6724 table with ::ffff:0:0/96 at precedence 100', () => {
    expect(FREEBSD_IPV4_PREFER.find((r) => r.text === '::ffff:0:0/96')!.precedence).toBe(100);
    expect(FREEBSD_IPV4_PREFER.filter((r) => r.text !== '::ffff:0:0/96').every((r) => r.precedence !== 100)).toBe(true);
  });

  it('ipv6_prefer: IPv6 first (40 vs 35); ipv4_prefer: IPv4 first (100 vs 40), both by Rule 6', () => {
    const host = buildHost(DUAL);
    const records = ['198.51.100.1', '2001:db8:9::1'];
    const six = freebsdOrder(host, q(records), 'ipv6_prefer');
    const four = freebsdOrder(host, q(records), 'ipv4_prefer');
    expect(order(six)).toEqual(['2001:db8:9::1', '198.51.100.1']);
    expect(order(four)).toEqual(['198.51.100.1', '2001:db8:9::1']);
    expect(explainOrder(four)[0]!.rule).toBe(6);
  });

  it('AUTO (approximated): global IPv6 configured ⇒ ipv6_prefer, else ipv4_prefer', () => {
    expect(freebsdAutoPolicy(buildHost(DUAL))).toBe('ipv6_prefer');
    expect(freebsdAutoPolicy(buildHost(V4ONLY))).toBe('ipv4_prefer');
  });

  it('policy none: "no policy is installed into kernel, we don\'t sort"', () => {
    const o = freebsdOrder(buildHost(DUAL), q(['198.51.100.1', '::1']), 'none');
    expect(order(o)).toEqual(['198.51.100.1', '::1']);
    expect(explainOrder(o)[0]!.rule).toBe(0);
  });

  it('Rule 9 is skipped for AF_INET (RFC 6724 applies it: 192.0.2.1 shares 24 bits with the source)', () => {
    const host = buildHost(DUAL);
    const records = ['198.51.100.1', '192.0.2.1'];
    expect(order(rfc6724Order(host, q(records)))).toEqual(['192.0.2.1', '198.51.100.1']);
    const f = freebsdOrder(host, q(records), 'ipv6_prefer');
    expect(order(f)).toEqual(records);
    expect(explainOrder(f)[0]!.rule).toBe(10);
  });

  it('Rule 9 for IPv6 counts all 128 bits (no cap at the source prefix length)', () => {
    const host = buildHost(DUAL);
    const records = ['2001:db8:1::1', '2001:db8:1::71'];
    expect(order(rfc6724Order(host, q(records)))).toEqual(records);
    expect(order(freebsdOrder(host, q(records), 'ipv6_prefer'))).toEqual(['2001:db8:1::71', '2001:db8:1::1']);
  });

  it('::1 has node-local scope 1; 127/8 and 169.254/16 link-local; private IPv4 global', () => {
    expect(freebsdScope(parseIp('::1')!)).toBe(1);
    expect(freebsdScope(parseIp('127.0.0.1')!)).toBe(2);
    expect(freebsdScope(parseIp('169.254.1.1')!)).toBe(2);
    expect(freebsdScope(parseIp('10.1.2.3')!)).toBe(14);
    expect(freebsdScope(parseIp('fe80::1')!)).toBe(2);
  });
});
