// OpenJDK plans, from runtimes-and-ula-update.md §0.10 / §2.5 (observed with OpenJDK 17.0.15,
// Inet6AddressImpl.c lookupAllHostAddr, InetAddress.getByName).
import { describe, expect, it } from 'vitest';
import { connectPlan } from '../../src/runtime/timeline.js';
import { refused, steps } from './helpers.js';

// glibc `getent ahosts` order of the observed name: ::1, 192.0.2.10, 2001:db8::10.
const OBSERVED = ['::1', '192.0.2.10', '2001:db8::10'];

describe('Java 17 InetAddress + new Socket(host, port)', () => {
  it.each([
    ['default (preferIPv6Addresses=false)', {}, ['192.0.2.10', '::1', '2001:db8::10']],
    ['preferIPv6Addresses=true', { preferIPv6Addresses: 'true' as const }, ['::1', '2001:db8::10', '192.0.2.10']],
    ['preferIPv6Addresses=system', { preferIPv6Addresses: 'system' as const }, ['::1', '192.0.2.10', '2001:db8::10']],
    ['preferIPv4Stack=true', { preferIPv4Stack: true }, ['192.0.2.10']],
  ])('JDK 17 observed order with %s', (_n, options, order) => {
    const p = connectPlan({ runtime: 'java', version: '17', options }, OBSERVED);
    expect(p.order).toEqual(order);
    expect(p.attempts.filter((a) => a.startMs !== null).map((a) => a.address)).toEqual([order[0]]);
  });

  it('default: IPv4 first for localhost ⇒ 127.0.0.1, whatever getaddrinfo put first', () => {
    const p = connectPlan({ runtime: 'java' }, ['::1', '127.0.0.1']);
    expect(steps(p)).toEqual([
      ['127.0.0.1', 0, 10, 'connected'],
      ['::1', null, null, 'not-started'],
    ]);
  });

  it('the first address refused ⇒ ConnectException, no fallback to the second', () => {
    const p = connectPlan({ runtime: 'java', options: { preferIPv6Addresses: 'true' } }, ['::1', '127.0.0.1'], { '::1': refused });
    expect(p.winner).toBeNull();
    expect(p.error).toBe('java.net.ConnectException: Connection refused');
    expect(p.attempts[1]!.outcome).toBe('not-started');
  });

  it('duplicates are dropped (lookupAllHostAddr dedups)', () => {
    expect(connectPlan({ runtime: 'java' }, ['::1', '::1', '127.0.0.1']).order).toEqual(['127.0.0.1', '::1']);
  });

  it('Socket.connect(addr, 3000) on a silent address ⇒ SocketTimeoutException at 3 s', () => {
    const p = connectPlan({ runtime: 'java', options: { connectTimeoutMs: 3000 } }, ['192.0.2.1'], { '192.0.2.1': { outcome: 'timeout' } });
    expect(steps(p)).toEqual([['192.0.2.1', 0, 3000, 'timeout']]);
    expect(p.error).toBe('java.net.SocketTimeoutException: Connect timed out');
  });
});
