// The two host readers' common output (RawHost) and what the assembler makes of it (CapturedHost).
// The readers (ip-json.ts here, pure; src/adapters/host-from-proc.ts) fill a RawHost; assemble.ts
// turns it into a scenario host. Pure: the page and `gaiconf host capture` share it.
import { parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { ScenarioHost, ScenarioRule } from '../scenario/types.js';

export interface CapturedHost {
  host: ScenarioHost;
  /** Which reader ran. */
  method: 'ip' | 'proc';
  /** What the host has that the scenario cannot say, or that was read approximately. */
  warnings: string[];
  /** What was left out on purpose (kernel-made routes, lo), for people. */
  notes: string[];
}

// ---------------------------------------------------------------------------------------------
// The readers' common output

export interface RawLink {
  index: number;
  name: string;
  up: boolean;
  loopback: boolean;
  /** Carrier (`LOWER_UP`; false: `NO-CARRIER`); undefined when unknown (a link that is down). */
  carrier?: boolean;
  /** Interface group (`ip link set dev D group N`); undefined when unknown. */
  group?: number;
  /** `ip -d link`'s linkinfo kind (veth, vrf, wireguard, …), when known. */
  kind?: string;
}

export interface RawAddress {
  dev: string;
  family: 4 | 6;
  local: string;
  /** The prefix length (of the peer, for a point-to-point address). */
  prefixLen: number;
  /** `ip`'s scope name (global, link, host, site, or a number); undefined when unknown. */
  scope?: string;
  deprecated?: boolean;
  home?: boolean;
  temporary?: boolean;
  optimistic?: boolean;
  noprefixroute?: boolean;
  tentative?: boolean;
  dadfailed?: boolean;
  /** Point-to-point peer (`ip addr add A peer B`), without its length (that is prefixLen). */
  peer?: string;
}

export interface RawNexthop {
  /** Gateway; an IPv6 one on an IPv4 route is RFC 5549. */
  via?: string;
  dev?: string;
  weight: number;
}

export interface RawRoute {
  family: 4 | 6;
  /** `default` or `addr[/len]`. */
  dst: string;
  /** Table id: 255 local, 254 main, 253 default, or another number. */
  table: number;
  via?: string;
  dev?: string;
  src?: string;
  /** Kernel route type in lower case (unicast, unreachable, local, throw, broadcast, …). */
  type: string;
  metric?: number;
  /** Route scope name (global, site, link, host) or number; undefined: not shown (global). */
  scope?: string;
  /** IPv6 source prefix of a source-specific route. */
  from?: string;
  /** Multipath hops (two or more). */
  nexthops?: RawNexthop[];
  /** Made by the kernel (proto kernel, or inferred so by the proc reader). */
  kernel: boolean;
  /** Only the table, type, prefix and scope are known (the proc reader's other tables). */
  partial?: boolean;
  /** The preferred source is not shown (/proc/net/route): `src` is absent, not known absent. */
  srcUnknown?: boolean;
  /** Why the route cannot be kept, decided by the reader (a key the format cannot hold, …). */
  unsupported?: string;
  /** What the reader could not see or read approximately; the assembler warns if it keeps the route. */
  caveat?: string;
}

/** An `ip rule` as the reader read it: a scenario rule with its family and priority. */
export interface RawRule {
  rule: ScenarioRule & { family: 4 | 6; priority: number };
  /** What the format cannot hold (l3mdev, an unknown key): the rule is then left out. */
  unsupported?: string;
  /** `ip rule` text for messages. */
  text: string;
}

export interface RawAddrlabel {
  address: string;
  prefixlen: number;
  label: number;
  /** Device of a per-device row. */
  ifname?: string;
}

export interface RawHost {
  method: 'ip' | 'proc';
  links: RawLink[];
  /** Per device in the kernel's list order (what `ip addr` prints). */
  addresses: RawAddress[];
  /** Routes of every table the reader saw. */
  routes: RawRoute[];
  /** Rules per family in the kernel's order; null: not readable (/proc). */
  rules: { 4: RawRule[]; 6: RawRule[] } | null;
  /** The proc reader's partial knowledge: IPv4 local and main tables still merged in fib_trie
   * (no IPv4 rule was ever added or deleted). */
  ipv4RulesUntouched?: boolean;
  /** false: net.ipv6.conf.all.disable_ipv6=1, or no IPv6 in the kernel. */
  ipv6: boolean;
  /** false: no IPv6 in the kernel at all (no /proc/sys/net/ipv6). */
  kernelIpv6: boolean;
  /** net.ipv6.bindv6only. */
  bindv6only: boolean;
  /** net.ipv6.conf.<dev>.use_tempaddr, per device (and `all`, `default`). */
  useTempaddr: Record<string, number>;
  /** Per device net.ipv6.conf.<dev>.disable_ipv6. */
  disableIpv6: Record<string, boolean>;
  /** net.ipv6.conf.<dev>.forwarding, per device (and `all`, `default`); a device not in it (or
   * no record at all: no sysctls read) is unknown, and its anycast routes tell. */
  forwarding?: Record<string, boolean>;
  /** Other sysctls that change the path of a lookup, where not at their default: `key=value`. */
  sysctls: { key: string; value: string; what: string }[];
  /** `ip -j addrlabel`, or null when it could not be read. */
  addrlabels: RawAddrlabel[] | null;
  warnings: string[];
  notes: string[];
}

/** The kernel's default IPv6 address label table (net/ipv6/addrlabel.c), as `ip addrlabel` prints it. */
export const DEFAULT_KERNEL_ADDRLABELS: readonly { address: string; prefixlen: number; label: number }[] = [
  { address: '::1', prefixlen: 128, label: 0 },
  { address: '::', prefixlen: 96, label: 3 },
  { address: '::ffff:0.0.0.0', prefixlen: 96, label: 4 },
  { address: '2001::', prefixlen: 32, label: 6 },
  { address: '2001:10::', prefixlen: 28, label: 7 },
  { address: '3ffe::', prefixlen: 16, label: 12 },
  { address: '2002::', prefixlen: 16, label: 2 },
  { address: 'fec0::', prefixlen: 10, label: 11 },
  { address: 'fc00::', prefixlen: 7, label: 5 },
  { address: '::', prefixlen: 0, label: 1 },
];

export interface Cidr {
  ip: Ip;
  len: number;
}

export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIp(slash < 0 ? text : text.slice(0, slash));
  if (!ip) return null;
  const max = ip.family === 4 ? 32 : 128;
  const len = slash < 0 ? max : Number(text.slice(slash + 1));
  if (!Number.isInteger(len) || len < 0 || len > max) return null;
  return { ip, len };
}

/** A prefix length in matchesPrefix's 16-byte terms (IPv4 sits behind 96 mapped bits). */
export const bits = (c: Cidr): number => (c.ip.family === 4 ? 96 + c.len : c.len);
export const samePrefix = (a: Cidr, b: Cidr): boolean => a.ip.family === b.ip.family && a.len === b.len && matchesPrefix(a.ip.bytes, b.ip.bytes, bits(a));
/** Metric of the kernel's own prefix routes. */
export const KERNEL_METRIC = { 4: 0, 6: 256 } as const;
