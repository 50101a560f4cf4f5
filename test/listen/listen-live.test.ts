// `gaiconf listen` inside namespaces built with plain `ip`/sysctl commands: the model's answer
// and a real bind (ephemeral port, closed at once) must agree, and be what the kernel does:
// `[::]` binds with disable_ipv6 everywhere, `::1` does not; AnyIP binds for IPv4 only;
// net.ipv6.bindv6only makes a plain `[::]` IPv6-only.
import { describe, expect, it } from 'vitest';
import { oracleGate } from '../differential/prerequisites.js';
import { withPlanNamespace } from '../differential/netns.js';
import { toolHostPlan } from '../differential/tool-hosts.js';
import { CLI, ensureBuilt } from '../live/ensure-built.js';

const gate = oracleGate();

const VETH = ['ip link add eth0 type veth peer name p0', 'ip link set eth0 addrgenmode none', 'ip link set p0 up', 'ip link set eth0 up', 'ip addr add 192.0.2.10/24 dev eth0'];

interface Listener {
  listen: { listen: string; binds: boolean; errno: string | null; receivesIpv4: boolean | null };
  live: { binds: boolean; errno: string | null; receivesIpv4: boolean | null } | null;
  disagrees: boolean;
}

async function listenIn(commands: string[], args: string[]): Promise<{ code: number | null; listeners: Listener[]; kernelIpv6: boolean; bindv6only: boolean }> {
  ensureBuilt();
  const plan = toolHostPlan({ name: 'listen', tool: 'test', commands, scenario: { host: { interfaces: [] }, query: { records: [] } } });
  return withPlanNamespace(plan, async (ns) => {
    const r = await ns.exec(process.execPath, [CLI, 'listen', ...args, '--json']);
    if (r.stdout === '') throw new Error(`listen failed: ${r.stderr}`);
    return { code: r.code, ...JSON.parse(r.stdout) };
  });
}

const pick = (l: Listener) => [l.listen.listen, l.listen.binds, l.listen.errno, l.listen.receivesIpv4];

describe.skipIf(!gate.run)('gaiconf listen in namespaces', () => {
  it('IPv6 disabled by sysctl everywhere: [::] still binds (nginx: IPv6 only, so nothing arrives), ::1 does not', async () => {
    const r = await listenIn(['sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.lo.disable_ipv6=1', 'ip link set lo up', ...VETH], ['[::]:80', '[::1]:80', '0.0.0.0:80', '--server', 'nginx']);
    expect(r.listeners.map(pick)).toEqual([
      ['[::]:80', true, null, false],
      ['[::1]:80', false, 'EADDRNOTAVAIL', null],
      ['0.0.0.0:80', true, null, null],
    ]);
    expect(r.listeners.every((l) => l.live !== null && !l.disagrees)).toBe(true);
    expect(r.code).toBe(1);
  });

  it('IPv6 off on lo only: ::1 is gone, [::] is dual-stack for a plain socket', async () => {
    const r = await listenIn(['sysctl -qw net.ipv6.conf.lo.disable_ipv6=1', 'ip link set lo up', ...VETH, 'ip addr add 2001:db8::10/64 dev eth0 nodad'], ['::1', '::', '[2001:db8::10]:443']);
    expect(r.listeners.map(pick)).toEqual([
      ['::1', false, 'EADDRNOTAVAIL', null],
      ['::', true, null, true],
      ['[2001:db8::10]:443', true, null, null],
    ]);
    expect(r.listeners.filter((l) => l.disagrees)).toEqual([]);
  });

  it('AnyIP local routes bind for IPv4, not for IPv6', async () => {
    const r = await listenIn(['ip link set lo up', ...VETH, 'ip route add local 198.51.100.0/24 dev lo table local', 'ip -6 route add local 2001:db8:5::/64 dev lo table local'], ['198.51.100.7:53', '[2001:db8:5::7]:53', '203.0.113.5:53']);
    expect(r.listeners.map(pick)).toEqual([
      ['198.51.100.7:53', true, null, null],
      ['[2001:db8:5::7]:53', false, 'EADDRNOTAVAIL', null],
      ['203.0.113.5:53', false, 'EADDRNOTAVAIL', null],
    ]);
    expect(r.listeners.filter((l) => l.disagrees)).toEqual([]);
  });

  it('net.ipv6.bindv6only=1: a plain [::] gets no IPv4, Go sets the option itself and does', async () => {
    const cmds = ['sysctl -qw net.ipv6.bindv6only=1', 'ip link set lo up', ...VETH];
    const plain = await listenIn(cmds, ['[::]:80']);
    expect(plain.bindv6only).toBe(true);
    expect(plain.listeners.map(pick)).toEqual([['[::]:80', true, null, false]]);
    const go = await listenIn(cmds, ['[::]:80', '--server', 'go']);
    expect(go.listeners.map(pick)).toEqual([['[::]:80', true, null, true]]);
    expect([...plain.listeners, ...go.listeners].filter((l) => l.disagrees)).toEqual([]);
  });
});
