// Policy-routing templates for servers and routers: anycast/service VIPs on lo with AnyIP `local`
// routes, a BGP-unnumbered router (FRR, RFC 5549: IPv4 via an IPv6 link-local next hop), and a
// Kubernetes node (pod bridge, ClusterIPs on kube-ipvs0 or lo, flannel routes). One theme of the
// routing templates; templates-routing.ts lists them in order.

import type { RouteTable } from '../../src/scenario/types.js';
import { docV6Prefix64, hex, nthInCidr } from './generator-addresses.js';
import { privateV4Net24, v6HostIn, type Template } from './generator-template.js';
import { compose, free4, free6, freeName, hostOf, internet, mainDefault, underlay } from './templates-helpers.js';

export function serverTemplates(classic: Record<string, Template>): Record<'anycast-vips-lo' | 'bgp-unnumbered' | 'kubernetes-node', Template> {
  return {
    /** Anycast / service VIPs: /32s and /128s on lo, AnyIP prefixes as `local` routes. */
    'anycast-vips-lo': (rng, b) => {
      const base = underlay(rng, b, classic);
      const lo = b.lo();
      const vips4 = Array.from({ length: rng.int(1, 3) }, () => b.addr(lo, hostOf(rng, free4(rng, b, 28)), 32, {}, rng.chance(0.3))).filter((x): x is string => x !== null);
      const vips6 = b.ipv6 ? Array.from({ length: rng.int(0, 2) }, () => b.addr(lo, hostOf(rng, free6(rng, b, 64)), 128, {}, rng.chance(0.3))).filter((x): x is string => x !== null) : [];
      const any4 = free4(rng, b, rng.pick([24, 24, 28]));
      const anyTable = (): RouteTable | undefined => (rng.chance(0.8) ? 'local' : undefined);
      b.route({ to: any4, type: 'local', dev: 'lo', ...(rng.chance(0.8) ? { table: 'local' as const } : {}) });
      const any6 = b.ipv6 && rng.chance(0.7) ? free6(rng, b, 64) : null;
      if (any6) {
        const t = anyTable();
        b.route({ to: any6, type: 'local', dev: 'lo', ...(t === undefined ? {} : { table: t }) });
      }
      // Policy routing beside it splits the kernel's local and main tables.
      if (rng.chance(0.3)) b.rule({ priority: rng.int(100, 30000), to: free4(rng, b, 24), table: rng.pick([100, 'main'] as const) });
      // Anycast DNS: answers to one network leave from the VIP.
      const gw = mainDefault(b, 4);
      let srcNet: string | null = null;
      if (gw && vips4.length && rng.chance(0.4)) {
        srcNet = free4(rng, b, 24);
        if (!b.route({ to: srcNet, via: gw.via, ...(gw.dev ? { dev: gw.dev } : {}), src: rng.pick(vips4) })) srcNet = null;
      }
      const must = [
        vips4.length ? rng.pick(vips4) : null,
        vips6.length ? rng.pick(vips6) : null,
        hostOf(rng, any4),
        any6 ? hostOf(rng, any6) : null,
        srcNet ? hostOf(rng, srcNet) : null,
        internet(rng, b, 4),
        b.ipv6 ? internet(rng, b, 6) : null,
        rng.chance(0.15) ? '127.0.0.1' : null,
      ];
      return { records: compose(rng, must, base.records) };
    },

    /** BGP unnumbered (FRR): no global address on the links, the router's /32 and /128 on lo,
     * IPv6 defaults via the peer's link-local address, IPv4 through it too (RFC 5549). */
    'bgp-unnumbered': (rng, b) => {
      const n = rng.chance(0.6) ? 1 : 2;
      const links = Array.from({ length: n }, (_, i) => b.iface(freeName(b, [rng.pick(['eth', 'swp', 'enp1s0f', 'ens']) + String(i)])));
      if (rng.chance(0.5)) b.addr(links[0]!, `fe80::${hex(rng.int(2, 0xffff))}`, 64);
      const lo = b.lo();
      const r4 = b.addr(lo, hostOf(rng, free4(rng, b, 24)), 32, {}, rng.chance(0.3));
      const r6 = b.addr(lo, hostOf(rng, free6(rng, b, 64)), 128, {}, rng.chance(0.3));
      const hops = links.map((l, i) => ({ via: `fe80::${i + 1}`, dev: l.name }));
      if (n === 1) {
        b.route({ to: 'default', via: hops[0]!.via, dev: hops[0]!.dev });
        b.route({ to: '0.0.0.0/0', via: hops[0]!.via, dev: hops[0]!.dev });
      } else {
        b.route({ to: 'default', nexthops: hops });
        b.route({ to: '0.0.0.0/0', nexthops: hops });
      }
      // A prefix learned from one peer only.
      const learned4 = rng.chance(0.5) ? free4(rng, b, 24) : null;
      if (learned4) b.route({ to: learned4, via: hops[hops.length - 1]!.via, dev: hops[hops.length - 1]!.dev, metric: 20 });
      const learned6 = rng.chance(0.4) ? free6(rng, b, 48) : null;
      if (learned6) b.route({ to: learned6, via: hops[0]!.via, dev: hops[0]!.dev, metric: 20 });
      const must = [
        internet(rng, b, 4),
        internet(rng, b, 6),
        learned4 ? hostOf(rng, learned4) : null,
        learned6 ? hostOf(rng, learned6) : null,
        rng.chance(0.3) ? r4 : null,
        rng.chance(0.3) ? r6 : null,
        rng.chance(0.15) ? '::1' : null,
      ];
      // At most 6 answers: every hop choice of a two-link host stays within 64 combinations.
      return { records: compose(rng, must, [internet(rng, b, 4), internet(rng, b, 6)], 6) };
    },

    /** A Kubernetes node: node IP on eth0, the pod bridge cni0, ClusterIPs on kube-ipvs0 (a
     * down dummy, ipvs mode) or lo, the service CIDR routed to a device, other nodes' pod CIDRs. */
    'kubernetes-node': (rng, b) => {
      const eth = b.iface(freeName(b, ['eth0', 'ens5', 'enp0s3']));
      const nodeNet = rng.chance(0.5) ? `10.0.${rng.int(0, 255)}.0/24` : privateV4Net24(rng);
      b.addr(eth, nthInCidr(nodeNet, BigInt(rng.int(2, 250))), 24);
      b.route({ to: 'default', via: nthInCidr(nodeNet, 1n), ...(rng.chance(0.5) ? { dev: eth.name } : {}) });
      const cni = b.iface(freeName(b, rng.shuffle(['cni0', 'cbr0', 'docker0'])));
      const podN = rng.int(0, 255);
      const podNet = `10.244.${podN}.0/24`;
      b.addr(cni, nthInCidr(podNet, 1n), 24);
      const dual = b.ipv6 && rng.chance(0.5);
      const pod6 = `fd00:10:244:${hex(podN)}::/64`;
      if (dual) b.addr(cni, nthInCidr(pod6, 1n), 64);
      if (b.ipv6 && rng.chance(0.5)) {
        const gp = docV6Prefix64(rng);
        b.addr(eth, v6HostIn(rng, gp), 64);
        b.route({ to: 'default', via: 'fe80::1', dev: eth.name });
      }
      // Other nodes' pods: flannel routes them over its VXLAN device.
      const otherN = (podN + rng.int(1, 200)) % 256;
      if (rng.chance(0.6)) {
        const flannel = b.iface('flannel.1');
        b.addr(flannel, `10.244.${podN}.0`, 32);
        b.route({ to: `10.244.${otherN}.0/24`, dev: flannel.name });
      }
      const svc = rng.pick(['ipvs', 'lo', 'route'] as const);
      const clusterIps = ['10.96.0.1', '10.96.0.10', `10.${rng.int(96, 111)}.${rng.int(0, 255)}.${rng.int(1, 254)}`];
      if (svc === 'ipvs') {
        const ipvs = b.iface('kube-ipvs0', false);
        for (const ip of clusterIps.slice(0, rng.int(1, 3))) b.addr(ipvs, ip, 32);
        if (dual) b.addr(ipvs, `fd00:10:96::${hex(rng.int(1, 0xff))}`, 128);
      } else if (svc === 'lo') {
        const lo = b.lo();
        for (const ip of clusterIps.slice(0, rng.int(1, 2))) b.addr(lo, ip, 32);
      } else {
        b.route({ to: '10.96.0.0/12', dev: rng.chance(0.5) ? cni.name : eth.name });
        if (dual) b.route({ to: 'fd00:10:96::/112', dev: cni.name });
      }
      const must = [
        rng.pick(clusterIps),
        rng.chance(0.5) ? `10.96.${rng.int(0, 15)}.${rng.int(1, 254)}` : null,
        hostOf(rng, podNet),
        `10.244.${otherN}.${rng.int(2, 250)}`,
        dual ? hostOf(rng, pod6) : null,
        dual && rng.chance(0.5) ? `fd00:10:96::${hex(rng.int(1, 0xff))}` : null,
        internet(rng, b, 4),
        b.ipv6 && rng.chance(0.5) ? internet(rng, b, 6) : null,
      ];
      return { records: compose(rng, must, []) };
    },
  };
}
