// What the policy-routing and feature templates share: free interface names and prefixes on a host
// under construction, answers aimed inside or outside its prefixes, the answer list's composition,
// a plain LAN and the underlay a tunnel or overlay stands on. Apart from the templates so that both
// groups (templates-routing-*.ts, templates-features.ts) and the mixer use one copy.

import { parseIp } from '../../src/address/ip.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import type { RouteTable, ScenarioInterface } from '../../src/scenario/types.js';
import { docV4, docV6, docV6Prefix64, len16, networkOf, nthInCidr, randomHost, ulaPrefix64 } from './generator-addresses.js';
import { parsePrefixText } from './generator-host-analysis.js';
import { HostBuilder, defaultVia } from './generator-host-builder.js';
import type { Rng } from './generator-rng.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template } from './generator-template.js';

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
export function overlaps(a: string, b: string): boolean {
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
export function freePrefix(rng: Rng, b: HostBuilder, make: () => string, len: number, fallback = make): string {
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
export const hostOf = (rng: Rng, cidr: string) => randomHost(rng, cidr, 'small');

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
export function mainDefault(b: HostBuilder, family: 4 | 6): { via: string; dev: string | undefined } | null {
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
export function lanOwn(b: HostBuilder, family: 4 | 6, except: readonly string[] = []): string[] {
  return b.host.interfaces.filter((i) => !except.includes(i.name) && i.name !== 'lo').flatMap((i) => b.own(family, { iface: i.name, noLinkLocal: true }));
}

/** LAN subnets of a family (prefix routes of the non-tunnel interfaces). */
export function lanNets(b: HostBuilder, family: 4 | 6): string[] {
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
export function lanHost(rng: Rng, b: HostBuilder, family: 4 | 6): string | null {
  const nets = lanNets(b, family);
  for (let i = 0; i < 8 && nets.length; i++) {
    const h = hostOf(rng, rng.pick(nets));
    if (!b.isOwn(h)) return h;
  }
  return null;
}

export const table = (rng: Rng, options: readonly RouteTable[]): RouteTable => rng.pick(options);
