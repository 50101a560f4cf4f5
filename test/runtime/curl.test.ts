// curl plans, from runtimes-and-ula-update.md §0.9 / §2.4 (curl-8_9_0 / curl-8_15_0
// lib/connect.c, HEAD lib/cf-ip-happy.c, CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS.md).
import { describe, expect, it } from 'vitest';
import { curlBand } from '../../src/runtime/curl.js';
import { connectPlan } from '../../src/runtime/timeline.js';
import { refused, silent, started, steps } from './helpers.js';

const V4_FIRST = ['192.0.2.1', '2001:db8::1'];

describe('curl', () => {
  it.each([
    ['7.88.1', '<=8.9'],
    ['8.9.1', '<=8.9'],
    ['8.10.0', '8.10-8.15'],
    ['8.15.0', '8.10-8.15'],
    ['8.16.0', '>=8.16'],
    ['8.20.0', '>=8.16'],
  ])('curl %s is in band %s', (v, band) => expect(curlBand(v)).toBe(band));

  it('curl 8.16+ documented example: a1_v4, a2_v4, a3_v6, a4_v6 ⇒ a3 at 0, a1 at 200, a4 at 400, a2 at 600 ms', () => {
    const list = ['192.0.2.1', '192.0.2.2', '2001:db8::3', '2001:db8::4'];
    const p = connectPlan({ runtime: 'curl', version: '8.16.0' }, list, Object.fromEntries(list.map((a) => [a, silent])));
    expect(started(p)).toEqual([
      ['2001:db8::3', 0, 'timeout'],
      ['192.0.2.1', 200, 'timeout'],
      ['2001:db8::4', 400, 'timeout'],
      ['192.0.2.2', 600, 'timeout'],
    ]);
  });

  it('curl 8.10+: IPv6 first even when getaddrinfo put IPv4 first', () => {
    for (const v of ['8.10.0', '8.15.0', '8.16.0', '8.20.0']) {
      const p = connectPlan({ runtime: 'curl', version: v }, V4_FIRST);
      expect(steps(p)[0]).toEqual(['2001:db8::1', 0, 10, 'connected']);
    }
  });

  it('curl 8.9: the first resolved family goes first (IPv4 here)', () => {
    const p = connectPlan({ runtime: 'curl', version: '8.9.1' }, V4_FIRST);
    expect(steps(p)[0]).toEqual(['192.0.2.1', 0, 10, 'connected']);
  });

  it('curl 8.10–8.15: silent IPv6 ⇒ IPv4 eyeballer after 200 ms wins; the IPv6 attempt is dropped', () => {
    const p = connectPlan({ runtime: 'curl', version: '8.12.0' }, V4_FIRST, { '2001:db8::1': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 210, 'aborted'],
      ['192.0.2.1', 200, 210, 'connected'],
    ]);
  });

  it('curl 8.10–8.15: IPv6 refused ⇒ IPv4 starts as soon as IPv6 has run out', () => {
    const p = connectPlan({ runtime: 'curl', version: '8.12.0' }, V4_FIRST, { '2001:db8::1': refused });
    expect(started(p)).toEqual([
      ['2001:db8::1', 0, 'refused'],
      ['192.0.2.1', 1, 'connected'],
    ]);
  });

  it('curl 8.16+: at most 6 attempts running — the 7th start discards the oldest', () => {
    const list = Array.from({ length: 8 }, (_, i) => `2001:db8::${i + 1}`);
    const p = connectPlan({ runtime: 'curl', version: '8.16.0' }, list, Object.fromEntries(list.map((a) => [a, silent])));
    expect(steps(p)[0]).toEqual(['2001:db8::1', 0, 1200, 'aborted']);
    expect(steps(p)[1]).toEqual(['2001:db8::2', 200, 1400, 'aborted']);
    expect(started(p).map((s) => s[1])).toEqual([0, 200, 400, 600, 800, 1000, 1200, 1400]);
  });

  it('curl 8.16+: a failure with nothing else running starts the next attempt at once', () => {
    const p = connectPlan({ runtime: 'curl', version: '8.16.0' }, V4_FIRST, { '2001:db8::1': refused });
    expect(started(p)).toEqual([
      ['2001:db8::1', 0, 'refused'],
      ['192.0.2.1', 1, 'connected'],
    ]);
  });

  it('-4 only resolves and tries IPv4', () => {
    const p = connectPlan({ runtime: 'curl', version: '8.16.0', options: { ipresolve: 'v4' } }, ['2001:db8::1', '192.0.2.1']);
    expect(p.order).toEqual(['192.0.2.1']);
  });

  it('--connect-timeout 1: every attempt ends at 1000 ms ⇒ curl: (28)', () => {
    const p = connectPlan({ runtime: 'curl', version: '8.16.0', options: { connectTimeoutMs: 1000 } }, V4_FIRST, { '192.0.2.1': silent, '2001:db8::1': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 1000, 'timeout'],
      ['192.0.2.1', 200, 1000, 'timeout'],
    ]);
    expect(p.error).toBe('curl: (28) Connection timed out after 1000 ms');
  });

  it('curl ≥ 8.20 notes the separate AAAA/A getaddrinfo calls', () => {
    expect(connectPlan({ runtime: 'curl', version: '8.20.0' }, V4_FIRST).notes.join('\n')).toMatch(/separate getaddrinfo calls/);
  });
});
