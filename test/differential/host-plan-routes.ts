// A scenario route as the `ip route add` (and `ip nexthop add`) lines that build it, refusing what
// the kernel would: gateways it cannot reach without `onlink`, tentative preferred sources, IPv4
// gateways under scope link or host, equal IPv6 hops. Routes are planned in scenario order, each
// seeing the link routes the earlier addresses and routes made (the PlanContext).

import type { Ip } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import type { ScenarioNexthop, ScenarioRoute } from '../../src/scenario/types.js';
import {
  TABLE_IDS,
  UnsupportedByHostBuilder,
  cidrText,
  isLinkLocal6,
  parseCidr,
  parseHostAddress,
  prefixBits,
  tableId,
  tableWord,
  type Cidr,
} from './host-plan-parse.js';

/** A prefix the kernel routes to a device without a gateway (connected, or a dev-only route of
 * link or host scope), in a table: what a gateway may sit in without `onlink`. */
interface LinkRoute {
  cidr: Cidr;
  dev: string;
  table: number;
}

export interface PlanContext {
  ipv6: boolean;
  /** Devices holding a site-scope IPv4 address. */
  siteScopeDevices: Set<string>;
  devices: Set<string>;
  ipv6Devices: Set<string>;
  linkRoutes: LinkRoute[];
  nextNexthopId: number;
  /** IPv6 addresses left tentative (not optimistic), as formatIp writes them. */
  tentative: Set<string>;
}

/** The families `ip route add` gives a scenario route: its prefix's, or for `default` that of
 * its via, src, from or first hop's via (an IPv6 via on a `default` is an IPv6 default; RFC 5549
 * needs `0.0.0.0/0`), else both (IPv4 alone when IPv6 is off). */
function routeFamilies(route: ScenarioRoute, what: string, ipv6: boolean): Cidr[] {
  const any = (f: 4 | 6): Cidr => parseCidr(f === 4 ? '0.0.0.0/0' : '::/0', what);
  if (route.to !== 'default') return [parseCidr(route.to, `${what} to`)];
  const hint = route.via ?? route.src ?? route.from?.split('/')[0] ?? route.nexthops?.find((h) => h.via !== undefined)?.via;
  if (hint !== undefined) return [any(parseHostAddress(hint, `${what} family hint`).family)];
  // A default with neither via nor src says nothing about its family: it means both.
  return ipv6 ? [any(4), any(6)] : [any(4)];
}

/** A stable 32-bit hash of a text (FNV-1a): which multipath routes use nexthop objects. */
function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export function routeLines(route: ScenarioRoute, what: string, ctx: PlanContext): string[] {
  const type = route.type ?? 'unicast';
  if (!['unicast', 'unreachable', 'blackhole', 'prohibit', 'local', 'throw'].includes(type)) {
    throw new Error(`${what}: unknown route type ${JSON.stringify(type)}`);
  }
  const known = (dev: string, where: string) => {
    if (dev !== 'lo' && !ctx.devices.has(dev)) throw new Error(`${where}: unknown dev ${dev}`);
  };
  if (route.dev !== undefined) known(route.dev, what);
  for (const h of route.nexthops ?? []) if (h.dev !== undefined) known(h.dev, `${what} nexthop`);
  if (route.metric !== undefined && !(Number.isInteger(route.metric) && route.metric >= 0)) {
    throw new Error(`${what}: metric must be a non-negative integer`);
  }
  const src = route.src === undefined ? undefined : parseHostAddress(route.src, `${what} src`);
  const from = route.from === undefined ? undefined : parseCidr(route.from, `${what} from`);
  const table = tableId(route.table);

  return routeFamilies(route, what, ctx.ipv6).flatMap((to) => {
    const f = to.ip.family;
    if (src && src.family !== f) throw new Error(`${what}: src ${route.src} is not in the family of ${route.to}`);
    // ip6_route_info_create checks the prefsrc with ipv6_chk_addr, which skips tentative
    // addresses (optimistic ones pass): "Invalid source address".
    if (src && f === 6 && ctx.tentative.has(formatIp(src))) throw new UnsupportedByHostBuilder(`${what}: src ${route.src} is tentative (the kernel refuses it as a preferred source)`);
    if (f === 6 && !ctx.ipv6) throw new Error(`${what}: IPv6 route on a host with ipv6: false`);
    if (from && (from.ip.family !== 6 || f !== 6)) throw new Error(`${what}: from is for IPv6 routes only`);
    // fib_check_nh_v4_gw looks a gateway up with the route's scope + 1, so under `scope link`
    // only host-scope routes qualify ("Nexthop has invalid gateway"), and with onlink such a
    // scope is refused ("Nexthop has invalid scope"); fib_create_info refuses a gateway on a
    // host-scope route. IPv6 takes any scope (and ignores it).
    const gateway = route.via !== undefined || (route.nexthops ?? []).some((h) => h.via !== undefined);
    if (f === 4 && type === 'unicast' && gateway && (route.scope === 'link' || route.scope === 'host')) {
      throw new UnsupportedByHostBuilder(`${what}: an IPv4 route with a gateway and scope ${route.scope} (the kernel refuses it)`);
    }
    const lines: string[] = [];
    const words = ['route add'];
    if (type !== 'unicast') words.push(type);
    words.push(cidrText(to));
    if (from) words.push('from', cidrText(from));
    // iproute2 puts a `local` route without `table` in table local; the scenario's default is main.
    if (route.table !== undefined) words.push('table', tableWord(route.table));
    else if (type === 'local') words.push('table', 'main');
    if (route.metric !== undefined) words.push('metric', String(route.metric));
    if (route.scope !== undefined) words.push('scope', route.scope);
    if (type === 'local') {
      if (route.dev === undefined) throw new Error(`${what}: a local route needs a dev`);
      words.push('dev', route.dev);
      if (src) words.push('src', formatIp(src));
    } else if (type === 'unicast') {
      if (src) words.push('src', formatIp(src));
      if (route.nexthops !== undefined) {
        if (route.nexthops.length === 0) throw new Error(`${what}: empty nexthops`);
        const hops = route.nexthops.map((h, k) => hop(h, f, table, `${what} nexthop ${k}`, ctx));
        // IPv6 refuses a multipath route with two equal hops (rt6_duplicate_nexthop: EEXIST); IPv4 keeps both.
        const hopKeys = route.nexthops.map((h) => `${h.via === undefined ? '' : formatIp(parseHostAddress(h.via, what))}|${h.dev ?? ''}`);
        if (f === 6 && new Set(hopKeys).size < hopKeys.length) throw new UnsupportedByHostBuilder(`${what}: two equal hops in an IPv6 multipath route (the kernel refuses it: File exists)`);
        // Routing daemons (FRR's zebra, systemd-networkd) install multipath routes through
        // nexthop objects and groups; `ip route … nexthop …` is the older inline form. Both are
        // built, chosen by the route's own text so a scenario always gets the same form.
        // One difference shows between the forms: a nexthop object caches its source chosen
        // with scope link - 1 (nh_create_ipv4), an inline hop with the route's universe scope,
        // so a site-scope IPv4 address on the hop's device can become the source only through
        // an object. The scenario does not say which form a tool used: such hosts stay inline.
        const siteScoped = (dev: string | undefined) => dev !== undefined && ctx.siteScopeDevices.has(dev);
        const objects =
          hops.length > 1 && hops.every((h) => h.via !== null) && !from && !route.nexthops.some((h) => siteScoped(h.dev)) && (textHash(JSON.stringify(route)) & 1) === 1;
        if (objects) {
          const ids = hops.map((h) => {
            const id = ctx.nextNexthopId++;
            lines.push(`nexthop add id ${id} ${h.words.join(' ')}`);
            return h.weight === 1 ? `${id}` : `${id},${h.weight}`;
          });
          const groupId = ctx.nextNexthopId++;
          lines.push(`nexthop add id ${groupId} group ${ids.join('/')}`);
          words.push('nhid', String(groupId));
        } else {
          for (const h of hops) words.push('nexthop', ...h.words, ...(h.weight === 1 ? [] : ['weight', String(h.weight)]));
        }
      } else {
        if (route.via === undefined && route.dev === undefined) throw new Error(`${what}: a unicast route needs via, dev or nexthops`);
        const h = hop({ ...(route.via === undefined ? {} : { via: route.via }), ...(route.dev === undefined ? {} : { dev: route.dev }) }, f, table, what, ctx);
        words.push(...h.words);
        // A route without gateway reaches its prefix on the link: a later gateway may sit there.
        if (h.via === null && route.dev !== undefined && route.scope !== 'global' && route.scope !== 'site') {
          ctx.linkRoutes.push({ cidr: to, dev: route.dev, table });
        }
      }
    } else if (route.via !== undefined || route.dev !== undefined || route.src !== undefined || route.nexthops !== undefined) {
      throw new Error(`${what}: a ${type} route has no via, dev, src or nexthops`);
    }
    lines.push(words.join(' '));
    return lines;
  });
}

/** One hop's `via … dev … [onlink]` words. */
function hop(h: ScenarioNexthop, family: 4 | 6, table: number, what: string, ctx: PlanContext): { words: string[]; via: Ip | null; weight: number } {
  const weight = h.weight ?? 1;
  if (!Number.isInteger(weight) || weight < 1 || weight > 256) throw new Error(`${what}: weight must be 1..256`);
  const words: string[] = [];
  const via = h.via === undefined ? null : parseHostAddress(h.via, `${what} via`);
  if (via) {
    if (via.family === 4 && family === 6) throw new Error(`${what}: IPv4 gateway on an IPv6 route`);
    if (via.family === 6 && !ctx.ipv6) throw new Error(`${what}: IPv6 gateway on a host with ipv6: false`);
    // RFC 5549: an IPv4 route through an IPv6 next hop.
    words.push('via', ...(via.family !== family ? ['inet6'] : []), formatIp(via));
  }
  if (h.dev !== undefined) words.push('dev', h.dev);
  if (via) {
    if (isLinkLocal6(via)) {
      // A link-local gateway is on the link of the device it is given with, and needs one.
      if (h.dev === undefined) throw new UnsupportedByHostBuilder(`${what}: link-local gateway ${h.via} without dev`);
      if (!ctx.ipv6Devices.has(h.dev)) throw new UnsupportedByHostBuilder(`${what}: IPv6 gateway ${h.via} on ${h.dev}, whose IPv6 is disabled`);
    } else if (!reachable(via, h.dev, table, ctx)) {
      // The kernel refuses a gateway it has no link route to (in the route's table, or
      // through the rules: local, main and, for IPv4, default) unless told it is on-link,
      // which needs the device.
      if (h.dev === undefined) throw new UnsupportedByHostBuilder(`${what}: gateway ${h.via} is on no connected prefix and has no dev for onlink`);
      words.push('onlink');
    }
  }
  return { words, via, weight };
}

function reachable(gw: Ip, dev: string | undefined, table: number, ctx: PlanContext): boolean {
  const fallback: number[] = gw.family === 4 ? [TABLE_IDS.local, TABLE_IDS.main, TABLE_IDS.default] : [TABLE_IDS.local, TABLE_IDS.main];
  return ctx.linkRoutes.some(
    (r) =>
      r.cidr.ip.family === gw.family &&
      (dev === undefined || r.dev === dev) &&
      (r.table === table || fallback.includes(r.table)) &&
      matchesPrefix(gw.bytes, r.cidr.ip.bytes, prefixBits(r.cidr)),
  );
}
