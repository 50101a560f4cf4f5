// RFC 8305 reference plans with the RFC's §8 defaults (runtimes-and-ula-update.md §0.11, §2.0).
import { describe, expect, it } from 'vitest';
import { RFC8305_DEFAULTS } from '../../src/runtime/rfc8305.js';
import { connectPlan } from '../../src/runtime/timeline.js';
import { refused, silent, started, steps } from './helpers.js';

describe('RFC 8305 Happy Eyeballs v2', () => {
  it('defaults: Resolution Delay 50 ms, First Address Family Count 1, Connection Attempt Delay 250 ms (min 100, floor 10, max 2000)', () => {
    expect(RFC8305_DEFAULTS).toMatchObject({ resolutionDelayMs: 50, firstAddressFamilyCount: 1, connectionAttemptDelayMs: 250, minimumConnectionAttemptDelayMs: 100, connectionAttemptDelayFloorMs: 10, maximumConnectionAttemptDelayMs: 2000 });
  });

  it('interleave from the first family; silent IPv6 ⇒ IPv4 starts at 250 ms and wins', () => {
    const p = connectPlan({ runtime: 'rfc8305' }, ['2001:db8::1', '2001:db8::2', '192.0.2.1'], { '2001:db8::1': silent });
    expect(p.order).toEqual(['2001:db8::1', '192.0.2.1', '2001:db8::2']);
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 260, 'aborted'],
      ['192.0.2.1', 250, 260, 'connected'],
      ['2001:db8::2', null, null, 'not-started'],
    ]);
  });

  it('First Address Family Count 2', () => {
    const p = connectPlan({ runtime: 'rfc8305', options: { firstAddressFamilyCount: 2 } }, ['2001:db8::1', '2001:db8::2', '2001:db8::3', '192.0.2.1']);
    expect(p.order).toEqual(['2001:db8::1', '2001:db8::2', '192.0.2.1', '2001:db8::3']);
  });

  it('earlier attempts keep running: a slow IPv6 (300 ms) beats a silent IPv4 started at 250', () => {
    const p = connectPlan({ runtime: 'rfc8305' }, ['2001:db8::1', '192.0.2.1'], { '2001:db8::1': { outcome: 'reachable', delayMs: 300 }, '192.0.2.1': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 300, 'connected'],
      ['192.0.2.1', 250, 300, 'aborted'],
    ]);
  });

  it('Resolution Delay: AAAA 30 ms after A ⇒ start at 30 with IPv6; AAAA after 120 ms ⇒ IPv4 at 50, IPv6 joins at 120', () => {
    const list = ['2001:db8::1', '192.0.2.1'];
    const within = connectPlan({ runtime: 'rfc8305', options: { answerDelayMs: { 4: 0, 6: 30 } } }, list);
    expect(started(within)).toEqual([['2001:db8::1', 30, 'connected']]);
    const late = connectPlan({ runtime: 'rfc8305', options: { answerDelayMs: { 4: 0, 6: 120 } } }, list, { '192.0.2.1': silent });
    expect(started(late)).toEqual([
      ['192.0.2.1', 50, 'aborted'],
      ['2001:db8::1', 300, 'connected'],
    ]);
  });

  it('a failure starts the next attempt when none is running (model choice), or only after the delay with advanceOnFailure: false', () => {
    const list = ['2001:db8::1', '192.0.2.1'];
    expect(started(connectPlan({ runtime: 'rfc8305' }, list, { '2001:db8::1': refused }))[1]).toEqual(['192.0.2.1', 1, 'connected']);
    expect(started(connectPlan({ runtime: 'rfc8305', options: { advanceOnFailure: false } }, list, { '2001:db8::1': refused }))[1]).toEqual(['192.0.2.1', 250, 'connected']);
  });

  it('the delay is clamped to [10, 2000] ms', () => {
    const list = ['2001:db8::1', '192.0.2.1'];
    expect(started(connectPlan({ runtime: 'rfc8305', options: { connectionAttemptDelayMs: 5 } }, list, { '2001:db8::1': silent }))[1]![1]).toBe(10);
    expect(started(connectPlan({ runtime: 'rfc8305', options: { connectionAttemptDelayMs: 5000 } }, list, { '2001:db8::1': silent }))[1]![1]).toBe(2000);
  });
});
