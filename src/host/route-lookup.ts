// Route lookup as the kernel's FIB does it for an output flow: table local before main
// (default policy rules), longest prefix, then lowest metric; the first such route wins.
import type { Ip } from '../address/ip.js';
import { compilePrefixes, firstMatch, type CompiledPrefixes } from '../address/prefix-words.js';
import type { Host, HostRoute } from './model.js';

export function lookupRoute(host: Host, dst: Ip): HostRoute | null {
  const t = tablesOf(host)[dst.family];
  return lookupInTable(t.local, dst) ?? lookupInTable(t.main, dst);
}

interface Table {
  /** Longest prefix first, then lowest metric; equal keys keep their order (the first wins). */
  readonly routes: readonly HostRoute[];
  readonly compiled: CompiledPrefixes;
}
type Tables = Record<4 | 6, { local: Table; main: Table }>;
// The host is immutable; its routes are split by family and table, and ordered, once.
const split = new WeakMap<Host, Tables>();

function table(routes: HostRoute[]): Table {
  const ordered = routes.slice().sort((a, b) => b.length - a.length || a.metric - b.metric);
  return { routes: ordered, compiled: compilePrefixes(ordered) };
}

function tablesOf(host: Host): Tables {
  let t = split.get(host);
  if (!t) {
    const pick = (family: 4 | 6, name: 'local' | 'main') => table(host.routes.filter((r) => r.family === family && r.table === name));
    t = { 4: { local: pick(4, 'local'), main: pick(4, 'main') }, 6: { local: pick(6, 'local'), main: pick(6, 'main') } };
    split.set(host, t);
  }
  return t;
}

function lookupInTable(t: Table, dst: Ip): HostRoute | null {
  const i = firstMatch(t.compiled, dst.bytes);
  return i < 0 ? null : t.routes[i]!;
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
