// The unsorted answer list each implementation builds from the resolver's answers (here:
// /etc/hosts lines in order) before sorting, with its family and flag handling.
import { isLoopback6 } from '../address/classify.js';
import { inetPton6 } from '../address/inet-pton.js';
import { ipv4, isV4Mapped, parseIp, type Ip } from '../address/ip.js';
import type { Host } from '../host/model.js';
import type { AiFlag, QueryFamily } from '../scenario/types.js';

export interface InputQuery {
  readonly records: readonly string[];
  readonly flags: readonly AiFlag[];
  readonly family: QueryFamily;
}

export type InputOutcome = ({ status: 'OK'; answers: Ip[] } | { status: string; answers: [] }) & {
  notes: string[];
  /** ai_family after AI_ADDRCONFIG narrowing (glibc) or AI_V4MAPPED rewriting (musl). */
  family?: QueryFamily;
  /** glibc: an AF_INET6 lookup whose answers all came from the mapped IPv4 pass. */
  ipv4PassOnly?: boolean;
};

/** nss_files line parsing for one address family (files-hosts.c LINE_PARSER): an AF_INET
 * lookup turns a v4-mapped line into its IPv4 address and `::1` into 127.0.0.1. */
function glibcFilesAnswers(records: readonly string[], family: 4 | 6 | 'any'): Ip[] {
  const out: Ip[] = [];
  for (const text of records) {
    const ip = parseIp(text);
    if (!ip) continue;
    if (family === 'any' || ip.family === family) {
      out.push(ip);
    } else if (family === 4 && ip.family === 6) {
      if (isV4Mapped(ip.bytes)) out.push({ family: 4, bytes: ip.bytes });
      else if (isLoopback6(ip.bytes)) out.push(ipv4(new Uint8Array([127, 0, 0, 1])));
    }
  }
  return out;
}

/** glibc __check_pf's seen_ipv4/seen_ipv6: any IPv4 other than exactly 127.0.0.1, any IPv6
 * other than ::1, on any interface, up or down. */
export function glibcSeenFamilies(host: Host): { v4: boolean; v6: boolean } {
  let v4 = false;
  let v6 = false;
  for (const a of host.addresses) {
    // check_pf.c reads IFA_ADDRESS: the peer of a point-to-point address.
    const b = (a.peer ?? a.ip).bytes;
    if (a.ip.family === 4) v4 ||= !(b[12] === 127 && b[13] === 0 && b[14] === 0 && b[15] === 1);
    else v6 ||= !isLoopback6(b);
  }
  return { v4, v6 };
}

/** glibc getaddrinfo → gaih_inet with `hosts: files` and `multi on`. */
export function glibcInput(host: Host, q: InputQuery): InputOutcome {
  const notes: string[] = [];
  let family = q.family;
  if (q.flags.includes('AI_ADDRCONFIG')) {
    const seen = glibcSeenFamilies(host);
    if (family === 'AF_UNSPEC' && (seen.v4 || seen.v6)) {
      if (seen.v4 !== seen.v6) {
        family = seen.v4 ? 'AF_INET' : 'AF_INET6';
        notes.push(`AI_ADDRCONFIG: the host has ${seen.v4 ? (host.ipv6 ? 'no IPv6 address besides ::1' : 'IPv6 disabled') : 'no IPv4 address besides 127.0.0.1'}, so the lookup is narrowed to ${family}`);
      }
    } else if (family === 'AF_UNSPEC') {
      notes.push('AI_ADDRCONFIG: a loopback-only host is not filtered (glibc)');
    } else if ((family === 'AF_INET' && !seen.v4) || (family === 'AF_INET6' && !seen.v6)) {
      notes.push(`AI_ADDRCONFIG: no ${family === 'AF_INET' ? 'IPv4' : 'IPv6'} address is configured`);
      return { status: 'EAI_NONAME', answers: [], notes };
    }
  }
  let answers: Ip[];
  if (family === 'AF_UNSPEC') {
    answers = glibcFilesAnswers(q.records, 'any');
  } else if (family === 'AF_INET') {
    answers = glibcFilesAnswers(q.records, 4);
  } else {
    // gaih_inet: the AF_INET6 pass sets got_ipv6 when it finds any entry (a v4-mapped line
    // too); AI_V4MAPPED adds the AF_INET pass, mapped, only with AI_ALL or without got_ipv6;
    // and with AI_V4MAPPED but not AI_ALL, v4-mapped entries are discarded once got_ipv6.
    const found6 = glibcFilesAnswers(q.records, 6);
    const v4mapped = q.flags.includes('AI_V4MAPPED');
    const all = q.flags.includes('AI_ALL');
    const gotIpv6 = found6.length > 0;
    answers = found6;
    if (v4mapped && (all || !gotIpv6)) {
      for (const ip of glibcFilesAnswers(q.records, 4)) answers.push({ family: 6, bytes: ip.bytes });
    }
    if (v4mapped && !all && gotIpv6) answers = answers.filter((a) => !isV4Mapped(a.bytes));
  }
  const ipv4PassOnly = family === 'AF_INET6' && answers.length > 0 && answers.every((a) => isV4Mapped(a.bytes)) && q.flags.includes('AI_V4MAPPED') && !q.records.some((r) => inetPton6(r) !== null);
  if (answers.length === 0) return { status: 'EAI_NONAME', answers: [], notes, family };
  return { status: 'OK', answers, notes, family, ipv4PassOnly };
}

/** musl getaddrinfo + __lookup_name (name_from_hosts; AI_ADDRCONFIG by connecting to loopback). */
export function muslInput(
  host: Host,
  q: InputQuery,
  loopbackReachable: (family: 4 | 6) => string | null,
): InputOutcome {
  const notes: string[] = [];
  let family = q.family;
  let flags = q.flags;
  if (flags.includes('AI_ADDRCONFIG')) {
    for (const f of [4, 6] as const) {
      const fam = f === 4 ? 'AF_INET' : 'AF_INET6';
      const other = f === 4 ? 'AF_INET6' : 'AF_INET';
      if (family === other) continue;
      const errno = loopbackReachable(f);
      if (errno === null) continue;
      if (!['EADDRNOTAVAIL', 'EAFNOSUPPORT', 'EHOSTUNREACH', 'ENETDOWN', 'ENETUNREACH'].includes(errno))
        return { status: 'EAI_SYSTEM', answers: [], notes };
      notes.push(`AI_ADDRCONFIG: connect() to the ${f === 4 ? '127.0.0.1' : '::1'} loopback fails (${errno}), so musl drops ${fam}`);
      if (family === fam) return { status: 'EAI_NONAME', answers: [], notes };
      family = other;
    }
  }
  if (flags.includes('AI_V4MAPPED')) {
    if (family === 'AF_INET6') family = 'AF_UNSPEC';
    else flags = flags.filter((f) => f !== 'AI_V4MAPPED');
  }
  let answers: Ip[] = [];
  let badFamily = false;
  for (const text of q.records) {
    if (answers.length >= 48) break; // MAXADDRS
    const ip = parseIp(text);
    if (!ip) continue;
    if ((family === 'AF_INET' && ip.family === 6) || (family === 'AF_INET6' && ip.family === 4)) {
      badFamily = true;
      continue;
    }
    answers.push(ip);
  }
  if (answers.length === 0) return { status: badFamily ? 'EAI_NONAME' : 'EAI_NONAME', answers: [], notes };
  if (flags.includes('AI_V4MAPPED')) {
    if (!flags.includes('AI_ALL') && answers.some((a) => a.family === 6)) answers = answers.filter((a) => a.family === 6);
    answers = answers.map((a) => (a.family === 4 ? { family: 6, bytes: a.bytes } : a));
  }
  return { status: 'OK', answers, notes, family };
}

/** A plain RFC 3493 reading for the go and rfc6724 profiles: the family filter, AI_V4MAPPED,
 * and AI_ADDRCONFIG as "a non-loopback address of the family is configured". */
export function plainInput(host: Host, q: InputQuery): InputOutcome {
  const notes: string[] = [];
  let family = q.family;
  if (q.flags.includes('AI_ADDRCONFIG')) {
    const seen = glibcSeenFamilies(host);
    if (family === 'AF_UNSPEC' && seen.v4 !== seen.v6) family = seen.v4 ? 'AF_INET' : 'AF_INET6';
    else if ((family === 'AF_INET' && !seen.v4) || (family === 'AF_INET6' && !seen.v6)) return { status: 'EAI_NONAME', answers: [], notes };
  }
  const all = q.records.map(parseIp).filter((x): x is Ip => x !== null);
  let answers: Ip[];
  if (family === 'AF_UNSPEC') answers = all;
  else if (family === 'AF_INET') answers = all.filter((a) => a.family === 4);
  else {
    answers = all.filter((a) => a.family === 6);
    if (q.flags.includes('AI_V4MAPPED') && (q.flags.includes('AI_ALL') || answers.length === 0))
      answers.push(...all.filter((a) => a.family === 4).map((a) => ({ family: 6 as const, bytes: a.bytes })));
  }
  if (answers.length === 0) return { status: 'EAI_NONAME', answers: [], notes };
  return { status: 'OK', answers, notes };
}
