import { describe, expect, it } from 'vitest';
import {
  ROUTING_TEMPLATES,
  TEMPLATES,
  generateScenario,
  generateScenarios,
  makeRng,
  scenarioProblems,
  shrinkScenario,
} from './generator.js';
import { parseIp, isV4Mapped, type Ip } from '../../src/address/ip.js';
import { maskBytes, matchesPrefix } from '../../src/address/prefix.js';
import type { Scenario, ScenarioAddressObject, ScenarioRoute } from '../../src/scenario/types.js';

// ─────────────────────────────────────────────────────────────────── an independent validity checker
// Written separately from the generator's own `scenarioProblems`, so the two check each other.

interface P {
  ip: Ip;
  len: number; // family-native
}
function prefix(text: string): P | null {
  const [a, l, ...rest] = text.split('/');
  if (rest.length) return null;
  const ip = parseIp(a ?? '');
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  if (l === undefined) return { ip, len: max };
  if (!/^\d+$/.test(l) || Number(l) > max) return null;
  return { ip, len: Number(l) };
}
const L16 = (p: P): number => (p.ip.family === 4 ? p.len + 96 : p.len);
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const same = (a: Ip, b: Ip): boolean => a.family === b.family && hexOf(a.bytes) === hexOf(b.bytes);
const within = (ip: Ip, net: P): boolean => ip.family === net.ip.family && matchesPrefix(ip.bytes, net.ip.bytes, L16(net));

/** Ranges the generator may draw from (documentation/test/special-purpose only). */
const P4 = (t: string) => prefix(t)!;
const ALLOWED4 = [
  '192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16',
  '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8', '0.0.0.0/32', '224.0.0.0/4',
].map(P4);
const DOC4 = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'].map(P4);
const v4FromBytes = (b: Uint8Array, at: number, invert = false): Ip => {
  const out = new Uint8Array(16);
  out[10] = out[11] = 0xff;
  for (let i = 0; i < 4; i++) out[12 + i] = invert ? ~b[at + i]! & 0xff : b[at + i]!;
  return { family: 4, bytes: out };
};
const isDoc4 = (ip: Ip) => DOC4.some((n) => within(ip, n));

/** Is this address (or the network of a prefix of this length) inside the allowed space? */
function allowed(ip: Ip, len: number): boolean {
  if (ip.family === 4) return ALLOWED4.some((n) => within(ip, n) && len + 96 >= L16(n));
  const b = ip.bytes;
  const inNet = (t: string) => within(ip, P4(t)) && len >= P4(t).len;
  if (inNet('2001:db8::/32') || inNet('fc00::/7') || inNet('fe80::/10') || inNet('fec0::/10') || inNet('ff00::/8'))
    return true;
  if (inNet('2002::/16')) return len < 48 || isDoc4(v4FromBytes(b, 2));
  if (inNet('2001::/32')) return len < 64 || (isDoc4(v4FromBytes(b, 4)) && (len < 128 || isDoc4(v4FromBytes(b, 12, true))));
  if (inNet('64:ff9b::/96')) return len < 128 || isDoc4(v4FromBytes(b, 12));
  if (isV4Mapped(b)) return len < 128 || ALLOWED4.some((n) => within(v4FromBytes(b, 12), n));
  if (inNet('::/96')) {
    const tail = v4FromBytes(b, 12);
    const isAny = b.every((x) => x === 0);
    const isLoop = b.subarray(0, 15).every((x) => x === 0) && b[15] === 1;
    return isAny || isLoop || len < 128 || isDoc4(tail);
  }
  return false;
}

function problems(s: Scenario): string[] {
  const out: string[] = [];
  const host = s.host;
  const v6on = host.ipv6 !== false;
  const names = new Set<string>();
  const v6ifs = new Set<string>(v6on && !host.interfaces.find((i) => i.name === 'lo')?.disableIpv6 ? ['lo'] : []);
  interface Own { iface: string; up: boolean; p: P; o: ScenarioAddressObject; subnet: P }
  const own: Own[] = [];
  for (const ifc of host.interfaces) {
    const lo = ifc.name === 'lo';
    if (ifc.name.length === 0 || ifc.name.length > 15) out.push(`interface name length: ${ifc.name}`);
    if (/[\s/:]/.test(ifc.name)) out.push(`interface name ${ifc.name}`);
    if (names.has(ifc.name)) out.push(`duplicate interface ${ifc.name}`);
    if (lo && ifc.up === false) out.push('lo down');
    if (v6on && !ifc.disableIpv6) v6ifs.add(ifc.name);
    names.add(ifc.name);
    for (const a of ifc.addresses) {
      const o = typeof a === 'string' ? { address: a } : a;
      const p = prefix(o.address);
      if (!p) {
        out.push(`unparsable interface address ${o.address}`);
        continue;
      }
      const b = p.ip.bytes;
      if (p.ip.family === 4) {
        if (b[12] === 0 && b[13] === 0 && b[14] === 0 && b[15] === 0) out.push(`0.0.0.0 on ${ifc.name}`);
        if ((b[12]! & 0xf0) === 0xe0) out.push(`IPv4 multicast ${o.address} on ${ifc.name}`);
        if (b[12] === 127) out.push(`loopback ${o.address} on ${ifc.name}`);
      } else {
        if (!v6on) out.push(`IPv6 address ${o.address} with ipv6 disabled`);
        if (ifc.disableIpv6) out.push(`IPv6 address ${o.address} on ${ifc.name} with disableIpv6`);
        if (b.every((x) => x === 0)) out.push(`:: on ${ifc.name}`);
        if (b[0] === 0xff) out.push(`IPv6 multicast ${o.address} on ${ifc.name}`);
        if (isV4Mapped(b)) out.push(`v4-mapped ${o.address} on ${ifc.name}`);
        if (b.subarray(0, 15).every((x) => x === 0) && b[15] === 1) out.push(`::1 on ${ifc.name}`);
        if (o.scope !== undefined) out.push(`scope on IPv6 ${o.address}`);
      }
      if (o.home && p.ip.family === 4) out.push(`home flag on IPv4 ${o.address}`);
      if (lo && (o.peer !== undefined || o.scope !== undefined)) out.push(`peer/scope on lo ${o.address}`);
      let subnet = p;
      if (o.peer !== undefined) {
        const q = prefix(o.peer);
        if (!q || q.ip.family !== p.ip.family) out.push(`bad peer ${o.peer}`);
        else subnet = q;
      }
      if (!allowed(p.ip, p.ip.family === 4 ? 32 : 128)) out.push(`address outside the allowed ranges: ${o.address}`);
      if (own.some((x) => same(x.p.ip, p.ip))) out.push(`duplicate address ${o.address}`);
      // A second IPv4 address of a subnet must have the first one's scope.
      const scopeOf = (x: { o: ScenarioAddressObject; p: P }) => x.o.scope ?? 'global';
      if (p.ip.family === 4 && own.some((x) => x.iface === ifc.name && x.subnet.ip.family === 4 && x.subnet.len === subnet.len && hexOf(maskBytes(x.subnet.ip.bytes, L16(x.subnet))) === hexOf(maskBytes(subnet.ip.bytes, L16(subnet))) && scopeOf(x) !== scopeOf({ o, p })))
        out.push(`scope differs within a subnet: ${o.address}`);
      own.push({ iface: ifc.name, up: ifc.up !== false, p, o, subnet });
    }
  }
  // IPv4: only the primary (first) address of an (interface, network, length) installs the prefix
  // route; secondaries do not, so a noprefixroute primary leaves the subnet unrouted.
  const hasPrefixRoute = (x: Own): boolean => {
    if (x.iface === 'lo' || x.o.peer !== undefined) return false;
    if (x.p.ip.family === 6) return !x.o.noprefixroute;
    const net = (y: Own) => hexOf(maskBytes(y.p.ip.bytes, L16(y.p)));
    const primary = own.find((y) => y.iface === x.iface && y.p.ip.family === 4 && y.p.len === x.p.len && net(y) === net(x));
    return !primary!.o.noprefixroute;
  };
  const tableOf = (t: ScenarioRoute['table']): string => String(t ?? 'main');
  // Connected routes the kernel installs itself, with their metrics (main), and the local
  // table's address routes.
  const keys = new Map<string, string>();
  const key = (f: number, table: string, pr: Uint8Array, l16: number, m: number, from = '') => `${f} ${table} ${hexOf(pr)}/${l16} ${from} ${m}`;
  if (v6on) keys.set(key(6, 'main', maskBytes(parseIp('fe80::')!.bytes, 64), 64, 256), 'kernel fe80::/64');
  for (const x of own) {
    keys.set(key(x.p.ip.family, 'local', x.p.ip.bytes, 128, 0), 'local address route');
    if (!hasPrefixRoute(x)) continue;
    const l16 = L16(x.p);
    if (x.p.ip.family === 4 && x.p.len < 32) keys.set(key(4, 'main', maskBytes(x.p.ip.bytes, l16), l16, 0), 'connected');
    if (x.p.ip.family === 6) keys.set(key(6, 'main', maskBytes(x.p.ip.bytes, l16), l16, 256), 'connected');
  }
  const ifaceOk = (dev: string, where: string, v6: boolean) => {
    const ifc = host.interfaces.find((i) => i.name === dev);
    if (!ifc && dev !== 'lo') out.push(`${where}: no such dev ${dev}`);
    else if (ifc?.up === false) out.push(`${where}: dev ${dev} is down`);
    else if (v6 && !v6ifs.has(dev)) out.push(`${where}: dev ${dev} has no IPv6`);
  };
  const isLL = (ip: Ip) => ip.family === 6 && ip.bytes[0] === 0xfe && (ip.bytes[1]! & 0xc0) === 0x80;
  /** A gateway must sit in a connected, up subnet (on the given dev), or be link-local with a dev. */
  const gatewayOk = (via: Ip, dev: string | undefined, f: 4 | 6, where: string) => {
    if (isLL(via)) {
      if (dev === undefined) out.push(`${where}: link-local gateway without dev`);
      return;
    }
    if (via.family !== f) out.push(`${where}: gateway family`);
    if (own.some((x) => same(x.p.ip, via))) out.push(`${where}: gateway is a local address`);
    if (!allowed(via, via.family === 4 ? 32 : 128)) out.push(`${where}: gateway outside the allowed ranges`);
    const subnet = own.find((x) => {
      if (!x.up || !hasPrefixRoute(x) || x.p.ip.family !== via.family) return false;
      if (dev !== undefined && x.iface !== dev) return false;
      const max = via.family === 4 ? 32 : 128;
      if (x.p.len >= max) return false;
      if (!within(via, { ip: x.p.ip, len: x.p.len })) return false;
      if (via.family === 4) {
        const hostBits = 32 - x.p.len;
        const n = ((via.bytes[12]! << 24) | (via.bytes[13]! << 16) | (via.bytes[14]! << 8) | via.bytes[15]!) >>> 0;
        const h = hostBits === 32 ? n : n & ((2 ** hostBits) - 1);
        if (h === 0 || h === 2 ** hostBits - 1) return false; // network / broadcast
      }
      return true;
    });
    // Or on-link (the builder adds `onlink`): with its dev, on no prefix of the host.
    const onlink = dev !== undefined && dev !== 'lo' && !own.some((x) => x.p.ip.family === via.family && within(via, { ip: x.p.ip, len: x.p.len }));
    if (!subnet && !onlink) out.push(`${where}: gateway not inside a connected subnet`);
  };
  for (const r of host.routes ?? []) {
    const where = `route ${JSON.stringify(r)}`;
    const via = r.via !== undefined ? parseIp(r.via) : null;
    if (r.via !== undefined && !via) out.push(`${where}: via unparsable`);
    let dst: P | null;
    if (r.to === 'default') {
      const hintText = r.via ?? r.src ?? r.from?.split('/')[0] ?? r.nexthops?.[0]?.via;
      const hint = hintText === undefined ? null : parseIp(hintText);
      if (!hint) {
        out.push(`${where}: default without a family`);
        continue;
      }
      dst = { ip: hint.family === 4 ? parseIp('0.0.0.0')! : parseIp('::')!, len: 0 };
    } else dst = prefix(r.to);
    if (!dst) {
      out.push(`${where}: destination unparsable`);
      continue;
    }
    const f = dst.ip.family;
    if (hexOf(maskBytes(dst.ip.bytes, L16(dst))) !== hexOf(dst.ip.bytes)) out.push(`${where}: host bits set`);
    if (f === 6 && !v6on) out.push(`${where}: IPv6 route with IPv6 disabled`);
    const isDefault = dst.len === 0;
    if (!isDefault && !(r.to === '2000::/3') && !allowed(dst.ip, dst.len)) out.push(`${where}: destination outside the allowed ranges`);
    if (r.from !== undefined && (f !== 6 || !prefix(r.from) || prefix(r.from)!.ip.family !== 6)) out.push(`${where}: from on a non-IPv6 route`);
    const type = r.type ?? 'unicast';
    if (type === 'local') {
      if (r.dev === undefined || r.via !== undefined || r.nexthops !== undefined) out.push(`${where}: local route needs a dev alone`);
      else ifaceOk(r.dev, where, f === 6);
      if (own.some((x) => x.p.ip.family === f && within(x.p.ip, dst!))) out.push(`${where}: local route over an own address`);
    } else if (type !== 'unicast') {
      if (r.via !== undefined || r.dev !== undefined || r.nexthops !== undefined || r.src !== undefined) out.push(`${where}: via/dev on ${type}`);
    } else if (r.nexthops !== undefined) {
      if (r.via !== undefined || r.dev !== undefined) out.push(`${where}: multipath with via/dev`);
      if (r.nexthops.length < 2) out.push(`${where}: multipath with one hop`);
      if (new Set(r.nexthops.map((h) => JSON.stringify([h.via, h.dev]))).size < r.nexthops.length) out.push(`${where}: equal hops`);
      for (const h of r.nexthops) {
        if (h.via === undefined && h.dev === undefined) out.push(`${where}: hop needs via or dev`);
        const hv = h.via === undefined ? null : parseIp(h.via);
        if (h.dev !== undefined) ifaceOk(h.dev, where, f === 6 || hv?.family === 6);
        if (hv) gatewayOk(hv, h.dev, f, where);
      }
    } else {
      if (r.via === undefined && r.dev === undefined) out.push(`${where}: needs via or dev`);
      if (r.dev !== undefined) ifaceOk(r.dev, where, f === 6 || via?.family === 6);
      if (via) gatewayOk(via, r.dev, f, where);
    }
    if (r.src !== undefined) {
      const src = parseIp(r.src);
      if (!src || src.family !== f || !own.some((x) => x.up && same(x.p.ip, src))) out.push(`${where}: bad src`);
    }
    const m = f === 4 ? (r.metric ?? 0) : r.metric === undefined || r.metric === 0 ? 1024 : r.metric;
    const from = r.from === undefined ? '' : hexOf(prefix(r.from)?.ip.bytes ?? new Uint8Array()) + String(prefix(r.from)?.len);
    const k = key(f, tableOf(r.table), dst.ip.bytes, L16(dst), m, from);
    if (keys.has(k)) out.push(`${where}: same (family, table, prefix, from, metric) as ${keys.get(k)}`);
    keys.set(k, where);
  }
  for (const r of host.rules ?? []) {
    const where = `rule ${JSON.stringify(r)}`;
    for (const k of ['sport', 'dport'] as const) {
      if (r[k] === undefined) continue;
      const [a, b = a] = String(r[k]).split('-').map(Number);
      if (!(a! >= 1 && b! <= 65534 && a! <= b!)) out.push(`${where}: ${k} the kernel refuses`);
      if (k === 'sport' && !(b! < 32768 || a! > 60999 || (a! <= 32768 && b! >= 60999))) out.push(`${where}: sport splits the ephemeral range`);
    }
    if (r.tos !== undefined && (r.tos & 3) !== 0) out.push(`${where}: tos with ECN bits`);
    if ((r.action === 'goto' || r.goto !== undefined) && !(r.priority !== undefined && r.goto !== undefined && r.goto > r.priority)) out.push(`${where}: goto not forward`);
    for (const k of ['from', 'to'] as const) {
      const p = r[k] === undefined || r[k] === 'all' ? null : prefix(r[k]!);
      if (r[k] !== undefined && r[k] !== 'all' && !p) out.push(`${where}: ${k} unparsable`);
      if (p && r.family !== undefined && p.ip.family !== r.family) out.push(`${where}: ${k} of another family`);
      if (p && p.ip.family === 6 && !v6on) out.push(`${where}: IPv6 rule with IPv6 disabled`);
    }
  }
  for (const l of host.addrlabels ?? []) {
    if (!v6on || prefix(l.prefix)?.ip.family !== 6) out.push(`addrlabel ${l.prefix}`);
    if (l.dev !== undefined && l.dev !== 'lo' && !names.has(l.dev)) out.push(`addrlabel dev ${l.dev}`);
  }
  const q = s.query;
  if (q.records.length < 1 || q.records.length > 8) out.push(`${q.records.length} records`);
  for (const r of q.records) {
    const ip = parseIp(r);
    if (!ip) out.push(`unparsable record ${r}`);
    else if (!allowed(ip, ip.family === 4 ? 32 : 128)) out.push(`record outside the allowed ranges: ${r}`);
  }
  if (q.name !== undefined && (/^localhost/i.test(q.name) || !/^[a-z0-9.-]+$/.test(q.name))) out.push(`name ${q.name}`);
  const flags = q.flags ?? [];
  if (flags.includes('AI_V4MAPPED') && q.family !== 'AF_INET6') out.push('AI_V4MAPPED without AF_INET6');
  if (flags.includes('AI_ALL') && !flags.includes('AI_V4MAPPED')) out.push('AI_ALL without AI_V4MAPPED');
  return out;
}

const templateOf = (s: Scenario): string => {
  const m = /^gen-(-?\d+)-(\d+)-(.+)$/.exec(s.name ?? '');
  return m?.[3] ?? '?';
};

const SEED = 20240917;
const MANY = generateScenarios(SEED, 2000);

// ─────────────────────────────────────────────────────────────────── PRNG

describe('makeRng', () => {
  it('is deterministic and seed-dependent', () => {
    const seq = (seed: number) => {
      const r = makeRng(seed);
      return Array.from({ length: 20 }, () => r.int(0, 1_000_000));
    };
    expect(seq(1)).toEqual(seq(1));
    expect(seq(1)).not.toEqual(seq(2));
    expect(seq(-1)).not.toEqual(seq(4294967295 + 1));
  });

  it('int, pick, chance, shuffle stay in range', () => {
    const r = makeRng(99);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const v = r.int(0, 3);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(3);
      counts[v]!++;
    }
    for (const c of counts) expect(c).toBeGreaterThan(800);
    expect(['a', 'b']).toContain(r.pick(['a', 'b']));
    expect(r.chance(0)).toBe(false);
    expect(r.chance(1)).toBe(true);
    const arr = [1, 2, 3, 4, 5, 6];
    const sh = r.shuffle(arr);
    expect([...sh].sort()).toEqual(arr);
    expect(arr).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => r.pick([])).toThrow();
  });
});

// ─────────────────────────────────────────────────────────────────── generation

describe('generateScenario', () => {
  it('is a pure function of (seed, index)', () => {
    expect(generateScenario(42, 17)).toEqual(generateScenario(42, 17));
    const batch = generateScenarios(42, 40);
    batch.forEach((s, i) => expect(s).toEqual(generateScenario(42, i)));
    // Same result after other generation happened in between (no hidden global state).
    const again = generateScenario(42, 3);
    generateScenarios(7, 10);
    expect(generateScenario(42, 3)).toEqual(again);
  });

  it('names scenarios gen-<seed>-<index>-<template>', () => {
    const s = generateScenario(5, 9);
    expect(s.name).toMatch(/^gen-5-9-/);
    expect(TEMPLATES).toContain(templateOf(s));
  });

  it('differs between seeds and between indices', () => {
    const strip = (s: Scenario) => JSON.stringify({ ...s, name: undefined });
    const a = generateScenarios(1, 50).map(strip);
    const b = generateScenarios(2, 50).map(strip);
    const differing = a.filter((x, i) => x !== b[i]).length;
    expect(differing).toBeGreaterThan(40);
    expect(new Set(a).size).toBeGreaterThan(40);
  });

  it('produces plain JSON (no undefined, survives a round trip)', () => {
    for (const s of MANY.slice(0, 300)) expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('uses every template within 2000 scenarios, ~30% adversarial', () => {
    const counts = new Map<string, number>();
    for (const s of MANY) counts.set(templateOf(s), (counts.get(templateOf(s)) ?? 0) + 1);
    for (const t of TEMPLATES) expect(counts.get(t) ?? 0, t).toBeGreaterThan(20);
    expect([...counts.keys()].every((k) => TEMPLATES.includes(k))).toBe(true);
    const mixer = counts.get('mixer') ?? 0;
    expect(mixer / MANY.length).toBeGreaterThan(0.22);
    expect(mixer / MANY.length).toBeLessThan(0.38);
  });

  it('never violates the kernel/route constraints (independent checker)', () => {
    const bad: string[] = [];
    for (const s of MANY) for (const p of problems(s)) bad.push(`${s.name}: ${p}`);
    expect(bad.slice(0, 20)).toEqual([]);
  });

  // GEN_SOAK=<seeds> runs the checker over <seeds> × 2000 more scenarios.
  const SOAK = Number(process.env.GEN_SOAK ?? 0);
  it.runIf(SOAK > 0)('soak: more seeds stay valid', () => {
    const bad: string[] = [];
    for (let seed = 1; seed <= SOAK; seed++)
      for (const s of generateScenarios(seed * 7919, 2000)) for (const p of problems(s)) bad.push(`${s.name}: ${p}`);
    expect(bad.slice(0, 20)).toEqual([]);
  }, 600_000);

  it("agrees with the generator's own validator", () => {
    for (const s of MANY) expect(scenarioProblems(s), s.name).toEqual([]);
  });

  it('never emits two equal-metric default routes of one family in one table', () => {
    for (const s of MANY) {
      const seen = new Set<string>();
      for (const r of s.host.routes ?? []) {
        const hint = r.via ?? r.src ?? r.from ?? r.nexthops?.[0]?.via;
        const isV4 = r.to === 'default' ? !hint!.includes(':') : r.to === '0.0.0.0/0';
        const isDefault = r.to === 'default' || r.to === '0.0.0.0/0' || r.to === '::/0';
        if (!isDefault) continue;
        const m = isV4 ? (r.metric ?? 0) : r.metric === undefined || r.metric === 0 ? 1024 : r.metric;
        const k = `${isV4 ? 4 : 6}/${m}/${r.table ?? 'main'}/${r.from ?? ''}`;
        expect(seen.has(k), `${s.name} ${JSON.stringify(r)}`).toBe(false);
        seen.add(k);
      }
    }
  });

  it('covers the record classes, flags and gai.conf variants it promises', () => {
    const recs = MANY.flatMap((s) => s.query.records);
    for (const r of ['::', '0.0.0.0', '::1', 'ff02::1', 'ff05::2', 'ff0e::1', '224.0.0.1', '239.1.2.3'])
      expect(recs, r).toContain(r);
    expect(recs.some((r) => r.startsWith('::ffff:'))).toBe(true);
    expect(recs.some((r) => /^::\d+\.\d+\.\d+\.\d+$/.test(r))).toBe(true); // v4-compat, dotted
    expect(recs.some((r) => r.startsWith('64:ff9b::'))).toBe(true);
    expect(recs.some((r) => r.startsWith('127.'))).toBe(true);
    expect(MANY.some((s) => new Set(s.query.records).size < s.query.records.length)).toBe(true);

    const shapes = new Set(MANY.map((s) => `${(s.query.flags ?? []).join('+')}|${s.query.family ?? 'AF_UNSPEC'}`));
    for (const sh of ['|AF_UNSPEC', 'AI_ADDRCONFIG|AF_UNSPEC', 'AI_V4MAPPED|AF_INET6', 'AI_V4MAPPED+AI_ALL|AF_INET6', '|AF_INET', '|AF_INET6'])
      expect(shapes, sh).toContain(sh);
    expect(MANY.filter((s) => (s.query.flags ?? []).length === 0).length / MANY.length).toBeGreaterThan(0.5);

    const confs = MANY.map((s) => s.gaiConf);
    expect(confs).toContain(null);
    expect(confs).toContain('');
    const texts = confs.filter((c): c is string => typeof c === 'string');
    expect(texts.some((t) => t.includes('\r\n'))).toBe(true);
    expect(texts.some((t) => t.includes('\t'))).toBe(true);
    expect(texts.some((t) => t.includes('label fd00::/8 1') && t.includes('label 2001:0::/32   7'))).toBe(true);
    expect(texts.some((t) => t.includes('precedence ::ffff:0:0/96 35'))).toBe(true); // RFC 6724
    expect(texts.some((t) => /^scopev4 \S+\/\d+ \d+$/m.test(t))).toBe(true);
    for (const odd of ['+100', '/0120', '100#c', 'extra tokens', '/ 0', 'PRECEDENCE', '0x64', '/129'])
      expect(texts.some((t) => t.includes(odd)), odd).toBe(true);
    // label/precedence without a slash (rejected on 2.36)
    expect(texts.some((t) => /^(label|precedence) [^\s/#]+ \d+$/m.test(t))).toBe(true);
    // scopev4 without /len crashes glibc 2.36: wanted, but rare (~1%).
    const crash = texts.filter((t) => /^\s*scopev4\s+[^\s/#]+\s/m.test(t)).length;
    expect(crash).toBeGreaterThan(0);
    expect(crash / MANY.length).toBeLessThan(0.03);
  });

  it('builds the template shapes the brief describes', () => {
    const by = (t: string) => MANY.filter((s) => templateOf(s) === t);
    const addrs = (s: Scenario) =>
      s.host.interfaces.flatMap((i) => i.addresses.map((a) => (typeof a === 'string' ? { address: a } : a)));
    for (const s of by('ipv6-disabled')) {
      expect(s.host.ipv6).toBe(false);
      expect(addrs(s).every((a) => !a.address.includes(':'))).toBe(true);
    }
    for (const s of by('ipv4-only-vps')) {
      expect(s.host.ipv6).toBeUndefined();
      expect(addrs(s).every((a) => !a.address.includes(':'))).toBe(true);
    }
    for (const s of by('link-local-only'))
      expect(addrs(s).filter((a) => a.address.includes(':')).every((a) => a.address.startsWith('fe80:'))).toBe(true);
    for (const s of by('loopback-only')) expect(addrs(s)).toEqual([]);
    for (const s of by('home-address')) expect(addrs(s).some((a) => a.home)).toBe(true);
    for (const s of by('deprecated-only')) {
      const v6 = addrs(s).filter((a) => a.address.includes(':') && !a.address.startsWith('fe80:'));
      expect(v6.length).toBeGreaterThan(0);
      expect(v6.every((a) => a.deprecated)).toBe(true);
    }
    for (const s of by('6to4')) expect(addrs(s).some((a) => a.address.startsWith('2002:'))).toBe(true);
    for (const s of by('teredo')) expect(addrs(s).some((a) => a.address.startsWith('2001:0:'))).toBe(true);
    for (const s of by('site-local')) expect(addrs(s).some((a) => a.address.startsWith('fec0:'))).toBe(true);
    for (const s of by('cgnat-mobile')) expect(addrs(s).some((a) => /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./.test(a.address))).toBe(true);
    for (const s of by('ipv6-only-nat64')) expect(s.query.records.some((r) => r.startsWith('64:ff9b::'))).toBe(true);
    for (const s of by('docker-ula-bridge')) {
      expect(addrs(s).some((a) => /^172\.(1[6-9]|2\d|3[01])\./.test(a.address))).toBe(true);
      expect(addrs(s).some((a) => a.address.startsWith('fd'))).toBe(true);
    }
    for (const s of by('multi-homed-metrics')) {
      expect(s.host.interfaces.length).toBe(2);
      expect((s.host.routes ?? []).length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('policy-routing templates', () => {
  const by = (t: string) => MANY.filter((s) => templateOf(s) === t);
  const addrs = (s: Scenario, iface?: string) =>
    s.host.interfaces.filter((i) => iface === undefined || i.name === iface).flatMap((i) => i.addresses.map((a) => (typeof a === 'string' ? { address: a } : a)));
  const rules = (s: Scenario) => s.host.rules ?? [];
  const routes = (s: Scenario) => s.host.routes ?? [];

  it('are all generated, each well over 20 times in 2000', () => {
    expect(ROUTING_TEMPLATES.length).toBeGreaterThanOrEqual(16);
    for (const t of ROUTING_TEMPLATES) {
      expect(TEMPLATES).toContain(t);
      expect(by(t).length, t).toBeGreaterThan(20);
    }
  });

  it('build what the tools build', () => {
    for (const s of [...by('wg-quick-ula'), ...by('wg-quick-global')]) {
      const wg = s.host.interfaces.find((i) => i.name.startsWith('wg') || i.name.startsWith('mullvad'))!;
      expect(addrs(s, wg.name).every((a) => /\/(32|128)$/.test(a.address))).toBe(true);
      const full = rules(s).some((r) => r.not && r.fwmark !== undefined);
      if (full) {
        for (const r of rules(s).filter((x) => x.not)) {
          expect(r.table).toBe(r.fwmark === undefined ? undefined : Number(r.fwmark));
          expect(rules(s)).toContainEqual({ family: r.family, table: 'main', suppressPrefixlength: 0 });
          expect(routes(s)).toContainEqual({ to: r.family === 4 ? '0.0.0.0/0' : '::/0', dev: wg.name, table: r.table });
        }
      } else expect(routes(s).some((r) => r.dev === wg.name && r.table === undefined)).toBe(true);
    }
    for (const s of by('wg-quick-ula')) expect(addrs(s).some((a) => /^fd[0-9a-f]{2}:.*\/128$/.test(a.address))).toBe(true);
    for (const s of [...by('tailscale'), ...by('tailscale-exit-node')]) {
      expect(rules(s).map((r) => r.priority).filter((p) => p !== undefined && p >= 5210)).toEqual(expect.arrayContaining([5210, 5230, 5250, 5270]));
      expect(routes(s)).toContainEqual({ to: '100.64.0.0/10', dev: 'tailscale0', table: 52 });
    }
    for (const s of by('tailscale-exit-node')) expect(routes(s)).toContainEqual({ to: '0.0.0.0/0', dev: 'tailscale0', table: 52 });
    expect(by('tailscale-exit-node').some((s) => routes(s).some((r) => r.type === 'throw' && r.table === 52))).toBe(true);
    for (const s of by('anycast-vips-lo')) {
      expect(addrs(s, 'lo').length).toBeGreaterThan(0);
      expect(routes(s).some((r) => r.type === 'local' && r.dev === 'lo')).toBe(true);
    }
    for (const s of by('bgp-unnumbered')) {
      expect(addrs(s).filter((a) => !a.address.startsWith('fe80:')).every((a) => s.host.interfaces.find((i) => i.addresses.some((x) => (typeof x === 'string' ? x : x.address) === a.address))!.name === 'lo')).toBe(true);
      // RFC 5549: the IPv4 default through an IPv6 link-local next hop.
      expect(routes(s).some((r) => r.to === '0.0.0.0/0' && (r.via ?? r.nexthops?.[0]?.via ?? '').startsWith('fe80::'))).toBe(true);
    }
    for (const s of by('split-access')) {
      expect(routes(s).some((r) => r.table !== undefined && (r.to === 'default' || r.to === '0.0.0.0/0'))).toBe(true);
      expect(rules(s).some((r) => r.from !== undefined)).toBe(true);
    }
    for (const s of by('openwrt-source-specific')) {
      expect(routes(s).some((r) => r.from !== undefined && r.to === 'default')).toBe(true);
      expect(routes(s).some((r) => r.from === undefined && r.type === undefined && (r.to === '::/0' || (r.to === 'default' && r.via?.includes(':'))))).toBe(false);
    }
    for (const s of by('reject-rules')) expect(rules(s).some((r) => ['unreachable', 'prohibit', 'blackhole'].includes(r.action ?? ''))).toBe(true);
    for (const s of by('default-table-only')) expect(routes(s).filter((r) => r.to === 'default' || /\/0$/.test(r.to)).every((r) => r.table === 'default')).toBe(true);
    for (const s of by('custom-addrlabels')) expect((s.host.addrlabels ?? []).length).toBeGreaterThan(0);
    expect(by('custom-addrlabels').some((s) => (s.host.addrlabels ?? []).some((l) => l.dev !== undefined))).toBe(true);
    for (const s of by('ipv4-address-scopes')) expect(addrs(s).some((a) => a.scope !== undefined)).toBe(true);
    for (const s of by('ecmp')) {
      expect(routes(s).some((r) => (r.nexthops ?? []).length === 2)).toBe(true);
      expect(s.query.records.length).toBeLessThanOrEqual(6);
    }
    for (const s of by('lo-without-ipv6')) expect(s.host.interfaces.find((i) => i.name === 'lo')?.disableIpv6).toBe(true);
    for (const s of by('ppp-peer')) {
      expect(addrs(s).some((a) => a.peer !== undefined)).toBe(true);
      expect(routes(s).some((r) => r.to === '0.0.0.0/0' && r.dev !== undefined && r.via === undefined)).toBe(true);
    }
    for (const s of by('kubernetes-node')) expect(addrs(s).some((a) => a.address.startsWith('10.244.'))).toBe(true);
    expect(by('kubernetes-node').some((s) => routes(s).some((r) => r.to === '10.96.0.0/12'))).toBe(true);
    expect(by('rule-edge-cases').some((s) => s.query.uid !== undefined)).toBe(true);
  });

  it('mix rules, tables, lo addresses, multipath and labels into the adversarial scenarios', () => {
    const mixed = by('mixer');
    const share = (p: (s: Scenario) => boolean) => mixed.filter(p).length / mixed.length;
    expect(share((s) => rules(s).length > 0)).toBeGreaterThan(0.2);
    expect(share((s) => routes(s).some((r) => r.table !== undefined))).toBeGreaterThan(0.1);
    expect(share((s) => s.host.interfaces.some((i) => i.name === 'lo'))).toBeGreaterThan(0.03);
    expect(share((s) => routes(s).some((r) => r.nexthops !== undefined))).toBeGreaterThan(0.01);
    expect(share((s) => (s.host.addrlabels ?? []).length > 0)).toBeGreaterThan(0.02);
    expect(share((s) => s.host.interfaces.some((i) => i.disableIpv6))).toBeGreaterThan(0.02);
    expect(mixed.some((s) => s.host.defaultRules === false)).toBe(true);
    expect(mixed.some((s) => s.query.uid !== undefined)).toBe(true);
  });
});

// ─────────────────────────────────────────────────────────────────── shrinking

function biggest(pred: (s: Scenario) => boolean): Scenario {
  const size = (s: Scenario) =>
    s.host.interfaces.reduce((n, i) => n + 1 + i.addresses.length, 0) +
    (s.host.routes ?? []).length +
    s.query.records.length +
    (s.gaiConf ?? '').split('\n').length;
  const c = MANY.filter(pred).sort((a, b) => size(b) - size(a))[0];
  if (!c) throw new Error('no suitable scenario');
  return JSON.parse(JSON.stringify(c)) as Scenario;
}

describe('shrinkScenario', () => {
  it('reduces to the single record a toy predicate needs, checking only valid candidates', async () => {
    const start = biggest((s) => s.host.interfaces.length >= 2 && (s.host.routes ?? []).length >= 2 && !!s.gaiConf);
    start.query.records[Math.floor(start.query.records.length / 2)] = '2001:db8::5';
    start.query.flags = ['AI_V4MAPPED', 'AI_ALL'];
    start.query.family = 'AF_INET6';
    const seen = new Set<string>();
    const invalid: string[] = [];
    const result = await shrinkScenario(start, async (s) => {
      const k = JSON.stringify(s);
      expect(seen.has(k)).toBe(false);
      seen.add(k);
      invalid.push(...problems(s).filter((p) => !/records$/.test(p)));
      return s.query.records.includes('2001:db8::5');
    });
    expect(invalid).toEqual([]);
    expect(result.query.records).toEqual(['2001:db8::5']);
    expect(result.host.interfaces).toEqual([]);
    expect(result.host.routes ?? []).toEqual([]);
    expect(result.gaiConf ?? null).toBeNull();
    expect(result.query.flags ?? []).toEqual([]);
    expect(result.query.family).toBeUndefined();
    expect(problems(result)).toEqual([]);
  });

  it('keeps what a route needs (interface, gateway subnet address) and nothing else', async () => {
    const viaV4 = (s: Scenario) => (s.host.routes ?? []).some((r) => r.via !== undefined && !r.via.includes(':'));
    const start = biggest((s) => viaV4(s) && s.host.interfaces.length >= 2);
    const result = await shrinkScenario(start, async (s) => {
      expect(problems(s)).toEqual([]);
      return viaV4(s);
    });
    expect(result.host.routes).toHaveLength(1);
    const r = result.host.routes![0] as ScenarioRoute;
    expect(result.host.interfaces).toHaveLength(1);
    if (r.dev === undefined) {
      // A gateway in the subnet of the one address left.
      expect(Object.keys(r).sort()).toEqual(['to', 'via']);
      expect(result.host.interfaces[0]!.addresses).toHaveLength(1);
      expect(typeof result.host.interfaces[0]!.addresses[0]).toBe('string');
    } else {
      // An on-link gateway needs only its device.
      expect(Object.keys(r).sort()).toEqual(['dev', 'to', 'via']);
      expect(result.host.interfaces[0]!.addresses).toEqual([]);
    }
    expect(result.query.records).toHaveLength(1);
    expect(problems(result)).toEqual([]);
  });

  it('removes gai.conf lines one at a time and address flags', async () => {
    const start = biggest((s) => (s.gaiConf ?? '').includes('label fd00::/8 1'));
    const dep = biggest((s) => templateOf(s) === 'deprecated-only');
    const r1 = await shrinkScenario(start, async (s) => (s.gaiConf ?? '').includes('label fd00::/8 1'));
    expect(r1.gaiConf?.trim()).toBe('label fd00::/8 1');
    const hasDeprecated = (s: Scenario) =>
      s.host.interfaces.some((i) => i.addresses.some((a) => typeof a !== 'string' && a.deprecated));
    const r2 = await shrinkScenario(dep, async (s) => hasDeprecated(s));
    expect(r2.host.interfaces).toHaveLength(1);
    expect(r2.host.interfaces[0]!.addresses).toHaveLength(1);
    expect(Object.keys(r2.host.interfaces[0]!.addresses[0] as object).sort()).toEqual(['address', 'deprecated']);
    expect(r2.host.routes ?? []).toEqual([]);
  });

  it('returns the input unchanged when nothing smaller still fails', async () => {
    const s = generateScenario(1, 1);
    const r = await shrinkScenario(s, async () => false);
    expect(r).toEqual(s);
  });
});
