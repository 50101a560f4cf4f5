// Policy-routing templates for where the defaults live: two uplinks by the classic split-access
// recipe, OpenWrt's source-specific IPv6 defaults, defaults only in table `default`, and ECMP
// defaults over two devices. One theme of the routing templates; templates-routing.ts lists them in
// order.

import { formatIp } from '../../src/address/format.js';
import { parseIp } from '../../src/address/ip.js';
import { DOC4, docV6Prefix64, networkOf, nthInCidr, randomHost, ulaPrefix64 } from './generator-addresses.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template } from './generator-template.js';
import { compose, free4, free6, freeName, hostOf, internet, lanHost, overlaps, table } from './templates-helpers.js';

export function uplinkTemplates(): Record<'split-access' | 'openwrt-source-specific' | 'default-table-only' | 'ecmp', Template> {
  return {
    /** Two uplinks, the classic recipe: a second table with the other default, `from` rules. */
    'split-access': (rng, b) => {
      const e1 = b.iface(freeName(b, ['eth0', 'enp1s0']));
      const e2 = b.iface(freeName(b, ['eth1', 'wwan0', 'enp2s0']));
      const n1 = privateV4Net24(rng);
      let n2 = privateV4Net24(rng);
      if (overlaps(n1, n2)) n2 = rng.pick(DOC4);
      const a1 = b.addr(e1, nthInCidr(n1, BigInt(rng.int(2, 250))), 24)!;
      const a2 = b.addr(e2, nthInCidr(n2, BigInt(rng.int(2, 250))), 24)!;
      const g1 = nthInCidr(n1, 1n);
      const g2 = nthInCidr(n2, rng.chance(0.7) ? 1n : 254n);
      const t = table(rng, [100, 100, 200, 'default']);
      b.route({ to: 'default', via: g1, dev: e1.name });
      if (rng.chance(0.3)) b.route({ to: 'default', via: g2, dev: e2.name, metric: 200 });
      b.route({ to: rng.chance(0.5) ? 'default' : '0.0.0.0/0', via: g2, dev: e2.name, table: t });
      if (rng.chance(0.5)) b.route({ to: n2, dev: e2.name, table: t, ...(rng.chance(0.5) ? { src: a2 } : {}) });
      const pref = () => (rng.chance(0.6) ? { priority: rng.pick([100, 1000, 32000]) + rng.int(0, 50) } : {});
      b.rule({ from: rng.chance(0.8) ? a2 : n2, table: t, ...pref() });
      const toNet = rng.chance(0.5) ? free4(rng, b, 24) : null;
      if (toNet) b.rule({ to: toNet, table: t, ...pref() });
      if (rng.chance(0.3)) b.rule({ from: a1, table: 'main', ...pref() });
      let v6: { a2: string; net: string } | null = null;
      if (b.ipv6 && rng.chance(0.6)) {
        const p1 = docV6Prefix64(rng);
        const p2 = rng.chance(0.7) ? docV6Prefix64(rng) : ulaPrefix64(rng);
        b.addr(e1, v6HostIn(rng, p1), 64);
        const b2 = b.addr(e2, v6HostIn(rng, p2), 64);
        b.route({ to: 'default', via: nthInCidr(p1, 1n), dev: e1.name });
        b.route({ to: 'default', via: rng.chance(0.5) ? nthInCidr(p2, 1n) : 'fe80::1', dev: e2.name, table: t });
        if (b2) {
          b.rule({ from: rng.chance(0.7) ? b2 : p2, table: t, ...pref() });
          v6 = { a2: b2, net: p2 };
        }
      }
      const must = [
        internet(rng, b, 4),
        toNet ? hostOf(rng, toNet) : null,
        hostOf(rng, n1),
        hostOf(rng, n2),
        rng.chance(0.3) ? a2 : null,
        v6 ? internet(rng, b, 6) : null,
        v6 && rng.chance(0.5) ? hostOf(rng, v6.net) : null,
      ];
      return { records: compose(rng, must, [internet(rng, b, 4), internet(rng, b, 6)]) };
    },

    /** OpenWrt's netifd: the IPv6 default only for the delegated prefix (`default from P`), an
     * unreachable route for the prefix, no plain IPv6 default. */
    'openwrt-source-specific': (rng, b) => {
      const wan = b.iface(freeName(b, rng.shuffle(['wan', 'eth0.2', 'pppoe-wan'])));
      const lan = b.iface(freeName(b, rng.shuffle(['br-lan', 'lan'])));
      const p48 = free6(rng, b, 48);
      const sub = (k: number) => {
        const bytes = parseIp(p48.split('/')[0]!)!.bytes.slice();
        bytes[6] = k >> 8;
        bytes[7] = k & 0xff;
        return `${formatIp({ family: 6, bytes })}/64`;
      };
      b.addr(wan, nthInCidr(sub(0), BigInt(rng.int(2, 0xfff))), 64);
      if (rng.chance(0.5)) b.addr(wan, v6HostIn(rng, ulaPrefix64(rng)), 64);
      b.addr(lan, nthInCidr(sub(rng.int(1, 0xff)), 1n), 64);
      const ula = ulaPrefix64(rng);
      if (rng.chance(0.5)) b.addr(lan, nthInCidr(ula, 1n), 64);
      const w4 = rng.pick(DOC4);
      b.addr(wan, nthInCidr(w4, BigInt(rng.int(2, 250))), 24);
      b.addr(lan, nthInCidr(`192.168.${rng.pick([1, 1, 8, rng.int(2, 254)])}.0/24`, 1n), 24);
      b.route({ to: 'default', via: nthInCidr(w4, 1n), ...(rng.chance(0.5) ? { dev: wan.name } : {}) });
      b.route({ to: 'default', from: p48, via: 'fe80::1', dev: wan.name });
      if (rng.chance(0.6)) b.route({ to: p48, type: 'unreachable' });
      // A second upstream with a prefix of its own.
      let p2: string | null = null;
      if (rng.chance(0.25)) {
        const wan6 = b.iface(freeName(b, ['wan6', 'wwan']));
        p2 = free6(rng, b, 48);
        b.addr(wan6, nthInCidr(`${networkOf(p2.split('/')[0]!, 64)}/64`, BigInt(rng.int(2, 0xfff))), 64);
        b.route({ to: 'default', from: p2, via: 'fe80::2', dev: wan6.name });
      }
      const must = [
        internet(rng, b, 6),
        internet(rng, b, 4),
        randomHost(rng, ulaPrefix64(rng), 'small'),
        rng.chance(0.5) ? hostOf(rng, sub(0xfff0 + rng.int(0, 14))) : null,
        lanHost(rng, b, 6),
        rng.chance(0.3) ? lanHost(rng, b, 4) : null,
        p2 && rng.chance(0.5) ? internet(rng, b, 6) : null,
      ];
      return { records: compose(rng, must, []) };
    },

    /** Defaults only in table `default` (IPv4 reaches it through rule 32767; IPv6 has no such
     * rule unless one is added). */
    'default-table-only': (rng, b) => {
      const eth = b.iface(rng.pick(LAN_IFACES));
      const v4net = privateV4Net24(rng);
      b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
      b.route({ to: rng.chance(0.6) ? 'default' : '0.0.0.0/0', via: nthInCidr(v4net, 1n), dev: eth.name, table: 'default' });
      if (b.ipv6) {
        const gp = docV6Prefix64(rng);
        b.addr(eth, v6HostIn(rng, gp), 64);
        b.route({ to: 'default', via: rng.chance(0.5) ? 'fe80::1' : nthInCidr(gp, 1n), dev: eth.name, table: 'default' });
        if (rng.chance(0.35)) b.rule({ family: 6, ...(rng.chance(0.6) ? { priority: 32767 } : {}), table: 'default' });
      }
      if (rng.chance(0.3)) b.route({ to: free4(rng, b, 24), via: nthInCidr(v4net, 1n), dev: eth.name });
      const must = [internet(rng, b, 4), b.ipv6 ? internet(rng, b, 6) : null, lanHost(rng, b, 4), b.ipv6 ? lanHost(rng, b, 6) : null];
      return { records: compose(rng, must, [internet(rng, b, 4), ...(b.ipv6 ? [internet(rng, b, 6)] : [])]) };
    },

    /** ECMP: IPv4 and IPv6 defaults over two devices (the hop is a per-boot hash of the flow). */
    ecmp: (rng, b) => {
      const e0 = b.iface(freeName(b, ['eth0', 'enp1s0']));
      const e1 = b.iface(freeName(b, ['eth1', 'enp2s0']));
      const n0 = privateV4Net24(rng);
      let n1 = privateV4Net24(rng);
      if (overlaps(n0, n1)) n1 = rng.pick(DOC4);
      b.addr(e0, nthInCidr(n0, BigInt(rng.int(2, 250))), 24);
      b.addr(e1, nthInCidr(n1, BigInt(rng.int(2, 250))), 24);
      const w = () => (rng.chance(0.3) ? { weight: rng.int(2, 10) } : {});
      const v4 = rng.chance(0.85);
      if (v4) b.route({ to: rng.chance(0.6) ? 'default' : '0.0.0.0/0', nexthops: [{ via: nthInCidr(n0, 1n), dev: e0.name, ...w() }, { via: nthInCidr(n1, 1n), dev: e1.name, ...w() }] });
      else b.route({ to: 'default', via: nthInCidr(n0, 1n), dev: e0.name });
      if (b.ipv6) {
        const p0 = docV6Prefix64(rng);
        const p1 = rng.chance(0.6) ? docV6Prefix64(rng) : ulaPrefix64(rng);
        b.addr(e0, v6HostIn(rng, p0), 64);
        b.addr(e1, v6HostIn(rng, p1), 64);
        const ll = rng.chance(0.5);
        const hops = [
          { via: ll ? 'fe80::1' : nthInCidr(p0, 1n), dev: e0.name, ...w() },
          { via: ll ? 'fe80::2' : nthInCidr(p1, 1n), dev: e1.name, ...w() },
        ];
        if (!v4 || rng.chance(0.8)) b.route({ to: 'default', nexthops: hops });
        else b.route({ to: 'default', via: hops[0]!.via, dev: e0.name });
      }
      const must = [internet(rng, b, 4), b.ipv6 ? internet(rng, b, 6) : null, rng.chance(0.3) ? lanHost(rng, b, 4) : null];
      // At most 6 answers: 2^6 hop combinations, all of which the simulation tries.
      return { records: compose(rng, must, [internet(rng, b, 4), internet(rng, b, 4), ...(b.ipv6 ? [internet(rng, b, 6), internet(rng, b, 6)] : [])], 6) };
    },
  };
}
