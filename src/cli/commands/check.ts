// `gaiconf check NAME…`: the system's own getaddrinfo next to the simulation of this host.
//
// The system side is node's dns.lookup(name, { all: true, order: 'verbatim', family, hints }),
// which calls glibc's getaddrinfo(name, NULL, { ai_family, ai_socktype: SOCK_STREAM,
// ai_flags: hints }) on a libuv thread and returns its list unchanged (checked with an
// LD_PRELOAD shim: family 0, SOCK_STREAM, flags 0 by default). It runs in a child node
// process, so a getaddrinfo that crashes (a gai.conf glibc cannot parse) is observed, not fatal.
//
// The simulation side is this host captured live, /etc/gai.conf, and the records glibc would
// get: /etc/hosts lines, else DNS A and AAAA in the chosen input order (docs/live.md).
//
// Also home to the helpers live `simulate` shares: gai.conf reading, live capture, DNS options.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { formatIp } from '../../address/format.js';
import { parseIp } from '../../address/ip.js';
import { explainOrder, type ExplainStep } from '../../explain.js';
import { captureLinuxHost, CaptureError, type CapturedHost, type CaptureSource } from '../../adapters/host-from-linux.js';
import { DEFAULT_DNS_TIMEOUT_MS, INPUT_ORDERS, parseServer, type DnsOptions, type InputOrder } from '../../adapters/records-from-dns.js';
import { lookupFamily, recordsForName, recordsForNumericHost, type NameRecords } from '../../adapters/records-for-name.js';
import { inetAtonExact } from '../../address/inet-aton.js';
import { inetPton6 } from '../../address/inet-pton.js';
import { numericHost } from '../../order/numeric-host.js';
import { quoteShort } from '../../text/short.js';
import { DEFAULT_HOSTS_FILE } from '../../adapters/records-from-hosts.js';
import { runProfileValidated, simulateValidated, type SimulateOptions, type SimulationResult } from '../../simulate.js';
import type { OrderOutcome } from '../../order/facts.js';
import type { AiFlag, QueryFamily, Scenario, ScenarioHost } from '../../scenario/types.js';
import { AI_FLAGS, MAX_RECORDS, QUERY_FAMILIES, QUERY_NAME_PATTERN, validateScenario } from '../../scenario/validate.js';
import { CliError, EXIT } from '../exit-codes.js';
import { styleFor, type Style } from '../style.js';
import { compareSources, renderSources, type SourceComparison } from './check-sources.js';

// ---------------------------------------------------------------------------------------------
// Shared with `simulate` (live mode)

export const DEFAULT_GAI_CONF = '/etc/gai.conf';

/** gai.conf text; an absent file is "no gai.conf" (null), as for glibc. */
export function readGaiConfOrNone(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return null;
    throw new CliError(`${path}: cannot read: ${err.code ?? err.message}`, EXIT.ENVIRONMENT, 'check its permissions, or give --gai-conf FILE');
  }
}

/** The live host, or a CliError (exit 3) saying why it cannot be read. */
export function captureOrFail(source: CaptureSource = 'auto', elsewhere = 'give --host FILE (a host captured with `gaiconf host capture` on Linux, or written)'): CapturedHost {
  if (process.platform !== 'linux') {
    throw new CliError(`the live host can only be read on Linux, not ${process.platform}`, EXIT.BAD_INPUT, elsewhere);
  }
  try {
    return captureLinuxHost({ source });
  } catch (e) {
    if (e instanceof CaptureError) throw new CliError(`cannot read the live host: ${e.message}`, EXIT.ENVIRONMENT, 'install iproute2, or try --source proc');
    throw e;
  }
}

export interface LiveFlags {
  server?: string;
  inputOrder?: string;
  hostsFile?: string;
  dnsTimeout?: string;
  dns?: boolean;
}

/** --server, --input-order, --dns-timeout → DnsOptions, or a usage error. */
export function dnsOptionsOf(flags: LiveFlags): DnsOptions {
  const out: DnsOptions = {};
  if (flags.server !== undefined) {
    const s = parseServer(flags.server);
    if (!s.ok) throw new CliError(s.message, EXIT.BAD_INPUT, 'e.g. --server 127.0.0.1:5353 or --server [::1]:53');
    out.server = flags.server;
  }
  const order = flags.inputOrder ?? 'a-first';
  if (!(INPUT_ORDERS as readonly string[]).includes(order)) {
    throw new CliError(`--input-order ${order}: unknown order`, EXIT.BAD_INPUT, `use ${INPUT_ORDERS.join(' or ')}`);
  }
  out.inputOrder = order as InputOrder;
  if (flags.dnsTimeout !== undefined) {
    const ms = Number(flags.dnsTimeout);
    if (!/^\d+$/.test(flags.dnsTimeout) || ms < 1 || ms > 600_000) throw new CliError(`--dns-timeout ${flags.dnsTimeout}: not a number of milliseconds (1–600000)`, EXIT.BAD_INPUT);
    out.timeoutMs = ms;
  }
  return out;
}

/**
 * --flags → the scenario's AI_* flags. AI_NUMERICHOST is taken only in live mode (`live`), where
 * it decides whether a name may be looked up at all; it is left out of the list (see
 * hasNumericHostFlag).
 */
export function aiFlagsOf(text: string | undefined, live = false): AiFlag[] {
  if (text === undefined) return [];
  const list = text.split(',').map((x) => x.trim()).filter(Boolean);
  for (const f of list) {
    if (f === 'AI_NUMERICHOST') {
      if (!live) throw new CliError('--flags AI_NUMERICHOST: only a live lookup takes it (simulate NAME, --names)', EXIT.BAD_INPUT, 'a scenario lists the answers itself');
      continue;
    }
    if (!(AI_FLAGS as readonly string[]).includes(f)) throw new CliError(`--flags: unknown flag ${f}`, EXIT.BAD_INPUT, `use ${AI_FLAGS.join(', ')}${live ? ', AI_NUMERICHOST' : ''}`);
  }
  return list.filter((f) => f !== 'AI_NUMERICHOST') as AiFlag[];
}

/** --flags has AI_NUMERICHOST. */
export function hasNumericHostFlag(text: string | undefined): boolean {
  return text !== undefined && text.split(',').some((x) => x.trim() === 'AI_NUMERICHOST');
}

export function familyOf(text: string | undefined): QueryFamily {
  if (text === undefined) return 'AF_UNSPEC';
  if (!(QUERY_FAMILIES as readonly string[]).includes(text)) throw new CliError(`--family ${text}: unknown family`, EXIT.BAD_INPUT, `use ${QUERY_FAMILIES.join(', ')}`);
  return text as QueryFamily;
}

/**
 * A name to look up must be a host name DNS can carry, or a numeric host (which never reaches
 * DNS): else it is bad input (exit 2), not a lookup that fails later for the environment's
 * reasons. A DNS name: labels of 1–63 characters separated by single dots, at most 253
 * characters without the final dot; no brackets (a URL's [::1] is written ::1 here). With
 * `lookedUp` false (the name only labels records given on the command line) any name without
 * blanks or control characters will do, as in a scenario.
 */
export function checkName(name: string, lookedUp = true): void {
  const shown = quoteShort(name, 70);
  if (!QUERY_NAME_PATTERN.test(name)) throw new CliError(`${shown} is not a host name`, EXIT.BAD_INPUT, 'give a name without spaces or control characters');
  if (!lookedUp) return; // only a label for given records (simulate NAME --records)
  if (inetAtonExact(name) || inetPton6(name.split('%')[0]!)) return; // numeric: glibc answers it itself
  if (/^\[.*\]$/.test(name)) throw new CliError(`${shown} is not a host name`, EXIT.BAD_INPUT, `write the address without brackets: ${quoteShort(name.slice(1, -1), 70)}`);
  const body = name.endsWith('.') ? name.slice(0, -1) : name;
  if (body.length > 253) throw new CliError(`${shown} is not a host name: ${body.length} characters, DNS allows 253`, EXIT.BAD_INPUT, 'check the name');
  const labels = body.split('.');
  const empty = labels.findIndex((l) => l === '');
  if (empty >= 0) throw new CliError(`${shown} is not a host name: it has an empty label (${name.startsWith('.') ? 'a leading dot' : '".."'})`, EXIT.BAD_INPUT, 'labels are separated by single dots');
  const long = labels.find((l) => l.length > 63);
  if (long) throw new CliError(`${shown} is not a host name: it has a label of ${long.length} characters, DNS allows 63`, EXIT.BAD_INPUT, 'check the name');
  if (/[[\]%]/.test(name)) throw new CliError(`${shown} is not a host name, nor an address getaddrinfo reads`, EXIT.BAD_INPUT, 'an IPv6 address with a scope is written fe80::1%eth0');
}

export interface LiveScenario {
  scenario: Scenario;
  lookup: NameRecords;
}

/** What a live lookup starts from: the host, its gai.conf, the flags and family (AI_NUMERICHOST apart). */
export interface LiveBaseInput {
  host: ScenarioHost;
  gaiConf: string | null;
  flags: AiFlag[];
  family: QueryFamily;
  numericHost?: boolean;
}

/**
 * More answers than the simulation models (MAX_RECORDS): keep both families, each in its
 * order (a family with fewer answers than half keeps them all), and say what was cut.
 */
export function keepRecords(name: string, records: readonly string[], messages: string[]): string[] {
  if (records.length <= MAX_RECORDS) return [...records];
  const isV4 = (a: string) => !a.includes(':') || a.startsWith('::ffff:');
  const v4 = records.filter(isV4);
  const v6 = records.filter((a) => !isV4(a));
  const half = MAX_RECORDS / 2;
  const k4 = v6.length < half ? MAX_RECORDS - v6.length : Math.min(v4.length, Math.max(half, MAX_RECORDS - v6.length));
  const k6 = MAX_RECORDS - k4;
  const keep4 = new Set(v4.slice(0, k4));
  const keep6 = new Set(v6.slice(0, k6));
  const cut = [v4.length > k4 ? `${v4.length - k4} IPv4` : '', v6.length > k6 ? `${v6.length - k6} IPv6` : ''].filter(Boolean).join(' and ');
  messages.push(`${name}: ${records.length} answers (${v4.length} IPv4, ${v6.length} IPv6); the simulation takes ${MAX_RECORDS}: the first ${k4} IPv4 and the first ${k6} IPv6, in their order; ${cut} cut`);
  let n4 = 0;
  let n6 = 0;
  return records.filter((a) => (isV4(a) ? keep4.has(a) && n4++ < k4 : keep6.has(a) && n6++ < k6));
}

/** A name → the scenario glibc would sort on this host: a numeric host as itself, else records from the hosts file, else DNS. */
export async function scenarioForName(name: string, base: LiveBaseInput, flags: LiveFlags): Promise<LiveScenario> {
  const numeric = numericHost(name, { family: base.family, flags: base.numericHost ? [...base.flags, 'AI_NUMERICHOST'] : base.flags }, base.host);
  const lookup =
    numeric !== null
      ? recordsForNumericHost(name, numeric, flags.hostsFile ?? DEFAULT_HOSTS_FILE)
      : await recordsForName(name, {
          ...dnsOptionsOf(flags),
          hostsFile: flags.hostsFile ?? DEFAULT_HOSTS_FILE,
          family: lookupFamily(base.host, base.family, base.flags),
          v4mapped: base.flags.includes('AI_V4MAPPED'),
          noDns: flags.dns === false,
        });
  const records = keepRecords(name, lookup.records, lookup.messages);
  const query: Scenario['query'] = { name, records };
  // A numeric host's answer is final (the family and flags are already applied, and one address
  // is not sorted): it is simulated as a plain answer, not as NSS data those flags would filter.
  if (numeric === null && base.flags.length) query.flags = base.flags;
  if (numeric === null && base.family !== 'AF_UNSPEC') query.family = base.family;
  const v = validateScenario({ name, host: base.host, gaiConf: base.gaiConf, query }, '<live>');
  if (!v.ok) throw new CliError(v.errors.map((e) => `${e.path}: ${e.message}\n  hint: ${e.hint}`).join('\n'), EXIT.BAD_INPUT);
  return { scenario: v.scenario, lookup };
}

/**
 * The simulation of a live lookup: a numeric host glibc refuses (EAI_ADDRFAMILY, a bad scope)
 * has that status, not the empty lookup's EAI_NONAME.
 */
export function simulateLive(live: LiveScenario, options: SimulateOptions): SimulationResult {
  const result = simulateValidated(live.scenario, options);
  const status = live.lookup.lookupStatus;
  if (live.lookup.source === 'literal' && status !== 'OK' && result.status !== status) return { ...result, status };
  return result;
}

export function warn(lines: readonly string[], st: Style = styleFor(process.stderr)): void {
  for (const l of lines) process.stderr.write(`${st.yellow('gaiconf: warning:')} ${l}\n`);
}

/** `query` field of live results: the name, its records and where they came from. */
export function queryField(lookup: NameRecords) {
  return {
    name: lookup.name,
    records: lookup.records,
    source: lookup.source,
    dns: lookup.dns ? lookup.dns.perFamily : null,
    messages: lookup.messages,
  };
}

// ---------------------------------------------------------------------------------------------
// The system's getaddrinfo

export interface SystemAnswer {
  /** 'OK', a getaddrinfo error (EAI_NONAME for node's ENOTFOUND, …), or the signal that killed the lookup. */
  status: string;
  /** node's own error code, when it failed. */
  code: string | null;
  order: string[];
  /** What was passed to dns.lookup. */
  call: { name: string; all: true; order: 'verbatim'; family: 0 | 4 | 6; hints: number };
  /** Per answer (in `order`), the kernel's source for it: a UDP socket of the answer's family
   * connect()ed to it (no packet is sent) and its getsockname(), or connect()'s errno. */
  sources: { address: string; source: string | null; errno: string | null }[];
}

const HINT_BITS: Partial<Record<AiFlag, number>> = { AI_ADDRCONFIG: 0x20, AI_V4MAPPED: 0x08, AI_ALL: 0x10 };
const NODE_FAMILY: Record<QueryFamily, 0 | 4 | 6> = { AF_UNSPEC: 0, AF_INET: 4, AF_INET6: 6 };
/** node's codes for getaddrinfo failures (uv_getaddrinfo → node:dns). */
const EAI_OF_NODE: Record<string, string> = { ENOTFOUND: 'EAI_NONAME', ENODATA: 'EAI_NODATA' };

/** The port the source probes connect to: node's dgram refuses port 0 (glibc's probe uses the
 * answer's port, 0 without a service); only \`ip rule … dport\` selectors can tell them apart. */
export const SOURCE_PROBE_PORT = 9;

// After the lookup, in the same process (and so the same namespace, uid and routing), each answer
// gets a UDP socket of its own family (an IPv4 answer AF_INET, an IPv6 or v4-mapped one AF_INET6,
// as glibc's rfc3484 probe does) that is connect()ed and asked for its address: connect() on UDP
// only routes, it sends nothing, and nothing is ever sent on these sockets.
const LOOKUP_SCRIPT = `
const dns = require('node:dns');
const dgram = require('node:dgram');
const [name, family, hints, port] = process.argv.slice(1);
const probe = (address) => new Promise((resolve) => {
  let socket;
  try {
    socket = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
  } catch (e) {
    return resolve({ address, source: null, errno: e.code || String(e) });
  }
  socket.on('error', () => {});
  try {
    socket.connect(Number(port), address, (err) => {
      let out;
      if (err) out = { address, source: null, errno: err.code || String(err) };
      else {
        try {
          out = { address, source: socket.address().address, errno: null };
        } catch (e) {
          out = { address, source: null, errno: e.code || String(e) };
        }
      }
      socket.close();
      resolve(out);
    });
  } catch (e) {
    socket.close();
    resolve({ address, source: null, errno: e.code || String(e) });
  }
});
dns.lookup(name, { all: true, order: 'verbatim', family: Number(family), hints: Number(hints) }, async (err, list) => {
  if (err) return process.stdout.write(JSON.stringify({ error: err.code || String(err) }));
  const addresses = list.map((a) => a.address);
  const sources = [];
  for (const a of addresses) sources.push(await probe(a));
  process.stdout.write(JSON.stringify({ addresses, sources }));
});`;

export function lookupCall(name: string, flags: readonly AiFlag[], family: QueryFamily): SystemAnswer['call'] {
  let hints = 0;
  for (const f of flags) {
    const bit = HINT_BITS[f];
    if (bit === undefined) throw new CliError(`--flags ${f}: node's dns.lookup cannot pass it to getaddrinfo`, EXIT.BAD_INPUT, 'AI_CANONNAME does not change the order: leave it out');
    hints |= bit;
  }
  return { name, all: true, order: 'verbatim', family: NODE_FAMILY[family], hints };
}

/** dns.lookup in a child node process: the system's getaddrinfo, crash included. */
export function systemLookup(call: SystemAnswer['call'], timeoutMs = 60_000): Promise<SystemAnswer> {
  return new Promise((resolve, reject) => {
    // node:child_process loads on first use, not at CLI start.
    const { spawn } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
    const child = spawn(process.execPath, ['-e', LOOKUP_SCRIPT, call.name, String(call.family), String(call.hints), String(SOURCE_PROBE_PORT)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new CliError(`cannot run ${process.execPath} for the system lookup: ${e.message}`, EXIT.ENVIRONMENT));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) return resolve({ status: signal, code: signal, order: [], call, sources: [] });
      try {
        const v = JSON.parse(out) as { error?: string; addresses?: string[]; sources?: SystemAnswer['sources'] };
        if (v.error !== undefined) return resolve({ status: EAI_OF_NODE[v.error] ?? v.error, code: v.error, order: [], call, sources: [] });
        const sources = (v.sources ?? []).map((x) => ({ address: canonical(x.address), source: x.source === null ? null : canonical(x.source), errno: x.errno }));
        resolve({ status: 'OK', code: null, order: (v.addresses ?? []).map(canonical), call, sources });
      } catch {
        reject(new CliError(`the system lookup of ${call.name} failed (exit ${code}): ${err.trim() || out.trim()}`, EXIT.ENVIRONMENT));
      }
    });
  });
}

const canonical = (a: string): string => {
  const ip = parseIp(a.split('%')[0]!);
  return ip ? formatIp(ip) : a;
};

// ---------------------------------------------------------------------------------------------
// Comparing

export interface Divergence {
  /** 0-based position of the first difference. */
  index: number;
  system: string | null;
  simulation: string | null;
  /** The two lists hold different addresses (not only a different order). */
  differentSets: boolean;
}

export interface CheckOutcome {
  name: string;
  verdict: 'agree' | 'disagree' | 'error';
  system: SystemAnswer | null;
  simulation: SimulationResult | null;
  query: ReturnType<typeof queryField> | null;
  divergence: Divergence | null;
  /** The system's adjacent pairs as the simulation's comparator judges them. */
  systemTrace: (ExplainStep & { agrees: boolean })[];
  message: string | null;
  /** Per answer of the system's list, the kernel's real source beside the simulated one. */
  sources: SourceComparison[];
  /** Every source agrees (a multipath answer: the real one is among the candidates); null when
   * there was nothing to compare (a side failed). */
  sourcesAgree: boolean | null;
}

export function compareOrders(system: SystemAnswer, sim: SimulationResult): Divergence | null {
  const okSys = system.status === 'OK';
  const okSim = sim.status === 'OK';
  if (!okSys || !okSim) {
    if (!okSys && !okSim) return null;
    return { index: 0, system: okSys ? (system.order[0] ?? null) : null, simulation: okSim ? (sim.order[0] ?? null) : null, differentSets: true };
  }
  const a = system.order;
  const b = sim.order;
  const sameSets = a.length === b.length && [...a].sort().join() === [...b].sort().join();
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return { index: i, system: a[i] ?? null, simulation: b[i] ?? null, differentSets: !sameSets };
  }
  return null;
}

/** The system's order, pair by pair, judged by the simulation's comparator. */
export function judgeOrder(outcome: OrderOutcome, order: readonly string[]): (ExplainStep & { agrees: boolean })[] {
  const pool = [...outcome.answers];
  const picked: OrderOutcome['answers'][number][] = [];
  for (const a of order) {
    const i = pool.findIndex((f) => formatIp(f.address) === a);
    if (i < 0) return [];
    picked.push(pool.splice(i, 1)[0]!);
  }
  // Explained as if the sort had produced this order, then the sort-specific wording dropped.
  const steps = explainOrder({ ...outcome, answers: picked, comparisons: [] });
  return steps.map((s, k) => {
    const c = outcome.compare(picked[k]!.index, picked[k + 1]!.index);
    const text = s.text.replace(/ \(the sort never compared these two directly\)/, '').replace(/; yet the sort put .*$/, '');
    return { ...s, compared: false, text, agrees: c.result <= 0 };
  });
}

async function checkOne(
  name: string,
  base: { host: ScenarioHost; gaiConf: string | null; flags: AiFlag[]; family: QueryFamily },
  flags: LiveFlags,
): Promise<CheckOutcome> {
  const call = lookupCall(name, base.flags, base.family);
  const [system, live] = await Promise.all([systemLookup(call), scenarioForName(name, base, flags)]);
  const query = queryField(live.lookup);
  if (live.lookup.lookupStatus === 'EAI_AGAIN' && system.status === 'OK') {
    return {
      name,
      verdict: 'error',
      system,
      simulation: null,
      query,
      divergence: null,
      systemTrace: [],
      message: `cannot simulate ${name}: the DNS lookup for its records failed (${live.lookup.messages.join('; ')})`,
      sources: [],
      sourcesAgree: null,
    };
  }
  const simulation = simulateLive(live, { profile: 'glibc' });
  const divergence = compareOrders(system, simulation);
  const systemTrace = divergence && system.status === 'OK' ? judgeOrder(runProfileValidated(live.scenario, { profile: 'glibc' }), system.order) : [];
  let message: string | null = null;
  if (!divergence && system.status !== simulation.status) message = `both fail: the system says ${system.status}, the simulation ${simulation.status}`;
  if (divergence?.differentSets && system.status === 'OK' && simulation.status === 'OK') {
    const onlySys = system.order.filter((a) => !simulation.order.includes(a));
    const onlySim = simulation.order.filter((a) => !system.order.includes(a));
    message = `the answers differ, not only their order (system only: ${onlySys.join(', ') || '-'}; simulation only: ${onlySim.join(', ') || '-'}): the resolver gave the system other records (DNS rotation, a search domain, another nsswitch source?)`;
  }
  const sources = compareSources(system, simulation);
  const sourcesAgree = sources.length ? sources.every((c) => c.agree) : null;
  if (!divergence && sourcesAgree === false) {
    const bad = sources.filter((c) => !c.agree).map((c) => `${c.address}: the system's source is ${c.realSource ?? c.realErrno}, the simulation's ${c.simulatedCandidates ? `one of ${c.simulatedCandidates.join(', ')}` : (c.simulatedSource ?? c.simulatedErrno)}`);
    message = `the order agrees, but not every source: ${bad.join('; ')}`;
  }
  return { name, verdict: divergence || sourcesAgree === false ? 'disagree' : 'agree', system, simulation, query, divergence, systemTrace, message, sources, sourcesAgree };
}

// ---------------------------------------------------------------------------------------------
// Output

function renderCheck(c: CheckOutcome, st: Style): string {
  const out: string[] = [];
  const sys = c.system;
  const sim = c.simulation;
  const list = (status: string | undefined, order: readonly string[] | undefined) => (status === 'OK' ? (order ?? []).join(', ') || '(none)' : st.red(status ?? '?'));
  if (c.verdict === 'agree') {
    out.push(`${st.green('agree')}    ${st.bold(c.name)}: ${list(sys?.status, sys?.order)}${c.query ? st.dim(`  (records from ${c.query.source})`) : ''}`);
    if (c.message) out.push(`         ${st.dim(c.message)}`);
    out.push(...renderSources(c.sources, st, '         '));
    return out.join('\n');
  }
  if (c.verdict === 'error') {
    out.push(`${st.yellow('error')}    ${st.bold(c.name)}: ${c.message ?? ''}`);
    return out.join('\n');
  }
  const d = c.divergence;
  if (d) out.push(`${st.red('DISAGREE')} ${st.bold(c.name)}: first difference at position ${d.index + 1}: the system has ${d.system ?? 'nothing'}, the simulation ${d.simulation ?? 'nothing'}`);
  else out.push(`${st.red('DISAGREE')} ${st.bold(c.name)}: the same order, but not the same sources`);
  out.push(`  system     (getaddrinfo): ${list(sys?.status, sys?.order)}`);
  out.push(`  simulation (glibc):       ${list(sim?.status, sim?.order)}`);
  out.push(...renderSources(c.sources, st, '  '));
  if (c.query) out.push(st.dim(`  records (${c.query.source}): ${c.query.records.join(', ') || '(none)'}`));
  if (c.message) out.push(`  ${c.message}`);
  if (sim && sim.explain.length) {
    out.push('  the simulation\'s order, explained:');
    for (const s of sim.explain) out.push(`    ${s.first} before ${s.second}: ${s.text}`);
  }
  if (c.systemTrace.length) {
    out.push('  the system\'s order, judged by the simulation\'s rules:');
    for (const s of c.systemTrace) out.push(`    ${s.first} before ${s.second}: ${s.agrees ? st.green('agrees') : st.red('the simulation prefers the other')} — ${s.text}`);
  }
  return out.join('\n');
}

interface CheckFlags extends LiveFlags {
  flags?: string;
  family?: string;
  gaiConf?: string;
  json?: boolean;
  source?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description("this host's own getaddrinfo (node dns.lookup) next to the simulation of this host; exit 0 when they agree, 1 when not")
    .argument('<names...>', 'names to look up')
    .option('--flags <list>', 'comma-separated AI_* flags passed as dns.lookup hints (AI_ADDRCONFIG, AI_V4MAPPED, AI_ALL)')
    .option('--family <family>', 'AF_UNSPEC (default), AF_INET or AF_INET6')
    .option('--gai-conf <file>', 'gai.conf the simulation uses', DEFAULT_GAI_CONF)
    .option('--hosts-file <path>', 'hosts file read before DNS', DEFAULT_HOSTS_FILE)
    .option('--server <ip[:port]>', 'DNS server for the simulation\'s records (default: resolv.conf)')
    .option('--input-order <order>', 'where DNS answers go in the unsorted list: a-first or aaaa-first', 'a-first')
    .option('--dns-timeout <ms>', `per-attempt DNS timeout (default ${DEFAULT_DNS_TIMEOUT_MS})`)
    .option('--source <reader>', 'how to read the live host: auto, ip or proc', 'auto')
    .option('--json', 'print { schemaVersion, agree, checks: [...] }')
    .action(async (names: string[], flags: CheckFlags) => {
      for (const n of names) checkName(n);
      const aiFlags = aiFlagsOf(flags.flags);
      const family = familyOf(flags.family);
      lookupCall('x', aiFlags, family); // reject unpassable flags before any work
      dnsOptionsOf(flags);
      if (!['auto', 'ip', 'proc'].includes(flags.source ?? 'auto')) throw new CliError(`--source ${flags.source}: use auto, ip or proc`, EXIT.BAD_INPUT);
      const captured = captureOrFail((flags.source ?? 'auto') as CaptureSource, 'check compares with the system getaddrinfo of a Linux host: run it there');
      const gaiConf = readGaiConfOrNone(flags.gaiConf ?? DEFAULT_GAI_CONF);
      const st = styleFor(process.stdout);
      if (!flags.json) warn(captured.warnings);
      const base = { host: captured.host, gaiConf, flags: aiFlags, family };
      const checks: CheckOutcome[] = [];
      for (const name of names) {
        const c = await checkOne(name, base, flags);
        checks.push(c);
        if (!flags.json) process.stdout.write(`${renderCheck(c, st)}\n`);
      }
      const agree = checks.every((c) => c.verdict === 'agree');
      if (flags.json) {
        const doc = {
          schemaVersion: 1,
          agree,
          host: { method: captured.method, warnings: captured.warnings },
          gaiConf: flags.gaiConf ?? DEFAULT_GAI_CONF,
          checks,
        };
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      }
      process.exitCode = checks.some((c) => c.verdict === 'disagree') ? EXIT.FINDINGS : checks.some((c) => c.verdict === 'error') ? EXIT.ENVIRONMENT : EXIT.OK;
    });
}
