// The live differential suite: freshly generated scenarios, asked of the real glibc and musl
// in network namespaces, compared with the glibc and musl profiles (orders, statuses, and the
// kernel-chosen source or errno of every answer). A new seed every run, printed; reproduce a
// run with GAICONF_SEED=<seed> (and GAICONF_LIVE_COUNT=<n>).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/scenario/types.js';
import { compareScenario, type Mismatch } from './compare.js';
import { generateScenario, shrinkScenario } from './generator.js';
import { buildProbes, oracleEnvironment, runOracle, UnsupportedByHostBuilder } from './netns.js';
import { oracleGate } from './prerequisites.js';
import { describeMismatch } from './report.js';

const gate = oracleGate();
const seed = Number(process.env.GAICONF_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.GAICONF_LIVE_COUNT ?? 1000);
const CONCURRENCY = 2;

describe.skipIf(!gate.run)(`live differential suite (seed ${seed})`, () => {
  let probes: { glibc: string; musl: string };
  const tally = { scenarios: 0, unsupported: 0, undefinedBehavior: 0, glibc: 0, musl: 0, sources: 0, sourceChecks: 0 };
  const failures: string[] = [];

  beforeAll(async () => {
    probes = await buildProbes();
  });

  afterAll(() => {
    const env = oracleEnvironment();
    const n = tally.scenarios;
    const pct = (k: number, of = n) => `${of - k}/${of}`;
    console.log(
      `[gaiconf] live differential: seed ${seed}, ${n} scenarios (${tally.unsupported} not buildable, skipped; ${tally.undefinedBehavior} hit undefined behaviour in the real library, not compared), ` +
        `glibc ${env.glibc} agreement ${pct(tally.glibc)}, musl ${env.musl} agreement ${pct(tally.musl)}, ` +
        `kernel ${env.kernel} sources ${pct(tally.sources, tally.sourceChecks)} answers` +
        ` — reproduce with GAICONF_SEED=${seed} GAICONF_LIVE_COUNT=${count}`,
    );
  });

  async function check(s: Scenario): Promise<Mismatch[] | null> {
    try {
      const run = await runOracle(s, probes);
      return compareScenario(s, run).mismatches;
    } catch (e) {
      if (e instanceof UnsupportedByHostBuilder) return null;
      throw e;
    }
  }

  it(`agrees with the real glibc and musl on ${count} generated scenarios`, async () => {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const s = generateScenario(seed, next++);
        let run;
        try {
          run = await runOracle(s, probes);
        } catch (e) {
          if (e instanceof UnsupportedByHostBuilder) {
            tally.unsupported++;
            continue;
          }
          throw new Error(`${s.name}: ${(e as Error).message}\n${JSON.stringify(s)}`);
        }
        tally.scenarios++;
        const c = compareScenario(s, run);
        if (c.undefinedBehavior) tally.undefinedBehavior++;
        for (const impl of ['glibc', 'musl'] as const) tally.sourceChecks += run[impl].answers.length;
        for (const m of c.mismatches) {
          if (m.kind === 'source') tally.sources += m.answers ?? 1;
          else tally[m.implementation]++;
        }
        if (c.mismatches.length && failures.length < 5) {
          const small = await shrinkScenario(s, async (t) => ((await check(t)) ?? []).length > 0);
          const run2 = await runOracle(small, probes);
          const c2 = compareScenario(small, run2);
          failures.push(`${describeMismatch(s, c.mismatches, c)}\n  minimal failing scenario (paste into test/fixtures/oracle/):\n${describeMismatch(small, c2.mismatches, c2)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    if (failures.length) console.error(failures.join('\n\n'));
    expect(tally.scenarios).toBeGreaterThanOrEqual(Math.min(500, count) * 0.9);
    expect({ glibc: tally.glibc, musl: tally.musl, sources: tally.sources }).toEqual({ glibc: 0, musl: 0, sources: 0 });
  }, 900_000);
});
