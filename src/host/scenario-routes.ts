// A scenario route → the kernel routes `ip route add` creates (a family-less `default` is
// two), with iproute2's defaults: table main, metric 0 (IPv4) or 1024 (IPv6), scope link for
// a unicast route without gateway or hops, host for `local`, universe else.
import { parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { RouteTable, ScenarioRoute, ScopeName } from '../scenario/types.js';
import { bits128, parseCidr } from './cidr.js';
import { kernelRoute } from './kernel-routes.js';
import { RT_TABLE, type HostNexthop, type HostRoute } from './model.js';

export function tableId(t: RouteTable | undefined): number {
  if (t === undefined || t === 'main') return RT_TABLE.main;
  if (t === 'local') return RT_TABLE.local;
  if (t === 'default') return RT_TABLE.default;
  return t;
}

const SCOPES: Record<ScopeName, HostRoute['scope']> = { global: 'universe', site: 'site', link: 'link', host: 'host' };

export function scenarioRoutes(
  r: ScenarioRoute,
  origin: number,
  byName: ReadonlyMap<string, number>,
  existing: readonly HostRoute[],
  ipv6: boolean,
): HostRoute[] {
  const via = r.via ? parseIp(r.via) : null;
  const src = r.src ? parseIp(r.src) : null;
  const dev = r.dev ? (byName.get(r.dev) ?? null) : null;
  const from = r.from ? parseCidr(r.from) : null;
  const firstHopVia = r.nexthops?.find((h) => h.via)?.via;
  let families: (4 | 6)[];
  let dst: { ip: Ip; len: number } | null = null;
  if (r.to === 'default') {
    const hint = via ?? src ?? from?.ip ?? (firstHopVia ? parseIp(firstHopVia) : null);
    families = hint ? [hint.family] : ipv6 ? [4, 6] : [4];
  } else {
    dst = parseCidr(r.to);
    families = [dst.ip.family];
  }
  const type = r.type ?? 'unicast';
  const table = tableId(r.table);
  return families.map((family) => {
    const prefix = dst ? dst.ip.bytes : family === 4 ? parseIp('0.0.0.0')!.bytes : new Uint8Array(16);
    const length = dst ? bits128(dst.ip, dst.len) : family === 4 ? 96 : 0;
    // IPv6 has no metric 0: ip6_route_info_create turns it into IP6_RT_PRIO_USER (1024).
    const metric = r.metric || (family === 4 ? 0 : 1024);
    const fromPrefix = from && family === 6 ? { prefix: from.ip.bytes, length: from.len } : null;
    const base = (t: HostRoute['type'], d: number | null, gw: Ip | null, s: Ip | null, defaultScope: HostRoute['scope']) => {
      const scope = r.scope ? SCOPES[r.scope] : family === 6 ? 'universe' : defaultScope;
      return { ...kernelRoute(family, table, t, prefix, length, metric, d, gw, s, scope, origin), from: fromPrefix };
    };
    if (type !== 'unicast' && type !== 'local') return base(type, null, null, null, 'universe');
    if (type === 'local') return base('local', dev, null, src, 'host');
    if (r.nexthops) {
      const hops: HostNexthop[] = r.nexthops.map((h) => {
        const gw = h.via ? parseIp(h.via) : null;
        const d = h.dev ? (byName.get(h.dev) ?? null) : gw ? gatewayDevice(gw, existing) : null;
        return { dev: d, via: gw, weight: h.weight ?? 1 };
      });
      const first = hops[0]!;
      const route = base('unicast', first.dev, first.via, src, 'universe');
      return hops.length > 1 ? { ...route, nexthops: hops } : route;
    }
    // A gateway without `dev` resolves through the connected route that holds it.
    const outDev = dev ?? (via ? gatewayDevice(via, existing) : null);
    return base('unicast', outDev, via, src, via ? 'universe' : 'link');
  });
}

function gatewayDevice(gw: Ip, routes: readonly HostRoute[]): number | null {
  let best: HostRoute | null = null;
  for (const r of routes)
    if (r.family === gw.family && r.table === RT_TABLE.main && r.type === 'unicast' && !r.via && !r.nexthops && matchesPrefix(gw.bytes, r.prefix, r.length))
      if (!best || r.length > best.length) best = r;
  return best?.dev ?? null;
}
