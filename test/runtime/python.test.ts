// CPython plans, from runtimes-and-ula-update.md §0.8 / §2.3 (CPython 3.11.7 socket.py,
// asyncio/base_events.py, asyncio/staggered.py).
import { describe, expect, it } from 'vitest';
import { connectPlan } from '../../src/runtime/timeline.js';
import { refused, silent, steps } from './helpers.js';

const A6 = '2001:db8::a';
const B6 = '2001:db8::b';
const C6 = '2001:db8::c';
const X4 = '192.0.2.10';
const Y4 = '192.0.2.11';

describe('Python 3.11 socket.create_connection', () => {
  it('sequential in getaddrinfo order: ::1 refused, then 127.0.0.1', () => {
    const p = connectPlan({ runtime: 'python', version: '3.11' }, ['::1', '127.0.0.1'], { '::1': refused });
    expect(steps(p)).toEqual([
      ['::1', 0, 1, 'refused'],
      ['127.0.0.1', 1, 11, 'connected'],
    ]);
  });

  it('no timeout: a silent first address blocks until the OS gives up (127 s assumed)', () => {
    const p = connectPlan({ runtime: 'python' }, [A6, X4], { [A6]: silent });
    expect(steps(p)).toEqual([
      [A6, 0, 127_000, 'timeout'],
      [X4, 127_000, 127_010, 'connected'],
    ]);
  });

  it('timeout=5: each connect() gets 5 s on its own', () => {
    const p = connectPlan({ runtime: 'python', options: { timeoutMs: 5000 } }, [A6, B6, X4], { [A6]: silent, [B6]: silent });
    expect(steps(p)).toEqual([
      [A6, 0, 5000, 'timeout'],
      [B6, 5000, 10_000, 'timeout'],
      [X4, 10_000, 10_010, 'connected'],
    ]);
  });

  it('no interleave and no dedup: a repeated address is tried twice; the last error is raised', () => {
    const p = connectPlan({ runtime: 'python' }, [A6, A6, X4], { [A6]: refused, [X4]: refused });
    expect(steps(p).map((s) => s[0])).toEqual([A6, A6, X4]);
    expect(p.error).toBe('OSError ECONNREFUSED (the last error)');
    const g = connectPlan({ runtime: 'python', options: { allErrors: true } }, [A6, X4], { [A6]: refused, [X4]: refused });
    expect(g.error).toMatch(/^ExceptionGroup/);
  });
});

describe('Python asyncio loop.create_connection', () => {
  it('default (no happy_eyeballs_delay): interleave 0, sequential to completion', () => {
    const p = connectPlan({ runtime: 'python', options: { api: 'asyncio' } }, [A6, B6, X4], { [A6]: silent });
    expect(p.order).toEqual([A6, B6, X4]);
    expect(steps(p)[1]).toEqual([B6, 127_000, 127_010, 'connected']);
  });

  it('observed _interleave_addrinfos: [a6,b6,c6,x4,y4] → interleave=1 [a6,x4,b6,y4,c6], interleave=2 [a6,b6,x4,c6,y4]', () => {
    const list = [A6, B6, C6, X4, Y4];
    expect(connectPlan({ runtime: 'python', options: { api: 'asyncio', happyEyeballsDelayMs: 250 } }, list).order).toEqual([A6, X4, B6, Y4, C6]);
    expect(connectPlan({ runtime: 'python', options: { api: 'asyncio', happyEyeballsDelayMs: 250, interleave: 2 } }, list).order).toEqual([A6, B6, X4, C6, Y4]);
  });

  it('happy_eyeballs_delay=0.25: a silent first attempt ⇒ the next starts at 250 ms', () => {
    const p = connectPlan({ runtime: 'python', options: { api: 'asyncio', happyEyeballsDelayMs: 250 } }, [A6, X4], { [A6]: silent });
    expect(steps(p)).toEqual([
      [A6, 0, 260, 'aborted'],
      [X4, 250, 260, 'connected'],
    ]);
  });

  it('staggered_race: a failure of the previous attempt starts the next at once', () => {
    const p = connectPlan({ runtime: 'python', options: { api: 'asyncio', happyEyeballsDelayMs: 250 } }, [A6, X4], { [A6]: refused });
    expect(steps(p)).toEqual([
      [A6, 0, 1, 'refused'],
      [X4, 1, 11, 'connected'],
    ]);
  });

  it('earlier attempts keep running: a slow first address (400 ms) still wins against a silent second one', () => {
    const p = connectPlan({ runtime: 'python', options: { api: 'asyncio', happyEyeballsDelayMs: 250 } }, [A6, X4, B6], { [A6]: { outcome: 'reachable', delayMs: 400 }, [X4]: silent });
    expect(steps(p)).toEqual([
      [A6, 0, 400, 'connected'],
      [X4, 250, 400, 'aborted'],
      [B6, null, null, 'not-started'],
    ]);
  });
});
