// Windows getaddrinfo destination ordering — NOT CHECKED AGAINST A REAL SYSTEM HERE.
// Source: address-selection.md §6 ("Windows: yes (getaddrinfo) … netsh interface ipv6 show
// prefixpolicies … RFC 6724"): the default prefix policies are the RFC 6724 table from Windows
// 8.1 on (older versions got it via updates — third-party reports, KB number UNVERIFIED):
//   50/0 ::1/128, 40/1 ::/0, 35/4 ::ffff:0:0/96, 30/2 2002::/16, 5/5 2001::/32, 3/13 fc00::/7,
//   1/11 fec0::/10, 1/12 3ffe::/16, 1/3 ::/96.
// Modelled with RFC 6724 §6 rules as written (rfc6724Order). UNVERIFIED: which of Rules 3, 4, 7
// and 9 Windows applies and how; the pre-2012 Vista/7 table (ULA, site-local, 6bone 40; 6to4 30;
// ::/96 20; IPv4 10; Teredo 5 — third-party report) is not modelled. Sources are the Linux kernel
// model's choice, not Windows' own source selection. `netsh interface ipv6 add prefixpolicy`
// changes (e.g. the raio_ula reference tool's 45/14 rows) can be passed as `extraRows`.
import type { Host } from '../host/model.js';
import { RFC6724_POLICY, type PolicyRow } from '../policy/tables.js';
import type { OrderOutcome } from './facts.js';
import type { InputQuery } from './input.js';
import { rfc6724Order } from './profile-rfc6724.js';

/** `netsh interface ipv6 show prefixpolicies` default on Windows 8.1+ (= RFC 6724 §2.1). */
export const WINDOWS_POLICY: readonly PolicyRow[] = RFC6724_POLICY;

export const WINDOWS_NOTE = 'windows profile: the RFC 6724 default prefix policies (Windows 8.1+) with RFC 6724 rules — not checked against a real Windows system; sources come from the Linux kernel model';

export function windowsOrder(host: Host, q: InputQuery, extraRows: readonly PolicyRow[] = []): OrderOutcome {
  const outcome = rfc6724Order(host, q, [...WINDOWS_POLICY, ...extraRows]);
  return { ...outcome, notes: [...outcome.notes, WINDOWS_NOTE] };
}
