// Random interfaces and addresses using every documented interface and address key.
import { format, net, randomIn, type Fam, type Net } from './addr.js';
import type { Rng } from './rng.js';

export interface GenAddr {
  fam: Fam;
  value: bigint;
  len: number;
  net: Net;
  iface: string;
  tentative: boolean;
  optimistic: boolean;
  deprecated: boolean;
  noprefixroute: boolean;
  scope?: string;
  peer?: Net;
}
export interface GenIface {
  name: string;
  up: boolean;
  /** IPv6 on (host ipv6 and no disableIpv6). */
  v6: boolean;
  addrs: GenAddr[];
  json: Record<string, unknown>;
}
export interface GenHost {
  ipv6: boolean;
  ifaces: GenIface[];
  json: Record<string, unknown>;
}

const V4_BASES = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '10.1.0.0/16', '10.2.0.0/16', '172.16.5.0/24', '100.64.0.0/16', '192.168.1.0/24', '169.254.0.0/16'];
const V6_BASES = ['2001:db8:1::/48', '2001:db8:2::/48', 'fd00:1::/48', 'fd00:2::/48', 'fe80::/64', 'fec0:1::/48', '2002:c000:201::/48', '2001:0:53aa::/48', '2606:4700:1::/48'];
const NAMES = ['eth0', 'eth1', 'wg0', 'docker0', 'ppp0', 'wlan0', 'br-lan', 'tun_x'];

function pickLen(rng: Rng, f: Fam, baseLen: number): number {
  const opts = f === 4 ? [baseLen, 24, 24, 28, 30, 31, 32] : [64, 64, 64, 48, 56, 120, 127, 128];
  return Math.max(baseLen, rng.pick(opts));
}

function makeAddr(rng: Rng, f: Fam, base: string, iface: string, v6Tentative: boolean): GenAddr {
  const [b, l] = base.split('/');
  const baseNet = net(f, b!, Number(l));
  const len = pickLen(rng, f, baseNet.len);
  const sub = net(f, randomIn(baseNet, () => rng.next()), len);
  const value = randomIn(sub, () => rng.next());
  return {
    fam: f,
    value,
    len,
    net: sub,
    iface,
    tentative: f === 6 && v6Tentative && rng.chance(0.3),
    optimistic: false,
    deprecated: rng.chance(0.1),
    noprefixroute: rng.chance(0.1),
  };
}

function addrJson(a: GenAddr, rng: Rng): unknown {
  const text = `${format(a.fam, a.value)}/${a.len}`;
  const o: Record<string, unknown> = { address: text };
  if (a.deprecated) o.deprecated = true;
  if (a.noprefixroute) o.noprefixroute = true;
  if (a.tentative) o.tentative = true;
  if (a.optimistic) o.optimistic = true;
  if (a.fam === 6 && rng.chance(0.08)) o.home = true;
  if (a.scope) o.scope = a.scope;
  if (a.peer) o.peer = `${format(a.peer.fam, a.peer.base)}/${a.peer.len}`;
  return Object.keys(o).length === 1 && rng.chance(0.5) ? text : o;
}

export function genHost(rng: Rng): GenHost {
  const ipv6 = !rng.chance(0.08);
  const json: Record<string, unknown> = {};
  if (!ipv6) json.ipv6 = false;
  if (ipv6 && rng.chance(0.2)) json.useTempaddr = rng.int(0, 2);
  if (ipv6 && rng.chance(0.15)) json.ipv6Forwarding = true;
  const ifaces: GenIface[] = [];
  const names = rng.some(NAMES, rng.int(0, 4));
  const listLo = rng.chance(0.3);
  if (listLo) names.splice(rng.int(0, names.length), 0, 'lo');
  const v4Bases = rng.some(V4_BASES, V4_BASES.length);
  const v6Bases = rng.some(V6_BASES, V6_BASES.length);
  for (const name of names) {
    const lo = name === 'lo';
    const j: Record<string, unknown> = { name };
    const up = lo ? !rng.chance(0.2) : !rng.chance(0.12);
    if (!up) j.up = false;
    const disable = ipv6 && rng.chance(lo ? 0.15 : 0.1);
    if (disable) j.disableIpv6 = true;
    const v6 = ipv6 && !disable;
    if (rng.chance(0.12)) j.group = rng.int(1, 4);
    if (v6 && rng.chance(0.1)) j.forwarding = rng.chance(0.5);
    if (v6 && rng.chance(0.15)) j.multicastRoute = false;
    if (v6 && rng.chance(0.15)) j.useTempaddr = rng.int(-1, 2);
    const addrs: GenAddr[] = [];
    // Tentative addresses need a link where DAD never finishes: not lo.
    const tentativeOk = !lo && rng.chance(0.25);
    // Two IPv4 subnets of one interface keep one scope (the kernel refuses mixed scopes in a subnet).
    const v4scope = rng.chance(0.12) ? rng.pick(['link', 'site', 'host']) : undefined;
    const base4 = lo ? rng.pick(['192.0.2.0/24', '10.53.0.0/16', '127.0.0.0/8']) : v4Bases.shift() ?? '10.9.0.0/16';
    for (let k = rng.int(0, lo ? 1 : 2); k > 0; k--) {
      const a = makeAddr(rng, 4, base4, name, false);
      if (base4.startsWith('127.')) a.len = 8, (a.net = net(4, a.value, 8));
      // 127.0.0.1/8 (scope host) is always on lo: another scope in its subnet is refused.
      if (v4scope && !base4.startsWith('127.')) a.scope = v4scope;
      if (name === 'ppp0' && rng.chance(0.6)) {
        a.peer = net(4, a.net.base + 1n, rng.pick([32, 32, 24]));
        a.len = a.peer.len;
      }
      addrs.push(a);
    }
    if (v6) {
      const base6 = lo ? rng.pick(['2001:db8:53::/48', 'fd00:53::/48']) : v6Bases.shift() ?? 'fd00:9::/48';
      for (let k = rng.int(0, lo ? 1 : 3); k > 0; k--) addrs.push(makeAddr(rng, 6, rng.chance(0.8) ? base6 : rng.pick(V6_BASES), name, tentativeOk));
      // Optimistic DAD (optimistic_dad=1): the address is tentative and optimistic while DAD runs,
      // which needs a link that is up with carrier; the kernel clears both flags when it ends.
      if (tentativeOk && up) for (const a of addrs) if (a.tentative && rng.chance(0.4)) a.optimistic = true;
      // The same prefix on another interface too (subnet-router anycast: the first one made wins).
      const prev = ifaces.flatMap((i) => i.addrs).find((a) => a.fam === 6 && a.len < 127);
      if (prev && rng.chance(0.15)) addrs.push({ ...prev, value: prev.net.base + BigInt(rng.int(10, 99)), iface: name, tentative: false, optimistic: false });
    }
    // One address once per host (a second `ip addr add` of it fails with EEXIST on its device).
    const seen = new Set(ifaces.flatMap((i) => i.addrs.map((a) => `${a.value}`)));
    for (let k = addrs.length - 1; k >= 0; k--) if (seen.has(`${addrs[k]!.value}`) || addrs.slice(0, k).some((x) => x.value === addrs[k]!.value)) addrs.splice(k, 1);
    j.addresses = addrs.map((a) => addrJson(a, rng));
    ifaces.push({ name, up, v6, addrs, json: j });
  }
  json.interfaces = ifaces.map((i) => i.json);
  return { ipv6, ifaces, json };
}
