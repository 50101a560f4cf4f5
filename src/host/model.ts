// The modelled host: what the kernel holds after `ip` has built the scenario's host.
// Pure data; buildHost() derives the kernel-created parts (loopback, local/connected routes,
// default rules, the address label table).
import type { Ip } from '../address/ip.js';
import type { PrefixRow } from '../policy/tables.js';

export interface HostInterface {
  readonly name: string;
  /** ifindex as the host builder pins them: lo 1, then the scenario's interfaces in order. */
  readonly index: number;
  readonly up: boolean;
  readonly loopback: boolean;
  /** IPv6 enabled on this interface (host-wide `ipv6` and its own disable_ipv6). */
  readonly ipv6: boolean;
  /** Interface group (suppress_ifgroup). */
  readonly group: number;
  /** net.ipv6.conf.NAME.use_tempaddr: Rule 7 prefers a temporary address of this device when >= 2. */
  readonly useTempaddr: number;
  /** net.ipv6.conf.NAME.forwarding: its usable addresses' prefixes get subnet-router anycast routes. */
  readonly forwarding: boolean;
}

/** rtnetlink RT_SCOPE_*: universe 0, site 200, link 253, host 254. */
export const RT_SCOPE = { global: 0, site: 200, link: 253, host: 254 } as const;

export interface HostAddress {
  readonly ip: Ip;
  readonly prefixLen: number;
  readonly ifindex: number;
  readonly deprecated: boolean;
  readonly home: boolean;
  readonly temporary: boolean;
  readonly optimistic: boolean;
  /** IPv6 IFA_F_TENTATIVE without IFA_F_OPTIMISTIC: DAD not finished (or failed), so neither
   * a local route nor a source (addrconf.c: the local route is inserted when DAD completes,
   * __ipv6_dev_get_saddr skips it); it is still in the netlink dump glibc reads. */
  readonly tentative: boolean;
  readonly noprefixroute: boolean;
  /** IPv4: same mask and subnet as an earlier address on the device (IFA_F_SECONDARY). */
  readonly secondary: boolean;
  /** Order of creation, used for the kernel's per-device list order. */
  readonly seq: number;
  /** RT_SCOPE_* number (IPv4 source choice reads it; the kernel derives IPv6 scopes itself). */
  readonly scope: number;
  /** Point-to-point peer (IFA_ADDRESS ≠ IFA_LOCAL): its prefix is the connected one. */
  readonly peer: Ip | null;
}

export type KernelRouteType =
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'multicast'
  | 'anycast'
  | 'unreachable'
  | 'blackhole'
  | 'prohibit'
  | 'throw';

/** Table ids (rtnetlink RT_TABLE_*). */
export const RT_TABLE = { default: 253, main: 254, local: 255 } as const;

export interface HostNexthop {
  readonly dev: number | null;
  /** A gateway; on an IPv4 route it may be IPv6 (RFC 5549). */
  readonly via: Ip | null;
  readonly weight: number;
}

export interface HostRoute {
  readonly family: 4 | 6;
  /** Table id: 255 local, 254 main, 253 default, or another number. */
  readonly table: number;
  readonly type: KernelRouteType;
  /** 16-byte prefix (IPv4 mapped) and its length in 128-bit terms (IPv4: 96 + len). */
  readonly prefix: Uint8Array;
  readonly length: number;
  readonly metric: number;
  readonly dev: number | null;
  readonly via: Ip | null;
  readonly src: Ip | null;
  /** Route scope (RT_SCOPE_* name): link for connected and dev-only routes, host for local, universe else. */
  readonly scope: 'universe' | 'site' | 'link' | 'host';
  /** Which scenario route it came from (index), or null when the kernel made it. */
  readonly origin: number | null;
  /** IPv6 source-specific route: the source prefix (16 bytes) and its length; null: from ::/0. */
  readonly from: { readonly prefix: Uint8Array; readonly length: number } | null;
  /** Multipath hops; null for a single-hop route (then `dev`/`via` are the hop). */
  readonly nexthops: readonly HostNexthop[] | null;
}

export type RuleActionKind = 'table' | 'goto' | 'nop' | 'unreachable' | 'prohibit' | 'blackhole';

/** One `ip rule`, as the kernel holds it (struct fib_rule). */
export interface HostRule {
  readonly family: 4 | 6;
  readonly priority: number;
  readonly invert: boolean;
  /** 16-byte prefixes with 128-bit lengths (IPv4 mapped); length 0 matches all. */
  readonly src: { readonly prefix: Uint8Array; readonly length: number };
  readonly dst: { readonly prefix: Uint8Array; readonly length: number };
  readonly mark: number;
  readonly markMask: number;
  /** Interface names (a rule names its device; an absent one never matches). */
  readonly iif: string | null;
  readonly oif: string | null;
  readonly uidStart: number;
  readonly uidEnd: number;
  /** 0: any protocol. */
  readonly ipproto: number;
  readonly sport: { readonly start: number; readonly end: number } | null;
  readonly dport: { readonly start: number; readonly end: number } | null;
  readonly tos: number;
  readonly action: RuleActionKind;
  readonly table: number;
  readonly goto: number | null;
  /** -1: none. */
  readonly suppressPrefixlen: number;
  readonly suppressIfgroup: number;
  /** Which scenario rule it came from (index), or null for a kernel default rule. */
  readonly origin: number | null;
}

export interface HostRules {
  /** In the kernel's list order (priority, then insertion). */
  readonly 4: readonly HostRule[];
  readonly 6: readonly HostRule[];
  /** fib_has_custom_rules: without it the kernel skips the rule walk (IPv4: a rule was added
   * or a default one deleted; IPv6: a rule was added). */
  readonly custom4: boolean;
  readonly custom6: boolean;
}

/** A row of the kernel's address label table; `ifindex` 0 applies to every device. */
export interface AddrlabelRow extends PrefixRow {
  readonly ifindex: number;
}

export interface Host {
  readonly interfaces: readonly HostInterface[];
  readonly addresses: readonly HostAddress[];
  readonly routes: readonly HostRoute[];
  readonly ipv6: boolean;
  readonly useTempaddr: number;
  readonly rules: HostRules;
  /** The kernel's address label table in its list order (first match wins). */
  readonly addrlabels: readonly AddrlabelRow[];
  /** Whether any route has more than one hop (then sources may depend on the flow hash). */
  readonly multipath: boolean;
  /** For each multipath flow (by flowKey of the destination), the hop the kernel's hash
   * picks; absent: the first. Set on a derived host (withProbe). */
  readonly hopChoice?: ReadonlyMap<string, number>;
  /** uid of the calling process (uidrange rules); absent: 0. Set on a derived host. */
  readonly uid?: number;
}
