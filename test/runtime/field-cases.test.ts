// The runtime view of field cases 1 and 4 (/work/shared/docs/field-cases.md): the getaddrinfo
// order comes from simulate() on the field-case scenarios, the connect plan from the runtime
// facts in runtimes-and-ula-update.md Part 2.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/simulate.js';
import { connectPlan, RUNTIMES } from '../../src/runtime/timeline.js';
import { steps } from './helpers.js';

const load = (name: string): Scenario => JSON.parse(readFileSync(new URL(`../field-cases/scenarios/${name}.json`, import.meta.url), 'utf8')) as Scenario;

describe('field case 4: rootless Podman, `localhost` (::1 first by glibc Rule 6)', () => {
  const s = load('podman-localhost');
  const order = simulate(s).results;
  // Nothing answers on [::1]:PORT for the IPv4-only service.
  const v6dead = { '::1': { outcome: 'refused' as const } };

  it('glibc puts ::1 first', () => expect(order.map((r) => r.address)).toEqual(['::1', '127.0.0.1']));

  it('Node 20: ::1 refused ⇒ falls back to 127.0.0.1 right after the refusal (1 ms)', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, order, v6dead);
    expect(steps(p)).toEqual([
      ['::1', 0, 1, 'refused'],
      ['127.0.0.1', 1, 11, 'connected'],
    ]);
  });

  it('Node 20: a reset during connect fails the same way and falls back', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, order, { '::1': { outcome: 'reset' } });
    expect(p.winner).toBe('127.0.0.1');
  });

  it('Node 20: if pasta ACCEPTS the IPv6 handshake and resets afterwards, Node has already connected to ::1 — no fallback', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, order, { '::1': { outcome: 'reachable' } });
    expect(p.winner).toBe('::1');
  });

  it('Node 18 (autoSelectFamily off by default): only ::1 ⇒ ECONNREFUSED ::1', () => {
    const p = connectPlan({ runtime: 'node', version: '18' }, order, v6dead);
    expect(p.winner).toBeNull();
    expect(p.error).toBe('Error: connect ECONNREFUSED ::1');
  });

  it('Java (default preferIPv6Addresses=false): 127.0.0.1 first, whatever glibc says', () => {
    const p = connectPlan({ runtime: 'java' }, order, v6dead);
    expect(steps(p)).toEqual([
      ['127.0.0.1', 0, 10, 'connected'],
      ['::1', null, null, 'not-started'],
    ]);
  });

  it('the prefer-IPv4 gai.conf puts 127.0.0.1 first for Node 18 too', () => {
    const fixed = simulate(load('podman-localhost-prefer-ipv4')).results;
    expect(connectPlan({ runtime: 'node', version: '18' }, fixed, v6dead).winner).toBe('127.0.0.1');
  });
});

describe('field case 1: Docker ULA container, Go', () => {
  const broken = load('docker-ula');
  const fixed = load('docker-ula-fixed');

  it('pure-Go resolver: IPv4 first with or without the gai.conf fix (the fix is ignored)', () => {
    expect(RUNTIMES.go.lookup({ runtime: 'go' }).profile).toBe('go');
    for (const s of [broken, fixed]) {
      const order = simulate(s, { profile: 'go' }).results;
      const p = connectPlan({ runtime: 'go' }, order);
      expect(p.order).toEqual(['192.0.2.25', '2001:db8::25']);
      expect(p.winner).toBe('192.0.2.25');
      expect(p.notes.join('\n')).toMatch(/GODEBUG=netdns=cgo/);
    }
  });

  it('pure Go on the IPv6-only cloud host: IPv4 fails at once (ENETUNREACH) ⇒ the IPv6 fallback starts immediately', () => {
    const order = simulate(fixed, { profile: 'go' }).results;
    const p = connectPlan({ runtime: 'go' }, order, { '192.0.2.25': { outcome: 'unreachable', errno: 'ENETUNREACH' } });
    expect(steps(p)).toEqual([
      ['192.0.2.25', 0, 0, 'unreachable'],
      ['2001:db8::25', 0, 10, 'connected'],
    ]);
  });

  it('pure Go when IPv4 is silently dropped: 300 ms Fast Fallback delay before IPv6', () => {
    const order = simulate(fixed, { profile: 'go' }).results;
    const p = connectPlan({ runtime: 'go' }, order, { '192.0.2.25': { outcome: 'timeout' } });
    expect([p.winner, p.totalMs]).toEqual(['2001:db8::25', 310]);
  });

  it('GODEBUG=netdns=cgo: glibc\'s order — IPv4 first without the fix (Rule 5), IPv6 first with it', () => {
    expect(RUNTIMES.go.lookup({ runtime: 'go', options: { resolver: 'cgo' } }).profile).toBe('glibc');
    const before = connectPlan({ runtime: 'go', options: { resolver: 'cgo' } }, simulate(broken).results);
    expect(before.order[0]).toBe('192.0.2.25');
    const after = connectPlan({ runtime: 'go', options: { resolver: 'cgo' } }, simulate(fixed).results);
    expect(after.order).toEqual(['2001:db8::25', '192.0.2.25']);
    expect(steps(after)[0]).toEqual(['2001:db8::25', 0, 10, 'connected']);
  });
});
