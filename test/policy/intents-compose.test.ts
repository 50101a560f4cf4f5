// Intents compose: every pair and triple of intents (sample prefixes for prefer/avoid: inside
// fd00::/8, an IPv4 /24, a global /32, and narrower ones inside each) gives a file whose tables
// keep each intent's promise, checked by simulate() on small hosts with glibc's 2.36 and 2.41
// parsers, and whose header cites only values the file really writes.
//
// The promises (docs/decisions.md, "Intents compose"), with the narrower intent deciding where two
// meet: a prefix intent beats a family-wide one, a narrower prefix a wider one.
//   prefer P       an answer in P comes before one outside P, unless Rules 1–5 decide; an IPv6 P's
//                  addresses have the label of ::/0
//   avoid P        an answer in P comes after one outside P, unless Rules 1–5 decide
//   prefer-ipv4    IPv4 answers before IPv6 ones, unless Rules 1–5 or a prefix intent decide
//   prefer-ipv6    ULA and global IPv6 answers before IPv4 ones, likewise
//   ula-as-global  a ULA source in fd00::/8 and a global IPv6 destination share a label
//   rfc6724 / glibc-default (or neither: glibc's)  answers no other intent names keep that table's
//                  label and precedence
// Two preferred (or avoided) prefixes of different families are ordered by family: IPv6 first,
// IPv4 first under prefer-ipv4. Combinations without a winner are errors.
import { describe, expect, it } from 'vitest';
import { inetPton6 } from '../../src/address/inet-pton.js';
import { parseIp } from '../../src/address/ip.js';
import { matchesPrefix } from '../../src/address/prefix.js';
import { renderIntents } from '../../src/emit/gai-conf.js';
import { effectiveGlibcTables } from '../../src/policy/effective-tables.js';
import { parseGaiConf } from '../../src/policy/gai-conf-parser.js';
import { IntentError, lookupRow, parseIntent, policyFromIntents, policyTables, type Intent } from '../../src/policy/intents.js';
import { lintGaiConf } from '../../src/policy/lint.js';
import { GLIBC_LABELS, GLIBC_PRECEDENCE, RFC6724_POLICY, type PrefixRow } from '../../src/policy/tables.js';
import type { Scenario, ScenarioHost } from '../../src/scenario/types.js';
import { simulate, type ResultEntry } from '../../src/simulate.js';

const FAMILY_INTENTS = ['glibc-default', 'rfc6724', 'prefer-ipv4', 'prefer-ipv6', 'ula-as-global'];
const PREFIXES = ['fd00::/8', 'fd00:1::/32', '198.51.100.0/24', '198.51.100.128/25', '2001:db8::/32', '2001:db8:1::/48'];
const INTENT_TEXTS = [...FAMILY_INTENTS, ...PREFIXES.flatMap((p) => [`prefer ${p}`, `avoid ${p}`])];

/** Answers inside and outside every sample prefix; all reachable from both hosts. */
const ANSWERS = ['198.51.100.5', '198.51.100.130', '203.0.113.5', '2001:db8::5', '2001:db8:1::5', '3fff:2::5', 'fd00:1::5', 'fd00:2::5', 'fc00::5'];
const GLOBAL_V6 = '3fff:2::5';

const HOSTS: Record<string, ScenarioHost> = {
  // a global IPv6 source outside every sample prefix
  global: {
    interfaces: [{ name: 'eth0', addresses: ['192.0.2.2/24', '3fff:1::2/64'] }],
    routes: [{ to: 'default', via: '192.0.2.1' }, { to: 'default', via: '3fff:1::1' }],
  },
  // a Docker container: a ULA source in fd00::/8
  ula: {
    interfaces: [{ name: 'eth0', addresses: ['172.17.0.2/16', 'fd00::2/64'] }],
    routes: [{ to: 'default', via: '172.17.0.1' }, { to: 'default', via: 'fd00::1' }],
  },
};
const GLIBC_VERSIONS = ['2.36', '2.41'];

/** 16 bytes; IPv4 as ::ffff:a.b.c.d, as gai.conf tables see it. */
const bytes16 = (a: string): Uint8Array => parseIp(a)!.bytes;
const familyOf = (a: string): 4 | 6 => (a.includes(':') ? 6 : 4);
type Prefixed = Extract<Intent, { prefix: unknown }>;
const inPrefix = (a: string, i: Prefixed) => matchesPrefix(bytes16(a), i.prefix.bytes, i.prefix.length);
const ULA_FD = { bytes: inetPton6('fd00::')!, length: 8 };

function* subsets<T>(items: readonly T[], k: number, from = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) for (const rest of subsets(items, k - 1, i + 1)) yield [items[i]!, ...rest];
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [items.slice()];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((p) => [x, ...p]));
}

/** The combinations no order of preference can settle: parseIntents refuses them. */
function contradicts(texts: readonly string[]): boolean {
  const has = (t: string) => texts.includes(t);
  if (has('prefer-ipv4') && has('prefer-ipv6')) return true;
  if (has('rfc6724') && has('glibc-default')) return true;
  return PREFIXES.some((p) => has(`prefer ${p}`) && has(`avoid ${p}`));
}

/**
 * The reference model: an answer's rank among the others. Its narrowest prefix intent decides
 * (prefer above everything, avoid below everything, the family tried first a half step up);
 * else the family-wide intent; else nothing is promised (the starting table decides).
 */
function rank(intents: readonly Intent[], a: string): number | null {
  const has = (k: string) => intents.some((i) => i.kind === k);
  const favoured = has('prefer-ipv4') ? 4 : 6;
  const bonus = familyOf(a) === favoured ? 0.5 : 0;
  const covering = intents.filter((i): i is Prefixed => 'prefix' in i && inPrefix(a, i)).sort((x, y) => y.prefix.length - x.prefix.length)[0];
  if (covering) return covering.kind === 'prefer' ? 4 + bonus : bonus;
  if (has('prefer-ipv4')) return familyOf(a) === 4 ? 3 : 2;
  if (has('prefer-ipv6')) return familyOf(a) === 6 ? 2 : 1;
  return null;
}

/** The label and precedence an answer no intent names keeps: the starting table's. */
function baseValues(intents: readonly Intent[], a: string): { label: number; precedence: number } | null {
  const has = (k: string) => intents.some((i) => i.kind === k);
  if (intents.some((i) => 'prefix' in i && inPrefix(a, i as Prefixed))) return null;
  if (has('ula-as-global') && matchesPrefix(bytes16(a), ULA_FD.bytes, ULA_FD.length)) return null;
  if (familyOf(a) === 4 && (has('prefer-ipv4') || has('prefer-ipv6'))) return null;
  const b = bytes16(a);
  if (has('rfc6724')) {
    const r = lookupRow(RFC6724_POLICY.map((x) => ({ ...x, value: 0 })), b)!;
    const row = RFC6724_POLICY.find((x) => x.text === r.text)!;
    return { label: row.label, precedence: row.precedence };
  }
  return { label: lookupRow(GLIBC_LABELS, b)!.value, precedence: lookupRow(GLIBC_PRECEDENCE, b)!.value };
}

const simulateOn = (host: ScenarioHost, gaiConf: string, records: string[], glibc: string) =>
  simulate({ host, gaiConf, query: { name: 'compose.test', records } } satisfies Scenario, { glibc });

const entryOf = (entries: readonly ResultEntry[], a: string) => entries.find((e) => e.address === a)!;
const rule5Decides = (x: ResultEntry, y: ResultEntry) => (x.label === x.sourceLabel) !== (y.label === y.sourceLabel);

/** Every broken promise of one combination, as readable lines ([] when all hold). */
function brokenPromises(texts: readonly string[]): string[] {
  const intents = texts.map((t) => parseIntent(t));
  const { text } = renderIntents([...texts]);
  const broken: string[] = [];
  for (const glibc of GLIBC_VERSIONS) {
    for (const [hostName, host] of Object.entries(HOSTS)) {
      const where = `${texts.join(' + ')} (${hostName} host, glibc ${glibc})`;
      const all = simulateOn(host, text, ANSWERS, glibc);
      if (all.status !== 'OK' || all.results.some((e) => !e.usable)) broken.push(`${where}: not every answer is usable`);
      const global = entryOf(all.results, GLOBAL_V6);
      for (const a of ANSWERS) {
        const e = entryOf(all.results, a);
        const base = baseValues(intents, a);
        if (base && (e.label !== base.label || e.precedence !== base.precedence)) broken.push(`${where}: ${a} should keep the starting table's label ${base.label} and precedence ${base.precedence}, has ${e.label} and ${e.precedence}`);
        for (const i of intents) {
          if (i.kind === 'prefer' && familyOf(a) === 6 && inPrefix(a, i) && e.label !== global.label) broken.push(`${where}: ${a} is in ${texts.find((t) => t.endsWith(i.prefix.input))} but has label ${e.label}, not ::/0's ${global.label}`);
        }
      }
      if (hostName === 'ula' && intents.some((i) => i.kind === 'ula-as-global') && global.label !== global.sourceLabel) broken.push(`${where}: ula-as-global, but the ULA source has label ${global.sourceLabel} and ${GLOBAL_V6} label ${global.label}`);
      for (const a of ANSWERS) {
        for (const b of ANSWERS) {
          const ra = rank(intents, a);
          const rb = rank(intents, b) ?? (ra === null ? null : 2);
          if (ra === null && rb === null) continue;
          if ((ra ?? 2) <= (rb ?? 2)) continue;
          // a must come first: give it second, so that only a rule can put it first
          const r = simulateOn(host, text, [b, a], glibc);
          const ea = entryOf(r.results, a);
          const eb = entryOf(r.results, b);
          if (rule5Decides(ea, eb)) continue;
          if (r.order[0] !== a || r.explain[0]?.rule !== 6) broken.push(`${where}: ${a} should come before ${b} by Rule 6, got ${r.order.join(', ')} (${r.explain[0]?.text})`);
        }
      }
    }
  }
  return broken;
}

/** Every `label P N` / `precedence P N` the header cites that the written tables contradict. */
function falseClaims(text: string): string[] {
  const header = text.split('\n').filter((l) => l.startsWith('#')).join(' ').replace(/#\s*/g, ' ');
  const out: string[] = [];
  for (const glibc of GLIBC_VERSIONS) {
    const tables = effectiveGlibcTables(parseGaiConf(text, { glibc }));
    for (const m of header.matchAll(/\b(label|precedence) ([0-9a-f:.]+)\/(\d+) (\d+)\b/g)) {
      const [claim, kind, addr, len, value] = m;
      const rows: readonly PrefixRow[] = kind === 'label' ? tables.labels : tables.precedence;
      const b = inetPton6(addr!)!;
      const row = rows.find((r) => r.length === Number(len) && matchesPrefix(r.prefix, b, r.length)) ?? lookupRow(rows, b);
      if (row?.value !== Number(value)) out.push(`glibc ${glibc}: "${claim}" but the file gives ${row?.value}`);
    }
  }
  return out;
}

describe('intents compose: every pair and triple', () => {
  const combos = [1, 2, 3].flatMap((k) => [...subsets(INTENT_TEXTS, k)]);

  it('any order gives the same tables; only combinations without a winner are refused', () => {
    let refused = 0;
    for (const set of combos) {
      const results = permutations(set).map((p) => {
        try {
          return policyTables(policyFromIntents(p).policy);
        } catch (e) {
          if (!(e instanceof IntentError)) throw e;
          expect(e.errors.every((x) => x.hint.length > 0)).toBe(true);
          return 'refused';
        }
      });
      if (contradicts(set)) {
        refused++;
        expect({ set, results: results.filter((r) => r !== 'refused').length }).toEqual({ set, results: 0 });
      } else {
        const key = (t: (typeof results)[number]) => JSON.stringify(t, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v).join('.') : v));
        expect({ set, differ: results.filter((r) => key(r) !== key(results[0]!)).length }).toEqual({ set, differ: 0 });
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  it('every written file lints clean for glibc 2.36 and 2.41, and its header cites only values it writes, and nothing from this repository', () => {
    const problems: string[] = [];
    for (const set of combos.filter((s) => !contradicts(s))) {
      const { text, effects } = renderIntents(set);
      for (const glibc of GLIBC_VERSIONS) {
        for (const d of lintGaiConf(text, { glibc }).diagnostics) if (d.severity !== 'info') problems.push(`${set.join(' + ')}: glibc ${glibc}: ${d.code} ${d.message}`);
      }
      problems.push(...falseClaims(text).map((c) => `${set.join(' + ')}: ${c}`));
      if (/field case|\.md\b|§|address-selection/i.test(text)) problems.push(`${set.join(' + ')}: the file cites something outside it`);
      expect(effects.length).toBe(new Set(set).size);
    }
    expect(problems).toEqual([]);
  });

  it('every written file keeps every promise (simulated on a host with a global and one with a ULA source)', () => {
    const broken: string[] = [];
    for (const set of combos.filter((s) => !contradicts(s))) broken.push(...brokenPromises(set));
    expect(broken.slice(0, 20)).toEqual([]);
  });
});

describe('intents compose: cases a user writes', () => {
  it("prefer fd00::/8 with ula-as-global (in either order) writes prefer's precedence, and the header says so", () => {
    for (const order of [['prefer fd00::/8', 'ula-as-global'], ['ula-as-global', 'prefer fd00::/8']]) {
      const r = renderIntents(order);
      expect(r.text).toMatch(/^precedence fd00::\/8 +110 /m);
      expect(r.text).toMatch(/^label fd00::\/8 +1 /m);
      expect(r.effects[r.intents.indexOf('prefer fd00::/8')]).toMatch(/`precedence fd00::\/8 110`, above every row outside it/);
      expect(r.conflicts).toEqual([expect.stringMatching(/both set fd00::\/8: .*precedence fd00::\/8 110/)]);
    }
  });

  it('a prefix intent against a family-wide one: said, and the prefix wins', () => {
    const r = renderIntents(['prefer-ipv4', 'avoid 198.51.100.0/24', 'prefer 2001:db8::/32']);
    expect(r.conflicts).toEqual([
      expect.stringMatching(/^prefer-ipv4 and avoid 198\.51\.100\.0\/24 disagree about 198\.51\.100\.0\/24: avoid 198\.51\.100\.0\/24 wins there/),
      expect.stringMatching(/^prefer-ipv4 and prefer 2001:db8::\/32 disagree .*prefer 2001:db8::\/32 wins there .*`precedence 2001:db8::\/32 105` against IPv4's `precedence ::ffff:0:0\/96 100`/),
    ]);
    expect(r.text).toContain('# Where intents meet:');
  });

  it('a prefix inside another of the other kind: said, and the narrower wins', () => {
    const r = renderIntents(['avoid 2001:db8:1::/48', 'prefer 2001:db8::/32']);
    expect(r.conflicts).toEqual([expect.stringMatching(/^avoid 2001:db8:1::\/48 lies inside prefer 2001:db8::\/32: avoid 2001:db8:1::\/48 wins for its own addresses/)]);
  });

  it('rfc6724 with prefer-ipv6 puts IPv4 below RFC 6724\'s ULA row, and says so', () => {
    const r = renderIntents(['rfc6724', 'prefer-ipv6']);
    expect(r.text).toMatch(/^precedence ::ffff:0:0\/96 +2 /m);
    expect(r.conflicts).toEqual([expect.stringMatching(/prefer-ipv6 wins/)]);
  });
});
