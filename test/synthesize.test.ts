// synthesize(): for every field case gai.conf can fix, the smallest policy, proven by simulating
// its rendered text; for the cases it cannot fix, the blocking rule (from the explanation) and
// remedies. Field cases: /work/shared/docs/field-cases.md; scenarios in test/field-cases/scenarios
// (read only). Expected fixes: field case 1 (label fd00::/8 1 with the full label table), field
// cases 2 and 4 (precedence ::ffff:0:0/96 100 with the full precedence table).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOCKER_ULA_EXAMPLE } from '../src/examples.js';
import { parseGaiConf } from '../src/policy/gai-conf-parser.js';
import { lintGaiConf, lintLevel } from '../src/policy/lint.js';
import type { Scenario } from '../src/scenario/types.js';
import { validateScenario } from '../src/scenario/validate.js';
import { simulate } from '../src/simulate.js';
import { parseWantFirst, parseWantOrder, synthesize, WantError, type SynthesisResult } from '../src/synthesize.js';

function load(name: string): Scenario {
  const url = new URL(`./field-cases/scenarios/${name}.json`, import.meta.url);
  const v = validateScenario(JSON.parse(readFileSync(url, 'utf8')), `${name}.json`);
  if (!v.ok) throw new Error(`${name}.json does not validate`);
  return v.scenario;
}

const first = (want: string) => parseWantFirst(want);
const edits = (r: SynthesisResult) => r.edits.map((e) => `${e.kind} ${e.prefix} ${e.value}`);

/** The policy's own proof, redone here: simulate the emitted text like any gai.conf. */
function orderWith(s: Scenario, text: string): string[] {
  return simulate({ ...s, gaiConf: text }).order;
}

function expectFound(r: SynthesisResult): void {
  expect(r.status, r.reason).toBe('found');
  expect(r.text).not.toBe('');
  expect(lintLevel(lintGaiConf(r.text).diagnostics)).toBe(0);
  expect(parseGaiConf(r.text).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  for (const s of r.scenarios) expect(s.satisfiedAfter === true || !s.constrained).toBe(true);
}

describe('synthesize: field cases gai.conf can fix', () => {
  it('field case 1, Docker ULA, want-first ipv6: label fd00::/8 1 in the full label table', () => {
    const s = load('docker-ula');
    const r = synthesize([s], first('ipv6'));
    expectFound(r);
    expect(edits(r)).toEqual(['label fd00::/8 1']);
    expect(r.size).toBe(1);
    expect(r.policy.labels).toHaveLength(9); // the 8 default rows restated, plus fd00::/8
    expect(r.policy.precedence).toBeUndefined();
    expect(orderWith(s, r.text)[0]).toBe('2001:db8::25');
    const proof = r.scenarios[0]!;
    expect(proof.before.order[0]).toBe('192.0.2.25');
    expect(proof.before.explain[0]!.rule).toBe(5);
    expect(proof.after!.order[0]).toBe('2001:db8::25');
    expect(proof.after!.explain[0]!.rule).toBe(6);
  });

  it('the embedded Docker example: 2001:db8::5 first', () => {
    const r = synthesize([DOCKER_ULA_EXAMPLE], first('ipv6'));
    expectFound(r);
    expect(orderWith(DOCKER_ULA_EXAMPLE, r.text)[0]).toBe('2001:db8::5');
  });

  it('field case 4, localhost via pasta, want-first ipv4: precedence ::ffff:0:0/96 100, and what it moves', () => {
    const s = load('podman-localhost');
    const r = synthesize([s], first('ipv4'));
    expectFound(r);
    expect(edits(r)).toEqual(['precedence ::ffff:0:0/96 100']);
    expect(r.policy.precedence).toHaveLength(5);
    expect(orderWith(s, r.text)).toEqual(['127.0.0.1', '::1']);
    expect(r.changes.join('\n')).toMatch(/::ffff:0:0\/96 100: was 10 \(IPv4: every IPv4 address/);
  });

  it('field case 4 with one address wanted first: only that address is raised', () => {
    const s = load('podman-localhost');
    const r = synthesize([s], first('127.0.0.1'));
    expectFound(r);
    expect(edits(r)).toEqual(['precedence ::ffff:127.0.0.1/128 100']);
    expect(orderWith(s, r.text)[0]).toBe('127.0.0.1');
  });

  it('field case 2, broken IPv6 path (route and address look fine), want-first ipv4: IPv4 first', () => {
    const s = load('broken-ipv6-path');
    const r = synthesize([s], first('ipv4'));
    expectFound(r);
    expect(edits(r)).toEqual(['precedence ::ffff:0:0/96 100']);
    expect(orderWith(s, r.text)).toEqual(['198.51.100.45', '2001:db8:45::45']);
  });

  it('--want as an order list names the addresses narrowly', () => {
    const s = load('broken-ipv6-path');
    const r = synthesize([s], parseWantOrder('198.51.100.45, 2001:db8:45::45'));
    expectFound(r);
    expect(edits(r)).toEqual(['precedence ::ffff:198.51.100.45/128 100']);
  });

  it("a scenario's own gai.conf is ignored: the search starts from the defaults (and says so)", () => {
    const s = load('broken-ipv6-path-prefer-ipv4'); // gaiConf: one precedence line only
    const r = synthesize([s], first('ipv4'));
    expectFound(r);
    expect(edits(r)).toEqual(['precedence ::ffff:0:0/96 100']);
    expect(r.notes.join('\n')).toMatch(/own gaiConf is ignored/);
    expect(r.scenarios[0]!.before.order[0]).toBe('2001:db8:45::45');
  });

  it('every scenario must get the order: one policy for the Docker case and localhost', () => {
    const a = load('docker-ula');
    const b = load('podman-localhost');
    const r = synthesize([a, b], first('ipv6'));
    expectFound(r);
    expect(orderWith(a, r.text)[0]).toBe('2001:db8::25');
    expect(orderWith(b, r.text)[0]).toBe('::1');
  });

  it('needs two lines when Rule 5 and Rule 6 both stand in the way', () => {
    const s: Scenario = { ...load('docker-ula'), query: { records: ['192.0.2.25', '2001:db8::25', '2001:db8::26'] } };
    const r = synthesize([s], parseWantOrder('2001:db8::26,2001:db8::25,192.0.2.25'));
    expectFound(r);
    expect(r.size).toBe(2);
    expect(edits(r)).toContain('label fd00::/8 1');
    expect(orderWith(s, r.text)).toEqual(['2001:db8::26', '2001:db8::25', '192.0.2.25']);
  });

  it('the defaults already give the order: status unchanged, a file without tables', () => {
    const r = synthesize([load('ipv6-off-listener')], first('ipv4'));
    expect(r.status).toBe('unchanged');
    expect(r.size).toBe(0);
    expect(parseGaiConf(r.text).entries).toEqual([]);
  });
});

describe('synthesize: what gai.conf cannot do', () => {
  it('deprecated source: blocked by Rule 3, remedy preferred_lft on the right device', () => {
    const r = synthesize([load('broken-ipv6-path-deprecated')], first('ipv6'));
    expect(r.status).toBe('impossible');
    expect(r.blockers).toHaveLength(1);
    expect(r.blockers[0]).toMatchObject({ rule: 3, winner: '198.51.100.45', wanted: '2001:db8:45::45' });
    expect(r.blockers[0]!.text).toMatch(/deprecated/);
    expect(r.reason).toMatch(/Rule 3.*before any gai.conf/);
    expect(r.remedies.join('\n')).toContain('ip -6 addr change 2001:db8:1::50/64 dev eth0 preferred_lft forever');
    expect(r.remedies.join('\n')).toMatch(/dns-result-order=ipv6first/);
    expect(r.text).toBe('');
  });

  for (const name of ['broken-ipv6-unreachable', 'broken-ipv6-no-route']) {
    it(`${name}: IPv6 unusable, blocked by Rule 1, remedy a route`, () => {
      const r = synthesize([load(name)], first('ipv6'));
      expect(r.status).toBe('impossible');
      expect(r.blockers[0]!.rule).toBe(1);
      expect(r.blockers[0]!.text).toMatch(/unusable/);
      expect(r.remedies[0]).toMatch(/route/);
      expect(r.remedies.join('\n')).toMatch(/ipv6first/);
    });
  }

  /** Advice that needs IPv6 on the host: impossible where it is off. */
  const NEEDS_IPV6 = /ipv6first|preferIPv6Addresses=true|both families|ip -6 route/;

  it('ipv6-disabled: blocked by Rule 1; the only remedy is turning IPv6 on, never IPv6 advice for programs', () => {
    const r = synthesize([load('ipv6-disabled')], first('ipv6'));
    expect(r.status).toBe('impossible');
    expect(r.blockers[0]!.rule).toBe(1);
    expect(r.remedies).toEqual([expect.stringMatching(/^IPv6 is off on this host .*disable_ipv6=0.*gaiconf listen 0\.0\.0\.0:PORT/)]);
  });

  it('IPv6 disabled with AI_ADDRCONFIG: the IPv6 answer is not even in the result', () => {
    const r = synthesize([load('ipv6-disabled-addrconfig')], first('ipv6'));
    expect(r.status).toBe('impossible');
    expect(r.blockers[0]!.rule).toBe(0);
    expect(r.blockers[0]!.text).toMatch(/AI_ADDRCONFIG/);
    expect(r.remedies.join('\n')).not.toMatch(NEEDS_IPV6);
  });

  it('a host without an IPv6 address but ::1, or whose kernel has no IPv6, counts as IPv6 off', () => {
    const base = load('broken-ipv6-no-route');
    const v4only = { ...base, host: { ...base.host, interfaces: [{ name: 'eth0', addresses: ['192.0.2.50/24'] }], routes: [{ to: 'default', via: '192.0.2.1' }] } };
    const noKernel = { ...v4only, host: { ...v4only.host, kernelIpv6: false } };
    for (const s of [v4only, noKernel]) {
      const r = synthesize([s], { kind: 'order', addresses: ['2001:db8:45::45', '198.51.100.45'] });
      expect(r.status).toBe('impossible');
      expect(r.remedies.join('\n')).not.toMatch(NEEDS_IPV6);
    }
  });

  it('musl ignores gai.conf: the deciding rule from its explanation, and a glibc image as remedy', () => {
    const r = synthesize([load('docker-ula')], first('ipv6'), { profile: 'musl' });
    expect(r.status).toBe('impossible');
    expect(r.reason).toMatch(/musl profile ignores \/etc\/gai.conf/);
    expect(r.blockers[0]).toMatchObject({ rule: 5, winner: '192.0.2.25', wanted: '2001:db8::25' });
    expect(r.blockers[0]!.text).toMatch(/label 13/);
    expect(r.remedies[0]).toMatch(/glibc-based image/);
  });

  it('go ignores gai.conf too; when its order is already right that is said, with no file', () => {
    const r = synthesize([load('docker-ula')], first('ipv6'), { profile: 'go' });
    expect(r.status).toBe('impossible');
    expect(r.remedies[0]).toMatch(/GODEBUG=netdns=cgo/);
    const ok = synthesize([load('podman-localhost')], first('ipv6'), { profile: 'go' });
    expect(ok.status).toBe('unchanged');
    expect(ok.text).toBe('');
  });

  it('a scenario without the wanted family asks for nothing; with none at all there is nothing to do', () => {
    const v4only: Scenario = { ...load('broken-ipv6-path'), query: { records: ['198.51.100.45', '198.51.100.46'] } };
    const r = synthesize([v4only, load('docker-ula')], first('ipv6'));
    expectFound(r);
    expect(r.scenarios[0]!.constrained).toBe(false);
    expect(synthesize([v4only], first('ipv6'))).toMatchObject({ status: 'impossible', reason: expect.stringMatching(/nothing to order/) });
  });
});

describe('want parsing', () => {
  it('families, addresses and lists', () => {
    expect(parseWantFirst('IPv4')).toEqual({ kind: 'first', target: 'ipv4' });
    expect(parseWantFirst('2001:DB8::5')).toEqual({ kind: 'first-address', address: '2001:db8::5' });
    expect(parseWantOrder('2001:db8::5')).toEqual({ kind: 'first-address', address: '2001:db8::5' });
    expect(parseWantOrder('2001:db8::5,192.0.2.1')).toEqual({ kind: 'order', addresses: ['2001:db8::5', '192.0.2.1'] });
  });

  it('bad input throws WantError with a hint', () => {
    for (const bad of ['ipv5', '2001:db8::/32', '']) expect(() => parseWantOrder(bad)).toThrow(WantError);
    expect(() => parseWantOrder('192.0.2.1,192.0.2.1')).toThrow(/twice/);
    expect(() => parseWantFirst('fe80::1%eth0')).toThrow(WantError);
  });
});
