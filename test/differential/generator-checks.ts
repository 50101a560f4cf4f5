// What makes a whole scenario unbuildable in a namespace (or the kernel's behaviour
// nondeterministic): its interfaces, addresses, rules, address labels and query, with the route
// checks of generator-route-checks.ts. Asserted on every generated scenario, and used by the
// shrinker to drop routes a removal broke; so the constraints hold twice, by construction (the
// host builder) and here.

import { parseIp, type Ip } from '../../src/address/ip.js';
import { maskBytes } from '../../src/address/prefix.js';
import type { Scenario, ScenarioAddressObject, ScenarioInterface, ScenarioRule, ScopeName } from '../../src/scenario/types.js';
import { forbiddenInterfaceAddress, len16 } from './generator-addresses.js';
import { analyzeHost, hexKey, parsePrefixText, splitAddress } from './generator-host-analysis.js';
import { routesProblems } from './generator-route-checks.js';

/** The source ports a probe socket is bound to (net.ipv4.ip_local_port_range's default). */
export const EPHEMERAL = { start: 32768, end: 60999 } as const;

/**
 * Problems of one `ip rule`: what the kernel (or iproute2) refuses, and what would make runs
 * differ: a `sport` range holding part of the ephemeral ports the probe sockets bind to. (No
 * valid `dport` range holds the ports the probes connect to: glibc's 0, musl's 65535.)
 */
export function ruleProblems(r: ScenarioRule, ipv6: boolean): string[] {
  const out: string[] = [];
  let family: 4 | 6 | null = r.family ?? null;
  for (const t of [r.from, r.to]) {
    if (t === undefined || t === 'all') continue;
    const p = parsePrefixText(t);
    if (!p) {
      out.push(`prefix ${t}`);
      continue;
    }
    if (family !== null && p.ip.family !== family) out.push(`${t} is not IPv${family}`);
    family ??= p.ip.family;
  }
  if (family === 6 && !ipv6) out.push('IPv6 rule with IPv6 disabled');
  for (const key of ['sport', 'dport'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    const m = /^(\d+)(?:-(\d+))?$/.exec(String(v));
    const start = Number(m?.[1]);
    const end = Number(m?.[2] ?? m?.[1]);
    if (!m || start < 1 || end > 65534 || start > end) out.push(`${key} ${v} is not a range the kernel takes`);
    else if (key === 'sport' && !(end < EPHEMERAL.start || start > EPHEMERAL.end || (start <= EPHEMERAL.start && end >= EPHEMERAL.end)))
      out.push(`sport ${v} holds part of the ephemeral ports`);
  }
  if (r.tos !== undefined && r.tos !== 0) {
    const fams = family === null ? (ipv6 ? [4, 6] : [4]) : [family];
    if (fams.includes(4) && (r.tos & ~0x1e) !== 0) out.push(`tos ${r.tos} on IPv4`);
    if ((r.tos & 3) !== 0) out.push(`tos ${r.tos} has ECN bits`);
  }
  const action = r.action ?? (r.goto !== undefined ? 'goto' : 'table');
  if (action === 'goto' && (r.goto === undefined || r.priority === undefined || r.goto <= r.priority)) out.push('goto without an explicit forward jump');
  if (action !== 'table' && r.table !== undefined) out.push(`table on a ${action} rule`);
  for (const key of ['iif', 'oif'] as const) if (r[key] !== undefined && !/^[A-Za-z0-9_.-]{1,15}$/.test(r[key])) out.push(`${key} ${r[key]}`);
  if (r.uidrange !== undefined && !/^\d+-\d+$/.test(r.uidrange)) out.push(`uidrange ${r.uidrange}`);
  return out.map((p) => `rule ${JSON.stringify(r)}: ${p}`);
}

/**
 * Everything that would make the namespace builder fail (or make the kernel's behaviour
 * nondeterministic) on this scenario. Empty for every generated scenario.
 */
export function scenarioProblems(s: Scenario): string[] {
  const out: string[] = [];
  const host = s.host;
  const ipv6 = host.ipv6 !== false;
  const names = new Set<string>();
  const seen = new Set<string>();
  const connected = new Map<string, string>(); // family|prefix/len → iface
  for (const ifc of host.interfaces) {
    const lo = ifc.name === 'lo';
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/.test(ifc.name)) out.push(`interface name ${ifc.name}`);
    if (['all', 'default'].includes(ifc.name)) out.push(`reserved interface name ${ifc.name}`);
    if (names.has(ifc.name)) out.push(`duplicate interface ${ifc.name}`);
    if (lo && ifc.up === false) out.push('lo down');
    names.add(ifc.name);
    for (const sa of ifc.addresses) {
      const o = splitAddress(sa);
      const p = parsePrefixText(o.address);
      if (!p) {
        out.push(`${ifc.name}: bad address ${o.address}`);
        continue;
      }
      const why = forbiddenInterfaceAddress(p.ip);
      if (why) out.push(`${ifc.name}: ${o.address}: ${why}`);
      if (p.ip.family === 6 && !ipv6) out.push(`${ifc.name}: IPv6 address with IPv6 disabled`);
      if (p.ip.family === 6 && ifc.disableIpv6) out.push(`${ifc.name}: IPv6 address with disableIpv6`);
      if (o.home && p.ip.family === 4) out.push(`${ifc.name}: home flag on IPv4`);
      if (o.temporary) out.push(`${ifc.name}: temporary addresses cannot be created`);
      // DAD states the builder holds (host-plan-dad.ts dadState): IPv6 off lo, optimistic on an up link.
      if ((o.tentative || o.optimistic) && (lo || p.ip.family !== 6)) out.push(`${ifc.name}: ${o.address}: tentative/optimistic on lo or IPv4`);
      if (o.optimistic && ifc.up === false) out.push(`${ifc.name}: ${o.address}: optimistic on a link that is down`);
      if (lo && (o.peer !== undefined || o.scope !== undefined || o.noprefixroute)) out.push(`lo: ${o.address} with peer/scope/noprefixroute`);
      if (o.scope !== undefined && p.ip.family === 6) out.push(`${ifc.name}: scope on IPv6 ${o.address}`);
      let subnet = p;
      if (o.peer !== undefined) {
        const q = parsePrefixText(o.peer);
        if (!q || q.ip.family !== 4 || p.ip.family !== 4) out.push(`${ifc.name}: peer ${o.peer}`);
        else subnet = q;
      }
      if (p.ip.family === 4 && sameSubnetOtherScope(ifc, o.peer ?? o.address, o.scope, o)) out.push(`${ifc.name}: ${o.address}: another scope than an address of its subnet`);
      const k = `${p.ip.family}|${hexKey(p.ip.bytes)}`;
      if (seen.has(k)) out.push(`duplicate address ${o.address}`);
      seen.add(k);
      if (!o.noprefixroute && !lo) {
        const l16 = len16(subnet.ip.family, subnet.len);
        const ck = `${subnet.ip.family}|${hexKey(maskBytes(subnet.ip.bytes, l16))}/${l16}`;
        const other = connected.get(ck);
        if (other !== undefined && other !== ifc.name)
          out.push(`connected subnet of ${o.address} also on ${other} (kernel's choice would be arbitrary)`);
        connected.set(ck, ifc.name);
      }
    }
  }
  // Peers must not be own addresses.
  for (const ifc of host.interfaces)
    for (const sa of ifc.addresses) {
      const o = splitAddress(sa);
      const q = o.peer === undefined ? null : parsePrefixText(o.peer);
      if (q && seen.has(`${q.ip.family}|${hexKey(q.ip.bytes)}`)) out.push(`peer ${o.peer} is an own address`);
    }
  out.push(...routesProblems(host.routes ?? [], analyzeHost(host)));
  for (const r of host.rules ?? []) out.push(...ruleProblems(r, ipv6));
  for (const l of host.addrlabels ?? []) {
    const p = parsePrefixText(l.prefix);
    if (!ipv6 || !p || p.ip.family !== 6) out.push(`addrlabel ${l.prefix}`);
    if (l.dev !== undefined && l.dev !== 'lo' && !names.has(l.dev)) out.push(`addrlabel dev ${l.dev} does not exist`);
    if (!Number.isInteger(l.label) || l.label < 0 || l.label > 0xfffffffe) out.push(`addrlabel label ${l.label}`);
  }
  if (s.query.uid !== undefined && !(Number.isInteger(s.query.uid) && s.query.uid >= 0 && s.query.uid <= 0xfffffffe)) out.push(`uid ${s.query.uid}`);
  const recs = s.query.records;
  if (recs.length < 1 || recs.length > 8) out.push(`${recs.length} records`);
  for (const r of recs) if (!parseIp(r)) out.push(`record ${r} is not an address`);
  return out;
}

/** An IPv4 address of this subnet and mask is on the interface with another scope (the kernel
 * refuses the second: "ipv4: Invalid scope value"). `subnet` is the address's, or its peer's. */
export function sameSubnetOtherScope(ifc: ScenarioInterface, subnet: string, scope: ScopeName | undefined, except?: ScenarioAddressObject): boolean {
  const p = parsePrefixText(subnet);
  if (!p || p.ip.family !== 4) return false;
  const l16 = len16(4, p.len);
  const net = hexKey(maskBytes(p.ip.bytes, l16));
  const scopeOf = (o: ScenarioAddressObject, ip: Ip) => o.scope ?? (ip.bytes[12] === 127 ? 'host' : 'global');
  const mine = scope ?? (p.ip.bytes[12] === 127 ? 'host' : 'global');
  for (const sa of ifc.addresses) {
    const o = splitAddress(sa);
    if (o === except) continue;
    const own = parsePrefixText(o.address);
    const q = o.peer !== undefined ? parsePrefixText(o.peer) : own;
    if (!own || !q || q.ip.family !== 4 || q.len !== p.len) continue;
    if (hexKey(maskBytes(q.ip.bytes, l16)) === net && scopeOf(o, own.ip) !== mine) return true;
  }
  return false;
}
