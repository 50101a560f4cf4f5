// hostFromIpJson: pasted `ip -j` output → the host `gaiconf host capture` would print. The live
// equality (the same outputs, the same host) is checked in namespaces by test/site; here: the
// reading itself, the sysctl text, what is assumed without it, and the input errors.
import { describe, expect, it } from 'vitest';
import { GaiconfInputError, hostFromIpJson, IP_JSON_COMMANDS } from '../../src/index.js';
import { sysctlTextReader } from '../../src/host-json/sysctls.js';

const lo = { ifindex: 1, ifname: 'lo', flags: ['LOOPBACK', 'UP', 'LOWER_UP'], link_type: 'loopback', addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }, { family: 'inet6', local: '::1', prefixlen: 128, scope: 'host' }] };
const eth0 = { ifindex: 2, ifname: 'eth0', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], addr_info: [{ family: 'inet', local: '172.17.0.2', prefixlen: 16, broadcast: '172.17.255.255', scope: 'global' }, { family: 'inet6', local: 'fd00::2', prefixlen: 64, scope: 'global' }] };
const route4 = [
  { dst: 'default', gateway: '172.17.0.1', dev: 'eth0' },
  { dst: '172.17.0.0/16', dev: 'eth0', protocol: 'kernel', scope: 'link', prefsrc: '172.17.0.2' },
  { type: 'local', dst: '127.0.0.0/8', dev: 'lo', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '127.0.0.1' },
  { type: 'local', dst: '127.0.0.1', dev: 'lo', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '127.0.0.1' },
  { type: 'broadcast', dst: '127.255.255.255', dev: 'lo', table: 'local', protocol: 'kernel', scope: 'link', prefsrc: '127.0.0.1' },
  { type: 'local', dst: '172.17.0.2', dev: 'eth0', table: 'local', protocol: 'kernel', scope: 'host', prefsrc: '172.17.0.2' },
  { type: 'broadcast', dst: '172.17.255.255', dev: 'eth0', table: 'local', protocol: 'kernel', scope: 'link', prefsrc: '172.17.0.2' },
];
const route6 = [
  { dst: 'fd00::/64', dev: 'eth0', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
  { dst: 'default', gateway: 'fd00::1', dev: 'eth0', metric: 1024, flags: [], pref: 'medium' },
  { type: 'local', dst: '::1', dev: 'lo', table: 'local', protocol: 'kernel', metric: 0, flags: [], pref: 'medium' },
  { type: 'local', dst: 'fd00::2', dev: 'eth0', table: 'local', protocol: 'kernel', metric: 0, flags: [], pref: 'medium' },
  { type: 'multicast', dst: 'ff00::/8', dev: 'eth0', table: 'local', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
];

describe('hostFromIpJson', () => {
  it('reads the Docker ULA container from its ip -j output, as host capture does', () => {
    const c = hostFromIpJson({ addr: [lo, eth0], route4, route6, rule4: [{ priority: 0, src: 'all', table: 'local' }, { priority: 32766, src: 'all', table: 'main' }, { priority: 32767, src: 'all', table: 'default' }], rule6: [{ priority: 0, src: 'all', table: 'local' }, { priority: 32766, src: 'all', table: 'main' }] });
    expect(c.host).toEqual({
      interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }],
      routes: [
        { to: 'default', via: '172.17.0.1', dev: 'eth0' },
        { to: 'default', via: 'fd00::1', dev: 'eth0' },
      ],
    });
    expect(c.warnings).toEqual([]);
    expect(c.notes.join('\n')).toMatch(/sysctl net.ipv4 net.ipv6/);
  });

  it('takes use_tempaddr, bindv6only and per-interface disable_ipv6 from sysctl output', () => {
    const sysctl = ['net.ipv6.conf.all.disable_ipv6 = 0', 'net.ipv6.conf.all.use_tempaddr = 2', 'net.ipv6.conf.eth0.use_tempaddr = 2', 'net.ipv6.bindv6only = 1', 'net.ipv4.conf.all.route_localnet = 1'].join('\n');
    const c = hostFromIpJson({ addr: [lo, eth0], route4, route6, sysctl });
    expect(c.host.useTempaddr).toBe(2);
    expect(c.host.bindv6only).toBe(true);
    expect(c.warnings.join('\n')).toMatch(/net\.ipv4\.conf\.all\.route_localnet=1/);
    expect(c.notes.join('\n')).toMatch(/kernel's default rules are assumed/);
  });

  it('holds IPv6 forwarding (the anycast routes it makes) and a link without its ff00::/8 route, without a warning', () => {
    // A Docker host with IPv6: forwarding on (eth1 off by hand), docker0 up without carrier.
    const docker0 = { ifindex: 3, ifname: 'docker0', flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'], addr_info: [{ family: 'inet6', local: 'fd01::1', prefixlen: 64, scope: 'global', tentative: true }] };
    const eth1 = { ifindex: 4, ifname: 'eth1', flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'], addr_info: [{ family: 'inet6', local: 'fd02::1', prefixlen: 64, scope: 'global' }] };
    const routes6 = [
      ...route6,
      { type: 'anycast', dst: 'fd00::', dev: 'eth0', table: 'local', protocol: 'kernel', metric: 0, flags: [], pref: 'medium' },
      { dst: 'fd01::/64', dev: 'docker0', protocol: 'kernel', metric: 256, flags: ['linkdown'], pref: 'medium' },
      { dst: 'fd02::/64', dev: 'eth1', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
      { type: 'local', dst: 'fd02::1', dev: 'eth1', table: 'local', protocol: 'kernel', metric: 0, flags: [], pref: 'medium' },
      { type: 'multicast', dst: 'ff00::/8', dev: 'eth1', table: 'local', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
    ];
    const sysctl = ['all', 'default', 'lo', 'eth0', 'docker0'].map((d) => `net.ipv6.conf.${d}.forwarding = 1`).concat('net.ipv6.conf.eth1.forwarding = 0', 'net.ipv6.conf.all.disable_ipv6 = 0').join('\n');
    const c = hostFromIpJson({ addr: [lo, eth0, docker0, eth1], route4, route6: routes6, sysctl });
    expect(c.warnings).toEqual([]);
    expect(c.host.ipv6Forwarding).toBe(true);
    expect(c.host.interfaces.find((i) => i.name === 'docker0')).toEqual({ name: 'docker0', addresses: [{ address: 'fd01::1/64', tentative: true }], multicastRoute: false });
    expect(c.host.interfaces.find((i) => i.name === 'eth1')).toEqual({ name: 'eth1', addresses: ['fd02::1/64'], forwarding: false });
    // Without sysctl output the anycast routes tell which devices forward.
    const bare = hostFromIpJson({ addr: [lo, eth0, docker0, eth1], route4, route6: routes6 });
    expect(bare.warnings).toEqual([]);
    expect(bare.host.interfaces.find((i) => i.name === 'eth0')!.forwarding).toBe(true);
    // An anycast route the settings do not explain is still a warning.
    const off = hostFromIpJson({ addr: [lo, eth0, docker0, eth1], route4, route6: routes6, sysctl: sysctl.replaceAll('= 1', '= 0') });
    expect(off.warnings.join('\n')).toMatch(/subnet-router anycast route\(s\) fd00::\/128 are not what the simulator derives/);
  });

  it('without sysctls and without any IPv6 address, IPv6 is taken as disabled (and said so)', () => {
    const c = hostFromIpJson({ addr: [{ ...lo, addr_info: [lo.addr_info[0]] }, { ...eth0, addr_info: [eth0.addr_info[0]] }], route4 });
    expect(c.host.ipv6).toBe(false);
    expect(c.notes.join('\n')).toMatch(/IPv6 is taken as disabled/);
  });

  it('a sysctl name with a dot (eth0.100 printed as eth0/100) reads back', () => {
    const r = sysctlTextReader('net.ipv6.conf.eth0/100.disable_ipv6 = 1\nnet.ipv6.conf.all.disable_ipv6 = 0\n');
    expect(r.read('ipv6/conf/eth0.100/disable_ipv6')).toBe('1');
    expect(r.ipv6Keys).toBe(2);
  });

  it('refuses what is not the commands\' output, naming each place and the command', () => {
    let e: unknown;
    try {
      hostFromIpJson({ addr: [{ ifindex: 'one', ifname: 'lo' }], route4: route6, rout6: [] } as never);
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(GaiconfInputError);
    const errors = (e as GaiconfInputError).errors;
    expect((e as GaiconfInputError).code).toBe('INVALID_ARGUMENT');
    expect(errors.map((p) => p.path).slice(0, 3)).toEqual(['outputs.rout6', 'outputs.addr[0].ifindex', 'outputs.route4[0]']);
    expect(errors[0]!.hint).toMatch(/Did you mean "route6"/);
    expect(errors[2]!.message).toMatch(/fd00::\/64 is an IPv6 address: this is not IPv4 route output/);
    expect(() => hostFromIpJson({ addr: [lo, eth0], route4 })).toThrow(/ip -N -j -6 route show table all/);
    expect(() => hostFromIpJson(null as never)).toThrow(GaiconfInputError);
    expect(IP_JSON_COMMANDS.addr).toBe('ip -j addr');
  });
});
