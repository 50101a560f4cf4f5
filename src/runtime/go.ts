// Go net.Dialer (DialContext) after the resolver.
// Source: runtimes-and-ula-update.md §0.7 and §2.2 — golang/go src/net/dial.go @ ede79af0
// (dialParallel, dialSerial, partialDeadline, fallbackDelay), ipsock.go `partition`,
// conf.go @ 23fdd62d (resolver choice), cgo_unix.go @ 170b8b4b; go1.12 release notes.
//
//  - Input order: the pure-Go resolver sorts with its own RFC 6724 table (the `go` profile) and
//    never reads /etc/gai.conf; the cgo resolver returns glibc's order unsorted (the `glibc`
//    profile, gai.conf applies), from getaddrinfo(AI_CANONNAME|AI_V4MAPPED|AI_ALL, AF_UNSPEC) —
//    no AI_ADDRCONFIG. GODEBUG=netdns=cgo (or the netcgo build tag) forces cgo when the binary
//    is built with cgo; GODEBUG=netdns=go / netgo forces pure Go.
//  - Only for network "tcp" and FallbackDelay >= 0: primaries = every address of the FIRST
//    address's family (order kept), fallbacks = the rest; the primary racer dials serially at
//    once, the fallback racer after FallbackDelay (0 ⇒ 300 ms) or immediately when the primaries
//    have all failed. First success wins, the other racer is cancelled. All fail ⇒ the primary
//    racer's error. "tcp4"/"tcp6" filter to one family; FallbackDelay < 0 ⇒ one serial racer.
//  - dialSerial with a deadline (Dialer.Timeout): each attempt gets
//    max(remaining / addressesLeft, 2 s) (capped at the remaining time) — partialDeadline.
import {
  lastErrno,
  makePlan,
  normaliseInput,
  runLanes,
  type AttemptTimer,
  type ConnectPlan,
  type Deadline,
  type Family,
  type PlanAddress,
  type PlanEnvironment,
  type PlanInputAddress,
  type ReachabilityMap,
} from './model.js';

export interface GoOptions {
  /** Which resolver produced the list: 'go' (pure, default on Linux) or 'cgo'. */
  readonly resolver?: 'go' | 'cgo';
  readonly network?: 'tcp' | 'tcp4' | 'tcp6';
  /** Dialer.FallbackDelay in ms: 0 (default) ⇒ 300 ms, negative disables Fast Fallback. */
  readonly fallbackDelayMs?: number;
  /** Dialer.Timeout in ms (default none: only the OS limits each attempt). */
  readonly timeoutMs?: number;
  /** Dialer.LocalAddr's family: the address list is filtered to it. */
  readonly localAddrFamily?: Family;
}

export const GO_DEFAULT_FALLBACK_MS = 300;
/** dial.go partialDeadline: saneMinimum. */
export const GO_SANE_MINIMUM_MS = 2000;

/** The gaiconf profile whose order the resolver hands to the Dialer. */
export function goInputProfile(options: GoOptions = {}): 'go' | 'glibc' {
  return options.resolver === 'cgo' ? 'glibc' : 'go';
}

/** ipsock.go partition: the first address and all of its family, then the rest. */
export function goPartition(list: readonly PlanAddress[]): { primaries: PlanAddress[]; fallbacks: PlanAddress[] } {
  if (list.length === 0) return { primaries: [], fallbacks: [] };
  const f = list[0]!.family;
  return { primaries: list.filter((a) => a.family === f), fallbacks: list.filter((a) => a.family !== f) };
}

/** dial.go partialDeadline for an attempt started at `now` with `left` addresses left in its racer. */
export function goPartialDeadline(now: number, deadline: number, left: number): number {
  const remaining = deadline - now;
  if (remaining <= 0) return now;
  let t = remaining / left;
  if (t < GO_SANE_MINIMUM_MS) t = remaining < GO_SANE_MINIMUM_MS ? remaining : GO_SANE_MINIMUM_MS;
  return now + t;
}

export function goPlan(
  version: string | null = null,
  options: GoOptions = {},
  sorted: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
  env: PlanEnvironment = {},
): ConnectPlan {
  const resolver = options.resolver ?? 'go';
  const network = options.network ?? 'tcp';
  const fallbackDelayMs = options.fallbackDelayMs ?? 0;
  const notes: string[] = [];
  if (resolver === 'go')
    notes.push(
      "pure-Go resolver: the list is Go's own RFC 6724 sort (profile `go`); /etc/gai.conf is ignored. To make a Go program follow gai.conf, run it with GODEBUG=netdns=cgo (needs a cgo-enabled build) — then glibc's order is used",
    );
  else notes.push('cgo resolver: the list is glibc\'s getaddrinfo order, not re-sorted (profile `glibc`, gai.conf applies); AI_ADDRCONFIG is not set');
  const { addresses, peers } = normaliseInput(sorted, reachability);
  let list = addresses;
  if (network === 'tcp4') list = list.filter((a) => a.family === 4);
  if (network === 'tcp6') list = list.filter((a) => a.family === 6);
  if (options.localAddrFamily) {
    list = list.filter((a) => a.family === options.localAddrFamily);
    notes.push(`Dialer.LocalAddr is IPv${options.localAddrFamily}: only IPv${options.localAddrFamily} destinations are dialled`);
  }
  if (list.length < addresses.length && network !== 'tcp') notes.push(`network "${network}": only IPv${network === 'tcp4' ? 4 : 6} addresses are dialled`);
  const dualStack = network === 'tcp' && fallbackDelayMs >= 0;
  const { primaries, fallbacks } = dualStack ? goPartition(list) : { primaries: list, fallbacks: [] };
  const delay = fallbackDelayMs > 0 ? fallbackDelayMs : GO_DEFAULT_FALLBACK_MS;
  if (dualStack && fallbacks.length)
    notes.push(`Fast Fallback: primaries = IPv${primaries[0]!.family} (the first address's family), dialled one after another; the IPv${fallbacks[0]!.family} racer starts after ${delay} ms or as soon as all primaries have failed`);
  else if (!dualStack) notes.push(network === 'tcp' ? 'FallbackDelay < 0: Fast Fallback disabled, one serial racer' : `Fast Fallback applies to "tcp" only, not "${network}": one serial racer`);
  const deadline: Deadline | null = options.timeoutMs ? { at: options.timeoutMs, errno: 'i/o timeout', reason: `Dialer.Timeout (${options.timeoutMs} ms)` } : null;
  const timer = (lane: readonly PlanAddress[]) =>
    deadline
      ? (i: number, start: number): AttemptTimer => ({ at: goPartialDeadline(start, deadline.at, lane.length - i), outcome: 'timeout', errno: 'i/o timeout', reason: 'partialDeadline: this attempt\'s share of Dialer.Timeout' })
      : undefined;
  if (deadline) notes.push(`Dialer.Timeout ${deadline.at} ms: each attempt gets max(remaining / addresses left, 2 s) of it`);
  const lanes = [{ addresses: primaries, startAfterMs: 0, timer: timer(primaries), name: 'primary' }];
  if (fallbacks.length) lanes.push({ addresses: fallbacks, startAfterMs: delay, timer: timer(fallbacks), name: 'fallback' });
  const r = runLanes(lanes, peers, env, deadline);
  const primaryErr = (x: typeof r) => {
    const p = x.attempts.find((a) => a.errno && primaries.some((q) => q.address === a.address));
    const a = p ?? x.attempts.find((q) => q.errno);
    return a ? `dial tcp ${a.address.includes(':') ? `[${a.address}]` : a.address}:PORT: ${goErr(a.errno!)}` : `dial ${network}: ${lastErrno(x)}`;
  };
  const effective = { resolver, network, fallbackDelayMs: dualStack ? delay : fallbackDelayMs, timeoutMs: options.timeoutMs ?? null };
  return makePlan({ runtime: 'go', version, options: effective, input: addresses.map((a) => a.address), order: [...primaries, ...fallbacks].map((a) => a.address), notes }, r, primaryErr);
}

function goErr(errno: string): string {
  const m: Record<string, string> = {
    ECONNREFUSED: 'connect: connection refused',
    ECONNRESET: 'connect: connection reset by peer',
    ETIMEDOUT: 'connect: connection timed out',
    ENETUNREACH: 'connect: network is unreachable',
    EHOSTUNREACH: 'connect: no route to host',
  };
  return m[errno] ?? errno;
}
