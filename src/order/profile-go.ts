// Go's pure resolver (src/net/addrselect.go): RFC 6724 §6 Rules 1, 2, 5, 6, 8, 9 and 10 with
// the RFC 6724 table and a stable sort. Rules 3, 4 and 7 are TODOs in Go. Deviations:
//  - Rule 1: two destinations without a source are "equal" (nothing else is compared).
//  - Rule 9: only when both are IPv6, with the common prefix capped at 64 bits.
//  - Scope: 127/8 and 169.254/16 are link-local, IPv4 multicast is global.
// Go never reads gai.conf. The cgo resolver returns glibc's order instead.
import { isLinkLocal6, isLoopback6, isMulticast6, isSiteLocal6 } from '../address/classify.js';
import { isV4Mapped, type Ip } from '../address/ip.js';
import { commonPrefixLength } from '../address/prefix.js';
import { connectUdp } from '../host/connect.js';
import type { Host } from '../host/model.js';
import { GO_POLICY } from '../policy/tables.js';
import type { AnswerFacts, Comparison, OrderOutcome, SourceFacts } from './facts.js';
import { policyTableFacts } from './profile-rfc6724.js';
import { plainInput, type InputQuery } from './input.js';
import { sortRecorded } from './merge-sort.js';
import { avoidUnusable, preferLongestMatch, preferMatchingLabel, preferMatchingScope, preferPrecedence, preferSmallerScope } from './destination-rules.js';

const isV4 = (ip: Ip) => ip.family === 4 || isV4Mapped(ip.bytes);

/** classifyScope. */
export function goScope(ip: Ip): number {
  const b = ip.bytes;
  if (isV4(ip)) return b[12] === 127 || (b[12] === 169 && b[13] === 254) ? 2 : 14;
  if (isLoopback6(b) || isLinkLocal6(b)) return 2;
  if (isMulticast6(b)) return b[1]! & 0xf;
  if (isSiteLocal6(b)) return 5;
  return 14;
}

/** commonPrefixLen for two IPv6 addresses: the first 64 bits only. */
export const goCommonPrefixLen = (a: Uint8Array, b: Uint8Array): number => commonPrefixLength(a, b, 0, 8);

/** Go's srcAddrs dials each answer on port 9 (src/net/addrselect.go). */
const GO_PROBE = { port: 9 } as const;

/** Go reads back only the source address (DialUDP's LocalAddr): no flags, prefix or interface. */
export function goSources(host: Host, answers: readonly Ip[]): SourceFacts[] {
  return answers.map((dst) => {
    const c = connectUdp(host, dst.family, dst, GO_PROBE);
    return { source: c.source, errno: c.errno, deprecated: false, home: false, prefixLen: 0, ifindex: 0, native: true };
  });
}

export function goFacts(host: Host, answers: readonly Ip[]): AnswerFacts[] {
  return policyTableFacts(answers, goSources(host, answers), GO_POLICY, goScope);
}

export function goMatchLengths(a: AnswerFacts, b: AnswerFacts): [number, number] | null {
  if (!a.source || !b.source || isV4(a.address) || isV4(b.address)) return null;
  return [goCommonPrefixLen(a.source.bytes, a.address.bytes), goCommonPrefixLen(b.source.bytes, b.address.bytes)];
}

/** compareByRFC6724; 0 means equal (the stable sort keeps input order: Rule 10). */
export function goCompare(a: AnswerFacts, b: AnswerFacts): number {
  // Rule 1: two destinations without a source are "equal"; nothing else is compared.
  if (!a.usable && !b.usable) return 0;
  return (
    avoidUnusable(a, b) ||
    preferMatchingScope(a, b) ||
    preferMatchingLabel(a, b) ||
    preferPrecedence(a, b) ||
    preferSmallerScope(a, b) ||
    preferLongestMatch(goMatchLengths(a, b))
  );
}

export function goOrder(host: Host, q: InputQuery): OrderOutcome {
  const input = plainInput(host, q);
  const notes = [...input.notes, 'Go (pure resolver) ignores /etc/gai.conf; the cgo resolver would return glibc\'s order'];
  const facts = input.status === 'OK' ? goFacts(host, input.answers) : [];
  const compare = (i: number, j: number): Comparison => {
    const r = goCompare(facts[i]!, facts[j]!);
    return { a: i, b: j, rule: r === 0 ? 10 : Math.abs(r), result: r === 0 ? (i < j ? -10 : 10) : r };
  };
  const matchLengths = (i: number, j: number) => goMatchLengths(facts[i]!, facts[j]!);
  const base = { compare, matchLengths };
  if (input.status !== 'OK') return { ...base, status: input.status, answers: [], comparisons: [], notes };
  const { sorted, comparisons } = sortRecorded(facts, compare);
  return { ...base, status: 'OK', answers: sorted, comparisons, notes };
}
