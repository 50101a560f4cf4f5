// `ip -j` output (parsed JSON) → RawHost. Pure: `gaiconf host capture` (src/adapters/host-from-ip.ts
// runs the commands) and the playground page (pasted output) share it. The commands:
//   ip -N -j -d link show           links: index, flags, group (numeric), kind
//   ip -j addr show                 addresses with scope, peer, flags (lo's too)
//   ip -N -j -4|-6 route show table all   routes of every table (numeric table, type, scope)
//   ip -j nexthop show              nexthop objects, for `nhid` routes iproute2 did not expand
//   ip -N -j -4|-6 rule show        policy rules
//   ip -j addrlabel list            the kernel's address label table
// `-N` (numeric output) keeps names from /etc/iproute2 out of the way; without it, names other
// than iproute2's built-in ones are resolved through `IprouteNames` (the adapter reads the
// rt_tables/group files; a page has none, and such a table is reported as unresolved).
//
// Keys as iproute2 6.1 prints them (checked in namespaces): routes `type`, `dst`, `from`
// (IPv6 source prefix), `gateway` or `via: {family, host}` (RFC 5549), `dev`, `table`,
// `protocol`, `scope`, `metric`, `prefsrc`, `nhid`, `nexthops: [{gateway|via, dev, weight}]`,
// `tos`, `flags`, `pref`, `expires`, `metrics`; rules `priority`, `not`, `src`/`srclen`,
// `dst`/`dstlen`, `tos`, `fwmark`/`fwmask`, `iif`/`iif_detached`, `oif`/`oif_detached`,
// `l3mdev`, `uid_start`/`uid_end`, `ipproto`, `sport` or `sport_start`/`sport_end` (dport
// likewise), `table`, `goto`, `nop`, `action`, `suppress_prefixlen`, `suppress_ifgroup`,
// `flow_from`/`flow_to` (realms), `protocol`.
import { formatIp } from '../address/format.js';
import { parseIp } from '../address/ip.js';
import { IP_PROTOCOLS } from '../scenario/rule-fields.js';
import type { RouteTable, RuleAction, ScenarioRule } from '../scenario/types.js';
import type { RawAddress, RawAddrlabel, RawHost, RawLink, RawNexthop, RawRoute, RawRule } from './raw-host.js';

interface IpJsonAddrInfo {
  family?: string;
  local?: string;
  address?: string;
  prefixlen?: number;
  scope?: string | number;
  deprecated?: boolean;
  home?: boolean;
  temporary?: boolean;
  optimistic?: boolean;
  noprefixroute?: boolean;
  tentative?: boolean;
  dadfailed?: boolean;
  preferred_life_time?: number;
}
export interface IpJsonLink {
  ifindex: number;
  ifname: string;
  flags?: string[];
  link_type?: string;
  group?: string | number;
  linkinfo?: { info_kind?: string };
  addr_info?: IpJsonAddrInfo[];
}
type IpVia = { family?: string; host?: string };
interface IpJsonNexthop {
  gateway?: string;
  dev?: string;
  via?: IpVia;
  weight?: number;
  flags?: string[];
}
export interface IpJsonRoute {
  type?: string;
  dst: string;
  from?: string;
  gateway?: string;
  via?: IpVia;
  dev?: string;
  table?: string | number;
  protocol?: string | number;
  scope?: string | number;
  prefsrc?: string;
  metric?: number;
  nexthops?: IpJsonNexthop[];
  nhid?: number;
  tos?: string | number;
  encap?: unknown;
  [key: string]: unknown;
}
export interface IpJsonNexthopObject {
  id: number;
  gateway?: string;
  via?: IpVia;
  dev?: string;
  blackhole?: null;
  group?: { id: number; weight?: number }[];
}
export type IpJsonRule = Record<string, unknown> & { priority?: number };

// ---------------------------------------------------------------------------------------------
// Names ↔ numbers (iproute2's defaults; -N prints numbers)

const RTN_TYPES = ['unspec', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve'];
const SCOPE_NUMBERS: Record<string, string> = { '0': 'global', universe: 'global', global: 'global', '200': 'site', site: 'site', '253': 'link', link: 'link', '254': 'host', host: 'host', '255': 'nowhere', nowhere: 'nowhere' };
const TABLE_NAMES: Record<string, number> = { unspec: 0, default: 253, main: 254, local: 255 };

/** A route type as iproute2 prints it (name, or a number with -N) → lower-case name. */
export function routeTypeName(t: string | number | undefined): string {
  if (t === undefined) return 'unicast';
  const s = String(t).toLowerCase();
  return /^\d+$/.test(s) ? (RTN_TYPES[Number(s)] ?? `type ${s}`) : s;
}

export function scopeName(s: string | number | undefined): string | undefined {
  if (s === undefined) return undefined;
  return SCOPE_NUMBERS[String(s).toLowerCase()] ?? String(s);
}

/** Names iproute2 reads from its configuration files (rt_tables, group), for output without -N. */
export interface IprouteNames {
  table(name: string): number | undefined;
  group(name: string): number | undefined;
}

const NO_NAMES: IprouteNames = { table: () => undefined, group: () => undefined };

/** A table as printed (number, name) → its id, or null when the name is unknown. */
export function tableNumber(t: string | number | undefined, names: IprouteNames = NO_NAMES): number | null {
  if (t === undefined) return 254;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  if (Object.hasOwn(TABLE_NAMES, t)) return TABLE_NAMES[t]!;
  return names.table(t) ?? null;
}

function groupNumber(g: string | number | undefined, names: IprouteNames): number | undefined {
  if (g === undefined) return undefined;
  if (typeof g === 'number') return g;
  if (/^\d+$/.test(g)) return Number(g);
  if (g === 'default') return 0;
  return names.group(g);
}

/** A table id → the scenario's form. */
export function scenarioTable(id: number): RouteTable {
  return id === 254 ? 'main' : id === 255 ? 'local' : id === 253 ? 'default' : id;
}

// ---------------------------------------------------------------------------------------------
// Links and addresses

function readLinks(links: IpJsonLink[], details: IpJsonLink[] | null, names: IprouteNames): { links: RawLink[]; addresses: RawAddress[] } {
  const out: RawLink[] = [];
  const addresses: RawAddress[] = [];
  const detail = new Map((details ?? []).map((d) => [d.ifindex, d]));
  for (const l of links) {
    const flags = l.flags ?? [];
    const d = detail.get(l.ifindex);
    const link: RawLink = { index: l.ifindex, name: l.ifname, up: flags.includes('UP'), loopback: flags.includes('LOOPBACK') || l.link_type === 'loopback' };
    if (link.up) link.carrier = flags.includes('LOWER_UP');
    const group = groupNumber(d?.group ?? l.group, names);
    if (group !== undefined) link.group = group;
    const kind = d?.linkinfo?.info_kind;
    if (kind !== undefined) link.kind = kind;
    out.push(link);
    for (const a of l.addr_info ?? []) {
      if ((a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined || a.prefixlen === undefined) continue;
      const family = a.family === 'inet' ? 4 : 6;
      const raw: RawAddress = { dev: l.ifname, family, local: a.local, prefixLen: a.prefixlen };
      if (a.scope !== undefined) raw.scope = scopeName(a.scope);
      // preferred_lft 0 is what makes an address deprecated (IFA_F_DEPRECATED follows it).
      if (a.deprecated || a.preferred_life_time === 0) raw.deprecated = true;
      if (a.home) raw.home = true;
      if (a.temporary && family === 6) raw.temporary = true;
      if (a.optimistic) raw.optimistic = true;
      if (a.noprefixroute) raw.noprefixroute = true;
      if (a.tentative) raw.tentative = true;
      if (a.dadfailed) raw.dadfailed = true;
      if (a.address !== undefined && a.address !== a.local) raw.peer = a.address;
      addresses.push(raw);
    }
  }
  return { links: out, addresses };
}

// ---------------------------------------------------------------------------------------------
// Routes

/** Keys of a route that do not change which route a lookup picks, nor its source. */
const HARMLESS_ROUTE_KEYS = new Set(['dst', 'type', 'table', 'protocol', 'flags', 'pref', 'expires', 'metrics', 'cache', 'realms', 'rt_offload', 'rt_trap', 'rt_offload_failed', 'nh_info', 'ttl-propagate', 'mtu', 'advmss', 'hoplimit', 'features', 'quickack', 'congctl', 'rtt', 'rttvar', 'cwnd', 'initcwnd', 'initrwnd', 'window', 'ssthresh', 'reordering', 'fastopen_no_cookie']);
const READ_ROUTE_KEYS = new Set(['from', 'gateway', 'via', 'dev', 'scope', 'prefsrc', 'metric', 'nexthops', 'nhid', 'tos']);

function gatewayOf(gateway: string | undefined, via: IpVia | undefined): string | undefined {
  const text = via?.host ?? gateway;
  if (text === undefined) return undefined;
  const ip = parseIp(text);
  return ip ? formatIp(ip) : text;
}

function hopsOfObject(id: number, objects: Map<number, IpJsonNexthopObject>, depth = 0): RawNexthop[] | 'blackhole' | null {
  const o = objects.get(id);
  if (!o || depth > 2) return null;
  if (o.blackhole !== undefined) return 'blackhole';
  if (o.group) {
    const out: RawNexthop[] = [];
    for (const g of o.group) {
      const hops = hopsOfObject(g.id, objects, depth + 1);
      if (hops === null || hops === 'blackhole') return hops;
      for (const h of hops) out.push({ ...h, weight: g.weight ?? 1 });
    }
    return out;
  }
  const hop: RawNexthop = { weight: 1 };
  const via = gatewayOf(o.gateway, o.via);
  if (via !== undefined) hop.via = via;
  if (o.dev !== undefined) hop.dev = o.dev;
  return [hop];
}

function readRoute(family: 4 | 6, r: IpJsonRoute, objects: Map<number, IpJsonNexthopObject> | null, names: IprouteNames): RawRoute {
  const table = tableNumber(r.table, names);
  const out: RawRoute = { family, dst: r.dst, table: table ?? 254, type: routeTypeName(r.type), kernel: String(r.protocol) === 'kernel' || String(r.protocol) === '2' };
  if (table === null) out.unsupported = `its table ${JSON.stringify(r.table)} is a name iproute2 knows but gaiconf could not resolve`;
  if (r.from !== undefined) out.from = r.from;
  const scope = scopeName(r.scope);
  if (scope !== undefined) out.scope = scope;
  if (r.metric !== undefined) out.metric = r.metric;
  if (r.prefsrc !== undefined) out.src = r.prefsrc;
  let hops: RawNexthop[] | null = null;
  if (r.nexthops && r.nexthops.length) {
    hops = r.nexthops.map((h) => {
      const hop: RawNexthop = { weight: h.weight ?? 1 };
      const via = gatewayOf(h.gateway, h.via);
      if (via !== undefined) hop.via = via;
      if (h.dev !== undefined) hop.dev = h.dev;
      return hop;
    });
  } else if (r.nhid !== undefined && r.gateway === undefined && r.via === undefined && r.dev === undefined && out.type === 'unicast') {
    // An iproute2 that does not expand nexthop objects in route output.
    const resolved = objects ? hopsOfObject(r.nhid, objects) : null;
    if (resolved === 'blackhole') out.type = 'blackhole';
    else if (resolved === null) out.unsupported = `it uses nexthop object ${r.nhid}, which \`ip -j nexthop\` did not show`;
    else hops = resolved;
  } else {
    const via = gatewayOf(r.gateway, r.via);
    if (via !== undefined) out.via = via;
    if (r.dev !== undefined) out.dev = r.dev;
  }
  if (hops && hops.length === 1) {
    if (hops[0]!.via !== undefined) out.via = hops[0]!.via;
    if (hops[0]!.dev !== undefined) out.dev = hops[0]!.dev;
    if (hops[0]!.weight !== 1) out.caveat = `its one next hop has weight ${hops[0]!.weight}, which only matters among several`;
  } else if (hops) {
    out.nexthops = hops;
  }
  if (r.tos !== undefined && String(r.tos) !== '0' && String(r.tos) !== '0x00') {
    out.unsupported = `it matches TOS ${r.tos} only (getaddrinfo's probes send TOS 0, so they never take it), and the format has no route TOS`;
  }
  if (r.encap !== undefined) out.unsupported = `it has a lightweight tunnel encapsulation (${JSON.stringify(r.encap)}), which the format cannot hold`;
  const unknown = Object.keys(r).filter((k) => !HARMLESS_ROUTE_KEYS.has(k) && !READ_ROUTE_KEYS.has(k) && k !== 'encap');
  if (unknown.length && !out.unsupported) out.caveat = [out.caveat, `iproute2 printed ${unknown.map((k) => JSON.stringify(k)).join(', ')}, which gaiconf does not read`].filter(Boolean).join('; ');
  return out;
}

// ---------------------------------------------------------------------------------------------
// Rules

const RULE_ACTIONS: Record<string, RuleAction> = { '6': 'blackhole', '7': 'unreachable', '8': 'prohibit', blackhole: 'blackhole', unreachable: 'unreachable', prohibit: 'prohibit' };
/** Rule keys read into the scenario rule, or harmless to the lookup. */
const READ_RULE_KEYS = new Set([
  'priority', 'not', 'src', 'srclen', 'dst', 'dstlen', 'tos', 'fwmark', 'fwmask', 'iif', 'iif_detached', 'oif', 'oif_detached', 'uid_start', 'uid_end', 'ipproto',
  'sport', 'sport_start', 'sport_end', 'dport', 'dport_start', 'dport_end', 'table', 'goto', 'nop', 'action', 'suppress_prefixlen', 'suppress_ifgroup',
  // realms only classify; the protocol says who added the rule
  'flow_from', 'flow_to', 'protocol',
]);

function prefixText(addr: unknown, len: unknown, family: 4 | 6): string | undefined {
  if (addr === undefined || addr === 'all') return undefined;
  const ip = parseIp(String(addr));
  const text = ip ? formatIp(ip) : String(addr);
  const max = family === 4 ? 32 : 128;
  return len === undefined || Number(len) === max ? text : `${text}/${Number(len)}`;
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(String(v));
}

function ruleText(r: IpJsonRule): string {
  return Object.entries(r)
    .map(([k, v]) => (v === null ? k : `${k} ${String(v)}`))
    .join(' ');
}

/** `ip -j rule` entry → a scenario rule with its family and priority. */
export function readRule(family: 4 | 6, r: IpJsonRule, names: IprouteNames = NO_NAMES): RawRule {
  const rule: RawRule['rule'] = { family, priority: num(r.priority ?? 0) };
  const text = `${family === 6 ? '-6 ' : ''}${ruleText(r)}`;
  const problems: string[] = [];
  if (r.not !== undefined) rule.not = true;
  const from = prefixText(r.src, r.srclen, family);
  if (from !== undefined) rule.from = from;
  const to = prefixText(r.dst, r.dstlen, family);
  if (to !== undefined) rule.to = to;
  if (r.tos !== undefined) {
    const tos = Number(String(r.tos));
    if (Number.isInteger(tos) && tos >= 0 && tos <= 255) {
      if (tos !== 0) rule.tos = tos;
    } else problems.push(`tos ${String(r.tos)} is not a number`);
  }
  if (r.fwmark !== undefined) {
    const mark = Number(String(r.fwmark));
    const mask = r.fwmask === undefined ? 0xffffffff : Number(String(r.fwmask));
    rule.fwmark = mask === 0xffffffff ? mark : `0x${mark.toString(16)}/0x${mask.toString(16)}`;
  }
  if (r.iif !== undefined) rule.iif = String(r.iif);
  if (r.oif !== undefined) rule.oif = String(r.oif);
  if (r.uid_start !== undefined) rule.uidrange = `${num(r.uid_start)}-${num(r.uid_end ?? r.uid_start)}`;
  if (r.ipproto !== undefined) {
    const p = String(r.ipproto);
    const m = /^(?:ipproto-)?(\d+)$/.exec(p);
    const n = m ? Number(m[1]) : Object.hasOwn(IP_PROTOCOLS, p) ? IP_PROTOCOLS[p]! : null;
    if (n === null) problems.push(`ipproto ${p} is a protocol name gaiconf does not know`);
    else rule.ipproto = n;
  }
  for (const k of ['sport', 'dport'] as const) {
    if (r[k] !== undefined) rule[k] = num(r[k]);
    else if (r[`${k}_start`] !== undefined) {
      const a = num(r[`${k}_start`]);
      const b = num(r[`${k}_end`] ?? a);
      rule[k] = a === b ? a : `${a}-${b}`;
    }
  }
  if (r.goto !== undefined) {
    rule.action = 'goto';
    rule.goto = num(r.goto);
  } else if (r.nop !== undefined) rule.action = 'nop';
  else if (r.action !== undefined) {
    const a = RULE_ACTIONS[String(r.action)];
    if (a) rule.action = a;
    else problems.push(`action ${String(r.action)} is not one the format has`);
  } else if (r.table !== undefined) {
    const t = tableNumber(r.table as string, names);
    if (t === null) problems.push(`table ${String(r.table)} is a name gaiconf could not resolve`);
    else rule.table = scenarioTable(t);
  }
  if (r.suppress_prefixlen !== undefined) rule.suppressPrefixlength = num(r.suppress_prefixlen);
  if (r.suppress_ifgroup !== undefined) {
    const g = groupNumber(r.suppress_ifgroup as string, names);
    if (g === undefined) problems.push(`suppress_ifgroup ${String(r.suppress_ifgroup)} is a group name gaiconf could not resolve`);
    else rule.suppressIfgroup = g;
  }
  if (r.l3mdev !== undefined) problems.push('l3mdev (VRF) rules look up the table of the VRF device the flow is bound to; the format has no VRFs');
  const unknown = Object.keys(r).filter((k) => !READ_RULE_KEYS.has(k) && k !== 'l3mdev');
  if (unknown.length) problems.push(`iproute2 printed ${unknown.map((k) => JSON.stringify(k)).join(', ')}, which gaiconf does not read`);
  // A rule with neither table nor action is a `table` rule with table 0 (unspec): never matches a table.
  if (rule.action === undefined && rule.table === undefined && !problems.length) problems.push('it has no table and no action');
  const out: RawRule = { rule: orderRule(rule), text };
  if (problems.length) out.unsupported = problems.join('; ');
  return out;
}

/** Key order as docs/scenario.md writes rules. */
function orderRule(r: RawRule['rule']): RawRule['rule'] {
  const keys: (keyof ScenarioRule)[] = ['family', 'priority', 'not', 'from', 'to', 'fwmark', 'iif', 'oif', 'uidrange', 'ipproto', 'sport', 'dport', 'tos', 'action', 'table', 'goto', 'suppressPrefixlength', 'suppressIfgroup'];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (r[k] !== undefined) out[k] = r[k];
  return out as unknown as RawRule["rule"];
}

// ---------------------------------------------------------------------------------------------

export interface IpJsonInput {
  links: IpJsonLink[];
  /** `ip -j -d link` (group, kind); null when not read. */
  linkDetails?: IpJsonLink[] | null;
  routes4: IpJsonRoute[];
  routes6: IpJsonRoute[];
  nexthops?: IpJsonNexthopObject[] | null;
  rules4?: IpJsonRule[] | null;
  rules6?: IpJsonRule[] | null;
  addrlabels: RawAddrlabel[] | null;
}

/** `ip -j` outputs → RawHost parts. */
export function rawFromIpJson(input: IpJsonInput, names: IprouteNames = NO_NAMES): Pick<RawHost, 'links' | 'addresses' | 'routes' | 'rules' | 'addrlabels' | 'warnings'> {
  const warnings: string[] = [];
  const { links, addresses } = readLinks(input.links, input.linkDetails ?? null, names);
  const objects = input.nexthops ? new Map(input.nexthops.map((o) => [o.id, o])) : null;
  const routes: RawRoute[] = [];
  for (const [family, list] of [[4, input.routes4], [6, input.routes6]] as const) {
    for (const r of list) routes.push(readRoute(family, r, objects, names));
  }
  const rules = input.rules4 === undefined && input.rules6 === undefined ? null : { 4: (input.rules4 ?? []).map((r) => readRule(4, r, names)), 6: (input.rules6 ?? []).map((r) => readRule(6, r, names)) };
  return { links, addresses, routes, rules, addrlabels: input.addrlabels, warnings };
}

