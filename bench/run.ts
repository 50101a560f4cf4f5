// `npm run bench`: gaiconf's benchmark (not a timed test). Measures, side by side in one run,
// several rounds each, and prints medians and ratios; writes bench/results.json.
//
//   1. cold start: `node dist/cli/main.js simulate --scenario F --json` vs `node -e 0`
//   2. throughput: the library in-process, `gaiconf simulate --batch` as a whole process, and
//      the real glibc getaddrinfo() in a network namespace built from the same scenario
//   3. scale: 1,000,000 scenarios streamed through `--batch`: peak RSS, time per 100k
//   4. per-lookup cost: µs per simulate() call for 2, 8 and 32 answers
//   5. big input: lint --fix, lint, scenario errors, route devs and a long --batch line at three
//      sizes each, whole processes: CPU time per unit and peak RSS must grow linearly (big-input.ts)
//   6. site: the playground page's budgets in headless Chromium (bench/site.ts)
//
//   tsx bench/run.ts [--only coldstart,throughput,scale,perlookup,biginput,site,profile] [--quick] [--profile]
//                    [--shapes lintFix,longLine,…] [--out FILE]
//
// --quick: fewer rounds and a 100k scale run, to try the harness; --profile adds CPU profiles
// (node --cpu-prof) of the library loop and the --batch CLI, summarised per function.
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, release, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { DOCKER_ULA_EXAMPLE } from '../src/examples.js';
import type { Scenario } from '../src/scenario/types.js';
import { keepNamespace, type KeptNamespace } from '../test/differential/netns.js';
import { BENCH_GAI_CONF, BENCH_HOST, BENCH_WG_HOST, hostsFile, jsonLine, jsonLines, nameSet, prng, recordsOf, type NameSet } from './workload.js';
import { summariseProfile, type ProfileSummary } from './profile-summary.js';
import { bigInput, LINEAR, MEMORY, type BigInputShape } from './big-input.js';
import { siteBench, SITE_TARGETS, type SiteBench } from './site.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const flagValue = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i < 0 ? undefined : argv[i + 1];
};
const QUICK = argv.includes('--quick');
const PROFILE = argv.includes('--profile') || (flagValue('--only')?.split(',').includes('profile') ?? false);
const ONLY = new Set(flagValue('--only')?.split(',') ?? ['coldstart', 'throughput', 'scale', 'perlookup', 'biginput', 'site', ...(PROFILE ? ['profile'] : [])]);
const SHAPES = flagValue('--shapes')?.split(',');
const OUT = flagValue('--out') ?? join(ROOT, 'bench/results.json');

const ROUNDS = {
  coldStart: QUICK ? 5 : 21,
  inProcess: QUICK ? 3 : 7,
  batch: QUICK ? 2 : 7,
  resolverSmall: QUICK ? 2 : 5,
  resolverFull: QUICK ? 1 : 3,
  siteLoads: QUICK ? 5 : 15,
  siteEdits: QUICK ? 40 : 200,
};
const NAMES = 10_000;
const SMALL_NAMES = 100; // hosts file of the "small" variant: 100 names, each looked up 100 times
const FULL_SAMPLE = 10; // "full" variant: every 10th name (1,000 lookups per round)
const SCALE_TOTAL = QUICK ? 100_000 : 1_000_000;
const SCALE_MARKS = [100_000, 300_000, 1_000_000].filter((n) => n <= SCALE_TOTAL);
const PER_LOOKUP_SIZES = [2, 8, 32];
const TARGETS = { coldStartRatio: 1.5, libraryVsResolver: 10, batchVsResolver: 2, libraryLookupsPerSecond: 100_000, scalePeakRssMB: 150 };

const NODE = process.execPath;
const HAVE_TIME = existsSync('/usr/bin/time');
const TSC_CLI = join(ROOT, 'dist/cli/main.js');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin?: { gaiconf?: string } };
/** What `gaiconf` runs once installed (package.json bin). */
const BIN_CLI = join(ROOT, pkg.bin?.gaiconf ?? 'dist/cli/main.js');
const tmp = mkdtempSync(join(tmpdir(), 'gaiconf-bench-'));
const rel = (p: string) => (p.startsWith(ROOT) ? relative(ROOT, p) : p);

// ---------------------------------------------------------------------------------------------
// Helpers

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, digits = 3): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);
const fmt = (x: number): string => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumSignificantDigits: 3 }) : String(x));
const log = (s: string) => process.stderr.write(`${s}\n`);
const loadavg = (): string => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '');

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

function timedSync(cmd: string, args: string[], opts: SpawnSyncOptions = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { maxBuffer: 256 << 20, ...opts });
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  return { ms, status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr?.toString() ?? '' };
}

function mustSucceed(what: string, r: { status: number | null; signal: NodeJS.Signals | null; stderr: string }): void {
  if (r.status !== 0) throw new Error(`${what}: ${r.signal ?? `exit ${r.status}`}\n${r.stderr}`);
}

function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '')?.[1] ?? 'unknown';
  return {
    nproc: sh('nproc', []) || String(availableParallelism()),
    cpu,
    memory: sh('free', ['-h']),
    node: process.version,
    kernel: release(),
    glibc: /(\d+\.\d+)\s*$/m.exec(sh('ldd', ['--version']).split('\n')[0] ?? '')?.[1] ?? 'unknown',
    loadavg: existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').trim() : '',
  };
}

// ---------------------------------------------------------------------------------------------
// 1. Cold start

async function coldStart() {
  const scenarioFile = join(tmp, 'example.json');
  writeFileSync(scenarioFile, `${JSON.stringify(DOCKER_ULA_EXAMPLE, null, 2)}\n`);
  const cmds: { label: string; args: string[] }[] = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'node dist/cli/main.js simulate --scenario F --json', args: [TSC_CLI, 'simulate', '--scenario', scenarioFile, '--json'] },
  ];
  if (BIN_CLI !== TSC_CLI && existsSync(BIN_CLI)) {
    cmds.push({ label: `node ${rel(BIN_CLI)} simulate --scenario F --json (bin)`, args: [BIN_CLI, 'simulate', '--scenario', scenarioFile, '--json'] });
  }
  // Each CLI must give the example's answer; then warm the page cache.
  for (const c of cmds.slice(1)) {
    const r = timedSync(NODE, c.args, { encoding: 'utf8' });
    mustSucceed(c.label, r);
    const out = JSON.parse(String(r.stdout)) as { status: string; order: string[] };
    if (out.status !== 'OK' || out.order.length !== 2) throw new Error(`${c.label}: unexpected output ${String(r.stdout).slice(0, 200)}`);
  }
  for (const c of cmds) for (let i = 0; i < 2; i++) timedSync(NODE, c.args, { stdio: 'ignore' });
  const ms: number[][] = cmds.map(() => []);
  for (let r = 0; r < ROUNDS.coldStart; r++) {
    // Rotate the order so no command always runs right after another.
    for (let k = 0; k < cmds.length; k++) {
      const i = (k + r) % cmds.length;
      const t = timedSync(NODE, cmds[i]!.args, { stdio: 'ignore' });
      mustSucceed(cmds[i]!.label, t);
      ms[i]!.push(t.ms);
    }
  }
  const base = median(ms[0]!);
  return {
    rounds: ROUNDS.coldStart,
    scenario: 'DOCKER_ULA_EXAMPLE (src/examples.ts) written to a temp file',
    commands: cmds.map((c, i) => ({
      command: c.label,
      medianMs: round(median(ms[i]!)),
      minMs: round(Math.min(...ms[i]!)),
      ratioToNode: round(median(ms[i]!) / base),
      samplesMs: ms[i]!.map((x) => round(x, 4)),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Throughput

interface InprocThroughput {
  lookups: number;
  median: number;
  cpuLookupsPerSecond: number;
  lookupsPerSecond: number[];
  statuses: Record<string, number>;
  answers: number;
}

function inproc<T>(workload: string, mode: string, extra: string[] = [], nodeArgs: string[] = []): T {
  const r = timedSync(NODE, [...nodeArgs, join(ROOT, 'bench/inproc.mjs'), workload, mode, ...extra], { encoding: 'utf8' });
  mustSucceed(`bench/inproc.mjs ${mode}`, r);
  return JSON.parse(String(r.stdout)) as T;
}

function resolverAvailability(): { ok: true } | { ok: false; reason: string } {
  if (process.platform !== 'linux') return { ok: false, reason: `needs Linux, not ${process.platform}` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'needs root to build a network namespace' };
  if (spawnSync('ip', ['-V']).status !== 0) return { ok: false, reason: '`ip` (iproute2) is not available' };
  if (spawnSync('gcc', ['--version']).status !== 0) return { ok: false, reason: '`gcc` is not available' };
  for (const f of ['hosts', 'gai.conf', 'nsswitch.conf', 'host.conf', 'resolv.conf']) {
    if (!existsSync(join('/etc', f))) return { ok: false, reason: `/etc/${f} is missing; ip netns exec can only replace an existing file` };
  }
  for (const s of ['/run/nscd/socket', '/var/run/nscd/socket']) {
    if (existsSync(s)) return { ok: false, reason: `nscd is running (${s}); its answers would bypass the namespace` };
  }
  return { ok: true };
}

interface LoopRun {
  lookups: number;
  answers: number;
  failed: number;
  ns: number;
  cpuNs: number;
  wallMs: number;
  stdout: string;
}

async function loopRun(ns: KeptNamespace, loop: string, namesFile: string, repeat: number, print = false): Promise<LoopRun> {
  const t0 = performance.now();
  const r = await ns.exec(loop, [...(print ? ['--print'] : []), '--repeat', String(repeat), namesFile], { timeoutMs: 600_000 });
  const wallMs = performance.now() - t0;
  if (r.code !== 0) throw new Error(`getaddrinfo-loop: ${r.signal ?? `exit ${r.code}`}\n${r.stderr}`);
  const m = /LOOPS lookups=(\d+) answers=(\d+) failed=(\d+) ns=(\d+) cpu_ns=(\d+)/.exec(r.stderr);
  if (!m) throw new Error(`getaddrinfo-loop: no LOOPS line\n${r.stderr}`);
  return { lookups: Number(m[1]), answers: Number(m[2]), failed: Number(m[3]), ns: Number(m[4]), cpuNs: Number(m[5]), wallMs, stdout: r.stdout };
}

/** Compares the resolver's printed orders with the simulation's, name by name. */
function agreement(stdout: string, simulated: Map<string, string[]>) {
  let same = 0;
  let total = 0;
  const differ: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const [name, ...order] = line.split(' ');
    const sim = simulated.get(name!);
    if (!sim) continue;
    total++;
    if (sim.join(' ') === order.join(' ')) same++;
    else if (differ.length < 5) differ.push(`${name}: glibc ${order.join(' ')} | simulated ${sim.join(' ')}`);
  }
  return { same, total, differ };
}

type ResolverResult = { skipped: string } | { namespace: string; hints: string; variants: ReturnType<typeof resolverVariant>[] };

async function realResolver(set: NameSet, simulated: Map<string, string[]>): Promise<ResolverResult> {
  const avail = resolverAvailability();
  if (!avail.ok) return { skipped: avail.reason };
  const loop = join(tmp, 'getaddrinfo-loop');
  const cc = timedSync('gcc', ['-O2', '-Wall', '-o', loop, join(ROOT, 'bench/getaddrinfo-loop.c')], { encoding: 'utf8' });
  mustSucceed('gcc bench/getaddrinfo-loop.c', cc);
  const scenario: Scenario = { host: BENCH_HOST, gaiConf: BENCH_GAI_CONF, query: { name: set.names[0]!, records: set.records[0]! } };
  const ns = await keepNamespace(scenario);
  try {
    const variants = [];
    // small: 100 names' lines in /etc/hosts, each name looked up 100 times (10,000 lookups).
    {
      const idx = [...Array(SMALL_NAMES).keys()];
      const namesFile = join(tmp, 'names-small.txt');
      writeFileSync(namesFile, idx.map((i) => `${set.names[i]}\n`).join(''));
      const hosts = hostsFile(set, idx);
      ns.writeEtcFile('hosts', hosts);
      const check = agreement((await loopRun(ns, loop, namesFile, 1, true)).stdout, simulated);
      await loopRun(ns, loop, namesFile, 10); // warm-up
      const runs: LoopRun[] = [];
      for (let r = 0; r < ROUNDS.resolverSmall; r++) runs.push(await loopRun(ns, loop, namesFile, NAMES / SMALL_NAMES));
      variants.push(resolverVariant('small', `/etc/hosts with ${SMALL_NAMES} names (${hosts.split('\n').length - 1} lines); each name looked up ${NAMES / SMALL_NAMES} times`, runs, check));
    }
    // full: all 10,000 names' lines; nss_files reads the whole file on every lookup.
    {
      const idx = [...Array(NAMES).keys()].filter((i) => i % FULL_SAMPLE === 0);
      const namesFile = join(tmp, 'names-full.txt');
      writeFileSync(namesFile, idx.map((i) => `${set.names[i]}\n`).join(''));
      const hosts = hostsFile(set);
      ns.writeEtcFile('hosts', hosts);
      const check = agreement((await loopRun(ns, loop, namesFile, 1, true)).stdout, simulated);
      const runs: LoopRun[] = [];
      for (let r = 0; r < ROUNDS.resolverFull; r++) runs.push(await loopRun(ns, loop, namesFile, 1));
      variants.push(
        resolverVariant(
          'full',
          `/etc/hosts with all ${NAMES.toLocaleString('en-US')} names (${(hosts.split('\n').length - 1).toLocaleString('en-US')} lines, ${(hosts.length / 2 ** 20).toFixed(1)} MiB); every ${FULL_SAMPLE}th name looked up once per round (${idx.length} lookups): each lookup scans the whole file`,
          runs,
          check,
        ),
      );
    }
    return { namespace: 'built from the scenario by keepNamespace() (test/differential/netns.ts)', hints: 'AF_UNSPEC, SOCK_STREAM (as test/oracle/probe.c)', variants };
  } finally {
    await ns.remove();
  }
}

function resolverVariant(name: string, description: string, runs: LoopRun[], check: ReturnType<typeof agreement>) {
  const inLoop = runs.map((r) => r.lookups / (r.ns / 1e9));
  const whole = runs.map((r) => r.lookups / (r.wallMs / 1e3));
  const cpu = runs.map((r) => r.lookups / (r.cpuNs / 1e9));
  return {
    variant: name,
    description,
    rounds: runs.length,
    lookupsPerRound: runs[0]!.lookups,
    failed: runs.reduce((a, r) => a + r.failed, 0),
    lookupsPerSecond: round(median(inLoop)),
    usPerLookup: round(1e6 / median(inLoop)),
    wholeProcessLookupsPerSecond: round(median(whole)),
    cpuLookupsPerSecond: round(median(cpu)),
    samplesLookupsPerSecond: inLoop.map((x) => round(x, 4)),
    ordersMatchSimulation: `${check.same}/${check.total}`,
    ...(check.differ.length ? { firstDifferences: check.differ } : {}),
  };
}

type BatchVariant = 'full' | 'orders' | 'baseOrders';

async function throughput() {
  const set = nameSet(NAMES);
  const workload = join(tmp, 'workload.json');
  writeFileSync(workload, JSON.stringify({ host: BENCH_HOST, gaiConf: BENCH_GAI_CONF, names: set.names, records: set.records }));
  const answersTotal = set.records.reduce((a, r) => a + r.length, 0);

  log('  library in-process (shared host object) ...');
  const lib = inproc<InprocThroughput>(workload, 'throughput', ['--rounds', String(ROUNDS.inProcess)]);
  log('  library in-process, explanation and hint read too ...');
  const libExplained = inproc<InprocThroughput>(workload, 'throughput', ['--rounds', String(ROUNDS.inProcess), '--read-explain']);
  log('  library in-process (a fresh host object per call, as --batch) ...');
  const libFresh = inproc<InprocThroughput>(workload, 'fresh', ['--rounds', String(ROUNDS.inProcess)]);

  log('  per-line stages of a --batch line, in-process ...');
  const breakdown = inproc<{ stages: Record<string, { usPerLine: number; samples: number[] }> }>(workload, 'breakdown', ['--rounds', String(ROUNDS.inProcess)]);

  log('  gaiconf simulate --batch (whole process) ...');
  const batchFile = join(tmp, 'batch.jsonl');
  writeFileSync(batchFile, set.names.map((n, i) => jsonLine(n, set.records[i]!)).join(''));
  const batchArgs = [BIN_CLI, 'simulate', '--batch', batchFile];
  // One run kept for checking: one OK line per name; its orders are what the resolver is checked against.
  const outFile = join(tmp, 'batch-out.jsonl');
  const outFd = openSync(outFile, 'w');
  const first = timedSync(NODE, batchArgs, { stdio: ['ignore', outFd, 'pipe'] });
  closeSync(outFd);
  mustSucceed('gaiconf simulate --batch', first);
  // Batch results carry no query name; they follow input order.
  const orders: string[][] = [];
  for (const line of readFileSync(outFile, 'utf8').split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as { status: string; order: string[] };
    if (r.status !== 'OK') throw new Error(`--batch: unexpected line ${line.slice(0, 200)}`);
    orders.push(r.order);
  }
  if (orders.length !== NAMES) throw new Error(`--batch: ${orders.length} result lines for ${NAMES} names`);
  const byName = new Map(set.names.map((n, i) => [n, orders[i]!] as const));

  // The same lookups answered with the order only (`--fields order`, what getaddrinfo returns):
  // from the same lines, and from one base scenario plus a line per name with only its query.
  const baseFile = join(tmp, 'base.json');
  writeFileSync(baseFile, JSON.stringify({ host: BENCH_HOST, gaiConf: BENCH_GAI_CONF, query: { records: [] } }));
  const queriesFile = join(tmp, 'queries.jsonl');
  writeFileSync(queriesFile, set.names.map((n, i) => `${JSON.stringify({ query: { name: n, records: set.records[i] } })}\n`).join(''));
  const variants: { key: BatchVariant; args: string[] }[] = [
    { key: 'full', args: batchArgs },
    { key: 'orders', args: [...batchArgs, '--fields', 'order'] },
    { key: 'baseOrders', args: [BIN_CLI, 'simulate', '--scenario', baseFile, '--batch', queriesFile, '--fields', 'order'] },
  ];
  for (const v of variants.slice(1)) {
    const r = spawnSync(NODE, v.args, { encoding: 'utf8', maxBuffer: 256 << 20 });
    mustSucceed(`gaiconf ${v.args.slice(1).join(' ')}`, r);
    const got = r.stdout.trim().split('\n').map((l) => JSON.stringify((JSON.parse(l) as { order: string[] }).order));
    const same = got.filter((o, i) => o === JSON.stringify(orders[i])).length;
    if (got.length !== NAMES || same !== NAMES) throw new Error(`${v.key}: ${same}/${got.length} orders match the full output`);
  }
  const nullFd = openSync('/dev/null', 'w');
  const timing = Object.fromEntries(variants.map((v) => [v.key, { ms: [] as number[], cpuS: [] as number[], rssMB: [] as number[] }])) as Record<BatchVariant, { ms: number[]; cpuS: number[]; rssMB: number[] }>;
  const timeFile = join(tmp, 'batch-time.txt');
  // Round-robin, so that drift in the machine's load falls on every variant alike.
  for (let r = 0; r < ROUNDS.batch; r++) {
    for (const v of variants) {
      const t = HAVE_TIME
        ? timedSync('/usr/bin/time', ['-f', '%U %S %M', '-o', timeFile, NODE, ...v.args], { stdio: ['ignore', nullFd, 'pipe'] })
        : timedSync(NODE, v.args, { stdio: ['ignore', nullFd, 'pipe'] });
      mustSucceed('gaiconf simulate --batch', t);
      timing[v.key].ms.push(t.ms);
      if (HAVE_TIME) {
        const [u, sy, kb] = readFileSync(timeFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        timing[v.key].cpuS.push(u! + sy!);
        timing[v.key].rssMB.push(kb! / 1024);
      }
    }
  }
  closeSync(nullFd);
  const rateOf = (k: BatchVariant) => NAMES / (median(timing[k].ms) / 1e3);
  const cpuRateOf = (k: BatchVariant) => (timing[k].cpuS.length ? NAMES / median(timing[k].cpuS) : NaN);
  const batchRate = rateOf('full');
  const batchCpuRate = cpuRateOf('full');
  const batchReport = (k: BatchVariant, command: string, file: string) => ({
    command,
    inputMiB: round(readFileSync(file).length / 2 ** 20),
    medianMs: round(median(timing[k].ms)),
    lookupsPerSecond: round(rateOf(k)),
    cpuLookupsPerSecond: round(cpuRateOf(k)),
    peakRssMB: timing[k].rssMB.length ? round(Math.max(...timing[k].rssMB)) : null,
    rounds: timing[k].ms.length,
    samplesMs: timing[k].ms.map((x) => round(x, 4)),
  });

  log('  real glibc getaddrinfo() in a network namespace ...');
  let resolver: ResolverResult;
  try {
    resolver = await realResolver(set, byName);
  } catch (e) {
    resolver = { skipped: `namespace run failed: ${(e as Error).message.split('\n')[0]}` };
  }

  const ratios: Record<string, number> = {};
  if ('variants' in resolver) {
    for (const v of resolver.variants) {
      ratios[`library/resolver-${v.variant}`] = round(lib.median / v.lookupsPerSecond);
      ratios[`batchCli/resolver-${v.variant}`] = round(batchRate / v.lookupsPerSecond);
      ratios[`batchCli/resolver-${v.variant}-wholeProcess`] = round(batchRate / v.wholeProcessLookupsPerSecond);
      // The same comparisons in CPU time, which other work on the machine does not inflate.
      ratios[`library/resolver-${v.variant}-cpu`] = round(lib.cpuLookupsPerSecond / v.cpuLookupsPerSecond);
      ratios[`batchCli/resolver-${v.variant}-cpu`] = round(batchCpuRate / v.cpuLookupsPerSecond);
      for (const k of ['orders', 'baseOrders'] as const) {
        const name = k === 'orders' ? 'batchCliOrders' : 'batchCliBaseOrders';
        ratios[`${name}/resolver-${v.variant}`] = round(rateOf(k) / v.lookupsPerSecond);
        ratios[`${name}/resolver-${v.variant}-cpu`] = round(cpuRateOf(k) / v.cpuLookupsPerSecond);
      }
    }
  }
  return {
    workload: {
      names: NAMES,
      answers: answersTotal,
      answersPerName: '2–8 (mulberry32, bench/workload.ts)',
      host: 'DOCKER_ULA_EXAMPLE host (eth0 172.17.0.2/16 + fd00::2/64, two default routes)',
      gaiConf: 'ula-as-global (full default label table + label fd00::/8 1)',
    },
    library: { lookupsPerSecond: round(lib.median), cpuLookupsPerSecond: round(lib.cpuLookupsPerSecond), usPerLookup: round(1e6 / lib.median), rounds: lib.lookupsPerSecond.length, samples: lib.lookupsPerSecond.map((x) => round(x, 4)), statuses: lib.statuses },
    batchLineStages: Object.fromEntries(Object.entries(breakdown.stages).map(([k, v]) => [k, { usPerLine: round(v.usPerLine) }])),
    libraryExplained: { lookupsPerSecond: round(libExplained.median), cpuLookupsPerSecond: round(libExplained.cpuLookupsPerSecond), usPerLookup: round(1e6 / libExplained.median), rounds: libExplained.lookupsPerSecond.length, samples: libExplained.lookupsPerSecond.map((x) => round(x, 4)) },
    libraryFreshHost: { lookupsPerSecond: round(libFresh.median), usPerLookup: round(1e6 / libFresh.median), rounds: libFresh.lookupsPerSecond.length, samples: libFresh.lookupsPerSecond.map((x) => round(x, 4)) },
    batchCli: batchReport('full', `node ${rel(BIN_CLI)} simulate --batch FILE > /dev/null`, batchFile),
    /** The same lines, the order only: what the resolver returns. */
    batchCliOrders: batchReport('orders', `node ${rel(BIN_CLI)} simulate --batch FILE --fields order > /dev/null`, batchFile),
    /** One base scenario (host + gai.conf) and a line per name with only its query, the order only. */
    batchCliBaseOrders: batchReport('baseOrders', `node ${rel(BIN_CLI)} simulate --scenario BASE --batch QUERIES --fields order > /dev/null`, queriesFile),
    resolver,
    ratios,
  };
}

// ---------------------------------------------------------------------------------------------
// 3. Scale

function childPid(pid: number): number | null {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return kids ? Number(kids.split(' ')[0]) : null;
  } catch {
    return null;
  }
}

function memOf(pid: number | null): { rssMB: number; hwmMB: number } | null {
  if (pid === null) return null;
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`${k}:\\s*(\\d+)`).exec(s)?.[1] ?? NaN);
    return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

async function scale() {
  const useTime = existsSync('/usr/bin/time');
  const timeFile = join(tmp, 'time.txt');
  const cli = [BIN_CLI, 'simulate', '--batch', '-'];
  const child = useTime
    ? spawn('/usr/bin/time', ['-v', '-o', timeFile, NODE, ...cli], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(NODE, cli, { stdio: ['pipe', 'pipe', 'pipe'] });
  const t0 = performance.now();
  let nodePid: number | null = useTime ? null : child.pid!;
  const findPid = () => (nodePid ??= childPid(child.pid!));
  let hwmPolled = 0;
  const poll = setInterval(() => {
    const m = memOf(findPid());
    if (m && m.hwmMB > hwmPolled) hwmPolled = m.hwmMB;
  }, 200);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d.length < 10_000 ? d : ''));
  let lines = 0;
  let bytesOut = 0;
  let next = 0;
  const marks: { lines: number; ms: number; msPer100k: number; rssMB: number | null }[] = [];
  child.stdout!.on('data', (buf: Buffer) => {
    bytesOut += buf.length;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) {
      lines++;
      if (lines === SCALE_MARKS[next]) {
        const ms = performance.now() - t0;
        const m = memOf(findPid());
        marks.push({ lines, ms: round(ms, 4), msPer100k: round(ms / (lines / 100_000), 4), rssMB: m ? round(m.rssMB) : null });
        next++;
      }
    }
  });
  let exited = false;
  const closed = once(child, 'close').finally(() => (exited = true));
  // A CLI that dies early shows as EPIPE here and as its exit status below.
  child.stdin!.on('error', () => {});
  // The input is generated as it is written, with backpressure: never more than a chunk in memory.
  let bytesIn = 0;
  let chunk = '';
  for (const line of jsonLines(SCALE_TOTAL)) {
    chunk += line;
    if (chunk.length >= 1 << 16) {
      bytesIn += chunk.length;
      if (!child.stdin!.write(chunk)) await Promise.race([once(child.stdin!, 'drain'), closed]);
      chunk = '';
      if (exited) break;
    }
  }
  bytesIn += chunk.length;
  if (!exited) child.stdin!.end(chunk);
  const [code, signal] = (await closed) as [number | null, NodeJS.Signals | null];
  const totalMs = performance.now() - t0;
  clearInterval(poll);
  if (code !== 0) throw new Error(`--batch scale run: ${signal ?? `exit ${code}`}\n${stderr.slice(0, 2000)}`);
  if (lines !== SCALE_TOTAL) throw new Error(`--batch scale run: ${lines} lines out for ${SCALE_TOTAL} in`);
  let peakMB: number | null = null;
  let wallFromTime: string | null = null;
  let cpuS: number | null = null;
  if (useTime) {
    const t = readFileSync(timeFile, 'utf8');
    peakMB = Number(/Maximum resident set size \(kbytes\):\s*(\d+)/.exec(t)?.[1] ?? NaN) / 1024;
    wallFromTime = /Elapsed \(wall clock\) time.*?\):\s*(\S+)/.exec(t)?.[1] ?? null;
    const sec = (k: string) => Number(new RegExp(`${k} time \\(seconds\\):\\s*([\\d.]+)`).exec(t)?.[1] ?? NaN);
    cpuS = sec('User') + sec('System');
  }
  const per = marks.map((m) => m.msPer100k);
  return {
    command: `${useTime ? '/usr/bin/time -v ' : ''}node ${rel(BIN_CLI)} simulate --batch - (stdin: a generated stream; stdout: lines counted)`,
    scenarios: SCALE_TOTAL,
    inputMiB: round(bytesIn / 2 ** 20),
    outputMiB: round(bytesOut / 2 ** 20),
    totalMs: round(totalMs, 4),
    lookupsPerSecond: round(SCALE_TOTAL / (totalMs / 1e3)),
    peakRssMB: peakMB !== null ? round(peakMB) : round(hwmPolled),
    peakRssSource: peakMB !== null ? '/usr/bin/time -v (Maximum resident set size)' : '/proc/PID/status VmHWM, polled every 200 ms',
    vmHwmPolledMB: round(hwmPolled),
    wallFromTime,
    cpuSeconds: cpuS === null ? null : round(cpuS, 4),
    cpuUsPerScenario: cpuS === null ? null : round((cpuS * 1e6) / SCALE_TOTAL),
    marks,
    /** Slowest later mark's time per 100k over the first mark's: ≤ 1 is linear or better (the
     * first mark carries node's start and the JIT warm-up, so a flat run falls below 1); above 1,
     * time per scenario grows with the batch. */
    linearity: round(Math.max(...per.slice(1)) / per[0]!),
  };
}

// ---------------------------------------------------------------------------------------------
// 4. Per-lookup cost

const perLookupCount = (answers: number): number => Math.max(1000, Math.ceil(40_000 / answers));

function perLookup() {
  const r = prng(0x32a);
  const perLookupRecords: Record<string, string[][]> = {};
  // Enough scenarios that a round sees ≥ 40,000 distinct destinations: a per-host memo of
  // connect() outcomes (src/host/connect.ts) must not turn repeated passes into cache hits.
  for (const n of PER_LOOKUP_SIZES) perLookupRecords[n] = Array.from({ length: perLookupCount(n) }, () => recordsOf(r, n, n));
  const workload = join(tmp, 'per-lookup.json');
  writeFileSync(workload, JSON.stringify({ host: BENCH_HOST, gaiConf: BENCH_GAI_CONF, names: [], records: [], perLookup: perLookupRecords }));
  type Sizes = Record<string, { scenarios: number; simulate: { median: number; usPerCall: number[] }; simulateExplained: { median: number }; runProfile: { median: number }; statuses: Record<string, number> }>;
  const out = inproc<{ sizes: Sizes }>(workload, 'per-lookup', ['--rounds', String(ROUNDS.inProcess)]);
  // The same lookups on the host behind a wg-quick tunnel (rules, a second table): the rule walk's cost.
  const wgWorkload = join(tmp, 'per-lookup-wg.json');
  writeFileSync(wgWorkload, JSON.stringify({ host: BENCH_WG_HOST, gaiConf: BENCH_GAI_CONF, names: [], records: [], perLookup: perLookupRecords }));
  const wg = inproc<{ sizes: Sizes }>(wgWorkload, 'per-lookup', ['--rounds', String(ROUNDS.inProcess)]);
  return {
    wgQuickHost: PER_LOOKUP_SIZES.map((n) => ({
      answers: n,
      usPerSimulatePlainHost: round(out.sizes[n]!.simulate.median),
      usPerSimulateWgQuickHost: round(wg.sizes[n]!.simulate.median),
      ratio: round(wg.sizes[n]!.simulate.median / out.sizes[n]!.simulate.median),
    })),
    scenariosPerSize: Object.fromEntries(PER_LOOKUP_SIZES.map((n) => [n, perLookupCount(n)])),
    rounds: ROUNDS.inProcess,
    sizes: PER_LOOKUP_SIZES.map((n) => {
      const s = out.sizes[n]!;
      return {
        answers: n,
        usPerSimulate: round(s.simulate.median),
        usPerSimulateExplained: round(s.simulateExplained.median),
        usPerRunProfile: round(s.runProfile.median),
        usPerAnswer: round(s.simulate.median / n),
        samplesUs: s.simulate.usPerCall.map((x) => round(x, 4)),
        statuses: s.statuses,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Profiles (--profile)

function cpuProfiles(): { library: ProfileSummary; libraryNoInlining: ProfileSummary; batchCli: ProfileSummary } {
  const set = nameSet(NAMES);
  const workload = join(tmp, 'profile-workload.json');
  writeFileSync(workload, JSON.stringify({ host: BENCH_HOST, gaiConf: BENCH_GAI_CONF, names: set.names, records: set.records }));
  const libDir = join(tmp, 'prof-lib');
  inproc(workload, 'throughput', ['--rounds', '10'], ['--cpu-prof', '--cpu-prof-dir', libDir]);
  // Without TurboFan inlining every function keeps its own frames: slower, but self time lands
  // on the function that spends it instead of on its inlining caller.
  const noInlineDir = join(tmp, 'prof-lib-noinline');
  inproc(workload, 'throughput', ['--rounds', '10'], ['--cpu-prof', '--cpu-prof-dir', noInlineDir, '--no-turbo-inlining']);
  const batchFile = join(tmp, 'profile-batch.jsonl');
  writeFileSync(batchFile, set.names.map((n, i) => jsonLine(n, set.records[i]!)).join(''));
  const cliDir = join(tmp, 'prof-cli');
  const nullFd = openSync('/dev/null', 'w');
  // The tsc output (not a bundle), so every frame names its source file.
  mustSucceed('profile --batch', timedSync(NODE, ['--cpu-prof', '--cpu-prof-dir', cliDir, TSC_CLI, 'simulate', '--batch', batchFile], { stdio: ['ignore', nullFd, 'pipe'] }));
  closeSync(nullFd);
  const one = (dir: string) => summariseProfile(join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!), ROOT);
  return { library: one(libDir), libraryNoInlining: one(noInlineDir), batchCli: one(cliDir) };
}

// ---------------------------------------------------------------------------------------------
// Report

type Results = {
  date: string;
  command: string;
  quick: boolean;
  machine: ReturnType<typeof machine>;
  coldStart?: Awaited<ReturnType<typeof coldStart>>;
  throughput?: Awaited<ReturnType<typeof throughput>>;
  scale?: Awaited<ReturnType<typeof scale>>;
  perLookup?: ReturnType<typeof perLookup>;
  bigInput?: BigInputShape[];
  site?: SiteBench;
  profiles?: ReturnType<typeof cpuProfiles>;
  targets?: { target: string; value: string; holds: boolean | null }[];
  /** 1-, 5- and 15-minute load averages before and after each section: other work on the machine shows here. */
  load?: Record<string, { before: string; after: string; seconds: number }>;
};

function targets(res: Results) {
  const t: { target: string; value: string; holds: boolean | null }[] = [];
  const cs = res.coldStart;
  if (cs) {
    // The target is for the command users run, the `bin`; the tsc output's row is for reference.
    const bin = cs.commands.find((c) => c.command.endsWith('(bin)')) ?? cs.commands.at(-1)!;
    t.push({ target: `cold start ≤ ${TARGETS.coldStartRatio}× node -e 0: ${bin.command}`, value: `${bin.ratioToNode}×`, holds: bin.ratioToNode <= TARGETS.coldStartRatio });
  }
  const tp = res.throughput;
  if (tp) {
    t.push({ target: `library ≥ ${fmt(TARGETS.libraryLookupsPerSecond)} lookups/s in-process`, value: fmt(tp.library.lookupsPerSecond), holds: tp.library.lookupsPerSecond >= TARGETS.libraryLookupsPerSecond });
    if ('variants' in tp.resolver) {
      for (const v of tp.resolver.variants) {
        const l = tp.ratios[`library/resolver-${v.variant}`]!;
        const b = tp.ratios[`batchCli/resolver-${v.variant}`]!;
        const bo = tp.ratios[`batchCliOrders/resolver-${v.variant}`]!;
        t.push({ target: `library ≥ ${TARGETS.libraryVsResolver}× real resolver (${v.variant} hosts file)`, value: `${l}×`, holds: l >= TARGETS.libraryVsResolver });
        // Like the library row (which reads `order`), the batch answers what getaddrinfo answers:
        // the order (`--fields order`). With every explanation worded and written, for reference.
        t.push({
          target: `batch CLI (whole process, --fields order) ≥ ${TARGETS.batchVsResolver}× real resolver (${v.variant} hosts file)`,
          value: `${bo}× (${tp.ratios[`batchCliBaseOrders/resolver-${v.variant}`]}× from a base scenario; full result with explanations ${b}×)`,
          holds: bo >= TARGETS.batchVsResolver,
        });
      }
    } else {
      t.push({ target: 'library / batch CLI vs real resolver', value: `skipped: ${tp.resolver.skipped}`, holds: null });
    }
  }
  const site = res.site;
  if (site) {
    t.push({ target: `playground app.js ≤ ${SITE_TARGETS.jsGzipKB} KB gzipped`, value: `${site.size.jsGzipKB} KB (${fmt(site.size.jsBytes)} bytes minified)`, holds: site.size.jsGzipKB <= SITE_TARGETS.jsGzipKB });
    if ('skipped' in site) t.push({ target: 'playground in headless Chromium', value: `skipped: ${site.skipped}`, holds: null });
    else {
      t.push({ target: `playground load → first result ≤ ${SITE_TARGETS.firstResultMs} ms (file://, median)`, value: `${site.firstResult.default.medianMs} ms (max ${site.firstResult.default.maxMs}; from a shared 8-answer link ${site.firstResult.shared8Answers.medianMs} ms)`, holds: site.firstResult.default.medianMs <= SITE_TARGETS.firstResultMs });
      t.push({ target: `playground edit → re-simulated and rendered ≤ ${SITE_TARGETS.updateMs} ms (8 answers, 5 profiles; every edit)`, value: `median ${site.update.medianMs} ms, p95 ${site.update.p95Ms}, max ${site.update.maxMs} over ${site.update.updates} updates (${site.update.edits} edits)`, holds: site.update.maxMs <= SITE_TARGETS.updateMs });
    }
  }
  const sc = res.scale;
  if (sc) {
    t.push({ target: `peak RSS < ${TARGETS.scalePeakRssMB} MB over ${fmt(sc.scenarios)} --batch scenarios`, value: `${sc.peakRssMB} MB`, holds: sc.peakRssMB < TARGETS.scalePeakRssMB });
    t.push({ target: 'time per 100k grows linearly (slowest later mark / first mark ≤ 1.2)', value: `${sc.linearity}`, holds: sc.linearity <= 1.2 });
  }
  for (const b of res.bigInput ?? []) {
    t.push({
      target: `${b.shape}: CPU per ${b.points[0]!.unit.replace(/s$/, '')} at the largest size ≤ ${LINEAR}× the smallest's, peak RSS grows ≤ ${MEMORY}× as fast as the input`,
      value: `${b.linearity}×, RSS ${b.memoryGrowth}×`,
      holds: b.holds,
    });
  }
  return t;
}

function table(res: Results): string {
  const rows: string[][] = [['measurement', 'median', 'ratio / note']];
  const cs = res.coldStart;
  if (cs) for (const c of cs.commands) rows.push([`cold start: ${c.command}`, `${c.medianMs} ms`, `${c.ratioToNode}× node -e 0`]);
  const tp = res.throughput;
  if (tp) {
    rows.push(['library simulate() in-process, shared host', `${fmt(tp.library.lookupsPerSecond)} lookups/s`, `${tp.library.usPerLookup} µs/lookup; ${fmt(tp.library.cpuLookupsPerSecond)} per CPU-second`]);
    rows.push(['library simulate() in-process, shared host, explain + hint read', `${fmt(tp.libraryExplained.lookupsPerSecond)} lookups/s`, `${tp.libraryExplained.usPerLookup} µs/lookup`]);
    rows.push(['library simulate() in-process, fresh host object per call', `${fmt(tp.libraryFreshHost.lookupsPerSecond)} lookups/s`, `${tp.libraryFreshHost.usPerLookup} µs/lookup`]);
    for (const [stage, v] of Object.entries(tp.batchLineStages)) rows.push([`  per --batch line: ${stage}`, `${v.usPerLine} µs`, '']);
    rows.push([`batch CLI whole process (${fmt(tp.workload.names)} lines), full result`, `${fmt(tp.batchCli.lookupsPerSecond)} lookups/s`, `${tp.batchCli.medianMs} ms per run; ${fmt(tp.batchCli.cpuLookupsPerSecond)} per CPU-second`]);
    rows.push([`batch CLI whole process, --fields order`, `${fmt(tp.batchCliOrders.lookupsPerSecond)} lookups/s`, `${tp.batchCliOrders.medianMs} ms per run; ${fmt(tp.batchCliOrders.cpuLookupsPerSecond)} per CPU-second`]);
    rows.push([`batch CLI whole process, --scenario BASE + query lines, --fields order`, `${fmt(tp.batchCliBaseOrders.lookupsPerSecond)} lookups/s`, `${tp.batchCliBaseOrders.medianMs} ms per run; ${tp.batchCliBaseOrders.inputMiB} MiB in`]);
    if ('variants' in tp.resolver) {
      for (const v of tp.resolver.variants) {
        rows.push([`real glibc getaddrinfo(), ${v.variant} hosts file (in loop)`, `${fmt(v.lookupsPerSecond)} lookups/s`, `${v.usPerLookup} µs/lookup; orders match simulation ${v.ordersMatchSimulation}`]);
        rows.push([`real glibc getaddrinfo(), ${v.variant} hosts file (whole process)`, `${fmt(v.wholeProcessLookupsPerSecond)} lookups/s`, 'incl. ip netns exec + process start']);
        rows.push([`  library / resolver (${v.variant})`, `${tp.ratios[`library/resolver-${v.variant}`]}×`, '']);
        rows.push([`  batch CLI / resolver (${v.variant}), full result`, `${tp.ratios[`batchCli/resolver-${v.variant}`]}×`, `${tp.ratios[`batchCli/resolver-${v.variant}-wholeProcess`]}× vs its whole process`]);
        rows.push([`  batch CLI / resolver (${v.variant}), --fields order`, `${tp.ratios[`batchCliOrders/resolver-${v.variant}`]}×`, `from a base scenario ${tp.ratios[`batchCliBaseOrders/resolver-${v.variant}`]}×; in CPU time ${tp.ratios[`batchCliOrders/resolver-${v.variant}-cpu`]}×`]);
        rows.push([`  in CPU time: library / batch CLI vs resolver (${v.variant})`, `${tp.ratios[`library/resolver-${v.variant}-cpu`]}× / ${tp.ratios[`batchCli/resolver-${v.variant}-cpu`]}×`, `resolver ${fmt(v.cpuLookupsPerSecond)} lookups per CPU-second`]);
      }
    } else {
      rows.push(['real glibc getaddrinfo()', 'skipped', tp.resolver.skipped]);
    }
  }
  const sc = res.scale;
  if (sc) {
    rows.push([`scale: ${fmt(sc.scenarios)} scenarios through --batch`, `${fmt(sc.lookupsPerSecond)} lookups/s`, `peak RSS ${sc.peakRssMB} MB; ${sc.inputMiB} MiB in, ${sc.outputMiB} MiB out; ${sc.cpuUsPerScenario ?? '?'} CPU-µs/scenario`]);
    for (const m of sc.marks) rows.push([`  at ${fmt(m.lines)}`, `${m.msPer100k} ms per 100k`, `RSS ${m.rssMB ?? '?'} MB`]);
  }
  const pl = res.perLookup;
  if (pl) for (const s of pl.sizes) rows.push([`simulate() with ${s.answers} answers`, `${s.usPerSimulate} µs/call`, `${s.usPerSimulateExplained} µs with explain + hint read; runProfile() alone ${s.usPerRunProfile} µs; ${s.usPerAnswer} µs/answer`]);
  const site = res.site;
  if (site) {
    rows.push(['playground app.js, gzipped', `${site.size.jsGzipKB} KB`, `${fmt(site.size.jsBytes)} bytes minified`]);
    if (!('skipped' in site)) {
      rows.push(['playground load → first result (file://)', `${site.firstResult.default.medianMs} ms`, `max ${site.firstResult.default.maxMs} ms; Chromium ${site.browser}`]);
      rows.push(['  … from a shared link, 8 answers', `${site.firstResult.shared8Answers.medianMs} ms`, `max ${site.firstResult.shared8Answers.maxMs} ms (decompresses the fragment)`]);
      rows.push([`playground edit → re-simulated (8 answers, 5 profiles)`, `${site.update.medianMs} ms`, `p95 ${site.update.p95Ms} ms, max ${site.update.maxMs} ms over ${site.update.updates} updates (${site.update.edits} edits)`]);
      rows.push(['  … the fix (synthesize, every format), after each edit', `${site.fix.medianMs} ms`, `max ${site.fix.maxMs} ms over ${site.fix.runs} runs; not part of the edit`]);
    }
  }
  if (pl) for (const w of pl.wgQuickHost) rows.push([`  … on a wg-quick host (rules, table 51820)`, `${w.usPerSimulateWgQuickHost} µs/call`, `${w.ratio}× the plain host's ${w.usPerSimulatePlainHost} µs (${w.answers} answers)`]);
  for (const b of res.bigInput ?? []) {
    rows.push([`big input: ${b.shape} (${b.command})`, `${b.linearity}× CPU/unit`, `largest vs smallest size; RSS growth ${b.memoryGrowth}× the input's`]);
    for (const p of b.points) rows.push([`  ${p.size.toLocaleString('en-US')} ${p.unit} (${p.inputMiB} MiB)`, `${fmt(p.cpuMs)} ms CPU`, `${fmt(p.wallMs)} ms wall, peak RSS ${p.peakRssMB} MB, ${p.cpuUsPerUnit} CPU-µs per ${p.unit.replace(/s$/, '')}`]);
  }
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r, i) => r.map((x, c) => x.padEnd(w[c]!)).join('  ').trimEnd() + (i === 0 ? `\n${w.map((n) => '-'.repeat(n)).join('  ')}` : '')).join('\n');
}

async function main() {
  if (!existsSync(TSC_CLI)) throw new Error(`${rel(TSC_CLI)} is missing: run npm run build first`);
  const res: Results = {
    date: new Date().toISOString(),
    command: process.env.npm_lifecycle_event === 'bench' ? `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}` : `tsx bench/run.ts ${argv.join(' ')}`.trim(),
    quick: QUICK,
    machine: machine(),
  };
  log(`gaiconf bench: node ${process.version}, ${res.machine.nproc} CPUs (${res.machine.cpu}), load ${res.machine.loadavg}`);
  res.load = {};
  const section = async <T>(key: string, title: string, fn: () => T | Promise<T>): Promise<T> => {
    const before = loadavg();
    log(`${title} (load ${before}) ...`);
    const t0 = performance.now();
    const out = await fn();
    res.load![key] = { before, after: loadavg(), seconds: round((performance.now() - t0) / 1000) };
    return out;
  };
  try {
    if (ONLY.has('coldstart')) res.coldStart = await section('coldStart', `1. cold start (${ROUNDS.coldStart} rounds)`, coldStart);
    if (ONLY.has('throughput')) res.throughput = await section('throughput', '2. throughput', throughput);
    if (ONLY.has('scale')) res.scale = await section('scale', `3. scale: ${SCALE_TOTAL.toLocaleString('en-US')} scenarios through --batch`, scale);
    if (ONLY.has('perlookup')) res.perLookup = await section('perLookup', '4. per-lookup cost', perLookup);
    if (ONLY.has('biginput')) res.bigInput = await section('bigInput', '5. big input (linear time, bounded memory)', () => bigInput({ quick: QUICK, tmp, node: NODE, cli: BIN_CLI, ...(SHAPES ? { only: SHAPES } : {}), log }));
    if (ONLY.has('site')) res.site = await section('site', '6. site: the playground in headless Chromium', () => siteBench(tmp, { loads: ROUNDS.siteLoads, edits: ROUNDS.siteEdits }));
    if (ONLY.has('profile')) res.profiles = await section('profiles', 'profiles (node --cpu-prof)', cpuProfiles);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  res.targets = targets(res);
  writeFileSync(OUT, `${JSON.stringify(res, null, 2)}\n`);
  process.stdout.write(`\n${table(res)}\n\ntargets:\n`);
  for (const t of res.targets) process.stdout.write(`  ${t.holds === null ? 'SKIP' : t.holds ? 'PASS' : 'MISS'}  ${t.target}: ${t.value}\n`);
  if (res.profiles) {
    for (const [what, p] of Object.entries(res.profiles)) {
      process.stdout.write(`\nhot spots, ${what} (self time, ${fmt(p.totalMs)} ms profiled):\n`);
      for (const f of p.self.slice(0, 12)) process.stdout.write(`  ${f.percent.toFixed(1).padStart(5)}%  ${f.fn}  ${f.location}\n`);
    }
  }
  process.stdout.write(`\nwritten: ${rel(OUT)}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
