// The host builder the templates write through: it adds an address, route or rule only when the
// kernel would accept it next to what is already there (the checks of generator-route-checks.ts
// and generator-checks.ts), so every generated scenario can be built in a namespace.

import { parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { maskBytes } from '../../src/address/prefix.js';
import { isLinkLocal6 } from '../../src/address/classify.js';
import type { ScenarioAddressObject, ScenarioAddrlabel, ScenarioHost, ScenarioInterface, ScenarioRoute, ScenarioRule, ScopeName } from '../../src/scenario/types.js';
import { canon, cidrEmbedsV4, forbiddenInterfaceAddress, hostIn, hostPartIs, len16, maxLen, networkOf, nthInCidr } from './generator-addresses.js';
import { sameSubnetOtherScope, ruleProblems } from './generator-checks.js';
import { analyzeHost, hexKey, parsePrefixText, splitAddress } from './generator-host-analysis.js';
import type { Rng } from './generator-rng.js';
import { routesProblems } from './generator-route-checks.js';

export interface AddrFlags {
  deprecated?: boolean;
  home?: boolean;
  noprefixroute?: boolean;
  scope?: ScopeName;
  /** Point-to-point peer `P/len` (IPv4). */
  peer?: string;
  /** IPv6, not on lo: DAD not done (optimistic: RFC 4429, on an up link only). */
  tentative?: boolean;
  optimistic?: boolean;
}

export class HostBuilder {
  readonly host: ScenarioHost = { interfaces: [], routes: [] };
  private readonly used = new Set<string>();

  constructor(ipv6 = true) {
    if (!ipv6) this.host.ipv6 = false;
  }
  get ipv6(): boolean {
    return this.host.ipv6 !== false;
  }
  get routes(): ScenarioRoute[] {
    return (this.host.routes ??= []);
  }

  iface(name: string, up = true): ScenarioInterface {
    const i: ScenarioInterface = { name, addresses: [] };
    if (!up) i.up = false;
    this.host.interfaces.push(i);
    return i;
  }

  /** The loopback, declared on first use (it always exists; declaring it adds addresses). */
  lo(): ScenarioInterface {
    return this.host.interfaces.find((i) => i.name === 'lo') ?? this.iface('lo');
  }

  /** IPv6 off on one interface (before it has IPv6 addresses). */
  disableIpv6(ifc: ScenarioInterface): void {
    ifc.disableIpv6 = true;
  }

  /** Adds `text/len` unless the kernel would refuse it or it would duplicate/clash; returns the
   * canonical address or null. `bare` writes a full-length address without `/len`. */
  addr(ifc: ScenarioInterface, text: string, len: number, flags: AddrFlags = {}, bare = false): string | null {
    const c = canon(text);
    const ip = parseIp(c)!;
    if (ip.family === 6 && (!this.ipv6 || ifc.disableIpv6)) return null;
    if (forbiddenInterfaceAddress(ip)) return null;
    if (this.used.has(c)) return null;
    const lo = ifc.name === 'lo';
    if (lo && (flags.peer !== undefined || flags.scope !== undefined || flags.noprefixroute)) return null;
    if ((flags.tentative || flags.optimistic) && (lo || ip.family !== 6 || (flags.optimistic && ifc.up === false))) return null;
    if (flags.peer !== undefined && (ip.family !== 4 || this.used.has(canon(flags.peer.split('/')[0]!)))) return null;
    if (ip.family === 4 && sameSubnetOtherScope(ifc, flags.peer ?? `${c}/${len}`, flags.scope)) return null;
    if (!flags.noprefixroute && !lo) {
      // The same connected subnet on two interfaces: the kernel would pick by insertion order.
      const sub = flags.peer !== undefined ? parsePrefixText(flags.peer)! : { ip, len };
      const l16 = len16(sub.ip.family, sub.len);
      const net = hexKey(maskBytes(sub.ip.bytes, l16));
      for (const other of this.host.interfaces) {
        if (other === ifc || other.name === 'lo') continue;
        for (const sa of other.addresses) {
          const o = splitAddress(sa);
          const p0 = parsePrefixText(o.address);
          const p = o.peer !== undefined ? parsePrefixText(o.peer) : p0;
          if (!p || o.noprefixroute || p.ip.family !== sub.ip.family || p.len !== sub.len) continue;
          if (hexKey(maskBytes(p.ip.bytes, l16)) === net) return null;
        }
      }
    }
    this.used.add(c);
    const address = bare && len === maxLen(ip.family) ? c : `${c}/${len}`;
    const o: ScenarioAddressObject = { address: flags.peer !== undefined ? c : address };
    if (flags.deprecated) o.deprecated = true;
    if (flags.home && ip.family === 6) o.home = true;
    if (flags.noprefixroute) o.noprefixroute = true;
    if (flags.scope !== undefined && ip.family === 4) o.scope = flags.scope;
    if (flags.peer !== undefined) o.peer = flags.peer;
    if (flags.tentative) o.tentative = true;
    if (flags.optimistic) o.optimistic = true;
    ifc.addresses.push(Object.keys(o).length === 1 ? o.address : o);
    return c;
  }

  /** Adds the route if the kernel would accept it next to the routes already present. */
  route(r: ScenarioRoute): boolean {
    const clean: ScenarioRoute = { to: r.to };
    if (r.via !== undefined) clean.via = r.via;
    if (r.dev !== undefined) clean.dev = r.dev;
    if (r.src !== undefined) clean.src = r.src;
    if (r.type !== undefined && r.type !== 'unicast') clean.type = r.type;
    if (r.metric !== undefined) clean.metric = r.metric;
    if (r.table !== undefined && r.table !== 'main') clean.table = r.table;
    if (r.from !== undefined) clean.from = r.from;
    if (r.nexthops !== undefined) clean.nexthops = r.nexthops.map((h) => ({ ...h }));
    if (r.scope !== undefined) clean.scope = r.scope;
    if (routesProblems([...this.routes, clean], analyzeHost(this.host)).length) return false;
    this.routes.push(clean);
    return true;
  }

  /** Adds an `ip rule` unless the kernel would refuse it (or it would make runs differ). */
  rule(r: ScenarioRule): boolean {
    if (ruleProblems(r, this.ipv6).length) return false;
    (this.host.rules ??= []).push(r);
    return true;
  }

  addrlabel(l: ScenarioAddrlabel): boolean {
    if (!this.ipv6) return false;
    (this.host.addrlabels ??= []).push(l);
    return true;
  }

  /** Connected subnets that can hold a gateway, with their CIDR text. */
  gatewaySubnets(family: 4 | 6): { iface: string; cidr: string }[] {
    return analyzeHost(this.host)
      .gatewaySubnets.filter((s) => s.family === family)
      .map((s) => {
        const text = formatIp({ family: s.family, bytes: s.prefix });
        return { iface: s.iface, cidr: `${text}/${s.len16 - (s.family === 4 ? 96 : 0)}` };
      });
  }

  /** A gateway inside `cidr` that is not one of our own addresses. */
  gateway(rng: Rng, cidr: string): string | null {
    for (let i = 0; i < 12; i++) {
      const g = i < 2 && rng.chance(0.6) && !cidrEmbedsV4(cidr) ? nthInCidr(cidr, 1n) : hostIn(rng, cidr);
      if (!this.used.has(g) && this.validGatewayText(g, cidr)) return g;
    }
    return null;
  }
  private validGatewayText(g: string, cidr: string): boolean {
    const ip = parseIp(g)!;
    const [, l] = cidr.split('/');
    const l16 = len16(ip.family, Number(l));
    return !hostPartIs(ip.bytes, l16, 0) && !(ip.family === 4 && hostPartIs(ip.bytes, l16, 1));
  }

  /** Own addresses of a family (canonical text, no length) on up interfaces. */
  own(family?: 4 | 6, opts: { iface?: string; noLinkLocal?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const ifc of this.host.interfaces) {
      if (ifc.up === false) continue;
      if (opts.iface !== undefined && ifc.name !== opts.iface) continue;
      for (const sa of ifc.addresses) {
        const p = parsePrefixText(splitAddress(sa).address);
        if (!p || (family !== undefined && p.ip.family !== family)) continue;
        if (opts.noLinkLocal && p.ip.family === 6 && isLinkLocal6(p.ip.bytes)) continue;
        out.push(formatIp(p.ip));
      }
    }
    return out;
  }

  /** Is this address one of ours (any interface)? */
  isOwn(text: string): boolean {
    return this.used.has(canon(text));
  }

  /** Every address's subnet as CIDR text (any interface, any state; lo and peers left out). */
  subnets(): string[] {
    const out = new Set<string>();
    for (const ifc of this.host.interfaces) {
      if (ifc.name === 'lo') continue;
      for (const sa of ifc.addresses) {
        const o = splitAddress(sa);
        const p = parsePrefixText(o.peer ?? o.address);
        if (p && p.len < maxLen(p.ip.family)) out.add(`${networkOf(formatIp(p.ip), p.len)}/${p.len}`);
      }
    }
    return [...out];
  }

  build(): ScenarioHost {
    return this.host;
  }
}

export const defaultTo = (family: 4 | 6, rng: Rng, hasVia: boolean): string =>
  hasVia && rng.chance(0.7) ? 'default' : family === 4 ? '0.0.0.0/0' : '::/0';

/** A realistic "default via the subnet's first host" route. */
export function defaultVia(b: HostBuilder, rng: Rng, gw: string, dev: string | undefined, metric?: number): boolean {
  const family = parseIp(gw)!.family;
  const r: ScenarioRoute = { to: defaultTo(family, rng, true), via: gw };
  if (dev !== undefined && rng.chance(0.5)) r.dev = dev;
  if (metric !== undefined) r.metric = metric;
  return b.route(r);
}
