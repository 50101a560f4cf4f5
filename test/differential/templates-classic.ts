// The classic host templates of the differential generator, each a host as the field has them: a
// container on a Docker IPv6 network, a home dual-stack LAN, an IPv4-only VPS, IPv6-only with NAT64,
// CGNAT mobile, 6to4, Teredo, two uplinks with metrics, site-local, IPv6 disabled, link-local only,
// loopback only, a Mobile IPv6 home address, deprecated-only. The policy-routing and feature templates
// (templates-routing.ts, templates-features.ts) stand on them as underlays; generator.ts draws among
// all of them. Kept apart from the generator because they are data about hosts, not assembly.

import type { ScenarioRoute } from '../../src/scenario/types.js';
import { DOC4, canon, docV4, docV6, docV6Prefix64, hex, nat64, networkOf, nthInCidr, randomHost, sixToFourPrefix, teredoAddress, ulaPrefix64 } from './generator-addresses.js';
import { defaultVia } from './generator-host-builder.js';
import { clampRecords, serviceRecords } from './generator-records.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template } from './generator-template.js';

export const templates: Record<string, Template> = {
  // Field case 1: a container on a Docker IPv6 network, ULA + the usual 172.17/16 bridge address.
  'docker-ula-bridge': (rng, b) => {
    const eth = b.iface(rng.chance(0.85) ? 'eth0' : 'eth1');
    const v4net = rng.chance(0.7) ? '172.17.0.0/16' : `172.${rng.int(18, 31)}.0.0/16`;
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 40))), 16);
    const ula = ulaPrefix64(rng);
    b.addr(eth, nthInCidr(ula, BigInt(rng.int(2, 40))), 64);
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    defaultVia(b, rng, nthInCidr(ula, 1n), eth.name);
    const extra: string[] = [];
    if (rng.chance(0.2)) extra.push(nthInCidr(ula, BigInt(rng.int(2, 40)))); // another container
    return { records: serviceRecords({ rng, b }, { extra }) };
  },

  'home-dual-stack': (rng, b) => {
    const lan = b.iface(rng.pick(LAN_IFACES));
    const v4net = `192.168.${rng.pick([0, 1, 1, 2, 178, rng.int(0, 255)])}.0/24`;
    b.addr(lan, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24, { deprecated: rng.chance(0.05) });
    const gp = docV6Prefix64(rng);
    b.addr(lan, v6HostIn(rng, gp), 64);
    const ula = ulaPrefix64(rng);
    b.addr(lan, v6HostIn(rng, ula), 64);
    // The deprecated extra global: an old privacy address in the same /64, or a previous prefix.
    b.addr(lan, rng.chance(0.6) ? randomHost(rng, gp) : v6HostIn(rng, docV6Prefix64(rng)), 64, { deprecated: true });
    if (rng.chance(0.3)) b.addr(lan, randomHost(rng, 'fe80::/64'), 64);
    const m4 = rng.pick([undefined, 100, 600]);
    defaultVia(b, rng, nthInCidr(v4net, 1n), lan.name, m4);
    defaultVia(b, rng, nthInCidr(gp, 1n), lan.name, rng.pick([undefined, 100, 600, 1024]));
    const extra: string[] = [];
    if (rng.chance(0.25)) extra.push(v6HostIn(rng, ula)); // a NAS on the ULA
    return { records: serviceRecords({ rng, b }, { extra }) };
  },

  'ipv4-only-vps': (rng, b) => {
    const eth = b.iface(rng.pick(['eth0', 'ens3', 'enp1s0']));
    const net = rng.pick(['198.51.100.0/24', '203.0.113.0/24']);
    b.addr(eth, nthInCidr(net, BigInt(rng.int(2, 253))), 24);
    defaultVia(b, rng, nthInCidr(net, rng.chance(0.8) ? 1n : 254n), eth.name);
    return { records: serviceRecords({ rng, b }) };
  },

  'ipv6-only-nat64': (rng, b) => {
    const eth = b.iface(rng.pick(['eth0', 'ens3', 'enp1s0']));
    const gp = docV6Prefix64(rng);
    b.addr(eth, v6HostIn(rng, gp), 64);
    defaultVia(b, rng, nthInCidr(gp, 1n), eth.name);
    if (rng.chance(0.2)) b.route({ to: '64:ff9b::/96', via: nthInCidr(gp, 1n), metric: 100 });
    const v4s = Array.from({ length: rng.int(1, 3) }, () => docV4(rng));
    const synth = v4s.map((v) => nat64(rng, v));
    const recs = serviceRecords(
      { rng, b },
      { v4: () => (rng.chance(0.7) ? nat64(rng, docV4(rng)) : docV4(rng)), extra: rng.shuffle(synth) },
    );
    // Sometimes the resolver also hands out the original A records (unreachable here).
    if (rng.chance(0.3)) recs.push(...v4s);
    return { records: clampRecords(rng, recs) };
  },

  'cgnat-mobile': (rng, b) => {
    const wwan = b.iface(rng.pick(['wwan0', 'rmnet_data0', 'rmnet0', 'usb0']));
    const len = rng.pick([10, 10, 30, 29]);
    const v4 = randomHost(rng, '100.64.0.0/10');
    b.addr(wwan, v4, len);
    const gp = docV6Prefix64(rng);
    b.addr(wwan, v6HostIn(rng, gp), 64);
    const subs4 = b.gatewaySubnets(4);
    const gw4 = subs4[0] ? b.gateway(rng, subs4[0].cidr) : null;
    if (gw4 && rng.chance(0.6)) defaultVia(b, rng, gw4, wwan.name);
    else b.route({ to: '0.0.0.0/0', dev: wwan.name });
    if (rng.chance(0.5)) b.route({ to: '::/0', dev: wwan.name });
    else defaultVia(b, rng, nthInCidr(gp, 1n), wwan.name);
    return { records: serviceRecords({ rng, b }) };
  },

  '6to4': (rng, b) => {
    const eth = b.iface(rng.pick(['eth0', 'ppp0', 'eno1']));
    const net = rng.pick(DOC4);
    const v4 = rng.chance(0.5) && net === '198.51.100.0/24' ? '198.51.100.1' : nthInCidr(net, BigInt(rng.int(1, 250)));
    b.addr(eth, v4, 24);
    const tun = b.iface(rng.pick(['tun6to4', 'sit1', '6to4']));
    const p48 = sixToFourPrefix(v4);
    const src = nthInCidr(p48, BigInt(rng.pick([1, 1, 2, 0x10, rng.int(1, 0xffff)])));
    b.addr(tun, src, rng.chance(0.85) ? 48 : 16);
    defaultVia(b, rng, nthInCidr(net, 254n), eth.name);
    if (rng.chance(0.5)) b.route({ to: '2002::/16', dev: tun.name });
    b.route({ to: rng.pick(['::/0', '2000::/3']), dev: tun.name, metric: rng.pick([undefined, 1024, 2048]) });
    const other6to4 = () => randomHost(rng, sixToFourPrefix(docV4(rng)), 'small');
    return {
      records: serviceRecords({ rng, b }, { v6: () => (rng.chance(0.5) ? other6to4() : docV6(rng)) }),
    };
  },

  teredo: (rng, b) => {
    const lan = b.iface(rng.pick(LAN_IFACES));
    const v4net = privateV4Net24(rng);
    b.addr(lan, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    const t = b.iface(rng.pick(['teredo', 'miredo', 'tun0']));
    b.addr(t, teredoAddress(rng), rng.chance(0.85) ? 32 : 64);
    defaultVia(b, rng, nthInCidr(v4net, 1n), lan.name);
    b.route({ to: '::/0', dev: t.name, metric: rng.pick([undefined, 1029, 1024]) });
    return {
      records: serviceRecords({ rng, b }, { v6: () => (rng.chance(0.3) ? teredoAddress(rng) : docV6(rng)) }),
    };
  },

  // Two uplinks. Never two default routes of one family with the same metric: the kernel treats them
  // as a multipath (ECMP) route or keeps both and chooses by flow hash / insertion order, so which
  // source address getaddrinfo sees is nondeterministic. Same family ⇒ different metrics; or one
  // default per family.
  'multi-homed-metrics': (rng, b) => {
    const a = b.iface(rng.pick(['eth0', 'enp3s0', 'eno1']));
    const w = b.iface(rng.pick(['wlan0', 'wlp2s0', 'wwan0']));
    const shape = rng.pick(['same4', 'same6', 'split', 'both'] as const);
    const pair = rng.pick([[100, 600], [100, 200], [20, 1024], [1024, 2048], [0, 50]] as const);
    const [m1, m2] = rng.chance(0.5) ? [pair[0], pair[1]] : [pair[1], pair[0]];
    const n1 = privateV4Net24(rng);
    let n2 = privateV4Net24(rng);
    if (n2 === n1) n2 = '10.255.255.0/24';
    const g1 = docV6Prefix64(rng);
    const g2 = rng.chance(0.7) ? docV6Prefix64(rng) : ulaPrefix64(rng);
    const v6m = (m: number) => (m === 0 ? 1024 : m); // IPv6 metric 0 means 1024; keep them distinct
    if (shape === 'same4' || shape === 'both' || shape === 'split') {
      b.addr(a, nthInCidr(n1, BigInt(rng.int(2, 250))), 24);
    }
    if (shape === 'same4' || shape === 'both') b.addr(w, nthInCidr(n2, BigInt(rng.int(2, 250))), 24);
    if (shape === 'same6' || shape === 'both') b.addr(a, v6HostIn(rng, g1), 64);
    if (shape === 'same6' || shape === 'both' || shape === 'split') b.addr(w, v6HostIn(rng, g2), 64);
    const withSrc = (r: ScenarioRoute, family: 4 | 6): ScenarioRoute => {
      if (!rng.chance(0.2)) return r;
      const own = b.own(family, { iface: r.dev ?? '', noLinkLocal: true });
      return own.length ? { ...r, src: rng.pick(own) } : r;
    };
    if (shape === 'same4' || shape === 'both') {
      b.route(withSrc({ to: 'default', via: nthInCidr(n1, 1n), dev: a.name, metric: m1 }, 4));
      b.route(withSrc({ to: 'default', via: nthInCidr(n2, 1n), dev: w.name, metric: m2 }, 4));
    }
    if (shape === 'same6' || shape === 'both') {
      let [x, y] = [v6m(m1), v6m(m2)];
      if (x === y) y = x + 1;
      b.route(withSrc({ to: '::/0', via: nthInCidr(g1, 1n), dev: a.name, metric: x }, 6));
      b.route(withSrc({ to: '::/0', via: nthInCidr(g2, 1n), dev: w.name, metric: y }, 6));
    }
    if (shape === 'split') {
      defaultVia(b, rng, nthInCidr(n1, 1n), a.name, rng.pick([undefined, m1]));
      defaultVia(b, rng, nthInCidr(g2, 1n), w.name, rng.pick([undefined, v6m(m2)]));
    }
    if (rng.chance(0.3)) {
      // A more specific route through the less preferred uplink.
      const viaW = b.gatewaySubnets(4).find((s) => s.iface === w.name);
      if (viaW) b.route({ to: `${networkOf(docV4(rng), 24)}/24`, via: nthInCidr(viaW.cidr, 1n) });
    }
    return { records: serviceRecords({ rng, b }) };
  },

  'site-local': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const sp = `${canon(`fec0:0:0:${hex(rng.int(0, 0xffff))}::`)}/64`;
    b.addr(eth, v6HostIn(rng, sp), rng.pick([64, 64, 48, 10]));
    const v4net = privateV4Net24(rng);
    if (rng.chance(0.8)) b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    if (rng.chance(0.3)) b.addr(eth, v6HostIn(rng, docV6Prefix64(rng)), 64);
    defaultVia(b, rng, nthInCidr(sp, 1n), eth.name);
    if (b.own(4).length) defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    const siteDest = () => nthInCidr(`${canon(`fec0:0:0:${hex(rng.int(0, 0xffff))}::`)}/64`, BigInt(rng.int(1, 0xff)));
    return {
      records: serviceRecords({ rng, b }, { v6: () => (rng.chance(0.5) ? siteDest() : docV6(rng)) }),
    };
  },

  // Field cases 3 and 5: IPv6 disabled in the kernel.
  'ipv6-disabled': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const v4net = rng.chance(0.5) ? privateV4Net24(rng) : rng.pick(DOC4);
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    const extra = rng.chance(0.2) ? ['::1', '127.0.0.1'] : [];
    return { records: serviceRecords({ rng, b }, { extra }), addrconfig: 0.3 };
  },

  'link-local-only': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    b.addr(eth, v6HostIn(rng, 'fe80::/64'), 64);
    const v4net = privateV4Net24(rng);
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    const extra = rng.chance(0.3) ? [randomHost(rng, 'fe80::/64', 'small')] : [];
    return { records: serviceRecords({ rng, b }, { extra }), addrconfig: 0.3 };
  },

  // Field case 4 territory: only lo has addresses (lo is always there; it is not listed).
  'loopback-only': (rng, b) => {
    if (rng.chance(0.5)) b.iface(rng.pick(['eth0', 'dummy0', 'veth0']), rng.chance(0.6));
    const recs = rng.chance(0.35)
      ? rng.shuffle(['::1', '127.0.0.1', ...(rng.chance(0.3) ? ['127.0.1.1'] : [])])
      : serviceRecords({ rng, b });
    return { records: clampRecords(rng, recs), addrconfig: 0.35 };
  },

  // Mobile IPv6 home address (IFA_F_HOMEADDRESS) beside a care-of address.
  'home-address': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const coa = docV6Prefix64(rng);
    const home = docV6Prefix64(rng);
    const order = rng.chance(0.5);
    const addCoa = () => b.addr(eth, v6HostIn(rng, coa), 64);
    const addHome = () => b.addr(eth, v6HostIn(rng, home), rng.pick([64, 128]), { home: true }, rng.chance(0.5));
    if (order) {
      addCoa();
      addHome();
    } else {
      addHome();
      addCoa();
    }
    const v4net = privateV4Net24(rng);
    if (rng.chance(0.6)) {
      b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
      defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    }
    defaultVia(b, rng, nthInCidr(coa, 1n), eth.name);
    const extra = rng.chance(0.4) ? [nthInCidr(home, BigInt(rng.int(1, 0xff)))] : [];
    return { records: serviceRecords({ rng, b }, { extra }) };
  },

  // Host H3 of §9.4, generalised: every global IPv6 address is deprecated.
  'deprecated-only': (rng, b) => {
    const eth = b.iface(rng.pick(LAN_IFACES));
    const gp = docV6Prefix64(rng);
    b.addr(eth, v6HostIn(rng, gp), 64, { deprecated: true });
    if (rng.chance(0.4)) b.addr(eth, randomHost(rng, gp), 64, { deprecated: true });
    if (rng.chance(0.3)) b.addr(eth, v6HostIn(rng, ulaPrefix64(rng)), 64, { deprecated: true });
    const v4net = privateV4Net24(rng);
    b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24, { deprecated: rng.chance(0.15) });
    defaultVia(b, rng, nthInCidr(v4net, 1n), eth.name);
    defaultVia(b, rng, nthInCidr(gp, 1n), eth.name);
    return { records: serviceRecords({ rng, b }) };
  },
};
