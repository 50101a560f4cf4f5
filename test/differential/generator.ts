// Seeded, reproducible scenario generator for the differential suite (simulator vs. real glibc 2.36 /
// musl 1.2.3 in network namespaces), plus a greedy shrinker for failing scenarios.
//
// * `generateScenario(seed, index)` depends on (seed, index) only, so a failure report of
//   `gen-<seed>-<index>-<template>` can be regenerated anywhere.
// * ~70% of scenarios come from realistic host templates (here, and the policy-routing ones of
//   templates-routing.ts), ~30% from an adversarial mixer.
// * Every scenario must be buildable by the namespace builder: the kernel must accept every interface
//   address and route. The constraints are enforced twice: by construction, and by `scenarioProblems`
//   (generator-checks.ts; asserted on every generated scenario, and used by the shrinker to drop routes a
//   removal broke).
// * Address text we emit (interface addresses, routes, records) is accepted by glibc's strict inet_pton.
//   gai.conf text deliberately contains malformed lines; it is not address text in that sense.
// * Only documentation/test ranges are used: 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
//   2001:db8::/32, fdXX ULA, 10/8, 172.16/12, 192.168/16, 100.64/10, plus the special blocks the
//   ordering rules care about (fe80::/10, fec0::/10, 2002::/16 and 2001::/32 built around documentation
//   IPv4, 64:ff9b::/96, ::/96, ::ffff:0:0/96, loopback, multicast, unspecified).

import { isV4Mapped, parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import { isLoopback4, isMulticast4, isMulticast6, isUnspecified4, isUnspecified6 } from '../../src/address/classify.js';
import type { AiFlag, QueryFamily, RouteType, Scenario, ScenarioAddressObject, ScenarioQuery, ScenarioRoute } from '../../src/scenario/types.js';
import {
  DOC4,
  canon,
  docV4,
  docV6,
  docV6Prefix64,
  embeddedV4Kind,
  hex,
  hostIn,
  hostPartIs,
  len16,
  maxLen,
  nat64,
  networkOf,
  nthInCidr,
  randomHost,
  sixToFourPrefix,
  teredoAddress,
  ulaPrefix64,
} from './generator-addresses.js';
import { ruleProblems, scenarioProblems } from './generator-checks.js';
import { analyzeHost } from './generator-host-analysis.js';
import { HostBuilder, defaultTo, defaultVia, type AddrFlags } from './generator-host-builder.js';
import { clampRecords, serviceRecords, anyRecord } from './generator-records.js';
import { scenarioRng, type Rng } from './generator-rng.js';
import { routesProblems } from './generator-route-checks.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template, type TemplateOut } from './generator-template.js';

import { featureRng, featureTemplates, mixFeatures } from './templates-features.js';
import { mixRouting, routingTemplates } from './templates-routing.js';

export { scenarioProblems } from './generator-checks.js';
export { makeRng, type Rng } from './generator-rng.js';

const templates: Record<string, Template> = {
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

/** The classic templates, then the policy-routing ones (which stand on classic underlays). */
const ALL_TEMPLATES: Record<string, Template> = { ...templates, ...routingTemplates(templates) };
const REALISTIC = Object.keys(ALL_TEMPLATES);
/** Address states and per-device settings (templates-features.ts), chosen through featureRng. */
const FEATURE_TEMPLATES = featureTemplates(templates);
export const TEMPLATES: readonly string[] = Object.freeze([...REALISTIC, ...Object.keys(FEATURE_TEMPLATES), 'mixer']);
/** The policy-routing templates (templates-routing.ts). */
export const ROUTING_TEMPLATES: readonly string[] = Object.freeze(REALISTIC.filter((t) => !(t in templates)));

// ───────────────────────────────────────────────────────────────────────────── adversarial mixer

interface AddrClass {
  name: string;
  block: (rng: Rng) => string;
  lens: readonly number[];
  weight: number;
}
// Prefix lengths never go below the block's own length, so every connected subnet (and every gateway
// or record picked inside it) stays within the class's documentation/special range.
const V4_CLASSES: readonly AddrClass[] = [
  { name: 'private10', block: () => '10.0.0.0/8', lens: [8, 16, 24, 24, 24, 28, 30, 32], weight: 4 },
  { name: 'private172', block: () => '172.16.0.0/12', lens: [12, 16, 16, 24, 30, 32], weight: 3 },
  { name: 'private192', block: () => '192.168.0.0/16', lens: [16, 24, 24, 24, 25, 30, 32], weight: 4 },
  { name: 'cgnat', block: () => '100.64.0.0/10', lens: [10, 10, 22, 24, 30, 32], weight: 2 },
  { name: 'doc', block: (r) => r.pick(DOC4), lens: [24, 24, 24, 25, 26, 28, 30, 31, 32], weight: 5 },
  { name: 'linklocal4', block: () => '169.254.0.0/16', lens: [16, 16, 24, 32], weight: 1 },
];
const V6_CLASSES: readonly AddrClass[] = [
  { name: 'global', block: () => '2001:db8::/32', lens: [48, 56, 64, 64, 64, 64, 80, 96, 112, 120, 127, 128], weight: 6 },
  { name: 'ula', block: () => 'fd00::/8', lens: [8, 48, 56, 64, 64, 64, 112, 128], weight: 4 },
  { name: 'linklocal6', block: () => 'fe80::/64', lens: [64, 64, 64, 128], weight: 3 },
  { name: 'sitelocal', block: () => 'fec0::/10', lens: [10, 48, 64, 64, 128], weight: 2 },
  { name: '6to4', block: (r) => sixToFourPrefix(docV4(r)), lens: [48, 48, 64, 128], weight: 2 },
  { name: 'teredo', block: () => 'teredo', lens: [32, 32, 64, 128], weight: 2 },
  { name: 'v4compat', block: () => 'v4compat', lens: [96, 128], weight: 1 },
];

/** A random interface address of some class; `blockLen` is the length of the class's own block. */
function mixerAddress(rng: Rng, family: 4 | 6): { text: string; len: number; blockLen: number } {
  const cls = rng.weighted((family === 4 ? V4_CLASSES : V6_CLASSES).map((c) => [c, c.weight] as const));
  const len = rng.pick(cls.lens);
  const block = cls.block(rng);
  let text: string;
  if (block === 'teredo') text = teredoAddress(rng);
  else if (block === 'v4compat') text = canon(`::${docV4(rng)}`);
  else text = randomHost(rng, block, rng.pick(['small', 'any'] as const));
  // Keep away from the subnet's network / (IPv4) broadcast address.
  if (len <= maxLen(family) - 2) {
    const ip = parseIp(text)!;
    const l16 = len16(family, len);
    if (hostPartIs(ip.bytes, l16, 0) || (family === 4 && hostPartIs(ip.bytes, l16, 1)))
      text = nthInCidr(`${networkOf(text, len)}/${len}`, 1n);
  }
  const blockLen = block === 'teredo' ? 32 : block === 'v4compat' ? 96 : Number(block.split('/')[1]);
  return { text, len, blockLen };
}

const MIXER_IFACES = [
  'eth0', 'eth1', 'ens3', 'enp0s31f6', 'wlan0', 'wlp2s0', 'docker0', 'br-0a1b2c3d4e5f', 'veth9a8b7c6',
  'wwan0', 'rmnet_data0', 'tun6to4', 'teredo', 'dummy0', 'bond0', 'vlan100', 'eth0.100', 'x',
  'abcdefghijklmno', // 15 characters: IFNAMSIZ - 1
] as const;

function mixer(rng: Rng, b: HostBuilder): TemplateOut {
  const names = rng.shuffle(MIXER_IFACES).slice(0, rng.int(0, 3));
  for (const name of names) {
    const ifc = b.iface(name, !rng.chance(0.1));
    if (b.ipv6 && rng.chance(0.06)) b.disableIpv6(ifc);
    const n = rng.weighted([
      [0, 10],
      [1, 30],
      [2, 30],
      [3, 20],
      [4, 10],
    ] as const);
    for (let i = 0; i < n; i++) {
      const family: 4 | 6 = b.ipv6 && rng.chance(0.55) ? 6 : 4;
      let text: string;
      let len: number;
      const mine = b.subnets().filter((c) => c.includes(':') === (family === 6));
      if (mine.length && rng.chance(0.15)) {
        // A second address in a subnet we already have (secondary / same-prefix sources).
        const c = rng.pick(mine);
        text = hostIn(rng, c);
        len = Number(c.split('/')[1]);
      } else ({ text, len } = mixerAddress(rng, family));
      const flags: AddrFlags = {
        deprecated: rng.chance(0.15),
        home: family === 6 && rng.chance(0.08),
        noprefixroute: rng.chance(0.05),
      };
      if (family === 4 && rng.chance(0.06)) flags.scope = rng.pick(['link', 'host', 'site'] as const);
      b.addr(ifc, text, len, flags, rng.chance(0.5));
    }
  }

  // Records before routes, so routes can target them.
  const recs: string[] = [];
  const nrec = rng.int(1, 8);
  while (recs.length < nrec) recs.push(anyRecord(rng, b, recs));

  const upIfaces = b.host.interfaces.filter((i) => i.up !== false).map((i) => i.name);
  const wanted = rng.weighted([
    [0, 15],
    [1, 25],
    [2, 25],
    [3, 15],
    [4, 10],
    [5, 10],
  ] as const);
  for (let tries = 0; b.routes.length < wanted && tries < wanted * 4; tries++) {
    const family: 4 | 6 = b.ipv6 && rng.chance(0.5) ? 6 : 4;
    let type = rng.weighted([
      ['unicast', 70],
      ['unreachable', 10],
      ['blackhole', 10],
      ['prohibit', 10],
    ] as const) as RouteType;
    const subs = b.gatewaySubnets(family);
    let via: string | undefined;
    let dev: string | undefined;
    if (type === 'unicast') {
      if (subs.length && rng.chance(0.7)) {
        const s = rng.pick(subs);
        via = b.gateway(rng, s.cidr) ?? undefined;
        if (via && rng.chance(0.4)) dev = s.iface;
      }
      if (!via && upIfaces.length) dev = rng.pick(upIfaces);
      if (!via && !dev) type = rng.pick(['unreachable', 'blackhole', 'prohibit'] as const);
    }
    // Records usable as route destinations: plain unicast of this family.
    const famRecs = recs.filter((r) => {
      const ip = parseIp(r)!;
      const b6 = ip.bytes;
      if (ip.family !== family) return false;
      if (family === 4) return !isUnspecified4(b6) && !isMulticast4(b6) && !isLoopback4(b6);
      return !isMulticast6(b6) && !b6.subarray(0, 12).every((x) => x === 0) && !isV4Mapped(b6);
    });
    const destKind = rng.weighted([
      ['default', 35],
      ['host', famRecs.length ? 15 : 0],
      ['cover', famRecs.length ? 10 : 0],
      ['random', 40],
    ] as const);
    let to: string;
    if (destKind === 'default') to = defaultTo(family, rng, via !== undefined);
    else if (destKind === 'host' || destKind === 'cover') {
      const r = canon(rng.pick(famRecs));
      // Covering prefixes stay narrow enough to hold only documentation/special space.
      let l =
        destKind === 'host' ? maxLen(family) : family === 4 ? rng.pick([24, 28, 30]) : rng.pick([48, 64, 96, 112]);
      if (family === 6 && embeddedV4Kind(parseIp(r)!.bytes, 96) === 'nat64') l = Math.max(l, 96);
      to = `${networkOf(r, l)}/${l}`;
    } else {
      const { text, len, blockLen } = mixerAddress(rng, family);
      const l = Math.max(blockLen, Math.min(len, family === 4 ? rng.pick([len, 16, 24]) : rng.pick([len, 32, 48, 64])));
      to = `${networkOf(text, l)}/${l}`;
    }
    const r: ScenarioRoute = { to };
    if (via !== undefined) r.via = via;
    if (dev !== undefined) r.dev = dev;
    if (type !== 'unicast') r.type = type;
    if (rng.chance(0.5)) {
      const m = rng.pick([1, 10, 20, 50, 100, 101, 256, 425, 600, 1024, 2048, 4096, rng.int(1, 65535), 0]);
      if (!(family === 6 && m === 0)) r.metric = m; // IPv6 metric 0 is silently 1024
    }
    if (type === 'unicast' && rng.chance(0.15)) {
      const nh = dev ?? subs.find((s) => via !== undefined && s.cidr && matchesText(via, s.cidr))?.iface;
      const own = nh !== undefined ? b.own(family, { iface: nh, noLinkLocal: true }) : [];
      if (own.length) r.src = rng.pick(own);
    }
    if (!b.route(r) && r.metric === undefined) {
      r.metric = family === 4 ? rng.int(1, 5000) : rng.int(1, 5000) + 1024;
      b.route(r);
    }
  }
  // Policy routing on top: rules, tables, throw/local routes, lo addresses, multipath, labels.
  return { records: recs, ...mixRouting(rng, b, recs) };
}

function matchesText(addr: string, cidr: string): boolean {
  const ip = parseIp(addr);
  const [net, l] = cidr.split('/');
  const n = parseIp(net ?? '');
  if (!ip || !n || ip.family !== n.family) return false;
  return matchesPrefix(ip.bytes, n.bytes, len16(n.family, Number(l)));
}

// ───────────────────────────────────────────────────────────────────────────── gai.conf

interface GaiCtx {
  rng: Rng;
  v4: string[];
  v6: string[];
}

const GLIBC_LABELS = [
  'label ::1/128       0',
  'label ::/0          1',
  'label 2002::/16     2',
  'label ::/96         3',
  'label ::ffff:0:0/96 4',
  'label fec0::/10     5',
  'label fc00::/7      6',
  'label 2001:0::/32   7',
] as const;
const GLIBC_PRECEDENCE = [
  'precedence ::1/128       50',
  'precedence ::/0          40',
  'precedence 2002::/16     30',
  'precedence ::/96         20',
  'precedence ::ffff:0:0/96 10',
] as const;
const GLIBC_SCOPEV4 = [
  'scopev4 ::ffff:169.254.0.0/112  2',
  'scopev4 ::ffff:127.0.0.0/104    2',
  'scopev4 ::ffff:0.0.0.0/96       14',
] as const;
const RFC6724_PRECEDENCE = [
  'precedence ::1/128 50',
  'precedence ::/0 40',
  'precedence ::ffff:0:0/96 35',
  'precedence 2002::/16 30',
  'precedence 2001::/32 5',
  'precedence fc00::/7 3',
  'precedence ::/96 1',
  'precedence fec0::/10 1',
  'precedence 3ffe::/16 1',
] as const;
const RFC6724_LABELS = [
  'label ::1/128 0',
  'label ::/0 1',
  'label ::ffff:0:0/96 4',
  'label 2002::/16 2',
  'label 2001::/32 5',
  'label fc00::/7 13',
  'label ::/96 3',
  'label fec0::/10 11',
  'label 3ffe::/16 12',
] as const;

const v4Of = (c: GaiCtx): string => (c.v4.length ? c.rng.pick(c.v4) : docV4(c.rng));
const v6Of = (c: GaiCtx): string => (c.v6.length ? c.rng.pick(c.v6) : docV6(c.rng));
/** `::ffff:a.b.c.0/120`-style mapped prefix around a record's IPv4 address. */
const mappedNet = (c: GaiCtx, len = 24): string => `::ffff:${networkOf(v4Of(c), len)}/${96 + len}`;
const v6Net = (c: GaiCtx, len = 48): string => `${networkOf(v6Of(c), len)}/${len}`;
const lines = (ls: readonly string[]): string => `${ls.join('\n')}\n`;

type GaiVariant = readonly [name: string, weight: number, make: (c: GaiCtx) => string | null];

const GAI_VARIANTS: readonly GaiVariant[] = [
  ['none', 18, () => null],
  ['empty', 4, (c) => c.rng.pick(['', '', '\n'])],
  [
    'defaults-restated',
    6,
    ({ rng }) =>
      lines([
        ...(rng.chance(0.3) ? ['# glibc defaults, restated'] : []),
        ...GLIBC_LABELS,
        ...GLIBC_PRECEDENCE,
        ...(rng.chance(0.5) ? GLIBC_SCOPEV4 : []),
      ]),
  ],
  [
    'partial-one-line',
    9,
    (c) =>
      lines([
        c.rng.pick([
          'precedence ::ffff:0:0/96 100',
          `precedence ::ffff:${v4Of(c)}/128 100`,
          `precedence ${mappedNet(c)} ${c.rng.pick([5, 45, 100])}`,
          `label ${v6Net(c)} 99`,
          'label fd00::/8 1',
          'precedence ::1/128 5',
          `precedence ${v6Net(c)} 0`,
          'precedence fc00::/7 45',
          'label 2002::/16 1',
          `scopev4 ${mappedNet(c)} 2`,
          `scopev4 ${networkOf(v4Of(c), 24)}/24 2`,
        ]),
      ]),
  ],
  [
    'prefer-ipv4',
    8,
    ({ rng }) =>
      rng.chance(0.5)
        ? lines(['precedence ::ffff:0:0/96  100'])
        : lines(GLIBC_PRECEDENCE.map((l) => (l.startsWith('precedence ::ffff:0:0/96') ? 'precedence ::ffff:0:0/96 100' : l))),
  ],
  [
    'ula-fix',
    8,
    ({ rng }) => {
      const block = [...GLIBC_LABELS, 'label fd00::/8 1'];
      // The `>>` pitfall: appended again on every rebuild.
      return lines(rng.chance(0.25) ? [...block, ...block] : block);
    },
  ],
  [
    'scopev4-sets',
    5,
    (c) => {
      const pool = [
        ...GLIBC_SCOPEV4,
        'scopev4 ::ffff:10.0.0.0/104 5',
        'scopev4 ::ffff:172.16.0.0/108 5',
        'scopev4 ::ffff:192.168.0.0/112 5',
        `scopev4 ::ffff:${v4Of(c)}/128 ${c.rng.pick([2, 5, 14])}`,
        `scopev4 ${networkOf(v4Of(c), 24)}/24 2`,
        `scopev4 ${mappedNet(c)} ${c.rng.pick([2, 5, 14])}`,
        `scopev4 ${v4Of(c)}/32 2`,
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 5)));
    },
  ],
  [
    'rfc6724',
    6,
    ({ rng }) => {
      const which = rng.weighted([
        ['both', 70],
        ['precedence', 15],
        ['label', 15],
      ] as const);
      const ls = [
        ...(which !== 'label' ? RFC6724_PRECEDENCE : []),
        ...(which !== 'precedence' ? RFC6724_LABELS : []),
      ];
      return lines(rng.chance(0.3) ? rng.shuffle(ls) : ls);
    },
  ],
  [
    'duplicates',
    5,
    (c) => {
      // Same prefix twice with different values: on a tie the first line in the file wins.
      const { rng } = c;
      const kind = rng.pick(['precedence', 'label', 'scopev4', 'scopev4-two-spellings'] as const);
      const [x, y] = rng.shuffle([rng.pick([100, 45, 50]), rng.pick([5, 0, 1])]);
      let ls: string[];
      if (kind === 'precedence') {
        const p = mappedNet(c);
        ls = [`precedence ${p} ${x}`, `precedence ${p} ${y}`];
      } else if (kind === 'label') {
        const p = v6Net(c);
        ls = [`label ${p} ${x}`, `label ${p} ${y}`];
      } else {
        // ::ffff:a.b.c.0/120 and a.b.c.0/24 are the same scopev4 entry, spelled two ways.
        const net = networkOf(v4Of(c), 24);
        const [s1, s2] = rng.shuffle([2, 14]);
        ls = [`scopev4 ::ffff:${net}/120 ${s1}`, kind === 'scopev4' ? `scopev4 ::ffff:${net}/120 ${s2}` : `scopev4 ${net}/24 ${s2}`];
      }
      if (rng.chance(0.3)) ls.unshift(...GLIBC_PRECEDENCE);
      return lines(ls);
    },
  ],
  [
    'invalid-only',
    5,
    (c) => {
      const pool = [
        `precedence ${networkOf(v4Of(c), 24)}/24 100`, // plain IPv4 prefix
        'precedence ::ffff:0:0/129 100',
        'precedence ::ffff:0:0/96 0x64',
        'PRECEDENCE ::ffff:0:0/96 100',
        'precedence ::ffff:0:0/96 2147483648',
        'precedence ::ffff:0:0/96 -1',
        'label 2001:db8::/0x20 5',
        `scopev4 ${mappedNet(c).replace(/\/\d+$/, '/95')} 2`,
        `scopev4 ${networkOf(v4Of(c), 24)}/33 2`,
        'scopev4 2001:db8::/120 2', // IPv6 but not mapped
        'label fe80::1%eth0/64 3',
        'frobnicate ::/0 1',
        'Label ::/0 3',
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 4)));
    },
  ],
  [
    'comments-tabs-crlf',
    5,
    (c) => {
      const { rng } = c;
      const valid = [
        'precedence ::ffff:0:0/96 100',
        `precedence ${mappedNet(c)} 45`,
        `label ${v6Net(c)} 4`,
        'label fd00::/8 1',
        `scopev4 ${mappedNet(c)} 2`,
        'reload no',
      ];
      const ls: string[] = ['# /etc/gai.conf', ''];
      for (const l of rng.shuffle(valid).slice(0, rng.int(1, 3))) {
        const parts = l.split(' ');
        const ws = () => rng.pick([' ', '\t', '  ', ' \t', '\t\t']);
        let t = parts.join(ws());
        if (rng.chance(0.4)) t = ws() + t;
        if (rng.chance(0.4)) t += `${ws()}# ${rng.pick(['prefer v4', 'see gai.conf(5)', 'x'])}`;
        ls.push(t);
        if (rng.chance(0.3)) ls.push(rng.pick(['', '#', '   ', '#precedence ::/0 1']));
      }
      const eol = rng.chance(0.5) ? '\r\n' : '\n';
      return ls.join(eol) + (rng.chance(0.8) ? eol : '');
    },
  ],
  [
    'accepted-oddities',
    6,
    (c) => {
      const pool = [
        'precedence ::ffff:0:0/96 +100',
        `precedence ${mappedNet(c).replace('/120', '/0120')} 100`,
        `precedence ${mappedNet(c)} 100#c`,
        `precedence ${mappedNet(c)} 100 extra tokens here`,
        `precedence ${networkOf(v6Of(c), 48)}/ 0`, // empty length: /0 on ≤ 2.40
        `precedence ${v6Net(c)}`, // missing value: 0 on ≤ 2.40
        `label ${v6Net(c)}`,
        'precedence ::ffff:0:0/96 2147483647',
        `scopev4 ${networkOf(v4Of(c), 24)}/24`,
        '   precedence ::1/128 50',
      ];
      return lines(c.rng.shuffle(pool).slice(0, c.rng.int(1, 3)));
    },
  ],
  [
    'ipv4-ties-ipv6',
    7,
    (c) => {
      const v4 = v4Of(c);
      return lines(
        c.rng.pick([
          [`precedence ::ffff:${v4}/128 100`],
          ['precedence ::ffff:0:0/96 40'],
          [`precedence ${mappedNet(c)} 45`, `precedence ${v6Net(c)} 45`],
          [...GLIBC_PRECEDENCE, `precedence ::ffff:${v4}/128 30`],
          [`precedence ::ffff:${v4}/128 50`, 'precedence ::/0 40', 'precedence ::ffff:0:0/96 10'],
          [`precedence ::ffff:${v4}/128 40`, ...GLIBC_PRECEDENCE],
        ]),
      );
    },
  ],
  [
    'no-slash',
    4,
    (c) => {
      const pool = [`precedence ::ffff:${v4Of(c)} 100`, `label ${v6Of(c)} 99`, `precedence ${v6Of(c)} 5`];
      const ls = c.rng.shuffle(pool).slice(0, c.rng.int(1, 2));
      if (c.rng.chance(0.4)) ls.push('precedence ::ffff:0:0/96 20');
      return lines(c.rng.shuffle(ls));
    },
  ],
  // Crashes glibc 2.36 (SIGSEGV in gaiconf_init) on every lookup returning ≥ 2 addresses: wanted.
  [
    'scopev4-no-slash',
    1,
    (c) => {
      const v4 = v4Of(c);
      const ls = [c.rng.pick([`scopev4 ${v4} 2`, `scopev4 ::ffff:${v4} 2`])];
      if (c.rng.chance(0.5)) ls.unshift('precedence ::ffff:0:0/96 100');
      return lines(ls);
    },
  ],
];

function gaiCtx(rng: Rng, records: readonly string[]): GaiCtx {
  const v4: string[] = [];
  const v6: string[] = [];
  for (const r of records) {
    const ip = parseIp(r);
    if (!ip) continue;
    if (ip.family === 4) {
      if (!isUnspecified4(ip.bytes)) v4.push(formatIp(ip));
    } else if (isV4Mapped(ip.bytes)) {
      v4.push(formatIp({ family: 4, bytes: ip.bytes }));
    } else if (!isUnspecified6(ip.bytes) && !isMulticast6(ip.bytes) && !ip.bytes.subarray(0, 12).every((x) => x === 0)) {
      v6.push(formatIp(ip));
    }
  }
  return { rng, v4, v6 };
}

function pickGaiConf(rng: Rng, records: readonly string[], combine: boolean): string | null {
  const ctx = gaiCtx(rng, records);
  const variant = rng.weighted(GAI_VARIANTS.map((v) => [v, v[1]] as const));
  const text = variant[2](ctx);
  if (!combine || text === null || !rng.chance(0.25)) return text;
  const other = rng.weighted(
    GAI_VARIANTS.filter((v) => v[0] !== 'none' && v[0] !== 'scopev4-no-slash').map((v) => [v, v[1]] as const),
  );
  const t2 = other[2](ctx) ?? '';
  return rng.chance(0.5) ? text + t2 : t2 + text;
}

// ───────────────────────────────────────────────────────────────────────────── query

const QUERY_SHAPES: readonly (readonly [readonly AiFlag[], QueryFamily, number])[] = [
  [[], 'AF_UNSPEC', 62],
  [['AI_ADDRCONFIG'], 'AF_UNSPEC', 10],
  [['AI_V4MAPPED'], 'AF_INET6', 7],
  [['AI_V4MAPPED', 'AI_ALL'], 'AF_INET6', 7],
  [[], 'AF_INET', 5],
  [[], 'AF_INET6', 5],
  [['AI_ADDRCONFIG'], 'AF_INET', 1],
  [['AI_ADDRCONFIG'], 'AF_INET6', 1],
  [['AI_ADDRCONFIG', 'AI_V4MAPPED'], 'AF_INET6', 1],
  [['AI_CANONNAME'], 'AF_UNSPEC', 1],
];
const OTHER_NAMES = ['svc.example', 'mail.example.org', 'db.internal.test', 'api.example.net', 'www.example.com'] as const;

function makeQuery(rng: Rng, records: string[], addrconfig: number | undefined): ScenarioQuery {
  let shape = rng.weighted(QUERY_SHAPES.map((s) => [s, s[2]] as const));
  if (addrconfig !== undefined && rng.chance(addrconfig)) shape = [['AI_ADDRCONFIG'], 'AF_UNSPEC', 0];
  const q: ScenarioQuery = {
    name: rng.chance(0.85) ? 'host.test' : rng.pick(OTHER_NAMES),
    records,
    flags: [...shape[0]],
  };
  if (shape[1] !== 'AF_UNSPEC') q.family = shape[1];
  return q;
}

// ───────────────────────────────────────────────────────────────────────────── entry points

export function generateScenario(seed: number, index: number): Scenario {
  const rng = scenarioRng(seed, index);
  // The features come from a stream of their own: a scenario that gets none is the one this
  // (seed, index) gave before they existed.
  const frng = featureRng(seed, index);
  const feature = frng.chance(0.1) ? frng.pick(Object.keys(FEATURE_TEMPLATES)) : null;
  const template = feature ?? (rng.chance(0.7) ? rng.pick(REALISTIC) : 'mixer');
  let b: HostBuilder;
  let out: TemplateOut;
  if (feature !== null) {
    b = new HostBuilder();
    out = FEATURE_TEMPLATES[feature]!(rng, b);
  } else if (template === 'mixer') {
    b = new HostBuilder(rng.chance(0.85));
    out = mixer(rng, b);
    if (frng.chance(0.4)) out.records = mixFeatures(frng, b, out.records);
  } else {
    b = new HostBuilder(template !== 'ipv6-disabled');
    out = ALL_TEMPLATES[template]!(rng, b);
    if (frng.chance(0.1)) out.records = mixFeatures(frng, b, out.records);
  }
  const records = clampRecords(rng, out.records);
  const gaiConf = pickGaiConf(rng, records, template === 'mixer');
  const query = makeQuery(rng, records, out.addrconfig);
  if (out.uid !== undefined) query.uid = out.uid;
  const s: Scenario = { name: `gen-${seed}-${index}-${template}`, host: b.build(), gaiConf, query };
  const problems = scenarioProblems(s);
  if (problems.length) throw new Error(`generator bug in ${s.name}: ${problems.join('; ')}\n${JSON.stringify(s)}`);
  return s;
}

export function generateScenarios(seed: number, count: number): Scenario[] {
  return Array.from({ length: count }, (_, i) => generateScenario(seed, i));
}

// ───────────────────────────────────────────────────────────────────────────── shrinking

const clone = (s: Scenario): Scenario => JSON.parse(JSON.stringify(s)) as Scenario;

/** Drop every route the kernel would now refuse (gateway left its subnet, dev gone, key clash…),
 * and every address label whose device is gone. */
function repair(s: Scenario): Scenario {
  const host = s.host;
  if (host.routes !== undefined) {
    const an = analyzeHost(host);
    const routes: ScenarioRoute[] = [];
    for (const r of host.routes) if (routesProblems([...routes, r], an).length === 0) routes.push(r);
    host.routes = routes;
  }
  if (host.addrlabels !== undefined) {
    const names = new Set(host.interfaces.map((i) => i.name));
    host.addrlabels = host.addrlabels.filter((l) => l.dev === undefined || l.dev === 'lo' || names.has(l.dev));
    if (host.addrlabels.length === 0) delete host.addrlabels;
  }
  if (host.rules !== undefined && host.rules.length === 0) delete host.rules;
  return s;
}

/** One-step simplifications of `s`, cheapest / biggest first. Each returns a fresh copy or null. */
function* shrinkCandidates(s: Scenario): Generator<Scenario> {
  const edit = (f: (c: Scenario) => boolean | void): Scenario | null => {
    const c = clone(s);
    return f(c) === false ? null : repair(c);
  };
  const yieldIf = function* (c: Scenario | null): Generator<Scenario> {
    if (c) yield c;
  };

  if (s.gaiConf !== null && s.gaiConf !== undefined) yield* yieldIf(edit((c) => void (c.gaiConf = null)));
  if ((s.host.rules ?? []).length > 1) yield* yieldIf(edit((c) => void delete c.host.rules));
  if ((s.host.routes ?? []).length > 1) yield* yieldIf(edit((c) => void (c.host.routes = [])));
  if (s.host.interfaces.length > 1) yield* yieldIf(edit((c) => void (c.host.interfaces = [])));
  if ((s.query.flags ?? []).length > 1) yield* yieldIf(edit((c) => void (c.query.flags = [])));
  const recs = s.query.records;
  if (recs.length > 2) {
    const half = Math.ceil(recs.length / 2);
    yield* yieldIf(edit((c) => void (c.query.records = recs.slice(0, half))));
    yield* yieldIf(edit((c) => void (c.query.records = recs.slice(half))));
  }
  if (recs.length > 1)
    for (let i = 0; i < recs.length; i++) yield* yieldIf(edit((c) => void c.query.records.splice(i, 1)));
  for (let i = 0; i < s.host.interfaces.length; i++)
    yield* yieldIf(edit((c) => void c.host.interfaces.splice(i, 1)));
  for (let i = 0; i < (s.host.routes ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.host.routes!.splice(i, 1)));
  for (let i = 0; i < (s.host.rules ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.host.rules!.splice(i, 1)));
  if (s.host.addrlabels !== undefined) yield* yieldIf(edit((c) => void delete c.host.addrlabels));
  for (let i = 0; i < (s.host.addrlabels ?? []).length && s.host.addrlabels!.length > 1; i++)
    yield* yieldIf(edit((c) => void c.host.addrlabels!.splice(i, 1)));
  if (s.host.defaultRules === false) yield* yieldIf(edit((c) => void delete c.host.defaultRules));
  if (s.query.uid !== undefined) yield* yieldIf(edit((c) => void delete c.query.uid));
  if (typeof s.gaiConf === 'string') {
    const ls = s.gaiConf.split('\n');
    for (let i = 0; i < ls.length; i++) {
      if (ls[i] === '') continue;
      yield* yieldIf(
        edit((c) => {
          const copy = ls.slice();
          copy.splice(i, 1);
          c.gaiConf = copy.join('\n');
        }),
      );
    }
  }
  for (let i = 0; i < s.host.interfaces.length; i++) {
    const ifc = s.host.interfaces[i]!;
    for (let j = 0; j < ifc.addresses.length; j++)
      yield* yieldIf(edit((c) => void c.host.interfaces[i]!.addresses.splice(j, 1)));
  }
  for (let i = 0; i < (s.query.flags ?? []).length; i++)
    yield* yieldIf(edit((c) => void c.query.flags!.splice(i, 1)));
  if (s.query.family !== undefined) yield* yieldIf(edit((c) => void delete c.query.family));
  // Address flags, one at a time; an object left with only `address` becomes the plain string.
  for (let i = 0; i < s.host.interfaces.length; i++) {
    const ifc = s.host.interfaces[i]!;
    for (let j = 0; j < ifc.addresses.length; j++) {
      const a = ifc.addresses[j]!;
      if (typeof a === 'string') continue;
      for (const k of Object.keys(a) as (keyof ScenarioAddressObject)[]) {
        if (k === 'address') continue;
        yield* yieldIf(
          edit((c) => {
            const o = { ...(c.host.interfaces[i]!.addresses[j] as ScenarioAddressObject) };
            delete o[k];
            c.host.interfaces[i]!.addresses[j] = Object.keys(o).length === 1 ? o.address : o;
          }),
        );
      }
    }
    if (ifc.up === false) yield* yieldIf(edit((c) => void delete c.host.interfaces[i]!.up));
    for (const k of ['disableIpv6', 'group'] as const) if (ifc[k] !== undefined) yield* yieldIf(edit((c) => void delete c.host.interfaces[i]![k]));
  }
  // Route attributes that are not needed for validity; a multipath route down to one hop.
  for (let i = 0; i < (s.host.routes ?? []).length; i++) {
    const r = s.host.routes![i]!;
    for (const k of ['metric', 'src', 'dev', 'table', 'scope'] as const) {
      if (r[k] === undefined) continue;
      if (k === 'dev' && r.via === undefined) continue;
      yield* yieldIf(edit((c) => void delete c.host.routes![i]![k]));
    }
    if (r.nexthops !== undefined)
      for (const h of r.nexthops)
        yield* yieldIf(
          edit((c) => {
            const route = c.host.routes![i]!;
            delete route.nexthops;
            if (h.via !== undefined) route.via = h.via;
            if (h.dev !== undefined) route.dev = h.dev;
          }),
        );
  }
  // Rule selectors one at a time (a rule keeps what makes it valid).
  for (let i = 0; i < (s.host.rules ?? []).length; i++) {
    const r = s.host.rules![i]!;
    for (const k of ['priority', 'not', 'from', 'to', 'fwmark', 'iif', 'oif', 'uidrange', 'ipproto', 'sport', 'dport', 'tos', 'suppressPrefixlength', 'suppressIfgroup'] as const) {
      if (r[k] === undefined) continue;
      yield* yieldIf(
        edit((c) => {
          const rule = { ...c.host.rules![i]! };
          delete rule[k];
          if (ruleProblems(rule, c.host.ipv6 !== false).length > 0) return false;
          c.host.rules![i] = rule;
        }),
      );
    }
  }
  if (s.host.ipv6 === false) yield* yieldIf(edit((c) => void delete c.host.ipv6));
  if (s.host.useTempaddr !== undefined) yield* yieldIf(edit((c) => void delete c.host.useTempaddr));
}

/**
 * Greedy delta debugging: apply the first one-step simplification for which `stillFails` holds,
 * and repeat until none does. Removals that would make a route invalid also remove that route, so
 * every scenario handed to `stillFails` (and the result) is one the kernel accepts.
 * `stillFails(s)` is assumed true for the input and is never called twice on an equal scenario.
 */
export async function shrinkScenario(
  s: Scenario,
  stillFails: (s: Scenario) => Promise<boolean>,
): Promise<Scenario> {
  let cur = clone(s);
  const tried = new Set<string>();
  for (;;) {
    const curKey = JSON.stringify(cur);
    tried.add(curKey);
    let next: Scenario | null = null;
    for (const cand of shrinkCandidates(cur)) {
      const k = JSON.stringify(cand);
      if (tried.has(k)) continue;
      tried.add(k);
      if (await stillFails(cand)) {
        next = cand;
        break;
      }
    }
    if (!next) return cur;
    cur = next;
  }
}
