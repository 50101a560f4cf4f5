// Scenario + profile → result: the one entry point the CLI, the tests and library users call.
import { formatIp } from './address/format.js';
import type { Ip } from './address/ip.js';
import { explainOrder, type ExplainStep } from './explain.js';
import { buildHost } from './host/build-host.js';
import type { Host } from './host/model.js';
import type { AnswerFacts, OrderOutcome, ProfileName } from './order/facts.js';
import { glibcOrder } from './order/profile-glibc.js';
import { goOrder } from './order/profile-go.js';
import { muslOrder } from './order/profile-musl.js';
import { rfc6724Order } from './order/profile-rfc6724.js';
import { rfc6724UpdateOrder } from './order/profile-rfc6724-update.js';
import { windowsOrder } from './order/profile-windows.js';
import { freebsdOrder, type FreebsdPolicy } from './order/profile-freebsd.js';
import { effectiveGlibcTables, type GlibcTables } from './policy/effective-tables.js';
import { parseGaiConf, type Diagnostic } from './policy/gai-conf-parser.js';
import type { Scenario } from './scenario/types.js';
import { fixHint } from './hints.js';
import { multipathView } from './multipath-orders.js';
import { traceRoute, type RouteTrace } from './host/route-describe.js';
import { checkScenario, isCheckedScenario } from './scenario/checked-scenarios.js';
import { hostText } from './scenario/host-text.js';
import { simulateOptionProblems } from './check-options.js';
import { throwIfProblems } from './input-error.js';

export interface ResultEntry {
  readonly address: string;
  readonly family: 4 | 6;
  readonly source: string | null;
  readonly usable: boolean;
  readonly errno: string | null;
  readonly label: number;
  readonly precedence: number;
  readonly scope: number;
  readonly sourceLabel: number | null;
  readonly sourceScope: number | null;
  readonly deprecated: boolean;
  readonly home: boolean;
  readonly sourcePrefixLength: number;
  /** Position in the resolver's answers before sorting. */
  readonly index: number;
  /** Every source the kernel may pick when the route is multipath (its hop is a per-boot
   * hash of the flow), or null when there is one. */
  readonly sourceCandidates: string[] | null;
  /** With a multipath route, the errnos some hops give instead of a source (a rule refusing
   * that hop's source), or null. */
  readonly errnoCandidates: string[] | null;
}

/** The top-level fields of a result, in the order they are written (`glibc` only for that profile). */
export const RESULT_FIELDS = [
  'schemaVersion',
  'name',
  'profile',
  'glibc',
  'status',
  'order',
  'results',
  'explain',
  'diagnostics',
  'notes',
  'hint',
  'undefinedBehavior',
  'possibleOrders',
  'routes',
] as const satisfies readonly (keyof SimulationResult)[];

export interface SimulationResult {
  readonly schemaVersion: 1;
  readonly name: string | null;
  readonly profile: ProfileName;
  /** glibc version whose gai.conf parser was modelled (glibc profile only). */
  readonly glibc?: string;
  /** 'OK', a getaddrinfo error name (EAI_NONAME, …) or 'SIGSEGV'. */
  readonly status: string;
  readonly order: string[];
  readonly results: ResultEntry[];
  readonly explain: ExplainStep[];
  readonly diagnostics: Diagnostic[];
  readonly notes: string[];
  /** One line on what would change the order, when the first decision has a known remedy. */
  readonly hint: string | null;
  /** Set when the real library's behaviour is undefined here (e.g. glibc ≤ 2.40 reading an
   * uninitialised pointer): `status` is then the likely outcome, not a certainty. */
  readonly undefinedBehavior: string | null;
  /** Every order the lookup may return when it depends on multipath hop choices (the
   * kernel's flow hash), `order` first; null when the order is certain. */
  readonly possibleOrders: string[][] | null;
  /** For each answer in result order, the route (and the rule) its connect() goes through, as
   * `ip route` and `ip rule` print them. Worded on first read. */
  readonly routes: RouteTrace[];
}

export interface SimulateOptions {
  profile?: ProfileName;
  /** glibc version for gai.conf parsing (default 2.36). */
  glibc?: string;
  /** Explain every pair, not only adjacent ones. */
  allPairs?: boolean;
  /** freebsd profile: ip6addrctl policy (default auto, as rc.d picks it). */
  freebsdPolicy?: FreebsdPolicy;
}

/** What a gai.conf text means for one glibc version. */
interface PreparedConf {
  readonly tables: GlibcTables;
  readonly crashes: boolean;
  readonly diagnostics: Diagnostic[];
}

interface Prepared {
  readonly host: Host;
  readonly conf: PreparedConf;
}

// Scenarios in a batch usually share a host and a gai.conf; build each once. A host is found
// by its object, else by its JSON text (scenarios parsed one by one bring equal hosts as new
// objects: stringifying one costs ~1.5 µs, building it ~15); the gai.conf by its text, per
// glibc version.
const hostCache = new WeakMap<object, Host>();
const hostsByText = new Map<string, Host>();
const confCache = new Map<string, Map<string | null, PreparedConf>>();

function hostOf(spec: Scenario['host']): Host {
  let host = hostCache.get(spec);
  if (!host) {
    const text = hostText(spec);
    host = hostsByText.get(text);
    if (!host) {
      host = buildHost(spec);
      if (hostsByText.size >= 256) hostsByText.clear();
      hostsByText.set(text, host);
    }
    hostCache.set(spec, host);
  }
  return host;
}

// The previous call's gai.conf. A batch line brings an equal text as a new string: comparing
// it with the last one is cheaper than hashing it for the map (~4 µs for a 1.5 KiB file).
let lastConf: { glibc: string; text: string | null; conf: PreparedConf } | null = null;

function confOf(text: string | null, glibc: string): PreparedConf {
  if (lastConf !== null && lastConf.text === text && lastConf.glibc === glibc) return lastConf.conf;
  let byText = confCache.get(glibc);
  if (!byText) confCache.set(glibc, (byText = new Map()));
  let conf = byText.get(text);
  if (!conf) {
    const parsed = text === null ? null : parseGaiConf(text, { glibc });
    conf = { tables: effectiveGlibcTables(parsed), crashes: !!parsed?.crashes, diagnostics: parsed?.diagnostics ?? [] };
    if (byText.size > 256) byText.clear();
    byText.set(text, conf);
  }
  lastConf = { glibc, text, conf };
  return conf;
}

function prepare(s: Scenario, glibc: string): Prepared {
  const host = hostOf(s.host);
  const uid = s.query.uid;
  // The calling uid matters only to uidrange rules; the host is shared, the view is per call.
  return { host: uid ? { ...host, uid } : host, conf: confOf(s.gaiConf ?? null, glibc) };
}

/**
 * The ordering alone (the facts and comparisons the sort recorded), without the result object.
 * Checks its input as simulate() does; throws GaiconfInputError.
 */
export function runProfile(s: Scenario, options?: SimulateOptions): OrderOutcome {
  checkSimulateInput(s, options);
  return runProfileValidated(s, options);
}

/** runProfile() without the input checks: for a scenario and options already validated. */
export function runProfileValidated(s: Scenario, options: SimulateOptions = {}): OrderOutcome {
  return runPrepared(s, prepare(s, options.glibc ?? '2.36'), options);
}

/** Throws GaiconfInputError for a bad scenario or options (every problem of both at once). */
function checkSimulateInput(s: unknown, options: unknown): void {
  // The options are checked on every call (a few property reads); the scenario once per object.
  const optionProblems = simulateOptionProblems(options);
  if (optionProblems.length === 0 && isCheckedScenario(s)) return;
  throwIfProblems([
    ['INVALID_SCENARIO', checkScenario(s)],
    ['INVALID_OPTIONS', optionProblems],
  ]);
}

function runPrepared(s: Scenario, p: Prepared, options: SimulateOptions): OrderOutcome {
  const profile = options.profile ?? 'glibc';
  const q = { records: s.query.records, flags: s.query.flags ?? [], family: s.query.family ?? 'AF_UNSPEC' };
  switch (profile) {
    case 'glibc':
      return glibcOrder(p.host, q, p.conf);
    case 'musl':
      return muslOrder(p.host, q);
    case 'go':
      return goOrder(p.host, q);
    case 'rfc6724':
      return rfc6724Order(p.host, q);
    case 'rfc6724-update':
      return rfc6724UpdateOrder(p.host, q, { routerFacts: s.routerFacts ?? [], enabled: s.knownLocalUla ?? true });
    case 'windows':
      return windowsOrder(p.host, q);
    case 'freebsd':
      return freebsdOrder(p.host, q, options.freebsdPolicy ?? 'auto');
  }
}

function entries(answers: readonly AnswerFacts[]): ResultEntry[] {
  const out: ResultEntry[] = new Array(answers.length);
  // Sources repeat (one or two per family): each is worded once.
  let lastSource: Ip | null = null;
  let lastText = '';
  for (let i = 0; i < answers.length; i++) {
    const f = answers[i]!;
    const src = f.source;
    if (src !== null && src !== lastSource) {
      lastSource = src;
      lastText = formatIp(src);
    }
    out[i] = {
      address: formatIp(f.address),
      family: f.address.family,
      source: src === null ? null : lastText,
      usable: f.usable,
      errno: f.errno,
      label: f.label,
      precedence: f.precedence,
      scope: f.scope,
      sourceLabel: f.sourceLabel,
      sourceScope: f.sourceScope,
      deprecated: f.deprecated,
      home: f.home,
      sourcePrefixLength: f.prefixLen,
      index: f.index,
      sourceCandidates: null,
      errnoCandidates: null,
    };
  }
  return out;
}

/**
 * The order getaddrinfo returns for the scenario, with every answer's facts, the explanation
 * and the hint: the object `gaiconf simulate --json` prints. Validates the scenario (once per
 * object, see scenario/checked-scenarios.ts) and the options, and throws GaiconfInputError with
 * every problem found instead of simulating bad input.
 */
export function simulate(s: Scenario, options?: SimulateOptions): SimulationResult {
  checkSimulateInput(s, options);
  return simulateValidated(s, options);
}

/**
 * simulate() without the input checks, for a scenario that validateScenario accepted (its
 * `scenario`, or the object given to it) and options of the documented types. Invalid input here
 * is not detected: a record that does not parse is skipped, a misspelt key is ignored or throws a
 * TypeError. The CLI uses it after validating each input once.
 */
export function simulateValidated(s: Scenario, options: SimulateOptions = {}): SimulationResult {
  const profile = options.profile ?? 'glibc';
  const glibc = options.glibc ?? '2.36';
  const prepared = prepare(s, glibc);
  const outcome = runPrepared(s, prepared, options);
  const results = entries(outcome.answers);
  const lazy: Lazy = { scenario: s, host: prepared.host, tables: prepared.conf.tables, outcome, allPairs: options.allPairs ?? false, explain: undefined, hint: undefined, routes: undefined };
  // A plain object, its fields in the documented order. `explain` and `hint` are own
  // enumerable getters (so JSON.stringify and `{ ...result }` see them) that word the text on
  // first read; the state they need sits under a non-enumerable symbol.
  const r = (profile === 'glibc'
    ? { schemaVersion: 1, name: s.name ?? null, profile, glibc, status: outcome.status, order: results.map((e) => e.address), results }
    : { schemaVersion: 1, name: s.name ?? null, profile, status: outcome.status, order: results.map((e) => e.address), results }) as Record<string | symbol, unknown>;
  Object.defineProperty(r, 'explain', EXPLAIN);
  r.diagnostics = prepared.conf.diagnostics;
  r.notes = outcome.notes.slice();
  Object.defineProperty(r, 'hint', HINT);
  r.undefinedBehavior = outcome.undefinedBehavior ?? null;
  r.possibleOrders = null;
  if (prepared.host.multipath && outcome.status === 'OK') {
    const view = multipathView(prepared.host, results, r.order as string[], (host) => runPrepared(s, { ...prepared, host }, options));
    view.candidates.forEach((c, i) => {
      const e = results[i] as { sourceCandidates: string[] | null; errnoCandidates: string[] | null };
      e.sourceCandidates = c;
      e.errnoCandidates = view.errnos[i] ?? null;
    });
    r.possibleOrders = view.possibleOrders;
    if (view.possibleOrders) (r.notes as string[]).push(`the order depends on which hop of a multipath route the kernel's flow hash picks (a per-boot seed): ${view.possibleOrders.length} orders are possible${view.truncated ? ' (among the first 64 combinations of hop choices)' : ''}`);
  }
  Object.defineProperty(r, 'routes', ROUTES);
  Object.defineProperty(r, LAZY, { value: lazy });
  return r as unknown as SimulationResult;
}

const LAZY = Symbol('gaiconf.lazy');

interface Lazy {
  readonly scenario: Scenario;
  readonly host: Host;
  /** the gai.conf's tables: the hint does not invite undoing a file that decides the order */
  readonly tables: GlibcTables;
  routes: RouteTrace[] | undefined;
  readonly outcome: OrderOutcome;
  readonly allPairs: boolean;
  explain: ExplainStep[] | undefined;
  hint: string | null | undefined;
}

type WithLazy = SimulationResult & { readonly [LAZY]: Lazy };

const EXPLAIN: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: WithLazy): ExplainStep[] {
    const lazy = this[LAZY];
    if (lazy.explain === undefined) {
      const known: string[] = [];
      for (const r of this.results) known[r.index] = r.address;
      lazy.explain = explainOrder(lazy.outcome, lazy.allPairs, known);
    }
    return lazy.explain;
  },
};

const ROUTES: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: WithLazy): RouteTrace[] {
    const lazy = this[LAZY];
    lazy.routes ??= this.results.map((e) => traceRoute(lazy.host, e.address));
    return lazy.routes;
  },
};

const HINT: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: WithLazy): string | null {
    const lazy = this[LAZY];
    if (lazy.hint === undefined) lazy.hint = fixHint(this.profile, lazy.scenario, this.results, this.explain, lazy.tables);
    return lazy.hint;
  },
};
