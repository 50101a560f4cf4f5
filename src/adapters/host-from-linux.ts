// The live Linux host (the network namespace this process runs in) as a Scenario `host`: what
// `gaiconf host capture` prints and live mode simulates on.
//
// Two readers feed one assembler:
//   ip    `ip -j addr`, `ip -j -4/-6 route show table main`, `ip -j addrlabel` (complete);
//   proc  /proc/net/if_inet6, /proc/net/ipv6_route, /proc/net/route, /proc/net/fib_trie,
//         /sys/class/net and os.networkInterfaces() (getifaddrs), for hosts without iproute2.
// Both read /proc/sys/net/ipv6/conf/*/{disable_ipv6,use_tempaddr}.
//
// The scenario format pins the kernel's view the simulator needs; what it cannot say is left
// out with a warning (docs/live.md lists it): addresses on lo besides 127.0.0.1/8 and ::1,
// peer addresses, address scopes other than the default, tentative (DAD) and dadfailed
// addresses, route types other than unicast/unreachable/blackhole/prohibit, multipath,
// per-interface sysctls, a changed kernel addrlabel table. Connected and local routes the
// kernel makes from addresses are not listed: the simulator derives them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { formatIp } from '../address/format.js';
import { parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { RouteType, ScenarioAddress, ScenarioAddressObject, ScenarioHost, ScenarioInterface, ScenarioRoute } from '../scenario/types.js';
import { INTERFACE_NAME_PATTERN } from '../scenario/validate.js';

export type CaptureSource = 'auto' | 'ip' | 'proc';

export interface CaptureOptions {
  /** auto (default): ip when it runs and speaks JSON, else proc. */
  source?: CaptureSource;
  /** The ip binary (default `ip`, found on PATH). */
  ipCommand?: string;
  procRoot?: string;
  sysRoot?: string;
  /** os.networkInterfaces, replaceable for tests. */
  networkInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export interface CapturedHost {
  host: ScenarioHost;
  /** Which reader ran. */
  method: 'ip' | 'proc';
  /** What the host has that the scenario cannot say, or that was read approximately. */
  warnings: string[];
  /** What was left out on purpose (kernel-made routes, lo), for people. */
  notes: string[];
}

export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

// ---------------------------------------------------------------------------------------------
// The readers' common output

export interface RawLink {
  index: number;
  name: string;
  up: boolean;
  loopback: boolean;
}

export interface RawAddress {
  dev: string;
  family: 4 | 6;
  local: string;
  prefixLen: number;
  /** `ip`'s scope name (global, link, host, site, or a number); undefined when unknown. */
  scope?: string;
  deprecated?: boolean;
  home?: boolean;
  temporary?: boolean;
  optimistic?: boolean;
  noprefixroute?: boolean;
  tentative?: boolean;
  dadfailed?: boolean;
  /** Point-to-point peer (`ip addr add A peer B`). */
  peer?: string;
}

export interface RawRoute {
  family: 4 | 6;
  /** `default` or `addr[/len]`. */
  dst: string;
  via?: string;
  dev?: string;
  src?: string;
  /** Kernel route type in lower case (unicast, unreachable, local, throw, …). */
  type: string;
  metric?: number;
  /** Made by the kernel from an address (proto kernel, or inferred so by the proc reader). */
  kernel: boolean;
  /** Further next hops of a multipath route (only the first is kept). */
  extraNexthops?: number;
  /** Why the route cannot be kept, decided by the reader (gateway of another family, …). */
  unsupported?: string;
}

export interface RawHost {
  method: 'ip' | 'proc';
  links: RawLink[];
  /** Per device in the kernel's list order (what `ip addr` prints). */
  addresses: RawAddress[];
  routes: RawRoute[];
  /** false: net.ipv6.conf.all.disable_ipv6=1, or no IPv6 in the kernel. */
  ipv6: boolean;
  /** net.ipv6.conf.<dev>.use_tempaddr, per device (and `all`, `default`). */
  useTempaddr: Record<string, number>;
  /** Per device net.ipv6.conf.<dev>.disable_ipv6. */
  disableIpv6: Record<string, boolean>;
  /** `ip -j addrlabel`, or null when it could not be read. */
  addrlabels: { address: string; prefixlen: number; label: number }[] | null;
  warnings: string[];
  notes: string[];
}

/** The kernel's default IPv6 address label table (net/ipv6/addrlabel.c), as `ip addrlabel` prints it. */
export const DEFAULT_KERNEL_ADDRLABELS: readonly { address: string; prefixlen: number; label: number }[] = [
  { address: '::1', prefixlen: 128, label: 0 },
  { address: '::', prefixlen: 96, label: 3 },
  { address: '::ffff:0.0.0.0', prefixlen: 96, label: 4 },
  { address: '2001::', prefixlen: 32, label: 6 },
  { address: '2001:10::', prefixlen: 28, label: 7 },
  { address: '3ffe::', prefixlen: 16, label: 12 },
  { address: '2002::', prefixlen: 16, label: 2 },
  { address: 'fec0::', prefixlen: 10, label: 11 },
  { address: 'fc00::', prefixlen: 7, label: 5 },
  { address: '::', prefixlen: 0, label: 1 },
];

// ---------------------------------------------------------------------------------------------
// Assembly

const SCENARIO_ROUTE_TYPES: readonly string[] = ['unicast', 'unreachable', 'blackhole', 'prohibit'];
const DEFAULT_METRIC = { 4: 0, 6: 1024 } as const;
/** Metric of the kernel's own prefix routes. */
const KERNEL_METRIC = { 4: 0, 6: 256 } as const;

interface Cidr {
  ip: Ip;
  len: number;
}

function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  const len = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(len) || len < 0 || len > max) return null;
  return { ip, len };
}

const bits = (c: Cidr): number => (c.ip.family === 4 ? 96 + c.len : c.len);
const samePrefix = (a: Cidr, b: Cidr): boolean => a.ip.family === b.ip.family && a.len === b.len && matchesPrefix(a.ip.bytes, b.ip.bytes, bits(a));
const label = (r: RawRoute): string => `${r.type === 'unicast' ? '' : `${r.type} `}${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;

function addrlabelKey(l: { address: string; prefixlen: number; label: number }): string {
  const ip = parseIp(l.address);
  return `${ip ? formatIp(ip) : l.address}/${l.prefixlen}=${l.label}`;
}

/** RawHost → scenario host, warnings for everything the format cannot say. */
export function assembleHost(raw: RawHost): CapturedHost {
  const warnings = [...raw.warnings];
  const notes = [...raw.notes];
  const ipv6 = raw.ipv6;
  const links = [...raw.links].sort((a, b) => a.index - b.index);
  const loopbacks = new Set(links.filter((l) => l.loopback || l.name === 'lo').map((l) => l.name));

  // Names the scenario format accepts; others are renamed consistently (routes follow).
  const rename = new Map<string, string>();
  const taken = new Set(links.map((l) => l.name));
  for (const l of links) {
    if (loopbacks.has(l.name)) continue;
    if (INTERFACE_NAME_PATTERN.test(l.name) && l.name !== '.' && l.name !== '..') continue;
    let k = l.index;
    let alias = `if${k}`;
    while (taken.has(alias)) alias = `if${++k}`;
    taken.add(alias);
    rename.set(l.name, alias);
    warnings.push(`interface ${JSON.stringify(l.name)} is renamed ${alias}: the scenario format allows only letters, digits, "_", "." and "-"`);
  }
  const nameOf = (dev: string): string => rename.get(dev) ?? dev;

  // lo: implicit in the format (127.0.0.1/8, ::1/128).
  const loAddresses = raw.addresses.filter((a) => loopbacks.has(a.dev));
  const implicit = new Set(['127.0.0.1/8', ...(ipv6 ? ['::1/128'] : [])]);
  for (const a of loAddresses) {
    const ip = parseIp(a.local);
    const key = `${ip ? formatIp(ip) : a.local}/${a.prefixLen}`;
    if (!implicit.has(key)) warnings.push(`lo address ${key} is left out: the scenario format has lo only with 127.0.0.1/8 and ::1/128`);
    implicit.delete(key);
  }
  for (const lo of links.filter((l) => loopbacks.has(l.name))) {
    if (!lo.up) warnings.push(`lo is down; the simulator assumes it is up`);
  }
  for (const missing of implicit) {
    if (loopbacks.size > 0) warnings.push(`lo has no ${missing}; the simulator assumes it does`);
  }
  if (loopbacks.size > 0) notes.push('lo is implicit in the scenario format (127.0.0.1/8 and ::1/128)');

  // Interfaces and their addresses.
  const interfaces: ScenarioInterface[] = [];
  const captured = new Map<string, { cidr: Cidr; noprefixroute: boolean }[]>();
  for (const l of links) {
    if (loopbacks.has(l.name)) continue;
    const mine = raw.addresses.filter((a) => a.dev === l.name);
    const v4 = mine.filter((a) => a.family === 4);
    // The kernel lists a device's IPv6 addresses newest first (within a scope); the format lists
    // them in creation order, so the replayed host (and the simulator) rebuilds the same list.
    const v6 = mine.filter((a) => a.family === 6).reverse();
    if (!ipv6 && v6.length) warnings.push(`${l.name}: ${v6.length} IPv6 address(es) left out: IPv6 is disabled`);
    const out: ScenarioAddress[] = [];
    const kept: { cidr: Cidr; noprefixroute: boolean }[] = [];
    for (const a of ipv6 ? [...v4, ...v6] : v4) {
      const ip = parseIp(a.local);
      if (!ip) {
        warnings.push(`${l.name}: address ${JSON.stringify(a.local)} is not readable; left out`);
        continue;
      }
      const text = `${formatIp(ip)}/${a.prefixLen}`;
      if (a.dadfailed) {
        warnings.push(`${l.name}: ${text} failed duplicate address detection (dadfailed); left out: the kernel never uses it`);
        continue;
      }
      if (a.tentative && !a.optimistic) {
        warnings.push(`${l.name}: ${text} is tentative (duplicate address detection still running); left out: the kernel does not use it as a source yet — capture again in a few seconds`);
        continue;
      }
      if (a.peer !== undefined) warnings.push(`${l.name}: ${text} has a point-to-point peer ${a.peer}; the format has no peers: the peer route is kept as a route`);
      if (a.family === 4 && a.scope !== undefined) {
        const expected = ip.bytes[12] === 127 ? 'host' : 'global';
        if (a.scope !== expected) warnings.push(`${l.name}: ${text} has scope ${a.scope}; the simulator assumes ${expected} (iproute2's default for this address)`);
      }
      const o: ScenarioAddressObject = { address: text };
      if (a.deprecated) o.deprecated = true;
      if (a.home) o.home = true;
      if (a.temporary) o.temporary = true;
      if (a.optimistic) o.optimistic = true;
      if (a.noprefixroute) o.noprefixroute = true;
      out.push(Object.keys(o).length === 1 ? text : o);
      kept.push({ cidr: { ip, len: a.prefixLen }, noprefixroute: !!a.noprefixroute });
    }
    captured.set(l.name, kept);
    const itf: ScenarioInterface = { name: nameOf(l.name), addresses: out };
    if (!l.up) itf.up = false;
    interfaces.push(itf);
  }

  // Routes of the main table.
  const routes: ScenarioRoute[] = [];
  const known = new Set(links.map((l) => l.name));
  let derived = 0;
  for (const r of raw.routes) {
    if (r.family === 6 && !ipv6) continue;
    const what = `route ${label(r)}`;
    if (r.unsupported) {
      warnings.push(`${what}: ${r.unsupported}; left out`);
      continue;
    }
    if (r.kernel) {
      const dst = r.dst === 'default' ? null : parseCidr(r.dst);
      const from = dst && r.dev ? (captured.get(r.dev) ?? []).find((a) => !a.noprefixroute && samePrefix({ ip: a.cidr.ip, len: a.cidr.len }, dst)) : undefined;
      if (from) {
        derived++;
        const metric = r.metric ?? KERNEL_METRIC[r.family];
        if (metric !== KERNEL_METRIC[r.family]) warnings.push(`${what}: the kernel made it with metric ${metric}; the simulator derives it with metric ${KERNEL_METRIC[r.family]}`);
        continue;
      }
      notes.push(`${what}: made by the kernel, but not from an address the scenario keeps; kept as a route`);
    }
    if (!SCENARIO_ROUTE_TYPES.includes(r.type)) {
      warnings.push(`${what}: type ${r.type} cannot be expressed; left out`);
      continue;
    }
    if (r.extraNexthops) warnings.push(`${what}: multipath route with ${r.extraNexthops + 1} next hops; only the first is kept`);
    const type = r.type as RouteType;
    const dst = r.dst === 'default' ? null : parseCidr(r.dst);
    if (r.dst !== 'default' && !dst) {
      warnings.push(`${what}: destination not readable; left out`);
      continue;
    }
    const out: ScenarioRoute = { to: '' };
    if (type === 'unicast') {
      if (r.dev !== undefined && !known.has(r.dev)) {
        warnings.push(`${what}: unknown device ${r.dev}; left out`);
        continue;
      }
      if (r.via !== undefined) out.via = r.via;
      if (r.dev !== undefined) out.dev = loopbacks.has(r.dev) ? 'lo' : nameOf(r.dev);
      if (r.src !== undefined) out.src = r.src;
    }
    // `default` alone would mean both families: keep it only when via/src fix the family.
    const familyFixed = type === 'unicast' && (r.via !== undefined || r.src !== undefined);
    if (r.dst === 'default') out.to = familyFixed ? 'default' : r.family === 4 ? '0.0.0.0/0' : '::/0';
    else out.to = dst!.len === (dst!.ip.family === 4 ? 32 : 128) ? formatIp(dst!.ip) : `${formatIp(dst!.ip)}/${dst!.len}`;
    if (type !== 'unicast') out.type = type;
    if (r.metric !== undefined && r.metric !== DEFAULT_METRIC[r.family]) out.metric = r.metric;
    // Key order as the docs write routes.
    routes.push(orderRoute(out));
  }
  if (derived) notes.push(`${derived} connected route(s) the kernel made from addresses are not listed: the simulator derives them`);

  // Sysctls.
  const devices = links.filter((l) => !loopbacks.has(l.name)).map((l) => l.name);
  const perDevice = new Map<string, number>();
  for (const d of devices) {
    const v = raw.useTempaddr[d];
    if (v !== undefined) perDevice.set(d, v);
  }
  let useTempaddr = raw.useTempaddr.all ?? 0;
  if (perDevice.size) {
    const counts = new Map<number, number>();
    for (const v of perDevice.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
    useTempaddr = sorted[0]![0];
    if (counts.size > 1) {
      const list = [...perDevice.entries()].map(([d, v]) => `${d}=${v}`).join(', ');
      warnings.push(`use_tempaddr differs between interfaces (${list}); the scenario has one value: ${useTempaddr}`);
    }
  }
  useTempaddr = Math.max(0, Math.min(2, useTempaddr));
  if (ipv6) {
    const off = devices.filter((d) => raw.disableIpv6[d]);
    if (off.length) warnings.push(`IPv6 is disabled on ${off.join(', ')} only (net.ipv6.conf.<dev>.disable_ipv6); the format can only disable it host-wide`);
  }
  if (ipv6 && raw.addrlabels) {
    const have = new Set(raw.addrlabels.map(addrlabelKey));
    const want = new Set(DEFAULT_KERNEL_ADDRLABELS.map(addrlabelKey));
    const extra = [...have].filter((k) => !want.has(k));
    const gone = [...want].filter((k) => !have.has(k));
    if (extra.length || gone.length) {
      warnings.push(
        `the kernel addrlabel table differs from the default (${[...extra.map((k) => `+${k}`), ...gone.map((k) => `-${k}`)].join(', ')}); the simulator assumes the default for the kernel's source choice`,
      );
    }
  } else if (ipv6 && raw.method === 'proc') {
    notes.push('the kernel addrlabel table is not readable without `ip`; the simulator assumes the default');
  }

  const host: ScenarioHost = { interfaces };
  if (routes.length) host.routes = routes;
  if (!ipv6) host.ipv6 = false;
  if (useTempaddr !== 0) host.useTempaddr = useTempaddr;
  return { host, method: raw.method, warnings, notes };
}

function orderRoute(r: ScenarioRoute): ScenarioRoute {
  const out: ScenarioRoute = { to: r.to };
  if (r.via !== undefined) out.via = r.via;
  if (r.dev !== undefined) out.dev = r.dev;
  if (r.src !== undefined) out.src = r.src;
  if (r.type !== undefined) out.type = r.type;
  if (r.metric !== undefined) out.metric = r.metric;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sysctls (both readers)

function readTrimmed(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function readSysctls(procRoot: string, devices: readonly string[]): Pick<RawHost, 'ipv6' | 'useTempaddr' | 'disableIpv6'> & { warnings: string[] } {
  const base = join(procRoot, 'sys/net/ipv6/conf');
  const warnings: string[] = [];
  if (!existsSync(base)) {
    return { ipv6: false, useTempaddr: {}, disableIpv6: {}, warnings: [`${base} is missing: the kernel has no IPv6 (ipv6.disable=1 or no module)`] };
  }
  const all = readTrimmed(join(base, 'all/disable_ipv6'));
  const useTempaddr: Record<string, number> = {};
  const disableIpv6: Record<string, boolean> = {};
  for (const d of ['all', 'default', ...devices]) {
    const t = readTrimmed(join(base, d, 'use_tempaddr'));
    if (t !== null && /^-?\d+$/.test(t)) useTempaddr[d] = Number(t);
    const off = readTrimmed(join(base, d, 'disable_ipv6'));
    if (off !== null) disableIpv6[d] = off === '1';
  }
  return { ipv6: all !== '1', useTempaddr, disableIpv6, warnings };
}

// ---------------------------------------------------------------------------------------------
// ip -j

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
interface IpJsonLink {
  ifindex: number;
  ifname: string;
  flags?: string[];
  link_type?: string;
  addr_info?: IpJsonAddrInfo[];
}
interface IpJsonNexthop {
  gateway?: string;
  dev?: string;
  via?: { family?: string; host?: string };
}
interface IpJsonRoute {
  type?: string;
  dst: string;
  gateway?: string;
  via?: { family?: string; host?: string };
  dev?: string;
  protocol?: string;
  prefsrc?: string;
  metric?: number;
  nexthops?: IpJsonNexthop[];
  nhid?: number;
}

/** `ip -j addr` + `ip -j -4/-6 route show table main` (+ addrlabel) → RawHost parts. */
export function rawFromIpJson(input: {
  links: IpJsonLink[];
  routes4: IpJsonRoute[];
  routes6: IpJsonRoute[];
  addrlabels: { address: string; prefixlen: number; label: number }[] | null;
}): Pick<RawHost, 'links' | 'addresses' | 'routes' | 'addrlabels' | 'warnings'> {
  const warnings: string[] = [];
  const links: RawLink[] = [];
  const addresses: RawAddress[] = [];
  for (const l of input.links) {
    const flags = l.flags ?? [];
    links.push({ index: l.ifindex, name: l.ifname, up: flags.includes('UP'), loopback: flags.includes('LOOPBACK') || l.link_type === 'loopback' });
    for (const a of l.addr_info ?? []) {
      if ((a.family !== 'inet' && a.family !== 'inet6') || a.local === undefined || a.prefixlen === undefined) continue;
      const family = a.family === 'inet' ? 4 : 6;
      const raw: RawAddress = { dev: l.ifname, family, local: a.local, prefixLen: a.prefixlen };
      if (a.scope !== undefined) raw.scope = String(a.scope);
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
  const routes: RawRoute[] = [];
  for (const [family, list] of [[4, input.routes4], [6, input.routes6]] as const) {
    for (const r of list) {
      const out: RawRoute = { family, dst: r.dst, type: r.type ?? 'unicast', kernel: r.protocol === 'kernel' };
      let gateway = r.gateway;
      let viaObject = r.via;
      let dev = r.dev;
      if (r.nexthops && r.nexthops.length) {
        const first = r.nexthops[0]!;
        gateway = first.gateway;
        viaObject = first.via;
        dev = first.dev;
        if (r.nexthops.length > 1) out.extraNexthops = r.nexthops.length - 1;
      }
      if (r.nhid !== undefined && !gateway && !dev) out.unsupported = `uses nexthop object ${r.nhid}, which is not read`;
      if (viaObject?.host !== undefined) {
        const ip = parseIp(viaObject.host);
        if (ip && ip.family !== family) out.unsupported = `its gateway ${viaObject.host} is of the other family`;
        else gateway = viaObject.host;
      }
      if (gateway !== undefined) out.via = gateway;
      if (dev !== undefined) out.dev = dev;
      if (r.prefsrc !== undefined) out.src = r.prefsrc;
      if (r.metric !== undefined) out.metric = r.metric;
      routes.push(out);
    }
  }
  return { links, addresses, routes, addrlabels: input.addrlabels, warnings };
}

function runIpJson(ip: string, args: string[]): unknown {
  const { spawnSync } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(ip, ['-j', ...args], { encoding: 'utf8', timeout: 10_000, maxBuffer: 64 << 20 });
  if (r.error) throw new CaptureError(`${ip} ${['-j', ...args].join(' ')}: ${(r.error as NodeJS.ErrnoException).code ?? r.error.message}`);
  if (r.status !== 0) throw new CaptureError(`${ip} ${['-j', ...args].join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
  const text = r.stdout.trim();
  if (text === '') return [];
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CaptureError(`${ip} ${['-j', ...args].join(' ')}: output is not JSON (an iproute2 without -j?)`);
  }
}

function captureWithIp(options: CaptureOptions): RawHost {
  const ip = options.ipCommand ?? 'ip';
  const links = runIpJson(ip, ['addr', 'show']) as IpJsonLink[];
  const routes4 = runIpJson(ip, ['-4', 'route', 'show', 'table', 'main']) as IpJsonRoute[];
  const procRoot = options.procRoot ?? '/proc';
  const sys = readSysctls(procRoot, links.map((l) => l.ifname));
  const routes6 = sys.ipv6 ? (runIpJson(ip, ['-6', 'route', 'show', 'table', 'main']) as IpJsonRoute[]) : [];
  let addrlabels: RawHost['addrlabels'] = null;
  const warnings = [...sys.warnings];
  if (sys.ipv6) {
    try {
      addrlabels = runIpJson(ip, ['addrlabel', 'list']) as RawHost['addrlabels'];
    } catch (e) {
      warnings.push(`the kernel addrlabel table could not be read (${(e as Error).message}); the simulator assumes the default`);
    }
  }
  const parts = rawFromIpJson({ links, routes4, routes6, addrlabels });
  return { method: 'ip', ...parts, ipv6: sys.ipv6, useTempaddr: sys.useTempaddr, disableIpv6: sys.disableIpv6, warnings: [...warnings, ...parts.warnings], notes: [] };
}

// ---------------------------------------------------------------------------------------------
// /proc (+ /sys, getifaddrs)

const RTF_GATEWAY = 0x2;
const RTF_REJECT = 0x200;
const RTF_LOCAL6 = 0x80000000;
const RTF_CACHE6 = 0x01000000;
const RTF_ANYCAST6 = 0x00100000;

const IFA = { TEMPORARY: 0x01, OPTIMISTIC: 0x04, DADFAILED: 0x08, HOME: 0x10, DEPRECATED: 0x20, TENTATIVE: 0x40 } as const;

function hex16(h: string): Ip | null {
  if (!/^[0-9a-fA-F]{32}$/.test(h)) return null;
  const b = new Uint8Array(16);
  for (let i = 0; i < 16; i++) b[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return { family: 6, bytes: b };
}

/** /proc/net/route's little-endian hex IPv4 → dotted quad. */
function hex4(h: string): string | null {
  if (!/^[0-9a-fA-F]{8}$/.test(h)) return null;
  const n = parseInt(h, 16);
  return `${n & 0xff}.${(n >>> 8) & 0xff}.${(n >>> 16) & 0xff}.${(n >>> 24) & 0xff}`;
}

function maskLength(dotted: string): number | null {
  const parts = dotted.split('.').map(Number);
  let n = 0;
  for (const p of parts) n = n * 256 + p;
  let len = 0;
  while (len < 32 && n & (2 ** (31 - len))) len++;
  // a non-contiguous mask is not a prefix length
  return (n & (2 ** (32 - len) - 1)) === 0 || len === 32 ? len : null;
}

function v6MaskLength(mask: string): number | null {
  const ip = parseIp(mask);
  if (!ip || ip.family !== 6) return null;
  let len = 0;
  for (const byte of ip.bytes) {
    if (byte === 0xff) len += 8;
    else {
      let b = byte;
      while (b & 0x80) {
        len++;
        b = (b << 1) & 0xff;
      }
      break;
    }
  }
  return len;
}

/** Prefix → route type from /proc/net/fib_trie's Main table ("/24 universe BLACKHOLE"). */
export function parseFibTrie(text: string): { main: Map<string, string[]>; local: Set<string> } {
  const main = new Map<string, string[]>();
  const local = new Set<string>();
  let table = '';
  let leaf: string | null = null;
  for (const line of text.split('\n')) {
    const t = /^(\S.*):\s*$/.exec(line);
    if (t) {
      table = t[1]!;
      continue;
    }
    const l = /\|--\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (l) {
      leaf = l[1]!;
      continue;
    }
    const e = /^\s+\/(\d+)\s+(\S+)\s+(\S+)/.exec(line);
    if (e && leaf) {
      const key = `${leaf}/${e[1]}`;
      if (table === 'Main') main.set(key, [...(main.get(key) ?? []), e[3]!.toLowerCase()]);
      if (e[3] === 'LOCAL' && e[1] === '32') local.add(leaf);
    }
  }
  return { main, local };
}

export interface ProcInput {
  /** Interfaces: from /sys/class/net (index, IFF_UP) or /proc/net/dev. */
  links: RawLink[];
  ifInet6: string | null;
  ipv6Route: string | null;
  route: string | null;
  fibTrie: string | null;
  /** os.networkInterfaces(): IPv4 addresses and the kernel's per-device order (up, running devices only). */
  netifs: NodeJS.Dict<NetworkInterfaceInfo[]>;
}

/** The proc reader's parsing, separate from file access so tests can feed it text. */
export function rawFromProc(input: ProcInput): Pick<RawHost, 'links' | 'addresses' | 'routes' | 'warnings' | 'notes'> {
  const warnings: string[] = [];
  const notes: string[] = [
    'read from /proc: route preferred sources (src), IPv4 deprecated flags and the IPv4 addresses of interfaces that are down or without carrier are not visible there',
  ];
  const links = input.links;
  const byName = new Map(links.map((l) => [l.name, l]));
  const addresses: RawAddress[] = [];
  const fib = input.fibTrie ? parseFibTrie(input.fibTrie) : null;

  // IPv6 addresses: flags from if_inet6; order from getifaddrs (kernel list order) where known.
  const inet6 = new Map<string, RawAddress[]>();
  for (const line of (input.ifInet6 ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    const ip = hex16(f[0]!);
    if (!ip) continue;
    const flags = parseInt(f[4]!, 16);
    const dev = f[5]!;
    const a: RawAddress = { dev, family: 6, local: formatIp(ip), prefixLen: parseInt(f[2]!, 16) };
    if (flags & IFA.TEMPORARY) a.temporary = true;
    if (flags & IFA.OPTIMISTIC) a.optimistic = true;
    if (flags & IFA.DADFAILED) a.dadfailed = true;
    if (flags & IFA.HOME) a.home = true;
    if (flags & IFA.DEPRECATED) a.deprecated = true;
    if (flags & IFA.TENTATIVE) a.tentative = true;
    inet6.set(dev, [...(inet6.get(dev) ?? []), a]);
  }

  // IPv4 routes first: they tell which IPv4 prefixes have a connected route.
  const routes: RawRoute[] = [];
  const v4Connected: { dev: string; cidr: Cidr; metric: number }[] = [];
  for (const line of (input.route ?? '').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, dstHex, gwHex, flagsHex, , , metricText, maskHex] = f as [string, string, string, string, string, string, string, string];
    const dst = hex4(dstHex);
    const gw = hex4(gwHex);
    const mask = hex4(maskHex);
    if (!dst || !gw || !mask) continue;
    const len = maskLength(mask);
    if (len === null) continue;
    const flags = parseInt(flagsHex, 16);
    const metric = Number(metricText);
    const key = `${dst}/${len}`;
    const fibTypes = fib?.main.get(key) ?? [];
    let type = 'unicast';
    if (flags & RTF_REJECT) {
      type = fibTypes.find((t) => t === 'unreachable' || t === 'prohibit') ?? 'unreachable';
      if (!fib) warnings.push(`route ${key}: rejects traffic; without /proc/net/fib_trie unreachable and prohibit look alike: read as unreachable`);
    } else if (iface === '*') {
      type = fibTypes.find((t) => t === 'blackhole' || t === 'throw') ?? 'blackhole';
    } else if (fibTypes.includes('local') && !fibTypes.includes('unicast')) {
      type = 'local';
    }
    const r: RawRoute = { family: 4, dst: len === 0 ? 'default' : len === 32 ? dst : key, type, kernel: false };
    if (type === 'unicast') {
      if (flags & RTF_GATEWAY) r.via = gw;
      if (iface !== '*') r.dev = iface;
    }
    if (metric !== 0) r.metric = metric;
    if (type === 'unicast' && !(flags & RTF_GATEWAY) && iface !== '*') v4Connected.push({ dev: iface, cidr: parseCidr(key)!, metric });
    routes.push(r);
  }

  const v6Routes: { dev: string; cidr: Cidr; metric: number; gateway: boolean }[] = [];
  for (const line of (input.ipv6Route ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const dst = hex16(f[0]!);
    const len = parseInt(f[1]!, 16);
    const srcLen = parseInt(f[3]!, 16);
    const next = hex16(f[4]!);
    const metric = parseInt(f[5]!, 16) >>> 0;
    const flags = parseInt(f[8]!, 16) >>> 0;
    const dev = f[9]!;
    if (!dst || !next) continue;
    if (flags & (RTF_LOCAL6 | RTF_CACHE6 | RTF_ANYCAST6)) continue;
    // The tree root's null entry, in every table.
    if (len === 0 && metric === 0xffffffff && flags & RTF_REJECT) continue;
    const cidr: Cidr = { ip: dst, len };
    // ff00::/8 on every up device: table local (addrconf_add_mroute), not visible as such here.
    if (len === 8 && dst.bytes[0] === 0xff && metric === 256 && !(flags & RTF_GATEWAY)) continue;
    const r: RawRoute = { family: 6, dst: len === 0 ? 'default' : len === 128 ? formatIp(dst) : `${formatIp(dst)}/${len}`, type: 'unicast', kernel: false, metric };
    if (flags & RTF_REJECT) {
      r.type = 'unreachable';
      warnings.push(`route ${r.dst}: rejects traffic; /proc/net/ipv6_route does not tell unreachable, prohibit and blackhole apart: read as unreachable`);
    } else {
      if (flags & RTF_GATEWAY) r.via = formatIp(next);
      r.dev = dev;
      v6Routes.push({ dev, cidr, metric, gateway: !!(flags & RTF_GATEWAY) });
    }
    if (srcLen !== 0) r.unsupported = 'it is a source-specific route (from …), which the format cannot say';
    routes.push(r);
  }
  if (input.ipv6Route) notes.push('/proc/net/ipv6_route lists the routes of every table, not only main');

  for (const l of links) {
    const listed = input.netifs[l.name] ?? [];
    // IPv4: getifaddrs lists addresses of up, running devices in the kernel's order.
    const v4: RawAddress[] = [];
    for (const n of listed) {
      if (n.family !== 'IPv4') continue;
      const len = n.cidr ? Number(n.cidr.split('/')[1]) : maskLength(n.netmask);
      if (len === null || !Number.isInteger(len)) continue;
      v4.push({ dev: l.name, family: 4, local: n.address, prefixLen: len });
    }
    if (l.up && !listed.length && fib) {
      // Up but not running (no carrier): getifaddrs skips it; its local addresses are still in
      // the FIB, and the connected route says which device and prefix.
      for (const addr of fib.local) {
        const ip = parseIp(addr)!;
        if (ip.bytes[12] === 127) continue;
        const c = v4Connected.filter((k) => k.dev === l.name && matchesPrefix(ip.bytes, k.cidr.ip.bytes, bits(k.cidr))).sort((a, b) => b.cidr.len - a.cidr.len)[0];
        if (c) v4.push({ dev: l.name, family: 4, local: addr, prefixLen: c.cidr.len });
      }
    }
    // IPv6: if_inet6 (hash order) re-ordered by getifaddrs' list.
    const six = inet6.get(l.name) ?? [];
    const order = listed.filter((n) => n.family === 'IPv6').map((n) => formatIp(parseIp(n.address.split('%')[0]!)!));
    const rank = (a: RawAddress) => {
      const i = order.indexOf(a.local);
      return i < 0 ? order.length : i;
    };
    const v6 = [...six].sort((a, b) => rank(a) - rank(b));
    if (six.length > 1 && six.some((a) => !order.includes(a.local))) {
      notes.push(`${l.name}: the kernel's order of some IPv6 addresses is unknown (the device is not running); it only matters for ties in the kernel's source choice`);
    }
    // noprefixroute is not in if_inet6's flag byte, nor in getifaddrs: an up device's address
    // without its connected route has it.
    for (const a of v4) {
      if (!l.up || a.prefixLen >= 32 || l.loopback) continue;
      const cidr = parseCidr(`${a.local}/${a.prefixLen}`)!;
      if (cidr.ip.bytes[12] === 0) continue;
      if (!v4Connected.some((k) => k.dev === l.name && samePrefix(k.cidr, cidr))) a.noprefixroute = true;
    }
    for (const a of v6) {
      if (!l.up || a.prefixLen >= 128 || l.loopback || a.tentative || a.dadfailed) continue;
      const cidr = parseCidr(`${a.local}/${a.prefixLen}`)!;
      if (!v6Routes.some((k) => k.dev === l.name && !k.gateway && samePrefix(k.cidr, cidr))) a.noprefixroute = true;
    }
    addresses.push(...v4, ...v6);
  }
  const down = links.filter((l) => !l.up && !l.loopback).map((l) => l.name);
  if (down.length) {
    warnings.push(`${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down: IPv4 addresses on a down interface are not visible in /proc (only \`ip\` shows them)`);
  }
  for (const dev of inet6.keys()) if (!byName.has(dev)) warnings.push(`IPv6 addresses on ${dev}, which is not among the interfaces read; left out`);

  // Connected routes: exactly what the kernel makes for an address (prefix, device, metric).
  for (const r of routes) {
    if (r.type !== 'unicast' || r.via !== undefined || r.dev === undefined || r.dst === 'default') continue;
    const cidr = parseCidr(r.dst);
    if (!cidr) continue;
    const metric = r.metric ?? 0;
    const fromAddress = addresses.some(
      (a) => a.dev === r.dev && a.family === r.family && !a.noprefixroute && a.prefixLen === cidr.len && samePrefix(parseCidr(`${a.local}/${a.prefixLen}`)!, cidr),
    );
    if (fromAddress && metric === KERNEL_METRIC[r.family]) r.kernel = true;
  }
  return { links, addresses, routes, warnings, notes };
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function procLinks(procRoot: string, sysRoot: string, warnings: string[]): RawLink[] {
  const dir = join(sysRoot, 'class/net');
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // no sysfs: fall back below
  }
  if (names.length) {
    const links: RawLink[] = [];
    for (const name of names) {
      const index = Number(readTrimmed(join(dir, name, 'ifindex')));
      const flags = parseInt(readTrimmed(join(dir, name, 'flags')) ?? '', 16);
      if (!Number.isInteger(index)) continue;
      links.push({ index, name, up: Number.isFinite(flags) ? (flags & 0x1) !== 0 : true, loopback: Number.isFinite(flags) ? (flags & 0x8) !== 0 : name === 'lo' });
    }
    return links;
  }
  // /proc/net/dev lists devices in the kernel's device-list order; ifindex and state are unknown.
  const dev = readOrNull(join(procRoot, 'net/dev'));
  if (!dev) throw new CaptureError(`cannot list interfaces: neither ${dir} nor ${join(procRoot, 'net/dev')} is readable`);
  warnings.push(`${dir} is not readable: interface order from ${join(procRoot, 'net/dev')}, every interface assumed up`);
  return dev
    .split('\n')
    .slice(2)
    .map((l) => /^\s*([^:\s]+):/.exec(l)?.[1])
    .filter((n): n is string => !!n)
    .map((name, i) => ({ index: i + 1, name, up: true, loopback: name === 'lo' }));
}

function captureWithProc(options: CaptureOptions): RawHost {
  const procRoot = options.procRoot ?? '/proc';
  const sysRoot = options.sysRoot ?? '/sys';
  const warnings: string[] = [];
  const links = procLinks(procRoot, sysRoot, warnings);
  const sys = readSysctls(procRoot, links.map((l) => l.name));
  const parts = rawFromProc({
    links,
    ifInet6: sys.ipv6 ? readOrNull(join(procRoot, 'net/if_inet6')) : null,
    ipv6Route: sys.ipv6 ? readOrNull(join(procRoot, 'net/ipv6_route')) : null,
    route: readOrNull(join(procRoot, 'net/route')),
    fibTrie: readOrNull(join(procRoot, 'net/fib_trie')),
    netifs: (options.networkInterfaces ?? (process.getBuiltinModule('node:os') as typeof import('node:os')).networkInterfaces)(),
  });
  if (parts.routes.length === 0 && readOrNull(join(procRoot, 'net/route')) === null) warnings.push(`${join(procRoot, 'net/route')} is not readable: no IPv4 routes`);
  return {
    method: 'proc',
    ...parts,
    ipv6: sys.ipv6,
    useTempaddr: sys.useTempaddr,
    disableIpv6: sys.disableIpv6,
    addrlabels: null,
    warnings: [...warnings, ...sys.warnings, ...parts.warnings],
  };
}

// ---------------------------------------------------------------------------------------------

/** The host this process runs on (its network namespace). Throws CaptureError when nothing works. */
export function captureLinuxHost(options: CaptureOptions = {}): CapturedHost {
  const source = options.source ?? 'auto';
  if (process.platform !== 'linux' && !options.procRoot) throw new CaptureError(`capturing the live host needs Linux, not ${process.platform}`);
  if (source === 'proc') return assembleHost(captureWithProc(options));
  try {
    return assembleHost(captureWithIp(options));
  } catch (e) {
    if (source === 'ip' || !(e instanceof CaptureError)) throw e;
    const out = assembleHost(captureWithProc(options));
    out.warnings.unshift(`\`ip\` could not be used (${e.message}); read /proc instead`);
    return out;
  }
}
