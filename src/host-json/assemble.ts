// RawHost (from the ip or the proc reader) → scenario host, with a warning for everything that
// changes routing and that the scenario format cannot hold, and a note for what is left out on
// purpose.
//
// Routes: the kernel-made ones (local, broadcast, connected, multicast) are left out only when
// they are exactly what the simulator derives from the captured addresses (src/host/build-host.ts
// is asked); every other route of every table is kept. At the end the captured host is rebuilt
// with the simulator's own host model and compared route by route, rule by rule and label by
// label with what was read: a difference is a warning, so nothing is dropped silently.
import { formatIp } from '../address/format.js';
import { parseIp } from '../address/ip.js';
import { buildHost } from '../host/build-host.js';
import type { Host } from '../host/model.js';
import type {
  RouteType,
  ScenarioAddress,
  ScenarioAddressObject,
  ScenarioAddrlabel,
  ScenarioHost,
  ScenarioInterface,
  ScenarioNexthop,
  ScenarioRoute,
  ScopeName,
} from '../scenario/types.js';
import { INTERFACE_NAME_PATTERN } from '../scenario/validate.js';
import { assembleRules } from './assemble-rules.js';
import {
  DEFAULT_METRIC,
  RoutePool,
  TABLE_TEXT,
  addrlabelText,
  canonicalIp,
  defaultScope,
  hostRouteParts,
  rawRouteParts,
  wildOf,
  type RouteKeyParts,
  type Wild,
} from './assemble-keys.js';
import { verifyReplay } from './assemble-replay.js';
import { scenarioTable } from './ip-json.js';
import { kernelIpv6State } from './kernel-ipv6-state.js';
import { DEFAULT_KERNEL_ADDRLABELS, parseCidr, type CapturedHost, type RawHost, type RawRoute } from './raw-host.js';

const SCENARIO_ROUTE_TYPES: readonly string[] = ['unicast', 'unreachable', 'blackhole', 'prohibit', 'local', 'throw'];

export function routeLabel(r: RawRoute): string {
  const hops = r.nexthops ? r.nexthops.map((h) => ` nexthop${h.via ? ` via ${h.via}` : ''}${h.dev ? ` dev ${h.dev}` : ''}${h.weight !== 1 ? ` weight ${h.weight}` : ''}`).join('') : '';
  return `${r.type === 'unicast' ? '' : `${r.type} `}${r.dst}${r.from ? ` from ${r.from}` : ''}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}${hops}${r.table !== 254 ? ` table ${TABLE_TEXT(r.table)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------

/** RawHost → scenario host, warnings for everything the format cannot say. */
export function assembleHost(raw: RawHost): CapturedHost {
  const warnings = [...raw.warnings];
  const notes = [...raw.notes];
  const ipv6 = raw.ipv6;
  const links = [...raw.links].sort((a, b) => a.index - b.index);
  const loopbacks = new Set(links.filter((l) => l.loopback || l.name === 'lo').map((l) => l.name));

  // Names the scenario format accepts; others are renamed consistently (routes and rules follow).
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
  const nameOf = (dev: string): string => (loopbacks.has(dev) ? 'lo' : (rename.get(dev) ?? dev));
  const known = new Set(links.map((l) => l.name));
  for (const l of links) {
    if (l.kind === 'vrf') warnings.push(`${l.name} is a VRF device (l3mdev); the format has no VRFs: its table is captured, the device's enslaved interfaces are treated as ordinary ones`);
  }

  // Interfaces and their addresses (lo only when it differs from its implicit form).
  const interfaces: ScenarioInterface[] = [];
  const ipv6On = (dev: string): boolean => ipv6 && raw.disableIpv6[dev] !== true;
  for (const l of links) {
    const lo = loopbacks.has(l.name);
    if (lo && l.name !== 'lo') {
      warnings.push(`${l.name} is a second loopback device; left out`);
      continue;
    }
    const mine = raw.addresses.filter((a) => a.dev === l.name);
    const v4 = mine.filter((a) => a.family === 4);
    // The kernel lists a device's IPv6 addresses newest first (within a scope); the format lists
    // them in creation order, so the replayed host (and the simulator) rebuilds the same list.
    const v6 = mine.filter((a) => a.family === 6).reverse();
    if (!ipv6 && v6.length) warnings.push(`${l.name}: ${v6.length} IPv6 address(es) left out: IPv6 is disabled`);
    const out: ScenarioAddress[] = [];
    let implicit4 = false;
    let implicit6 = false;
    for (const a of ipv6 ? [...v4, ...v6] : v4) {
      const ip = parseIp(a.local);
      if (!ip) {
        warnings.push(`${l.name}: address ${JSON.stringify(a.local)} is not readable; left out`);
        continue;
      }
      const text = `${formatIp(ip)}/${a.prefixLen}`;
      // A tentative address is held (the kernel neither delivers to it nor picks it as a source;
      // glibc's AI_ADDRCONFIG counts it). On a link that is down or has no carrier DAD has not
      // started and the state lasts (a Docker bridge with nothing attached): no warning. On a
      // running link it passes within seconds: say so.
      const tentative = a.family === 6 && (a.tentative === true || a.dadfailed === true) && !a.optimistic;
      if (a.family === 6 && a.dadfailed) {
        warnings.push(`${l.name}: ${text} failed duplicate address detection (dadfailed): kept as tentative, which it stays — the kernel never uses it`);
      } else if (tentative && l.up && l.carrier !== false) {
        warnings.push(`${l.name}: ${text} is tentative (duplicate address detection has not finished; on a link without carrier it never starts): kept as tentative — the kernel does not use it until DAD completes, so on a link with carrier a capture a few seconds later differs`);
      }
      const plain = !a.deprecated && !a.home && !a.temporary && !a.optimistic && !a.noprefixroute && a.peer === undefined;
      if (lo && plain && text === '127.0.0.1/8' && (a.scope === undefined || a.scope === 'host')) {
        implicit4 = true;
        continue;
      }
      // On a lo that is down, ::1 is there only because it was added again: keep it.
      if (lo && plain && text === '::1/128' && l.up) {
        implicit6 = true;
        continue;
      }
      const o: ScenarioAddressObject = { address: text };
      if (a.deprecated) o.deprecated = true;
      if (a.home) o.home = true;
      if (a.temporary) o.temporary = true;
      if (a.optimistic) o.optimistic = true;
      if (a.noprefixroute) o.noprefixroute = true;
      if (tentative || (a.family === 6 && a.tentative && a.optimistic)) o.tentative = true;
      if (a.family === 4 && a.scope !== undefined) {
        const expected = ip.bytes[12] === 127 ? 'host' : 'global';
        if (a.scope !== expected) {
          if (['global', 'site', 'link', 'host'].includes(a.scope)) o.scope = a.scope as ScopeName;
          else warnings.push(`${l.name}: ${text} has scope ${a.scope}, which the format cannot hold; read as ${expected}`);
        }
      }
      if (a.peer !== undefined) {
        const p = parseIp(a.peer);
        if (p) o.peer = `${formatIp(p)}/${a.prefixLen}`;
        else warnings.push(`${l.name}: ${text} has a peer ${JSON.stringify(a.peer)} that is not readable; left out`);
      }
      out.push(Object.keys(o).length === 1 ? text : o);
    }
    if (lo && !implicit4) warnings.push(`lo has no 127.0.0.1/8; the format cannot say so: the simulator assumes it does`);
    if (lo && ipv6On(l.name) && !implicit6 && l.up) warnings.push(`lo has no ::1/128 although IPv6 is on; the format cannot say so: the simulator assumes it does`);
    const itf: ScenarioInterface = { name: lo ? 'lo' : nameOf(l.name), addresses: out };
    if (!l.up) itf.up = false;
    if (ipv6 && raw.disableIpv6[l.name] === true) itf.disableIpv6 = true;
    if (l.group !== undefined && l.group !== 0) itf.group = l.group;
    if (lo && out.length === 0 && Object.keys(itf).length === 2) continue;
    if (lo) interfaces.unshift(itf);
    else interfaces.push(itf);
  }
  if (loopbacks.size > 0 && !interfaces.some((i) => i.name === 'lo')) notes.push('lo is implicit in the scenario format (127.0.0.1/8 and ::1/128)');

  const ipv6Forwarding = ipv6 ? kernelIpv6State(raw, links, loopbacks, interfaces, nameOf, ipv6On) : false;

  // What the simulator derives from these interfaces: the kernel-made routes to leave out.
  const skeleton: ScenarioHost = { interfaces };
  if (!ipv6) skeleton.ipv6 = false;
  if (ipv6Forwarding) skeleton.ipv6Forwarding = true;
  const derivedHost = buildHost(skeleton);
  const namesOf = (h: Host) => new Map(h.interfaces.map((i) => [i.index, i.name]));
  const derivedNames = namesOf(derivedHost);
  const derivedPool = new RoutePool(derivedHost.routes.map((r) => hostRouteParts(r, derivedNames)));
  // IPv6 /128 addresses get a /128 prefix route in main (metric 256) besides their local route;
  // the local table answers first, so the simulator does not model it.
  const own128 = new Set(
    raw.addresses.filter((a) => a.family === 6 && a.prefixLen === 128 && !a.noprefixroute && a.peer === undefined).map((a) => `${nameOf(a.dev)}|${canonicalIp(a.local)}/128`),
  );

  // Routes of every table.
  const routes: ScenarioRoute[] = [];
  /** Captured routes the replay must reproduce (full or partial key). */
  const expected: { parts: RouteKeyParts; wild: Wild; what: string }[] = [];
  let derived = 0;
  const anycast: string[] = [];
  for (const r of raw.routes) {
    if (r.family === 6 && !ipv6) continue;
    const what = `route ${routeLabel(r)}`;
    if (r.unsupported) {
      warnings.push(`${what}: ${r.unsupported}; left out`);
      continue;
    }
    const parts = rawRouteParts(r, nameOf);
    if (!parts) {
      warnings.push(`${what}: destination not readable; left out`);
      continue;
    }
    const devs = [r.dev, ...(r.nexthops ?? []).map((h) => h.dev)].filter((d): d is string => d !== undefined);
    const unknownDev = devs.find((d) => !known.has(d));
    if (r.type === 'unicast' || r.type === 'local') {
      if (unknownDev !== undefined) {
        warnings.push(`${what}: unknown device ${unknownDev}; left out`);
        continue;
      }
    }
    if (derivedPool.take(parts, wildOf(r))) {
      derived++;
      expected.push({ parts, wild: wildOf(r), what });
      continue;
    }
    if (r.kernel && r.family === 6 && r.table === 254 && parts.metric === 256 && own128.has(`${parts.dev}|${parts.prefix}`)) {
      derived++;
      continue;
    }
    if (r.type === 'anycast' && r.kernel && r.table === 255) {
      anycast.push(parts.prefix);
      continue;
    }
    if (!SCENARIO_ROUTE_TYPES.includes(r.type)) {
      warnings.push(`${what}: type ${r.type} cannot be expressed; left out`);
      continue;
    }
    if (r.partial && (r.type === 'unicast' || r.type === 'local')) {
      warnings.push(`${what}: a ${r.type} route whose device and gateway /proc does not show (only \`ip\` does); left out`);
      continue;
    }
    if (r.kernel) notes.push(`${what}: made by the kernel, but not what the simulator derives from the addresses; kept as a route`);
    if (r.caveat) warnings.push(`${what}: ${r.caveat}`);
    const out: ScenarioRoute = { to: '' };
    const type = r.type as RouteType;
    if (type === 'unicast' || type === 'local') {
      if (r.nexthops) {
        out.nexthops = r.nexthops.map((h) => {
          const hop: ScenarioNexthop = {};
          if (h.via !== undefined) hop.via = canonicalIp(h.via);
          if (h.dev !== undefined) hop.dev = nameOf(h.dev);
          if (h.weight !== 1) hop.weight = h.weight;
          return hop;
        });
      } else {
        if (r.via !== undefined) out.via = canonicalIp(r.via);
        if (r.dev !== undefined) out.dev = nameOf(r.dev);
      }
      if (r.src !== undefined) out.src = canonicalIp(r.src);
    }
    // `default` alone would mean both families: keep it only when a gateway, source or
    // `from` of the route's own family fixes it.
    const hint = out.via ?? out.src ?? r.from ?? out.nexthops?.find((h) => h.via)?.via;
    const hintFamily = hint === undefined ? null : (parseCidr(hint)?.ip.family ?? null);
    if (r.dst === 'default') out.to = hintFamily === r.family ? 'default' : r.family === 4 ? '0.0.0.0/0' : '::/0';
    else {
      const [addr, len] = parts.prefix.split('/');
      out.to = Number(len) === (r.family === 4 ? 32 : 128) ? addr! : parts.prefix;
    }
    if (type !== 'unicast') out.type = type;
    if (r.metric !== undefined && r.metric !== DEFAULT_METRIC[r.family]) out.metric = r.metric;
    if (r.table !== 254) out.table = scenarioTable(r.table);
    if (parts.from) out.from = parts.from;
    if (r.family === 4 && r.scope !== undefined && r.scope !== defaultScope({ family: r.family, type: r.type, via: out.via, nexthops: out.nexthops })) {
      if (['global', 'site', 'link', 'host'].includes(r.scope)) out.scope = r.scope as ScopeName;
      else warnings.push(`${what}: scope ${r.scope} cannot be expressed; read as the default`);
    }
    routes.push(orderRoute(out));
    expected.push({ parts, wild: wildOf(r), what });
  }
  if (derived) notes.push(`${derived} route(s) the kernel made from addresses (local, broadcast, connected, multicast) are not listed: the simulator derives them`);
  if (anycast.length) {
    warnings.push(`the kernel's subnet-router anycast route(s) ${anycast.join(', ')} are not what the simulator derives from the addresses and the forwarding sysctls (net.ipv6.conf.*.forwarding); left out: a lookup of such an address is answered locally on this host, not in the simulation`);
  }

  // Rules.
  const rules = assembleRules(raw, ipv6, nameOf, known, warnings, notes);

  // Address labels: rows beyond the kernel's default table.
  let addrlabels: ScenarioAddrlabel[] = [];
  if (ipv6 && raw.addrlabels) {
    const defaults = new Set(DEFAULT_KERNEL_ADDRLABELS.map((l) => `${addrlabelText(l)}=${l.label}`));
    const have = new Set(raw.addrlabels.filter((l) => l.ifname === undefined).map((l) => addrlabelText(l)));
    const gone = DEFAULT_KERNEL_ADDRLABELS.filter((l) => !have.has(addrlabelText(l))).map(addrlabelText);
    if (gone.length) warnings.push(`the kernel addrlabel table lacks its default row(s) ${gone.join(', ')}; the format can only add rows: the simulator keeps them`);
    const extra: ScenarioAddrlabel[] = [];
    for (const l of raw.addrlabels) {
      if (l.ifname === undefined && defaults.has(`${addrlabelText(l)}=${l.label}`)) continue;
      if (l.ifname !== undefined && !known.has(l.ifname)) {
        warnings.push(`addrlabel ${addrlabelText(l)} label ${l.label} is for device ${l.ifname}, which is not among the interfaces; left out`);
        continue;
      }
      const row: ScenarioAddrlabel = { prefix: addrlabelText(l), label: l.label };
      if (l.ifname !== undefined) row.dev = nameOf(l.ifname);
      extra.push(row);
    }
    // The kernel keeps the newest of equally long rows first: replaying them oldest first (the
    // reverse of its list) rebuilds its order; checked below.
    addrlabels = extra.reverse();
  } else if (ipv6 && raw.method === 'proc') {
    notes.push('the kernel addrlabel table is not readable without `ip`; the simulator assumes the default');
  }

  // Sysctls.
  const devices = links.filter((l) => !loopbacks.has(l.name)).map((l) => l.name);
  const perDevice = new Map<string, number>();
  for (const d of devices) {
    const v = raw.useTempaddr[d];
    if (v !== undefined && ipv6On(d)) perDevice.set(d, v);
  }
  let useTempaddr = raw.useTempaddr.all ?? 0;
  // The host's value is the most common one; -1 does not vote: it is what the kernel sets by
  // itself on tun, sit and ip6tnl devices (ipv6_add_dev), whatever `default` says.
  const counts = new Map<number, number>();
  for (const v of perDevice.values()) if (v >= 0) counts.set(v, (counts.get(v) ?? 0) + 1);
  if (counts.size > 0) useTempaddr = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]![0];
  useTempaddr = Math.max(0, Math.min(2, useTempaddr));
  // Rule 7 reads each candidate's own device (>= 2: prefer its temporary addresses): a device
  // on the other side of that line than the host keeps its value (lo's default is -1).
  const ownTempaddr = (name: string, v: number | undefined, dflt: number): void => {
    if (v === undefined || v < -1 || v > 2 || v >= 2 === dflt >= 2) return;
    let itf = interfaces.find((i) => i.name === name);
    if (!itf && name === 'lo') interfaces.unshift((itf = { name: 'lo', addresses: [] }));
    if (itf) itf.useTempaddr = v;
  };
  for (const [d, v] of perDevice) ownTempaddr(nameOf(d), v, useTempaddr);
  for (const d of loopbacks) if (ipv6On(d)) ownTempaddr('lo', raw.useTempaddr[d], -1);
  const multipath = routes.some((r) => (r.nexthops?.length ?? 0) > 1);
  for (const s of raw.sysctls) {
    if (s.key.includes('fib_multipath_hash_policy') && !multipath) continue;
    if (s.key.includes('.conf.') && !s.key.includes('.conf.all.')) {
      const dev = s.key.split('.')[3]!;
      if (!known.has(dev)) continue;
    }
    if (s.key.startsWith('net.ipv6.') && !ipv6) continue;
    warnings.push(`${s.key}=${s.value}: ${s.what}; the format cannot hold it (the simulator assumes 0)`);
  }

  const host: ScenarioHost = { interfaces };
  if (routes.length) host.routes = routes;
  if (!raw.kernelIpv6) host.kernelIpv6 = false;
  else if (!ipv6) host.ipv6 = false;
  if (raw.bindv6only) host.bindv6only = true;
  if (ipv6Forwarding) host.ipv6Forwarding = true;
  if (useTempaddr !== 0) host.useTempaddr = useTempaddr;
  if (rules.rules.length) host.rules = rules.rules;
  if (!rules.defaultRules) host.defaultRules = false;
  if (addrlabels.length) host.addrlabels = addrlabels;

  verifyReplay(host, raw, expected, rules.expected, nameOf, warnings);
  return { host, method: raw.method, warnings, notes };
}

function orderRoute(r: ScenarioRoute): ScenarioRoute {
  const out: ScenarioRoute = { to: r.to };
  const keys: (keyof ScenarioRoute)[] = ['from', 'via', 'dev', 'nexthops', 'src', 'type', 'metric', 'table', 'scope'];
  for (const k of keys) if (r[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = r[k];
  return out;
}
