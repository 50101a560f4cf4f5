// Per-answer facts, computed once before sorting so the comparators compare small integers.
import type { Ip } from '../address/ip.js';

export interface AnswerFacts {
  /** Position before sorting (Rule 10). */
  readonly index: number;
  /** Destination as returned: family 4 = AF_INET, 6 = AF_INET6 (v4-mapped included). */
  readonly address: Ip;
  readonly usable: boolean;
  /** The source the implementation compares (glibc turns an AF_INET answer's source back to AF_INET). */
  readonly source: Ip | null;
  readonly errno: string | null;
  readonly scope: number;
  readonly sourceScope: number | null;
  readonly label: number;
  readonly sourceLabel: number | null;
  readonly precedence: number;
  /** Source flags as the implementation sees them (glibc: from its netlink address list). */
  readonly deprecated: boolean;
  readonly home: boolean;
  /** Source prefix length as the implementation sees it (glibc: 0 when not in its list). */
  readonly prefixLen: number;
  /** Source interface index as glibc sees it (0xffffffff when unknown). */
  readonly ifindex: number;
  readonly native: boolean;
}

/**
 * What the sort needs to know about a destination's source, as data (Go's
 * sortByRFC6724withSrcs habit): the engine fills it from the host model, test vectors write it.
 */
export interface SourceFacts {
  /** The source as the implementation compares it; null: connect() failed (unusable). */
  readonly source: Ip | null;
  readonly errno: string | null;
  readonly deprecated: boolean;
  readonly home: boolean;
  /** In the units the profile compares (glibc: the address's own family; rfc6724: 128-bit). */
  readonly prefixLen: number;
  readonly ifindex: number;
  readonly native: boolean;
}

/** One comparison the sort made: negative `result` puts `a` first; `rule` decided it (10: order). */
export interface Comparison {
  readonly a: number;
  readonly b: number;
  readonly rule: number;
  readonly result: number;
}

export type ProfileName = 'glibc' | 'musl' | 'go' | 'rfc6724' | 'rfc6724-update' | 'windows' | 'freebsd';
/** The profiles checked against (or defined by) a real implementation here, shown by `--profile all`. */
export const PROFILES: readonly ProfileName[] = ['glibc', 'musl', 'go', 'rfc6724'];
/** Every profile: the above plus the draft RFC 6724 update and the platform tables not checked here. */
export const ALL_PROFILES: readonly ProfileName[] = [...PROFILES, 'rfc6724-update', 'windows', 'freebsd'];

export interface OrderOutcome {
  readonly status: string;
  /** Facts in output order. */
  readonly answers: readonly AnswerFacts[];
  readonly comparisons: readonly Comparison[];
  /** Set when the real library's behaviour here is undefined and not reproducible (why). */
  readonly undefinedBehavior?: string;
  /** The order comes from one sort key per answer (musl): every pair is decided by the key. */
  readonly keySort?: boolean;
  /** Why the list was or was not sorted, and other per-run remarks for the explanation. */
  readonly notes: readonly string[];
  /** Re-runs the profile's comparator on two answers (by input index) for pairs the sort never compared. */
  readonly compare: (a: number, b: number) => Comparison;
  /** A pair's Rule 9 values as this profile computes them. */
  readonly matchLengths: (a: number, b: number) => [number, number] | null;
}

/** Encode a decision: a negative result prefers `a`. */
export const decide = (rule: number, preferA: boolean): number => (preferA ? -rule : rule);
