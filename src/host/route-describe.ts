// Which route (and which rule) a connect() to each answer goes through, written as `ip route`
// and `ip rule` print them: what a user needs to see why a VPN or a second table picked a source.
import { formatIp } from '../address/format.js';
import { isLinkLocal6, isUnspecified4, isUnspecified6 } from '../address/classify.js';
import { isV4Mapped, parseIp, type Ip } from '../address/ip.js';
import { RT_TABLE, type Host, type HostRoute, type HostRule } from './model.js';
import { fibLookup, type FibResult, type Flow } from './route-lookup.js';
import { selectIpv6Source } from './source-ipv6.js';

export interface RouteTrace {
  readonly address: string;
  /** The route used, as `ip route` prints it; null when the lookup failed. */
  readonly route: string | null;
  /** The rule that gave the answer, as `ip rule` prints it; null without custom rules. */
  readonly rule: string | null;
  /** The lookup's error, when it failed. */
  readonly errno: string | null;
}

const TABLE_NAMES: Record<number, string> = { [RT_TABLE.local]: 'local', [RT_TABLE.main]: 'main', [RT_TABLE.default]: 'default' };
const tableName = (t: number): string => TABLE_NAMES[t] ?? String(t);

function prefixText(bytes: Uint8Array, length: number, family: 4 | 6): string {
  const ip: Ip = { family, bytes };
  const len = family === 4 ? length - 96 : length;
  if (len === 0) return 'default';
  return len === (family === 4 ? 32 : 128) ? formatIp(ip) : `${formatIp(ip)}/${len}`;
}

export function routeText(host: Host, r: HostRoute): string {
  const dev = (i: number | null) => (i === null ? '' : ` dev ${host.interfaces.find((x) => x.index === i)?.name ?? i}`);
  const words = [r.type === 'unicast' ? '' : `${r.type} `, prefixText(r.prefix, r.length, r.family)];
  if (r.from) words.push(` from ${prefixText(r.from.prefix, r.from.length, 6)}`);
  if (r.nexthops) for (const h of r.nexthops) words.push(` nexthop${h.via ? ` via ${h.via.family !== r.family ? 'inet6 ' : ''}${formatIp(h.via)}` : ''}${dev(h.dev)} weight ${h.weight}`);
  else {
    if (r.via) words.push(` via ${r.via.family !== r.family ? 'inet6 ' : ''}${formatIp(r.via)}`);
    words.push(dev(r.dev));
  }
  if (r.src) words.push(` src ${formatIp(r.src)}`);
  if (r.table !== RT_TABLE.main) words.push(` table ${tableName(r.table)}`);
  return words.join('');
}

export function ruleText(r: HostRule): string {
  const words = [`${r.priority}:`];
  if (r.invert) words.push('not');
  const any = r.family === 4 ? 96 : 0;
  words.push('from', r.src.length > any ? prefixText(r.src.prefix, r.src.length, r.family).replace('default', r.family === 4 ? '0.0.0.0/0' : '::/0') : 'all');
  if (r.dst.length > any) words.push('to', prefixText(r.dst.prefix, r.dst.length, r.family));
  if (r.tos) words.push('tos', `0x${r.tos.toString(16)}`);
  if (r.markMask) words.push('fwmark', r.markMask === 0xffffffff ? `0x${r.mark.toString(16)}` : `0x${r.mark.toString(16)}/0x${r.markMask.toString(16)}`);
  if (r.iif) words.push('iif', r.iif);
  if (r.oif) words.push('oif', r.oif);
  if (r.uidStart !== 0 || r.uidEnd !== 0xffffffff) words.push('uidrange', `${r.uidStart}-${r.uidEnd}`);
  if (r.ipproto) words.push('ipproto', String(r.ipproto));
  if (r.sport) words.push('sport', `${r.sport.start}-${r.sport.end}`);
  if (r.dport) words.push('dport', `${r.dport.start}-${r.dport.end}`);
  if (r.action === 'table') words.push('lookup', tableName(r.table));
  else if (r.action === 'goto') words.push('goto', String(r.goto));
  else words.push(r.action);
  if (r.suppressPrefixlen >= 0) words.push('suppress_prefixlength', String(r.suppressPrefixlen));
  if (r.suppressIfgroup >= 0) words.push('suppress_ifgroup', String(r.suppressIfgroup));
  return words.join(' ');
}

function describe(host: Host, address: string, res: FibResult): RouteTrace {
  return { address, route: res.route ? routeText(host, res.route) : null, rule: res.rule ? ruleText(res.rule) : null, errno: res.errno };
}

/** The lookup that chose each answer's source (IPv6: the retry with a source when the first
 * lookup failed), as connect() does it on this host. */
export function traceRoute(host: Host, address: string): RouteTrace {
  const dst = parseIp(address);
  if (!dst) return { address, route: null, rule: null, errno: 'EINVAL' };
  const uid = host.uid ?? 0;
  if (dst.family === 4 || isV4Mapped(dst.bytes)) {
    const target = isUnspecified4(dst.bytes) ? parseIp('127.0.0.1')!.bytes : dst.bytes;
    return describe(host, address, fibLookup(host, { family: 4, dst: target, src: null, uid, dport: 0 }));
  }
  if (isLinkLocal6(dst.bytes)) return { address, route: null, rule: null, errno: 'EINVAL' };
  if (!host.ipv6) return { address, route: null, rule: null, errno: 'EADDRNOTAVAIL' };
  const target = isUnspecified6(dst.bytes) ? parseIp('::1')! : dst;
  const flow: Flow = { family: 6, dst: target.bytes, src: null, uid, dport: 0 };
  const first = fibLookup(host, flow);
  if (first.errno === null) return describe(host, address, first);
  const source = selectIpv6Source(host, target, null);
  if (!source) return { address, route: null, rule: null, errno: 'EADDRNOTAVAIL' };
  return describe(host, address, fibLookup(host, { ...flow, src: source.bytes }));
}
