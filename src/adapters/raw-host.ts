// The two host readers' common output (RawHost) and the capture API's types. The readers
// (host-from-ip.ts, host-from-proc.ts) fill a RawHost; raw-host-to-scenario.ts turns it into a
// scenario host; host-from-linux.ts picks the reader.
import { parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { NetworkInterfaceInfo } from 'node:os';
import type { ScenarioHost } from '../scenario/types.js';

export type CaptureSource = 'auto' | 'ip' | 'proc';

export interface CaptureOptions {
  /** auto (default): ip when it runs and speaks JSON, else proc. */
  source?: CaptureSource;
  /** The ip binary (default `ip`, found on PATH). */
  ipCommand?: string;
  procRoot?: string;
  sysRoot?: string;
  /** os.networkInterfaces, replaceable for tests. */
  networkInterfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export interface CapturedHost {
  host: ScenarioHost;
  /** Which reader ran. */
  method: 'ip' | 'proc';
  /** What the host has that the scenario cannot say, or that was read approximately. */
  warnings: string[];
  /** What was left out on purpose (kernel-made routes, lo), for people. */
  notes: string[];
}

export class CaptureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaptureError';
  }
}

// ---------------------------------------------------------------------------------------------
// The readers' common output

export interface RawLink {
  index: number;
  name: string;
  up: boolean;
  loopback: boolean;
}

export interface RawAddress {
  dev: string;
  family: 4 | 6;
  local: string;
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
  /** Point-to-point peer (`ip addr add A peer B`). */
  peer?: string;
}

export interface RawRoute {
  family: 4 | 6;
  /** `default` or `addr[/len]`. */
  dst: string;
  via?: string;
  dev?: string;
  src?: string;
  /** Kernel route type in lower case (unicast, unreachable, local, throw, …). */
  type: string;
  metric?: number;
  /** Made by the kernel from an address (proto kernel, or inferred so by the proc reader). */
  kernel: boolean;
  /** Further next hops of a multipath route (only the first is kept). */
  extraNexthops?: number;
  /** Why the route cannot be kept, decided by the reader (gateway of another family, …). */
  unsupported?: string;
}

export interface RawHost {
  method: 'ip' | 'proc';
  links: RawLink[];
  /** Per device in the kernel's list order (what `ip addr` prints). */
  addresses: RawAddress[];
  routes: RawRoute[];
  /** false: net.ipv6.conf.all.disable_ipv6=1, or no IPv6 in the kernel. */
  ipv6: boolean;
  /** net.ipv6.conf.<dev>.use_tempaddr, per device (and `all`, `default`). */
  useTempaddr: Record<string, number>;
  /** Per device net.ipv6.conf.<dev>.disable_ipv6. */
  disableIpv6: Record<string, boolean>;
  /** `ip -j addrlabel`, or null when it could not be read. */
  addrlabels: { address: string; prefixlen: number; label: number }[] | null;
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
