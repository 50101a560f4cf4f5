// The modelled host: what the kernel holds after `ip` has built the scenario's host.
// Pure data; buildHost() derives the kernel-created parts (loopback, local/connected routes).
import type { Ip } from '../address/ip.js';

export interface HostInterface {
  readonly name: string;
  /** ifindex as the host builder pins them: lo 1, then the scenario's interfaces in order. */
  readonly index: number;
  readonly up: boolean;
  readonly loopback: boolean;
  readonly ipv6: boolean;
}

export interface HostAddress {
  readonly ip: Ip;
  readonly prefixLen: number;
  readonly ifindex: number;
  readonly deprecated: boolean;
  readonly home: boolean;
  readonly temporary: boolean;
  readonly optimistic: boolean;
  readonly noprefixroute: boolean;
  /** IPv4: same mask and subnet as an earlier address on the device (IFA_F_SECONDARY). */
  readonly secondary: boolean;
  /** Order of creation, used for the kernel's per-device list order. */
  readonly seq: number;
}

export type KernelRouteType =
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'multicast'
  | 'unreachable'
  | 'blackhole'
  | 'prohibit';

export interface HostRoute {
  readonly family: 4 | 6;
  readonly table: 'local' | 'main';
  readonly type: KernelRouteType;
  /** 16-byte prefix (IPv4 mapped) and its length in 128-bit terms (IPv4: 96 + len). */
  readonly prefix: Uint8Array;
  readonly length: number;
  readonly metric: number;
  readonly dev: number | null;
  readonly via: Ip | null;
  readonly src: Ip | null;
  /** IPv4 route scope: link for connected and dev-only routes, host for local, universe else. */
  readonly scope: 'universe' | 'link' | 'host';
  /** Which scenario route it came from (index), or null when the kernel made it. */
  readonly origin: number | null;
}

export interface Host {
  readonly interfaces: readonly HostInterface[];
  readonly addresses: readonly HostAddress[];
  readonly routes: readonly HostRoute[];
  readonly ipv6: boolean;
  readonly useTempaddr: number;
}
