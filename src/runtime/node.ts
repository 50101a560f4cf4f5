// Node.js net.connect / http.request / undici fetch after dns.lookup.
// Source: runtimes-and-ula-update.md §0.6 and §2.1 — node v20.20.2 lib/net.js
// (lookupAndConnect, lookupAndConnectMultiple, internalConnectMultiple,
// internalConnectMultipleTimeout), identical logic in 22.23.3 / 24.21.0 / 26.10.0; defaults
// observed with `node -p` on the official binaries 18.20.8 … 26.10.0.
//
//  - dns.lookup returns libc's order (`verbatim`, default since v17.0.0, PR #39987); `ipv4first`
//    / `ipv6first` are stable family partitions of it (src/cares_wrap.cc AfterGetAddrInfo).
//    The per-call `order` option is honoured only since v22.12.0 (PR #55392); before that only the
//    process default (--dns-result-order, dns.setDefaultResultOrder) applies. `ipv6first`:
//    PR #52492, v22.1.0; present in 20.20.2 (backport version UNVERIFIED).
//  - autoSelectFamily default: false in v18 (option added v18.13.0 — UNVERIFIED beyond the PR),
//    true since v20.0.0 (PR #46790). Attempt timeout: 250 ms up to v25.1, 500 ms since v25.2.0
//    (PR #60334); values below 10 become 10.
//  - family 4|6, localAddress, or autoSelectFamily false: one lookup without `all` ⇒ the FIRST
//    address only, no fallback at all.
//  - Happy Eyeballs path: drop non-IP results, dedup per family group, the first result's family
//    first, strict 1:1 alternation, one attempt at a time; every attempt but the last is aborted
//    (ETIMEDOUT) after the attempt timeout; an error moves on at once; all failed ⇒ AggregateError.
//    A single address left after dedup is a plain connect (no timer).
import {
  dedup,
  familyFirst,
  lastErrno,
  makePlan,
  normaliseInput,
  parseVersion,
  runLanes,
  versionAtLeast,
  type ConnectPlan,
  type Family,
  type PlanAddress,
  type PlanEnvironment,
  type PlanInputAddress,
  type ReachabilityMap,
} from './model.js';

export type NodeDnsOrder = 'verbatim' | 'ipv4first' | 'ipv6first';

export interface NodeOptions {
  /** net.connect option; default per version (false in 18, true since 20). */
  readonly autoSelectFamily?: boolean;
  /** net.connect option in ms; default 250 (500 since v25.2.0); < 10 becomes 10. */
  readonly autoSelectFamilyAttemptTimeout?: number;
  /** net.connect `family`: 4 or 6 restricts the lookup and disables the fallback. */
  readonly family?: 0 | 4 | 6;
  /** net.connect `localAddress`: any value disables the fallback (single lookup). */
  readonly localAddress?: string;
  /** Per-call dns order (`order` on the lookup); honoured only since v22.12.0. */
  readonly order?: NodeDnsOrder;
  /** Process default: --dns-result-order / dns.setDefaultResultOrder (default verbatim since 17). */
  readonly dnsResultOrder?: NodeDnsOrder;
}

export const NODE_DEFAULT_VERSION = '20';

export interface NodeDefaults {
  readonly autoSelectFamily: boolean;
  readonly autoSelectFamilyAttemptTimeout: number;
  readonly dnsResultOrder: NodeDnsOrder;
}

export function nodeDefaults(version: string = NODE_DEFAULT_VERSION): NodeDefaults {
  const v = parseVersion(version);
  return {
    autoSelectFamily: v[0] >= 20,
    autoSelectFamilyAttemptTimeout: versionAtLeast(v, [25, 2, 0]) ? 500 : 250,
    dnsResultOrder: v[0] >= 17 ? 'verbatim' : 'ipv4first',
  };
}

/** dns.lookup's reordering of libc's list (stable partitions). */
export function nodeLookupOrder(list: readonly PlanAddress[], order: NodeDnsOrder): PlanAddress[] {
  if (order === 'ipv4first') return familyFirst(list, 4);
  if (order === 'ipv6first') return familyFirst(list, 6);
  return [...list];
}

/** lookupAndConnectMultiple's toAttempt list: dedup per family group, first family first, 1:1. */
export function nodeAttemptOrder(list: readonly PlanAddress[]): PlanAddress[] {
  if (list.length === 0) return [];
  const first: Family = list[0]!.family;
  const a = dedup(list.filter((x) => x.family === first));
  const b = dedup(list.filter((x) => x.family !== first));
  const out: PlanAddress[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

export function nodePlan(
  version: string = NODE_DEFAULT_VERSION,
  options: NodeOptions = {},
  sorted: readonly PlanInputAddress[],
  reachability: ReachabilityMap = {},
  env: PlanEnvironment = {},
): ConnectPlan {
  const v = parseVersion(version);
  const d = nodeDefaults(version);
  const notes: string[] = [];
  const { addresses, peers } = normaliseInput(sorted, reachability);
  const autoSelectFamily = options.autoSelectFamily ?? d.autoSelectFamily;
  let timeout = options.autoSelectFamilyAttemptTimeout ?? d.autoSelectFamilyAttemptTimeout;
  if (timeout < 10) {
    notes.push(`autoSelectFamilyAttemptTimeout ${timeout} is raised to 10 ms (lib/net.js minimum)`);
    timeout = 10;
  }
  const perCall = options.order !== undefined && versionAtLeast(v, [22, 12, 0]);
  if (options.order !== undefined && !perCall)
    notes.push(`the per-call dns \`order\` option is ignored before v22.12.0 (PR #55392): the process default (${options.dnsResultOrder ?? d.dnsResultOrder}) applies`);
  const order: NodeDnsOrder = perCall ? options.order! : (options.dnsResultOrder ?? d.dnsResultOrder);
  if (order === 'ipv6first' && v[0] < 22) notes.push('`ipv6first` was added in v22.1.0 (PR #52492); it is present in v20.20.2, earlier 20.x/18.x releases: UNVERIFIED');
  if (v[0] === 18 && options.autoSelectFamily === true) notes.push('autoSelectFamily exists in v18 since v18.13.0 (PR #44731; exact version UNVERIFIED)');
  if (v[0] < 18) notes.push(`Node ${version} is older than the versions modelled here (18–26): treated like 18 without autoSelectFamily (UNVERIFIED)`);
  const effective = { autoSelectFamily, autoSelectFamilyAttemptTimeout: timeout, order, family: options.family ?? 0, localAddress: options.localAddress ?? null };
  const looked = nodeLookupOrder(addresses, order);
  if (order !== 'verbatim') notes.push(`dns.lookup ${order}: a stable family partition of libc's order`);
  const input = addresses.map((a) => a.address);
  const single = options.family === 4 || options.family === 6 || !!options.localAddress || !autoSelectFamily;

  if (single) {
    const why = options.family === 4 || options.family === 6 ? `family: ${options.family}` : options.localAddress ? 'localAddress is set' : `autoSelectFamily is false${options.autoSelectFamily === undefined ? ` (the v${v[0]} default)` : ''}`;
    notes.push(`${why}: one dns.lookup without \`all\` ⇒ only the first address is tried, no fallback to any other`);
    if (options.family === 4 || options.family === 6)
      notes.push(`with family ${options.family} the real lookup is getaddrinfo(AF_INET${options.family === 6 ? '6' : ''}) with hints 0 (no AI_ADDRCONFIG); simulate that query for exact results (e.g. glibc turns a \`::1\` hosts line into 127.0.0.1 for AF_INET)`);
    const pool = options.family === 4 || options.family === 6 ? looked.filter((a) => a.family === options.family) : looked;
    const first = pool.slice(0, 1);
    const r = runLanes([{ addresses: first, startAfterMs: 0 }], peers, env);
    const rest = looked.filter((a) => !first.includes(a));
    const attempts = [...r.attempts, ...rest.map((a) => ({ address: a.address, family: a.family, startMs: null, endMs: null, outcome: 'not-started' as const, errno: null, reason: 'Node connects to the first lookup result only (no fallback)' }))];
    return makePlan({ runtime: 'node', version, options: effective, input, order: first.map((a) => a.address), notes }, { ...r, attempts }, (x) => (first.length ? `Error: connect ${lastErrno(x)} ${first[0]!.address}` : 'ENOTFOUND'));
  }

  notes.push(`dns.lookup({all: true, hints: ADDRCONFIG}) ⇒ libc's list; Node dedups per family, starts with the first result's family (IPv${looked[0]?.family ?? '?'}) and alternates 1:1`);
  const toAttempt = nodeAttemptOrder(looked);
  if (toAttempt.length < looked.length) notes.push(`${looked.length - toAttempt.length} duplicate address(es) dropped ("Only try an address once")`);
  if (toAttempt.length <= 1) notes.push('only one address: a plain connect without the attempt timer');
  else notes.push(`attempts run one at a time; each but the last is aborted after ${timeout} ms (autoSelectFamilyAttemptTimeout), an error moves on at once`);
  const last = toAttempt.length - 1;
  const r = runLanes(
    [
      {
        addresses: toAttempt,
        startAfterMs: 0,
        timer: (i, start) => (i < last ? { at: start + timeout, outcome: 'aborted', errno: 'ETIMEDOUT', reason: `autoSelectFamilyAttemptTimeout (${timeout} ms): attempt abandoned` } : null),
      },
    ],
    peers,
    env,
  );
  const error = (x: typeof r) => (toAttempt.length === 1 ? `Error: connect ${lastErrno(x)} ${toAttempt[0]!.address}` : `AggregateError [${x.errors.join(', ')}]`);
  return makePlan({ runtime: 'node', version, options: effective, input, order: toAttempt.map((a) => a.address), notes }, r, error);
}
