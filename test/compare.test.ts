// compareGaiConfs(): how an order changes between two gai.conf files, and the rule behind the
// first changed pair in each, read from the recorded explanation.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareGaiConfs, compareScenario } from '../src/compare.js';
import type { Scenario } from '../src/scenario/types.js';

const load = (name: string): Scenario => JSON.parse(readFileSync(new URL(`./field-cases/scenarios/${name}.json`, import.meta.url), 'utf8')) as Scenario;

const PREFER_IPV4 = 'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 100\n';
const ULA_FIX = 'label ::1/128 0\nlabel ::/0 1\nlabel 2002::/16 2\nlabel ::/96 3\nlabel ::ffff:0:0/96 4\nlabel fec0::/10 5\nlabel fc00::/7 6\nlabel 2001::/32 7\nlabel fd00::/8 1\n';

describe('compareGaiConfs', () => {
  it('localhost with prefer-IPv4: position 1 changes, Rule 6 both times, precedence 10 → 100', () => {
    const c = compareScenario(load('podman-localhost'), null, PREFER_IPV4);
    expect(c.changed).toBe(true);
    expect(c.old).toEqual(['::1', '127.0.0.1']);
    expect(c.new).toEqual(['127.0.0.1', '::1']);
    expect(c.firstDifference).toMatchObject({ position: 1, old: '::1', new: '127.0.0.1' });
    expect(c.firstDifference!.oldDecision).toMatchObject({ first: '::1', second: '127.0.0.1', rule: 6 });
    expect(c.firstDifference!.oldDecision!.text).toMatch(/50.*10/);
    expect(c.firstDifference!.newDecision).toMatchObject({ first: '127.0.0.1', second: '::1', rule: 6 });
    expect(c.factChanges).toEqual([{ address: '127.0.0.1', index: 1, fact: 'precedence', old: 10, new: 100 }]);
  });

  it('Docker ULA with the label fix: Rule 5 in OLD, Rule 6 in NEW; the source label changes', () => {
    const c = compareScenario(load('docker-ula'), '', ULA_FIX);
    expect(c.firstDifference!.oldDecision!.rule).toBe(5);
    expect(c.firstDifference!.newDecision!.rule).toBe(6);
    expect(c.factChanges).toContainEqual({ address: '2001:db8::25', index: 0, fact: 'sourceLabel', old: 6, new: 1 });
  });

  it('unchanged scenarios, a crash, and profiles that ignore gai.conf', () => {
    const r = compareGaiConfs(null, PREFER_IPV4, [load('docker-ula'), load('broken-ipv6-path')]);
    expect(r.scenarios.map((s) => s.changed)).toEqual([false, true]);
    expect(r.changed).toBe(1);
    const crash = compareScenario(load('broken-ipv6-path'), null, 'scopev4 198.51.100.0 2\n');
    expect(crash.status).toEqual({ old: 'OK', new: 'SIGSEGV' });
    expect(crash.changed).toBe(true);
    expect(crash.firstDifference).toMatchObject({ position: 1, new: null, oldDecision: null });
    const musl = compareScenario(load('podman-localhost'), null, PREFER_IPV4, { profile: 'musl' });
    expect(musl.changed).toBe(false);
    expect(musl.notes.join()).toMatch(/ignores/);
  });
});
