// The generator's adversarial mixer (about 30% of scenarios): up to three interfaces with addresses of
// every class the ordering rules care about, records of every kind, routes of every type aimed at
// them, then policy routing on top (templates-routing-mixer.ts). generator.ts picks it like a template;
// it lives apart because, unlike the templates, it models no real host.

import { isV4Mapped, parseIp } from '../../src/address/ip.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import { isLoopback4, isMulticast4, isMulticast6, isUnspecified4 } from '../../src/address/classify.js';
import type { RouteType, ScenarioRoute } from '../../src/scenario/types.js';
import { DOC4, canon, docV4, embeddedV4Kind, hostIn, hostPartIs, len16, maxLen, networkOf, nthInCidr, randomHost, sixToFourPrefix, teredoAddress } from './generator-addresses.js';
import { HostBuilder, defaultTo, type AddrFlags } from './generator-host-builder.js';
import { anyRecord } from './generator-records.js';
import type { Rng } from './generator-rng.js';
import type { TemplateOut } from './generator-template.js';
import { mixRouting } from './templates-routing-mixer.js';

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

export function mixer(rng: Rng, b: HostBuilder): TemplateOut {
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
