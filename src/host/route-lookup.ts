// Route lookup as the kernel's FIB does it for an output flow: table local before main
// (default policy rules), longest prefix, then lowest metric; the first such route wins.
import type { Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { Host, HostRoute } from './model.js';

export function lookupRoute(host: Host, dst: Ip): HostRoute | null {
  return lookupInTable(host, dst, 'local') ?? lookupInTable(host, dst, 'main');
}

function lookupInTable(host: Host, dst: Ip, table: 'local' | 'main'): HostRoute | null {
  let best: HostRoute | null = null;
  for (const r of host.routes) {
    if (r.table !== table || r.family !== dst.family) continue;
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
