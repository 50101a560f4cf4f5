// Policy-routing host templates for the differential generator: the hosts VPN clients, overlay
// networks, routing daemons and orchestrators build, each with the `ip` state those tools create
// (wg-quick, Tailscale, FRR's BGP unnumbered, the classic two-uplink recipe, OpenWrt's netifd,
// pppd, kube-proxy and CNI plugins), plus reject rules, tables, address labels and scopes, and
// the corners of the kernel's rule list. Most stand on an underlay host from the classic
// templates (templates-classic.ts), so the two mix. Records aim at every interesting route: the tunnel,
// the LAN, thrown prefixes, rejected ones, VIPs, in each family.
//
// Everything is drawn from the scenario's own PRNG, so generation stays a function of (seed, index).
//
// This file lists them in the order the generator draws from (it picks a template by position, so the
// order is part of every seed's output). The templates are grouped by theme in
// templates-routing-tunnels.ts, -servers.ts, -uplinks.ts, -rules.ts and -addresses.ts; their helpers
// are in templates-helpers.ts, and the mixer's policy routing in templates-routing-mixer.ts.

import type { Template } from './generator-template.js';
import { addressTemplates } from './templates-routing-addresses.js';
import { ruleTemplates } from './templates-routing-rules.js';
import { serverTemplates } from './templates-routing-servers.js';
import { tunnelTemplates } from './templates-routing-tunnels.js';
import { uplinkTemplates } from './templates-routing-uplinks.js';

export function routingTemplates(classic: Record<string, Template>): Record<string, Template> {
  const tunnels = tunnelTemplates(classic);
  const servers = serverTemplates(classic);
  const uplinks = uplinkTemplates();
  const rules = ruleTemplates(classic);
  const addresses = addressTemplates(classic);
  return {
    'wg-quick-ula': tunnels['wg-quick-ula'],
    'wg-quick-global': tunnels['wg-quick-global'],
    tailscale: tunnels.tailscale,
    'tailscale-exit-node': tunnels['tailscale-exit-node'],
    'anycast-vips-lo': servers['anycast-vips-lo'],
    'bgp-unnumbered': servers['bgp-unnumbered'],
    'split-access': uplinks['split-access'],
    'openwrt-source-specific': uplinks['openwrt-source-specific'],
    'reject-rules': rules['reject-rules'],
    'default-table-only': uplinks['default-table-only'],
    'custom-addrlabels': addresses['custom-addrlabels'],
    'ipv4-address-scopes': addresses['ipv4-address-scopes'],
    ecmp: uplinks.ecmp,
    'lo-without-ipv6': addresses['lo-without-ipv6'],
    'ppp-peer': tunnels['ppp-peer'],
    'kubernetes-node': servers['kubernetes-node'],
    'rule-edge-cases': rules['rule-edge-cases'],
    'policy-tables': rules['policy-tables'],
  };
}
