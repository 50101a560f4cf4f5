// The routes the kernel derives from addresses, as `ip route` shows them afterwards.
import { describe, expect, it } from 'vitest';
import { buildHost } from '../../src/host/build-host.js';

describe('IPv6 prefix routes of several addresses', () => {
  it('two addresses in one /64 make one connected route, as ip -6 route shows', () => {
    const host = buildHost({ interfaces: [{ name: 'eth0', addresses: ['2001:db8:1::10/64', '2001:db8:1::20/64', { address: '2001:db8:1::30/64', deprecated: true }] }] });
    const main = host.routes.filter((r) => r.family === 6 && r.table === 254);
    expect(main.map((r) => `${r.length} dev ${r.dev}`)).toEqual(['64 dev 2']);
  });
});
