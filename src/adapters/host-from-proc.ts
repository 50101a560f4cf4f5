// The /proc reader: /proc/net/if_inet6, /proc/net/ipv6_route, /proc/net/route,
// /proc/net/fib_trie, /sys/class/net and os.networkInterfaces() (getifaddrs) → RawHost, for
// hosts without iproute2.
import { readdirSync, readFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import { formatIp } from '../address/format.js';
import { parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import { readSysctls, readTrimmed } from './host-sysctls.js';
import { bits, CaptureError, KERNEL_METRIC, parseCidr, samePrefix, type CaptureOptions, type Cidr, type RawAddress, type RawHost, type RawLink, type RawRoute } from './raw-host.js';

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
export { captureWithProc };
