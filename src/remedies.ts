// What works where gai.conf does not: per implementation (a profile that never reads the file)
// and per program (Node, Java, the server side). Shared by the simulate hint and synthesize's
// remedies, and worded for the host in question: where IPv6 is off, nothing that needs IPv6.
import type { ProfileName } from './order/facts.js';

const PROFILE_REMEDY: Partial<Record<ProfileName, string>> = {
  musl: "musl (Alpine) ignores /etc/gai.conf and always sorts with RFC 6724's table (IPv4 35 beats ULA 3; a ULA source loses Rule 5 against global IPv6, labels 13 vs 1): build on a glibc-based image (debian:bookworm-slim, ubuntu), or give the host a global IPv6 address instead of a ULA",
  go: "Go's built-in resolver ignores /etc/gai.conf and sorts with RFC 6724's table: build with cgo and run with GODEBUG=netdns=cgo on a glibc system to make it follow the file, or change the addresses (a global IPv6 address instead of a ULA, a working IPv6 path)",
  rfc6724: "This profile is RFC 6724 with its fixed default table and reads no /etc/gai.conf: change the implementation's own policy table (e.g. ip6addrctl on FreeBSD), or use glibc",
  'rfc6724-update': "This profile is the RFC 6724 update with its fixed default table and reads no /etc/gai.conf: change the implementation's own policy table, or use glibc",
  windows: 'Windows ignores /etc/gai.conf: change its prefix policy table with "netsh interface ipv6 set prefixpolicy" (or add one with "add prefixpolicy")',
  freebsd: "FreeBSD's libc takes its policy table from the kernel, not /etc/gai.conf: set it with ip6addrctl(8) (ip6addrctl_policy in rc.conf)",
};

/** What changes the order for a profile that does not read /etc/gai.conf. */
export function profileRemedy(profile: ProfileName): string {
  return PROFILE_REMEDY[profile] ?? `the ${profile} profile does not read /etc/gai.conf: change that implementation's own policy, or use glibc`;
}

/** The one remedy where IPv6 is off: no IPv6 advice, the way to turn it on, listeners on IPv4. */
export const IPV6_OFF =
  'IPv6 is off on this host (disabled, not in the kernel, or no address but ::1): no program here connects over IPv6 until it is enabled (sysctl net.ipv6.conf.all.disable_ipv6=0, or a kernel booted without ipv6.disable=1); a server here listens on IPv4 (gaiconf listen 0.0.0.0:PORT)';

const LISTEN_BOTH = "make the server listen on both families (0.0.0.0 and [::], or [::] with IPV6_V6ONLY off; gaiconf listen '[::]:PORT' 0.0.0.0:PORT --server NAME checks what binds here)";

/** Per-program ways to get the wanted family first, none of which needs IPv6 where it is off. */
export function programRemedies(want: 'ipv4' | 'ipv6' | 'any', ipv6Off: boolean): string[] {
  if (ipv6Off) {
    const off = IPV6_OFF;
    if (want === 'ipv6') return [off];
    return [
      "Node.js: node --dns-result-order=ipv4first (or dns.setDefaultResultOrder('ipv4first')); Java already prefers IPv4 (java.net.preferIPv6Addresses left unset)",
      'connect to the IPv4 address literal',
      off,
    ];
  }
  if (want === 'ipv4')
    return [
      "Node.js: node --dns-result-order=ipv4first (or dns.setDefaultResultOrder('ipv4first')); Node ≥ 17 otherwise keeps the resolver's order",
      'Java prefers IPv4 unless -Djava.net.preferIPv6Addresses=true is set: leave it unset (or =false)',
      `connect to the IPv4 address literal, or ${LISTEN_BOTH}`,
    ];
  if (want === 'ipv6')
    return [
      "Node.js: node --dns-result-order=ipv6first (or dns.setDefaultResultOrder('ipv6first'); ipv6first needs Node ≥ 22.1 or 20.13)",
      'Java: -Djava.net.preferIPv6Addresses=true (Java prefers IPv4 by default)',
      `connect to the IPv6 address literal, or ${LISTEN_BOTH}`,
    ];
  return [
    'per program: connect to the wanted address literal; Node.js --dns-result-order=ipv4first|ipv6first; Java -Djava.net.preferIPv6Addresses=true|false',
    `${LISTEN_BOTH}, so either order works`,
  ];
}
