// The common connect-plan model: what an application runtime does with the sorted getaddrinfo
// list. Pure and deterministic: every peer answers after a fixed delay (or never), every runtime
// rule is a fixed timer, so a plan is a list of attempts with exact start and end times.
//
// Facts come from /work/shared/docs/runtimes-and-ula-update.md (§2.x cited per runtime file);
// the two event engines here (serial lanes, staggered race) are the shapes those runtimes share.

/** 4 = AF_INET, 6 = AF_INET6 (a v4-mapped address travels as 6). */
export type Family = 4 | 6;

/**
 * How a destination answers a TCP SYN in the model.
 *  - reachable:   SYN-ACK after `delayMs` (default 10 ms) → connected.
 *  - refused:     RST after `delayMs` (default 1 ms) → ECONNREFUSED.
 *  - reset:       fails like refused (default 1 ms) but reported as ECONNRESET. A peer that completes
 *                 the handshake and resets afterwards (pasta, rootless Podman's network, when nothing listens
 *                 behind it) is a *connected* attempt for every runtime here: model it as reachable.
 *  - timeout:     never answers; the attempt ends at the runtime's own timer, or at the OS connect
 *                 timeout (PlanEnvironment.osConnectTimeoutMs).
 *  - unreachable: connect() fails at once (default 0 ms) with `errno` (default ENETUNREACH): no
 *                 route, or the getaddrinfo result already said the destination has no source.
 */
export type PeerOutcome = 'reachable' | 'refused' | 'timeout' | 'reset' | 'unreachable';

export interface PeerBehaviour {
  readonly outcome: PeerOutcome;
  readonly delayMs?: number;
  /** Only for 'unreachable': ENETUNREACH (default), EHOSTUNREACH, EADDRNOTAVAIL, EINVAL, … */
  readonly errno?: string;
}

/** Keyed by the address as printed in the getaddrinfo list (RFC 5952 text). Missing = reachable. */
export type ReachabilityMap = Readonly<Record<string, PeerBehaviour>>;

export type AttemptOutcome =
  | 'connected'
  | 'refused'
  | 'timeout'
  | 'reset'
  | 'unreachable'
  /** The runtime gave up on it: its own attempt timer (Node), another attempt won, or a cap. */
  | 'aborted'
  /** Never started: a winner was found first, or the runtime never tries it. */
  | 'not-started';

export interface Attempt {
  readonly address: string;
  readonly family: Family;
  /** ms after the getaddrinfo answer (null: not started). */
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly outcome: AttemptOutcome;
  /** The error the runtime records for this attempt (ECONNREFUSED, ETIMEDOUT, …), null otherwise. */
  readonly errno: string | null;
  /** Why it ended (or never started), in a few words. */
  readonly reason: string;
}

/** An entry of the sorted getaddrinfo list: an address string, or a simulate() result entry. */
export type PlanInputAddress =
  | string
  | { readonly address: string; readonly family?: Family; readonly usable?: boolean; readonly errno?: string | null };

export interface PlanAddress {
  readonly address: string;
  readonly family: Family;
}

export interface PlanEnvironment {
  /**
   * How long connect() to a silent peer takes to fail on its own (no runtime timer). ASSUMPTION:
   * Linux with net.ipv4.tcp_syn_retries = 6 and the classic exponential backoff, 1+2+4+8+16+32+64 s
   * = 127 s (Documentation/networking/ip-sysctl.rst, tcp_syn_retries). MEASURED on this project's
   * test machine (kernel 6.18.44, tcp_syn_retries 6, tcp_syn_linear_timeouts 4, a silent veth
   * neighbour in a namespace): 133.5 s for IPv4 and 135.2 s for IPv6 — pass the value for your
   * kernel here when the exact number matters.
   */
  readonly osConnectTimeoutMs?: number;
}

export const DEFAULT_OS_CONNECT_TIMEOUT_MS = 127_000;
export const DEFAULT_DELAY_MS: Readonly<Record<PeerOutcome, number>> = { reachable: 10, refused: 1, reset: 1, timeout: 0, unreachable: 0 };

export function familyOf(address: string): Family {
  return address.includes(':') ? 6 : 4;
}

/** Normalise the input list: strings or simulate() entries; unusable entries become 'unreachable'. */
export function normaliseInput(
  list: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
): { addresses: PlanAddress[]; peers: Map<string, PeerBehaviour> } {
  const peers = new Map<string, PeerBehaviour>(Object.entries(reachability));
  const addresses = list.map((e) => {
    if (typeof e === 'string') return { address: e, family: familyOf(e) };
    if (e.usable === false && !peers.has(e.address)) peers.set(e.address, { outcome: 'unreachable', errno: e.errno ?? 'ENETUNREACH' });
    return { address: e.address, family: e.family ?? familyOf(e.address) };
  });
  return { addresses, peers };
}

/** What the peer does to an attempt started at `start`, before any runtime timer. */
export interface NaturalEnd {
  readonly end: number;
  readonly outcome: Exclude<AttemptOutcome, 'aborted' | 'not-started'>;
  readonly errno: string | null;
  readonly reason: string;
}

export function naturalEnd(peers: ReadonlyMap<string, PeerBehaviour>, a: PlanAddress, start: number, env: PlanEnvironment): NaturalEnd {
  const p = peers.get(a.address) ?? { outcome: 'reachable' as const };
  const d = p.delayMs ?? DEFAULT_DELAY_MS[p.outcome];
  switch (p.outcome) {
    case 'reachable':
      return { end: start + d, outcome: 'connected', errno: null, reason: 'SYN-ACK' };
    case 'refused':
      return { end: start + d, outcome: 'refused', errno: 'ECONNREFUSED', reason: 'RST: nothing listens' };
    case 'reset':
      return { end: start + d, outcome: 'reset', errno: 'ECONNRESET', reason: 'reset by peer' };
    case 'unreachable':
      return { end: start + d, outcome: 'unreachable', errno: p.errno ?? 'ENETUNREACH', reason: 'connect() fails at once' };
    case 'timeout': {
      const os = env.osConnectTimeoutMs ?? DEFAULT_OS_CONNECT_TIMEOUT_MS;
      return { end: start + os, outcome: 'timeout', errno: 'ETIMEDOUT', reason: `no answer: OS connect timeout (${os} ms)` };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Engine 1: serial lanes. One lane tries its addresses one at a time; an attempt ends when the peer
// answers or the lane's per-attempt timer fires. A second lane (Go's fallback racer, curl ≤ 8.15's
// second family) starts at `startAfterMs` or as soon as every earlier lane has failed completely.
// The first connection wins; every other running attempt is aborted at that moment.

export interface AttemptTimer {
  /** Absolute time at which the runtime stops this attempt, or null for none. */
  readonly at: number | null;
  readonly outcome: 'aborted' | 'timeout';
  readonly errno: string;
  readonly reason: string;
}

export interface Lane {
  readonly addresses: readonly PlanAddress[];
  /** Start time; lanes after the first also start when all earlier lanes are exhausted. */
  readonly startAfterMs: number;
  /** Timer for the i-th attempt of this lane started at `start`. */
  readonly timer?: (i: number, start: number) => AttemptTimer | null;
  readonly name?: string;
}

/** One connect() attempt: which address, when, and how it ended. */
interface Running {
  a: PlanAddress;
  start: number;
  end: number;
  outcome: Exclude<AttemptOutcome, 'not-started'>;
  errno: string | null;
  reason: string;
}

/** An attempt of a lane, and its place in the lane. */
interface Tried extends Running {
  lane: number;
  idx: number;
}

function runLane(lane: Lane, laneIndex: number, start: number, peers: ReadonlyMap<string, PeerBehaviour>, env: PlanEnvironment, deadline: Deadline | null): { tried: Tried[]; win: number | null; exhausted: number } {
  const tried: Tried[] = [];
  let t = start;
  for (let i = 0; i < lane.addresses.length; i++) {
    const a = lane.addresses[i]!;
    if (deadline && t >= deadline.at) break;
    const nat = naturalEnd(peers, a, t, env);
    const timer = lane.timer?.(i, t) ?? null;
    let rec: Tried = { lane: laneIndex, idx: i, a, start: t, end: nat.end, outcome: nat.outcome, errno: nat.errno, reason: nat.reason };
    if (timer && timer.at !== null && timer.at < nat.end) rec = { ...rec, end: timer.at, outcome: timer.outcome, errno: timer.errno, reason: timer.reason };
    if (deadline && deadline.at < rec.end) rec = { ...rec, end: deadline.at, outcome: 'timeout', errno: deadline.errno, reason: deadline.reason };
    tried.push(rec);
    if (rec.outcome === 'connected') return { tried, win: rec.end, exhausted: Infinity };
    t = rec.end;
  }
  return { tried, win: null, exhausted: t };
}

export interface Deadline {
  readonly at: number;
  readonly errno: string;
  readonly reason: string;
}

export interface EngineResult {
  readonly attempts: Attempt[];
  readonly winner: string | null;
  readonly totalMs: number;
  /** Errors of the failed attempts in start order (what an AggregateError would hold). */
  readonly errors: string[];
}

export function runLanes(lanes: readonly Lane[], peers: ReadonlyMap<string, PeerBehaviour>, env: PlanEnvironment, deadline: Deadline | null = null): EngineResult {
  const runs: { tried: Tried[]; win: number | null; exhausted: number; start: number }[] = [];
  let earlierExhausted = 0;
  for (let k = 0; k < lanes.length; k++) {
    const lane = lanes[k]!;
    const start = k === 0 ? lane.startAfterMs : Math.min(lane.startAfterMs, earlierExhausted);
    if (lane.addresses.length === 0) {
      runs.push({ tried: [], win: null, exhausted: start, start });
      continue;
    }
    const r = runLane(lane, k, start, peers, env, deadline);
    runs.push({ ...r, start });
    earlierExhausted = Math.max(earlierExhausted, r.exhausted);
  }
  const winTimes = runs.map((r) => r.win).filter((w): w is number => w !== null);
  const win = winTimes.length ? Math.min(...winTimes) : null;
  const winnerLane = win === null ? -1 : runs.findIndex((r) => r.win === win);
  const winning = win === null ? null : runs[winnerLane]!.tried.find((t) => t.outcome === 'connected' && t.end === win)!;
  const all: Tried[] = [];
  for (const r of runs)
    for (const t of r.tried) {
      if (win === null || t === winning) all.push(t);
      else if (t.start >= win) continue; // would have started after the winner connected
      else if (t.end > win || t.outcome === 'connected') all.push({ ...t, end: win, outcome: 'aborted', errno: null, reason: 'another attempt connected' });
      else all.push(t);
    }
  all.sort((x, y) => x.start - y.start || x.lane - y.lane);
  const attempts: Attempt[] = [];
  let winner: string | null = null;
  for (const t of all) {
    attempts.push({ address: t.a.address, family: t.a.family, startMs: t.start, endMs: t.end, outcome: t.outcome, errno: t.errno, reason: t.reason });
    if (t.outcome === 'connected' && winner === null) winner = t.a.address;
  }
  const started = new Set(all.map((t) => `${t.lane}/${t.idx}`));
  lanes.forEach((lane, k) => {
    for (const [i, a] of lane.addresses.entries()) {
      if (started.has(`${k}/${i}`)) continue;
      attempts.push({ address: a.address, family: a.family, startMs: null, endMs: null, outcome: 'not-started', errno: null, reason: winner ? 'a connection was already established' : deadline ? 'the connect deadline passed first' : 'never tried' });
    }
  });
  const totalMs = win ?? Math.max(0, ...all.map((t) => t.end));
  const errors = all.filter((t) => t.errno).map((t) => `${t.errno} ${t.a.address}`);
  return { attempts, winner, totalMs, errors };
}

// ---------------------------------------------------------------------------------------------
// Engine 2: staggered race. Attempts start one after another; a new one starts when `delayMs` has
// passed since the previous start or earlier on a failure (`advance`), and earlier attempts keep
// running. The first connection wins; the rest are aborted. Used by Python asyncio (staggered_race),
// curl ≥ 8.16 and the RFC 8305 reference.

export interface StaggerOptions {
  readonly delayMs: number;
  /**
   * 'previous-failed': start the next attempt as soon as the immediately preceding one fails
   *   (asyncio.staggered.staggered_race);
   * 'none-running': start it as soon as no attempt is running (curl cf-ip-happy.c: "!ongoing");
   * 'delay-only': only the delay starts the next attempt.
   */
  readonly advance: 'previous-failed' | 'none-running' | 'delay-only';
  /** At most this many attempts running; starting one more discards the oldest (curl: 6). */
  readonly maxConcurrent?: number;
  /** Start of the first attempt (RFC 8305 resolution delay). */
  readonly startMs?: number;
  /** When each entry of the list becomes known (default 0: all at once). */
  readonly arrivalMs?: (index: number) => number;
  /** Called before each start with the positions already started: the position to start next. */
  readonly next: (now: number, started: ReadonlySet<number>) => number | null;
  /** The overall connect deadline, if any (curl CURLOPT_CONNECTTIMEOUT). */
  readonly deadline?: Deadline | null;
}

export function runStaggered(all: readonly PlanAddress[], opt: StaggerOptions, peers: ReadonlyMap<string, PeerBehaviour>, env: PlanEnvironment): EngineResult {
  const runs: Running[] = [];
  const started = new Set<number>();
  const arrival = opt.arrivalMs ?? (() => 0);
  const deadline = opt.deadline ?? null;
  let win: number | null = null;
  let t = opt.startMs ?? 0;
  for (;;) {
    if (deadline && t >= deadline.at) break;
    if (win !== null && t >= win) break;
    const k = opt.next(t, started);
    if (k === null) {
      // Nothing to start now: wait for an address still to arrive, if one will before the end.
      const pending = all.map((_x, i) => i).filter((i) => !started.has(i) && arrival(i) > t).map(arrival);
      if (pending.length === 0) break;
      t = Math.min(...pending);
      continue;
    }
    // Cap on concurrent attempts: discard the oldest still running.
    if (opt.maxConcurrent) {
      const live = runs.filter((r) => r.start <= t && r.end > t);
      while (live.length >= opt.maxConcurrent) {
        const oldest = live.shift()!;
        Object.assign(oldest, { end: t, outcome: 'aborted', errno: null, reason: `discarded: ${opt.maxConcurrent} attempts already running` });
      }
    }
    const a = all[k]!;
    started.add(k);
    const nat = naturalEnd(peers, a, t, env);
    const r: Running = { a, start: t, end: nat.end, outcome: nat.outcome, errno: nat.errno, reason: nat.reason };
    if (deadline && deadline.at < r.end) Object.assign(r, { end: deadline.at, outcome: 'timeout', errno: deadline.errno, reason: deadline.reason });
    runs.push(r);
    if (r.outcome === 'connected' && (win === null || r.end < win)) win = r.end;
    // When does the next attempt start?
    let nextT = t + opt.delayMs;
    if (opt.advance === 'previous-failed') {
      if (r.outcome !== 'connected') nextT = Math.min(nextT, r.end);
    } else if (opt.advance === 'none-running') {
      const live = runs.filter((x) => x.end > t);
      const allFail = live.every((x) => x.outcome !== 'connected');
      if (allFail) nextT = Math.min(nextT, Math.max(t, ...live.map((x) => x.end)));
    }
    t = nextT;
  }
  if (win !== null) {
    const w = win;
    const winning = runs.find((r) => r.outcome === 'connected' && r.end === w);
    for (const r of runs)
      if (r !== winning && (r.end > w || r.outcome === 'connected'))
        Object.assign(r, { end: Math.min(r.end, w), outcome: 'aborted', errno: null, reason: 'another attempt connected' });
  }
  const attempts: Attempt[] = runs.map((r) => ({ address: r.a.address, family: r.a.family, startMs: r.start, endMs: r.end, outcome: r.outcome, errno: r.errno, reason: r.reason }));
  const winner = runs.find((r) => r.outcome === 'connected')?.a.address ?? null;
  for (const [i, a] of all.entries())
    if (!started.has(i))
      attempts.push({ address: a.address, family: a.family, startMs: null, endMs: null, outcome: 'not-started', errno: null, reason: winner ? 'a connection was already established' : deadline ? 'the connect deadline passed first' : 'never tried' });
  const totalMs = win ?? Math.max(0, ...runs.map((r) => r.end));
  const errors = runs.filter((r) => r.errno).map((r) => `${r.errno} ${r.a.address}`);
  return { attempts, winner, totalMs, errors };
}

// ---------------------------------------------------------------------------------------------
// List helpers shared by several runtimes.

/** Stable partition: addresses of `first` family, then the others, each in input order. */
export function familyFirst(list: readonly PlanAddress[], first: Family): PlanAddress[] {
  return [...list.filter((a) => a.family === first), ...list.filter((a) => a.family !== first)];
}

/** Drop repeated addresses, keeping the first occurrence. */
export function dedup(list: readonly PlanAddress[]): PlanAddress[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.address) ? false : (seen.add(a.address), true)));
}

/**
 * Group by family in order of first appearance, put `firstFamilyCount - 1` extra addresses of
 * the first group up front, then round-robin the groups (asyncio `_interleave_addrinfos`, the
 * RFC 8305 §4 "First Address Family Count" interleave). No dedup.
 */
export function interleave(list: readonly PlanAddress[], firstFamilyCount = 1): PlanAddress[] {
  const groups: PlanAddress[][] = [];
  const byFamily = new Map<Family, PlanAddress[]>();
  for (const a of list) {
    let g = byFamily.get(a.family);
    if (!g) {
      g = [];
      byFamily.set(a.family, g);
      groups.push(g);
    }
    g.push(a);
  }
  if (groups.length === 0) return [];
  const out: PlanAddress[] = [];
  const extra = Math.max(0, firstFamilyCount - 1);
  out.push(...groups[0]!.splice(0, extra));
  const n = Math.max(...groups.map((g) => g.length));
  for (let i = 0; i < n; i++) for (const g of groups) if (i < g.length) out.push(g[i]!);
  return out;
}

/** Parse "20", "20.11", "25.2.0", "8.10.1" into comparable numbers (missing parts are 0). */
export function parseVersion(v: string): [number, number, number] {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(v.trim());
  if (!m) throw new Error(`bad version ${JSON.stringify(v)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

export function versionAtLeast(v: [number, number, number], min: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) if (v[i] !== min[i]) return v[i]! > min[i]!;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The plan every runtime returns (docs/runtimes/README.md describes its JSON form).

export type RuntimeName = 'node' | 'go' | 'python' | 'curl' | 'java' | 'rfc8305';

export interface ConnectPlan {
  readonly schemaVersion: 1;
  readonly runtime: RuntimeName;
  /** The runtime version modelled (null when the runtime has no version-dependent behaviour here). */
  readonly version: string | null;
  /** Effective options after defaults: what the plan assumed. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The getaddrinfo list as given (resolver order after libc's sort). */
  readonly input: string[];
  /** The order this runtime tries addresses in (after its own reordering, dedup, filtering). */
  readonly order: string[];
  /** Started attempts in start order, then the addresses never started. */
  readonly attempts: Attempt[];
  readonly winner: string | null;
  /** ms from the getaddrinfo answer to the connection (or to the final failure). */
  readonly totalMs: number;
  /** What the application sees when nothing connects (null on success). */
  readonly error: string | null;
  readonly notes: string[];
}

export function makePlan(
  base: Pick<ConnectPlan, 'runtime' | 'version' | 'options' | 'input' | 'order' | 'notes'>,
  r: EngineResult,
  error: (r: EngineResult) => string,
): ConnectPlan {
  return {
    schemaVersion: 1,
    runtime: base.runtime,
    version: base.version,
    options: base.options,
    input: base.input,
    order: base.order,
    attempts: r.attempts,
    winner: r.winner,
    totalMs: r.totalMs,
    error: r.winner ? null : error(r),
    notes: base.notes,
  };
}

/** The errno of the last attempt that failed (what a plain connect() loop reports). */
export function lastErrno(r: EngineResult): string {
  const failed = r.attempts.filter((a) => a.errno);
  return failed.length ? failed[failed.length - 1]!.errno! : 'no address to try';
}

/** The first position in 0..n-1 not yet started (a static attempt list). */
export function nextUnstarted(n: number, started: ReadonlySet<number>): number | null {
  for (let i = 0; i < n; i++) if (!started.has(i)) return i;
  return null;
}
