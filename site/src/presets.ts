// The page's presets: hosts (each with a query that shows what the host does), the field cases of
// docs/field-cases.md (the same scenario files the tests and the docs use), and the gai.conf
// presets of policies/ (the files themselves).
import { DOCKER_ULA_EXAMPLE, type Scenario, type ScenarioHost, type ScenarioQuery } from '../../src/index.js';

import brokenNoRoute from '../../test/field-cases/scenarios/broken-ipv6-no-route.json';
import brokenDeprecated from '../../test/field-cases/scenarios/broken-ipv6-path-deprecated.json';
import brokenPreferIpv4 from '../../test/field-cases/scenarios/broken-ipv6-path-prefer-ipv4.json';
import brokenPath from '../../test/field-cases/scenarios/broken-ipv6-path.json';
import brokenUnreachable from '../../test/field-cases/scenarios/broken-ipv6-unreachable.json';
import dockerUlaFixed from '../../test/field-cases/scenarios/docker-ula-fixed.json';
import dockerUla from '../../test/field-cases/scenarios/docker-ula.json';
import ipv6DisabledAddrconfig from '../../test/field-cases/scenarios/ipv6-disabled-addrconfig.json';
import ipv6Disabled from '../../test/field-cases/scenarios/ipv6-disabled.json';
import ipv6OffListener from '../../test/field-cases/scenarios/ipv6-off-listener.json';
import podmanPreferIpv4 from '../../test/field-cases/scenarios/podman-localhost-prefer-ipv4.json';
import podman from '../../test/field-cases/scenarios/podman-localhost.json';

import glibcDefault from '../../policies/glibc-default.conf';
import preferIpv4 from '../../policies/prefer-ipv4.conf';
import preferIpv6 from '../../policies/prefer-ipv6.conf';
import rfc6724 from '../../policies/rfc6724.conf';
import ulaAsGlobal from '../../policies/ula-as-global.conf';

export interface Preset {
  id: string;
  label: string;
  scenario: Scenario;
  /** Field cases bring their gai.conf; host presets keep the one being edited. */
  setsGaiConf: boolean;
}

const dualStackRecords: ScenarioQuery = { name: 'www.example.test', records: ['2001:db8:99::1', '203.0.113.9'] };

const host = (id: string, label: string, h: ScenarioHost, query: ScenarioQuery = dualStackRecords): Preset => ({ id, label, scenario: { name: label, host: h, gaiConf: null, query }, setsGaiConf: false });

export const HOST_PRESETS: readonly Preset[] = [
  { id: 'docker-ula', label: 'Docker container on a ULA IPv6 network', scenario: DOCKER_ULA_EXAMPLE, setsGaiConf: false },
  host('dual-stack', 'Dual-stack host (global IPv6, NATed IPv4)', {
    interfaces: [{ name: 'eth0', addresses: ['192.168.1.10/24', '2001:db8:1::10/64', 'fe80::10/64'] }],
    routes: [
      { to: 'default', via: '192.168.1.1' },
      { to: 'default', via: 'fe80::1', dev: 'eth0' },
    ],
  }),
  host('ipv4-only-link-local', 'IPv4-only host with a link-local IPv6 address', {
    interfaces: [{ name: 'eth0', addresses: ['192.168.1.10/24', 'fe80::5054:ff:fe12:3456/64'] }],
    routes: [{ to: 'default', via: '192.168.1.1' }],
  }),
  host('ipv6-disabled', 'IPv6 disabled (net.ipv6.conf.all.disable_ipv6=1)', {
    ipv6: false,
    interfaces: [{ name: 'eth0', addresses: ['192.168.1.10/24'] }],
    routes: [{ to: 'default', via: '192.168.1.1' }],
  }),
  host(
    'ula-only',
    'ULA-only network (IPv6 ULA from the router, NATed IPv4)',
    {
      interfaces: [{ name: 'eth0', addresses: ['192.168.1.10/24', 'fd12:3456:789a:1::10/64', 'fe80::10/64'] }],
      routes: [
        { to: 'default', via: '192.168.1.1' },
        { to: 'default', via: 'fe80::1', dev: 'eth0' },
      ],
    },
    { name: 'nas.home.test', records: ['2001:db8:99::1', 'fd12:3456:789a:2::53', '203.0.113.9'] },
  ),
  host(
    'wg-quick',
    'VPN: wg-quick full tunnel with a ULA tunnel address',
    {
      interfaces: [
        { name: 'eth0', addresses: ['192.168.1.10/24', '2001:db8:1::10/64'] },
        { name: 'wg0', addresses: ['10.64.0.2/32', 'fd00:64::2/128'] },
      ],
      routes: [
        { to: 'default', via: '192.168.1.1' },
        { to: 'default', via: 'fe80::1', dev: 'eth0' },
        { to: '0.0.0.0/0', dev: 'wg0', table: 51820 },
        { to: '::/0', dev: 'wg0', table: 51820 },
      ],
      rules: [
        { not: true, fwmark: 51820, table: 51820 },
        { table: 'main', suppressPrefixlength: 0 },
      ],
    },
    { name: 'www.example.test', records: ['2001:db8:99::1', '203.0.113.9', '192.168.1.77'] },
  ),
  host(
    'tailscale',
    'VPN: Tailscale with an exit node (rules 5210–5270, table 52)',
    {
      interfaces: [
        { name: 'eth0', addresses: ['192.168.1.10/24', '2001:db8:1::10/64'] },
        { name: 'tailscale0', addresses: ['100.101.102.103/32', 'fd7a:115c:a1e0::1234/128'] },
      ],
      routes: [
        { to: 'default', via: '192.168.1.1' },
        { to: 'default', via: 'fe80::1', dev: 'eth0' },
        { to: '100.100.100.100', dev: 'tailscale0', table: 52 },
        { to: '100.64.0.0/10', dev: 'tailscale0', table: 52 },
        { to: 'fd7a:115c:a1e0::/48', dev: 'tailscale0', table: 52 },
        { to: '0.0.0.0/0', dev: 'tailscale0', table: 52 },
        { to: '::/0', dev: 'tailscale0', table: 52 },
        { to: '192.168.1.0/24', type: 'throw', table: 52 },
        { to: '2001:db8:1::/64', type: 'throw', table: 52 },
      ],
      rules: [
        { priority: 5210, fwmark: '0x80000/0xff0000', table: 'main' },
        { priority: 5230, fwmark: '0x80000/0xff0000', table: 'default' },
        { priority: 5250, fwmark: '0x80000/0xff0000', action: 'unreachable' },
        { priority: 5270, table: 52 },
      ],
    },
    { name: 'www.example.test', records: ['2001:db8:99::1', '203.0.113.9', 'fd7a:115c:a1e0::5', '192.168.1.77'] },
  ),
];

const fieldCase = (id: string, s: unknown): Preset => {
  const scenario = s as Scenario;
  return { id: `field-${id}`, label: scenario.name ?? id, scenario, setsGaiConf: true };
};

/** docs/field-cases.md, in its order. */
export const FIELD_CASES: readonly Preset[] = [
  fieldCase('docker-ula', dockerUla),
  fieldCase('docker-ula-fixed', dockerUlaFixed),
  fieldCase('broken-ipv6-path', brokenPath),
  fieldCase('broken-ipv6-path-prefer-ipv4', brokenPreferIpv4),
  fieldCase('broken-ipv6-path-deprecated', brokenDeprecated),
  fieldCase('broken-ipv6-unreachable', brokenUnreachable),
  fieldCase('broken-ipv6-no-route', brokenNoRoute),
  fieldCase('ipv6-disabled', ipv6Disabled),
  fieldCase('ipv6-disabled-addrconfig', ipv6DisabledAddrconfig),
  fieldCase('podman-localhost', podman),
  fieldCase('podman-localhost-prefer-ipv4', podmanPreferIpv4),
  fieldCase('ipv6-off-listener', ipv6OffListener),
];

export const ALL_PRESETS: readonly Preset[] = [...HOST_PRESETS, ...FIELD_CASES];

export interface PolicyPreset {
  id: string;
  label: string;
  text: string;
}

/** policies/*.conf: what `gaiconf generate --intent NAME` prints. */
export const POLICY_PRESETS: readonly PolicyPreset[] = [
  { id: 'none', label: 'none (no /etc/gai.conf: glibc’s built-in tables)', text: '' },
  { id: 'ula-as-global', label: 'ula-as-global: a ULA source counts as global (Docker IPv6)', text: ulaAsGlobal },
  { id: 'prefer-ipv4', label: 'prefer-ipv4: every IPv4 answer first', text: preferIpv4 },
  { id: 'prefer-ipv6', label: 'prefer-ipv6: glibc’s default precedences, stated', text: preferIpv6 },
  { id: 'rfc6724', label: 'rfc6724: order like musl and Go', text: rfc6724 },
  { id: 'glibc-default', label: 'glibc-default: behaves exactly like no file', text: glibcDefault },
];

/** One line, with a space after each comma and colon (outside strings). */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{ ${entries.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }`.replace('{  }', '{}');
  }
  return JSON.stringify(value) ?? 'null';
}

/** JSON as a person writes it: objects and lists on one line when they fit in `width`. */
export function prettyJson(value: unknown, width = 76, indent = ''): string {
  const flat = oneLine(value);
  if (typeof value !== 'object' || value === null || indent.length + flat.length <= width) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) return `[\n${value.map((v) => `${inner}${prettyJson(v, width, inner)}`).join(',\n')}\n${indent}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${prettyJson(v, width - JSON.stringify(k).length - 2, inner)}`).join(',\n')}\n${indent}}`;
}
