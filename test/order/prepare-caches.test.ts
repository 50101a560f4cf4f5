// simulate() reuses prepared hosts (by object, then by JSON text) and gai.conf tables (the
// previous text, then a map per glibc version). Whatever the call order, a result must equal the
// result of a process that saw only that scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/simulate.js';

const dir = new URL('../fixtures/oracle/', import.meta.url);
const corpus = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { scenario: Scenario }).scenario);

const versioned = corpus.filter((s) => s.gaiConf).slice(0, 40);

describe('prepared hosts and gai.conf tables', () => {
  it('give the same results in any call order, for copies and for the same objects', () => {
    expect(corpus.length).toBeGreaterThan(200);
    const first = corpus.map((s) => JSON.stringify(simulate(s)));
    const reversed = [...corpus].reverse().map((s) => JSON.stringify(simulate(structuredClone(s))));
    expect(reversed.reverse()).toEqual(first);
    // Interleaved: each scenario right after a different host and gai.conf.
    for (let i = 0; i < corpus.length; i++) {
      const j = (i * 7919) % corpus.length;
      simulate(corpus[j]!);
      expect(JSON.stringify(simulate(corpus[i]!))).toBe(first[i]);
    }
  });

  it('keep glibc versions apart for the same gai.conf text', () => {
    // 2.36 and 2.41 read this text differently (a scopev4 line without /len: 2.36 crashes on
    // this call path, 2.41 rejects the line), so a cache that ignored the version shows.
    const conf = 'scopev4 203.0.113.81 2\nprecedence ::ffff:0:0/96 100\n';
    const host = corpus[0]!.host;
    const s: Scenario = { host, gaiConf: conf, query: { records: ['2001:db8::1', '203.0.113.9'], family: 'AF_UNSPEC' } };
    const old = simulate(s, { glibc: '2.36' });
    const fixed = simulate(s, { glibc: '2.41' });
    expect(old.status).toBe('SIGSEGV');
    expect(fixed.status).toBe('OK');
    expect(simulate(s, { glibc: '2.36' }).status).toBe('SIGSEGV');
    expect(JSON.stringify(simulate(s, { glibc: '2.41' }))).toBe(JSON.stringify(fixed));
    for (const v of versioned) {
      const a = JSON.stringify(simulate(v, { glibc: '2.41' }));
      simulate(v, { glibc: '2.36' });
      expect(JSON.stringify(simulate(v, { glibc: '2.41' }))).toBe(a);
    }
  });
});
