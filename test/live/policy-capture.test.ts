// Policy routing hosts as people build them with plain `ip` commands (wg-quick, Tailscale, BGP
// unnumbered, anycast + AnyIP, OpenWrt source routing, ECMP and nexthop groups, split access
// with peers, scopes, lo without IPv6 and address labels), each in its own namespace:
//   `gaiconf host capture` must hold every feature (the keys are asserted) without a warning,
//       and simulate exactly like a scenario written by hand for the same host;
//   `gaiconf check --json` must put the kernel's real source beside the simulated one for every
//       answer, and agree with them (order, status, every source); a disagreement prints the
//       captured host and both answers before it fails.
// Needs Linux, root and iproute2: skips with a visible reason elsewhere, fails under CI=true.
import { beforeAll, describe, expect, it } from 'vitest';

import { PROFILES } from '../../src/order/facts.js';
import { simulate } from '../../src/simulate.js';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { withScenarioNamespace } from '../differential/netns.js';
import { CLI, ensureBuilt } from './ensure-built.js';
import { netnsGate } from './netns-gate.js';

interface Setup {
  name: string;
  /** What withScenarioNamespace builds: plain interfaces and addresses (veth, addrgenmode none). */
  base: ScenarioHost;
  /** Then these, each `ip …` (or `sysctl -w …` when it starts with sysctl). */
  commands: string[];
  /** The same host written by hand in the scenario format. */
  hand: ScenarioHost;
  records: string[];
  /** Checks on the captured host. */
  expectCapture(h: ScenarioHost): void;
}

const eth = (name: string, ...addresses: string[]) => ({ name, addresses });

const SETUPS: Setup[] = [
  {
    name: 'wg-quick full tunnel',
    base: { interfaces: [eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64'), eth('wg0', '10.64.0.2/32', 'fd00:64::2/128')] },
    commands: [
      'route add default via 192.0.2.1 dev eth0',
      '-6 route add default via 2001:db8:1::1 dev eth0',
      'route add 0.0.0.0/0 dev wg0 table 51820',
      '-6 route add ::/0 dev wg0 table 51820',
      '-4 rule add not fwmark 51820 table 51820',
      '-4 rule add table main suppress_prefixlength 0',
      '-6 rule add not fwmark 51820 table 51820',
      '-6 rule add table main suppress_prefixlength 0',
    ],
    hand: {
      interfaces: [eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64'), eth('wg0', '10.64.0.2/32', 'fd00:64::2/128')],
      routes: [
        { to: 'default', via: '192.0.2.1', dev: 'eth0' },
        { to: 'default', via: '2001:db8:1::1', dev: 'eth0' },
        { to: '0.0.0.0/0', dev: 'wg0', table: 51820 },
        { to: '::/0', dev: 'wg0', table: 51820 },
      ],
      rules: [
        { not: true, fwmark: 51820, table: 51820, priority: 32765 },
        { table: 'main', suppressPrefixlength: 0, priority: 32764 },
      ],
    },
    records: ['198.51.100.1', '2001:db8:2::1', '192.0.2.50'],
    expectCapture(h) {
      expect(h.rules).toEqual(
        expect.arrayContaining([
          { family: 4, priority: 32765, not: true, fwmark: 51820, table: 51820 },
          { family: 4, priority: 32764, table: 'main', suppressPrefixlength: 0 },
          { family: 6, priority: 32765, not: true, fwmark: 51820, table: 51820 },
          { family: 6, priority: 32764, table: 'main', suppressPrefixlength: 0 },
        ]),
      );
      expect(h.defaultRules).toBeUndefined();
      expect(h.routes).toEqual(expect.arrayContaining([{ to: '0.0.0.0/0', dev: 'wg0', table: 51820 }, { to: '::/0', dev: 'wg0', table: 51820 }]));
    },
  },
  {
    name: 'Tailscale exit node',
    base: { interfaces: [eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64'), eth('tailscale0', '100.64.0.5/32', 'fd7a:115c:a1e0::5/128')] },
    commands: [
      'route add default via 192.0.2.1 dev eth0',
      '-6 route add default via 2001:db8:1::1 dev eth0',
      'route add default dev tailscale0 table 52',
      'route add throw 192.0.2.0/24 table 52',
      'route add 100.64.0.0/10 dev tailscale0 table 52',
      '-6 route add default dev tailscale0 table 52',
      '-6 route add throw 2001:db8:1::/64 table 52',
      ...[4, 6].flatMap((f) => [
        `-${f} rule add pref 5210 fwmark 0x80000/0xff0000 table main`,
        `-${f} rule add pref 5230 fwmark 0x80000/0xff0000 table default`,
        `-${f} rule add pref 5250 fwmark 0x80000/0xff0000 type unreachable`,
        `-${f} rule add pref 5270 table 52`,
      ]),
    ],
    hand: {
      interfaces: [eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64'), eth('tailscale0', '100.64.0.5/32', 'fd7a:115c:a1e0::5/128')],
      routes: [
        { to: 'default', via: '192.0.2.1', dev: 'eth0' },
        { to: 'default', via: '2001:db8:1::1', dev: 'eth0' },
        { to: '0.0.0.0/0', dev: 'tailscale0', table: 52 },
        { to: '192.0.2.0/24', type: 'throw', table: 52 },
        { to: '100.64.0.0/10', dev: 'tailscale0', table: 52 },
        { to: '::/0', dev: 'tailscale0', table: 52 },
        { to: '2001:db8:1::/64', type: 'throw', table: 52 },
      ],
      rules: [
        { priority: 5210, fwmark: '0x80000/0xff0000', table: 'main' },
        { priority: 5230, fwmark: '0x80000/0xff0000', table: 'default' },
        { priority: 5250, fwmark: '0x80000/0xff0000', action: 'unreachable' },
        { priority: 5270, table: 52 },
      ],
    },
    records: ['198.51.100.1', '2001:db8:2::1', '192.0.2.50', '2001:db8:1::50'],
    expectCapture(h) {
      expect(h.routes).toEqual(expect.arrayContaining([{ to: '192.0.2.0/24', type: 'throw', table: 52 }, { to: '2001:db8:1::/64', type: 'throw', table: 52 }]));
      expect(h.rules).toEqual(
        expect.arrayContaining([
          { family: 4, priority: 5250, fwmark: '0x80000/0xff0000', action: 'unreachable' },
          { family: 6, priority: 5230, fwmark: '0x80000/0xff0000', table: 'default' },
          { family: 4, priority: 5270, table: 52 },
        ]),
      );
    },
  },
  {
    name: 'BGP unnumbered',
    base: { interfaces: [eth('eth0', 'fe80::2/64')] },
    commands: ['addr add 203.0.113.1/32 dev lo', 'addr add 2001:db8:ff::1/128 dev lo', '-6 route add default via fe80::1 dev eth0', 'route add 0.0.0.0/0 via inet6 fe80::1 dev eth0'],
    hand: {
      interfaces: [eth('lo', '203.0.113.1/32', '2001:db8:ff::1/128'), eth('eth0', 'fe80::2/64')],
      routes: [
        { to: 'default', via: 'fe80::1', dev: 'eth0' },
        { to: '0.0.0.0/0', via: 'fe80::1', dev: 'eth0' },
      ],
    },
    records: ['198.51.100.1', '2001:db8:2::1'],
    expectCapture(h) {
      expect(h.interfaces.find((i) => i.name === 'lo')?.addresses).toEqual(['203.0.113.1/32', '2001:db8:ff::1/128']);
      expect(h.routes).toEqual(expect.arrayContaining([{ to: '0.0.0.0/0', via: 'fe80::1', dev: 'eth0' }, { to: 'default', via: 'fe80::1', dev: 'eth0' }]));
    },
  },
  {
    name: 'anycast on lo and AnyIP',
    base: { interfaces: [eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64')] },
    commands: ['addr add 192.0.2.53/32 dev lo', 'route add local 198.51.100.0/24 dev lo table local', 'route add default via 192.0.2.1 dev eth0', '-6 route add local 2001:db8:a::/64 dev lo table local'],
    hand: {
      interfaces: [eth('lo', '192.0.2.53/32'), eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64')],
      routes: [
        { to: '198.51.100.0/24', dev: 'lo', type: 'local', table: 'local' },
        { to: 'default', via: '192.0.2.1', dev: 'eth0' },
        { to: '2001:db8:a::/64', dev: 'lo', type: 'local', table: 'local' },
      ],
    },
    records: ['198.51.100.7', '192.0.2.53', '203.0.113.9', '2001:db8:a::5'],
    expectCapture(h) {
      expect(h.interfaces.find((i) => i.name === 'lo')?.addresses).toEqual(['192.0.2.53/32']);
      expect(h.routes).toEqual(expect.arrayContaining([{ to: '198.51.100.0/24', dev: 'lo', type: 'local', table: 'local' }]));
    },
  },
  {
    name: 'OpenWrt source-specific default',
    base: { interfaces: [eth('wan', '2001:db8:1::10/64', 'fe80::2/64', '192.0.2.10/24'), eth('lan', '2001:db8:1:100::1/64')] },
    commands: ['-6 route add default from 2001:db8:1::/48 via fe80::1 dev wan', 'route add default via 192.0.2.1 dev wan'],
    hand: {
      interfaces: [eth('wan', '2001:db8:1::10/64', 'fe80::2/64', '192.0.2.10/24'), eth('lan', '2001:db8:1:100::1/64')],
      routes: [
        { to: 'default', from: '2001:db8:1::/48', via: 'fe80::1', dev: 'wan' },
        { to: 'default', via: '192.0.2.1', dev: 'wan' },
      ],
    },
    records: ['2001:db8:2::1', '198.51.100.1', '2001:db8:1:100::5'],
    expectCapture(h) {
      expect(h.routes).toEqual(expect.arrayContaining([{ to: 'default', from: '2001:db8:1::/48', via: 'fe80::1', dev: 'wan' }]));
    },
  },
  {
    name: 'ECMP and a nexthop group',
    base: { interfaces: [eth('eth0', '192.0.2.10/24', 'fe80::a/64', '2001:db8:1::10/64'), eth('eth1', '198.51.100.10/24', 'fe80::b/64')] },
    commands: [
      'route add default nexthop via 192.0.2.1 dev eth0 nexthop via 198.51.100.1 dev eth1 weight 2',
      'nexthop add id 1 via 192.0.2.1 dev eth0',
      'nexthop add id 2 via 198.51.100.1 dev eth1',
      'nexthop add id 10 group 1/2,3',
      'route add 203.0.113.0/24 nhid 10',
      '-6 route add 2001:db8:9::/48 nexthop via fe80::1 dev eth0 nexthop via fe80::2 dev eth1',
    ],
    hand: {
      interfaces: [eth('eth0', '192.0.2.10/24', 'fe80::a/64', '2001:db8:1::10/64'), eth('eth1', '198.51.100.10/24', 'fe80::b/64')],
      routes: [
        { to: '0.0.0.0/0', nexthops: [{ via: '192.0.2.1', dev: 'eth0' }, { via: '198.51.100.1', dev: 'eth1', weight: 2 }] },
        { to: '203.0.113.0/24', nexthops: [{ via: '192.0.2.1', dev: 'eth0' }, { via: '198.51.100.1', dev: 'eth1', weight: 3 }] },
        { to: '2001:db8:9::/48', nexthops: [{ via: 'fe80::1', dev: 'eth0' }, { via: 'fe80::2', dev: 'eth1' }] },
      ],
    },
    records: ['203.0.113.5', '2001:db8:9::1', '8.8.8.8'],
    expectCapture(h) {
      expect(h.routes).toEqual(
        expect.arrayContaining([
          { to: 'default', nexthops: [{ via: '192.0.2.1', dev: 'eth0' }, { via: '198.51.100.1', dev: 'eth1', weight: 2 }] },
          { to: '203.0.113.0/24', nexthops: [{ via: '192.0.2.1', dev: 'eth0' }, { via: '198.51.100.1', dev: 'eth1', weight: 3 }] },
          { to: '2001:db8:9::/48', nexthops: [{ via: 'fe80::1', dev: 'eth0' }, { via: 'fe80::2', dev: 'eth1' }] },
        ]),
      );
    },
  },
  {
    name: 'split access, peer, scope link, lo without IPv6, addrlabels',
    base: { interfaces: [eth('eth0', '192.0.2.10/24', '2001:db8:1::10/64'), eth('eth1', '198.51.100.10/24'), eth('ppp0')] },
    commands: [
      'sysctl -qw net.ipv6.conf.lo.disable_ipv6=1',
      'route add default via 192.0.2.1 dev eth0',
      '-6 route add default via 2001:db8:1::1 dev eth0',
      'route add default via 198.51.100.1 dev eth1 table 100',
      'rule add from 198.51.100.10 table 100',
      'addr add 10.1.1.1 peer 10.1.1.2/32 dev ppp0',
      'route add 10.20.0.0/16 dev ppp0',
      'addr add 169.254.7.7/16 dev eth0 scope link',
      'addrlabel add prefix 2001:db8:2::/48 label 99',
      'link set dev eth1 group 7',
    ],
    hand: {
      interfaces: [
        { name: 'lo', addresses: [], disableIpv6: true },
        { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64', { address: '169.254.7.7/16', scope: 'link' }] },
        { name: 'eth1', addresses: ['198.51.100.10/24'], group: 7 },
        { name: 'ppp0', addresses: [{ address: '10.1.1.1/32', peer: '10.1.1.2/32' }] },
      ],
      routes: [
        { to: 'default', via: '192.0.2.1', dev: 'eth0' },
        { to: 'default', via: '2001:db8:1::1', dev: 'eth0' },
        { to: 'default', via: '198.51.100.1', dev: 'eth1', table: 100 },
        { to: '10.20.0.0/16', dev: 'ppp0' },
      ],
      rules: [{ from: '198.51.100.10', table: 100, priority: 32765 }],
      addrlabels: [{ prefix: '2001:db8:2::/48', label: 99 }],
    },
    records: ['203.0.113.5', '10.20.0.1', '169.254.1.1', '2001:db8:2::1', '::1'],
    expectCapture(h) {
      expect(h.interfaces.find((i) => i.name === 'lo')).toEqual({ name: 'lo', addresses: [], disableIpv6: true });
      const find = (n: string) => h.interfaces.find((i) => i.name === n)!;
      expect(find('ppp0').addresses).toEqual([{ address: '10.1.1.1/32', peer: '10.1.1.2/32' }]);
      expect(find('eth0').addresses).toContainEqual({ address: '169.254.7.7/16', scope: 'link' });
      expect(find('eth1').group).toBe(7);
      expect(h.rules).toEqual([{ family: 4, priority: 32765, from: '198.51.100.10', table: 100 }]);
      expect(h.addrlabels).toEqual([{ prefix: '2001:db8:2::/48', label: 99 }]);
      expect(h.routes).toEqual(expect.arrayContaining([{ to: 'default', via: '198.51.100.1', dev: 'eth1', table: 100 }]));
    },
  },
];

interface CheckDoc {
  agree: boolean;
  checks: {
    name: string;
    verdict: string;
    system: { status: string; order: string[]; sources: { address: string; source: string | null; errno: string | null }[] };
    simulation: { status: string; order: string[] } | null;
    sources: { address: string; realSource: string | null; realErrno: string | null; simulatedSource: string | null; simulatedErrno: string | null; simulatedCandidates: string[] | null; agree: boolean }[];
    sourcesAgree: boolean | null;
  }[];
}

interface Run {
  setup: Setup;
  ip: { host: ScenarioHost; stderr: string };
  proc: { host: ScenarioHost; stderr: string };
  show: string;
  check: { code: number | null; doc: CheckDoc | null; stderr: string };
}

function outcome(s: Scenario): string[] {
  return PROFILES.map((profile) => {
    const r = simulate(s, { profile });
    return `${profile} ${r.status}: ${r.results.map((e) => `${e.address}→${e.source ?? e.errno}${e.sourceCandidates ? `{${e.sourceCandidates.join('|')}}` : ''}`).join(' ')}`;
  });
}

const gateOpen = netnsGate('policy-routing capture suite');

describe.skipIf(!gateOpen)('host capture of policy-routing hosts built with ip', () => {
  const runs: Run[] = [];

  beforeAll(async () => {
    ensureBuilt();
    for (const setup of SETUPS) {
      const base: Scenario = { name: setup.name, host: setup.base, gaiConf: null, query: { name: 'policy.test', records: setup.records } };
      runs.push(
        await withScenarioNamespace(base, async (ns) => {
          for (const c of setup.commands) {
            const [cmd, args] = c.startsWith('sysctl ') ? ['sysctl', c.split(' ').slice(1)] : ['ip', c.split(' ')];
            const r = await ns.exec(cmd, args);
            if (r.code !== 0) throw new Error(`${setup.name}: ${cmd} ${args.join(' ')}: ${r.stderr}`);
          }
          const capture = async (extra: string[]) => {
            const r = await ns.exec(process.execPath, [CLI, 'host', 'capture', ...extra]);
            if (r.code !== 0) throw new Error(`${setup.name}: host capture ${extra.join(' ')}: exit ${r.code}\n${r.stderr}`);
            return { host: JSON.parse(r.stdout) as ScenarioHost, stderr: r.stderr };
          };
          const ip = await capture([]);
          const proc = await capture(['--source', 'proc']);
          const show = (await ns.exec(process.execPath, [CLI, 'host', 'show'])).stdout;
          const r = await ns.exec(process.execPath, [CLI, 'check', 'policy.test', '--json'], { timeoutMs: 60_000 });
          let doc: CheckDoc | null = null;
          try {
            doc = JSON.parse(r.stdout) as CheckDoc;
          } catch {
            // reported by the test
          }
          return { setup, ip, proc, show, check: { code: r.code, doc, stderr: r.stderr } };
        }),
      );
    }
  }, 300_000);

  for (const setup of SETUPS) {
    describe(setup.name, () => {
      const run = () => runs.find((r) => r.setup === setup)!;

      it('is captured with every feature, valid, and without a warning', () => {
        const { ip } = run();
        expect(validateScenario({ host: ip.host, query: { records: [] } }).ok).toBe(true);
        setup.expectCapture(ip.host);
        expect(ip.stderr).toBe('');
      });

      it('simulates like the same host written by hand', () => {
        const { ip } = run();
        const query = { name: 'policy.test', records: setup.records };
        expect(validateScenario({ host: setup.hand, query }).ok).toBe(true);
        expect(outcome({ host: ip.host, query })).toEqual(outcome({ host: setup.hand, query }));
      });

      it('host show prints it; the proc reader says what /proc cannot show', () => {
        const { show, proc } = run();
        expect(show).toMatch(/live host · read with `ip -j`/);
        expect(show).not.toMatch(/warning:/);
        expect(proc.stderr).toMatch(/read from \/proc, which cannot show the policy rules/);
        expect(validateScenario({ host: proc.host, query: { records: [] } }).ok).toBe(true);
      });

      it('check puts the real and the simulated source side by side for every answer', () => {
        const { check } = run();
        expect(check.doc, check.stderr).not.toBeNull();
        const c = check.doc!.checks[0]!;
        if (c.system.status === 'OK') {
          expect(c.sources.map((s) => s.address)).toEqual(c.system.order);
          expect(c.system.sources.map((s) => s.address)).toEqual(c.system.order);
          for (const s of c.sources) {
            expect(s.realSource !== null || s.realErrno !== null).toBe(true);
            expect('simulatedSource' in s && 'simulatedErrno' in s && 'simulatedCandidates' in s).toBe(true);
          }
        }
        console.log(`[gaiconf] check in "${setup.name}": ${c.verdict}; ${c.system.status} ${c.sources.map((s) => `${s.address}←${s.realSource ?? s.realErrno}${s.agree ? '' : ` (simulated ${s.simulatedCandidates ? s.simulatedCandidates.join('|') : (s.simulatedSource ?? s.simulatedErrno)})`}`).join(', ')}`);
        if (c.verdict !== 'agree') {
          console.log(
            `[gaiconf] check disagrees in "${setup.name}":\n  host: ${JSON.stringify(run().ip.host)}\n  records: ${setup.records.join(' ')}\n  system:     ${c.system.status} ${c.system.order.join(' ')}\n  simulation: ${c.simulation?.status} ${c.simulation?.order.join(' ')}\n  sources: ${c.sources.map((s) => `${s.address}: real ${s.realSource ?? s.realErrno}, simulated ${s.simulatedCandidates ? s.simulatedCandidates.join('|') : (s.simulatedSource ?? s.simulatedErrno)}${s.agree ? '' : ' ≠'}`).join('; ')}`,
          );
        }
        expect(c.verdict, 'check must agree with the real getaddrinfo and kernel on order, status and every source').toBe('agree');
        expect(check.code).toBe(0);
      });
    });
  }
});
