// Live mode against real hosts: generated scenarios are built in network namespaces
// (test/differential/netns.ts), and inside each the built CLI runs:
//   `gaiconf host capture` (ip reader, and --source proc)  → the captured host must simulate
//       exactly as the original scenario's host does (order, status, sources: a round trip);
//   `gaiconf check NAME`  → the system's getaddrinfo (node dns.lookup, glibc) must agree with
//       the simulation of the captured host, /etc/gai.conf and /etc/hosts (exit 0).
// `ip netns exec` bind-mounts the namespace's /etc/netns/NAME files over /etc (hosts with the
// scenario's records, gai.conf, nsswitch.conf `hosts: files`, resolv.conf → the namespace's
// own loopback), and remounts /sys, so node inside sees the namespace as its whole host.
//
// Needs Linux, root and iproute2: skips with a visible reason on a user's machine, fails under
// CI=true. Reproduce a run with GAICONF_CAPTURE_SEEDS=a,b,c (and GAICONF_CAPTURE_PER_SEED=n).
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

import { PROFILES } from '../../src/order/facts.js';
import { simulate } from '../../src/simulate.js';
import type { AiFlag, Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { generateScenario } from '../differential/generator.js';
import { UnsupportedByHostBuilder, withScenarioNamespace, type ScenarioNamespace } from '../differential/netns.js';

import { CLI, ensureBuilt } from './ensure-built.js';
import { netnsGate } from './netns-gate.js';
const SEEDS = (process.env.GAICONF_CAPTURE_SEEDS ?? '1,2,3,4,5,6,7,8,9,10,11,12').split(',').map(Number);
const PER_SEED = Number(process.env.GAICONF_CAPTURE_PER_SEED ?? 2);
const CONCURRENCY = 4;

// ---------------------------------------------------------------------------------------------
// Prerequisites

// ---------------------------------------------------------------------------------------------

/** What must survive a capture: per profile, the status and every answer with its source or errno. */
function outcome(s: Scenario, withErrno = true): string[] {
  return PROFILES.map((profile) => {
    const r = simulate(s, { profile });
    return `${profile} ${r.status}: ${r.results.map((e) => `${e.address}→${e.source ?? (withErrno ? e.errno : 'unusable')}`).join(' ')}`;
  });
}

interface PerScenario {
  scenario: Scenario;
  ip: { host: ScenarioHost; warnings: string };
  proc: { host: ScenarioHost; warnings: string };
  check: { code: number | null; doc: CheckDoc | null; stderr: string; args: string[] };
}

interface CheckDoc {
  agree: boolean;
  checks: { name: string; verdict: string; system: { status: string; order: string[] }; simulation: { status: string; order: string[] } | null }[];
}

async function capture(ns: ScenarioNamespace, extra: string[]): Promise<{ host: ScenarioHost; warnings: string }> {
  const r = await ns.exec(process.execPath, [CLI, 'host', 'capture', ...extra]);
  if (r.code !== 0) throw new Error(`host capture ${extra.join(' ')} in ${ns.name}: exit ${r.code}\n${r.stderr}`);
  return { host: JSON.parse(r.stdout) as ScenarioHost, warnings: r.stderr };
}

async function inNamespace(s: Scenario): Promise<PerScenario | null> {
  try {
    return await withScenarioNamespace(s, async (ns) => {
      const [ip, proc] = await Promise.all([capture(ns, []), capture(ns, ['--source', 'proc'])]);
      const flags = (s.query.flags ?? []).filter((f: AiFlag) => f !== 'AI_CANONNAME');
      const args = [CLI, 'check', s.query.name ?? 'host.test', '--json'];
      if (flags.length) args.push('--flags', flags.join(','));
      if (s.query.family) args.push('--family', s.query.family);
      const r = await ns.exec(process.execPath, args, { timeoutMs: 60_000 });
      let doc: CheckDoc | null = null;
      try {
        doc = JSON.parse(r.stdout) as CheckDoc;
      } catch {
        // reported below with stderr
      }
      return { scenario: s, ip, proc, check: { code: r.code, doc, stderr: r.stderr, args: args.slice(1) } };
    });
  } catch (e) {
    if (e instanceof UnsupportedByHostBuilder) return null;
    throw new Error(`${s.name}: ${(e as Error).message}\n${JSON.stringify(s)}`);
  }
}

/** Features /proc cannot show (docs/live.md): a proc capture is only expected to round-trip without them. */
function procBlindSpots(s: Scenario): string[] {
  const out: string[] = [];
  const routes = s.host.routes ?? [];
  if (routes.some((r) => r.src !== undefined)) out.push('route src');
  if (routes.some((r) => (r.type === 'prohibit' || r.type === 'blackhole') && (r.to.includes(':') || r.to === 'default'))) out.push('IPv6 reject route type');
  for (const i of s.host.interfaces) {
    for (const a of i.addresses) {
      const o = typeof a === 'string' ? { address: a } : a;
      const v4 = !o.address.includes(':');
      if (v4 && 'deprecated' in o && o.deprecated) out.push('IPv4 deprecated');
      if (v4 && i.up === false) out.push('IPv4 address on a down interface');
      if (v4 && (o.scope !== undefined || o.peer !== undefined)) out.push('IPv4 address scope or peer');
    }
  }
  // What the capture's /proc warning names: policy rules, IPv6 route tables, IPv4 multipath
  // beyond the first hop, IPv4 routes outside main.
  if ((s.host.rules ?? []).length > 0 || s.host.defaultRules === false) out.push('policy rules');
  // /proc has no address label table at all.
  if ((s.host.addrlabels ?? []).length > 0) out.push('address labels');
  for (const r of routes) {
    const hint = r.to === 'default' ? (r.via ?? r.src ?? r.from ?? r.nexthops?.[0]?.via ?? '') : r.to;
    const v6 = hint.includes(':');
    const table = r.table ?? 'main';
    if (v6 && table !== 'main' && table !== 'local') out.push('IPv6 route table');
    if (!v6 && table !== 'main') out.push('IPv4 route outside main');
    if (!v6 && (r.nexthops ?? []).length > 1) out.push('IPv4 multipath');
  }
  return [...new Set(out)];
}

const gateOpen = netnsGate('live host-capture suite');

describe.skipIf(!gateOpen)(`live host capture and check in namespaces (seeds ${SEEDS.join(',')} × ${PER_SEED})`, () => {
  const runs: PerScenario[] = [];
  let unsupported = 0;

  beforeAll(async () => {
    ensureBuilt();
    const scenarios = SEEDS.flatMap((seed) => Array.from({ length: PER_SEED }, (_, i) => generateScenario(seed, i)));
    let next = 0;
    const worker = async () => {
      while (next < scenarios.length) {
        const r = await inNamespace(scenarios[next++]!);
        if (r) runs.push(r);
        else unsupported++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    runs.sort((a, b) => (a.scenario.name ?? '').localeCompare(b.scenario.name ?? '', 'en', { numeric: true }));
  }, 600_000);

  it('builds most generated scenarios', () => {
    console.log(`[gaiconf] host capture: ${runs.length} scenarios built, ${unsupported} not buildable (skipped)`);
    expect(runs.length).toBeGreaterThanOrEqual(Math.floor(SEEDS.length * PER_SEED * 0.6));
  });

  it('ip capture is a valid scenario host that simulates exactly like the original (round trip)', () => {
    const failures: string[] = [];
    for (const r of runs) {
      const replay: Scenario = { ...r.scenario, host: r.ip.host };
      const v = validateScenario(replay);
      if (!v.ok) {
        failures.push(`${r.scenario.name}: invalid capture: ${JSON.stringify(v.errors)}`);
        continue;
      }
      const want = outcome(r.scenario);
      const got = outcome(replay);
      if (want.join('\n') !== got.join('\n')) {
        failures.push(`${r.scenario.name}\n  original: ${JSON.stringify(r.scenario.host)}\n  captured: ${JSON.stringify(r.ip.host)}\n  want: ${want.join('\n        ')}\n  got:  ${got.join('\n        ')}\n  warnings: ${r.ip.warnings}`);
      }
    }
    console.log(`[gaiconf] ip capture round trip: ${runs.length - failures.length}/${runs.length}`);
    expect(failures).toEqual([]);
  });

  it('proc capture round-trips wherever /proc can see the whole host', () => {
    const failures: string[] = [];
    let blind = 0;
    let sameAnyway = 0;
    for (const r of runs) {
      const replay: Scenario = { ...r.scenario, host: r.proc.host };
      const v = validateScenario(replay);
      if (!v.ok) {
        failures.push(`${r.scenario.name}: invalid proc capture: ${JSON.stringify(v.errors)}`);
        continue;
      }
      const same = outcome(r.scenario).join('\n') === outcome(replay).join('\n');
      const spots = procBlindSpots(r.scenario);
      if (spots.length) {
        blind++;
        if (same) sameAnyway++;
        continue;
      }
      if (!same) {
        failures.push(`${r.scenario.name}\n  original: ${JSON.stringify(r.scenario.host)}\n  captured: ${JSON.stringify(r.proc.host)}\n  want: ${outcome(r.scenario).join('\n        ')}\n  got:  ${outcome(replay).join('\n        ')}\n  warnings: ${r.proc.warnings}`);
      }
    }
    console.log(`[gaiconf] proc capture round trip: ${runs.length - blind - failures.length}/${runs.length - blind} fully visible scenarios; ${sameAnyway}/${blind} with /proc blind spots simulated the same anyway`);
    expect(failures).toEqual([]);
  });

  it('gaiconf check agrees with the real getaddrinfo inside the namespace (exit 0)', () => {
    const failures: string[] = [];
    for (const r of runs) {
      const c = r.check;
      if (c.code === 0 && c.doc?.agree) continue;
      failures.push(`${r.scenario.name}: check exit ${c.code}\n  args: ${c.args.join(' ')}\n  ${c.doc ? JSON.stringify(c.doc.checks.map((x) => ({ verdict: x.verdict, system: x.system, simulation: x.simulation && { status: x.simulation.status, order: x.simulation.order } }))) : c.stderr}\n  scenario: ${JSON.stringify(r.scenario)}`);
    }
    console.log(`[gaiconf] check in namespaces: ${runs.length - failures.length}/${runs.length} agree`);
    // The capture round-trips (tested above), so a disagreement here is usually the simulator
    // itself: confirm with the differential suite's C probe (runOracle) on the same scenario.
    expect(failures).toEqual([]);
  });

  it('holds peers, scopes, lo extras, throw/local/multipath routes, addrlabels, a per-interface use_tempaddr; holds tentative addresses and warns they pass; names', async () => {
    const s: Scenario = {
      name: 'exotic',
      host: {
        interfaces: [
          { name: 'e0', addresses: ['192.0.2.10/24', '2001:db8::10/64'] },
          { name: 'e1', addresses: ['2001:db8:e1::1/64'] },
        ],
        routes: [{ to: 'default', via: '192.0.2.1' }],
      },
      query: { records: [] },
    };
    await withScenarioNamespace(s, async (ns) => {
      const must = async (cmd: string, args: string[]) => {
        const r = await ns.exec(cmd, args);
        if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
      };
      // DAD that lasts: 30 probes at 1 s, so the next address stays tentative during the test.
      await must('sysctl', ['-qw', 'net.ipv6.conf.e0.dad_transmits=30', 'net.ipv6.conf.e0.use_tempaddr=2', 'net.ipv6.conf.e1.use_tempaddr=0']);
      for (const line of [
        'addr add 10.1.1.1 peer 10.1.1.2/32 dev e0',
        'addr add 169.254.3.3/16 dev e0 scope link',
        'addr add 127.0.0.2/8 dev lo',
        'addr add 2001:db8:8::1/64 dev e0',
        'route add throw 203.0.116.0/24',
        'route add 203.0.118.0/24 nexthop via 192.0.2.1 nexthop via 192.0.2.2',
        'route add local 203.0.119.5 dev e0 table main',
        'route add prohibit 203.0.114.0/24',
        'route add 203.0.117.0/24 dev e0 src 192.0.2.10',
        '-6 route add blackhole 2001:db8:f2::/48',
        'addrlabel add prefix 2001:db8:ab::/48 label 99',
        'link add name v+1 type veth peer name pv1',
      ]) {
        await must('ip', line.split(' '));
      }
      const ip = await capture(ns, []);
      const proc = await capture(ns, ['--source', 'proc']);
      const host = ip.host;
      expect(validateScenario({ host, query: { records: [] } }).ok).toBe(true);
      expect(validateScenario({ host: proc.host, query: { records: [] } }).ok).toBe(true);
      const e0 = host.interfaces.find((i) => i.name === 'e0')!;
      expect(e0.addresses).toContainEqual({ address: '10.1.1.1/32', peer: '10.1.1.2/32' });
      expect(e0.addresses).toContainEqual({ address: '169.254.3.3/16', scope: 'link' });
      expect(e0.addresses).toContainEqual({ address: '2001:db8:8::1/64', tentative: true });
      expect(host.interfaces.find((i) => i.name === 'lo')).toEqual({ name: 'lo', addresses: ['127.0.0.2/8'] });
      expect(host.interfaces.some((i) => /^if\d+$/.test(i.name))).toBe(true);
      expect(host.useTempaddr).toBeUndefined(); // e0=2, e1=0, v+1 and the peers 0: the majority, 0
      expect(e0.useTempaddr).toBe(2); // Rule 7 reads each candidate's device: e0 keeps its own
      expect(host.routes).toEqual(
        expect.arrayContaining([
          { to: 'default', via: '192.0.2.1', dev: 'e0' },
          { to: '203.0.116.0/24', type: 'throw' },
          { to: '203.0.118.0/24', nexthops: [{ via: '192.0.2.1', dev: 'e0' }, { via: '192.0.2.2', dev: 'e0' }] },
          { to: '203.0.119.5', dev: 'e0', type: 'local' },
          { to: '203.0.114.0/24', type: 'prohibit' },
          { to: '203.0.117.0/24', dev: 'e0', src: '192.0.2.10' },
          { to: '2001:db8:f2::/48', type: 'blackhole' },
        ]),
      );
      expect(host.addrlabels).toEqual([{ prefix: '2001:db8:ab::/48', label: 99 }]);
      for (const w of [
        /e0: 2001:db8:8::1\/64 is tentative/,
        /interface "v\+1" is renamed if\d+/,
      ]) {
        expect(ip.warnings).toMatch(w);
      }
      // What the format now holds is not warned about.
      for (const w of [/use_tempaddr/, /peer/, /scope/, /lo address/, /throw/, /multipath/, /addrlabel/, /type local/, /cannot be expressed/, /does not rebuild/, /derives route/]) {
        expect(ip.warnings).not.toMatch(w);
      }
      // auto without `ip` on PATH falls back to /proc, and says so.
      const fallback = await ns.exec('/usr/bin/env', ['PATH=/nonexistent', process.execPath, CLI, 'host', 'capture']);
      expect(fallback.code).toBe(0);
      expect(fallback.stderr).toMatch(/`ip` could not be used \(ip -j addr show: ENOENT\); read \/proc instead/);
      expect(JSON.parse(fallback.stdout)).toEqual(proc.host);
      // /proc: the reject types it cannot tell apart are said, not guessed silently.
      expect(proc.warnings).toMatch(/route 2001:db8:f2::\/48: rejects traffic; \/proc\/net\/ipv6_route does not tell/);
      expect(proc.host.routes).toEqual(expect.arrayContaining([{ to: '203.0.114.0/24', type: 'prohibit' }]));
    });
  }, 60_000);

  it('check reports a disagreement with exit 1 and both traces', async () => {
    // A gai.conf the simulation reads but the system does not: the check's --gai-conf points at a
    // different file than the /etc/gai.conf glibc reads, so the orders must differ.
    const s: Scenario = {
      name: 'forced-divergence',
      host: {
        interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] }],
        routes: [
          { to: 'default', via: '192.0.2.1' },
          { to: 'default', via: '2001:db8:1::1' },
        ],
      },
      gaiConf: null,
      query: { name: 'div.test', records: ['2001:db8:2::1', '198.51.100.1'] },
    };
    await withScenarioNamespace(s, async (ns) => {
      // A network namespace shares the file system: a file written here is read there.
      const conf = join(tmpdir(), `gaiconf-div-${process.pid}.conf`);
      writeFileSync(conf, 'precedence ::ffff:0:0/96 100\n');
      try {
        const r = await ns.exec(process.execPath, [CLI, 'check', 'div.test', '--gai-conf', conf]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/DISAGREE div\.test: first difference at position 1: the system has 2001:db8:2::1, the simulation 198\.51\.100\.1/);
        expect(r.stdout).toMatch(/the simulation's order, explained:\n {4}198\.51\.100\.1 before 2001:db8:2::1: Rule 6/);
        expect(r.stdout).toMatch(/the system's order, judged by the simulation's rules:\n {4}2001:db8:2::1 before 198\.51\.100\.1: the simulation prefers the other — Rule 6/);
        const agree = await ns.exec(process.execPath, [CLI, 'check', 'div.test']);
        expect(agree.code).toBe(0);
        expect(agree.stdout).toMatch(/^agree {4}div\.test: 2001:db8:2::1, 198\.51\.100\.1/);
        const show = await ns.exec(process.execPath, [CLI, 'host', 'show']);
        expect(show.code).toBe(0);
        expect(show.stdout).toMatch(/eth0 +up +192\.0\.2\.10\/24/);
      } finally {
        rmSync(conf, { force: true });
      }
    });
  }, 60_000);
});
