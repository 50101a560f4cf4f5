// The optional scenario fields for the runtime view and the RFC 6724 update (validated by
// validate-runtime.ts, listed in SCENARIO_KEYS and the schema, documented in docs/scenario.md).
// Every field is optional, so every existing scenario stays valid: the contract is only extended.
//
//   {
//     "host": …, "query": …,
//     "reachability": { "::1": { "outcome": "refused" }, "192.0.2.25": { "outcome": "timeout" } },
//     "routerFacts": [ { "kind": "RIO", "prefix": "fd12:3456:789a::/48" } ],
//     "knownLocalUla": true,
//     "runtime": "node@20"
//   }
import type { Scenario } from './types.js';

/** How one destination answers a TCP connect (src/runtime/model.ts PeerOutcome). */
export type ScenarioReachabilityOutcome = 'reachable' | 'refused' | 'timeout' | 'reset' | 'unreachable';

export interface ScenarioReachability {
  outcome: ScenarioReachabilityOutcome;
  /** When the answer arrives (reachable default 10 ms, refused/reset 1 ms, unreachable 0). */
  delayMs?: number;
  /** 'unreachable' only: the connect() error (default ENETUNREACH). */
  errno?: string;
}

/**
 * A prefix learnt from a Router Advertisement (draft-ietf-6man-rfc6724-update §3.3):
 *  - RIO: Route Information Option; `prefix` with its advertised length (only /40 or longer
 *    under fd00::/8 becomes known-local, with that length);
 *  - PIO: Prefix Information Option; any length (the update assumes /48 for the row).
 * `snac`: the RA carried the SNAC-router flag: the fact is ignored.
 */
export interface RouterFact {
  kind: 'RIO' | 'PIO';
  /** `addr/len`, e.g. `fd12:3456:789a:1::/64`. */
  prefix: string;
  snac?: boolean;
}

export interface ScenarioRuntimeFields {
  /** Per destination address (as printed, RFC 5952); missing addresses are reachable. */
  reachability?: Record<string, ScenarioReachability>;
  /** RA-learnt prefixes for the rfc6724-update profile's known-local rows. */
  routerFacts?: RouterFact[];
  /** The update's known-local insertion toggle (MUST default on). Default true. */
  knownLocalUla?: boolean;
  /** A runtime spec `name[@version][,key=value…]` (src/runtime/timeline.ts parseRuntime). */
  runtime?: string;
}

/** A scenario with the runtime fields. */
export interface RuntimeScenario extends Scenario, ScenarioRuntimeFields {}

/** The top-level keys these fields add to SCENARIO_KEYS.scenario. */
export const RUNTIME_SCENARIO_KEYS = ['reachability', 'routerFacts', 'knownLocalUla', 'runtime'] as const;
