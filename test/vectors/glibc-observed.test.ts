// glibc 2.36 end-to-end vectors OBSERVED on Debian 12 in network namespaces
// (/work/shared/docs/address-selection.md §9.4), as Scenario JSON run through simulate()
// with the glibc profile (2.36 parser). One row per observed case; rows the scenario format
// cannot express are listed at the end of the file with the reason.
//
// Host H1: lo (127.0.0.1/8, ::1) plus veth v0 with 192.168.1.10/24, 2001:db8:1::10/64 and the
// automatic fe80::/64 link-local address. The scenario host builder creates no automatic
// link-locals, so v0 carries an explicit fe80::1/64 in its place. Routes: default via
// 192.168.1.1 and ::/0 via 2001:db8:1::1 dev v0. The call is getaddrinfo(name, NULL,
// {ai_socktype = SOCK_STREAM}): AF_UNSPEC, no flags; records are the /etc/hosts lines in order
// (host.conf `multi on`).
import { describe, expect, it } from 'vitest';
import type { AiFlag, QueryFamily, Scenario, ScenarioAddress, ScenarioHost } from '../../src/scenario/types.js';
import { simulate } from '../../src/simulate.js';

const MULTI = ['198.51.100.7', '2001:db8:99::7', '203.0.113.9', '2001:db8:1::99'];
const MIX = ['198.51.100.7', '2001:db8:99::7'];

const DEFAULT_MULTI = ['2001:db8:1::99', '2001:db8:99::7', '198.51.100.7', '203.0.113.9'];
/** The non-transitive merge-sort artefact order (§1.6) several precedence rows produce. */
const ARTEFACT = ['198.51.100.7', '2001:db8:99::7', '203.0.113.9', '2001:db8:1::99'];

function h1(v0: ScenarioAddress[] = ['192.168.1.10/24', '2001:db8:1::10/64', 'fe80::1/64']): ScenarioHost {
  return {
    interfaces: [{ name: 'v0', addresses: v0 }],
    routes: [
      { to: 'default', via: '192.168.1.1' },
      { to: 'default', via: '2001:db8:1::1', dev: 'v0' },
    ],
  };
}

interface Row {
  name: string;
  host: ScenarioHost;
  gaiConf?: string | null;
  records: string[];
  flags?: AiFlag[];
  family?: QueryFamily;
  /** Observed result; for status rows, empty. */
  want: string[];
  status?: string;
}

function run(r: Row) {
  const scenario: Scenario = {
    name: r.name,
    host: r.host,
    gaiConf: r.gaiConf ?? null,
    query: { name: 'multi', records: r.records, flags: r.flags ?? [], family: r.family ?? 'AF_UNSPEC' },
  };
  return simulate(scenario, { profile: 'glibc', glibc: '2.36' });
}

function table(title: string, rows: Row[]) {
  describe(title, () => {
    for (const r of rows) {
      it(`${r.name} → ${r.status && r.status !== 'OK' ? r.status : r.want.join(' ')}`, () => {
        const res = run(r);
        expect(res.status).toBe(r.status ?? 'OK');
        expect(res.order).toEqual(r.want);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// H1, name `multi`, one row per /etc/gai.conf. "…" in §9.4 stands for the line of the row above
// it: `precedence ::ffff:198.51.100.0/120 100` with one part changed.

const gaiRow = (name: string, gaiConf: string | null, want: string[], status?: string): Row => ({
  name,
  host: h1(),
  gaiConf,
  records: MULTI,
  want,
  ...(status ? { status } : {}),
});

table('H1 `multi` by /etc/gai.conf (§9.4)', [
  gaiRow('gai.conf absent', null, DEFAULT_MULTI),
  gaiRow('gai.conf empty', '', DEFAULT_MULTI),
  gaiRow('precedence ::ffff:0:0/96 100', 'precedence ::ffff:0:0/96 100\n', ['198.51.100.7', '203.0.113.9', '2001:db8:1::99', '2001:db8:99::7']),
  gaiRow('precedence ::ffff:198.51.100.7/128 100 (non-transitive)', 'precedence ::ffff:198.51.100.7/128 100\n', ARTEFACT),
  gaiRow('precedence ::ffff:198.51.100.7 100 (no slash: rejected on 2.36)', 'precedence ::ffff:198.51.100.7 100\n', DEFAULT_MULTI),
  gaiRow('precedence 2001:db8:1::/48 (no value: 0)', 'precedence 2001:db8:1::/48\n', ARTEFACT),
  gaiRow('precedence 2001:db8:1::/48 0', 'precedence 2001:db8:1::/48 0\n', ARTEFACT),
  gaiRow('precedence 2001:db8:1::/ 0 (empty length: /0)', 'precedence 2001:db8:1::/ 0\n', ARTEFACT),
  gaiRow('precedence 198.51.100.0/24 100 (plain IPv4: ignored)', 'precedence 198.51.100.0/24 100\n', DEFAULT_MULTI),
  gaiRow('precedence ::ffff:198.51.100.0/120 100 extra tokens here', 'precedence ::ffff:198.51.100.0/120 100 extra tokens here\n', ARTEFACT),
  // rejected
  gaiRow('…/129 100 (rejected)', 'precedence ::ffff:198.51.100.0/129 100\n', DEFAULT_MULTI),
  gaiRow('… 2147483648 (rejected)', 'precedence ::ffff:198.51.100.0/120 2147483648\n', DEFAULT_MULTI),
  gaiRow('… -1 (rejected)', 'precedence ::ffff:198.51.100.0/120 -1\n', DEFAULT_MULTI),
  gaiRow('… 0x64 (rejected)', 'precedence ::ffff:198.51.100.0/120 0x64\n', DEFAULT_MULTI),
  gaiRow('PRECEDENCE … (rejected)', 'PRECEDENCE ::ffff:198.51.100.0/120 100\n', DEFAULT_MULTI),
  // accepted
  gaiRow('… 2147483647 (accepted)', 'precedence ::ffff:198.51.100.0/120 2147483647\n', ARTEFACT),
  gaiRow('… +100 (accepted)', 'precedence ::ffff:198.51.100.0/120 +100\n', ARTEFACT),
  gaiRow('…/0120 100 (accepted)', 'precedence ::ffff:198.51.100.0/0120 100\n', ARTEFACT),
  gaiRow('leading whitespace (accepted)', ' \tprecedence ::ffff:198.51.100.0/120 100\n', ARTEFACT),
  gaiRow('trailing # comment (accepted)', 'precedence ::ffff:198.51.100.0/120 100 # comment\n', ARTEFACT),
  gaiRow('100#c (accepted)', 'precedence ::ffff:198.51.100.0/120 100#c\n', ARTEFACT),
  // duplicates: the first line wins
  gaiRow('/120 100 then /120 5 (first wins)', 'precedence ::ffff:198.51.100.0/120 100\nprecedence ::ffff:198.51.100.0/120 5\n', ARTEFACT),
  gaiRow('/120 5 then /120 100 (first wins)', 'precedence ::ffff:198.51.100.0/120 5\nprecedence ::ffff:198.51.100.0/120 100\n', [
    '2001:db8:99::7',
    '203.0.113.9',
    '2001:db8:1::99',
    '198.51.100.7',
  ]),
  // label
  gaiRow('label 2001:db8:99::/48 99', 'label 2001:db8:99::/48 99\n', ['2001:db8:1::99', '198.51.100.7', '203.0.113.9', '2001:db8:99::7']),
  gaiRow('label 2001:db8:99::/48 (no value)', 'label 2001:db8:99::/48\n', ['2001:db8:1::99', '198.51.100.7', '203.0.113.9', '2001:db8:99::7']),
  gaiRow('label 2001:db8:99:: 99 (no slash: rejected)', 'label 2001:db8:99:: 99\n', DEFAULT_MULTI),
  // scopev4
  gaiRow('scopev4 198.51.100.0/24 2', 'scopev4 198.51.100.0/24 2\n', ['2001:db8:1::99', '2001:db8:99::7', '203.0.113.9', '198.51.100.7']),
  gaiRow('scopev4 ::ffff:198.51.100.0/120 2', 'scopev4 ::ffff:198.51.100.0/120 2\n', ['2001:db8:1::99', '2001:db8:99::7', '203.0.113.9', '198.51.100.7']),
  gaiRow('scopev4 198.51.100.0/24 (value 0)', 'scopev4 198.51.100.0/24\n', ['2001:db8:1::99', '2001:db8:99::7', '203.0.113.9', '198.51.100.7']),
  gaiRow('scopev4 ::ffff:198.51.100.0/95 2 (rejected)', 'scopev4 ::ffff:198.51.100.0/95 2\n', DEFAULT_MULTI),
  gaiRow('scopev4 198.51.100.0/33 2 (rejected)', 'scopev4 198.51.100.0/33 2\n', DEFAULT_MULTI),
  gaiRow('scopev4 198.51.100.7 2 (no slash)', 'scopev4 198.51.100.7 2\n', [], 'SIGSEGV'),
  gaiRow('scopev4 ::ffff:198.51.100.7 2 (no slash)', 'scopev4 ::ffff:198.51.100.7 2\n', [], 'SIGSEGV'),
]);

// ---------------------------------------------------------------------------------------------
// Other H1 cases, gai.conf empty.

table('H1 other names, gai.conf empty (§9.4)', [
  { name: 'full-128-bit Rule 9', host: h1(), gaiConf: '', records: ['2001:db8:1::8000', '2001:db8:1::11'], want: ['2001:db8:1::11', '2001:db8:1::8000'] },
  {
    name: 'IPv4 Rule 9 inside 192.168.1.0/24',
    host: h1(),
    gaiConf: '',
    records: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'],
    want: ['192.168.1.11', '192.168.1.200', '192.168.2.1', '10.1.2.3'],
  },
  {
    name: 'duplicates are kept',
    host: h1(),
    gaiConf: '',
    records: ['198.51.100.7', '198.51.100.7', '2001:db8:99::7'],
    want: ['2001:db8:99::7', '198.51.100.7', '198.51.100.7'],
  },
  { name: 'loopbacks', host: h1(), gaiConf: '', records: ['127.0.0.2', '127.0.0.1', '::1'], want: ['::1', '127.0.0.1', '127.0.0.2'] },
  {
    name: 'link-local destinations',
    host: h1(),
    gaiConf: '',
    records: ['2001:db8:99::7', 'fe80::1', '198.51.100.7', '169.254.1.1'],
    want: ['2001:db8:99::7', '198.51.100.7', '169.254.1.1', 'fe80::1'],
  },
  {
    name: 'AF_INET6 + AI_V4MAPPED on multi',
    host: h1(),
    gaiConf: '',
    records: MULTI,
    family: 'AF_INET6',
    flags: ['AI_V4MAPPED'],
    want: ['2001:db8:1::99', '2001:db8:99::7'],
  },
  {
    name: 'AF_INET6 + AI_V4MAPPED + AI_ALL on multi',
    host: h1(),
    gaiConf: '',
    records: MULTI,
    family: 'AF_INET6',
    flags: ['AI_V4MAPPED', 'AI_ALL'],
    want: ['2001:db8:1::99', '2001:db8:99::7', '::ffff:198.51.100.7', '::ffff:203.0.113.9'],
  },
]);

// ---------------------------------------------------------------------------------------------
// H2: like H1, but v0 has disable_ipv6=1: the host's only IPv6 address is ::1, v0 has only
// 192.168.1.10/24 and the IPv4 default route. host.ipv6 stays true (lo keeps ::1);
// "re-enabling IPv6 on v0" brings back only the link-local address, here fe80::1/64.

const H2: ScenarioHost = { interfaces: [{ name: 'v0', addresses: ['192.168.1.10/24'] }], routes: [{ to: 'default', via: '192.168.1.1' }] };
const H2_LL: ScenarioHost = {
  interfaces: [{ name: 'v0', addresses: ['192.168.1.10/24', 'fe80::1/64'] }],
  routes: [{ to: 'default', via: '192.168.1.1' }],
};

table('H2: IPv6 disabled on v0 (§9.4)', [
  {
    name: 'Rule 9 inert without IPv6 addresses',
    host: H2,
    records: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'],
    want: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'],
  },
  {
    name: 'same after re-enabling IPv6 on v0 (fe80 appears)',
    host: H2_LL,
    records: ['192.168.2.1', '192.168.1.200', '192.168.1.11', '10.1.2.3'],
    want: ['192.168.1.11', '192.168.1.200', '192.168.2.1', '10.1.2.3'],
  },
  { name: 'mix: IPv6 unusable (Rule 1)', host: H2, records: MIX, want: ['198.51.100.7', '2001:db8:99::7'] },
  { name: 'mix + AI_ADDRCONFIG', host: H2, records: MIX, flags: ['AI_ADDRCONFIG'], want: ['198.51.100.7'] },
  { name: 'mix + AI_ADDRCONFIG with only fe80 IPv6', host: H2_LL, records: MIX, flags: ['AI_ADDRCONFIG'], want: ['198.51.100.7', '2001:db8:99::7'] },
]);

// ---------------------------------------------------------------------------------------------
// H3: like H1, with one address deprecated (preferred_lft 0).

table('H3: deprecated source addresses (§9.4)', [
  {
    name: 'mix, 2001:db8:1::10 deprecated (Rule 3 beats precedence)',
    host: h1(['192.168.1.10/24', { address: '2001:db8:1::10/64', deprecated: true }, 'fe80::1/64']),
    records: MIX,
    want: ['198.51.100.7', '2001:db8:99::7'],
  },
  { name: 'mix, the address preferred again', host: h1(), records: MIX, want: ['2001:db8:99::7', '198.51.100.7'] },
  {
    name: 'mix, 192.168.1.10 deprecated instead',
    host: h1([{ address: '192.168.1.10/24', deprecated: true }, '2001:db8:1::10/64', 'fe80::1/64']),
    records: MIX,
    want: ['2001:db8:99::7', '198.51.100.7'],
  },
]);

// ---------------------------------------------------------------------------------------------
// H4: only lo is up (127.0.0.1, ::1).

const H4: ScenarioHost = { interfaces: [] };

table('H4: loopback-only host (§9.4)', [
  { name: 'AF_UNSPEC + AI_ADDRCONFIG on mix (no filtering)', host: H4, records: MIX, flags: ['AI_ADDRCONFIG'], want: ['2001:db8:99::7', '198.51.100.7'] },
  { name: 'AF_INET + AI_ADDRCONFIG', host: H4, records: MIX, family: 'AF_INET', flags: ['AI_ADDRCONFIG'], want: [], status: 'EAI_NONAME' },
  { name: 'AF_INET6 + AI_ADDRCONFIG', host: H4, records: MIX, family: 'AF_INET6', flags: ['AI_ADDRCONFIG'], want: [], status: 'EAI_NONAME' },
  {
    // The observed run added 127.0.0.2/8 to lo; a scenario cannot declare lo, so the alias
    // sits on an extra interface. AI_ADDRCONFIG reads every address of every interface.
    name: 'with 127.0.0.2/8 added, AF_UNSPEC + AI_ADDRCONFIG',
    host: { interfaces: [{ name: 'v0', addresses: ['127.0.0.2/8'] }] },
    records: MIX,
    flags: ['AI_ADDRCONFIG'],
    want: ['198.51.100.7'],
  },
  {
    name: 'with 10.9.9.9/24 on a DOWN interface, AF_UNSPEC + AI_ADDRCONFIG',
    host: { interfaces: [{ name: 'v0', addresses: ['10.9.9.9/24'], up: false }] },
    records: MIX,
    flags: ['AI_ADDRCONFIG'],
    want: ['198.51.100.7'],
  },
]);

// ---------------------------------------------------------------------------------------------
// Rows of §9.4 that are absent, and why:
//  - Reload (`reload yes` / `reload no`, the file edited between two getaddrinfo calls in one
//    process): a scenario is one call with one gai.conf text; there is no second call and no
//    file modification time to model.
//  - "Runtimes on H1" (Python, Node verbatim/ipv4first/ipv6first, Java defaults and
//    preferIPv6Addresses): those reorder glibc's result after getaddrinfo returns; simulate()
//    models getaddrinfo only. The libc order they start from is the `gai.conf absent` row.
// Everything else in §9.4 is above. The H1 automatic fe80:: address is written explicitly as
// fe80::1/64 (see the header); the H4 127.0.0.2 alias lives on an extra interface, not lo.

// A scopev4 line without /len makes glibc ≤ 2.40 read an uninitialised pointer. Paths that
// crashed every time are reported as SIGSEGV; paths that usually survive are reported with the
// surviving order and flagged as undefined behaviour, because one of them (AF_INET6,
// gen-441823531-338) also crashed when only the environment's size changed.
describe('scopev4 without /len: what is certain and what is not', () => {
  const conf = 'scopev4 203.0.113.81 2\n';
  const records = ['2001:db8:cce3:c558::c00', '2001:db8:778:d5d6::acf', '203.0.113.9'];
  it.each([
    ['AF_UNSPEC', [], 'SIGSEGV', false],
    ['AF_INET', [], 'SIGSEGV', false],
    ['AF_INET', ['AI_ADDRCONFIG'], 'OK', true],
    ['AF_INET6', [], 'OK', true],
    ['AF_INET6', ['AI_CANONNAME'], 'SIGSEGV', false],
  ] as const)('%s %j → %s (undefined behaviour flagged: %s)', (family, flags, status, flagged) => {
    const r = simulate({ host: h1(), gaiConf: conf, query: { records: [...records, '198.51.100.7'], family, flags: [...flags] } });
    expect(r.status).toBe(status);
    expect(r.undefinedBehavior !== null).toBe(flagged);
    if (status === 'OK') expect(r.order.length).toBeGreaterThan(1);
  });
});
