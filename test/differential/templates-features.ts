// Host templates for the address states and per-device settings the kernel's source choice and
// routes read, beyond plain addresses: DAD not done (tentative, optimistic), deprecated and home
// addresses, per-device use_tempaddr (Rule 7 between devices), IPv6 forwarding (subnet-router
// anycast routes in table local), links without their ff00::/8 route, preferred sources and
// on-link gateways; and `mixFeatures`, which sprinkles them over any other scenario. Records aim
// where these decide: answers in an anycast subnet, in prefixes whose only address is tentative,
// beside a deprecated or optimistic source, through a device without IPv6 address (Rule 7 picks
// among the other devices), through a route with a preferred source; AI_ADDRCONFIG where the
// only IPv6 address is tentative.
//
// Drawn from a PRNG of its own (featureRng), so that a scenario without features is exactly the
// one the generator made before they existed.

import { parseIp } from '../../src/address/ip.js';
import type { ScenarioAddressObject, ScenarioInterface, ScenarioRoute } from '../../src/scenario/types.js';
import { canon, docV6Prefix64, networkOf, nthInCidr, randomHost, ulaPrefix64 } from './generator-addresses.js';
import { analyzeHost, parsePrefixText } from './generator-host-analysis.js';
import { HostBuilder, defaultVia, type AddrFlags } from './generator-host-builder.js';
import { scenarioRng, type Rng } from './generator-rng.js';
import { routesProblems } from './generator-route-checks.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template } from './generator-template.js';
import { compose, free4, free6, freeName, inside, internet, plainLan, underlay } from './templates-helpers.js';

/** The scenario's second PRNG: a stream of its own for (seed, index). */
export function featureRng(seed: number, index: number): Rng {
  return scenarioRng(seed, index + 2 ** 32);
}

const isLinkLocal = (text: string) => /^fe[89ab]/i.test(text);

/** Usable source addresses (not tentative, IPv6 not link-local) of a family, on up links. */
function usable(b: HostBuilder, family: 4 | 6, iface?: string): string[] {
  const out: string[] = [];
  for (const ifc of b.host.interfaces) {
    if (ifc.up === false || (iface !== undefined && ifc.name !== iface)) continue;
    for (const sa of ifc.addresses) {
      const o = typeof sa === 'string' ? { address: sa } : sa;
      const p = parsePrefixText(o.address);
      if (!p || p.ip.family !== family || o.tentative || (family === 6 && isLinkLocal(o.address))) continue;
      out.push(canon(o.address.split('/')[0]!));
    }
  }
  return out;
}

/** IPv6 prefixes of the host's addresses (lo's too), with the interface and the address. */
function v6Prefixes(b: HostBuilder): { iface: ScenarioInterface; cidr: string; len: number; o: ScenarioAddressObject | string }[] {
  const out: { iface: ScenarioInterface; cidr: string; len: number; o: ScenarioAddressObject | string }[] = [];
  for (const ifc of b.host.interfaces)
    for (const sa of ifc.addresses) {
      const text = typeof sa === 'string' ? sa : sa.address;
      const p = parsePrefixText(text);
      if (!p || p.ip.family !== 6 || isLinkLocal(text)) continue;
      out.push({ iface: ifc, cidr: `${networkOf(canon(text.split('/')[0]!), p.len)}/${p.len}`, len: p.len, o: sa });
    }
  return out;
}

/** The subnet-router anycast address of a prefix (RFC 4291 §2.6.1): all host bits zero. */
const anycastOf = (cidr: string) => cidr.split('/')[0]!;
/** Prefixes whose every address is documentation or ULA space (records stay there). */
const plainSpace = (cidr: string) => (inside(anycastOf(cidr), '2001:db8::/32') || inside(anycastOf(cidr), 'fc00::/7')) && Number(cidr.split('/')[1]) >= 32;

/** A host of `cidr` that is not one of ours. */
function otherHost(rng: Rng, b: HostBuilder, cidr: string): string | null {
  for (let i = 0; i < 8; i++) {
    const h = randomHost(rng, cidr, 'small');
    if (!b.isOwn(h)) return h;
  }
  return null;
}

const DAD_FLAGS: readonly (readonly [AddrFlags, number])[] = [
  [{}, 30],
  [{ tentative: true }, 25],
  [{ optimistic: true }, 12],
  [{ deprecated: true }, 12],
  [{ tentative: true, deprecated: true }, 5],
  [{ optimistic: true, deprecated: true }, 4],
  [{ home: true }, 6],
  [{ noprefixroute: true }, 6],
];

export function featureTemplates(classic: Record<string, Template>): Record<string, Template> {
  return {
    /** Docker/Podman/libvirt host: the bridge has no carrier, so its IPv6 address stays
     * tentative and it gets no ff00::/8 route; dockerd turns on forwarding. */
    'docker-host-no-carrier': (rng, b) => {
      const base = underlay(rng, b, classic, ['lan', 'ipv4-only-vps', 'ipv4-only-vps', 'home-dual-stack']);
      if (rng.chance(0.85)) b.host.ipv6Forwarding = true;
      const br = b.iface(freeName(b, [rng.pick(['docker0', 'podman0', 'virbr0', 'br-5f3c1a2b9d0e'])]));
      const v4 = `172.${rng.int(17, 31)}.0.0/16`;
      b.addr(br, nthInCidr(v4, 1n), 16);
      const ula = ulaPrefix64(rng);
      b.addr(br, nthInCidr(ula, 1n), 64, { tentative: true });
      const g = rng.chance(0.3) ? docV6Prefix64(rng) : null;
      if (g) b.addr(br, nthInCidr(g, 1n), 64, { tentative: rng.chance(0.8) });
      if (rng.chance(0.7)) br.multicastRoute = false;
      const uplink = v6Prefixes(b).filter((p) => p.iface !== br);
      const must = [
        nthInCidr(ula, BigInt(rng.int(2, 9))),
        g ? nthInCidr(g, BigInt(rng.int(2, 9))) : null,
        uplink.length ? anycastOf(rng.pick(uplink).cidr) : null,
        rng.chance(0.3) ? anycastOf(ula) : null,
        rng.chance(0.2) ? nthInCidr(ula, 1n) : null,
        rng.chance(0.25) ? rng.pick(['ff05::1', 'ff02::1', 'ff0e::1']) : null,
        internet(rng, b, 6),
        internet(rng, b, 4),
      ];
      return { records: compose(rng, must, base.records), addrconfig: 0.4 };
    },

    /** Addresses caught in every DAD and lifetime state, on an up link and one that is down. */
    'dad-states': (rng, b) => {
      const lan = b.iface(freeName(b, rng.shuffle(LAN_IFACES)));
      const v4net = privateV4Net24(rng);
      if (rng.chance(0.8)) {
        b.addr(lan, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
        defaultVia(b, rng, nthInCidr(v4net, 1n), lan.name);
      }
      const prefixes = Array.from({ length: rng.int(2, 4) }, () => (rng.chance(0.8) ? docV6Prefix64(rng) : ulaPrefix64(rng)));
      let states = 0;
      for (const p of prefixes) {
        const flags = { ...rng.weighted(DAD_FLAGS) };
        if (flags.tentative || flags.optimistic) states++;
        b.addr(lan, v6HostIn(rng, p), rng.chance(0.9) ? 64 : 128, flags);
      }
      if (states === 0) b.addr(lan, v6HostIn(rng, prefixes[0]!), 64, { tentative: true });
      b.route({ to: 'default', via: 'fe80::1', dev: lan.name });
      let down: string | null = null;
      if (rng.chance(0.35)) {
        const d = b.iface(freeName(b, ['eth1', 'wlan0', 'eno2']), false);
        down = docV6Prefix64(rng);
        b.addr(d, v6HostIn(rng, down), 64, { tentative: rng.chance(0.7) });
        if (rng.chance(0.5)) b.addr(d, v6HostIn(rng, docV6Prefix64(rng)), 64);
      }
      if (rng.chance(0.3)) b.host.ipv6Forwarding = true;
      const must = [
        ...prefixes.map((p) => (rng.chance(0.7) ? otherHost(rng, b, p) : null)),
        rng.chance(0.4) ? anycastOf(rng.pick(prefixes)) : null,
        rng.chance(0.3) ? v6Prefixes(b).map((p) => (typeof p.o === 'string' ? p.o : p.o.address).split('/')[0]!)[0] : null,
        down ? otherHost(rng, b, down) : null,
        internet(rng, b, 6),
        rng.chance(0.7) ? internet(rng, b, 4) : null,
      ];
      return { records: compose(rng, must, []), addrconfig: 0.25 };
    },

    /** Privacy settings per device (Ubuntu's use_tempaddr=2 with a tunnel at -1): answers routed
     * through a device without IPv6 address, where Rule 7 chooses between the other devices'
     * public addresses before the longest match (Rule 8) would. */
    'tempaddr-per-device': (rng, b) => {
      b.host.useTempaddr = rng.pick([2, 2, 1, 0]);
      if (b.host.useTempaddr === 0) delete b.host.useTempaddr;
      const a = plainLan(rng, b);
      const t = b.iface(freeName(b, [rng.pick(['tun0', 'wwan0', 'eth1', 'wlan0'])]));
      const tp = docV6Prefix64(rng);
      b.addr(t, v6HostIn(rng, tp), 64, { deprecated: rng.chance(0.1) });
      if (rng.chance(0.5)) b.addr(t, randomHost(rng, free4(rng, b, 24), 'small'), 24);
      for (const i of [a, t]) if (rng.chance(0.6)) i.useTempaddr = rng.pick([-1, 0, 1, 2]);
      if (rng.chance(0.25)) {
        const lo = b.lo();
        b.addr(lo, nthInCidr(free6(rng, b, 64), 1n), 128);
        if (rng.chance(0.3)) lo.useTempaddr = rng.pick([0, 2]);
      }
      const wg = b.iface(freeName(b, ['wg0', 'wg1']));
      b.addr(wg, randomHost(rng, free4(rng, b, 24), 'small'), 32);
      // A /48 around one device's /64: its answers outside the /64 leave by wg0.
      const near = rng.pick(v6Prefixes(b).filter((p) => p.iface !== wg && p.iface.name !== 'lo' && p.len === 64));
      const routed: string[] = [];
      if (near) {
        const p48 = `${networkOf(anycastOf(near.cidr), 48)}/48`;
        if (b.route({ to: p48, dev: wg.name })) routed.push(p48);
      }
      const far = free6(rng, b, 48);
      if (b.route({ to: far, dev: wg.name })) routed.push(far);
      const must = [
        ...routed.map((r) => nthInCidr(r, (BigInt(rng.int(1, 0xfff)) << 64n) + BigInt(rng.int(1, 0xff)))),
        internet(rng, b, 6),
        rng.chance(0.5) ? internet(rng, b, 4) : null,
        rng.chance(0.4) ? otherHost(rng, b, tp) : null,
      ];
      return { records: compose(rng, must, []) };
    },

    /** A router: forwarding on (host-wide or per device), prefixes of every length, some
     * noprefixroute, deprecated, tentative or on a link that is down; the answers are the
     * subnet-router anycast addresses, hosts of those subnets and multicast groups. */
    'ipv6-router': (rng, b) => {
      const hostWide = rng.chance(0.7);
      if (hostWide) b.host.ipv6Forwarding = true;
      const n = rng.int(2, 3);
      const cidrs: string[] = [];
      for (let i = 0; i < n; i++) {
        const itf = b.iface(freeName(b, [rng.pick(['eth', 'lan', 'wan', 'br-lan', 'enp1s0f'])]), i === 0 || rng.chance(0.8));
        const len = rng.pick([64, 64, 64, 56, 48, 120, 126, 127, 128]);
        const p = `${networkOf(randomHost(rng, free6(rng, b, Math.min(len, 64)), 'small'), len)}/${len}`;
        const flags: AddrFlags = rng.weighted<AddrFlags>([
          [{}, 50],
          [{ noprefixroute: true }, 15],
          [{ deprecated: true }, 10],
          [{ tentative: true }, 15],
          [{ home: true }, 5],
        ]);
        if (b.addr(itf, len === 128 ? anycastOf(p) : nthInCidr(p, 1n), len, flags)) cidrs.push(p);
        if (rng.chance(0.25)) itf.forwarding = !hostWide;
        if (i === 0 && rng.chance(0.4)) itf.multicastRoute = false;
      }
      if (rng.chance(0.2)) b.addr(b.lo(), nthInCidr(free6(rng, b, 64), 1n), rng.pick([64, 128]));
      const up = b.host.interfaces.find((i) => i.name !== 'lo' && i.up !== false);
      if (up) b.route({ to: 'default', via: 'fe80::1', dev: up.name });
      const all = v6Prefixes(b).map((p) => p.cidr);
      const must = [
        ...all.map((c) => (rng.chance(0.8) ? anycastOf(c) : null)),
        ...all.map((c) => (rng.chance(0.3) ? otherHost(rng, b, c) : null)),
        rng.chance(0.4) ? rng.pick(['ff05::1', 'ff02::1', 'ff0e::1']) : null,
        internet(rng, b, 6),
      ];
      return { records: compose(rng, must, []) };
    },

    /** Cloud VM: addresses whose gateways are outside their prefixes (Hetzner's 172.31.1.1
     * onlink, a /128), routes with a preferred source (a VIP on lo, the secondary uplink). */
    'onlink-prefsrc': (rng, b) => {
      const eth = b.iface(freeName(b, ['eth0', 'ens3', 'enp1s0']));
      const v4 = randomHost(rng, free4(rng, b, 24), 'small');
      b.addr(eth, v4, rng.pick([32, 32, 24]));
      const gw4 = randomHost(rng, free4(rng, b, 24), 'small');
      b.route({ to: rng.pick(['default', '0.0.0.0/0']), via: gw4, dev: eth.name });
      const p6 = docV6Prefix64(rng);
      b.addr(eth, v6HostIn(rng, p6), rng.pick([64, 128]), { deprecated: rng.chance(0.1) });
      if (rng.chance(0.5)) b.route({ to: 'default', via: 'fe80::1', dev: eth.name });
      else b.route({ to: '::/0', via: randomHost(rng, free6(rng, b, 64), 'small'), dev: eth.name });
      const lo = b.lo();
      // An address must not be a gateway already routed to (nor hold one in its subnet).
      const gws = () => b.routes.map((r) => r.via).filter((v): v is string => v !== undefined);
      const clear = (cidr: string) => !gws().some((g) => inside(g, cidr));
      const v4vip = randomHost(rng, free4(rng, b, 24), 'small');
      const vip4 = rng.chance(0.6) && clear(`${v4vip}/32`) ? b.addr(lo, v4vip, 32) : null;
      const vip6 = rng.chance(0.5) ? b.addr(lo, nthInCidr(free6(rng, b, 64), 1n), 128) : null;
      const second = rng.chance(0.5) ? b.iface(freeName(b, ['eth1', 'ens4'])) : null;
      if (second) {
        const lan = privateV4Net24(rng);
        if (clear(lan)) b.addr(second, randomHost(rng, lan, 'small'), 24);
        b.addr(second, v6HostIn(rng, ulaPrefix64(rng)), 64, { tentative: rng.chance(0.2) });
      }
      const routes: ScenarioRoute[] = [];
      for (const family of [4, 6] as const) {
        for (let k = rng.int(1, 2); k > 0; k--) {
          const to = family === 4 ? free4(rng, b, rng.pick([24, 28])) : free6(rng, b, 48);
          const dev = rng.pick([eth, ...(second ? [second] : [])]);
          const gw = rng.chance(0.5) ? randomHost(rng, family === 4 ? free4(rng, b, 24) : free6(rng, b, 64), 'small') : null;
          const srcs = [...usable(b, family), ...(family === 4 ? (vip4 ? [vip4] : []) : vip6 ? [vip6] : [])];
          const r: ScenarioRoute = { to, dev: dev.name, ...(gw ? { via: gw } : family === 6 && rng.chance(0.5) ? { via: 'fe80::1' } : {}) };
          if (srcs.length && rng.chance(0.7)) r.src = rng.pick(srcs);
          if (b.route(r)) routes.push(r);
        }
      }
      const must = [
        ...routes.map((r) => randomHost(rng, r.to, 'small')),
        internet(rng, b, 4),
        internet(rng, b, 6),
        rng.chance(0.3) ? gw4 : null,
        vip4 && rng.chance(0.3) ? vip4 : null,
      ];
      return { records: compose(rng, must, []) };
    },
  };
}

/**
 * Features for another template's host (the mixer's more often): an address left tentative or
 * optimistic, forwarding, a link without its ff00::/8 route, use_tempaddr, an on-link route with
 * a preferred source. Returns the records, with answers that make them matter.
 */
export function mixFeatures(rng: Rng, b: HostBuilder, records: readonly string[]): string[] {
  const extra: string[] = [];
  const prefixes = v6Prefixes(b).filter((p) => p.iface.name !== 'lo' && plainSpace(p.cidr));
  const srcs = new Set(b.routes.map((r) => r.src).filter((s): s is string => s !== undefined).map(canon));
  if (prefixes.length && rng.chance(0.45)) {
    const p = rng.pick(prefixes);
    const i = p.iface.addresses.indexOf(p.o);
    const o: ScenarioAddressObject = typeof p.o === 'string' ? { address: p.o } : { ...p.o };
    if (!srcs.has(canon(o.address.split('/')[0]!))) {
      if (p.iface.up !== false && rng.chance(0.3)) o.optimistic = true;
      else o.tentative = true;
      p.iface.addresses[i] = o;
      // A route through it that the kernel would now refuse: leave the address as it was.
      if (routesProblems(b.routes, analyzeHost(b.host)).length) p.iface.addresses[i] = p.o;
      else extra.push(rng.chance(0.5) ? anycastOf(p.cidr) : (otherHost(rng, b, p.cidr) ?? anycastOf(p.cidr)));
    }
  }
  if (b.ipv6 && rng.chance(0.3)) {
    b.host.ipv6Forwarding = true;
    if (prefixes.length) extra.push(anycastOf(rng.pick(prefixes).cidr));
  }
  const ifaces = b.host.interfaces.filter((i) => i.name !== 'lo');
  if (b.ipv6 && ifaces.length && rng.chance(0.15)) rng.pick(ifaces).forwarding = b.host.ipv6Forwarding !== true;
  if (b.ipv6 && ifaces.length && rng.chance(0.2)) {
    rng.pick(ifaces).multicastRoute = false;
    extra.push(rng.pick(['ff05::1', 'ff02::1', 'ff0e::1']));
  }
  if (b.ipv6 && rng.chance(0.2)) b.host.useTempaddr = rng.pick([1, 2]);
  if (b.ipv6 && ifaces.length && rng.chance(0.2)) rng.pick(ifaces).useTempaddr = rng.pick([-1, 0, 1, 2]);
  const up = ifaces.filter((i) => i.up !== false);
  if (up.length && rng.chance(0.3)) {
    const family: 4 | 6 = b.ipv6 && rng.chance(0.5) ? 6 : 4;
    const dev = rng.pick(up);
    const to = family === 4 ? free4(rng, b, 24) : free6(rng, b, 48);
    const via = randomHost(rng, family === 4 ? free4(rng, b, 24) : free6(rng, b, 64), 'small');
    const own = usable(b, family);
    const r: ScenarioRoute = { to, via, dev: dev.name, ...(own.length && rng.chance(0.6) ? { src: rng.pick(own) } : {}) };
    if (b.route(r)) extra.push(randomHost(rng, to, 'small'));
  }
  const out = [...records];
  // Multipath hosts keep their answer count: the orders the simulation tries grow with it.
  const cap = b.routes.some((r) => r.nexthops !== undefined) ? Math.max(1, records.length) : 8;
  for (const e of extra) {
    if (parseIp(e) === null) continue;
    if (out.length >= cap) out.splice(rng.int(0, out.length - 1), 1);
    out.splice(rng.int(0, out.length), 0, e);
  }
  return out;
}
