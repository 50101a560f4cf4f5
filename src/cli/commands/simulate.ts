// `gaiconf simulate`: one scenario (file, pieces, or the embedded example), or a JSON Lines batch;
// live mode: `simulate NAME` looks NAME up (hosts file, then DNS) and simulates on this host
// (docs/live.md), `--names FILE` does that for many names.
import { createReadStream } from 'node:fs';
import type { Command } from 'commander';
import { readText, displayName } from '../../adapters/read-text.js';
import { scenarioFromJson, scenarioFromValue } from '../../adapters/scenario-from-json.js';
import { parseJsonWithLocation } from '../../scenario/json-error.js';
import { DOCKER_ULA_EXAMPLE } from '../../examples.js';
import { ALL_PROFILES, PROFILES, type ProfileName } from '../../order/facts.js';
import { connectPlan, parseRuntime, renderConnectPlan, RUNTIMES } from '../../runtime/timeline.js';
import { compareUpdate } from '../../compare-update.js';
import type { FreebsdPolicy } from '../../order/profile-freebsd.js';
import { simulateValidated } from '../../simulate.js';
import type { AiFlag, QueryFamily, Scenario, ScenarioHost } from '../../scenario/types.js';
import { CliError, EXIT } from '../exit-codes.js';
import { freebsdPolicyOption, glibcOption } from '../option-values.js';
import { renderSideBySide, renderSimulation } from '../render-simulation.js';
import { styleFor } from '../style.js';
import { readLines } from '../read-lines.js';
import { parseFields, resultDocument, type Projection } from '../result-fields.js';
import { hostFromJson } from '../../adapters/host-from-json.js';
import { validateScenario } from '../../scenario/validate.js';
import { quickScenario } from '../../scenario/quick-accept.js';
import { DEFAULT_HOSTS_FILE } from '../../adapters/records-from-hosts.js';
import { DEFAULT_DNS_TIMEOUT_MS } from '../../adapters/records-from-dns.js';
import type { SimulateOptions, SimulationResult } from '../../simulate.js';
import {
  DEFAULT_GAI_CONF,
  aiFlagsOf,
  captureOrFail,
  hasNumericHostFlag,
  simulateLive,
  type LiveBaseInput,
  checkName,
  dnsOptionsOf,
  familyOf,
  queryField,
  readGaiConfOrNone,
  scenarioForName,
  warn,
  type LiveFlags,
  type LiveScenario,
} from './check.js';

interface SimulateFlags extends LiveFlags {
  names?: string;
  scenario?: string;
  host?: string;
  gaiConf?: string;
  records?: string;
  name?: string;
  flags?: string;
  family?: string;
  profile: string;
  glibc: string;
  explain?: boolean;
  allPairs?: boolean;
  json?: boolean;
  batch?: string;
  runtime?: string;
  compare?: string;
  freebsdPolicy?: FreebsdPolicy;
  fields?: string;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('the order getaddrinfo returns on a modelled host, and the rule behind each pair (no input: the Docker ULA example; NAME: live mode)')
    .argument('[name]', 'live mode: look NAME up (hosts file, then DNS) and simulate on this host (or --host FILE)')
    .option('--scenario <file>', 'scenario JSON file, or - for stdin')
    .option('--host <file>', 'a scenario "host" object (JSON) to combine with --records, or `live` for this host (default with NAME on Linux)')
    .option('--gai-conf <file>', 'gai.conf to use (with --host/--records, or replacing the scenario\'s)')
    .option('--records <list>', 'comma-separated answers in resolver order')
    .option('--name <name>', 'the name looked up')
    .option('--flags <list>', 'comma-separated AI_* flags (AI_ADDRCONFIG, AI_V4MAPPED, AI_ALL)')
    .option('--family <family>', 'AF_UNSPEC, AF_INET or AF_INET6')
    .option('--profile <name>', `${ALL_PROFILES.join('|')}|all (all: ${PROFILES.join(', ')})`, 'glibc')
    .option('--freebsd-policy <policy>', 'freebsd profile: auto|ipv6_prefer|ipv4_prefer|none', freebsdPolicyOption, 'auto')
    .option('--runtime <spec>', 'what the application then connects to: node[@18|20|24|25.2], go[,resolver=cgo], python, curl[@8.9|8.10|8.16], java[,preferIPv6Addresses=true|system], rfc8305 (docs/runtimes/)')
    .option('--compare <profile>', 'what changes on this host under another table: rfc6724-update (vs rfc6724)')
    .option('--glibc <version>', 'glibc version whose gai.conf parser to model', glibcOption, '2.36')
    .option('--explain', 'explain every adjacent pair and show notes')
    .option('--all-pairs', 'explain every pair, not only adjacent ones')
    .option('--json', 'print the result as JSON (schemaVersion 1)')
    .option('--fields <list>', 'JSON output: only these top-level fields (e.g. order,status); schemaVersion is always kept')
    .option('--batch <file>', 'JSON Lines: one scenario per line in, one result per line out (- for stdin); --scenario/--host/--gai-conf/--flags/--family give what lines leave out')
    .option('--names <file>', 'live mode for many names: one per line (- for stdin), JSON Lines out, summary on stderr')
    .option('--hosts-file <path>', 'live mode: hosts file read before DNS', DEFAULT_HOSTS_FILE)
    .option('--server <ip[:port]>', 'live mode: DNS server to ask (default: the resolv.conf servers)')
    .option('--input-order <order>', 'live mode: DNS answers in the unsorted list, a-first or aaaa-first (which reply glibc gets first varies)', 'a-first')
    .option('--dns-timeout <ms>', `live mode: per-attempt DNS timeout (default ${DEFAULT_DNS_TIMEOUT_MS})`)
    .option('--no-dns', 'live mode: hosts file only, never ask DNS')
    .action(async (nameArg: string | undefined, flags: SimulateFlags) => {
      const profiles = profilesOf(flags.profile);
      // Live mode's documents carry `query` after the result's fields.
      const live = !flags.batch && (flags.names !== undefined || (nameArg !== undefined && !flags.records));
      const fields = parseFields(flags.fields, live ? ['query'] : []);
      if (fields && !flags.json && !flags.batch && !flags.names) throw new CliError('--fields selects fields of the JSON output', EXIT.BAD_INPUT, 'add --json (or use --batch)');
      if (flags.batch) {
        process.exitCode = await runBatch(flags.batch, profiles, flags, fields, nameArg);
        return;
      }
      if (flags.names) {
        if (nameArg !== undefined || flags.records) throw new CliError('--names looks its names up itself', EXIT.BAD_INPUT, 'drop NAME and --records');
        process.exitCode = await runNames(flags.names, profiles, flags, fields);
        return;
      }
      if (nameArg !== undefined) {
        checkName(nameArg, !flags.records);
        if (flags.name !== undefined && flags.name !== nameArg) throw new CliError(`NAME ${nameArg} and --name ${flags.name} disagree`, EXIT.BAD_INPUT, 'give the name once');
        flags.name = nameArg;
        // On Linux a name alone means this host; elsewhere a host must be given.
        if (!flags.host && !flags.scenario) flags.host = 'live';
        if (!flags.records) {
          await runLive(nameArg, profiles, flags, fields);
          return;
        }
      }
      const scenario = scenarioOf(flags);
      if (fields && (flags.compare || flags.runtime || scenario.runtime)) throw new CliError('--fields selects fields of the simulate result, not of --compare or --runtime output', EXIT.BAD_INPUT, 'drop --fields');
      if (flags.compare) {
        compareCommand(scenario, flags);
        return;
      }
      if (flags.runtime ?? scenario.runtime) {
        runtimeCommand(scenario, flags.runtime ?? scenario.runtime!, flags);
        return;
      }
      const results = profiles.map((profile) => simulateValidated(scenario, simulateOptions(profile, flags)));
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(resultDocument(results, fields), null, 2)}\n`);
        return;
      }
      const st = styleFor(process.stdout);
      process.stdout.write(`${results.length === 1 ? renderSimulation(results[0]!, st, { explain: !!flags.explain || !!flags.allPairs, gaiConfFile: gaiConfFile(flags) }) : renderSideBySide(results, st)}\n`);
    });
}

/** The name gai.conf diagnostics are placed in: the file the text came from. */
function gaiConfFile(flags: SimulateFlags): string {
  if (flags.gaiConf !== undefined) return displayName(flags.gaiConf);
  if (flags.scenario !== undefined) return `${displayName(flags.scenario)} (gaiConf)`;
  if (flags.host === 'live' || flags.host === undefined) return DEFAULT_GAI_CONF;
  return 'gai.conf';
}

/** The engine options every mode takes from the command line. */
function simulateOptions(profile: ProfileName, flags: SimulateFlags): SimulateOptions {
  return { profile, glibc: flags.glibc, allPairs: !!flags.allPairs, freebsdPolicy: flags.freebsdPolicy };
}

function profilesOf(text: string): ProfileName[] {
  if (text === 'all') return [...PROFILES];
  if ((ALL_PROFILES as readonly string[]).includes(text)) return [text as ProfileName];
  throw new CliError(`--profile ${text}: unknown profile`, EXIT.BAD_INPUT, `use one of ${ALL_PROFILES.join(', ')}, or all`);
}

/** `--runtime`: the order the runtime receives, then its connect plan (docs/runtimes/). */
function runtimeCommand(scenario: Scenario, specText: string, flags: SimulateFlags): void {
  let spec;
  try {
    spec = parseRuntime(specText);
  } catch (e) {
    throw new CliError(`--runtime ${specText}: ${(e as Error).message}`, EXIT.BAD_INPUT, 'e.g. node@20, go,resolver=cgo, java,preferIPv6Addresses=true (docs/runtimes/README.md)');
  }
  const look = RUNTIMES[spec.runtime].lookup(spec);
  const query = { ...scenario.query };
  if (!flags.flags && look.flags) query.flags = [...look.flags];
  if (!flags.family && look.family) query.family = look.family;
  const result = simulateValidated({ ...scenario, query }, { profile: look.profile, glibc: flags.glibc });
  const plan = connectPlan(spec, result.results, scenario.reachability ?? {});
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ ...plan, lookup: look, simulation: result }, null, 2)}\n`);
    return;
  }
  const st = styleFor(process.stdout);
  process.stdout.write(`${renderSimulation(result, st, { explain: !!flags.explain, gaiConfFile: gaiConfFile(flags) })}\n\n${renderConnectPlan(plan, { lookup: look.note })}\n`);
}

/** `--compare rfc6724-update`: both orders side by side and the first pair that swapped. */
function compareCommand(scenario: Scenario, flags: SimulateFlags): void {
  if (flags.compare !== 'rfc6724-update') throw new CliError(`--compare ${flags.compare}: unknown comparison`, EXIT.BAD_INPUT, 'only rfc6724-update is supported');
  const r = compareUpdate(scenario);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    return;
  }
  const st = styleFor(process.stdout);
  const lines = [st.bold(r.name ?? 'scenario'), r.summary];
  const depth = Math.max(r.before.order.length, r.after.order.length);
  for (let i = 0; i < depth; i++) {
    const a = r.before.order[i] ?? '';
    const b = r.after.order[i] ?? '';
    lines.push(`${a !== b ? st.yellow(`${i + 1}*`) : String(i + 1)}  ${a.padEnd(40)}${b}`);
  }
  if (r.knownLocal.inserted.length) lines.push(...r.knownLocal.inserted.map((x) => `known-local row ${x.prefix} ${x.precedence}/${x.label} from ${x.origin} ${x.from}`));
  if (r.firstDifference) lines.push(`before: ${r.firstDifference.before.text}`, `after:  ${r.firstDifference.after.text}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function listOf(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((x) => x.trim()).filter(Boolean);
}

/** What a refused command-line piece is called: `$.query.records[1]` was given as --records. */
const QUERY_OPTIONS: readonly [string, string][] = [
  ['$.query.records', '--records'],
  ['$.query.flags', '--flags'],
  ['$.query.family', '--family'],
  ['$.query.name', '--name'],
];

function commandLineError(e: { path: string; message: string; hint: string }): string {
  const option = QUERY_OPTIONS.find(([path]) => e.path === path || e.path.startsWith(`${path}[`))?.[1];
  return `${option ?? e.path}: ${e.message}\n  hint: ${e.hint}`;
}

/**
 * The scenario of a single simulation: --scenario FILE, or --host FILE|live with the query's
 * pieces, or the embedded example (which --name, --flags, --family and --gai-conf may adjust).
 * Answers (--records) without a host to simulate them on are refused: an empty host would make
 * every answer unusable and its hint meaningless.
 */
function scenarioOf(flags: SimulateFlags): Scenario {
  if (flags.records !== undefined && listOf(flags.records)!.length === 0) {
    throw new CliError(`--records ${JSON.stringify(flags.records)}: no address`, EXIT.BAD_INPUT, 'give the answers in resolver order, comma-separated, e.g. --records 2001:db8::5,203.0.113.5');
  }
  let base: Scenario;
  if (flags.scenario !== undefined) {
    if (flags.host !== undefined) throw new CliError('--scenario and --host both give a host', EXIT.BAD_INPUT, 'use one of them');
    base = scenarioFromJson(readText(flags.scenario), displayName(flags.scenario));
  } else if (flags.host !== undefined) {
    base = { host: hostFromFlag(flags.host), query: { records: [] } };
  } else if (flags.records !== undefined) {
    throw new CliError(
      '--records needs a host to simulate the answers on',
      EXIT.BAD_INPUT,
      "give --host live (this machine), --host FILE (a scenario \"host\" object, e.g. from gaiconf host capture > host.json) or --scenario FILE; or look a name up: gaiconf simulate NAME",
    );
  } else {
    base = DOCKER_ULA_EXAMPLE;
  }
  const query = { ...base.query };
  const records = listOf(flags.records);
  if (records) query.records = records;
  if (flags.name !== undefined) query.name = flags.name;
  const aiFlags = listOf(flags.flags);
  if (aiFlags) query.flags = aiFlags as AiFlag[];
  if (flags.family !== undefined) query.family = flags.family as QueryFamily;
  const out: Scenario = { ...base, query };
  if (flags.gaiConf !== undefined) out.gaiConf = readText(flags.gaiConf);
  else if (flags.host === 'live') out.gaiConf = readGaiConfOrNone(DEFAULT_GAI_CONF);
  const changed = flags.host !== undefined || records || flags.name !== undefined || aiFlags || flags.family !== undefined || flags.gaiConf !== undefined;
  if (!changed) return base;
  // Re-validate the combination: records and flags given on the command line are input too.
  const v = validateScenario(out, '<command line>');
  if (!v.ok) throw new CliError(v.errors.map(commandLineError).join('\n'), EXIT.BAD_INPUT);
  return v.scenario;
}

/** Structural equality of two JSON.parse values: same keys in the same order, same values (===). */
/** Valid hosts are a few levels deep (host → routes → [i] → nexthops → [j] → via). */
const MAX_HOST_DEPTH = 8;

/** Is `v` at most `depth` levels of objects and arrays deep? Without recursion. */
function shallow(v: unknown, depth: number): boolean {
  let level: unknown[] = [v];
  for (let d = 0; level.length; d++) {
    if (d > depth) return false;
    const next: unknown[] = [];
    for (const x of level) if (typeof x === 'object' && x !== null) for (const y of Object.values(x)) if (typeof y === 'object' && y !== null) next.push(y);
    level = next;
  }
  return true;
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Hosts already validated in a batch. Lines of a batch usually repeat one host: a host equal to
 * one seen before (same JSON text) is reused as the same object, so it is neither validated nor
 * built again, and the engine's per-host caches hit. The previous line's host is compared as a
 * structure (no JSON text made); other hosts are looked up by their JSON text in a small,
 * bounded cache. A host a line takes from the base is the base's, validated once.
 */
interface BatchHosts {
  seen: Map<string, ScenarioHost>;
  /** The last host used, as the line had it (a valid host) and as validated. */
  lastRaw: unknown;
  last: ScenarioHost | undefined;
}

/**
 * What batch lines leave out, from the command line: `--scenario` (a whole scenario),
 * `--host`, `--gai-conf`, `--flags`, `--family`. A line's own top-level keys win over the base's,
 * and within `query` its own keys win over the base query's.
 */
interface BatchBase {
  readonly top: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>> | undefined;
  readonly host: ScenarioHost | undefined;
}

const NOT_WITH_BATCH: readonly [keyof SimulateFlags, string][] = [
  ['records', '--records'],
  ['name', '--name'],
  ['names', '--names'],
  ['runtime', '--runtime'],
  ['compare', '--compare'],
];

function batchBase(flags: SimulateFlags, nameArg: string | undefined): BatchBase | undefined {
  const per = 'each line is a scenario: put it in the lines';
  if (nameArg !== undefined) throw new CliError(`--batch takes no NAME (${nameArg})`, EXIT.BAD_INPUT, per);
  for (const [k, option] of NOT_WITH_BATCH) if (flags[k] !== undefined) throw new CliError(`${option} does not go with --batch`, EXIT.BAD_INPUT, per);
  if (flags.scenario && flags.host) throw new CliError('--scenario and --host both give a host', EXIT.BAD_INPUT, 'use one of them');
  if (!flags.scenario && !flags.host && flags.gaiConf === undefined && flags.flags === undefined && flags.family === undefined) return undefined;
  if (flags.batch === '-') {
    for (const [k, option] of [['scenario', '--scenario'], ['host', '--host'], ['gaiConf', '--gai-conf']] as const) {
      if (flags[k] === '-') throw new CliError(`${option} - and --batch - both read stdin`, EXIT.BAD_INPUT, 'give one of them as a file');
    }
  }
  const top: Record<string, unknown> = {};
  let query: Record<string, unknown> | undefined;
  if (flags.scenario) {
    // Key by key, not a copy and a delete: an object that lost a key is slow to spread, and
    // every line spreads this one.
    const s = scenarioFromJson(readText(flags.scenario), displayName(flags.scenario)) as unknown as Record<string, unknown>;
    for (const k of Object.keys(s)) if (k !== 'query') top[k] = s[k];
    query = { ...(s.query as object) };
  } else if (flags.host) {
    top.host = hostFromFlag(flags.host);
  }
  if (flags.gaiConf !== undefined) top.gaiConf = readText(flags.gaiConf);
  else if (flags.host === 'live') top.gaiConf = readGaiConfOrNone(DEFAULT_GAI_CONF);
  if (flags.flags !== undefined) (query ??= {}).flags = aiFlagsOf(flags.flags);
  if (flags.family !== undefined) (query ??= {}).family = familyOf(flags.family);
  return { top, query, host: top.host as ScenarioHost | undefined };
}

/** `--host FILE` (a validated host, errors placed in the file) or `--host live` (this machine). */
function hostFromFlag(hostFlag: string): ScenarioHost {
  if (hostFlag === 'live') {
    const captured = captureOrFail();
    warn(captured.warnings);
    return captured.host;
  }
  return hostFromJson(readText(hostFlag), displayName(hostFlag));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A batch line with what it leaves out taken from the base. */
function withBase(value: unknown, base: BatchBase): unknown {
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = { ...base.top, ...value };
  if (base.query) out.query = value.query === undefined ? base.query : isRecord(value.query) ? { ...base.query, ...value.query } : value.query;
  return out;
}

/**
 * One batch line → a validated scenario; a known host is not validated again, and a line that
 * is otherwise plain is accepted by quickScenario (validateScenario runs when it declines, and
 * words the errors).
 */
/** A bad batch line: the message (every problem, placed `file:line:column` with a hint) and the first column. */
class BatchLineError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

/** A batch line's JSON, or a BatchLineError at `file:line:column` with the hint a scenario file would get. */
function parseBatchLine(text: string, file: string, lineNo: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const r = parseJsonWithLocation(text, file);
    if (r.ok) {
      // a byte-order mark, which JSON.parse alone refuses: the file's first line may start with one
      if (lineNo === 1) return r.value;
      throw new BatchLineError(`${file}:${lineNo}:1: a byte-order mark (U+FEFF) starts this line\n  hint: Remove it: only the first line of a file may start with one.`, 1);
    }
    const column = r.error.offset + 1 + (text.startsWith('\uFEFF') ? 1 : 0);
    throw new BatchLineError(`${file}:${lineNo}:${column}: ${shortMessage(r.error.message)}\n  hint: ${r.error.hint}`, column);
  }
}

/** A parser message that quotes a huge token is cut (a message never carries a megabyte line). */
function shortMessage(message: string): string {
  return message.length > 300 ? `${message.slice(0, 299)}…` : message;
}

function batchScenario(value: unknown, file: string, lineNo: number, hosts: BatchHosts, base: BatchBase | undefined, text: string): Scenario {
  const line = base ? withBase(value, base) : value;
  const host = isRecord(line) ? line.host : undefined;
  const fromBase = base !== undefined && base.host !== undefined && host === base.host;
  const hostObject = !fromBase && typeof host === 'object' && host !== null;
  const sameAsLast = hostObject && hosts.last !== undefined && sameJson(host, hosts.lastRaw);
  // A host nested deeper than any valid one is not keyed (JSON.stringify would recurse through
  // all of it); the checker below reports it with a path.
  const key = hostObject && !sameAsLast && shallow(host, MAX_HOST_DEPTH) ? JSON.stringify(host) : null;
  const known = fromBase ? base.host : sameAsLast ? hosts.last : key === null ? undefined : hosts.seen.get(key);
  if (known !== undefined) {
    if (key !== null) {
      hosts.lastRaw = host;
      hosts.last = known;
    }
    const quick = quickScenario(line, known);
    if (quick !== undefined) return quick;
  }
  const v = scenarioFromValue(known ? { ...(line as object), host: { interfaces: [] } } : line, `${file}:${lineNo}`, text);
  if (!v.ok) throw new BatchLineError(v.message, v.column ?? 1);
  const scenario = known ? { ...v.scenario, host: known } : v.scenario;
  if (key !== null && !known) {
    if (hosts.seen.size >= 64) hosts.seen.clear();
    hosts.seen.set(key, scenario.host);
  }
  if (key !== null) {
    hosts.lastRaw = host;
    hosts.last = scenario.host;
  }
  return scenario;
}

/**
 * Streams JSON Lines: exactly one output line per input line, in order (a result, an error
 * record, or a `skipped` record for a blank line), in constant memory. SIGINT or SIGTERM stops
 * reading, lets the lines already written reach stdout whole, and exits 130 (143).
 */
async function runBatch(path: string, profiles: ProfileName[], flags: SimulateFlags, fields: Projection, nameArg: string | undefined): Promise<number> {
  const base = batchBase(flags, nameArg);
  const input = path === '-' ? process.stdin : createReadStream(path, { encoding: 'utf8' });
  const file = displayName(path);
  let status: number = EXIT.OK;
  let lineNo = 0;
  let buffered = '';
  const hosts: BatchHosts = { seen: new Map(), lastRaw: undefined, last: undefined };
  const options = profiles.map((profile) => simulateOptions(profile, flags));
  /** Writes what is buffered; a promise when stdout asks to wait for 'drain'. */
  const flush = (): Promise<void> | undefined => {
    const ok = process.stdout.write(buffered);
    buffered = '';
    return ok ? undefined : new Promise<void>((r) => process.stdout.once('drain', r));
  };
  const stop = stopOnSignal(input, () => {
    // whole lines only: what is buffered is written, then the process waits for stdout to drain
    void flush();
  });
  const errorLine = (message: string, column?: number): string => {
    status = EXIT.BAD_INPUT;
    // Placed messages start with `file:line:column` and carry a hint; the first problem goes to stderr
    const [first, second] = message.split('\n');
    const hint = second?.startsWith('  hint: ') ? `${second}\n` : '';
    process.stderr.write(`${first!.startsWith(`${file}:${lineNo}`) ? first : `${file}:${lineNo}: ${first}`}\n${hint}`);
    return JSON.stringify({ schemaVersion: 1, error: column === undefined ? { file, line: lineNo, message } : { file, line: lineNo, column, message } });
  };
  const put = (outLine: string): Promise<void> | undefined => {
    buffered += `${outLine}\n`;
    return buffered.length > 1 << 16 ? flush() : undefined;
  };
  const onLine = (line: string): Promise<void> | undefined => {
    if (stop.stopped) return undefined;
    lineNo++;
    // every input line gets its output line, a blank one a record that says it was skipped
    if (!line.trim()) return put(JSON.stringify({ schemaVersion: 1, skipped: { file, line: lineNo, reason: 'blank line' } }));
    let outLine: string;
    try {
      const value = parseBatchLine(line, file, lineNo);
      const scenario = batchScenario(value, file, lineNo, hosts, base, line);
      const results = options.map((o) => simulateValidated(scenario, o));
      outLine = JSON.stringify(resultDocument(results, fields));
    } catch (e) {
      outLine = e instanceof BatchLineError ? errorLine(e.message, e.column) : errorLine((e as Error).message);
    }
    return put(outLine);
  };
  const onOverlong = (length: number): Promise<void> | undefined => {
    lineNo++;
    return put(errorLine(`line ${lineNo} has ${length} characters, more than a batch line may have (256 Mi): skipped`));
  };
  try {
    await Promise.race([readLines(input, onLine, { onOverlong }), stop.signalled]);
  } catch (e) {
    throw new CliError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, EXIT.BAD_INPUT);
  } finally {
    stop.dispose();
  }
  await flush();
  if (stop.stopped) {
    (input as import('node:stream').Readable).destroy();
    await drained();
    return stop.exitCode;
  }
  return status;
}

/** Resolves once everything written to stdout has left the process. */
function drained(): Promise<void> {
  if (process.stdout.writableLength === 0) return Promise.resolve();
  return new Promise<void>((r) => process.stdout.once('drain', () => r()));
}

/**
 * SIGINT/SIGTERM during a batch: stop handling lines and pause the input, so the command ends
 * after the lines already made are written whole (a second signal ends it at once).
 */
function stopOnSignal(input: NodeJS.ReadableStream, onStop: () => void): { stopped: boolean; exitCode: number; signalled: Promise<void>; dispose(): void } {
  let resolveSignalled!: () => void;
  const state = {
    stopped: false,
    exitCode: 0,
    signalled: new Promise<void>((r) => (resolveSignalled = r)),
    dispose: () => {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
    },
  };
  const on = (code: number) => (): void => {
    if (state.stopped) process.exit(code);
    state.stopped = true;
    state.exitCode = code;
    input.pause();
    onStop();
    resolveSignalled();
  };
  const onInt = on(130);
  const onTerm = on(143);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return state;
}

// ---------------------------------------------------------------------------------------------
// Live mode

type LiveBase = LiveBaseInput;

/** Host, gai.conf, flags and family for live lookups: this host (+ /etc/gai.conf), or the given ones. */
function liveBase(flags: SimulateFlags): LiveBase {
  dnsOptionsOf(flags); // usage errors before any capture or lookup
  let host: ScenarioHost;
  let gaiConf: string | null = null;
  let aiFlags: AiFlag[] = [];
  let family: QueryFamily = 'AF_UNSPEC';
  if (flags.scenario) {
    if (flags.host && flags.host !== 'live') throw new CliError('--scenario and --host both give a host', EXIT.BAD_INPUT, 'use one of them');
    const s = scenarioFromJson(readText(flags.scenario), displayName(flags.scenario));
    host = s.host;
    gaiConf = s.gaiConf ?? null;
    aiFlags = s.query.flags ?? [];
    family = s.query.family ?? 'AF_UNSPEC';
  } else if (!flags.host || flags.host === 'live') {
    const captured = captureOrFail();
    warn(captured.warnings);
    host = captured.host;
    gaiConf = readGaiConfOrNone(DEFAULT_GAI_CONF);
  } else {
    host = hostFromFlag(flags.host);
  }
  if (flags.gaiConf) gaiConf = readText(flags.gaiConf);
  if (flags.flags !== undefined) aiFlags = aiFlagsOf(flags.flags, true);
  if (flags.family !== undefined) family = familyOf(flags.family);
  return { host, gaiConf, flags: aiFlags, family, numericHost: hasNumericHostFlag(flags.flags) };
}

function failedLookup(live: LiveScenario): string | null {
  if (live.lookup.lookupStatus !== 'EAI_AGAIN') return null;
  return `${live.lookup.name}: no addresses: ${live.lookup.messages.filter((m) => /^(A|AAAA) /.test(m)).join('; ')}`;
}

async function runLive(name: string, profiles: ProfileName[], flags: SimulateFlags, fields: Projection): Promise<void> {
  const base = liveBase(flags);
  const live = await scenarioForName(name, base, flags);
  const failure = failedLookup(live);
  if (failure) throw new CliError(failure, EXIT.ENVIRONMENT, flags.server ? 'is the server running and serving this name?' : 'check /etc/resolv.conf, or ask a server with --server IP[:PORT]');
  const results = profiles.map((profile) => simulateLive(live, simulateOptions(profile, flags)));
  const query = queryField(live.lookup);
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(resultDocument(results, fields, { query }), null, 2)}\n`);
    return;
  }
  const st = styleFor(process.stdout);
  const hostsFile = flags.hostsFile ?? DEFAULT_HOSTS_FILE;
  const dnsFrom = `DNS (${flags.server ?? 'resolv.conf servers'}, ${flags.inputOrder ?? 'a-first'})`;
  const from: Record<string, string> = { dns: dnsFrom, hosts: hostsFile, 'hosts+dns': `${hostsFile} and ${dnsFrom}`, literal: 'the name itself (an address)' };
  const records = live.lookup.records;
  const header = records.length
    ? `${name}: ${records.join(', ')} (from ${from[live.lookup.source] ?? live.lookup.source})`
    : `${name}: no records (${live.lookup.messages.join('; ') || `not in ${hostsFile}`})`;
  process.stdout.write(st.dim(header) + '\n');
  if (records.length) for (const m of live.lookup.messages) if (/^(A|AAAA) /.test(m)) warn([m]);
  process.stdout.write(`${results.length === 1 ? renderSimulation(results[0]!, st, { explain: !!flags.explain || !!flags.allPairs, gaiConfFile: gaiConfFile(flags) }) : renderSideBySide(results, st)}\n`);
}

type FirstKind = 'ipv6' | 'ipv4' | 'unusable' | 'failed';

/** What a connect() loop over the result tries first. */
export function firstKind(r: SimulationResult): FirstKind {
  const first = r.results[0];
  if (r.status !== 'OK' || !first) return 'failed';
  if (!first.usable) return 'unusable';
  return first.family === 4 || first.address.startsWith('::ffff:') ? 'ipv4' : 'ipv6';
}

const NAMES_CONCURRENCY = 8;

/** `--names`: every name looked up and simulated, 8 at a time, JSON Lines in input order. */
async function runNames(path: string, profiles: ProfileName[], flags: SimulateFlags, fields: Projection): Promise<number> {
  const file = displayName(path);
  const names: { line: number; name: string }[] = [];
  readText(path)
    .split('\n')
    .forEach((raw, i) => {
      const t = raw.trim();
      if (t !== '' && !t.startsWith('#')) names.push({ line: i + 1, name: t });
    });
  const base = liveBase(flags);
  const tty = !!process.stderr.isTTY;
  const st = styleFor(process.stderr);
  const counts = { ipv6: 0, ipv4: 0, unusable: 0, failed: 0, lookupErrors: 0, badNames: 0 };
  const lines: (string | undefined)[] = new Array<string | undefined>(names.length);
  let emitted = 0;
  let done = 0;
  let status: number = EXIT.OK;
  const progress = () => {
    if (!tty) return;
    const width = 30;
    const filled = names.length ? Math.round((done / names.length) * width) : width;
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${names.length}`);
  };
  const flush = async () => {
    let chunk = '';
    while (emitted < names.length && lines[emitted] !== undefined) {
      chunk += lines[emitted]! + '\n';
      lines[emitted] = '';
      emitted++;
    }
    if (chunk && !process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
  };
  const one = async (k: number): Promise<string> => {
    const { line, name } = names[k]!;
    try {
      checkName(name);
    } catch (e) {
      counts.badNames++;
      status = EXIT.BAD_INPUT;
      if (tty) process.stderr.write('\r\u001b[K');
      process.stderr.write(`${file}:${line}: ${(e as Error).message}\n`);
      return JSON.stringify({ schemaVersion: 1, error: { file, line, message: (e as Error).message } });
    }
    let live: LiveScenario;
    try {
      live = await scenarioForName(name, base, flags);
    } catch (e) {
      counts.failed++;
      counts.lookupErrors++;
      return JSON.stringify({ schemaVersion: 1, query: { name }, error: { file, line, message: (e as Error).message } });
    }
    const query = queryField(live.lookup);
    const failure = failedLookup(live);
    if (failure) {
      counts.failed++;
      counts.lookupErrors++;
      return JSON.stringify({ schemaVersion: 1, query, error: { file, line, message: failure } });
    }
    const results = profiles.map((profile) => simulateLive(live, simulateOptions(profile, flags)));
    counts[firstKind(results[0]!)]++;
    return JSON.stringify(resultDocument(results, fields, { query }));
  };
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const k = next++;
      lines[k] = await one(k);
      done++;
      progress();
      await flush();
    }
  };
  progress();
  await Promise.all(Array.from({ length: Math.min(NAMES_CONCURRENCY, Math.max(1, names.length)) }, worker));
  await flush();
  if (tty) process.stderr.write('\r\u001b[K');
  const looked = names.length - counts.badNames;
  const failedDetail = counts.failed ? ` (${counts.failed - counts.lookupErrors} without an address, ${counts.lookupErrors} lookup error${counts.lookupErrors === 1 ? '' : 's'})` : '';
  process.stderr.write(
    `${st.bold('gaiconf:')} ${looked} name${looked === 1 ? '' : 's'}${profiles.length > 1 ? ` (${profiles[0]} profile)` : ''}: ` +
      `${counts.ipv6} IPv6 first, ${counts.ipv4} IPv4 first, ${counts.unusable} unusable first, ${counts.failed} failed${failedDetail}` +
      `${counts.badNames ? `; ${counts.badNames} invalid line${counts.badNames === 1 ? '' : 's'}` : ''}\n`,
  );
  // bad lines first (exit 2: fix the input); else a lookup that failed (timeout, SERVFAIL, …) is
  // the environment's (exit 3), as for one NAME; NXDOMAIN is an answer (EAI_NONAME), not a failure
  return status === EXIT.OK && counts.lookupErrors > 0 ? EXIT.ENVIRONMENT : status;
}
