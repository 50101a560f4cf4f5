// Runs independently generated scenarios through the real glibc and musl (hosts built from
// independentPlan's commands) and through simulate(), and sorts every outcome.
import { validateScenario } from '../../../src/index.js';
import type { Scenario } from '../../../src/scenario/types.js';
import { compareScenario, type Mismatch } from '../compare.js';
import { runPlan } from '../netns.js';
import { independentPlan } from './build.js';
import { independentScenario } from './gen.js';

export interface Outcome {
  index: number;
  scenario: Record<string, unknown>;
  /** agree | mismatch | invalid (validator refused) | refused (an ip command failed) | ub */
  kind: 'agree' | 'mismatch' | 'invalid' | 'refused' | 'ub';
  mismatches?: Mismatch[];
  detail?: string;
}

export async function runOne(seed: number, index: number, probes: { glibc: string; musl: string }, scenario = independentScenario(seed, index)): Promise<Outcome> {
  const v = validateScenario(scenario);
  if (!v.ok) return { index, scenario, kind: 'invalid', detail: v.errors.map((e) => `${e.path}: ${e.message}`).join('; ') };
  let run;
  try {
    run = await runPlan(independentPlan(scenario), probes);
  } catch (e) {
    const msg = (e as Error).message;
    // The failing command's error, and the line of the batch input it came from.
    const failed = /-:(\d+)/.exec(msg);
    const input = msg.split('input:\n')[1]?.split('\n') ?? [];
    return { index, scenario, kind: 'refused', detail: `${msg.split('\n').slice(0, 3).join(' | ')}${failed ? ` | ${input[Number(failed[1]) - 1]}` : ''}` };
  }
  const c = compareScenario(v.scenario as Scenario, run);
  if (c.mismatches.length) return { index, scenario, kind: 'mismatch', mismatches: c.mismatches };
  return { index, scenario, kind: c.undefinedBehavior ? 'ub' : 'agree' };
}

export async function runMany(seed: number, count: number, probes: { glibc: string; musl: string }, concurrency = 2): Promise<Outcome[]> {
  const out: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out.push(await runOne(seed, i, probes));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out.sort((a, b) => a.index - b.index);
}

export function summary(seed: number, outs: Outcome[]): string {
  const n = (k: Outcome['kind']) => outs.filter((o) => o.kind === k).length;
  const compared = n('agree') + n('mismatch');
  return `independent: seed ${seed}, ${outs.length} scenarios: ${n('agree')}/${compared} agree, ${n('mismatch')} mismatch, ${n('ub')} undefined behaviour, ${n('invalid')} refused by the validator, ${n('refused')} refused by the kernel`;
}
