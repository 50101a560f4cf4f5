// The scenario JSON contract (docs/scenario.md, schema/scenario.schema.json).
// Other tools, our tests and users' host captures all speak it: extend, never rename or drop.
import type { ScenarioRuntimeFields } from './types-runtime.js';

export type RouteType = 'unicast' | 'unreachable' | 'blackhole' | 'prohibit' | 'local' | 'throw';
/** A routing table: `main` (254), `local` (255), `default` (253), or another number 1–4294967295. */
export type RouteTable = 'main' | 'local' | 'default' | number;
/** iproute2's scope names (rtnetlink RT_SCOPE_*): global 0 (`universe`), site 200, link 253, host 254. */
export type ScopeName = 'global' | 'site' | 'link' | 'host';
export type RuleAction = 'table' | 'goto' | 'nop' | 'unreachable' | 'prohibit' | 'blackhole';
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
  /** IPv6 IFA_F_TENTATIVE: duplicate address detection has not finished (or failed: `ip`
   * shows `tentative` and `dadfailed`). Without `optimistic` the kernel neither delivers to it
   * (no local route) nor picks it as a source; glibc's AI_ADDRCONFIG still counts it. */
  tentative?: boolean;
  /** `ip addr add … scope S`. Absent: iproute2's default (host for 127.0.0.0/8, else global).
   * The kernel reads it for IPv4 source choice only. */
  scope?: ScopeName;
  /** Point-to-point peer `P[/len]` (`ip addr add L peer P/len`): the connected route is the
   * peer's prefix, not the local address's. */
  peer?: string;
}
export type ScenarioAddress = string | ScenarioAddressObject;

export interface ScenarioInterface {
  /** A name of its own, or `lo` to add addresses to the loopback (127.0.0.1/8 and ::1/128 stay). */
  name: string;
  addresses: ScenarioAddress[];
  /** Link state; default true. */
  up?: boolean;
  /** net.ipv6.conf.NAME.disable_ipv6=1: no IPv6 address on this interface (on lo: no ::1). */
  disableIpv6?: boolean;
  /** Interface group (`ip link set dev NAME group N`), read by `suppress_ifgroup` rules; default 0. */
  group?: number;
  /** net.ipv6.conf.NAME.use_tempaddr, -1 to 2, when it differs from the host's: the kernel's
   * Rule 7 reads the value of each candidate address's own device. Absent: the host's
   * `useTempaddr`, except on lo, which the kernel gives -1. */
  useTempaddr?: number;
  /** net.ipv6.conf.NAME.forwarding, when it differs from the host's `ipv6Forwarding`: with it
   * on, each usable IPv6 address of the interface (not tentative, prefix shorter than /127)
   * gives its prefix's subnet-router anycast address a route of type anycast in table local. */
  forwarding?: boolean;
  /** false: the interface, though up with IPv6, has no `multicast ff00::/8` route in table
   * local. The kernel adds it when the link is first ready (has carrier) after `ip link set up`,
   * or when an IPv6 address is added while it is up: a bridge with nothing attached whose
   * addresses were added before it came up (Docker, Podman, libvirt) never gets it; or it was
   * deleted (`ip -6 route del multicast ff00::/8 dev NAME table local`). Default true. */
  multicastRoute?: boolean;
}

/** One hop of a multipath route (`nexthop via A dev D weight W`). */
export interface ScenarioNexthop {
  /** Gateway; an IPv6 gateway on an IPv4 route is RFC 5549 (`via inet6 fe80::1`). */
  via?: string;
  dev?: string;
  /** 1–256, default 1. */
  weight?: number;
}

export interface ScenarioRoute {
  /** `default` or a CIDR (a bare address is a host route). */
  to: string;
  /** Gateway; on an IPv4 route it may be IPv6 (RFC 5549, `via inet6 fe80::1`). */
  via?: string;
  dev?: string;
  src?: string;
  type?: RouteType;
  metric?: number;
  /** Routing table; default `main`. */
  table?: RouteTable;
  /** IPv6 source prefix of a source-specific route (`ip -6 route add … from P`). */
  from?: string;
  /** Multipath hops (ECMP); instead of `via`/`dev`. */
  nexthops?: ScenarioNexthop[];
  /** Route scope (`ip route add … scope S`); absent: link for a route without gateway, host for
   * `local`, else global. The kernel reads it for IPv4. */
  scope?: ScopeName;
}

/** An `ip rule` (policy routing rule). */
export interface ScenarioRule {
  /** `ip -4 rule` or `ip -6 rule`; absent: from `from`/`to`, else both families. */
  family?: 4 | 6;
  /** Absent: as `ip rule add` without `pref` (one below the second rule of the list). */
  priority?: number;
  /** Invert the selectors (`ip rule add not …`). */
  not?: boolean;
  /** Source prefix; the probe socket is unbound, so only `all`-like prefixes match a first lookup. */
  from?: string;
  to?: string;
  /** `fwmark V[/M]`: a number, or the text `V/M` (decimal or 0x hex). */
  fwmark?: number | string;
  /** Input interface; locally generated traffic has iif `lo`. */
  iif?: string;
  oif?: string;
  /** `uidrange A-B`. */
  uidrange?: string;
  /** IP protocol number or name (`udp`, `tcp`, `icmp`, `ipv6-icmp`); the probes use UDP. */
  ipproto?: number | string;
  /** `sport A[-B]` / `dport A[-B]`. */
  sport?: string | number;
  dport?: string | number;
  /** DSCP/TOS value; the probes send 0. */
  tos?: number;
  /** Default action `table` when `table` is given. */
  action?: RuleAction;
  table?: RouteTable;
  /** `goto` target priority. */
  goto?: number;
  suppressPrefixlength?: number;
  suppressIfgroup?: number;
}

/** `ip addrlabel add prefix P label N [dev D]`: the kernel's own label table (source choice only). */
export interface ScenarioAddrlabel {
  prefix: string;
  label: number;
  dev?: string;
}

export interface ScenarioHost {
  interfaces: ScenarioInterface[];
  routes?: ScenarioRoute[];
  /** false: IPv6 disabled on every interface (no IPv6 address at all, not even ::1). Default true. */
  ipv6?: boolean;
  /** net.ipv6.conf.*.use_tempaddr (kernel source Rule 7); default 0. */
  useTempaddr?: number;
  /** `ip rule` entries, on top of the kernel's default rules. */
  rules?: ScenarioRule[];
  /** false: the kernel's default rules (IPv4 0 local, 32766 main, 32767 default; IPv6 0 local,
   * 32766 main) were deleted, and `rules` lists every rule there is. Default true. */
  defaultRules?: boolean;
  /** Rows added to the kernel's address label table. */
  addrlabels?: ScenarioAddrlabel[];
  /** false: the kernel has no IPv6 at all (booted with ipv6.disable=1): everything `ipv6: false`
   * means, and socket(AF_INET6) fails with EAFNOSUPPORT, so a listener on `[::]` cannot bind.
   * Default true. */
  kernelIpv6?: boolean;
  /** net.ipv6.bindv6only: a wildcard IPv6 socket that does not set IPV6_V6ONLY is IPv6-only. Default false. */
  bindv6only?: boolean;
  /** net.ipv6.conf.all.forwarding=1 (a router, a Docker host with IPv6, a Kubernetes node): every
   * interface forwards (see the interface's `forwarding`) and so has the subnet-router anycast
   * routes of its addresses' prefixes. Default false. */
  ipv6Forwarding?: boolean;
}

export interface ScenarioQuery {
  name?: string;
  /** The resolver's answers in arrival order (as /etc/hosts lines would be). */
  records: string[];
  flags?: AiFlag[];
  /** ai_family of the hints; default AF_UNSPEC. */
  family?: QueryFamily;
  /** uid of the calling process, read by `uidrange` rules; default 0. */
  uid?: number;
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
