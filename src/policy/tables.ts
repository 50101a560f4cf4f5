// Built-in policy tables of each implementation, as literal data. Every table cites where it
// comes from; "address-selection.md" is the project's reference (shared docs).
// Row order is significant: glibc and musl scan first-match in array order, so keep the
// upstream order exactly, even where it looks unsorted.

import { inetPton4, inetPton6 } from '../address/inet-pton.js';

/** One row of a single-valued prefix table (glibc label or precedence, kernel addrlabel). */
export interface PrefixRow {
  prefix: Uint8Array;
  length: number;
  value: number;
  /** e.g. '::ffff:0:0/96' */
  text: string;
}

/** One row of a combined RFC-style policy table (precedence and label together). */
export interface PolicyRow {
  prefix: Uint8Array;
  length: number;
  precedence: number;
  label: number;
  text: string;
}

/** One row of glibc's IPv4 scope table; matches when (addr & mask) === network. */
export interface Scope4Row {
  /** uint32, already masked */
  network: number;
  /** uint32 */
  mask: number;
  /** 0..32 */
  length: number;
  value: number;
  text: string;
}

/** Split our own 'addr/len' literal; a bad literal is a bug in this file, so throw. */
function splitLiteral(text: string, maxLength: number): [string, number] {
  const slash = text.indexOf('/');
  const length = Number(text.slice(slash + 1));
  if (slash < 0 || !Number.isInteger(length) || length < 0 || length > maxLength) {
    throw new Error(`bad prefix literal in policy table: ${text}`);
  }
  return [text.slice(0, slash), length];
}

function v6Literal(text: string): { prefix: Uint8Array; length: number } {
  const [addr, length] = splitLiteral(text, 128);
  const prefix = inetPton6(addr);
  if (!prefix) throw new Error(`bad IPv6 literal in policy table: ${text}`);
  return { prefix, length };
}

function prefixRow(text: string, value: number): PrefixRow {
  return { ...v6Literal(text), value, text };
}

function policyRow(text: string, precedence: number, label: number): PolicyRow {
  return { ...v6Literal(text), precedence, label, text };
}

/** Mask of the top `length` bits as a uint32 (a shift by 32 is a no-op in JS, hence the test). */
export function v4Mask(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

function scope4Row(text: string, value: number): Scope4Row {
  const [addr, length] = splitLiteral(text, 32);
  const b = inetPton4(addr);
  if (!b) throw new Error(`bad IPv4 literal in policy table: ${text}`);
  const mask = v4Mask(length);
  const network = (((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) & mask) >>> 0;
  return { network, mask, length, value, text };
}

// ---------------------------------------------------------------------------------------------
// glibc (sysdeps/posix/getaddrinfo.c ≤ 2.38, nss/getaddrinfo.c ≥ 2.39): `default_labels`,
// `default_precedence`, `default_scopes`. Unchanged 2.26 … HEAD (address-selection.md §1.2).
// Array order as in glibc; lookups are first-match (match_prefix), and these rows do not
// overlap harmfully, so first-match equals longest-match here.

/** glibc `default_labels` (sysdeps/posix/getaddrinfo.c; nss/getaddrinfo.c from 2.39). */
export const GLIBC_LABELS: readonly PrefixRow[] = Object.freeze([
  prefixRow('::1/128', 0),
  prefixRow('2002::/16', 2),
  prefixRow('::/96', 3),
  prefixRow('::ffff:0:0/96', 4),
  prefixRow('fec0::/10', 5), // glibc-only: site-local never NATed (comment in getaddrinfo.c)
  prefixRow('fc00::/7', 6), // glibc-only: ULA
  prefixRow('2001::/32', 7), // glibc-only: "Additional rule for Teredo tunnels"
  prefixRow('::/0', 1),
]);

/** glibc `default_precedence`: RFC 3484 §2.1 values. */
export const GLIBC_PRECEDENCE: readonly PrefixRow[] = Object.freeze([
  prefixRow('::1/128', 50),
  prefixRow('2002::/16', 30),
  prefixRow('::/96', 20),
  prefixRow('::ffff:0:0/96', 10),
  prefixRow('::/0', 40),
]);

/** glibc `default_scopes`: only AF_INET sockaddrs use it (`get_scope`). */
export const GLIBC_SCOPEV4: readonly Scope4Row[] = Object.freeze([
  scope4Row('169.254.0.0/16', 2),
  scope4Row('127.0.0.0/8', 2),
  scope4Row('0.0.0.0/0', 14),
]);

// ---------------------------------------------------------------------------------------------
// RFC tables, in the order the RFCs print them. RFC lookups are longest-prefix match, so the
// order carries no meaning here (address-selection.md §4.1).

/** RFC 3484 §2.1 default policy table. */
export const RFC3484_POLICY: readonly PolicyRow[] = Object.freeze([
  policyRow('::1/128', 50, 0),
  policyRow('::/0', 40, 1),
  policyRow('2002::/16', 30, 2),
  policyRow('::/96', 20, 3),
  policyRow('::ffff:0:0/96', 10, 4),
]);

/** RFC 6724 §2.1 default policy table. */
export const RFC6724_POLICY: readonly PolicyRow[] = Object.freeze([
  policyRow('::1/128', 50, 0),
  policyRow('::/0', 40, 1),
  policyRow('::ffff:0:0/96', 35, 4),
  policyRow('2002::/16', 30, 2),
  policyRow('2001::/32', 5, 5),
  policyRow('fc00::/7', 3, 13),
  policyRow('::/96', 1, 3),
  policyRow('fec0::/10', 1, 11),
  policyRow('3ffe::/16', 1, 12),
]);

// ---------------------------------------------------------------------------------------------

/**
 * musl `defpolicy` (network/lookup_name.c in musl 1.2.3), scanned first-match in
 * this order. The `#if 0` rows ::/96 (1/3), fec0::/10 (1/11) and 3ffe::/16 (1/12) are compiled
 * out upstream and therefore omitted: those addresses fall through to ::/0 → 40/1.
 */
export const MUSL_POLICY: readonly PolicyRow[] = Object.freeze([
  policyRow('::1/128', 50, 0),
  policyRow('::ffff:0:0/96', 35, 4),
  policyRow('2002::/16', 30, 2),
  policyRow('2001::/32', 5, 5),
  policyRow('fc00::/7', 3, 13),
  policyRow('::/0', 40, 1),
]);

/**
 * Go `rfc6724policyTable` (net/addrselect.go in the Go standard library): RFC 6724 §2.1,
 * stored longest prefix first, which Go's TestRFC6724PolicyTableOrder asserts.
 */
export const GO_POLICY: readonly PolicyRow[] = Object.freeze([
  policyRow('::1/128', 50, 0),
  policyRow('::ffff:0:0/96', 35, 4),
  policyRow('::/96', 1, 3),
  policyRow('2001::/32', 5, 5),
  policyRow('2002::/16', 30, 2),
  policyRow('3ffe::/16', 1, 12),
  policyRow('fec0::/10', 1, 11),
  policyRow('fc00::/7', 3, 13),
  policyRow('::/0', 40, 1),
]);

/**
 * Linux `ip -6 addrlabel` default (net/ipv6/addrlabel.c `ip6addrlbl_init_table`, as listed live
 * on 6.18). The kernel keeps the list longest-prefix first, so this
 * list order is its first-match order. ULA is 5 and Teredo 6 here, unlike RFC 6724 (13, 5);
 * 2001:10::/28 (ORCHID) is kernel-only.
 */
export const KERNEL_ADDRLABEL: readonly PrefixRow[] = Object.freeze([
  prefixRow('::1/128', 0),
  prefixRow('::/96', 3),
  prefixRow('::ffff:0:0/96', 4),
  prefixRow('2001::/32', 6),
  prefixRow('2001:10::/28', 7),
  prefixRow('3ffe::/16', 12),
  prefixRow('2002::/16', 2),
  prefixRow('fec0::/10', 11),
  prefixRow('fc00::/7', 5),
  prefixRow('::/0', 1),
]);
