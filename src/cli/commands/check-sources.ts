// `check`'s source comparison: for each answer the system returned, the kernel's real source
// (the UDP connect() probe systemLookup runs next to getaddrinfo) beside the simulation's.
import type { SimulationResult } from '../../simulate.js';
import type { Style } from '../style.js';
import type { SystemAnswer } from './check.js';

export interface SourceComparison {
  /** The answer, in the system's order. */
  address: string;
  /** getsockname() after connect(), or null when connect() failed with `realErrno`. */
  realSource: string | null;
  realErrno: string | null;
  /** The simulation's source for the same answer (null: unusable, with `simulatedErrno`; or the
   * simulation did not return this address). */
  simulatedSource: string | null;
  simulatedErrno: string | null;
  /** A multipath route: every source the kernel's per-flow hash may give; null for one path. */
  simulatedCandidates: string[] | null;
  agree: boolean;
}

type Entry = SimulationResult['results'][number] & { sourceCandidates?: unknown };

/** Per answer of the system's list; empty when either side failed. */
export function compareSources(system: SystemAnswer, sim: SimulationResult): SourceComparison[] {
  if (system.status !== 'OK' || sim.status !== 'OK') return [];
  const pool: (Entry | null)[] = [...(sim.results as Entry[])];
  return system.order.map((address, i) => {
    const real = system.sources[i] && system.sources[i]!.address === address ? system.sources[i]! : system.sources.find((s) => s.address === address);
    const k = pool.findIndex((e) => e !== null && e.address === address);
    const entry = k < 0 ? null : pool[k]!;
    if (k >= 0) pool[k] = null;
    const candidates = entry && Array.isArray(entry.sourceCandidates) ? entry.sourceCandidates.filter((c): c is string => typeof c === 'string') : null;
    const realSource = real?.source ?? null;
    const realErrno = real ? real.errno : 'not probed';
    const simulatedSource = entry?.source ?? null;
    const simulatedErrno = entry ? (entry.source === null ? (entry.errno ?? 'unusable') : null) : null;
    const errnos = entry && Array.isArray(entry.errnoCandidates) ? entry.errnoCandidates : null;
    let agree: boolean;
    if (!entry) agree = false;
    else if (realSource !== null && candidates && (candidates.length > 1 || errnos)) agree = candidates.includes(realSource);
    else if (realSource === null && errnos && realErrno !== null) agree = errnos.includes(realErrno) || realErrno === simulatedErrno;
    else agree = realSource === simulatedSource && (realSource !== null || realErrno === simulatedErrno);
    return { address, realSource, realErrno, simulatedSource, simulatedErrno, simulatedCandidates: candidates && candidates.length > 1 ? candidates : null, agree };
  });
}

const sourceText = (source: string | null, errno: string | null): string => source ?? (errno === null ? '-' : `(${errno})`);

/** The sources side by side, a mismatch marked. */
export function renderSources(list: readonly SourceComparison[], st: Style, indent: string): string[] {
  if (!list.length) return [];
  const rows = list.map((c) => [
    c.address,
    sourceText(c.realSource, c.realErrno),
    c.simulatedCandidates ? `one of ${c.simulatedCandidates.join(' | ')}` : sourceText(c.simulatedSource, c.simulatedErrno),
    c.agree ? '' : '≠',
  ]);
  const head = ['source of', 'system (connect)', 'simulation', ''];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i < r.length - 1 ? x.padEnd(width[i]!) : x)).join('  ').trimEnd();
  return [st.dim(`${indent}${line(head)}`), ...rows.map((r) => `${indent}${r[3] ? st.red(line(r)) : line(r)}`)];
}
