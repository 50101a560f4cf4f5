// What a host template is, and what the realistic templates (templates-classic.ts, templates-routing-*.ts,
// templates-features.ts) share: interface names and LAN prefixes as real hosts have them, and
// IPv6 interface IDs in the styles real hosts use.

import { parseIp } from '../../src/address/ip.js';
import { formatIp } from '../../src/address/format.js';
import { nthInCidr, randomHost } from './generator-addresses.js';
import type { HostBuilder } from './generator-host-builder.js';
import type { Rng } from './generator-rng.js';

export interface TemplateOut {
  records: string[];
  /** Probability of AI_ADDRCONFIG (replaces the default query-shape mix when set). */
  addrconfig?: number;
  /** The calling process's uid (query.uid), for `uidrange` rules. */
  uid?: number;
}
export type Template = (rng: Rng, b: HostBuilder) => TemplateOut;

/** IPv4 /24 in a private block, e.g. 192.168.178.0/24. */
export function privateV4Net24(rng: Rng): string {
  return rng.weighted([
    [`192.168.${rng.pick([0, 1, 1, 2, 10, 178, rng.int(0, 255)])}.0/24`, 60],
    [`10.${rng.int(0, 255)}.${rng.int(0, 255)}.0/24`, 30],
    [`172.${rng.int(16, 31)}.${rng.int(0, 255)}.0/24`, 10],
  ] as const);
}

export const LAN_IFACES = ['eth0', 'enp3s0', 'ens18', 'wlan0', 'wlp2s0', 'enp0s31f6', 'eno1'] as const;

/** Global IPv6 interface ID styles: small static, EUI-64-looking, random (privacy/stable-privacy). */
export function v6HostIn(rng: Rng, prefix64: string): string {
  const style = rng.weighted([
    ['small', 30],
    ['eui', 35],
    ['random', 35],
  ] as const);
  if (style === 'small') return nthInCidr(prefix64, BigInt(rng.int(2, 0x1ff)));
  if (style === 'random') return randomHost(rng, prefix64);
  // EUI-64 from a random MAC: xx(^2)xx:xxff:fexx:xxxx
  const bytes = parseIp(prefix64.split('/')[0] ?? '')!.bytes.slice();
  const mac = Array.from({ length: 6 }, () => rng.int(0, 255));
  bytes.set([mac[0]! ^ 2, mac[1]!, mac[2]!, 0xff, 0xfe, mac[3]!, mac[4]!, mac[5]!], 8);
  return formatIp({ family: 6, bytes });
}
