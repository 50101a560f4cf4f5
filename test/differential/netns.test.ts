import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it, test } from 'vitest';

import { formatIp } from '../../src/address/format.js';
import { parseIp } from '../../src/address/ip.js';
import type { RouteType, Scenario, ScenarioAddress, ScenarioRoute } from '../../src/scenario/types.js';
import {
  UnsupportedByHostBuilder,
  buildProbes,
  cleanupLeftovers,
  oracleAvailability,
  oracleEnvironment,
  planHost,
  runOracle,
  type OracleResult,
} from './netns.js';

const RECORDS = ['198.51.100.7', '2001:db8:99::7', '203.0.113.9', '2001:db8:1::99'];
const DEFAULTS: ScenarioRoute[] = [
  { to: 'default', via: '192.0.2.1' },
  { to: 'default', via: '2001:db8:1::1' },
];

function basic(over: Partial<Scenario> = {}, routes: ScenarioRoute[] = DEFAULTS): Scenario {
  return {
    host: { interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] }], routes },
    query: { records: RECORDS },
    ...over,
  };
}

const order = (r: OracleResult) => r.answers.map((a) => a.address);
const outcome = (r: OracleResult) => r.answers.map((a) => `${a.address} ${a.source ?? a.errno}`);

describe('planHost (no privileges needed)', () => {
  it('adds onlink only for gateways outside every connected prefix', () => {
    const plan = planHost({
      host: {
        interfaces: [
          { name: 'eth0', addresses: ['192.0.2.10/24', { address: '10.0.0.1/8', noprefixroute: true }] },
          { name: 'eth1', addresses: [] },
        ],
        routes: [
          { to: 'default', via: '192.0.2.1' },
          { to: '198.51.100.0/24', via: '10.0.0.254', dev: 'eth0' },
          { to: '203.0.113.0/24', via: '192.0.2.1', dev: 'eth1' },
          { to: '2001:db8::/32', via: 'fe80::1', dev: 'eth0' },
        ],
      },
      query: { records: [] },
    });
    expect(plan.batch.filter((l) => l.startsWith('route'))).toEqual([
      'route add 0.0.0.0/0 via 192.0.2.1',
      'route add 198.51.100.0/24 via 10.0.0.254 dev eth0 onlink',
      'route add 203.0.113.0/24 via 192.0.2.1 dev eth1 onlink',
      'route add 2001:db8::/32 via fe80::1 dev eth0',
    ]);
  });

  it('reads a familyless default as both families, unless IPv6 is off', () => {
    const routes: ScenarioRoute[] = [{ to: 'default', type: 'prohibit', metric: 7 }];
    const lines = (ipv6: boolean) =>
      planHost({ host: { ipv6, interfaces: [], routes }, query: { records: [] } }).batch.filter((l) => l.startsWith('route'));
    expect(lines(true)).toEqual(['route add prohibit 0.0.0.0/0 metric 7', 'route add prohibit ::/0 metric 7']);
    expect(lines(false)).toEqual(['route add prohibit 0.0.0.0/0 metric 7']);
  });

  it('writes /etc files verbatim and never lets the machine gai.conf through', () => {
    const plan = planHost({ ...basic(), gaiConf: 'label ::/0 1 \r\n#x' });
    expect(plan.files.hosts).toBe(RECORDS.map((r) => `${r} host.test\n`).join(''));
    expect(plan.files['gai.conf']).toBe('label ::/0 1 \r\n#x');
    expect(planHost(basic({ gaiConf: null })).files['gai.conf']).toBe('');
  });

  it('rejects what it cannot build, before any namespace exists', () => {
    const withAddress = (address: ScenarioAddress): Scenario => ({
      host: { interfaces: [{ name: 'eth0', addresses: [address] }] },
      query: { records: [] },
    });
    expect(() => planHost({ host: { interfaces: [{ name: 'eth0', up: false, addresses: [{ address: '2001:db8::1/64', optimistic: true }] }] }, query: { records: [] } })).toThrow(UnsupportedByHostBuilder);
    expect(() => planHost(withAddress({ address: '2001:db8::1/64', temporary: true }))).toThrow(/^unsupported by host builder/);
    expect(() => planHost(withAddress('010.1.1.1/8'))).toThrow(/invalid address/);
    expect(() => planHost(withAddress('10.1.1.1/33'))).toThrow(/prefix length/);
    expect(() => planHost({ host: { ipv6: false, interfaces: [{ name: 'eth0', addresses: ['::2/64'] }] }, query: { records: [] } })).toThrow(/ipv6: false/);
  });
});

const availability = oracleAvailability();
if (!availability.ok) {
  if (process.env.CI === 'true') {
    test('oracle prerequisites are present in CI', () => {
      throw new Error(`the netns oracle cannot run: ${availability.reason}`);
    });
  } else {
    console.warn(`skipping the live netns oracle tests: ${availability.reason}`);
  }
}
const describeLive = availability.ok ? describe : describe.skip;

describeLive('netns oracle (real glibc and musl)', () => {
  let probes: { glibc: string; musl: string };
  beforeAll(async () => {
    probes = await buildProbes();
  }, 120_000);

  it('reports the versions it runs against', () => {
    const env = oracleEnvironment();
    expect(env.glibc).toMatch(/^\d+\.\d+/);
    expect(env.musl).toMatch(/^\d+\.\d+/);
    expect(env.kernel).not.toBe('');
  });

  it('prints addresses exactly as formatIp does', () => {
    const table = [
      '::', '::1', '1::', '::ffff:1.2.3.4', '::1.2.3.4', '2001:db8::1:0:0:1', '2001:0:0:1::1',
      'fe80::1', '1:0:0:0:1:0:0:1', '0:0:1::', '1:2:3:4:5:6:7:8', '::ffff:0:0', '::fffe:1.2.3.4',
      '::1:0:0:0', 'ABCD:0:0::EF', '2001:db8:0:0:1:0:0:0', '64:ff9b::192.0.2.1', '0.0.0.0',
      '255.255.255.255', '192.0.2.1', '::ffff:255.255.255.255', '::0.0.1.0',
    ];
    const expected = table.map((t) => formatIp(parseIp(t)!));
    for (const probe of [probes.glibc, probes.musl]) {
      const r = spawnSync(probe, ['--format-only', ...table], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.trimEnd().split('\n')).toEqual(expected);
    }
  });

  it('sorts the basic dual-stack host as glibc 2.36 was observed to', async () => {
    const r = await runOracle(basic(), probes);
    expect(r.glibc.status).toBe('OK');
    expect(outcome(r.glibc)).toEqual([
      '2001:db8:1::99 2001:db8:1::10',
      '2001:db8:99::7 2001:db8:1::10',
      '198.51.100.7 192.0.2.10',
      '203.0.113.9 192.0.2.10',
    ]);
    expect(r.musl.status).toBe('OK');
    expect(order(r.musl)).toEqual(order(r.glibc));
  });

  it('reports glibc crashing on a slashless scopev4 line as SIGSEGV while musl answers', async () => {
    const r = await runOracle(basic({ gaiConf: 'scopev4 198.51.100.7 2\n' }), probes);
    expect(r.glibc).toEqual({ status: 'SIGSEGV', answers: [] });
    expect(r.musl.status).toBe('OK');
    expect(r.musl.answers).toHaveLength(4);
  });

  it('gives IPv6 answers EADDRNOTAVAIL on a host with IPv6 disabled', async () => {
    const r = await runOracle(
      {
        host: {
          ipv6: false,
          interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24'] }],
          routes: [{ to: 'default', via: '192.0.2.1' }],
        },
        query: { records: RECORDS },
      },
      probes,
    );
    for (const lib of [r.glibc, r.musl]) {
      expect(lib.status).toBe('OK');
      expect(outcome(lib)).toEqual([
        '198.51.100.7 192.0.2.10',
        '203.0.113.9 192.0.2.10',
        '2001:db8:99::7 EADDRNOTAVAIL',
        '2001:db8:1::99 EADDRNOTAVAIL',
      ]);
    }
  });

  // What connect() says for each route type, in both families; the simulator's Rule 1 input.
  it.each<[string, RouteType | null, string]>([
    ['no route', null, 'ENETUNREACH'],
    ['unreachable', 'unreachable', 'EHOSTUNREACH'],
    ['blackhole', 'blackhole', 'EINVAL'],
    ['prohibit', 'prohibit', 'EACCES'],
  ])('%s route: connect() fails with %s', async (_, type, errno) => {
    const routes: ScenarioRoute[] = type ? [{ to: 'default', type }] : [];
    const r = await runOracle(basic({ query: { records: ['198.51.100.7', '2001:db8:99::7'] } }, routes), probes);
    for (const lib of [r.glibc, r.musl]) {
      expect(lib.answers.map((a) => [a.family, a.source, a.errno])).toEqual([
        [6, null, errno],
        [4, null, errno],
      ]);
    }
  });

  it('tears the namespace down when building the host fails', async () => {
    // A gateway behind a down link is refused by the kernel (even onlink).
    const down: Scenario = {
      host: { interfaces: [{ name: 'eth0', up: false, addresses: ['192.0.2.10/24'] }], routes: [{ to: 'default', via: '192.0.2.1', dev: 'eth0' }] },
      query: { records: RECORDS },
    };
    await expect(runOracle(down, probes)).rejects.toThrow(/ip -n gaic-\d+-\d+ -batch -/);
  });

  it('leaves no namespace of ours behind', () => {
    const mine = (n: string) => n.startsWith(`gaic-${process.pid}-`);
    const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!);
    expect(listed.filter(mine)).toEqual([]);
    expect(existsSync('/etc/netns') ? readdirSync('/etc/netns').filter(mine) : []).toEqual([]);
    cleanupLeftovers();
    const dead = (n: string) => {
      const m = /^gaic-(\d+)-\d+$/.exec(n);
      return m !== null && !existsSync(`/proc/${m[1]}`);
    };
    const after = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!);
    expect(after.filter(dead)).toEqual([]);
  });
});
