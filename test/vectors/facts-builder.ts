// Builds AnswerFacts from destinations whose source addresses are given as data, the way Go's
// sortByRFC6724withSrcs and glibc's tst-rfc3484*.c feed their comparators: no host, no kernel
// source choice. Each profile's facts come from that profile's own scope/label/precedence
// functions and tables, so a vector checks the comparator plus those lookups, nothing else.
import { isV4Mapped, parseIp, type Ip } from '../../src/address/ip.js';
import type { AnswerFacts, ProfileName, SourceFacts } from '../../src/order/facts.js';
import { mergeSort } from '../../src/order/merge-sort.js';
import { sortDestinations } from '../../src/sort-destinations.js';
import { glibcCompare, glibcFactsFromSources } from '../../src/order/profile-glibc.js';
import { goCompare, goScope } from '../../src/order/profile-go.js';
import { muslCompare, muslFactsFromSources, type MuslFacts } from '../../src/order/profile-musl.js';
import { policyTableFacts, rfc6724Compare, rfc6724Scope } from '../../src/order/profile-rfc6724.js';
import { effectiveGlibcTables, type GlibcTables } from '../../src/policy/effective-tables.js';
import { GO_POLICY, RFC6724_POLICY } from '../../src/policy/tables.js';

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

/** The source data a vector states, in the units `profile` reads (see SourceOptions). */
function sourcesOf(specs: readonly DestSpec[], profile: 'glibc' | 'rfc6724' | 'go'): SourceFacts[] {
  return specs.map((s) => {
    const source = s.src === null ? null : ip(s.src);
    const len = s.opts?.prefixLen;
    const prefixLen =
      profile === 'rfc6724'
        ? len === undefined || !source ? 128 : source.family === 4 || isV4Mapped(source.bytes) ? 96 + len : len
        : (len ?? 0);
    return {
      source,
      errno: source ? null : 'ENETUNREACH',
      deprecated: !!s.opts?.deprecated,
      home: !!s.opts?.home,
      prefixLen,
      ifindex: s.opts?.ifindex ?? 0,
      native: true,
    };
  });
}

const destinations = (specs: readonly DestSpec[]) => specs.map((s) => ip(s.dst));

/**
 * glibc's struct sort_result for each destination. An IPv4 text is an AF_INET sockaddr, an
 * IPv6 text (v4-mapped included) an AF_INET6 one; the source is used as written (glibc turns
 * an AF_INET destination's source back into AF_INET, so give IPv4 sources as IPv4 text).
 */
export function glibcFactsFor(specs: readonly DestSpec[], tables: GlibcTables = DEFAULT_TABLES): AnswerFacts[] {
  return glibcFactsFromSources(destinations(specs), sourcesOf(specs, 'glibc'), tables);
}

/** The rfc6724 profile's facts: RFC 6724 §2.1 table (longest match), §3 scopes, prefix in 128-bit units. */
export function rfc6724FactsFor(specs: readonly DestSpec[]): AnswerFacts[] {
  return policyTableFacts(destinations(specs), sourcesOf(specs, 'rfc6724'), RFC6724_POLICY, rfc6724Scope);
}

/**
 * Go's sortByRFC6724withSrcs: ipAttrOf(dst) and ipAttrOf(src) from rfc6724policyTable and
 * classifyScope. The flags are passed through (not zeroed) so a vector can show that Go's
 * comparator never looks at them (Rules 3 and 4 are TODOs in addrselect.go).
 */
export function goFactsFor(specs: readonly DestSpec[]): AnswerFacts[] {
  return policyTableFacts(destinations(specs), sourcesOf(specs, 'go'), GO_POLICY, goScope);
}

/** musl's per-result sort key (lookup_name.c), built by the musl profile from the given sources. */
export function muslFactsFor(specs: readonly DestSpec[]): MuslFacts[] {
  return muslFactsFromSources(destinations(specs), sourcesOf(specs, 'go').map((s) => s.source));
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
    default:
      throw new Error(`no source-as-data vectors for the ${profile} profile`);
  }
  const sorted = mergeSort(facts, cmp);
  const firstDecision = sorted.length > 1 ? cmp(sorted[0]!, sorted[1]!) : 0;
  const order = sorted.map((f) => texts[f.index]!);
  // Every vector also goes through the public sortDestinations(): same order, same deciding rule.
  if (tables === undefined) {
    const pub = sortDestinations(
      specs.map((s) => ({ destination: s.dst, source: s.src, sourcePrefixLength: s.opts?.prefixLen, deprecated: s.opts?.deprecated, home: s.opts?.home, interfaceIndex: s.opts?.ifindex })),
      { profile },
    );
    if (pub.order.join() !== order.join()) throw new Error(`sortDestinations (${profile}) gave ${pub.order.join(' ')}, the comparator ${order.join(' ')}`);
    if (sorted.length > 1 && pub.decisions[0]!.rule !== (Math.abs(firstDecision) || 10)) throw new Error(`sortDestinations (${profile}) names Rule ${pub.decisions[0]!.rule}, the comparator ${firstDecision}`);
  }
  return { order, firstDecision };
}
