// RFC 6724 §6 as written: all ten rules, the §2.1 policy table, §3.2 IPv4 scopes (127/8 and
// 169.254/16 link-local, everything else global), and Rule 9's CommonPrefixLen capped at the
// source's prefix length (§2.2), for two destinations of the same family. Sources are the
// kernel's choice on the modelled host, as an RFC-conforming libc would read them back.
import { isLinkLocal6, isLoopback6, isMulticast6, isSiteLocal6 } from '../address/classify.js';
import { isV4Mapped, type Ip } from '../address/ip.js';
import { commonPrefixLength } from '../address/prefix.js';
import { connectUdp } from '../host/connect.js';
import type { Host } from '../host/model.js';
import { lookupPolicy } from '../policy/lookup.js';
import { RFC6724_POLICY, type PolicyRow } from '../policy/tables.js';
import { decide, type AnswerFacts, type Comparison, type OrderOutcome, type SourceFacts } from './facts.js';
import { plainInput, type InputQuery } from './input.js';
import { sortRecorded } from './merge-sort.js';
import { avoidDeprecated, avoidUnusable, preferHome, preferLongestMatch, preferMatchingLabel, preferMatchingScope, preferPrecedence, preferSmallerScope } from './destination-rules.js';

const isV4 = (ip: Ip) => ip.family === 4 || isV4Mapped(ip.bytes);

export function rfc6724Scope(ip: Ip): number {
  const b = ip.bytes;
  if (isV4(ip)) return b[12] === 127 || (b[12] === 169 && b[13] === 254) ? 2 : 14;
  if (isMulticast6(b)) return b[1]! & 0xf;
  if (isLoopback6(b) || isLinkLocal6(b)) return 2;
  if (isSiteLocal6(b)) return 5;
  return 14;
}

/**
 * Facts for a profile that reads a policy table by longest match and its own scope function
 * (RFC 6724, Go, and the tables built on them), from each answer's source as data.
 */
export function policyTableFacts(
  answers: readonly Ip[],
  sources: readonly SourceFacts[],
  table: readonly PolicyRow[],
  scope: (ip: Ip) => number,
): AnswerFacts[] {
  return answers.map((dst, i) => {
    const s = sources[i]!;
    const src = s.source;
    const pol = lookupPolicy(table, dst.bytes)!;
    return {
      index: i,
      address: dst,
      usable: src !== null,
      scope: scope(dst),
      sourceScope: src ? scope(src) : null,
      label: pol.label,
      sourceLabel: src ? lookupPolicy(table, src.bytes)!.label : null,
      precedence: pol.precedence,
      ...s,
    };
  });
}

/** Sources as an RFC-conforming libc reads them back: the kernel's choice, with the address's
 * flags and prefix length (128-bit units) when it is one of the host's own. */
export function rfc6724Sources(host: Host, answers: readonly Ip[]): SourceFacts[] {
  return answers.map((dst) => {
    const c = connectUdp(host, dst.family, dst);
    const src = c.source ? (dst.family === 4 ? { family: 4 as const, bytes: c.source.bytes } : c.source) : null;
    const own = src ? host.addresses.find((a) => a.ip.bytes.every((x, k) => x === src.bytes[k])) : undefined;
    return {
      source: src,
      errno: c.errno,
      deprecated: !!own && (own.deprecated || own.optimistic),
      home: !!own?.home,
      prefixLen: own ? (own.ip.family === 4 ? 96 + own.prefixLen : own.prefixLen) : 128,
      ifindex: own?.ifindex ?? 0,
      native: true,
    };
  });
}

export function rfc6724Facts(host: Host, answers: readonly Ip[], table: readonly PolicyRow[] = RFC6724_POLICY): AnswerFacts[] {
  return policyTableFacts(answers, rfc6724Sources(host, answers), table, rfc6724Scope);
}

export function rfc6724MatchLengths(a: AnswerFacts, b: AnswerFacts): [number, number] | null {
  if (!a.source || !b.source || isV4(a.address) !== isV4(b.address)) return null;
  const cpl = (f: AnswerFacts) => Math.min(commonPrefixLength(f.source!.bytes, f.address.bytes), f.prefixLen) - (isV4(f.address) ? 96 : 0);
  return [Math.max(cpl(a), 0), Math.max(cpl(b), 0)];
}

export function rfc6724Compare(a: AnswerFacts, b: AnswerFacts): number {
  return (
    avoidUnusable(a, b) ||
    (a.usable && (preferMatchingScope(a, b) || avoidDeprecated(a, b) || preferHome(a, b) || preferMatchingLabel(a, b))) ||
    preferPrecedence(a, b) ||
    // Rule 7: sources from the host model are all native (tunnels are not told apart), so only
    // sortDestinations' caller-given `native` flags ever decide here.
    (a.native !== b.native ? decide(7, a.native) : 0) ||
    preferSmallerScope(a, b) ||
    preferLongestMatch(rfc6724MatchLengths(a, b))
  );
}

export function rfc6724Order(host: Host, q: InputQuery, table: readonly PolicyRow[] = RFC6724_POLICY): OrderOutcome {
  const input = plainInput(host, q);
  const notes = [...input.notes];
  const facts = input.status === 'OK' ? rfc6724Facts(host, input.answers, table) : [];
  const compare = (i: number, j: number): Comparison => {
    const r = rfc6724Compare(facts[i]!, facts[j]!);
    return { a: i, b: j, rule: r === 0 ? 10 : Math.abs(r), result: r === 0 ? (i < j ? -10 : 10) : r };
  };
  const matchLengths = (i: number, j: number) => rfc6724MatchLengths(facts[i]!, facts[j]!);
  const base = { compare, matchLengths };
  if (input.status !== 'OK') return { ...base, status: input.status, answers: [], comparisons: [], notes };
  const { sorted, comparisons } = sortRecorded(facts, compare);
  return { ...base, status: 'OK', answers: sorted, comparisons, notes };
}
