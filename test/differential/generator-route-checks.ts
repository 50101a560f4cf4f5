// Which routes the kernel accepts on a host, one by one and as a list (duplicates, gateways another
// route would capture): the host builder adds a route only when these find nothing, and
// scenarioProblems repeats the check on every generated scenario.

import { parseIp, type Ip } from '../../src/address/ip.js';
import { maskBytes, matchesPrefix } from '../../src/address/prefix.js';
import { isLinkLocal6 } from '../../src/address/classify.js';
import type { RouteType, ScenarioRoute } from '../../src/scenario/types.js';
import { hostPartIs, len16 } from './generator-addresses.js';
import { TABLES, effectiveMetric, hexKey, parsePrefixText, routeKey, tableNumber, type HostAnalysis } from './generator-host-analysis.js';

export type RouteCheck =
  | { ok: true; family: 4 | 6; key: string; isDefault: boolean; prefix: Uint8Array; l16: number; table: number; gateways: { via: Ip; dev: string | undefined }[]; onlink: Ip[] }
  | { ok: false; problem: string };

/** The family a route has: its prefix's, or for `default` that of via, src, from or the first
 * hop's via (what `ip route add` and the model read). */
export function routeFamily(r: ScenarioRoute): 4 | 6 | null {
  if (r.to !== 'default') return parsePrefixText(r.to)?.ip.family ?? null;
  const hint = r.via ?? r.src ?? r.from?.split('/')[0] ?? r.nexthops?.find((h) => h.via !== undefined)?.via;
  return hint === undefined ? null : (parseIp(hint)?.family ?? null);
}

/** Is this route one the kernel accepts on this host (ignoring duplicates against other routes)? */
export function checkRoute(r: ScenarioRoute, an: HostAnalysis): RouteCheck {
  const bad = (problem: string): RouteCheck => ({ ok: false, problem });
  const type: RouteType = r.type ?? 'unicast';
  const table = tableNumber(r.table);
  const family = routeFamily(r);
  if (family === null) return bad(r.to === 'default' ? '`default` without a family hint; write 0.0.0.0/0 or ::/0' : `destination ${r.to} is not a prefix`);
  let prefix: Uint8Array;
  let l16: number;
  if (r.to === 'default') {
    prefix = new Uint8Array(16);
    if (family === 4) prefix[10] = prefix[11] = 0xff;
    l16 = len16(family, 0);
  } else {
    const p = parsePrefixText(r.to)!;
    l16 = len16(family, p.len);
    prefix = maskBytes(p.ip.bytes, l16);
    if (hexKey(prefix) !== hexKey(p.ip.bytes)) return bad(`destination ${r.to} has host bits set`);
  }
  if (family === 6 && !an.ipv6) return bad('IPv6 route on a host with IPv6 disabled');
  let from = '';
  if (r.from !== undefined) {
    const f = parsePrefixText(r.from);
    if (!f || f.ip.family !== 6 || family !== 6) return bad(`from ${r.from} on a route that is not IPv6`);
    if (hexKey(maskBytes(f.ip.bytes, f.len)) !== hexKey(f.ip.bytes)) return bad(`from ${r.from} has host bits set`);
    from = `${hexKey(f.ip.bytes)}/${f.len}`;
  }
  const isDefault = l16 === len16(family, 0);
  const gateways: { via: Ip; dev: string | undefined }[] = [];
  const onlink: Ip[] = [];
  const upDev = (dev: string, v6: boolean): string | null => {
    const ifc = an.ifaces.get(dev);
    if (dev !== 'lo' && !ifc) return `dev ${dev} does not exist`;
    if (ifc?.up === false) return `dev ${dev} is down`;
    if (v6 && !an.ipv6Ifaces.has(dev)) return `dev ${dev} has IPv6 disabled`;
    return null;
  };
  /** One hop: a gateway in a connected subnet (on its dev when given), a link-local IPv6 gateway
   * with its dev (also for an IPv4 route: RFC 5549), or a dev alone. */
  const hop = (via: string | undefined, dev: string | undefined): string | null => {
    if (via === undefined && dev === undefined) return 'hop without via or dev';
    const gw = via === undefined ? null : parseIp(via);
    if (via !== undefined && !gw) return `via ${via} is not an address`;
    if (dev !== undefined) {
      const why = upDev(dev, family === 6 || gw?.family === 6);
      if (why) return why;
    }
    if (!gw) return null;
    if (an.addrs.some((a) => hexKey(a.ip.bytes) === hexKey(gw.bytes) && a.ip.family === gw.family)) return `gateway ${via} is a local address`;
    if (gw.family === 6 && isLinkLocal6(gw.bytes)) return dev === undefined ? 'link-local IPv6 gateway without dev' : null;
    if (gw.family !== family) return 'gateway family differs from destination family (RFC 5549 only through a link-local IPv6 gateway)';
    const inSubnet = an.gatewaySubnets.filter(
      (s) =>
        s.family === family &&
        matchesPrefix(gw.bytes, s.prefix, s.len16) &&
        (dev === undefined || s.iface === dev) &&
        !hostPartIs(gw.bytes, s.len16, 0) &&
        !(family === 4 && hostPartIs(gw.bytes, s.len16, 1)),
    );
    if (inSubnet.length === 0) {
      // On-link (host-plan-routes.ts adds `onlink`): needs the dev, and a gateway on no prefix of the
      // host, so neither the kernel's check (IPv6: ip6_route_check_nh_onlink; IPv4: a unicast
      // address) nor the builder's choice of onlink depends on other routes (routesProblems).
      if (dev === undefined || dev === 'lo') return `gateway ${via} is not inside a connected subnet`;
      if (an.addrs.some((a) => a.ip.family === gw.family && matchesPrefix(gw.bytes, maskBytes((a.peer ?? a.ip).bytes, len16(family, a.len)), len16(family, a.len)))) return `on-link gateway ${via} inside a prefix of the host`;
      onlink.push(gw);
      return null;
    }
    gateways.push({ via: gw, dev });
    return null;
  };
  if (type !== 'unicast' && type !== 'local') {
    if (r.via !== undefined || r.dev !== undefined || r.src !== undefined || r.nexthops !== undefined) return bad(`${type} route with via/dev/src/nexthops`);
    if (r.scope !== undefined) return bad(`scope on a ${type} route`);
  } else if (type === 'local') {
    if (r.via !== undefined || r.nexthops !== undefined) return bad('local route with via/nexthops');
    if (r.dev === undefined) return bad('local route without dev');
    const why = upDev(r.dev, family === 6);
    if (why) return bad(why);
    if (r.scope !== undefined) return bad('scope on a local route');
    // A local route over an own address would take over its local route's job: keep them apart.
    if (an.addrs.some((a) => a.ip.family === family && matchesPrefix(a.ip.bytes, prefix, l16))) return bad(`local route ${r.to} holds an own address`);
  } else {
    if (r.nexthops !== undefined) {
      if (r.via !== undefined || r.dev !== undefined) return bad('multipath route with via/dev of its own');
      if (r.nexthops.length < 2) return bad('multipath route with fewer than two hops');
      if (new Set(r.nexthops.map((h) => `${h.via ?? ''}|${h.dev ?? ''}`)).size < r.nexthops.length) return bad('multipath route with two equal hops');
      for (const h of r.nexthops) {
        const why = hop(h.via, h.dev);
        if (why) return bad(why);
        if (h.weight !== undefined && !(Number.isInteger(h.weight) && h.weight >= 1 && h.weight <= 256)) return bad(`weight ${h.weight}`);
      }
    } else {
      const why = hop(r.via, r.dev);
      if (why) return bad(why);
    }
    if (r.scope !== undefined && (r.via !== undefined || r.nexthops !== undefined)) return bad('scope on a route with a gateway');
  }
  if (r.src !== undefined) {
    const src = parseIp(r.src);
    if (!src || src.family !== family) return bad(`src ${r.src} is not an address of the route's family`);
    const own = an.addrs.find(
      (a) => a.up && a.ip.family === src.family && hexKey(a.ip.bytes) === hexKey(src.bytes),
    );
    if (!own) return bad(`src ${r.src} is not a local address on an up interface`);
    if (family === 6 && isLinkLocal6(src.bytes)) return bad('link-local src');
    // ip6_route_info_create: ipv6_chk_addr skips tentative addresses ("Invalid source address").
    if (family === 6 && own.flags.tentative && !own.flags.optimistic) return bad('tentative src');
  }
  if (r.metric !== undefined && (!Number.isInteger(r.metric) || r.metric < 0 || r.metric > 0xffffffff))
    return bad(`metric ${r.metric}`);
  return {
    ok: true,
    family,
    key: routeKey(family, table, prefix, l16, effectiveMetric(family, r.metric), from),
    isDefault,
    prefix,
    l16,
    table,
    gateways,
    onlink,
  };
}

/** The longest connected prefix (16-byte length) that holds this gateway, or -1. */
export function gatewayPrefixLen(via: Ip, dev: string | undefined, an: HostAnalysis): number {
  let best = -1;
  for (const s of an.gatewaySubnets)
    if (s.family === via.family && (dev === undefined || s.iface === dev) && matchesPrefix(via.bytes, s.prefix, s.len16))
      best = Math.max(best, s.len16);
  return best;
}

/**
 * Problems of a route list as a whole: each route must be valid on its own, no two routes (nor a
 * route and a kernel-installed one) may share (family, table, prefix, source prefix, metric), and
 * no route of a table the gateway is looked up in may cover a unicast gateway as specifically as (or more than) the gateway's
 * connected subnet does — otherwise the kernel resolves that gateway through the other route (IPv6:
 * a reject route there makes `via` fail with "Egress device can not be loopback"), which also makes
 * the result depend on the order the routes are added in.
 */
export function routesProblems(routes: readonly ScenarioRoute[], an: HostAnalysis): string[] {
  const out: string[] = [];
  const keys = new Set(an.reservedKeys);
  const parsed: { r: ScenarioRoute; family: 4 | 6; table: number; prefix: Uint8Array; l16: number; gateways: { via: Ip; dev: string | undefined }[]; onlink: Ip[] }[] = [];
  for (const r of routes) {
    const c = checkRoute(r, an);
    if (!c.ok) {
      out.push(`route ${JSON.stringify(r)}: ${c.problem}`);
      continue;
    }
    if (keys.has(c.key)) out.push(`route ${JSON.stringify(r)}: same (family, table, prefix, from, metric) as another route`);
    keys.add(c.key);
    parsed.push({ r, family: c.family, table: c.table, prefix: c.prefix, l16: c.l16, gateways: c.gateways, onlink: c.onlink });
  }
  for (const g of parsed) {
    // The kernel looks a gateway up in its route's table, then through the rules there are
    // while the routes are added (the default ones: local, main and, for IPv4, default).
    const tables = new Set<number>([g.table, TABLES.local, TABLES.main, ...(g.family === 4 ? [TABLES.default] : [])]);
    for (const { via, dev } of g.gateways) {
      const glen = gatewayPrefixLen(via, dev, an);
      for (const o of parsed)
        if (o !== g && o.family === via.family && tables.has(o.table) && o.l16 >= glen && matchesPrefix(via.bytes, o.prefix, o.l16))
          out.push(`route ${JSON.stringify(o.r)} covers the gateway of ${JSON.stringify(g.r)}`);
    }
    // An on-link gateway is covered by no route but defaults, in any table (a route to it, or
    // a local one, would make the kernel refuse it or the builder see it as reachable).
    for (const via of g.onlink)
      for (const o of parsed)
        if (o !== g && o.family === via.family && o.l16 > len16(o.family, 0) && matchesPrefix(via.bytes, o.prefix, o.l16))
          out.push(`route ${JSON.stringify(o.r)} covers the on-link gateway of ${JSON.stringify(g.r)}`);
  }
  return out;
}
