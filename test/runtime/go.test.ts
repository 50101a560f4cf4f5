// Go net.Dialer plans, from runtimes-and-ula-update.md §0.7 / §2.2 (golang/go src/net/dial.go
// @ ede79af0: dialParallel, dialSerial, partialDeadline; ipsock.go partition; go1.12 notes).
import { describe, expect, it } from 'vitest';
import { goInputProfile, goPartialDeadline, goPartition } from '../../src/runtime/go.js';
import { connectPlan } from '../../src/runtime/timeline.js';
import { refused, silent, steps } from './helpers.js';

const MIXED = ['2001:db8::a', '192.0.2.1', '2001:db8::b', '192.0.2.2'];

describe('Go Dialer (Go ≥ 1.12 Fast Fallback)', () => {
  it('partition: primaries = every address of the first address\'s family, fallbacks = the rest, order kept', () => {
    const p = goPartition(MIXED.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    expect(p.primaries.map((a) => a.address)).toEqual(['2001:db8::a', '2001:db8::b']);
    expect(p.fallbacks.map((a) => a.address)).toEqual(['192.0.2.1', '192.0.2.2']);
  });

  it('all reachable: the first primary wins at 10 ms, the fallback racer never starts', () => {
    const p = connectPlan({ runtime: 'go' }, MIXED);
    expect(p.order).toEqual(['2001:db8::a', '2001:db8::b', '192.0.2.1', '192.0.2.2']);
    expect(steps(p)[0]).toEqual(['2001:db8::a', 0, 10, 'connected']);
    expect(p.attempts.slice(1).every((a) => a.outcome === 'not-started')).toBe(true);
  });

  it('silent first primary: the fallback racer starts after 300 ms and wins; the primary is cancelled', () => {
    const p = connectPlan({ runtime: 'go' }, MIXED, { '2001:db8::a': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::a', 0, 310, 'aborted'],
      ['192.0.2.1', 300, 310, 'connected'],
      ['2001:db8::b', null, null, 'not-started'],
      ['192.0.2.2', null, null, 'not-started'],
    ]);
  });

  it('all primaries refused: the fallback starts at once (not after 300 ms)', () => {
    const p = connectPlan({ runtime: 'go' }, MIXED, { '2001:db8::a': refused, '2001:db8::b': refused });
    expect(steps(p).slice(0, 3)).toEqual([
      ['2001:db8::a', 0, 1, 'refused'],
      ['2001:db8::b', 1, 2, 'refused'],
      ['192.0.2.1', 2, 12, 'connected'],
    ]);
  });

  it('FallbackDelay 50 ms: the fallback racer starts at 50 ms', () => {
    const p = connectPlan({ runtime: 'go', options: { fallbackDelayMs: 50 } }, MIXED, { '2001:db8::a': silent });
    expect(p.winner).toBe('192.0.2.1');
    expect(p.totalMs).toBe(60);
  });

  it('FallbackDelay < 0 disables Fast Fallback: one serial racer in list order, a silent address blocks for the OS timeout', () => {
    const p = connectPlan({ runtime: 'go', options: { fallbackDelayMs: -1 } }, ['2001:db8::a', '192.0.2.1'], { '2001:db8::a': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::a', 0, 127_000, 'timeout'],
      ['192.0.2.1', 127_000, 127_010, 'connected'],
    ]);
  });

  it('network "tcp4": only IPv4, no Fast Fallback', () => {
    const p = connectPlan({ runtime: 'go', options: { network: 'tcp4' } }, MIXED);
    expect(p.order).toEqual(['192.0.2.1', '192.0.2.2']);
    expect(p.winner).toBe('192.0.2.1');
  });

  it('Dialer.Timeout 5 s: partialDeadline gives each attempt max(remaining/left, 2 s)', () => {
    expect(goPartialDeadline(0, 5000, 2)).toBe(2500);
    expect(goPartialDeadline(0, 3000, 2)).toBe(2000);
    expect(goPartialDeadline(2000, 3000, 1)).toBe(3000);
    const p = connectPlan({ runtime: 'go', options: { timeoutMs: 5000 } }, MIXED, Object.fromEntries(MIXED.map((a) => [a, silent])));
    expect(steps(p)).toEqual([
      ['2001:db8::a', 0, 2500, 'timeout'],
      ['192.0.2.1', 300, 2650, 'timeout'],
      ['2001:db8::b', 2500, 5000, 'timeout'],
      ['192.0.2.2', 2650, 5000, 'timeout'],
    ]);
    expect(p.error).toMatch(/^dial tcp \[2001:db8::a\]:PORT: i\/o timeout/);
  });

  it('everything refused: the error is the primary racer\'s first error', () => {
    const p = connectPlan({ runtime: 'go' }, ['192.0.2.1', '2001:db8::a'], { '192.0.2.1': refused, '2001:db8::a': refused });
    expect(p.error).toBe('dial tcp 192.0.2.1:PORT: connect: connection refused');
  });

  it('pure resolver ⇒ input from the go profile (gai.conf ignored, GODEBUG=netdns=cgo named); cgo ⇒ glibc', () => {
    expect(goInputProfile()).toBe('go');
    expect(goInputProfile({ resolver: 'cgo' })).toBe('glibc');
    const p = connectPlan({ runtime: 'go' }, MIXED);
    expect(p.notes.join('\n')).toMatch(/gai\.conf is ignored.*GODEBUG=netdns=cgo/);
  });
});
