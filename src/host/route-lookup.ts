// Route lookup as the kernel's FIB does it for an output flow: table local before main
// (default policy rules), longest prefix, then lowest metric; the first such route wins.
import type { Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { Host, HostRoute } from './model.js';

export function lookupRoute(host: Host, dst: Ip): HostRoute | null {
  const t = tablesOf(host)[dst.family];
  return lookupInTable(t.local, dst) ?? lookupInTable(t.main, dst);
}

type Tables = Record<4 | 6, { local: HostRoute[]; main: HostRoute[] }>;
// The host is immutable; its routes are split by family and table once.
const split = new WeakMap<Host, Tables>();

function tablesOf(host: Host): Tables {
  let t = split.get(host);
  if (!t) {
    t = { 4: { local: [], main: [] }, 6: { local: [], main: [] } };
    for (const r of host.routes) t[r.family][r.table].push(r);
    split.set(host, t);
  }
  return t;
}

function lookupInTable(routes: readonly HostRoute[], dst: Ip): HostRoute | null {
  let best: HostRoute | null = null;
  for (const r of routes) {
    if (!matchesPrefix(dst.bytes, r.prefix, r.length)) continue;
    if (!best || r.length > best.length || (r.length === best.length && r.metric < best.metric)) best = r;
  }
  return best;
}

/** errno of a route type that refuses traffic (fib_props / ip6_rt_type_to_error). */
export function routeTypeErrno(type: HostRoute['type']): string | null {
  switch (type) {
    case 'unreachable':
      return 'EHOSTUNREACH';
    case 'prohibit':
      return 'EACCES';
    case 'blackhole':
      return 'EINVAL';
    default:
      return null;
  }
}
