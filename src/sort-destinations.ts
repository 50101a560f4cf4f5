// Destination address selection with the sources given as data, no host: the shape in which other
// projects test their RFC 6724 sort (Go's sortByRFC6724withSrcs in net/addrselect_test.go, glibc's
// posix/tst-rfc3484*.c, which fill struct sort_result by hand). Each profile computes its own
// scopes, labels and precedences from its own tables and sorts with its own comparator, exactly as
// simulate() does after the kernel has chosen the sources.
import { isV4Mapped, parseIp, type Ip } from './address/ip.js';
import { throwIfProblems, type InputProblem } from './input-error.js';
import { describe, isPlainObject, Problems } from './input-problems.js';
import { ALL_PROFILES, type AnswerFacts, type ProfileName, type SourceFacts } from './order/facts.js';
import { mergeSort } from './order/merge-sort.js';
import { freebsdCompare, freebsdScope, freebsdTable } from './order/profile-freebsd.js';
import { glibcCompare, glibcFactsFromSources } from './order/profile-glibc.js';
import { goCompare, goScope } from './order/profile-go.js';
import { muslCompare, muslFactsFromSources, type MuslFacts } from './order/profile-musl.js';
import { policyTableFacts, rfc6724Compare, rfc6724Scope } from './order/profile-rfc6724.js';
import { RFC6724_UPDATE_POLICY } from './order/profile-rfc6724-update.js';
import { WINDOWS_POLICY } from './order/profile-windows.js';
import { RULE_TITLES } from './order/rules.js';
import { effectiveGlibcTables } from './policy/effective-tables.js';
import { parseGaiConf } from './policy/gai-conf-parser.js';
import { IntentError, parsePolicyPrefix } from './policy/intents.js';
import { GO_POLICY, RFC6724_POLICY, type PolicyRow } from './policy/tables.js';

/** One destination and what is known about the source the kernel would use for it. */
export interface DestinationWithSource {
  /** IPv4 (`192.0.2.1`: an AF_INET answer) or IPv6 text (`::ffff:192.0.2.1` is an AF_INET6 answer). */
  destination: string;
  /** The source address for it, or null when there is none (connect() failed: Rule 1). */
  source: string | null;
  /**
   * The source's prefix length, in its own family's bits (IPv4 0–32, IPv6 0–128). glibc reads it
   * for IPv4 Rule 9 only (absent: 0, as for a source not in its address list); the rfc6724
   * profiles cap CommonPrefixLen with it (RFC 6724 §2.2; absent: no cap); musl, Go ignore it.
   */
  sourcePrefixLength?: number;
  /** The source is deprecated (RFC 6724 Rule 3; glibc also counts IFA_F_OPTIMISTIC). */
  deprecated?: boolean;
  /** The source is a Mobile IPv6 home address (Rule 4). */
  home?: boolean;
  /** Reached without an encapsulating transition mechanism (Rule 7). Default true. */
  native?: boolean;
  /** The source's interface index: glibc applies Rule 7 only between different interfaces. Default 0. */
  interfaceIndex?: number;
}

/** A policy table row: RFC 6724 §2.1 / `netsh interface ipv6 add prefixpolicy` / ip6addrctl. */
export interface PolicyTableRow {
  prefix: string;
  precedence: number;
  label: number;
}

export interface SortDestinationsOptions {
  /** Default `glibc`. */
  profile?: ProfileName;
  /** glibc profile: the gai.conf text to read (default: none, glibc's built-in tables). */
  gaiConf?: string | null;
  /** glibc profile: whose gai.conf parser reads `gaiConf` (default 2.36). */
  glibc?: string;
  /**
   * rfc6724, rfc6724-update, windows: the whole policy table instead of the profile's default
   * (RFC 6724 §2.1 lets an administrator replace it).
   */
  policyTable?: readonly PolicyTableRow[];
  /** freebsd profile: ip6addrctl's table (default ipv6_prefer; `none` leaves the order alone). */
  freebsdPolicy?: 'ipv6_prefer' | 'ipv4_prefer' | 'none';
}

/** One destination as the profile saw it. */
export interface SortedDestination {
  destination: string;
  source: string | null;
  /** Position in the input (Rule 10 keeps it between equals). */
  index: number;
  usable: boolean;
  scope: number;
  sourceScope: number | null;
  label: number;
  sourceLabel: number | null;
  precedence: number;
}

/** Why `first` comes before `second`: the rule that decided it (10: the input order). */
export interface SortDecision {
  first: string;
  second: string;
  rule: number;
  title: string;
}

export interface SortDestinationsResult {
  profile: ProfileName;
  /** The destinations, sorted, as written in the input. */
  order: string[];
  destinations: SortedDestination[];
  /** One per adjacent pair of `order`. */
  decisions: SortDecision[];
  /** Remarks: what the profile ignores, gai.conf lines glibc drops. */
  notes: string[];
}

const SOURCE_KEYS = ['destination', 'source', 'sourcePrefixLength', 'deprecated', 'home', 'native', 'interfaceIndex'] as const;
const OPTION_KEYS = ['profile', 'gaiConf', 'glibc', 'policyTable', 'freebsdPolicy'] as const;
const TABLE_PROFILES: readonly ProfileName[] = ['rfc6724', 'rfc6724-update', 'windows'];
/** musl's sort key keeps the input position in 8 bits and its lookup keeps at most MAXADDRS. */
const MUSL_MAX = 48;

const isV4 = (ip: Ip) => ip.family === 4 || isV4Mapped(ip.bytes);

function addressProblem(p: Problems, v: unknown, path: string, what: string): Ip | null {
  if (typeof v !== 'string') {
    p.add(path, `${what} must be an address string, not ${describe(v)}`, 'Write an IPv4 dotted quad or an IPv6 address, without a prefix length or zone.');
    return null;
  }
  const ip = parseIp(v);
  if (!ip) p.add(path, `${what} ${describe(v)} is not an address inet_pton reads`, 'Write an IPv4 dotted quad (192.0.2.1) or an IPv6 address (2001:db8::1), without a prefix length or zone.');
  return ip;
}

interface Checked {
  dst: Ip[];
  src: (Ip | null)[];
}

function checkInput(list: unknown, options: unknown): Checked {
  const p = new Problems();
  const out: Checked = { dst: [], src: [] };
  if (!Array.isArray(list)) {
    p.add('destinations', `destinations must be an array, not ${describe(list)}`, 'Pass [{ destination: "2001:db8::1", source: "2001:db8::2" }, …].');
  } else {
    list.forEach((d: unknown, i) => {
      const at = `destinations[${i}]`;
      if (!isPlainObject(d)) {
        p.add(at, `${at} must be an object, not ${describe(d)}`, 'Each destination is { destination, source, …flags }.');
        return;
      }
      p.object(d, at, SOURCE_KEYS);
      const dst = addressProblem(p, d.destination, `${at}.destination`, 'destination');
      const src = d.source === null ? null : addressProblem(p, d.source, `${at}.source`, 'source');
      if (dst && src && isV4(dst) !== isV4(src)) {
        p.add(`${at}.source`, `source ${describe(d.source)} is not of the destination's family`, 'Give an IPv4 (or ::ffff:a.b.c.d) source for an IPv4 destination and an IPv6 source for an IPv6 one; null when there is no source.');
      }
      const maxLen = src && isV4(src) && src.family === 4 ? 32 : 128;
      p.integer(d.sourcePrefixLength, `${at}.sourcePrefixLength`, 0, maxLen, `The source's prefix length in its own family's bits (0–${maxLen}).`);
      p.boolean(d.deprecated, `${at}.deprecated`);
      p.boolean(d.home, `${at}.home`);
      p.boolean(d.native, `${at}.native`);
      p.integer(d.interfaceIndex, `${at}.interfaceIndex`, 0, 0xffffffff, 'An interface index (0–4294967295).');
      out.dst.push(dst!);
      out.src.push(src);
    });
  }
  const optionProblems: InputProblem[] = [];
  const o = new Problems();
  if (o.object(options, 'options', OPTION_KEYS) && options !== undefined) {
    o.oneOf(options.profile, 'options.profile', ALL_PROFILES, 'profile');
    o.glibc(options.glibc, 'options.glibc');
    o.oneOf(options.freebsdPolicy, 'options.freebsdPolicy', ['ipv6_prefer', 'ipv4_prefer', 'none'], 'freebsdPolicy');
    const profile = (options.profile ?? 'glibc') as ProfileName;
    if (options.gaiConf !== undefined && options.gaiConf !== null && typeof options.gaiConf !== 'string') {
      o.add('options.gaiConf', `options.gaiConf must be the text of a gai.conf, not ${describe(options.gaiConf)}`, 'Pass the file\'s content as a string, or null.');
    }
    if (options.gaiConf != null && profile !== 'glibc') o.add('options.gaiConf', `the ${profile} profile does not read gai.conf`, 'Only glibc reads /etc/gai.conf; use policyTable for the rfc6724 and windows profiles.');
    if (options.policyTable !== undefined) {
      if (!TABLE_PROFILES.includes(profile)) o.add('options.policyTable', `the ${profile} profile has a fixed policy table`, `A policy table applies to the ${TABLE_PROFILES.join(', ')} profiles; glibc reads gaiConf.`);
      if (!Array.isArray(options.policyTable) || options.policyTable.length === 0) {
        o.add('options.policyTable', `options.policyTable must be a non-empty array, not ${describe(options.policyTable)}`, 'Pass [{ prefix: "::1/128", precedence: 50, label: 0 }, …].');
      } else {
        options.policyTable.forEach((row: unknown, i: number) => {
          const at = `options.policyTable[${i}]`;
          if (!isPlainObject(row)) return o.add(at, `${at} must be an object, not ${describe(row)}`, 'Each row is { prefix, precedence, label }.');
          o.object(row, at, ['prefix', 'precedence', 'label']);
          const bad = typeof row.prefix === 'string' ? prefixError(row.prefix) : { message: `prefix must be a string, not ${describe(row.prefix)}`, hint: 'Write a prefix with its length, e.g. ::ffff:0:0/96 or 10.0.0.0/8.' };
          if (bad) o.add(`${at}.prefix`, bad.message, bad.hint);
          if (row.precedence === undefined) o.add(`${at}.precedence`, 'precedence is missing', 'A non-negative integer; higher is preferred (Rule 6).');
          if (row.label === undefined) o.add(`${at}.label`, 'label is missing', 'A non-negative integer; equal labels match (Rule 5).');
          o.integer(row.precedence, `${at}.precedence`, 0, 0x7fffffff, 'A non-negative integer; higher is preferred (Rule 6).');
          o.integer(row.label, `${at}.label`, 0, 0x7fffffff, 'A non-negative integer; equal labels match (Rule 5).');
        });
      }
    }
    if (profile === 'musl' && Array.isArray(list) && list.length > MUSL_MAX) {
      o.add('destinations', `musl sorts at most ${MUSL_MAX} answers, not ${list.length}`, `musl's lookup keeps the first ${MUSL_MAX} (MAXADDRS in lookup.h); pass those.`);
    }
  }
  optionProblems.push(...o.list);
  throwIfProblems([
    ['INVALID_ARGUMENT', p.list],
    ['INVALID_OPTIONS', optionProblems],
  ]);
  return out;
}

function prefixError(text: string): { message: string; hint: string } | null {
  try {
    parsePolicyPrefix(text);
    return null;
  } catch (e) {
    if (e instanceof IntentError) return { message: e.errors[0]!.message, hint: e.errors[0]!.hint };
    throw e;
  }
}

function policyRows(rows: readonly PolicyTableRow[]): PolicyRow[] {
  const row = (text: string, precedence: number, label: number): PolicyRow => {
    const p = parsePolicyPrefix(text);
    return { prefix: p.bytes, length: p.length, precedence, label, text: p.text };
  };
  const table = rows.map((r) => row(r.prefix, r.precedence, r.label));
  // Longest match first, as lookupPolicy expects; RFC 6724 §2.1 requires a ::/0 entry, given
  // the §2.1 values (precedence 40, label 1) when the caller left it out.
  if (!table.some((r) => r.length === 0)) table.push(row('::/0', 40, 1));
  return table.sort((a, b) => b.length - a.length);
}

/**
 * Sort destinations whose sources are given (Go's sortByRFC6724withSrcs, glibc's rfc3484_sort on a
 * hand-filled sort_result), with `profile`'s tables and comparator. Throws GaiconfInputError for
 * bad input (code INVALID_ARGUMENT for the destinations, INVALID_OPTIONS for the options).
 */
export function sortDestinations(destinations: readonly DestinationWithSource[], options?: SortDestinationsOptions): SortDestinationsResult {
  const { dst, src } = checkInput(destinations, options);
  const profile = options?.profile ?? 'glibc';
  const notes: string[] = [];
  const sources: SourceFacts[] = destinations.map((d, i) => {
    const s = src[i]!;
    const len = d.sourcePrefixLength;
    // glibc: the length in the source's own family; the policy-table profiles: 128-bit units.
    const prefixLen = profile === 'glibc' ? (len ?? 0) : len === undefined || !s ? 128 : s.family === 4 ? 96 + len : len;
    return {
      source: s,
      errno: s ? null : 'ENETUNREACH',
      deprecated: !!d.deprecated,
      home: !!d.home,
      prefixLen,
      ifindex: d.interfaceIndex ?? 0,
      native: d.native ?? true,
    };
  });
  let facts: AnswerFacts[];
  let cmp: (a: AnswerFacts, b: AnswerFacts) => number;
  switch (profile) {
    case 'glibc': {
      const parsed = options?.gaiConf != null ? parseGaiConf(options.gaiConf, { glibc: options.glibc ?? '2.36' }) : null;
      for (const d of parsed?.diagnostics ?? []) notes.push(`gai.conf line ${d.line}: ${d.message}`);
      if (parsed?.crashes) notes.push('this gai.conf makes glibc crash or drop a line depending on the call path: the order shown is one of the outcomes');
      facts = glibcFactsFromSources(dst, sources, effectiveGlibcTables(parsed));
      cmp = glibcCompare;
      break;
    }
    case 'musl':
      facts = muslFactsFromSources(dst, src);
      cmp = (a, b) => muslCompare(a as MuslFacts, b as MuslFacts);
      notes.push('musl ignores source flags (Rules 3, 4, 7) and prefix lengths; its policy table is fixed');
      break;
    case 'go':
      facts = policyTableFacts(dst, sources, GO_POLICY, goScope);
      cmp = goCompare;
      notes.push("Go's sort skips Rules 3, 4 and 7 (TODOs in net/addrselect.go)");
      break;
    case 'freebsd': {
      const table = freebsdTable(options?.freebsdPolicy ?? 'ipv6_prefer');
      if (table.length === 0) {
        notes.push('freebsd with ip6addrctl policy none: the answers are not sorted');
        facts = policyTableFacts(dst, sources, RFC6724_POLICY, freebsdScope);
        cmp = (a, b) => (a.index < b.index ? -10 : 10);
        break;
      }
      facts = policyTableFacts(dst, sources, table, freebsdScope).map((f) => ({ ...f, home: false, deprecated: f.deprecated && !isV4(f.address) }));
      cmp = (a, b) => freebsdCompare(a, b) || (a.index < b.index ? -10 : 10);
      notes.push('freebsd: Rules 4 and 7 not implemented, Rule 9 IPv6 only');
      break;
    }
    default: {
      const base = profile === 'rfc6724-update' ? RFC6724_UPDATE_POLICY : profile === 'windows' ? WINDOWS_POLICY : RFC6724_POLICY;
      facts = policyTableFacts(dst, sources, options?.policyTable ? policyRows(options.policyTable) : base, rfc6724Scope);
      cmp = rfc6724Compare;
      if (profile === 'rfc6724-update' && !options?.policyTable) notes.push('rfc6724-update: the draft table without the rows a host inserts for its own ULA prefixes (give them in policyTable)');
    }
  }
  const total = (a: AnswerFacts, b: AnswerFacts) => cmp(a, b) || (a.index < b.index ? -10 : 10);
  const sorted = mergeSort(facts, total);
  const text = (f: AnswerFacts) => destinations[f.index]!.destination;
  return {
    profile,
    order: sorted.map(text),
    destinations: sorted.map((f) => ({
      destination: text(f),
      source: destinations[f.index]!.source,
      index: f.index,
      usable: f.usable,
      scope: f.scope,
      sourceScope: f.sourceScope,
      label: f.label,
      sourceLabel: f.sourceLabel,
      precedence: f.precedence,
    })),
    decisions: sorted.slice(1).map((f, k) => {
      const rule = Math.abs(total(sorted[k]!, f));
      return { first: text(sorted[k]!), second: text(f), rule, title: RULE_TITLES[rule] ?? `Rule ${rule}` };
    }),
    notes,
  };
}
