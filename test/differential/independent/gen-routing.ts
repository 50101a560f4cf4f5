// Random routes (every type, table, metric, src, from, nexthops, scope), rules (every selector and
// action) and address labels over a generated host. It avoids what the kernel refuses outright:
// routes through a link that is down or without IPv6, gateways outside every connected prefix,
// two routes with one (table, prefix, metric).
import { format, host, net, netText, randomIn, type Fam, type Net } from './addr.js';
import type { GenAddr, GenHost, GenIface } from './gen-host.js';
import type { Rng } from './rng.js';

export interface Routing {
  routes: Record<string, unknown>[];
  rules: Record<string, unknown>[];
  addrlabels: Record<string, unknown>[];
  /** Destination prefixes the records should fall into. */
  targets: Net[];
  uid?: number;
}

const V4_DST = ['203.0.113.0/24', '198.51.100.128/25', '8.8.8.0/24', '10.0.0.0/8', '0.0.0.0/1', '100.64.0.0/10', '192.0.2.64/26'];
const V6_DST = ['2001:db8:99::/48', '2606:4700::/32', '2000::/3', 'fd00::/8', '64:ff9b::/96', '::/1', '2001:db8::/32', 'fd00:99::/64'];
const TABLES = [undefined, undefined, undefined, 'main', 'default', 100, 100, 200, 'local'] as const;
const METRICS = [undefined, undefined, undefined, 0, 1, 10, 100, 256, 1024, 2000];

const connected = (a: GenAddr): Net | undefined => (a.peer ? a.peer : a.noprefixroute || a.len === (a.fam === 4 ? 32 : 128) ? undefined : a.net);
const toNet = (s: string): Net => net(s.includes(':') ? 6 : 4, s.split('/')[0]!, Number(s.split('/')[1]));

export function genRouting(rng: Rng, h: GenHost): Routing {
  const up = h.ifaces.filter((i) => i.up && i.name !== 'lo');
  const own = new Set(h.ifaces.flatMap((i) => i.addrs.map((a) => `${a.fam}/${a.value}`)));
  const used = new Set<string>();
  const key = (f: Fam, table: unknown, n: Net, metric: number | undefined) =>
    // IPv6 metric 0 is the kernel's 1024 (ip6_route_info_create).
    `${f}|${table === undefined || table === 'main' ? 'main' : String(table)}|${netText(n)}|${metric || (f === 4 ? 0 : 1024)}`;
  for (const i of h.ifaces) for (const a of i.addrs) {
    const c = connected(a);
    if (c && i.up) used.add(key(a.fam, 'main', c, a.fam === 4 ? 0 : 256));
    used.add(key(a.fam, 'local', net(a.fam, a.value, a.fam === 4 ? 32 : 128), 0));
  }
  /** A gateway on an up interface of family f: [gateway, interface]. */
  const gateway = (f: Fam, ifs: GenIface[] = up): [string, GenIface] | undefined => {
    const opts: [string, GenIface][] = [];
    for (const i of ifs) {
      if (f === 6 && i.v6 && rng.chance(0.5)) opts.push([`fe80::${rng.int(1, 9)}`, i]);
      for (const a of i.addrs) {
        const c = connected(a);
        if (!c || a.fam !== f || (f === 6 && a.tentative)) continue;
        // Not the IPv4 broadcast address (the kernel refuses it as a gateway).
        const room = f === 4 && c.len < 31 ? Math.min(3, 2 ** (32 - c.len) - 2) : 3;
        const g = a.peer ? a.peer.base : host(c, BigInt(rng.int(1, room)));
        if (!own.has(`${f}/${g}`) && g !== c.base) opts.push([format(f, g), i]);
      }
    }
    return opts.length ? rng.pick(opts) : undefined;
  };
  const src = (f: Fam): string | undefined => {
    // Not link-local: the kernel takes one only on its own device.
    const as = up.flatMap((i) => i.addrs).filter((a) => a.fam === f && !a.tentative && a.iface !== 'lo' && !(f === 6 && a.value >> 118n === 0x3fan));
    return as.length ? format(f, rng.pick(as).value) : undefined;
  };
  const targets: Net[] = [];
  const routes: Record<string, unknown>[] = [];
  const fams: Fam[] = h.ipv6 ? [4, 6] : [4];
  for (let n = rng.int(0, 6); n > 0; n--) {
    const f = rng.pick(fams);
    const v6ok = (i: GenIface) => f === 4 || i.v6;
    const devs = up.filter(v6ok);
    const r: Record<string, unknown> = {};
    const kind = rng.int(0, 9);
    let dst: Net = rng.chance(0.35) ? net(f, 0n, 0) : toNet(rng.pick(f === 4 ? V4_DST : V6_DST));
    let familyless = false;
    if (kind <= 3) {
      // Unicast via a gateway, or on-link through a device.
      const g = gateway(f, devs);
      if (kind <= 1 && g) {
        r.via = g[0];
        if (g[0].startsWith('fe80') || rng.chance(0.5)) r.dev = g[1].name;
      } else if (devs.length) {
        r.dev = rng.pick(devs).name;
        familyless = dst.len === 0 && rng.chance(0.5) && (!h.ipv6 || !!up.find((i) => i.name === r.dev)?.v6);
        if (!familyless && rng.chance(0.2)) r.scope = rng.pick(['link', 'global', 'host']);
      } else continue;
      if (!familyless && rng.chance(0.3)) r.src = src(f);
    } else if (kind === 4) {
      r.type = rng.pick(['unreachable', 'blackhole', 'prohibit', 'throw']);
      familyless = dst.len === 0 && rng.chance(0.4);
    } else if (kind === 5) {
      // IPv6 refuses a route through a lo without IPv6 or down ("Nexthop device is not up").
      const lo = h.ifaces.find((i) => i.name === 'lo');
      if (f === 6 && (lo?.v6 === false || lo?.up === false)) continue;
      r.type = 'local';
      r.dev = 'lo';
      dst = net(f, randomIn(dst, () => rng.next()), f === 4 ? rng.pick([32, 28, 24]) : rng.pick([128, 120, 64]));
    } else if (kind === 6) {
      // Multipath over distinct gateways.
      const hops: Record<string, unknown>[] = [];
      const seen = new Set<string>();
      for (let k = 0; k < 3; k++) {
        const g = gateway(f, devs);
        if (!g || seen.has(g[0] + g[1].name)) continue;
        seen.add(g[0] + g[1].name);
        const hop: Record<string, unknown> = { via: g[0], dev: g[1].name };
        if (rng.chance(0.3)) hop.weight = rng.int(1, 5);
        hops.push(hop);
      }
      if (hops.length < 2) continue;
      r.nexthops = hops;
    } else if (kind === 7 && f === 4) {
      // RFC 5549: an IPv4 route through an IPv6 link-local gateway.
      const d = up.filter((i) => i.v6);
      if (!d.length) continue;
      r.via = `fe80::${rng.int(1, 9)}`;
      r.dev = rng.pick(d).name;
    } else if (kind === 8 && f === 6) {
      // Source-specific (OpenWrt).
      const mine = up.flatMap((i) => i.addrs).filter((a) => a.fam === 6);
      const g = gateway(6, devs);
      if (!mine.length || !g) continue;
      r.from = netText(net(6, rng.pick(mine).value, rng.pick([48, 56, 64, 128])));
      r.via = g[0];
      r.dev = g[1].name;
    } else {
      const g = gateway(f, devs);
      if (!g) continue;
      r.via = g[0];
      r.dev = g[1].name;
    }
    // The kernel refuses most gateways of a route in table local (the gateway is looked up there).
    const table = r.via !== undefined || r.nexthops ? rng.pick(TABLES.filter((t) => t !== 'local')) : rng.pick(TABLES);
    const metric = rng.pick(METRICS);
    const ks = familyless ? [key(4, table, net(4, 0n, 0), metric), key(6, table, net(6, 0n, 0), metric)] : [key(f, table, dst, metric)];
    if (ks.some((k) => used.has(k))) continue;
    ks.forEach((k) => used.add(k));
    if (table !== undefined) r.table = table;
    if (metric !== undefined) r.metric = metric;
    const explicit = !familyless && dst.len === 0 && r.via === undefined && r.src === undefined && r.from === undefined && !r.nexthops;
    const v4via6 = f === 4 && typeof r.via === 'string' && r.via.includes(':');
    r.to = dst.len === 0 && !explicit && !v4via6 && rng.chance(0.8) ? 'default' : netText(dst);
    if (r.src === undefined) delete r.src;
    routes.push({ to: r.to, ...r });
    targets.push(dst);
  }
  return { routes, ...genRules(rng, h, fams), targets };
}

function genRules(rng: Rng, h: GenHost, fams: Fam[]): Omit<Routing, 'routes' | 'targets'> {
  const rules: Record<string, unknown>[] = [];
  let uid: number | undefined;
  const prios = new Set<number>();
  const mine = h.ifaces.flatMap((i) => i.addrs);
  for (let n = rng.chance(0.5) ? rng.int(1, 4) : 0; n > 0; n--) {
    const r: Record<string, unknown> = {};
    const f = rng.pick(fams);
    if (rng.chance(0.35)) r.family = f;
    if (rng.chance(0.5)) {
      let p = rng.int(1, 32000);
      while (prios.has(p)) p++;
      prios.add(p);
      r.priority = p;
    }
    if (rng.chance(0.1)) r.not = true;
    const prefix = (): string => {
      const a = mine.filter((x) => x.fam === f);
      if (a.length && rng.chance(0.6)) { const x = rng.pick(a); return netText(net(f, x.value, rng.pick(f === 4 ? [32, 24, 16] : [128, 64, 48]))); }
      return rng.pick(f === 4 ? V4_DST : V6_DST);
    };
    if (rng.chance(0.25)) r.from = prefix();
    if (rng.chance(0.25)) r.to = prefix();
    if (r.from || r.to) r.family = f;
    if (rng.chance(0.12)) (r.fwmark = rng.pick([51820, '0x80000/0xff0000'])), rng.chance(0.6) && (r.not = true);
    if (rng.chance(0.1)) r.iif = 'lo';
    if (rng.chance(0.04) && h.ifaces.length) r.oif = rng.pick(h.ifaces).name;
    if (rng.chance(0.1)) (r.uidrange = rng.pick(['0-0', '1000-1999', '0-65535'])), (uid = rng.pick([0, 1000, 1500]));
    if (rng.chance(0.08)) r.ipproto = rng.pick(['udp', 'tcp', 'icmp', 17]);
    if (rng.chance(0.05)) r.sport = rng.pick(['1-65534', '32768-60999', 53]);
    if (rng.chance(0.05)) r.dport = rng.pick(['1-65534', 9, '1-1024']);
    if (rng.chance(0.04)) r.tos = rng.pick([0x10, 0x08, 0x04]);
    const act = rng.int(0, 19);
    if (act <= 13) r.table = rng.pick(['main', 'local', 'default', 100, 100, 200]);
    else if (act === 14) r.action = 'nop';
    else if (act === 15 && typeof r.priority === 'number' && r.priority < 32000) r.goto = rng.int(r.priority + 1, 32766);
    else r.action = rng.pick(['unreachable', 'prohibit', 'blackhole']);
    if (!r.action && !r.goto && rng.chance(0.2)) r.suppressPrefixlength = rng.pick([0, 0, 8, 32, 64]);
    if (!r.action && !r.goto && rng.chance(0.05)) r.suppressIfgroup = rng.int(1, 4);
    rules.push(r);
  }
  const addrlabels: Record<string, unknown>[] = [];
  if (h.ipv6) for (let n = rng.chance(0.2) ? rng.int(1, 2) : 0; n > 0; n--) {
    const l: Record<string, unknown> = { prefix: rng.pick(['2001:db8:99::/48', 'fd00::/8', '2001:db8::/32', '::ffff:0:0/96', '2606:4700::/32', '::/0']), label: rng.pick([1, 4, 5, 99, 100]) };
    if (rng.chance(0.3) && h.ifaces.some((i) => i.v6)) l.dev = rng.pick(h.ifaces.filter((i) => i.v6)).name;
    if (!addrlabels.some((x) => x.prefix === l.prefix && x.dev === l.dev)) addrlabels.push(l);
  }
  return { rules, addrlabels, ...(uid !== undefined ? { uid } : {}) };
}
