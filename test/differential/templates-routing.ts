// Policy-routing host templates for the differential generator: the hosts VPN clients, overlay
// networks, routing daemons and orchestrators build, each with the `ip` state those tools create
// (wg-quick, Tailscale, FRR's BGP unnumbered, the classic two-uplink recipe, OpenWrt's netifd,
// pppd, kube-proxy and CNI plugins), plus reject rules, tables, address labels and scopes, and
// the corners of the kernel's rule list. Most stand on an underlay host from the classic
// templates (generator.ts), so the two mix. Records aim at every interesting route: the tunnel,
// the LAN, thrown prefixes, rejected ones, VIPs, in each family.
//
// Everything is drawn from the scenario's own PRNG, so generation stays a function of (seed, index).

import { formatIp } from '../../src/address/format.js';
import { parseIp } from '../../src/address/ip.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import type { RouteTable, RuleAction, ScenarioInterface, ScenarioRule } from '../../src/scenario/types.js';
import { DOC4, canon, docV4, docV6, docV6Prefix64, hex, len16, networkOf, nthInCidr, randomHost, ulaPrefix64 } from './generator-addresses.js';
import { parsePrefixText } from './generator-host-analysis.js';
import { HostBuilder, defaultVia } from './generator-host-builder.js';
import type { Rng } from './generator-rng.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template } from './generator-template.js';

// ───────────────────────────────────────────────────────────────────────────── helpers

/** A name not yet taken on this host. */
export function freeName(b: HostBuilder, names: readonly string[]): string {
  for (const n of names) if (!b.host.interfaces.some((i) => i.name === n)) return n;
  for (let k = 1; ; k++) {
    const n = `${names[0]}${k}`;
    if (!b.host.interfaces.some((i) => i.name === n)) return n;
  }
}

export function inside(addr: string, cidr: string): boolean {
  const ip = parseIp(addr);
  const p = parsePrefixText(cidr);
  return !!ip && !!p && ip.family === p.ip.family && matchesPrefix(ip.bytes, p.ip.bytes, len16(p.ip.family, p.len));
}

/** Do two prefixes overlap (one holds the other)? */
function overlaps(a: string, b: string): boolean {
  const pa = parsePrefixText(a);
  const pb = parsePrefixText(b);
  if (!pa || !pb || pa.ip.family !== pb.ip.family) return false;
  const l = Math.min(pa.len, pb.len);
  return matchesPrefix(pa.ip.bytes, pb.ip.bytes, len16(pa.ip.family, l));
}

/** Every prefix the host knows: interface subnets and route destinations (lo's addresses too). */
export function usedPrefixes(b: HostBuilder): string[] {
  const out = [...b.subnets()];
  for (const ifc of b.host.interfaces)
    for (const a of ifc.addresses) out.push(typeof a === 'string' ? a : a.address);
  for (const r of b.routes) if (r.to !== 'default' && !/\/0$/.test(r.to)) out.push(r.to);
  return out;
}

/** A prefix of `len` from `make` (then from `fallback`) that overlaps nothing the host has. */
function freePrefix(rng: Rng, b: HostBuilder, make: () => string, len: number, fallback = make): string {
  const used = usedPrefixes(b);
  for (let i = 0; i < 24; i++) {
    const addr = i < 12 ? make() : fallback();
    const p = `${networkOf(addr, len)}/${len}`;
    if (!used.some((u) => overlaps(u, p))) return p;
  }
  return `${networkOf(make(), len)}/${len}`;
}

/** Documentation space first, then 10/8 (the three documentation /24s fill up). */
export const free4 = (rng: Rng, b: HostBuilder, len = 24) => freePrefix(rng, b, () => docV4(rng), len, () => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.1`);
export const free6 = (rng: Rng, b: HostBuilder, len = 48) => freePrefix(rng, b, () => docV6(rng), len);
/** A host inside a prefix, away from its network (and IPv4 broadcast) address. */
const hostOf = (rng: Rng, cidr: string) => randomHost(rng, cidr, 'small');

/** A global answer of a family that lies in no prefix of the host. */
export function internet(rng: Rng, b: HostBuilder, family: 4 | 6): string {
  const used = usedPrefixes(b);
  for (let i = 0; i < 20; i++) {
    const a = family === 4 ? docV4(rng) : docV6(rng);
    if (!used.some((u) => inside(a, u))) return a;
  }
  return family === 4 ? docV4(rng) : docV6(rng);
}

/** The first main-table default of a family with a single gateway: { via, dev }. */
function mainDefault(b: HostBuilder, family: 4 | 6): { via: string; dev: string | undefined } | null {
  for (const r of b.routes) {
    if (r.table !== undefined && r.table !== 'main') continue;
    if ((r.type ?? 'unicast') !== 'unicast' || r.via === undefined || r.nexthops !== undefined) continue;
    const via = parseIp(r.via);
    if (!via || via.family !== family) continue;
    if (r.to === 'default' || r.to === (family === 4 ? '0.0.0.0/0' : '::/0')) return { via: r.via, dev: r.dev };
  }
  return null;
}

/** Own addresses that are not link-local, of a family, on non-tunnel interfaces. */
function lanOwn(b: HostBuilder, family: 4 | 6, except: readonly string[] = []): string[] {
  return b.host.interfaces.filter((i) => !except.includes(i.name) && i.name !== 'lo').flatMap((i) => b.own(family, { iface: i.name, noLinkLocal: true }));
}

/** LAN subnets of a family (prefix routes of the non-tunnel interfaces). */
function lanNets(b: HostBuilder, family: 4 | 6): string[] {
  return b.subnets().filter((c) => c.includes(':') === (family === 6) && !c.startsWith('fe80:'));
}

/**
 * The answer list: every `must` answer (deduplicated, at most 8), then answers from `pool` up
 * to a random size; in one of three orders (as given, reversed classes, shuffled).
 */
export function compose(rng: Rng, must: readonly (string | null | undefined)[], pool: readonly string[], max = 8): string[] {
  const m = [...new Set(must.filter((x): x is string => typeof x === 'string'))].slice(0, max);
  const want = rng.int(Math.max(1, m.length), max);
  const rest = pool.filter((p) => !m.includes(p));
  const out = [...m];
  while (out.length < want && rest.length > 0) out.push(rest.splice(rng.int(0, rest.length - 1), 1)[0]!);
  if (out.length === 0) out.push(docV4(rng));
  const order = rng.weighted([
    ['given', 30],
    ['v6-first', 25],
    ['shuffled', 45],
  ] as const);
  if (order === 'shuffled') return rng.shuffle(out);
  if (order === 'v6-first') return [...out.filter((a) => a.includes(':')), ...out.filter((a) => !a.includes(':'))];
  return out;
}

/** A plain LAN: IPv4 /24 with a gateway, and with IPv6 a global /64 (a ULA now and then) whose
 * default goes through the router's link-local address or the prefix's first host. */
export function plainLan(rng: Rng, b: HostBuilder, name?: string): ScenarioInterface {
  const lan = b.iface(name ?? freeName(b, rng.shuffle(LAN_IFACES)));
  const v4net = privateV4Net24(rng);
  b.addr(lan, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
  defaultVia(b, rng, nthInCidr(v4net, 1n), lan.name, rng.pick([undefined, undefined, 100, 600]));
  if (b.ipv6) {
    const gp = docV6Prefix64(rng);
    b.addr(lan, v6HostIn(rng, gp), 64);
    if (rng.chance(0.3)) b.addr(lan, v6HostIn(rng, ulaPrefix64(rng)), 64);
    if (rng.chance(0.5)) b.route({ to: 'default', via: 'fe80::1', dev: lan.name, ...(rng.chance(0.3) ? { metric: 100 } : {}) });
    else defaultVia(b, rng, nthInCidr(gp, 1n), lan.name, rng.pick([undefined, 100, 1024]));
  }
  return lan;
}

interface Underlay {
  records: string[];
}

/** The underlay a tunnel or overlay sits on: a classic template's host, or a plain LAN. */
export function underlay(rng: Rng, b: HostBuilder, classic: Record<string, Template>, kinds: readonly string[] = ['lan', 'lan', 'home-dual-stack', 'ipv4-only-vps', 'docker-ula-bridge', 'multi-homed-metrics', 'deprecated-only']): Underlay {
  const kind = rng.pick(kinds.filter((k) => k === 'lan' || classic[k] !== undefined));
  if (kind === 'lan') {
    plainLan(rng, b);
    return { records: [internet(rng, b, 4), ...(b.ipv6 ? [internet(rng, b, 6)] : [])] };
  }
  return { records: classic[kind]!(rng, b).records };
}

/** A LAN host (not one of ours) of a family, if the host has a LAN of that family. */
function lanHost(rng: Rng, b: HostBuilder, family: 4 | 6): string | null {
  const nets = lanNets(b, family);
  for (let i = 0; i < 8 && nets.length; i++) {
    const h = hostOf(rng, rng.pick(nets));
    if (!b.isOwn(h)) return h;
  }
  return null;
}

const table = (rng: Rng, options: readonly RouteTable[]): RouteTable => rng.pick(options);

// ───────────────────────────────────────────────────────────────────────────── templates

export function routingTemplates(classic: Record<string, Template>): Record<string, Template> {
  /** wg-quick(8) full tunnel: the defaults in table 51820 and its two rules per family. */
  const wgQuick =
    (kind: 'ula' | 'global'): Template =>
    (rng, b) => {
      const base = underlay(rng, b, classic);
      const wg = b.iface(freeName(b, rng.chance(0.85) ? ['wg0'] : ['wg1', 'mullvad-se4', 'wg-vpn']));
      const t4net = freePrefix(rng, b, () => `10.${rng.pick([2, 8, 64, 66, 100, 200])}.${rng.int(0, 255)}.${rng.int(1, 254)}`, 24);
      const t4 = b.addr(wg, nthInCidr(t4net, BigInt(rng.int(2, 250))), 32);
      const t6net = kind === 'ula' ? ulaPrefix64(rng) : docV6Prefix64(rng);
      const t6 = b.ipv6 ? b.addr(wg, nthInCidr(t6net, BigInt(rng.int(2, 0xfff))), 128) : null;
      const tableId = rng.chance(0.85) ? 51820 : rng.int(1000, 60000);
      const fwmark: number | string = rng.chance(0.8) ? tableId : `0x${hex(tableId)}`;
      const families: readonly (4 | 6)[] = b.ipv6 ? rng.weighted<readonly (4 | 6)[]>([[[4, 6], 70], [[4], 18], [[6], 12]]) : [4];
      const split = rng.chance(0.15);
      if (split) {
        // AllowedIPs without a default: wg-quick routes them in main, no rules.
        b.route({ to: t4net, dev: wg.name });
        if (b.ipv6 && families.includes(6)) b.route({ to: `${networkOf(t6net.split('/')[0]!, 48)}/48`, dev: wg.name });
      } else {
        for (const f of families) {
          // wg-quick: `ip -4 route add 0.0.0.0/0 dev wg0 table 51820`, then the two rules.
          b.route({ to: f === 4 ? '0.0.0.0/0' : '::/0', dev: wg.name, table: tableId });
          b.rule({ family: f, not: true, fwmark, table: tableId });
          b.rule({ family: f, table: 'main', suppressPrefixlength: 0 });
        }
      }
      const must = [
        internet(rng, b, 4),
        b.ipv6 ? internet(rng, b, 6) : null,
        lanHost(rng, b, 4),
        b.ipv6 ? lanHost(rng, b, 6) : null,
        rng.chance(0.4) ? nthInCidr(t4net, 1n) : null,
        rng.chance(0.3) ? t4 : null,
        rng.chance(0.3) && t6 ? nthInCidr(t6net, 1n) : null,
      ];
      return { records: compose(rng, must, base.records) };
    };

  /** Tailscale on Linux: rules 5210/5230/5250/5270 and table 52; with an exit node the defaults
   * are in table 52 too, and the LAN is thrown back to the rules (allow LAN access). */
  const tailscale =
    (exit: boolean): Template =>
    (rng, b) => {
      const base = underlay(rng, b, classic);
      const ts = b.iface(freeName(b, ['tailscale0']));
      const a4 = b.addr(ts, randomHost(rng, '100.64.0.0/10'), 32);
      const ula = 'fd7a:115c:a1e0::/48';
      const a6 = b.ipv6 ? b.addr(ts, randomHost(rng, ula), 128) : null;
      b.route({ to: rng.chance(0.5) ? '100.100.100.100' : '100.100.100.100/32', dev: ts.name, table: 52 });
      b.route({ to: '100.64.0.0/10', dev: ts.name, table: 52 });
      if (b.ipv6) b.route({ to: ula, dev: ts.name, table: 52 });
      if (exit) {
        b.route({ to: '0.0.0.0/0', dev: ts.name, table: 52 });
        if (b.ipv6) b.route({ to: '::/0', dev: ts.name, table: 52 });
        for (const net of [...lanNets(b, 4), ...(b.ipv6 ? lanNets(b, 6) : [])]) if (rng.chance(0.85)) b.route({ to: net, type: 'throw', table: 52 });
      }
      for (const f of b.ipv6 ? ([4, 6] as const) : ([4] as const)) {
        b.rule({ family: f, priority: 5210, fwmark: '0x80000/0xff0000', table: 'main' });
        b.rule({ family: f, priority: 5230, fwmark: '0x80000/0xff0000', table: 'default' });
        b.rule({ family: f, priority: 5250, fwmark: '0x80000/0xff0000', action: 'unreachable' });
        b.rule({ family: f, priority: 5270, table: 52 });
      }
      const peer4 = randomHost(rng, '100.64.0.0/10');
      const must = [
        rng.chance(0.6) ? '100.100.100.100' : null,
        peer4 === a4 ? null : peer4,
        b.ipv6 ? randomHost(rng, ula) : null,
        internet(rng, b, 4),
        b.ipv6 ? internet(rng, b, 6) : null,
        lanHost(rng, b, 4),
        b.ipv6 && rng.chance(0.6) ? lanHost(rng, b, 6) : null,
        rng.chance(0.2) ? a6 : null,
      ];
      return { records: compose(rng, must, base.records) };
    };

  return {
    'wg-quick-ula': wgQuick('ula'),
    'wg-quick-global': wgQuick('global'),
    tailscale: tailscale(false),
    'tailscale-exit-node': tailscale(true),

    /** Anycast / service VIPs: /32s and /128s on lo, AnyIP prefixes as `local` routes. */
    'anycast-vips-lo': (rng, b) => {
      const base = underlay(rng, b, classic);
      const lo = b.lo();
      const vips4 = Array.from({ length: rng.int(1, 3) }, () => b.addr(lo, hostOf(rng, free4(rng, b, 28)), 32, {}, rng.chance(0.3))).filter((x): x is string => x !== null);
      const vips6 = b.ipv6 ? Array.from({ length: rng.int(0, 2) }, () => b.addr(lo, hostOf(rng, free6(rng, b, 64)), 128, {}, rng.chance(0.3))).filter((x): x is string => x !== null) : [];
      const any4 = free4(rng, b, rng.pick([24, 24, 28]));
      const anyTable = (): RouteTable | undefined => (rng.chance(0.8) ? 'local' : undefined);
      b.route({ to: any4, type: 'local', dev: 'lo', ...(rng.chance(0.8) ? { table: 'local' as const } : {}) });
      const any6 = b.ipv6 && rng.chance(0.7) ? free6(rng, b, 64) : null;
      if (any6) {
        const t = anyTable();
        b.route({ to: any6, type: 'local', dev: 'lo', ...(t === undefined ? {} : { table: t }) });
      }
      // Policy routing beside it splits the kernel's local and main tables.
      if (rng.chance(0.3)) b.rule({ priority: rng.int(100, 30000), to: free4(rng, b, 24), table: rng.pick([100, 'main'] as const) });
      // Anycast DNS: answers to one network leave from the VIP.
      const gw = mainDefault(b, 4);
      let srcNet: string | null = null;
      if (gw && vips4.length && rng.chance(0.4)) {
        srcNet = free4(rng, b, 24);
        if (!b.route({ to: srcNet, via: gw.via, ...(gw.dev ? { dev: gw.dev } : {}), src: rng.pick(vips4) })) srcNet = null;
      }
      const must = [
        vips4.length ? rng.pick(vips4) : null,
        vips6.length ? rng.pick(vips6) : null,
        hostOf(rng, any4),
        any6 ? hostOf(rng, any6) : null,
        srcNet ? hostOf(rng, srcNet) : null,
        internet(rng, b, 4),
        b.ipv6 ? internet(rng, b, 6) : null,
        rng.chance(0.15) ? '127.0.0.1' : null,
      ];
      return { records: compose(rng, must, base.records) };
    },

    /** BGP unnumbered (FRR): no global address on the links, the router's /32 and /128 on lo,
     * IPv6 defaults via the peer's link-local address, IPv4 through it too (RFC 5549). */
    'bgp-unnumbered': (rng, b) => {
      const n = rng.chance(0.6) ? 1 : 2;
      const links = Array.from({ length: n }, (_, i) => b.iface(freeName(b, [rng.pick(['eth', 'swp', 'enp1s0f', 'ens']) + String(i)])));
      if (rng.chance(0.5)) b.addr(links[0]!, `fe80::${hex(rng.int(2, 0xffff))}`, 64);
      const lo = b.lo();
      const r4 = b.addr(lo, hostOf(rng, free4(rng, b, 24)), 32, {}, rng.chance(0.3));
      const r6 = b.addr(lo, hostOf(rng, free6(rng, b, 64)), 128, {}, rng.chance(0.3));
      const hops = links.map((l, i) => ({ via: `fe80::${i + 1}`, dev: l.name }));
      if (n === 1) {
        b.route({ to: 'default', via: hops[0]!.via, dev: hops[0]!.dev });
        b.route({ to: '0.0.0.0/0', via: hops[0]!.via, dev: hops[0]!.dev });
      } else {
        b.route({ to: 'default', nexthops: hops });
        b.route({ to: '0.0.0.0/0', nexthops: hops });
      }
      // A prefix learned from one peer only.
      const learned4 = rng.chance(0.5) ? free4(rng, b, 24) : null;
      if (learned4) b.route({ to: learned4, via: hops[hops.length - 1]!.via, dev: hops[hops.length - 1]!.dev, metric: 20 });
      const learned6 = rng.chance(0.4) ? free6(rng, b, 48) : null;
      if (learned6) b.route({ to: learned6, via: hops[0]!.via, dev: hops[0]!.dev, metric: 20 });
      const must = [
        internet(rng, b, 4),
        internet(rng, b, 6),
        learned4 ? hostOf(rng, learned4) : null,
        learned6 ? hostOf(rng, learned6) : null,
        rng.chance(0.3) ? r4 : null,
        rng.chance(0.3) ? r6 : null,
        rng.chance(0.15) ? '::1' : null,
      ];
      // At most 6 answers: every hop choice of a two-link host stays within 64 combinations.
      return { records: compose(rng, must, [internet(rng, b, 4), internet(rng, b, 6)], 6) };
    },

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

    /** Rules that reject: unreachable, prohibit and blackhole by destination, and `from` an own
     * address (IPv4 looks up again with the source it chose; IPv6 does not). */
    'reject-rules': (rng, b) => {
      const base = underlay(rng, b, classic);
      const actions: RuleAction[] = ['unreachable', 'prohibit', 'blackhole'];
      const prefs = rng.shuffle([100, 200, 300, 1000, 5000, 20000, 32000]);
      const must: (string | null)[] = [];
      const n = rng.int(1, 4);
      for (let i = 0; i < n; i++) {
        const kind = rng.weighted([
          ['to4', 30],
          ['to6', b.ipv6 ? 25 : 0],
          ['from4', 25],
          ['from6', b.ipv6 ? 10 : 0],
          ['not-to', 5],
        ] as const);
        const action = rng.pick(actions);
        const pr = rng.chance(0.85) ? { priority: prefs[i]! } : {};
        if (kind === 'to4' || kind === 'to6') {
          const net = kind === 'to4' ? free4(rng, b, rng.pick([24, 24, 28, 32])) : free6(rng, b, rng.pick([48, 64, 128]));
          b.rule({ to: net, action, ...pr });
          must.push(hostOf(rng, net));
        } else if (kind === 'from4' || kind === 'from6') {
          const own = lanOwn(b, kind === 'from4' ? 4 : 6);
          if (!own.length) continue;
          const src = rng.pick(own);
          const to = rng.chance(0.5) ? (kind === 'from4' ? free4(rng, b, 24) : free6(rng, b, 48)) : null;
          b.rule({ from: src, ...(to ? { to } : {}), action: rng.chance(0.7) ? 'prohibit' : action, ...pr });
          must.push(to ? hostOf(rng, to) : internet(rng, b, kind === 'from4' ? 4 : 6));
        } else {
          // `not to P`: everything but P is refused past the local table.
          const net = free4(rng, b, 24);
          b.rule({ family: 4, not: true, to: net, action, priority: prefs[i]! });
          must.push(hostOf(rng, net));
        }
      }
      must.push(internet(rng, b, 4), b.ipv6 ? internet(rng, b, 6) : null, rng.chance(0.3) ? lanHost(rng, b, 4) : null);
      return { records: compose(rng, must, base.records) };
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

    /** `ip addrlabel` rows: the kernel's source choice follows them, glibc's sort does not. */
    'custom-addrlabels': (rng, b) => {
      const lan = plainLan(rng, b);
      const ula = ulaPrefix64(rng);
      b.addr(lan, v6HostIn(rng, ula), 64);
      const second = rng.chance(0.4) ? docV6Prefix64(rng) : null;
      if (second) b.addr(lan, v6HostIn(rng, second), 64, { deprecated: rng.chance(0.3) });
      const remote = free6(rng, b, 48);
      const dev = () => (rng.chance(0.3) ? { dev: rng.chance(0.8) ? lan.name : 'lo' } : {});
      const rows = rng.int(1, 3);
      for (let i = 0; i < rows; i++) {
        const kind = rng.pick(['remote-like-ula', 'ula-like-global', 'remote-own', 'default-row', 'mapped'] as const);
        if (kind === 'remote-like-ula') b.addrlabel({ prefix: remote, label: 5, ...dev() });
        else if (kind === 'ula-like-global') b.addrlabel({ prefix: rng.chance(0.5) ? 'fd00::/8' : `${networkOf(ula.split('/')[0]!, 48)}/48`, label: 1, ...dev() });
        else if (kind === 'remote-own') {
          const own = lanOwn(b, 6);
          const l = rng.pick([99, 100, 7]);
          b.addrlabel({ prefix: remote, label: l, ...dev() });
          if (own.length) b.addrlabel({ prefix: `${networkOf(rng.pick(own), 64)}/64`, label: l });
        } else if (kind === 'default-row') b.addrlabel({ prefix: '::/0', label: rng.pick([1, 3, 9]), ...dev() });
        else b.addrlabel({ prefix: '::ffff:0:0/96', label: rng.pick([1, 4, 6]) });
      }
      const must = [hostOf(rng, remote), internet(rng, b, 6), randomHost(rng, ulaPrefix64(rng), 'small'), internet(rng, b, 4), rng.chance(0.3) ? hostOf(rng, remote) : null];
      return { records: compose(rng, must, [lanHost(rng, b, 6) ?? internet(rng, b, 6)]) };
    },

    /** IPv4 address scopes: link-scope (169.254/16) and host-scope addresses, with or without a
     * universe-scope one. */
    'ipv4-address-scopes': (rng, b) => {
      const eth = b.iface(rng.pick(LAN_IFACES));
      const shape = rng.pick(['link+global', 'link-only', 'host+global', 'site+global'] as const);
      const ll = randomHost(rng, '169.254.0.0/16');
      let gw: string;
      if (shape === 'link-only') {
        b.addr(eth, ll, 16, { scope: 'link' });
        gw = nthInCidr('169.254.0.0/16', BigInt(rng.int(1, 250)));
      } else {
        const v4net = privateV4Net24(rng);
        if (shape === 'link+global') b.addr(eth, ll, 16, { scope: 'link' });
        if (shape === 'host+global') b.addr(eth, `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, rng.pick([8, 32]), { scope: 'host' });
        if (shape === 'site+global') b.addr(eth, randomHost(rng, '172.16.0.0/12'), 16, { scope: 'site' });
        const order = rng.chance(0.5);
        b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
        if (!order && shape === 'link+global') b.addr(eth, randomHost(rng, '169.254.0.0/16'), 16, { scope: 'link' });
        gw = nthInCidr(v4net, 1n);
      }
      b.route({ to: rng.chance(0.5) ? 'default' : '0.0.0.0/0', via: gw, dev: eth.name });
      const linkNet = free4(rng, b, 24);
      b.route({ to: linkNet, dev: eth.name, ...(rng.chance(0.5) ? { scope: 'link' as const } : {}) });
      const globalNet = rng.chance(0.5) ? free4(rng, b, 24) : null;
      if (globalNet) b.route({ to: globalNet, dev: eth.name, scope: rng.pick(['global', 'host'] as const) });
      if (b.ipv6 && rng.chance(0.5)) {
        const gp = docV6Prefix64(rng);
        b.addr(eth, v6HostIn(rng, gp), 64);
        b.route({ to: 'default', via: 'fe80::1', dev: eth.name });
      }
      const own4 = b.own(4);
      const must = [
        internet(rng, b, 4),
        randomHost(rng, '169.254.0.0/16'),
        hostOf(rng, linkNet),
        globalNet ? hostOf(rng, globalNet) : null,
        own4.length && rng.chance(0.4) ? rng.pick(own4) : null,
        b.ipv6 ? internet(rng, b, 6) : null,
      ];
      return { records: compose(rng, must, [lanHost(rng, b, 4) ?? internet(rng, b, 4)]) };
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

    /** lo without ::1 (net.ipv6.conf.lo.disable_ipv6=1) on an otherwise dual-stack host. */
    'lo-without-ipv6': (rng, b) => {
      b.disableIpv6(b.lo());
      const base = underlay(rng, b, classic, ['lan', 'home-dual-stack', 'docker-ula-bridge', 'deprecated-only']);
      const own6 = lanOwn(b, 6);
      const must = ['::1', rng.chance(0.7) ? '127.0.0.1' : null, internet(rng, b, 6), rng.chance(0.5) ? internet(rng, b, 4) : null, own6.length && rng.chance(0.3) ? rng.pick(own6) : null];
      return { records: compose(rng, must, base.records), addrconfig: 0.25 };
    },

    /** pppd: `ip addr add L peer P/32 dev ppp0`, `default dev ppp0`; a LAN behind it. */
    'ppp-peer': (rng, b) => {
      const ppp = b.iface(freeName(b, ['ppp0', 'pppoe-wan']));
      const wanNet = rng.chance(0.5) ? '100.64.0.0/10' : rng.pick(DOC4);
      const local = randomHost(rng, wanNet);
      let peer = randomHost(rng, wanNet);
      if (peer === local) peer = nthInCidr(wanNet, 1n);
      b.addr(ppp, local, 32, { peer: `${peer}/32` });
      b.route({ to: '0.0.0.0/0', dev: ppp.name });
      let lanNet: string | null = null;
      if (rng.chance(0.7)) {
        const lan = b.iface(freeName(b, ['br-lan', 'eth1']));
        lanNet = `192.168.${rng.int(0, 254)}.0/24`;
        b.addr(lan, nthInCidr(lanNet, 1n), 24);
        if (b.ipv6 && rng.chance(0.7)) b.addr(lan, nthInCidr(docV6Prefix64(rng), 1n), 64);
      }
      if (b.ipv6 && rng.chance(0.6)) {
        if (rng.chance(0.5)) b.addr(ppp, `fe80::${hex(rng.int(2, 0xffff))}`, 64);
        b.route({ to: '::/0', dev: ppp.name });
      }
      const must = [internet(rng, b, 4), rng.chance(0.5) ? peer : null, b.ipv6 ? internet(rng, b, 6) : null, lanNet ? hostOf(rng, lanNet) : null, rng.chance(0.2) ? local : null];
      return { records: compose(rng, must, [internet(rng, b, 4)]) };
    },

    /** A Kubernetes node: node IP on eth0, the pod bridge cni0, ClusterIPs on kube-ipvs0 (a
     * down dummy, ipvs mode) or lo, the service CIDR routed to a device, other nodes' pod CIDRs. */
    'kubernetes-node': (rng, b) => {
      const eth = b.iface(freeName(b, ['eth0', 'ens5', 'enp0s3']));
      const nodeNet = rng.chance(0.5) ? `10.0.${rng.int(0, 255)}.0/24` : privateV4Net24(rng);
      b.addr(eth, nthInCidr(nodeNet, BigInt(rng.int(2, 250))), 24);
      b.route({ to: 'default', via: nthInCidr(nodeNet, 1n), ...(rng.chance(0.5) ? { dev: eth.name } : {}) });
      const cni = b.iface(freeName(b, rng.shuffle(['cni0', 'cbr0', 'docker0'])));
      const podN = rng.int(0, 255);
      const podNet = `10.244.${podN}.0/24`;
      b.addr(cni, nthInCidr(podNet, 1n), 24);
      const dual = b.ipv6 && rng.chance(0.5);
      const pod6 = `fd00:10:244:${hex(podN)}::/64`;
      if (dual) b.addr(cni, nthInCidr(pod6, 1n), 64);
      if (b.ipv6 && rng.chance(0.5)) {
        const gp = docV6Prefix64(rng);
        b.addr(eth, v6HostIn(rng, gp), 64);
        b.route({ to: 'default', via: 'fe80::1', dev: eth.name });
      }
      // Other nodes' pods: flannel routes them over its VXLAN device.
      const otherN = (podN + rng.int(1, 200)) % 256;
      if (rng.chance(0.6)) {
        const flannel = b.iface('flannel.1');
        b.addr(flannel, `10.244.${podN}.0`, 32);
        b.route({ to: `10.244.${otherN}.0/24`, dev: flannel.name });
      }
      const svc = rng.pick(['ipvs', 'lo', 'route'] as const);
      const clusterIps = ['10.96.0.1', '10.96.0.10', `10.${rng.int(96, 111)}.${rng.int(0, 255)}.${rng.int(1, 254)}`];
      if (svc === 'ipvs') {
        const ipvs = b.iface('kube-ipvs0', false);
        for (const ip of clusterIps.slice(0, rng.int(1, 3))) b.addr(ipvs, ip, 32);
        if (dual) b.addr(ipvs, `fd00:10:96::${hex(rng.int(1, 0xff))}`, 128);
      } else if (svc === 'lo') {
        const lo = b.lo();
        for (const ip of clusterIps.slice(0, rng.int(1, 2))) b.addr(lo, ip, 32);
      } else {
        b.route({ to: '10.96.0.0/12', dev: rng.chance(0.5) ? cni.name : eth.name });
        if (dual) b.route({ to: 'fd00:10:96::/112', dev: cni.name });
      }
      const must = [
        rng.pick(clusterIps),
        rng.chance(0.5) ? `10.96.${rng.int(0, 15)}.${rng.int(1, 254)}` : null,
        hostOf(rng, podNet),
        `10.244.${otherN}.${rng.int(2, 250)}`,
        dual ? hostOf(rng, pod6) : null,
        dual && rng.chance(0.5) ? `fd00:10:96::${hex(rng.int(1, 0xff))}` : null,
        internet(rng, b, 4),
        b.ipv6 && rng.chance(0.5) ? internet(rng, b, 6) : null,
      ];
      return { records: compose(rng, must, []) };
    },

    /** The corners of the kernel's rule list: duplicates `ip rule add` refuses (EEXIST compares
     * neither `not` nor the goto target, and a new rule's absent selectors as wildcards),
     * selectors the probe socket never or always matches, uid ranges, goto/nop, suppressors. */
    'rule-edge-cases': (rng, b) => {
      const base = underlay(rng, b, classic, ['lan', 'home-dual-stack', 'ipv4-only-vps']);
      const must: (string | null)[] = [];
      const prefs = rng.shuffle([150, 250, 350, 450, 550, 650]);
      const family = (): 4 | 6 => (b.ipv6 && rng.chance(0.4) ? 6 : 4);
      const dest = (f: 4 | 6) => (f === 4 ? free4(rng, b, 24) : free6(rng, b, 48));
      const reject = (): RuleAction => rng.pick(['unreachable', 'prohibit', 'blackhole'] as const);
      let uid: number | undefined;
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        const p = prefs[i]!;
        const f = family();
        const kind = rng.pick(['dup-exact', 'dup-not', 'dup-wildcard', 'dup-goto', 'fwmark-zero', 'uid', 'iif-oif', 'proto-ports', 'tos', 'goto-nop', 'suppress'] as const);
        const net = dest(f);
        must.push(hostOf(rng, net));
        const a = reject();
        switch (kind) {
          case 'dup-exact':
            b.rule({ family: f, priority: p, to: net, action: a });
            b.rule({ family: f, priority: p, to: net, action: a });
            break;
          case 'dup-not': {
            const mark = rng.pick([7, 0x100, 51820]);
            b.rule({ family: f, priority: p, fwmark: mark, action: a });
            b.rule({ family: f, priority: p, not: true, fwmark: mark, action: a });
            break;
          }
          case 'dup-wildcard':
            b.rule({ family: f, priority: p, to: net, action: a });
            b.rule({ family: f, priority: p, action: a });
            must.push(internet(rng, b, f));
            break;
          case 'dup-goto':
            // The second goto differs only in its target and lacks the `to`: the kernel finds
            // it already there.
            b.rule({ family: f, priority: p, to: net, action: 'goto', goto: p + 20 });
            b.rule({ family: f, priority: p, action: 'goto', goto: p + 40 });
            b.rule({ family: f, priority: p + 20, action: 'nop' });
            b.rule({ family: f, priority: p + 30, action: a });
            b.rule({ family: f, priority: p + 40, action: 'nop' });
            must.push(internet(rng, b, f));
            break;
          case 'fwmark-zero':
            // `fwmark 0` is no fwmark to the kernel (mask 0): the plain rule is a duplicate.
            b.rule({ family: f, priority: p, not: true, fwmark: 0, action: a });
            b.rule({ family: f, priority: p, action: a });
            must.push(internet(rng, b, f));
            break;
          case 'uid': {
            const lo = rng.pick([1000, 0, 65534]);
            b.rule({ family: f, priority: p, uidrange: `${lo}-${lo + rng.pick([0, 999])}`, ...(rng.chance(0.5) ? { to: net } : {}), action: a });
            uid ??= rng.pick([0, 1000, 1500, 65534]);
            break;
          }
          case 'iif-oif': {
            const dev = rng.pick(['lo', b.host.interfaces.find((x) => x.name !== 'lo')?.name ?? 'eth0']);
            b.rule({ family: f, priority: p, ...(rng.chance(0.6) ? { iif: dev } : { oif: dev }), to: net, action: a });
            break;
          }
          case 'proto-ports':
            b.rule({
              family: f,
              priority: p,
              to: net,
              ...rng.pick([{ ipproto: 'udp' }, { ipproto: 'tcp' }, { ipproto: 17 }, { sport: '1024-65534' }, { sport: '1-1023' }, { dport: 53 }, { dport: '1024-65534' }, { dport: '1-65534' }, { ipproto: 'udp', sport: '32768-60999' }] as const),
              action: a,
            });
            break;
          case 'tos':
            b.rule({ family: f, priority: p, tos: rng.pick([0x04, 0x08, 0x10]), to: net, action: a });
            break;
          case 'goto-nop':
            b.rule(rng.chance(0.5) ? { family: f, priority: p, action: 'nop' } : { family: f, priority: p, to: net, action: 'goto', goto: p + 50 });
            b.rule({ family: f, priority: p + 10, to: net, action: a });
            break;
          case 'suppress': {
            const g = rng.int(1, 9);
            const first = b.host.interfaces.find((x) => x.name !== 'lo');
            if (first) first.group = g;
            b.rule({ family: f, priority: p, table: 'main', ...(rng.chance(0.5) ? { suppressIfgroup: g } : { suppressPrefixlength: rng.pick([0, 24, 64]) }) });
            b.rule({ family: f, priority: p + 10, to: net, action: a });
            must.push(internet(rng, b, f), lanHost(rng, b, f));
            break;
          }
        }
      }
      must.push(internet(rng, b, 4));
      return { records: compose(rng, must, base.records), ...(uid === undefined ? {} : { uid }) };
    },

    /** Several tables at once, in both families: routes of every type (throw, local, reject,
     * source-specific, with src) in main, `default` and numbered tables, reached by rules with
     * every selector the probe socket can match (to, from, not, iif lo, uidrange, ipproto,
     * goto/nop, suppressors), each answer aimed at one of them. */
    'policy-tables': (rng, b) => {
      const base = underlay(rng, b, classic, ['lan', 'lan', 'home-dual-stack', 'multi-homed-metrics', 'docker-ula-bridge']);
      const must: (string | null)[] = [];
      const tables: RouteTable[] = rng.shuffle<RouteTable>([100, 200, 'default', 1000]).slice(0, rng.int(1, 3));
      const prefs = rng.shuffle([100, 200, 300, 400, 500, 600, 700, 800]);
      let uid: number | undefined;
      const families: (4 | 6)[] = b.ipv6 ? [4, 6] : [4];
      for (let i = rng.int(2, 5); i > 0; i--) {
        const f = rng.pick(families);
        const t = rng.pick(tables);
        const net = f === 4 ? free4(rng, b, rng.pick([24, 28, 32])) : free6(rng, b, rng.pick([48, 64, 128]));
        must.push(hostOf(rng, net));
        // A route in the table.
        const kind = rng.pick(['dev', 'via', 'throw', 'reject', 'local', 'src', 'from'] as const);
        const subs = b.gatewaySubnets(f);
        const own = lanOwn(b, f);
        const up = b.host.interfaces.filter((x) => x.up !== false && x.name !== 'lo' && (f === 4 || !x.disableIpv6));
        if (kind === 'dev' && up.length) b.route({ to: net, dev: rng.pick(up).name, table: t });
        else if ((kind === 'via' || kind === 'src') && subs.length) {
          const s = rng.pick(subs);
          const gw = b.gateway(rng, s.cidr);
          const src = kind === 'src' && own.length ? { src: rng.pick(own) } : {};
          if (gw) b.route({ to: rng.chance(0.3) ? (f === 4 ? '0.0.0.0/0' : '::/0') : net, via: gw, dev: s.iface, table: t, ...src });
        } else if (kind === 'throw') b.route({ to: net, type: 'throw', table: rng.chance(0.3) ? 'main' : t });
        else if (kind === 'reject') b.route({ to: net, type: rng.pick(['unreachable', 'prohibit', 'blackhole'] as const), table: t });
        else if (kind === 'local') b.route({ to: net, type: 'local', dev: 'lo', table: rng.pick(['local', t, 'main'] as RouteTable[]) });
        else if (kind === 'from' && f === 6 && own.length && subs.length) {
          const s = rng.pick(subs);
          const gw = b.gateway(rng, s.cidr);
          if (gw) b.route({ to: rng.chance(0.5) ? '::/0' : net, from: `${networkOf(rng.pick(own), 64)}/64`, via: gw, dev: s.iface, table: t });
        }
        // A rule that leads there (or past it).
        const sel = rng.pick(['to', 'to', 'from', 'not-to', 'iif', 'uid', 'proto', 'all', 'goto'] as const);
        const pr = prefs.pop() ?? rng.int(900, 30000);
        const lead = rng.chance(0.8) ? { table: t } : { action: rng.pick(['unreachable', 'prohibit', 'blackhole'] as const) };
        if (sel === 'to') b.rule({ priority: pr, to: net, ...lead });
        else if (sel === 'from' && own.length) b.rule({ priority: pr, from: rng.pick(own), ...(rng.chance(0.5) ? { to: net } : {}), ...lead });
        else if (sel === 'not-to') b.rule({ family: f, priority: pr, not: true, to: net, table: t });
        else if (sel === 'iif') b.rule({ family: f, priority: pr, iif: 'lo', to: net, ...lead });
        else if (sel === 'uid') {
          uid ??= rng.pick([0, 1000, 2000]);
          b.rule({ family: f, priority: pr, uidrange: rng.pick(['1000-1999', '0-0', '2000-2000']), to: net, ...lead });
        } else if (sel === 'proto') b.rule({ family: f, priority: pr, ipproto: rng.pick(['udp', 'tcp'] as const), to: net, ...lead });
        else if (sel === 'goto') {
          b.rule({ family: f, priority: pr, to: net, action: 'goto', goto: pr + 5 });
          b.rule({ family: f, priority: pr + 1, to: net, action: rng.pick(['unreachable', 'prohibit'] as const) });
          b.rule({ family: f, priority: pr + 5, to: net, table: t });
        } else b.rule({ family: f, priority: pr, table: t, ...(rng.chance(0.5) ? { suppressPrefixlength: rng.pick([0, 24, 48, 64]) } : {}) });
      }
      if (rng.chance(0.2)) b.route({ to: b.ipv6 && rng.chance(0.5) ? '::/0' : '0.0.0.0/0', type: 'throw', table: rng.pick(tables) });
      must.push(internet(rng, b, 4), b.ipv6 ? internet(rng, b, 6) : null, rng.chance(0.4) ? lanHost(rng, b, 4) : null);
      return { records: compose(rng, must, base.records), ...(uid === undefined ? {} : { uid }) };
    },
  };
}

// ───────────────────────────────────────────────────────────────────────────── mixer features

/**
 * Policy-routing features for a mixer host: random rules, routes in other tables, throw and
 * local routes, lo addresses, multipath, address labels, deleted default rules, a caller uid.
 * `records` are the scenario's answers: rules and routes aim at them. Returns the uid to run
 * as, if any.
 */
export function mixRouting(rng: Rng, b: HostBuilder, records: readonly string[]): { uid?: number } {
  const out: { uid?: number } = {};
  const famRecords = (f: 4 | 6) =>
    records.filter((r) => {
      const ip = parseIp(r);
      if (!ip || ip.family !== f) return false;
      const b0 = ip.bytes;
      if (f === 4) return b0[12] !== 0 && b0[12] !== 127 && b0[12]! < 224;
      return b0[0] !== 0xff && !(b0[0] === 0xfe && (b0[1]! & 0xc0) === 0x80) && !b0.subarray(0, 12).every((x) => x === 0) && !(b0[10] === 0xff && b0[11] === 0xff && b0.subarray(0, 10).every((x) => x === 0));
    });
  const family = (): 4 | 6 => (b.ipv6 && rng.chance(0.45) ? 6 : 4);
  /** A prefix around one of the records (or a fresh one). */
  // Prefixes around an answer stay in documentation or ULA space (no NAT64/6to4/Teredo block).
  const plainSpace = (r: string) => !r.includes(':') || inside(r, '2001:db8::/32') || inside(r, 'fc00::/7');
  const target = (f: 4 | 6): string => {
    const rs = famRecords(f).filter(plainSpace);
    if (rs.length && rng.chance(0.8)) {
      const r = rng.pick(rs);
      const len = f === 4 ? rng.pick([24, 28, 32]) : rng.pick([48, 64, 128]);
      return `${networkOf(canon(r), len)}/${len}`;
    }
    return f === 4 ? free4(rng, b, 24) : free6(rng, b, 48);
  };
  const upIfaces = b.host.interfaces.filter((i) => i.up !== false && i.name !== 'lo');
  const t = rng.pick([100, 200, 1000, 51820]);

  // Another table with its own route(s), and the rule that leads there.
  if (rng.chance(0.25)) {
    const f = family();
    const subs = b.gatewaySubnets(f);
    const dest = rng.chance(0.5) ? (f === 4 ? '0.0.0.0/0' : '::/0') : target(f);
    let ok = false;
    if (subs.length && rng.chance(0.6)) {
      const s = rng.pick(subs);
      const gw = b.gateway(rng, s.cidr);
      if (gw) ok = b.route({ to: dest, via: gw, dev: s.iface, table: t });
    } else if (upIfaces.length) ok = b.route({ to: dest, dev: rng.pick(upIfaces).name, table: t });
    if (rng.chance(0.3)) b.route({ to: target(f), type: rng.pick(['throw', 'unreachable', 'prohibit', 'blackhole'] as const), table: t });
    if (ok || rng.chance(0.3)) {
      const sel = rng.pick(['all', 'to', 'from', 'not-fwmark', 'suppress'] as const);
      const own = b.own(f, { noLinkLocal: true });
      if (sel === 'all') b.rule({ family: f, table: t, ...(rng.chance(0.7) ? { priority: rng.int(1, 32765) } : {}) });
      else if (sel === 'to') b.rule({ to: target(f), table: t, priority: rng.int(1, 32765) });
      else if (sel === 'from' && own.length) b.rule({ from: rng.pick(own), table: t, priority: rng.int(1, 32765) });
      else if (sel === 'not-fwmark') b.rule({ family: f, not: true, fwmark: t, table: t });
      else {
        b.rule({ family: f, not: true, fwmark: t, table: t });
        b.rule({ family: f, table: 'main', suppressPrefixlength: rng.pick([0, 0, 8, 24, 48]) });
      }
    }
  }
  // Reject rules.
  if (rng.chance(0.2)) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const f = family();
      const own = b.own(f, { noLinkLocal: true });
      const action = rng.pick(['unreachable', 'prohibit', 'blackhole'] as const);
      if (own.length && rng.chance(0.3)) b.rule({ from: rng.pick(own), action, priority: rng.int(1, 32765) });
      else b.rule({ to: target(f), action, priority: rng.int(1, 32765), ...(rng.chance(0.1) ? { not: true, family: f } : {}) });
    }
  }
  // A uid range, and a caller inside or outside it.
  if (rng.chance(0.06)) {
    b.rule({ ...(rng.chance(0.5) ? { to: target(family()) } : { family: family() }), uidrange: rng.pick(['1000-1000', '1000-60000', '0-999']), action: rng.pick(['prohibit', 'unreachable'] as const), priority: rng.int(1, 32765) });
    out.uid = rng.pick([0, 1000, 4242]);
  }
  // lo addresses and AnyIP.
  if (rng.chance(0.1)) {
    const lo = b.lo();
    b.addr(lo, hostOf(rng, free4(rng, b, 24)), 32, {}, rng.chance(0.5));
    if (b.ipv6 && !lo.disableIpv6 && rng.chance(0.5)) b.addr(lo, hostOf(rng, free6(rng, b, 64)), 128);
    if (rng.chance(0.5)) {
      const f = family();
      b.route({ to: target(f), type: 'local', dev: 'lo', ...(rng.chance(0.7) ? { table: 'local' as const } : {}) });
    }
  }
  // Multipath over two gateway subnets (a specific prefix, so few answers depend on the hash).
  if (rng.chance(0.25)) {
    const f = family();
    const subs = b.gatewaySubnets(f);
    if (subs.length >= 2) {
      const [s0, s1] = rng.shuffle(subs);
      const g0 = b.gateway(rng, s0!.cidr);
      const g1 = b.gateway(rng, s1!.cidr);
      const rs = famRecords(f).filter(plainSpace);
      if (g0 && g1 && rs.length) {
        const len = f === 4 ? 32 : 128;
        const r = rng.pick(rs);
        b.route({ to: `${networkOf(canon(r), len)}/${len}`, nexthops: [{ via: g0, dev: s0!.iface }, { via: g1, dev: s1!.iface, ...(rng.chance(0.3) ? { weight: rng.int(2, 5) } : {}) }] });
      }
    }
  }
  // Address labels.
  if (b.ipv6 && rng.chance(0.08)) {
    const rs = famRecords(6).filter(plainSpace);
    const prefix = rs.length && rng.chance(0.7) ? `${networkOf(canon(rng.pick(rs)), 48)}/48` : rng.pick(['fd00::/8', '::/0', '2001:db8::/32']);
    b.addrlabel({ prefix, label: rng.pick([1, 5, 6, 99]), ...(upIfaces.length && rng.chance(0.3) ? { dev: rng.pick(upIfaces).name } : {}) });
  }
  // The kernel's default rules replaced by the scenario's own.
  if (rng.chance(0.04)) {
    b.host.defaultRules = false;
    const keep = rng.pick([
      [{ priority: 0, table: 'local' }, { priority: 32766, table: 'main' }],
      [{ priority: 0, table: 'local' }, { priority: 100, table: 'main' }, { priority: 200, table: 'default' }],
      [{ priority: 10, table: 'main' }],
      [],
    ] as ScenarioRule[][]);
    for (const r of keep) b.rule({ ...r });
  }
  // Interface groups (read by suppress_ifgroup rules).
  if (upIfaces.length && rng.chance(0.05)) {
    const g = rng.int(1, 5);
    rng.pick(upIfaces).group = g;
    b.rule({ family: family(), table: 'main', suppressIfgroup: g, priority: rng.int(1, 32765) });
  }
  return out;
}
