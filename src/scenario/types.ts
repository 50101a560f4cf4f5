// The scenario JSON contract (docs/scenario.md, schema/scenario.schema.json).
// Other tools, our tests and users' host captures all speak it: extend, never rename or drop.
import type { ScenarioRuntimeFields } from './types-runtime.js';

export type RouteType = 'unicast' | 'unreachable' | 'blackhole' | 'prohibit';
export type AiFlag = 'AI_ADDRCONFIG' | 'AI_V4MAPPED' | 'AI_ALL' | 'AI_CANONNAME';
export type QueryFamily = 'AF_UNSPEC' | 'AF_INET' | 'AF_INET6';

export interface ScenarioAddressObject {
  /** `addr[/len]`; without `/len` it is /32 or /128. */
  address: string;
  /** preferred_lft 0 (IFA_F_DEPRECATED). */
  deprecated?: boolean;
  /** Mobile IPv6 home address (IFA_F_HOMEADDRESS). */
  home?: boolean;
  /** Privacy address (IFA_F_TEMPORARY); the kernel's Rule 7 reads it. Not creatable by `ip`. */
  temporary?: boolean;
  /** IFA_F_OPTIMISTIC: glibc counts it as deprecated for Rule 3. */
  optimistic?: boolean;
  /** IFA_F_NOPREFIXROUTE: no connected route is created for it. */
  noprefixroute?: boolean;
}
export type ScenarioAddress = string | ScenarioAddressObject;

export interface ScenarioInterface {
  name: string;
  addresses: ScenarioAddress[];
  /** Link state; default true. */
  up?: boolean;
}

export interface ScenarioRoute {
  /** `default` or a CIDR (a bare address is a host route). */
  to: string;
  via?: string;
  dev?: string;
  src?: string;
  type?: RouteType;
  metric?: number;
}

export interface ScenarioHost {
  interfaces: ScenarioInterface[];
  routes?: ScenarioRoute[];
  /** false: IPv6 disabled on every interface (no IPv6 address at all, not even ::1). Default true. */
  ipv6?: boolean;
  /** net.ipv6.conf.*.use_tempaddr (kernel source Rule 7); default 0. */
  useTempaddr?: number;
}

export interface ScenarioQuery {
  name?: string;
  /** The resolver's answers in arrival order (as /etc/hosts lines would be). */
  records: string[];
  flags?: AiFlag[];
  /** ai_family of the hints; default AF_UNSPEC. */
  family?: QueryFamily;
}

export interface Scenario {
  name?: string;
  host: ScenarioHost;
  /** gai.conf text, or null/absent for none. */
  gaiConf?: string | null;
  query: ScenarioQuery;
  /** How each destination answers a TCP connect, for runtime connect plans (default reachable). */
  reachability?: ScenarioRuntimeFields['reachability'];
  /** Router Advertisement facts for the rfc6724-update profile's known-local ULA rows. */
  routerFacts?: ScenarioRuntimeFields['routerFacts'];
  /** The RFC 6724 update's known-local ULA insertion toggle (default true). */
  knownLocalUla?: boolean;
  /** A runtime spec `name[@version][,key=value…]` for `simulate --runtime`. */
  runtime?: string;
}
