// Policy-routing templates for tunnels: wg-quick(8) full tunnels (a ULA or a global tunnel address;
// the defaults in table 51820 and two rules per family, or AllowedIPs routed in main), Tailscale with
// and without an exit node (rules 5210-5270, table 52, the LAN thrown back), and a pppd link with a
// peer address. One theme of the routing templates; templates-routing.ts lists them in order.

import { DOC4, docV6Prefix64, hex, networkOf, nthInCidr, randomHost, ulaPrefix64 } from './generator-addresses.js';
import type { Template } from './generator-template.js';
import { compose, freeName, freePrefix, hostOf, internet, lanHost, lanNets, underlay } from './templates-helpers.js';

export function tunnelTemplates(classic: Record<string, Template>): Record<'wg-quick-ula' | 'wg-quick-global' | 'tailscale' | 'tailscale-exit-node' | 'ppp-peer', Template> {
  /** wg-quick(8) full tunnel: the defaults in table 51820 and its two rules per family. */
  const wgQuick =
    (kind: 'ula' | 'global'): Template =>
    (rng, b) => {
      const base = underlay(rng, b, classic);
      const wg = b.iface(freeName(b, rng.chance(0.85) ? ['wg0'] : ['wg1', 'mullvad-se4', 'wg-vpn']));
      const t4net = freePrefix(rng, b, () => `10.${rng.pick([2, 8, 64, 66, 100, 200])}.${rng.int(0, 255)}.${rng.int(1, 254)}`, 24);
      const t4 = b.addr(wg, nthInCidr(t4net, BigInt(rng.int(2, 250))), 32);
      const t6net = kind === 'ula' ? ulaPrefix64(rng) : docV6Prefix64(rng);
      const t6 = b.ipv6 ? b.addr(wg, nthInCidr(t6net, BigInt(rng.int(2, 0xfff))), 128) : null;
      const tableId = rng.chance(0.85) ? 51820 : rng.int(1000, 60000);
      const fwmark: number | string = rng.chance(0.8) ? tableId : `0x${hex(tableId)}`;
      const families: readonly (4 | 6)[] = b.ipv6 ? rng.weighted<readonly (4 | 6)[]>([[[4, 6], 70], [[4], 18], [[6], 12]]) : [4];
      const split = rng.chance(0.15);
      if (split) {
        // AllowedIPs without a default: wg-quick routes them in main, no rules.
        b.route({ to: t4net, dev: wg.name });
        if (b.ipv6 && families.includes(6)) b.route({ to: `${networkOf(t6net.split('/')[0]!, 48)}/48`, dev: wg.name });
      } else {
        for (const f of families) {
          // wg-quick: `ip -4 route add 0.0.0.0/0 dev wg0 table 51820`, then the two rules.
          b.route({ to: f === 4 ? '0.0.0.0/0' : '::/0', dev: wg.name, table: tableId });
          b.rule({ family: f, not: true, fwmark, table: tableId });
          b.rule({ family: f, table: 'main', suppressPrefixlength: 0 });
        }
      }
      const must = [
        internet(rng, b, 4),
        b.ipv6 ? internet(rng, b, 6) : null,
        lanHost(rng, b, 4),
        b.ipv6 ? lanHost(rng, b, 6) : null,
        rng.chance(0.4) ? nthInCidr(t4net, 1n) : null,
        rng.chance(0.3) ? t4 : null,
        rng.chance(0.3) && t6 ? nthInCidr(t6net, 1n) : null,
      ];
      return { records: compose(rng, must, base.records) };
    };

  /** Tailscale on Linux: rules 5210/5230/5250/5270 and table 52; with an exit node the defaults
   * are in table 52 too, and the LAN is thrown back to the rules (allow LAN access). */
  const tailscale =
    (exit: boolean): Template =>
    (rng, b) => {
      const base = underlay(rng, b, classic);
      const ts = b.iface(freeName(b, ['tailscale0']));
      const a4 = b.addr(ts, randomHost(rng, '100.64.0.0/10'), 32);
      const ula = 'fd7a:115c:a1e0::/48';
      const a6 = b.ipv6 ? b.addr(ts, randomHost(rng, ula), 128) : null;
      b.route({ to: rng.chance(0.5) ? '100.100.100.100' : '100.100.100.100/32', dev: ts.name, table: 52 });
      b.route({ to: '100.64.0.0/10', dev: ts.name, table: 52 });
      if (b.ipv6) b.route({ to: ula, dev: ts.name, table: 52 });
      if (exit) {
        b.route({ to: '0.0.0.0/0', dev: ts.name, table: 52 });
        if (b.ipv6) b.route({ to: '::/0', dev: ts.name, table: 52 });
        for (const net of [...lanNets(b, 4), ...(b.ipv6 ? lanNets(b, 6) : [])]) if (rng.chance(0.85)) b.route({ to: net, type: 'throw', table: 52 });
      }
      for (const f of b.ipv6 ? ([4, 6] as const) : ([4] as const)) {
        b.rule({ family: f, priority: 5210, fwmark: '0x80000/0xff0000', table: 'main' });
        b.rule({ family: f, priority: 5230, fwmark: '0x80000/0xff0000', table: 'default' });
        b.rule({ family: f, priority: 5250, fwmark: '0x80000/0xff0000', action: 'unreachable' });
        b.rule({ family: f, priority: 5270, table: 52 });
      }
      const peer4 = randomHost(rng, '100.64.0.0/10');
      const must = [
        rng.chance(0.6) ? '100.100.100.100' : null,
        peer4 === a4 ? null : peer4,
        b.ipv6 ? randomHost(rng, ula) : null,
        internet(rng, b, 4),
        b.ipv6 ? internet(rng, b, 6) : null,
        lanHost(rng, b, 4),
        b.ipv6 && rng.chance(0.6) ? lanHost(rng, b, 6) : null,
        rng.chance(0.2) ? a6 : null,
      ];
      return { records: compose(rng, must, base.records) };
    };

  return {
    'wg-quick-ula': wgQuick('ula'),
    'wg-quick-global': wgQuick('global'),
    tailscale: tailscale(false),
    'tailscale-exit-node': tailscale(true),

    /** pppd: `ip addr add L peer P/32 dev ppp0`, `default dev ppp0`; a LAN behind it. */
    'ppp-peer': (rng, b) => {
      const ppp = b.iface(freeName(b, ['ppp0', 'pppoe-wan']));
      const wanNet = rng.chance(0.5) ? '100.64.0.0/10' : rng.pick(DOC4);
      const local = randomHost(rng, wanNet);
      let peer = randomHost(rng, wanNet);
      if (peer === local) peer = nthInCidr(wanNet, 1n);
      b.addr(ppp, local, 32, { peer: `${peer}/32` });
      b.route({ to: '0.0.0.0/0', dev: ppp.name });
      let lanNet: string | null = null;
      if (rng.chance(0.7)) {
        const lan = b.iface(freeName(b, ['br-lan', 'eth1']));
        lanNet = `192.168.${rng.int(0, 254)}.0/24`;
        b.addr(lan, nthInCidr(lanNet, 1n), 24);
        if (b.ipv6 && rng.chance(0.7)) b.addr(lan, nthInCidr(docV6Prefix64(rng), 1n), 64);
      }
      if (b.ipv6 && rng.chance(0.6)) {
        if (rng.chance(0.5)) b.addr(ppp, `fe80::${hex(rng.int(2, 0xffff))}`, 64);
        b.route({ to: '::/0', dev: ppp.name });
      }
      const must = [internet(rng, b, 4), rng.chance(0.5) ? peer : null, b.ipv6 ? internet(rng, b, 6) : null, lanNet ? hostOf(rng, lanNet) : null, rng.chance(0.2) ? local : null];
      return { records: compose(rng, must, [internet(rng, b, 4)]) };
    },
  };
}
