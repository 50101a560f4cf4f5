// How a mismatch is shown: the scenario, both orders with sources, and the explain trace.
import type { Scenario } from '../../src/scenario/types.js';
import type { SimulationResult } from '../../src/simulate.js';
import type { Mismatch } from './compare.js';

export function describeMismatch(s: Scenario, mismatches: readonly Mismatch[], sims: Record<'glibc' | 'musl', SimulationResult>): string {
  const lines = [`scenario ${s.name ?? ''}:`, JSON.stringify(s)];
  for (const m of mismatches) {
    lines.push(`  ${m.implementation} ${m.kind} differs`);
    lines.push(`    real:      ${m.expected}`);
    lines.push(`    simulated: ${m.actual}`);
    for (const e of sims[m.implementation].explain) lines.push(`      ${e.first} > ${e.second}: ${e.text}`);
  }
  return lines.join('\n');
}
