// The kernel's IPv6 source choice (net/ipv6/addrconf.c ipv6_dev_get_saddr, RFC 6724 §5 with
// the kernel's own label table). Rule numbers follow the kernel's IPV6_SADDR_RULE_* order.
import { commonPrefixLength, matchesPrefix } from '../address/prefix.js';
import { isLinkLocal6, isLoopback6, isMulticast6, isSiteLocal6, isUnspecified6, isV4Compat } from '../address/classify.js';
import { isV4Mapped, type Ip } from '../address/ip.js';
import { KERNEL_ADDRLABEL } from '../policy/tables.js';
import { lookupPrefix } from '../policy/lookup.js';
import type { Host, HostAddress } from './model.js';

/** __ipv6_addr_src_scope: ::1 and fe80::/10 are link (2), fec0::/10 site (5), multicast its
 * own field, everything else, v4-mapped and ULA included, global (14). */
export function kernelScope6(b: Uint8Array): number {
  if (isMulticast6(b)) return b[1]! & 0x0f;
  if (isLoopback6(b) || isLinkLocal6(b)) return 2;
  if (isSiteLocal6(b)) return 5;
  return 14;
}

export function kernelLabel(b: Uint8Array): number {
  return lookupPrefix(KERNEL_ADDRLABEL, b)?.value ?? 1;
}

const ORCHID = new Uint8Array([0x20, 0x01, 0x00, 0x10, ...new Array<number>(12).fill(0)]);
const isOrchid = (b: Uint8Array) => matchesPrefix(b, ORCHID, 28);

/** Addresses of one device in the kernel's list order: scope descending (global first),
 * and within a scope the most recently added first (ipv6_link_dev_addr). */
export function ipv6DeviceList(host: Host, ifindex: number): readonly HostAddress[] {
  let byDevice = deviceLists.get(host);
  if (!byDevice) {
    byDevice = new Map();
    for (const itf of host.interfaces) {
      const own = host.addresses.filter((a) => a.ifindex === itf.index && a.ip.family === 6);
      own.sort((a, b) => kernelScope6(b.ip.bytes) - kernelScope6(a.ip.bytes) || b.seq - a.seq);
      byDevice.set(itf.index, own);
    }
    deviceLists.set(host, byDevice);
  }
  return byDevice.get(ifindex) ?? [];
}

// The host is immutable; its per-device lists are derived once.
const deviceLists = new WeakMap<Host, Map<number, HostAddress[]>>();

interface Scored {
  a: HostAddress;
  scope: number;
}

/**
 * Pick the source for `dst` leaving through `outDev` (null when the route lookup failed, in
 * which case every device is a candidate and Rule 5 does not discriminate).
 */
export function selectIpv6Source(host: Host, dst: Ip, outDev: number | null): Ip | null {
  const d = dst.bytes;
  const dstScope = kernelScope6(d);
  const dstLabel = kernelLabel(d);
  const useOifOnly = outDev !== null && (isMulticast6(d) || dstScope <= 2);
  const devices = useOifOnly ? [outDev] : host.interfaces.map((i) => i.index);
  const rules: ((s: Scored) => number)[] = [
    // Rule 1: same address.
    (s) => (equal16(s.a.ip.bytes, d) ? 1 : 0),
    // Rule 2: appropriate scope: the smallest scope that is enough, else the largest.
    (s) => (s.scope >= dstScope ? -s.scope : s.scope - 128),
    // Rule 3: avoid deprecated (and optimistic, use_optimistic being off); mapped,
    // compat and loopback always pass.
    (s) => (isV4Mapped(s.a.ip.bytes) || isV4Compat(s.a.ip.bytes) || isLoopback6(s.a.ip.bytes) || !(s.a.deprecated || s.a.optimistic) ? 1 : 0),
    // Rule 4 (home address) exists only with CONFIG_IPV6_MIP6=y; Debian-style kernels build
    // it as a module, which compiles the rule out. Observed on 6.18: a home address gets no
    // preference (differential suite).
    // Rule 5: outgoing interface.
    (s) => (outDev === null || s.a.ifindex === outDev ? 1 : 0),
    // Rule 6: matching label (kernel addrlabel table).
    (s) => (kernelLabel(s.a.ip.bytes) === dstLabel ? 1 : 0),
    // Rule 7: public address, or temporary when use_tempaddr >= 2.
    (s) => (!s.a.temporary ? 1 : 0) ^ (host.useTempaddr >= 2 ? 1 : 0),
    // Rule 8-: ORCHID pairs with ORCHID.
    (s) => (isOrchid(s.a.ip.bytes) === isOrchid(d) ? 1 : 0),
    // Rule 8: longest matching prefix, capped at the candidate's prefix length.
    (s) => Math.min(commonPrefixLength(s.a.ip.bytes, d), s.a.prefixLen),
    // Rule 9: not optimistic.
    (s) => (s.a.optimistic ? 0 : 1),
  ];
  let best: Scored | null = null;
  for (const dev of devices) {
    for (const a of ipv6DeviceList(host, dev)) {
      const b = a.ip.bytes;
      if (isUnspecified6(b) || isMulticast6(b)) continue;
      const cand: Scored = { a, scope: kernelScope6(b) };
      if (!best || better(cand, best)) best = cand;
    }
  }
  return best ? best.a.ip : null;

  function better(c: Scored, h: Scored): boolean {
    for (const rule of rules) {
      const x = rule(c);
      const y = rule(h);
      if (x !== y) return x > y;
    }
    return false; // ties keep the first candidate found
  }
}

function equal16(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
