import { describe, expect, it } from 'vitest';
import { formatIp } from '../../src/address/format.js';
import {
  IntentError,
  INTENT_NAMES,
  parseIntent,
  parsePolicyPrefix,
  policyFromIntents,
  policyTables,
  type GaiPolicy,
  type GaiRow,
} from '../../src/policy/intents.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, RFC6724_POLICY, type PrefixRow } from '../../src/policy/tables.js';

const rows = (r: readonly PrefixRow[] | undefined) => (r ?? []).map((x) => `${x.text} ${x.value}`).sort();
const withRow = (base: readonly PrefixRow[], text: string, value: number) => [...base.filter((r) => r.text !== text).map((r) => `${r.text} ${r.value}`), `${text} ${value}`].sort();

function intentError(fn: () => unknown): IntentError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(IntentError);
    return e as IntentError;
  }
  throw new Error('expected an IntentError');
}

describe('parsePolicyPrefix', () => {
  it('turns IPv4 networks into their ::ffff: form, which glibc accepts in label/precedence', () => {
    const p = parsePolicyPrefix('198.51.100.0/24');
    expect(p).toMatchObject({ text: '::ffff:198.51.100.0/120', length: 120, family: 4, input: '198.51.100.0/24' });
    expect(parsePolicyPrefix('0.0.0.0/0').text).toBe('::ffff:0.0.0.0/96');
    expect(parsePolicyPrefix('192.0.2.7').text).toBe('::ffff:192.0.2.7/128');
  });

  it('normalises IPv6 text (RFC 5952) and defaults to one address', () => {
    expect(parsePolicyPrefix('2001:DB8:0:0::/32').text).toBe('2001:db8::/32');
    expect(parsePolicyPrefix('2001:db8::1').text).toBe('2001:db8::1/128');
    expect(parsePolicyPrefix('::ffff:198.51.100.0/120').text).toBe('::ffff:198.51.100.0/120');
  });

  it.each([
    ['198.51.100.7/24', /bits set/, /198\.51\.100\.0\/24/],
    ['2001:db8::1/32', /bits set/, /2001:db8::\/32/],
    ['010.1.1.0/24', /not an IPv4 or IPv6 prefix/, /leading zeros/],
    ['127.1', /not an IPv4 or IPv6 prefix/, /strict dotted quad/],
    ['fe80::%eth0/10', /zone/, /%eth0/],
    ['[2001:db8::]/32', /not an IPv4/, /brackets/],
    ['2001:db8::/129', /longer than 128/, /0–128/],
    ['198.51.100.0/33', /longer than 32/, /0–32/],
    ['2001:db8::/', /not a prefix length/, /after the "\/"/],
    ['2001:db8::/032', /not a prefix length/, /leading zeros/],
    ['::ffff:1.2.3.0/24', /IPv4-mapped/, /::ffff:1\.2\.3\.0\/120/],
    ['2001:db8::g/32', /not an IPv4 or IPv6/, /hex groups/],
    ['2001\u2013db8::/32', /not an IPv4 or IPv6/, /non-ASCII/],
  ])('rejects %s with a hint', (text, message, hint) => {
    const e = intentError(() => parsePolicyPrefix(text));
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(hint);
  });
});

describe('parseIntent', () => {
  it('reads every intent, with prefixes after a space or =', () => {
    for (const n of INTENT_NAMES.filter((n) => n !== 'prefer' && n !== 'avoid')) expect(parseIntent(n)).toEqual({ kind: n });
    expect(parseIntent(' Prefer-IPv4 ')).toEqual({ kind: 'prefer-ipv4' });
    expect(parseIntent('prefer 2001:db8::/32')).toMatchObject({ kind: 'prefer', prefix: { text: '2001:db8::/32' } });
    expect(parseIntent('avoid=198.51.100.0/24')).toMatchObject({ kind: 'avoid', prefix: { text: '::ffff:198.51.100.0/120' } });
  });

  it.each([
    ['prefr-ipv4', /unknown intent/, /did you mean "prefer-ipv4"/],
    ['ula', /unknown intent/, /known intents/],
    ['prefer', /needs a prefix/, /prefer 2001:db8::\/32/],
    ['avoid ', /needs a prefix/, /avoid 198\.51\.100\.0\/24/],
    ['prefer-ipv4 now', /takes no argument/, /only prefer and avoid/],
    ['2001:db8::/32', /unknown intent/, /write "prefer 2001:db8::\/32"/],
    ['prefer 198.51.100.1/24', /prefer: .*bits set/, /198\.51\.100\.0\/24/],
  ])('rejects %j with a hint', (text, message, hint) => {
    const e = intentError(() => parseIntent(text));
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(hint);
    expect(e.intent).toBe(text.trim());
  });
});

describe('policyFromIntents: each touched kind is written whole', () => {
  it('prefer-ipv4: the full default precedence table with ::ffff:0:0/96 at 100, labels untouched', () => {
    const { policy, changes } = policyFromIntents(['prefer-ipv4']);
    expect(policy.labels).toBeUndefined();
    expect(policy.scopev4).toBeUndefined();
    expect(rows(policy.precedence)).toEqual(withRow(GLIBC_PRECEDENCE, '::ffff:0:0/96', 100));
    expect(changes).toEqual([expect.stringMatching(/^precedence ::ffff:0:0\/96 100: was 10/)]);
  });

  it('prefer-ipv6: glibc defaults restated (IPv6 is already first), so nothing changes', () => {
    const { policy, changes } = policyFromIntents(['prefer-ipv6']);
    expect(rows(policy.precedence)).toEqual(rows(GLIBC_PRECEDENCE));
    expect(policy.labels).toBeUndefined();
    expect(changes).toEqual([]);
  });

  it('ula-as-global: the full default label table plus fd00::/8 → 1 (Docker ULAs; fc00::/8 keeps 6)', () => {
    const { policy, changes } = policyFromIntents(['ula-as-global']);
    expect(rows(policy.labels)).toEqual(withRow(GLIBC_LABELS, 'fd00::/8', 1));
    expect(policy.precedence).toBeUndefined();
    expect(changes).toEqual([expect.stringMatching(/^label fd00::\/8 1: new row, was 6 from fc00::\/7/)]);
  });

  it("rfc6724: RFC 6724's label and precedence tables", () => {
    const { policy } = policyFromIntents(['rfc6724']);
    expect(rows(policy.labels)).toEqual(RFC6724_POLICY.map((r) => `${r.text} ${r.label}`).sort());
    expect(rows(policy.precedence)).toEqual(RFC6724_POLICY.map((r) => `${r.text} ${r.precedence}`).sort());
  });

  it('glibc-default: all three tables, unchanged', () => {
    const { policy, changes } = policyFromIntents(['glibc-default']);
    expect(rows(policy.labels)).toEqual(rows(GLIBC_LABELS));
    expect(policy.scopev4?.map((r) => r.text)).toEqual(['169.254.0.0/16', '127.0.0.0/8', '0.0.0.0/0']);
    expect(changes).toEqual([]);
  });

  it('prefer PREFIX: precedence 110 (105 for the family tried second), and for IPv6 the label of ::/0 only when Rule 5 would veto it', () => {
    const v4 = policyFromIntents(['prefer 198.51.100.0/24']).policy;
    expect(rows(v4.precedence)).toEqual(withRow(GLIBC_PRECEDENCE, '::ffff:198.51.100.0/120', 105));
    expect(v4.labels).toBeUndefined();
    expect(rows(policyFromIntents(['prefer 198.51.100.0/24', 'prefer-ipv4']).policy.precedence)).toContain('::ffff:198.51.100.0/120 110');
    const global = policyFromIntents(['prefer 2001:db8::/32']).policy;
    expect(rows(global.precedence)).toContain('2001:db8::/32 110');
    expect(rows(policyFromIntents(['prefer 2001:db8::/32', 'prefer-ipv4']).policy.precedence)).toContain('2001:db8::/32 105');
    expect(global.labels).toBeUndefined(); // already label 1 via ::/0
    const sixToFour = policyFromIntents(['prefer 2002:c000:200::/40']).policy;
    expect(rows(sixToFour.labels)).toEqual(withRow(GLIBC_LABELS, '2002:c000:200::/40', 1));
    const ula = policyFromIntents(['prefer fd12:3456::/32']).policy;
    expect(rows(ula.labels)).toContain('fd12:3456::/32 1');
    // rows of the same family inside PREFIX take its values: Teredo inside 2001::/16
    const wide = policyFromIntents(['prefer 2001::/16', 'rfc6724']).policy;
    expect(rows(wide.precedence)).toEqual(expect.arrayContaining(['2001::/16 110', '2001::/32 110']));
    expect(rows(wide.labels)).toEqual(expect.arrayContaining(['2001::/16 1', '2001::/32 1']));
  });

  it('avoid PREFIX: precedence 1 (0 for the family tried second)', () => {
    const { policy } = policyFromIntents(['avoid 2001:db8:dead::/48']);
    expect(rows(policy.precedence)).toEqual(withRow(GLIBC_PRECEDENCE, '2001:db8:dead::/48', 1));
    expect(rows(policyFromIntents(['avoid 198.51.100.0/24']).policy.precedence)).toContain('::ffff:198.51.100.0/120 0');
  });

  it('composes in one order whatever the order given: a prefix intent after the family-wide ones; never writes a prefix twice', () => {
    const { policy, intents } = policyFromIntents(['prefer 0.0.0.0/0', 'prefer-ipv4', 'avoid 198.51.100.0/24', 'ula-as-global']);
    expect(intents).toEqual(['prefer 0.0.0.0/0', 'prefer-ipv4', 'avoid 198.51.100.0/24', 'ula-as-global']);
    expect(rows(policy.precedence)).toEqual(['2002::/16 30', '::/0 40', '::/96 20', '::1/128 50', '::ffff:0:0/96 110', '::ffff:198.51.100.0/120 1'].sort());
    expect(rows(policy.labels)).toEqual(withRow(GLIBC_LABELS, 'fd00::/8', 1));
    for (const kind of [policy.labels, policy.precedence]) {
      const keys = kind!.map((r) => `${formatIp({ family: 6, bytes: r.prefix })}/${r.length}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('rfc6724 sets the starting tables wherever it is written; ula-as-global then also lifts the ULA precedence', () => {
    const a = policyFromIntents(['ula-as-global', 'rfc6724']).policy;
    const b = policyFromIntents(['rfc6724', 'ula-as-global']).policy;
    expect(rows(a.labels)).toEqual(rows(b.labels));
    expect(rows(b.labels)).toContain('fd00::/8 1');
    expect(rows(b.precedence)).toContain('fd00::/8 40');
  });

  it.each([
    [['prefer-ipv4', 'prefer-ipv6'], /contradict/],
    [['prefer-ipv6', 'prefer-ipv4'], /contradict/],
    [['rfc6724', 'glibc-default'], /different starting tables/],
    [['prefer 2001:db8::/32', 'avoid 2001:db8::/32'], /contradict/],
    [[], /no intent/],
  ])('rejects %j', (list, message) => {
    const e = intentError(() => policyFromIntents(list));
    expect(e.message).toMatch(message);
    expect(e.hint.length).toBeGreaterThan(0);
  });

  it('policyTables: longest prefix first, untouched kinds are the defaults', () => {
    const t = policyTables(policyFromIntents(['ula-as-global']).policy);
    expect(t.labels.map((r) => r.length)).toEqual([...t.labels.map((r) => r.length)].sort((x, y) => y - x));
    expect(t.labelsCustom).toBe(true);
    expect(t.precedenceCustom).toBe(false);
    expect(t.precedence).toEqual(GLIBC_PRECEDENCE.slice());
    const empty: GaiPolicy = { precedence: [{ prefix: new Uint8Array(16), length: 128, value: 5, text: '::/128' } as GaiRow] };
    expect(policyTables(empty).precedence.at(-1)).toMatchObject({ text: '::/0', value: 40 });
  });
});
