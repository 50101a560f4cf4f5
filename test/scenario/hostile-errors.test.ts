// Error paths stay well-formed whatever the input: quoted JSON paths everywhere, positions past
// any nesting depth, short messages about megabyte tokens, suggestions among thousands of
// interfaces that equal the exhaustive search, and one locator for many errors giving the same
// positions as a scan per error.
import { describe, expect, it } from 'vitest';
import { JsonLocator, locateJsonPath, locateJsonPathOrAncestor, parseJsonPath } from '../../src/scenario/json-error.js';
import { NearestName } from '../../src/scenario/nearest-name.js';
import { closest, editDistance, formatScenarioError, validateScenario } from '../../src/scenario/validate.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { lintGaiConf } from '../../src/policy/lint.js';
import { prng } from '../support/prng.js';

const HOST = { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }] };

describe('JSON paths', () => {
  it('reachability and routerFacts keys are quoted like every other odd key', () => {
    const v = validateScenario({ host: HOST, query: { records: ['::1'] }, reachability: { '::1': { outcome: 'refused', 'a.b': 1 } }, routerFacts: [{ kind: 'RIO', prefix: 'fd00::/8', 'x y': 1 }] });
    expect(v.ok).toBe(false);
    const paths = !v.ok ? v.errors.map((e) => e.path) : [];
    expect(paths).toEqual(['$.reachability["::1"]["a.b"]', '$.routerFacts[0]["x y"]']);
    for (const p of paths) expect(parseJsonPath(p)).not.toBeNull();
  });
});

describe('positions', () => {
  it('nesting deeper than any limit does not move later errors to 1:1', () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = `{"junk": ${deep},\n "host": {"interfaces": [{"name": "eth0", "addresses": ["192.0.2.300/24"]}]},\n "query": {"records": []}}`;
    const v = validateScenario(JSON.parse(text), 's.json');
    expect(v.ok).toBe(false);
    const lines = !v.ok ? v.errors.map((e) => formatScenarioError(e, text)) : [];
    expect(lines[0]).toMatch(/^s\.json:1:2: unknown key "junk"/);
    expect(lines[1]).toMatch(/^s\.json:2:57: interface address: "192\.0\.2\.300" is not an IP address/);
  });

  it('one locator for many errors gives the positions a scan per error gives', () => {
    const r = prng(0x10c);
    for (let t = 0; t < 30; t++) {
      const n = 1 + Math.floor(r() * 30);
      const scenario = {
        host: { interfaces: Array.from({ length: n }, (_, i) => ({ name: `e${i}`, addresses: [r() < 0.5 ? `10.0.0.${i}/33` : `10.0.0.${i}/24`], ...(r() < 0.2 ? { bogus: 1 } : {}) })) },
        query: { records: r() < 0.5 ? ['x'] : [] },
        ...(r() < 0.3 ? { 'odd key': 1 } : {}),
      };
      const text = JSON.stringify(scenario, null, r() < 0.5 ? 2 : 0).replace(/\n/g, r() < 0.3 ? '\r\n' : '\n');
      const v = validateScenario(JSON.parse(text));
      if (v.ok) continue;
      const locator = new JsonLocator(text);
      for (const e of v.errors) {
        expect(locator.locateOrAncestor(e.path)).toEqual(locateJsonPathOrAncestor(text, e.path));
        expect(locator.locate(e.path, 'key')).toEqual(locateJsonPath(text, e.path, 'key'));
      }
    }
  });
});

describe('messages quote the start of a huge token, not all of it', () => {
  const huge = 'x'.repeat(1 << 20);

  it('scenario: an unknown key, an interface name, a record, a dev', () => {
    const v = validateScenario({ [huge]: 1, host: { interfaces: [{ name: huge, addresses: [huge] }], routes: [{ to: 'default', dev: huge }] }, query: { records: [huge], name: `a ${huge}` } });
    expect(v.ok).toBe(false);
    for (const e of !v.ok ? v.errors : []) {
      expect(e.message.length, e.message.slice(0, 100)).toBeLessThan(400);
      expect(e.hint.length).toBeLessThan(600);
      expect(formatScenarioError(e).length).toBeLessThan(1400);
    }
  });

  it('gai.conf: a token of a megabyte in every position', () => {
    for (const line of [`${huge} ::1/128 5`, `label ${huge} 5`, `label ::1/${huge} 5`, `label ::1/128 ${huge}`, `label ::1/128 5 ${huge}`, `reload ${huge}`, `scopev4 ${huge} 2`]) {
      for (const d of [...parseGaiConf(line).diagnostics, ...lintGaiConf(line, { glibc: '2.41' }).diagnostics]) {
        expect(d.message.length, `${line.slice(0, 30)}: ${d.message.slice(0, 80)}`).toBeLessThan(800);
        expect(d.hint.length).toBeLessThan(800);
      }
    }
  });
});

describe('suggestions among many interfaces', () => {
  it('NearestName picks what closest() over the whole list picks', () => {
    const r = prng(0x5a9);
    const alphabet = 'abcdefgh0123._-';
    const word = () => Array.from({ length: 1 + Math.floor(r() * 6) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    for (let t = 0; t < 60; t++) {
      const names = [...new Set(Array.from({ length: 1 + Math.floor(r() * 40) }, word))];
      const nearest = new NearestName(names, editDistance);
      for (let q = 0; q < 20; q++) {
        const w = r() < 0.5 ? word() : names[Math.floor(r() * names.length)]!.toUpperCase() + (r() < 0.5 ? 'x' : '');
        expect(nearest.closest(w), `${w} in ${names.join(',')}`).toBe(closest(w, names));
      }
    }
  });

  it('3,000 unknown devs on a host with 3,000 interfaces: each hint names at most 10', () => {
    const interfaces = Array.from({ length: 3000 }, (_, i) => ({ name: `if${i}`, addresses: [] }));
    const routes = Array.from({ length: 3000 }, (_, i) => ({ to: 'default', dev: i % 2 ? `if${i}x` : `qq-${i}-zz` }));
    const v = validateScenario({ host: { interfaces, routes }, query: { records: [] } });
    expect(v.ok).toBe(false);
    const errors = !v.ok ? v.errors : [];
    expect(errors).toHaveLength(3000);
    expect(errors[1]!.hint).toBe('Did you mean "if1"?');
    expect(errors[0]!.hint).toMatch(/^Interfaces: "if0", "if1", .*"if9" and 2991 more\.$/);
  });
});
