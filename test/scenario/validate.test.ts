import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import {
  closest,
  editDistance,
  formatScenarioError,
  normalizeScenario,
  validateScenario,
  type ScenarioError,
} from '../../src/scenario/validate.js';
import type { Scenario } from '../../src/scenario/types.js';
import { bad, docker, good, mutate, type Doc } from './fixtures.js';

function errorsOf(doc: unknown): ScenarioError[] {
  const r = validateScenario(doc);
  if (r.ok) return [];
  return r.errors;
}

describe('validateScenario rejects', () => {
  for (const c of bad) {
    it(c.name, () => {
      const errors = errorsOf(c.doc);
      expect(errors.map((e) => e.path)).toEqual(c.paths);
      for (const e of errors) {
        expect(e.message.length).toBeGreaterThan(0);
        expect(e.hint.length).toBeGreaterThan(0);
      }
      if (c.hint) expect(errors[0]!.hint).toMatch(c.hint);
      if (c.message) expect(errors[0]!.message).toMatch(c.message);
    });
  }
});

describe('validateScenario accepts', () => {
  for (const c of good) {
    it(c.name, () => {
      expect(errorsOf(c.doc)).toEqual([]);
      expect(validateScenario(c.doc).ok).toBe(true);
    });
  }

  it('returns a copy without $schema and does not alias the input', () => {
    const input = mutate((d) => (d.$schema = 'x'));
    const r = validateScenario(input);
    if (!r.ok) throw new Error('expected ok');
    expect(r.scenario).not.toHaveProperty('$schema');
    expect(r.scenario.host).not.toBe(input.host);
    expect(r.scenario).toEqual(docker);
  });
});

describe('validateScenario robustness', () => {
  it('never throws', () => {
    const cyclic: Doc = { host: { interfaces: [] }, query: { records: [] } };
    cyclic.host.interfaces.push(cyclic.host.interfaces);
    const trap = { host: { interfaces: [] }, query: {} };
    Object.defineProperty(trap.query, 'records', { enumerable: true, get: () => { throw new Error('boom'); } });
    for (const input of [undefined, 0, Symbol('x'), () => 1, new Date(), cyclic, trap, new Map(), Object.create(null)]) {
      expect(() => validateScenario(input)).not.toThrow();
      expect(validateScenario(input).ok).toBe(false);
    }
    const m = validateScenario(new Map());
    expect(!m.ok && m.errors[0]!.message).toBe('the scenario must be an object, not a Map instance');
    const r = validateScenario(trap);
    expect(!r.ok && r.errors.map((e) => e.path)).toEqual(['$']);
  });

  it('tags errors with the source file name', () => {
    const r = validateScenario({ host: { interfaces: [] }, query: { records: ['127.1'] } }, 'sc.json');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ source: 'sc.json', path: '$.query.records[0]' });
    const r2 = validateScenario({ host: { interfaces: [] }, query: { records: ['127.1'] } });
    expect(!r2.ok && r2.errors[0]).not.toHaveProperty('source');
  });
});

describe('formatScenarioError', () => {
  it('places the error in the source text', () => {
    const text = JSON.stringify(mutate((d) => (d.host.interfaces[0] = { name: 'eth0', adresses: ['172.17.0.2/16'] })), null, 2);
    const r = validateScenario(JSON.parse(text), 'docker.json');
    if (r.ok) throw new Error('expected errors');
    const lines = r.errors.map((e) => formatScenarioError(e, text));
    // the unknown key is on line 7 of the pretty-printed text
    expect(text.split('\n')[6]).toBe('        "adresses": [');
    expect(lines[0]).toMatch(/^docker\.json:7:9: unknown key "adresses" in an interface \(at \$\.host\.interfaces\[0\]\.adresses\)\n  hint: Did you mean "addresses"\?$/);
    // the missing key falls back to its object
    expect(lines[1]).toMatch(/^docker\.json:5:7: /);
  });

  it('works without text or file', () => {
    expect(formatScenarioError({ path: '$', message: 'm', hint: 'h' })).toBe('<scenario>: m (at $)\n  hint: h');
  });
});

describe('normalizeScenario', () => {
  it('fills every default', () => {
    const s: Scenario = {
      host: { interfaces: [{ name: 'eth0', addresses: ['192.0.2.2/24', { address: 'fd00::2/64', temporary: true }] }], routes: [{ to: 'default', via: '192.0.2.1' }] },
      query: { records: ['192.0.2.10'] },
    };
    expect(normalizeScenario(s)).toEqual({
      host: {
        interfaces: [
          {
            name: 'eth0',
            addresses: [
              { address: '192.0.2.2/24', deprecated: false, home: false, temporary: false, optimistic: false, noprefixroute: false },
              { address: 'fd00::2/64', deprecated: false, home: false, temporary: true, optimistic: false, noprefixroute: false },
            ],
            up: true,
          },
        ],
        routes: [{ to: 'default', via: '192.0.2.1', type: 'unicast' }],
        ipv6: true,
        useTempaddr: 0,
      },
      gaiConf: null,
      query: { name: 'host.test', records: ['192.0.2.10'], flags: [], family: 'AF_UNSPEC' },
    });
  });

  it('fills routes: [] and keeps given values and the scenario name', () => {
    const s: Scenario = {
      name: 'n',
      host: { interfaces: [{ name: 'eth0', addresses: [], up: false }], ipv6: false, useTempaddr: 2 },
      gaiConf: 'label ::1/128 0\n',
      query: { name: 'x.test', records: [], flags: ['AI_ALL'], family: 'AF_INET' },
    };
    const n = normalizeScenario(s);
    expect(n.name).toBe('n');
    expect(n.host.routes).toEqual([]);
    expect(n.host.ipv6).toBe(false);
    expect(n.host.useTempaddr).toBe(2);
    expect(n.host.interfaces[0]!.up).toBe(false);
    expect(n.gaiConf).toBe('label ::1/128 0\n');
    expect(n.query).toEqual({ name: 'x.test', records: [], flags: ['AI_ALL'], family: 'AF_INET' });
  });

  it('keeps route metrics as given and leaves absent ones absent', () => {
    const n = normalizeScenario(mutate((d) => (d.host.routes[0].metric = 7)) as Scenario);
    expect(n.host.routes).toEqual([
      { to: 'default', via: '172.17.0.1', type: 'unicast', metric: 7 },
      { to: 'default', via: 'fd00::1', type: 'unicast' },
    ]);
  });

  it('is idempotent, valid, and does not modify its input', () => {
    for (const c of good) {
      const r = validateScenario(c.doc);
      if (!r.ok) throw new Error(c.name);
      const before = structuredClone(r.scenario);
      const once = normalizeScenario(r.scenario);
      expect(r.scenario).toEqual(before);
      expect(normalizeScenario(once)).toEqual(once);
      expect(validateScenario(once)).toEqual({ ok: true, scenario: once });
    }
  });
});

describe('edit distance suggestions', () => {
  it('counts insertions, deletions, substitutions and transpositions', () => {
    expect(editDistance('adresses', 'addresses')).toBe(1);
    expect(editDistance('recrods', 'records')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
  it('suggests only within distance 2', () => {
    expect(closest('adresses', ['address', 'addresses'])).toBe('addresses');
    expect(closest('gai_conf', ['gaiConf', 'host'])).toBe('gaiConf');
    expect(closest('comment', ['host', 'query', 'name'])).toBeUndefined();
  });
});

describe('validateScenario copies', () => {
  const dir = new URL('../fixtures/oracle/', import.meta.url);
  const scenarios = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { scenario: Scenario }).scenario);

  it('exactly what a JSON round trip gives, for every recorded scenario', () => {
    expect(scenarios.length).toBeGreaterThan(200);
    for (const s of scenarios) {
      const r = validateScenario(s);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.scenario).toStrictEqual(JSON.parse(JSON.stringify(s)));
      expect(r.scenario).not.toBe(s);
      expect(r.scenario.host).not.toBe(s.host);
    }
  });

  it('as JSON does for undefined keys and -0', () => {
    const s = (JSON.parse(readFileSync(new URL('field-docker-ula-fixed.json', dir), 'utf8')) as { scenario: Scenario }).scenario;
    const withOdd = { ...s, name: undefined, host: { ...s.host, routes: [{ to: 'default', via: '192.0.2.1', metric: -0 }] } };
    const r = validateScenario(withOdd);
    expect(r.ok && r.scenario).toStrictEqual(JSON.parse(JSON.stringify(withOdd)));
    expect(r.ok && Object.is(r.scenario.host.routes![0]!.metric, 0)).toBe(true);
  });
});
