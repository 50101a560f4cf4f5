// Listener checks on this host, for real: bind each address on an ephemeral port and close it
// at once (a TCP listen socket; nothing is sent or accepted). A wildcard IPv6 listener that
// should also receive IPv4 is confirmed by binding 0.0.0.0 on the same port: EADDRINUSE means
// the IPv6 socket holds the IPv4 side too.
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { formatIp } from '../address/format.js';
import type { ListenSpec } from '../listen/bind-check.js';

export interface LiveBind {
  readonly binds: boolean;
  readonly errno: string | null;
  /** For `::` bound without IPV6_V6ONLY: whether 0.0.0.0 on the same port was taken by it. */
  readonly receivesIpv4: boolean | null;
}

/** What the kernel says about IPv6 and wildcard sockets (`/proc/sys/net/ipv6`). */
export function liveListenSysctls(procRoot = '/proc'): { kernelIpv6: boolean; bindv6only: boolean } {
  const dir = `${procRoot}/sys/net/ipv6`;
  if (!existsSync(dir)) return { kernelIpv6: false, bindv6only: false };
  let bindv6only = false;
  try {
    bindv6only = readFileSync(`${dir}/bindv6only`, 'utf8').trim() === '1';
  } catch {
    // unreadable: the kernel default
  }
  return { kernelIpv6: true, bindv6only };
}

function listen(host: string, port: number, ipv6Only: boolean): Promise<{ server: Server; port: number } | { errno: string }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve({ errno: e.code ?? 'EINVAL' }));
    server.listen({ host, port, ipv6Only, exclusive: true }, () => {
      const a = server.address();
      resolve({ server, port: typeof a === 'object' && a ? a.port : port });
    });
  });
}

const close = (s: Server) => new Promise<void>((resolve) => s.close(() => resolve()));

/** Binds `spec`'s address (port 0: the kernel picks one) with IPV6_V6ONLY as `v6only` says. */
export async function bindLive(spec: ListenSpec, v6only: boolean): Promise<LiveBind> {
  const host = formatIp(spec.address);
  const first = await listen(host, 0, spec.address.family === 6 && v6only);
  if ('errno' in first) return { binds: false, errno: first.errno, receivesIpv4: null };
  let receivesIpv4: boolean | null = null;
  if (spec.address.family === 6 && spec.address.bytes.every((b) => b === 0)) {
    if (v6only) receivesIpv4 = false;
    else {
      const second = await listen('0.0.0.0', first.port, false);
      if ('errno' in second) receivesIpv4 = second.errno === 'EADDRINUSE';
      else {
        receivesIpv4 = false;
        await close(second.server);
      }
    }
  }
  await close(first.server);
  return { binds: true, errno: null, receivesIpv4 };
}
