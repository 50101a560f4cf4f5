// The oracle: build the host a Scenario describes inside a fresh Linux network namespace and
// ask the real glibc and musl getaddrinfo() (test/oracle/probe.c) what they answer there.
//
// Each namespace is named gaic-<pid>-<counter>: parallel runs never collide, and a namespace
// whose pid is dead is a leftover of a killed run that cleanupLeftovers() may remove. Nothing
// else is ever deleted, and nothing leaves a namespace: UDP connect() sends no packet and
// resolv.conf points at the namespace's own loopback.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Ip } from '../../src/address/ip.js';
import { parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import type { Scenario, ScenarioAddress, ScenarioRoute } from '../../src/scenario/types.js';

export interface OracleAnswer {
  address: string;
  family: 4 | 6;
  source: string | null;
  errno: string | null;
}
export interface OracleResult {
  /** 'OK', 'EAI_…', or the name of the signal that killed the probe ('SIGSEGV'). */
  status: string;
  answers: OracleAnswer[];
}
export interface OracleRun {
  glibc: OracleResult;
  musl: OracleResult;
}
export interface OracleEnvironment {
  glibc: string;
  musl: string;
  kernel: string;
}

/** A scenario feature the kernel or `ip` cannot reproduce; callers skip such scenarios. */
export class UnsupportedByHostBuilder extends Error {
  constructor(what: string) {
    super(`unsupported by host builder: ${what}`);
    this.name = 'UnsupportedByHostBuilder';
  }
}

const PREFIX = 'gaic-';
const OWN_NAME = /^gaic-(\d+)-(\d+)$/;
const NETNS_ETC = '/etc/netns';
/** Where iproute2 keeps its named namespaces (NETNS_RUN_DIR). */
const NETNS_RUN = '/var/run/netns';
/** The files `ip netns exec` bind-mounts over /etc; each must exist there to be replaced. */
const ETC_FILES = ['hosts', 'gai.conf', 'nsswitch.conf', 'host.conf', 'resolv.conf'] as const;
const DEFAULT_NAME = 'host.test';
const PROBE_TIMEOUT_MS = 10_000;
const IP_TIMEOUT_MS = 10_000;

const ORACLE_DIR = fileURLToPath(new URL('../oracle/', import.meta.url));
const PROBE_SOURCE = join(ORACLE_DIR, 'probe.c');
const BUILD_DIR = join(ORACLE_DIR, 'build');

// ---------------------------------------------------------------------------------------------
// Host plan: Scenario → the sysctls, `ip -batch` lines and /etc files that reproduce it.
// Pure, so a bad scenario throws before any namespace exists.

export interface HostPlan {
  /** `key=value` for `sysctl -w`, applied before any interface exists. */
  sysctls: string[];
  /** Lines for `ip -n NAME -batch -`, in order. */
  batch: string[];
  /** File name under /etc/netns/NAME → exact content. */
  files: Record<(typeof ETC_FILES)[number], string>;
  /** Probe arguments after the binary. */
  probeArgs: string[];
}

interface Cidr {
  ip: Ip;
  len: number;
}

function parseCidr(text: string, what: string): Cidr {
  const slash = text.indexOf('/');
  const addrText = slash < 0 ? text : text.slice(0, slash);
  const ip = parseIp(addrText);
  if (!ip) throw new Error(`${what}: invalid address ${JSON.stringify(text)}`);
  const max = ip.family === 4 ? 32 : 128;
  if (slash < 0) return { ip, len: max };
  const lenText = text.slice(slash + 1);
  const len = Number(lenText);
  if (!/^\d{1,3}$/.test(lenText) || len > max) {
    throw new Error(`${what}: invalid prefix length in ${JSON.stringify(text)}`);
  }
  return { ip, len };
}

function parseHostAddress(text: string, what: string): Ip {
  const ip = parseIp(text);
  if (!ip) throw new Error(`${what}: invalid address ${JSON.stringify(text)}`);
  return ip;
}

interface Connected {
  cidr: Cidr;
  dev: string;
}

const cidrText = (c: Cidr): string => `${formatIp(c.ip)}/${c.len}`;
/** matchesPrefix works on 16-byte forms, where IPv4 sits behind the 96-bit mapped prefix. */
const prefixBits = (c: Cidr): number => (c.ip.family === 4 ? c.len + 96 : c.len);
const isLinkLocal6 = (ip: Ip): boolean => ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;

/** A batch line is split on blanks by `ip`; a name with a blank would smuggle in arguments. */
function checkInterfaceName(name: string): void {
  if (!/^[A-Za-z0-9_.@+-]{1,15}$/.test(name) || name === '.' || name === '..') {
    throw new Error(`interface name ${JSON.stringify(name)} is not a valid Linux interface name`);
  }
}

function addressObject(a: ScenarioAddress) {
  return typeof a === 'string' ? { address: a } : a;
}

export function planHost(scenario: Scenario): HostPlan {
  const host = scenario.host;
  const ipv6 = host.ipv6 !== false;
  const sysctls: string[] = [];
  if (!ipv6) {
    // Before lo goes up, or it would get ::1.
    for (const dev of ['all', 'default', 'lo']) sysctls.push(`net.ipv6.conf.${dev}.disable_ipv6=1`);
  }
  if (host.useTempaddr !== undefined && host.useTempaddr !== 0) {
    if (!Number.isInteger(host.useTempaddr)) throw new Error(`useTempaddr must be an integer`);
    for (const dev of ['all', 'default']) sysctls.push(`net.ipv6.conf.${dev}.use_tempaddr=${host.useTempaddr}`);
  }

  const names = new Set<string>();
  for (const itf of host.interfaces) {
    checkInterfaceName(itf.name);
    if (names.has(itf.name)) throw new Error(`interface ${itf.name} is listed twice`);
    names.add(itf.name);
  }
  const peerNames: string[] = [];
  const peerName = (): string => {
    for (let k = peerNames.length; ; k++) {
      const p = `p${k}`;
      if (!names.has(p) && !peerNames.includes(p)) return p;
    }
  };

  const batch: string[] = [];
  const loopback = host.interfaces.find((i) => i.name === 'lo');
  const loUp = loopback?.up !== false;
  if (loUp) batch.push('link set dev lo up');

  // Fixed ifindexes, lo = 1 then scenario order, so the kernel's device walk (IPv6 source
  // candidates) visits interfaces in scenario order and runs are reproducible; veth would
  // otherwise give the peer the lower index.
  let index = 2;
  const upDevices = new Set<string>(loUp ? ['lo'] : []);
  for (const itf of host.interfaces) {
    if (itf.name === 'lo') continue;
    const peer = peerName();
    peerNames.push(peer);
    batch.push(`link add ${itf.name} index ${index} type veth peer name ${peer} index ${1000 + index}`);
    index++;
    // Without a link-local address the scenario's own addresses are the only IPv6 ones.
    batch.push(`link set dev ${itf.name} addrgenmode none`, `link set dev ${peer} addrgenmode none`);
    batch.push(`link set dev ${peer} up`);
    if (itf.up !== false) {
      batch.push(`link set dev ${itf.name} up`);
      upDevices.add(itf.name);
    }
  }

  // Prefixes a gateway may sit in without `onlink`: what the kernel has a link route for.
  const connected: Connected[] = [];
  // lo's own addresses exist as soon as lo is up; a captured host lists them too.
  const automatic = new Set(loUp ? ['127.0.0.1/8', ...(ipv6 ? ['::1/128'] : [])] : []);
  for (const itf of host.interfaces) {
    for (const raw of itf.addresses) {
      const a = addressObject(raw);
      const what = `interface ${itf.name} address ${JSON.stringify(a.address)}`;
      const cidr = parseCidr(a.address, what);
      const v6 = cidr.ip.family === 6;
      if (a.optimistic) throw new UnsupportedByHostBuilder(`${what}: optimistic (cannot be combined with nodad)`);
      if (a.temporary) throw new UnsupportedByHostBuilder(`${what}: temporary (ip cannot create privacy addresses)`);
      if (a.home && !v6) throw new UnsupportedByHostBuilder(`${what}: home is an IPv6-only flag`);
      if (v6 && !ipv6) throw new Error(`${what}: IPv6 address on a host with ipv6: false`);
      const flagless = !a.deprecated && !a.home && !a.noprefixroute;
      if (itf.name === 'lo' && flagless && automatic.has(cidrText(cidr))) continue;
      const words = ['addr add', cidrText(cidr), 'dev', itf.name];
      if (v6) words.push('nodad');
      if (a.deprecated) words.push('preferred_lft 0 valid_lft forever');
      if (a.home) words.push('home');
      if (a.noprefixroute) words.push('noprefixroute');
      else if (upDevices.has(itf.name)) connected.push({ cidr, dev: itf.name });
      batch.push(words.join(' '));
    }
  }

  for (const [i, route] of (host.routes ?? []).entries()) {
    batch.push(...routeLines(route, `route ${i}`, ipv6, names, connected));
  }

  const name = scenario.query.name ?? DEFAULT_NAME;
  // Blanks would split the hosts line; a leading dash would read as a probe option.
  if (!/^[^\s#-][^\s#]*$/.test(name)) throw new Error(`query name ${JSON.stringify(name)} cannot be used`);
  for (const r of scenario.query.records) {
    if (!/^\S+$/.test(r)) throw new Error(`record ${JSON.stringify(r)} would not be one /etc/hosts field`);
  }
  const files = {
    hosts: scenario.query.records.map((r) => `${r} ${name}\n`).join(''),
    // Always written, so the machine's own gai.conf never leaks in.
    'gai.conf': scenario.gaiConf ?? '',
    'nsswitch.conf': 'hosts: files\n',
    'host.conf': 'multi on\n',
    // A stray DNS query is refused by the namespace's own loopback instead of leaving it.
    'resolv.conf': 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n',
  };

  const probeArgs = ['--family', scenario.query.family ?? 'AF_UNSPEC'];
  const flags = scenario.query.flags ?? [];
  if (flags.length > 0) probeArgs.push('--flags', flags.join(','));
  probeArgs.push(name);
  return { sysctls, batch, files, probeArgs };
}

function routeLines(
  route: ScenarioRoute,
  what: string,
  ipv6: boolean,
  devices: Set<string>,
  connected: Connected[],
): string[] {
  const type = route.type ?? 'unicast';
  if (!['unicast', 'unreachable', 'blackhole', 'prohibit'].includes(type)) {
    throw new Error(`${what}: unknown route type ${JSON.stringify(type)}`);
  }
  const via = route.via === undefined ? undefined : parseHostAddress(route.via, `${what} via`);
  const src = route.src === undefined ? undefined : parseHostAddress(route.src, `${what} src`);
  if (route.dev !== undefined && route.dev !== 'lo' && !devices.has(route.dev)) throw new Error(`${what}: unknown dev ${route.dev}`);
  if (route.metric !== undefined && !(Number.isInteger(route.metric) && route.metric >= 0)) {
    throw new Error(`${what}: metric must be a non-negative integer`);
  }

  let targets: Cidr[];
  if (route.to === 'default') {
    const family = via?.family ?? src?.family;
    const any = (f: 4 | 6): Cidr => parseCidr(f === 4 ? '0.0.0.0/0' : '::/0', what);
    // A default with neither via nor src says nothing about its family: it means both.
    targets = family ? [any(family)] : ipv6 ? [any(4), any(6)] : [any(4)];
  } else {
    targets = [parseCidr(route.to, `${what} to`)];
  }

  return targets.map((to) => {
    const f = to.ip.family;
    if (via && via.family !== f) throw new Error(`${what}: via ${route.via} is not in the family of ${route.to}`);
    if (src && src.family !== f) throw new Error(`${what}: src ${route.src} is not in the family of ${route.to}`);
    if (f === 6 && !ipv6) throw new Error(`${what}: IPv6 route on a host with ipv6: false`);
    const words = ['route add'];
    if (type !== 'unicast') words.push(type);
    words.push(cidrText(to));
    if (type === 'unicast') {
      if (via) words.push('via', formatIp(via));
      if (route.dev !== undefined) words.push('dev', route.dev);
      if (src) words.push('src', formatIp(src));
    }
    if (route.metric !== undefined) words.push('metric', String(route.metric));
    if (type === 'unicast') {
      // The kernel refuses a gateway it has no link route to (on the route's dev, when one is
      // given) unless told it is on-link; IPv6 link-local gateways are on-link by definition.
      const onLink = (gw: Ip) =>
        isLinkLocal6(gw) ||
        connected.some(
          ({ cidr, dev }) =>
            cidr.ip.family === f &&
            (route.dev === undefined || route.dev === dev) &&
            matchesPrefix(gw.bytes, cidr.ip.bytes, prefixBits(cidr)),
        );
      if (via && !onLink(via)) words.push('onlink');
      if (!via && route.dev !== undefined) connected.push({ cidr: to, dev: route.dev });
    }
    return words.join(' ');
  });
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], timeoutMs: number, input?: string): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`${commandLine(cmd, args)}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) reject(new Error(`${commandLine(cmd, args)}: timed out after ${timeoutMs} ms\n${stderr}`));
      else resolve({ code, signal, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

const commandLine = (cmd: string, args: string[]): string => [cmd, ...args].join(' ');

async function mustRun(cmd: string, args: string[], input?: string): Promise<Exit> {
  const r = await run(cmd, args, IP_TIMEOUT_MS, input);
  if (r.code !== 0) {
    const how = r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
    throw new Error(`${commandLine(cmd, args)} failed (${how}):\n${r.stderr}${input ? `input:\n${input}` : ''}`);
  }
  return r;
}

function runSync(cmd: string, args: string[]): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: IP_TIMEOUT_MS });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error?.message || '') };
}

// ---------------------------------------------------------------------------------------------
// Namespaces of this process

const live = new Set<string>();
let counter = 0;
let handlersInstalled = false;

function removeNamespaceSync(name: string): void {
  runSync('ip', ['netns', 'delete', name]);
  rmSync(join(NETNS_ETC, name), { recursive: true, force: true });
  live.delete(name);
}

function removeAllLiveSync(): void {
  for (const name of [...live]) removeNamespaceSync(name);
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllLiveSync();
  process.removeListener(signal, onSignal);
  // Someone else handling the signal decides how to exit; alone, we die of it as we would have.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', removeAllLiveSync);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function createNamespace(): Promise<string> {
  installHandlers();
  const name = `${PREFIX}${process.pid}-${++counter}`;
  live.add(name);
  try {
    await mustRun('ip', ['netns', 'add', name]);
  } catch (err) {
    // `ip netns add` may fail after creating the mount point.
    removeNamespaceSync(name);
    throw err;
  }
  return name;
}

async function removeNamespace(name: string): Promise<void> {
  try {
    await mustRun('ip', ['netns', 'delete', name]);
  } finally {
    rmSync(join(NETNS_ETC, name), { recursive: true, force: true });
    live.delete(name);
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes namespaces and /etc/netns dirs named gaic-<pid>-<n> whose pid is dead. */
export function cleanupLeftovers(): string[] {
  const names = new Set<string>();
  // Read directly: `ip netns list` also resolves ids and trips over namespaces being deleted.
  for (const dir of [NETNS_RUN, NETNS_ETC]) if (existsSync(dir)) for (const d of readdirSync(dir)) names.add(d);
  const removed: string[] = [];
  for (const name of names) {
    const m = OWN_NAME.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    removeNamespaceSync(name);
    removed.push(name);
  }
  return removed.sort();
}

// ---------------------------------------------------------------------------------------------
// Prerequisites, probes, environment

let availability: { ok: true } | { ok: false; reason: string } | undefined;

export function oracleAvailability(): { ok: true } | { ok: false; reason: string } {
  availability ??= checkAvailability();
  return availability;
}

function checkAvailability(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux, not ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root (network namespaces)' };
  for (const [cmd, args] of [
    ['ip', ['-V']],
    ['gcc', ['--version']],
    ['musl-gcc', ['--version']],
  ] as const) {
    if (!runSync(cmd, [...args]).ok) return { ok: false, reason: `\`${cmd}\` is not available` };
  }
  for (const f of ETC_FILES) {
    if (!existsSync(join('/etc', f))) {
      return { ok: false, reason: `/etc/${f} is missing; ip netns exec can only replace an existing file` };
    }
  }
  // glibc would ask nscd, which answers from outside the namespace.
  for (const s of ['/run/nscd/socket', '/var/run/nscd/socket']) {
    if (existsSync(s)) return { ok: false, reason: `nscd is running (${s}); its answers would bypass the namespace` };
  }
  installHandlers();
  const name = `${PREFIX}${process.pid}-${++counter}`;
  live.add(name);
  const added = runSync('ip', ['netns', 'add', name]);
  removeNamespaceSync(name);
  if (!added.ok) return { ok: false, reason: `cannot create a network namespace: ${added.stderr.trim()}` };
  return { ok: true };
}

let built: Promise<{ glibc: string; musl: string }> | undefined;

/** Compiles both probes unless up to date; safe to call from parallel processes. */
export function buildProbes(): Promise<{ glibc: string; musl: string }> {
  built ??= (async () => {
    mkdirSync(BUILD_DIR, { recursive: true });
    const glibc = join(BUILD_DIR, 'probe-glibc');
    const musl = join(BUILD_DIR, 'probe-musl');
    await Promise.all([compile('gcc', [], glibc), compile('musl-gcc', ['-static'], musl)]);
    return { glibc, musl };
  })();
  built.catch(() => (built = undefined));
  return built;
}

async function compile(cc: string, extra: string[], out: string): Promise<void> {
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(PROBE_SOURCE).mtimeMs) return;
  // Another process may be running the old binary or compiling too: publish by rename.
  const tmp = `${out}.${process.pid}.tmp`;
  try {
    await mustRun(cc, [...extra, '-O2', '-Wall', '-o', tmp, PROBE_SOURCE]);
    renameSync(tmp, out);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function oracleEnvironment(): OracleEnvironment {
  const ldd = runSync('ldd', ['--version']);
  const glibc = /(\d+\.\d+(?:\.\d+)?)\s*$/m.exec(ldd.stdout.split('\n')[0] ?? '')?.[1] ?? 'unknown';
  // The musl probe is static, so the version that counts is the one of musl-dev's libc.a.
  let musl = 'unknown';
  const dpkg = runSync('dpkg-query', ['-W', '-f=${Version}', 'musl-dev']);
  if (dpkg.ok && dpkg.stdout) musl = dpkg.stdout.trim().replace(/-[^-]*$/, '');
  else {
    const loader = existsSync('/lib') ? readdirSync('/lib').find((f) => /^ld-musl-.*\.so\.1$/.test(f)) : undefined;
    if (loader) {
      const r = spawnSync(join('/lib', loader), [], { encoding: 'utf8' });
      musl = /Version\s+(\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? musl;
    }
  }
  return { glibc, musl, kernel: release() };
}

// ---------------------------------------------------------------------------------------------
// Running

function parseProbeOutput(stdout: string, command: string): OracleResult {
  const lines = stdout.split('\n').filter((l) => l !== '');
  const bad = (why: string) => new Error(`${command}: ${why} in output:\n${stdout}`);
  const status = /^STATUS (\S+)$/.exec(lines[0] ?? '')?.[1];
  if (!status) throw bad('no STATUS line');
  const answers = lines.slice(1).map((line): OracleAnswer => {
    const m = /^ANSWER ([46]) (\S+) (\S+) (\S+)$/.exec(line);
    if (!m) throw bad(`unexpected line ${JSON.stringify(line)}`);
    return {
      family: m[1] === '4' ? 4 : 6,
      address: m[2]!,
      source: m[3] === '-' ? null : m[3]!,
      errno: m[4] === '-' ? null : m[4]!,
    };
  });
  return { status, answers };
}

async function runProbe(ns: string, probe: string, args: string[]): Promise<OracleResult> {
  const cmdArgs = ['netns', 'exec', ns, probe, ...args];
  const r = await run('ip', cmdArgs, PROBE_TIMEOUT_MS);
  const command = commandLine('ip', cmdArgs);
  // ip netns exec execs the probe, so a crash in getaddrinfo() shows as our child's signal.
  if (r.signal) return { status: r.signal, answers: [] };
  if (r.code !== 0) throw new Error(`${command} failed (exit ${r.code}):\n${r.stderr}`);
  // A failed bind mount would let the machine's own /etc file answer instead.
  if (/Bind .* failed/.test(r.stderr)) throw new Error(`${command}:\n${r.stderr}`);
  return parseProbeOutput(r.stdout, command);
}

/** Writes the plan's /etc files, applies its sysctls and runs its `ip` batch in namespace `ns`. */
async function populateNamespace(ns: string, plan: HostPlan): Promise<void> {
  const dir = join(NETNS_ETC, ns);
  mkdirSync(dir, { recursive: true });
  for (const f of ETC_FILES) writeFileSync(join(dir, f), plan.files[f]);
  if (plan.sysctls.length > 0) await mustRun('ip', ['netns', 'exec', ns, 'sysctl', '-qw', ...plan.sysctls]);
  // `ip -batch` takes no global options on a line: a line starting with one (`-6 rule add …`)
  // runs as its own command, in order.
  let run: string[] = [];
  const flush = async () => {
    if (run.length > 0) await mustRun('ip', ['-n', ns, '-batch', '-'], run.join('\n') + '\n');
    run = [];
  };
  for (const line of plan.batch) {
    if (!line.startsWith('-')) {
      run.push(line);
      continue;
    }
    await flush();
    await mustRun('ip', ['-n', ns, ...line.split(/\s+/)]);
  }
  await flush();
}

export async function runOracle(scenario: Scenario, probes: { glibc: string; musl: string }): Promise<OracleRun> {
  return runPlan(planHost(scenario), probes);
}

/** Builds a host from a plan (planHost's, or `ip` commands written as a tool runs them) and
 * asks both probes. */
export async function runPlan(plan: HostPlan, probes: { glibc: string; musl: string }): Promise<OracleRun> {
  const ns = await createNamespace();
  try {
    await populateNamespace(ns, plan);
    const [glibc, musl] = await Promise.all([
      runProbe(ns, probes.glibc, plan.probeArgs),
      runProbe(ns, probes.musl, plan.probeArgs),
    ]);
    return { glibc, musl };
  } finally {
    await removeNamespace(ns);
  }
}

// ---------------------------------------------------------------------------------------------
// Kept namespaces (benchmarks): build a scenario's host once, run any command inside it as
// often as needed, replace its /etc files between runs, then remove it.

export type NamespaceEtcFile = (typeof ETC_FILES)[number];

export interface NamespaceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface KeptNamespace {
  readonly name: string;
  readonly plan: HostPlan;
  /** Replaces /etc/netns/NAME/<file>; `ip netns exec` bind-mounts it over /etc/<file> at each exec. */
  writeEtcFile(file: NamespaceEtcFile, content: string): void;
  /** Runs `cmd args` inside the namespace (ip netns exec); rejects on a timeout or a failed bind mount. */
  exec(cmd: string, args: string[], options?: { timeoutMs?: number }): Promise<NamespaceExit>;
  /** Deletes the namespace and its /etc files; later calls do nothing. */
  remove(): Promise<void>;
}

/** Builds the host `scenario` describes in a new namespace and keeps it until remove(). */
export async function keepNamespace(scenario: Scenario): Promise<KeptNamespace> {
  const plan = planHost(scenario);
  const ns = await createNamespace();
  const dir = join(NETNS_ETC, ns);
  let removed = false;
  try {
    await populateNamespace(ns, plan);
  } catch (err) {
    await removeNamespace(ns);
    throw err;
  }
  return {
    name: ns,
    plan,
    writeEtcFile(file, content) {
      if (!(ETC_FILES as readonly string[]).includes(file)) throw new Error(`not a namespace /etc file: ${file}`);
      // Publish by rename: a run that is starting sees the old file or the new one, whole.
      const tmp = join(dir, `.${file}.${process.pid}.tmp`);
      writeFileSync(tmp, content);
      renameSync(tmp, join(dir, file));
    },
    async exec(cmd, args, options = {}) {
      const cmdArgs = ['netns', 'exec', ns, cmd, ...args];
      const r = await run('ip', cmdArgs, options.timeoutMs ?? PROBE_TIMEOUT_MS);
      if (/Bind .* failed/.test(r.stderr)) throw new Error(`${commandLine('ip', cmdArgs)}:\n${r.stderr}`);
      return r;
    },
    async remove() {
      if (removed) return;
      removed = true;
      await removeNamespace(ns);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Arbitrary commands in a scenario's namespace

export interface ScenarioNamespace {
  /** The namespace's name (gaic-<pid>-<n>). */
  readonly name: string;
  readonly plan: HostPlan;
  /**
   * Runs `cmd args` inside the namespace with `ip netns exec`, so the scenario's /etc files
   * (hosts, gai.conf, nsswitch.conf, host.conf, resolv.conf) are bind-mounted over /etc and
   * /sys shows the namespace's devices. Resolves with the exit however it ended; rejects only
   * when the command cannot be started or runs past the timeout (default 30 s).
   */
  exec(cmd: string, args: readonly string[], options?: { timeoutMs?: number; input?: string }): Promise<Exit>;
}

/**
 * Builds the host `scenario` describes in a fresh namespace (as runOracle does), calls `fn`
 * with it, and removes the namespace afterwards, whatever happens. Throws
 * UnsupportedByHostBuilder before creating anything when the scenario cannot be built.
 */
export async function withScenarioNamespace<T>(scenario: Scenario, fn: (ns: ScenarioNamespace) => Promise<T>): Promise<T> {
  return withPlanNamespace(planHost(scenario), fn);
}

/** The same for a plan (planHost's, or a tool's own `ip` commands: tool-hosts.ts). */
export async function withPlanNamespace<T>(plan: HostPlan, fn: (ns: ScenarioNamespace) => Promise<T>): Promise<T> {
  const name = await createNamespace();
  try {
    await populateNamespace(name, plan);
    const ns: ScenarioNamespace = {
      name,
      plan,
      exec: async (cmd, args, options = {}) => {
        const cmdArgs = ['netns', 'exec', name, cmd, ...args];
        const r = await run('ip', cmdArgs, options.timeoutMs ?? 30_000, options.input);
        // A failed bind mount would let the machine's own /etc file answer instead.
        if (/Bind .* failed/.test(r.stderr)) throw new Error(`${commandLine('ip', cmdArgs)}:\n${r.stderr}`);
        return r;
      },
    };
    return await fn(ns);
  } finally {
    await removeNamespace(name);
  }
}
