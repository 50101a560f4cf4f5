// The per-device IPv6 state that decides which routes the kernel made by itself and that the
// scenario holds as keys: forwarding (subnet-router anycast routes, net/ipv6/addrconf.c
// addrconf_join_anycast) and a missing ff00::/8 route (addrconf_add_mroute never ran: the link
// had no carrier since it came up). Part of the assembler (assemble.ts); pure.
import type { ScenarioInterface } from '../scenario/types.js';
import type { RawHost, RawLink } from './raw-host.js';

/** The per-device IPv6 facts that decide kernel-made routes, written onto `interfaces`:
 * `forwarding` where a device differs from the host (net.ipv6.conf.all.forwarding, returned;
 * without sysctls, a device's kernel anycast routes tell), and `multicastRoute: false` for an
 * up IPv6 device without its ff00::/8 route (no carrier since it came up), when the reader saw
 * the local table at all. */
export function kernelIpv6State(
  raw: RawHost,
  links: readonly RawLink[],
  loopbacks: ReadonlySet<string>,
  interfaces: ScenarioInterface[],
  nameOf: (d: string) => string,
  ipv6On: (d: string) => boolean,
): boolean {
  const local6 = raw.routes.filter((r) => r.family === 6 && r.table === 255);
  const anycastDevs = new Set(local6.filter((r) => r.type === 'anycast' && r.kernel && r.dev !== undefined).map((r) => r.dev!));
  const forwards = (dev: string): boolean => raw.forwarding?.[dev] ?? anycastDevs.has(dev);
  const devices = links.filter((l) => ipv6On(l.name) && !loopbacks.has(l.name));
  let host = raw.forwarding?.all;
  if (host === undefined) {
    const on = devices.filter((l) => forwards(l.name)).length;
    host = on > 0 && on * 2 >= devices.length;
  }
  for (const l of links) {
    if (!ipv6On(l.name)) continue;
    const itf = interfaces.find((i) => i.name === (loopbacks.has(l.name) ? 'lo' : nameOf(l.name)));
    // lo's entry is written only when it holds addresses of its own (::1/128 has no anycast).
    if (!itf) continue;
    if (forwards(l.name) !== host) itf.forwarding = !host;
    const mroute = local6.some((r) => r.type === 'multicast' && r.dev === l.name);
    if (local6.length > 0 && l.up && !loopbacks.has(l.name) && !mroute) itf.multicastRoute = false;
  }
  return host;
}
