// Node.js connect plans, from runtimes-and-ula-update.md §0.6 / §2.1 (node v18.20.8 … v26.10.0
// lib/net.js and the observed attempt orders). Defaults: reachable 10 ms, refused 1 ms,
// OS connect timeout 127 s.
import { describe, expect, it } from 'vitest';
import { connectPlan } from '../../src/runtime/timeline.js';
import { nodeAttemptOrder, nodeDefaults } from '../../src/runtime/node.js';
import { refused, silent, steps } from './helpers.js';

const LOCALHOST = ['::1', '127.0.0.1'];

describe('Node defaults per version (observed with node -p on the official binaries)', () => {
  it.each([
    ['18.20.8', false, 250],
    ['20.20.2', true, 250],
    ['22.23.3', true, 250],
    ['24.21.0', true, 250],
    ['25.0.0', true, 250],
    ['25.2.0', true, 500],
    ['26.10.0', true, 500],
  ])('Node %s: autoSelectFamily %s, attempt timeout %i ms, dns order verbatim', (v, asf, t) => {
    expect(nodeDefaults(v)).toEqual({ autoSelectFamily: asf, autoSelectFamilyAttemptTimeout: t, dnsResultOrder: 'verbatim' });
  });
});

describe('Node connect plans', () => {
  it('Node 20: [::1, 127.0.0.1], ::1 refused ⇒ ::1 refused at 1 ms, then 127.0.0.1 connected', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, LOCALHOST, { '::1': refused });
    expect(steps(p)).toEqual([
      ['::1', 0, 1, 'refused'],
      ['127.0.0.1', 1, 11, 'connected'],
    ]);
    expect([p.winner, p.totalMs, p.error]).toEqual(['127.0.0.1', 11, null]);
  });

  it('Node 18 default (autoSelectFamily false): only ::1 is tried ⇒ ECONNREFUSED ::1', () => {
    const p = connectPlan({ runtime: 'node', version: '18' }, LOCALHOST, { '::1': refused });
    expect(steps(p)).toEqual([
      ['::1', 0, 1, 'refused'],
      ['127.0.0.1', null, null, 'not-started'],
    ]);
    expect(p.winner).toBeNull();
    expect(p.error).toBe('Error: connect ECONNREFUSED ::1');
    expect(p.notes.join('\n')).toMatch(/autoSelectFamily is false \(the v18 default\)/);
  });

  it('Node 18 with autoSelectFamily: true falls back like 20', () => {
    const p = connectPlan({ runtime: 'node', version: '18', options: { autoSelectFamily: true } }, LOCALHOST, { '::1': refused });
    expect(p.winner).toBe('127.0.0.1');
  });

  it.each([
    ['autoSelectFamily: false', { autoSelectFamily: false }, '::1'],
    ['localAddress set', { localAddress: '::1' }, '::1'],
    ['family: 4', { family: 4 as const }, '127.0.0.1'],
    ['family: 6', { family: 6 as const }, '::1'],
  ])('Node 20 with %s: a single lookup, first address only, no fallback', (_n, options, only) => {
    const p = connectPlan({ runtime: 'node', version: '20', options }, LOCALHOST, { '::1': refused });
    const tried = p.attempts.filter((a) => a.startMs !== null);
    expect(tried.map((a) => a.address)).toEqual([only]);
    expect(p.order).toEqual([only]);
  });

  it('Node 20: a silent first address is abandoned after 250 ms (aborted, ETIMEDOUT), then the next family', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, ['2001:db8::1', '2001:db8::2', '192.0.2.1'], { '2001:db8::1': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 250, 'aborted'],
      ['192.0.2.1', 250, 260, 'connected'],
      ['2001:db8::2', null, null, 'not-started'],
    ]);
    expect(p.attempts[0]!.errno).toBe('ETIMEDOUT');
  });

  it.each([
    ['24.21.0', 250],
    ['25.1.0', 250],
    ['25.2.0', 500],
    ['26.10.0', 500],
  ])('Node %s aborts the silent first attempt after %i ms', (v, t) => {
    const p = connectPlan({ runtime: 'node', version: v }, ['2001:db8::1', '192.0.2.1'], { '2001:db8::1': silent });
    expect(steps(p)[0]).toEqual(['2001:db8::1', 0, t, 'aborted']);
    expect(p.totalMs).toBe(t + 10);
  });

  it('Node 20: an explicit attempt timeout below 10 ms becomes 10 ms', () => {
    const p = connectPlan({ runtime: 'node', version: '20', options: { autoSelectFamilyAttemptTimeout: 1 } }, ['2001:db8::1', '192.0.2.1'], { '2001:db8::1': silent });
    expect(steps(p)[0]).toEqual(['2001:db8::1', 0, 10, 'aborted']);
  });

  it('Node 20/22/24/26 (observed): [::1, ::1, ::2, ::3, 127.0.0.2, 127.0.0.3] ⇒ ::1, 127.0.0.2, ::2, 127.0.0.3, ::3', () => {
    for (const v of ['20', '22', '24', '26']) {
      const p = connectPlan({ runtime: 'node', version: v }, ['::1', '::1', '::2', '::3', '127.0.0.2', '127.0.0.3']);
      expect(p.order).toEqual(['::1', '127.0.0.2', '::2', '127.0.0.3', '::3']);
    }
    expect(nodeAttemptOrder([{ address: '192.0.2.1', family: 4 }, { address: '::1', family: 6 }, { address: '::2', family: 6 }]).map((a) => a.address)).toEqual(['192.0.2.1', '::1', '::2']);
  });

  it('Node 20: the last attempt has no timer — it waits for the OS (127 s); all failed ⇒ AggregateError', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, ['2001:db8::1', '192.0.2.1'], { '2001:db8::1': silent, '192.0.2.1': silent });
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 250, 'aborted'],
      ['192.0.2.1', 250, 127_250, 'timeout'],
    ]);
    expect(p.error).toBe('AggregateError [ETIMEDOUT 2001:db8::1, ETIMEDOUT 192.0.2.1]');
  });

  it('Node 20: a reachable but slow (300 ms) first address is still abandoned at 250 ms (serial abort-and-advance, nodejs/node#54359)', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, ['2001:db8::1', '192.0.2.1'], { '2001:db8::1': { outcome: 'reachable', delayMs: 300 } });
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 250, 'aborted'],
      ['192.0.2.1', 250, 260, 'connected'],
    ]);
  });

  it('Node 20: one address left after dedup is a plain connect (no attempt timer)', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, ['::1', '::1'], { '::1': silent });
    expect(steps(p)).toEqual([['::1', 0, 127_000, 'timeout']]);
    expect(p.error).toBe('Error: connect ETIMEDOUT ::1');
  });

  it('Node 20 with --dns-result-order=ipv4first: 127.0.0.1 first', () => {
    const p = connectPlan({ runtime: 'node', version: '20', options: { dnsResultOrder: 'ipv4first' } }, LOCALHOST, { '::1': refused });
    expect(steps(p)).toEqual([['127.0.0.1', 0, 10, 'connected'], ['::1', null, null, 'not-started']]);
  });

  it('the per-call `order` option: ignored before 22.12.0, honoured since (PR #55392)', () => {
    const old = connectPlan({ runtime: 'node', version: '22.11.0', options: { order: 'ipv4first' } }, LOCALHOST);
    expect(old.order[0]).toBe('::1');
    expect(old.notes.join('\n')).toMatch(/ignored before v22\.12\.0/);
    const now = connectPlan({ runtime: 'node', version: '22.12.0', options: { order: 'ipv4first' } }, LOCALHOST);
    expect(now.order[0]).toBe('127.0.0.1');
  });

  it('simulate() entries with usable: false fail at once with their errno', () => {
    const p = connectPlan({ runtime: 'node', version: '20' }, [
      { address: '2001:db8::1', usable: false, errno: 'ENETUNREACH' },
      { address: '192.0.2.1', usable: true },
    ]);
    expect(steps(p)).toEqual([
      ['2001:db8::1', 0, 0, 'unreachable'],
      ['192.0.2.1', 0, 10, 'connected'],
    ]);
    expect(p.attempts[0]!.errno).toBe('ENETUNREACH');
  });
});
