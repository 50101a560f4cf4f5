// Builds AnswerFacts from destinations whose source addresses are given as data, the way Go's
// sortByRFC6724withSrcs and glibc's tst-rfc3484*.c feed their comparators: no host, no kernel
// source choice. Each profile's facts come from that profile's own scope/label/precedence
// functions and tables, so a vector checks the comparator plus those lookups, nothing else.
import { commonPrefixLength } from '../../src/address/prefix.js';
import { isV4Mapped, parseIp, type Ip } from '../../src/address/ip.js';
import type { AnswerFacts, ProfileName } from '../../src/order/facts.js';
import { mergeSort } from '../../src/order/merge-sort.js';
import { glibcCompare, glibcLabel, glibcPrecedence, glibcScope } from '../../src/order/profile-glibc.js';
import { goCompare, goScope } from '../../src/order/profile-go.js';
import { muslCompare, muslScope, type MuslFacts } from '../../src/order/profile-musl.js';
import { rfc6724Compare, rfc6724Scope } from '../../src/order/profile-rfc6724.js';
import { effectiveGlibcTables, type GlibcTables } from '../../src/policy/effective-tables.js';
import { lookupPolicy, lookupPolicyFirstMatch } from '../../src/policy/lookup.js';
import { GO_POLICY, MUSL_POLICY, RFC6724_POLICY } from '../../src/policy/tables.js';

/** Source attributes as the test vectors state them. */
export interface SourceOptions {
  /** IFA_F_DEPRECATED (glibc also folds IFA_F_OPTIMISTIC in here). */
  deprecated?: boolean;
  /** IFA_F_HOMEADDRESS. */
  home?: boolean;
  /**
   * The source's prefix length in its own family's units (IPv4 0–32, IPv6 0–128). glibc reads
   * it for IPv4 Rule 9 only; the rfc6724 profile caps CommonPrefixLen with it (RFC 6724 §2.2).
   * Absent: glibc 0 (source not in its list), rfc6724 128 (no cap).
   */
  prefixLen?: number;
  /** glibc Rule 7's source interface index; glibc's tst-rfc3484*.c set 0 for every entry. */
  ifindex?: number;
}

/** One destination with the source paired with it (null: no source, i.e. unusable). */
export interface DestSpec {
  dst: string;
  src: string | null;
  opts?: SourceOptions;
}

export function ip(text: string): Ip {
  const v = parseIp(text);
  if (!v) throw new Error(`bad test address ${text}`);
  return v;
}

const DEFAULT_TABLES = effectiveGlibcTables(null);

/**
 * glibc's struct sort_result for each destination. An IPv4 text is an AF_INET sockaddr, an
 * IPv6 text (v4-mapped included) an AF_INET6 one; the source is used as written (glibc turns
 * an AF_INET destination's source back into AF_INET, so give IPv4 sources as IPv4 text).
 */
export function glibcFactsFor(specs: readonly DestSpec[], tables: GlibcTables = DEFAULT_TABLES): AnswerFacts[] {
  return specs.map((s, index) => {
    const address = ip(s.dst);
    const source = s.src === null ? null : ip(s.src);
    return {
      index,
      address,
      usable: source !== null,
      source,
      errno: source ? null : 'ENETUNREACH',
      scope: glibcScope(address, tables),
      sourceScope: source ? glibcScope(source, tables) : null,
      label: glibcLabel(address, tables),
      sourceLabel: source ? glibcLabel(source, tables) : null,
      precedence: glibcPrecedence(address, tables),
      deprecated: !!s.opts?.deprecated,
      home: !!s.opts?.home,
      prefixLen: s.opts?.prefixLen ?? 0,
      ifindex: s.opts?.ifindex ?? 0,
      native: true,
    };
  });
}

/** The rfc6724 profile's facts: RFC 6724 §2.1 table (longest match), §3 scopes, prefix in 128-bit units. */
export function rfc6724FactsFor(specs: readonly DestSpec[]): AnswerFacts[] {
  return specs.map((s, index) => {
    const address = ip(s.dst);
    const source = s.src === null ? null : ip(s.src);
    const pol = lookupPolicy(RFC6724_POLICY, address.bytes)!;
    const len = s.opts?.prefixLen;
    return {
      index,
      address,
      usable: source !== null,
      source,
      errno: source ? null : 'ENETUNREACH',
      scope: rfc6724Scope(address),
      sourceScope: source ? rfc6724Scope(source) : null,
      label: pol.label,
      sourceLabel: source ? lookupPolicy(RFC6724_POLICY, source.bytes)!.label : null,
      precedence: pol.precedence,
      deprecated: !!s.opts?.deprecated,
      home: !!s.opts?.home,
      prefixLen: len === undefined || !source ? 128 : source.family === 4 || isV4Mapped(source.bytes) ? 96 + len : len,
      ifindex: s.opts?.ifindex ?? 0,
      native: true,
    };
  });
}

/**
 * Go's sortByRFC6724withSrcs: ipAttrOf(dst) and ipAttrOf(src) from rfc6724policyTable and
 * classifyScope. The flags are passed through (not zeroed) so a vector can show that Go's
 * comparator never looks at them (Rules 3 and 4 are TODOs in addrselect.go).
 */
export function goFactsFor(specs: readonly DestSpec[]): AnswerFacts[] {
  return specs.map((s, index) => {
    const address = ip(s.dst);
    const source = s.src === null ? null : ip(s.src);
    const pol = lookupPolicy(GO_POLICY, address.bytes)!;
    return {
      index,
      address,
      usable: source !== null,
      source,
      errno: source ? null : 'ENETUNREACH',
      scope: goScope(address),
      sourceScope: source ? goScope(source) : null,
      label: pol.label,
      sourceLabel: source ? lookupPolicy(GO_POLICY, source.bytes)!.label : null,
      precedence: pol.precedence,
      deprecated: !!s.opts?.deprecated,
      home: !!s.opts?.home,
      prefixLen: s.opts?.prefixLen ?? 0,
      ifindex: s.opts?.ifindex ?? 0,
      native: true,
    };
  });
}

/**
 * musl's per-result sort key, built from musl's layout in lookup_name.c (address-selection.md
 * §2): bit 30 usable, 29 matching scope, 28 matching label, 20–27 precedence, 16–19
 * 15 − scope, 8–15 prefixmatch() over all 128 bits of the mapped forms, 0–7 48 − index.
 * Scope and policy come from the musl profile's muslScope and MUSL_POLICY (first match).
 */
export function muslFactsFor(specs: readonly DestSpec[]): MuslFacts[] {
  return specs.map((s, index) => {
    const address = ip(s.dst);
    const source = s.src === null ? null : ip(s.src);
    const pol = lookupPolicyFirstMatch(MUSL_POLICY, address.bytes)!;
    const scope = muslScope(address.bytes);
    const sourceScope = source ? muslScope(source.bytes) : null;
    const sourceLabel = source ? lookupPolicyFirstMatch(MUSL_POLICY, source.bytes)!.label : null;
    const matchLen = source ? commonPrefixLength(source.bytes, address.bytes) : 0;
    let key = 0;
    if (source) {
      key |= 1 << 30;
      if (sourceScope === scope) key |= 1 << 29;
      if (sourceLabel === pol.label) key |= 1 << 28;
    }
    key |= pol.precedence << 20;
    key |= (15 - scope) << 16;
    key |= matchLen << 8;
    key |= 48 - index;
    return {
      index,
      address,
      usable: source !== null,
      source,
      errno: source ? null : 'ENETUNREACH',
      scope,
      sourceScope,
      label: pol.label,
      sourceLabel,
      precedence: pol.precedence,
      deprecated: !!s.opts?.deprecated,
      home: !!s.opts?.home,
      prefixLen: 0,
      ifindex: 0,
      native: true,
      key,
      matchLen,
    };
  });
}

export interface SortOutcome {
  /** Destinations in sorted order, as written in the specs. */
  order: string[];
  /** The comparator's decision for the first two of the sorted list: ±rule, 0 for "equal". */
  firstDecision: number;
}

/** Sort the destinations with `profile`'s comparator and the project's merge sort. */
export function sortWithSources(profile: ProfileName, specs: readonly DestSpec[], tables?: GlibcTables): SortOutcome {
  const texts = specs.map((s) => s.dst);
  let facts: AnswerFacts[];
  let cmp: (a: AnswerFacts, b: AnswerFacts) => number;
  switch (profile) {
    case 'glibc':
      facts = glibcFactsFor(specs, tables);
      cmp = glibcCompare;
      break;
    case 'rfc6724':
      facts = rfc6724FactsFor(specs);
      cmp = rfc6724Compare;
      break;
    case 'go':
      facts = goFactsFor(specs);
      cmp = goCompare;
      break;
    case 'musl':
      facts = muslFactsFor(specs);
      cmp = (a, b) => muslCompare(a as MuslFacts, b as MuslFacts);
      break;
  }
  const sorted = mergeSort(facts, cmp);
  const firstDecision = sorted.length > 1 ? cmp(sorted[0]!, sorted[1]!) : 0;
  return { order: sorted.map((f) => texts[f.index]!), firstDecision };
}
