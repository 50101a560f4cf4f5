// The /proc reader: /proc/net/if_inet6, /proc/net/ipv6_route, /proc/net/route,
// /proc/net/fib_trie, /sys/class/net and os.networkInterfaces() (getifaddrs) → RawHost, for
// hosts without iproute2.
import { readdirSync, readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { formatIp } from '../address/format.js';
import { parseIp, type Ip } from '../address/ip.js';
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import { readSysctls, readTrimmed } from './host-sysctls.js';
import { sysctlFields } from '../host-json/sysctls.js';
import { bits, KERNEL_METRIC, parseCidr, samePrefix, type Cidr, type RawAddress, type RawHost, type RawLink, type RawRoute } from '../host-json/raw-host.js';
import { CaptureError, type CaptureOptions } from './capture-options.js';

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
export interface FibEntry {
  /** `addr/len`. */
  prefix: string;
  /** Scope name as fib_trie prints it (universe, link, host, …), `universe` read as `global`. */
  scope: string;
  /** Lower-case type (unicast, local, broadcast, throw, …). */
  type: string;
  /** A TOS the route is restricted to; 0 for none. */
  tos: number;
}

/** /proc/net/fib_trie: every table ("Local:", "Main:", "Id N:") with its entries. When no IPv4
 * rule was ever added, local and main share one trie and both headers print all of it (merged). */
export function parseFibTrie(text: string): { tables: Map<number, FibEntry[]>; merged: boolean; main: Map<string, string[]>; local: Set<string> } {
  const tables = new Map<number, FibEntry[]>();
  const sections = new Map<number, string[]>();
  let table: number | null = null;
  let leaf: string | null = null;
  for (const line of text.split('\n')) {
    const t = /^(\S.*):\s*$/.exec(line);
    if (t) {
      const name = t[1]!;
      table = name === 'Main' ? 254 : name === 'Local' ? 255 : /^Id (\d+)$/.test(name) ? Number(name.slice(3)) : null;
      if (table !== null && !tables.has(table)) {
        tables.set(table, []);
        sections.set(table, []);
      }
      leaf = null;
      continue;
    }
    if (table === null) continue;
    sections.get(table)!.push(line);
    const l = /\|--\s+(\d+\.\d+\.\d+\.\d+)\s*$/.exec(line);
    if (l) {
      leaf = l[1]!;
      continue;
    }
    const e = /^\s+\/(\d+)\s+(\S+)\s+(\S+)(?:\s+tos[=\s](\d+))?/.exec(line);
    if (e && leaf) {
      const scope = e[2] === 'universe' ? 'global' : e[2]!;
      tables.get(table)!.push({ prefix: `${leaf}/${e[1]}`, scope, type: e[3]!.toLowerCase(), tos: e[4] ? Number(e[4]) : 0 });
    }
  }
  const merged = sections.has(254) && sections.has(255) && sections.get(254)!.join('\n') === sections.get(255)!.join('\n');
  const main = new Map<string, string[]>();
  for (const e of tables.get(254) ?? []) main.set(e.prefix, [...(main.get(e.prefix) ?? []), e.type]);
  const local = new Set<string>();
  for (const e of tables.get(255) ?? tables.get(254) ?? []) if (e.type === 'local' && e.prefix.endsWith('/32')) local.add(e.prefix.slice(0, -3));
  return { tables, merged, main, local };
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
export function rawFromProc(input: ProcInput): Pick<RawHost, 'links' | 'addresses' | 'routes' | 'warnings' | 'notes' | 'ipv4RulesUntouched'> {
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

  // IPv4 routes of main first (/proc/net/route): they tell which prefixes have a connected route.
  const routes: RawRoute[] = [];
  const v4Connected: { dev: string; cidr: Cidr; metric: number }[] = [];
  const mainEntries = fib ? [...((fib.merged ? fib.tables.get(255) : fib.tables.get(254)) ?? [])] : [];
  const takeEntry = (prefix: string, want: (e: FibEntry) => boolean): FibEntry | undefined => {
    const i = mainEntries.findIndex((e) => e.prefix === prefix && want(e));
    return i < 0 ? undefined : mainEntries.splice(i, 1)[0];
  };
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
    let entry: FibEntry | undefined;
    if (flags & RTF_REJECT) {
      entry = takeEntry(key, (e) => e.type === 'unreachable' || e.type === 'prohibit');
      if (!fib) warnings.push(`route ${key}: rejects traffic; without /proc/net/fib_trie unreachable and prohibit look alike: read as unreachable`);
    } else if (iface === '*') {
      entry = takeEntry(key, (e) => e.type === 'blackhole' || e.type === 'throw');
    } else {
      // fib_trie has the type (a nexthop object's blackhole is printed with device lo).
      entry = takeEntry(key, (e) => e.type === 'unicast') ?? takeEntry(key, (e) => e.type !== 'broadcast');
    }
    let type = entry?.type ?? (flags & RTF_REJECT ? 'unreachable' : iface === '*' ? 'blackhole' : 'unicast');
    // A blackhole nexthop object (`nhid`) shows as a unicast route through lo of universe scope.
    const nexthopBlackhole = type === 'unicast' && byName.get(iface)?.loopback === true && !(flags & RTF_GATEWAY) && entry?.scope === 'global';
    if (nexthopBlackhole) type = 'blackhole';
    const r: RawRoute = { family: 4, dst: len === 0 ? 'default' : len === 32 ? dst : key, table: 254, type, kernel: false, srcUnknown: true };
    if (entry && entry.scope !== 'global') r.scope = entry.scope;
    if (nexthopBlackhole) r.caveat = 'read as blackhole: /proc shows a blackhole nexthop object as a route through lo of universe scope';
    if (entry && entry.tos) r.unsupported = `it matches TOS ${entry.tos} only (getaddrinfo's probes send TOS 0), and the format has no route TOS`;
    if (type === 'unicast' || type === 'local') {
      if (flags & RTF_GATEWAY) {
        // An IPv6 gateway (RFC 5549) is printed as 0.0.0.0: which one /proc does not say. A device
        // route of universe scope picks its source the same way.
        if (gw === '0.0.0.0') {
          r.scope = entry?.scope ?? 'global';
          r.caveat = 'its gateway is IPv6 (RFC 5549), which /proc/net/route prints as 0.0.0.0: read as a device route of the same scope, which picks the same source';
        } else r.via = gw;
      }
      if (iface !== '*') r.dev = iface;
    }
    if (metric !== 0) r.metric = metric;
    if (type === 'unicast' && !(flags & RTF_GATEWAY) && iface !== '*') v4Connected.push({ dev: iface, cidr: parseCidr(key)!, metric });
    routes.push(r);
  }
  if (fib) {
    // The local table (in a merged trie: what /proc/net/route did not claim), and every other
    // table: table, type, prefix and scope only.
    const rest = fib.merged ? mainEntries : (fib.tables.get(255) ?? []);
    for (const [table, entries] of [[255, rest] as const, ...[...fib.tables.entries()].filter(([t]) => t !== 254 && t !== 255)]) {
      for (const e of entries) {
        const [addr, len] = e.prefix.split('/');
        const r: RawRoute = { family: 4, dst: len === '0' ? 'default' : len === '32' ? addr! : e.prefix, table, type: e.type, kernel: false, partial: true };
        r.scope = e.scope;
        if (e.tos) r.unsupported = `it matches TOS ${e.tos} only (getaddrinfo's probes send TOS 0), and the format has no route TOS`;
        routes.push(r);
      }
    }
  }

  // IPv6 (/proc/net/ipv6_route): every table in one list, without the table.
  const v6Routes: { dev: string; cidr: Cidr; metric: number; gateway: boolean }[] = [];
  const loPrefixes = new Set<string>();
  for (const [dev, list] of inet6) {
    if (!byName.get(dev)?.loopback) continue;
    for (const a of list) {
      const c = parseCidr(`${a.local}/${a.prefixLen}`)!;
      loPrefixes.add(`${formatIp({ family: 6, bytes: maskBytes(c.ip.bytes, c.len) })}/${c.len}`);
    }
  }
  let previous: { key: string; route: RawRoute } | null = null;
  let otherTables = false;
  for (const line of (input.ipv6Route ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    const dst = hex16(f[0]!);
    const len = parseInt(f[1]!, 16);
    const src = hex16(f[2]!);
    const srcLen = parseInt(f[3]!, 16);
    const next = hex16(f[4]!);
    const metric = parseInt(f[5]!, 16) >>> 0;
    const flags = parseInt(f[8]!, 16) >>> 0;
    const dev = f[9]!;
    if (!dst || !next || !src) continue;
    if (flags & RTF_CACHE6) continue;
    // The tree root's null entry, in every table.
    if (len === 0 && srcLen === 0 && metric === 0xffffffff && flags & RTF_REJECT) continue;
    const cidr: Cidr = { ip: dst, len };
    const dstText = len === 0 ? 'default' : len === 128 ? formatIp(dst) : `${formatIp(dst)}/${len}`;
    const r: RawRoute = { family: 6, dst: dstText, table: 254, type: 'unicast', kernel: false, metric };
    if (srcLen !== 0) r.from = `${formatIp(src)}/${srcLen}`;
    if (flags & RTF_LOCAL6) {
      r.table = 255;
      r.type = 'local';
      r.dev = dev;
      // The kernel's own: an address's /128, metric 0.
      if (metric === 0 && len === 128) r.kernel = true;
    } else if (flags & RTF_ANYCAST6) {
      r.table = 255;
      r.type = 'anycast';
      r.dev = dev;
      r.kernel = metric === 0;
    } else if (len === 8 && dst.bytes[0] === 0xff && metric === 256 && !(flags & RTF_GATEWAY)) {
      // ff00::/8 on every up device: table local (addrconf_add_mroute).
      r.table = 255;
      r.type = 'multicast';
      r.dev = dev;
      r.kernel = true;
    } else if (flags & RTF_REJECT) {
      // The kernel turns a route through lo into a reject route internally, and /proc shows its
      // flag: a prefix route of lo's own address is unicast `dev lo`.
      const prefix = `${formatIp({ family: 6, bytes: maskBytes(dst.bytes, len) })}/${len}`;
      if (byName.get(dev)?.loopback && metric === 256 && loPrefixes.has(prefix) && srcLen === 0) {
        r.dev = dev;
        r.kernel = true;
      } else {
        r.type = 'unreachable';
        warnings.push(`route ${r.dst}: rejects traffic; /proc/net/ipv6_route does not tell unreachable, prohibit, blackhole, throw and a route through lo apart: read as unreachable`);
      }
    } else {
      if (flags & RTF_GATEWAY) r.via = formatIp(next);
      r.dev = dev;
      v6Routes.push({ dev, cidr, metric, gateway: !!(flags & RTF_GATEWAY) });
    }
    if (r.table === 254 && r.type === 'unicast') {
      // Multipath hops (siblings) follow one another: same destination, source and metric.
      const key = `${r.dst}|${r.from ?? ''}|${metric}`;
      if (previous && previous.key === key && r.via !== undefined && (previous.route.via !== undefined || previous.route.nexthops)) {
        const p = previous.route;
        p.nexthops ??= [{ via: p.via!, dev: p.dev!, weight: 1 }];
        p.nexthops.push({ via: r.via, dev: r.dev!, weight: 1 });
        delete p.via;
        delete p.dev;
        p.caveat = 'a multipath route: /proc/net/ipv6_route does not show the hops\' weights (read as 1)';
        continue;
      }
      if (previous && previous.key === key) otherTables = true;
      previous = { key, route: r };
    } else previous = null;
    routes.push(r);
  }
  if (otherTables) notes.push('/proc/net/ipv6_route lists the same route more than once: it is in several tables, which /proc does not name');

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
      // A tentative (or dadfailed) address has its prefix route too (inet6_addr_add makes it).
      if (!l.up || a.prefixLen >= 128 || l.loopback) continue;
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
  // What /proc cannot show at all.
  const untouched = fib?.merged === true;
  const blind = [
    `the policy rules (\`ip rule\`): the capture assumes the kernel's default rules${untouched ? ' (for IPv4 that holds unless a default rule was deleted: no IPv4 rule was ever added, fib_trie\'s local and main tables are still merged)' : ''}`,
    ...(input.ipv6Route ? ['the table of an IPv6 route (every IPv6 route outside the local table is read as one of main)'] : []),
    'the next hops of an IPv4 multipath route beyond the first',
    'IPv4 address scopes and point-to-point peers, and the device and gateway of IPv4 routes outside main',
    'rows added to the kernel\'s address label table (`ip addrlabel`)',
  ];
  warnings.push(`read from /proc, which cannot show ${blind.join('; ')}: use \`ip\` (iproute2) to capture them`);
  return { links, addresses, routes, warnings, notes, ipv4RulesUntouched: untouched };
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
      const link: RawLink = { index, name, up: Number.isFinite(flags) ? (flags & 0x1) !== 0 : true, loopback: Number.isFinite(flags) ? (flags & 0x8) !== 0 : name === 'lo' };
      // sysfs `flags` is dev->flags, without IFF_LOWER_UP; `carrier` is unreadable while down.
      const carrier = readTrimmed(join(dir, name, 'carrier'));
      if (carrier === '1' || carrier === '0') link.carrier = carrier === '1';
      const group = readTrimmed(join(dir, name, 'netdev_group'));
      if (group !== null && /^\d+$/.test(group)) link.group = Number(group);
      const kind = /^DEVTYPE=(\S+)$/m.exec(readTrimmed(join(dir, name, 'uevent')) ?? '')?.[1];
      if (kind !== undefined) link.kind = kind;
      links.push(link);
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
    ...sysctlFields(sys),
    rules: null,
    addrlabels: null,
    warnings: [...warnings, ...sys.warnings, ...parts.warnings],
  };
}
export { captureWithProc };
