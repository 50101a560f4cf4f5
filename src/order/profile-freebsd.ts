// FreeBSD libc getaddrinfo destination ordering — NOT CHECKED AGAINST A REAL SYSTEM HERE.
// Sources: address-selection.md §6 and "FreeBSD quirks"; freebsd-src
// libexec/rc/rc.d/ip6addrctl @ 023fc80e (the tables) and lib/libc/net/getaddrinfo.c @ 00b7fefa
// (reorder, comp_dst, set_source, matchlen, gai_addr2scopetype), read for this file.
//
// Tables (kernel policy installed by rc.d/ip6addrctl; getaddrinfo reads it with sysctl
// IPV6CTL_ADDRCTLPOLICY, longest-prefix match):
//   ipv6_prefer = the RFC 6724 table; ipv4_prefer = the same with ::ffff:0:0/96 precedence 100;
//   none (policy flushed) ⇒ "no policy is installed into kernel, we don't sort": libc order.
//   AUTO (rc.conf ip6addrctl_policy default — UNVERIFIED here): ipv6_prefer when
//   ipv6_activate_all_interfaces or any ifconfig_*_ipv6 is set, else ipv4_prefer; /etc/ip6addrctl.conf
//   when present. Here: 'auto' = ipv6_prefer when the host has a non-loopback, non-link-local IPv6
//   address (an approximation of the rc.conf test).
// comp_dst quirks modelled:
//   - Rules 1, 2, 3 (IPv6 sources' IN6_IFF_DEPRECATED only), 5, 6, 8, 9, 10; Rules 4 and 7 are
//     "not implemented yet".
//   - Rule 9 only when both destinations are AF_INET6 ("sa_family != AF_INET"), with matchlen
//     over all 128 bits (no cap at the source prefix length).
//   - Scopes (gai_addr2scopetype): ::1 is node-local (1), not link-local; IPv4 169.254/16 and
//     127/8 are link-local (2), everything else global (14) — private ranges too ("XXX: It should
//     be 5 unless NAT").
//   - Rule 10 returns -1 into an unstable qsort: the real order of ties is UNVERIFIED; modelled as
//     a stable sort (input order kept).
import { isLinkLocal6, isLoopback6 } from '../address/classify.js';
import { isV4Mapped, type Ip } from '../address/ip.js';
import { commonPrefixLength } from '../address/prefix.js';
import type { Host } from '../host/model.js';
import { RFC6724_POLICY, type PolicyRow } from '../policy/tables.js';
import { decide, type AnswerFacts, type Comparison, type OrderOutcome } from './facts.js';
import { plainInput, type InputQuery } from './input.js';
import { sortRecorded } from './merge-sort.js';
import { rfc6724Facts, rfc6724Scope } from './profile-rfc6724.js';

export type FreebsdPolicy = 'ipv6_prefer' | 'ipv4_prefer' | 'none' | 'auto';

export const FREEBSD_IPV6_PREFER: readonly PolicyRow[] = RFC6724_POLICY;
export const FREEBSD_IPV4_PREFER: readonly PolicyRow[] = Object.freeze(
  RFC6724_POLICY.map((r) => (r.text === '::ffff:0:0/96' ? { ...r, precedence: 100 } : r)),
);

export function freebsdTable(policy: Exclude<FreebsdPolicy, 'auto'>): readonly PolicyRow[] {
  return policy === 'ipv4_prefer' ? FREEBSD_IPV4_PREFER : policy === 'ipv6_prefer' ? FREEBSD_IPV6_PREFER : [];
}

/** rc.d/ip6addrctl AUTO, approximated: IPv6 configured on a non-loopback interface ⇒ ipv6_prefer. */
export function freebsdAutoPolicy(host: Host): 'ipv6_prefer' | 'ipv4_prefer' {
  return host.addresses.some((a) => a.ip.family === 6 && !isLoopback6(a.ip.bytes) && !isLinkLocal6(a.ip.bytes)) ? 'ipv6_prefer' : 'ipv4_prefer';
}

const isV4 = (ip: Ip) => ip.family === 4 || isV4Mapped(ip.bytes);

/** gai_addr2scopetype: as RFC 6724 except ::1 → 1 (node-local). */
export function freebsdScope(ip: Ip): number {
  if (!isV4(ip) && isLoopback6(ip.bytes)) return 1;
  return rfc6724Scope(ip);
}

function freebsdFacts(host: Host, answers: readonly Ip[], table: readonly PolicyRow[]): AnswerFacts[] {
  const own = (src: Ip | null) => (src ? host.addresses.find((a) => a.ip.bytes.every((x, k) => x === src.bytes[k])) : undefined);
  return rfc6724Facts(host, answers, table).map((f) => {
    const o = own(f.source);
    return {
      ...f,
      scope: freebsdScope(f.address),
      sourceScope: f.source ? freebsdScope(f.source) : null,
      // SIOCGIFAFLAG_IN6 IN6_IFF_DEPRECATED, IPv6 sources only.
      deprecated: !!o && o.ip.family === 6 && !isV4(f.address) && o.deprecated,
      home: false,
      prefixLen: 128,
    };
  });
}

export function freebsdMatchLengths(a: AnswerFacts, b: AnswerFacts): [number, number] | null {
  if (!a.source || !b.source || a.address.family !== 6 || b.address.family !== 6) return null;
  return [commonPrefixLength(a.source.bytes, a.address.bytes), commonPrefixLength(b.source.bytes, b.address.bytes)];
}

/** comp_dst; 0 = Rule 10 (kept in input order by the stable sort). */
export function freebsdCompare(a: AnswerFacts, b: AnswerFacts): number {
  if (a.usable !== b.usable) return decide(1, a.usable);
  const ma = a.scope === a.sourceScope;
  const mb = b.scope === b.sourceScope;
  if (ma !== mb) return decide(2, ma);
  if (a.usable && b.usable && a.deprecated !== b.deprecated) return decide(3, !a.deprecated);
  const la = a.usable && a.label === a.sourceLabel;
  const lb = b.usable && b.label === b.sourceLabel;
  if (la !== lb) return decide(5, la);
  if (a.precedence !== b.precedence) return decide(6, a.precedence > b.precedence);
  if (a.scope !== b.scope) return decide(8, a.scope < b.scope);
  const m = freebsdMatchLengths(a, b);
  if (m && m[0] !== m[1]) return decide(9, m[0] > m[1]);
  return 0;
}

export function freebsdOrder(host: Host, q: InputQuery, policy: FreebsdPolicy = 'auto'): OrderOutcome {
  const effective = policy === 'auto' ? freebsdAutoPolicy(host) : policy;
  const input = plainInput(host, q);
  const notes = [
    ...input.notes,
    `freebsd profile (${effective}${policy === 'auto' ? ', chosen like rc.d/ip6addrctl AUTO' : ''}): not checked against a real FreeBSD system; Rules 4 and 7 not implemented, Rule 9 IPv6 only and uncapped, ::1 node-local; sources come from the Linux kernel model`,
  ];
  const table = freebsdTable(effective);
  const facts = input.status === 'OK' && table.length ? freebsdFacts(host, input.answers, table) : [];
  const compare = (i: number, j: number): Comparison => {
    if (!facts.length) return { a: i, b: j, rule: 10, result: i < j ? -10 : 10 };
    const r = freebsdCompare(facts[i]!, facts[j]!);
    return { a: i, b: j, rule: r === 0 ? 10 : Math.abs(r), result: r === 0 ? (i < j ? -10 : 10) : r };
  };
  const matchLengths = (i: number, j: number) => (facts.length ? freebsdMatchLengths(facts[i]!, facts[j]!) : null);
  const base = { compare, matchLengths };
  if (input.status !== 'OK') return { ...base, status: input.status, answers: [], comparisons: [], notes };
  if (!table.length) {
    // No kernel policy: getaddrinfo does not sort. Facts are still computed for display.
    notes.push('no address selection policy installed (ip6addrctl flush / policy none): FreeBSD does not sort');
    return { ...base, status: 'OK', answers: rfc6724Facts(host, input.answers), comparisons: [], notes };
  }
  const { sorted, comparisons } = sortRecorded(facts, compare);
  return { ...base, status: 'OK', answers: sorted, comparisons, notes };
}
