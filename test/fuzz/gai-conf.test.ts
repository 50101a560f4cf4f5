// Fuzz: seeded near-valid gai.conf files, then broken at random (bytes flipped, a NUL, a CR, a
// megabyte token, a stray #). Invariants: the parser, the lint and --fix never throw and never
// report an internal error; every diagnostic has a line and a column inside the file and a short
// message; --fix changes only what it announces, on both parser generations, and keeps the bytes
// of the lines it does not fix; the CLI exits with a documented code and prints no stack trace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { fixGaiConf, lintGaiConf } from '../../src/policy/lint.js';
import { checkBytes, checkPolicy, GENERATIONS } from '../support/fix-policy.js';
import { nearValidGaiConf } from '../support/gai-conf-gen.js';
import { budget, CRASH, DOCUMENTED_EXITS, fuzzSeeds, replay, runCli } from '../support/fuzz.js';
import { prng } from '../support/prng.js';

const SUITE = 'gai-conf';
const CASES = 80;
const dir = mkdtempSync(join(tmpdir(), 'gaiconf-fuzz-conf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A near-valid file, then up to three of the ways files get broken. */
function hostileConf(r: () => number): Buffer {
  let b = nearValidGaiConf(r);
  for (let k = Math.floor(r() * 4); k > 0 && b.length > 0; k--) {
    const at = Math.floor(r() * b.length);
    const op = Math.floor(r() * 6);
    if (op === 0) b = Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(r() * 256)]), b.subarray(at + 1)]);
    else if (op === 1) b = Buffer.concat([b.subarray(0, at), Buffer.from([0]), b.subarray(at)]);
    else if (op === 2) b = Buffer.concat([b.subarray(0, at), Buffer.from('\r'), b.subarray(at)]);
    else if (op === 3) b = Buffer.concat([b.subarray(0, at), Buffer.from('x'.repeat(r() < 0.04 ? 1 << 20 : 300)), b.subarray(at)]);
    else if (op === 4) b = Buffer.concat([b.subarray(0, at), Buffer.from('#'), b.subarray(at)]);
    else b = Buffer.concat([b, b.subarray(0, at)]);
  }
  return b;
}

describe('fuzz: gai.conf', () => {
  for (const { seed, fresh } of fuzzSeeds(SUITE)) {
    it(`seed ${seed}${fresh ? ' (fresh)' : ''}: parser, lint and --fix`, () => {
      const r = prng(seed);
      const more = budget(4000);
      for (let i = 0; i < CASES && more(); i++) {
        const bytes = hostileConf(r);
        const where = replay(SUITE, seed, i);
        const text = bytes.toString('latin1');
        const lines = text.split('\n').length;
        for (const glibc of GENERATIONS) {
          for (const d of [...parseGaiConf(text, { glibc }).diagnostics, ...lintGaiConf(text, { glibc }).diagnostics]) {
            expect(d.code, `${where} ${d.message}`).not.toBe('internal-error');
            expect(d.line >= 1 && d.line <= lines && d.column >= 1, `${where} ${d.line}:${d.column}`).toBe(true);
            expect(d.message.length + d.hint.length, where).toBeLessThan(4000);
          }
          const f = fixGaiConf(bytes, { glibc });
          checkPolicy(bytes, f, where);
          checkBytes(bytes, f, where);
        }
      }
    }, 60_000);

    it(`seed ${seed}${fresh ? ' (fresh)' : ''}: the CLI on files (lint, lint --fix)`, () => {
      const r = prng(seed ^ 0xc11);
      for (let i = 0; i < 2; i++) {
        const bytes = hostileConf(r);
        const where = replay(SUITE, seed, i);
        const f = join(dir, `s${seed}-${i}.conf`);
        writeFileSync(f, bytes);
        for (const args of [['lint', f], ['lint', '--fix', '--no-backup', f]]) {
          const out = runCli(args);
          expect(DOCUMENTED_EXITS.has(out.code ?? -1), `${where} ${args.join(' ')} exit ${out.code}`).toBe(true);
          expect(out.code, where).not.toBe(3);
          expect(out.stderr, where).not.toMatch(CRASH);
        }
      }
    }, 60_000);
  }
});
