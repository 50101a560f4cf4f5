// The live Linux host (the network namespace this process runs in) as a Scenario `host`: what
// `gaiconf host capture` prints and live mode simulates on.
//
// Two readers feed one assembler:
//   ip    `ip -j addr`, `ip -j -4/-6 route show table main`, `ip -j addrlabel` (complete);
//   proc  /proc/net/if_inet6, /proc/net/ipv6_route, /proc/net/route, /proc/net/fib_trie,
//         /sys/class/net and os.networkInterfaces() (getifaddrs), for hosts without iproute2.
// Both read /proc/sys/net/ipv6/conf/*/{disable_ipv6,use_tempaddr}.
//
// The scenario format pins the kernel's view the simulator needs; what it cannot say is left
// out with a warning (docs/live.md lists it): addresses on lo besides 127.0.0.1/8 and ::1,
// peer addresses, address scopes other than the default, tentative (DAD) and dadfailed
// addresses, route types other than unicast/unreachable/blackhole/prohibit, multipath,
// per-interface sysctls, a changed kernel addrlabel table. Connected and local routes the
// kernel makes from addresses are not listed: the simulator derives them.
//
// Files: host-from-ip.ts and host-from-proc.ts (the readers), host-sysctls.ts (both),
// raw-host.ts (their common output), raw-host-to-scenario.ts (the assembler); this one picks.
import { captureWithIp } from './host-from-ip.js';
import { captureWithProc } from './host-from-proc.js';
import { assembleHost } from './raw-host-to-scenario.js';
import { CaptureError, type CapturedHost, type CaptureOptions } from './raw-host.js';

export { assembleHost } from './raw-host-to-scenario.js';
export { rawFromIpJson } from './host-from-ip.js';
export { parseFibTrie, rawFromProc, type ProcInput } from './host-from-proc.js';
export {
  CaptureError,
  DEFAULT_KERNEL_ADDRLABELS,
  type CapturedHost,
  type CaptureOptions,
  type CaptureSource,
  type RawAddress,
  type RawHost,
  type RawLink,
  type RawRoute,
} from './raw-host.js';

export function captureLinuxHost(options: CaptureOptions = {}): CapturedHost {
  const source = options.source ?? 'auto';
  if (process.platform !== 'linux' && !options.procRoot) throw new CaptureError(`capturing the live host needs Linux, not ${process.platform}`);
  if (source === 'proc') return assembleHost(captureWithProc(options));
  try {
    return assembleHost(captureWithIp(options));
  } catch (e) {
    if (source === 'ip' || !(e instanceof CaptureError)) throw e;
    const out = assembleHost(captureWithProc(options));
    out.warnings.unshift(`\`ip\` could not be used (${e.message}); read /proc instead`);
    return out;
  }
}
