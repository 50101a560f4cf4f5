// The adversarial mixer's policy routing (generator-mixer.ts calls it): random rules, routes in other
// tables, throw and local routes, lo addresses, multipath, address labels, deleted default rules and
// a caller uid, aimed at the scenario's records. Apart from the routing templates: it builds no host
// of its own, it adds to one.

import { parseIp } from '../../src/address/ip.js';
import type { ScenarioRule } from '../../src/scenario/types.js';
import { canon, networkOf } from './generator-addresses.js';
import type { HostBuilder } from './generator-host-builder.js';
import type { Rng } from './generator-rng.js';
import { free4, free6, hostOf, inside } from './templates-helpers.js';

/**
 * Policy-routing features for a mixer host: random rules, routes in other tables, throw and
 * local routes, lo addresses, multipath, address labels, deleted default rules, a caller uid.
 * `records` are the scenario's answers: rules and routes aim at them. Returns the uid to run
 * as, if any.
 */
export function mixRouting(rng: Rng, b: HostBuilder, records: readonly string[]): { uid?: number } {
  const out: { uid?: number } = {};
  const famRecords = (f: 4 | 6) =>
    records.filter((r) => {
      const ip = parseIp(r);
      if (!ip || ip.family !== f) return false;
      const b0 = ip.bytes;
      if (f === 4) return b0[12] !== 0 && b0[12] !== 127 && b0[12]! < 224;
      return b0[0] !== 0xff && !(b0[0] === 0xfe && (b0[1]! & 0xc0) === 0x80) && !b0.subarray(0, 12).every((x) => x === 0) && !(b0[10] === 0xff && b0[11] === 0xff && b0.subarray(0, 10).every((x) => x === 0));
    });
  const family = (): 4 | 6 => (b.ipv6 && rng.chance(0.45) ? 6 : 4);
  /** A prefix around one of the records (or a fresh one). */
  // Prefixes around an answer stay in documentation or ULA space (no NAT64/6to4/Teredo block).
  const plainSpace = (r: string) => !r.includes(':') || inside(r, '2001:db8::/32') || inside(r, 'fc00::/7');
  const target = (f: 4 | 6): string => {
    const rs = famRecords(f).filter(plainSpace);
    if (rs.length && rng.chance(0.8)) {
      const r = rng.pick(rs);
      const len = f === 4 ? rng.pick([24, 28, 32]) : rng.pick([48, 64, 128]);
      return `${networkOf(canon(r), len)}/${len}`;
    }
    return f === 4 ? free4(rng, b, 24) : free6(rng, b, 48);
  };
  const upIfaces = b.host.interfaces.filter((i) => i.up !== false && i.name !== 'lo');
  const t = rng.pick([100, 200, 1000, 51820]);

  // Another table with its own route(s), and the rule that leads there.
  if (rng.chance(0.25)) {
    const f = family();
    const subs = b.gatewaySubnets(f);
    const dest = rng.chance(0.5) ? (f === 4 ? '0.0.0.0/0' : '::/0') : target(f);
    let ok = false;
    if (subs.length && rng.chance(0.6)) {
      const s = rng.pick(subs);
      const gw = b.gateway(rng, s.cidr);
      if (gw) ok = b.route({ to: dest, via: gw, dev: s.iface, table: t });
    } else if (upIfaces.length) ok = b.route({ to: dest, dev: rng.pick(upIfaces).name, table: t });
    if (rng.chance(0.3)) b.route({ to: target(f), type: rng.pick(['throw', 'unreachable', 'prohibit', 'blackhole'] as const), table: t });
    if (ok || rng.chance(0.3)) {
      const sel = rng.pick(['all', 'to', 'from', 'not-fwmark', 'suppress'] as const);
      const own = b.own(f, { noLinkLocal: true });
      if (sel === 'all') b.rule({ family: f, table: t, ...(rng.chance(0.7) ? { priority: rng.int(1, 32765) } : {}) });
      else if (sel === 'to') b.rule({ to: target(f), table: t, priority: rng.int(1, 32765) });
      else if (sel === 'from' && own.length) b.rule({ from: rng.pick(own), table: t, priority: rng.int(1, 32765) });
      else if (sel === 'not-fwmark') b.rule({ family: f, not: true, fwmark: t, table: t });
      else {
        b.rule({ family: f, not: true, fwmark: t, table: t });
        b.rule({ family: f, table: 'main', suppressPrefixlength: rng.pick([0, 0, 8, 24, 48]) });
      }
    }
  }
  // Reject rules.
  if (rng.chance(0.2)) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const f = family();
      const own = b.own(f, { noLinkLocal: true });
      const action = rng.pick(['unreachable', 'prohibit', 'blackhole'] as const);
      if (own.length && rng.chance(0.3)) b.rule({ from: rng.pick(own), action, priority: rng.int(1, 32765) });
      else b.rule({ to: target(f), action, priority: rng.int(1, 32765), ...(rng.chance(0.1) ? { not: true, family: f } : {}) });
    }
  }
  // A uid range, and a caller inside or outside it.
  if (rng.chance(0.06)) {
    b.rule({ ...(rng.chance(0.5) ? { to: target(family()) } : { family: family() }), uidrange: rng.pick(['1000-1000', '1000-60000', '0-999']), action: rng.pick(['prohibit', 'unreachable'] as const), priority: rng.int(1, 32765) });
    out.uid = rng.pick([0, 1000, 4242]);
  }
  // lo addresses and AnyIP.
  if (rng.chance(0.1)) {
    const lo = b.lo();
    b.addr(lo, hostOf(rng, free4(rng, b, 24)), 32, {}, rng.chance(0.5));
    if (b.ipv6 && !lo.disableIpv6 && rng.chance(0.5)) b.addr(lo, hostOf(rng, free6(rng, b, 64)), 128);
    if (rng.chance(0.5)) {
      const f = family();
      b.route({ to: target(f), type: 'local', dev: 'lo', ...(rng.chance(0.7) ? { table: 'local' as const } : {}) });
    }
  }
  // Multipath over two gateway subnets (a specific prefix, so few answers depend on the hash).
  if (rng.chance(0.25)) {
    const f = family();
    const subs = b.gatewaySubnets(f);
    if (subs.length >= 2) {
      const [s0, s1] = rng.shuffle(subs);
      const g0 = b.gateway(rng, s0!.cidr);
      const g1 = b.gateway(rng, s1!.cidr);
      const rs = famRecords(f).filter(plainSpace);
      if (g0 && g1 && rs.length) {
        const len = f === 4 ? 32 : 128;
        const r = rng.pick(rs);
        b.route({ to: `${networkOf(canon(r), len)}/${len}`, nexthops: [{ via: g0, dev: s0!.iface }, { via: g1, dev: s1!.iface, ...(rng.chance(0.3) ? { weight: rng.int(2, 5) } : {}) }] });
      }
    }
  }
  // Address labels.
  if (b.ipv6 && rng.chance(0.08)) {
    const rs = famRecords(6).filter(plainSpace);
    const prefix = rs.length && rng.chance(0.7) ? `${networkOf(canon(rng.pick(rs)), 48)}/48` : rng.pick(['fd00::/8', '::/0', '2001:db8::/32']);
    b.addrlabel({ prefix, label: rng.pick([1, 5, 6, 99]), ...(upIfaces.length && rng.chance(0.3) ? { dev: rng.pick(upIfaces).name } : {}) });
  }
  // The kernel's default rules replaced by the scenario's own.
  if (rng.chance(0.04)) {
    b.host.defaultRules = false;
    const keep = rng.pick([
      [{ priority: 0, table: 'local' }, { priority: 32766, table: 'main' }],
      [{ priority: 0, table: 'local' }, { priority: 100, table: 'main' }, { priority: 200, table: 'default' }],
      [{ priority: 10, table: 'main' }],
      [],
    ] as ScenarioRule[][]);
    for (const r of keep) b.rule({ ...r });
  }
  // Interface groups (read by suppress_ifgroup rules).
  if (upIfaces.length && rng.chance(0.05)) {
    const g = rng.int(1, 5);
    rng.pick(upIfaces).group = g;
    b.rule({ family: family(), table: 'main', suppressIfgroup: g, priority: rng.int(1, 32765) });
  }
  return out;
}
