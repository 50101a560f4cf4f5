// RFC 8305 (Happy Eyeballs v2) as a reference client, with the RFC's default values; the HEv3
// draft keeps the same numbers (draft-ietf-happy-happyeyeballs-v3-04).
// Source: runtimes-and-ula-update.md §0.11 and §2.0 — RFC 8305 §3 (resolution), §4 (sorting and
// interleaving), §5 (connection attempts), §8 (configurable values); HEv3 editor's copy
// 261574b7.
//
//  - Resolution Delay 50 ms: an A answer alone waits up to 50 ms for the AAAA answer; an AAAA
//    answer starts the attempts at once. Addresses that arrive later join the remaining list,
//    which is re-sorted (here: the given order, re-interleaved).
//  - The list is expected to be RFC 6724-sorted already (profile `rfc6724`, or `rfc6724-update`);
//    it is interleaved by family starting with the family of the first address, with First
//    Address Family Count (default 1; HEv3: "Preferred Address Family Count").
//  - Connection Attempt Delay 250 ms (MUST NOT be < 10 ms; minimum recommended 100 ms; maximum
//    2 s): attempts start one at a time, "Starting a new connection attempt does not affect
//    previous attempts"; the first success cancels the others.
//  - MODEL CHOICE: RFC 8305 §5 does not say whether a failed attempt lets the next one start
//    before the delay; by default the next attempt starts as soon as no attempt is running
//    (what curl ≥ 8.16 and asyncio do), `advanceOnFailure: false` waits for the delay.
import {
  makePlan,
  normaliseInput,
  runStaggered,
  type ConnectPlan,
  type Family,
  type PlanEnvironment,
  type PlanInputAddress,
  type ReachabilityMap,
} from './model.js';

export interface Rfc8305Options {
  readonly connectionAttemptDelayMs?: number;
  readonly firstAddressFamilyCount?: number;
  readonly resolutionDelayMs?: number;
  /** When the A (4) and AAAA (6) answers arrive, ms after the queries (default both 0). */
  readonly answerDelayMs?: { readonly 4?: number; readonly 6?: number };
  /** Start the next attempt as soon as none is running (default true; see MODEL CHOICE). */
  readonly advanceOnFailure?: boolean;
  /** Label only: 'rfc8305' (default) or 'hev3' (same values). */
  readonly variant?: 'rfc8305' | 'hev3';
}

export const RFC8305_DEFAULTS = Object.freeze({
  connectionAttemptDelayMs: 250,
  minimumConnectionAttemptDelayMs: 100,
  connectionAttemptDelayFloorMs: 10,
  maximumConnectionAttemptDelayMs: 2000,
  firstAddressFamilyCount: 1,
  resolutionDelayMs: 50,
  lastResortLocalSynthesisDelayMs: 2000,
});

/** RFC 8305 §4 interleave of positions `idx` of `fam` (families in order of first appearance). */
function interleaveIdx(idx: readonly number[], fam: (i: number) => Family, count: number): number[] {
  const groups: number[][] = [];
  const by = new Map<Family, number[]>();
  for (const i of idx) {
    let g = by.get(fam(i));
    if (!g) by.set(fam(i), (g = [])), groups.push(g);
    g.push(i);
  }
  if (!groups.length) return [];
  const out = groups[0]!.splice(0, Math.max(0, count - 1));
  const n = Math.max(...groups.map((g) => g.length));
  for (let k = 0; k < n; k++) for (const g of groups) if (k < g.length) out.push(g[k]!);
  return out;
}

export function rfc8305Plan(
  version: string | null = null,
  options: Rfc8305Options = {},
  sorted: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
  env: PlanEnvironment = {},
): ConnectPlan {
  const d = RFC8305_DEFAULTS;
  const notes: string[] = [];
  const { addresses, peers } = normaliseInput(sorted, reachability);
  let delay = options.connectionAttemptDelayMs ?? d.connectionAttemptDelayMs;
  if (delay < d.connectionAttemptDelayFloorMs) {
    notes.push(`Connection Attempt Delay ${delay} ms raised to ${d.connectionAttemptDelayFloorMs} ms (MUST NOT be lower)`);
    delay = d.connectionAttemptDelayFloorMs;
  } else if (delay < d.minimumConnectionAttemptDelayMs) notes.push(`Connection Attempt Delay ${delay} ms is below the recommended minimum of ${d.minimumConnectionAttemptDelayMs} ms`);
  if (delay > d.maximumConnectionAttemptDelayMs) {
    notes.push(`Connection Attempt Delay ${delay} ms capped at the maximum ${d.maximumConnectionAttemptDelayMs} ms`);
    delay = d.maximumConnectionAttemptDelayMs;
  }
  const count = Math.max(1, Math.floor(options.firstAddressFamilyCount ?? d.firstAddressFamilyCount));
  const rd = options.resolutionDelayMs ?? d.resolutionDelayMs;
  const a4 = options.answerDelayMs?.[4] ?? 0;
  const a6 = options.answerDelayMs?.[6] ?? 0;
  const has4 = addresses.some((a) => a.family === 4);
  const has6 = addresses.some((a) => a.family === 6);
  let start = 0;
  if (has4 && has6) {
    start = a6 <= a4 ? a6 : Math.min(a6, a4 + rd);
    if (a6 > a4) notes.push(a6 <= a4 + rd ? `the A answer waits for the AAAA answer (${a6 - a4} ms later, within the ${rd} ms Resolution Delay)` : `Resolution Delay (${rd} ms) expired before the AAAA answer: IPv4 starts at ${start} ms, IPv6 joins at ${a6} ms`);
  } else start = has6 ? a6 : a4;
  const arrival = (i: number) => (addresses[i]!.family === 4 ? a4 : a6);
  const fam = (i: number) => addresses[i]!.family;
  const all = addresses.map((_a, i) => i);
  const next = (t: number, started: ReadonlySet<number>) => interleaveIdx(all.filter((i) => arrival(i) <= t), fam, count).find((i) => !started.has(i)) ?? null;
  const advanceOnFailure = options.advanceOnFailure ?? true;
  notes.push(
    `interleaved by family starting with IPv${addresses[0]?.family ?? '?'} (First Address Family Count ${count}); a new attempt every ${delay} ms${advanceOnFailure ? ' or as soon as none is running' : ''}, earlier attempts keep running`,
  );
  notes.push('the input should be RFC 6724-sorted (profile rfc6724 or rfc6724-update): RFC 8305 §4 sorts with RFC 6724 before interleaving');
  const r = runStaggered(addresses, { delayMs: delay, advance: advanceOnFailure ? 'none-running' : 'delay-only', startMs: start, arrivalMs: arrival, next }, peers, env);
  const order = interleaveIdx(all, fam, count).map((i) => addresses[i]!.address);
  return makePlan(
    {
      runtime: 'rfc8305',
      version,
      options: { variant: options.variant ?? 'rfc8305', connectionAttemptDelayMs: delay, firstAddressFamilyCount: count, resolutionDelayMs: rd, answerDelayMs: { 4: a4, 6: a6 }, advanceOnFailure },
      input: addresses.map((a) => a.address),
      order,
      notes,
    },
    r,
    (x) => `all attempts failed [${x.errors.join(', ')}]`,
  );
}
