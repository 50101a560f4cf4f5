// The rfc6724-update profile, from runtimes-and-ula-update.md §0.2–0.4 and §1.2–1.4
// (draft-ietf-6man-rfc6724-update -18 … HEAD 3affee78): the table, known-local insertion,
// the outcomes the draft's "Intended behavior" section states, and compareUpdate().
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareUpdate } from '../../src/compare-update.js';
import { buildHost } from '../../src/host/build-host.js';
import { formatIp } from '../../src/address/format.js';
import { insertedRows, knownLocalAnalysis, RFC6724_UPDATE_POLICY, rfc6724UpdateOrder, rfc6724UpdateTable } from '../../src/order/profile-rfc6724-update.js';
import { rfc6724Order } from '../../src/order/profile-rfc6724.js';
import type { RuntimeScenario } from '../../src/scenario/types-runtime.js';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';

const rows = (t: readonly { text: string; precedence: number; label: number }[]) => t.map((r) => `${r.text} ${r.precedence}/${r.label}`);
const order = (o: ReturnType<typeof rfc6724Order>) => o.answers.map((a) => formatIp(a.address));
const q = (records: string[]) => ({ records, flags: [], family: 'AF_UNSPEC' as const });

// Host A of the draft's example: ULA1 and GUA1 on one interface, IPv4 too.
const HOST_A: ScenarioHost = {
  interfaces: [{ name: 'eth0', addresses: ['fd01:1:1::1/64', '2001:db8:1::1/64', '192.0.2.70/24'] }],
  routes: [
    { to: 'default', via: '2001:db8:1::ff' },
    { to: 'fd00::/8', via: 'fd01:1:1::ff' },
    { to: 'default', via: '192.0.2.1' },
  ],
};
const RIOS = [
  { kind: 'RIO' as const, prefix: 'fd01:1:1::/48' },
  { kind: 'RIO' as const, prefix: 'fd02:2:2::/48' },
];

describe('rfc6724-update policy table', () => {
  it('static rows: ULA 30/13, IPv4 20/4, 6to4 5/2, the rest as RFC 6724, none removed', () => {
    expect(rows(RFC6724_UPDATE_POLICY)).toEqual(['::1/128 50/0', '::/0 40/1', 'fc00::/7 30/13', '::ffff:0:0/96 20/4', '2002::/16 5/2', '2001::/32 5/5', '::/96 1/3', 'fec0::/10 1/11', '3ffe::/16 1/12']);
  });

  it('the host\'s own fd00::/8 address becomes a /48 row 45/14 (origin: interface address)', () => {
    const host = buildHost({ interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }] });
    expect(insertedRows(host).map((r) => [r.row.text, r.row.precedence, r.row.label, r.origin, r.from])).toEqual([['fd00::/48', 45, 14, 'interface', 'fd00::2/64']]);
    expect(rows(rfc6724UpdateTable(host))).toEqual(['::1/128 50/0', 'fd00::/48 45/14', '::/0 40/1', 'fc00::/7 30/13', '::ffff:0:0/96 20/4', '2002::/16 5/2', '2001::/32 5/5', '::/96 1/3', 'fec0::/10 1/11', '3ffe::/16 1/12']);
  });

  it('RIOs /40 or longer keep their length, shorter ones are not used; PIOs become /48; covered facts are not repeated', () => {
    const host = buildHost({ interfaces: [{ name: 'eth0', addresses: ['fd12:3456:789a:1::5/64', 'fd77:1:2:3::9/64'] }] });
    const a = knownLocalAnalysis(host, [
      { kind: 'RIO', prefix: 'fd12:3456:789a::/48' },
      { kind: 'RIO', prefix: 'fd30::/36' },
      { kind: 'RIO', prefix: 'fd40:1:2:300::/56' },
      { kind: 'PIO', prefix: 'fd12:3456:789a:1::/64' },
      { kind: 'PIO', prefix: 'fd55:5:5:5::/64' },
    ]);
    expect(a.inserted.map((r) => [r.row.text, r.origin])).toEqual([
      ['fd12:3456:789a::/48', 'RIO'],
      ['fd40:1:2:300::/56', 'RIO'],
      ['fd55:5:5::/48', 'PIO'],
      ['fd77:1:2::/48', 'interface'],
    ]);
    expect(a.skipped.map((s) => [s.origin, s.from, s.reason.split(':')[0]])).toEqual([
      ['RIO', 'fd30::/36', 'RIO shorter than /40'],
      ['PIO', 'fd12:3456:789a:1::/64', 'already covered by an inserted row (RIOs take precedence)'],
      ['interface', 'fd12:3456:789a:1::5/64', 'already covered by an inserted row'],
    ]);
  });

  it('SNAC-router RAs are ignored, also for addresses made from a PIO only seen with SNAC; fc00::/8 is not known-local', () => {
    const host = buildHost({ interfaces: [{ name: 'eth0', addresses: ['fd66:6:6:1::5/64'] }] });
    const a = knownLocalAnalysis(host, [
      { kind: 'PIO', prefix: 'fd66:6:6:1::/64', snac: true },
      { kind: 'RIO', prefix: 'fd67::/48', snac: true },
      { kind: 'RIO', prefix: 'fc00:1:2::/48' },
    ]);
    expect(a.inserted).toEqual([]);
    expect(a.skipped.map((s) => s.reason)).toEqual([
      'RA with the SNAC-router flag: ignored (rule 1)',
      'not under fd00::/8: known-local ULAs are only defined there',
      'RA with the SNAC-router flag: ignored (rule 1)',
      'generated from a PIO only seen with the SNAC-router flag (rule 5)',
    ]);
  });

  it('insertion switched off: no known-local rows', () => {
    const host = buildHost(HOST_A);
    expect(insertedRows(host, RIOS, false)).toEqual([]);
    expect(rfc6724UpdateTable(host, RIOS, false)).toHaveLength(9);
  });
});

describe('rfc6724-update order: the draft\'s "Intended behavior"', () => {
  const host = buildHost(HOST_A);
  const up = (records: string[], enabled = true) => order(rfc6724UpdateOrder(host, q(records), { routerFacts: RIOS, enabled }));

  it('draft example: ULA2::1 (known-local) wins over GUA1:2::1 — labels 14 match, 45 > 40; RFC 6724 had GUA first', () => {
    expect(up(['2001:db8:2::1', 'fd02:2:2::1'])).toEqual(['fd02:2:2::1', '2001:db8:2::1']);
    expect(order(rfc6724Order(host, q(['2001:db8:2::1', 'fd02:2:2::1'])))).toEqual(['2001:db8:2::1', 'fd02:2:2::1']);
  });

  it('GUA-GUA > IPv4-IPv4 (unchanged); known-local ULA-ULA > IPv4-IPv4', () => {
    expect(up(['198.51.100.1', '2001:db8:2::1'])).toEqual(['2001:db8:2::1', '198.51.100.1']);
    expect(up(['198.51.100.1', 'fd02:2:2::1'])).toEqual(['fd02:2:2::1', '198.51.100.1']);
  });

  it('known-local source → other ULA destination: labels 14 vs 13 ⇒ IPv4 wins; with insertion off 13 = 13 and 30 > 20 ⇒ ULA wins', () => {
    expect(up(['fd99:9:9::1', '198.51.100.1'])).toEqual(['198.51.100.1', 'fd99:9:9::1']);
    expect(up(['fd99:9:9::1', '198.51.100.1'], false)).toEqual(['fd99:9:9::1', '198.51.100.1']);
  });

  it('notes show the inserted rows and that source Rule 5.5 is not modelled', () => {
    const notes = rfc6724UpdateOrder(host, q(['::1', '127.0.0.1']), { routerFacts: RIOS }).notes.join('\n');
    expect(notes).toMatch(/known-local row fd01:1:1::\/48 45\/14 from RIO fd01:1:1::\/48/);
    expect(notes).toMatch(/Rule 5\.5/);
  });
});

describe('compareUpdate', () => {
  it('field case 1 (Docker ULA): the update does not change the order — IPv4 still first by Rule 5 (labels 14 vs 1)', () => {
    const s = JSON.parse(readFileSync(new URL('../field-cases/scenarios/docker-ula.json', import.meta.url), 'utf8')) as Scenario;
    const r = compareUpdate(s);
    expect([r.before.order, r.after.order, r.changed]).toEqual([['192.0.2.25', '2001:db8::25'], ['192.0.2.25', '2001:db8::25'], false]);
    expect(r.after.explain[0]!.rule).toBe(5);
    expect(r.knownLocal.inserted).toEqual([{ prefix: 'fd00::/48', precedence: 45, label: 14, origin: 'interface', from: 'fd00::2/64' }]);
    const v4 = r.rows.find((x) => x.address === '192.0.2.25')!;
    expect([v4.before.precedence, v4.after.precedence]).toEqual([35, 20]);
    expect(r.summary).toMatch(/does not change/);
  });

  it('the draft example: the known-local ULA moves up; Rule 6 decides before (40 vs 3) and after (45 vs 40)', () => {
    const s: RuntimeScenario = { host: HOST_A, query: { records: ['2001:db8:2::1', 'fd02:2:2::1'] }, routerFacts: RIOS };
    const r = compareUpdate(s);
    expect(r.changed).toBe(true);
    expect(r.firstDifference).toMatchObject({ position: 0, movedUp: 'fd02:2:2::1', movedDown: '2001:db8:2::1', before: { rule: 6 }, after: { rule: 6 } });
    expect(r.firstDifference!.after.text).toMatch(/45/);
    expect(compareUpdate(s, { knownLocalUla: false }).after.order).toEqual(['2001:db8:2::1', 'fd02:2:2::1']);
  });
});
