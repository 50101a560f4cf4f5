// The Node.js connect plan against the REAL node on this machine (process.execPath), inside a
// network namespace this file creates (gaic-rt-<pid>) and always removes, /etc/netns/<ns> too.
// Nothing leaves the namespace: the servers and names are on its loopback, and the "silent"
// peers are neighbours on a veth pair whose both ends live in the namespace, with a permanent
// neighbour entry for a MAC nobody owns — the SYNs go out of v0, arrive at v1 addressed to a
// foreign MAC and are dropped, so connect() gets no answer at all (a timeout-like peer without
// netfilter, which this machine does not have).
//
// Names (in /etc/netns/<ns>/hosts):
//   svc.test     ::1, 127.0.0.1   — a TCP server on 127.0.0.1:PORT, nothing on [::1]:PORT (refused)
//   silent.test  fd00:99::2, 127.0.0.1 — fd00:99::2 never answers
//   dead.test    ::1, 127.0.0.2   — both refused
// Each is looked up with dns.lookup({all: true, hints: ADDRCONFIG}) (libc's order, as net.connect
// does) and connected with net.connect({autoSelectFamily: true, autoSelectFamilyAttemptTimeout:
// 250}); socket.autoSelectFamilyAttemptedAddresses, the winner and the elapsed time are compared
// with connectPlan(node, the same list). The lookup order is also compared with simulate().
//
// Without root or `ip` the suite is skipped with the reason printed; under CI=true that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPlan, type ConnectPlan, type ReachabilityMap } from '../../src/runtime/timeline.js';
import type { Scenario } from '../../src/scenario/types.js';
import { simulate } from '../../src/simulate.js';

const NS = `gaic-rt-${process.pid}`;
const ETC = join('/etc/netns', NS);

function run(cmd: string, args: string[], timeout = 10_000) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

function gate(): { run: boolean; reason: string | null } {
  let reason: string | null = null;
  if (process.platform !== 'linux') reason = 'not Linux';
  else if (process.getuid?.() !== 0) reason = 'not root (ip netns needs CAP_SYS_ADMIN)';
  else if (!run('ip', ['-V']).ok) reason = '`ip` (iproute2) is not installed';
  else if (!existsSync('/etc/hosts')) reason = '/etc/hosts is missing; ip netns exec can only replace an existing file';
  if (reason === null) return { run: true, reason: null };
  if (process.env.CI === 'true') throw new Error(`node-real suite cannot run under CI: ${reason}`);
  console.warn(`[gaiconf] skipping the real-Node connect check: ${reason}`);
  return { run: false, reason };
}

const G = gate();
let created = false;

function cleanup() {
  if (created) run('ip', ['netns', 'del', NS]);
  created = false;
  rmSync(ETC, { recursive: true, force: true });
}

const HOSTS = ['::1 svc.test', '127.0.0.1 svc.test', 'fd00:99::2 silent.test', '127.0.0.1 silent.test', '::1 dead.test', '127.0.0.2 dead.test', ''].join('\n');

function setUp() {
  const add = run('ip', ['netns', 'add', NS]);
  if (!add.ok) throw new Error(`ip netns add ${NS}: ${add.out}`);
  created = true;
  process.once('exit', cleanup);
  const batch = [
    'link set lo up',
    'link add v0 type veth peer name v1',
    'link set v0 up',
    'link set v1 up',
    'addr add 10.99.0.1/24 dev v0',
    'addr add fd00:99::1/64 dev v0 nodad',
    'neigh add 10.99.0.2 lladdr 02:00:00:00:00:99 dev v0 nud permanent',
    'neigh add fd00:99::2 lladdr 02:00:00:00:00:99 dev v0 nud permanent',
  ];
  for (const line of batch) {
    const r = run('ip', ['-n', NS, ...line.split(' ')]);
    if (!r.ok) throw new Error(`ip -n ${NS} ${line}: ${r.out}`);
  }
  mkdirSync(ETC, { recursive: true });
  writeFileSync(join(ETC, 'hosts'), HOSTS);
  // Default glibc tables inside (an empty gai.conf), and no DNS server outside the namespace.
  if (existsSync('/etc/gai.conf')) writeFileSync(join(ETC, 'gai.conf'), '');
  if (existsSync('/etc/resolv.conf')) writeFileSync(join(ETC, 'resolv.conf'), 'nameserver 127.0.0.1\n');
  if (existsSync('/etc/nsswitch.conf')) writeFileSync(join(ETC, 'nsswitch.conf'), 'hosts: files\n');
}

// Runs inside the namespace with the real node. Prints one JSON object.
const SCRIPT = String.raw`
const net = require('node:net'); const dns = require('node:dns');
const cases = JSON.parse(process.argv[1]);
const lookup = (name) => new Promise((res) => dns.lookup(name, { all: true, hints: dns.ADDRCONFIG }, (e, a) => res(e ? String(e.code) : a.map((x) => x.address))));
const attempt = (host, port, opts) => new Promise((res) => {
  const t0 = process.hrtime.bigint();
  const s = net.connect({ host, port, ...opts });
  const done = (winner, error) => { const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    res({ winner, error, ms, attempted: s.autoSelectFamilyAttemptedAddresses ?? null }); s.destroy(); };
  s.once('connect', () => done(s.remoteAddress, null));
  s.once('error', (e) => done(null, e.name === 'AggregateError' ? 'AggregateError [' + e.errors.map((x) => x.code + ' ' + x.address).join(', ') + ']' : e.code + ' ' + (e.address ?? '')));
});
const server = net.createServer((c) => c.end()).listen(0, '127.0.0.1', async () => {
  const port = server.address().port; const out = { node: process.versions.node, port, defaults: { autoSelectFamily: net.getDefaultAutoSelectFamily(), timeout: net.getDefaultAutoSelectFamilyAttemptTimeout() }, cases: [] };
  for (const c of cases) out.cases.push({ ...c, lookup: await lookup(c.host), result: await attempt(c.host, port, c.options) });
  server.close(); console.log(JSON.stringify(out));
});`;

interface RealCase {
  id: string;
  host: string;
  options: Record<string, unknown>;
  lookup: string[] | string;
  result: { winner: string | null; error: string | null; ms: number; attempted: string[] | null };
}
interface RealRun {
  node: string;
  port: number;
  defaults: { autoSelectFamily: boolean; timeout: number };
  cases: RealCase[];
}

const HE = { autoSelectFamily: true, autoSelectFamilyAttemptTimeout: 250 };
const CASES = [
  { id: 'refused-then-ipv4', host: 'svc.test', options: HE },
  { id: 'defaults', host: 'svc.test', options: {} },
  { id: 'silent-then-ipv4', host: 'silent.test', options: HE },
  { id: 'all-refused', host: 'dead.test', options: HE },
  { id: 'no-autoselect', host: 'svc.test', options: { autoSelectFamily: false } },
];
// How each address answers inside the namespace (the model's reachability for the same list).
const REACH: ReachabilityMap = { '::1': { outcome: 'refused' }, '127.0.0.2': { outcome: 'refused' }, 'fd00:99::2': { outcome: 'timeout' } };

// The namespace as a scenario: v0 with the two addresses, lo implicit; hosts-file order as records.
const scenarioFor = (records: string[]): Scenario => ({
  host: { interfaces: [{ name: 'v0', addresses: ['10.99.0.1/24', { address: 'fd00:99::1/64' }] }, { name: 'v1', addresses: [] }] },
  query: { records, flags: ['AI_ADDRCONFIG'] },
});
const RECORDS: Record<string, string[]> = { 'svc.test': ['::1', '127.0.0.1'], 'silent.test': ['fd00:99::2', '127.0.0.1'], 'dead.test': ['::1', '127.0.0.2'] };

const strip = (a: string) => a.replace(/:\d+$/, '');
const startedAddresses = (p: ConnectPlan) => p.attempts.filter((a) => a.startMs !== null).map((a) => a.address);

describe.skipIf(!G.run)(`real Node ${process.versions.node} in network namespace ${NS}`, () => {
  let real: RealRun;

  beforeAll(() => {
    try {
      setUp();
      const r = spawnSync('ip', ['netns', 'exec', NS, process.execPath, '-e', SCRIPT, JSON.stringify(CASES)], { encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0) throw new Error(`node in ${NS} failed (${r.status ?? r.signal}): ${r.stderr}`);
      real = JSON.parse(r.stdout.trim().split('\n').pop()!) as RealRun;
      console.info(`[gaiconf] real-Node connect check (node ${real.node}, ${NS}):\n${real.cases.map((c) => `  ${c.id}: lookup ${JSON.stringify(c.lookup)} attempted ${JSON.stringify(c.result.attempted)} → ${c.result.winner ?? c.result.error} in ${c.result.ms.toFixed(1)} ms`).join('\n')}`);
    } catch (e) {
      cleanup();
      throw e;
    }
  }, 60_000);

  afterAll(() => cleanup());

  const get = (id: string) => real.cases.find((c) => c.id === id)!;
  const plan = (c: RealCase) => connectPlan({ runtime: 'node', version: real.node, options: c.options }, c.lookup as string[], REACH);

  it('this node\'s defaults are what the model assumes for its version', () => {
    expect(real.defaults).toEqual({ autoSelectFamily: plan(get('defaults')).options.autoSelectFamily, timeout: plan(get('defaults')).options.autoSelectFamilyAttemptTimeout });
  });

  it('dns.lookup returns glibc\'s order, the one simulate() predicts for the namespace', () => {
    for (const c of real.cases) expect(c.lookup).toEqual(simulate(scenarioFor(RECORDS[c.host]!)).order);
  });

  it('[::1, 127.0.0.1], ::1 refused: attempts ::1 then 127.0.0.1, which wins well before the 250 ms timer', () => {
    for (const id of ['refused-then-ipv4', 'defaults']) {
      const c = get(id);
      const p = plan(c);
      expect(c.result.attempted?.map(strip)).toEqual(startedAddresses(p));
      expect(c.result.winner).toBe(p.winner);
      expect(p.winner).toBe('127.0.0.1');
      expect(c.result.ms).toBeLessThan(250);
    }
  });

  it('[fd00:99::2 (silent), 127.0.0.1]: the silent attempt is abandoned after ~250 ms, then 127.0.0.1 wins', () => {
    const c = get('silent-then-ipv4');
    const p = plan(c);
    expect(c.lookup).toEqual(['fd00:99::2', '127.0.0.1']);
    expect(c.result.attempted?.map(strip)).toEqual(startedAddresses(p));
    expect(c.result.winner).toBe('127.0.0.1');
    expect(p.totalMs).toBe(260);
    expect(c.result.ms).toBeGreaterThanOrEqual(249);
    expect(c.result.ms).toBeLessThan(1000);
  });

  it('[::1, 127.0.0.2], both refused: both tried, AggregateError with both errors', () => {
    const c = get('all-refused');
    const p = plan(c);
    expect(c.result.attempted?.map(strip)).toEqual(startedAddresses(p));
    expect(c.result.winner).toBeNull();
    expect(c.result.error).toBe(p.error);
  });

  it('autoSelectFamily: false: only ::1, ECONNREFUSED, no attempted-address list', () => {
    const c = get('no-autoselect');
    const p = plan(c);
    expect(startedAddresses(p)).toEqual(['::1']);
    expect(c.result.attempted).toBeNull();
    expect(c.result.error).toBe('ECONNREFUSED ::1');
    expect(p.error).toBe('Error: connect ECONNREFUSED ::1');
  });
});
