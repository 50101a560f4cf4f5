// Policy-routing templates for the source address's choice: custom `ip addrlabel` rows (the kernel
// follows them, glibc's sort does not), IPv4 address scopes (link, host, site beside universe), and
// lo without ::1. One theme of the routing templates; templates-routing.ts lists them in order.

import { docV6Prefix64, networkOf, nthInCidr, randomHost, ulaPrefix64 } from './generator-addresses.js';
import { LAN_IFACES, privateV4Net24, v6HostIn, type Template } from './generator-template.js';
import { compose, free4, free6, hostOf, internet, lanHost, lanOwn, plainLan, underlay } from './templates-helpers.js';

export function addressTemplates(classic: Record<string, Template>): Record<'custom-addrlabels' | 'ipv4-address-scopes' | 'lo-without-ipv6', Template> {
  return {
    /** `ip addrlabel` rows: the kernel's source choice follows them, glibc's sort does not. */
    'custom-addrlabels': (rng, b) => {
      const lan = plainLan(rng, b);
      const ula = ulaPrefix64(rng);
      b.addr(lan, v6HostIn(rng, ula), 64);
      const second = rng.chance(0.4) ? docV6Prefix64(rng) : null;
      if (second) b.addr(lan, v6HostIn(rng, second), 64, { deprecated: rng.chance(0.3) });
      const remote = free6(rng, b, 48);
      const dev = () => (rng.chance(0.3) ? { dev: rng.chance(0.8) ? lan.name : 'lo' } : {});
      const rows = rng.int(1, 3);
      for (let i = 0; i < rows; i++) {
        const kind = rng.pick(['remote-like-ula', 'ula-like-global', 'remote-own', 'default-row', 'mapped'] as const);
        if (kind === 'remote-like-ula') b.addrlabel({ prefix: remote, label: 5, ...dev() });
        else if (kind === 'ula-like-global') b.addrlabel({ prefix: rng.chance(0.5) ? 'fd00::/8' : `${networkOf(ula.split('/')[0]!, 48)}/48`, label: 1, ...dev() });
        else if (kind === 'remote-own') {
          const own = lanOwn(b, 6);
          const l = rng.pick([99, 100, 7]);
          b.addrlabel({ prefix: remote, label: l, ...dev() });
          if (own.length) b.addrlabel({ prefix: `${networkOf(rng.pick(own), 64)}/64`, label: l });
        } else if (kind === 'default-row') b.addrlabel({ prefix: '::/0', label: rng.pick([1, 3, 9]), ...dev() });
        else b.addrlabel({ prefix: '::ffff:0:0/96', label: rng.pick([1, 4, 6]) });
      }
      const must = [hostOf(rng, remote), internet(rng, b, 6), randomHost(rng, ulaPrefix64(rng), 'small'), internet(rng, b, 4), rng.chance(0.3) ? hostOf(rng, remote) : null];
      return { records: compose(rng, must, [lanHost(rng, b, 6) ?? internet(rng, b, 6)]) };
    },

    /** IPv4 address scopes: link-scope (169.254/16) and host-scope addresses, with or without a
     * universe-scope one. */
    'ipv4-address-scopes': (rng, b) => {
      const eth = b.iface(rng.pick(LAN_IFACES));
      const shape = rng.pick(['link+global', 'link-only', 'host+global', 'site+global'] as const);
      const ll = randomHost(rng, '169.254.0.0/16');
      let gw: string;
      if (shape === 'link-only') {
        b.addr(eth, ll, 16, { scope: 'link' });
        gw = nthInCidr('169.254.0.0/16', BigInt(rng.int(1, 250)));
      } else {
        const v4net = privateV4Net24(rng);
        if (shape === 'link+global') b.addr(eth, ll, 16, { scope: 'link' });
        if (shape === 'host+global') b.addr(eth, `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`, rng.pick([8, 32]), { scope: 'host' });
        if (shape === 'site+global') b.addr(eth, randomHost(rng, '172.16.0.0/12'), 16, { scope: 'site' });
        const order = rng.chance(0.5);
        b.addr(eth, nthInCidr(v4net, BigInt(rng.int(2, 250))), 24);
        if (!order && shape === 'link+global') b.addr(eth, randomHost(rng, '169.254.0.0/16'), 16, { scope: 'link' });
        gw = nthInCidr(v4net, 1n);
      }
      b.route({ to: rng.chance(0.5) ? 'default' : '0.0.0.0/0', via: gw, dev: eth.name });
      const linkNet = free4(rng, b, 24);
      b.route({ to: linkNet, dev: eth.name, ...(rng.chance(0.5) ? { scope: 'link' as const } : {}) });
      const globalNet = rng.chance(0.5) ? free4(rng, b, 24) : null;
      if (globalNet) b.route({ to: globalNet, dev: eth.name, scope: rng.pick(['global', 'host'] as const) });
      if (b.ipv6 && rng.chance(0.5)) {
        const gp = docV6Prefix64(rng);
        b.addr(eth, v6HostIn(rng, gp), 64);
        b.route({ to: 'default', via: 'fe80::1', dev: eth.name });
      }
      const own4 = b.own(4);
      const must = [
        internet(rng, b, 4),
        randomHost(rng, '169.254.0.0/16'),
        hostOf(rng, linkNet),
        globalNet ? hostOf(rng, globalNet) : null,
        own4.length && rng.chance(0.4) ? rng.pick(own4) : null,
        b.ipv6 ? internet(rng, b, 6) : null,
      ];
      return { records: compose(rng, must, [lanHost(rng, b, 4) ?? internet(rng, b, 4)]) };
    },

    /** lo without ::1 (net.ipv6.conf.lo.disable_ipv6=1) on an otherwise dual-stack host. */
    'lo-without-ipv6': (rng, b) => {
      b.disableIpv6(b.lo());
      const base = underlay(rng, b, classic, ['lan', 'home-dual-stack', 'docker-ula-bridge', 'deprecated-only']);
      const own6 = lanOwn(b, 6);
      const must = ['::1', rng.chance(0.7) ? '127.0.0.1' : null, internet(rng, b, 6), rng.chance(0.5) ? internet(rng, b, 4) : null, own6.length && rng.chance(0.3) ? rng.pick(own6) : null];
      return { records: compose(rng, must, base.records), addrconfig: 0.25 };
    },
  };
}
