// Hand-picked scenarios for the recorded corpus: every observed behaviour of
// ../shared/docs/address-selection.md §9.4 that the scenario format can express, plus edge
// cases of the kernel model. `npm run oracle:record` asks the real resolvers about each.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { generateScenario, ROUTING_TEMPLATES } from './generator.js';

const H1: ScenarioHost = {
  interfaces: [{ name: 'v0', addresses: ['192.168.1.10/24', '2001:db8:1::10/64', 'fe80::10/64'] }],
  routes: [
    { to: 'default', via: '192.168.1.1' },
    { to: 'default', via: '2001:db8:1::1' },
  ],
};
const H2: ScenarioHost = { interfaces: [{ name: 'v0', addresses: ['192.168.1.10/24'] }], routes: [{ to: 'default', via: '192.168.1.1' }] };
const H2_LINKLOCAL: ScenarioHost = { ...H2, interfaces: [{ name: 'v0', addresses: ['192.168.1.10/24', 'fe80::10/64'] }] };
const H3: ScenarioHost = {
  ...H1,
  interfaces: [{ name: 'v0', addresses: ['192.168.1.10/24', { address: '2001:db8:1::10/64', deprecated: true }, 'fe80::10/64'] }],
};
const H3_V4DEPRECATED: ScenarioHost = {
  ...H1,
  interfaces: [{ name: 'v0', addresses: [{ address: '192.168.1.10/24', deprecated: true }, '2001:db8:1::10/64', 'fe80::10/64'] }],
};
const H4: ScenarioHost = { interfaces: [] };
const DOCKER_ULA: ScenarioHost = {
  interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }],
  routes: [
    { to: 'default', via: '172.17.0.1' },
    { to: 'default', via: 'fd00::1' },
  ],
};
const V6OFF: ScenarioHost = { ipv6: false, interfaces: [{ name: 'eth0', addresses: ['10.0.0.5/24'] }], routes: [{ to: 'default', via: '10.0.0.1' }] };

const MULTI = ['198.51.100.7', '2001:db8:99::7', '203.0.113.9', '2001:db8:1::99'];
const MIX = ['198.51.100.7', '2001:db8:99::7'];
const ULA_FIX = [
  'label ::1/128 0',
  'label ::/0 1',
  'label 2002::/16 2',
  'label ::/96 3',
  'label ::ffff:0:0/96 4',
  'label fec0::/10 5',
  'label fc00::/7 6',
  'label 2001:0::/32 7',
  'label fd00::/8 1',
  '',
].join('\n');

const gaiConfRows: [string, string][] = [
  ['empty', ''],
  ['prefer-ipv4-one-line', 'precedence ::ffff:0:0/96 100\n'],
  ['non-transitive', 'precedence ::ffff:198.51.100.7/128 100\n'],
  ['no-slash-rejected', 'precedence ::ffff:198.51.100.7 100\n'],
  ['missing-value-zero', 'precedence 2001:db8:1::/48\n'],
  ['explicit-zero', 'precedence 2001:db8:1::/48 0\n'],
  ['empty-length-slash0', 'precedence 2001:db8:1::/ 0\n'],
  ['plain-ipv4-ignored', 'precedence 198.51.100.0/24 100\n'],
  ['extra-tokens', 'precedence ::ffff:198.51.100.0/120 100 extra tokens here\n'],
  ['len129-rejected', 'precedence ::ffff:198.51.100.0/129 100\n'],
  ['value-overflow-rejected', 'precedence ::ffff:198.51.100.0/120 2147483648\n'],
  ['value-negative-rejected', 'precedence ::ffff:198.51.100.0/120 -1\n'],
  ['value-hex-rejected', 'precedence ::ffff:198.51.100.0/120 0x64\n'],
  ['uppercase-keyword-ignored', 'PRECEDENCE ::ffff:198.51.100.0/120 100\n'],
  ['int-max-accepted', 'precedence ::ffff:198.51.100.0/120 2147483647\n'],
  ['plus-value', 'precedence ::ffff:198.51.100.0/120 +100\n'],
  ['leading-zero-length', 'precedence ::ffff:198.51.100.0/0120 100\n'],
  ['comment-in-token', '   precedence ::ffff:198.51.100.0/120 100#c\n'],
  ['duplicate-first-wins', 'precedence ::ffff:198.51.100.0/120 100\nprecedence ::ffff:198.51.100.0/120 5\n'],
  ['duplicate-first-wins-reversed', 'precedence ::ffff:198.51.100.0/120 5\nprecedence ::ffff:198.51.100.0/120 100\n'],
  ['label-partial', 'label 2001:db8:99::/48 99\n'],
  ['label-no-value', 'label 2001:db8:99::/48\n'],
  ['label-no-slash', 'label 2001:db8:99:: 99\n'],
  ['scopev4-ipv4-form', 'scopev4 198.51.100.0/24 2\n'],
  ['scopev4-mapped-form', 'scopev4 ::ffff:198.51.100.0/120 2\n'],
  ['scopev4-no-value', 'scopev4 198.51.100.0/24\n'],
  ['scopev4-len95-rejected', 'scopev4 ::ffff:198.51.100.0/95 2\n'],
  ['scopev4-len33-rejected', 'scopev4 198.51.100.0/33 2\n'],
  ['scopev4-no-slash-crash', 'scopev4 198.51.100.7 2\n'],
  ['scopev4-mapped-no-slash-crash', 'scopev4 ::ffff:198.51.100.7 2\n'],
  ['crlf-and-tabs', 'precedence\t::ffff:198.51.100.0/120\t100\r\n# comment\r\n'],
  ['reload-yes', 'reload yes\nprecedence ::ffff:0:0/96 100\n'],
];

export const CORPUS: Scenario[] = [
  ...gaiConfRows.map(([name, gaiConf]): Scenario => ({ name: `h1-gaiconf-${name}`, host: H1, gaiConf, query: { name: 'multi', records: MULTI } })),
  { name: 'h1-rule9-full-128-bits', host: H1, query: { records: ['2001:db8:1::8000', '2001:db8:1::11'] } },
  { name: 'h1-rule9-ipv4-subnet', host: H1, query: { records: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'] } },
  { name: 'h1-no-dedup', host: H1, query: { records: ['198.51.100.7', '198.51.100.7', '2001:db8:99::7'] } },
  { name: 'h1-loopbacks', host: H1, query: { name: 'localhost', records: ['127.0.0.2', '127.0.0.1', '::1'] } },
  { name: 'h1-link-locals', host: H1, query: { records: ['2001:db8:99::7', 'fe80::1', '198.51.100.7', '169.254.1.1'] } },
  { name: 'h1-inet6-v4mapped', host: H1, query: { name: 'multi', records: MULTI, family: 'AF_INET6', flags: ['AI_V4MAPPED'] } },
  { name: 'h1-inet6-v4mapped-all', host: H1, query: { name: 'multi', records: MULTI, family: 'AF_INET6', flags: ['AI_V4MAPPED', 'AI_ALL'] } },
  { name: 'h1-inet-only', host: H1, query: { records: [...MULTI, '::ffff:192.0.2.44', '::1'], family: 'AF_INET' } },
  { name: 'h2-rule9-inert', host: H2, query: { records: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'] } },
  { name: 'h2-rule9-with-linklocal', host: H2_LINKLOCAL, query: { records: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'] } },
  { name: 'h2-mix', host: H2, query: { name: 'mix', records: MIX } },
  { name: 'h2-mix-addrconfig', host: H2, query: { name: 'mix', records: MIX, flags: ['AI_ADDRCONFIG'] } },
  { name: 'h2-mix-addrconfig-linklocal', host: H2_LINKLOCAL, query: { name: 'mix', records: MIX, flags: ['AI_ADDRCONFIG'] } },
  { name: 'h2-addrconfig-hosts-conversion', host: H2, query: { name: 'localhost', records: ['::1', '127.0.0.1', '::ffff:192.0.2.7'], flags: ['AI_ADDRCONFIG'] } },
  { name: 'h3-deprecated-v6', host: H3, query: { name: 'mix', records: MIX } },
  { name: 'h3-deprecated-v4', host: H3_V4DEPRECATED, query: { name: 'mix', records: MIX } },
  { name: 'h4-loopback-only-addrconfig', host: H4, query: { name: 'mix', records: MIX, flags: ['AI_ADDRCONFIG'] } },
  { name: 'h4-loopback-only-inet-addrconfig', host: H4, query: { name: 'mix', records: MIX, family: 'AF_INET', flags: ['AI_ADDRCONFIG'] } },
  { name: 'h4-loopback-only-inet6-addrconfig', host: H4, query: { name: 'mix', records: MIX, family: 'AF_INET6', flags: ['AI_ADDRCONFIG'] } },
  {
    name: 'h4-lo-alias-addrconfig',
    host: { interfaces: [{ name: 'v0', addresses: ['127.0.0.2/8'] }] },
    query: { name: 'mix', records: MIX, flags: ['AI_ADDRCONFIG'] },
  },
  { name: 'field-docker-ula', host: DOCKER_ULA, query: { records: ['2001:db8::5', '203.0.113.5'] } },
  { name: 'field-docker-ula-fixed', host: DOCKER_ULA, gaiConf: ULA_FIX, query: { records: ['2001:db8::5', '203.0.113.5'] } },
  { name: 'field-docker-ula-one-label-line', host: DOCKER_ULA, gaiConf: 'label fd00::/8 1\n', query: { records: ['2001:db8::5', '203.0.113.5', '::1', '127.0.0.1'] } },
  {
    name: 'field-broken-ipv6-path',
    host: { ...H1, routes: [{ to: 'default', via: '192.168.1.1' }, { to: '::/0', type: 'unreachable' }] },
    query: { records: ['2001:db8:99::7', '198.51.100.7'] },
  },
  { name: 'field-ipv6-disabled', host: V6OFF, query: { records: ['2001:db8:99::7', '198.51.100.7', '::1', '::'] } },
  { name: 'field-ipv6-disabled-addrconfig', host: V6OFF, query: { records: ['2001:db8:99::7', '198.51.100.7'], flags: ['AI_ADDRCONFIG'] } },
  { name: 'field-podman-localhost', host: H1, query: { name: 'localhost', records: ['::1', '127.0.0.1'] } },
  { name: 'field-podman-localhost-prefer-ipv4', host: H1, gaiConf: 'precedence ::1/128 50\nprecedence ::/0 40\nprecedence 2002::/16 30\nprecedence ::/96 20\nprecedence ::ffff:0:0/96 100\n', query: { name: 'localhost', records: ['::1', '127.0.0.1'] } },
  {
    name: 'kernel-route-types',
    host: {
      interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] }],
      routes: [
        { to: 'default', via: '192.0.2.1' },
        { to: 'default', via: '2001:db8:1::1' },
        { to: '198.51.100.0/24', type: 'unreachable' },
        { to: '203.0.113.0/24', type: 'prohibit' },
        { to: '2001:db8:77::/48', type: 'blackhole' },
        { to: '2001:db8:88::/48', type: 'prohibit' },
      ],
    },
    query: { records: ['198.51.100.1', '203.0.113.1', '2001:db8:77::1', '2001:db8:88::1', '192.0.2.255', '192.0.2.10', '0.0.0.0', '::', '224.0.0.1'] },
  },
  {
    name: 'kernel-multihomed-metrics',
    host: {
      interfaces: [
        { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] },
        { name: 'wlan0', addresses: ['10.9.0.5/16', { address: '2001:db8:2::5/64', deprecated: true }, 'fd12:3456::5/64'] },
      ],
      routes: [
        { to: 'default', via: '192.0.2.1', metric: 100 },
        { to: 'default', via: '10.9.0.1', metric: 600 },
        { to: 'default', via: '2001:db8:2::1', metric: 100 },
        { to: 'default', via: '2001:db8:1::1', metric: 600 },
      ],
    },
    query: { records: ['2001:db8:1::99', '2001:db8:2::99', 'fd12:3456::99', 'fd99::1', '198.51.100.7', '10.9.3.3'] },
  },
  {
    name: 'kernel-secondary-and-route-src',
    host: {
      interfaces: [{ name: 'eth0', addresses: ['192.0.2.10/24', '192.0.2.11/24', '2001:db8:1::10/64', '2001:db8:1::11/64'] }],
      routes: [
        { to: 'default', via: '192.0.2.1', src: '192.0.2.11' },
        { to: '2001:db8:99::/48', via: '2001:db8:1::1', src: '2001:db8:1::11' },
        { to: 'default', via: '2001:db8:1::1' },
      ],
    },
    query: { records: ['198.51.100.7', '192.0.2.11', '2001:db8:99::7', '2001:db8:98::7'] },
  },
  {
    name: 'kernel-down-interface-addresses',
    host: {
      interfaces: [
        { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'] },
        { name: 'wlan0', up: false, addresses: ['172.16.0.241/30', '2001:db8:2::5/64', '10.1.1.1/8'] },
      ],
      routes: [
        { to: 'default', via: '192.0.2.1' },
        { to: 'default', via: '2001:db8:1::1' },
      ],
    },
    query: { records: ['172.16.0.241', '2001:db8:2::5', '172.16.0.242', '10.1.1.1', '10.255.255.255', '198.51.100.1', '2001:db8:2::6'] },
  },
  {
    name: 'kernel-down-interface-only',
    host: { interfaces: [{ name: 'wlan0', up: false, addresses: ['172.16.0.241/30', '172.16.0.242/30', '2001:db8:2::5/64'] }] },
    query: { records: ['172.16.0.241', '172.16.0.242', '2001:db8:2::5', '::1'] },
  },
];

// Every preset in policies/ against the field-case hosts, so the real glibc confirms each
// preset's documented effect.
const PRESET_DIR = join(import.meta.dirname, '../../policies');
const presetHosts: [string, ScenarioHost, Scenario['query']][] = [
  ['docker-ula', DOCKER_ULA, { records: ['2001:db8::5', '203.0.113.5', 'fd00::5'] }],
  ['dual-stack', H1, { name: 'multi', records: MULTI }],
  ['localhost', H1, { name: 'localhost', records: ['::1', '127.0.0.1'] }],
  ['ipv6-disabled', V6OFF, { records: ['2001:db8:99::7', '198.51.100.7'] }],
];
export const PRESET_CORPUS: Scenario[] = readdirSync(PRESET_DIR)
  .filter((f) => f.endsWith('.conf'))
  .sort()
  .flatMap((f) =>
    presetHosts.map(([host, h, query]): Scenario => ({
      name: `preset-${f.replace(/\.conf$/, '')}-${host}`,
      host: h,
      gaiConf: readFileSync(join(PRESET_DIR, f), 'utf8'),
      query,
    })),
  );

// The policy-routing templates (templates-routing.ts): the first ROUTING_PER_TEMPLATE scenarios
// of each from one seed, named gen-<seed>-<index>-<template> like every generated scenario, so
// each can be regenerated.
export const ROUTING_SEED = 20261207;
const ROUTING_PER_TEMPLATE = 5;

export function routingCorpus(perTemplate = ROUTING_PER_TEMPLATE, seed = ROUTING_SEED): Scenario[] {
  const want = new Map(ROUTING_TEMPLATES.map((t) => [t, perTemplate]));
  const out: Scenario[] = [];
  for (let i = 0; [...want.values()].some((n) => n > 0); i++) {
    if (i > 100_000) throw new Error('routing corpus: a template is never generated');
    const s = generateScenario(seed, i);
    const template = /^gen-\d+-\d+-(.+)$/.exec(s.name!)![1]!;
    const left = want.get(template);
    if (!left) continue;
    want.set(template, left - 1);
    out.push(s);
  }
  return out;
}
