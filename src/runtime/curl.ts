// curl / libcurl connection setup after the resolver ("happy eyeballs" in lib/connect.c, since
// 8.16 lib/cf-ip-happy.c).
// Source: runtimes-and-ula-update.md §0.9 and §2.4 — curl/curl tags curl-8_9_0, curl-8_15_0,
// curl-8_19_0 and HEAD 5c61e168; commits 81a3342877 (8.10.0), af69c9d636 (8.16.0), 2b3dfb4ad4
// (8.20.0); docs/libcurl/opts/CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS.md; include/curl/curl.h.
//
//  - ≤ 8.9.x: the family of the FIRST resolved address goes first; a second "eyeballer" for the
//    other family starts after CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS (default 200) or when the first
//    family ran out; within a family, resolver order, one address at a time.
//  - 8.10.0 – 8.15.x: IPv6 always first when present ("connect: always prefer ipv6 in IP
//    eyeballing"), IPv4 eyeballer after the timeout (or when IPv6 is exhausted). Per-address
//    timeout inside an eyeballer: USETIME(ms) = ms > 600 ? ms/2 : ms of the remaining connect
//    time when more addresses of that family remain (curl-8_15_0 lib/connect.c 419–420; assumed
//    the same in ≤ 8.9 — UNVERIFIED).
//  - ≥ 8.16.0: one list of attempts starting with IPv6, alternating families per new attempt; a
//    new attempt every timeout, or at once when none is running; earlier attempts stay open;
//    at most 6 running (the oldest is discarded).
//  - ≥ 8.20.0: the threaded resolver asks AAAA and A with separate getaddrinfo calls, so libc's
//    cross-family order never reaches curl (only the within-family order does).
//  - The whole connect phase is bounded by CURLOPT_CONNECTTIMEOUT: default 300 s
//    (DEFAULT_CONNECT_TIMEOUT in lib/connect.h — read in an older copy of the file, not in the
//    reference doc; UNVERIFIED for current releases).
import {
  lastErrno,
  makePlan,
  nextUnstarted,
  normaliseInput,
  parseVersion,
  runLanes,
  runStaggered,
  versionAtLeast,
  type ConnectPlan,
  type Deadline,
  type Family,
  type PlanAddress,
  type PlanEnvironment,
  type PlanInputAddress,
  type ReachabilityMap,
} from './model.js';

export interface CurlOptions {
  /** CURLOPT_HAPPY_EYEBALLS_TIMEOUT_MS / --happy-eyeballs-timeout-ms (default 200). */
  readonly heTimeoutMs?: number;
  /** CURLOPT_IPRESOLVE: -4 / -6. */
  readonly ipresolve?: 'whatever' | 'v4' | 'v6';
  /** CURLOPT_CONNECTTIMEOUT_MS / --connect-timeout (default 300 000). */
  readonly connectTimeoutMs?: number;
}

export const CURL_DEFAULT_VERSION = '8.20.0';
export const CURL_HET_DEFAULT = 200;
export const CURL_DEFAULT_CONNECT_TIMEOUT_MS = 300_000;
export const CURL_MAX_CONCURRENT = 6;

export type CurlBand = '<=8.9' | '8.10-8.15' | '>=8.16';

export function curlBand(version: string): CurlBand {
  const v = parseVersion(version);
  if (!versionAtLeast(v, [8, 10, 0])) return '<=8.9';
  if (!versionAtLeast(v, [8, 16, 0])) return '8.10-8.15';
  return '>=8.16';
}

/** cf-ip-happy.c: IPv6 next when the last attempt was IPv4 or no IPv4 is left, else IPv4. */
export function curlAlternation(list: readonly PlanAddress[]): PlanAddress[] {
  const v6 = list.filter((a) => a.family === 6);
  const v4 = list.filter((a) => a.family === 4);
  const out: PlanAddress[] = [];
  let last: Family = 4; // "so AF_INET6 is next"
  while (v6.length || v4.length) {
    const a: PlanAddress = (last === 4 || v4.length === 0) && v6.length ? v6.shift()! : v4.shift()!;
    out.push(a);
    last = a.family;
  }
  return out;
}

const usetime = (ms: number) => (ms > 600 ? ms / 2 : ms);

export function curlPlan(
  version: string = CURL_DEFAULT_VERSION,
  options: CurlOptions = {},
  sorted: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
  env: PlanEnvironment = {},
): ConnectPlan {
  const band = curlBand(version);
  const he = options.heTimeoutMs ?? CURL_HET_DEFAULT;
  const connectTimeout = options.connectTimeoutMs ?? CURL_DEFAULT_CONNECT_TIMEOUT_MS;
  const ipresolve = options.ipresolve ?? 'whatever';
  const notes: string[] = [];
  const { addresses, peers } = normaliseInput(sorted, reachability);
  let list = addresses;
  if (ipresolve !== 'whatever') {
    const f: Family = ipresolve === 'v4' ? 4 : 6;
    list = list.filter((a) => a.family === f);
    notes.push(`-${f} (CURLOPT_IPRESOLVE): only IPv${f} is resolved and tried`);
  }
  if (!versionAtLeast(parseVersion(version), [8, 0, 0])) notes.push(`curl ${version}: modelled like 8.9 (first resolved family first); releases before 8.0 were not checked — UNVERIFIED`);
  if (versionAtLeast(parseVersion(version), [8, 20, 0]))
    notes.push('curl ≥ 8.20.0 resolves AAAA and A with separate getaddrinfo calls: libc\'s cross-family order never reaches curl, only the order within each family');
  const deadline: Deadline = { at: connectTimeout, errno: 'CURLE_OPERATION_TIMEDOUT', reason: `connect timeout (${connectTimeout} ms)` };
  const effective = { heTimeoutMs: he, ipresolve, connectTimeoutMs: connectTimeout, band };
  const input = addresses.map((a) => a.address);
  const error = (x: Parameters<Parameters<typeof makePlan>[2]>[0]) =>
    x.attempts.some((a) => a.errno === 'CURLE_OPERATION_TIMEDOUT') ? `curl: (28) Connection timed out after ${connectTimeout} ms` : `curl: (7) Failed to connect (last error ${lastErrno(x)})`;

  if (band === '>=8.16') {
    const order = curlAlternation(list);
    notes.push(
      `curl ≥ 8.16: IPv6 first whatever getaddrinfo's order, then the families alternate; a new attempt every ${he} ms (or at once when none is running), earlier attempts stay open, at most ${CURL_MAX_CONCURRENT} at a time`,
    );
    const r = runStaggered(order, { delayMs: he, advance: 'none-running', maxConcurrent: CURL_MAX_CONCURRENT, deadline, next: (_t, s) => nextUnstarted(order.length, s) }, peers, env);
    return makePlan({ runtime: 'curl', version, options: effective, input, order: order.map((a) => a.address), notes }, r, error);
  }

  const firstFamily: Family | undefined = band === '8.10-8.15' ? (list.some((a) => a.family === 6) ? 6 : list[0]?.family) : list[0]?.family;
  const first = list.filter((a) => a.family === firstFamily);
  const second = list.filter((a) => a.family !== firstFamily);
  notes.push(
    band === '8.10-8.15'
      ? `curl 8.10–8.15: IPv6 is tried first whenever present (getaddrinfo's cross-family order is ignored); IPv4 starts after ${he} ms or when IPv6 has run out`
      : `curl ≤ 8.9: the family of the first resolved address (IPv${firstFamily ?? '?'}) goes first; the other family starts after ${he} ms or when the first has run out`,
  );
  const timer = (fam: readonly PlanAddress[]) => (i: number, start: number) =>
    i < fam.length - 1 ? { at: start + usetime(connectTimeout - start), outcome: 'timeout' as const, errno: 'ETIMEDOUT', reason: 'per-address share of the connect timeout (USETIME)' } : null;
  const lanes = [{ addresses: first, startAfterMs: 0, timer: timer(first) }];
  if (second.length) lanes.push({ addresses: second, startAfterMs: he, timer: timer(second) });
  const r = runLanes(lanes, peers, env, deadline);
  return makePlan({ runtime: 'curl', version, options: effective, input, order: [...first, ...second].map((a) => a.address), notes }, r, error);
}
