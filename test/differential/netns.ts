// The oracle: build the host a Scenario describes inside a fresh Linux network namespace and
// ask the real glibc and musl getaddrinfo() (test/oracle/probe.c) what they answer there.
//
// Each namespace is named gaic-<pid>-<counter>: parallel runs never collide, and a namespace
// whose pid is dead is a leftover of a killed run that cleanupLeftovers() may remove. Nothing
// else is ever deleted, and nothing leaves a namespace: UDP connect() sends no packet and
// resolv.conf points at the namespace's own loopback.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Scenario } from '../../src/scenario/types.js';
import { ETC_FILES, planHost, type HostPlan } from './host-plan.js';

export { planHost, UnsupportedByHostBuilder, type HostPlan } from './host-plan.js';

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

const PREFIX = 'gaic-';
const OWN_NAME = /^gaic-(\d+)-(\d+)$/;
const NETNS_ETC = '/etc/netns';
/** Where iproute2 keeps its named namespaces (NETNS_RUN_DIR). */
const NETNS_RUN = '/var/run/netns';
const PROBE_TIMEOUT_MS = 10_000;
const IP_TIMEOUT_MS = 10_000;

const ORACLE_DIR = fileURLToPath(new URL('../oracle/', import.meta.url));
const PROBE_SOURCE = join(ORACLE_DIR, 'probe.c');
const BUILD_DIR = join(ORACLE_DIR, 'build');

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
    // Executable by anyone: a probe may run under another uid (query.uid).
    chmodSync(tmp, 0o755);
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

async function runProbe(ns: string, probe: string, args: string[], uid?: number): Promise<OracleResult> {
  // A non-root caller (query.uid, read by `uidrange` rules): the probe runs under that uid and
  // gid with no supplementary groups; its sockets carry that uid.
  const as = uid === undefined ? [] : ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups'];
  const cmdArgs = ['netns', 'exec', ns, ...as, probe, ...args];
  const r = await run('ip', cmdArgs, PROBE_TIMEOUT_MS);
  const command = commandLine('ip', cmdArgs);
  // ip netns exec (and setpriv) exec the probe, so a crash in getaddrinfo() shows as our child's signal.
  if (r.signal) return { status: r.signal, answers: [] };
  if (r.code !== 0) throw new Error(`${command} failed (exit ${r.code}):\n${r.stderr}`);
  // A failed bind mount would let the machine's own /etc file answer instead.
  if (/Bind .* failed/.test(r.stderr)) throw new Error(`${command}:\n${r.stderr}`);
  return parseProbeOutput(r.stdout, command);
}

/** `ip -force -batch` failures other than EEXIST ("File exists"), which it reports as an
 * `RTNETLINK answers: File exists` line before each `Command failed -:N`. */
function unexpectedForceErrors(stderr: string): string[] {
  const lines = stderr.split('\n').filter((l) => l.trim() !== '');
  const failed = lines.filter((l) => /^Command failed /.test(l)).length;
  const exists = lines.filter((l) => /^RTNETLINK answers: File exists$/.test(l)).length;
  const other = lines.filter((l) => !/^Command failed /.test(l) && !/^RTNETLINK answers: File exists$/.test(l));
  return other.length > 0 || failed !== exists ? lines : [];
}

/** Waits until each link is operationally up (linkwatch has run for it; /sys/class/net/DEV/
 * operstate inside the namespace), then applies `settings` with sysctl, in one exec; throws
 * after 5 s. */
async function waitUp(ns: string, devices: readonly string[], settings: readonly string[]): Promise<void> {
  for (const d of devices) if (!/^[A-Za-z0-9_.@+-]{1,15}$/.test(d)) throw new Error(`waitup: bad device name ${JSON.stringify(d)}`);
  const script =
    'for d in "$@"; do [ "$d" = -- ] && break; i=0; ' +
    'until [ "$(cat "/sys/class/net/$d/operstate" 2>/dev/null)" = up ]; do i=$((i+1)); [ $i -gt 500 ] && { echo "link $d not up after 5 s" >&2; exit 3; }; sleep 0.01; done; done; ' +
    'shift $(( $# - ' + String(settings.length) + ' )); [ $# -eq 0 ] || exec sysctl -qw "$@"';
  await mustRun('ip', ['netns', 'exec', ns, 'sh', '-c', script, 'sh', ...devices, '--', ...settings]);
}

/** Writes the plan's /etc files, applies its sysctls and runs its `ip` lines in namespace `ns`. */
async function populateNamespace(ns: string, plan: HostPlan): Promise<void> {
  const dir = join(NETNS_ETC, ns);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  // World-readable: a probe may run under another uid.
  for (const f of ETC_FILES) writeFileSync(join(dir, f), plan.files[f], { mode: 0o644 });
  if (plan.sysctls.length > 0) await mustRun('ip', ['netns', 'exec', ns, 'sysctl', '-qw', ...plan.sysctls]);
  // `ip -batch` takes no global options on a line: consecutive lines starting with the same
  // options (`-6 rule add …`) run as one `ip -6 -batch`, in order.
  let options: string[] = [];
  let lines: string[] = [];
  const flush = async () => {
    if (lines.length === 0) return;
    const args = ['-n', ns, ...options, '-batch', '-'];
    const input = lines.join('\n') + '\n';
    lines = [];
    if (!options.includes('-force')) {
      await mustRun('ip', args, input);
      return;
    }
    const r = await run('ip', args, IP_TIMEOUT_MS, input);
    const bad = unexpectedForceErrors(r.stderr);
    if (r.signal || bad.length > 0 || (r.code !== 0 && !/File exists/.test(r.stderr))) {
      throw new Error(`${commandLine('ip', args)} failed (exit ${r.code}):\n${r.stderr}input:\n${input}`);
    }
  };
  for (let k = 0; k < plan.batch.length; k++) {
    const line = plan.batch[k]!;
    if (line.startsWith('waitup ')) {
      await flush();
      const devices = line.slice(7).trim().split(/\s+/);
      // A sysctl line right after runs in the same exec, once the links are up.
      const next = plan.batch[k + 1];
      const settings = next?.startsWith('sysctl ') ? next.slice(7).trim().split(/\s+/) : [];
      if (settings.length > 0) k++;
      await waitUp(ns, devices, settings);
      continue;
    }
    if (line.startsWith('sysctl ')) {
      await flush();
      await mustRun('ip', ['netns', 'exec', ns, 'sysctl', '-qw', ...line.slice(7).trim().split(/\s+/)]);
      continue;
    }
    const words = line.trim().split(/\s+/);
    let w = 0;
    while (w < words.length && words[w]!.startsWith('-')) w++;
    const opts = words.slice(0, w);
    if (opts.join(' ') !== options.join(' ')) {
      await flush();
      options = opts;
    }
    lines.push(words.slice(w).join(' '));
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
      runProbe(ns, probes.glibc, plan.probeArgs, plan.uid),
      runProbe(ns, probes.musl, plan.probeArgs, plan.uid),
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
