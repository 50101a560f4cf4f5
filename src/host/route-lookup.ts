// The kernel's FIB lookup for a locally generated flow: the policy rules (net/core/fib_rules.c
// fib_rules_lookup) over the routing tables, each table longest prefix first (IPv6: then the
// longest matching source prefix of a source-specific route), then lowest metric.
//
// Without custom rules the kernel skips the walk (include/net/ip_fib.h fib_lookup,
// net/ipv6/fib6_rules.c fib6_rule_lookup): IPv4 looks up main (holding the local routes while
// the tables are merged) and then the `default` table, IPv6 local and then main; a reject
// route ends the lookup, a throw route or no match goes on (observed: an `unreachable` route
// in main gives EHOSTUNREACH though table `default` has a default route). Hosts without rules
// pay only for that.
import { matchesPrefix } from '../address/prefix.js';
import { compilePrefixes, firstMatch, type CompiledPrefixes } from '../address/prefix-words.js';
import { RT_TABLE, type Host, type HostRoute, type HostRule } from './model.js';

/** What the lookup knows of the flow: an unbound UDP socket of the calling uid, no mark, no
 * bound device (iif is lo for locally generated traffic), protocol UDP. */
export interface Flow {
  readonly family: 4 | 6;
  /** 16-byte destination (IPv4 mapped). */
  readonly dst: Uint8Array;
  /** 16-byte source, or null while the socket has none (0.0.0.0 / ::). */
  readonly src: Uint8Array | null;
  readonly uid: number;
  readonly dport: number;
}

export type FibResult = ({ readonly route: HostRoute; readonly errno: null } | { readonly route: null; readonly errno: string }) & {
  /** The rule that gave the answer (null: the kernel's shortcut without custom rules, or no rule). */
  readonly rule?: HostRule | null;
};

/** errno of a route type that refuses traffic (fib_props / ip6_rt_type_to_error); EAGAIN: throw. */
export function routeTypeErrno(type: HostRoute['type']): string | null {
  switch (type) {
    case 'unreachable':
      return 'EHOSTUNREACH';
    case 'prohibit':
      return 'EACCES';
    case 'blackhole':
      return 'EINVAL';
    case 'throw':
      return 'EAGAIN';
    default:
      return null;
  }
}

const RULE_ERRNO = { unreachable: 'ENETUNREACH', prohibit: 'EACCES', blackhole: 'EINVAL' } as const;
const ZERO16 = new Uint8Array(16);
const ZERO4 = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0]);
/** net.ipv4.ip_local_port_range's default: where the probe socket's autobound port lies. */
const EPHEMERAL = { start: 32768, end: 60999 };
const UDP = 17;
const LOOPBACK_IFINDEX = 1;

export function fibLookup(host: Host, flow: Flow): FibResult {
  const t = tablesOf(host);
  if (flow.family === 4) {
    if (!host.rules.custom4) return fastPath4(t, flow);
  } else if (!host.rules.custom6) {
    return fromTables([t.get(6, RT_TABLE.local), t.get(6, RT_TABLE.main)], flow);
  }
  return ruleWalk(host, t, flow);
}

function fastPath4(t: Tables, flow: Flow): FibResult {
  return fromTables([t.merged4(), t.get(4, RT_TABLE.default)], flow);
}

function fromTables(tables: (Table | undefined)[], flow: Flow): FibResult {
  for (const table of tables) {
    if (!table) continue;
    const r = lookupInTable(table, flow);
    if (!r) continue;
    const errno = routeTypeErrno(r.type);
    if (errno === 'EAGAIN') continue;
    return errno === null ? { route: r, errno: null } : { route: null, errno };
  }
  return { route: null, errno: 'ENETUNREACH' };
}

function ruleWalk(host: Host, t: Tables, flow: Flow): FibResult {
  const rules = host.rules[flow.family];
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!ruleMatches(rule, flow)) continue;
    switch (rule.action) {
      case 'goto': {
        // The walk goes on at the first rule of the target priority (if there is none, the
        // goto is unresolved and does nothing); the kernel forbids backward jumps.
        const target = rules.findIndex((r) => r.priority === rule.goto);
        if (target > i) i = target - 1;
        continue;
      }
      case 'nop':
        continue;
      case 'unreachable':
      case 'prohibit':
      case 'blackhole':
        return { route: null, errno: RULE_ERRNO[rule.action], rule };
      case 'table': {
        const table = t.get(flow.family, rule.table);
        const r = table ? lookupInTable(table, flow) : null;
        if (!r) continue;
        const errno = routeTypeErrno(r.type);
        if (errno === 'EAGAIN') continue;
        if (errno !== null) return { route: null, errno, rule };
        if (suppressed(host, rule, r)) continue;
        return { route: r, errno: null, rule };
      }
    }
  }
  return { route: null, errno: 'ENETUNREACH' };
}

/** __ip_dev_find: an IPv4 address of some device, else a `local` route of table local (which,
 * while the tables are merged, holds main's routes too). */
export function ownIpv4(host: Host, ip: { bytes: Uint8Array }): boolean {
  for (const a of host.addresses) if (a.ip.family === 4 && a.ip.bytes.every((b, i) => b === ip.bytes[i])) return true;
  const t = tablesOf(host);
  const local = host.rules.custom4 ? t.get(4, RT_TABLE.local) : t.merged4();
  const r = local ? lookupInTable(local, { family: 4, dst: ip.bytes, src: null, uid: 0, dport: 0 }) : null;
  return r !== null && r.type === 'local';
}

/** fib4_rule_suppress / fib6_rule_suppress: a found route too short, or through a device of
 * the suppressed group, sends the walk on. */
function suppressed(host: Host, rule: HostRule, r: HostRoute): boolean {
  const len = r.family === 4 ? r.length - 96 : r.length;
  if (len <= rule.suppressPrefixlen) return true;
  if (rule.suppressIfgroup !== -1) {
    // IPv6 local and anycast routes leave through lo (ip6_rt_get_dev_rcu: RTF_LOCAL | RTF_ANYCAST).
    const dev = r.family === 6 && (r.type === 'local' || r.type === 'anycast') ? LOOPBACK_IFINDEX : r.dev;
    const itf = dev === null ? undefined : host.interfaces.find((x) => x.index === dev);
    if (itf && itf.group === rule.suppressIfgroup) return true;
  }
  return false;
}

/** fib_rule_match + fib4_rule_match / fib6_rule_match for the probe's flow. */
export function ruleMatches(rule: HostRule, flow: Flow): boolean {
  return rule.invert !== selectorsMatch(rule, flow);
}

function selectorsMatch(rule: HostRule, flow: Flow): boolean {
  if (rule.iif !== null && rule.iif !== 'lo') return false;
  // The probe socket is not bound to a device.
  if (rule.oif !== null) return false;
  // ... and carries no mark.
  if ((rule.mark & rule.markMask) !== 0) return false;
  if (flow.uid < rule.uidStart || flow.uid > rule.uidEnd) return false;
  if (flow.family === 4) {
    if (!matchesPrefix(flow.src ?? ZERO4, rule.src.prefix, rule.src.length)) return false;
  } else if (rule.src.length > 0) {
    // IPv6: a source selector never matches a flow that has no source yet.
    if (flow.src === null || !matchesPrefix(flow.src, rule.src.prefix, rule.src.length)) return false;
  }
  if (!matchesPrefix(flow.dst, rule.dst.prefix, rule.dst.length)) return false;
  if (rule.tos !== 0) return false;
  if (rule.ipproto !== 0 && rule.ipproto !== UDP) return false;
  // The source port is the socket's autobound ephemeral one: only a range holding all of
  // them is certain to match.
  if (rule.sport !== null && !(rule.sport.start <= EPHEMERAL.start && rule.sport.end >= EPHEMERAL.end)) return false;
  if (rule.dport !== null && (flow.dport < rule.dport.start || flow.dport > rule.dport.end)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Tables

interface Table {
  /** Longest prefix first, then longest source prefix, then lowest metric; equal keys keep
   * their order (the first wins). */
  readonly routes: readonly HostRoute[];
  readonly compiled: CompiledPrefixes;
  readonly sourceSpecific: boolean;
}

interface Tables {
  get(family: 4 | 6, id: number): Table | undefined;
  /** IPv4 without custom rules: local and main merged in one trie (fib_trie's merged main). */
  merged4(): Table | undefined;
}

function table(routes: HostRoute[], merged = false): Table | undefined {
  if (routes.length === 0) return undefined;
  const fromLen = (r: HostRoute) => r.from?.length ?? 0;
  // Merged IPv4 tables hold both tables' aliases of a prefix, local's (255) first.
  const ordered = routes.slice().sort((a, b) => b.length - a.length || fromLen(b) - fromLen(a) || (merged ? b.table - a.table : 0) || a.metric - b.metric);
  return { routes: ordered, compiled: compilePrefixes(ordered), sourceSpecific: ordered.some((r) => r.from !== null) };
}

// Routes never change once built; a derived host (another multipath choice) shares them.
const split = new WeakMap<readonly HostRoute[], Tables>();

function tablesOf(host: Host): Tables {
  let t = split.get(host.routes);
  if (!t) {
    const byKey = new Map<string, Table | undefined>();
    const all = host.routes;
    const get = (family: 4 | 6, id: number) => {
      const key = `${family}:${id}`;
      if (!byKey.has(key)) byKey.set(key, table(all.filter((r) => r.family === family && r.table === id)));
      return byKey.get(key);
    };
    let merged: Table | undefined | null = null;
    t = {
      get,
      merged4() {
        merged ??= table(all.filter((r) => r.family === 4 && (r.table === RT_TABLE.main || r.table === RT_TABLE.local)), true);
        return merged;
      },
    };
    split.set(host.routes, t);
  }
  return t;
}

function lookupInTable(t: Table, flow: Flow): HostRoute | null {
  let i = firstMatch(t.compiled, flow.dst);
  if (!t.sourceSpecific) return i < 0 ? null : t.routes[i]!;
  const src = flow.src ?? ZERO16;
  while (i >= 0) {
    const r = t.routes[i]!;
    if (r.from === null || matchesPrefix(src, r.from.prefix, r.from.length)) return r;
    i = firstMatch(t.compiled, flow.dst, i + 1);
  }
  return null;
}
