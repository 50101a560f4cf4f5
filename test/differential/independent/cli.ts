// Manual runs: npx tsx test/differential/independent/cli.ts SEED COUNT [INDEX]
// prints the summary and every outcome other than agreement, one JSON line each.
import { buildProbes } from '../netns.js';
import { independentPlan } from './build.js';
import { independentScenario } from './gen.js';
import { runMany, runOne, summary } from './run.js';

const [seed, count, index] = process.argv.slice(2).map(Number);
const probes = await buildProbes();
if (index !== undefined && !Number.isNaN(index)) {
  const s = independentScenario(seed!, index);
  console.log(JSON.stringify(s, null, 1));
  console.log(independentPlan(s).sysctls.join('\n') + '\n' + independentPlan(s).batch.join('\n'));
  console.log(JSON.stringify(await runOne(seed!, index, probes), null, 1));
} else {
  const outs = await runMany(seed!, count!, probes);
  for (const o of outs) if (o.kind !== 'agree' && o.kind !== 'ub') console.log(JSON.stringify({ index: o.index, kind: o.kind, detail: o.detail, mismatches: o.mismatches }));
  console.log(summary(seed!, outs));
}
