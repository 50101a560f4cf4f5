// The keys a captured route (or address label row) and a modelled one are compared by, so that
// the assembler can leave out exactly the routes the simulator derives from the addresses, and
// the replay check (assemble-replay.ts) can find what the simulator does not rebuild. A reader
// that cannot see some fields (/proc) leaves them wild instead of guessing.
import { formatIp } from '../address/format.js';
import { parseIp, type Ip } from '../address/ip.js';
import { maskBytes } from '../address/prefix.js';
import type { HostRoute } from '../host/model.js';
import { parseCidr, type RawAddrlabel, type RawRoute } from './raw-host.js';

export const REJECT_TYPES: readonly string[] = ['unreachable', 'blackhole', 'prohibit', 'throw'];
export const DEFAULT_METRIC = { 4: 0, 6: 1024 } as const;
export const TABLE_TEXT = (t: number): string => (t === 254 ? 'main' : t === 255 ? 'local' : t === 253 ? 'default' : String(t));
export const SCOPE_OF_HOST: Record<HostRoute['scope'], string> = { universe: 'global', site: 'site', link: 'link', host: 'host' };

export function canonicalIp(text: string): string {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : text;
}

/** `addr/len` with the host bits cleared, or null. */
function prefixKey(text: string, family: 4 | 6): string | null {
  if (text === 'default') return family === 4 ? '0.0.0.0/0' : '::/0';
  const c = parseCidr(text);
  if (!c || c.ip.family !== family) return null;
  const masked: Ip = { family: c.ip.family, bytes: maskBytes(c.ip.bytes, c.ip.family === 4 ? 96 + c.len : c.len) };
  return `${formatIp(masked)}/${c.len}`;
}

function hostPrefixKey(family: 4 | 6, prefix: Uint8Array, length: number): string {
  return `${formatIp({ family, bytes: prefix })}/${family === 4 ? length - 96 : length}`;
}

/** What identifies a route for the kernel's lookup and source choice; `partial`: only table, type, prefix, scope. */
export interface RouteKeyParts {
  family: 4 | 6;
  table: number;
  type: string;
  prefix: string;
  scope: string;
  dev: string;
  via: string;
  src: string;
  metric: number;
  from: string;
  hops: string;
}

export type Wild = ReadonlySet<'dev' | 'via' | 'src' | 'metric' | 'hops'>;
const NONE: Wild = new Set();
const PARTIAL: Wild = new Set(['dev', 'via', 'src', 'metric', 'hops']);
const NO_SRC: Wild = new Set(['src']);

/** Whether a read route (some fields unknown to its reader) is this modelled one. */
function sameRoute(read: RouteKeyParts, wild: Wild, model: RouteKeyParts): boolean {
  return (
    read.family === model.family &&
    read.table === model.table &&
    read.type === model.type &&
    read.prefix === model.prefix &&
    (read.family === 6 || read.scope === model.scope) &&
    read.from === model.from &&
    (wild.has('dev') || read.dev === model.dev) &&
    (wild.has('via') || read.via === model.via) &&
    (wild.has('src') || read.src === model.src) &&
    (wild.has('metric') || read.metric === model.metric) &&
    (wild.has('hops') || read.hops === model.hops)
  );
}

/** Modelled routes, each matched at most once; exact reads are matched before partial ones. */
export class RoutePool {
  private readonly left: RouteKeyParts[];
  constructor(routes: RouteKeyParts[]) {
    this.left = [...routes];
  }
  take(read: RouteKeyParts, wild: Wild): boolean {
    const i = this.left.findIndex((m) => sameRoute(read, wild, m));
    if (i < 0) return false;
    this.left.splice(i, 1);
    return true;
  }
  remaining(): readonly RouteKeyParts[] {
    return this.left;
  }
}

export const wildOf = (r: RawRoute): Wild => (r.partial ? PARTIAL : r.srcUnknown ? NO_SRC : NONE);

export function hostRouteParts(r: HostRoute, names: ReadonlyMap<number, string>): RouteKeyParts {
  const reject = REJECT_TYPES.includes(r.type);
  const from = r.from ? hostPrefixKey(6, r.from.prefix, r.from.length) : '';
  const hops = r.nexthops ? r.nexthops.map((h) => `${h.via ? formatIp(h.via) : ''}@${h.dev === null ? '' : (names.get(h.dev) ?? '?')}*${h.weight}`).join(',') : '';
  return {
    family: r.family,
    table: r.table,
    type: r.type,
    prefix: hostPrefixKey(r.family, r.prefix, r.length),
    scope: SCOPE_OF_HOST[r.scope],
    dev: reject || r.nexthops ? '' : r.dev === null ? '' : (names.get(r.dev) ?? '?'),
    via: reject || r.nexthops || !r.via ? '' : formatIp(r.via),
    src: reject || !r.src ? '' : formatIp(r.src),
    metric: r.metric,
    from: from === '::/0' ? '' : from,
    hops,
  };
}

/** iproute2's default scope for a route (what it sets when `scope` is not given). */
export function defaultScope(r: { family: 4 | 6; type: string; via?: string | undefined; nexthops?: unknown }): string {
  if (r.family === 6) return 'global';
  if (r.type === 'local') return 'host';
  if (r.type === 'unicast' && r.via === undefined && !r.nexthops) return 'link';
  return 'global';
}

export function rawRouteParts(r: RawRoute, dev: (d: string) => string): RouteKeyParts | null {
  const prefix = prefixKey(r.dst, r.family);
  if (prefix === null) return null;
  const reject = REJECT_TYPES.includes(r.type);
  const from = r.from ? prefixKey(r.from, 6) : '';
  return {
    family: r.family,
    table: r.table,
    type: r.type,
    prefix,
    scope: r.scope ?? (r.partial ? defaultScope(r) : 'global'),
    dev: reject || r.nexthops || r.dev === undefined ? '' : dev(r.dev),
    via: reject || r.nexthops || r.via === undefined ? '' : canonicalIp(r.via),
    src: reject || r.src === undefined ? '' : canonicalIp(r.src),
    metric: r.metric ?? DEFAULT_METRIC[r.family],
    from: from === '::/0' || from === null ? '' : from,
    hops: r.nexthops ? r.nexthops.map((h) => `${h.via ? canonicalIp(h.via) : ''}@${h.dev === undefined ? '' : dev(h.dev)}*${h.weight}`).join(',') : '',
  };
}

export function addrlabelText(l: RawAddrlabel): string {
  return `${canonicalIp(l.address)}/${l.prefixlen}`;
}
