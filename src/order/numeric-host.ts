// getaddrinfo() on a numeric host, as glibc 2.36 answers it without asking NSS (getaddrinfo.c,
// text_to_binary_address, and the AI_ADDRCONFIG check in getaddrinfo() before it). Observed on
// Debian 2.36 (test/live/numeric-host.test.ts runs the real one next to this model):
//   - IPv4 in every inet_aton form (127.1, 0x7f.1, 010.0.0.1 → 8.0.0.1, 2130706433), also with
//     AI_NUMERICHOST; for AF_INET6 only with AI_V4MAPPED (then ::ffff:a.b.c.d), else EAI_ADDRFAMILY;
//   - IPv6 as inet_pton reads it, with an optional %scope: a number (any address), or an
//     interface name (link-local and link/node-local multicast only, and the interface must
//     exist); a bad scope is EAI_NONAME. For AF_INET only a v4-mapped address is taken (as IPv4);
//     any other IPv6 literal is EAI_ADDRFAMILY;
//   - AI_ADDRCONFIG first: AF_INET (AF_INET6) on a host without a non-loopback IPv4 (IPv6)
//     address is EAI_NONAME; AF_UNSPEC on a host with one family only is narrowed to it;
//   - a name that is none of these goes to NSS (hosts file, DNS), except with AI_NUMERICHOST:
//     EAI_NONAME.
// The answer is one address, so nothing is sorted. Pure.

import { inetAtonExact } from '../address/inet-aton.js';
import { inetPton6 } from '../address/inet-pton.js';
import { formatIp } from '../address/format.js';
import { isV4Mapped } from '../address/ip.js';
import { buildHost } from '../host/build-host.js';
import type { AiFlag, QueryFamily, ScenarioHost } from '../scenario/types.js';
import { glibcSeenFamilies } from './input.js';

export interface NumericHostQuery {
  family: QueryFamily;
  flags: readonly (AiFlag | 'AI_NUMERICHOST')[];
}

export type NumericHostAnswer =
  /** the address getaddrinfo returns (RFC 5952 / dotted quad), and the scope it keeps */
  | { status: 'OK'; address: string; family: 4 | 6; scope: { text: string; index: number } | null }
  | { status: 'EAI_ADDRFAMILY' | 'EAI_NONAME'; reason: string };

/** Interface indexes as the host builder pins them (lo 1, then the scenario's interfaces 2, 3, …). */
function interfaceIndex(host: ScenarioHost, name: string): number {
  if (name === 'lo') return 1;
  const i = host.interfaces.findIndex((itf) => itf.name === name);
  return i < 0 ? 0 : i + 2;
}

/** fe80::/10, ff01::/16 (node-local) or ff02::/16 (link-local multicast): where a scope may be a name. */
function takesNamedScope(b: Uint8Array): boolean {
  return (b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) || (b[0] === 0xff && ((b[1]! & 0x0f) === 1 || (b[1]! & 0x0f) === 2));
}

/**
 * How glibc answers `name` if it is a numeric host; null when it is not one (glibc asks NSS),
 * unless AI_NUMERICHOST is given (then EAI_NONAME).
 */
export function numericHost(name: string, query: NumericHostQuery, host: ScenarioHost): NumericHostAnswer | null {
  let family = query.family;
  if (query.flags.includes('AI_ADDRCONFIG')) {
    const seen = glibcSeenFamilies(buildHost(host));
    if (family === 'AF_UNSPEC' && (seen.v4 || seen.v6)) {
      if (!seen.v4) family = 'AF_INET6';
      else if (!seen.v6) family = 'AF_INET';
    } else if ((family === 'AF_INET' && !seen.v4) || (family === 'AF_INET6' && !seen.v6)) {
      return { status: 'EAI_NONAME', reason: `AI_ADDRCONFIG: no ${family === 'AF_INET' ? 'IPv4' : 'IPv6'} address (other than loopback) is configured` };
    }
  }
  const v4 = inetAtonExact(name);
  if (v4) {
    const dotted = Array.from(v4).join('.');
    if (family === 'AF_UNSPEC' || family === 'AF_INET') return { status: 'OK', address: dotted, family: 4, scope: null };
    if (query.flags.includes('AI_V4MAPPED')) return { status: 'OK', address: `::ffff:${dotted}`, family: 6, scope: null };
    return { status: 'EAI_ADDRFAMILY', reason: `${name} is an IPv4 address (${dotted}) and the lookup is AF_INET6 without AI_V4MAPPED` };
  }
  const pct = name.indexOf('%');
  const v6 = inetPton6(pct < 0 ? name : name.slice(0, pct));
  if (v6) {
    let answerFamily: 4 | 6 = 6;
    let address = formatIp({ family: 6, bytes: v6 });
    if (family === 'AF_INET') {
      if (!isV4Mapped(v6)) return { status: 'EAI_ADDRFAMILY', reason: `${name} is an IPv6 address and the lookup is AF_INET` };
      answerFamily = 4;
      address = Array.from(v6.subarray(12)).join('.');
    }
    if (pct < 0) return { status: 'OK', address, family: answerFamily, scope: null };
    const scope = name.slice(pct + 1);
    const named = takesNamedScope(v6) ? interfaceIndex(host, scope) : 0;
    if (named) return { status: 'OK', address, family: answerFamily, scope: { text: scope, index: named } };
    if (/^[0-9]+$/.test(scope) && Number(scope) <= 0xffffffff) return { status: 'OK', address, family: answerFamily, scope: { text: scope, index: Number(scope) } };
    const why = !/^[0-9]/.test(scope) && !takesNamedScope(v6) ? 'an interface name is a scope only for link-local addresses' : `there is no interface ${JSON.stringify(scope.slice(0, 40))}`;
    return { status: 'EAI_NONAME', reason: `${name.slice(0, 80)}: the scope "%${scope.slice(0, 40)}" is not one glibc takes (${why})` };
  }
  if (query.flags.includes('AI_NUMERICHOST')) return { status: 'EAI_NONAME', reason: `${name.slice(0, 80)} is not a numeric address, and AI_NUMERICHOST forbids a name lookup` };
  return null;
}
