// glibc's destination sort (sysdeps/posix/getaddrinfo.c ≤ 2.38, nss/getaddrinfo.c ≥ 2.39:
// rfc3484_sort and the source probe before it). The rules are RFC 6724 §6 with glibc's
// RFC 3484-era tables and these deviations, each observed on 2.36 (address-selection.md §1.6):
//  - Rule 2 compares IPv4 scopes from the scopev4 table; v4-mapped destinations are scope 14.
//  - Rule 3 counts IFA_F_OPTIMISTIC as deprecated; Rules 3–5 and 7, 9 are skipped when
//    neither side has a source, Rules 6 and 8 are not.
//  - Rule 7 runs only when the source interfaces differ; an unknown interface is non-native.
//  - Rule 9 (IPv4): the common prefix counts only inside the source's subnet (its prefix
//    length from the netlink list); 0 outside it. (IPv6): full 128 bits, no cap.
//  - Rule 10 never returns 0, and the list is sorted with glibc's merge sort, whose result a
//    non-transitive comparator makes algorithm-dependent.
//  - When the host has no IPv6 address besides ::1, glibc throws its address list away: every
//    source then has flags 0, prefix length 0 and an unknown interface.
import { isLinkLocal6, isLoopback6, isMulticast6, isSiteLocal6 } from '../address/classify.js';
import { v4Number, type Ip } from '../address/ip.js';
import { connectUdp } from '../host/connect.js';
import type { Host, HostAddress } from '../host/model.js';
import type { GlibcTables } from '../policy/effective-tables.js';
import { lookupPrefixValue, lookupScopeV4 } from '../policy/lookup.js';
import { decide, type AnswerFacts, type Comparison, type OrderOutcome, type SourceFacts } from './facts.js';
import { glibcInput, type InputQuery } from './input.js';
import { mergeSort } from './merge-sort.js';
import { avoidDeprecated, avoidUnusable, preferHome, preferLongestMatch, preferMatchingLabel, preferMatchingScope, preferPrecedence, preferSmallerScope } from './destination-rules.js';
import type { AiFlag, QueryFamily } from '../scenario/types.js';

const UNKNOWN_INDEX = 0xffffffff;
const INT_MAX = 2147483647;

/** get_scope: AF_INET6 by address type, AF_INET by the scopev4 table. */
export function glibcScope(ip: Ip, tables: GlibcTables): number {
  const b = ip.bytes;
  if (ip.family === 4) return lookupScopeV4(tables.scopev4, v4Number(b));
  if (isMulticast6(b)) return b[1]! & 0x0f;
  if (isLinkLocal6(b) || isLoopback6(b)) return 2;
  if (isSiteLocal6(b)) return 5;
  return 14;
}

export const glibcLabel = (ip: Ip, t: GlibcTables): number => lookupPrefixValue(t.labels, ip.bytes, INT_MAX);
export const glibcPrecedence = (ip: Ip, t: GlibcTables): number => lookupPrefixValue(t.precedence, ip.bytes, 0);

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The address list glibc's __check_pf returns: everything, unless no IPv6 besides ::1. A
 * point-to-point address is listed by its peer: check_pf.c stops at IFA_ADDRESS, which the
 * kernel fills with the peer (observed: the local address is then not found, prefix length 0,
 * interface unknown, so Rule 7 calls it non-native). */
function in6ai(host: Host): readonly HostAddress[] {
  let list = in6aiLists.get(host.addresses);
  if (list === undefined) {
    const any6 = host.addresses.some((a) => a.ip.family === 6 && !isLoopback6(a.ip.bytes));
    const asListed = host.addresses.map((a) => (a.peer ? { ...a, ip: a.peer } : a));
    in6aiLists.set(host.addresses, (list = any6 ? asListed : []));
  }
  return list;
}
// Addresses never change once built; the __check_pf list is derived once.
const in6aiLists = new WeakMap<readonly HostAddress[], readonly HostAddress[]>();

/**
 * Whether a gai.conf that reads an uninitialised pointer (≤ 2.40, scopev4 without /len) kills
 * this lookup. Undefined behaviour, so this is a record of what Debian's 2.36 build does, from
 * the differential suite: the crash depends on the stack left by the call path.
 */
export function glibcCrashes(family: QueryFamily, flags: readonly AiFlag[]): boolean {
  if (flags.includes('AI_CANONNAME')) return true;
  if (family === 'AF_UNSPEC') return true;
  return family === 'AF_INET' && !flags.includes('AI_ADDRCONFIG');
}

export interface GlibcOptions {
  readonly tables: GlibcTables;
  /** gai.conf would crash gaiconf_init (≤ 2.40, scopev4 without /len). */
  readonly crashes: boolean;
}

/** The sources glibc's getaddrinfo reads back for each answer (socket reuse, in6ai lookup). */
export function glibcSources(host: Host, answers: readonly Ip[]): SourceFacts[] {
  const list = in6ai(host);
  const out: SourceFacts[] = [];
  let sockFamily: 4 | 6 | null = null;
  for (let i = 0; i < answers.length; i++) {
    const dst = answers[i]!;
    // The same sockaddr as the previous answer reuses its source data.
    const prev = i > 0 ? answers[i - 1]! : null;
    if (prev && prev.family === dst.family && sameBytes(prev.bytes, dst.bytes)) {
      out.push(out[i - 1]!);
      continue;
    }
    if (sockFamily === null || (sockFamily === 4 && dst.family === 6)) sockFamily = dst.family;
    const c = connectUdp(host, sockFamily, dst);
    let source: Ip | null = null;
    let found: HostAddress | undefined;
    if (c.source) {
      // in6ai lookup by the 16-byte source; an AF_INET socket looks 127/8 up as 127.0.0.1.
      const key = dst.family === 4 && sockFamily === 4 && c.source.bytes[12] === 127 ? LOOPBACK4_BYTES : c.source.bytes;
      for (const a of list) if (sameBytes(a.ip.bytes, key)) {
        found = a;
        break;
      }
      source = dst.family === 4 ? (c.source.family === 4 ? c.source : { family: 4, bytes: c.source.bytes }) : c.source;
    }
    out.push({
      source,
      errno: c.errno,
      deprecated: !!found && (found.deprecated || found.optimistic),
      home: !!found?.home,
      prefixLen: found?.prefixLen ?? 0,
      ifindex: found?.ifindex ?? UNKNOWN_INDEX,
      // veth and lo are native; tunnels (sit, ipip, ip6tnl) are not modelled. An index glibc
      // cannot find in the link dump is non-native.
      native: found !== undefined,
    });
  }
  return out;
}

const LOOPBACK4_BYTES = new Uint8Array([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 127, 0, 0, 1]);

/** struct sort_result for each answer, from its source data and glibc's tables. */
export function glibcFactsFromSources(answers: readonly Ip[], sources: readonly SourceFacts[], tables: GlibcTables): AnswerFacts[] {
  const out: AnswerFacts[] = new Array(answers.length);
  // Sources repeat (one or two per family): their label and scope are looked up once.
  let lastSource: Ip | null = null;
  let lastLabel = 0;
  let lastScope = 0;
  for (let i = 0; i < answers.length; i++) {
    const dst = answers[i]!;
    const s = sources[i]!;
    const src = s.source;
    if (src !== null && (lastSource === null || lastSource.family !== src.family || !sameBytes(lastSource.bytes, src.bytes))) {
      lastSource = src;
      lastLabel = glibcLabel(src, tables);
      lastScope = glibcScope(src, tables);
    }
    out[i] = {
      index: i,
      address: dst,
      usable: src !== null,
      source: src,
      errno: s.errno,
      scope: glibcScope(dst, tables),
      sourceScope: src === null ? null : lastScope,
      label: glibcLabel(dst, tables),
      sourceLabel: src === null ? null : lastLabel,
      precedence: glibcPrecedence(dst, tables),
      deprecated: s.deprecated,
      home: s.home,
      prefixLen: s.prefixLen,
      ifindex: s.ifindex,
      native: s.native,
    };
  }
  return out;
}

export function glibcFacts(host: Host, answers: readonly Ip[], opts: GlibcOptions): AnswerFacts[] {
  return glibcFactsFromSources(answers, glibcSources(host, answers), opts.tables);
}

/** Rule 9 values exactly as rfc3484_sort computes them for one pair (null: rule skipped). */
export function glibcMatchLengths(a: AnswerFacts, b: AnswerFacts): [number, number] | null {
  if (!a.source || !b.source || a.address.family !== b.address.family) return null;
  if (a.address.family === 4) return [ipv4Bits(a), ipv4Bits(b)];
  for (let w = 0; w < 16; w += 4) {
    const xa = word(a.address.bytes, w) ^ word(a.source.bytes, w);
    const xb = word(b.address.bytes, w) ^ word(b.source.bytes, w);
    if (xa !== 0 || xb !== 0) return [Math.clz32(xa), Math.clz32(xb)];
  }
  return [0, 0];
}

function word(b: Uint8Array, at: number): number {
  return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
}

function ipv4Bits(f: AnswerFacts): number {
  const dst = v4Number(f.address.bytes);
  const src = v4Number(f.source!.bytes);
  // `0xffffffff << (32 - prefixlen)`: a shift by 32 is undefined in C and is a no-op on
  // x86-64 and aarch64, so prefix length 0 behaves as /32.
  const shift = (32 - f.prefixLen) & 31;
  const mask = (0xffffffff << shift) >>> 0;
  return ((src & mask) >>> 0) === ((dst & mask) >>> 0) ? Math.clz32(dst ^ src) : 0;
}

/** rfc3484_sort. Returns a decision coded as ±rule; never 0. */
export function glibcCompare(a: AnswerFacts, b: AnswerFacts): number {
  const r1 = avoidUnusable(a, b);
  if (r1) return r1;
  const got = a.usable;
  // Rules 2–5 are skipped when neither side has a source; Rules 6 and 8 are not.
  const r = (got && (preferMatchingScope(a, b) || avoidDeprecated(a, b) || preferHome(a, b) || preferMatchingLabel(a, b))) || preferPrecedence(a, b);
  if (r) return r;
  // Rule 7 only when the source interfaces differ; an unknown interface is non-native.
  if (got && a.ifindex !== b.ifindex && a.native !== b.native) return decide(7, a.native);
  return preferSmallerScope(a, b) || (got ? preferLongestMatch(glibcMatchLengths(a, b)) : 0) || decide(10, a.index < b.index);
}

export function glibcOrder(host: Host, q: InputQuery, opts: GlibcOptions): OrderOutcome {
  const input = glibcInput(host, q);
  const notes = input.notes;
  const facts = input.status === 'OK' ? glibcFacts(host, input.answers, opts) : [];
  const compare = (i: number, j: number): Comparison => {
    const r = glibcCompare(facts[i]!, facts[j]!);
    return { a: i, b: j, rule: Math.abs(r), result: r };
  };
  const matchLengths = (i: number, j: number) => glibcMatchLengths(facts[i]!, facts[j]!);
  const stop = (status: string, undefinedBehavior?: string): OrderOutcome =>
    undefinedBehavior === undefined
      ? { status, answers: status === 'OK' ? facts : [], comparisons: [], notes, compare, matchLengths }
      : { status, answers: [], comparisons: [], notes, compare, matchLengths, undefinedBehavior };
  if (input.status !== 'OK') return stop(input.status);
  if (facts.length < 2) {
    notes.push('glibc sorts only when there are at least 2 addresses (and then reads gai.conf)');
    return stop('OK');
  }
  if (opts.crashes) {
    if (input.ipv4PassOnly) {
      const why = 'gai.conf has a scopev4 line without /len and this AF_INET6 lookup got only mapped IPv4 answers: whether glibc 2.36 crashes here depends on the stack and heap left by the lookup (observed both ways); reported as SIGSEGV';
      notes.push(why);
      return stop('SIGSEGV', why);
    }
    if (glibcCrashes(input.family ?? q.family, q.flags)) {
      notes.push('gai.conf makes gaiconf_init read an uninitialised pointer (a scopev4 line without /len): this lookup dies with SIGSEGV');
      return stop('SIGSEGV');
    }
    const why = 'gai.conf has a scopev4 line without /len: glibc 2.36 reads an uninitialised pointer; on this call path it usually survives and drops the line (shown here), but the same lookup was also seen to crash when only the size of the environment changed (gen-441823531-338)';
    notes.push(why);
    return new SortedOutcome(mergeSort(facts, glibcCompare), facts, notes, compare, matchLengths, why);
  }
  return new SortedOutcome(mergeSort(facts, glibcCompare), facts, notes, compare, matchLengths);
}

/** A sorted outcome. The explanation needs the comparisons; the sort is deterministic, so it
 * is run again, recording them, only when they are asked for. */
class SortedOutcome implements OrderOutcome {
  readonly status = 'OK';
  readonly #input: AnswerFacts[];
  #comparisons: Comparison[] | null = null;
  constructor(
    readonly answers: readonly AnswerFacts[],
    input: AnswerFacts[],
    readonly notes: readonly string[],
    readonly compare: (a: number, b: number) => Comparison,
    readonly matchLengths: (a: number, b: number) => [number, number] | null,
    readonly undefinedBehavior?: string,
  ) {
    this.#input = input;
  }
  get comparisons(): Comparison[] {
    if (!this.#comparisons) {
      const seen: Comparison[] = [];
      mergeSort(this.#input, (x, y) => {
        const r = glibcCompare(x, y);
        seen.push({ a: x.index, b: y.index, rule: Math.abs(r), result: r });
        return r;
      });
      this.#comparisons = seen;
    }
    return this.#comparisons;
  }
}
