// The independent differential check: scenarios from a generator and a host builder written
// from docs/scenario.md alone (test/differential/independent/), not alongside the model, asked of
// the real glibc and musl and compared with simulate(). A gap between what the docs say a key
// means and what the model does shows here, where the main suite (built with the model) could
// not see it. A fresh seed each run, printed; replay with GAICONF_INDEP_SEED and
// GAICONF_INDEP_COUNT; one scenario in detail: npx tsx test/differential/independent/cli.ts SEED 0 INDEX.
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProbes, oracleEnvironment } from './netns.js';
import { oracleGate } from './prerequisites.js';
import { runMany, summary, type Outcome } from './independent/run.js';

const gate = oracleGate();
const seed = Number(process.env.GAICONF_INDEP_SEED ?? Math.floor(Math.random() * 2 ** 31));
const count = Number(process.env.GAICONF_INDEP_COUNT ?? 150);

describe.skipIf(!gate.run)(`independent differential check (seed ${seed})`, () => {
  let probes: { glibc: string; musl: string };
  beforeAll(async () => {
    probes = await buildProbes();
  });

  it(`agrees with the real glibc and musl on ${count} independently generated scenarios`, async () => {
    const outs = await runMany(seed, count, probes);
    const env = oracleEnvironment();
    console.log(`[gaiconf] ${summary(seed, outs)} (glibc ${env.glibc}, musl ${env.musl}, kernel ${env.kernel}) — replay with GAICONF_INDEP_SEED=${seed} GAICONF_INDEP_COUNT=${count}`);
    const show = (o: Outcome) => `#${o.index} ${o.kind}: ${o.detail ?? JSON.stringify(o.mismatches)}\n${JSON.stringify(o.scenario)}`;
    const bad = outs.filter((o) => o.kind === 'mismatch' || o.kind === 'invalid');
    if (bad.length) console.error(bad.slice(0, 5).map(show).join('\n\n'));
    // The generator only writes what the validator should accept.
    expect(outs.filter((o) => o.kind === 'invalid').map(show)).toEqual([]);
    expect(outs.filter((o) => o.kind === 'mismatch').map(show)).toEqual([]);
    // A kernel refusal is a host the generator should not have made: a few are tolerated
    // (each is printed by cli.ts), many mean the builder or the generator broke.
    expect(outs.filter((o) => o.kind === 'refused').length).toBeLessThanOrEqual(Math.ceil(count * 0.03));
  }, 120_000);
});
