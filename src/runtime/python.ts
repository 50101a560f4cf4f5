// CPython socket.create_connection and asyncio loop.create_connection after getaddrinfo.
// Source: runtimes-and-ula-update.md §0.8 and §2.3 — CPython 3.11.7 Lib/socket.py
// (create_connection), Lib/asyncio/base_events.py (create_connection, _interleave_addrinfos),
// Lib/asyncio/staggered.py (staggered_race); bpo-33530 (3.8) for happy_eyeballs_delay/interleave.
//
//  - socket.create_connection: getaddrinfo(host, port, 0, SOCK_STREAM) (libc order, flags 0),
//    then strictly sequential: each connect() runs to completion (the `timeout` argument, or the
//    OS connect timeout); first success wins. No interleave, no dedup, no Happy Eyeballs. Failure
//    raises the last error, or ExceptionGroup with all_errors=True (3.11+). urllib, http.client
//    and (via urllib3's own copy) requests behave the same.
//  - asyncio: interleave defaults to 0, or 1 when happy_eyeballs_delay is given
//    (_interleave_addrinfos: groups by family in order of first appearance, interleave-1 extra
//    first-family addresses up front, then round-robin; no dedup). Without happy_eyeballs_delay
//    the attempts are sequential to completion; with it, staggered_race starts the next attempt
//    when `delay` has passed or the immediately preceding attempt failed; earlier attempts keep
//    running; the first success cancels the rest.
import {
  interleave,
  nextUnstarted,
  lastErrno,
  makePlan,
  normaliseInput,
  parseVersion,
  runLanes,
  runStaggered,
  versionAtLeast,
  type ConnectPlan,
  type PlanEnvironment,
  type PlanInputAddress,
  type ReachabilityMap,
} from './model.js';

export interface PythonOptions {
  /** 'create_connection' (socket module, default) or 'asyncio' (loop.create_connection). */
  readonly api?: 'create_connection' | 'asyncio';
  /** socket.create_connection `timeout` in ms: applies to each connect() separately. */
  readonly timeoutMs?: number | null;
  /** asyncio happy_eyeballs_delay in ms (docs suggest 250); null/absent = sequential. */
  readonly happyEyeballsDelayMs?: number | null;
  /** asyncio interleave (First Address Family Count); default 0, or 1 with a delay. */
  readonly interleave?: number | null;
  /** all_errors (socket 3.11+, asyncio 3.12+): the error becomes an ExceptionGroup. */
  readonly allErrors?: boolean;
}

export const PYTHON_DEFAULT_VERSION = '3.11';

export function pythonPlan(
  version: string = PYTHON_DEFAULT_VERSION,
  options: PythonOptions = {},
  sorted: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
  env: PlanEnvironment = {},
): ConnectPlan {
  const v = parseVersion(version);
  const api = options.api ?? 'create_connection';
  const notes: string[] = [];
  const { addresses, peers } = normaliseInput(sorted, reachability);
  const input = addresses.map((a) => a.address);
  const errorOf = (allErrorsSince: [number, number, number]) => (x: Parameters<Parameters<typeof makePlan>[2]>[0]) =>
    options.allErrors && versionAtLeast(v, allErrorsSince) ? `ExceptionGroup("create_connection failed", [${x.errors.join(', ')}])` : `OSError ${lastErrno(x)} (the last error)`;

  if (api === 'create_connection') {
    const timeout = options.timeoutMs ?? null;
    notes.push('socket.create_connection: getaddrinfo(host, port, 0, SOCK_STREAM) in libc order, one connect() after another, each to completion; no interleave, no dedup, no Happy Eyeballs');
    if (timeout === null) notes.push('no timeout given: a silent address blocks until the OS gives up before the next is tried');
    else notes.push(`timeout=${timeout / 1000} s applies to each connect() separately`);
    const r = runLanes(
      [{ addresses, startAfterMs: 0, timer: timeout === null ? undefined : (_i, start) => ({ at: start + timeout, outcome: 'timeout', errno: 'TimeoutError', reason: `socket timeout (${timeout} ms)` }) }],
      peers,
      env,
    );
    return makePlan({ runtime: 'python', version, options: { api, timeoutMs: timeout, allErrors: !!options.allErrors }, input, order: input, notes }, r, errorOf([3, 11, 0]));
  }

  if (!versionAtLeast(v, [3, 8, 0]) && (options.happyEyeballsDelayMs != null || options.interleave != null))
    notes.push('happy_eyeballs_delay and interleave were added in Python 3.8 (bpo-33530)');
  const delay = options.happyEyeballsDelayMs ?? null;
  const il = options.interleave ?? (delay !== null ? 1 : 0);
  const order = il ? interleave(addresses, il) : [...addresses];
  notes.push(il ? `interleave=${il}: families interleaved (_interleave_addrinfos), starting with the first address's family` : 'interleave=0: libc order kept');
  if (delay === null) {
    notes.push('happy_eyeballs_delay not given (the default): attempts are sequential, each to completion');
    const r = runLanes([{ addresses: order, startAfterMs: 0 }], peers, env);
    return makePlan({ runtime: 'python', version, options: { api, happyEyeballsDelayMs: null, interleave: il, allErrors: !!options.allErrors }, input, order: order.map((a) => a.address), notes }, r, errorOf([3, 12, 0]));
  }
  notes.push(`staggered_race: the next attempt starts after ${delay} ms or as soon as the previous one fails; earlier attempts keep running`);
  // staggered_race walks the list by position: a duplicate address is tried twice.
  const r = runStaggered(order, { delayMs: delay, advance: 'previous-failed', next: (_t, started) => nextUnstarted(order.length, started) }, peers, env);
  return makePlan({ runtime: 'python', version, options: { api, happyEyeballsDelayMs: delay, interleave: il, allErrors: !!options.allErrors }, input, order: order.map((a) => a.address), notes }, r, errorOf([3, 12, 0]));
}
