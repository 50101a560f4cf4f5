// The kernel's IPv6 source choice (net/ipv6/addrconf.c ipv6_dev_get_saddr, RFC 6724 §5 with
// the kernel's own label table). Rule numbers follow the kernel's IPV6_SADDR_RULE_* order.
import { commonPrefixLength, matchesPrefix } from '../address/prefix.js';
import { isLinkLocal6, isLoopback6, isMulticast6, isSiteLocal6, isUnspecified6, isV4Compat } from '../address/classify.js';
import { isV4Mapped, type Ip } from '../address/ip.js';
import { KERNEL_ADDRLABEL } from '../policy/tables.js';
import { lookupPrefix } from '../policy/lookup.js';
import { addrlabelOf, DEFAULT_ADDRLABELS } from './addrlabels.js';
import type { AddrlabelRow, Host, HostAddress } from './model.js';

/** __ipv6_addr_src_scope: ::1 and fe80::/10 are link (2), fec0::/10 site (5), multicast its
 * own field, everything else, v4-mapped and ULA included, global (14). */
export function kernelScope6(b: Uint8Array): number {
  if (isMulticast6(b)) return b[1]! & 0x0f;
  if (isLoopback6(b) || isLinkLocal6(b)) return 2;
  if (isSiteLocal6(b)) return 5;
  return 14;
}

/** The label of the kernel's built-in table (no `ip addrlabel` rows). */
export function kernelLabel(b: Uint8Array): number {
  return lookupPrefix(KERNEL_ADDRLABEL, b)?.value ?? 1;
}

/** ipv6_addr_label with the host's table, as seen from device `ifindex` (0: none). */
function hostLabel(rows: readonly AddrlabelRow[], b: Uint8Array, ifindex: number): number {
  return rows === DEFAULT_ADDRLABELS ? kernelLabel(b) : addrlabelOf(rows, b, ifindex);
}

const ORCHID = new Uint8Array([0x20, 0x01, 0x00, 0x10, ...new Array<number>(12).fill(0)]);
const isOrchid = (b: Uint8Array) => matchesPrefix(b, ORCHID, 28);

/** Addresses of one device in the kernel's list order: scope descending (global first),
 * and within a scope the most recently added first (ipv6_link_dev_addr). */
export function ipv6DeviceList(host: Host, ifindex: number): readonly HostAddress[] {
  let byDevice = deviceLists.get(host.addresses);
  if (!byDevice) {
    byDevice = new Map();
    for (const itf of host.interfaces) {
      const own = host.addresses.filter((a) => a.ifindex === itf.index && a.ip.family === 6);
      own.sort((a, b) => kernelScope6(b.ip.bytes) - kernelScope6(a.ip.bytes) || b.seq - a.seq);
      byDevice.set(itf.index, own);
    }
    deviceLists.set(host.addresses, byDevice);
  }
  return byDevice.get(ifindex) ?? [];
}

// Addresses never change once built (a derived host shares them); per-device lists are derived once.
const deviceLists = new WeakMap<readonly HostAddress[], Map<number, HostAddress[]>>();

/** A candidate source with what the rules ask of it that does not depend on the destination. */
interface Candidate {
  readonly a: HostAddress;
  readonly scope: number;
  readonly label: number;
  /** Rule 3: not deprecated (nor optimistic); mapped, compat and loopback always pass. */
  readonly fresh: boolean;
  readonly orchid: boolean;
  /** Rule 7: its own device's use_tempaddr is 2 or more (the kernel reads the candidate's
   * idev->cnf.use_tempaddr, net/ipv6/addrconf.c ipv6_get_saddr_eval). */
  readonly preferTemporary: boolean;
}

// Per host and device, the usable candidates in list order (unspecified and multicast never are).
const candidateLists = new WeakMap<readonly HostAddress[], Map<number, readonly Candidate[]>>();

function candidatesOf(host: Host, ifindex: number): readonly Candidate[] {
  let byDevice = candidateLists.get(host.addresses);
  if (!byDevice) candidateLists.set(host.addresses, (byDevice = new Map()));
  let list = byDevice.get(ifindex);
  if (!list) {
    list = ipv6DeviceList(host, ifindex)
      // __ipv6_dev_get_saddr skips a tentative address unless it is optimistic.
      .filter((a) => !isUnspecified6(a.ip.bytes) && !isMulticast6(a.ip.bytes) && !a.tentative)
      .map((a) => {
        const b = a.ip.bytes;
        return {
          a,
          scope: kernelScope6(b),
          // A candidate's label is looked up from its own device.
          label: hostLabel(host.addrlabels, b, ifindex),
          fresh: isV4Mapped(b) || isV4Compat(b) || isLoopback6(b) || !(a.deprecated || a.optimistic),
          orchid: isOrchid(b),
          preferTemporary: (host.interfaces.find((i) => i.index === ifindex)?.useTempaddr ?? 0) >= 2,
        };
      });
    byDevice.set(ifindex, list);
  }
  return list;
}

/**
 * Pick the source for `dst` leaving through `outDev` (null when the route lookup failed, in
 * which case every device is a candidate and Rule 5 does not discriminate).
 */
export function selectIpv6Source(host: Host, dst: Ip, outDev: number | null): Ip | null {
  const d = dst.bytes;
  const scope = kernelScope6(d);
  const target: Destination = { bytes: d, scope, label: hostLabel(host.addrlabels, d, outDev ?? 0), orchid: isOrchid(d), outDev };
  let best: Candidate | null = null;
  if (outDev !== null && (isMulticast6(d) || scope <= 2)) best = bestOf(candidatesOf(host, outDev), best, target);
  else for (const itf of host.interfaces) best = bestOf(candidatesOf(host, itf.index), best, target);
  return best === null ? null : best.a.ip;
}

function bestOf(list: readonly Candidate[], best: Candidate | null, target: Destination): Candidate | null {
  for (const c of list) if (best === null || better(c, best, target)) best = c;
  return best;
}

interface Destination {
  readonly bytes: Uint8Array;
  readonly scope: number;
  readonly label: number;
  readonly orchid: boolean;
  readonly outDev: number | null;
}

/** Does candidate `c` beat the current best `h`? Ties keep the first candidate found. */
function better(c: Candidate, h: Candidate, d: Destination): boolean {
  // Rule 1: same address.
  const same = equal16(c.a.ip.bytes, d.bytes);
  if (same !== equal16(h.a.ip.bytes, d.bytes)) return same;
  // Rule 2: appropriate scope: the smallest scope that is enough, else the largest.
  if (c.scope !== h.scope) {
    const x = c.scope >= d.scope ? -c.scope : c.scope - 128;
    const y = h.scope >= d.scope ? -h.scope : h.scope - 128;
    return x > y;
  }
  // Rule 3: avoid deprecated (and optimistic, use_optimistic being off).
  if (c.fresh !== h.fresh) return c.fresh;
  // Rule 4 (home address) exists only with CONFIG_IPV6_MIP6=y; Debian-style kernels build it
  // as a module, which compiles the rule out. Observed on 6.18: a home address gets no
  // preference (differential suite).
  // Rule 5: outgoing interface.
  if (d.outDev !== null) {
    const on = c.a.ifindex === d.outDev;
    if (on !== (h.a.ifindex === d.outDev)) return on;
  }
  // Rule 6: matching label (kernel addrlabel table).
  const lc = c.label === d.label;
  if (lc !== (h.label === d.label)) return lc;
  // Rule 7: public address, or temporary when its device's use_tempaddr >= 2. The score is per
  // candidate (!temporary XOR preftmp), so a public address on a device at -1 or 0 (lo, tun,
  // sit, ip6tnl: ipv6_add_dev sets -1) beats a public one on a device at 2.
  const pc = c.a.temporary === c.preferTemporary;
  if (pc !== (h.a.temporary === h.preferTemporary)) return pc;
  // Rule 8-: ORCHID pairs with ORCHID.
  const oc = c.orchid === d.orchid;
  if (oc !== (h.orchid === d.orchid)) return oc;
  // Rule 8: longest matching prefix, capped at the candidate's prefix length.
  const mc = Math.min(commonPrefixLength(c.a.ip.bytes, d.bytes), c.a.prefixLen);
  const mh = Math.min(commonPrefixLength(h.a.ip.bytes, d.bytes), h.a.prefixLen);
  if (mc !== mh) return mc > mh;
  // Rule 9: not optimistic.
  if (c.a.optimistic !== h.a.optimistic) return !c.a.optimistic;
  return false;
}

function equal16(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
