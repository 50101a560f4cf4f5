// Policy-routing templates for the rule list: rules that reject (by destination and `from` an own
// address), the corners of the kernel's rule list (duplicates it refuses, goto/nop, uid ranges,
// selectors the probe socket never or always matches, suppressors), and several tables at once reached
// by every selector. One theme of the routing templates; templates-routing.ts lists them in order.

import type { RouteTable, RuleAction } from '../../src/scenario/types.js';
import { networkOf } from './generator-addresses.js';
import type { Template } from './generator-template.js';
import { compose, free4, free6, hostOf, internet, lanHost, lanOwn, underlay } from './templates-helpers.js';

export function ruleTemplates(classic: Record<string, Template>): Record<'reject-rules' | 'rule-edge-cases' | 'policy-tables', Template> {
  return {
    /** Rules that reject: unreachable, prohibit and blackhole by destination, and `from` an own
     * address (IPv4 looks up again with the source it chose; IPv6 does not). */
    'reject-rules': (rng, b) => {
      const base = underlay(rng, b, classic);
      const actions: RuleAction[] = ['unreachable', 'prohibit', 'blackhole'];
      const prefs = rng.shuffle([100, 200, 300, 1000, 5000, 20000, 32000]);
      const must: (string | null)[] = [];
      const n = rng.int(1, 4);
      for (let i = 0; i < n; i++) {
        const kind = rng.weighted([
          ['to4', 30],
          ['to6', b.ipv6 ? 25 : 0],
          ['from4', 25],
          ['from6', b.ipv6 ? 10 : 0],
          ['not-to', 5],
        ] as const);
        const action = rng.pick(actions);
        const pr = rng.chance(0.85) ? { priority: prefs[i]! } : {};
        if (kind === 'to4' || kind === 'to6') {
          const net = kind === 'to4' ? free4(rng, b, rng.pick([24, 24, 28, 32])) : free6(rng, b, rng.pick([48, 64, 128]));
          b.rule({ to: net, action, ...pr });
          must.push(hostOf(rng, net));
        } else if (kind === 'from4' || kind === 'from6') {
          const own = lanOwn(b, kind === 'from4' ? 4 : 6);
          if (!own.length) continue;
          const src = rng.pick(own);
          const to = rng.chance(0.5) ? (kind === 'from4' ? free4(rng, b, 24) : free6(rng, b, 48)) : null;
          b.rule({ from: src, ...(to ? { to } : {}), action: rng.chance(0.7) ? 'prohibit' : action, ...pr });
          must.push(to ? hostOf(rng, to) : internet(rng, b, kind === 'from4' ? 4 : 6));
        } else {
          // `not to P`: everything but P is refused past the local table.
          const net = free4(rng, b, 24);
          b.rule({ family: 4, not: true, to: net, action, priority: prefs[i]! });
          must.push(hostOf(rng, net));
        }
      }
      must.push(internet(rng, b, 4), b.ipv6 ? internet(rng, b, 6) : null, rng.chance(0.3) ? lanHost(rng, b, 4) : null);
      return { records: compose(rng, must, base.records) };
    },

    /** The corners of the kernel's rule list: duplicates `ip rule add` refuses (EEXIST compares
     * neither `not` nor the goto target, and a new rule's absent selectors as wildcards),
     * selectors the probe socket never or always matches, uid ranges, goto/nop, suppressors. */
    'rule-edge-cases': (rng, b) => {
      const base = underlay(rng, b, classic, ['lan', 'home-dual-stack', 'ipv4-only-vps']);
      const must: (string | null)[] = [];
      const prefs = rng.shuffle([150, 250, 350, 450, 550, 650]);
      const family = (): 4 | 6 => (b.ipv6 && rng.chance(0.4) ? 6 : 4);
      const dest = (f: 4 | 6) => (f === 4 ? free4(rng, b, 24) : free6(rng, b, 48));
      const reject = (): RuleAction => rng.pick(['unreachable', 'prohibit', 'blackhole'] as const);
      let uid: number | undefined;
      const n = rng.int(1, 3);
      for (let i = 0; i < n; i++) {
        const p = prefs[i]!;
        const f = family();
        const kind = rng.pick(['dup-exact', 'dup-not', 'dup-wildcard', 'dup-goto', 'fwmark-zero', 'uid', 'iif-oif', 'proto-ports', 'tos', 'goto-nop', 'suppress'] as const);
        const net = dest(f);
        must.push(hostOf(rng, net));
        const a = reject();
        switch (kind) {
          case 'dup-exact':
            b.rule({ family: f, priority: p, to: net, action: a });
            b.rule({ family: f, priority: p, to: net, action: a });
            break;
          case 'dup-not': {
            const mark = rng.pick([7, 0x100, 51820]);
            b.rule({ family: f, priority: p, fwmark: mark, action: a });
            b.rule({ family: f, priority: p, not: true, fwmark: mark, action: a });
            break;
          }
          case 'dup-wildcard':
            b.rule({ family: f, priority: p, to: net, action: a });
            b.rule({ family: f, priority: p, action: a });
            must.push(internet(rng, b, f));
            break;
          case 'dup-goto':
            // The second goto differs only in its target and lacks the `to`: the kernel finds
            // it already there.
            b.rule({ family: f, priority: p, to: net, action: 'goto', goto: p + 20 });
            b.rule({ family: f, priority: p, action: 'goto', goto: p + 40 });
            b.rule({ family: f, priority: p + 20, action: 'nop' });
            b.rule({ family: f, priority: p + 30, action: a });
            b.rule({ family: f, priority: p + 40, action: 'nop' });
            must.push(internet(rng, b, f));
            break;
          case 'fwmark-zero':
            // `fwmark 0` is no fwmark to the kernel (mask 0): the plain rule is a duplicate.
            b.rule({ family: f, priority: p, not: true, fwmark: 0, action: a });
            b.rule({ family: f, priority: p, action: a });
            must.push(internet(rng, b, f));
            break;
          case 'uid': {
            const lo = rng.pick([1000, 0, 65534]);
            b.rule({ family: f, priority: p, uidrange: `${lo}-${lo + rng.pick([0, 999])}`, ...(rng.chance(0.5) ? { to: net } : {}), action: a });
            uid ??= rng.pick([0, 1000, 1500, 65534]);
            break;
          }
          case 'iif-oif': {
            const dev = rng.pick(['lo', b.host.interfaces.find((x) => x.name !== 'lo')?.name ?? 'eth0']);
            b.rule({ family: f, priority: p, ...(rng.chance(0.6) ? { iif: dev } : { oif: dev }), to: net, action: a });
            break;
          }
          case 'proto-ports':
            b.rule({
              family: f,
              priority: p,
              to: net,
              ...rng.pick([{ ipproto: 'udp' }, { ipproto: 'tcp' }, { ipproto: 17 }, { sport: '1024-65534' }, { sport: '1-1023' }, { dport: 53 }, { dport: '1024-65534' }, { dport: '1-65534' }, { ipproto: 'udp', sport: '32768-60999' }] as const),
              action: a,
            });
            break;
          case 'tos':
            b.rule({ family: f, priority: p, tos: rng.pick([0x04, 0x08, 0x10]), to: net, action: a });
            break;
          case 'goto-nop':
            b.rule(rng.chance(0.5) ? { family: f, priority: p, action: 'nop' } : { family: f, priority: p, to: net, action: 'goto', goto: p + 50 });
            b.rule({ family: f, priority: p + 10, to: net, action: a });
            break;
          case 'suppress': {
            const g = rng.int(1, 9);
            const first = b.host.interfaces.find((x) => x.name !== 'lo');
            if (first) first.group = g;
            b.rule({ family: f, priority: p, table: 'main', ...(rng.chance(0.5) ? { suppressIfgroup: g } : { suppressPrefixlength: rng.pick([0, 24, 64]) }) });
            b.rule({ family: f, priority: p + 10, to: net, action: a });
            must.push(internet(rng, b, f), lanHost(rng, b, f));
            break;
          }
        }
      }
      must.push(internet(rng, b, 4));
      return { records: compose(rng, must, base.records), ...(uid === undefined ? {} : { uid }) };
    },

    /** Several tables at once, in both families: routes of every type (throw, local, reject,
     * source-specific, with src) in main, `default` and numbered tables, reached by rules with
     * every selector the probe socket can match (to, from, not, iif lo, uidrange, ipproto,
     * goto/nop, suppressors), each answer aimed at one of them. */
    'policy-tables': (rng, b) => {
      const base = underlay(rng, b, classic, ['lan', 'lan', 'home-dual-stack', 'multi-homed-metrics', 'docker-ula-bridge']);
      const must: (string | null)[] = [];
      const tables: RouteTable[] = rng.shuffle<RouteTable>([100, 200, 'default', 1000]).slice(0, rng.int(1, 3));
      const prefs = rng.shuffle([100, 200, 300, 400, 500, 600, 700, 800]);
      let uid: number | undefined;
      const families: (4 | 6)[] = b.ipv6 ? [4, 6] : [4];
      for (let i = rng.int(2, 5); i > 0; i--) {
        const f = rng.pick(families);
        const t = rng.pick(tables);
        const net = f === 4 ? free4(rng, b, rng.pick([24, 28, 32])) : free6(rng, b, rng.pick([48, 64, 128]));
        must.push(hostOf(rng, net));
        // A route in the table.
        const kind = rng.pick(['dev', 'via', 'throw', 'reject', 'local', 'src', 'from'] as const);
        const subs = b.gatewaySubnets(f);
        const own = lanOwn(b, f);
        const up = b.host.interfaces.filter((x) => x.up !== false && x.name !== 'lo' && (f === 4 || !x.disableIpv6));
        if (kind === 'dev' && up.length) b.route({ to: net, dev: rng.pick(up).name, table: t });
        else if ((kind === 'via' || kind === 'src') && subs.length) {
          const s = rng.pick(subs);
          const gw = b.gateway(rng, s.cidr);
          const src = kind === 'src' && own.length ? { src: rng.pick(own) } : {};
          if (gw) b.route({ to: rng.chance(0.3) ? (f === 4 ? '0.0.0.0/0' : '::/0') : net, via: gw, dev: s.iface, table: t, ...src });
        } else if (kind === 'throw') b.route({ to: net, type: 'throw', table: rng.chance(0.3) ? 'main' : t });
        else if (kind === 'reject') b.route({ to: net, type: rng.pick(['unreachable', 'prohibit', 'blackhole'] as const), table: t });
        else if (kind === 'local') b.route({ to: net, type: 'local', dev: 'lo', table: rng.pick(['local', t, 'main'] as RouteTable[]) });
        else if (kind === 'from' && f === 6 && own.length && subs.length) {
          const s = rng.pick(subs);
          const gw = b.gateway(rng, s.cidr);
          if (gw) b.route({ to: rng.chance(0.5) ? '::/0' : net, from: `${networkOf(rng.pick(own), 64)}/64`, via: gw, dev: s.iface, table: t });
        }
        // A rule that leads there (or past it).
        const sel = rng.pick(['to', 'to', 'from', 'not-to', 'iif', 'uid', 'proto', 'all', 'goto'] as const);
        const pr = prefs.pop() ?? rng.int(900, 30000);
        const lead = rng.chance(0.8) ? { table: t } : { action: rng.pick(['unreachable', 'prohibit', 'blackhole'] as const) };
        if (sel === 'to') b.rule({ priority: pr, to: net, ...lead });
        else if (sel === 'from' && own.length) b.rule({ priority: pr, from: rng.pick(own), ...(rng.chance(0.5) ? { to: net } : {}), ...lead });
        else if (sel === 'not-to') b.rule({ family: f, priority: pr, not: true, to: net, table: t });
        else if (sel === 'iif') b.rule({ family: f, priority: pr, iif: 'lo', to: net, ...lead });
        else if (sel === 'uid') {
          uid ??= rng.pick([0, 1000, 2000]);
          b.rule({ family: f, priority: pr, uidrange: rng.pick(['1000-1999', '0-0', '2000-2000']), to: net, ...lead });
        } else if (sel === 'proto') b.rule({ family: f, priority: pr, ipproto: rng.pick(['udp', 'tcp'] as const), to: net, ...lead });
        else if (sel === 'goto') {
          b.rule({ family: f, priority: pr, to: net, action: 'goto', goto: pr + 5 });
          b.rule({ family: f, priority: pr + 1, to: net, action: rng.pick(['unreachable', 'prohibit'] as const) });
          b.rule({ family: f, priority: pr + 5, to: net, table: t });
        } else b.rule({ family: f, priority: pr, table: t, ...(rng.chance(0.5) ? { suppressPrefixlength: rng.pick([0, 24, 48, 64]) } : {}) });
      }
      if (rng.chance(0.2)) b.route({ to: b.ipv6 && rng.chance(0.5) ? '::/0' : '0.0.0.0/0', type: 'throw', table: rng.pick(tables) });
      must.push(internet(rng, b, 4), b.ipv6 ? internet(rng, b, 6) : null, rng.chance(0.4) ? lanHost(rng, b, 4) : null);
      return { records: compose(rng, must, base.records), ...(uid === undefined ? {} : { uid }) };
    },
  };
}
