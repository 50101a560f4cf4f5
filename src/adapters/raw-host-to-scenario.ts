// RawHost (from the ip or the proc reader) → scenario host, with a warning for everything the
// scenario format cannot say and a note for what is left out on purpose.
import { formatIp } from '../address/format.js';
import { parseIp } from '../address/ip.js';
import type { RouteType, ScenarioAddress, ScenarioAddressObject, ScenarioHost, ScenarioInterface, ScenarioRoute } from '../scenario/types.js';
import { INTERFACE_NAME_PATTERN } from '../scenario/validate.js';
import { DEFAULT_KERNEL_ADDRLABELS, KERNEL_METRIC, parseCidr, samePrefix, type CapturedHost, type Cidr, type RawHost, type RawRoute } from './raw-host.js';

const SCENARIO_ROUTE_TYPES: readonly string[] = ['unicast', 'unreachable', 'blackhole', 'prohibit'];
const DEFAULT_METRIC = { 4: 0, 6: 1024 } as const;
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
