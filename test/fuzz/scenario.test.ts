// Fuzz: the field-case scenarios, mutated at random places (a key removed or added, a value of
// another type, a huge string, a deep nest, an odd key, broken JSON text). Invariants: nothing
// throws; an invalid scenario's every error has a JSON path and a file position and a short
// message; a valid one simulates under every profile; no prototype is polluted; the CLI exits
// 0 or 2 and prints no stack trace.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/order/facts.js';
import { parseJsonPath, parseJsonWithLocation } from '../../src/scenario/json-error.js';
import { formatScenarioError, validateScenario } from '../../src/scenario/validate.js';
import { simulate } from '../../src/simulate.js';
import { budget, CRASH, fuzzSeeds, replay, runCli } from '../support/fuzz.js';
import { prng } from '../support/prng.js';

const SUITE = 'scenario';
const CASES = 150;
const SCEN = join(import.meta.dirname, '../field-cases/scenarios');
const BASES = readdirSync(SCEN).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(SCEN, f), 'utf8')) as unknown);
const dir = mkdtempSync(join(tmpdir(), 'gaiconf-fuzz-scen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'a.b', 'x y', '', '"', 'toString', 'hasOwnProperty', 'interfaces ', 'Routes'];

function randomValue(r: () => number, depth = 0): unknown {
  const k = Math.floor(r() * 12);
  switch (k) {
    case 0: return null;
    case 1: return r() < 0.5;
    case 2: return Math.floor(r() * 1e6) - 5e5;
    case 3: return r() * 1e300;
    case 4: return ['192.0.2.1', '2001:db8::1', '::ffff:1.2.3.4', '127.1', 'fe80::1%eth0', 'default', 'eth0', 'lo', '10.0.0.0/8', '1e3'][Math.floor(r() * 10)];
    case 5: return 'x'.repeat(r() < 0.1 ? 1 << 20 : Math.floor(r() * 50));
    case 6: {
      let v: unknown = 1;
      for (let d = 0; d < (r() < 0.2 ? 20000 : 5); d++) v = [v];
      return v;
    }
    case 7: return depth > 3 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    case 8: return depth > 3 ? {} : Object.fromEntries(Array.from({ length: Math.floor(r() * 3) }, () => [ODD_KEYS[Math.floor(r() * ODD_KEYS.length)]!, randomValue(r, depth + 1)]));
    case 9: return '';
    case 10: return '\u0000\n\t\u202e';
    default: return -0;
  }
}

/** Somewhere in the tree: the containers (objects and arrays) reachable from the root. */
function containers(v: unknown, out: (Record<string, unknown> | unknown[])[] = []): (Record<string, unknown> | unknown[])[] {
  if (typeof v === 'object' && v !== null && out.length < 200) {
    out.push(v as Record<string, unknown>);
    for (const x of Object.values(v)) containers(x, out);
  }
  return out;
}

const POOL = ['192.0.2.1', '198.51.100.7', '10.0.0.1', '127.0.0.1', '::1', '2001:db8::1', 'fd00::5', 'fe80::1', '::ffff:192.0.2.9', '2002:c000:201::1', '64:ff9b::c000:201', '169.254.1.1'];
const FLAGS = ['AI_ADDRCONFIG', 'AI_V4MAPPED', 'AI_ALL', 'AI_CANONNAME'];

/** A valid change: other answers, flags and family, so that the simulation is fuzzed too. */
function gentle(r: () => number, base: unknown): unknown {
  const s = structuredClone(base) as { query: Record<string, unknown> };
  s.query.records = Array.from({ length: Math.floor(r() * 9) }, () => POOL[Math.floor(r() * POOL.length)]);
  s.query.flags = FLAGS.filter(() => r() < 0.3);
  s.query.family = ['AF_UNSPEC', 'AF_INET', 'AF_INET6'][Math.floor(r() * 3)];
  return s;
}

function mutate(r: () => number, base: unknown): unknown {
  if (r() < 0.3) return gentle(r, base);
  const root = structuredClone(base);
  for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
    const all = containers(root);
    const c = all[Math.floor(r() * all.length)]!;
    const keys = Object.keys(c);
    const op = Math.floor(r() * 4);
    if (Array.isArray(c)) {
      if (op === 0 && c.length) c.splice(Math.floor(r() * c.length), 1);
      else if (op === 1) c.push(randomValue(r));
      else if (c.length) c[Math.floor(r() * c.length)] = randomValue(r);
      else c.push(c.length ? c[0] : randomValue(r));
    } else if (op === 0 && keys.length) delete c[keys[Math.floor(r() * keys.length)]!];
    else if (op === 1) Object.defineProperty(c, ODD_KEYS[Math.floor(r() * ODD_KEYS.length)]!, { value: randomValue(r), enumerable: true, writable: true, configurable: true });
    else if (keys.length) c[keys[Math.floor(r() * keys.length)]!] = randomValue(r);
  }
  return root;
}

function textOf(r: () => number, value: unknown): string {
  let text = JSON.stringify(value, null, r() < 0.5 ? 2 : 0);
  if (r() < 0.1) {
    const at = Math.floor(r() * text.length);
    text = text.slice(0, at) + ['', ',', '}', '"', '/', "'", '\n'][Math.floor(r() * 7)] + text.slice(at + (r() < 0.5 ? 1 : 0));
  }
  if (r() < 0.1) text = text.replace(/\n/g, '\r\n');
  return text;
}

describe('fuzz: scenarios', () => {
  for (const { seed, fresh } of fuzzSeeds(SUITE)) {
    it(`seed ${seed}${fresh ? ' (fresh)' : ''}: validation, positions, simulation`, () => {
      const r = prng(seed);
      const more = budget(4000);
      let valid = 0;
      let i = 0;
      for (; i < CASES && more(); i++) {
        const where = replay(SUITE, seed, i);
        const text = textOf(r, mutate(r, BASES[Math.floor(r() * BASES.length)]));
        const parsed = parseJsonWithLocation(text, 'f.json');
        if (!parsed.ok) {
          expect(parsed.error.line >= 1 && parsed.error.column >= 1, where).toBe(true);
          continue;
        }
        const v = validateScenario(parsed.value, 'f.json');
        if (!v.ok) {
          for (const e of v.errors) {
            expect(parseJsonPath(e.path), `${where} path ${e.path.slice(0, 100)}`).not.toBeNull();
            const line = formatScenarioError(e, text);
            expect(line, where).toMatch(/^f\.json:\d+:\d+: /);
            expect(line.length, `${where} ${line.slice(0, 200)}`).toBeLessThan(2000);
          }
          continue;
        }
        valid++;
        for (const profile of PROFILES) expect(() => simulate(v.scenario, { profile }), `${where} ${profile}`).not.toThrow();
      }
      // the mutations leave some scenarios valid, so simulation is fuzzed too
      expect(valid, `${valid} valid of ${i}`).toBeGreaterThan(i / 10);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.keys(Object.prototype)).toEqual([]);
    }, 60_000);

    it(`seed ${seed}${fresh ? ' (fresh)' : ''}: simulate --scenario FILE`, () => {
      const r = prng(seed ^ 0x5ce);
      for (let i = 0; i < 2; i++) {
        const where = replay(SUITE, seed, i);
        const f = join(dir, `s${seed}-${i}.json`);
        writeFileSync(f, textOf(r, mutate(r, BASES[Math.floor(r() * BASES.length)])));
        const out = runCli(['simulate', '--scenario', f, '--json']);
        expect([0, 2], `${where} exit ${out.code}: ${out.stderr.slice(0, 300)}`).toContain(out.code);
        expect(out.stderr, where).not.toMatch(CRASH);
        if (out.code === 2) for (const l of out.stderr.split('\n').filter((x) => x.startsWith(f))) expect(l, where).toMatch(/^.+\.json:\d+:\d+: /);
      }
    }, 60_000);
  }
});
