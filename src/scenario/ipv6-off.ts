// Whether a scenario host can use IPv6 at all, for advice: on such a host, remedies that need
// IPv6 (Node's ipv6first, Java's preferIPv6Addresses, a server listening on both families) are
// impossible and must not be offered.
import { inetPton6 } from '../address/inet-pton.js';
import type { ScenarioHost } from './types.js';

/** An IPv6 interface address other than ::1 (however it is written). */
function usableIpv6(a: string | { address: string }): boolean {
  const b = inetPton6((typeof a === 'string' ? a : a.address).split('/')[0]!);
  return b !== null && !(b[15] === 1 && b.subarray(0, 15).every((x) => x === 0));
}

/**
 * IPv6 is off: disabled on every interface (`ipv6: false`), absent from the kernel
 * (`kernelIpv6: false`), or no interface has an IPv6 address other than ::1.
 */
export function ipv6Off(host: ScenarioHost): boolean {
  if (host.ipv6 === false || host.kernelIpv6 === false) return true;
  return !host.interfaces.some((i) => i.disableIpv6 !== true && i.addresses.some(usableIpv6));
}
