// The generator mixes address states and per-device settings into its scenarios
// (templates-features.ts), each of which the host builder can build.
import { describe, expect, it } from 'vitest';
import type { ScenarioAddressObject } from '../../src/scenario/types.js';
import { generateScenario, scenarioProblems } from './generator.js';
import { planHost } from './host-plan.js';

const MANY = Array.from({ length: 2000 }, (_, i) => generateScenario(31337, i));
const addrs = (s: (typeof MANY)[number]) => s.host.interfaces.flatMap((i) => i.addresses.filter((a): a is ScenarioAddressObject => typeof a !== 'string'));

describe('generator: address states and per-device settings', () => {
  it('produces every feature, in feature templates and mixed into others', () => {
    const count = (p: (s: (typeof MANY)[number]) => boolean) => MANY.filter(p).length;
    expect(count((s) => addrs(s).some((a) => a.tentative))).toBeGreaterThan(60);
    expect(count((s) => addrs(s).some((a) => a.optimistic))).toBeGreaterThan(15);
    expect(count((s) => s.host.ipv6Forwarding === true)).toBeGreaterThan(60);
    expect(count((s) => s.host.interfaces.some((i) => i.forwarding !== undefined))).toBeGreaterThan(15);
    expect(count((s) => s.host.interfaces.some((i) => i.multicastRoute === false))).toBeGreaterThan(30);
    expect(count((s) => s.host.useTempaddr !== undefined)).toBeGreaterThan(30);
    expect(count((s) => s.host.interfaces.some((i) => i.useTempaddr !== undefined))).toBeGreaterThan(30);
    expect(count((s) => s.host.interfaces.some((i) => i.up === false))).toBeGreaterThan(30);
    expect(count((s) => planHost(s).batch.some((l) => / onlink$/.test(l)))).toBeGreaterThan(60);
    expect(count((s) => (s.host.routes ?? []).some((r) => r.src !== undefined))).toBeGreaterThan(60);
    // Mixed into other templates too, not only the feature ones.
    expect(count((s) => !/-(docker-host-no-carrier|dad-states|tempaddr-per-device|ipv6-router|onlink-prefsrc)$/.test(s.name!) && addrs(s).some((a) => a.tentative || a.optimistic))).toBeGreaterThan(20);
    for (const s of MANY) expect(scenarioProblems(s)).toEqual([]);
  });

  it('asks for the answers these decide: anycast subnets, AI_ADDRCONFIG with only a tentative IPv6 address', () => {
    const docker = MANY.filter((s) => s.name!.endsWith('-docker-host-no-carrier'));
    expect(docker.some((s) => (s.query.flags ?? []).includes('AI_ADDRCONFIG') && !s.host.interfaces.some((i) => i.addresses.some((a) => typeof a === 'string' && a.includes(':'))))).toBe(true);
    const router = MANY.filter((s) => s.name!.endsWith('-ipv6-router'));
    expect(router.some((s) => s.query.records.some((r) => r.endsWith('::')))).toBe(true);
  });
});
