// The comparison of one real run with one simulation: a multipath route's hop (a per-boot hash)
// is accepted through sourceCandidates and possibleOrders, nothing else is loosened.
import { describe, expect, it } from 'vitest';
import type { SimulationResult } from '../../src/simulate.js';
import { compareOne } from './compare.js';
import type { OracleResult } from './netns.js';

const real = (answers: [string, string | null, string | null][]): OracleResult => ({
  status: 'OK',
  answers: answers.map(([address, source, errno]) => ({ address, family: address.includes(':') && !address.startsWith('::ffff:') ? 6 : 4, source, errno })),
});

/** The fields compareOne reads; `extra` may leave out the multipath ones (as older results did). */
function sim(order: string[], sources: Record<string, string | null>, extra: { candidates?: Record<string, string[]>; errnos?: Record<string, string[]>; possibleOrders?: string[][] | null; omitMultipath?: boolean } = {}): SimulationResult {
  const results = order.map((address) => {
    const s = sources[address] ?? null;
    const e: Record<string, unknown> = { address, source: s && !s.startsWith('E') ? s : null, errno: s && s.startsWith('E') ? s : null };
    if (!extra.omitMultipath) {
      e.sourceCandidates = extra.candidates?.[address] ?? null;
      e.errnoCandidates = extra.errnos?.[address] ?? null;
    }
    return e;
  });
  const r: Record<string, unknown> = { status: 'OK', order, results, undefinedBehavior: null };
  if (!extra.omitMultipath) r.possibleOrders = extra.possibleOrders ?? null;
  return r as unknown as SimulationResult;
}

describe('compareOne', () => {
  const order = ['203.0.113.9', '198.51.100.7'];
  const sources = { '203.0.113.9': '192.0.2.10', '198.51.100.7': '192.0.2.10' };

  it('agrees on the same order and sources, also without the multipath fields', () => {
    const r = real([['203.0.113.9', '192.0.2.10', null], ['198.51.100.7', '192.0.2.10', null]]);
    expect(compareOne(r, sim(order, sources), 'glibc')).toEqual([]);
    expect(compareOne(r, sim(order, sources, { omitMultipath: true }), 'glibc')).toEqual([]);
  });

  it('accepts a real source among the answer’s candidates, and only there', () => {
    const r = real([['203.0.113.9', '198.51.100.10', null], ['198.51.100.7', '192.0.2.10', null]]);
    const candidates = { '203.0.113.9': ['192.0.2.10', '198.51.100.10'] };
    expect(compareOne(r, sim(order, sources, { candidates }), 'musl')).toEqual([]);
    // Without candidates, or with the other answer's, the source disagrees.
    expect(compareOne(r, sim(order, sources), 'musl')).toMatchObject([{ kind: 'source', answers: 1 }]);
    expect(compareOne(r, sim(order, sources, { omitMultipath: true }), 'musl')).toMatchObject([{ kind: 'source', answers: 1 }]);
    expect(compareOne(r, sim(order, sources, { candidates: { '198.51.100.7': ['198.51.100.10'] } }), 'musl')).toMatchObject([{ kind: 'source' }]);
  });

  it('never accepts an errno through the source candidates', () => {
    const r = real([['203.0.113.9', null, 'ENETUNREACH'], ['198.51.100.7', '192.0.2.10', null]]);
    expect(compareOne(r, sim(order, sources, { candidates: { '203.0.113.9': ['192.0.2.10', '198.51.100.10'] } }), 'glibc')).toMatchObject([{ kind: 'source', answers: 1 }]);
  });

  it('accepts a real errno among the errno candidates (a hop whose source a rule refuses), and only that errno', () => {
    const r = real([['203.0.113.9', null, 'EACCES'], ['198.51.100.7', '192.0.2.10', null]]);
    expect(compareOne(r, sim(order, sources, { candidates: { '203.0.113.9': ['192.0.2.10'] }, errnos: { '203.0.113.9': ['EACCES'] } }), 'glibc')).toEqual([]);
    expect(compareOne(r, sim(order, sources, { candidates: { '203.0.113.9': ['192.0.2.10'] }, errnos: { '203.0.113.9': ['EINVAL'] } }), 'glibc')).toMatchObject([{ kind: 'source', answers: 1 }]);
  });

  it('accepts a real order among possibleOrders, and only there', () => {
    const r = real([['198.51.100.7', '192.0.2.10', null], ['203.0.113.9', '192.0.2.10', null]]);
    expect(compareOne(r, sim(order, sources, { possibleOrders: [order, [...order].reverse()] }), 'glibc')).toEqual([]);
    expect(compareOne(r, sim(order, sources), 'glibc')).toMatchObject([{ kind: 'order' }]);
    expect(compareOne(r, sim(order, sources, { omitMultipath: true }), 'glibc')).toMatchObject([{ kind: 'order' }]);
  });

  it('still compares the status first', () => {
    const r: OracleResult = { status: 'EAI_NONAME', answers: [] };
    expect(compareOne(r, sim(order, sources, { possibleOrders: [order] }), 'glibc')).toMatchObject([{ kind: 'status' }]);
  });
});
