// Can a server bind ADDR[:PORT] on this host, and does a listener on `[::]` also get IPv4?
// The kernel's rules (net/ipv4/af_inet.c inet_bind, net/ipv6/af_inet6.c inet6_bind): an IPv4
// address must be local (table `local`: own addresses, 127/8, AnyIP routes) or the wildcard;
// an IPv6 one must be assigned to an interface (AnyIP needs IP_FREEBIND) or be `::`, which
// binds even with disable_ipv6 on every interface. Only a kernel without IPv6
// (ipv6.disable=1) refuses the AF_INET6 socket itself: EAFNOSUPPORT.
import { formatIp } from '../address/format.js';
import { isLinkLocal6, isUnspecified4, isUnspecified6 } from '../address/classify.js';
import { isV4Mapped, parseIp, type Ip } from '../address/ip.js';
import { matchesPrefix } from '../address/prefix.js';
import type { Host } from '../host/model.js';
import { RT_TABLE } from '../host/model.js';
import { SERVERS, type ServerName } from './servers.js';

export interface ListenSpec {
  /** As written: `[::]:80`, `0.0.0.0:8080`, `::1`, `*:80`, `80`. */
  readonly text: string;
  readonly address: Ip;
  readonly port: number | null;
}

export interface ListenOutcome {
  readonly listen: string;
  readonly address: string;
  readonly port: number | null;
  readonly family: 4 | 6;
  /** Whether bind() succeeds, and its errno when not. */
  readonly binds: boolean;
  readonly errno: string | null;
  /** A wildcard IPv6 listener that also receives IPv4 (IPV6_V6ONLY 0); null for other listeners. */
  readonly receivesIpv4: boolean | null;
  /** Whether IPv6 traffic can reach it (an interface with IPv6 up). */
  readonly receivesIpv6: boolean | null;
  readonly why: string;
  /** What to write instead, in the server's terms; null when nothing needs to change. */
  readonly advice: string | null;
}

export interface ListenContext {
  readonly server: ServerName;
  /** net.ipv6.bindv6only (default false). */
  readonly bindv6only: boolean;
  /** false: no IPv6 in the kernel at all (ipv6.disable=1: no /proc/sys/net/ipv6). */
  readonly kernelIpv6: boolean;
}

/** `[v6]:port`, `v6`, `v4:port`, `v4`, `*:port`, `:port` or `port` (the IPv4 wildcard, as nginx reads `listen 80`). */
export function parseListen(text: string): ListenSpec | { error: string } {
  const t = text.trim();
  const port = (p: string): number | null | undefined => (p === '' ? undefined : /^(0|[1-9][0-9]{0,4})$/.test(p) && Number(p) <= 65535 ? Number(p) : undefined);
  let host: string;
  let portNum: number | null = null;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(t);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2] !== undefined) {
      const p = port(bracket[2]);
      if (p === undefined) return { error: `${JSON.stringify(text)}: the port must be 0–65535` };
      portNum = p;
    }
  } else if (/^\d+$/.test(t)) {
    host = '0.0.0.0';
    const p = port(t);
    if (p === undefined) return { error: `${JSON.stringify(text)}: the port must be 0–65535` };
    portNum = p;
  } else if (t.includes(':') && t.indexOf(':') !== t.lastIndexOf(':')) {
    host = t; // a bare IPv6 address: no port without brackets
  } else {
    const colon = t.lastIndexOf(':');
    host = colon < 0 ? t : t.slice(0, colon);
    if (colon >= 0) {
      const p = port(t.slice(colon + 1));
      if (p === undefined) return { error: `${JSON.stringify(text)}: the port must be 0–65535` };
      portNum = p;
    }
    if (host === '*' || host === '') host = '0.0.0.0';
  }
  if (host.includes('%')) return { error: `${JSON.stringify(text)}: a zone index (%eth0) is not modelled; name a global address or the wildcard` };
  const address = parseIp(host);
  if (!address) return { error: `${JSON.stringify(text)}: ${JSON.stringify(host)} is not an IP address (write [::]:80, 0.0.0.0:80, ::1 or 192.0.2.1:8080)` };
  return { text, address, port: portNum };
}

function ipv6Reachable(host: Host): boolean {
  return host.interfaces.some((i) => i.up && i.ipv6 && !i.loopback) || host.addresses.some((a) => a.ip.family === 6);
}

function localIpv4(host: Host, ip: Ip): boolean {
  // inet_addr_type in table local: RTN_LOCAL, or a broadcast/multicast address.
  return host.routes.some((r) => r.family === 4 && r.table === RT_TABLE.local && (r.type === 'local' || r.type === 'broadcast') && matchesPrefix(ip.bytes, r.prefix, r.length));
}

function assignedIpv6(host: Host, ip: Ip): boolean {
  return host.addresses.some((a) => a.ip.family === 6 && a.ip.bytes.every((b, i) => b === ip.bytes[i]));
}

export function checkListen(host: Host, spec: ListenSpec, ctx: ListenContext): ListenOutcome {
  const server = SERVERS[ctx.server];
  const v4 = spec.address.family === 4;
  const b = spec.address.bytes;
  const base = { listen: spec.text, address: formatIp(spec.address), port: spec.port, family: spec.address.family };
  const ipv4Listener = `listen on IPv4 instead: ${server.ipv4Listener}`;
  if (v4) {
    if (isUnspecified4(b) || localIpv4(host, spec.address))
      return { ...base, binds: true, errno: null, receivesIpv4: null, receivesIpv6: null, why: isUnspecified4(b) ? 'the IPv4 wildcard always binds' : 'a local IPv4 address (table local has it)', advice: null };
    return { ...base, binds: false, errno: 'EADDRNOTAVAIL', receivesIpv4: null, receivesIpv6: null, why: 'not an address of this host (no local route for it); bind() needs an own address, the wildcard, or net.ipv4.ip_nonlocal_bind=1', advice: 'listen on 0.0.0.0, or on an address the host has' };
  }
  if (!ctx.kernelIpv6) {
    return {
      ...base,
      binds: false,
      errno: 'EAFNOSUPPORT',
      receivesIpv4: null,
      receivesIpv6: null,
      why: 'the kernel has no IPv6 at all (booted with ipv6.disable=1: no /proc/sys/net/ipv6), so socket(AF_INET6) itself fails',
      advice: ipv4Listener,
    };
  }
  const v6only = server.v6only ?? ctx.bindv6only;
  const v6only_why = server.v6only === null ? `net.ipv6.bindv6only is ${ctx.bindv6only ? 1 : 0}` : server.source;
  if (isUnspecified6(b)) {
    const six = ipv6Reachable(host);
    const why = `\`::\` binds whenever the kernel has IPv6${six ? '' : ' (even with disable_ipv6 on every interface, when no IPv6 can arrive)'}; it ${v6only ? 'does not receive' : 'also receives'} IPv4 (${v6only_why})`;
    let advice: string | null = null;
    if (v6only && !six) advice = `nothing can reach this listener: ${ipv4Listener}`;
    else if (v6only) advice = `IPv4 clients need a second listener: ${server.ipv4Listener}; or one dual-stack listener: ${server.dualStackListener}`;
    return { ...base, binds: true, errno: null, receivesIpv4: !v6only, receivesIpv6: six, why, advice };
  }
  if (isV4Mapped(b)) {
    const mapped: Ip = { family: 4, bytes: b };
    if (v6only) return { ...base, binds: false, errno: 'EINVAL', receivesIpv4: null, receivesIpv6: null, why: `a v4-mapped address on an IPV6_V6ONLY socket (${v6only_why})`, advice: `listen on ${formatIp(mapped)} instead` };
    const ok = isUnspecified4(b) || localIpv4(host, mapped);
    return { ...base, binds: ok, errno: ok ? null : 'EADDRNOTAVAIL', receivesIpv4: ok, receivesIpv6: false, why: ok ? 'a v4-mapped local address: IPv4 only' : 'the mapped IPv4 address is not local', advice: ok ? null : 'listen on 0.0.0.0, or on an address the host has' };
  }
  if (isLinkLocal6(b)) return { ...base, binds: false, errno: 'EINVAL', receivesIpv4: null, receivesIpv6: null, why: 'a link-local address needs a scope id (the interface)', advice: 'give the interface (fe80::1%eth0), or listen on ::' };
  if (assignedIpv6(host, spec.address)) return { ...base, binds: true, errno: null, receivesIpv4: null, receivesIpv6: true, why: 'an address assigned to an interface', advice: null };
  const loopback = b.every((x, i) => x === (i === 15 ? 1 : 0));
  return {
    ...base,
    binds: false,
    errno: 'EADDRNOTAVAIL',
    receivesIpv4: null,
    receivesIpv6: null,
    why: loopback ? '::1 is gone: IPv6 is disabled on lo (or everywhere) by sysctl' : 'not assigned to any interface (IPv6 bind needs an assigned address; AnyIP routes do not count without IP_FREEBIND)',
    advice: loopback ? `listen on 127.0.0.1 instead, or on :: (which still binds)` : 'listen on ::, or on an address the host has',
  };
}
