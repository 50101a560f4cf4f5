// Scenario host → kernel state, mirroring what `ip` and the kernel do when the differential
// suite's host builder creates it (test/differential/netns.ts): the implicit lo, each
// interface as one end of a veth pair, kernel-created local/broadcast/connected routes
// (net/ipv4/fib_frontend.c fib_add_ifaddr, net/ipv6/addrconf.c), then the scenario's routes.
import { parseIp, type Ip } from '../address/ip.js';
import { maskBytes, matchesPrefix } from '../address/prefix.js';
import type { ScenarioAddress, ScenarioHost, ScenarioRoute } from '../scenario/types.js';
import type { Host, HostAddress, HostInterface, HostRoute } from './model.js';

function parseCidr(text: string): { ip: Ip; len: number } {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) throw new Error(`bad address ${text}`);
  const len = slash < 0 ? (ip.family === 4 ? 32 : 128) : Number(text.slice(slash + 1));
  return { ip, len };
}

const bits128 = (ip: Ip, len: number) => (ip.family === 4 ? 96 + len : len);

function addressObject(a: ScenarioAddress) {
  return typeof a === 'string' ? { address: a } : a;
}

export function buildHost(spec: ScenarioHost): Host {
  const ipv6 = spec.ipv6 !== false;
  const interfaces: HostInterface[] = [{ name: 'lo', index: 1, up: true, loopback: true, ipv6 }];
  const addresses: HostAddress[] = [];
  let seq = 0;
  const add = (ip: Ip, prefixLen: number, ifindex: number, o: Partial<HostAddress>) => {
    const secondary =
      ip.family === 4 &&
      addresses.some(
        (e) =>
          e.ifindex === ifindex &&
          e.ip.family === 4 &&
          e.prefixLen === prefixLen &&
          matchesPrefix(e.ip.bytes, ip.bytes, 96 + prefixLen),
      );
    addresses.push({
      ip,
      prefixLen,
      ifindex,
      deprecated: !!o.deprecated,
      home: !!o.home,
      temporary: !!o.temporary,
      optimistic: !!o.optimistic,
      noprefixroute: !!o.noprefixroute,
      secondary,
      seq: seq++,
    });
  };
  add(parseIp('127.0.0.1')!, 8, 1, {});
  if (ipv6) add(parseIp('::1')!, 128, 1, {});

  spec.interfaces.forEach((itf, i) => {
    // The host builder pins ifindexes: lo 1, then the scenario's interfaces in order.
    const index = 2 + i;
    interfaces.push({ name: itf.name, index, up: itf.up !== false, loopback: false, ipv6 });
    for (const raw of itf.addresses) {
      const a = addressObject(raw);
      const { ip, len } = parseCidr(a.address);
      if (ip.family === 6 && !ipv6) continue;
      add(ip, len, index, a);
    }
  });

  const routes: HostRoute[] = [];
  const upIndex = new Set(interfaces.filter((x) => x.up).map((x) => x.index));
  for (const a of addresses) {
    if (!upIndex.has(a.ifindex)) {
      // An address on a down interface keeps its local route (IPv4: fib_add_ifaddr adds it
      // before it checks IFF_UP), so the host still reaches its own address (observed:
      // gen-132-2-mixer, and IPv6 likewise); the connected prefix route is not there.
      const own = a.ip.family === 4 ? ipv4AddressRoutes(a, addresses) : ipv6AddressRoutes(a);
      routes.push(...own.filter((r) => r.type === 'local' && r.length === 128));
      continue;
    }
    if (a.ip.family === 4) routes.push(...ipv4AddressRoutes(a, addresses));
    else routes.push(...ipv6AddressRoutes(a));
  }
  // Every up, multicast-capable device with IPv6 gets ff00::/8 in table local (addrconf_add_mroute).
  if (ipv6)
    for (const itf of interfaces)
      if (itf.up && !itf.loopback)
        routes.push(route(6, 'local', 'multicast', parseIp('ff00::')!.bytes, 8, 256, itf.index, null, null, 'universe', null));

  const byName = new Map(interfaces.map((x) => [x.name, x.index]));
  spec.routes?.forEach((r, i) => routes.push(...scenarioRoutes(r, i, byName, routes, ipv6)));
  return { interfaces, addresses, routes, ipv6, useTempaddr: spec.useTempaddr ?? 0 };
}

function route(
  family: 4 | 6,
  table: 'local' | 'main',
  type: HostRoute['type'],
  prefix: Uint8Array,
  length: number,
  metric: number,
  dev: number | null,
  via: Ip | null,
  src: Ip | null,
  scope: HostRoute['scope'],
  origin: number | null,
): HostRoute {
  return { family, table, type, prefix: maskBytes(prefix, length), length, metric, dev, via, src, scope, origin };
}

function ipv4AddressRoutes(a: HostAddress, all: readonly HostAddress[]): HostRoute[] {
  const out: HostRoute[] = [];
  const len = 96 + a.prefixLen;
  // The local route's preferred source is the subnet's primary address (fib_add_ifaddr `prim`).
  const primary = a.secondary
    ? all.find((e) => e.ifindex === a.ifindex && e.ip.family === 4 && !e.secondary && e.prefixLen === a.prefixLen && matchesPrefix(e.ip.bytes, a.ip.bytes, len))
    : a;
  const prim = primary?.ip ?? a.ip;
  const loopbackDev = a.ifindex === 1;
  out.push(route(4, 'local', 'local', a.ip.bytes, 128, 0, a.ifindex, null, prim, 'host', null));
  if (a.secondary) return out;
  const prefix = maskBytes(a.ip.bytes, len);
  const zeronet = prefix[12] === 0;
  if (!zeronet && a.prefixLen < 32 && !a.noprefixroute) {
    out.push(route(4, loopbackDev ? 'local' : 'main', loopbackDev ? 'local' : 'unicast', prefix, len, 0, a.ifindex, null, a.ip, loopbackDev ? 'host' : 'link', null));
  }
  if (a.prefixLen < 31) {
    const bcast = new Uint8Array(prefix);
    for (let bit = len; bit < 128; bit++) bcast[bit >> 3]! |= 0x80 >> (bit & 7);
    out.push(route(4, 'local', 'broadcast', bcast, 128, 0, a.ifindex, null, a.ip, 'link', null));
  }
  return out;
}

function ipv6AddressRoutes(a: HostAddress): HostRoute[] {
  const out = [route(6, 'local', 'local', a.ip.bytes, 128, 0, a.ifindex, null, null, 'universe', null)];
  if (a.prefixLen < 128 && !a.noprefixroute && a.ifindex !== 1)
    out.push(route(6, 'main', 'unicast', a.ip.bytes, a.prefixLen, 256, a.ifindex, null, null, 'universe', null));
  return out;
}

function scenarioRoutes(
  r: ScenarioRoute,
  origin: number,
  byName: Map<string, number>,
  existing: readonly HostRoute[],
  ipv6: boolean,
): HostRoute[] {
  const via = r.via ? parseIp(r.via) : null;
  const src = r.src ? parseIp(r.src) : null;
  const dev = r.dev ? (byName.get(r.dev) ?? null) : null;
  let families: (4 | 6)[];
  let dst: { ip: Ip; len: number } | null = null;
  if (r.to === 'default') {
    const hint = via ?? src;
    families = hint ? [hint.family] : ipv6 ? [4, 6] : [4];
  } else {
    dst = parseCidr(r.to);
    families = [dst.ip.family];
  }
  const type = r.type ?? 'unicast';
  return families.map((family) => {
    const prefix = dst ? dst.ip.bytes : family === 4 ? parseIp('0.0.0.0')!.bytes : new Uint8Array(16);
    const length = dst ? bits128(dst.ip, dst.len) : family === 4 ? 96 : 0;
    const metric = r.metric ?? (family === 4 ? 0 : 1024);
    if (type !== 'unicast') return route(family, 'main', type, prefix, length, metric, null, null, null, 'universe', origin);
    // A gateway without `dev` resolves through the connected route that holds it.
    const outDev = dev ?? (via ? gatewayDevice(via, existing) : null);
    const scope = via ? 'universe' : 'link';
    return route(family, 'main', 'unicast', prefix, length, metric, outDev, via, src, scope, origin);
  });
}

function gatewayDevice(gw: Ip, routes: readonly HostRoute[]): number | null {
  let best: HostRoute | null = null;
  for (const r of routes)
    if (r.family === gw.family && r.table === 'main' && r.type === 'unicast' && !r.via && matchesPrefix(gw.bytes, r.prefix, r.length))
      if (!best || r.length > best.length) best = r;
  return best?.dev ?? null;
}
