// Scenario host → kernel state, mirroring what `ip` and the kernel do when the differential
// suite's host builder creates it (test/differential/netns.ts): lo (ifindex 1) with 127.0.0.1/8
// and ::1 plus any addresses the scenario gives it, each other interface as one end of a veth
// pair, the kernel-created local/broadcast/connected routes, the scenario's routes, the rule
// lists and the address label table.
import { parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { ScenarioAddress, ScenarioHost } from '../scenario/types.js';
import { buildAddrlabels } from './addrlabels.js';
import { parseCidr } from './cidr.js';
import { ipv4AddressRoutes, ipv6AddressRoutes, ipv6AnycastRoute, kernelRoute } from './kernel-routes.js';
import { RT_SCOPE, RT_TABLE, type Host, type HostAddress, type HostInterface, type HostRoute } from './model.js';
import { buildRules } from './rules.js';
import { scenarioRoutes } from './scenario-routes.js';

function addressObject(a: ScenarioAddress) {
  return typeof a === 'string' ? { address: a } : a;
}

const LOOPBACK4 = parseIp('127.0.0.1')!;
const LOOPBACK6 = parseIp('::1')!;

export function buildHost(spec: ScenarioHost): Host {
  // A kernel without IPv6 has everything `ipv6: false` means (and no AF_INET6 socket at all).
  const ipv6 = spec.ipv6 !== false && spec.kernelIpv6 !== false;
  const lo = spec.interfaces.find((i) => i.name === 'lo');
  const interfaces: HostInterface[] = [
    { name: 'lo', index: 1, up: lo?.up !== false, loopback: true, ipv6: ipv6 && lo?.disableIpv6 !== true, group: lo?.group ?? 0, useTempaddr: lo?.useTempaddr ?? -1, forwarding: lo?.forwarding ?? spec.ipv6Forwarding === true },
  ];
  const addresses: HostAddress[] = [];
  let seq = 0;
  const add = (ip: Ip, prefixLen: number, ifindex: number, o: Partial<Omit<HostAddress, 'scope'>> & { scope?: number }) => {
    const peer = o.peer ?? null;
    const subnet = peer ?? ip;
    const scope = o.scope ?? (ip.family === 4 && ip.bytes[12] === 127 ? RT_SCOPE.host : RT_SCOPE.global);
    // __inet_insert_ifa: same mask and subnet as an address already on the device → secondary
    // (the validator refuses one of another scope, as the kernel does).
    const secondary =
      ip.family === 4 &&
      addresses.some((e) => e.ifindex === ifindex && e.ip.family === 4 && e.prefixLen === prefixLen && matchesPrefix((e.peer ?? e.ip).bytes, subnet.bytes, 96 + prefixLen));
    addresses.push({
      ip,
      prefixLen,
      ifindex,
      deprecated: !!o.deprecated,
      home: !!o.home,
      temporary: !!o.temporary,
      optimistic: !!o.optimistic,
      // An optimistic address is usable while DAD runs (RFC 4429): only a plain tentative one is not.
      tentative: !!o.tentative && !o.optimistic,
      noprefixroute: !!o.noprefixroute,
      secondary,
      seq: seq++,
      scope,
      peer,
    });
  };
  add(LOOPBACK4, 8, 1, {});
  // ::1 comes when lo goes up and goes when it goes down (addrconf_ifdown, keep_addr_on_down 0),
  // while 127.0.0.1 stays: a lo that is down has ::1 only where the scenario lists it again.
  if (interfaces[0]!.ipv6 && interfaces[0]!.up) add(LOOPBACK6, 128, 1, {});

  // The host builder pins ifindexes: lo 1, then the scenario's other interfaces in order.
  let index = 2;
  for (const itf of spec.interfaces) {
    const loopback = itf.name === 'lo';
    const at = loopback ? 1 : index++;
    if (!loopback) {
      interfaces.push({
        name: itf.name,
        index: at,
        up: itf.up !== false,
        loopback: false,
        ipv6: ipv6 && itf.disableIpv6 !== true,
        group: itf.group ?? 0,
        useTempaddr: itf.useTempaddr ?? spec.useTempaddr ?? 0,
        forwarding: itf.forwarding ?? spec.ipv6Forwarding === true,
      });
    }
    const itfIpv6 = interfaces.find((x) => x.index === at)!.ipv6;
    for (const raw of itf.addresses) {
      const a = addressObject(raw);
      let { ip, len } = parseCidr(a.address);
      if (ip.family === 6 && !itfIpv6) continue;
      let peer: Ip | null = null;
      if (a.peer !== undefined) {
        const p = parseCidr(a.peer);
        peer = p.ip;
        len = p.len;
      }
      // lo's own addresses exist already; listing them again (as a capture does) adds nothing
      // (but ::1 on a lo that is down is one added again).
      const loUp = interfaces[0]!.up;
      if (loopback && !peer && ((ip.family === 4 && len === 8 && sameIp(ip, LOOPBACK4)) || (loUp && ip.family === 6 && len === 128 && sameIp(ip, LOOPBACK6)))) continue;
      const scope = a.scope === undefined || ip.family === 6 ? undefined : RT_SCOPE[a.scope];
      add(ip, len, at, { deprecated: a.deprecated, home: a.home, temporary: a.temporary, optimistic: a.optimistic, tentative: a.tentative, noprefixroute: a.noprefixroute, peer, ...(scope === undefined ? {} : { scope }) });
    }
  }

  const routes: HostRoute[] = [];
  const derived6 = new Set<string>();
  const byIndex = new Map(interfaces.map((x) => [x.index, x]));
  for (const a of addresses) {
    const itf = byIndex.get(a.ifindex)!;
    if (a.ip.family === 4) {
      routes.push(...ipv4AddressRoutes(a, addresses, itf.loopback, itf.up));
      // A lo that is down went down after boot: 127.0.0.1/8's subnet route is of type local and
      // scope host, which the down keeps (fib_sync_down_dev spares it), so 127.0.0.53 is still
      // this host's (observed); its broadcast route goes. Listed lo addresses, added after the
      // down, have their local /32 only.
      if (itf.loopback && !itf.up && a.seq === 0) routes.push(kernelRoute(4, RT_TABLE.local, 'local', parseIp('127.0.0.0')!.bytes, 104, 0, 1, null, a.ip, 'host', null));
    }
    // Two addresses in one prefix share its route: the second ip6_route_add finds the same
    // route and adds nothing (fib6_add_rt2node: EEXIST, which addrconf_prefix_route ignores).
    // The same holds for a subnet-router anycast address: __ipv6_dev_ac_inc counts the second
    // address's join on the device's one route.
    else {
      const anycast = itf.forwarding ? ipv6AnycastRoute(a) : null;
      for (const r of [...ipv6AddressRoutes(a, itf.up), ...(anycast ? [anycast] : [])]) {
        const key = `${r.table} ${r.type} ${r.dev} ${r.metric} ${r.length} ${r.prefix.join('.')}`;
        if (!derived6.has(key)) routes.push(r);
        derived6.add(key);
      }
    }
  }
  // An up, multicast-capable device with IPv6 gets ff00::/8 in table local (addrconf_add_mroute,
  // from addrconf_dev_config when the link is first ready, and from inet6_addr_add →
  // addrconf_add_dev); `multicastRoute: false` says it never did (a link without carrier since
  // it came up: addrconf_notify's NETDEV_UP stops at !addrconf_link_ready) or lost it.
  const multicastRoute = new Map(spec.interfaces.map((i) => [i.name, i.multicastRoute !== false]));
  for (const itf of interfaces)
    if (itf.up && !itf.loopback && itf.ipv6 && multicastRoute.get(itf.name) !== false)
      routes.push(kernelRoute(6, RT_TABLE.local, 'multicast', parseIp('ff00::')!.bytes, 8, 256, itf.index, null, null, 'universe', null));

  const byName = new Map(interfaces.map((x) => [x.name, x.index]));
  spec.routes?.forEach((r, i) => routes.push(...scenarioRoutes(r, i, byName, routes, ipv6)));
  return {
    interfaces,
    addresses,
    routes,
    ipv6,
    useTempaddr: spec.useTempaddr ?? 0,
    rules: buildRules(spec.rules, spec.defaultRules !== false, ipv6),
    addrlabels: buildAddrlabels(spec.addrlabels, byName),
    multipath: routes.some((r) => r.nexthops !== null && r.nexthops.length > 1),
  };
}

function sameIp(a: Ip, b: Ip): boolean {
  return a.family === b.family && a.bytes.every((x, i) => x === b.bytes[i]);
}
