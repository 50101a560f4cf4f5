// Entry point of the runtime model: which addresses an application connects to, in which order
// and when, given the sorted getaddrinfo list and how each destination answers.
//
//   connectPlan({ runtime: 'node', version: '20' }, simulate(s).results, { '::1': { outcome: 'refused' } })
//
// Pure. Each runtime's rules and sources are in its own file (node.ts, go.ts, python.ts, curl.ts,
// java.ts, rfc8305.ts); the shared engines and types are in model.ts. Facts:
// /work/shared/docs/runtimes-and-ula-update.md Part 2. JSON shape: docs/runtimes/README.md.
import { curlPlan, CURL_DEFAULT_VERSION, type CurlOptions } from './curl.js';
import { goInputProfile, goPlan, type GoOptions } from './go.js';
import { javaPlan, JAVA_DEFAULT_VERSION, type JavaOptions } from './java.js';
import { parseVersion, versionAtLeast, type ConnectPlan, type PlanEnvironment, type PlanInputAddress, type ReachabilityMap, type RuntimeName } from './model.js';
import { nodeDefaults, nodePlan, NODE_DEFAULT_VERSION, type NodeOptions } from './node.js';
import { pythonPlan, PYTHON_DEFAULT_VERSION, type PythonOptions } from './python.js';
import { rfc8305Plan, type Rfc8305Options } from './rfc8305.js';
import { GaiconfInputError, throwIfProblems } from '../input-error.js';
import { OPTION_KEYS, planAddressProblems, planEnvironmentProblems, reachabilityProblems, RUNTIME_VERSION, runtimeSpecProblems } from './check-plan-input.js';

export type * from './model.js';
export type { CurlOptions } from './curl.js';
export type { GoOptions } from './go.js';
export type { JavaOptions } from './java.js';
export type { NodeOptions, NodeDnsOrder, NodeDefaults } from './node.js';
export type { PythonOptions } from './python.js';
export type { Rfc8305Options } from './rfc8305.js';

export type RuntimeSpec =
  | { readonly runtime: 'node'; readonly version?: string; readonly options?: NodeOptions }
  | { readonly runtime: 'go'; readonly version?: string; readonly options?: GoOptions }
  | { readonly runtime: 'python'; readonly version?: string; readonly options?: PythonOptions }
  | { readonly runtime: 'curl'; readonly version?: string; readonly options?: CurlOptions }
  | { readonly runtime: 'java'; readonly version?: string; readonly options?: JavaOptions }
  | { readonly runtime: 'rfc8305'; readonly version?: string; readonly options?: Rfc8305Options };

/**
 * The connect plan of `runtime` for the sorted getaddrinfo list `sortedAddresses` (strings, or
 * simulate()'s `results`: entries with `usable: false` fail at once with their errno).
 * `reachability` says how each address answers (default: every address reachable after 10 ms).
 */
export function connectPlan(runtime: RuntimeSpec, sortedAddresses: readonly PlanInputAddress[], reachability: ReachabilityMap = {}, env: PlanEnvironment = {}): ConnectPlan {
  throwIfProblems([
    ['INVALID_ARGUMENT', [...runtimeSpecProblems(runtime), ...planAddressProblems(sortedAddresses), ...reachabilityProblems(reachability)]],
    ['INVALID_OPTIONS', planEnvironmentProblems(env)],
  ]);
  const plan = dispatch(runtime, sortedAddresses, reachability, env);
  return plan.input.length === 0 ? { ...plan, error: 'no address to connect to (getaddrinfo returned nothing)' } : plan;
}

function dispatch(runtime: RuntimeSpec, sortedAddresses: readonly PlanInputAddress[], reachability: ReachabilityMap, env: PlanEnvironment): ConnectPlan {
  switch (runtime.runtime) {
    case 'node':
      return nodePlan(runtime.version ?? NODE_DEFAULT_VERSION, runtime.options, sortedAddresses, reachability, env);
    case 'go':
      return goPlan(runtime.version ?? null, runtime.options, sortedAddresses, reachability, env);
    case 'python':
      return pythonPlan(runtime.version ?? PYTHON_DEFAULT_VERSION, runtime.options, sortedAddresses, reachability, env);
    case 'curl':
      return curlPlan(runtime.version ?? CURL_DEFAULT_VERSION, runtime.options, sortedAddresses, reachability, env);
    case 'java':
      return javaPlan(runtime.version ?? JAVA_DEFAULT_VERSION, runtime.options, sortedAddresses, reachability, env);
    case 'rfc8305':
      return rfc8305Plan(runtime.version ?? null, runtime.options, sortedAddresses, reachability, env);
  }
}

/** What to simulate before a runtime's plan: the getaddrinfo profile and query it uses. */
export interface RuntimeLookup {
  /** gaiconf profile whose order the runtime receives. */
  readonly profile: 'glibc' | 'go' | 'rfc6724';
  /** getaddrinfo hints flags the runtime passes (null: not checked — UNVERIFIED). */
  readonly flags: readonly ('AI_ADDRCONFIG' | 'AI_V4MAPPED' | 'AI_ALL' | 'AI_CANONNAME')[] | null;
  readonly family: 'AF_UNSPEC' | 'AF_INET' | 'AF_INET6';
  readonly note: string;
}

export interface RuntimeInfo {
  readonly name: RuntimeName;
  readonly title: string;
  readonly defaultVersion: string | null;
  /** Versions (or bands) with distinct behaviour in the model. */
  readonly versions: readonly string[];
  readonly doc: string;
  /** The getaddrinfo call behind `connectPlan` for this spec. */
  readonly lookup: (spec: RuntimeSpec) => RuntimeLookup;
  readonly summary: string;
}

const libc = (flags: RuntimeLookup['flags'], note: string, family: RuntimeLookup['family'] = 'AF_UNSPEC'): RuntimeLookup => ({ profile: 'glibc', flags, family, note });

const RUNTIME_TABLE: Record<RuntimeName, RuntimeInfo> = {
  node: {
    name: 'node',
    title: 'Node.js net.connect / http / fetch',
    defaultVersion: NODE_DEFAULT_VERSION,
    versions: ['18', '20', '22', '22.12', '24', '25.2', '26'],
    doc: 'docs/runtimes/node.md',
    lookup: (s) => {
      const o = (s.runtime === 'node' ? s.options : undefined) ?? {};
      if (o.family === 4 || o.family === 6) return libc([], `dns.lookup({family: ${o.family}, hints: 0})`, o.family === 4 ? 'AF_INET' : 'AF_INET6');
      return libc(['AI_ADDRCONFIG'], 'dns.lookup(host, {all: true, hints: ADDRCONFIG}) via libuv getaddrinfo (not on Windows)');
    },
    summary: 'libc order (verbatim); 20+: dedup per family, first family first, 1:1 alternation, one attempt at a time, abort after 250 ms (500 ms since 25.2); 18 or family/localAddress/autoSelectFamily:false: first address only',
  },
  go: {
    name: 'go',
    title: 'Go net.Dialer',
    defaultVersion: null,
    versions: ['1.12+'],
    doc: 'docs/runtimes/go.md',
    lookup: (s) =>
      goInputProfile(s.runtime === 'go' ? s.options : undefined) === 'go'
        ? { profile: 'go', flags: null, family: 'AF_UNSPEC', note: 'pure-Go resolver: own RFC 6724 sort, /etc/gai.conf ignored' }
        : libc(['AI_CANONNAME', 'AI_V4MAPPED', 'AI_ALL'], 'cgo resolver: getaddrinfo(AI_CANONNAME|AI_V4MAPPED|AI_ALL, AF_UNSPEC), libc order'),
    summary: 'primaries = first address family, serial; fallback racer after 300 ms or when primaries failed ("tcp" only)',
  },
  python: {
    name: 'python',
    title: 'CPython socket.create_connection / asyncio',
    defaultVersion: PYTHON_DEFAULT_VERSION,
    versions: ['3.8', '3.11', '3.12'],
    doc: 'docs/runtimes/python.md',
    lookup: () => libc([], 'getaddrinfo(host, port, 0, SOCK_STREAM): flags 0'),
    summary: 'create_connection: sequential in libc order, each to completion; asyncio: optional interleave + staggered race',
  },
  curl: {
    name: 'curl',
    title: 'curl / libcurl',
    defaultVersion: CURL_DEFAULT_VERSION,
    versions: ['<=8.9', '8.10-8.15', '>=8.16', '>=8.20'],
    doc: 'docs/runtimes/curl.md',
    lookup: (s) => {
      const v = (s.runtime === 'curl' ? s.version : undefined) ?? CURL_DEFAULT_VERSION;
      return libc(null, versionAtLeast(parseVersion(v), [8, 20, 0]) ? 'threaded resolver: separate AAAA and A getaddrinfo calls (8.20+); hints flags not checked' : 'threaded resolver: one getaddrinfo(AF_UNSPEC); hints flags not checked');
    },
    summary: '≤8.9: first resolved family first; 8.10–8.15: IPv6 first, IPv4 after 200 ms; ≥8.16: alternate every 200 ms, attempts keep running, max 6',
  },
  java: {
    name: 'java',
    title: 'OpenJDK java.net.Socket',
    defaultVersion: JAVA_DEFAULT_VERSION,
    versions: ['9+', '17'],
    doc: 'docs/runtimes/java.md',
    lookup: (s) => ((s.runtime === 'java' ? s.options : undefined)?.preferIPv4Stack ? libc(null, 'preferIPv4Stack: AF_INET lookup', 'AF_INET') : libc(null, 'getaddrinfo(AF_UNSPEC); hints flags not checked')),
    summary: 'IPv4 first by default (preferIPv6Addresses=false), first address only',
  },
  rfc8305: {
    name: 'rfc8305',
    title: 'RFC 8305 Happy Eyeballs v2 reference (HEv3 values)',
    defaultVersion: null,
    versions: ['rfc8305', 'hev3-04'],
    doc: 'docs/runtimes/rfc8305.md',
    lookup: () => ({ profile: 'rfc6724', flags: null, family: 'AF_UNSPEC', note: 'RFC 6724 sort (use rfc6724-update for the ULA update)' }),
    summary: 'RFC 6724 sort, family interleave (count 1), a new attempt every 250 ms, attempts keep running',
  },
};

export const RUNTIMES: Readonly<Record<RuntimeName, RuntimeInfo>> = Object.freeze(RUNTIME_TABLE);

export const RUNTIME_NAMES: readonly RuntimeName[] = Object.keys(RUNTIMES) as RuntimeName[];

/** Node's defaults for a version, for display (autoSelectFamily, attempt timeout, dns order). */
export { nodeDefaults };

// ---------------------------------------------------------------------------------------------
// CLI text → RuntimeSpec: `name[@version][,key=value…]`, e.g. `node@18`, `node@20,autoSelectFamily=false`,
// `go,resolver=cgo`, `curl@8.9.1`, `java,preferIPv6Addresses=true`, `python,api=asyncio,happyEyeballsDelayMs=250`.


/** `name[@version][,key=value…]` → RuntimeSpec. Throws GaiconfInputError (INVALID_ARGUMENT, path `text`). */
export function parseRuntime(text: string): RuntimeSpec {
  if (typeof text !== 'string') bad(`a runtime spec must be a string, not ${text === null ? 'null' : typeof text}`);
  const [head = '', ...pairs] = text.split(',').map((x) => x.trim());
  const at = head.indexOf('@');
  const name = (at < 0 ? head : head.slice(0, at)).toLowerCase();
  const version = at < 0 ? undefined : head.slice(at + 1);
  if (!(name in RUNTIMES)) bad(`unknown runtime ${JSON.stringify(name)}: one of ${RUNTIME_NAMES.join(', ')}`);
  if (version !== undefined && !RUNTIME_VERSION.test(version.replace(/^v/, ''))) bad(`bad version ${JSON.stringify(version)} for ${name}`);
  const keys = OPTION_KEYS[name as RuntimeName];
  const options: Record<string, unknown> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    const key = eq < 0 ? p : p.slice(0, eq);
    const raw = eq < 0 ? 'true' : p.slice(eq + 1);
    const kind = keys[key];
    if (kind === undefined) bad(`unknown ${name} option ${JSON.stringify(key)}: one of ${Object.keys(keys).join(', ')}`);
    if (kind === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) bad(`${name} option ${key} needs a number, got ${JSON.stringify(raw)}`);
      options[key] = n;
    } else if (kind === 'boolean') {
      if (raw !== 'true' && raw !== 'false') bad(`${name} option ${key} needs true or false, got ${JSON.stringify(raw)}`);
      options[key] = raw === 'true';
    } else {
      if (kind.length && !kind.includes(raw)) bad(`${name} option ${key} must be one of ${kind.join(', ')}, got ${JSON.stringify(raw)}`);
      options[key] = raw;
    }
  }
  return { runtime: name, ...(version !== undefined ? { version: version.replace(/^v/, '') } : {}), ...(pairs.length ? { options } : {}) } as RuntimeSpec;
}

function bad(message: string): never {
  throw new GaiconfInputError('INVALID_ARGUMENT', [{ path: 'text', message, hint: 'e.g. node@20, go,resolver=cgo, java,preferIPv6Addresses=true (docs/runtimes/README.md)' }]);
}

// ---------------------------------------------------------------------------------------------
// Text rendering for the CLI.

const ms = (n: number | null) => (n === null ? '—' : `${Math.round(n * 10) / 10} ms`);

/**
 * Where the runtime's list comes from: getaddrinfo's order, or the runtime's own sort (Go's
 * pure resolver, the RFC 8305 reference), which no gai.conf changes.
 */
function inputName(plan: ConnectPlan): string {
  if (plan.runtime === 'go' && plan.options.resolver !== 'cgo') return "Go's own sort (no gai.conf)";
  if (plan.runtime === 'rfc8305') return 'RFC 6724 sort (no gai.conf)';
  return 'getaddrinfo order';
}

/** The plan as text: title, the list it got and the order it tries, each attempt, the outcome. `lookup` says how it resolved. */
export function renderConnectPlan(plan: ConnectPlan, options: { lookup?: string } = {}): string {
  const lines: string[] = [];
  lines.push(`${RUNTIMES[plan.runtime].title}${plan.version ? ` ${plan.version}` : ''}`);
  if (options.lookup) lines.push(`  lookup: ${options.lookup}`);
  const input = inputName(plan);
  const width = Math.max(input.length, 'runtime order'.length) + 1;
  lines.push(`  ${`${input}:`.padEnd(width)} ${plan.input.join(', ') || '(empty)'}`);
  lines.push(`  ${'runtime order:'.padEnd(width)} ${plan.order.join(', ') || '(empty)'}`);
  const w = Math.max(8, ...plan.attempts.map((a) => a.address.length));
  for (const a of plan.attempts) {
    const when = a.startMs === null ? ''.padEnd(21) : `${ms(a.startMs).padStart(9)} → ${ms(a.endMs).padStart(9)}`;
    lines.push(`  ${when}  ${a.address.padEnd(w)}  ${a.outcome.padEnd(11)} ${a.reason}`);
  }
  lines.push(plan.winner ? `  connected to ${plan.winner} after ${ms(plan.totalMs)}` : `  failed after ${ms(plan.totalMs)}: ${plan.error}`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}
