// Table lookups. These run for every answer and every source, so first-match scans go over
// the rows compiled to 32-bit words (prefix-words.ts), with no allocation.

import { matchesPrefix } from '../address/prefix.js';
import { compiledFor, firstMatch } from '../address/prefix-words.js';
import type { PolicyRow, PrefixRow, Scope4Row } from './tables.js';

/**
 * First row in array order whose first `length` bits equal the address: glibc `match_prefix`
 * (`get_label`, `get_precedence`). glibc tables are pre-sorted longest-first, so this is
 * longest-prefix match with file order breaking ties. `addr16` is the 16-byte form (IPv4 as
 * ::ffff:a.b.c.d, as match_prefix builds it for AF_INET).
 */
export function lookupPrefix(rows: readonly PrefixRow[], addr16: Uint8Array): PrefixRow | undefined {
  const i = firstMatch(compiledFor(rows), addr16);
  return i < 0 ? undefined : rows[i];
}

/**
 * The matched row's value, or `fallback` when nothing matches: glibc's get_label passes
 * INT_MAX and get_precedence 0. Never reached with a table that ends in a /0 row.
 */
export function lookupPrefixValue(rows: readonly PrefixRow[], addr16: Uint8Array, fallback: number): number {
  const row = lookupPrefix(rows, addr16);
  return row === undefined ? fallback : row.value;
}

/**
 * Longest-prefix match, as RFC 6724/3484 §2.1 define the policy lookup; on equal lengths the
 * earlier row wins. Use for the RFC tables and Go's (Go stores longest-first, so its own
 * first-match scan gives the same row).
 */
export function lookupPolicy(rows: readonly PolicyRow[], addr16: Uint8Array): PolicyRow | undefined {
  let best: PolicyRow | undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if ((best === undefined || row.length > best.length) && matchesPrefix(addr16, row.prefix, row.length)) {
      best = row;
    }
  }
  return best;
}

/**
 * First match in array order: musl's `policyof()` scan over `defpolicy`. Give it
 * MUSL_POLICY, which keeps musl's order.
 */
export function lookupPolicyFirstMatch(rows: readonly PolicyRow[], addr16: Uint8Array): PolicyRow | undefined {
  const i = firstMatch(compiledFor(rows), addr16);
  return i < 0 ? undefined : rows[i];
}

/**
 * glibc `get_scope` for an AF_INET sockaddr: first row with (addr & mask) == network, over
 * `default_scopes` or the scopev4 lines. `v4` is the address as a uint32. glibc's loop has no
 * bound because every table ends in a /0 row; the 14 fallback only guards bad input tables.
 */
export function lookupScopeV4(rows: readonly Scope4Row[], v4: number): number {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (((v4 & row.mask) >>> 0) === row.network) return row.value;
  }
  return 14;
}
