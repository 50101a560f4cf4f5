// The ordering side of the five field cases in /work/shared/docs/field-cases.md, one scenario
// file each under scenarios/ (documented in docs/field-cases.md). Expected orders, deciding
// rules and table values come from field-cases.md and address-selection.md: glibc's default
// tables (§1.2), musl's and Go's RFC 6724 tables (§2, §3), Rule 1 for unusable destinations
// (§1.5, §1.6), AI_ADDRCONFIG (§1.7).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProfileName } from '../../src/order/facts.js';
import type { Scenario } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { simulate, type SimulationResult } from '../../src/simulate.js';

function load(name: string): Scenario {
  const url = new URL(`./scenarios/${name}.json`, import.meta.url);
  const v = validateScenario(JSON.parse(readFileSync(url, 'utf8')), `${name}.json`);
  if (!v.ok) throw new Error(`${name}.json does not validate: ${v.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  return v.scenario;
}

const run = (s: Scenario, profile: ProfileName = 'glibc'): SimulationResult => simulate(s, { profile });
const entry = (r: SimulationResult, address: string) => {
  const e = r.results.find((x) => x.address === address);
  if (!e) throw new Error(`${address} not in the result`);
  return e;
};

/** The prefer-IPv4 intent of field case 4: glibc's default precedences, IPv4 raised to 100. */
const PREFER_IPV4 = 'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 100\n';

// ---------------------------------------------------------------------------------------------
describe('field case 1: Docker ULA container prefers IPv4', () => {
  const broken = load('docker-ula');
  const fixed = load('docker-ula-fixed');

  it('glibc: IPv4 first by Rule 5; source fd00::2 has label 6, the global destination label 1', () => {
    const r = run(broken);
    expect(r.order).toEqual(['192.0.2.25', '2001:db8::25']);
    expect(r.explain[0]!.rule).toBe(5);
    const v6 = entry(r, '2001:db8::25');
    expect([v6.source, v6.sourceLabel, v6.label]).toEqual(['fd00::2', 6, 1]);
    const v4 = entry(r, '192.0.2.25');
    expect([v4.source, v4.sourceLabel, v4.label]).toEqual(['172.17.0.2', 4, 4]);
    // Without Rule 5, precedence would have put IPv6 first (glibc: 40 vs 10).
    expect([v6.precedence, v4.precedence]).toEqual([40, 10]);
    expect(r.explain[0]!.text).toMatch(/label 6/);
  });

  it('glibc with the full default label table plus `label fd00::/8 1`: IPv6 first by Rule 6 (40 vs 10)', () => {
    const r = run(fixed);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.order).toEqual(['2001:db8::25', '192.0.2.25']);
    expect(r.explain[0]!.rule).toBe(6);
    const v6 = entry(r, '2001:db8::25');
    expect([v6.sourceLabel, v6.label, v6.precedence]).toEqual([1, 1, 40]);
    expect(entry(r, '192.0.2.25').precedence).toBe(10);
  });

  it('the fix only moves the ULA source: ::1, 6to4 and Teredo keep their default labels', () => {
    // Writing `label fd00::/8 1` alone would replace the whole label table (§1.3).
    const alone = run({ ...broken, gaiConf: 'label fd00::/8 1\n', query: { records: ['2002:c633:6401::1', '2001:db8::25'] } });
    const full = run({ ...fixed, query: { records: ['2002:c633:6401::1', '2001:db8::25'] } });
    expect(entry(full, '2002:c633:6401::1').label).toBe(2);
    expect(entry(alone, '2002:c633:6401::1').label).toBe(1);
  });

  for (const profile of ['musl', 'go'] as const) {
    it(`${profile} ignores gai.conf: IPv4 first by Rule 5 with or without the fix (labels 13 vs 1)`, () => {
      for (const s of [broken, fixed]) {
        const r = run(s, profile);
        expect(r.order).toEqual(['192.0.2.25', '2001:db8::25']);
        expect(r.explain[0]!.rule).toBe(5);
        const v6 = entry(r, '2001:db8::25');
        expect([v6.sourceLabel, v6.label]).toEqual([13, 1]);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('field case 2: client of a dual-stack name whose IPv6 path is broken', () => {
  const path = load('broken-ipv6-path');
  const pathFixed = load('broken-ipv6-path-prefer-ipv4');
  const unreachable = load('broken-ipv6-unreachable');
  const noRoute = load('broken-ipv6-no-route');

  it('broken beyond the first hop (connect() succeeds): glibc tries the AAAA first, Rule 6 40 vs 10', () => {
    const r = run(path);
    expect(r.order).toEqual(['2001:db8:45::45', '198.51.100.45']);
    expect(r.explain[0]!.rule).toBe(6);
    expect([entry(r, '2001:db8:45::45').precedence, entry(r, '198.51.100.45').precedence]).toEqual([40, 10]);
  });

  it('… with `precedence ::ffff:0:0/96 100`: IPv4 first, Rule 6 100 vs 40', () => {
    const r = run(pathFixed);
    expect(r.order).toEqual(['198.51.100.45', '2001:db8:45::45']);
    expect(r.explain[0]!.rule).toBe(6);
    expect([entry(r, '198.51.100.45').precedence, entry(r, '2001:db8:45::45').precedence]).toEqual([100, 40]);
  });

  it('… musl and go do not read gai.conf: AAAA first either way (Rule 6, 40 vs 35)', () => {
    for (const profile of ['musl', 'go'] as const)
      for (const s of [path, pathFixed]) {
        const r = run(s, profile);
        expect(r.order).toEqual(['2001:db8:45::45', '198.51.100.45']);
        expect(r.explain[0]!.rule).toBe(6);
        expect(entry(r, '198.51.100.45').precedence).toBe(35);
      }
  });

  it('… without gai.conf, the IPv6 address deprecated (preferred_lft 0): glibc IPv4 first by Rule 3 (as H3, §9.4); musl/go ignore Rule 3', () => {
    const deprecated = load('broken-ipv6-path-deprecated');
    const r = run(deprecated);
    expect(r.order).toEqual(['198.51.100.45', '2001:db8:45::45']);
    expect(r.explain[0]!.rule).toBe(3);
    expect(entry(r, '2001:db8:45::45').deprecated).toBe(true);
    for (const profile of ['musl', 'go'] as const) {
      const m = run(deprecated, profile);
      expect(m.order).toEqual(['2001:db8:45::45', '198.51.100.45']);
      expect(m.explain[0]!.rule).toBe(6);
    }
  });

  const rule1Cases = [
    { name: 'IPv6 default route of type unreachable', s: unreachable, errno: 'EHOSTUNREACH' },
    { name: 'no IPv6 route at all', s: noRoute, errno: 'ENETUNREACH' },
  ];
  for (const c of rule1Cases) {
    it(`${c.name}: IPv4 first by Rule 1 (connect: ${c.errno}), in every profile, and gai.conf changes nothing`, () => {
      for (const profile of ['glibc', 'musl', 'go', 'rfc6724'] as const) {
        for (const gaiConf of [null, 'precedence ::ffff:0:0/96 100\n']) {
          const r = run({ ...c.s, gaiConf }, profile);
          expect(r.order, `${profile} ${gaiConf}`).toEqual(['198.51.100.45', '2001:db8:45::45']);
          expect(r.explain[0]!.rule).toBe(1);
          const v6 = entry(r, '2001:db8:45::45');
          expect([v6.usable, v6.errno]).toEqual([false, c.errno]);
        }
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('field case 3: host booted with IPv6 disabled', () => {
  const plain = load('ipv6-disabled');
  const addrconfig = load('ipv6-disabled-addrconfig');

  for (const profile of ['glibc', 'musl', 'go', 'rfc6724'] as const) {
    it(`${profile}: every IPv6 destination is unusable, IPv4 first by Rule 1`, () => {
      const r = run(plain, profile);
      expect(r.order).toEqual(['198.51.100.56', '2001:db8:56::1']);
      expect(r.explain[0]!.rule).toBe(1);
      const v6 = entry(r, '2001:db8:56::1');
      expect([v6.usable, v6.source, v6.errno]).toEqual([false, null, 'EADDRNOTAVAIL']);
    });

    it(`${profile}: AI_ADDRCONFIG drops the AAAA answer`, () => {
      const r = run(addrconfig, profile);
      expect(r.status).toBe('OK');
      expect(r.order).toEqual(['198.51.100.56']);
    });
  }

  it('glibc says why AI_ADDRCONFIG narrowed the lookup', () => {
    expect(run(addrconfig).notes.join('\n')).toMatch(/AF_INET/);
  });
});

// ---------------------------------------------------------------------------------------------
describe('field case 4: rootless Podman, `localhost` tries ::1 first', () => {
  const plain = load('podman-localhost');
  const preferV4 = load('podman-localhost-prefer-ipv4');

  it('glibc: ::1 first by Rule 6, precedence 50 vs 10 (labels match on both sides)', () => {
    const r = run(plain);
    expect(r.order).toEqual(['::1', '127.0.0.1']);
    expect(r.explain[0]!.rule).toBe(6);
    const v6 = entry(r, '::1');
    const v4 = entry(r, '127.0.0.1');
    expect([v6.precedence, v4.precedence]).toEqual([50, 10]);
    expect([v6.label, v6.sourceLabel, v4.label, v4.sourceLabel]).toEqual([0, 0, 4, 4]);
    expect(r.explain[0]!.text).toMatch(/50.*10/);
  });

  it('glibc with the prefer-IPv4 gai.conf: 127.0.0.1 first by Rule 6, 100 vs 50', () => {
    expect(preferV4.gaiConf).toBe(PREFER_IPV4);
    const r = run(preferV4);
    expect(r.order).toEqual(['127.0.0.1', '::1']);
    expect(r.explain[0]!.rule).toBe(6);
    expect([entry(r, '127.0.0.1').precedence, entry(r, '::1').precedence]).toEqual([100, 50]);
  });

  it('… and that change moves every IPv4 answer above IPv6, not only localhost', () => {
    const dual = { records: ['2001:db8:99::7', '198.51.100.7'] };
    expect(run({ ...plain, query: dual }).order).toEqual(['2001:db8:99::7', '198.51.100.7']);
    const r = run({ ...preferV4, query: dual });
    expect(r.order).toEqual(['198.51.100.7', '2001:db8:99::7']);
    expect(r.explain[0]!.rule).toBe(6);
  });

  for (const profile of ['musl', 'go'] as const) {
    it(`${profile}: ::1 first by Rule 6 (50 vs 35), gai.conf or not`, () => {
      for (const s of [plain, preferV4]) {
        const r = run(s, profile);
        expect(r.order).toEqual(['::1', '127.0.0.1']);
        expect(r.explain[0]!.rule).toBe(6);
        expect([entry(r, '::1').precedence, entry(r, '127.0.0.1').precedence]).toEqual([50, 35]);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
describe('field case 5: IPv6 off in the kernel (gateway host)', () => {
  const s = load('ipv6-off-listener');

  for (const profile of ['glibc', 'musl', 'go', 'rfc6724'] as const) {
    it(`${profile}: the IPv6 answers are unusable (EADDRNOTAVAIL: no IPv6 source address exists)`, () => {
      const r = run(s, profile);
      expect(r.order).toEqual(['198.51.100.80', '2001:db8:80::1', '2001:db8:80::2']);
      expect(r.explain[0]!.rule).toBe(1);
      for (const a of ['2001:db8:80::1', '2001:db8:80::2']) {
        const e = entry(r, a);
        expect([e.usable, e.source, e.errno]).toEqual([false, null, 'EADDRNOTAVAIL']);
      }
      expect(entry(r, '198.51.100.80').source).toBe('192.0.2.80');
    });
  }

  it('the modelled host has no IPv6 address at all, not even ::1 (what a `::` listener would need)', () => {
    const r = run({ ...s, query: { records: ['::1', '127.0.0.1'] } });
    expect(r.order).toEqual(['127.0.0.1', '::1']);
    expect(entry(r, '::1').usable).toBe(false);
    expect(r.explain[0]!.rule).toBe(1);
  });
});
