// Duplicate address detection in the host plan: which state (done, tentative, optimistic) each
// IPv6 address must be left in, and the per-device sysctls that hold it there for as long as a
// scenario lives, refusing the states a namespace cannot reproduce.

import type { ScenarioAddress } from '../../src/scenario/types.js';
import { UnsupportedByHostBuilder, addressObject } from './host-plan-parse.js';

/** How long DAD runs, in probes of net.ipv6.neigh.DEV.retrans_time_ms (1 s): far longer than a
 * scenario lives. `dad_transmits` ends up in inet6_ifaddr.dad_probes, a u8: at most 255. */
export const DAD_TRANSMITS = 100;

const isTentative = (a: { tentative?: boolean; optimistic?: boolean }): boolean => a.tentative === true || a.optimistic === true;

/**
 * The state an IPv6 address must be left in. `done`: added `nodad`. `tentative`: added without
 * nodad, so DAD holds it: on an up link with carrier (every veth here) for DAD_TRANSMITS
 * seconds; on a link that is down it never starts (addrconf_dad_begin: !IF_READY keeps a
 * permanent address tentative). `optimistic`: `ip addr add … optimistic` on an up link (RFC 4429;
 * IFA_F_OPTIMISTIC always comes with IFA_F_TENTATIVE until DAD ends, so a scenario's
 * `optimistic` is that state whether or not it also says `tentative`).
 */
export function dadState(a: { tentative?: boolean; optimistic?: boolean }, itf: { name: string }, v6: boolean, up: boolean, what: string): 'done' | 'tentative' | 'optimistic' {
  if (!isTentative(a)) return 'done';
  if (!v6) throw new UnsupportedByHostBuilder(`${what}: ${a.optimistic ? 'optimistic' : 'tentative'} is an IPv6-only state`);
  // addrconf_dad_begin completes DAD at once on IFF_LOOPBACK devices.
  if (itf.name === 'lo') throw new UnsupportedByHostBuilder(`${what}: lo runs no DAD, its addresses are never tentative`);
  if (!a.optimistic) return 'tentative';
  // On a link that is down addrconf_dad_begin stops before the optimistic address gets its
  // local route (it keeps IFA_F_OPTIMISTIC|IFA_F_TENTATIVE without one): a state the scenario
  // format does not say apart from an optimistic address on an up link.
  if (!up) throw new UnsupportedByHostBuilder(`${what}: optimistic on a link that is down`);
  return 'optimistic';
}

/** Per-device sysctls that keep this interface's tentative and optimistic addresses so. */
export function dadSysctls(itf: { name: string; up?: boolean; addresses: readonly ScenarioAddress[] }): string[] {
  const addrs = itf.addresses.map(addressObject);
  if (itf.up === false || !addrs.some(isTentative)) return [];
  const out = [`net/ipv6/conf/${itf.name}/dad_transmits=${DAD_TRANSMITS}`];
  // inet6_addr_add takes IFA_F_OPTIMISTIC only with optimistic_dad on (all or the device).
  if (addrs.some((a) => a.optimistic)) out.push(`net/ipv6/conf/${itf.name}/optimistic_dad=1`);
  return out;
}
