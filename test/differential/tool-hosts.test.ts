// Hosts built with the exact `ip` commands of wg-quick, Tailscale, FRR (BGP unnumbered),
// OpenWrt, pppd and ECMP setups: the simulation of the scenario a user would write for each
// must agree with what the real glibc and musl answered there (recorded), and, where root
// can build namespaces, with what they answer now (live).
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/validate.js';
import { compareScenario } from './compare.js';
import { buildProbes, runPlan } from './netns.js';
import { oracleGate } from './prerequisites.js';
import { loadToolHosts, toolHostPlan } from './tool-hosts.js';

const hosts = loadToolHosts();
const gate = oracleGate();

describe('tool-built hosts, recorded', () => {
  it('has the fixtures', () => expect(hosts.length).toBeGreaterThanOrEqual(6));
  for (const { host } of hosts) {
    it(`${host.name}: the scenario is valid and the simulation agrees with the recorded glibc and musl`, () => {
      expect(validateScenario(host.scenario).ok).toBe(true);
      expect(host.observed, 'recorded (npx tsx test/differential/record-tool-hosts.ts)').toBeDefined();
      expect(compareScenario(host.scenario, host.observed!).mismatches).toEqual([]);
    });
  }
});

describe.skipIf(!gate.run)('tool-built hosts, live', () => {
  for (const { host } of hosts) {
    it(`${host.name}: built with its ip commands, the real glibc and musl agree with the simulation`, async () => {
      const run = await runPlan(toolHostPlan(host), await buildProbes());
      expect(compareScenario(host.scenario, run).mismatches).toEqual([]);
    });
  }
});
