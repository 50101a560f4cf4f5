// One scenario, simulated and asked of the real resolvers: where do they disagree?
import { simulate, type SimulationResult } from '../../src/simulate.js';
import type { Scenario } from '../../src/scenario/types.js';
import type { OracleResult, OracleRun } from './netns.js';

export interface Mismatch {
  readonly implementation: 'glibc' | 'musl';
  /** order: status or order differ; source: same order, a kernel-chosen source or errno differs. */
  readonly kind: 'status' | 'order' | 'source';
  readonly expected: string;
  readonly actual: string;
  /** For `source`: how many answers got a different source or errno. */
  readonly answers?: number;
}

const orderText = (r: OracleResult) => `${r.status} ${r.answers.map((a) => a.address).join(' ')}`;
const simText = (r: SimulationResult) => `${r.status} ${r.order.join(' ')}`;
const srcText = (r: OracleResult) => r.answers.map((a) => `${a.address}<-${a.source ?? a.errno}`).join(' ');
const simSrcText = (r: SimulationResult) => r.results.map((a) => `${a.address}<-${a.source ?? a.errno}`).join(' ');

/** Undefined behaviour in the real library (sim.undefinedBehavior) is not compared: it is
 * tallied apart by the suites. A multipath route's hop is a per-boot hash the simulation
 * cannot know: the real order agrees when it is one of `possibleOrders`, and a real source
 * when it is one of the answer's `sourceCandidates` (a real errno: one of its `errnoCandidates`). */
export function compareOne(real: OracleResult, sim: SimulationResult, implementation: 'glibc' | 'musl'): Mismatch[] {
  if (sim.undefinedBehavior) return [];
  if (real.status !== sim.status) return [{ implementation, kind: 'status', expected: orderText(real), actual: simText(sim) }];
  const realOrder = real.answers.map((a) => a.address).join(' ');
  const orders = [sim.order, ...(sim.possibleOrders ?? [])].map((o) => o.join(' '));
  if (!orders.includes(realOrder)) return [{ implementation, kind: 'order', expected: orderText(real), actual: simText(sim) }];
  // The simulated entry of each real answer, by address (duplicates in turn).
  const unused = sim.results.slice();
  const entries = real.answers.map((a) => unused.splice(unused.findIndex((e) => e.address === a.address), 1)[0]!);
  const agrees = (a: OracleResult['answers'][number], e: SimulationResult['results'][number]) =>
    (a.source ?? a.errno) === (e.source ?? e.errno) ||
    (a.source !== null && (e.sourceCandidates ?? []).includes(a.source)) ||
    (a.errno !== null && (e.errnoCandidates ?? []).includes(a.errno));
  const answers = real.answers.filter((a, i) => !agrees(a, entries[i]!)).length;
  if (answers > 0) return [{ implementation, kind: 'source', expected: srcText(real), actual: simSrcText(sim), answers }];
  return [];
}

export function compareScenario(s: Scenario, run: OracleRun): { mismatches: Mismatch[]; glibc: SimulationResult; musl: SimulationResult; undefinedBehavior: boolean } {
  const glibc = simulate(s, { profile: 'glibc' });
  const musl = simulate(s, { profile: 'musl' });
  const undefinedBehavior = !!(glibc.undefinedBehavior || musl.undefinedBehavior);
  return { mismatches: [...compareOne(run.glibc, glibc, 'glibc'), ...compareOne(run.musl, musl, 'musl')], glibc, musl, undefinedBehavior };
}
