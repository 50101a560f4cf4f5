// Fuzz: --batch streams of seeded lines (valid scenarios, broken ones, blank lines, garbage, a
// raw CR inside a record, CRLF ends, a host nested a hundred thousand deep, a long line).
// Invariants: exactly one output line per input line, in order; each is a result, an error
// record {file, line, message} or a skipped record, with the input's line number; the exit is 0
// without error records and 2 with; no stack trace.
import { describe, expect, it } from 'vitest';
import { DOCKER_ULA_EXAMPLE } from '../../src/examples.js';
import { CRASH, fuzzSeeds, replay, runCli } from '../support/fuzz.js';
import { prng } from '../support/prng.js';

const SUITE = 'batch';
const GOOD = JSON.stringify(DOCKER_ULA_EXAMPLE);
const DEEP = `{"host":${'['.repeat(100_000)}${']'.repeat(100_000)},"query":{"records":[]}}`;

function line(r: () => number): string {
  const k = Math.floor(r() * 12);
  switch (k) {
    case 0: return '';
    case 1: return ' \t ';
    case 2: return '{';
    case 3: return 'null';
    case 4: return GOOD.replace('"query":', '"query":\r');
    case 5: return GOOD.replace('172.17.0.2/16', '172.17.0.300/16');
    case 6: return GOOD.replace('"records":[', '"records":["127.1",');
    case 7: return r() < 0.3 ? DEEP : '[[[[[[[]]]]]]]';
    case 8: return `{"name":"${'n'.repeat(r() < 0.2 ? 2 << 20 : 100)}",${GOOD.slice(1)}`;
    case 9: return String.fromCharCode(...Array.from({ length: 20 }, () => 1 + Math.floor(r() * 126)));
    default: return GOOD;
  }
}

describe('fuzz: --batch streams', () => {
  for (const { seed, fresh } of fuzzSeeds(SUITE)) {
    it(`seed ${seed}${fresh ? ' (fresh)' : ''}: one output line per input line`, () => {
      const r = prng(seed);
      for (let run = 0; run < 2; run++) {
        const where = replay(SUITE, seed, run);
        const lines = Array.from({ length: 20 + Math.floor(r() * 60) }, () => line(r)).map((l) => l.replace(/\n/g, ' '));
        const eol = r() < 0.3 ? '\r\n' : '\n';
        const input = lines.join(eol) + eol;
        const args = ['simulate', '--batch', '-', ...(r() < 0.5 ? ['--fields', 'order'] : [])];
        const out = runCli(args, input);
        expect(out.stderr, where).not.toMatch(CRASH);
        const got = out.stdout.toString('utf8').split('\n');
        expect(got.pop(), where).toBe('');
        expect(got.length, where).toBe(lines.length);
        let errors = 0;
        got.forEach((text, k) => {
          const o = JSON.parse(text) as Record<string, unknown>;
          if ('skipped' in o) expect([(o.skipped as { line: number }).line, lines[k]!.trim()], `${where} line ${k + 1}`).toEqual([k + 1, '']);
          else if ('error' in o) {
            errors++;
            expect(o.error, `${where} line ${k + 1}`).toMatchObject({ file: '<stdin>', line: k + 1 });
            expect((o.error as { message: string }).message.length, where).toBeLessThan(4000);
          } else expect(o, `${where} line ${k + 1}`).toHaveProperty('order');
        });
        expect(out.code, where).toBe(errors ? 2 : 0);
      }
    }, 60_000);
  }
});
