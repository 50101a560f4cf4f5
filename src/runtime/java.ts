// OpenJDK InetAddress + java.net.Socket after getaddrinfo.
// Source: runtimes-and-ula-update.md §0.10 and §2.5 — OpenJDK Inet6AddressImpl.c
// lookupAllHostAddr (dedup, then placement by addressPreference), InetAddress.java
// (getByName = getAllByName(host)[0]); observed with OpenJDK 17.0.15 on Debian 12.
//
//  - Reorder of libc's list, stable within each family: java.net.preferIPv6Addresses=false
//    (default) ⇒ all IPv4 first; true ⇒ all IPv6 first; system ⇒ libc order ("since JDK 9" per
//    netty/netty#13400 — UNVERIFIED). java.net.preferIPv4Stack=true ⇒ IPv4 sockets, IPv4 results
//    only (the lookup is AF_INET: glibc's files backend turns a `::1` line into 127.0.0.1).
//  - new Socket(host, port) / new InetSocketAddress(host, port) use only the first address:
//    no fallback, no Happy Eyeballs. Socket.connect(addr, timeout) with timeout 0 (default) waits
//    for the OS. java.net.http.HttpClient: believed the same — UNVERIFIED.
import {
  dedup,
  familyFirst,
  lastErrno,
  makePlan,
  normaliseInput,
  runLanes,
  type ConnectPlan,
  type PlanEnvironment,
  type PlanInputAddress,
  type ReachabilityMap,
} from './model.js';

export interface JavaOptions {
  /** -Djava.net.preferIPv6Addresses (default false). */
  readonly preferIPv6Addresses?: 'false' | 'true' | 'system' | boolean;
  /** -Djava.net.preferIPv4Stack=true. */
  readonly preferIPv4Stack?: boolean;
  /** Socket.connect(addr, timeout) in ms; 0/absent = no timeout (the OS decides). */
  readonly connectTimeoutMs?: number;
}

export const JAVA_DEFAULT_VERSION = '17';

export function javaOrder(list: Parameters<typeof familyFirst>[0], options: JavaOptions = {}) {
  const pref = String(options.preferIPv6Addresses ?? 'false');
  let out = dedup(list);
  if (options.preferIPv4Stack) out = out.filter((a) => a.family === 4);
  else if (pref === 'true') out = familyFirst(out, 6);
  else if (pref !== 'system') out = familyFirst(out, 4);
  return out;
}

const JAVA_EXCEPTIONS: Record<string, string> = {
  ECONNREFUSED: 'java.net.ConnectException: Connection refused',
  ECONNRESET: 'java.net.SocketException: Connection reset',
  ETIMEDOUT: 'java.net.ConnectException: Connection timed out',
  ENETUNREACH: 'java.net.NoRouteToHostException: Network is unreachable',
  EHOSTUNREACH: 'java.net.NoRouteToHostException: No route to host',
  SocketTimeoutException: 'java.net.SocketTimeoutException: Connect timed out',
};

export function javaPlan(
  version: string = JAVA_DEFAULT_VERSION,
  options: JavaOptions = {},
  sorted: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
  env: PlanEnvironment = {},
): ConnectPlan {
  const notes: string[] = [];
  const { addresses, peers } = normaliseInput(sorted, reachability);
  const pref = String(options.preferIPv6Addresses ?? 'false');
  const order = javaOrder(addresses, options);
  if (options.preferIPv4Stack)
    notes.push('java.net.preferIPv4Stack=true: IPv4 only; the real lookup is AF_INET (simulate that query: glibc maps a `::1` hosts line to 127.0.0.1)');
  else if (pref === 'system') notes.push('java.net.preferIPv6Addresses=system: libc\'s order is kept (JDK 9+; UNVERIFIED version)');
  else notes.push(`java.net.preferIPv6Addresses=${pref}${options.preferIPv6Addresses === undefined ? ' (default)' : ''}: every IPv${pref === 'true' ? 6 : 4} address first, each family in libc's order — the getaddrinfo sort (and gai.conf) decides only within a family`);
  notes.push('new Socket(host, port) connects to getAllByName(host)[0] only: no fallback to the other addresses');
  const timeout = options.connectTimeoutMs ?? 0;
  const first = order.slice(0, 1);
  const r = runLanes(
    [{ addresses: first, startAfterMs: 0, timer: timeout > 0 ? (_i, start) => ({ at: start + timeout, outcome: 'timeout', errno: 'SocketTimeoutException', reason: `Socket.connect timeout (${timeout} ms)` }) : undefined }],
    peers,
    env,
  );
  const attempts = [...r.attempts, ...order.slice(1).map((a) => ({ address: a.address, family: a.family, startMs: null, endMs: null, outcome: 'not-started' as const, errno: null, reason: 'java.net.Socket uses only the first address' }))];
  return makePlan(
    { runtime: 'java', version, options: { preferIPv6Addresses: pref, preferIPv4Stack: !!options.preferIPv4Stack, connectTimeoutMs: timeout }, input: addresses.map((a) => a.address), order: order.map((a) => a.address), notes },
    { ...r, attempts },
    (x) => (first.length ? (JAVA_EXCEPTIONS[lastErrno(x)] ?? `java.net.SocketException: ${lastErrno(x)}`) : 'java.net.UnknownHostException'),
  );
}
